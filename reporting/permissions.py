"""Who may see, fill and review reports (built on the organizations scope).

An organization sees and submits only its own obligations; a reviewer sees the reports sent
to the organizations it holds; provincial staff see every obligation of their area and
define forms and schedules; leaders read; the province decides reopening requests.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import RoleAssignment, User
from organizations.permissions import scope_of

from .models import Obligation, ReportForm, ReportSchedule

Role = RoleAssignment.Role
STAFF_ROLES = (Role.ADMIN, Role.STANDING_STAFF)
AREA_READER_ROLES = (Role.STANDING_STAFF, Role.LEADER)
REPORTER_ROLES = (Role.COMMITTEE, Role.AGENCY, Role.STANDING_STAFF)


def can_manage_forms(user: User) -> bool:
    """Define forms, versions and schedules: the provincial office."""
    return scope_of(user).has_role(*STAFF_ROLES)


def forms_visible_to(user: User) -> QuerySet[ReportForm]:
    scope = scope_of(user)
    if scope.nationwide:
        return ReportForm.objects.all()
    if scope.has_role(*AREA_READER_ROLES):
        return ReportForm.objects.filter(
            Q(owner__unit_id__in=scope.unit_ids) | Q(owner_id__in=scope.organization_ids)
        )
    return ReportForm.objects.none()


def forms_editable_by(user: User) -> QuerySet[ReportForm]:
    if not can_manage_forms(user):
        return ReportForm.objects.none()
    return forms_visible_to(user)


def schedules_visible_to(user: User) -> QuerySet[ReportSchedule]:
    scope = scope_of(user)
    if scope.nationwide:
        return ReportSchedule.objects.all()
    condition = Q(reviewer_id__in=scope.organization_ids)
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(reviewer__unit_id__in=scope.unit_ids)
    return ReportSchedule.objects.filter(condition)


def schedules_editable_by(user: User) -> QuerySet[ReportSchedule]:
    if not can_manage_forms(user):
        return ReportSchedule.objects.none()
    return schedules_visible_to(user)


def obligations_visible_to(user: User) -> QuerySet[Obligation]:
    scope = scope_of(user)
    if scope.nationwide:
        return Obligation.objects.all()
    if not scope.roles:
        return Obligation.objects.none()
    # A supervising committee sees its members' obligations: escalations link to them.
    condition = (
        Q(organization_id__in=scope.organization_ids)
        | Q(period__schedule__reviewer_id__in=scope.organization_ids)
        | Q(organization__parent_id__in=scope.organization_ids)
    )
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(organization__unit_id__in=scope.unit_ids)
    return Obligation.objects.filter(condition)


def obligations_submittable_by(user: User) -> QuerySet[Obligation]:
    """Only the organization itself fills and submits its report."""
    scope = scope_of(user)
    if scope.nationwide:
        return Obligation.objects.all()
    if not scope.has_role(*REPORTER_ROLES):
        return Obligation.objects.none()
    return Obligation.objects.filter(organization_id__in=scope.organization_ids)


def obligations_reviewable_by(user: User) -> QuerySet[Obligation]:
    """The reviewer organization's people, and the provincial office for its area."""
    scope = scope_of(user)
    if scope.nationwide:
        return Obligation.objects.all()
    condition = Q(pk__in=[])
    if scope.has_role(Role.COMMITTEE, Role.STANDING_STAFF, Role.AGENCY):
        condition |= Q(period__schedule__reviewer_id__in=scope.organization_ids)
    if scope.has_role(Role.STANDING_STAFF):
        condition |= Q(organization__unit_id__in=scope.unit_ids)
    return Obligation.objects.filter(condition)


def can_decide_reopening(user: User) -> bool:
    """The province grants or refuses a committee's request to reopen."""
    return scope_of(user).has_role(*STAFF_ROLES)


def can_view_completeness(user: User) -> bool:
    """The completeness pages: anyone with a role; each sees only the schedules they follow
    (schedules_visible_to) and counts only the obligations they see."""
    scope = scope_of(user)
    return scope.nationwide or bool(scope.roles)


def schedules_printable_by(user: User) -> QuerySet[ReportSchedule]:
    """Schedules whose consolidated report the user may issue as an official PDF: the
    reviewer organization's people and the provincial office; leaders only read."""
    scope = scope_of(user)
    if scope.nationwide:
        return ReportSchedule.objects.all()
    condition = Q(pk__in=[])
    if scope.has_role(Role.COMMITTEE, Role.STANDING_STAFF, Role.AGENCY):
        condition |= Q(reviewer_id__in=scope.organization_ids)
    if scope.has_role(Role.STANDING_STAFF):
        condition |= Q(reviewer__unit_id__in=scope.unit_ids)
    return ReportSchedule.objects.filter(condition)
