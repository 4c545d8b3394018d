"""Pages of legislative affairs staff (法工委), deputies and contact-point operators: drafts, versions,
readings and the vote, comment periods, comments, the comment report and responses.

Each view fetches the record through an ``access_*`` selector (404 alike), checks the role predicate
(403), validates the shape with a form and calls one service; a refused rule is shown in Chinese on the
form and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.legislation import campaigns, comments, forms, hearings, permissions, selectors, services
from renda.legislation.docstruct import to_docx
from renda.legislation.models import Comment, Draft, DraftVersion, PlanItem, Position
from renda.organization.models import Congress, Deputy
from renda.organization.typing import AuthedRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(request: AuthedRequest, pk: int) -> Draft:
    try:
        return selectors.access_draft(request.user, pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _version(request: AuthedRequest, pk: int) -> DraftVersion:
    try:
        return selectors.access_version(request.user, pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _form_page(
    request: AuthedRequest,
    form: djforms.Form,
    run: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    subject: str,
    back: str,
    done: Callable[[Any], str] | None = None,
    multipart: bool = False,
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``run(cleaned_data)`` (one service) and redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存"))
            return redirect(done(result) if done else back)
    return render(
        request,
        "legislation/form.html",
        {"form": form, "title": title, "subject": subject, "back": back, "multipart": multipart},
    )


def _draft_url(draft: Draft) -> str:
    return reverse("legislation:draft", args=[draft.pk])


def _version_url(version: DraftVersion) -> str:
    return reverse("legislation:version", args=[version.pk])


@login_required
def draft_list(request: AuthedRequest) -> HttpResponse:
    """Drafts of the user's congress (staff, deputies, station operators)."""
    if not permissions.can_see_drafts(request.user):
        raise PermissionDenied
    probe = Draft(congress_id=request.user.congress_id or 0)
    return render(
        request,
        "legislation/draft_list.html",
        {"drafts": selectors.drafts_for(request.user), "can_create": permissions.can_manage(request.user, probe)},
    )


@login_required
def draft_new(request: AuthedRequest) -> HttpResponse:
    """Staff: open a new draft (G1 subject)."""
    congress: Congress | None = request.user.congress
    if congress is None or not permissions.can_manage(request.user, Draft(congress=congress)):
        raise PermissionDenied
    form = forms.DraftForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda d: services.draft_create(congress=congress, actor=request.user, **d),
        title=_("新建法规草案"),
        subject=congress.name,
        back=reverse("legislation:drafts"),
        done=_draft_url,
    )


@login_required
def draft_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A draft: course, flags and clocks, versions, readings, timeline, the actions ``user`` may take."""
    draft = _draft(request, pk)
    return render(
        request,
        "legislation/draft_detail.html",
        {
            "draft": draft,
            "versions": draft.versions.order_by("number"),
            "readings": draft.readings.select_related("version", "agenda_item__meeting").order_by("number"),
            "events": draft.events.select_related("actor").order_by("at", "pk"),
            "actions": permissions.allowed_actions(request.user, draft),
            "approval_due": services.approval_due(draft),
            "filing_due": services.filing_due(draft),
            "npc_filing_due": services.npc_filing_due(draft),
            "termination_due": selectors.termination_due(draft),
            "publications": draft.publications.all(),
            "publications_missing": selectors.publications_missing(draft),
        },
    )


@login_required
def termination_board(request: AuthedRequest) -> HttpResponse:
    """Staff: drafts set aside since their last reading that reach two years (G14), reached ones first."""
    if not permissions.can_manage(request.user, Draft(congress_id=request.user.congress_id or 0)):
        raise PermissionDenied
    return render(request, "legislation/terminations.html", {"rows": selectors.termination_board(request.user)})


@login_required
def version_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: import a .docx as a new version; the parse report is shown on the version page."""
    draft = _draft(request, pk)
    if not permissions.can_manage(request.user, draft):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)

    def run(d: dict[str, Any]) -> DraftVersion:
        return services.version_import(draft=draft, label=d["label"], upload=d["file"], actor=request.user)

    return _form_page(
        request,
        form,
        run,
        title=_("导入草案文本"),
        subject=draft.title,
        back=_draft_url(draft),
        done=_version_url,
        multipart=True,
    )


#: action name → (form class, page title); the service call is :data:`services.COURSE` (shared with the API);
#: the draft page offers them by ``allowed_actions``.
ACTIONS: dict[str, tuple[Any, Any]] = {
    "submit": (forms.SubmitForm, _l("提请审议")),
    "reading": (forms.ReadingForm, _l("列入常委会会议审议")),
    "readings": (forms.ReadingsForm, _l("审议次数")),
    "vote": (forms.VoteForm, _l("交付表决")),
    "withdraw": (forms.WithdrawForm, _l("撤回法规案")),
    "request_approval": (forms.DateForm, _l("报请省人大常委会批准")),
    "approve": (forms.ApprovalForm, _l("记录批准")),
    "promulgate": (forms.PromulgateForm, _l("发布公告")),
    "file": (forms.DateForm, _l("报送备案")),
    "basis": (forms.BasisForm, _l("立法类型和上位法依据")),
    "terminate": (forms.TerminateForm, _l("终止审议")),
    "publication": (forms.PublicationForm, _l("登记法规文本刊登情况")),
}


@login_required
def draft_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Staff: one step of the draft's course (see :data:`ACTIONS`)."""
    draft = _draft(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not permissions.can_manage(request.user, draft):
        raise PermissionDenied
    form_class, title = ACTIONS[action]
    run = services.COURSE[action]
    kwargs = {"draft": draft} if form_class in (forms.ReadingForm, forms.VoteForm, forms.ReadingsForm) else {}
    form = form_class(request.POST or None, **kwargs)
    return _form_page(
        request,
        form,
        lambda d: run(draft, request.user, d),
        title=str(title),
        subject=draft.title,
        back=_draft_url(draft),
    )


@login_required
@require_POST
def vote_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: take the closed poll's result (G13)."""
    draft = _draft(request, pk)
    if not permissions.can_manage(request.user, draft):
        raise PermissionDenied
    try:
        services.vote_record(draft=draft, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(_draft_url(draft))


@login_required
def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A version: parse report, articles, comment period, comments (masked unless staff) and links."""
    version = _version(request, pk)
    staff = permissions.can_moderate(request.user, version)
    return render(
        request,
        "legislation/version_detail.html",
        {
            "version": version,
            "draft": version.draft,
            "articles": selectors.articles(version),
            "comments": Comment.objects.filter(version=version)
            .select_related("article", "contact_point")
            .order_by("-pk")[:200],
            "staff": staff,
            "can_enter": permissions.can_enter_contact_point_comment(request.user, version),
            "can_comment_as_deputy": permissions.can_comment_as_deputy(request.user, version),
            "is_open": comments.is_open(version),
            "others": version.draft.versions.exclude(pk=version.pk),
            "repetitions": selectors.repetitions(version) if staff else [],
        },
    )


@login_required
def version_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The version as .docx."""
    version = _version(request, pk)
    data = to_docx(version.title, list(version.articles.order_by("number")))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="draft-{version.pk}.docx"'
    return response


@login_required
def compare(request: AuthedRequest, pk: int, other: int) -> HttpResponse:
    """Article-by-article comparison of version ``other`` (older) with ``pk`` (newer) of the same draft."""
    new = _version(request, pk)
    old = _version(request, other)
    if old.draft_id != new.draft_id:
        raise Http404
    return render(request, "legislation/compare.html", {"old": old, "new": new, "rows": selectors.comparison(old, new)})


@login_required
def period_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: open the version for public comment (G11)."""
    version = _version(request, pk)
    if not permissions.can_moderate(request.user, version):
        raise PermissionDenied
    form = forms.PeriodForm(request.POST or None, congress=version.draft.congress)
    return _form_page(
        request,
        form,
        lambda d: comments.period_open(version=version, actor=request.user, **d),
        title=_("公开征求意见"),
        subject=str(version),
        back=_version_url(version),
    )


@login_required
def comment_enter(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff or a station operator: enter a comment from a contact point (or, staff, a hearing)."""
    version = _version(request, pk)
    if not permissions.can_enter_contact_point_comment(request.user, version):
        raise PermissionDenied
    form = forms.EnterForm(request.POST or None, congress_id=version.draft.congress_id)
    return _form_page(
        request,
        form,
        lambda d: comments.comment_submit(version=version, user=request.user, **d),
        title=_("录入联系点、论证会意见"),
        subject=str(version),
        back=_version_url(version),
        done=lambda _c: reverse("legislation:enter", args=[version.pk]),
    )


@login_required
def deputy_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy comments on a version during its period."""
    version = _version(request, pk)
    if not permissions.can_comment_as_deputy(request.user, version):
        raise PermissionDenied
    form = forms.DeputyCommentForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda d: comments.comment_submit(version=version, user=request.user, source=Comment.Source.DEPUTY, **d),
        title=_("代表提出意见"),
        subject=str(version),
        back=_version_url(version),
    )


@login_required
def comment_hide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: hide an abusive comment with a reason."""
    comment = Comment.objects.filter(pk=pk, version__draft__in=selectors.drafts_for(request.user)).first()
    if comment is None:
        raise Http404
    if not permissions.can_moderate(request.user, comment.version):
        raise PermissionDenied
    form = forms.HideForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda d: comments.comment_hide(comment=comment, actor=request.user, **d),
        title=_("屏蔽意见"),
        subject=comment.text[:60],
        back=_version_url(comment.version),
    )


@login_required
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    """The comment report (征求意见情况报告) with a response form per position (staff)."""
    version = _version(request, pk)
    staff = permissions.can_moderate(request.user, version)
    return render(
        request,
        "legislation/report.html",
        {
            "report": selectors.report(version),
            "version": version,
            "staff": staff,
            "responses": Position.Response.choices,
        },
    )


@login_required
def report_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The comment report as .docx."""
    version = _version(request, pk)
    response = HttpResponse(selectors.report_docx(selectors.report(version)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="report-{version.pk}.docx"'
    return response


def _staff_post(request: AuthedRequest, pk: int, run: Callable[[DraftVersion], Any], ok: str) -> HttpResponse:
    version = _version(request, pk)
    if not permissions.can_moderate(request.user, version):
        raise PermissionDenied
    try:
        run(version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(reverse("legislation:report", args=[version.pk]))


@login_required
@require_POST
def analyse(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: (re)build campaigns and positions."""
    return _staff_post(request, pk, lambda v: campaigns.analyse(version=v, actor=request.user), _("已汇总分析"))


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: publish the feedback page (G12)."""
    return _staff_post(
        request, pk, lambda v: campaigns.feedback_publish(version=v, actor=request.user), _("已公布反馈")
    )


@login_required
@require_POST
def respond(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: record the response to one position (from the report page)."""
    position = Position.objects.filter(pk=pk, version__draft__in=selectors.drafts_for(request.user)).first()
    if position is None:
        raise Http404
    form = forms.RespondForm(request.POST)

    def run(_v: DraftVersion) -> Any:
        if not form.is_valid():
            raise ApplicationError(_("请选择采纳情况"), code="invalid")
        return campaigns.position_respond(position=position, actor=request.user, **form.cleaned_data)

    return _staff_post(request, position.version_id, run, _("已保存"))


@login_required
def plans(request: AuthedRequest) -> HttpResponse:
    """立法规划 and 年度立法计划 with their items by stage (G20): staff and deputies."""
    if not permissions.can_see_drafts(request.user):
        raise PermissionDenied
    staff = permissions.can_manage(request.user, Draft(congress_id=request.user.congress_id or 0))
    return render(request, "legislation/plans.html", {"plans": selectors.plans_for(request.user), "staff": staff})


@login_required
def plan_item_submitted(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: record an annual-plan item's submission date (G20: late needs a written explanation)."""
    item = PlanItem.objects.filter(pk=pk, plan__in=selectors.plans_for(request.user)).select_related("plan").first()
    if item is None or not permissions.can_see_drafts(request.user):
        raise Http404
    if not permissions.can_manage(request.user, Draft(congress_id=item.plan.congress_id)):
        raise PermissionDenied
    form = forms.PlanSubmittedForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda d: services.plan_item_submitted(item=item, actor=request.user, **d),
        title=_("记录提请日期"),
        subject=item.title,
        back=reverse("legislation:plans"),
    )


@login_required
def hearing_list(request: AuthedRequest) -> HttpResponse:
    """Staff: the register of 立法论证会、协商会 (G19) with the deputies and others who took part."""
    if not permissions.can_record_hearing(request.user, request.user.congress_id or 0):
        raise PermissionDenied
    rows = hearings.hearings_for(request.user)
    return render(request, "legislation/hearings.html", {"hearings": rows, "can_add": request.user.congress_id})


@login_required
def hearing_new(request: AuthedRequest) -> HttpResponse:
    """Staff of a congress: register one hearing with the deputies who attended (searchable picker)."""
    congress_id = request.user.congress_id
    if congress_id is None or not permissions.can_record_hearing(request.user, congress_id):
        raise PermissionDenied
    form = forms.HearingForm(
        request.POST or None,
        drafts=selectors.drafts_for(request.user).order_by("-pk"),
        deputies=Deputy.objects.filter(term__congress_id=congress_id).order_by("code"),
    )
    congress = Congress.objects.get(pk=congress_id)
    return _form_page(
        request,
        form,
        lambda d: hearings.hearing_record(congress=congress, actor=request.user, **d),
        title=_("登记立法论证会、协商会"),
        subject=_("参加的市人大代表逐一选择；县区人大代表、政协委员等填写人数"),
        back=reverse("legislation:hearings"),
    )
