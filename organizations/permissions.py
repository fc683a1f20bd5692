"""Who may do what, and which rows each person sees: the one scope mechanism of the portal.

Every app builds its own ``<entity>s_visible_to(user)`` on :func:`scope_of` and
:func:`filter_by_scope`, so views never filter by hand (STYLE.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from .models import AdministrativeUnit, Organization, RoleAssignment, UnitSuccession, User

Role = RoleAssignment.Role


def _rights(app: str, actions: str, *models: str) -> list[str]:
    """ "app.<action>_<model>" for each model and each of the space-separated actions."""
    return [f"{app}.{action}_{model}" for model in models for action in actions.split()]


# The rights shared by several roles, one list per kind of work, so that a change to what
# "registering models" or "rating units" takes is made once.
READ_UNITS_AND_ORGANIZATIONS = _rights(
    "organizations", "view", "administrativeunit", "organization"
)
REGISTER_DIRECTIVES = _rights("directives", "view add change", "document", "documenttask")
REGISTER_MODELS = [
    *_rights("models_registry", "view add change", "securitymodel", "modelsite"),
    *_rights("models_registry", "view add", "modelreview"),
    *_rights("models_registry", "view add change", "modelrating"),
]
RATE_UNITS = [
    *_rights("safety_ratings", "view add change", "ratedunit", "assessment", "recognitiondecision"),
    *_rights("safety_ratings", "view", "criteriaversion"),
]
RUN_REPORTING = _rights(
    "reporting", "view add change", "reportform", "formversion", "reportschedule",
    "obligation", "submission", "reopenrequest",
)  # fmt: skip
SUBMIT_REPORTS = [
    *_rights("reporting", "view", "obligation"),
    *_rights("reporting", "view add change", "submission"),
    *_rights("reporting", "view add", "reopenrequest"),
]

# Model permissions each role's group holds. Later apps add their codenames here, so that a
# role's rights are read in one place.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [
        *READ_UNITS_AND_ORGANIZATIONS,
        *_rights("organizations", "add change", "organization"),
        *_rights("organizations", "view add change", "user"),
        *_rights(
            "organizations", "view add change delete", "roleassignment", "committeemembership"
        ),
        *_rights("django_celery_beat", "view change", "periodictask"),
        *REGISTER_DIRECTIVES,
        *_rights("printing", "view add change", "signingidentity", "signatureimage"),
        *_rights("printing", "view", "issuedpdf", "printbatch"),
        *REGISTER_MODELS,
        *_rights("models_registry", "view add change", "modelcategory", "launchlevel"),
        *RATE_UNITS,
        *_rights("safety_ratings", "add change", "criteriaversion"),
        *_rights("safety_ratings", "view add change", "criterion"),
        *RUN_REPORTING,
    ],
    Role.STANDING_STAFF: [
        *READ_UNITS_AND_ORGANIZATIONS,
        *_rights("organizations", "view", "committeemembership"),
        *REGISTER_DIRECTIVES,
        *_rights("directives", "add", "taskprogress"),
        *REGISTER_MODELS,
        *RATE_UNITS,
        *RUN_REPORTING,
    ],
    Role.COMMITTEE: [
        *READ_UNITS_AND_ORGANIZATIONS,
        *REGISTER_MODELS,
        *RATE_UNITS,
        *SUBMIT_REPORTS,
    ],
    Role.AGENCY: [
        *_rights("organizations", "view", "organization"),
        *_rights("models_registry", "view", "securitymodel"),
        *_rights("safety_ratings", "view", "ratedunit", "assessment"),
        *SUBMIT_REPORTS,
    ],
    Role.LEADER: [
        *READ_UNITS_AND_ORGANIZATIONS,
        *_rights("organizations", "view", "committeemembership"),
        *_rights(
            "models_registry", "view", "securitymodel", "modelsite", "modelreview", "modelrating"
        ),
        *_rights(
            "safety_ratings",
            "view",
            "ratedunit",
            "assessment",
            "recognitiondecision",
            "criteriaversion",
        ),
        *_rights("reporting", "view", "reportform", "reportschedule", "obligation", "submission"),
    ],  # fmt: skip
}

ROLE_GROUP_PREFIX = "Vai trò: "


def group_name_for(role: str) -> str:
    return f"{ROLE_GROUP_PREFIX}{Role(role).label}"


@dataclass(frozen=True)
class Scope:
    """What one person may see: a set of units (both eras) and of organizations."""

    nationwide: bool
    roles: frozenset[str]
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    scope_units: tuple[AdministrativeUnit, ...] = ()
    organizations: tuple[Organization, ...] = ()

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def covers_unit(self, unit_id: int | None) -> bool:
        return self.nationwide or (unit_id is not None and unit_id in self.unit_ids)


EMPTY_SCOPE = Scope(nationwide=False, roles=frozenset())


def units_in_scope(scope_units: list[AdministrativeUnit]) -> frozenset[int]:
    """The units under the given ones, in both eras.

    A scope names units of one era; the same area in the other era is reached through the
    succession links: a 2025 province also sees the old provinces it was formed from, and
    any commune sees the communes that preceded or succeeded it. So a rate for 2023 stays
    visible to the committee that holds the area now, and the other way round.
    """
    if not scope_units:
        return frozenset()
    root_ids = [unit.pk for unit in scope_units]
    predecessor_paths = list(
        UnitSuccession.objects.filter(successor_id__in=root_ids).values_list(
            "predecessor__path", flat=True
        )
    )
    paths = [unit.path for unit in scope_units] + predecessor_paths
    subtree = reduce(or_, (Q(path__startswith=path) for path in paths))
    unit_ids = set(AdministrativeUnit.objects.filter(subtree).values_list("pk", flat=True))
    links = UnitSuccession.objects.filter(
        Q(predecessor_id__in=unit_ids) | Q(successor_id__in=unit_ids)
    ).values_list("predecessor_id", "successor_id")
    for predecessor_id, successor_id in links:
        unit_ids.add(predecessor_id)
        unit_ids.add(successor_id)
    return frozenset(unit_ids)


def scope_of(user: User) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_antq_scope", None)
    if cached is not None:
        return cached
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True).select_related(
            "scope_unit", "organization"
        )
    )
    roles = frozenset(a.role for a in assignments)
    organizations = {a.organization for a in assignments if a.organization_id}
    if user.organization_id:
        organizations.add(user.organization)
    if user.is_superuser or Role.ADMIN in roles:
        scope = Scope(
            nationwide=True,
            roles=roles | {Role.ADMIN} if user.is_superuser else roles,
            organization_ids=frozenset(o.pk for o in organizations),
            organizations=tuple(sorted(organizations, key=lambda o: o.name)),
        )
    else:
        scope_units = sorted(
            {a.scope_unit for a in assignments if a.scope_unit_id}, key=lambda u: u.path
        )
        scope = Scope(
            nationwide=False,
            roles=roles,
            unit_ids=units_in_scope(scope_units),
            organization_ids=frozenset(o.pk for o in organizations),
            scope_units=tuple(scope_units),
            organizations=tuple(sorted(organizations, key=lambda o: o.name)),
        )
    user._antq_scope = scope
    return scope


def filter_by_scope(
    queryset: QuerySet,
    user: User,
    *,
    unit_field: str | None = "unit",
    organization_field: str | None = None,
) -> QuerySet:
    """Keep the rows attached to a unit or an organization inside the user's scope."""
    scope = scope_of(user)
    if scope.nationwide:
        return queryset
    condition = Q(pk__in=[])
    if unit_field:
        condition |= Q(**{f"{unit_field}__in": scope.unit_ids})
    if organization_field:
        condition |= Q(**{f"{organization_field}__in": scope.organization_ids})
    return queryset.filter(condition)


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    return filter_by_scope(AdministrativeUnit.objects.all(), user, unit_field="pk")


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    """Organizations of the user's area, their own, and the central bodies everyone cites."""
    queryset = Organization.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return queryset
    if not scope.roles:
        return queryset.none()
    return queryset.filter(
        Q(unit_id__in=scope.unit_ids) | Q(pk__in=scope.organization_ids) | Q(unit__isnull=True)
    )


def can_manage_people(user: User) -> bool:
    return scope_of(user).has_role(Role.ADMIN)


def can_manage_organizations(user: User) -> bool:
    return scope_of(user).has_role(Role.ADMIN)


def users_visible_to(user: User) -> QuerySet[User]:
    """People pages are the administrator's; others see only themselves."""
    if can_manage_people(user):
        return User.objects.all()
    return User.objects.filter(pk=user.pk)
