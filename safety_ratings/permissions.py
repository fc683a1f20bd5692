"""Who may see and change ratings (built on the organizations scope).

A commune or district committee registers and self-assesses its own units; police staff
(the provincial standing office, or a committee member seated for the police) appraise;
decisions are recorded by the staff or committees of the deciding level; provincial staff
see everything in the province; leaders read; an agency reads its own unit's ratings.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import AdministrativeUnit, Organization, RoleAssignment, User
from organizations.permissions import scope_of, units_visible_to

from .models import Assessment, RatedUnit, RecognitionDecision

Role = RoleAssignment.Role
WRITER_ROLES = (Role.ADMIN, Role.STANDING_STAFF, Role.COMMITTEE)
AREA_READER_ROLES = (Role.STANDING_STAFF, Role.LEADER, Role.COMMITTEE)


def rated_units_visible_to(user: User) -> QuerySet[RatedUnit]:
    units = RatedUnit.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return units
    condition = Q(pk__in=[])
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(commune_id__in=scope.unit_ids) | Q(legacy_commune_id__in=scope.unit_ids)
    if scope.has_role(Role.AGENCY):
        condition |= Q(organization_id__in=scope.organization_ids)
    return units.filter(condition)


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    assessments = Assessment.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return assessments
    condition = Q(pk__in=[])
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(commune_id__in=scope.unit_ids)
    if scope.has_role(Role.AGENCY):
        condition |= Q(rated_unit__organization_id__in=scope.organization_ids)
    return assessments.filter(condition)


def decisions_visible_to(user: User) -> QuerySet[RecognitionDecision]:
    decisions = RecognitionDecision.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return decisions
    if not scope.has_role(*AREA_READER_ROLES):
        return decisions.none()
    return decisions.filter(
        Q(deciding_unit_id__in=scope.unit_ids) | Q(assessments__commune_id__in=scope.unit_ids)
    ).distinct()


def can_manage_units(user: User) -> bool:
    """May add units, register them and self-assess (their own area's)."""
    return scope_of(user).has_role(*WRITER_ROLES)


def rated_units_editable_by(user: User) -> QuerySet[RatedUnit]:
    if not can_manage_units(user):
        return RatedUnit.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return RatedUnit.objects.all()
    return RatedUnit.objects.filter(
        Q(commune_id__in=scope.unit_ids) | Q(legacy_commune_id__in=scope.unit_ids)
    )


def assessments_editable_by(user: User) -> QuerySet[Assessment]:
    """Dossiers the user may fill for the unit (registration, self-assessment, evidence)."""
    if not can_manage_units(user):
        return Assessment.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return Assessment.objects.all()
    return Assessment.objects.filter(commune_id__in=scope.unit_ids)


def can_appraise(user: User) -> bool:
    """Police appraise: the standing office, or a committee member seated for the police."""
    scope = scope_of(user)
    if scope.has_role(Role.ADMIN, Role.STANDING_STAFF):
        return True
    return scope.has_role(Role.COMMITTEE) and any(
        organization.kind == Organization.Kind.POLICE for organization in scope.organizations
    )


def assessments_appraisable_by(user: User) -> QuerySet[Assessment]:
    if not can_appraise(user):
        return Assessment.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return Assessment.objects.all()
    return Assessment.objects.filter(commune_id__in=scope.unit_ids)


def can_decide(user: User) -> bool:
    """May record recognition decisions (taken by the chairman of the deciding level)."""
    return scope_of(user).has_role(*WRITER_ROLES)


def assessments_decidable_by(user: User) -> QuerySet[Assessment]:
    if not can_decide(user):
        return Assessment.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return Assessment.objects.all()
    return Assessment.objects.filter(commune_id__in=scope.unit_ids)


def deciding_units_for(user: User) -> QuerySet[AdministrativeUnit]:
    """Units whose chairman's decision the user may record: their own area's units."""
    return units_visible_to(user)


def decisions_printable_by(user: User) -> QuerySet[RecognitionDecision]:
    """Decisions whose official PDF and certificates the user may issue: those taken in
    their own area by a user who may record decisions (a unit merely listed in another
    level's decision does not let its committee print that level's paper)."""
    if not can_decide(user):
        return RecognitionDecision.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return RecognitionDecision.objects.all()
    return RecognitionDecision.objects.filter(deciding_unit_id__in=scope.unit_ids)


def grid_communes_for(user: User) -> QuerySet[AdministrativeUnit]:
    """Communes whose units the user may assess in bulk (grid, import): writers' own area."""
    if not can_manage_units(user):
        return AdministrativeUnit.objects.none()
    return units_visible_to(user).filter(level=AdministrativeUnit.Level.COMMUNE)


def may_add_communes(user: User) -> bool:
    """The communes' own units are added by the provincial staff (the list of communes is the
    province's), not by each committee."""
    return scope_of(user).has_role(Role.ADMIN, Role.STANDING_STAFF)


# -- rates ------------------------------------------------------------------------------------
# The area readers (AREA_READER_ROLES) read their area's rates; an agency reads its own unit's
# ratings on the unit pages, not an area's statistics.


def can_view_rates(user: User) -> bool:
    """Provincial staff, committees and leaders read their area's rates; the administrator the
    whole country. An agency gets 403: it reads its own unit's ratings, not an area's."""
    scope = scope_of(user)
    return scope.nationwide or scope.has_role(*AREA_READER_ROLES)


def rate_areas_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Areas whose rates the user may read (any level, both eras); nothing without the right."""
    if not can_view_rates(user):
        return AdministrativeUnit.objects.none()
    return units_visible_to(user)
