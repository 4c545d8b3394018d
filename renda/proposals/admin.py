"""Admin: read-mostly views of proposals for troubleshooting; changes go through the pages/services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import AppendOnlyAdmin
from renda.proposals.models import Assignment, Commitment, Proposal, ProposalEvent, Reply, UrgeNotice


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "status", "assigned_on", "due_date", "due_provisional", "round"]
    readonly_fields = ["unit", "role", "status", "assigned_on", "due_date", "due_provisional", "round"]
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "status", "is_key", "lead_deputy"]
    list_filter = ["kind", "status", "is_key", "topic"]
    search_fields = ["number", "title"]
    raw_id_fields = ["lead_deputy", "entered_by", "merge_group", "referred_to", "delegation", "session"]
    readonly_fields = ["status", "number", "serial", "version"]
    inlines = [AssignmentInline]


@admin.register(Reply)
class ReplyAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "round", "reply_class", "replied_on", "publish_on"]
    raw_id_fields = ["assignment"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["what", "unit", "due_date", "delivered_on", "reported_to_deputy_on"]
    raw_id_fields = ["reply", "unit"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(AppendOnlyAdmin):
    list_display = ["proposal", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    raw_id_fields = ["proposal", "assignment", "actor"]


admin.site.register(UrgeNotice)
