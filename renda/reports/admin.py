"""Admin of the reports domain: snapshots are read there and only the platform administrator
(a superuser) may delete one; nobody adds or edits one (they are taken from the 工作统计 page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from renda.reports.models import ReportSnapshot


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ["period_label", "taken_at", "taken_by", "note"]
    list_select_related = ["taken_by"]
    readonly_fields = [
        "congress",
        "period_start",
        "period_end",
        "period_label",
        "session",
        "taken_at",
        "taken_by",
        "note",
    ]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
