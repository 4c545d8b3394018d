"""Pages of the organisation's structure kept by staff (:mod:`renda.organization.structure`): the 基础数据
hub, 届次 and 会次, 代表团, 专业小组, 机构 with their 组成人员, 政府领导分工, and a deputy's delegation and
groups — lists, new and edit forms, the change history where the model keeps one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.core.exceptions import ApplicationError
from renda.organization import permissions, selectors, structure
from renda.organization import structure_forms as sf
from renda.organization.models import (
    Body,
    Delegation,
    Deputy,
    HandlingUnit,
    Membership,
    Official,
    ProfessionalGroup,
    Session,
    Term,
)
from renda.organization.typing import AuthedRequest


def _require(request: AuthedRequest) -> None:
    if not permissions.can_manage_reference(request.user):
        raise PermissionDenied


def _cid(request: AuthedRequest) -> int:
    """The congress of staff who passed :func:`_require` (``can_manage_reference`` requires one)."""
    assert request.user.congress_id is not None
    return request.user.congress_id


def _one(qs: Any, pk: int) -> Any:
    record = qs.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _history(record: Any) -> list[Any]:
    return list(record.history.select_related("history_user").order_by("-history_date")[:20])


def _terms(request: AuthedRequest) -> Any:
    return Term.objects.filter(congress_id=_cid(request)).order_by("-ordinal")


def _form_page(request: AuthedRequest, *, title: str, back: str, form: Any, history: Any = ()) -> HttpResponse:
    return render(
        request,
        "organization/structure_form.html",
        {"title": title, "back": back, "form": form, "history": list(history)},
    )


@login_required
@require_http_methods(["GET"])
def hub(request: AuthedRequest) -> HttpResponse:
    """基础数据: one page linking every kind of reference data staff keep, with its count."""
    _require(request)
    user = request.user
    return render(request, "organization/reference.html", {"counts": selectors.reference_counts(viewer=user)})


# ------------------------------------------------------------------------------------------ terms


@login_required
@require_http_methods(["GET"])
def term_list(request: AuthedRequest) -> HttpResponse:
    """届次与会次: the congress's terms, newest first, each with its sessions."""
    _require(request)
    terms = list(structure.terms_visible(viewer=request.user).prefetch_related("sessions"))
    return render(request, "organization/terms.html", {"terms": terms})


def _term_form(request: AuthedRequest, term: Term | None) -> HttpResponse:
    initial = {"ordinal": term.ordinal, "start_year": term.start_year, "end_year": term.end_year} if term else {}
    form = sf.TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = structure.term_save(actor=request.user, term=term, data=structure.TermData(**form.cleaned_data))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存第%(n)s届") % {"n": saved.ordinal})
            return redirect("organization:terms")
    title = _("第%(n)s届") % {"n": term.ordinal} if term else _("新增届次")
    return _form_page(request, title=title, back="organization:terms", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def term_new(request: AuthedRequest) -> HttpResponse:
    """新增届次."""
    _require(request)
    return _term_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改届次 (ordinal, years)."""
    _require(request)
    return _term_form(request, _one(_terms(request), pk))


@login_required
@require_http_methods(["GET", "POST"])
def session_form(request: AuthedRequest, pk: int, session_id: int | None = None) -> HttpResponse:
    """新增 or 修改 a session (次会议) of a term."""
    _require(request)
    term: Term = _one(_terms(request), pk)
    session: Session | None = _one(term.sessions.all(), session_id) if session_id is not None else None
    initial = (
        {"ordinal": session.ordinal, "opening_date": session.opening_date, "closing_date": session.closing_date,
         "submission_cutoff": timezone.localtime(session.submission_cutoff)}
        if session is not None
        else {}
    )  # fmt: skip
    form = sf.SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = structure.SessionData(**form.cleaned_data)
        try:
            structure.session_save(actor=request.user, term=term, session=session, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存第%(t)s届第%(n)s次会议") % {"t": term.ordinal, "n": data.ordinal})
            return redirect("organization:terms")
    title = str(session) if session else _("第%(n)s届 新增会次") % {"n": term.ordinal}
    return _form_page(request, title=title, back="organization:terms", form=form)


# ------------------------------------------------------------------------------- delegations, groups


@login_required
@require_http_methods(["GET"])
def delegation_list(request: AuthedRequest) -> HttpResponse:
    """代表团: by term and name with their numbers of deputies; search by name or district; 50 per page."""
    _require(request)
    q = request.GET.get("q", "").strip()[:40]
    qs = structure.delegations_visible(viewer=request.user, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "organization/delegations.html", {"page": page, "q": q})


def _delegation_form(request: AuthedRequest, delegation: Delegation | None) -> HttpResponse:
    initial = (
        {"term": delegation.term_id, "name": delegation.name, "district": delegation.district} if delegation else {}
    )
    form = sf.DelegationForm(request.POST or None, initial=initial, terms=_terms(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = structure.delegation_save(actor=request.user, delegation=delegation, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存代表团“%(name)s”") % {"name": saved.name})
            return redirect("organization:delegations")
    title = delegation.name if delegation else _("新增代表团")
    return _form_page(request, title=title, back="organization:delegations", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def delegation_new(request: AuthedRequest) -> HttpResponse:
    """新增代表团."""
    _require(request)
    return _delegation_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def delegation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改代表团."""
    _require(request)
    return _delegation_form(request, _one(structure.delegations_visible(viewer=request.user), pk))


@login_required
@require_http_methods(["GET"])
def group_list(request: AuthedRequest) -> HttpResponse:
    """专业小组: by term and name with their numbers of deputies."""
    _require(request)
    return render(request, "organization/groups.html", {"groups": structure.groups_visible(viewer=request.user)})


def _group_form(request: AuthedRequest, group: ProfessionalGroup | None) -> HttpResponse:
    initial = {"term": group.term_id, "name": group.name} if group else {}
    form = sf.GroupForm(request.POST or None, initial=initial, terms=_terms(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = structure.group_save(actor=request.user, group=group, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存专业小组“%(name)s”") % {"name": saved.name})
            return redirect("organization:groups")
    return _form_page(request, title=group.name if group else _("新增专业小组"), back="organization:groups", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request: AuthedRequest) -> HttpResponse:
    """新增专业小组."""
    _require(request)
    return _group_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改专业小组."""
    _require(request)
    return _group_form(request, _one(structure.groups_visible(viewer=request.user), pk))


@login_required
@require_http_methods(["GET", "POST"])
def deputy_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    """调整代表团和专业小组 of a deputy (linked from the 代表名录 for staff), with the deputy's history."""
    _require(request)
    deputy: Deputy = _one(Deputy.objects.filter(term__congress_id=_cid(request)), pk)
    form = sf.DeputyAssignForm(
        request.POST or None,
        initial={
            "delegation": deputy.delegation_id,
            "groups": list(deputy.professional_groups.values_list("pk", flat=True)),
        },
        delegations=Delegation.objects.filter(term=deputy.term_id).order_by("name"),
        groups=ProfessionalGroup.objects.filter(term=deputy.term_id).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            structure.deputy_assign(
                actor=request.user, deputy=deputy, delegation=d["delegation"], groups=list(d["groups"])
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已调整%(name)s的代表团和专业小组") % {"name": deputy.name})
            return redirect("organization:deputy-directory")
    title = _("%(name)s（%(code)s）的代表团和专业小组") % {"name": deputy.name, "code": deputy.code}
    return _form_page(request, title=title, back="organization:deputy-directory", form=form, history=_history(deputy))


# ---------------------------------------------------------------------------------------------- bodies


@login_required
@require_http_methods(["GET"])
def body_list(request: AuthedRequest) -> HttpResponse:
    """机构: by term, kind and name, with the number of members today; filter by kind."""
    _require(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Body.Kind.values else ""
    bodies = structure.bodies_visible(viewer=request.user, kind=kind)
    return render(request, "organization/bodies.html", {"bodies": bodies, "kinds": Body.Kind.choices, "kind": kind})


def _sessions(request: AuthedRequest) -> Any:
    return Session.objects.filter(term__congress_id=_cid(request)).select_related("term")


def _body_form(request: AuthedRequest, body: Body | None) -> HttpResponse:
    initial = {"term": body.term_id, "kind": body.kind, "name": body.name, "session": body.session_id} if body else {}
    form = sf.BodyForm(request.POST or None, initial=initial, terms=_terms(request), sessions=_sessions(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = structure.body_save(actor=request.user, body=body, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存机构“%(name)s”") % {"name": saved.name})
            return redirect("organization:body-members", pk=saved.pk)
    return _form_page(request, title=body.name if body else _("新增机构"), back="organization:bodies", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def body_new(request: AuthedRequest) -> HttpResponse:
    """新增机构."""
    _require(request)
    return _body_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改机构 (term, kind, name, session)."""
    _require(request)
    return _body_form(request, _one(structure.bodies_visible(viewer=request.user), pk))


@login_required
@require_http_methods(["GET", "POST"])
def body_members(request: AuthedRequest, pk: int) -> HttpResponse:
    """组成人员 of a body: the seats (current, ended or all; search by name or 代表证号; 50 per page), the
    number of members today, and the form to seat a deputy (任职)."""
    _require(request)
    body: Body = _one(structure.bodies_visible(viewer=request.user), pk)
    deputies = Deputy.objects.filter(term=body.term_id, status=Deputy.Status.SERVING).order_by("code")
    form = sf.MemberAddForm(request.POST or None, deputies=deputies, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            seat = structure.member_add(actor=request.user, body=body, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s已任%(body)s%(role)s") % {
                "name": seat.deputy.name, "body": body.name, "role": seat.get_role_display()})  # fmt: skip
            return redirect("organization:body-members", pk=body.pk)
    show = request.GET.get("show", "current")
    show = show if show in ("current", "ended", "all") else "current"
    q = request.GET.get("q", "").strip()[:40]
    seats = structure.memberships_of(body=body, q=q, current={"current": True, "ended": False}.get(show))
    page = Paginator(seats, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "body": body, "form": form, "page": page, "show": show, "q": q, "today": today,
        "roster_size": structure.roster_size(body=body, on=today),
    }  # fmt: skip
    return render(request, "organization/body_members.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: AuthedRequest, pk: int, seat_id: int) -> HttpResponse:
    """终止任职: the last day of a seat and the reason, with the seat's history."""
    _require(request)
    body: Body = _one(structure.bodies_visible(viewer=request.user), pk)
    seat: Membership = _one(Membership.objects.filter(body=body).select_related("deputy"), seat_id)
    form = sf.MemberEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            structure.member_end(actor=request.user, membership=seat, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("已终止%(name)s在%(body)s的任职") % {"name": seat.deputy.name, "body": body.name}
            )
            return redirect("organization:body-members", pk=body.pk)
    context = {"body": body, "seat": seat, "form": form, "history": _history(seat)}
    return render(request, "organization/member_end.html", context)


# --------------------------------------------------------------------------------------------- officials


@login_required
@require_http_methods(["GET"])
def official_list(request: AuthedRequest) -> HttpResponse:
    """政府领导分工: each leader with the units they lead."""
    _require(request)
    return render(
        request, "organization/officials.html", {"officials": structure.officials_visible(viewer=request.user)}
    )


def _official_form(request: AuthedRequest, official: Official | None) -> HttpResponse:
    initial = (
        {
            "name": official.name,
            "title": official.title,
            "portfolio": list(official.portfolio.values_list("pk", flat=True)),
        }
        if official
        else {}
    )
    units = HandlingUnit.objects.filter(congress_id=_cid(request)).order_by("name")
    form = sf.OfficialForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = structure.OfficialData(name=d["name"], title=d["title"], portfolio=list(d["portfolio"]))
        try:
            saved = structure.official_save(actor=request.user, official=official, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存%(who)s的分工") % {"who": str(saved)})
            return redirect("organization:officials")
    title = str(official) if official else _("新增政府领导")
    return _form_page(request, title=title, back="organization:officials", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def official_new(request: AuthedRequest) -> HttpResponse:
    """新增政府领导."""
    _require(request)
    return _official_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def official_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改政府领导及其分管单位."""
    _require(request)
    return _official_form(request, _one(structure.officials_visible(viewer=request.user), pk))
