"""Follow-up (回访复核) of an opinion the citizen rated low: the two ways out (issue 13 item 4).

A rating at or below :func:`renda.liaison.conf.low_rating_threshold` moves the opinion answered →
follow_up (:func:`renda.liaison.services.opinion_rate`). Staff of its congress then either

* re-route it (重新交办, :func:`opinion_reroute`): follow_up → routed, to the unit that answered or another
  one, with a reason the unit reads; the unit answers again and the citizen rates again; or
* close it (回访办结, :func:`opinion_close_explained`): follow_up → closed, with a written explanation
  (办结说明) that the citizen reads on the tracking page.

Both go through :func:`renda.core.workflow.transition` with the opinion workflow (locked row, optimistic
``version``, typed event, notice on commit); a refused action writes nothing.
"""

from __future__ import annotations

from django.db import transaction

from renda.core.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from renda.core.workflow import lock, transition
from renda.liaison import notices, permissions
from renda.liaison.events import Action
from renda.liaison.models import OPINION_TEXT_MAX, Opinion
from renda.liaison.workflow import OPINION_FLOW, Status
from renda.organization.models import HandlingUnit, User

REASON_MAX = 200


def _locked_in_follow_up(opinion: Opinion, actor: User, expected_version: int | None, target: str) -> Opinion:
    """The opinion locked and fresh; refuses a non-staff actor, then any status but follow-up."""
    op = lock(opinion, expected_version=expected_version)
    if not permissions.can_follow_up(actor, op):
        raise PermissionDeniedError("只有常委会工作人员可以处理回访复核")
    if op.status != Status.FOLLOW_UP:
        raise InvalidTransition(
            f"只有回访复核中的意见可以重新交办或办结（当前：{op.get_status_display()}）",
            extra={"from": op.status, "to": target},
        )
    return op


@transaction.atomic
def opinion_reroute(
    *,
    opinion: Opinion,
    actor: User,
    reason: str,
    unit: HandlingUnit | None = None,
    expected_version: int | None = None,
) -> Opinion:
    """Staff send a low-rated opinion back to a unit to answer again (重新交办): follow_up → routed.

    Args:
        opinion: an opinion in follow-up (回访复核).
        actor: staff of the opinion's congress (:func:`permissions.can_follow_up`).
        reason: why, what the unit should look at again (required, at most 200 characters; on the event
            and in the unit's notice).
        unit: the unit to answer (active, of the opinion's congress); ``None`` keeps the unit that answered.
        expected_version: the opinion's ``version`` the actor saw, or ``None`` (no check).
    Returns:
        The opinion, routed (its previous answer stays until the unit answers again).
    Raises:
        PermissionDeniedError: not staff of the opinion's congress.
        InvalidTransition: the opinion is not in follow-up.
        ApplicationError: ``reason_required`` (empty), ``reason_too_long``, ``unit_required`` (no unit),
            ``unit_invalid`` (a unit given that is inactive or of another congress).
        ConcurrentModification: the opinion changed since the actor loaded it.
    """
    op = _locked_in_follow_up(opinion, actor, expected_version, Status.ROUTED)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("请说明重新交办的原因", code="reason_required")
    if len(reason) > REASON_MAX:
        raise ApplicationError(f"原因不能超过 {REASON_MAX} 字", code="reason_too_long")
    if unit is not None and (not unit.is_active or unit.congress_id != op.congress_id):
        raise ApplicationError("所选承办单位不存在或已停用，请重新选择", code="unit_invalid")
    unit = unit or op.unit
    if unit is None:
        raise ApplicationError("请选择承办单位", code="unit_required")
    op.unit = unit
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.ROUTED,
        action=Action.REROUTE,
        actor=actor,
        allowed=permissions.can_follow_up(actor, op),
        note=f"重新交办{unit.name}：{reason}",
        fields=["unit"],
        notice=notices.opinion_rerouted(opinion_id=op.pk, title=op.title, unit_id=unit.pk, reason=reason),
    )
    return op


@transaction.atomic
def opinion_close_explained(
    *, opinion: Opinion, actor: User, explanation: str, expected_version: int | None = None
) -> Opinion:
    """Staff close a low-rated opinion with a written explanation (回访办结, 办结说明): follow_up → closed.

    Args:
        opinion: an opinion in follow-up (回访复核).
        actor: staff of the opinion's congress.
        explanation: what was done and why it is closed (required; shown to the citizen on the tracking
            page, phone/ID numbers and house numbers masked there).
        expected_version: optimistic check, as for :func:`opinion_reroute`.
    Returns:
        The opinion, closed, with ``closing_note`` set.
    Raises:
        PermissionDeniedError, InvalidTransition, ConcurrentModification: as for :func:`opinion_reroute`.
        ApplicationError: ``explanation_required`` (empty), ``explanation_too_long``.
    """
    op = _locked_in_follow_up(opinion, actor, expected_version, Status.CLOSED)
    explanation = explanation.strip()
    if not explanation:
        raise ApplicationError("请填写办结说明", code="explanation_required")
    if len(explanation) > OPINION_TEXT_MAX:
        raise ApplicationError(f"办结说明不能超过 {OPINION_TEXT_MAX} 字", code="explanation_too_long")
    op.closing_note = explanation
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.CLOSED,
        action=Action.CLOSE_EXPLAINED,
        actor=actor,
        allowed=permissions.can_follow_up(actor, op),
        note=explanation[:200],
        fields=["closing_note"],
    )
    return op
