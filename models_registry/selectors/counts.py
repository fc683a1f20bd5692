"""The counts the province reports, for any date and any area (DOMAIN.md §5).

Everything is derived from dated facts, so a past date is exact: a model is active on a day
when it had started and was not yet retired (a model retired in 2023 still counts for 2021);
a site runs between its start and end dates. Each figure is one SQL aggregate: the page's
query count does not grow with the number of models or sites.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _

from organizations.models import AdministrativeUnit, User
from organizations.permissions import scope_of, units_in_scope

from ..models import LaunchLevel, ModelCategory, ModelSite, SecurityModel


@dataclass(frozen=True)
class LabelledCount:
    label: str
    count: int
    pk: int | None = None


@dataclass
class ModelCounts:
    date: datetime.date
    area: AdministrativeUnit | None
    active: int = 0
    retired: int = 0
    recommended: int = 0
    exemplary: int = 0
    sites: int = 0
    teams: int = 0
    members: int = 0
    new_in_year: int = 0
    retired_in_year: int = 0
    by_level: list[LabelledCount] = field(default_factory=list)
    by_category: list[LabelledCount] = field(default_factory=list)
    by_area: list[LabelledCount] = field(default_factory=list)

    @property
    def by_status(self) -> list[LabelledCount]:
        return [
            LabelledCount(str(SecurityModel.Status.ACTIVE.label), self.active),
            LabelledCount(str(SecurityModel.Status.RETIRED.label), self.retired),
        ]

    @property
    def sentence(self) -> str:
        return counts_sentence(self)


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """Models (or, with a prefix, a relation to models) active on a day."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}retired_on__isnull": True}) | Q(**{f"{prefix}retired_on__gt": day})
    )


def area_unit_ids(area: AdministrativeUnit) -> frozenset[int]:
    """The area's units in both eras (through the succession links), as scopes see them."""
    return units_in_scope([area])


def _models_in(user: User, unit_ids: frozenset[int] | None) -> QuerySet[SecurityModel]:
    from ..permissions import models_visible_to

    rows = models_visible_to(user)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows


def model_counts(
    *,
    user: User,
    on: datetime.date,
    area: AdministrativeUnit | None = None,
    with_areas: bool = True,
) -> ModelCounts:
    """Every figure of the province's report on models as of a date, in a fixed number of
    queries whatever the number of models and sites. Without `with_areas`, no `by_area` (one
    row per unit with models: thousands for the country, which a summary does not show)."""
    unit_ids = area_unit_ids(area) if area is not None else None
    models = _models_in(user, unit_ids)
    year_start = on.replace(month=1, day=1)
    active = active_on(on)
    totals = models.aggregate(
        active=Count("pk", filter=active),
        retired=Count("pk", filter=Q(retired_on__lte=on)),
        recommended=Count("pk", filter=active & Q(replication_recommended_on__lte=on)),
        exemplary=Count("pk", filter=active & Q(recognized_on__lte=on)),
        new_in_year=Count("pk", filter=Q(started_on__gte=year_start, started_on__lte=on)),
        retired_in_year=Count("pk", filter=Q(retired_on__gte=year_start, retired_on__lte=on)),
    )
    # A site counts where it runs: a provincial model's site in a district counts for the
    # district, whoever manages the model.
    sites = ModelSite.objects.filter(
        active_on(on, "model__"),
        Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)),
    )
    if not scope_of(user).nationwide:
        sites = sites.filter(model__in=_models_in(user, None).values("pk"))
    if unit_ids is not None:
        sites = sites.filter(unit_id__in=unit_ids)
    site_totals = sites.aggregate(sites=Count("pk"), teams=Sum("teams"), members=Sum("members"))
    counts = ModelCounts(date=on, area=area, **totals)
    counts.sites = site_totals["sites"] or 0
    counts.teams = site_totals["teams"] or 0
    counts.members = site_totals["members"] or 0

    level_rows = dict(models.filter(active).values_list("launch_level_id").annotate(n=Count("pk")))
    counts.by_level = [
        LabelledCount(level.name, level_rows.get(level.pk, 0), level.pk)
        for level in LaunchLevel.objects.filter(Q(is_active=True) | Q(pk__in=level_rows))
    ]
    category_rows = dict(models.filter(active).values_list("category_id").annotate(n=Count("pk")))
    counts.by_category = [
        LabelledCount(category.name, category_rows.get(category.pk, 0), category.pk)
        for category in ModelCategory.objects.filter(Q(is_active=True) | Q(pk__in=category_rows))
    ]
    if not with_areas:
        return counts
    counts.by_area = [
        LabelledCount(name, n, pk)
        for pk, name, n in models.filter(active)
        .values_list("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("unit__path")
    ]
    return counts


def level_phrases() -> dict[str, str]:
    return dict(LaunchLevel.objects.values_list("name", "phrase"))


def _number(value: int) -> str:
    with translation.override("vi"):
        return formats.number_format(value, use_l10n=True, force_grouping=True)


def counts_sentence(counts: ModelCounts, phrases: dict[str, str] | None = None) -> str:
    """ "37 mô hình; trong đó 2 mô hình do Tỉnh ủy phát động; …" (levels with no model left out)."""
    phrases = phrases if phrases is not None else level_phrases()
    parts = [_("%s mô hình") % _number(counts.active)]
    details = [
        f"{_number(row.count)} {_('mô hình')} {phrases.get(row.label, row.label)}"
        for row in counts.by_level
        if row.count
    ]
    if details:
        parts.append(_("trong đó") + " " + details[0])
        parts.extend(details[1:])
    return "; ".join(parts) + "."


def default_area(user: User) -> AdministrativeUnit | None:
    """The user's own area: the first unit of their scope (None for nationwide users)."""
    scope = scope_of(user)
    return scope.scope_units[0] if scope.scope_units else None


def area_choices(user: User) -> QuerySet[AdministrativeUnit]:
    from organizations.permissions import units_visible_to

    return units_visible_to(user).filter(level__lte=AdministrativeUnit.Level.DISTRICT)


def area_find(*, user: User, value: str) -> AdministrativeUnit | None:
    """An area given by its code or its name (current era first), within the user's scope."""
    from organizations.permissions import units_visible_to

    value = (value or "").strip()
    if not value:
        return None
    units = units_visible_to(user).order_by("era", "level", "path")  # "2025" before "legacy"
    return (
        units.filter(code=value).first()
        or units.filter(name__iexact=value).first()
        or units.filter(short_name__iexact=value).first()
    )


def active_models_in_area(*, area: AdministrativeUnit, on: datetime.date) -> int:
    """Models active on a day in an area (both eras), whoever may see them: the figure a
    report states for the area, not what one reader may open."""
    return SecurityModel.objects.filter(active_on(on), unit_id__in=area_unit_ids(area)).count()
