"""Pages of filing review (备案审查): the list and filing form, a document with its clocks, flags and
the steps the viewer may take, the overdue board, review suggestions, the annual figures, and the
public pages (提出审查建议, 审查建议查询). Thin: forms check shapes, services apply the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.core.privacy import mask_phone
from renda.filing import assistant, clocks, committee, forms, permissions, revocation, selectors, services, suggestions
from renda.filing.models import FilingDocument, Flag, Organ
from renda.filing.workflow import DocStatus
from renda.organization.models import Congress

SUGGEST_DONE_KEY = "filing-suggest-done"


def _doc(request: Any, doc_id: int) -> FilingDocument:
    try:
        return selectors.document_get(viewer=request.user, doc_id=doc_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _organs(user: Any) -> Any:
    if permissions.is_staff(user):
        return Organ.objects.all()
    return (
        Organ.objects.filter(handling_unit_id=user.handling_unit_id) if user.handling_unit_id else Organ.objects.none()
    )


@login_required
def document_list(request: Any) -> HttpResponse:
    """备案审查: the documents the viewer sees, filterable by status, 50 a page."""
    qs = selectors.documents_for(request.user)
    status = request.GET.get("status", "")
    if status in DocStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(d, clocks.is_late(d.published_on, d.received_on)) for d in page]
    return render(
        request,
        "filing/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": DocStatus.choices,
            "can_file": permissions.can_file(request.user),
            "today": today,
        },
    )


@login_required
def document_new(request: Any) -> HttpResponse:
    """报送备案: an organ's officer (or staff for a paper filing) files a document."""
    if not permissions.can_file(request.user):
        raise PermissionDenied
    form = forms.FileForm(request.POST or None, request.FILES or None, organs=_organs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            doc = services.document_file(
                actor=request.user,
                organ=d["organ"],
                title=d["title"],
                number=d["number"],
                kind=d["kind"],
                published_on=d["published_on"],
                received_on=d["received_on"],
                text=d["text"],
                explanation=d["explanation"],
                basis=d["basis"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if clocks.is_late(doc.published_on, doc.received_on):
                messages.warning(request, _("已报送。该文件超过公布后30日报送，已标记为逾期报送"))
            else:
                messages.success(request, _("已报送备案"))
            return redirect("filing:detail", doc_id=doc.pk)
    return render(request, "filing/new.html", {"form": form})


@login_required
def document_detail(request: Any, doc_id: int) -> HttpResponse:
    """A filed document: its clocks, the steps the viewer may take, the assistant's flags, the trail."""
    doc = _doc(request, doc_id)
    actions = permissions.allowed_actions(request.user, doc)
    steps = [(name, STEP_LABELS[name], services.STEPS[name].needs_note) for name in services.STEPS if name in actions]
    return render(
        request,
        "filing/detail.html",
        {
            "doc": doc,
            "clocks": clocks.clocks(doc, timezone.localdate()),
            "actions": actions,
            "steps": steps,
            "flags": doc.flags.select_related("related")
            if "assist" in actions or permissions.can_view_all(request.user)
            else [],
            "events": doc.events.select_related("actor"),
            "committee_form": forms.CommitteeForm(),
            "late": clocks.is_late(doc.published_on, doc.received_on),
            "is_staff": permissions.is_staff(request.user),
            "review_kinds": FilingDocument.ReviewKind.choices,
            "member_opinions": committee.collected(doc) if permissions.can_view_all(request.user) else [],
            "committee_due": committee.committee_due(doc),
            "revocation_form": forms.RevocationForm(congress_id=doc.congress_id) if "revocation" in actions else None,
            "revocation_poll": doc.revocation_poll if doc.revocation_poll_id else None,
        },
    )


STEP_LABELS: dict[str, Any] = {
    "formal_pass": _l("形式审查通过，登记"),
    "request_materials": _l("通知补正材料"),
    "supply": _l("补正材料"),
    "return": _l("退回"),
    "start_review": _l("启动审查"),
    "no_problem": _l("审查未发现问题"),
    "consult": _l("与制定机关沟通"),
    "suspend": _l("书面承诺纠正，中止审查"),
    "corrected": _l("已纠正，终止审查"),
    "propose_opinion": _l("提请主任会议"),
    "council_approve": _l("主任会议同意发出书面审查意见"),
    "council_return": _l("主任会议退回继续沟通"),
}


@login_required
@require_POST
def document_action(request: Any, doc_id: int) -> HttpResponse:
    """Take one step (the button pressed); a refusal is shown and changes nothing."""
    doc = _doc(request, doc_id)
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return redirect("filing:detail", doc_id=doc.pk)
    d = form.cleaned_data
    try:
        services.document_step(
            doc=doc,
            actor=request.user,
            step=d["step"],
            note=d["note"],
            on=d["on"],
            review_kind=d["review_kind"],
            expected_version=d["version"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已办理"))
    return redirect("filing:detail", doc_id=doc.pk)


@login_required
@require_POST
def document_extra(request: Any, doc_id: int, what: str) -> HttpResponse:
    """征求专门委员会意见 / 录入委员会意见 / 制定机关回复 / 运行审查辅助."""
    doc = _doc(request, doc_id)
    try:
        if what == "committee":
            cf = forms.CommitteeForm(request.POST)
            if not cf.is_valid():
                raise ApplicationError(_("请选择专门委员会"))
            services.document_ask_committee(doc=doc, actor=request.user, committee=cf.cleaned_data["committee"])
        elif what == "assist":
            found = assistant.document_assist(doc=doc, actor=request.user)
            messages.info(request, _("审查辅助提示 %(n)d 条") % {"n": len(found)})
        else:
            tf = forms.TextForm(request.POST)
            if not tf.is_valid():
                raise ApplicationError(_("请填写内容"))
            if what == "opinion":
                services.document_committee_opinion(doc=doc, actor=request.user, text=tf.cleaned_data["text"])
            else:
                services.document_issuer_reply(doc=doc, actor=request.user, text=tf.cleaned_data["text"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("filing:detail", doc_id=doc.pk)


@login_required
@require_POST
def flag_decide(request: Any, doc_id: int, flag_id: int) -> HttpResponse:
    """Confirm or dismiss one flag of the assistant."""
    doc = _doc(request, doc_id)
    flag = Flag.objects.filter(document=doc, pk=flag_id).first()
    if flag is None:
        raise Http404
    form = forms.FlagForm(request.POST)
    if form.is_valid():
        try:
            assistant.flag_decide(
                flag=flag,
                actor=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请检查填写的内容"))
    return redirect("filing:detail", doc_id=doc.pk)


@login_required
def overdue(request: Any) -> HttpResponse:
    """逾期看板: every running clock past due (formal check, materials, committee, issuer's response)."""
    if not permissions.can_view_all(request.user):
        raise PermissionDenied
    board = selectors.overdue_board(viewer=request.user, today=timezone.localdate())
    return render(request, "filing/overdue.html", {"board": board})


@login_required
def suggestion_list(request: Any) -> HttpResponse:
    """审查建议: staff accept, decline and answer review suggestions."""
    if not permissions.is_staff(request.user):
        raise PermissionDenied
    qs = selectors.suggestions_for(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [(s, mask_phone(s.phone), forms.AcceptForm(auto_id=f"id_s{s.pk}_%s")) for s in page]
    return render(
        request,
        "filing/suggestions.html",
        {"page": page, "rows": rows},
    )


@login_required
@require_POST
def suggestion_action(request: Any, suggestion_id: int) -> HttpResponse:
    """Accept (link a document), decline or answer one suggestion."""
    s = selectors.suggestions_for(request.user).filter(pk=suggestion_id).first()
    if s is None:
        raise Http404
    try:
        if "document" in request.POST:
            af = forms.AcceptForm(request.POST)
            if not af.is_valid():
                raise ApplicationError(_("请选择对应的备案文件"))
            suggestions.suggestion_accept(suggestion=s, actor=request.user, document=af.cleaned_data["document"])
        else:
            ff = forms.FeedbackForm(request.POST)
            if not ff.is_valid():
                raise ApplicationError(_("请填写反馈内容"))
            if ff.cleaned_data["decision"] == "decline":
                suggestions.suggestion_decline(suggestion=s, actor=request.user, reason=ff.cleaned_data["text"])
            else:
                suggestions.suggestion_answer(suggestion=s, actor=request.user, feedback=ff.cleaned_data["text"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已办理"))
    return redirect("filing:suggestions")


@login_required
def figures(request: Any) -> HttpResponse:
    """备案审查工作情况报告的数据: the annual figures, each from its selector."""
    if not permissions.can_view_all(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "filing/figures.html",
        {"year": year, "figures": selectors.annual_figures(year, request.user.congress_id)},
    )


def public_revocations(request: HttpRequest) -> HttpResponse:
    """撤销决定公布 (F5): the documents the Standing Committee revoked, for everyone (no login)."""
    return render(request, "filing/public_revocations.html", {"documents": selectors.revocations_published()[:200]})


def public_suggest(request: HttpRequest) -> HttpResponse:
    """提出审查建议: the public form (no login); the 查询码 is shown once on the next page."""
    form = forms.PublicSuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["website"]:  # a bot filled the honeypot: pretend success, store nothing
            return redirect("filing:public-suggest")
        congress = Congress.objects.order_by("pk").first()
        try:
            if congress is None:
                raise ApplicationError(_("系统尚未配置人民代表大会"))
            s = suggestions.suggestion_submit(
                congress=congress,
                name=d["name"],
                phone=d["phone"],
                document_title=d["document_title"],
                reasons=d["reasons"],
                source=d["source"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[SUGGEST_DONE_KEY] = s.tracking_code
            return redirect("filing:public-done")
    return render(request, "filing/public_suggest.html", {"form": form})


def public_done(request: HttpRequest) -> HttpResponse:
    """审查建议已收到: the 查询码 of this session's last suggestion."""
    code = request.session.get(SUGGEST_DONE_KEY, "")
    if not code:
        return redirect("filing:public-suggest")
    return render(request, "filing/public_done.html", {"code": code})


def public_track(request: HttpRequest) -> HttpResponse:
    """审查建议查询: the requester sees the status and the feedback by 查询码."""
    code = (request.GET.get("code") or "").strip().upper()[:16]
    s, error = None, ""
    if code:
        try:
            s = suggestions.suggestion_by_code(code)
        except NotFoundOrForbidden as exc:
            error = exc.message
    return render(request, "filing/public_track.html", {"code": code, "s": s, "error": error})


@login_required
@require_POST
def revocation_propose(request: Any, doc_id: int) -> HttpResponse:
    """提出撤销议案 (F5): put the bill on a Standing Committee meeting's agenda with its vote."""
    doc = _doc(request, doc_id)
    form = forms.RevocationForm(request.POST, congress_id=doc.congress_id)
    if not form.is_valid():
        messages.error(request, _("请选择常委会会议并填写撤销理由"))
        return redirect("filing:detail", doc_id=doc.pk)
    d = form.cleaned_data
    try:
        revocation.revocation_propose(
            doc=doc,
            actor=request.user,
            meeting=d["meeting"],
            note=d["note"],
            method=d["method"],
            expected_version=d["version"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("撤销议案已列入常委会会议议程"))
    return redirect("filing:detail", doc_id=doc.pk)


@login_required
@require_POST
def revocation_record(request: Any, doc_id: int) -> HttpResponse:
    """登记表决结果 (F5): the revocation bill's vote closes the review."""
    doc = _doc(request, doc_id)
    try:
        revocation.revocation_record(doc=doc, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记表决结果"))
    return redirect("filing:detail", doc_id=doc.pk)
