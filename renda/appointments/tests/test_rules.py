"""Tests named by rule id (RULES.md §10 A1–A21, §9 M26): an allowed and a forbidden or boundary case each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from renda.appointments import letters, selectors, services
from renda.appointments.models import Appointment, AppointmentEvent, OathCeremony, Tenure
from renda.appointments.posts import OATH_TEXT_2018, POST_TYPES, Nominator
from renda.appointments.tests import factories as af
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.meetings.models import Poll
from renda.organization.models import Body, Membership
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db
K = Appointment.Kind


def _refused(rule: str, fn, **kw):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as err:
        fn(**kw)
    assert err.value.extra.get("rule") == rule, err.value.message
    return err.value


@pytest.mark.parametrize(
    ("post_type", "right", "wrong", "rule"),
    [
        ("vice_mayor", Nominator.MAYOR, Nominator.COURT_PRESIDENT, "A1"),
        ("bureau_head", Nominator.MAYOR, Nominator.COUNCIL, "A2"),
        ("gov_secretary_general", Nominator.MAYOR, Nominator.SUPERVISION_DIRECTOR, "A2"),
        ("supervision_deputy", Nominator.SUPERVISION_DIRECTOR, Nominator.MAYOR, "A3"),
        ("judge", Nominator.COURT_PRESIDENT, Nominator.CHIEF_PROCURATOR, "A4"),
        ("court_vice_president", Nominator.COURT_PRESIDENT, Nominator.COUNCIL, "A4"),
        ("procurator", Nominator.CHIEF_PROCURATOR, Nominator.COURT_PRESIDENT, "A5"),
        ("committee_member", Nominator.COUNCIL, Nominator.MAYOR, "A6"),
    ],
)
def test_a1_to_a6_only_the_named_proposer_nominates(post_type, right, wrong, rule):
    # allowed: the proposer the rule names
    services.check_nominator(kind=K.APPOINT, post_type=post_type, nominator=right)
    # forbidden: anyone else
    err = _refused(rule, services.check_nominator, kind=K.APPOINT, post_type=post_type, nominator=wrong)
    assert POST_TYPES[post_type].label in err.message


def test_a1_council_nominates_a_vice_mayor_only_while_the_mayor_is_vacant():
    services.check_nominator(kind=K.APPOINT, post_type="vice_mayor", nominator=Nominator.COUNCIL, mayor_vacant=True)
    _refused("A1", services.check_nominator, kind=K.APPOINT, post_type="vice_mayor", nominator=Nominator.COUNCIL)


def test_a2_an_organ_officer_files_only_his_own_organs_nominations():
    w = af.world()
    # allowed: the government's officer nominates a bureau head (the mayor's nomination)
    case = af.nominate(w, actor=w["officer"])
    assert case.status == Appointment.Status.DRAFT and case.events.count() == 1
    # forbidden: the same officer files a judge (the court president's nomination); nothing is written
    with pytest.raises(PermissionDeniedError):
        af.nominate(w, actor=w["officer"], name="赵法官", post="审判员", post_type="judge", nominator="court_president")
    assert Appointment.objects.count() == 1


def test_a5_lower_chief_procurators_are_approved_not_appointed():
    services.check_nominator(kind=K.APPROVE, post_type="lower_chief_procurator", nominator=Nominator.CHIEF_PROCURATOR)
    _refused(
        "A5", services.check_nominator, kind=K.APPOINT, post_type="lower_chief_procurator", nominator="chief_procurator"
    )
    _refused("A5", services.check_nominator, kind=K.APPROVE, post_type="procurator", nominator="chief_procurator")


def test_a7_peoples_assessors_are_blocked_with_the_reason():
    w = af.world()
    err = _refused("A7", af.nominate, w=w, post="人民陪审员", post_type="peoples_assessor", nominator="court_president")
    assert "基层人民法院" in err.message and Appointment.objects.count() == 0


def test_a8_filed_ten_days_before_the_meeting_boundary():
    w = af.world()
    case = af.nominate(w)
    # forbidden: 9 days before 21 March; nothing changes
    _refused(
        "A8", services.appointment_file, appointment=case, actor=w["staff"], filed_on=af.MEETING_DAY - timedelta(days=9)
    )
    case.refresh_from_db()
    assert case.status == Appointment.Status.DRAFT and case.events.count() == 1
    # allowed: exactly 10 days before
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.MEETING_DAY - timedelta(days=10))
    assert case.status == Appointment.Status.FILED


def test_a8_attachments_are_required():
    w = af.world()
    case = af.nominate(w, has_assessment=False, signed_by="")
    err = _refused("A8", services.appointment_file, appointment=case, actor=w["staff"], filed_on=af.FILED)
    assert "考察材料" in err.message and "签署" in err.message


def test_a9_the_law_exam_must_be_passed_before_the_vote():
    w = af.world()
    case = af.nominate(w)
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    services.step_record(appointment=case, step="statement", on=af.FILED, result="done", actor=w["staff"])
    # forbidden: no exam, then a failed exam
    _refused("A9", services.appointments_list, appointments=[case], actor=w["staff"])
    services.step_record(appointment=case, step="law_exam", on=af.FILED, result="failed", score=52, actor=w["staff"])
    _refused("A9", services.appointments_list, appointments=[case], actor=w["staff"])
    # allowed: the re-sit passed
    services.step_record(appointment=case, step="law_exam", on=af.FILED, result="passed", score=88, actor=w["staff"])
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    assert case.status == Appointment.Status.LISTED and case.poll is not None


def test_a9_a_passed_exam_holds_for_the_term_within_the_same_organ_only():
    w = af.world()
    af.ready(w, af.nominate(w, name="陈晓东"))
    # same organ (government), another post: exempt
    second = af.nominate(w, name="陈晓东", post="市人民政府秘书长", post_type="gov_secretary_general")
    assert "law_exam" not in services.missing_steps(second)
    # moving to the court: the exam is required again
    third = af.nominate(w, name="陈晓东", post="市中级人民法院审判员", post_type="judge", nominator="court_president")
    assert "law_exam" in services.missing_steps(third)


def test_a10_statement_required_for_department_heads_not_for_judges():
    w = af.world()
    head = services.appointment_file(appointment=af.nominate(w), actor=w["staff"], filed_on=af.FILED)
    services.step_record(appointment=head, step="law_exam", on=af.FILED, result="passed", actor=w["staff"])
    _refused("A10", services.appointments_list, appointments=[head], actor=w["staff"])
    judge = af.nominate(w, name="周敏", post="市中级人民法院审判员", post_type="judge", nominator="court_president")
    assert "statement" not in services.missing_steps(judge)


def test_a11_court_nominees_need_the_public_notice():
    w = af.world()
    judge = af.nominate(w, name="周敏", post="审判员", post_type="judge", nominator="court_president")
    judge = services.appointment_file(appointment=judge, actor=w["staff"], filed_on=af.FILED)
    services.step_record(appointment=judge, step="law_exam", on=af.FILED, result="passed", actor=w["staff"])
    _refused("A11", services.appointments_list, appointments=[judge], actor=w["staff"])
    services.step_record(appointment=judge, step="publicity", on=af.FILED, result="done", actor=w["staff"])
    assert services.appointments_list(appointments=[judge], actor=w["staff"])[0].status == Appointment.Status.LISTED


def test_a12_withdrawal_before_the_vote_only():
    w = af.world()
    a = af.ready(w, af.nominate(w))
    b = af.ready(w, af.nominate(w, name="刘洋", post="市水务局局长"))
    services.appointments_list(appointments=[a, b], actor=w["staff"])
    a = services.appointment_withdraw(appointment=a, actor=w["staff"], reason="提请机关撤回，主任会议同意")
    assert a.status == Appointment.Status.WITHDRAWN
    b.refresh_from_db()
    from renda.meetings import services as ms

    ms.attendance_check_in_many(meeting=w["meeting"], deputies=af.mf.members(w["meeting"]), actor=w["staff"])
    ms.poll_open(poll=b.poll, actor=w["staff"])
    _refused("A12", services.appointment_withdraw, appointment=b, actor=w["staff"], reason="撤回")


def test_a12_the_council_withholds_the_vote_and_the_case_returns_to_filed():
    w = af.world()
    case = af.ready(w, af.nominate(w))
    # forbidden: withholding a case not yet listed
    with pytest.raises(InvalidTransition):
        services.appointment_withhold(appointment=case, actor=w["staff"], reason="委员提出重大问题")
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    # allowed: listed, the poll not opened
    case = services.appointment_withhold(appointment=case, actor=w["staff"], reason="委员提出重大问题")
    assert case.status == Appointment.Status.FILED and case.poll is None
    assert case.events.filter(action="withhold", note="委员提出重大问题").exists()


def test_a13_passes_with_more_than_half_of_all_members_one_short_fails():
    w = af.world(size=10)
    a = af.ready(w, af.nominate(w))
    b = af.ready(w, af.nominate(w, name="刘洋", post="市水务局局长"))
    a, b = services.appointments_list(appointments=[a, b], actor=w["staff"])
    # 6 of 10 present all vote yes: more than half of ALL members → adopted
    af.vote(w, a.poll, yes=6, present=6)
    a = services.appointment_record_vote(appointment=a, actor=w["staff"])
    assert a.status == Appointment.Status.ADOPTED and a.adopted_on == af.MEETING_DAY
    # 10 present, 5 yes: one short of 6 → rejected (a majority of those voting is not enough)
    af.vote(w, b.poll, yes=5)
    b = services.appointment_record_vote(appointment=b, actor=w["staff"])
    assert b.status == Appointment.Status.REJECTED and not Tenure.objects.filter(appointment=b).exists()


def test_a13_one_list_poll_decides_each_person_on_their_own():
    w = af.world(size=10)
    a = af.ready(w, af.nominate(w))
    b = af.ready(w, af.nominate(w, name="刘洋", post="市水务局局长"))
    a, b = services.appointments_list(appointments=[a, b], actor=w["staff"], together=True)
    assert a.poll_id == b.poll_id and a.poll.kind == Poll.Kind.CANDIDATES and a.poll.method == Poll.Method.SECRET
    af.vote(w, a.poll, yes=6)
    done = services.poll_record_votes(poll=a.poll, actor=w["staff"])
    assert {c.status for c in done} == {Appointment.Status.ADOPTED}


def test_a13_no_show_of_hands():
    w = af.world()
    a = af.ready(w, af.nominate(w))
    _refused("A13", services.appointments_list, appointments=[a], actor=w["staff"], method=Poll.Method.SHOW_OF_HANDS)


def test_a14_six_months_after_a_failed_vote():
    w = af.world(size=10)
    b = af.ready(w, af.nominate(w))
    [b] = services.appointments_list(appointments=[b], actor=w["staff"])
    af.vote(w, b.poll, yes=5)
    services.appointment_record_vote(appointment=b, actor=w["staff"])
    from datetime import datetime

    from renda.organization.demo import SHANGHAI

    # forbidden: five months later
    _refused("A14", af.nominate, w=w, at=datetime(2026, 8, 20, tzinfo=SHANGHAI))
    # allowed: six months later
    assert af.nominate(w, at=datetime(2026, 9, 21, tzinfo=SHANGHAI)).status == Appointment.Status.DRAFT


def test_a15_a16_adopted_letter_of_appointment():
    w = af.world()
    f.MembershipFactory(body=w["body"], deputy=f.DeputyFactory(term=w["term"], name="张主任"), role=Membership.Role.CHAIR,
                        started_on=date(2026, 1, 1))  # fmt: skip
    case = af.appoint(w)
    fields = letters.letter_fields(case)
    assert "王建国" in fields["body"] and "市交通运输局局长" in fields["body"] and "张主任" in fields["signer"]
    assert fields["date"] == "2026年3月21日"
    blob = letters.letter_docx(case)
    assert blob[:2] == b"PK"
    assert [c.pk for c in selectors.public_cases()] == [case.pk]
    # forbidden: no letter for a case not adopted
    draft = af.nominate(w, name="刘洋", post="市水务局局长")
    _refused("A16", letters.letter_fields, appointment=draft)


def test_a17_oath_wording_is_75_characters():
    import re

    assert len(re.findall(r"[\u4e00-\u9fff]", OATH_TEXT_2018)) == 75 and len(OATH_TEXT_2018) == 85


def test_a17_oath_ceremony_and_the_unsworn_flag():
    w = af.world()
    case = af.appoint(w)
    rows = selectors.unsworn(congress_id=w["congress"].pk, today=af.MEETING_DAY + timedelta(days=30))
    assert [r["case"].pk for r in rows] == [case.pk] and not rows[0]["overdue"]
    rows = selectors.unsworn(congress_id=w["congress"].pk, today=af.MEETING_DAY + timedelta(days=31))
    assert rows[0]["overdue"]
    # forbidden: an oath dated before the adoption
    kw = dict(congress=w["congress"], actor=w["staff"], supervisor="张主任", appointments=[case])
    _refused("A17", services.oath_record, held_on=af.MEETING_DAY - timedelta(days=1), **kw)
    # allowed
    ceremony = services.oath_record(held_on=af.MEETING_DAY, **kw)
    assert ceremony.takers.count() == 1 and ceremony.text_version == "2018"
    assert selectors.unsworn(congress_id=w["congress"].pk, today=af.MEETING_DAY) == []
    # forbidden: sworn twice for the same appointment; and the nominating organ may organise only for courts
    _refused("A17", services.oath_record, held_on=af.MEETING_DAY, **kw)
    assert OathCeremony.objects.count() == 1
    assert case.events.filter(action="oath").count() == 1


def test_a17_nominating_organ_organises_only_for_court_and_procuratorate():
    w = af.world()
    case = af.appoint(w)
    _refused("A17", services.oath_record, congress=w["congress"], actor=w["staff"], supervisor="张主任",
             appointments=[case], held_on=af.MEETING_DAY, organiser=OathCeremony.Organiser.NOMINATING_ORGAN)  # fmt: skip


def test_a18_acting_head_from_a_deputy_head_on_the_councils_nomination():
    w = af.world()
    af.appoint(w, name="孙立新", post="副市长（孙立新）", post_type="vice_mayor", signed_by="李市长")
    # forbidden: the mayor nominates, or the choice is not a deputy head
    _refused("A18", af.nominate, w=w, name="孙立新", post="代理市长", post_type="acting_head", kind=K.ACTING,
             nominator="mayor")  # fmt: skip
    _refused("A18", af.nominate, w=w, name="外来人", post="代理市长", post_type="acting_head", kind=K.ACTING,
             nominator="council")  # fmt: skip
    # allowed
    case = af.nominate(w, name="孙立新", post="代理市长", post_type="acting_head", kind=K.ACTING, nominator="council")
    assert case.kind == K.ACTING


def test_a20_resignation_by_the_person_accepted_by_vote_ends_the_tenure():
    w = af.world()
    af.appoint(w, name="孙立新", post="副市长（孙立新）", post_type="vice_mayor")
    _refused("A20", af.nominate, w=w, name="孙立新", post="副市长（孙立新）", post_type="vice_mayor", kind=K.RESIGN,
             nominator="mayor")  # fmt: skip
    case = af.nominate(
        w, name="孙立新", post="副市长（孙立新）", post_type="vice_mayor", kind=K.RESIGN, nominator="self"
    )
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    af.vote(w, case.poll, yes=10)
    services.appointment_record_vote(appointment=case, actor=w["staff"])
    tenure = Tenure.objects.get(person__name="孙立新")
    assert tenure.ended_on == af.MEETING_DAY and tenure.end_reason == "接受辞职"


def test_a21_a_standing_committee_member_must_resign_before_an_organ_post():
    w = af.world()
    member = Membership.objects.filter(body=w["body"]).first().deputy
    _refused("A21", af.nominate, w=w, name=member.name, deputy=member, birth_year=member.birth_year)
    # allowed: a post of the congress itself (special committee member, A6)
    case = af.nominate(w, name=member.name, deputy=member, birth_year=member.birth_year, post="财经委员会委员",
                       post_type="committee_member", nominator="council")  # fmt: skip
    assert case.pk


def test_m26_removal_by_the_organ_ends_the_tenure_and_not_of_someone_out_of_office():
    w = af.world()
    af.appoint(w)
    _refused("M26", af.nominate, w=w, kind=K.REMOVE, nominator="court_president")
    with pytest.raises(RuleViolation) as err:
        af.nominate(w, name="无此人", kind=K.REMOVE)
    assert err.value.code == "not_in_office"
    case = af.nominate(w, kind=K.REMOVE)
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    af.vote(w, case.poll, yes=10)
    services.appointment_record_vote(appointment=case, actor=w["staff"])
    assert Tenure.objects.get(person__name="王建国").end_reason == "免职"


def test_register_a_single_post_ends_the_previous_holders_tenure():
    w = af.world()
    first = af.appoint(w)
    second = af.appoint(w, name="刘洋")
    old, new = Tenure.objects.get(appointment=first), Tenure.objects.get(appointment=second)
    assert old.ended_on == af.MEETING_DAY and "刘洋" in old.end_reason and new.ended_on is None
    assert [
        t.person.name for t in selectors.register(congress_id=w["congress"].pk, on=af.MEETING_DAY + timedelta(days=1))
    ] == ["刘洋"]


def test_a_refused_listing_writes_no_event():
    w = af.world()
    case = services.appointment_file(appointment=af.nominate(w), actor=w["staff"], filed_on=af.FILED)
    before = AppointmentEvent.objects.count()
    with pytest.raises(RuleViolation):
        services.appointments_list(appointments=[case], actor=w["staff"])
    assert AppointmentEvent.objects.count() == before
    assert not Body.objects.none().exists()
