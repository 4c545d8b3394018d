"""Rules S1–S23 and B1–B6 (RULES.md §1, §2), each with an allowed and a forbidden or boundary case.

A refused action must write nothing: the tests count event rows before and after.
"""

from __future__ import annotations

from datetime import date

import pytest

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.organization.models import Body, User
from renda.organization.tests import factories as f
from renda.proposals import selectors, services
from renda.proposals.models import (
    Assignment,
    Commitment,
    Consultation,
    Evaluation,
    Kind,
    Proposal,
    ProposalEvent,
    Reply,
    ReplyRecipient,
    UrgeNotice,
)
from renda.proposals.tests.factories import BODY, assigned, at, pdf, received, registered, replied, submit_reply, world
from renda.proposals.workflow import AssignmentStatus, Status

pytestmark = pytest.mark.django_db


def events() -> int:
    return ProposalEvent.objects.count()


# ------------------------------------------------------------------ S1


def test_S1_suggestion_during_session_goes_to_session_and_between_sessions_to_standing_committee():
    w = world()
    # given / when submitted during the session and later between sessions
    during = registered(w, when=at(2026, 3, 20))
    between = registered(w, when=at(2026, 6, 2), title="关于改善社区养老服务的建议")
    # then numbered in separate series
    assert during.session_id == w.session.pk and during.number == "第16届3次会议 建议第0001号"
    assert between.session_id is None and between.number == "2026年闭会期间 建议第0001号"


def test_S1_vague_suggestion_is_refused_and_writes_nothing():
    # given a draft whose content is too short to be specific
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于交通的建议", body="请改善交通。")
    before = events()
    # when the deputy submits it
    with pytest.raises(RuleViolation) as exc:
        services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    # then refused by S1, still a draft, no event
    assert exc.value.extra["rule"] == "S1"
    assert events() == before
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


# ------------------------------------------------------------------ S2


def test_S2_staff_assigns():
    # given / when staff assign a registered suggestion to unit 0
    w = world()
    p, a = assigned(w)
    # then it is being handled, assigned by staff
    assert p.status == Status.ASSIGNED and a.unit == w.units[0] and a.assigned_by == w.staff


def test_S2_unit_cannot_assign():
    # given a registered suggestion
    w = world()
    p = registered(w)
    before = events()
    # when a unit officer tries to assign it
    with pytest.raises(PermissionDeniedError):
        services.suggestion_assign(proposal=p, actor=w.unit_users[0], leads=[w.units[1]])
    # then refused: no event, no assignment
    assert events() == before and not Assignment.objects.exists()


# ------------------------------------------------------------------ S3


def test_S3_reply_due_three_months_after_assignment():
    # given / when a suggestion is assigned on 2026-04-10
    w = world()
    _, a = assigned(w, when=at(2026, 4, 10))
    # then the reply is due three calendar months later, confirmed (not provisional)
    assert (a.due_date, a.due_rule, a.due_provisional) == (date(2026, 7, 10), "S3", False)


def test_S3_complex_item_six_months_and_2027_deadline_provisional():
    # given a registered suggestion
    w = world()
    p = registered(w)
    # when it is assigned as complex on 2026-11-27
    a = services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], is_complex=True, at=at(2026, 11, 27))[
        0
    ]
    # 2026-11-27 + 6 months = 2027-05-27 (a Thursday; 2027 has no holiday data → provisional)
    assert a.due_date == date(2027, 5, 27) and a.due_provisional is True


# ------------------------------------------------------------------ S4 / S15


def test_S4_reply_after_contacting_deputy_allowed():
    # given / when the unit consulted the deputy and replies
    w = world()
    _, a, r = replied(w)
    # then the reply is accepted
    assert r.reply_class == "A" and a.status == AssignmentStatus.REPLIED


def test_S4_reply_without_contacting_deputy_refused():
    # given a received assignment with no consultation
    w = world()
    _, a = assigned(w)
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 4, 13))
    before = events()
    # when the unit replies
    with pytest.raises(RuleViolation) as exc:
        submit_reply(w, a, text="答复", reply_class="A", signer_name="张")
    # then refused by S4: no event, no reply
    assert exc.value.extra["rule"] == "S4" and events() == before and not Reply.objects.exists()


def test_S15_key_suggestion_needs_face_to_face_consultation():
    # given a key suggestion whose unit only phoned the deputy
    w = world()
    p, a = assigned(w)
    services.suggestion_designate_key(proposal=p, actor=w.staff, vice_chair=w.vice_chair, committee=w.committee)
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 4, 13))
    services.consultation_record(
        assignment=a,
        actor=w.unit_users[0],
        method=Consultation.Method.PHONE,
        held_on=date(2026, 4, 14),
        deputy_views="电话沟通",
    )
    kw = dict(assignment=a, actor=w.unit_users[0], text="答复", reply_class="A", signer_name="张", signer_title="局长")
    # when it replies / then refused by S15
    with pytest.raises(RuleViolation) as exc:
        services.reply_submit(**kw, document=pdf())
    assert exc.value.extra["rule"] == "S15"
    # when a face-to-face consultation is recorded / then the reply is accepted
    services.consultation_record(
        assignment=a,
        actor=w.unit_users[0],
        method=Consultation.Method.FACE_TO_FACE,
        held_on=date(2026, 4, 20),
        deputy_views="面商",
    )
    assert services.reply_submit(**kw, document=pdf()).pk


# ------------------------------------------------------------------ S5 / S20


def test_S5_handling_report_counts_by_status_and_class():
    # given one replied (class A) and one registered suggestion of the session
    w = world()
    replied(w, "A")
    registered(w, title="关于另一件事情的建议")
    # when the handling report is computed
    report = selectors.handling_report(congress=w.session.term.congress, session=w.session)
    # then it counts both, one A reply, one replied
    assert report["total"] == 2 and report["by_class"] == {"A": 1} and report["replied"] == 1


def test_S5_handling_report_empty_session_boundary():
    # given a session without suggestions
    w = world()
    # when the handling report is computed
    report = selectors.handling_report(congress=w.session.term.congress, session=w.session)
    # then it is empty, not an error
    assert report["total"] == 0 and report["by_class"] == {}


def test_S20_unit_summary_for_mid_year_counts_only_its_assignments():
    # given a suggestion replied by unit 0
    w = world()
    replied(w, "A")
    # when both units' half-year summaries are computed / then each counts only its own
    s0 = selectors.unit_summary(unit=w.units[0], start=date(2026, 1, 1), end=date(2026, 6, 30))
    s1 = selectors.unit_summary(unit=w.units[1], start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert (s0["assigned"], s0["replied"]) == (1, 1)
    assert (s1["assigned"], s1["replied"]) == (0, 0)


# ------------------------------------------------------------------ S6


def test_S6_key_suggestion_chain_five_offices():
    # given an assigned suggestion, a vice-mayor over its unit and the government office
    w = world()
    p, _ = assigned(w)
    official = f.OfficialFactory(congress=w.session.term.congress, title="副市长（城建）")
    official.portfolio.add(w.units[0])
    office = f.HandlingUnitFactory(congress=w.session.term.congress, name="市政府办公室")
    # when the Council of Chairpersons' decision is recorded
    chain = services.suggestion_designate_key(proposal=p, actor=w.staff, vice_chair=w.vice_chair, committee=w.committee)
    # then the five offices are linked
    assert chain.designated_by.kind == Body.Kind.COUNCIL_OF_CHAIRPERSONS
    assert (chain.vice_chair, chain.leading_official, chain.committee, chain.urging_unit) == (
        w.vice_chair,
        official,
        w.committee,
        office,
    )
    assert Proposal.objects.get(pk=p.pk).is_key


def test_S6_supervisor_must_be_a_vice_chair():
    # given an assigned suggestion
    w = world()
    p, _ = assigned(w)
    before = events()
    # when a deputy who is not a vice-chair is named / then refused by S6, no event
    with pytest.raises(RuleViolation) as exc:
        services.suggestion_designate_key(proposal=p, actor=w.staff, vice_chair=w.deputies[3], committee=w.committee)
    assert exc.value.extra["rule"] == "S6" and events() == before


# ------------------------------------------------------------------ S7


def test_S7_reply_class_from_configured_list(settings):
    settings.RENDA = {
        **settings.RENDA,
        "REPLY_CLASSES": [("甲", "甲类"), ("乙", "乙类"), ("丙", "丙类")],
        "COMMITMENT_CLASSES": ["乙"],
    }
    # given reply classes configured as 甲/乙/丙 and a received assignment
    w = world()
    _p, a = received(w)
    # when the unit replies with class 甲 / then accepted
    r = submit_reply(w, a, text="答复", reply_class="甲", signer_name="张")
    assert r.reply_class == "甲"


def test_S7_unknown_reply_class_refused():
    # given a received assignment
    w = world()
    _, a = received(w)
    # when the unit replies with a class not configured / then refused by S7
    with pytest.raises(RuleViolation) as exc:
        submit_reply(w, a, text="答复", reply_class="E", signer_name="张")
    assert exc.value.extra["rule"] == "S7"


# ------------------------------------------------------------------ S8


def test_S8_cohandler_opinion_due_one_month_and_stated_in_lead_reply():
    # given a suggestion with a lead and a co-handler
    w = world()
    p, lead = assigned(w, co=True)
    co = p.assignments.get(role=Assignment.Role.CO)
    # then the co-handler's opinion is due one month after assignment
    assert co.due_date == date(2026, 5, 11) and co.due_rule == "S8"  # 05-10 is a Sunday: rolled (D3)
    co = services.assignment_receive(assignment=co, actor=w.unit_users[1], at=at(2026, 4, 13))
    services.assignment_send_opinion(assignment=co, actor=w.unit_users[1], text="同意主办单位方案")
    lead = services.assignment_receive(assignment=lead, actor=w.unit_users[0], at=at(2026, 4, 13))
    services.consultation_record(
        assignment=lead, actor=w.unit_users[0], method="phone", held_on=date(2026, 4, 20), deputy_views="同意"
    )
    # when the co-handler sent its opinion and the lead replies
    r = submit_reply(w, lead, text="答复", reply_class="A", signer_name="张")
    # then the reply states the co-handler's views
    assert "同意主办单位方案" in r.cohandler_views


def test_S8_cohandler_may_not_reply_directly():
    # given a co-handler that received and consulted
    w = world()
    p, _ = assigned(w, co=True)
    co = services.assignment_receive(assignment=p.assignments.get(role="co"), actor=w.unit_users[1])
    services.consultation_record(
        assignment=co, actor=w.unit_users[1], method="phone", held_on=date(2026, 4, 20), deputy_views="同意"
    )
    before = events()
    # when it replies to the deputy / then refused by S8, no event
    with pytest.raises(RuleViolation) as exc:
        submit_reply(w, co, unit=1, text="答复", reply_class="A", signer_name="张")
    assert exc.value.extra["rule"] == "S8" and events() == before


# ------------------------------------------------------------------ S9


def test_S9_several_lead_units_each_reply_for_their_part():
    # given a suggestion assigned to two lead units, both received and consulted
    w = world()
    p = registered(w)
    a1, a2 = services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0], w.units[1]], at=at(2026, 4, 10))
    for a, u in ((a1, w.unit_users[0]), (a2, w.unit_users[1])):
        a = services.assignment_receive(assignment=a, actor=u)
        services.consultation_record(
            assignment=a, actor=u, method="phone", held_on=date(2026, 4, 20), deputy_views="好"
        )
    # when the first lead unit replies
    submit_reply(w, a1, text="第一部分", reply_class="A", signer_name="张")
    # then the proposal waits for the second lead unit
    assert Proposal.objects.get(pk=p.pk).status == Status.ASSIGNED
    submit_reply(w, a2, unit=1, text="第二部分", reply_class="A", signer_name="李")
    assert Proposal.objects.get(pk=p.pk).status == Status.REPLIED


def test_S9_at_least_one_lead_unit():
    # given a registered suggestion
    w = world()
    p = registered(w)
    # when staff assign it to a co-handler only / then refused by S9
    with pytest.raises(RuleViolation) as exc:
        services.suggestion_assign(proposal=p, actor=w.staff, leads=[], cohandlers=[w.units[0]])
    assert exc.value.extra["rule"] == "S9"


# ------------------------------------------------------------------ S10


def test_S10_merged_group_each_deputy_gets_reply_and_can_rate():
    # given two suggestions by different deputies merged and assigned with the primary
    w = world()
    p1 = registered(w)
    p2 = services.proposal_create(actor=w.deputy_users[2], title="关于非机动车道的建议", body=BODY)
    p2 = services.proposal_register(
        proposal=services.proposal_submit(proposal=p2, actor=w.deputy_users[2], at=at(2026, 3, 20)), actor=w.staff
    )
    services.proposals_merge(primary=p1, others=[p2], actor=w.staff)
    p1.refresh_from_db()
    a = services.suggestion_assign(proposal=p1, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 10))[0]
    assert Proposal.objects.get(pk=p2.pk).status == Status.ASSIGNED
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0])
    services.consultation_record(
        assignment=a, actor=w.unit_users[0], method="phone", held_on=date(2026, 4, 20), deputy_views="好"
    )
    # when the unit replies
    r = submit_reply(w, a, text="答复", reply_class="A", signer_name="张")
    # then both deputies receive it, and the group closes once both rated
    assert set(r.recipients.values_list("deputy_id", flat=True)) == {w.deputies[0].pk, w.deputies[2].pk}
    services.evaluation_submit(reply=r, actor=w.deputy_users[2], attitude="satisfied", result="satisfied")
    assert Proposal.objects.get(pk=p2.pk).status == Status.REPLIED  # still waiting for the other deputy
    services.evaluation_submit(
        reply=r, actor=w.deputy_users[0], attitude="satisfied", result="basically", comment="进度偏慢"
    )
    assert set(Proposal.objects.filter(pk__in=[p1.pk, p2.pk]).values_list("status", flat=True)) == {Status.CLOSED}


def test_S10_merge_can_be_undone_before_assignment_but_not_after():
    w = world()
    p1 = registered(w)
    p2 = registered(w, title="关于同一事项的建议")
    g = services.proposals_merge(primary=p1, others=[p2], actor=w.staff)
    services.merge_undo(group=g, actor=w.staff)
    assert not Proposal.objects.filter(merge_group__isnull=False).exists()
    assert ProposalEvent.objects.filter(action="unmerge").count() == 2
    g2 = services.proposals_merge(primary=p1, others=[p2], actor=w.staff)
    services.suggestion_assign(proposal=Proposal.objects.get(pk=p1.pk), actor=w.staff, leads=[w.units[0]])
    with pytest.raises(RuleViolation) as exc:
        services.merge_undo(group=g2, actor=w.staff)
    assert exc.value.extra["rule"] == "S10"


# ------------------------------------------------------------------ S11


def test_S11_every_confirmed_cosigner_receives_the_reply():
    # given / when a suggestion with two confirmed co-signers is replied
    w = world()
    _p, _a, r = replied(w, cosign=2)
    # then the lead deputy and both co-signers receive it
    assert sorted(r.recipients.values_list("deputy_id", flat=True)) == sorted(d.pk for d in w.deputies[:3])


def test_S11_declined_cosigner_does_not_receive_it():
    # given a draft with two invited co-signers
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于某事的建议", body=BODY, cosigners=w.deputies[1:3])
    # when one confirms and one declines
    services.cosigner_respond(proposal=p, actor=w.deputy_users[1], accept=True)
    services.cosigner_respond(proposal=p, actor=w.deputy_users[2], accept=False)
    # then only the lead and the confirmed one sign it
    assert services.proposal_deputies(p) == [w.deputies[0].pk, w.deputies[1].pk]


# ------------------------------------------------------------------ S12


def test_S12_reassignment_within_7_working_days_approved_by_office():
    # given an assignment received on 2026-09-30 (window to 10-15 across the National Day holiday, D2)
    w = world()
    _, a = assigned(w)
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 9, 30))
    assert a.reassign_until == date(2026, 10, 15)  # D2 case
    # when the unit asks on the last day and the office approves with a new unit
    a = services.assignment_request_reassign(
        assignment=a, actor=w.unit_users[0], reason="不属本单位职责", at=at(2026, 10, 15)
    )
    new = services.assignment_decide_reassign(assignment=a, actor=w.staff, approve=True, new_unit=w.units[2])
    # then the old assignment is cancelled and the new unit leads
    assert Assignment.objects.get(pk=a.pk).status == AssignmentStatus.CANCELLED
    assert new is not None and new.unit == w.units[2] and new.role == Assignment.Role.LEAD


def test_S12_after_window_no_adjustment_and_unit_cannot_reassign_itself():
    # given an assignment received on 2026-09-30
    w = world()
    _, a = assigned(w)
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 9, 30))
    before = events()
    # when the unit asks the day after the window / then refused by S12, no event
    with pytest.raises(RuleViolation) as exc:
        services.assignment_request_reassign(
            assignment=a, actor=w.unit_users[0], reason="不属本单位职责", at=at(2026, 10, 16)
        )
    assert exc.value.extra["rule"] == "S12" and events() == before
    # when it asks in time and then tries to decide itself / then refused: only the office decides
    a = services.assignment_request_reassign(assignment=a, actor=w.unit_users[0], reason="x", at=at(2026, 10, 9))
    with pytest.raises(PermissionDeniedError):
        services.assignment_decide_reassign(assignment=a, actor=w.unit_users[0], approve=True, new_unit=w.units[2])
    # refused by the office: handling goes on
    services.assignment_decide_reassign(assignment=a, actor=w.staff, approve=False)
    assert Assignment.objects.get(pk=a.pk).status == AssignmentStatus.RECEIVED


# ------------------------------------------------------------------ S13


def test_S13_session_suggestion_assign_due_one_month_after_close():
    # given / when a session suggestion is registered (the session closes 2026-03-23)
    w = world()
    p = registered(w)
    # then it must be assigned within a month of the close
    assert p.assign_due == date(2026, 4, 23)


def test_S13_between_sessions_7_working_days_and_late_assignment_logged():
    # given a suggestion registered between sessions on 2026-09-30: due in 7 working days
    w = world()
    p = registered(w, when=at(2026, 9, 30))
    assert p.assign_due == date(2026, 10, 15)
    # when it is assigned a day late / then the lateness is logged (S13)
    services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], at=at(2026, 10, 16))
    assert ProposalEvent.objects.filter(proposal=p, action="assign", note__contains="S13").exists()


# ------------------------------------------------------------------ S14


def test_S14_extension_up_to_three_months_with_approval_and_deputy_told(django_capture_on_commit_callbacks):
    # given a received assignment due 2026-07-10
    w = world()
    _, a = received(w)
    # when the unit asks for 3 months and the office approves
    a = services.extension_request(assignment=a, actor=w.unit_users[0], months=3, reason="需协调多部门")
    assert Assignment.objects.get(pk=a.pk).due_date == date(2026, 7, 10)  # not moved before approval
    with django_capture_on_commit_callbacks(execute=True):
        a = services.extension_decide(assignment=a, actor=w.staff, approve=True)
    assert (a.due_date, a.extension_months) == (
        date(2026, 10, 10),
        3,
    )  # Saturday 10-10 is a make-up working day (D6): no roll
    # then the deadline moved 3 months and the deputy is told
    assert w.deputy_users[0].notifications.filter(text__contains="延期").exists()


def test_S14_more_than_three_months_refused():
    # given an assignment already extended by 2 months
    w = world()
    _, a = received(w)
    a = services.extension_request(assignment=a, actor=w.unit_users[0], months=2, reason="x")
    a = services.extension_decide(assignment=a, actor=w.staff, approve=True)
    # when the unit asks for 2 more / then refused by S14 (3 months in all)
    with pytest.raises(RuleViolation) as exc:
        services.extension_request(assignment=a, actor=w.unit_users[0], months=2, reason="再延")
    assert exc.value.extra["rule"] == "S14"


# ------------------------------------------------------------------ S16 / S17


def test_S16_evaluation_within_15_working_days():
    w = world()
    _, _, r = replied(w)  # replied 2026-06-01
    assert r.evaluation_due == date(2026, 6, 23)  # Dragon Boat 06-19 skipped
    ev = services.evaluation_submit(
        reply=r, actor=w.deputy_users[0], attitude="satisfied", result="satisfied", at=at(2026, 6, 23)
    )
    assert ev.pk and Proposal.objects.get(pk=r.assignment.proposal_id).status == Status.CLOSED


def test_S16_evaluation_after_window_refused():
    w = world()
    _, _, r = replied(w)
    before = events()
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(
            reply=r, actor=w.deputy_users[0], attitude="satisfied", result="satisfied", at=at(2026, 6, 24)
        )
    assert exc.value.extra["rule"] == "S16" and events() == before and not Evaluation.objects.exists()


def test_S17_dissatisfied_starts_rehandling_one_month_as_many_rounds_as_needed():
    w = world()
    p, a, r1 = replied(w, "B")
    services.evaluation_submit(
        reply=r1,
        actor=w.deputy_users[0],
        attitude="satisfied",
        result="dissatisfied",
        comment="未解决",
        at=at(2026, 6, 5),
    )
    a.refresh_from_db()
    assert (a.status, a.round, a.due_date, a.due_rule) == (AssignmentStatus.REHANDLING, 2, date(2026, 7, 6), "S17")
    r2 = submit_reply(
        w,
        a,
        text="再次答复",
        reply_class="C",
        signer_name="张",
        when=at(2026, 6, 20),
        commitments=[services.CommitmentInput("明年实施", date(2027, 6, 30))],
    )
    services.evaluation_submit(
        reply=r2,
        actor=w.deputy_users[0],
        attitude="dissatisfied",
        result="dissatisfied",
        comment="未解决",
        at=at(2026, 6, 22),
    )
    a.refresh_from_db()
    assert a.round == 3 and Proposal.objects.get(pk=p.pk).status == Status.REHANDLING


def test_S17_old_round_reply_cannot_be_rated_again():
    # given a reply rated 不满意 (re-handling started)
    w = world()
    _, _a, r1 = replied(w)
    services.evaluation_submit(
        reply=r1,
        actor=w.deputy_users[0],
        attitude="dissatisfied",
        result="dissatisfied",
        comment="未解决",
        at=at(2026, 6, 5),
    )
    # when the deputy rates the superseded reply again / then refused
    with pytest.raises(InvalidTransition):
        services.evaluation_submit(
            reply=r1, actor=w.deputy_users[0], attitude="satisfied", result="satisfied", at=at(2026, 6, 5)
        )


# ------------------------------------------------------------------ S18


def test_S18_signed_document_pdf_accepted_with_signer():
    # given / when a unit replies with a signer and a sealed PDF
    w = world()
    _, _, r = replied(w)
    # then both are kept
    assert r.signer_name == "张局长" and r.document.name.endswith(".pdf")


def test_S18_wrong_type_or_missing_signer_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    # given a received, consulted assignment
    w = world()
    _, a = received(w)
    kw = dict(assignment=a, actor=w.unit_users[0], text="答复", reply_class="A")
    # when the unit replies without a signer, with a renamed executable, with a Word file
    # then each is refused (S18)
    with pytest.raises(RuleViolation):
        services.reply_submit(**kw, signer_name="", signer_title="局长", document=pdf())
    exe = SimpleUploadedFile("reply.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(RuleViolation) as exc:
        services.reply_submit(**kw, signer_name="张", signer_title="局长", document=exe)
    assert exc.value.extra["rule"] == "S18"
    with pytest.raises(RuleViolation):
        services.reply_submit(**kw, signer_name="张", signer_title="局长", document=pdf("reply.docx"))


# ------------------------------------------------------------------ S19


def test_S19_B_reply_commitment_ledger_open_until_reported():
    # given a B reply with one commitment: open on the ledger
    w = world()
    _, _, r = replied(w, "B")
    c = Commitment.objects.get(reply=r)
    assert c.is_open and list(selectors.open_commitments(unit=w.units[0])) == [c]
    # when the unit reports it before delivery / then refused
    with pytest.raises(RuleViolation):
        services.commitment_report(commitment=c, actor=w.unit_users[0], reported_on=date(2026, 9, 1))
    services.commitment_deliver(commitment=c, actor=w.unit_users[0], delivered_on=date(2026, 8, 30))
    # when delivered and then reported / then it leaves the ledger
    c = services.commitment_report(commitment=c, actor=w.unit_users[0], reported_on=date(2026, 9, 1))
    assert not c.is_open and not selectors.open_commitments(unit=w.units[0]).exists()


def test_S19_B_reply_without_commitment_refused():
    # given a received assignment
    w = world()
    _, a = received(w)
    # when the unit sends a B reply without commitments / then refused by S19
    with pytest.raises(RuleViolation) as exc:
        submit_reply(w, a, text="答复", reply_class="B", signer_name="张", commitments=[])
    assert exc.value.extra["rule"] == "S19"


# ------------------------------------------------------------------ S21


def test_S21_published_after_20_working_days_with_phone_redacted():
    # given a received assignment
    w = world()
    _, a = received(w)
    # when the unit replies on 2026-06-01 with a phone number in the text
    r = submit_reply(
        w, a, text="已联系代表（电话13912345678）。", reply_class="A", signer_name="张", when=at(2026, 6, 1)
    )
    # then it is public from 2026-06-30 (20 working days), with the phone masked
    assert r.publish_on == date(2026, 6, 30)
    assert not selectors.published_replies(today=date(2026, 6, 29)).exists()
    rows = list(selectors.published_replies(today=date(2026, 6, 30)))
    assert [x.pk for x in rows] == [r.pk]
    assert "13912345678" not in selectors.public_text(rows[0].text)


def test_S21_publication_delay_is_a_setting(settings):
    # given a publication delay of 5 working days
    settings.RENDA = {**settings.RENDA, "PUBLISH_DELAY_WORKING_DAYS": 5}
    # when a reply is sent on 2026-06-01
    w = world()
    _, _, r = replied(w)
    # then it is public 5 working days later
    assert r.publish_on == date(2026, 6, 8)
    assert not selectors.published_replies(today=date(2026, 6, 5)).exists()


def test_S16_unrated_reply_closed_by_staff_only_after_window():
    # given an unrated reply, evaluation due 2026-06-23
    w = world()
    p, _, _ = replied(w, cosign=1)
    before = events()
    # when staff close on the last day of the window / then refused by S16, no event
    with pytest.raises(RuleViolation) as exc:
        services.proposal_close_after_window(proposal=p, actor=w.staff, at=at(2026, 6, 23))
    assert exc.value.extra["rule"] == "S16" and events() == before
    # when staff close the day after / then closed, the deputies who did not rate recorded
    p = services.proposal_close_after_window(proposal=p, actor=w.staff, at=at(2026, 6, 24))
    assert p.status == Status.CLOSED
    assert ProposalEvent.objects.filter(proposal=p, action="close", note__contains="未评价").exists()


# ------------------------------------------------------------------ S22


def test_S22_screening_returns_non_suggestion_with_reason():
    # given a submitted item about a family matter
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于我家房屋纠纷的建议", body=BODY)
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    # when staff return it with a reason / then it is returned with the category and reason
    p = services.proposal_return(proposal=p, actor=w.staff, category="personal", reason="属家庭私事")
    assert p.status == Status.RETURNED and "家庭私事" in p.returned_reason


def test_S22_return_without_reason_refused():
    # given a submitted suggestion; when staff return it with a blank reason; then refused by S22, no event
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于某事的建议", body=BODY)
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    before = events()
    with pytest.raises(RuleViolation) as exc:
        services.proposal_return(proposal=p, actor=w.staff, category="personal", reason=" ")
    assert exc.value.extra["rule"] == "S22" and events() == before


# ------------------------------------------------------------------ S23


def test_S23_joint_suggestion_withdrawn_when_all_cosigners_agree():
    # given a registered joint suggestion with two confirmed co-signers
    w = world()
    p = registered(w, cosign=2)
    # when the lead withdraws before they agree / then refused
    with pytest.raises(RuleViolation):
        services.proposal_withdraw(proposal=p, actor=w.deputy_users[0])
    services.cosigner_agree_withdraw(proposal=p, actor=w.deputy_users[1])
    services.cosigner_agree_withdraw(proposal=p, actor=w.deputy_users[2])
    # when both agreed / then the lead withdraws it
    p = services.proposal_withdraw(proposal=Proposal.objects.get(pk=p.pk), actor=w.deputy_users[0])
    assert p.status == Status.WITHDRAWN


def test_S23_no_withdrawal_after_assignment():
    # given an assigned suggestion; when the deputy withdraws it; then refused by S23, no event
    w = world()
    p, _ = assigned(w)
    before = events()
    with pytest.raises(RuleViolation) as exc:
        services.proposal_withdraw(proposal=p, actor=w.deputy_users[0])
    assert exc.value.extra["rule"] == "S23" and events() == before


# ------------------------------------------------------------------ bills B1–B6


def _bill(w, actor, **kw):
    return services.proposal_create(actor=actor, kind=Kind.BILL, title="关于制定城市绿化条例的议案", body=BODY, **kw)


def test_B1_institution_bill_allowed():
    # given / when the city government's bill is submitted during the session; then it stays a bill
    w = world()
    p = _bill(w, w.staff, submitter_type=Proposal.Submitter.INSTITUTION, institution="government")
    p = services.proposal_submit(proposal=p, actor=w.staff, at=at(2026, 3, 19))
    assert p.kind == Kind.BILL and p.status == Status.SUBMITTED


def test_B1_other_institution_refused():
    # given / when a body without the right to submit bills is named; then refused by B1
    w = world()
    with pytest.raises(RuleViolation) as exc:
        _bill(w, w.staff, submitter_type=Proposal.Submitter.INSTITUTION, institution="education_bureau")
    assert exc.value.extra["rule"] == "B1"


def test_B2_ten_deputies_jointly_allowed_nine_refused():
    # given a deputies' bill with 8 of 9 co-signers confirmed (9 deputies in all)
    w = world(n_deputies=11)
    p = _bill(w, w.deputy_users[0], cosigners=w.deputies[1:10])
    for u in w.deputy_users[1:9]:
        services.cosigner_respond(proposal=p, actor=u, accept=True)
    before = events()
    with pytest.raises(RuleViolation) as exc:  # 1 + 8 = 9
        services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    assert exc.value.extra["rule"] == "B2" and events() == before
    # when the ninth co-signer confirms (10 deputies) / then it is submitted as a bill
    services.cosigner_respond(proposal=p, actor=w.deputy_users[9], accept=True)  # 10
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    assert p.kind == Kind.BILL and p.status == Status.SUBMITTED


def test_B2_delegation_bill_allowed():
    # given / when a delegation's bill is submitted; then it stays a bill
    w = world()
    p = _bill(w, w.staff, submitter_type=Proposal.Submitter.DELEGATION, delegation=w.deputies[0].delegation)
    assert services.proposal_submit(proposal=p, actor=w.staff, at=at(2026, 3, 19)).kind == Kind.BILL


def _registered_bill(w):
    p = _bill(w, w.staff, submitter_type=Proposal.Submitter.INSTITUTION, institution="standing_committee")
    p = services.proposal_submit(proposal=p, actor=w.staff, at=at(2026, 3, 19))
    return services.proposal_register(proposal=p, actor=w.staff, at=at(2026, 3, 19))


def test_B3_review_committee_recommends_then_presidium_lists_on_agenda():
    # given a registered bill, numbered in the session's bill series
    w = world()
    p = _registered_bill(w)
    assert p.number == "第16届3次会议 议案第0001号"
    # when the committee recommends the agenda and the Presidium decides so / then it is on the agenda
    p = services.bill_recommend(proposal=p, actor=w.staff, decision="agenda", opinion="建议列入议程")
    p = services.bill_decide(proposal=p, actor=w.staff, decision="agenda")
    assert p.status == Status.ON_AGENDA


def test_B3_presidium_cannot_decide_before_recommendation():
    # given a registered bill; when the Presidium lists it before any recommendation; then refused, no event
    w = world()
    p = _registered_bill(w)
    before = events()
    with pytest.raises(InvalidTransition):
        services.bill_decide(proposal=p, actor=w.staff, decision="agenda")
    assert events() == before


def test_B4_bill_withdrawn_with_presidium_consent_only():
    # given a registered bill; when withdrawn without, then with the Presidium's consent; then only the second works
    w = world()
    p = _registered_bill(w)
    with pytest.raises(RuleViolation) as exc:
        services.proposal_withdraw(proposal=p, actor=w.staff)
    assert exc.value.extra["rule"] == "B4"
    p = services.proposal_withdraw(proposal=p, actor=w.staff, presidium_consent=True, reason="主席团同意")
    assert p.status == Status.WITHDRAWN


def test_B5_outside_powers_handled_as_suggestion_and_referred_report_due():
    # given two registered bills; when one is handled as a suggestion and the other referred
    # then the first is renumbered as a suggestion, the second's report is due 3 months after the close
    w = world()
    p = _registered_bill(w)
    p = services.bill_recommend(proposal=p, actor=w.staff, decision="as_suggestion", opinion="不属于本级人大职权")
    p = services.bill_decide(proposal=p, actor=w.staff, decision="as_suggestion")
    assert (p.kind, p.status, p.number) == (Kind.SUGGESTION, Status.REGISTERED, "第16届3次会议 建议第0001号")
    q = _registered_bill(w)
    q = services.bill_recommend(proposal=q, actor=w.staff, decision="refer", opinion="交专委会")
    q = services.bill_decide(proposal=q, actor=w.staff, decision="refer", committee=w.committee)
    assert q.status == Status.REFERRED and q.report_due == date(2026, 6, 23)


def test_B5_referred_bill_concluded_with_committee_report_late_one_logged():
    # given a referred bill; when the report is blank, then late; then refused, then closed and logged as late
    w = world()
    q = services.bill_recommend(proposal=_registered_bill(w), actor=w.staff, decision="refer", opinion="交专委会")
    q = services.bill_decide(proposal=q, actor=w.staff, decision="refer", committee=w.committee)
    with pytest.raises(RuleViolation):
        services.bill_conclude(proposal=q, actor=w.staff, report=" ")
    q = services.bill_conclude(proposal=q, actor=w.staff, report="建议列入明年立法计划", at=at(2026, 6, 24))
    assert q.status == Status.CLOSED
    assert ProposalEvent.objects.filter(proposal=q, action="bill_conclude", note__contains="逾期报告").exists()


def test_B5_bill_handled_as_suggestion_straight_from_registration_keeps_its_status_and_is_logged():
    # given a registered bill without a recommendation
    w = world()
    p = _registered_bill(w)
    # when the Presidium decides to handle it as a suggestion
    p = services.bill_decide(proposal=p, actor=w.staff, decision="as_suggestion")
    # then it is a registered suggestion, renumbered, and the conversion is on its trail
    assert (p.kind, p.status, p.number) == (Kind.SUGGESTION, Status.REGISTERED, "第16届3次会议 建议第0001号")
    assert ProposalEvent.objects.filter(proposal=p, action="bill_to_suggestion").count() == 1


def test_B5_refer_needs_a_special_committee():
    # given a bill recommended for referral; when referred to no committee; then refused
    w = world()
    p = services.bill_recommend(proposal=_registered_bill(w), actor=w.staff, decision="refer", opinion="交专委会")
    with pytest.raises(RuleViolation):
        services.bill_decide(proposal=p, actor=w.staff, decision="refer", committee=None)


def test_B6_bill_at_cutoff_stays_a_bill_after_cutoff_becomes_suggestion():
    # given two bills; when one is submitted at the cutoff and one after; then only the late one becomes a suggestion
    w = world()
    on_time = _bill(w, w.staff, submitter_type=Proposal.Submitter.INSTITUTION, institution="government")
    on_time = services.proposal_submit(proposal=on_time, actor=w.staff, at=w.session.submission_cutoff)
    assert on_time.kind == Kind.BILL
    late = _bill(w, w.staff, submitter_type=Proposal.Submitter.INSTITUTION, institution="government")
    late = services.proposal_submit(proposal=late, actor=w.staff, at=at(2026, 3, 21, 13))
    assert late.kind == Kind.SUGGESTION and late.submitted_as == Kind.BILL and "B6" in late.converted_reason


# ------------------------------------------------------------------ urge notices, recipients


def test_urge_due_is_idempotent_and_reaches_unit_officers(django_capture_on_commit_callbacks):
    # given an assignment due 2026-07-10
    w = world()
    _, a = assigned(w, when=at(2026, 4, 10))
    # when the daily run passes twice after the deadline
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.urge_due(today=date(2026, 7, 13))
    # then one overdue notice, delivered once the batch committed
    assert counts["overdue"] == 1 and services.urge_due(today=date(2026, 7, 14))["overdue"] == 0
    assert UrgeNotice.objects.filter(assignment=a, kind="overdue").count() == 1
    assert w.unit_users[0].notifications.filter(text__contains="超期催办").exists()


def test_manual_urge_only_by_staff_or_supervisor():
    w = world()
    _, a = assigned(w)
    with pytest.raises(PermissionDeniedError):
        services.assignment_urge(assignment=a, actor=w.deputy_users[0])
    assert services.assignment_urge(assignment=a, actor=w.staff, note="请加快").kind == "manual"


def test_recipient_rows_match_reply():
    w = world()
    _, _, r = replied(w, cosign=1)
    assert ReplyRecipient.objects.filter(reply=r).count() == 2
    assert User.objects.filter(deputy__in=[w.deputies[0], w.deputies[1]]).count() == 2


def test_S17_superseded_reply_not_offered_for_rating():
    w = world()
    _, a, r1 = replied(w, "A", cosign=1)
    services.evaluation_submit(
        reply=r1,
        actor=w.deputy_users[0],
        attitude="satisfied",
        result="dissatisfied",
        comment="未解决",
        at=at(2026, 6, 5),
    )
    a.refresh_from_db()
    r2 = submit_reply(w, a, text="再次答复", reply_class="A", signer_name="张", when=at(2026, 6, 20))
    # the co-signer never rated round 1; only round 2 is offered now
    assert list(selectors.replies_to_rate(viewer=w.deputy_users[1], today=date(2026, 6, 21))) == [r2]


def test_backdated_service_dates_its_events():
    # given a suggestion registered on paper on 2026-03-19
    w = world()
    p = registered(w, when=at(2026, 3, 19))
    ev = ProposalEvent.objects.get(proposal=p, action="register")
    assert ev.at == at(2026, 3, 19)
    # when it is returned with an explicit back-dated time
    services.proposal_return(proposal=p, actor=w.staff, category="no_content", reason="无实际内容", at=at(2026, 3, 22))
    # then the event carries that time
    assert ProposalEvent.objects.get(proposal=p, action="return").at == at(2026, 3, 22)
