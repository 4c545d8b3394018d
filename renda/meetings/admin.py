"""Admin of the meetings domain.

Audit (issue 11): event tables are view-only (:class:`AppendOnlyAdmin`). Meetings, agenda items and
polls keep their history with the acting user (django-simple-history, :class:`SimpleHistoryAdmin`).
A poll's definition — title, threshold, kind, method, ballot form and its options — is read-only from
the moment it opens (RULES.md §3 V2/V3/V5: from opening the electorate and the members present are
fixed and ballots are cast on that text under that rule), and a poll that has opened cannot be
deleted. Statuses and the counts are never edited here: they change only through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import AppendOnlyAdmin
from renda.meetings.models import AgendaItem, Meeting, MeetingEvent, Poll, PollEvent, PollOption
from renda.meetings.permissions import can_edit_poll_definition
from renda.meetings.services import public_results_changed
from renda.meetings.workflow import MeetingStatus

#: Poll fields only the services write (statuses, snapshots, counts, results).
POLL_COMPUTED = [
    "status",
    "electorate",
    "present",
    "votes_cast",
    "opened_at",
    "closed_at",
    "published_at",
    "passed",
    "result_text",
    "version",
]
#: What was voted on and how it is decided: fixed once the poll opens.
POLL_DEFINITION = ["item", "title", "kind", "method", "ballot_form", "max_choices", "threshold", "revote_of"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "status", "roster_size"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "roster_size", "quorum_rule", "version"]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        """Save; the meeting's title is shown beside its published polls on the public results page,
        whose cached rows are read again after this edit (``services.public_results_changed``)."""
        super().save_model(request, obj, form, change)
        if change:
            public_results_changed()

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Meetings are convened through ``services.meeting_create`` (the roster and quorum are fixed
        then, and the 会议记录 starts): not here (an admin add failed on the missing roster)."""
        return False


def _item_fixed(item: AgendaItem | None) -> bool:
    """Whether an agenda item's text and rule are fixed: a poll on it has opened, or its meeting closed."""
    if item is None or item.pk is None:
        return False
    return item.meeting.status == MeetingStatus.CLOSED or any(not can_edit_poll_definition(p) for p in item.polls.all())


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "kind", "threshold"]

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> Any:
        """Everything once a poll on the item has opened or the meeting has closed (the threshold decided
        the vote: changing it afterwards would misstate the result)."""
        if _item_fixed(obj):
            return [f.name for f in AgendaItem._meta.fields if f.name != "id"]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Items are added through ``services.agenda_item_add`` (which writes the 会议记录 event)."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AgendaItem | None = None) -> bool:
        return not _item_fixed(obj) and super().has_delete_permission(request, obj)


class PollOptionInline(admin.TabularInline):
    """A poll's options: editable before the poll opens, read-only (no add, no delete) after."""

    model = PollOption
    extra = 0
    fields = ["order", "label", "counts", "passed", "result_text"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        computed = ["counts", "passed", "result_text"]
        if obj is not None and not can_edit_poll_definition(obj):
            return ["order", "label", *computed]
        return computed

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (obj is None or can_edit_poll_definition(obj)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (obj is None or can_edit_poll_definition(obj)) and super().has_delete_permission(request, obj)


@admin.register(Poll)
class PollAdmin(SimpleHistoryAdmin):
    list_display = ["title", "method", "status", "electorate", "present", "votes_cast", "passed"]
    inlines = [PollOptionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Computed fields always; the definition too once the poll has opened."""
        if obj is not None and not can_edit_poll_definition(obj):
            return [*POLL_DEFINITION, *POLL_COMPUTED]
        return list(POLL_COMPUTED)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Polls are created through ``services.poll_create`` (which checks the meeting and writes the
        表决记录 event): an admin add put a poll on a closed meeting with no record."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A poll that has opened is a record of a vote: never deleted."""
        return (obj is None or can_edit_poll_definition(obj)) and super().has_delete_permission(request, obj)


@admin.register(MeetingEvent, PollEvent)
class EventAdmin(AppendOnlyAdmin):
    """View only (the audit trail)."""
