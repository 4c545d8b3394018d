"""Pages of the oversight domain: the plan, an item with its actions, the overdue board, the viewer's own
to-do list, 质询案, decisions, work records and the public page. Views are thin: they fetch through
:mod:`renda.oversight.selectors`, check shape with :mod:`renda.oversight.forms` and call ONE service;
a refused rule is shown in Chinese on the form and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.organization.models import User
from renda.organization.typing import AuthedRequest
from renda.oversight import followup, forms, inspections, permissions, selectors, services
from renda.oversight.models import Decision, Inquiry, OversightItem

#: Roles that read the plan.
INSIDERS = (User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR)


@dataclass(frozen=True)
class Step:
    """One action of an item page: its form, its title and the service call."""

    form: type[djforms.Form]
    title: Any
    run: Callable[[OversightItem, Any, dict[str, Any]], Any]


def _opinion(item: OversightItem, user: Any, cd: dict[str, Any]) -> Any:
    return services.opinion_add(item=item, text=cd["text"], actor=user)


def _question(item: OversightItem, user: Any, cd: dict[str, Any]) -> Any:
    asker = cd.get("asker") or getattr(user, "deputy", None)
    if asker is None:
        raise ApplicationError(_("请选择询问人"), code="invalid_value")
    return inspections.question_add(
        item=item,
        asker=asker,
        question=cd["question"],
        official=cd.get("official", ""),
        attendee=cd.get("attendee"),
        answer=cd.get("answer", ""),
        commitment=cd.get("commitment", ""),
        actor=user,
    )


STEPS: dict[str, Step] = {
    "submit_report": Step(
        forms.FileForm, _l("报送报告"), lambda i, u, cd: services.report_submit(item=i, file=cd["file"], actor=u)
    ),
    "review": Step(
        forms.NoteForm, _l("专门委员会初审"), lambda i, u, cd: services.item_review(item=i, note=cd["note"], actor=u)
    ),
    "hear": Step(
        forms.HearForm,
        _l("列入常委会会议议程"),
        lambda i, u, cd: services.item_hear(item=i, meeting=cd["meeting"], reporter=cd["reporter"], actor=u),
    ),
    "opinion": Step(forms.OpinionForm, _l("提出审议意见"), _opinion),
    "send_opinions": Step(
        forms.SendForm,
        _l("汇总并交办审议意见"),
        lambda i, u, cd: services.opinions_send(item=i, text=cd["text"], actor=u),
    ),
    "handling_report": Step(
        forms.FileForm,
        _l("报送研究处理（整改）情况报告"),
        lambda i, u, cd: services.handling_report_submit(item=i, file=cd["file"], actor=u),
    ),
    "urge": Step(
        forms.OptionalNoteForm, _l("催办"), lambda i, u, cd: services.item_urge(item=i, note=cd["note"], actor=u)
    ),
    "accept": Step(
        forms.ConfirmForm, _l("审议通过处理情况，办结"), lambda i, u, cd: services.item_accept(item=i, actor=u)
    ),
    "publish": Step(
        forms.ConfirmForm, _l("向代表通报并向社会公布"), lambda i, u, cd: services.item_publish(item=i, actor=u)
    ),
    "satisfaction_start": Step(
        forms.MeetingForm,
        _l("列入满意度测评"),
        lambda i, u, cd: services.satisfaction_start(item=i, meeting=cd["meeting"], actor=u),
    ),
    "satisfaction_record": Step(
        forms.ConfirmForm, _l("记录满意度测评结果"), lambda i, u, cd: services.satisfaction_record(item=i, actor=u)
    ),
    "group": Step(
        forms.GroupForm,
        _l("确定检查组、调研组或视察组"),
        lambda i, u, cd: inspections.group_set(
            item=i, leader=cd["leader"], members=list(cd["members"]), invited=list(cd["invited"]), actor=u
        ),
    ),
    "plan_sent": Step(
        forms.ConfirmForm, _l("检查方案送达被检查机关"), lambda i, u, cd: inspections.plan_send(item=i, actor=u)
    ),
    "visit": Step(
        forms.VisitForm,
        _l("记录检查活动"),
        lambda i, u, cd: inspections.visit_add(
            item=i, visited_on=cd["visited_on"], place=cd["place"], form=cd["form"], actor=u
        ),
    ),
    "inspection_report": Step(
        forms.InspectionReportForm,
        _l("执法检查报告"),
        lambda i, u, cd: inspections.inspection_report(
            item=i, assessment=cd["assessment"], law_suggestions=cd["law_suggestions"], actor=u
        ),
    ),
    "question": Step(forms.QuestionForm, _l("询问"), _question),
    "prehearing_view": Step(
        forms.PreHearingViewForm,
        _l("登记听取报告前收集的意见建议"),
        lambda i, u, cd: followup.view_add(
            item=i,
            source=cd["source"],
            text=cd["text"],
            collected_on=cd["collected_on"],
            participants=list(cd["participants"]),
            actor=u,
        ),
    ),
    "views_send": Step(
        forms.ConfirmForm, _l("将意见建议转送报告机关"), lambda i, u, cd: followup.views_send(item=i, actor=u)
    ),
    "attendance": Step(
        forms.AttendanceForm,
        _l("登记到会的有关机关负责人"),
        lambda i, u, cd: followup.attendance_add(
            item=i, organ=cd["organ"], name=cd["name"], post=cd["post"], is_head=cd["is_head"], actor=u
        ),
    ),
    "handling_deliberate": Step(
        forms.MeetingForm,
        _l("处理情况报告提请常委会审议"),
        lambda i, u, cd: followup.handling_deliberate(item=i, meeting=cd["meeting"], actor=u),
    ),
    "supplement": Step(
        forms.SupplementForm,
        _l("要求补充报告"),
        lambda i, u, cd: followup.supplement_request(item=i, due_on=cd["due_on"], note=cd["note"], actor=u),
    ),
    "follow_up": Step(
        forms.FollowUpForm,
        _l("跟踪监督"),
        lambda i, u, cd: followup.follow_up_add(item=i, title=cd["title"], actor=u),
    ),
}


def _item(request: HttpRequest, pk: int) -> OversightItem:
    try:
        return selectors.access_item(request.user, pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _insider(request: AuthedRequest) -> None:
    if request.user.role not in INSIDERS:
        raise PermissionDenied


def _form(request: HttpRequest, cls: type[djforms.Form], **kw: Any) -> djforms.Form:
    if issubclass(cls, forms.CongressForm):
        kw["congress_id"] = getattr(request.user, "congress_id", None)
    if request.method == "POST":
        return cls(request.POST, request.FILES, **kw)
    return cls(**kw)


def _render_form(
    request: HttpRequest, form: djforms.Form, *, title: Any, subject: str, back: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "oversight/form.html",
        {"form": form, "title": title, "subject": subject, "back": back, "submit": _("提交"), "multipart": multipart},
    )


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    """监督工作计划: the current plan's items with status and clocks."""
    _insider(request)
    current = selectors.current_plan(request.user.congress_id)
    items = selectors.items_for(request.user).filter(plan=current) if current else OversightItem.objects.none()
    staff = (
        permissions.is_congress_staff(request.user, request.user.congress_id or 0)
        if request.user.congress_id
        else request.user.role == User.Role.STAFF
    )
    return render(
        request,
        "oversight/plan.html",
        {
            "plan": current,
            "items": items.exclude(kind="interpellation"),
            "inquiries": items.filter(kind="interpellation"),
            "staff": staff,
            "overdue": selectors.overdue_items(request.user.congress_id).count(),
        },
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item: its clocks, report, opinions, handling reports, inspection, questions, 质询案 and timeline."""
    item = _item(request, pk)
    return render(
        request,
        "oversight/item_detail.html",
        {
            "item": item,
            "actions": permissions.item_actions(request.user, item),
            "lead": services.lead_times(item),
            "due": services.report_due(item),
            "opinions": item.opinions.select_related("deputy"),
            "handling": item.handling.all(),
            "group": item.group.select_related("deputy"),
            "visits": item.visits.all(),
            "questions": item.questions.select_related("asker"),
            "inquiries": [(q, permissions.inquiry_actions(request.user, q)) for q in selectors.inquiries_of(item)],
            "events": item.events.select_related("actor"),
            "views": item.prehearing_views.prefetch_related("participants"),
            "attendance": item.attendance.select_related("organ"),
            "follow_ups": item.follow_ups.all(),
            "satisfaction": selectors.item_satisfaction(item),
            "filing_figures": selectors.filing_review_figures(item),
            "staff": permissions.can_manage(request.user, item),
        },
    )


@login_required
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One step of an item (:data:`STEPS`): the form, then the service; a refusal is shown on the form."""
    item = _item(request, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404
    back = reverse("oversight:item", args=[item.pk])
    if action not in permissions.item_actions(request.user, item):
        if permissions.can_manage(request.user, item):
            messages.error(request, _("当前阶段不能办理此事项"))
            return redirect(back)
        raise PermissionDenied
    initial = {"text": services.compiled_opinions(item)} if action == "send_opinions" else None
    form = _form(request, step.form, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step.run(item, request.user, form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已办理：%(step)s") % {"step": step.title})
            return redirect(back)
    return _render_form(request, form, title=step.title, subject=item.title, back=back, multipart=True)


@login_required
def item_new(request: AuthedRequest) -> HttpResponse:
    """新增监督事项 (staff)."""
    current = selectors.current_plan(request.user.congress_id)
    if current is None or not permissions.is_congress_staff(request.user, current.congress_id):
        raise PermissionDenied
    form = _form(request, forms.ItemForm)
    if request.method == "POST" and form.is_valid():
        cd = dict(form.cleaned_data)
        try:
            item = services.item_add(plan=current, actor=request.user, **cd)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("oversight:item", item.pk)
    return _render_form(request, form, title=_("新增监督事项"), subject=current.title, back=reverse("oversight:plan"))


@login_required
def overdue(request: AuthedRequest) -> HttpResponse:
    """超期未报: items whose handling or rectification report is past due (M6, M10)."""
    _insider(request)
    cid = request.user.congress_id
    return render(
        request,
        "oversight/overdue.html",
        {"items": selectors.overdue_items(cid), "decisions": selectors.overdue_decisions(cid)},
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """我的监督事项: an organ's reports to send; a member's items under deliberation; a deputy's inspections."""
    return render(
        request,
        "oversight/mine.html",
        {
            "organ": selectors.organ_pending(request.user),
            "deliberating": selectors.member_pending(request.user),
            "inspections": selectors.invited_inspections(request.user),
            "decisions": selectors.organ_decisions_pending(request.user),
        },
    )


@login_required
def inquiry_new(request: AuthedRequest) -> HttpResponse:
    """登记质询案 (M17; staff enter the members' written bill)."""
    current = selectors.current_plan(request.user.congress_id)
    if current is None or not permissions.is_congress_staff(request.user, current.congress_id):
        raise PermissionDenied
    form = _form(request, forms.InquiryForm)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            inquiry = inspections.inquiry_file(
                plan=current,
                meeting=cd["meeting"],
                target=cd["target"],
                questions=cd["questions"],
                content=cd["content"],
                signers=list(cd["signers"]),
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("oversight:item", inquiry.item_id)
    return _render_form(request, form, title=_("登记质询案"), subject=current.title, back=reverse("oversight:plan"))


@login_required
def investigation_new(request: AuthedRequest) -> HttpResponse:
    """特定问题调查委员会的提议 (M19; staff enter the Council's or the members' written proposal)."""
    current = selectors.current_plan(request.user.congress_id)
    if current is None or not permissions.is_congress_staff(request.user, current.congress_id):
        raise PermissionDenied
    form = _form(request, forms.InvestigationForm)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            item = inspections.investigation_propose(
                plan=current,
                title=cd["title"],
                by_council=cd["by_council"],
                proposers=list(cd["proposers"]),
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("oversight:item", item.pk)
    return _render_form(
        request, form, title=_("提议特定问题调查"), subject=current.title, back=reverse("oversight:plan")
    )


INQUIRY_STEPS: dict[str, tuple[type[djforms.Form], Any]] = {
    "schedule": (forms.ScheduleForm, _l("主任会议决定答复形式")),
    "answer": (forms.AnswerForm, _l("答复质询")),
    "conclude": (forms.ConcludeForm, _l("提质询案人对答复的意见")),
}


@login_required
def inquiry_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """A 质询案's steps (M18)."""
    inquiry = Inquiry.objects.select_related("item__plan").filter(pk=pk).first()
    if inquiry is None or action not in INQUIRY_STEPS or not permissions.can_view(request.user, inquiry.item):
        raise Http404
    if action not in permissions.inquiry_actions(request.user, inquiry):
        raise PermissionDenied
    cls, title = INQUIRY_STEPS[action]
    form = _form(request, cls)
    back = reverse("oversight:item", args=[inquiry.item_id])
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            if action == "schedule":
                inspections.inquiry_schedule(inquiry=inquiry, form=cd["form"], due_on=cd["due_on"], actor=request.user)
            elif action == "answer":
                inspections.inquiry_answer(
                    inquiry=inquiry,
                    answerer=cd["answerer"],
                    by_head=cd["by_head"],
                    answer=cd["answer"],
                    actor=request.user,
                )
            else:
                inspections.inquiry_conclude(
                    inquiry=inquiry, unsatisfied=cd["unsatisfied"], due_on=cd["due_on"], actor=request.user
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(back)
    return _render_form(request, form, title=title, subject=inquiry.item.title, back=back)


@login_required
def decisions(request: AuthedRequest) -> HttpResponse:
    """决议决定: staff see every one with 公布; others the published."""
    staff = request.user.role == User.Role.STAFF
    return render(
        request, "oversight/decisions.html", {"decisions": selectors.decisions_for(request.user), "staff": staff}
    )


@login_required
def decision_new(request: AuthedRequest) -> HttpResponse:
    """登记决议决定 (M7)."""
    congress = request.user.congress
    if congress is None or not permissions.is_congress_staff(request.user, congress.pk):
        raise PermissionDenied
    form = _form(request, forms.DecisionForm)
    if request.method == "POST" and form.is_valid():
        try:
            inspections.decision_adopt(congress=congress, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("oversight:decisions")
    return _render_form(
        request, form, title=_("登记决议决定"), subject=congress.name, back=reverse("oversight:decisions")
    )


@login_required
def decision_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """公布决议决定 (M7/M9): a confirmation form, then the service."""
    decision = Decision.objects.filter(pk=pk).first()
    if decision is None or not permissions.can_view_decision(request.user, decision):
        raise Http404
    if not permissions.is_congress_staff(request.user, decision.congress_id):
        raise PermissionDenied
    form = _form(request, forms.ConfirmForm)
    if request.method == "POST" and form.is_valid():
        try:
            inspections.decision_publish(decision=decision, actor=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("oversight:decisions")
    return _render_form(
        request, form, title=_("公布决议决定"), subject=str(decision), back=reverse("oversight:decisions")
    )


@login_required
def implementation_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """报送决议执行情况报告 (M7): the organ the resolution names uploads its report."""
    decision = Decision.objects.select_related("organ").filter(pk=pk).first()
    if decision is None:
        raise Http404
    if not permissions.can_submit_implementation(request.user, decision):
        raise PermissionDenied
    form = _form(request, forms.FileForm)
    if request.method == "POST" and form.is_valid():
        try:
            followup.implementation_report_submit(decision=decision, file=form.cleaned_data["file"], actor=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已报送执行情况报告"))
            return redirect("oversight:mine" if request.user.role == User.Role.UNIT_OFFICER else "oversight:decisions")
    return _render_form(
        request,
        form,
        title=_("报送决议执行情况报告"),
        subject=f"{decision}（{_('期限')} {decision.report_due_on or '—'}）",
        back=reverse("oversight:mine"),
        multipart=True,
    )


@login_required
def annual_check(request: AuthedRequest) -> HttpResponse:
    """年度法定报告检查 (M23, M20–M22): the reports the Standing Committee must hear every year and what
    the year's plan holds of them; staff and members."""
    _insider(request)
    current = selectors.current_plan(request.user.congress_id)
    form = forms.YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else (current.year if current else None)
    year = year or timezone.localdate().year
    rows = selectors.annual_check(request.user.congress_id, year)
    return render(
        request,
        "oversight/annual_check.html",
        {"form": form, "year": year, "rows": rows, "missing": [r for r in rows if r.missing]},
    )


@login_required
def records(request: AuthedRequest) -> HttpResponse:
    """工作记录: the register (staff), with a form to add one."""
    congress = request.user.congress
    if congress is None or not permissions.is_congress_staff(request.user, congress.pk):
        raise PermissionDenied
    form = _form(request, forms.WorkRecordForm)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            inspections.work_record_add(
                congress=congress,
                kind=cd["kind"],
                on=cd["date"],
                title=cd["title"],
                attachment=cd["attachment"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记"))
            return redirect("oversight:records")
    rows = selectors.work_records(congress.pk)
    return render(request, "oversight/records.html", {"form": form, "records": rows[:200], "total": rows.count()})


def public(request: HttpRequest) -> HttpResponse:
    """监督工作公开 (M9): published reports, opinions and handling reports, and published decisions."""
    return render(
        request,
        "oversight/public.html",
        {"items": selectors.items_for(None).order_by("-published_on"), "decisions": selectors.public_decisions()},
    )
