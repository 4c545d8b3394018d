"""Special-committee members' own pages (RULES.md F4): the documents sent to their committee, and the
opinion each member enters within the committee's period. Staff read the collected opinions on the
document's page. Thin: :mod:`renda.filing.committee` applies the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.filing import committee, forms, permissions


def _member(request: Any) -> None:
    if not permissions.is_deputy(request.user):
        raise PermissionDenied


@login_required
def member_list(request: Any) -> HttpResponse:
    """委员会审查意见: the documents sent to the member's special committees, with their periods."""
    _member(request)
    today = timezone.localdate()
    return render(request, "filing/member_list.html", {"rows": committee.member_rows(request.user, today)})


@login_required
def member_document(request: Any, doc_id: int) -> HttpResponse:
    """One document sent to the member's committee: its text, the period and the member's opinion."""
    _member(request)
    today = timezone.localdate()
    try:
        doc = committee.member_document_get(viewer=request.user, doc_id=doc_id, today=today)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    mine = committee.own_opinion(doc, request.user)
    form = forms.MemberOpinionForm(request.POST or None, initial={"text": mine.text if mine else ""})
    if request.method == "POST" and form.is_valid():
        try:
            committee.member_opinion_give(doc=doc, actor=request.user, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("意见已提交"))
            return redirect("filing:member-doc", doc_id=doc.pk)
    return render(
        request,
        "filing/member_doc.html",
        {
            "doc": doc,
            "form": form,
            "mine": mine,
            "due": committee.committee_due(doc),
            "open": committee.can_give_now(request.user, doc, today),
        },
    )
