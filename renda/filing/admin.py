"""Admin of filing review: organs and the law register are edited here; event trails are view-only."""

from django.contrib import admin

from renda.filing.models import FilingEvent, LawEntry, Organ, SuggestionEvent


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "handling_unit"]


@admin.register(LawEntry)
class LawEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "note"]
    list_filter = ["status"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(FilingEvent, _ReadOnly)
admin.site.register(SuggestionEvent, _ReadOnly)
