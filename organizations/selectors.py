"""Reads of the organizations app: units, organizations, people, health."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import AdministrativeUnit, Organization, RoleAssignment, UnitSuccession, User
from .permissions import organizations_visible_to, units_visible_to, users_visible_to
from .search import fold_diacritics, search_by_key
from .services.health import HEARTBEAT_CACHE_KEY


def unit_list(
    *,
    user: User,
    query: str = "",
    era: str = "",
    level: int | None = None,
    parent: AdministrativeUnit | None = None,
) -> QuerySet[AdministrativeUnit]:
    units = units_visible_to(user).select_related("parent")
    if query:
        units = search_by_key(units, query)
    if era:
        units = units.filter(era=era)
    if level:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(parent=parent)
    return units.order_by("path")


def unit_ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit's parents from the province down, in one query (from the path)."""
    parts = unit.path.strip("/").split("/")
    paths = ["/".join(parts[:i]) + "/" for i in range(2, len(parts))]
    return list(AdministrativeUnit.objects.filter(path__in=paths).order_by("level"))


@dataclass(frozen=True)
class UnitFamily:
    ancestors: list[AdministrativeUnit]
    children: list[AdministrativeUnit]
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]
    organizations: list[Organization]


def unit_family(*, unit: AdministrativeUnit, user: User) -> UnitFamily:
    """What a unit's page shows: parents, children, predecessors, successors, organizations."""
    return UnitFamily(
        ancestors=unit_ancestors(unit),
        children=list(unit.children.order_by("path")),
        predecessors=list(
            unit.succession_links_in.select_related("predecessor__parent").order_by(
                "predecessor__path"
            )
        ),
        successors=list(
            unit.succession_links_out.select_related("successor__parent").order_by(
                "successor__path"
            )
        ),
        organizations=list(organizations_visible_to(user).filter(unit=unit).order_by("name")),
    )


def organization_list(*, user: User, query: str = "", kind: str = "") -> QuerySet[Organization]:
    organizations = organizations_visible_to(user).select_related("unit", "parent")
    if query:
        organizations = search_by_key(organizations, query)
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations.annotate(member_count=Count("memberships", distinct=True)).order_by(
        "unit__path", "name"
    )


def organization_detail(*, user: User, pk: int) -> Organization:
    return (
        organizations_visible_to(user)
        .select_related("unit", "parent")
        .prefetch_related(
            Prefetch("memberships", queryset=_memberships()),
            Prefetch("staff", queryset=User.objects.filter(is_active=True).order_by("full_name")),
        )
        .get(pk=pk)
    )


def _memberships():
    from .models import CommitteeMembership

    return CommitteeMembership.objects.select_related("person", "home_organization").order_by(
        "committee_role", "person__full_name"
    )


def user_list(*, user: User, query: str = "", role: str = "") -> QuerySet[User]:
    people = (
        users_visible_to(user)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=RoleAssignment.objects.filter(is_active=True).select_related(
                    "organization", "scope_unit"
                ),
            )
        )
    )
    if query:
        people = people.filter(full_name__icontains=query) | people.filter(
            username__icontains=query
        )
    if role:
        people = people.filter(roles__role=role, roles__is_active=True).distinct()
    return people.order_by("full_name", "username")


def user_roles(*, person: User) -> QuerySet[RoleAssignment]:
    return person.roles.select_related("organization", "scope_unit").order_by("-is_active", "role")


@dataclass(frozen=True)
class Heartbeat:
    last: datetime.datetime | None
    age_seconds: float | None
    ok: bool


def heartbeat_state() -> Heartbeat:
    raw = cache.get(HEARTBEAT_CACHE_KEY)
    last = parse_datetime(raw) if raw else None
    if last is None:
        return Heartbeat(last=None, age_seconds=None, ok=False)
    age = (timezone.now() - last).total_seconds()
    return Heartbeat(last=last, age_seconds=age, ok=age <= settings.HEARTBEAT_MAX_AGE_SECONDS)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure at all means "down" for the health report
        return False


def broker_ok() -> bool:
    from antq_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # any failure at all means "down" for the health report
        return False


def organizations_match_names(
    *, names: list[str], candidates: QuerySet[Organization]
) -> dict[str, Organization | None]:
    """The organization each name (as a document writes it) refers to, or None.

    A name matches an organization whose name or short name is the same without
    diacritics, or, failing that, the only candidate whose name starts with it
    ("Công an tỉnh" → "Công an tỉnh Lạng Sơn" when the area has one provincial police).
    """
    rows = list(candidates.values_list("pk", "name", "short_name", "search_key"))
    by_key: dict[str, int] = {}
    for pk, name, short_name, _key in rows:
        for label in (name, short_name):
            if label:
                by_key.setdefault(fold_diacritics(label), pk)
    found: dict[str, int | None] = {}
    for name in names:
        key = fold_diacritics(name)
        if key in by_key:
            found[name] = by_key[key]
            continue
        prefixed = [pk for pk, full, _short, _k in rows if fold_diacritics(full).startswith(key)]
        found[name] = prefixed[0] if len(prefixed) == 1 else None
    objects = Organization.objects.in_bulk([pk for pk in found.values() if pk])
    return {name: objects.get(pk) if pk else None for name, pk in found.items()}
