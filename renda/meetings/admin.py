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


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "kind", "threshold"]


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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A poll that has opened is a record of a vote: never deleted."""
        return (obj is None or can_edit_poll_definition(obj)) and super().has_delete_permission(request, obj)


@admin.register(MeetingEvent, PollEvent)
class EventAdmin(AppendOnlyAdmin):
    list_display = ["action", "from_status", "to_status", "actor", "at"]
