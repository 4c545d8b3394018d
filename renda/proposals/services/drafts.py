"""Editing a draft (草稿) before it is submitted: title, content, topic, co-signers, attachments (S1).

A draft made from a citizen's opinion says "请修改完善后提交": its author changes it here. The
change is not a status move, so it is saved with :func:`renda.core.workflow.save_versioned` (the
version the author saw is checked: a page opened before another change is refused with
"已被他人修改") and written to the proposal's trail as a typed event (``Action.EDIT``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from renda.core.exceptions import InvalidTransition
from renda.core.workflow import save_versioned
from renda.organization.models import Deputy, User
from renda.proposals import events, notices, permissions
from renda.proposals.models import Attachment, CoSigner, Proposal
from renda.proposals.services._base import lock_proposal, send
from renda.proposals.services.intake import check_attachment, check_text
from renda.proposals.workflow import Status


@transaction.atomic
def proposal_update_draft(
    *,
    proposal: Proposal,
    actor: User,
    expected_version: int | None,
    title: str | None = None,
    body: str | None = None,
    topic: str | None = None,
    cosigners: Sequence[Deputy] | None = None,
    attachments: Sequence[UploadedFile] = (),
    remove_attachments: Sequence[int] = (),
    at: datetime | None = None,
) -> Proposal:
    """Change a draft; only its author (:func:`permissions.can_edit_draft`), only while it is a draft.

    Fields left ``None`` stay as they are. ``cosigners`` (when given) is the whole new list: deputies
    added are invited (and notified), deputies left out lose their invitation (or confirmation: the
    draft they agreed to is no longer the same). ``attachments`` are checked like on create
    (:func:`intake.check_attachment`) before anything is written; ``remove_attachments`` are ids of the
    draft's own attachments to drop. Nothing is written when nothing changed.

    Returns:
        The fresh draft.
    Raises:
        PermissionDeniedError: not the author.
        InvalidTransition: no longer a draft.
        ConcurrentModification: the draft changed since ``expected_version`` (已被他人修改).
        RuleViolation: S1 (length limits, attachment type or size).
    """
    p = lock_proposal(proposal, expected_version)  # a stale page is refused before anything is written
    if p.status != Status.DRAFT:
        raise InvalidTransition("只有草稿可以修改，已提交的议案、建议不能再修改")
    permissions.require(permissions.can_edit_draft(actor, p), "只有草稿的起草人可以修改")
    new_title = p.title if title is None else title
    new_body = p.body if body is None else body
    check_text(title=new_title, body=new_body)
    for f in attachments:
        check_attachment(f)
    changed: list[str] = []
    fields: list[str] = []
    for name, value, label in (
        ("title", new_title.strip(), "标题"),
        ("body", new_body.strip(), "内容"),
        ("topic", p.topic if topic is None else topic, "分类"),
    ):
        if getattr(p, name) != value:
            setattr(p, name, value)
            fields.append(name)
            changed.append(label)
    invited: list[int] = []
    if cosigners is not None:
        wanted = {d.pk for d in cosigners if d.pk != p.lead_deputy_id}
        current = set(p.cosigners.values_list("deputy_id", flat=True))
        gone, invited = current - wanted, sorted(wanted - current)
        if gone or invited:
            CoSigner.objects.filter(proposal=p, deputy_id__in=gone).delete()
            CoSigner.objects.bulk_create([CoSigner(proposal=p, deputy_id=pk) for pk in invited])
            changed.append("联名代表")
    dropped = Attachment.objects.filter(proposal=p, pk__in=list(remove_attachments))
    if attachments or dropped.exists():
        dropped.delete()
        for f in attachments:
            Attachment.objects.create(proposal=p, file=f, name=f.name or "")
        changed.append("附件")
    if not changed:
        return p
    save_versioned(p, fields, expected_version=expected_version)
    events.draft_edited(p, actor=actor, note="修改了" + "、".join(changed), at=at)
    if invited:
        lead = p.lead_deputy.name if p.lead_deputy else ""
        send(notices.cosign_invited(p, invited, lead))
    return p
