from django.contrib import admin

from renda.livelihood.models import Candidate, Milestone, Programme, Project


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["number", "title", "lead_unit", "budget", "status", "yes_votes"]
    readonly_fields = ["status", "yes_votes"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "seats", "status"]
    readonly_fields = ["status", "agenda_item", "result_text"]
    inlines = [CandidateInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "lead_vice_chair", "special_committee", "supervision_group"]
    readonly_fields = ["status"]
    inlines = [MilestoneInline]
