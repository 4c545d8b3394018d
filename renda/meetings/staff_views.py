"""Staff pages that prepare and run a meeting: 新建会议 (the roster and the statutory denominator fill
themselves from the body's membership), 修改会议, 议程 (add, reorder, remove before it opens), 批量报到
(the roll at the door in one submit) and the live 未投票 list of an open vote.

Thin views: shape checks in ``forms.py``, one service or selector each; the buttons are the viewer's
``allowed_actions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.core.numbers import form_int
from renda.meetings import convening, selectors, services
from renda.meetings.forms import MeetingConveneForm, MeetingEditForm
from renda.meetings.models import AgendaItem
from renda.meetings.permissions import allowed_actions, is_meeting_staff
from renda.meetings.rules import BILL_PROPOSERS
from renda.meetings.views import _meeting_or_404, _poll_or_404
from renda.organization.typing import AuthedRequest


def _targets_or_404(request: AuthedRequest) -> list[selectors.ConveneTarget]:
    targets = selectors.convene_targets(viewer=request.user)
    if not is_meeting_staff(request.user) or not targets:
        raise Http404(_("无权新建会议"))
    return targets


def _preview(form: Any, targets: list[selectors.ConveneTarget]) -> selectors.RosterPreview | None:
    """The roster preview of the form's current body and date (``None`` until a body is chosen)."""
    key = form.data.get("target") if form.is_bound else targets[0].key
    target = next((t for t in targets if t.key == key), None)
    if target is None:
        return None
    on = form.cleaned_data.get("starts_at") if form.is_bound and hasattr(form, "cleaned_data") else None
    return selectors.roster_preview(target=target, on=on or timezone.now())


@login_required
def meeting_new(request: AuthedRequest) -> HttpResponse:
    """新建会议 (staff): pick the body, number, date and place; the roster and 应到 show before saving
    (:func:`selectors.roster_preview`), and saving calls :func:`services.meeting_create` (as the API)."""
    targets = _targets_or_404(request)
    form = MeetingConveneForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        target, data = form.chosen(), form.cleaned_data
        preview = selectors.roster_preview(target=target, on=data["starts_at"])
        try:
            meeting = services.meeting_create(
                kind=target.kind,
                term=target.term,
                body=target.body,
                session=target.session,
                number=data["number"] or preview.number,
                title=data["title"].strip() or preview.title,
                starts_at=data["starts_at"],
                location=data["location"].strip(),
                presiding=data["presiding"].strip(),
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("会议已创建，应到 %(n)d 人") % {"n": meeting.roster_size})
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {"form": form, "preview": _preview(form, targets), "meeting": None}
    )


@login_required
def meeting_new_preview(request: AuthedRequest) -> HttpResponse:
    """The roster preview fragment (htmx, on a change of body or date): 应到, quorum, first names."""
    targets = _targets_or_404(request)
    target = next((t for t in targets if t.key == request.GET.get("target")), None)
    raw = (request.GET.get("starts_at") or "").strip()
    try:
        on = timezone.make_aware(datetime.strptime(raw, "%Y-%m-%dT%H:%M")) if raw else timezone.now()
    except ValueError:
        on = timezone.now()
    preview = selectors.roster_preview(target=target, on=on) if target else None
    return render(request, "meetings/_roster_preview.html", {"preview": preview})


@login_required
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改会议 (staff, before it opens): number, title, time, place, presiding."""
    meeting = _meeting_or_404(request, pk)
    if "edit" not in allowed_actions(request.user, meeting):
        raise Http404(_("会议已经开始，不能再修改"))
    initial = {k: getattr(meeting, k) for k in ("number", "title", "starts_at", "location", "presiding")}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            convening.meeting_update(
                meeting=meeting,
                actor=request.user,
                number=data["number"] or meeting.number,
                title=data["title"] or meeting.title,
                starts_at=data["starts_at"],
                location=data["location"],
                presiding=data["presiding"],
                expected_version=form_int(request.POST.get("version"), label="版本", minimum=1, default=0) or None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("会议已修改"))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "preview": None, "meeting": meeting})


@login_required
def meeting_agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    """议程 (staff): the items in order, with 上移 / 下移 / 删除 while the meeting is 筹备中, and the
    form to add one (which posts to the meeting's ``add_item`` action and comes back here)."""
    meeting = _meeting_or_404(request, pk)
    actions = allowed_actions(request.user, meeting)
    if "add_item" not in actions and "arrange_agenda" not in actions:
        raise Http404(_("议程不存在或无权修改"))
    items = list(meeting.items.order_by("order").prefetch_related("polls"))
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "actions": actions,
            "items": items,
            "item_kinds": AgendaItem.Kind.choices,
            "default_kind": AgendaItem.Kind.RESOLUTION,
            "proposers": [(v, _(label)) for v, label in BILL_PROPOSERS],
        },
    )


@login_required
@require_POST
def agenda_item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """上移 (``up``), 下移 (``down``) or 删除 (``remove``) an agenda item, then back to the agenda page."""
    try:
        item = selectors.access_agenda_item(viewer=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if action not in ("up", "down", "remove"):
        raise Http404
    try:
        if action == "remove":
            convening.agenda_item_remove(item=item, actor=request.user)
            messages.success(request, _("议程已删除"))
        else:
            convening.agenda_item_move(item=item, by=-1 if action == "up" else 1, actor=request.user)
            messages.success(request, _("议程顺序已调整"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:meeting-agenda", pk=item.meeting_id)


def _ids(values: list[str]) -> list[int]:
    return [form_int(v, label="代表", minimum=1) for v in values]


@login_required
def meeting_check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    """批量报到 (staff): the roster with a tick per member (全部签到 ticks all), 请假 with a reason for
    the few on leave, one submit → :func:`convening.attendance_record_bulk`; the count present against
    the quorum updates as boxes are ticked."""
    meeting = _meeting_or_404(request, pk)
    if "check_in_bulk" not in allowed_actions(request.user, meeting):
        raise Http404(_("会议已结束或无权登记出席"))
    if request.method == "POST":
        try:
            leave_ids = _ids(request.POST.getlist("leave"))
            result = convening.attendance_record_bulk(
                meeting=meeting,
                present=_ids(request.POST.getlist("present")),
                leave={i: request.POST.get(f"reason-{i}", "") for i in leave_ids},
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("已登记出席 %(p)d 人，请假 %(l)d 人") % {"p": result.present, "l": result.leave}
            )
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    ticked, on_leave = set(request.POST.getlist("present")), set(request.POST.getlist("leave"))
    rows = [
        (a, str(a.deputy_id) in ticked, str(a.deputy_id) in on_leave, request.POST.get(f"reason-{a.deputy_id}", ""))
        for a in selectors.attendance_rows(meeting=meeting)
    ]
    return render(
        request,
        "meetings/check_in.html",
        {"meeting": meeting, "rows": rows, "quorum": selectors.quorum_state(meeting=meeting)},
    )


@login_required
def poll_pending(request: AuthedRequest, pk: int) -> HttpResponse:
    """未投票 of an open vote (htmx fragment, refreshed every 3 s on the meeting page): names in a
    named vote, the count only in a secret one; empty for anyone else or once the vote ends."""
    poll = _poll_or_404(request, pk)
    return render(
        request,
        "meetings/_pending.html",
        {"poll": poll, "pending": selectors.pending_voters(poll=poll, viewer=request.user)},
    )
