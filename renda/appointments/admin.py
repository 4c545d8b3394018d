"""Admin of the appointments domain: records editable by staff; the event trail view-only."""

from django.contrib import admin

from renda.appointments.models import (
    Appointment,
    AppointmentEvent,
    Discipline,
    OathCeremony,
    OrganUnit,
    Person,
    Post,
    Reelection,
    RegisterFiling,
    Tenure,
)


@admin.register(OrganUnit)
class OrganUnitAdmin(admin.ModelAdmin):
    list_display = ["organ", "unit", "congress"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "post_type", "congress"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "birth_year"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "post", "status", "adopted_on"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "version"]


@admin.register(Tenure)
class TenureAdmin(admin.ModelAdmin):
    list_display = ["post", "person", "started_on", "ended_on"]


@admin.register(OathCeremony)
class OathCeremonyAdmin(admin.ModelAdmin):
    list_display = ["held_on", "form", "supervisor"]


@admin.register(Reelection)
class ReelectionAdmin(admin.ModelAdmin):
    list_display = ["elected_on", "congress", "note"]


@admin.register(RegisterFiling)
class RegisterFilingAdmin(admin.ModelAdmin):
    list_display = ["on", "kind", "post", "tenure"]


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["decided_on", "person", "measure"]


@admin.register(AppointmentEvent)
class AppointmentEventAdmin(admin.ModelAdmin):
    list_display = ["appointment", "action", "at", "actor"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
