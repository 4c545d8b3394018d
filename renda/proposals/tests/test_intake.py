"""Intake: registration numbers once (S1), drafts stay the deputy's own, bills between sessions (V4, G6)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.models import Notification
from renda.proposals import selectors, services
from renda.proposals.models import Kind, NumberCounter, Proposal, ProposalEvent
from renda.proposals.tests.factories import BODY, at, registered, world
from renda.proposals.workflow import Status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------ registration (defect 4)


def test_registering_a_registered_suggestion_again_keeps_its_number_and_burns_none():
    # given a registered suggestion, number 0001
    w = world()
    p = registered(w)
    number = p.number
    # when staff register it again
    # then refused as a transition, number and counter unchanged, no event
    before = ProposalEvent.objects.filter(proposal=p).count()
    with pytest.raises(InvalidTransition):
        services.proposal_register(proposal=p, actor=w.staff)
    p.refresh_from_db()
    assert p.number == number
    assert NumberCounter.objects.get().last == 1
    assert ProposalEvent.objects.filter(proposal=p).count() == before


def test_api_registering_twice_answers_409_and_the_deputy_is_told_one_number(django_capture_on_commit_callbacks):
    # given a submitted suggestion
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于公交线路优化的建议", body=BODY, at=at(2026, 3, 19))
    services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    staff = client_for(w.staff)
    url = f"/api/proposals/proposals/{p.pk}/register/"
    # when staff register it twice through the API
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.post(url, {}, content_type="application/json")
        second = staff.post(url, {}, content_type="application/json")
    # then the second is a 409 invalid_transition; one number, one notice naming it
    assert first.status_code == 200 and second.status_code == 409
    assert second.json()["code"] == "invalid_transition"
    p.refresh_from_db()
    assert p.number == first.json()["number"]
    notes = Notification.objects.filter(recipient=w.deputy_users[0], text__contains="已登记")
    assert [n.text for n in notes] == [f"您的建议已登记：{p.number}"]


# ------------------------------------------------------------------ drafts (defect 6)


def _draft(w) -> Proposal:
    return services.proposal_create(actor=w.deputy_users[0], title="关于公交线路优化的建议", body=BODY)


def test_a_deputys_draft_is_not_in_the_staff_list_nor_its_export():
    # given a deputy's unsubmitted draft
    w = world()
    draft = _draft(w)
    # when staff list proposals (page, Excel export)
    staff = client_for(w.staff)
    page = staff.get(reverse("proposals:list"))
    xlsx = staff.get(reverse("proposals:list") + "?format=xlsx")
    # then the draft is not there, and its page answers 404
    assert draft not in selectors.proposal_list(viewer=w.staff)
    assert draft.title not in page.content.decode()
    titles = [row[2] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert draft.title not in titles and "标题" in titles
    assert staff.get(reverse("proposals:detail", args=[draft.pk])).status_code == 404
    # and the deputy still sees it
    assert draft in selectors.proposal_list(viewer=w.deputy_users[0])


def test_staff_cannot_submit_a_deputys_draft():
    # given a deputy's draft
    w = world()
    draft = _draft(w)
    # when staff try to submit it
    # then refused, still a draft, no event
    with pytest.raises(PermissionDeniedError):
        services.proposal_submit(proposal=draft, actor=w.staff)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not ProposalEvent.objects.filter(proposal=draft, action="submit").exists()


def test_staff_submit_a_paper_suggestion_they_entered_for_a_deputy():
    # given a paper suggestion entered by staff on a deputy's behalf
    w = world()
    p = services.proposal_create(
        actor=w.staff, title="关于公交线路优化的建议", body=BODY, lead_deputy=w.deputies[0], at=at(2026, 3, 19)
    )
    # when staff submit it
    services.proposal_submit(proposal=p, actor=w.staff, at=at(2026, 3, 19))
    # then it is submitted and it was visible to staff as a draft
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED


# ------------------------------------------------------------------ bills between sessions (defect 7)


def _government_bill(w) -> Proposal:
    return services.proposal_create(
        actor=w.staff,
        kind=Kind.BILL,
        title="关于制定《城市绿化条例》的议案",
        body=BODY,
        submitter_type=Proposal.Submitter.INSTITUTION,
        institution=Proposal.Institution.GOVERNMENT,
        at=at(2026, 6, 2),
    )


def test_V4_G6_government_bill_between_sessions_stays_a_bill_to_the_standing_committee(
    django_capture_on_commit_callbacks,
):
    # given a bill of the city government entered between sessions
    w = world()
    bill = _government_bill(w)
    # when it is submitted
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=bill, actor=w.staff, at=at(2026, 6, 2))
    # then it stays a bill, addressed to the Standing Committee (no session), not converted
    bill.refresh_from_db()
    assert (bill.kind, bill.session_id, bill.converted_reason) == (Kind.BILL, None, "")
    # and the notice says a bill for the Standing Committee arrived, not a suggestion
    texts = list(Notification.objects.filter(recipient=w.staff).values_list("text", flat=True))
    assert texts == [f"收到新的议案（提请常务委员会审议）：{bill.title}"]
    # and it is numbered in the between-sessions bill series
    services.proposal_register(proposal=bill, actor=w.staff, at=at(2026, 6, 3))
    bill.refresh_from_db()
    assert bill.number == "2026年闭会期间 议案第0001号"


def test_G6_court_may_not_put_a_bill_to_the_standing_committee_between_sessions():
    # given a bill of the city court entered between sessions
    w = world()
    bill = services.proposal_create(
        actor=w.staff,
        kind=Kind.BILL,
        title="关于制定《诉讼服务条例》的议案",
        body=BODY,
        submitter_type=Proposal.Submitter.INSTITUTION,
        institution=Proposal.Institution.COURT,
    )
    # when it is submitted between sessions
    # then refused (G6), still a draft
    with pytest.raises(RuleViolation) as exc:
        services.proposal_submit(proposal=bill, actor=w.staff, at=at(2026, 6, 2))
    assert exc.value.extra["rule"] == "G6"
    bill.refresh_from_db()
    assert bill.status == Status.DRAFT


def test_B6_deputies_bill_between_sessions_is_still_handled_as_a_suggestion():
    # given a deputy's bill drafted between sessions with ten co-signers
    w = world(n_deputies=11)
    bill = services.proposal_create(
        actor=w.deputy_users[0], kind=Kind.BILL, title="关于制定条例的议案", body=BODY, cosigners=w.deputies[1:11]
    )
    for u in w.deputy_users[1:11]:
        services.cosigner_respond(proposal=bill, actor=u, accept=True)
    # when submitted between sessions
    services.proposal_submit(proposal=bill, actor=w.deputy_users[0], at=at(2026, 6, 2))
    # then it is a suggestion (B6), as before
    bill.refresh_from_db()
    assert bill.kind == Kind.SUGGESTION


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_take_one_number_on_postgresql():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers)")
    # given a submitted suggestion
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于公交线路优化的建议", body=BODY, at=at(2026, 3, 19))
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    results: list[str] = []

    def register() -> None:
        from django.db import connection as conn

        try:
            services.proposal_register(proposal=p, actor=w.staff)
            results.append("ok")
        except InvalidTransition:
            results.append("refused")
        finally:
            conn.close()

    # when two staff register it at the same moment
    threads = [threading.Thread(target=register) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then one wins, the other is refused, and exactly one number was taken
    assert sorted(results) == ["ok", "refused"]
    assert NumberCounter.objects.get().last == 1
    assert ProposalEvent.objects.filter(proposal=p, action="register").count() == 1
