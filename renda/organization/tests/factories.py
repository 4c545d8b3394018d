"""factory-boy factories for the organisation domain (used by every app's tests)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from renda.organization import models as m

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Congress
        django_get_or_create = ["region_code"]

    name = "测试市人民代表大会"
    level = m.Congress.Level.CITY
    region_code = "990100"
    region_name = "测试市"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Term
        django_get_or_create = ["congress", "ordinal"]

    congress = factory.SubFactory(CongressFactory)
    ordinal = 16
    start_year = 2024
    end_year = 2028


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Session
        django_get_or_create = ["term", "ordinal"]

    term = factory.SubFactory(TermFactory)
    ordinal = 3
    opening_date = date(2026, 3, 18)
    closing_date = date(2026, 3, 23)
    submission_cutoff = datetime(2026, 3, 21, 12, 0, tzinfo=SHANGHAI)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Delegation
        django_get_or_create = ["term", "name"]

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"第{n}区代表团")
    district = factory.Sequence(lambda n: f"第{n}区")


class ProfessionalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProfessionalGroup

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"专业小组{n}")


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Deputy

    term = factory.SubFactory(TermFactory)
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"代表{n}")
    gender = m.Deputy.Gender.MALE
    birth_year = 1975
    occupation = "教师"
    delegation = factory.SubFactory(DelegationFactory, term=factory.SelfAttribute("..term"))
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Body

    term = factory.SubFactory(TermFactory)
    kind = m.Body.Kind.STANDING_COMMITTEE
    name = factory.Sequence(lambda n: f"机构{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Membership

    body = factory.SubFactory(BodyFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..body.term"))
    role = m.Membership.Role.MEMBER
    started_on = date(2024, 1, 10)


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HandlingUnit

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"市测试局{n}")
    kind = m.HandlingUnit.Kind.GOVERNMENT_DEPARTMENT
    contact_name = "联系人"
    contact_phone = "13800000000"


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Official

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副市长"


class LiaisonStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LiaisonStation

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"第{n}代表联络站")
    district = "平城区"


class LiaisonPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LiaisonPoint

    station = factory.SubFactory(LiaisonStationFactory)
    name = factory.Sequence(lambda n: f"第{n}联络点")


TEST_PASSWORD = "Test-Password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``role`` and the matching link (``deputy``, ``handling_unit``, ``liaison_station``).

    Every factory user's password is :data:`TEST_PASSWORD`.
    """

    class Meta:
        model = m.User

    username = factory.Sequence(lambda n: f"user{n}")
    role = m.User.Role.STAFF
    congress = factory.SubFactory(CongressFactory)
    password = factory.django.Password(TEST_PASSWORD)
