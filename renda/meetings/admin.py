from django.contrib import admin

from renda.core.admin import AppendOnlyAdmin
from renda.meetings.models import AgendaItem, Meeting, MeetingEvent, Poll, PollEvent


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "status", "roster_size"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "roster_size", "quorum_rule"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "order", "kind", "threshold"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "method", "status", "electorate", "present", "votes_cast", "passed"]
    readonly_fields = ["status", "electorate", "present", "votes_cast", "passed", "result_text"]


@admin.register(MeetingEvent, PollEvent)
class EventAdmin(AppendOnlyAdmin):
    list_display = ["action", "from_status", "to_status", "actor", "at"]
