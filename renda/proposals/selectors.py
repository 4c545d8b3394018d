"""Reads of the proposals domain, with visibility in one place (DESIGN.md house style 2, 6).

* staff see every proposal of their congress;
* a deputy sees the proposals they lead or were invited to co-sign, and those of their merge groups;
* a unit officer sees proposals with a live assignment to their unit (and only those assignments);
* a supervisor sees the key suggestions they supervise (vice-chair) or whose committee they sit in;
* the public sees only published replies (S21), redacted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from renda.core.exceptions import NotFoundOrForbidden
from renda.core.pagination import CountlessPage, countless_page
from renda.core.privacy import redact_text
from renda.organization.models import Congress, HandlingUnit, Membership, Session, User
from renda.proposals import permissions, workflow
from renda.proposals.models import (
    Assignment,
    Attachment,
    Commitment,
    CoSigner,
    Evaluation,
    ImportJob,
    ImportRowError,
    KeySupervision,
    Proposal,
    Reply,
    ReplyRecipient,
    Satisfaction,
)
from renda.proposals.publication import mask
from renda.proposals.workflow import AssignmentStatus, Status

PUBLIC_STATUSES = {Status.REPLIED, Status.REHANDLING, Status.CLOSED}


def visible_proposals(viewer: Any) -> QuerySet[Proposal]:
    """Proposals ``viewer`` may open (see module docstring). Anonymous users get none."""
    qs = Proposal.objects.all()
    if not viewer.is_authenticated:
        return qs.none()
    role = viewer.role
    if role == User.Role.STAFF:
        # a deputy's unsubmitted draft is his own: staff see only the drafts the office entered (defect 6).
        # The staff accounts as a sub-select, not a join: PostgreSQL hashes the few staff ids once and
        # filters the congress's list index in its order (a join to every user sorted 5,000 rows per
        # page at provincial scale, issue 17).
        office = User.objects.filter(role=User.Role.STAFF).values("pk")
        qs = qs.filter(~Q(status=Status.DRAFT) | Q(entered_by_id__in=office))
        return qs.filter(congress_id=viewer.congress_id) if viewer.congress_id else qs
    if role == User.Role.DEPUTY and viewer.deputy_id:
        # one list of ids from three indexed look-ups, not an EXISTS per row: correlated subqueries
        # over 100,000 proposals took 0.6 s at provincial scale (issue 17)
        mine = (
            Proposal.objects.filter(lead_deputy_id=viewer.deputy_id)
            .order_by()
            .values("pk")
            .union(
                CoSigner.objects.filter(deputy_id=viewer.deputy_id).order_by().values("proposal_id"),
                ReplyRecipient.objects.filter(deputy_id=viewer.deputy_id).order_by().values("proposal_id"),
            )
        )
        return qs.filter(pk__in=mine)
    if role == User.Role.UNIT_OFFICER and viewer.handling_unit_id:
        return qs.filter(
            Exists(
                Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=viewer.handling_unit_id).exclude(
                    status=AssignmentStatus.CANCELLED
                )
            )
        )
    if role == User.Role.SUPERVISOR and viewer.deputy_id:
        bodies = Membership.objects.filter(deputy_id=viewer.deputy_id, ended_on__isnull=True).values("body_id")
        return qs.filter(
            Exists(
                KeySupervision.objects.filter(proposal=OuterRef("pk")).filter(
                    Q(vice_chair_id=viewer.deputy_id) | Q(committee_id__in=bodies)
                )
            )
        )
    return qs.none()


def proposal_deputies(proposal: Proposal) -> list[int]:
    """Deputy ids who sign ``proposal``: the lead deputy and every confirmed co-signer (S11)."""
    ids = [proposal.lead_deputy_id] if proposal.lead_deputy_id else []
    ids += list(
        proposal.cosigners.filter(status=CoSigner.State.CONFIRMED).values_list("deputy_id", flat=True).order_by("id")
    )
    return list(dict.fromkeys(ids))


def in_live_group(proposal: Proposal) -> bool:
    """Whether ``proposal`` belongs to a merge group that is not dissolved (S10)."""
    return bool(proposal.merge_group_id and proposal.merge_group and proposal.merge_group.dissolved_at is None)


def group_members(proposal: Proposal) -> list[Proposal]:
    """``proposal`` and, if it belongs to a live merge group, every member of the group (S10), by id."""
    if in_live_group(proposal):
        return list(Proposal.objects.filter(merge_group_id=proposal.merge_group_id).order_by("id"))
    return [proposal]


def handling_proposal(proposal: Proposal) -> Proposal:
    """The proposal whose assignments handle ``proposal``: the primary of its live merge group (S10),
    else itself. A merged member has no assignments of its own."""
    if in_live_group(proposal) and proposal.merge_group.primary_id != proposal.pk:  # type: ignore[union-attr]
        return Proposal.objects.get(pk=proposal.merge_group.primary_id)  # type: ignore[union-attr]
    return proposal


def session_at(congress: Congress, day: date) -> Session | None:
    """The session of ``congress`` in progress on ``day`` (S1), or ``None`` between sessions."""
    return (
        Session.objects.filter(term__congress=congress, opening_date__lte=day, closing_date__gte=day)
        .select_related("term")
        .first()
    )


def visible_assignments(viewer: Any, proposal: Proposal) -> QuerySet[Assignment]:
    """The assignments handling ``proposal`` the viewer may see (a merged member shows its primary's,
    S10): a unit sees only its own."""
    qs = handling_proposal(proposal).assignments.select_related("unit").order_by("role", "id")
    if viewer.role == User.Role.UNIT_OFFICER:
        return qs.filter(unit_id=viewer.handling_unit_id)
    return qs


def proposal_get(*, viewer: Any, pk: int) -> Proposal:
    """Fetch and authorise in one step; missing and forbidden answer alike (NotFoundOrForbidden)."""
    p = (
        visible_proposals(viewer)
        .select_related("lead_deputy", "session__term", "congress", "merge_group", "delegation")
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    return p


def assignment_get(*, viewer: Any, pk: int) -> Assignment:
    """Fetch an assignment ``viewer`` may see (its proposal, or a member merged into it, is visible).

    Raises:
        NotFoundOrForbidden: missing and forbidden alike (404).
    """
    a = Assignment.objects.select_related("proposal", "unit").filter(pk=pk).first()
    handled = Q(pk=a.proposal_id if a else 0) | Q(
        merge_group__primary_id=a.proposal_id if a else 0, merge_group__dissolved_at__isnull=True
    )  # a merged member's deputy sees the primary's assignments (S10)
    if a is None or not visible_proposals(viewer).filter(handled).exists():
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    if viewer.role == User.Role.UNIT_OFFICER and a.unit_id != viewer.handling_unit_id:
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    return a


def reply_document_get(*, viewer: Any, pk: int) -> Reply:
    """A reply whose signed document (答复件) ``viewer`` may download: the reply's assignment must be visible
    to them (``assignment_get``: the proposal's deputies, the replying unit, staff, supervisors of a key
    suggestion). The public never gets the signed document. Missing, forbidden or without a document answer
    alike (NotFoundOrForbidden)."""
    r = Reply.objects.filter(pk=pk).only("id", "assignment_id", "document").first()
    if r is None or not r.document or not getattr(viewer, "is_authenticated", False):
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    assignment_get(viewer=viewer, pk=r.assignment_id)
    return r


def attachment_get(*, viewer: Any, pk: int) -> Attachment:
    """A deputy's attachment ``viewer`` may download: only if they may open its proposal (``proposal_get``)."""
    att = Attachment.objects.filter(pk=pk).first()
    if att is None or not att.file or not getattr(viewer, "is_authenticated", False):
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    proposal_get(viewer=viewer, pk=att.proposal_id)
    return att


def access_assignment(*, viewer: Any, pk: int, action: str) -> Assignment:
    """Fetch-and-authorise an assignment for ``action`` BEFORE any input is validated: the assignment must be
    visible (``assignment_get``) and ``permissions.may_act_on_assignment`` must allow the action (an unknown
    action is refused). Anything else answers NotFoundOrForbidden (404 alike for missing and forbidden), so
    nobody learns about others' records from validation errors or version conflicts."""
    a = assignment_get(viewer=viewer, pk=pk)
    if not permissions.may_act_on_assignment(viewer, a, action):
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    return a


def access_reply_for_evaluation(*, viewer: Any, pk: int) -> Reply:
    """A reply ``viewer`` may rate: delivered to him (``permissions.can_evaluate``; every deputy of a
    merged group, S10). Missing and forbidden answer alike (NotFoundOrForbidden)."""
    r = Reply.objects.select_related("assignment__proposal").filter(pk=pk).first()
    if r is None or not permissions.can_evaluate(viewer, r):
        raise NotFoundOrForbidden(gettext("记录不存在或您无权查看"))
    return r


def proposals_by_numbers(*, viewer: Any, congress_id: int, numbers: list[str]) -> list[Proposal]:
    """The visible proposals of ``congress_id`` with the given numbers (for merging, S10)."""
    return list(visible_proposals(viewer).filter(congress_id=congress_id, number__in=numbers))


def proposals_by_ids(*, viewer: Any, congress_id: int, ids: list[int]) -> list[Proposal]:
    """The visible proposals of ``congress_id`` with the given ids (the merge API, S10)."""
    return list(visible_proposals(viewer).filter(congress_id=congress_id, pk__in=ids))


def proposal_list(
    *,
    viewer: Any,
    q: str = "",
    status: str = "",
    kind: str = "",
    topic: str = "",
    key: bool | None = None,
    scope: str = "",
    order: str = "serial",
    pending: str = "",
) -> QuerySet[Proposal]:
    """Visible proposals filtered and sorted; lead deputy and session joined (constant query count).

    ``scope``: for deputies ``mine`` (led), ``cosigned``, ``to_rate`` (replies awaiting my rating).
    ``pending``: ``reassign`` or ``extension``, proposals with such a request awaiting staff.
    ``order``: one of serial, -serial, submitted_at, -submitted_at, title. A ``q`` holding a phone or ID
    number finds nothing for roles that read such numbers masked (``shown_text``).
    """
    qs = visible_proposals(viewer).select_related("lead_deputy", "session__term")
    if q and redact_text(q) != q and not permissions.can_read_personal_details(viewer):
        return qs.none()  # searching by a phone or ID number would confirm what the page masks
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(number__contains=q) | Q(lead_deputy__name__contains=q))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if topic:
        qs = qs.filter(topic=topic)
    if key is not None:
        qs = qs.filter(is_key=key)
    if scope == "mine" and viewer.deputy_id:
        qs = qs.filter(lead_deputy_id=viewer.deputy_id)
    elif scope == "cosigned" and viewer.deputy_id:
        qs = qs.filter(cosigners__deputy_id=viewer.deputy_id)
    elif scope == "to_rate" and viewer.deputy_id:
        qs = qs.filter(pk__in=replies_to_rate(viewer=viewer).values("recipients__proposal_id"))
    if pending == "reassign":  # proposals with a unit's request to change the assignment (S12)
        qs = qs.filter(
            Exists(Assignment.objects.filter(proposal=OuterRef("pk"), status=AssignmentStatus.REASSIGN_REQUESTED))
        )
    elif pending == "extension":  # proposals with a unit's request for more time (S14)
        qs = qs.filter(Exists(Assignment.objects.filter(proposal=OuterRef("pk"), extension_status="requested")))
    allowed = {"serial", "-serial", "submitted_at", "-submitted_at", "title", "-title", "status"}
    return qs.order_by(order if order in allowed else "serial", "id")


def replies_to_rate(*, viewer: Any, today: date | None = None) -> QuerySet[Reply]:
    """Current-round replies delivered to the viewer (a deputy), not yet rated, window still open (S16)."""
    today = today or timezone.localdate()
    if not viewer.deputy_id:
        return Reply.objects.none()
    return (
        Reply.objects.filter(recipients__deputy_id=viewer.deputy_id, evaluation_due__gte=today)
        .filter(assignment__status=AssignmentStatus.REPLIED, round=F("assignment__round"))
        .exclude(evaluations__deputy_id=viewer.deputy_id)
        .select_related("assignment__proposal", "assignment__unit")
        .distinct()
    )


def unit_inbox(*, unit_id: int, bucket: str = "open", today: date | None = None) -> QuerySet[Assignment]:
    """A unit's assignments: ``open`` (still owing), ``due_soon`` (due within 15 days), ``overdue``,
    ``done`` (replied/closed/opinion sent). Sorted by due date; proposal joined."""
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(unit_id=unit_id).select_related("proposal", "unit")
    if bucket == "done":
        qs = qs.filter(status__in=[AssignmentStatus.REPLIED, AssignmentStatus.CLOSED, AssignmentStatus.OPINION_SENT])
    else:
        qs = qs.filter(status__in=workflow.ASSIGNMENT_OPEN)
        if bucket == "overdue":
            qs = qs.filter(due_date__lt=today)
        elif bucket == "due_soon":
            qs = qs.filter(due_date__gte=today, due_date__lte=date.fromordinal(today.toordinal() + 15))
    return qs.order_by("due_date", "id")


def overdue_board(*, congress_id: int | None, today: date | None = None, viewer: Any = None) -> list[dict[str, Any]]:
    """Per unit: open assignments and overdue ones; one aggregate query. A supervisor (``viewer``)
    sees only the proposals they supervise. A congress's assignments are read by their own
    ``congress`` (index ``assignment_congress_open_idx``), not by joining the proposals."""
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(status__in=workflow.ASSIGNMENT_OPEN)
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    if viewer is not None and viewer.role != User.Role.STAFF:
        qs = qs.filter(proposal__in=visible_proposals(viewer))
    rows = (
        qs.values("unit_id", "unit__name")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
        .filter(overdue__gt=0)
        .order_by("-overdue", "unit__name")
    )
    return list(rows)


def overdue_assignments(
    *, congress_id: int | None, unit_id: int | None = None, today: date | None = None, viewer: Any = None
) -> QuerySet[Assignment]:
    """Open assignments past their deadline, oldest first (same visibility as :func:`overdue_board`)."""
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(status__in=workflow.ASSIGNMENT_OPEN, due_date__lt=today)
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    if viewer is not None and viewer.role != User.Role.STAFF:
        qs = qs.filter(proposal__in=visible_proposals(viewer))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.select_related("proposal", "unit").order_by("due_date", "id")


def key_board(*, viewer: Any) -> QuerySet[Proposal]:
    """Key suggestions (S6) visible to the viewer with their chain and assignments prefetched."""
    return (
        visible_proposals(viewer)
        .filter(is_key=True)
        .select_related(
            "key_supervision__vice_chair",
            "key_supervision__leading_official",
            "key_supervision__committee",
            "key_supervision__urging_unit",
        )
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("unit")))
        .order_by("serial", "id")
    )


def open_commitments(*, unit: HandlingUnit | None = None) -> QuerySet[Commitment]:
    """The promise ledger (S19): commitments not yet reported to the deputy, by due date."""
    qs = Commitment.objects.filter(reported_to_deputy_on__isnull=True).select_related(
        "reply__assignment__proposal", "unit"
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("due_date", "id")


#: The public replies' order: newest publication first (S21: a reply is published ``publish_on``, 20
#: working days after it was sent), then newest reply, then id — the index
#: ``reply_public_published_idx``. ``publish_on`` never decreases as the reply date grows while the
#: delay setting stays the same, so this is the order of the reply dates (``-replied_on, -id``) with
#: the replies not yet public left out; it differs only for replies made under another delay, each
#: then listed where its publication date puts it. The page seeks to today's publications in the
#: index instead of walking the ~14,000 newest replies not yet public (issue 17 item 3).
PUBLIC_REPLY_ORDER = ("-publish_on", "-replied_on", "-id")


def published_replies(*, today: date | None = None, q: str = "") -> QuerySet[Reply]:
    """Replies public from ``publish_on`` (reply date + 20 working days, S21), of proposals that were
    not returned or withdrawn, newest publication first (:data:`PUBLIC_REPLY_ORDER`); with ``q``,
    those whose published (masked) title or reply contains it: searching the texts as written let
    anyone confirm that a phone or ID number was in a reply."""
    return _published(today=today, q=q).select_related("assignment__proposal", "assignment__unit")


def _published(*, today: date | None, q: str) -> QuerySet[Reply]:
    today = today or timezone.localdate()
    qs = Reply.objects.filter(publish_on__lte=today, assignment__proposal__status__in=PUBLIC_STATUSES)
    if q:
        qs = qs.filter(Q(assignment__proposal__public_title__contains=q) | Q(public_text__contains=q))
    return qs.order_by(*PUBLIC_REPLY_ORDER)


#: The public replies page's and API's columns: row key → field path (plain ``values()`` rows, no
#: model objects), the texts from the masked copies stored when they were written
#: (:mod:`renda.proposals.publication`). Plain paths, renamed in Python: ``F()`` aliases cost a
#: third more to build and compile a request.
PUBLIC_REPLY_COLUMNS = {
    "id": "id",
    "number": "assignment__proposal__number",
    "title": "assignment__proposal__public_title",
    "body": "assignment__proposal__public_body",
    "unit": "assignment__unit__name",
    "reply_class": "reply_class",
    "replied_on": "replied_on",
    "public_text": "public_text",
}


def public_reply_page(*, page: Any = 1, per_page: int = 20, q: str = "", today: date | None = None) -> CountlessPage:
    """One page of the published replies (S21) for the public page and ``/api/proposals/public-replies/``.

    Same replies in the same order as :func:`published_replies` (newest publication first; ids from
    the covering index ``reply_public_published_idx``, then those rows joined), as dicts keyed as
    :data:`PUBLIC_REPLY_COLUMNS` (``id``, ``number``, ``title``, ``body``, ``unit``, ``reply_class``,
    ``replied_on``, ``public_text``), the texts already masked (stored when written: phones, ID
    numbers, home addresses). Count-less (:class:`renda.core.pagination.CountlessPage`): one query
    whatever the number of replies.

    Args:
        page: the page asked for (a query-string value; anything not a positive integer is page 1).
        per_page: rows a page (20 on the page, the API's ``PAGE_SIZE`` there).
        q: words searched in the title and the reply's text as published (masked).
        today: the publication date compared with ``publish_on`` (default today, Asia/Shanghai).
    Returns:
        The page (``has_next``, ``has_previous``, ``number``); iterating gives the dicts.
    """
    ids = _published(today=today, q=q)
    names, paths = list(PUBLIC_REPLY_COLUMNS), list(PUBLIC_REPLY_COLUMNS.values())

    def rows(page_ids: QuerySet[Reply]) -> list[dict[str, Any]]:
        # the page's ids already passed the filters: only the shown columns' joins here
        found = Reply.objects.filter(pk__in=page_ids).order_by(*PUBLIC_REPLY_ORDER).values_list(*paths)
        return [dict(zip(names, row, strict=True)) for row in found]

    return countless_page(ids, per_page, page, rows=rows)


def public_text(text: str) -> str:
    """Text as published to everyone: phones, ID numbers and home addresses' household detail masked
    (S21; :func:`renda.proposals.publication.mask`, the function whose result is stored beside the
    texts of suggestions and replies)."""
    return mask(text)


def shown_text(viewer: Any, text: str | None) -> str:
    """A suggestion's title, body or a timeline note as ``viewer`` may read it: as written for the roles
    of :func:`permissions.can_read_personal_details` (staff, the deputies), else with phone and ID numbers
    masked (``redact_text``). THE one place every surface asks: list, inbox, boards, detail page,
    timeline, API, both xlsx exports, search results, notices to units."""
    value = text or ""
    return value if permissions.can_read_personal_details(viewer) else redact_text(value)


def proposal_timeline(*, viewer: Any, proposal: Proposal) -> list[Any]:
    """The events of ``proposal``'s trail ``viewer`` may see, oldest first (``permissions.can_view_event``:
    a unit officer does not see another unit's consultations with the deputy or the deputies' ratings,
    S8), notes as :func:`shown_text` gives them (replaced on the returned objects, never saved).
    Three queries whatever the length."""
    events = list(proposal.events.select_related("actor", "assignment__unit").order_by("at", "id"))
    own: frozenset[int] = frozenset()
    lead = False
    if permissions.is_unit_role(viewer):
        mine = list(
            Assignment.objects.filter(proposal=proposal, unit_id=viewer.handling_unit_id).values_list("pk", "role")
        )
        own = frozenset(pk for pk, _ in mine)
        lead = any(role == Assignment.Role.LEAD for _, role in mine)
    shown = [e for e in events if permissions.can_view_event(viewer, e, own, lead)]
    for e in shown:
        e.note = shown_text(viewer, e.note)
    return shown


def handling_report(*, congress: Any, session: Session | None) -> dict[str, Any]:
    """Figures for the report on handling to the Standing Committee (S5): totals, by status, by
    reply class (latest reply per lead assignment)."""
    qs = Proposal.objects.filter(congress=congress, session=session, kind="suggestion")
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    replies = Reply.objects.filter(assignment__proposal__in=qs, round=F("assignment__round"))
    by_class = dict(replies.values_list("reply_class").annotate(n=Count("id")).order_by())
    replied = sum(by_status.get(s, 0) for s in PUBLIC_STATUSES)
    return {"total": qs.count(), "by_status": by_status, "by_class": by_class, "replied": replied}


def unit_summary(*, unit: HandlingUnit, start: date, end: date) -> dict[str, int]:
    """A unit's mid-year / year-end report figures (S20): assigned, replied, overdue in [start, end]."""
    qs = Assignment.objects.filter(unit=unit, assigned_on__gte=start, assigned_on__lte=end).exclude(
        status=AssignmentStatus.CANCELLED
    )
    return {
        "assigned": qs.count(),
        "replied": Reply.objects.filter(assignment__in=qs, replied_on__lte=end).values("assignment").distinct().count(),
        "overdue": qs.filter(status__in=workflow.ASSIGNMENT_OPEN, due_date__lt=end).count(),
    }


def pending_counts(user: Any) -> dict[str, int]:
    """Real pending counts for the role home panels (bounded queries)."""
    today = timezone.localdate()
    if user.role == User.Role.STAFF:
        return {  # the same querysets as the pages the panel links to, so each figure is its page's count
            "to_register": proposal_list(viewer=user, status=Status.SUBMITTED).count(),
            "to_assign": proposal_list(viewer=user, status=Status.REGISTERED, kind="suggestion").count(),
            "reassign": proposal_list(viewer=user, pending="reassign").count(),
            "extension": proposal_list(viewer=user, pending="extension").count(),
            "overdue": overdue_assignments(congress_id=user.congress_id, today=today, viewer=user).count(),
        }
    if user.role == User.Role.DEPUTY:
        own = Proposal.objects.filter(lead_deputy_id=user.deputy_id or 0).aggregate(
            mine=Count("pk"), drafts=Count("pk", filter=Q(status=Status.DRAFT))
        )
        return {
            "mine": own["mine"],
            "drafts": own["drafts"],
            "invites": CoSigner.objects.filter(deputy_id=user.deputy_id, status=CoSigner.State.INVITED).count(),
            "to_rate": replies_to_rate(viewer=user).count(),
        }
    if user.role == User.Role.UNIT_OFFICER and user.handling_unit_id:
        return {
            "open": unit_inbox(unit_id=user.handling_unit_id).count(),
            "to_receive": Assignment.objects.filter(
                unit_id=user.handling_unit_id, status=AssignmentStatus.ASSIGNED
            ).count(),
            "overdue": unit_inbox(unit_id=user.handling_unit_id, bucket="overdue").count(),
            "due_soon": unit_inbox(unit_id=user.handling_unit_id, bucket="due_soon").count(),
        }
    if user.role == User.Role.SUPERVISOR:
        qs = visible_proposals(user)
        return {
            "supervised": qs.count(),
            "overdue": Assignment.objects.filter(
                proposal__in=qs, status__in=workflow.ASSIGNMENT_OPEN, due_date__lt=today
            ).count(),
        }
    return {}


def import_jobs(*, viewer: Any) -> QuerySet[ImportJob]:
    """The Excel import jobs ``viewer`` may see (``permissions.can_view_import``), newest first."""
    if not permissions.is_staff_office(viewer):
        return ImportJob.objects.none()
    mine = Q(created_by_id=viewer.pk)
    if viewer.congress_id:
        mine |= Q(congress_id=viewer.congress_id)
    return ImportJob.objects.filter(mine).select_related("created_by").order_by("-id")


def access_import_job(*, viewer: Any, pk: int) -> ImportJob:
    """An import job ``viewer`` may see; missing and forbidden answer alike (NotFoundOrForbidden)."""
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None or not permissions.can_view_import(viewer, job):
        raise NotFoundOrForbidden("记录不存在或您无权查看")
    return job


def import_row_errors(*, job: ImportJob) -> QuerySet[ImportRowError]:
    """The rows of ``job`` that were not imported, by row number (the page shows 50 at a time)."""
    return job.row_errors.order_by("row", "id")


# --- figures for the metric dictionary (renda.reports.metrics): one queryset per figure -------------

#: A proposal counts as put forward once submitted and not withdrawn (drafts and withdrawn ones never do).
NOT_PUT_FORWARD = (Status.DRAFT, Status.WITHDRAWN)
#: Ratings counted as satisfied in the satisfaction rate (S16: 满意 and 基本满意, by 办理结果).
SATISFIED_RESULTS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


def proposals_put_forward(
    *, congress_id: int, start: date, end: date, session_id: int | None = None, kind: str = ""
) -> QuerySet[Proposal]:
    """Bills and suggestions put forward in a period (work-report figures "议案2件、建议193件").

    Args:
        congress_id: the congress.
        start, end: the period's first and last day (inclusive, local dates).
        session_id: when given, exactly the proposals of that session; otherwise those of the sessions
            opened in [start, end] plus those put forward between sessions (no session) in [start, end].
        kind: ``bill`` or ``suggestion`` (its kind after the Presidium's decision, S1/B2); empty for both.
    Returns:
        Proposals not in draft and not withdrawn, with lead deputy and session joined, by serial.
    """
    qs = Proposal.objects.filter(congress_id=congress_id).exclude(status__in=NOT_PUT_FORWARD)
    if session_id:
        qs = qs.filter(session_id=session_id)
    else:
        qs = qs.filter(
            Q(session__opening_date__range=(start, end))
            | Q(session__isnull=True, submitted_at__date__range=(start, end))
        )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("lead_deputy", "session__term").order_by("kind", "serial", "id")


def proposals_assigned(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Those of ``proposals`` assigned to at least one unit (an assignment not cancelled, S2)."""
    live = Assignment.objects.filter(proposal=OuterRef("pk")).exclude(status=AssignmentStatus.CANCELLED)
    return proposals.filter(Exists(live))


def proposals_answered(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Those of ``proposals`` with at least one written reply from a lead unit (S8, S9)."""
    return proposals.filter(Exists(Reply.objects.filter(assignment__proposal=OuterRef("pk"))))


def replies_of(proposals: QuerySet[Proposal]) -> QuerySet[Reply]:
    """Every reply (all rounds) to ``proposals``, with proposal and unit joined, oldest first."""
    return (
        Reply.objects.filter(assignment__proposal__in=proposals.values("pk"))
        .select_related("assignment__proposal", "assignment__unit")
        .order_by("replied_on", "id")
    )


def assignments_of(proposals: QuerySet[Proposal]) -> QuerySet[Assignment]:
    """The assignments of ``proposals`` to handling units (lead, co-handling, separate), cancelled ones
    left out, with the unit joined: what each unit received (S5, S20 per-unit tables)."""
    return (
        Assignment.objects.filter(proposal__in=proposals.values("pk"))
        .exclude(status=AssignmentStatus.CANCELLED)
        .select_related("unit")
        .order_by("unit__name", "id")
    )


def replies_on_time(proposals: QuerySet[Proposal]) -> QuerySet[Reply]:
    """Replies to ``proposals`` dated on or before the deadline in force when each was made (S3, as
    extended by S14). A re-handling (S17) moves the assignment's deadline afterwards, so the deadline of
    an earlier round is read from the assignment's history as it stood when the reply was stored
    (the current deadline when no history row exists, e.g. rows loaded without history)."""
    return _with_due_then(replies_of(proposals)).filter(replied_on__lte=F("due_then"))


def replies_late(proposals: QuerySet[Proposal]) -> QuerySet[Reply]:
    """Replies to ``proposals`` dated after the deadline in force when each was made: exactly those of
    :func:`replies_of` not in :func:`replies_on_time` (S3, S14), ``due_then`` annotated (the dashboards'
    drill-down from the on-time rate by unit)."""
    return _with_due_then(replies_of(proposals)).filter(replied_on__gt=F("due_then"))


def with_due_then(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """``replies`` annotated ``due_then``, the deadline in force when each was made (S3, S14): a reply is
    on time when ``replied_on <= due_then`` and late otherwise, as :func:`replies_on_time` and
    :func:`replies_late` read it (for counting both in one query: the dashboards)."""
    return _with_due_then(replies)


def _with_due_then(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    history = Assignment.history.model.objects.filter(
        id=OuterRef("assignment_id"), history_date__lte=OuterRef("created_at")
    ).order_by("-history_date", "-history_id")
    return replies.annotate(due_then=Coalesce(Subquery(history.values("due_date")[:1]), F("assignment__due_date")))


def evaluations_of(proposals: QuerySet[Proposal], *, satisfied_only: bool = False) -> QuerySet[Evaluation]:
    """Deputies' ratings (S16) of replies to ``proposals``; ``satisfied_only`` keeps 满意 and 基本满意
    by result (办理结果). Reply, proposal, unit and deputy joined."""
    qs = Evaluation.objects.filter(reply__assignment__proposal__in=proposals.values("pk"))
    if satisfied_only:
        qs = qs.filter(result__in=SATISFIED_RESULTS)
    return qs.select_related("reply__assignment__proposal", "reply__assignment__unit", "deputy").order_by("id")


def deputy_proposals(
    *, deputy_id: int, congress_id: int, start: date, end: date, cosigned: bool = False
) -> QuerySet[Proposal]:
    """A deputy's bills and suggestions put forward in [start, end] (the deputy's activity record, issue 16
    item 6): those the deputy leads, or with ``cosigned`` those the deputy co-signed (a confirmed
    co-signature, S1). The period is read as :func:`proposals_put_forward` reads it, so each proposal
    counts once in the same period as the work report's figures. Lead deputy and session joined."""
    qs = proposals_put_forward(congress_id=congress_id, start=start, end=end)
    if cosigned:
        signed = CoSigner.objects.filter(proposal=OuterRef("pk"), deputy_id=deputy_id, status=CoSigner.State.CONFIRMED)
        return qs.filter(Exists(signed))
    return qs.filter(lead_deputy_id=deputy_id)
