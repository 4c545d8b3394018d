"""Permissions as the single source (predicates, access_assignment, allowed actions) and admin audit."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.proposals import permissions, selectors, services
from renda.proposals.events import Action
from renda.proposals.models import Proposal, ProposalEvent, Reply
from renda.proposals.tests.factories import assigned, at, registered, replied, world

pytestmark = pytest.mark.django_db


def test_access_assignment_refuses_an_unknown_action_even_to_staff():
    # given an assignment staff may see
    w = world()
    _, a = assigned(w)
    # when staff ask for an action no predicate knows
    # then refused like a missing record
    with pytest.raises(NotFoundOrForbidden):
        selectors.access_assignment(viewer=w.staff, pk=a.pk, action="teleport")
    assert selectors.access_assignment(viewer=w.staff, pk=a.pk, action="urge") == a


def test_access_assignment_uses_the_predicates_per_action():
    # given an assignment to unit 0
    w = world()
    _, a = assigned(w)
    # when each role asks for a unit action and a staff decision
    # then only the predicate's holder gets it
    assert selectors.access_assignment(viewer=w.unit_users[0], pk=a.pk, action="receive") == a
    with pytest.raises(NotFoundOrForbidden):
        selectors.access_assignment(viewer=w.staff, pk=a.pk, action="receive")
    with pytest.raises(NotFoundOrForbidden):
        selectors.access_assignment(viewer=w.unit_users[0], pk=a.pk, action="approve_extension")


def test_forbidden_receive_leaves_no_event():
    # given an assignment to unit 0
    w = world()
    _, a = assigned(w)
    before = ProposalEvent.objects.count()
    # when another unit tries to receive it
    # then refused, no event row
    with pytest.raises(PermissionDeniedError):
        services.assignment_receive(assignment=a, actor=w.unit_users[1])
    assert ProposalEvent.objects.count() == before


def test_allowed_actions_follow_the_workflow_and_the_role():
    # given a submitted suggestion
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title="关于公交线路优化的建议", body="x" * 40)
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    # when staff and the deputy look at it
    staff, deputy = permissions.allowed_actions(w.staff, p), permissions.allowed_actions(w.deputy_users[0], p)
    # then staff may register or return, the deputy may withdraw; nobody may assign yet
    assert staff["register"] and staff["return"] and not staff["assign"]
    assert deputy["withdraw"] and not deputy["register"] and not deputy["submit"]


def test_timeline_labels_are_typed_chinese_actions():
    # given a registered suggestion
    w = world()
    p = registered(w)
    # then every event has a typed action with its Chinese label
    labels = [e.action_label for e in ProposalEvent.objects.filter(proposal=p)]
    assert labels == [str(Action.CREATE.label), str(Action.SUBMIT.label), str(Action.REGISTER.label)]
    # and an unknown action cannot be written
    with pytest.raises(ValueError):
        ProposalEvent(proposal=p, action="frobnicate").save()


def test_admin_proposal_is_read_only_by_state_and_a_reply_always():
    # given a replied suggestion and a registered one
    w = world()
    p, _a, r = replied(w)
    other = registered(w, title="关于别的事项的建议")
    request = RequestFactory().get("/")
    request.user = w.staff
    proposal_admin, reply_admin = site._registry[Proposal], site._registry[Reply]
    # then the submitted content is read-only once submitted, and the reply entirely
    assert {"title", "body", "lead_deputy"} <= set(proposal_admin.get_readonly_fields(request, other))
    assert {"text", "reply_class", "document", "signer_name"} <= set(reply_admin.get_readonly_fields(request, r))
    assert not proposal_admin.has_delete_permission(request, p)


def test_api_unit_reads_its_own_assignment_and_another_unit_gets_404():
    # given an assignment to unit 0
    from django.test import Client

    w = world()
    _, a = assigned(w)
    own, other = Client(), Client()
    own.force_login(w.unit_users[0])
    other.force_login(w.unit_users[1])
    # when both read it through the API
    # then the unit gets it, the other unit a 404
    assert own.get(f"/api/proposals/assignments/{a.pk}/").status_code == 200
    assert other.get(f"/api/proposals/assignments/{a.pk}/").status_code == 404


def _bill(w):
    bill = services.proposal_create(
        actor=w.staff,
        kind="bill",
        title="关于制定条例的议案",
        body="x" * 40,
        submitter_type=Proposal.Submitter.INSTITUTION,
        institution=Proposal.Institution.GOVERNMENT,
        at=at(2026, 3, 19),
    )
    bill = services.proposal_submit(proposal=bill, actor=w.staff, at=at(2026, 3, 19))
    return services.proposal_register(proposal=bill, actor=w.staff, at=at(2026, 3, 19))


def _pair(w):
    return registered(w), registered(w, title="关于别的事项的建议")


#: action → (prepare the record, the refused call by another role)
STAFF_ONLY_CALLS = {
    "register": (registered, lambda w, p: services.proposal_register(proposal=p, actor=w.deputy_users[0])),
    "return": (
        registered,
        lambda w, p: services.proposal_return(proposal=p, actor=w.deputy_users[0], category="personal", reason="x"),
    ),
    "assign": (
        registered,
        lambda w, p: services.suggestion_assign(proposal=p, actor=w.deputy_users[0], leads=[w.units[0]]),
    ),
    "designate_key": (
        registered,
        lambda w, p: services.suggestion_designate_key(
            proposal=p, actor=w.deputy_users[0], vice_chair=w.vice_chair, committee=w.committee
        ),
    ),
    "merge": (
        _pair,
        lambda w, pair: services.proposals_merge(primary=pair[0], others=[pair[1]], actor=w.unit_users[0]),
    ),
    "close": (registered, lambda w, p: services.proposal_close_after_window(proposal=p, actor=w.deputy_users[0])),
    "recommend": (
        _bill,
        lambda w, b: services.bill_recommend(proposal=b, actor=w.deputy_users[0], decision="agenda", opinion="同意"),
    ),
    "decide": (_bill, lambda w, b: services.bill_decide(proposal=b, actor=w.deputy_users[0], decision="agenda")),
    "conclude": (_bill, lambda w, b: services.bill_conclude(proposal=b, actor=w.deputy_users[0], report="通过")),
}


@pytest.mark.parametrize("action", sorted(STAFF_ONLY_CALLS))
def test_staff_only_action_by_another_role_is_refused_and_leaves_no_event(action):
    # given the record the office would act on, and the events so far
    w = world()
    prepare, call = STAFF_ONLY_CALLS[action]
    target = prepare(w)
    before = ProposalEvent.objects.count()
    # when a deputy (or a unit) tries the office's action
    with pytest.raises(PermissionDeniedError):
        call(w, target)
    # then refused, and no event row was written
    assert ProposalEvent.objects.count() == before
