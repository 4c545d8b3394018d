"""The Django admin: the system administrator's (issue 13). Standing Committee staff keep accounts and
reference data from Renda's own pages (:mod:`renda.organization.reference`, :mod:`renda.organization.structure`)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renda.organization import models as m


@admin.register(m.Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region_code", "region_name"]


@admin.register(m.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_year", "end_year"]
    list_select_related = ["congress"]


@admin.register(m.Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions. Once a session has closed (its closing date is past, Asia/Shanghai) its bill cutoff
    and dates are read-only (issue 11 audit): bills were accepted or refused against that cutoff (B6),
    and moving the closing date would reopen it."""

    list_display = ["__str__", "opening_date", "closing_date", "submission_cutoff"]
    list_select_related = ["term__congress"]
    closed_readonly = ["opening_date", "closing_date", "submission_cutoff"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and obj.closing_date < timezone.localdate():
            return self.closed_readonly
        return []


@admin.register(m.Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "term"]
    list_select_related = ["term__congress"]


@admin.register(m.ProfessionalGroup)
class ProfessionalGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "term"]
    list_select_related = ["term__congress"]


@admin.register(m.Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "gender", "delegation", "occupation", "is_first_term", "status", "masked_phone"]
    list_filter = ["status", "is_first_term", "gender", "delegation", "professional_groups"]
    search_fields = ["name", "code", "occupation"]
    list_select_related = ["delegation"]
    filter_horizontal = ["professional_groups"]

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj: m.Deputy) -> str:
        return obj.masked_phone


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(m.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "session"]
    list_filter = ["kind"]
    inlines = [MembershipInline]


@admin.register(m.HandlingUnit)
class HandlingUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(m.Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "title"]
    filter_horizontal = ["portfolio"]


class LiaisonPointInline(admin.TabularInline):
    model = m.LiaisonPoint
    extra = 0


@admin.register(m.LiaisonStation)
class LiaisonStationAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "address"]
    list_filter = ["district"]
    search_fields = ["name"]
    inlines = [LiaisonPointInline]
    autocomplete_fields = ["deputies"]


@admin.register(m.User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "deputy", "handling_unit", "liaison_station", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("角色与关联"),
            {"fields": ("role", "display_name", "congress", "deputy", "handling_unit", "liaison_station", "phone")},
        ),
    )
    autocomplete_fields = ["deputy", "handling_unit", "liaison_station"]


admin.site.site_header = _("人大代表工作平台 · 基础数据维护")
admin.site.site_title = _("Renda 管理")
