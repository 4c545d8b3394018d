"""Admin for core tables: the holiday override calendar (D4) and notifications."""

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    """Admin for an event table (audit records): view only, with Chinese labels instead of codes."""

    list_display = ["at", "record", "action_text", "from_text", "to_text", "actor", "note"]
    list_select_related = ["actor"]
    search_fields = ["note"]
    date_hierarchy = "at"

    @admin.display(description=_("所属记录"))
    def record(self, obj: Any) -> str:
        return f"#{obj.subject_id}"

    @admin.display(description=_("操作"), ordering="action")
    def action_text(self, obj: Any) -> str:
        return str(obj.action_label)

    @admin.display(description=_("原状态"))
    def from_text(self, obj: Any) -> str:
        return str(obj.from_label)

    @admin.display(description=_("新状态"))
    def to_text(self, obj: Any) -> str:
        return str(obj.to_label)


class AppendOnlyInline(ViewOnlyMixin, admin.TabularInline):
    """An inline of event rows on their record's admin page: view only, with Chinese labels."""

    extra = 0
    can_delete = False
    fields = ("at", "actor", "action_text", "from_text", "to_text", "note")
    readonly_fields = fields

    @admin.display(description=_("操作"))
    def action_text(self, obj: Any) -> str:
        return str(obj.action_label)

    @admin.display(description=_("原状态"))
    def from_text(self, obj: Any) -> str:
        return str(obj.from_label)

    @admin.display(description=_("新状态"))
    def to_text(self, obj: Any) -> str:
        return str(obj.to_label)
