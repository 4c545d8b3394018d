"""Pages of the livelihood domain: programmes with candidates and the vote, projects with progress,
and the public results page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden, RuleViolation
from renda.core.numbers import form_int
from renda.livelihood import permissions, selectors, services
from renda.livelihood.progress import weighted_percent
from renda.meetings import selectors as meeting_selectors
from renda.organization.typing import AuthedRequest


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    """民生实事票决: the programmes the user may see (:func:`selectors.programme_list`)."""
    congress = request.user.congress
    return render(
        request,
        "livelihood/programme_list.html",
        {
            "programmes": selectors.programme_list(viewer=request.user),
            "can_create": congress is not None and permissions.can_create_programme(request.user, congress),
        },
    )


@login_required
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A programme: candidates with 赞成 votes and outcome, the current poll, projects with progress."""
    try:
        programme = selectors.access_programme(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    poll = selectors.current_poll(programme)
    satisfaction = selectors.satisfaction_poll(programme)
    candidates = programme.candidates.select_related("lead_unit", "programme").order_by("number")
    return render(
        request,
        "livelihood/programme_detail.html",
        {
            "programme": programme,
            "stages": selectors.programme_stages(programme=programme),
            "candidates": [(c, permissions.allowed_actions(request.user, c)) for c in candidates],
            "poll": poll,
            "satisfaction_poll": satisfaction,
            "votes_cast": meeting_selectors.votes_cast(poll=poll) if poll else 0,
            "revoting": selectors.revoting_candidates(programme=programme, poll=poll),
            "rows": selectors.project_rows(programme=programme),
            "actions": permissions.allowed_actions(
                request.user, programme, poll=poll, satisfaction_poll=selectors.satisfaction_to_record(programme)
            ),
            "events": selectors.programme_events(programme=programme),
        },
    )


#: The programme page's one-button steps (URL slug of :func:`programme_action`).
PROGRAMME_STEPS = ("close_solicitation", "submit", "tally", "publish")
#: The project page's one-button steps and forms (URL slug of :func:`project_action`).
PROJECT_STEPS = ("start", "complete", "milestone", "progress")


@login_required
@require_POST
def programme_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Staff's one-button steps: close the solicitation (L1), submit the screened list to the congress
    (差额, L1), tally the vote by L4 (creating a re-vote on a tie) or publish the result. A refused rule
    (also a viewer who may not act: the service's permission check) is shown in Chinese and changes
    nothing."""
    try:
        programme = selectors.access_programme(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if action not in PROGRAMME_STEPS:
        raise Http404
    try:
        if action == "close_solicitation":
            services.programme_close_solicitation(programme=programme, actor=request.user)
            messages.success(request, _("公开征集已结束，进入筛选论证"))
        elif action == "submit":
            services.programme_submit(programme=programme, actor=request.user)
            messages.success(request, _("已提请大会票决"))
        elif action == "tally":
            sel = services.programme_tally(programme=programme, actor=request.user)
            messages.success(request, _("计票完成") if sel.complete else _("出现得票相同，需对相关项目重新投票"))
        elif action == "publish":
            services.programme_publish(programme=programme, actor=request.user)
            messages.success(request, _("票决结果已公布"))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("livelihood:programme-detail", pk=programme.pk)


@login_required
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A project: plan (L5), "三个1" (L6), milestones with overdue flags, progress reports."""
    try:
        project = selectors.access_project(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    flags = selectors.milestone_flags(project=project)
    return render(
        request,
        "livelihood/project_detail.html",
        {
            "project": project,
            "programme_visible": permissions.can_view_programme(request.user, project.programme),
            "flags": flags,
            "percent": weighted_percent((m.weight, m.progress) for m, _ in flags),
            "reports": selectors.project_reports(project=project)[:20],
            "members": project.supervision_group_members.order_by("code"),
            "actions": permissions.allowed_actions(request.user, project),
            "events": selectors.project_events(project=project),
        },
    )


def _form_date(value: str, label: str, *, required: bool) -> date | None:
    if not value.strip():
        if required:
            raise RuleViolation(_("请填写%(label)s") % {"label": label})
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RuleViolation(_("%(label)s格式应为 YYYY-MM-DD") % {"label": label}) from None


@login_required
@require_POST
def project_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Project page buttons and forms, thin over the services: start implementation (L5/L6) or complete
    (staff), add a milestone (staff) or report progress (staff or the responsible unit). A refused or
    invalid form (also a viewer who may not act: the service's permission check) writes nothing and
    shows the Chinese message."""
    try:
        project = selectors.access_project(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if action not in PROJECT_STEPS:
        raise Http404
    post = request.POST
    try:
        if action == "start":
            services.project_start(project=project, actor=request.user)
            messages.success(request, _("项目已开始实施"))
        elif action == "complete":
            services.project_complete(project=project, actor=request.user)
            messages.success(request, _("项目已完成"))
        elif action == "milestone":
            title = post.get("title", "").strip()
            if not title:
                raise RuleViolation(_("请填写节点名称"))
            services.milestone_add(
                project=project,
                title=title,
                weight=form_int(post.get("weight"), label=_("权重"), default=1),  # the range is the service's rule
                due_on=_form_date(post.get("due_on", ""), _("计划完成日期"), required=True),  # type: ignore[arg-type]
                actor=request.user,
            )
            messages.success(request, _("进度节点已增加"))
        elif action == "progress":
            text = post.get("text", "").strip()
            if not text:
                raise RuleViolation(_("请填写进展情况"))
            progress = {
                int(k.removeprefix("progress-")): form_int(post.get(k), label=_("进度"))
                for k in post
                if k.startswith("progress-") and k.removeprefix("progress-").isdigit() and str(post.get(k, "")).strip()
            }
            services.progress_report_submit(
                project=project,
                text=text,
                progress=progress,
                reported_on=_form_date(post.get("reported_on", ""), _("报告日期"), required=False),
                actor=request.user,
                expected_version=form_int(post.get("version"), label=_("版本")) if post.get("version") else None,
            )
            messages.success(request, _("进展报告已提交"))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("livelihood:project-detail", pk=project.pk)


def public(request: HttpRequest) -> HttpResponse:
    """民生实事票决结果: published programmes, chosen projects and their votes; no login needed."""
    programmes = list(selectors.public_programmes().prefetch_related("candidates"))
    return render(request, "livelihood/public.html", {"programmes": programmes})
