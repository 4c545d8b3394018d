"""Pages of the liaison domain: triage inbox, opinion detail, search, hot topics, forms, tracking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renda.core import ratelimit
from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.core.privacy import redact_text
from renda.core.redirects import safe_next
from renda.liaison import forms, permissions, selectors, services, tasks
from renda.liaison.conf import auto_route_enabled, triage_confidence
from renda.liaison.models import Opinion
from renda.liaison.workflow import OPINION_FLOW, Status
from renda.organization.models import Congress, LiaisonStation, User
from renda.organization.typing import AuthedRequest


def _get(request: AuthedRequest, opinion_id: int) -> Opinion:
    try:
        return selectors.opinion_get(viewer=request.user, opinion_id=opinion_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


@login_required
def opinion_list(request: AuthedRequest, triage: bool = False, follow_up: bool = False) -> HttpResponse:
    """分诊/意见列表: filter by station, topic, confidence ceiling, duplicate group and status; 50 a page.

    The triage screen (``triage=True``) and the follow-up list (``follow_up=True``: opinions the citizen
    rated low, 回访复核, issue 13 item 4) are for Standing Committee staff only: 403 for other roles.
    """
    if (triage or follow_up) and not permissions.can_use_triage(request.user):
        raise PermissionDenied
    g = request.GET
    filter_form = forms.OpinionFilterForm(g)
    f = filter_form.valid_filters()
    statuses: tuple[str, ...] = (
        (f["status"],)
        if f["status"]
        else (
            (Status.RECEIVED, Status.TRIAGED) if triage else (Status.FOLLOW_UP,) if follow_up else tuple(Status.values)
        )
    )
    filters = selectors.TriageFilters(
        station_id=f["station"],
        topic_id=f["topic"],
        max_confidence=f["max_confidence"],
        group_id=f["group"],
        statuses=statuses,
    )
    qs = selectors.triage_inbox(viewer=request.user, filters=filters)
    page = Paginator(qs, 50).get_page(g.get("page"))
    stations = LiaisonStation.objects.none()
    if permissions.can_filter_by_station(request.user):
        stations = LiaisonStation.objects.order_by("name")
        if request.user.congress_id:
            stations = stations.filter(congress_id=request.user.congress_id)
    return render(
        request,
        "liaison/opinion_list.html",
        {
            "page": page,
            "triage": triage,
            "follow_up": follow_up,
            **(_triage_context(request.user, list(page)) if triage else {}),
            "topics": selectors.first_level_topics(),
            "stations": stations,
            # the triage inbox holds opinions waiting for a person (接收) and classified ones waiting to be routed
            "statuses": [(v, label) for v, label in Status.choices if v in TRIAGE_STATUSES]
            if triage
            else Status.choices,
            "f": g,
            "filter_error": filter_form.error_summary(),
            "show_phone": permissions.can_see_citizen_contact(request.user),
            "threshold": triage_confidence(),
        },
    )


#: The statuses the triage inbox lists (its status filter offers these).
TRIAGE_STATUSES = (Status.RECEIVED, Status.TRIAGED)


def _triage_context(user: User, rows: list[Opinion]) -> dict[str, Any]:
    """The triage page's extras: each row's suggested unit, the rows staff may confirm in one batch
    (classified, with a suggested unit, routable by this user), and the congress's auto-routing switch."""
    suggested = selectors.suggested_units(rows)
    for op in rows:  # shown in the row (建议承办单位)
        op.suggested_unit = suggested.get(op.pk)  # type: ignore[attr-defined]
    confirmable = {
        op.pk
        for op in rows
        if op.pk in suggested and permissions.can_route(user, op) and OPINION_FLOW.allows(op.status, Status.ROUTED)
    }
    congress_id = user.congress_id
    return {
        "confirmable": confirmable,
        "can_set_auto_route": permissions.can_set_auto_route(user, congress_id),
        "auto_route": auto_route_enabled(congress_id) if congress_id else False,
    }


@require_POST
@login_required
def triage_confirm(request: AuthedRequest) -> HttpResponse:
    """POST (triage page): route every selected classified opinion to its suggested unit at once."""
    if not permissions.can_use_triage(request.user):
        raise PermissionDenied
    form = forms.ConfirmRoutingForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect(safe_next(request, reverse("liaison:triage")))
    try:
        n = services.opinions_route_suggested(opinion_ids=form.cleaned_data["opinions"], actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认转办 %(n)d 件意见") % {"n": n})
    return redirect(safe_next(request, reverse("liaison:triage")))  # back to the same filter and page


@require_POST
@login_required
def triage_auto_route(request: AuthedRequest) -> HttpResponse:
    """POST (triage page): staff switch their congress's automatic routing on or off."""
    user = request.user
    if not permissions.can_set_auto_route(user, user.congress_id) or user.congress_id is None:
        raise PermissionDenied
    form = forms.AutoRouteForm(request.POST)
    form.is_valid()  # a missing box is "off"
    enabled = bool(form.cleaned_data.get("auto_route"))
    services.auto_route_set(congress_id=user.congress_id, enabled=enabled, actor=user)
    messages.success(request, _("已开启自动转办") if enabled else _("已关闭自动转办：转办须经工作人员确认"))
    return redirect(safe_next(request, reverse("liaison:triage")))


@login_required
def opinion_detail(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """One opinion: its text, prediction, group, similar opinions, events and the actions the viewer may take.

    Roles other than staff and station operators see the citizen's name shortened (王某), the phone
    masked and any phone/ID number inside the text masked (个人信息保护法 第28条).
    """
    op = _get(request, opinion_id)
    user = request.user
    readable = selectors.opinion_texts(viewer=user, opinion=op)
    return render(
        request,
        "liaison/opinion_detail.html",
        {
            "op": op,
            "text": readable.text,
            "answer": readable.answer,
            "citizen_name": readable.citizen_name,
            "similar": selectors.similar_opinions(viewer=user, opinion=op),
            "events": readable.events,
            "photos": op.photos.order_by("pk"),
            "show_phone": permissions.can_see_citizen_contact(user),
            "actions": permissions.allowed_actions(user, op),
            "triage_form": forms.TriageForm(initial={"topic": op.topic_id}),
            "route_form": forms.RouteForm(),
            "answer_form": forms.AnswerForm(),
            "withdraw_form": forms.WithdrawRoutingForm(),
            "reroute_form": forms.RerouteForm(),
            "close_form": forms.CloseExplainedForm(),
            "suggested_unit": services.route_for(congress_id=op.congress_id, topic=op.effective_topic),
        },
    )


@login_required
def opinion_photo(request: AuthedRequest, opinion_id: int, number: int) -> FileResponse:
    """The ``number``-th photo (from 1, in upload order) of an opinion the viewer may see, as the image itself.

    Visibility is the detail page's (``selectors.opinion_get``): 404 alike for a missing opinion, one
    the viewer may not see, or a missing photo; anonymous visitors are sent to the login page. The
    file is sent with its image ``Content-Type``, ``X-Content-Type-Options: nosniff`` (no browser
    guesses HTML in it), ``Content-Disposition: inline`` and ``Cache-Control: private``.
    """
    try:
        photo = selectors.opinion_photo_get(viewer=request.user, opinion_id=opinion_id, number=number)
        content_type = photo.content_type
        if content_type is None:  # stored by an older version under the client's name: never served
            raise NotFoundOrForbidden("照片不存在或无权查看")
        handle = photo.image.open("rb")
    except (NotFoundOrForbidden, FileNotFoundError) as exc:
        raise Http404("照片不存在或无权查看") from exc
    ext = "jpg" if content_type == "image/jpeg" else "png"
    response = FileResponse(handle, content_type=content_type, filename=f"opinion-{opinion_id}-photo-{number}.{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


def _act(request: AuthedRequest, opinion_id: int, fn: Any, ok: str) -> HttpResponse:
    op = _get(request, opinion_id)
    try:
        fn(op)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("liaison:opinion-detail", opinion_id=op.pk)


def _form_error(request: AuthedRequest, opinion_id: int, form: Any) -> HttpResponse:
    """Refuse an action whose form is invalid: its Chinese errors as messages, nothing written."""
    op = _get(request, opinion_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("liaison:opinion-detail", opinion_id=op.pk)


def _form_act(
    request: AuthedRequest,
    opinion_id: int,
    form_class: type[django_forms.Form],
    call: Callable[[Opinion, dict[str, Any]], Any],
    ok: str,
) -> HttpResponse:
    """Validate ``form_class`` on the POST, then run ``call(opinion, cleaned_data)`` (one service) via :func:`_act`."""
    form = form_class(request.POST)
    if not form.is_valid():
        return _form_error(request, opinion_id, form)
    return _act(request, opinion_id, lambda op: call(op, form.cleaned_data), ok)


@require_POST
@login_required
def opinion_triage(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: staff set the opinion's topic (triaged); an invalid form changes nothing."""
    return _form_act(
        request,
        opinion_id,
        forms.TriageForm,
        lambda op, d: services.opinion_triage(
            opinion=op, actor=request.user, topic=d.get("topic"), expected_version=d.get("version")
        ),
        _("已分类"),
    )


@require_POST
@login_required
def opinion_route(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: staff route the opinion to a handling unit; an invalid form changes nothing."""
    return _form_act(
        request,
        opinion_id,
        forms.RouteForm,
        lambda op, d: services.opinion_route(
            opinion=op, actor=request.user, unit=d.get("unit"), expected_version=d.get("version")
        ),
        _("已转办"),
    )


@require_POST
@login_required
def opinion_withdraw_routing(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: staff withdraw a routing that has not been answered (撤回转办); an invalid form changes nothing."""
    return _form_act(
        request,
        opinion_id,
        forms.WithdrawRoutingForm,
        lambda op, d: services.opinion_withdraw_routing(
            opinion=op, actor=request.user, reason=d["reason"], expected_version=d.get("version")
        ),
        _("已撤回转办，请重新选择承办单位"),
    )


@require_POST
@login_required
def opinion_answer(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: the routed unit answers the opinion; an invalid form changes nothing."""
    return _form_act(
        request,
        opinion_id,
        forms.AnswerForm,
        lambda op, d: services.opinion_answer(
            opinion=op, actor=request.user, answer=d["answer"], expected_version=d.get("version")
        ),
        _("已答复"),
    )


@require_POST
@login_required
def opinion_suggest(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """A deputy turns the opinion — or, with ``group=1``, its whole duplicate group — into a draft suggestion."""
    op = _get(request, opinion_id)
    targets = selectors.suggestion_targets(viewer=request.user, opinion=op, whole_group=bool(request.POST.get("group")))
    try:
        link = services.suggestion_draft_from_opinions(opinions=targets, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已生成建议草稿：%(title)s，请修改完善后提交") % {"title": link.title})
        if link.proposal_id:
            return redirect("proposals:detail", pk=link.proposal_id)
    return redirect("liaison:opinion-detail", opinion_id=op.pk)


@login_required
def opinion_search(request: AuthedRequest) -> HttpResponse:
    """全文检索: Chinese words, every word must occur (FTS5 on SQLite, GIN on PostgreSQL); most relevant first
    unless 按反映时间 is chosen; a query of common words only says so."""
    form = forms.SearchForm(request.GET)
    show_phone = permissions.can_see_citizen_contact(request.user)
    valid = form.is_valid()
    q = form.cleaned_data.get("q", "") if valid else ""
    phone = form.cleaned_data.get("phone", "") if valid and show_phone else ""
    number = (form.cleaned_data.get("page") if valid else None) or 1
    sort = (form.cleaned_data.get("sort") if valid else "") or "relevance"
    page = (
        selectors.opinion_search_page(
            viewer=request.user, query=q, phone=phone, number=number, size=forms.SEARCH_PAGE_SIZE, order=sort
        )
        if q or phone
        else None
    )
    return render(
        request,
        "liaison/search.html",
        {
            "form": form,
            "q": q if valid else request.GET.get("q", "")[: forms.SEARCH_QUERY_MAX],
            "phone": phone,
            "page": page,
            "results": page.results if page else [],
            "show_phone": show_phone,
            "query_max": forms.SEARCH_QUERY_MAX,
            "sort": sort,
        },
    )


@login_required
def hot_topics(request: AuthedRequest) -> HttpResponse:
    """热点问题: the latest stored snapshot (computed by a task: clustering is heavy) with a chart.

    GET ``since``/``until`` pick the snapshot of that window; POST (staff) queues a new computation
    for the window (default: the 365 days up to the newest opinion).
    """
    user = request.user
    tz = timezone.get_current_timezone()
    window = forms.HotWindowForm(request.POST if request.method == "POST" else request.GET)
    since = until = None
    if window.is_valid():
        if d := window.cleaned_data["since"]:
            since = datetime.combine(d, time.min, tzinfo=tz)
        if d := window.cleaned_data["until"]:
            until = datetime.combine(d, time.max, tzinfo=tz)
    if request.method == "POST":
        if not permissions.can_compute_hot_topics(user) or user.congress_id is None:
            raise PermissionDenied
        if not window.is_valid():
            messages.error(request, _("未提交热点计算：%(errors)s") % {"errors": window.error_summary()})
            return redirect("liaison:hot")
        until = until or selectors.latest_known_time(selectors.opinion_visible(viewer=user)) or timezone.now()
        since = since or until - timedelta(days=365)
        tasks.compute_hot_topics.enqueue(user.congress_id, since.isoformat(), until.isoformat())
        messages.success(request, _("已提交热点计算，完成后刷新本页即可查看"))
        return redirect("liaison:hot")
    snapshot = selectors.hot_topic_snapshot(viewer=user, since=since, until=until)
    rows = snapshot.data if snapshot else []
    return render(
        request,
        "liaison/hot.html",
        {
            "snapshot": snapshot,
            "hot": [
                {
                    **h,
                    "title": redact_text(h.get("title") or ""),
                    "first": parse_datetime(h["first"] or ""),
                    "last": parse_datetime(h["last"] or ""),
                }
                for h in rows
            ],
            "chart": {
                "labels": [" ".join(h["keywords"][:3]) or f"#{i}" for i, h in enumerate(rows, 1)],
                "heat": [h["heat"] for h in rows],
                "count": [h["count"] for h in rows],
            },
            "topics": selectors.topic_counts(viewer=user),
            "can_compute": permissions.can_compute_hot_topics(user),
            "window_error": window.error_summary() if window.is_bound and window.data else "",
        },
    )


@login_required
def opinion_record(request: AuthedRequest) -> HttpResponse:
    """Station operator's form: record an opinion heard at their station."""
    user = request.user
    stations = selectors.recording_stations(viewer=user)
    if not permissions.can_record(user) or not stations.exists():
        raise PermissionDenied
    form = forms.StationOpinionRecordForm(request.POST or None, request.FILES or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            op = services.opinion_record(
                congress=d["station"].congress,
                station=d["station"],
                title=d["title"],
                text=d["text"],
                citizen_name=d["citizen_name"],
                citizen_phone=d["citizen_phone"],
                photos=d["photos"],
                source=Opinion.Source.STATION,
                actor=user,
            )
        except services.InvalidPhoto as exc:
            form.add_error("photos", exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记，查询码 %(code)s") % {"code": op.tracking_code})
            return redirect("liaison:opinion-detail", opinion_id=op.pk)
    return render(request, "liaison/record.html", {"form": form, "station": user.liaison_station})


PUBLIC_DONE_SESSION_KEY = "liaison.public_done_code"


def public_form(request: HttpRequest) -> HttpResponse:
    """网上留言: the public form (no login), with a honeypot field and a minimum fill time of 3 seconds.

    Rate limit: ``LIAISON_WEB_RATE`` stored opinions per client address (``renda.core.ratelimit.client_ip``,
    which honours ``RENDA_TRUSTED_PROXIES``) per clock hour, default 5, counted in the shared cache so
    it holds across worker processes and parallel requests. A slot is taken before the submission is
    processed and given back when it is refused (form errors, duplicate, bad photo): only stored
    opinions use up the quota. Over the limit: 429 with the Chinese notice.
    A stored opinion redirects (Post/Redirect/Get) to :func:`public_done`, which shows the 查询码 to
    this session only.
    """
    form = forms.PublicOpinionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        limit = int(getattr(settings, "LIAISON_WEB_RATE", 5))
        slot = ratelimit.rate_limit_take(
            scope="liaison-web", ident=ratelimit.rate_limit_ident(ratelimit.client_ip(request)), limit=limit
        )
        if slot is None:
            context = {"form": form, "limited": True, "token": forms.PublicOpinionForm.new_token()}
            return render(request, "liaison/public_form.html", context, status=429)
        op: Opinion | None = None
        try:
            op = _public_submit(form) if form.is_valid() else None
        finally:
            if op is None:  # refused (or failed): the slot goes back
                ratelimit.rate_limit_release(slot)
        if op is not None:
            request.session[PUBLIC_DONE_SESSION_KEY] = op.tracking_code
            return redirect("liaison:public-done")
    return render(request, "liaison/public_form.html", {"form": form, "token": forms.PublicOpinionForm.new_token()})


def _public_submit(form: forms.PublicOpinionForm) -> Opinion | None:
    """Record a valid public form's opinion; on a refusal add the Chinese error to the form and return None."""
    d = form.cleaned_data
    congress = Congress.objects.order_by("pk").first()
    if congress is None:
        raise Http404
    try:
        return services.opinion_record(
            congress=congress,
            title=d["title"],
            text=d["text"],
            citizen_name=d["citizen_name"],
            citizen_phone=d["citizen_phone"],
            district=d["district"],
            photos=d["photos"],
            source=Opinion.Source.WEB,
            actor=None,
        )
    except services.InvalidPhoto as exc:
        form.add_error("photos", exc.message)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


@never_cache
def public_done(request: HttpRequest) -> HttpResponse:
    """留言已收到: the 查询码 of the opinion this session left last (kept in the session; refreshing shows it
    again and sends nothing). Without one in the session: back to the form."""
    code = request.session.get(PUBLIC_DONE_SESSION_KEY, "")
    try:
        op = selectors.opinion_by_tracking_code(code=code) if code else None
    except NotFoundOrForbidden:
        op = None
    if op is None:
        return redirect("liaison:public-form")
    return render(request, "liaison/public_done.html", {"op": op})


def track(request: HttpRequest) -> HttpResponse:
    """意见查询: a citizen follows their opinion with its 查询码 and rates the answer."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip().upper()
    op = None
    error = ""
    if code:
        try:
            op = selectors.opinion_by_tracking_code(code=code)
        except NotFoundOrForbidden as exc:
            error = exc.message
    rate_form = forms.RateForm(request.POST if op is not None and request.method == "POST" else None)
    if op is not None and rate_form.is_bound and rate_form.is_valid():
        try:
            op = services.opinion_rate(
                opinion=op,
                tracking_code=code,
                rating=rate_form.cleaned_data["rating"],
                comment=rate_form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            low = op.status == Status.FOLLOW_UP
            messages.success(request, _("感谢您的评价，工作人员将回访复核") if low else _("感谢您的评价，意见已办结"))
            return redirect(f"{request.path}?code={code}")
    return render(
        request,
        "liaison/track.html",
        {
            "code": code,
            "op": op,
            "error": error,
            "rate_form": rate_form,
            "actions": permissions.citizen_actions(op) if op else set(),
            "in_follow_up": op is not None and op.status == Status.FOLLOW_UP,
            "events": op.events.all() if op else [],
            "texts": selectors.tracked_texts(opinion=op) if op else {},
        },
    )
