"""Pages of the appointments domain (RULES.md §10): staff (任免工作), organs (提请任免), members (任免案),
the public (任免名单). Thin views: shape checks in :mod:`forms`, rules in :mod:`services`, reads in
:mod:`selectors`; a refused rule is shown in Chinese on the form and changes nothing."""

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.appointments import after, forms, letters, permissions, removal, selectors, services
from renda.appointments.models import Appointment
from renda.appointments.posts import OATH_TEXT_2018, filing_days, oath_days
from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.organization.models import User
from renda.organization.typing import AuthedRequest


def _case(request: AuthedRequest, pk: int) -> Appointment:
    try:
        return selectors.access_appointment(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _url(case: Appointment) -> str:
    return reverse("appointments:detail", args=[case.pk])


def _staff(request: AuthedRequest) -> None:
    if not permissions.is_staff(request.user, request.user.congress_id or 0):
        raise PermissionDenied


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
    """Render ``form``; on a valid POST call ``run(cleaned_data)`` (one service) and redirect; a refused
    rule stays on the form with its Chinese message."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, ok)
            return redirect(done(result) if done else back)
    ctx = {"form": form, "title": title, "subject": subject, "back": back, "submit": submit}
    return render(request, "appointments/form.html", ctx)


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    """Staff: every case, the list-for-vote form, the figures and the unsworn appointees (A17)."""
    _staff(request)
    cid = request.user.congress_id
    today = timezone.localdate()
    year = selectors.report_year(request.GET.get("year", ""), default=today.year)
    status = request.GET.get("status", "")
    form = forms.ListForm(request.POST or None, congress_id=cid)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointments_list(
                appointments=list(form.cleaned_data["cases"]),
                together=form.cleaned_data["together"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已列入会议议程并生成表决"))
            return redirect("appointments:board")
    ctx = {
        "cases": selectors.staff_cases(viewer=request.user, status=status)[:200],
        "statuses": Appointment.Status.choices,
        "status": status,
        "form": form,
        "unsworn": selectors.unsworn(congress_id=cid, today=today),
        "figures": selectors.figures(congress_id=cid or 0, year=year) if cid else {},
        "notices_pending": selectors.notices_pending(congress_id=cid, today=today),
        "reelection": selectors.reelection_clock(congress_id=cid, today=today),
        "year": year,
        "filing_days": filing_days(),
    }
    return render(request, "appointments/board.html", ctx)


@login_required
def nominate(request: AuthedRequest) -> HttpResponse:
    """Staff or an organ's officer: draft a 任免案 (A1–A8)."""
    user = request.user
    congress = user.congress
    if congress is None or not (
        permissions.is_staff(user, congress.pk) or permissions.organ_of_user(user, congress.pk)
    ):
        raise PermissionDenied
    form = forms.NominateForm(request.POST or None, congress_id=congress.pk)
    back = reverse("appointments:board" if user.role == User.Role.STAFF else "appointments:organ")
    return _form_page(
        request,
        form,
        lambda d: services.appointment_nominate(congress=congress, actor=user, **d),
        title=_("提请任免"),
        subject=congress.name,
        back=back,
        ok=_("任免案已起草"),
        submit=_("保存"),
        done=_url,
    )


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A case: post, person, attachments, steps, vote, register entry, oath and its trail."""
    case = _case(request, pk)
    ctx = {
        "case": case,
        "actions": permissions.allowed_actions(request.user, case),
        "steps": case.steps.all(),
        "missing_steps": services.missing_step_labels(case),
        "missing_attachments": services.missing_attachments(case),
        "events": case.events.select_related("actor").order_by("at", "id"),
        "oaths": case.oaths.select_related("ceremony"),
        "signers": case.signers.select_related("deputy").order_by("deputy__code"),
        "notice_due": after.notice_due(case),
        "insider": permissions.can_file(request.user, case)
        or permissions.can_manage(request.user, case)
        or permissions.is_sc_member(request.user),
    }
    return render(request, "appointments/detail.html", ctx)


@login_required
def file(request: AuthedRequest, pk: int) -> HttpResponse:
    """The organ (or staff) files the case in writing for a meeting (A8)."""
    case = _case(request, pk)
    if not permissions.can_file(request.user, case):
        raise PermissionDenied
    form = forms.FileForm(
        request.POST or None, congress_id=case.congress_id,
        initial={"filed_on": timezone.localdate(), "meeting": case.meeting_id},
    )  # fmt: skip
    return _form_page(
        request, form,
        lambda d: services.appointment_file(appointment=case, actor=request.user, **d),
        title=_("书面提请"), subject=str(case), back=_url(case), ok=_("已提请"), submit=_("提请"),
    )  # fmt: skip


@login_required
def step(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff record a pre-appointment step (A9–A11)."""
    case = _case(request, pk)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    form = forms.StepForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda d: services.step_record(appointment=case, actor=request.user, **d),
        title=_("记录任前程序"), subject=str(case), back=_url(case), ok=_("已记录"), submit=_("记录"),
    )  # fmt: skip


@login_required
def reason(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Staff withhold the vote or record a withdrawal, with the reason (A12)."""
    case = _case(request, pk)
    if action not in ("withhold", "withdraw"):
        raise Http404
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    run = services.appointment_withhold if action == "withhold" else services.appointment_withdraw
    title = _("暂不付表决") if action == "withhold" else _("撤回任免案")
    form = forms.ReasonForm(request.POST or None)
    return _form_page(
        request, form,
        lambda d: run(appointment=case, actor=request.user, reason=d["reason"]),
        title=title, subject=str(case), back=_url(case), ok=_("已办理"), submit=title,
    )  # fmt: skip


@login_required
@require_POST
def vote(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff record the counted poll's result (A13) into the case and the register."""
    case = _case(request, pk)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    try:
        services.appointment_record_vote(appointment=case, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记表决结果"))
    return redirect(_url(case))


@login_required
def letter(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff download the letter of appointment (任命书, A16) as .docx."""
    case = _case(request, pk)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    try:
        body = letters.letter_docx(case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_url(case))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="appointment-{case.pk}.docx"'
    return response


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    """Staff: the register of office-holders over time."""
    _staff(request)
    tenures = selectors.register(congress_id=request.user.congress_id)
    return render(request, "appointments/register.html", {"tenures": tenures})


@login_required
def oaths(request: AuthedRequest) -> HttpResponse:
    """Staff: oath ceremonies, the appointees not yet sworn and the overdue ones (A17)."""
    _staff(request)
    cid = request.user.congress_id
    ctx = {
        "ceremonies": selectors.ceremonies(congress_id=cid),
        "unsworn": selectors.unsworn(congress_id=cid, today=timezone.localdate()),
        "oath_text": OATH_TEXT_2018,
        "oath_days": oath_days(),
    }
    return render(request, "appointments/oaths.html", ctx)


@login_required
def oath_new(request: AuthedRequest) -> HttpResponse:
    """Staff record an oath ceremony (A17)."""
    _staff(request)
    congress = request.user.congress
    if congress is None:
        raise PermissionDenied
    form = forms.OathForm(request.POST or None, congress_id=congress.pk, initial={"held_on": timezone.localdate()})

    def run(d: dict[str, Any]) -> Any:
        return services.oath_record(
            congress=congress, actor=request.user, held_on=d["held_on"], supervisor=d["supervisor"],
            appointments=list(d["cases"]), form=d["form"], organiser=d["organiser"], place=d["place"],
            leader=d["leader"],
        )  # fmt: skip

    return _form_page(
        request, form, run, title=_("记录宪法宣誓"), subject=congress.name,
        back=reverse("appointments:oaths"), ok=_("已记录宪法宣誓"), submit=_("记录"),
    )  # fmt: skip


@login_required
def organ(request: AuthedRequest) -> HttpResponse:
    """An organ's officer: the organ's nominations."""
    if not permissions.organ_of_user(request.user, request.user.congress_id or 0):
        raise PermissionDenied
    ctx = {
        "cases": selectors.organ_cases(viewer=request.user),
        "title": _("本机关提请的任免案"),
        "can_new": True,
        "can_discipline": permissions.can_discipline(request.user, request.user.congress_id or 0),
    }
    return render(request, "appointments/cases.html", ctx)


@login_required
def member(request: AuthedRequest) -> HttpResponse:
    """A Standing Committee member: the cases before the coming meetings (an empty list for a deputy who
    holds no seat on the Standing Committee: :func:`selectors.member_cases`)."""
    ctx = {
        "cases": selectors.member_cases(viewer=request.user),
        "title": _("提请常委会会议审议的任免案"),
        "can_new": False,
        "can_remove": permissions.is_sc_member(request.user),
    }
    return render(request, "appointments/cases.html", ctx)


def public(request: Any) -> HttpResponse:
    """Everybody: the published list of adopted appointments and removals (A15)."""
    return render(request, "appointments/public.html", {"cases": selectors.public_cases()[:300]})


@login_required
def upper(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff record the upper-level Standing Committee's approval or refusal (A20)."""
    case = _case(request, pk)
    if "upper" not in permissions.allowed_actions(request.user, case):
        raise PermissionDenied
    form = forms.UpperForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda d: after.upper_decide(appointment=case, actor=request.user, **d),
        title=_("登记上级批准"), subject=str(case), back=_url(case), ok=_("已登记"), submit=_("登记"),
    )  # fmt: skip


@login_required
def notify(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff record the formal notice sent to the organs (A15); the organ's officers are notified."""
    case = _case(request, pk)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda d: after.notice_record(appointment=case, actor=request.user, on=d["on"]),
        title=_("发出任免通知"), subject=str(case), back=_url(case), ok=_("已发出任免通知"), submit=_("发出"),
    )  # fmt: skip


@login_required
def removal_new(request: AuthedRequest) -> HttpResponse:
    """A Standing Committee member (or staff) files a removal bill jointly with other members (M26)."""
    user = request.user
    congress = user.congress
    if congress is None or not permissions.can_propose_jointly(user, congress.pk):
        raise PermissionDenied
    form = forms.RemovalForm(request.POST or None, congress_id=congress.pk)
    back = reverse("appointments:board" if user.role == User.Role.STAFF else "appointments:member")
    need = removal.signers_needed(congress.pk)
    return _form_page(
        request, form,
        lambda d: removal.removal_by_members(congress=congress, actor=user, **{**d, "signers": list(d["signers"])}),
        title=_("联名提出撤职案"), subject=_("须由常委会组成人员五分之一以上（%(n)s人以上）联名") % {"n": need},
        back=back, ok=_("撤职案已提出"), submit=_("提出"), done=_url,
    )  # fmt: skip


@login_required
def reelection_new(request: AuthedRequest) -> HttpResponse:
    """Staff record a new government elected by the congress (A2 clock, A22)."""
    _staff(request)
    congress = request.user.congress
    if congress is None:
        raise PermissionDenied
    form = forms.ReelectionForm(request.POST or None)
    return _form_page(
        request, form,
        lambda d: after.reelection_record(congress=congress, actor=request.user, **d),
        title=_("登记政府换届"), subject=congress.name, back=reverse("appointments:board"), ok=_("已登记"),
        submit=_("登记"),
    )  # fmt: skip


@login_required
def filings(request: AuthedRequest) -> HttpResponse:
    """Staff: register changes filed without a vote (A22)."""
    _staff(request)
    return render(
        request, "appointments/filings.html", {"filings": selectors.filings(congress_id=request.user.congress_id)}
    )


@login_required
def filing_new(request: AuthedRequest, kind: str) -> HttpResponse:
    """Staff file a renamed body (``rename``) or a tenure ended without a vote (``end``), A22."""
    _staff(request)
    cid = request.user.congress_id
    back = reverse("appointments:filings")
    if kind == "rename":
        form: djforms.Form = forms.RenameForm(request.POST or None, congress_id=cid)
        return _form_page(
            request, form, lambda d: after.post_rename(actor=request.user, **d),
            title=_("机构更名备案"), subject=_("职务名称变更，无需重新任命"), back=back, ok=_("已备案"), submit=_("备案"),
        )  # fmt: skip
    if kind == "end":
        form = forms.EndForm(request.POST or None, congress_id=cid)
        return _form_page(
            request, form, lambda d: after.tenure_end_filed(actor=request.user, **d),
            title=_("职务终止备案"), subject=_("机构撤销、合并或本人去世，无需免职表决"), back=back, ok=_("已备案"),
            submit=_("备案"),
        )  # fmt: skip
    raise Http404


@login_required
def disciplines(request: AuthedRequest) -> HttpResponse:
    """Staff or the supervisory commission's officer: 政务处分 recorded (A23)."""
    if not permissions.can_discipline(request.user, request.user.congress_id or 0):
        raise PermissionDenied
    rows = selectors.disciplines(congress_id=request.user.congress_id)
    return render(request, "appointments/disciplines.html", {"rows": rows})


@login_required
def discipline_new(request: AuthedRequest) -> HttpResponse:
    """Record a 政务处分 of 开除 or 撤职, refused while the person holds a post the Standing Committee
    appointed (A23)."""
    congress = request.user.congress
    if congress is None or not permissions.can_discipline(request.user, congress.pk):
        raise PermissionDenied
    form = forms.DisciplineForm(request.POST or None, congress_id=congress.pk)
    return _form_page(
        request, form, lambda d: after.discipline_record(congress=congress, actor=request.user, **d),
        title=_("登记政务处分"), subject=_("常委会任命的人员，须先由常委会免去或撤销其职务"),
        back=reverse("appointments:disciplines"), ok=_("已登记"), submit=_("登记"),
    )  # fmt: skip
