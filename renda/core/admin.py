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
