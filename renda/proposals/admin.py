"""Admin: read-mostly views of proposals for troubleshooting; changes go through the pages/services.

Audit (issue 11 "Build" 5): what a deputy submitted is read-only once submitted, and a proposal is
wholly read-only once it is closed, returned or withdrawn; a delivered reply (signed and sealed, S18)
and an urge notice never change; a commitment is read-only once reported to the deputy (S19). Every
change the admin can still make is kept with its actor (django-simple-history). Nothing is deleted.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import AppendOnlyAdmin
from renda.proposals.models import Assignment, Commitment, Proposal, ProposalEvent, Reply, UrgeNotice
from renda.proposals.workflow import Status

#: Statuses after which a proposal no longer changes.
FINAL = {Status.CLOSED, Status.RETURNED, Status.WITHDRAWN}
#: What the deputy or the office submitted: fixed once submitted.
SUBMITTED_FIELDS = [
    "congress",
    "session",
    "kind",
    "submitted_as",
    "title",
    "body",
    "submitter_type",
    "lead_deputy",
    "delegation",
    "institution",
    "entered_by",
    "submitted_at",
    "registered_at",
    "merge_group",
]


def _all_fields(model: Any) -> list[str]:
    return [f.name for f in model._meta.concrete_fields]


class NoDeleteMixin:
    """Records with a trail are retired, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "status", "assigned_on", "due_date", "due_provisional", "round"]
    readonly_fields = ["unit", "role", "status", "assigned_on", "due_date", "due_provisional", "round"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "status", "is_key", "lead_deputy"]
    list_filter = ["kind", "status", "is_key", "topic"]
    search_fields = ["number", "title"]
    raw_id_fields = ["lead_deputy", "entered_by", "merge_group", "referred_to", "delegation", "session"]
    readonly_fields = ["status", "number", "serial", "version"]
    inlines = [AssignmentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Proposal | None = None) -> list[str]:  # type: ignore[override]
        """By state: all fields once final; the submitted content once submitted; else the workflow fields."""
        base = list(self.readonly_fields)
        if obj is None:
            return base
        if obj.status in FINAL:
            return _all_fields(Proposal)
        if obj.status != Status.DRAFT:
            return base + SUBMITTED_FIELDS
        return base


@admin.register(Reply)
class ReplyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """A delivered reply is the unit's signed and sealed answer (S18): view only."""

    list_display = ["assignment", "round", "reply_class", "replied_on", "publish_on"]
    raw_id_fields = ["assignment"]

    def get_readonly_fields(self, request: HttpRequest, obj: Reply | None = None) -> list[str]:  # type: ignore[override]
        return _all_fields(Reply) if obj is not None else []


@admin.register(Commitment)
class CommitmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """What was promised is fixed; the dates may be corrected (with history) until reported (S19)."""

    list_display = ["what", "unit", "due_date", "delivered_on", "reported_to_deputy_on"]
    raw_id_fields = ["reply", "unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Commitment | None = None) -> list[str]:  # type: ignore[override]
        if obj is None:
            return []
        if obj.reported_to_deputy_on:
            return _all_fields(Commitment)
        return ["reply", "unit", "what"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(AppendOnlyAdmin):
    """View only (the audit trail)."""

    raw_id_fields = ["proposal", "assignment", "actor"]


@admin.register(UrgeNotice)
class UrgeNoticeAdmin(admin.ModelAdmin):
    """A sent urge notice is a record: view only."""

    list_display = ["assignment", "kind", "due_date", "sent_at", "sent_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
