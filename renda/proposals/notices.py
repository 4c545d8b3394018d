"""Who is told what, per event of the proposals domain: one function per event returning the
:class:`~renda.core.notifications.Notice` (or notices) to send once the action commits.

Services pass the result to :func:`renda.core.workflow.transition` (``notice=``) or to
:func:`renda.core.notifications.notify_on_commit`; nothing else in the app sends a notification.
Recipients are resolved when the notice is built, inside the action's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from renda.core.notifications import Notice
from renda.core.privacy import redact_text
from renda.organization.models import User
from renda.proposals.models import Assignment, Kind, Proposal, Reply


def link_for(proposal: Proposal | int) -> str:
    """The page URL of a proposal (for notifications)."""
    pk = proposal if isinstance(proposal, int) else proposal.pk
    return reverse("proposals:detail", args=[pk])


def deputy_users(deputy_ids: Iterable[int]) -> list[int]:
    """Active user ids of the given deputies."""
    return list(User.objects.filter(deputy_id__in=list(deputy_ids), is_active=True).values_list("pk", flat=True))


def unit_users(unit_ids: Iterable[int]) -> list[int]:
    """Active officer user ids of the given handling units."""
    return list(
        User.objects.filter(
            handling_unit_id__in=list(unit_ids), role=User.Role.UNIT_OFFICER, is_active=True
        ).values_list("pk", flat=True)
    )


def staff_users(congress_id: int) -> list[int]:
    """Active staff user ids of the Standing Committee's office of ``congress_id``."""
    return list(
        User.objects.filter(role=User.Role.STAFF, congress_id=congress_id, is_active=True).values_list("pk", flat=True)
    )


def _deputies(p: Proposal) -> list[int]:
    from renda.proposals.selectors import proposal_deputies

    return deputy_users(proposal_deputies(p))


def cosign_invited(p: Proposal, deputy_ids: Iterable[int], lead_name: str) -> Notice:
    """Invited co-signers: please confirm (联名)."""
    return Notice.to(deputy_users(deputy_ids), f"{lead_name}代表邀请您联名：{p.title}", link_for(p))


def submitted(p: Proposal) -> Notice:
    """Staff: a new item arrived. A bill between sessions is addressed to the Standing Committee (V4, G6)."""
    if p.kind == Kind.BILL and p.session_id is None:
        text = f"收到新的议案（提请常务委员会审议）：{p.title}"
    else:
        text = f"收到新的{p.get_kind_display()}：{p.title}"
    return Notice.to(staff_users(p.congress_id), text, link_for(p))


def registered(p: Proposal) -> Notice:
    """The deputies: your item has its number."""
    return Notice.to(_deputies(p), f"您的{p.get_kind_display()}已登记：{p.number}", link_for(p))


def returned(p: Proposal) -> Notice:
    """The deputies: not accepted as a suggestion (S22)."""
    return Notice.to(_deputies(p), f"您的建议不予立案：{p.title}", link_for(p))


def key_designated(p: Proposal, vice_chair_id: int) -> Notice:
    """The supervising vice-chair of a key suggestion (S6)."""
    return Notice.to(deputy_users([vice_chair_id]), f"请督办重点建议：{redact_text(p.title)}", link_for(p))


def assigned_units(p: Proposal, unit_ids: Iterable[int]) -> Notice:
    """The units given a part of ``p``; the title with phone and ID numbers masked, as units read it
    (``permissions.can_read_personal_details`` is false for them; the notice is also e-mailed)."""
    return Notice.to(unit_users(unit_ids), f"新交办建议：{p.number} {redact_text(p.title)}", link_for(p))


def assigned_deputies(members: Iterable[Proposal]) -> list[Notice]:
    """Every deputy of every member of the group (S10, S11), each with a link to his own suggestion."""
    return [Notice.to(_deputies(m), f"您的建议已交办：{m.number}", link_for(m)) for m in members]


def reassign_requested(p: Proposal, a: Assignment) -> Notice:
    """Staff: a unit asks to be replaced (S12)."""
    return Notice.to(staff_users(p.congress_id), f"{a.unit.name}申请调整：{p.number}", link_for(p))


def reassign_refused(p: Proposal, a: Assignment) -> Notice:
    """The unit: carry on (S12)."""
    return Notice.to(unit_users([a.unit_id]), f"调整申请未获同意，请继续办理：{p.number}", link_for(p))


def reassigned(p: Proposal, unit_id: int) -> Notice:
    """The new unit after a reassignment (S12)."""
    return Notice.to(unit_users([unit_id]), f"新交办建议（调整）：{p.number}", link_for(p))


def opinion_sent(p: Proposal, a: Assignment, lead_unit_ids: Iterable[int]) -> Notice:
    """The lead units: a co-handler's opinion arrived (S8)."""
    return Notice.to(unit_users(lead_unit_ids), f"{a.unit.name}已提出会办意见：{p.number}", link_for(p))


def replied(reply: Reply, unit_name: str, due: object) -> list[Notice]:
    """Every deputy who received ``reply`` (S10, S11), each with a link to the suggestion he signed."""
    by_member: dict[int, list[int]] = {}
    for proposal_id, deputy_id in reply.recipients.values_list("proposal_id", "deputy_id"):
        by_member.setdefault(proposal_id, []).append(deputy_id)
    titles = dict(Proposal.objects.filter(pk__in=list(by_member)).values_list("pk", "title"))
    return [
        Notice.to(deputy_users(ids), f"{unit_name}已答复您的建议，请在{due}前评价：{titles[pk]}", link_for(pk))
        for pk, ids in by_member.items()
    ]


def extension_requested(p: Proposal, a: Assignment) -> Notice:
    """Staff: a unit asks for more time (S14)."""
    return Notice.to(staff_users(p.congress_id), f"{a.unit.name}申请延期：{p.number}", link_for(p))


def extension_decided(p: Proposal, a: Assignment, note: str, approved: bool) -> list[Notice]:
    """The unit, and the deputies when approved (S14)."""
    out = [Notice.to(unit_users([a.unit_id]), f"{note}：{p.number}", link_for(p))]
    if approved:
        out.append(Notice.to(_deputies(p), f"{a.unit.name}{note}：{p.title}", link_for(p)))
    return out


def rehandling(p: Proposal, a: Assignment, due: object, reason: str = "") -> Notice:
    """The unit: the deputy was not satisfied, reply again (S17); the deputy's reason, when given."""
    why = f" 代表意见：{reason[:200]}" if reason else ""
    return Notice.to(unit_users([a.unit_id]), f"代表不满意，请重新办理（{due}前答复）：{p.number}{why}", link_for(p))


def commitment_reported(reply: Reply, what: str, p: Proposal) -> Notice:
    """The deputies who received the reply: a promise is kept (S19)."""
    ids = list(reply.recipients.values_list("deputy_id", flat=True))
    return Notice.to(deputy_users(ids), f"答复承诺事项已落实：{what}", link_for(p))


def urged(p: Proposal, a: Assignment, note: str) -> Notice:
    """The unit: a manual urge notice (催办)."""
    return Notice.to(unit_users([a.unit_id]), f"催办：{p.number} 请于{a.due_date}前办理。{note}", link_for(p))


def urged_automatically(a: Assignment, overdue: bool, unit_user_ids: list[int]) -> list[Notice]:
    """The unit (in-app only) before or after a deadline; staff too when a key suggestion is overdue."""
    p = a.proposal
    due: date = a.due_date
    text = f"超期催办：{p.number} 期限{due}已过，请尽快办理" if overdue else f"到期提醒：{p.number} 请于{due}前办理"
    out = [Notice.to(unit_user_ids, text, link_for(p), email=False)]
    if overdue and p.is_key:
        out.append(Notice.to(staff_users(p.congress_id), text, link_for(p)))
    return out
