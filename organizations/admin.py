from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AdministrativeUnit, CommitteeMembership, Organization, RoleAssignment, User


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "era", "parent", "valid_from", "valid_to"]
    list_filter = ["era", "level"]
    search_fields = ["name", "code", "search_key"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "document_series_code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "search_key"]
    raw_id_fields = ["unit", "parent"]
    list_select_related = ["unit"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["organization", "scope_unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "position", "organization", "is_active"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["organization"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Hồ sơ cán bộ"), {"fields": ("full_name", "position", "organization", "phone")}),
    )


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "committee_role", "start_date", "end_date"]
    list_filter = ["committee_role"]
    raw_id_fields = ["committee", "person", "home_organization"]
