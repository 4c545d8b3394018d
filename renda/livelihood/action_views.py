"""Staff and unit pages of the livelihood round, one thin view per action (RULES.md §4, L1–L7).

Each view fetches the record through the app's ``access_*`` selector (404 alike for missing and
forbidden), checks the actor's role predicate from :mod:`renda.livelihood.permissions` (403 for a
viewer who may see the record but never act on it, such as a deputy or a unit on a staff page),
validates the shape with a form of :mod:`renda.livelihood.forms` and calls the SAME service the API
calls. A rule refused by the service (an ``ApplicationError``) is shown on the form in Chinese and
changes nothing. An action not available at the record's current stage sends staff back to the record
with the reason.
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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.livelihood import forms, permissions, selectors, services
from renda.livelihood.models import Candidate, Programme, Project
from renda.organization.typing import AuthedRequest

#: Shown when staff open an action the record's current stage does not offer.
NOT_NOW = gettext_lazy("当前阶段不能办理此事项")


def _programme(request: AuthedRequest, pk: int) -> Programme:
    try:
        return selectors.access_programme(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _project(request: AuthedRequest, pk: int) -> Project:
    try:
        return selectors.access_project(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _candidate(request: AuthedRequest, pk: int) -> Candidate:
    try:
        return selectors.access_candidate(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _programme_actions(user: Any, programme: Programme) -> set[str]:
    return permissions.allowed_actions(
        user,
        programme,
        poll=selectors.current_poll(programme),
        satisfaction_poll=selectors.satisfaction_to_record(programme),
    )


def _gate(request: AuthedRequest, *, may: bool, available: bool, back: str) -> HttpResponse | None:
    """403 unless the role predicate ``may`` holds; back to ``back`` with :data:`NOT_NOW` unless the
    action is ``available`` now (in ``allowed_actions``); ``None`` when the page may go on."""
    if not may:
        raise PermissionDenied
    if not available:
        messages.error(request, NOT_NOW)
        return redirect(back)
    return None


def _form_page(
    request: AuthedRequest,
    form: djforms.Form,
    run: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    subject: str,
    back: str,
    ok: str,
    submit: str,
    done: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Render ``form`` on the shared page; on a valid POST call ``run(cleaned_data)`` (one service), then
    redirect to ``done(result)`` (default ``back``) with ``ok``; a refused rule stays on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, ok)
            return redirect(done(result) if done else back)
    return render(
        request,
        "livelihood/form.html",
        {"form": form, "title": title, "subject": subject, "back": back, "submit": submit},
    )


def _programme_url(programme: Programme) -> str:
    return reverse("livelihood:programme-detail", args=[programme.pk])


def _project_url(project: Project) -> str:
    return reverse("livelihood:project-detail", args=[project.pk])


@login_required
def programme_new(request: AuthedRequest) -> HttpResponse:
    """Staff: start a year's programme (年度民生实事项目, 准备中) — :func:`services.programme_create`."""
    congress = request.user.congress
    if congress is None or not permissions.can_create_programme(request.user, congress):
        raise PermissionDenied
    form = forms.ProgrammeForm(request.POST or None, congress_id=congress.pk)
    return _form_page(
        request,
        form,
        lambda d: services.programme_create(congress=congress, actor=request.user, **d),
        title=_("新建年度民生实事项目"),
        subject=congress.name,
        back=reverse("livelihood:programme-list"),
        ok=_("已创建"),
        submit=_("创建"),
        done=_programme_url,
    )


@login_required
def programme_solicitation(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: open the public solicitation (≥ 30 days, L1) — :func:`services.programme_open_solicitation`."""
    programme = _programme(request, pk)
    back = _programme_url(programme)
    stop = _gate(
        request,
        may=permissions.can_manage_programme(request.user, programme),
        available="open_solicitation" in _programme_actions(request.user, programme),
        back=back,
    )
    if stop:
        return stop
    form = forms.SolicitationForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda d: services.programme_open_solicitation(programme=programme, actor=request.user, **d),
        title=_("开始公开征集"),
        subject=programme.title,
        back=back,
        ok=_("已开始公开征集"),
        submit=_("开始征集"),
    )


@login_required
def candidate_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff or a unit of the congress: submit a candidate project (L1) — :func:`services.candidate_submit`."""
    programme = _programme(request, pk)
    back = _programme_url(programme)
    stop = _gate(
        request,
        may=permissions.can_submit_candidate(request.user, programme),
        available="submit_candidate" in _programme_actions(request.user, programme),
        back=back,
    )
    if stop:
        return stop
    form = forms.CandidateForm(request.POST or None, congress_id=programme.congress_id, viewer=request.user)
    del form.fields["version"]
    return _form_page(
        request,
        form,
        lambda d: services.candidate_submit(programme=programme, actor=request.user, **d),
        title=_("新增候选项目"),
        subject=programme.title,
        back=back,
        ok=_("候选项目已提交"),
        submit=_("提交"),
    )


@login_required
def candidate_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: correct a candidate while candidates are collected (L1) — :func:`services.candidate_update`."""
    candidate = _candidate(request, pk)
    back = _programme_url(candidate.programme)
    stop = _gate(
        request,
        may=permissions.can_manage_programme(request.user, candidate.programme),
        available="edit" in permissions.allowed_actions(request.user, candidate),
        back=back,
    )
    if stop:
        return stop
    initial = {
        "title": candidate.title,
        "description": candidate.description,
        "budget": candidate.budget,
        "lead_unit": candidate.lead_unit_id,
        "targets": candidate.targets,
        "version": candidate.version,
    }
    form = forms.CandidateForm(
        request.POST or None, initial=initial, congress_id=candidate.programme.congress_id, viewer=request.user
    )

    def run(d: dict[str, Any]) -> Candidate:
        version = d.pop("version")
        return services.candidate_update(candidate=candidate, actor=request.user, expected_version=version, **d)

    return _form_page(
        request,
        form,
        run,
        title=_("修改候选项目"),
        subject=f"{candidate.programme.title} · {candidate.number}. {candidate.title}",
        back=back,
        ok=_("候选项目已修改"),
        submit=_("保存"),
    )


@login_required
def candidate_screen(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: screen a candidate in or out with the reason (筛选论证, L1) — :func:`services.candidate_screen`."""
    candidate = _candidate(request, pk)
    back = _programme_url(candidate.programme)
    stop = _gate(
        request,
        may=permissions.can_manage_programme(request.user, candidate.programme),
        available="screen" in permissions.allowed_actions(request.user, candidate),
        back=back,
    )
    if stop:
        return stop
    form = forms.ScreenForm(request.POST or None, initial={"version": candidate.version})
    return _form_page(
        request,
        form,
        lambda d: services.candidate_screen(
            candidate=candidate,
            include=d["decision"] == "in",
            note=d["note"].strip(),
            actor=request.user,
            expected_version=d["version"],
        ),
        title=_("筛选论证"),
        subject=f"{candidate.number}. {candidate.title}（{candidate.lead_unit.name}，{candidate.budget} 万元）",
        back=back,
        ok=_("筛选结论已记录"),
        submit=_("确定"),
    )


def _meeting_page(request: AuthedRequest, pk: int, *, action: str) -> HttpResponse:
    """The deputies' vote (``vote_start``, L2/L3) or the satisfaction evaluation (``satisfaction_start``,
    L7): choose the plenary; the secret poll is created on its agenda by the service."""
    programme = _programme(request, pk)
    back = _programme_url(programme)
    stop = _gate(
        request,
        may=permissions.can_manage_programme(request.user, programme),
        available=action in _programme_actions(request.user, programme),
        back=back,
    )
    if stop:
        return stop
    form = forms.MeetingChoiceForm(request.POST or None, congress_id=programme.congress_id)
    service = services.programme_vote_start if action == "vote_start" else services.satisfaction_vote_start
    vote = action == "vote_start"
    return _form_page(
        request,
        form,
        lambda d: service(programme=programme, meeting=d["meeting"], actor=request.user),
        title=_("提交代表票决（无记名投票）") if vote else _("年终满意度测评（无记名投票）"),
        subject=programme.title,
        back=back,
        ok=_("已列入会议议程，请在会议页开始投票"),
        submit=_("列入议程"),
    )


@login_required
def programme_vote_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: put the screened-in candidates to the deputies' secret vote at a plenary (L2/L3)."""
    return _meeting_page(request, pk, action="vote_start")


@login_required
def programme_satisfaction_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: put the year-end satisfaction evaluation of every project to the deputies (L7)."""
    return _meeting_page(request, pk, action="satisfaction_start")


@login_required
@require_POST
def programme_satisfaction_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: copy the closed satisfaction poll's result onto each project (L7) —
    :func:`services.satisfaction_record`."""
    programme = _programme(request, pk)
    back = _programme_url(programme)
    stop = _gate(
        request,
        may=permissions.can_manage_programme(request.user, programme),
        available="satisfaction_record" in _programme_actions(request.user, programme),
        back=back,
    )
    if stop:
        return stop
    poll = selectors.satisfaction_to_record(programme)
    try:
        services.satisfaction_record(poll=poll, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("满意度测评结果已记入各项目"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@login_required
def project_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: publish or revise the implementation plan (L5) — :func:`services.project_set_plan`."""
    project = _project(request, pk)
    back = _project_url(project)
    stop = _gate(
        request,
        may=permissions.can_manage_project(request.user, project),
        available="plan" in permissions.allowed_actions(request.user, project),
        back=back,
    )
    if stop:
        return stop
    initial = {
        "targets": project.targets,
        "deadline": project.deadline,
        "funding": project.funding,
        "responsible_unit": project.responsible_unit_id,
        "version": project.version,
    }
    form = forms.PlanForm(request.POST or None, initial=initial, congress_id=project.programme.congress_id)

    def run(d: dict[str, Any]) -> Project:
        version = d.pop("version")
        return services.project_set_plan(project=project, actor=request.user, expected_version=version, **d)

    return _form_page(
        request,
        form,
        run,
        title=_("实施方案"),
        subject=project.title,
        back=back,
        ok=_("实施方案已公布"),
        submit=_("公布"),
    )


@login_required
def project_supervision(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: assign the "三个1" supervisors (L6) — :func:`services.project_assign_supervision`."""
    project = _project(request, pk)
    back = _project_url(project)
    stop = _gate(
        request,
        may=permissions.can_manage_project(request.user, project),
        available="supervision" in permissions.allowed_actions(request.user, project),
        back=back,
    )
    if stop:
        return stop
    initial = {
        "vice_chair": project.lead_vice_chair_id,
        "special_committee": project.special_committee_id,
        "group_name": project.supervision_group,
        "group_members": list(project.supervision_group_members.values_list("pk", flat=True)),
        "version": project.version,
    }
    form = forms.SupervisionForm(request.POST or None, initial=initial, congress_id=project.programme.congress_id)

    def run(d: dict[str, Any]) -> Project:
        version = d.pop("version")
        return services.project_assign_supervision(project=project, actor=request.user, expected_version=version, **d)

    return _form_page(
        request,
        form,
        run,
        title=_("落实“三个1”督办"),
        subject=project.title,
        back=back,
        ok=_("“三个1”督办已落实"),
        submit=_("保存"),
    )


@login_required
def project_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The responsible unit (or staff): report progress per milestone — :func:`services.progress_report_submit`
    (the project version is checked: a form opened before another report is refused, 已被他人修改)."""
    project = _project(request, pk)
    back = _project_url(project)
    stop = _gate(
        request,
        may=permissions.can_report_progress(request.user, project),
        available="report_progress" in permissions.allowed_actions(request.user, project),
        back=back,
    )
    if stop:
        return stop
    form = forms.ProgressForm(request.POST or None, project=project)
    return _form_page(
        request,
        form,
        lambda d: services.progress_report_submit(
            project=project,
            text=d["text"],
            progress=form.progress(),
            reported_on=d["reported_on"],
            expected_version=d["version"],
            actor=request.user,
        ),
        title=_("报告进展"),
        subject=project.title,
        back=back,
        ok=_("进展报告已提交"),
        submit=_("提交进展报告"),
    )


@login_required
def unit_projects(request: AuthedRequest) -> HttpResponse:
    """A unit officer's 民生实事: the programmes collecting candidates with the button to propose one
    (L1), the candidates the unit proposed with their screening and outcome, and the projects the unit is
    responsible for with progress and the report button (:func:`selectors.unit_projects`)."""
    if not request.user.handling_unit_id:
        raise PermissionDenied
    rows = [(p, permissions.allowed_actions(request.user, p)) for p in selectors.unit_projects(viewer=request.user)]
    return render(
        request,
        "livelihood/unit_projects.html",
        {
            "rows": rows,
            "unit": request.user.handling_unit,
            "collecting": selectors.programmes_collecting(viewer=request.user),
            "candidates": selectors.unit_candidates(viewer=request.user),
        },
    )
