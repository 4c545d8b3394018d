"""Admin of the livelihood domain.

Records keep their history with the actor (django-simple-history; the request's user is recorded by
``HistoryRequestMiddleware``). An adopted plan is read-only: a programme once the deputies' vote has
decided it (已票决/已公布), with its candidates; a project's plan and "三个1" supervisors once it is
implemented (the services are the way to act on them). Event tables are view-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import AppendOnlyAdmin
from renda.livelihood.models import Candidate, Milestone, Programme, ProgrammeEvent, Project, ProjectEvent


def _all_fields(model: Any) -> list[str]:
    """Every editable field of ``model`` (to show them all read-only)."""
    return [f.name for f in model._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["number", "title", "lead_unit", "budget", "status", "yes_votes"]
    readonly_fields = ["status", "yes_votes"]

    def get_readonly_fields(self, request: HttpRequest, obj: Programme | None = None) -> Any:
        """All columns once the programme (``obj``) is adopted."""
        if obj is not None and obj.is_adopted:
            return self.fields
        return self.readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Programme | None = None) -> bool:
        return (obj is None or not obj.is_adopted) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Programme | None = None) -> bool:
        return (obj is None or not obj.is_adopted) and super().has_delete_permission(request, obj)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "seats", "status"]
    readonly_fields = ["status", "agenda_item", "result_text", "version"]
    inlines = [CandidateInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Programme | None = None) -> Any:
        """Every field once the deputies' vote decided the programme (an adopted plan)."""
        if obj is not None and obj.is_adopted:
            return _all_fields(Programme)
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Programme | None = None) -> bool:
        return (obj is None or not obj.is_adopted) and super().has_delete_permission(request, obj)


class MilestoneInline(admin.TabularInline):
    """A project's milestones: editable while it is planned; once it is implementing, progress changes
    only through the unit's progress reports (each an event on the project's trail), so read-only here."""

    model = Milestone
    extra = 0

    def get_readonly_fields(self, request: HttpRequest, obj: Project | None = None) -> Any:
        if obj is not None and obj.plan_locked:
            return [f.name for f in Milestone._meta.fields if f.name != "id"]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Project | None = None) -> bool:
        return (obj is None or not obj.plan_locked) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Project | None = None) -> bool:
        return (obj is None or not obj.plan_locked) and super().has_delete_permission(request, obj)


#: A project's plan (L5) and "三个1" supervisors (L6): read-only once it is implemented.
PLAN_FIELDS = [
    "title",
    "targets",
    "deadline",
    "funding",
    "responsible_unit",
    "plan_published_at",
    "lead_vice_chair",
    "special_committee",
    "supervision_group",
    "supervision_group_members",
]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "status", "lead_vice_chair", "special_committee", "supervision_group"]
    readonly_fields = ["status", "version", "programme", "candidate"]
    inlines = [MilestoneInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Project | None = None) -> Any:
        """The plan, the "三个1" supervisors and the satisfaction result too once the project is
        implemented (the result is copied from the closed poll by ``services.satisfaction_record``)."""
        if obj is not None and obj.plan_locked:
            return [*self.readonly_fields, *PLAN_FIELDS, "satisfaction_passed", "satisfaction_text"]
        return self.readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Projects come only from the deputies' vote (``services.programme_tally``)."""
        return False


@admin.register(ProgrammeEvent)
class ProgrammeEventAdmin(AppendOnlyAdmin):
    """View only (the audit trail)."""


@admin.register(ProjectEvent)
class ProjectEventAdmin(AppendOnlyAdmin):
    """View only (the audit trail)."""
