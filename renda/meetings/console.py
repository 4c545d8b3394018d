"""The meeting console (``/meetings/<pk>/``): what the page shows, built in a number of queries that does
not depend on the number of agenda items, polls or members (issue 17 item 3, pages at provincial scale).

The view only renders :func:`console_context`. The buttons are exactly the viewer's ``allowed_actions``
(:mod:`renda.meetings.permissions`) of the meeting, of each poll and of each roster row; a roster row's
actions depend only on its status and on whether it is the viewer's own row, so they are computed once per
such pair rather than once per member.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from django.db.models import F
from django.utils.translation import gettext as _

from renda.meetings import selectors
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, VoteCast
from renda.meetings.permissions import allowed_actions
from renda.meetings.rules import BILL_PROPOSERS
from renda.organization.models import User


def roster_rows(*, meeting: Meeting, viewer: User) -> list[dict[str, Any]]:
    """The meeting's roster as plain rows, by member code, one query (no model object per member).

    Each row: ``deputy_id``, ``code``, ``name``, ``delegation`` (its name), ``status`` and its Chinese
    ``status_label``, ``note`` (the reason of a leave), and ``actions``: the viewer's
    :func:`allowed_actions` on that attendance, evaluated once per (status, own row) pair.
    """
    labels = dict(Attendance.Status.choices)
    qs = (
        Attendance.objects.filter(meeting=meeting)
        .order_by("deputy__code")
        .values(
            "deputy_id",
            "status",
            "note",
            code=F("deputy__code"),
            name=F("deputy__name"),
            delegation=F("deputy__delegation__name"),
        )
    )
    rows = cast(list[dict[str, Any]], list(qs))
    cache: dict[tuple[str, bool], set[str]] = {}
    for row in rows:
        own = bool(viewer.deputy_id) and row["deputy_id"] == viewer.deputy_id
        key = (row["status"], own)
        if key not in cache:
            probe = Attendance(meeting=meeting, deputy_id=row["deputy_id"], status=row["status"])
            cache[key] = allowed_actions(viewer, probe)
        row["actions"] = cache[key]
        row["status_label"] = labels.get(row["status"], row["status"])
    return rows


def agenda_with_polls(
    *, meeting: Meeting, viewer: User, attendance_status: str | None
) -> list[tuple[AgendaItem, list[Poll]]]:
    """The agenda in order, each item with its polls (``cast_count`` annotated, options prefetched) and
    the viewer's ``actions`` on each poll; three queries whatever the number of items and polls.

    ``attendance_status``: the viewer's attendance at the meeting (``None`` when not on its roster),
    which decides the ``vote`` action (V1).
    """
    items = list(meeting.items.order_by("order"))
    by_id: dict[int, list[Poll]] = {}
    for item in items:
        item.meeting = meeting
        by_id[item.pk] = []
    item_of = {item.pk: item for item in items}
    polls = selectors.visible_polls(meeting=meeting).select_related(None)
    for p in polls:
        p.item = item_of[p.item_id]
        p.actions = allowed_actions(viewer, p, attendance_status=attendance_status)  # type: ignore[attr-defined]
        by_id[p.item_id].append(p)
    return [(item, by_id[item.pk]) for item in items]


def voted_poll_ids(*, meeting: Meeting, deputy_id: int) -> set[int]:
    """Ids of the meeting's polls in which the deputy has already voted (one query)."""
    return set(
        VoteCast.objects.filter(poll__item__meeting=meeting, deputy_id=deputy_id).values_list("poll_id", flat=True)
    )


def console_context(*, meeting: Meeting, viewer: User) -> dict[str, Any]:
    """The template context of ``meetings/meeting_detail.html`` for ``viewer`` (who may see ``meeting``:
    the caller authorised it with :func:`selectors.access_meeting`).

    Keys: ``meeting``, ``actions`` (on the meeting), ``quorum``, ``items`` (item, polls), ``roster``
    (rows of :func:`roster_rows`, staff only, else empty), ``trail`` (staff only), ``mine`` (the
    viewer's own attendance with its ``actions``, or ``None``), ``voted`` (poll ids), and the choices of
    the add-item and create-poll forms. The quorum is counted from the roster rows when they are read
    (the same rows :func:`selectors.quorum_state` counts), else by its own query.
    """
    actions = allowed_actions(viewer, meeting)
    mine = meeting.attendances.filter(deputy_id=viewer.deputy_id).first() if viewer.deputy_id else None
    if mine is not None:
        mine.meeting = meeting
        mine.actions = allowed_actions(viewer, mine)  # type: ignore[attr-defined]
    items = agenda_with_polls(meeting=meeting, viewer=viewer, attendance_status=mine.status if mine else None)
    if "roster" in actions:
        roster = roster_rows(meeting=meeting, viewer=viewer)
        quorum = selectors.quorum_state(meeting=meeting, counts=Counter(r["status"] for r in roster))
        trail = selectors.meeting_trail(meeting=meeting)
    else:
        roster, trail = [], []
        quorum = selectors.quorum_state(meeting=meeting)
    return {
        "meeting": meeting,
        "actions": actions,
        "quorum": quorum,
        "items": items,
        "roster": roster,
        "trail": trail,
        "mine": mine,
        "voted": voted_poll_ids(meeting=meeting, deputy_id=viewer.deputy_id) if viewer.deputy_id else set(),
        "item_kinds": AgendaItem.Kind.choices,
        "default_kind": AgendaItem.Kind.RESOLUTION,
        "proposers": [(v, _(label)) for v, label in BILL_PROPOSERS],
        "methods": Poll.Method.choices,
    }
