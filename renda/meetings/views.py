"""Pages of the meetings domain: staff run the meeting, deputies vote from their phone, the presiding
officer's screen shows the live tally (htmx polling), the public sees published results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden, RuleViolation
from renda.core.numbers import form_int
from renda.core.redirects import safe_next
from renda.meetings import console, exports, selectors, services
from renda.meetings.models import (
    CO_SIGNERS_MAX,
    MOTION_CHOICES,
    SATISFACTION_CHOICES,
    AgendaItem,
    Choice,
    Meeting,
    Poll,
)
from renda.meetings.permissions import allowed_actions, is_meeting_staff, vote_refusal
from renda.meetings.workflow import PollStatus
from renda.organization.models import Deputy
from renda.organization.typing import AuthedRequest


def _meeting_or_404(request: AuthedRequest, pk: int) -> Meeting:
    try:
        return selectors.access_meeting(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _poll_or_404(request: AuthedRequest, pk: int) -> Poll:
    try:
        return selectors.access_poll(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


def _poll_with_counts_or_404(request: AuthedRequest, pk: int) -> Poll:
    """A poll whose counts the viewer may see (staff always; members once closed), else 404."""
    poll = _poll_or_404(request, pk)
    if not selectors.counts_visible(poll=poll, viewer=request.user):
        raise Http404(_("表决不存在或无权查看"))
    return poll


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    """会议列表: the meetings the viewer may see, newest first."""
    meetings = selectors.meeting_list(viewer=request.user)[:100]
    return render(
        request, "meetings/meeting_list.html", {"meetings": meetings, "can_convene": is_meeting_staff(request.user)}
    )


@login_required
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A meeting: live quorum, agenda with polls, roster (staff) and the deputy's own check-in.

    Every button shown is in the viewer's ``allowed_actions`` (of the meeting, each poll and each
    roster row); the template holds no status test.
    """
    meeting = _meeting_or_404(request, pk)
    return render(
        request, "meetings/meeting_detail.html", console.console_context(meeting=meeting, viewer=request.user)
    )


def _co_signers(value: str) -> int:
    """The form's 联名人数: blank is 0; anything but ASCII digits from 0 to ``CO_SIGNERS_MAX`` (full-width
    or other Unicode digits, ``²``, a 20-digit number) is refused in Chinese (issue 12 item 8)."""
    try:
        return form_int(value, label="联名人数", minimum=0, maximum=CO_SIGNERS_MAX, default=0)
    except ApplicationError as exc:
        raise RuleViolation(exc.message, code="invalid_co_signers") from exc


def _run(request: HttpRequest, fn: Callable[[], Any], ok: str) -> None:
    try:
        fn()
        messages.success(request, ok)
    except ApplicationError as exc:
        messages.error(request, exc.message)


@login_required
@require_POST
def meeting_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Staff actions on a meeting: start, close, check in / leave / absent a member, add an item."""
    meeting = _meeting_or_404(request, pk)
    user, post = request.user, request.POST

    def deputy() -> Deputy:
        return get_object_or_404(Deputy, pk=form_int(post.get("deputy"), label="代表", minimum=1))

    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "start": (lambda: services.meeting_start(meeting=meeting, actor=user), _("会议已开始")),
        "close": (lambda: services.meeting_close(meeting=meeting, actor=user), _("会议已结束")),
        "check_in": (
            lambda: services.attendance_check_in(
                meeting=meeting, deputy=deputy(), reason=post.get("reason", ""), actor=user
            ),
            _("已报到"),
        ),
        "leave": (
            lambda: services.attendance_mark_leave(
                meeting=meeting, deputy=deputy(), reason=post.get("reason", ""), actor=user
            ),
            _("已登记请假"),
        ),
        "absent": (
            lambda: services.attendance_mark_absent(meeting=meeting, deputy=deputy(), actor=user),
            _("已登记缺席"),
        ),
        "add_item": (
            lambda: services.agenda_item_add(
                meeting=meeting,
                title=post.get("title", "").strip() or _("未命名议题"),
                kind=post.get("kind", AgendaItem.Kind.RESOLUTION),
                proposer=post.get("proposer", ""),
                co_signers=_co_signers(post.get("co_signers", "")),
                actor=user,
            ),
            _("议程已增加"),
        ),
    }
    if action not in actions:
        raise Http404
    fn, ok = actions[action]
    _run(request, fn, ok)
    return redirect(safe_next(request, reverse("meetings:meeting-detail", args=[meeting.pk])))


@login_required
@require_POST
def item_poll_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff: create a poll on an agenda item with a method (举手 / 电子记名 / 无记名)."""
    try:
        item = selectors.access_agenda_item(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    _run(
        request,
        lambda: services.poll_create(item=item, method=request.POST.get("method", ""), actor=request.user),
        _("表决已创建"),
    )
    return redirect("meetings:meeting-detail", pk=item.meeting_id)


@login_required
@require_POST
def poll_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Staff: open (quorum checked), enter show-of-hands counts, close, publish."""
    poll = _poll_or_404(request, pk)
    user, post = request.user, request.POST

    def counts() -> Any:
        labels = {"yes": "赞成票数", "no": "反对票数", "abstain": "弃权票数"}
        values = {c: form_int(post.get(c), label=labels[c], maximum=100_000, default=0) for c in labels}
        return services.poll_enter_counts(poll=poll, counts=values, actor=user)

    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "open": (lambda: services.poll_open(poll=poll, actor=user), _("表决已开始")),
        "counts": (counts, _("票数已录入")),
        "close": (lambda: services.poll_close(poll=poll, actor=user), _("表决已结束")),
        "publish": (lambda: services.poll_publish(poll=poll, actor=user), _("表决结果已公布")),
    }
    if action not in actions:
        raise Http404
    fn, ok = actions[action]
    _run(request, fn, ok)
    return redirect(safe_next(request, reverse("meetings:meeting-detail", args=[poll.item.meeting_id])))


@login_required
def meeting_quorum(request: AuthedRequest, pk: int) -> HttpResponse:
    """The live quorum line (htmx fragment, 2 queries), refreshed on the meeting page every 5 s."""
    meeting = _meeting_or_404(request, pk)
    return render(
        request, "meetings/_quorum.html", {"meeting": meeting, "quorum": selectors.quorum_state(meeting=meeting)}
    )


@login_required
def poll_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy's ballot (phone-friendly): one choice per option, or tick up to N."""
    poll = _poll_or_404(request, pk)
    if request.method == "POST" and request.user.deputy_id:
        if poll.ballot_form == Poll.BallotForm.CHOOSE_UP_TO:
            choices = {int(v): "yes" for v in request.POST.getlist("chosen") if v.isdigit()}
        else:
            choices = {
                int(k.removeprefix("option-")): str(v)
                for k, v in request.POST.items()
                if k.startswith("option-") and k.removeprefix("option-").isdigit()
            }
        try:
            services.ballot_cast(poll=poll, voter=request.user.deputy, choices=choices, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("投票成功"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("meetings:poll-vote", pk=poll.pk)
    labels = dict(Choice.choices)
    offered = SATISFACTION_CHOICES if poll.kind == Poll.Kind.SATISFACTION else MOTION_CHOICES
    attendance = selectors.attendance_status(poll=poll, user=request.user)
    return render(
        request,
        "meetings/poll_vote.html",
        {
            "poll": poll,
            "options": poll.options.order_by("order"),
            "choices": [(c.value, labels[c]) for c in offered],
            "voted": selectors.has_voted(poll=poll, user=request.user),
            "actions": allowed_actions(request.user, poll, attendance_status=attendance),
            "refusal": vote_refusal(poll, attendance),
        },
    )


def _screen_context(poll: Poll, viewer: Any) -> dict[str, Any]:
    """The screen's rows: live counts for staff only while the poll is open; others see the turnout
    until the poll is closed (members) or published (everyone)."""
    show_counts = selectors.counts_visible(poll=poll, viewer=viewer)
    live = show_counts and poll.status == PollStatus.OPEN and poll.method == Poll.Method.ELECTRONIC
    counts = services.tally(poll) if live else {}
    options = list(poll.options.order_by("order"))
    rows = [(o, counts.get(o.pk, {}) if live else o.counts) for o in options] if show_counts else []
    return {
        "poll": poll,
        "rows": rows,
        "live": live,
        "show_counts": show_counts,
        "votes_cast": selectors.votes_cast(poll=poll),
    }


@login_required
def poll_screen(request: AuthedRequest, pk: int) -> HttpResponse:
    """The presiding officer's screen: large type for a projector; the tally refreshes every 2 s."""
    poll = _poll_or_404(request, pk)
    return render(request, "meetings/poll_screen.html", _screen_context(poll, request.user))


@login_required
def poll_screen_tally(request: AuthedRequest, pk: int) -> HttpResponse:
    """The htmx fragment of the presiding screen (1 poll + 1–2 count queries)."""
    poll = _poll_or_404(request, pk)
    return render(request, "meetings/_tally.html", _screen_context(poll, request.user))


@login_required
def poll_roll_call(request: AuthedRequest, pk: int) -> HttpResponse:
    """The roll-call archive of a named vote (secret polls have none); hidden from non-staff while open."""
    poll = _poll_with_counts_or_404(request, pk)
    labels = dict(Choice.choices)
    rows = [
        (b.voter, [(e.option.label, labels[e.choice]) for e in b.entries.all()]) for b in selectors.roll_call(poll=poll)
    ]
    return render(request, "meetings/roll_call.html", {"poll": poll, "rows": rows})


@login_required
def poll_results_file(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """Results as CSV or xlsx (the URL admits only those two); hidden from non-staff while open."""
    poll = _poll_with_counts_or_404(request, int(pk))
    if fmt == "csv":
        return exports.file_response(exports.results_csv(poll), f"poll-{poll.pk}.csv", exports.CSV)
    if fmt == "xlsx":
        return exports.file_response(exports.results_xlsx(poll), f"poll-{poll.pk}.xlsx", exports.XLSX)
    raise Http404


@login_required
def minutes_file(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """Minutes as docx or PDF; any other extension is 404 (the URL admits only these two)."""
    meeting = _meeting_or_404(request, int(pk))
    if fmt == "docx":
        return exports.file_response(exports.minutes_docx(meeting), f"minutes-{meeting.pk}.docx", exports.DOCX)
    if fmt == "pdf":
        return exports.file_response(exports.minutes_pdf(meeting), f"minutes-{meeting.pk}.pdf", exports.PDF)
    raise Http404


def public_results(request: HttpRequest) -> HttpResponse:
    """表决结果公开: published results, no login needed (the 50 newest, ``selectors.public_results_cached``)."""
    polls = selectors.public_results_cached(limit=50)
    return render(request, "meetings/public_results.html", {"polls": polls})
