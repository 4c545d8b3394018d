"""One thin view per action of the proposal page (POST only): fetch-and-authorise, validate the
action's form (:mod:`renda.proposals.forms`), call one service, redirect back with a Chinese message.

The URLs stay ``<pk>/act/<action>/`` and ``assignment/<pk>/act/<action>/``: :func:`act` and
:func:`assignment_act` look the action up in :data:`PROPOSAL_ACTIONS` / :data:`ASSIGNMENT_ACTIONS`
(an unknown action is a 404). Business rules raise ``ApplicationError``, shown as the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.organization.typing import AuthedRequest
from renda.proposals import forms, selectors, services
from renda.proposals.models import Assignment, MergeGroup, Proposal

Run = Callable[[Any, Any, dict[str, Any]], Any]


def _finish(
    request: AuthedRequest, pk: int, form: djforms.Form, run: Callable[[], Any], ok: StrOrPromise
) -> HttpResponse:
    if not form.is_valid():
        parts = [
            str(form.fields[name].label)
            if name in form.fields and form.fields[name].label
            else "；".join(str(e) for e in errs)
            for name, errs in form.errors.items()
        ]
        messages.error(request, gettext("请完整填写或选择有效的选项：") + "、".join(parts))
        return redirect("proposals:detail", pk=pk)
    try:
        run()
        messages.success(request, ok)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("proposals:detail", pk=pk)


def _proposal_view(
    form_class: type[djforms.Form], run: Run, ok: StrOrPromise
) -> Callable[[AuthedRequest, Proposal], HttpResponse]:
    """Build the thin view of one proposal action: form ``form_class``, service call ``run(actor, p, data)``."""

    def view(request: AuthedRequest, p: Proposal) -> HttpResponse:
        form = form_class(request.POST)
        return _finish(request, p.pk, form, lambda: run(request.user, p, form.cleaned_data), ok)

    return view


def _v(d: dict[str, Any]) -> int | None:
    return d.get("version")


def _unmerge(actor: Any, p: Proposal, d: dict[str, Any]) -> None:
    group = MergeGroup.objects.filter(pk=p.merge_group_id or 0).first()
    if group is None:
        raise NotFoundOrForbidden(gettext("该建议未并案"))
    services.merge_undo(group=group, actor=actor)


def _merge(actor: Any, p: Proposal, d: dict[str, Any]) -> Any:
    return services.proposals_merge_listed(primary=p, numbers=d["numbers"], actor=actor)


#: Proposal-level actions: URL slug → thin view.
PROPOSAL_ACTIONS: dict[str, Callable[[AuthedRequest, Proposal], HttpResponse]] = {
    "submit": _proposal_view(
        forms.VersionForm,
        lambda u, p, d: services.proposal_submit(proposal=p, actor=u, expected_version=_v(d)),
        _("已提交"),
    ),
    "cosign_accept": _proposal_view(
        djforms.Form, lambda u, p, d: services.cosigner_respond(proposal=p, actor=u, accept=True), _("已确认联名")
    ),
    "cosign_decline": _proposal_view(
        djforms.Form, lambda u, p, d: services.cosigner_respond(proposal=p, actor=u, accept=False), _("已谢绝联名")
    ),
    "register": _proposal_view(
        forms.VersionForm,
        lambda u, p, d: services.proposal_register(proposal=p, actor=u, expected_version=_v(d)),
        _("已登记编号"),
    ),
    "return": _proposal_view(
        forms.ReturnForm,
        lambda u, p, d: services.proposal_return(
            proposal=p, actor=u, category=d["category"], reason=d["reason"], expected_version=_v(d)
        ),
        _("已退回"),
    ),
    "withdraw": _proposal_view(
        forms.WithdrawForm,
        lambda u, p, d: services.proposal_withdraw(
            proposal=p, actor=u, presidium_consent=d["consent"], reason=d["reason"], expected_version=_v(d)
        ),
        _("已撤回"),
    ),
    "agree_withdraw": _proposal_view(
        djforms.Form, lambda u, p, d: services.cosigner_agree_withdraw(proposal=p, actor=u), _("已同意撤回")
    ),
    "recommend": _proposal_view(
        forms.RecommendForm,
        lambda u, p, d: services.bill_recommend(
            proposal=p, actor=u, decision=d["decision"], opinion=d["opinion"], expected_version=_v(d)
        ),
        _("已记录审查意见"),
    ),
    "decide": _proposal_view(
        forms.DecideForm,
        lambda u, p, d: services.bill_decide(
            proposal=p, actor=u, decision=d["decision"], committee=d["committee"], expected_version=_v(d)
        ),
        _("已记录主席团决定"),
    ),
    "designate_key": _proposal_view(
        forms.KeyForm,
        lambda u, p, d: services.suggestion_designate_key(
            proposal=p, actor=u, vice_chair=d["vice_chair"], committee=d["committee"], expected_version=_v(d)
        ),
        _("已确定为重点督办建议"),
    ),
    "assign": _proposal_view(
        forms.AssignActionForm,
        lambda u, p, d: services.suggestion_assign(
            proposal=p,
            actor=u,
            leads=list(d["leads"]),
            cohandlers=list(d["cohandlers"]),
            is_complex=d["is_complex"],
            expected_version=_v(d),
        ),
        _("已交办"),
    ),
    "merge": _proposal_view(forms.MergeForm, _merge, _("已并案")),
    "conclude": _proposal_view(
        forms.ConcludeForm,
        lambda u, p, d: services.bill_conclude(proposal=p, actor=u, report=d["report"], expected_version=_v(d)),
        _("已记录审议结果"),
    ),
    "close": _proposal_view(
        forms.VersionForm,
        lambda u, p, d: services.proposal_close_after_window(proposal=p, actor=u, expected_version=_v(d)),
        _("已办结"),
    ),
    "unmerge": _proposal_view(djforms.Form, _unmerge, _("已撤销并案")),
}


@require_POST
@login_required
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Proposal-level actions (see :data:`PROPOSAL_ACTIONS`); 404 for an unknown action or a proposal the
    user may not open."""
    view = PROPOSAL_ACTIONS.get(action)
    if view is None:
        raise Http404
    try:
        p = selectors.proposal_get(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return view(request, p)


def _assignment_view(
    form_class: type[djforms.Form], run: Run, ok: StrOrPromise, *, files: bool = False, commitment: bool = False
) -> Callable[[AuthedRequest, Assignment], HttpResponse]:
    """Build the thin view of one assignment action: form, service call ``run(actor, a, data)``."""

    def view(request: AuthedRequest, a: Assignment) -> HttpResponse:
        kwargs: dict[str, Any] = {"assignment": a} if commitment else {}
        form = form_class(request.POST, request.FILES, **kwargs) if files else form_class(request.POST, **kwargs)
        if commitment and not form.is_valid():
            raise Http404
        return _finish(request, a.proposal_id, form, lambda: run(request.user, a, form.cleaned_data), ok)

    return view


def _reply(u: Any, a: Assignment, d: dict[str, Any]) -> Any:
    commitments = (
        [services.CommitmentInput(d["commitment_what"], d["commitment_due"])]
        if d.get("commitment_what") and d.get("commitment_due")
        else []
    )
    return services.reply_submit(
        assignment=a,
        actor=u,
        text=d["text"],
        reply_class=d["reply_class"],
        signer_name=d["signer_name"],
        signer_title=d["signer_title"],
        document=d["document"],
        commitments=commitments,
        expected_version=_v(d),
    )


#: Assignment-level actions: URL slug → thin view.
ASSIGNMENT_ACTIONS: dict[str, Callable[[AuthedRequest, Assignment], HttpResponse]] = {
    "receive": _assignment_view(
        forms.VersionForm,
        lambda u, a, d: services.assignment_receive(assignment=a, actor=u, expected_version=_v(d)),
        _("已签收"),
    ),
    "request_reassign": _assignment_view(
        forms.ReasonForm,
        lambda u, a, d: services.assignment_request_reassign(
            assignment=a, actor=u, reason=d["reason"], expected_version=_v(d)
        ),
        _("已申请调整"),
    ),
    "approve_reassign": _assignment_view(
        forms.DecideReassignForm,
        lambda u, a, d: services.assignment_decide_reassign(
            assignment=a, actor=u, approve=True, new_unit=d["unit"], note=d["note"], expected_version=_v(d)
        ),
        _("已同意调整"),
    ),
    "refuse_reassign": _assignment_view(
        forms.DecideReassignForm,
        lambda u, a, d: services.assignment_decide_reassign(
            assignment=a, actor=u, approve=False, note=d["note"], expected_version=_v(d)
        ),
        _("已不同意调整"),
    ),
    "consult": _assignment_view(
        forms.ConsultForm,
        lambda u, a, d: services.consultation_record(assignment=a, actor=u, **d),
        _("已记录沟通情况"),
    ),
    "opinion": _assignment_view(
        forms.OpinionForm,
        lambda u, a, d: services.assignment_send_opinion(assignment=a, actor=u, text=d["text"], expected_version=_v(d)),
        _("已提出会办意见"),
    ),
    "reply": _assignment_view(forms.ReplyActionForm, _reply, _("已答复代表"), files=True),
    "request_extension": _assignment_view(
        forms.ExtensionForm,
        lambda u, a, d: services.extension_request(
            assignment=a, actor=u, months=d["months"] or 0, reason=d["reason"], expected_version=_v(d)
        ),
        _("已申请延期"),
    ),
    "approve_extension": _assignment_view(
        forms.VersionForm,
        lambda u, a, d: services.extension_decide(assignment=a, actor=u, approve=True, expected_version=_v(d)),
        _("已批准延期"),
    ),
    "refuse_extension": _assignment_view(
        forms.VersionForm,
        lambda u, a, d: services.extension_decide(assignment=a, actor=u, approve=False, expected_version=_v(d)),
        _("已不批准延期"),
    ),
    "urge": _assignment_view(
        forms.NoteForm, lambda u, a, d: services.assignment_urge(assignment=a, actor=u, note=d["note"]), _("已催办")
    ),
    "deliver": _assignment_view(
        forms.CommitmentForm,
        lambda u, a, d: services.commitment_deliver(
            commitment=d["commitment"], actor=u, delivered_on=timezone.localdate()
        ),
        _("已标记完成"),
        commitment=True,
    ),
    "report": _assignment_view(
        forms.CommitmentForm,
        lambda u, a, d: services.commitment_report(
            commitment=d["commitment"], actor=u, reported_on=timezone.localdate()
        ),
        _("已告知代表"),
        commitment=True,
    ),
}


@require_POST
@login_required
def assignment_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Assignment-level actions (see :data:`ASSIGNMENT_ACTIONS`). Authorised first
    (``selectors.access_assignment``: a refused actor gets 404 before any version or form check)."""
    view = ASSIGNMENT_ACTIONS.get(action)
    if view is None:
        raise Http404
    try:
        a = selectors.access_assignment(viewer=request.user, pk=pk, action=action)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return view(request, a)
