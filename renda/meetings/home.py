"""Home-page panels of the meetings domain: open votes for deputies, today's meetings for staff."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.home import Panel, PanelItem, register
from renda.meetings import selectors
from renda.organization.models import User


def deputy_open_votes(user: User) -> Panel | None:
    """Deputy, or a supervisor who is a deputy (a vice-chair on the Standing Committee's roster): polls
    open now in meetings they attend, not yet voted (2 queries; empty for a login without a deputy).
    The headline counts them all; the first 5 are listed."""
    if not user.deputy_id:
        return None
    qs = selectors.open_polls_for_deputy(user=user)
    polls = list(qs[:5])
    return Panel(
        title=_("待投票的表决"),
        count=qs.count(),  # all of them, not the 5 listed (issue 13 item 7)
        items=[
            PanelItem(label=p.title, url=reverse("meetings:poll-vote", args=[p.pk]), note=p.get_method_display())
            for p in polls
        ],
        empty_text=_("当前没有需要您投票的表决"),
        url=reverse("meetings:meeting-list"),
        order=10,
    )


def staff_meetings_today(user: User) -> Panel:
    """Staff: meetings starting today, with their status."""
    qs = selectors.meetings_on(viewer=user)
    meetings = list(qs[:6])
    return Panel(
        title=_("今日会议"),
        count=qs.count(),  # all of today's meetings, not the 6 listed (issue 13 item 7)
        items=[
            PanelItem(
                label=m.title,
                url=reverse("meetings:meeting-detail", args=[m.pk]),
                note=f"{timezone.localtime(m.starts_at):%H:%M} · {m.get_status_display()}",
            )
            for m in meetings
        ],
        empty_text=_("今天没有会议"),
        url=reverse("meetings:meeting-list"),
        order=20,
    )


def register_all() -> None:
    """Register this module's providers (called from ``MeetingsConfig.ready``)."""
    register(User.Role.DEPUTY, deputy_open_votes)
    register(User.Role.SUPERVISOR, deputy_open_votes)
    register(User.Role.STAFF, staff_meetings_today)
