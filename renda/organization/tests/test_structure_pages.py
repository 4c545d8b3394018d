"""届次、会次、代表团、专业小组、机构和组成人员、政府领导分工 kept by staff from pages (issue 13: reference data out of
the Django admin): each page's allowed case and its refusals — a taken name, dates out of order, a term
overlapping another, an id of another congress in the POST, an overlapping seat, a user who is not staff —
each a Chinese message, never a 500, and nothing changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.meetings.selectors import roster_for
from renda.organization import structure
from renda.organization.models import (
    Body,
    Delegation,
    Deputy,
    Membership,
    Official,
    ProfessionalGroup,
    Session,
    Term,
    User,
)
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def term():
    return f.TermFactory(congress=f.CongressFactory(), start_year=2024, end_year=2028)


@pytest.fixture
def staff(term):
    return f.UserFactory(role=User.Role.STAFF, username="st_staff", congress=term.congress)


def _other_term():
    other = f.CongressFactory(region_code="990300", name="他市人民代表大会", region_name="他市")
    return f.TermFactory(congress=other, ordinal=16)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(user, name, data, *args):
    return _client(user).post(reverse(f"organization:{name}", args=args), data)


# ---------------------------------------------------------------------------------------------- hub


def test_staff_reach_every_structure_page_from_the_hub_and_others_are_refused(staff, term):
    # given staff, a deputy login and a staff login bound to no congress
    deputy_user = f.UserFactory(role=User.Role.DEPUTY, username="st_dep", deputy=f.DeputyFactory(term=term))
    loose = f.UserFactory(role=User.Role.STAFF, username="st_loose", congress=None)
    # when staff open the home page and then 基础数据
    home = _client(staff).get(reverse("home")).content.decode()
    hub = _client(staff).get(reverse("organization:reference")).content.decode()
    # then the hub is in their menu and links every list
    assert reverse("organization:reference") in home
    for name in ("terms", "bodies", "delegations", "groups", "officials", "units", "stations", "deputy-directory"):
        assert reverse(f"organization:{name}") in hub, name
    # and the others get 403 on every structure page
    for user in (deputy_user, loose):
        for name in ("reference", "terms", "bodies", "delegations", "groups", "officials", "term-new"):
            assert _client(user).get(reverse(f"organization:{name}")).status_code == 403, (user, name)


# ---------------------------------------------------------------------------------------------- terms


def test_a_term_is_added_from_the_page_and_one_overlapping_another_is_refused(staff, term):
    # when staff add the 17th term starting in the year the 16th ends (shared boundary year: allowed)
    r = _post(staff, "term-new", {"ordinal": 17, "start_year": 2028, "end_year": 2033})
    assert r.status_code == 302
    assert Term.objects.filter(congress=staff.congress, ordinal=17, start_year=2028).exists()
    # when an 18th term reaching into the 17th's years is entered
    r = _post(staff, "term-new", {"ordinal": 18, "start_year": 2030, "end_year": 2035})
    # then it is refused in Chinese and nothing is added
    assert r.status_code == 200 and "起止年份与第17届（2028—2033年）重叠" in r.content.decode()
    assert not Term.objects.filter(ordinal=18).exists()


def test_a_term_ending_before_it_starts_or_taking_a_used_ordinal_is_refused(staff, term):
    # when the end year is before the start, or the ordinal is the 16th's
    r1 = _post(staff, "term-new", {"ordinal": 19, "start_year": 2045, "end_year": 2040})
    r2 = _post(staff, "term-new", {"ordinal": 16, "start_year": 2050, "end_year": 2054})
    # then each page says why and no term is added
    assert "届满年不能早于起始年" in r1.content.decode()
    assert "本级人大已有第16届" in r2.content.decode()
    assert Term.objects.filter(congress=staff.congress).count() == 1


def test_a_term_ordinal_in_full_width_or_other_digits_is_refused_as_int_would_take_it(staff, term):
    # when the ordinal is typed in full-width or Arabic-Indic digits (``int()`` reads both as 17)
    for typed in ("１７", "١٧"):
        r = _post(staff, "term-new", {"ordinal": typed, "start_year": 2029, "end_year": 2033})
        # then the page asks for a whole number and no term is added
        assert r.status_code == 200 and "请输入整数" in r.content.decode()
    # while ASCII digits are taken
    assert _post(staff, "term-new", {"ordinal": "17", "start_year": 2029, "end_year": 2033}).status_code == 302
    assert list(Term.objects.filter(congress=staff.congress).values_list("ordinal", flat=True).order_by("ordinal")) == [
        16,
        17,
    ]


def test_another_congress_term_cannot_be_edited_from_the_page_or_the_service(staff):
    # given a term of another congress
    foreign = _other_term()
    # when staff open it or call the service
    assert _client(staff).get(reverse("organization:term-edit", args=[foreign.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        structure.term_save(actor=staff, term=foreign, data=structure.TermData(16, 2024, 2028))


# -------------------------------------------------------------------------------------------- sessions


def test_b6_a_session_is_added_and_a_closed_session_keeps_its_cutoff(staff, term):
    # when staff add the 1st session of the term
    data = {"ordinal": 1, "opening_date": "2024-01-08", "closing_date": "2024-01-12",
            "submission_cutoff": "2024-01-10T12:00"}  # fmt: skip
    assert _post(staff, "session-new", data, term.pk).status_code == 302
    session = Session.objects.get(term=term, ordinal=1)
    assert timezone.localtime(session.submission_cutoff).hour == 12
    # when the closed session's cutoff is moved (B6: bills were accepted against it)
    r = _post(staff, "session-edit", {**data, "submission_cutoff": "2024-01-11T12:00"}, term.pk, session.pk)
    # then it is refused and the cutoff stays
    assert "会议已经闭幕，开闭幕日期和议案截止时间不能再改" in r.content.decode()
    session.refresh_from_db()
    assert session.submission_cutoff == datetime(2024, 1, 10, 12, 0, tzinfo=SHANGHAI)


def test_a_session_closing_before_it_opens_is_refused(staff, term):
    data = {"ordinal": 2, "opening_date": "2030-03-18", "closing_date": "2030-03-10",
            "submission_cutoff": "2030-03-15T12:00"}  # fmt: skip
    r = _post(staff, "session-new", data, term.pk)
    assert "闭幕日期不能早于开幕日期" in r.content.decode()
    assert not Session.objects.filter(ordinal=2).exists()


# ----------------------------------------------------------------------------------- delegations, groups


def test_a_delegation_is_added_and_a_taken_name_or_a_foreign_term_id_is_refused(staff, term):
    # when staff add a delegation
    assert (
        _post(staff, "delegation-new", {"term": term.pk, "name": "平城区代表团", "district": "平城区"}).status_code
        == 302
    )
    # when they add one of the same name, or post another congress's term id
    r1 = _post(staff, "delegation-new", {"term": term.pk, "name": "平城区代表团", "district": "平城区"})
    r2 = _post(staff, "delegation-new", {"term": _other_term().pk, "name": "他区代表团", "district": "他区"})
    # then each is refused in Chinese, and there is still one
    assert "第16届已有名为“平城区代表团”的代表团" in r1.content.decode()
    assert "请选择本级人大的届次" in r2.content.decode()
    assert list(Delegation.objects.values_list("name", flat=True)) == ["平城区代表团"]


def test_a_group_is_renamed_and_a_taken_name_is_refused(staff, term):
    a = f.ProfessionalGroupFactory(term=term, name="法制专业小组")
    f.ProfessionalGroupFactory(term=term, name="财政经济专业小组")
    assert _post(staff, "group-edit", {"term": term.pk, "name": "法制和监察专业小组"}, a.pk).status_code == 302
    r = _post(staff, "group-edit", {"term": term.pk, "name": "财政经济专业小组"}, a.pk)
    assert "第16届已有名为“财政经济专业小组”的专业小组" in r.content.decode()
    a.refresh_from_db()
    assert a.name == "法制和监察专业小组"


def test_a_deputys_delegation_and_groups_are_set_from_the_directory_with_history(staff, term):
    # given a deputy, another delegation and a group of the term, and a group of another congress
    deputy = f.DeputyFactory(term=term)
    moved_to = f.DelegationFactory(term=term, name="云冈区代表团")
    group = f.ProfessionalGroupFactory(term=term, name="教科文卫专业小组")
    foreign = f.ProfessionalGroupFactory(term=_other_term(), name="他市小组")
    # the directory links staff to the page
    assert reverse("organization:deputy-assign", args=[deputy.pk]) in _client(staff).get(
        reverse("organization:deputy-directory")).content.decode()  # fmt: skip
    # when staff post a foreign group: refused, nothing changes
    r = _post(staff, "deputy-assign", {"delegation": moved_to.pk, "groups": [foreign.pk]}, deputy.pk)
    assert "请选择该代表所在届次的专业小组" in r.content.decode()
    assert Deputy.objects.get(pk=deputy.pk).delegation_id != moved_to.pk
    # when they move the deputy and add the group
    assert (
        _post(staff, "deputy-assign", {"delegation": moved_to.pk, "groups": [group.pk]}, deputy.pk).status_code == 302
    )
    # then both are set and the history names the change and who made it
    deputy.refresh_from_db()
    assert deputy.delegation == moved_to and list(deputy.professional_groups.all()) == [group]
    last = deputy.history.order_by("-history_date").first()
    assert (last.history_change_reason, last.history_user_id) == ("调整代表团和专业小组", staff.pk)


# ---------------------------------------------------------------------------------------------- bodies


def test_a_body_is_added_and_a_presidium_needs_a_session_of_its_term(staff, term):
    # when staff add a special committee
    r = _post(staff, "body-new", {"term": term.pk, "kind": "special_committee", "name": "监察和司法委员会"})
    assert r.status_code == 302
    assert Body.objects.get(name="监察和司法委员会").session is None
    # when they add a Presidium without a session, or with a session of another congress
    foreign_session = f.SessionFactory(term=_other_term())
    r1 = _post(staff, "body-new", {"term": term.pk, "kind": "presidium", "name": "主席团"})
    r2 = _post(
        staff, "body-new", {"term": term.pk, "kind": "presidium", "name": "主席团", "session": foreign_session.pk}
    )
    # then each is refused
    assert "主席团和议案审查委员会应选择本届的一次会议" in r1.content.decode()
    assert "请选择本级人大的会次" in r2.content.decode()
    assert not Body.objects.filter(kind="presidium").exists()


def _standing_committee(term, members=3):
    body = f.BodyFactory(term=term, name="常务委员会", kind=Body.Kind.STANDING_COMMITTEE)
    seats = [f.MembershipFactory(body=body, started_on=date(2024, 1, 10)) for _ in range(members)]
    return body, seats


def test_v3_adding_and_ending_members_keeps_the_roster_a_meeting_counts_against(staff, term):
    # given a Standing Committee of 3 and a deputy of the term not on it
    body, seats = _standing_committee(term)
    newcomer = f.DeputyFactory(term=term, name="新委员")
    day = timezone.localdate()
    # when staff seat the newcomer today and end another's seat today, from the body's page
    r = _post(staff, "body-members", {"deputy": newcomer.pk, "role": "member", "started_on": day.isoformat()}, body.pk)
    assert r.status_code == 302
    r = _post(staff, "member-end", {"ended_on": day.isoformat(), "reason": "辞职"}, body.pk, seats[0].pk)
    assert r.status_code == 302

    # then today both count (a seat counts on its last day), tomorrow the ended one no longer does
    def meeting_roster(on):
        at = datetime.combine(on, datetime.min.time().replace(hour=9), tzinfo=SHANGHAI)
        return len(roster_for(kind="standing_committee", term=term, body=body, on=at))

    tomorrow = day + timedelta(days=1)
    assert structure.roster_size(body=body, on=day) == meeting_roster(day) == 4
    assert structure.roster_size(body=body, on=tomorrow) == meeting_roster(tomorrow) == 3
    # and the page shows today's figure, the list of bodies the same, and the seat's history the reason
    page = _client(staff).get(reverse("organization:body-members", args=[body.pk])).content.decode()
    assert 'data-testid="member-count">4<' in page
    assert structure.bodies_visible(viewer=staff).get(pk=body.pk).member_count == 4
    reasons = list(seats[0].history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-1] == "终止任职：辞职"


def test_an_overlapping_seat_of_the_same_person_in_the_same_body_is_refused(staff, term):
    # given a current member, and a member whose seat ended on 2025-06-30
    body, seats = _standing_committee(term)
    structure.member_end(actor=staff, membership=seats[1], ended_on=date(2025, 6, 30), reason="免职")
    # when the current member is seated again, or the other from a day inside the ended seat
    r1 = _post(
        staff, "body-members", {"deputy": seats[0].deputy_id, "role": "member", "started_on": "2026-01-01"}, body.pk
    )
    r2 = _post(
        staff, "body-members", {"deputy": seats[1].deputy_id, "role": "member", "started_on": "2025-06-30"}, body.pk
    )
    # then both are refused in Chinese
    assert "已有2024-01-10起的任职（尚未终止），任职期间不能重叠" in r1.content.decode()
    assert "已有2024-01-10起的任职（至2025-06-30），任职期间不能重叠" in r2.content.decode()
    assert Membership.objects.filter(body=body).count() == 3
    # while a seat from the day after the end is allowed
    r3 = _post(
        staff, "body-members", {"deputy": seats[1].deputy_id, "role": "vice_chair", "started_on": "2025-07-01"}, body.pk
    )
    assert r3.status_code == 302 and Membership.objects.filter(body=body).count() == 4


def test_ending_a_seat_before_it_began_or_twice_or_without_a_reason_is_refused(staff, term):
    body, seats = _standing_committee(term)
    seat = seats[0]
    r1 = _post(staff, "member-end", {"ended_on": "2023-12-31", "reason": "免职"}, body.pk, seat.pk)
    r2 = _post(staff, "member-end", {"ended_on": "2025-01-01", "reason": ""}, body.pk, seat.pk)
    assert "终止日期不能早于任职日期（2024-01-10）" in r1.content.decode()
    assert "请填写终止原因" in r2.content.decode()
    seat.refresh_from_db()
    assert seat.ended_on is None
    structure.member_end(actor=staff, membership=seat, ended_on=date(2025, 1, 1), reason="免职")
    with pytest.raises(RuleViolation, match="该任职已于2025-01-01终止"):
        structure.member_end(actor=staff, membership=seat, ended_on=date(2025, 2, 1), reason="免职")


def test_a_deputy_of_another_congress_or_term_cannot_be_seated(staff, term):
    # given a body and deputies of another congress and of another term of this congress
    body, _seats = _standing_committee(term, members=1)
    foreign = f.DeputyFactory(term=_other_term())
    earlier = f.DeputyFactory(term=f.TermFactory(congress=term.congress, ordinal=15, start_year=2019, end_year=2024))
    # when their ids are posted
    for deputy in (foreign, earlier):
        r = _post(staff, "body-members", {"deputy": deputy.pk, "role": "member", "started_on": "2025-01-01"}, body.pk)
        # then the form refuses them and no seat is added
        assert "请选择本届在任代表" in r.content.decode()
    with pytest.raises(RuleViolation, match="所选代表不是该机构所在届次的代表"):
        structure.member_add(actor=staff, body=body, deputy=earlier, role="member", started_on=date(2025, 1, 1))
    assert Membership.objects.filter(body=body).count() == 1
    # nor may a start date fall outside the term
    with pytest.raises(RuleViolation, match="任职日期应在第16届任期内"):
        structure.member_add(actor=staff, body=body, deputy=f.DeputyFactory(term=term), role="member",
                             started_on=date(2031, 1, 1))  # fmt: skip


def test_the_members_list_filters_by_name_and_by_current_or_ended(staff, term):
    body, seats = _standing_committee(term)
    structure.member_end(actor=staff, membership=seats[2], ended_on=date(2025, 1, 1), reason="调离")
    c = _client(staff)
    url = reverse("organization:body-members", args=[body.pk])
    assert c.get(url).content.decode().count('data-testid="member-row"') == 2
    assert c.get(url, {"show": "ended"}).content.decode().count('data-testid="member-row"') == 1
    assert (
        c.get(url, {"show": "all", "q": seats[0].deputy.name}).content.decode().count('data-testid="member-row"') == 1
    )


# --------------------------------------------------------------------------------------------- officials


def test_an_officials_portfolio_is_set_and_a_foreign_unit_or_taken_name_is_refused(staff, term):
    # given two units of the congress, one of another congress, and a vice-mayor
    mine = [f.HandlingUnitFactory(congress=staff.congress) for _ in range(2)]
    foreign = f.HandlingUnitFactory(congress=_other_term().congress)
    f.OfficialFactory(congress=staff.congress, name="王某", title="副市长")
    # when staff add a vice-mayor leading both units
    data = {"name": "李某", "title": "副市长", "portfolio": [u.pk for u in mine]}
    assert _post(staff, "official-new", data).status_code == 302
    official = Official.objects.get(name="李某")
    assert set(official.portfolio.all()) == set(mine)
    # when a foreign unit is posted, or the same name and title again
    r1 = _post(staff, "official-edit", {**data, "portfolio": [foreign.pk]}, official.pk)
    r2 = _post(staff, "official-edit", {**data, "name": "王某"}, official.pk)
    # then both are refused and the portfolio stays
    assert "分管单位应为本级人大的承办单位" in r1.content.decode()
    assert "已有副市长王某" in r2.content.decode()
    official.refresh_from_db()
    assert (official.name, set(official.portfolio.all())) == ("李某", set(mine))
    # and the list shows the portfolio
    page = _client(staff).get(reverse("organization:officials")).content.decode()
    assert mine[0].name in page


def test_group_names_of_other_congresses_do_not_show_in_the_lists(staff, term):
    f.ProfessionalGroupFactory(term=term, name="本市小组")
    f.ProfessionalGroupFactory(term=_other_term(), name="他市小组")
    page = _client(staff).get(reverse("organization:groups")).content.decode()
    assert "本市小组" in page and "他市小组" not in page
    assert list(structure.groups_visible(viewer=staff).values_list("name", flat=True)) == ["本市小组"]
    assert ProfessionalGroup.objects.count() == 2
