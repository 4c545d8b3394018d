"""Public pages (信息公开): drafts open for comment, the text article by article with a comment box per
article and on the whole, phone identity by one-time code (or a login), and the feedback page (G12).

The verified phone is kept in the session (``leg_phone``) so a citizen enters the code once per visit.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.core.ratelimit import client_ip_or_none, rate_limit_ident
from renda.legislation import comments, forms, selectors
from renda.legislation.models import Comment, DraftVersion

SESSION_PHONE = "leg_phone"
SESSION_PENDING = "leg_pending_phone"


def _public(pk: int) -> DraftVersion:
    try:
        return selectors.public_version(pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def public_list(request: HttpRequest) -> HttpResponse:
    """Drafts published for comment, newest first, with their periods."""
    return render(request, "legislation/public_list.html", {"versions": selectors.public_versions()[:50]})


def public_version(request: HttpRequest, pk: int) -> HttpResponse:
    """The text article by article with comment boxes (while open)."""
    version = _public(pk)
    verified = bool(request.session.get(SESSION_PHONE)) or request.user.is_authenticated
    return render(
        request,
        "legislation/public_version.html",
        {
            "version": version,
            "articles": selectors.articles(version),
            "is_open": comments.is_open(version),
            "verified": verified,
            "pending_phone": request.session.get(SESSION_PENDING, ""),
            "code_form": forms.CodeForm(initial={"phone": request.session.get(SESSION_PENDING, "")}),
        },
    )


def _back(version: DraftVersion, article: int | None) -> str:
    url = reverse("legislation:public-version", args=[version.pk])
    return f"{url}#a{article}" if article else f"{url}#whole"


@require_POST
def code_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a one-time code to the phone posted."""
    version = _public(pk)
    form = forms.CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写11位手机号码"))
        return redirect(_back(version, None))
    ip = client_ip_or_none(request)
    try:
        comments.code_send(phone=form.cleaned_data["phone"], ip=rate_limit_ident(ip) if ip else "")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        request.session[SESSION_PENDING] = comments.normalise_phone(form.cleaned_data["phone"])
        messages.success(request, _("验证码已发送，10分钟内有效"))
    return redirect(_back(version, None))


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Post one comment (G11: refused outside the period)."""
    version = _public(pk)
    form = forms.PublicCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写意见（不超过2000字）"))
        return redirect(_back(version, None))
    d = form.cleaned_data
    try:
        phone = request.session.get(SESSION_PHONE, "")
        user = request.user if request.user.is_authenticated else None
        if not phone and user is None:
            phone = comments.code_verify(phone=d["phone"] or request.session.get(SESSION_PENDING, ""), code=d["code"])
            request.session[SESSION_PHONE] = phone
        comments.comment_submit(
            version=version,
            text=d["text"],
            source=Comment.Source.PUBLIC,
            article=d["article"],
            phone=phone,
            user=user,  # type: ignore[arg-type]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("意见已提交，感谢您的参与"))
    return redirect(_back(version, d["article"]))


def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The published feedback (征求意见情况反馈, G12): counts, positions, campaigns and responses."""
    version = _public(pk)
    if not version.feedback_published:
        raise Http404(_("反馈尚未公布"))
    return render(request, "legislation/feedback.html", {"report": selectors.report(version), "version": version})
