"""Pages of the proposals domain, thin: parse the request, call one selector or service, render.

Every action of the proposal page posts to one thin view per action (:mod:`renda.proposals.action_views`,
re-exported here as :func:`act` / :func:`assignment_act`) or to :func:`evaluate`; business rules raise
``ApplicationError`` whose Chinese message is shown to the user.
"""

from __future__ import annotations

import mimetypes
import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.core.numbers import parse_id, parse_ids
from renda.core.pagination import DeferredJoinPaginator
from renda.liaison import selectors as liaison_selectors
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User
from renda.organization.typing import AuthedRequest
from renda.proposals import exports, forms, imports, permissions, selectors, services
from renda.proposals.action_views import act, assignment_act  # noqa: F401  (the URLs name them here)
from renda.proposals.models import (
    TOPICS,
    Proposal,
    Reply,
)
from renda.proposals.workflow import AssignmentStatus, ExtensionStatus, Status


class KnownCountPaginator(Paginator):
    """A paginator whose total is already known (from the board's aggregate): saves a COUNT query."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


def _int(v: Any) -> int | None:
    """An optional id filter from the query string: ASCII digits within the id range, else ``None``."""
    return parse_id(v)


@login_required
def proposal_list(request: AuthedRequest) -> HttpResponse:
    """List with filters (q, status, kind, topic, key, scope), sort, 30 per page, xlsx export."""
    g = request.GET
    key = {"1": True, "0": False}.get(g.get("key", ""))
    qs = selectors.proposal_list(
        viewer=request.user,
        q=g.get("q", "").strip(),
        status=g.get("status", ""),
        kind=g.get("kind", ""),
        topic=g.get("topic", ""),
        key=key,
        scope=g.get("scope", ""),
        order=g.get("order", "serial"),
        pending=g.get("pending", ""),
    )
    if g.get("format") == "xlsx":
        return exports.proposals_xlsx(qs, viewer=request.user)
    page = DeferredJoinPaginator(qs, 30).get_page(g.get("page"))
    return render(
        request,
        "proposals/list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "g": g,
            "total": page.paginator.count,
            "topics": TOPICS,
            "show_scopes": permissions.is_deputy_role(request.user),
            # 修改 links on the viewer's own drafts (no query for a deputy's own: see can_edit_draft)
            "editable": {
                p.pk for p in page if p.status == Status.DRAFT and permissions.can_edit_draft(request.user, p)
            },
        },
    )


def _deputies_for(user: User):
    qs = Deputy.objects.filter(status=Deputy.Status.SERVING)
    if user.congress_id:
        qs = qs.filter(term__congress_id=user.congress_id)
    return qs.order_by("code")


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    """Draft a suggestion or bill (deputy), or enter a paper one (staff)."""
    user = request.user
    if not permissions.can_create(user):
        raise Http404
    staff = permissions.can_manage(user)
    form = forms.ProposalForm(request.POST or None, request.FILES or None, deputies=_deputies_for(user), staff=staff)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:  # one transaction: a refused attachment leaves no draft behind
            p = services.proposal_create(
                actor=user,
                title=d["title"],
                body=d["body"],
                topic=d["topic"],
                kind=d["kind"],
                cosigners=list(d["cosigners"]),
                lead_deputy=d.get("lead_deputy"),
                submitter_type=d.get("submitter_type") or Proposal.Submitter.DEPUTIES,
                institution=d.get("institution") or "",
                attachments=[d["attachment"]] if d.get("attachment") else [],
                create_token=d.get("create_token") or "",
            )
            messages.success(request, _("已保存草稿，确认无误后请提交"))
            return redirect("proposals:detail", pk=p.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(request, "proposals/new.html", {"form": form})


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改草稿: the author changes his draft before submitting it (``permissions.can_edit_draft``);
    anyone else who may open it is sent back to its page with the reason."""
    user = request.user
    try:
        p = selectors.proposal_get(viewer=user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if not permissions.can_edit_draft(user, p):
        messages.error(request, _("只有草稿的起草人可以在提交前修改"))
        return redirect("proposals:detail", pk=p.pk)
    initial = {
        "title": p.title,
        "body": p.body,
        "topic": p.topic,
        "cosigners": list(p.cosigners.values_list("deputy_id", flat=True)),
        "version": p.version,
    }
    form = forms.DraftEditForm(
        request.POST or None, request.FILES or None, initial=initial, proposal=p, deputies=_deputies_for(user)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.proposal_update_draft(
                proposal=p,
                actor=user,
                expected_version=d["version"],
                title=d["title"],
                body=d["body"],
                topic=d["topic"],
                cosigners=list(d["cosigners"]),
                attachments=[d["attachment"]] if d.get("attachment") else [],
                remove_attachments=d.get("remove_attachments") or [],
            )
            messages.success(request, _("已保存修改，确认无误后请提交"))
            return redirect("proposals:detail", pk=p.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(request, "proposals/edit.html", {"form": form, "p": p})


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One proposal: facts, co-signers, assignments (a unit sees its own), replies, evaluations,
    commitments, timeline, and the actions the viewer may take now."""
    user = request.user
    try:
        p = selectors.proposal_get(viewer=user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    assignments = list(
        selectors.visible_assignments(user, p).prefetch_related(
            "consultations",
            Prefetch(
                "replies",
                queryset=Reply.objects.prefetch_related("evaluations__deputy", "commitments", "recipients__deputy"),
            ),
        )
    )
    today = timezone.localdate()
    for a in assignments:  # the buttons per assignment: predicates, workflow moves and the S12 window
        a.actions = permissions.assignment_actions(user, a, today)  # type: ignore[attr-defined]
        a.awaiting_reassign = a.status == AssignmentStatus.REASSIGN_REQUESTED  # type: ignore[attr-defined]
        a.awaiting_extension = a.extension_status == ExtensionStatus.REQUESTED  # type: ignore[attr-defined]
        for r in a.replies.all():  # staff: 代录 a paper evaluation while some recipient has not rated
            open_ = r.round == a.round and len(r.evaluations.all()) < len(r.recipients.all())
            r.paper_form = (  # type: ignore[attr-defined]
                forms.PaperEvaluationForm(reply=r, initial={"paper_date": today}, auto_id=f"paper{r.pk}_%s")
                if open_ and permissions.can_evaluate_on_paper(user, r)
                else None
            )
    cosigners = list(p.cosigners.select_related("deputy"))
    show_phone = permissions.is_staff_of(user, p)
    ctx: dict[str, Any] = {
        "p": p,
        "actions": permissions.allowed_actions(user, p),
        "awaiting_assignment": p.status == Status.REGISTERED,
        "assignments": assignments,
        "cosigners": cosigners,
        "events": selectors.proposal_timeline(viewer=user, proposal=p),
        "attachments": p.attachments.all(),
        "source_opinions": liaison_selectors.source_opinions(viewer=user, proposal_id=p.pk),
        "lead_phone": (p.lead_deputy.phone if show_phone else p.lead_deputy.masked_phone) if p.lead_deputy else "",
        "key": getattr(p, "key_supervision", None) if p.is_key else None,
        "members": list(Proposal.objects.filter(merge_group_id=p.merge_group_id).exclude(pk=p.pk))
        if p.merge_group_id
        else [],
        "today": today,
        "assign_form": forms.AssignForm(),
        "reply_form": forms.ReplyForm(),
        "consult_form": forms.ConsultForm(initial={"held_on": timezone.localdate()}),
        "eval_form": forms.EvaluationForm(),
        "return_categories": services.NOT_A_SUGGESTION.items(),
        "decisions": Proposal.Decision.choices,
        "units": HandlingUnit.objects.filter(is_active=True).order_by("name"),
        "committees": Body.objects.filter(kind=Body.Kind.SPECIAL_COMMITTEE, term__congress_id=p.congress_id),
        "vice_chairs": Deputy.objects.filter(
            memberships__role=Membership.Role.VICE_CHAIR,
            memberships__body__kind=Body.Kind.STANDING_COMMITTEE,
            term__congress_id=p.congress_id,
        ).distinct(),
        "rateable": set(
            selectors.replies_to_rate(viewer=user).filter(recipients__proposal=p).values_list("pk", flat=True)
        ),
    }
    return render(request, "proposals/detail.html", ctx)


def _stream(field: Any, name: str) -> FileResponse:
    """Stream a stored file inline with its content type; a file missing from storage is a 404."""
    try:
        fh = field.open("rb")
    except OSError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    resp = FileResponse(fh, as_attachment=False, filename=os.path.basename(name), content_type=content_type)
    resp["Cache-Control"] = "private, no-store"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
def reply_document(request: AuthedRequest, pk: int) -> FileResponse:
    """Download a unit's signed reply document (答复件), permission-checked (``selectors.reply_document_get``);
    never served from /media/. Missing and forbidden are both 404."""
    try:
        r = selectors.reply_document_get(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return _stream(r.document, r.document.name)


@login_required
def attachment_file(request: AuthedRequest, pk: int) -> FileResponse:
    """Download a deputy's attachment, only for those who may open the proposal. 404 alike otherwise."""
    try:
        att = selectors.attachment_get(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return _stream(att.file, att.name or att.file.name)


@require_POST
@login_required
def evaluate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy rates a reply (S16), with a reason for 基本满意/不满意; staff enter a deputy's paper
    evaluation (代录: which deputy, the paper's date)."""
    try:  # every deputy the reply was delivered to, a merged member's too (S10); staff of its congress
        reply = selectors.access_reply_for_evaluation(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    back = reply.recipients.filter(deputy_id=request.user.deputy_id or 0).values_list("proposal_id", flat=True).first()
    back = back or reply.assignment.proposal_id
    paper = permissions.can_evaluate_on_paper(request.user, reply)
    form = forms.PaperEvaluationForm(request.POST, reply=reply) if paper else forms.EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请完整填写评价：") + "、".join(str(form.fields[n].label) for n in form.errors))
        return redirect("proposals:detail", pk=back)
    try:
        services.evaluation_submit(reply=reply, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已代录纸质评价") if paper else _("已提交评价"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=back)


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """Unit officer: assignments to my unit — open, due soon, overdue, done; xlsx export."""
    user = request.user
    if not permissions.can_use_inbox(user) or user.handling_unit_id is None:
        raise Http404
    bucket = request.GET.get("bucket", "open")
    qs = selectors.unit_inbox(unit_id=user.handling_unit_id, bucket=bucket)
    if request.GET.get("format") == "xlsx":
        return exports.assignments_xlsx(qs, viewer=request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/inbox.html",
        {
            "page": page,
            "bucket": bucket,
            "today": timezone.localdate(),
            "commitments": selectors.open_commitments(unit=user.handling_unit)[:20],
        },
    )


@login_required
def overdue_board(request: AuthedRequest) -> HttpResponse:
    """Staff / supervisors: overdue assignments by unit, and the overdue list (optionally one unit)."""
    user = request.user
    if not permissions.can_view_boards(user):
        raise Http404
    unit = _int(request.GET.get("unit"))
    rows = selectors.overdue_board(congress_id=user.congress_id, viewer=user)
    qs = selectors.overdue_assignments(congress_id=user.congress_id, unit_id=unit, viewer=user)
    if request.GET.get("format") == "xlsx":
        return exports.assignments_xlsx(qs, viewer=request.user)
    known = sum(r["overdue"] for r in rows if unit is None or r["unit_id"] == unit)
    page = KnownCountPaginator(qs, 50, count=known).get_page(request.GET.get("page"))
    return render(
        request, "proposals/overdue.html", {"rows": rows, "page": page, "unit": unit, "today": timezone.localdate()}
    )


@login_required
def key_board(request: AuthedRequest) -> HttpResponse:
    """Key suggestions with their 五办联动 chain and handling state (S6)."""
    if not permissions.can_view_boards(request.user):
        raise Http404
    today = timezone.localdate()
    rows = list(selectors.key_board(viewer=request.user))
    for p in rows:  # the page shows live assignments and flags the overdue ones; no status lists in it
        p.live_assignments = [  # type: ignore[attr-defined]
            a for a in p.assignments.all() if a.status != AssignmentStatus.CANCELLED
        ]
        for a in p.live_assignments:  # type: ignore[attr-defined]
            a.overdue = permissions.is_overdue(a, today)
    return render(request, "proposals/key_board.html", {"rows": rows, "today": today})


@login_required
def assign_bulk(request: AuthedRequest) -> HttpResponse:
    """Staff: registered suggestions not yet assigned; tick several and assign them at once."""
    user = request.user
    if not permissions.can_manage(user):
        raise Http404
    qs = selectors.proposal_list(viewer=user, status=Status.REGISTERED, kind="suggestion", q=request.GET.get("q", ""))
    form = forms.AssignForm(request.POST or None)
    ids = parse_ids(request.POST.getlist("ids"))
    if request.method == "POST" and ids is None:
        messages.error(request, "所选建议无效，请重新勾选")
        return redirect("proposals:assign-bulk")
    if request.method == "POST" and form.is_valid():
        chosen = list(qs.filter(pk__in=ids or []))
        result = services.suggestion_assign_bulk(
            proposals=chosen,
            actor=user,
            leads=list(form.cleaned_data["leads"]),
            cohandlers=list(form.cleaned_data["cohandlers"]),
        )
        messages.success(request, _("已交办%(n)d件") % {"n": len(result.done)})
        for p, why in result.refused:
            messages.error(request, f"{p.number}：{why}")
        return redirect("proposals:assign-bulk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "proposals/assign_bulk.html", {"page": page, "form": form})


def public_replies(request: HttpRequest) -> HttpResponse:
    """Public page (no login): replies published after the delay (S21), personal details redacted
    (masked once when written), 20 a page without a total (:func:`selectors.public_reply_page`)."""
    page = selectors.public_reply_page(q=request.GET.get("q", "").strip(), page=request.GET.get("page"))
    return render(request, "proposals/public.html", {"page": page, "rows": page})


@login_required
def import_xlsx(request: AuthedRequest) -> HttpResponse:
    """Staff import suggestions from Excel with a column mapping (issue 12 item 6: bounded, streamed,
    large files in the background); the page lists the imports the viewer may see."""
    if not permissions.can_manage(request.user):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            job = imports.import_start(
                upload=d["file"],
                actor=request.user,
                mapping={
                    "title": d["title_column"],
                    "body": d["body_column"],
                    "deputy": d["deputy_column"],
                    "topic": d.get("topic_column") or "",
                },
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("proposals:import-job", pk=job.pk)
    jobs = Paginator(selectors.import_jobs(viewer=request.user), 10).get_page(request.GET.get("page"))
    return render(request, "proposals/import.html", {"form": form, "jobs": jobs, "limits": imports.LIMITS})


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """One import: a progress bar while it runs (htmx polls :func:`import_progress`), then the counts
    and the rows not imported with their reasons, 50 to a page."""
    try:
        job = selectors.access_import_job(viewer=request.user, pk=pk)
    except NotFoundOrForbidden:
        raise Http404 from None
    errors = Paginator(selectors.import_row_errors(job=job), 50).get_page(request.GET.get("page"))
    return render(request, "proposals/import_job.html", {"job": job, "errors": errors})


@login_required
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress bar fragment (htmx, every 2 s); once the job has finished, tells htmx to reload
    the page so the results show."""
    try:
        job = selectors.access_import_job(viewer=request.user, pk=pk)
    except NotFoundOrForbidden:
        raise Http404 from None
    response = render(request, "proposals/_import_progress.html", {"job": job})
    if job.finished_at is not None and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
