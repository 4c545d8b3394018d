"""Admin of the liaison app: routes, topics, reception days and the per-congress settings keep their
history with the actor (simple-history); opinions, groups, links, snapshots and events are view-only."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import AppendOnlyInline
from renda.liaison.models import (
    DuplicateGroup,
    HotTopicSnapshot,
    LiaisonSettings,
    Opinion,
    OpinionEvent,
    Reception,
    SuggestionLink,
    Topic,
    TopicRoute,
)


@admin.register(TopicRoute)
class TopicRouteAdmin(SimpleHistoryAdmin):
    """Topic → handling unit routes, edited by staff."""

    list_display = ["topic", "unit", "congress"]
    list_select_related = ["topic", "unit", "congress"]
    autocomplete_fields = ["topic"]
    list_filter = ["congress"]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["path", "level"]
    list_filter = ["level"]
    search_fields = ["path"]


@admin.register(Reception)
class ReceptionAdmin(SimpleHistoryAdmin):
    list_display = ["station", "point", "date", "visitor_count"]
    raw_id_fields = ["station", "point", "deputies"]


class EventInline(AppendOnlyInline):
    model = OpinionEvent


@admin.register(LiaisonSettings)
class LiaisonSettingsAdmin(SimpleHistoryAdmin):
    """Per-congress choices (automatic routing, off by default); also switched on the triage page."""

    list_display = ["congress", "auto_route", "updated_at"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    """View only: recording, editing and every status change go through the
    services behind the pages and the API, which keep the search index, the content hash, the event
    log and the notifications right. An edit here would bypass all four."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        """No: opinions are recorded by station operators, the web form or an import."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Opinion | None = None) -> bool:
        """No: see the class docstring (a changed text would not be re-indexed)."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Opinion | None = None) -> bool:
        """No: an opinion's events are kept (PROTECT, 等保 audit trail), so it cannot be deleted."""
        return False

    list_display = ["title", "station", "predicted_topic", "confidence", "status", "unit", "received_at"]
    list_filter = ["status", "source"]
    search_fields = ["title", "external_id"]
    raw_id_fields = ["station", "reception", "duplicate_group", "suggestion", "unit", "predicted_topic", "topic"]
    readonly_fields = ["status", "content_hash", "search_text", "tracking_code"]
    inlines = [EventInline]


class ViewOnlyAdmin(admin.ModelAdmin):
    """Records the services keep consistent (group sizes, links to draft suggestions): shown, not edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        """No: created by the services (near-duplicate grouping, 转为代表建议, hot-topic computation)."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """No: an edited group size or link would disagree with the opinions that point to it."""
        return False


admin.site.register(DuplicateGroup, ViewOnlyAdmin)
admin.site.register(SuggestionLink, ViewOnlyAdmin)
admin.site.register(HotTopicSnapshot, ViewOnlyAdmin)
