"""Who may see and change the registry (built on the organizations scope).

Provincial staff manage their area's models; district and commune committees manage the
models of their area; leaders read; agencies read the models their organization launched or
manages.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import AdministrativeUnit, RoleAssignment, User
from organizations.permissions import scope_of, units_visible_to

from .models import SecurityModel

Role = RoleAssignment.Role
WRITER_ROLES = (Role.ADMIN, Role.STANDING_STAFF, Role.COMMITTEE)
AREA_READER_ROLES = (Role.STANDING_STAFF, Role.LEADER, Role.COMMITTEE)


def models_visible_to(user: User) -> QuerySet[SecurityModel]:
    models = SecurityModel.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return models
    condition = Q(pk__in=[])
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(unit_id__in=scope.unit_ids)
    if scope.has_role(Role.AGENCY):
        condition |= Q(launching_organization_id__in=scope.organization_ids) | Q(
            managing_organization_id__in=scope.organization_ids
        )
    return models.filter(condition)


def can_register_models(user: User) -> bool:
    return scope_of(user).has_role(*WRITER_ROLES)


def models_editable_by(user: User) -> QuerySet[SecurityModel]:
    """Writers change the models of their own area."""
    if not can_register_models(user):
        return SecurityModel.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return SecurityModel.objects.all()
    return SecurityModel.objects.filter(unit_id__in=scope.unit_ids)


def can_change_model(user: User, model: SecurityModel) -> bool:
    return models_editable_by(user).filter(pk=model.pk).exists()


def units_for_models(user: User) -> QuerySet[AdministrativeUnit]:
    """Units a writer may file a model or a site under."""
    return units_visible_to(user)
