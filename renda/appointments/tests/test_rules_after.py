"""Tests named by rule id for the rules added after the first build (RULES.md §10 A2, A14, A15, A19, A20
upper approval, A22, A23; §9 M26 joint removal and defence): an allowed and a forbidden or boundary case
each."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from renda.appointments import after, removal, selectors, services
from renda.appointments.models import Appointment, Discipline, OrganUnit, Person, Post, RegisterFiling, Signer, Tenure
from renda.appointments.posts import Organ
from renda.appointments.tests import factories as af
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.models import Notification
from renda.meetings import services as meeting_services
from renda.meetings.models import Meeting
from renda.organization.demo import SHANGHAI
from renda.organization.models import Body, Membership, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db
K, S = Appointment.Kind, Appointment.Status


def _refused(rule: str, fn, **kw):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as err:
        fn(**kw)
    assert err.value.extra.get("rule") == rule, err.value.message
    return err.value


def _later_meeting(w, day: date, number: int = 4) -> Meeting:  # type: ignore[no-untyped-def]
    return meeting_services.meeting_create(
        kind=Meeting.Kind.STANDING_COMMITTEE, term=w["term"], body=w["body"], number=number,
        title=f"第{number}次会议", starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI), actor=w["staff"],
    )  # fmt: skip


def test_a2_mayor_posts_renominated_within_two_months_of_the_new_government_boundary():
    w = af.world()
    af.appoint(w)  # 王建国, 市交通运输局局长 (the mayor's nomination)
    af.appoint(w, name="刘洋", post="市水务局局长")
    af.appoint(w, name="周敏", post="市中级人民法院审判员", post_type="judge", nominator="court_president")
    after.reelection_record(congress=w["congress"], actor=w["staff"], elected_on=date(2026, 5, 1))
    # due = 2026-05-01 + 2 months = 2026-07-01 (D1); the judge continues without re-appointment (A22)
    clock = selectors.reelection_clock(congress_id=w["congress"].pk, today=date(2026, 7, 1))
    assert clock["due"] == date(2026, 7, 1) and clock["pending"] == 2 and not clock["overdue"]
    assert [r["tenure"].person.name for r in clock["rows"]] == ["王建国", "刘洋"]
    assert selectors.reelection_clock(congress_id=w["congress"].pk, today=date(2026, 7, 2))["overdue"]
    july = _later_meeting(w, date(2026, 7, 20))
    on_time = af.nominate(w, meeting=july)
    services.appointment_file(appointment=on_time, actor=w["staff"], filed_on=date(2026, 7, 1))
    late = af.nominate(w, name="刘洋", post="市水务局局长", meeting=july)
    clock = selectors.reelection_clock(congress_id=w["congress"].pk, today=date(2026, 7, 2))
    assert clock["pending"] == 1 and clock["overdue"]
    services.appointment_file(appointment=late, actor=w["staff"], filed_on=date(2026, 7, 2))
    clock = selectors.reelection_clock(congress_id=w["congress"].pk, today=date(2026, 7, 2))
    assert clock["pending"] == 0 and not clock["overdue"]
    assert [r["late"] for r in clock["rows"]] == [False, True]
    # forbidden: the same election recorded twice
    with pytest.raises(RuleViolation):
        after.reelection_record(congress=w["congress"], actor=w["staff"], elected_on=date(2026, 5, 1))


def _failed(w, person: Person, post: Post, meeting: Meeting, day: date) -> Appointment:  # type: ignore[no-untyped-def]
    return Appointment.objects.create(
        congress=w["congress"], kind=K.APPOINT, person=person, post=post, nominator="mayor", status=S.REJECTED,
        adopted_on=day, meeting=meeting, created_by=w["staff"],
    )  # fmt: skip


def test_a14_two_failures_bar_the_post_for_the_same_term_only():
    w = af.world()
    person = Person.objects.create(congress=w["congress"], name="王建国")
    post = Post.objects.create(congress=w["congress"], title="市交通运输局局长", post_type="bureau_head")
    term15 = f.TermFactory(congress=w["congress"], ordinal=15, start_year=2019, end_year=2023)
    old = af.mf.meeting_of(af.mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=3, term=term15),
                           actor=w["staff"], number=30, start=False)  # fmt: skip
    _failed(w, person, post, old, date(2022, 3, 1))
    _failed(w, person, post, old, date(2022, 10, 1))
    # allowed: two failures of the previous term do not bar a nomination in this term
    case = af.nominate(w)
    assert case.status == S.DRAFT
    services.appointment_withdraw(appointment=case, actor=w["staff"], reason="测试")
    # one failure in this term (six months ago) plus the two old ones: still allowed
    _failed(w, person, post, w["meeting"], date(2025, 9, 1))
    case = af.nominate(w)
    assert case.status == S.DRAFT
    services.appointment_withdraw(appointment=case, actor=w["staff"], reason="测试")
    # forbidden: the second failure in this term bars the post for the rest of the term
    _failed(w, person, post, w["meeting"], date(2025, 9, 2))
    err = _refused("A14", af.nominate, w=w)
    assert "本届" in err.message


def test_a15_formal_notice_to_the_organ_within_three_days_boundary(django_capture_on_commit_callbacks):
    w = af.world()
    a = af.appoint(w)  # adopted 2026-03-21: notice due 2026-03-24
    b = af.appoint(w, name="刘洋", post="市水务局局长")
    rows = selectors.notices_pending(congress_id=w["congress"].pk, today=date(2026, 3, 24))
    assert [r["due"] for r in rows] == [date(2026, 3, 24)] * 2 and not any(r["overdue"] for r in rows)
    assert all(r["overdue"] for r in selectors.notices_pending(congress_id=w["congress"].pk, today=date(2026, 3, 25)))
    # forbidden: a notice dated before the adoption, and for a case not adopted
    _refused("A15", after.notice_record, appointment=a, actor=w["staff"], on=date(2026, 3, 20))
    draft = af.nominate(w, name="赵六", post="市商务局局长")
    _refused("A15", after.notice_record, appointment=draft, actor=w["staff"], on=date(2026, 3, 22))
    # allowed: on the third day (on time), and on the fourth (recorded late)
    with django_capture_on_commit_callbacks(execute=True):
        a = after.notice_record(appointment=a, actor=w["staff"], on=date(2026, 3, 24))
    assert a.notified_on == date(2026, 3, 24) and "逾期" not in a.events.get(action="notify").note
    assert Notification.objects.filter(recipient=w["officer"], text__startswith="任免通知").count() == 1
    b = after.notice_record(appointment=b, actor=w["staff"], on=date(2026, 3, 25))
    assert "逾期1日" in b.events.get(action="notify").note
    _refused("A15", after.notice_record, appointment=b, actor=w["staff"], on=date(2026, 3, 26))
    assert selectors.notices_pending(congress_id=w["congress"].pk, today=date(2026, 3, 26)) == []


def test_a19_acting_director_from_the_vice_chairs_secretary_general_from_the_members():
    w = af.world()
    vice = f.DeputyFactory(term=w["term"], name="吴副主任")
    f.MembershipFactory(body=w["body"], deputy=vice, role=Membership.Role.VICE_CHAIR)
    member = Membership.objects.filter(body=w["body"], role=Membership.Role.MEMBER).first().deputy
    kw = dict(kind=K.ACTING, nominator="council", post_type="acting_sc_director", post="代理常委会主任")
    # allowed: a vice chair
    assert af.nominate(w, name="吴副主任", **kw).kind == K.ACTING
    # forbidden: an ordinary member as acting director; the mayor as nominator
    _refused("A19", af.nominate, w=w, name=member.name, **kw)
    _refused("A19", af.nominate, w=w, name="吴副主任", **{**kw, "nominator": "mayor"})
    # the acting secretary-general: any member, not an outsider
    sg = dict(kind=K.ACTING, nominator="council", post_type="acting_sc_secretary_general", post="代理秘书长")
    assert af.nominate(w, name=member.name, **sg).pk
    _refused("A19", af.nominate, w=w, name="局外人", **sg)


def test_a20_chief_procurator_resignation_waits_for_the_upper_level_approval():
    w = af.world(size=10)
    # forbidden: the Standing Committee does not appoint the 检察长 (the congress elects)
    _refused("A20", af.nominate, w=w, name="检察长甲", post="市人民检察院检察长", post_type="chief_procurator",
             nominator="council")  # fmt: skip
    case = af.nominate(w, name="检察长甲", post="市人民检察院检察长", post_type="chief_procurator", kind=K.RESIGN,
                       nominator="self")  # fmt: skip
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    af.vote(w, case.poll, yes=10)
    case = services.appointment_record_vote(appointment=case, actor=w["staff"])
    # passed, but not in effect: waiting between the vote and the register / the published list
    assert case.status == S.AWAITING and case.adopted_on is None and case.voted_on == af.MEETING_DAY
    assert selectors.public_cases().count() == 0 and selectors.figures(congress_id=w["congress"].pk, year=2026)[
        "appointed_or_removed"] == 0  # fmt: skip
    _refused("A20", after.upper_decide, appointment=case, actor=w["staff"], approved=True,
             on=date(2026, 3, 20), ref="省人大常委会批复")  # fmt: skip
    case = after.upper_decide(appointment=case, actor=w["staff"], approved=True, on=date(2026, 4, 2),
                              ref="省人大常委会批复〔2026〕3号")  # fmt: skip
    assert case.status == S.ADOPTED and case.adopted_on == date(2026, 4, 2)
    assert case.events.filter(action="upper_approve").exists()
    # a vice mayor's adoption does not wait (no upper approval for the post)
    vm = af.appoint(w, name="孙立新", post="副市长（孙立新）", post_type="vice_mayor")
    assert vm.status == S.ADOPTED and Tenure.objects.filter(appointment=vm).exists()


def test_a20_upper_level_refusal_rejects_the_case():
    w = af.world(size=10)
    case = af.nominate(w, name="检察长乙", post="市人民检察院检察长", post_type="chief_procurator", kind=K.RESIGN,
                       nominator="self")  # fmt: skip
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    af.vote(w, case.poll, yes=10)
    case = services.appointment_record_vote(appointment=case, actor=w["staff"])
    case = after.upper_decide(appointment=case, actor=w["staff"], approved=False, on=date(2026, 4, 2), ref="不予批准")
    assert case.status == S.REJECTED and case.adopted_on is None


def test_a22_rename_keeps_the_tenure_death_ends_it_without_a_vote():
    w = af.world()
    case = af.appoint(w)
    tenure = Tenure.objects.get(appointment=case)
    filing = after.post_rename(post=case.post, actor=w["staff"], new_title="市交通运输委员会主任", on=date(2026, 5, 1))
    tenure.refresh_from_db()
    assert tenure.ended_on is None and tenure.post.title == "市交通运输委员会主任"
    assert filing.old_title == "市交通运输局局长" and case.events.filter(action="register_filing").count() == 1
    # forbidden: renaming to a title that exists
    with pytest.raises(RuleViolation):
        after.post_rename(post=case.post, actor=w["staff"], new_title="市交通运输委员会主任", on=date(2026, 5, 2))
    cases_before = Appointment.objects.count()
    after.tenure_end_filed(tenure=tenure, actor=w["staff"], kind=RegisterFiling.Kind.DIED, on=date(2026, 6, 1))
    tenure.refresh_from_db()
    assert tenure.ended_on == date(2026, 6, 1) and "去世" in tenure.end_reason
    assert Appointment.objects.count() == cases_before  # no removal case, no vote
    with pytest.raises(RuleViolation) as err:
        after.tenure_end_filed(tenure=tenure, actor=w["staff"], kind=RegisterFiling.Kind.ABOLISHED, on=date(2026, 6, 2))
    assert err.value.code == "not_in_office"


def test_a23_discipline_only_after_the_standing_committee_removed_the_person():
    w = af.world(size=10)
    sup = f.HandlingUnitFactory(congress=w["congress"], name="市监察委员会")
    OrganUnit.objects.create(congress=w["congress"], organ=Organ.SUPERVISION, unit=sup)
    officer = f.UserFactory(role=User.Role.UNIT_OFFICER, username="a_sup", congress=w["congress"], handling_unit=sup)
    case = af.appoint(w)
    kw = dict(congress=w["congress"], person=case.person, measure=Discipline.Measure.DISMISS, decided_on=af.MEETING_DAY)
    # forbidden: he still holds the post the Standing Committee gave him; the government's officer may not record
    err = _refused("A23", after.discipline_record, actor=officer, **kw)
    assert "须先由常委会" in err.message and Discipline.objects.count() == 0
    with pytest.raises(PermissionDeniedError):
        after.discipline_record(actor=w["officer"], **kw)
    # the Standing Committee removes him (the mayor's removal, voted)
    rm = services.appointment_file(appointment=af.nominate(w, kind=K.REMOVE), actor=w["staff"], filed_on=af.FILED)
    [rm] = services.appointments_list(appointments=[rm], actor=w["staff"])
    af.vote(w, rm.poll, yes=10)
    services.appointment_record_vote(appointment=rm, actor=w["staff"])
    # allowed: after the removal
    assert after.discipline_record(actor=officer, **kw).measure == Discipline.Measure.DISMISS


def test_m26_removal_by_one_fifth_of_members_one_too_few_and_the_defence_before_the_vote():
    w = af.world(size=10)  # 10 members: one fifth = 2
    case = af.appoint(w)
    tenure = Tenure.objects.get(appointment=case)
    members = af.mf.members(w["meeting"])
    kw = dict(congress=w["congress"], tenure=tenure, reasons="严重违法失职", has_materials=True, meeting=w["meeting"])
    # forbidden: one member too few; nothing is written
    err = _refused("M26", removal.removal_by_members, actor=w["staff"], signers=members[:1], **kw)
    assert err.extra["need"] == 2 and Appointment.objects.filter(kind=K.DISMISS).count() == 0
    # forbidden: the members' route is not open to the ordinary nomination
    _refused("M26", af.nominate, w=w, kind=K.DISMISS, nominator="members")
    # allowed: a member files with one other member (he signs too)
    bill = removal.removal_by_members(actor=af.mf.deputy_login(members[0]), signers=members[1:2], **kw)
    assert (
        bill.kind == K.DISMISS and bill.nominator == "members" and Signer.objects.filter(appointment=bill).count() == 2
    )
    bill = services.appointment_file(appointment=bill, actor=w["staff"], filed_on=af.FILED)
    # forbidden: the vote before the person's defence is recorded
    _refused("M26", services.appointments_list, appointments=[bill], actor=w["staff"])
    services.step_record(appointment=bill, step="defence", on=af.FILED, result="written", actor=w["staff"],
                         note="本人书面申辩")  # fmt: skip
    [bill] = services.appointments_list(appointments=[bill], actor=w["staff"])
    af.vote(w, bill.poll, yes=10)
    services.appointment_record_vote(appointment=bill, actor=w["staff"])
    tenure.refresh_from_db()
    assert tenure.ended_on == af.MEETING_DAY and tenure.end_reason == "撤职"
    # the defence is a step of removals only
    _refused("M26", services.step_record, appointment=af.nominate(w, name="新人", post="市商务局局长"), step="defence",
             on=af.FILED, result="oral", actor=w["staff"])  # fmt: skip


def test_notices_organ_told_when_listed_and_voted_office_told_of_the_unsworn(django_capture_on_commit_callbacks):
    w = af.world(size=10)
    case = af.ready(w, af.nominate(w))
    with django_capture_on_commit_callbacks(execute=True):
        [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    assert Notification.objects.filter(recipient=w["officer"], text__startswith="任免案已列入").count() == 1
    af.vote(w, case.poll, yes=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_record_vote(appointment=case, actor=w["staff"])
    assert Notification.objects.filter(recipient=w["officer"], text__contains="已通过").count() == 1
    assert Notification.objects.filter(recipient=w["staff"], text__contains="尚未进行宪法宣誓").count() == 1
    # the court's officer is told nothing about the government's case
    assert not Notification.objects.filter(recipient__handling_unit__name="市中级人民法院").exists()
