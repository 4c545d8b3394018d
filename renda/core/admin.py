"""Admin for core tables: the holiday override calendar (D4) and notifications."""

from django.contrib import admin

from renda.core.models import HolidayOverride, Notification


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
    raw_id_fields = ["recipient"]


class ViewOnlyMixin:
    """No add, change or delete in the admin, by anyone (superusers included): view only."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AppendOnlyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Admin for an event table (audit records): view only."""


class AppendOnlyInline(ViewOnlyMixin, admin.TabularInline):
    """An inline of event rows on their record's admin page: view only."""

    extra = 0
    can_delete = False
