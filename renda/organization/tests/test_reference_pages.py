"""承办单位 and 代表联络站 kept by staff from pages (issue 13: reference data out of the Django admin):
create, change, 停用, the history with the reason, and the refusals — a taken name, a loop of parent
units, a deputy or a record of another congress, a user who is not staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization import reference
from renda.organization.models import HandlingUnit, LiaisonPoint, LiaisonStation, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return f.UserFactory(role=User.Role.STAFF, username="ref_staff", congress=f.CongressFactory())


def _other_congress():
    return f.CongressFactory(region_code="990300", name="他市人民代表大会", region_name="他市")


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_add_a_unit_from_the_menu_change_it_and_deactivate_it_with_history(staff):
    # given staff on their home page
    c = _client(staff)
    assert reverse("organization:units") in c.get(reverse("home")).content.decode()
    # when they add a unit, then rename it and untick 有效
    new = {"name": "市数据局", "kind": "government_department", "is_active": "on"}  # the box is ticked on a new unit
    r = c.post(reverse("organization:unit-new"), new, follow=True)
    assert "已保存承办单位“市数据局”" in r.content.decode()
    unit = HandlingUnit.objects.get(name="市数据局")
    c.post(
        reverse("organization:unit-edit", args=[unit.pk]),
        {"name": "市政务服务和数据管理局", "kind": "government_department", "contact_name": "李科长"},
    )
    # then the unit is changed and no longer active, and its history names each change and who made it
    unit.refresh_from_db()
    assert (unit.name, unit.contact_name, unit.is_active, unit.congress_id) == (
        "市政务服务和数据管理局", "李科长", False, staff.congress_id,
    )  # fmt: skip
    reasons = list(unit.history.order_by("history_date").values_list("history_change_reason", "history_user_id"))
    assert reasons == [("新增承办单位", staff.pk), ("停用承办单位", staff.pk)]
    page = c.get(reverse("organization:unit-edit", args=[unit.pk])).content.decode()
    assert "停用承办单位" in page and "新增承办单位" in page


def test_a_taken_unit_name_is_refused_with_a_chinese_message_and_nothing_changes(staff):
    # given a unit
    f.HandlingUnitFactory(congress=staff.congress, name="市教育局")
    # when staff add another of the same name on the page
    r = _client(staff).post(reverse("organization:unit-new"), {"name": "市教育局", "kind": "government_department"})
    # then the page says so and there is still one
    assert r.status_code == 200 and "本级人大已有名为“市教育局”的承办单位" in r.content.decode()
    assert HandlingUnit.objects.filter(name="市教育局").count() == 1


def test_a_parent_unit_may_not_make_a_loop_or_come_from_another_congress(staff):
    # given a unit with a sub-unit, and a unit of another congress
    top = f.HandlingUnitFactory(congress=staff.congress, name="市政府办公室")
    sub = f.HandlingUnitFactory(congress=staff.congress, name="市政府研究室", parent=top)
    foreign = f.HandlingUnitFactory(congress=_other_congress(), name="他市教育局")
    data = dict(name="市政府办公室", kind="government_department")
    # when the top unit is put under its own sub-unit, or under the foreign unit
    # then each is refused
    with pytest.raises(RuleViolation, match="上级单位不能是本单位或其下级单位"):
        reference.unit_save(actor=staff, unit=top, data=reference.UnitData(**data, parent=sub))
    with pytest.raises(RuleViolation, match="上级单位不属于本级人大"):
        reference.unit_save(actor=staff, unit=top, data=reference.UnitData(**data, parent=foreign))
    top.refresh_from_db()
    assert top.parent is None


def test_staff_add_a_station_with_deputies_and_a_point(staff):
    # given two deputies of the congress
    term = f.TermFactory(congress=staff.congress)
    d1, d2 = f.DeputyFactory(term=term, name="王一"), f.DeputyFactory(term=term, name="李二")
    c = _client(staff)
    # when staff add a station with both deputies, then a point with one of them
    r = c.post(
        reverse("organization:station-new"),
        {"name": "平城区第9人大代表联络站", "district": "平城区", "address": "新建路1号", "deputies": [d1.pk, d2.pk]},
        follow=True,
    )
    station = LiaisonStation.objects.get(name="平城区第9人大代表联络站")
    assert r.status_code == 200 and set(station.deputies.all()) == {d1, d2}
    c.post(reverse("organization:point-new", args=[station.pk]), {"name": "幸福社区联络点", "deputies": [d2.pk]})
    # then the point belongs to the station with its deputy, and both are listed on the station's page
    point = LiaisonPoint.objects.get(station=station)
    assert list(point.deputies.all()) == [d2]
    page = c.get(reverse("organization:station-edit", args=[station.pk])).content.decode()
    assert "幸福社区联络点" in page and "新增联络站" in page
    listing = c.get(reverse("organization:stations")).content.decode()
    assert "平城区第9人大代表联络站" in listing


def test_a_deputy_of_another_congress_is_refused_at_a_station(staff):
    # given a deputy of another congress
    foreign = f.DeputyFactory(term=f.TermFactory(congress=_other_congress()))
    # when staff put him on a station of theirs
    # then it is refused
    with pytest.raises(RuleViolation, match="所选代表不属于本级人大"):
        reference.station_save(
            actor=staff, station=None, data=reference.StationData(name="站", district="区", deputies=[foreign])
        )
    assert not LiaisonStation.objects.exists()


def test_records_of_another_congress_are_not_found_and_others_may_not_keep_reference_data(staff):
    # given a unit and a station of another congress, and a unit officer of the staff's congress
    other = _other_congress()
    unit = f.HandlingUnitFactory(congress=other, name="他市教育局")
    station = f.LiaisonStationFactory(congress=other)
    officer = f.UserFactory(
        role=User.Role.UNIT_OFFICER, username="ref_unit", congress=staff.congress,
        handling_unit=f.HandlingUnitFactory(congress=staff.congress, name="市教育局"),
    )  # fmt: skip
    # when staff open them, and the officer opens the lists or saves
    c = _client(staff)
    # then staff get 404 for the other congress's records, the officer 403 and a refusal
    assert c.get(reverse("organization:unit-edit", args=[unit.pk])).status_code == 404
    assert c.get(reverse("organization:station-edit", args=[station.pk])).status_code == 404
    assert c.get(reverse("organization:point-new", args=[station.pk])).status_code == 404
    assert _client(officer).get(reverse("organization:units")).status_code == 403
    assert _client(officer).get(reverse("organization:stations")).status_code == 403
    with pytest.raises(PermissionDeniedError):
        reference.unit_save(actor=officer, unit=None, data=reference.UnitData(name="x", kind="other"))
    with pytest.raises(PermissionDeniedError):
        reference.unit_save(actor=staff, unit=unit, data=reference.UnitData(name="x", kind="other"))


def test_unit_list_filters_by_text_kind_and_state(staff):
    # given units of two kinds, one inactive
    f.HandlingUnitFactory(congress=staff.congress, name="市中级人民法院", kind="court")
    f.HandlingUnitFactory(congress=staff.congress, name="市教育局", kind="government_department", is_active=False)
    c = _client(staff)
    # when the list is filtered
    by_kind = c.get(reverse("organization:units"), {"kind": "court"}).content.decode()
    inactive = c.get(reverse("organization:units"), {"active": "0"}).content.decode()
    junk = c.get(reverse("organization:units"), {"kind": "nonsense", "active": "x", "page": "abc"})
    # then each shows what it asked for, and junk filters are ignored, not a 500
    assert "市中级人民法院" in by_kind and "市教育局" not in by_kind
    assert "市教育局" in inactive and "市中级人民法院" not in inactive
    assert junk.status_code == 200
