"""The drill-down of the rates (chi tiết theo địa bàn), one level at a time, and the units of an
area: a commune's units (the last level) and those not recognised with the criteria they failed.

Drill-down: the nation → its provinces; a province → its districts (by the old units, the
default for years before the 2025 reform) or its communes (by the new units); a district → its
communes; a commune → its units. Each eligible unit goes to exactly one child: its commune on
the reference day, carried to the chosen era through the succession links — old → new: the new
commune the unit itself moved to, else the main successor (``is_main``) of its old commune;
new → old: the unit's ``legacy_commune``, else the first main predecessor of its new commune.
A unit that cannot be placed under a child of the area is shown on an "other" row, so the rows
always sum to the parent. (A child's own page counts every unit under it in both eras, so when
an old commune was split, its units appear on each successor's own page but only in the main
successor's row.)

Every figure is a GROUP BY in SQL; a page runs a fixed number of queries whatever the number of
units, communes and assessments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from organizations.models import REFORM_2025_DATE, AdministrativeUnit, UnitSuccession

from ..models import Assessment, CriterionResult, RatedUnit, UnitKind
from .rate_areas import RateArea, as_rate_area, default_era
from .rates import (
    COUNTS,
    IN_PROGRESS_STATUSES,
    KindRate,
    eligible_units,
    rate_aggregate,
    reference_days,
    with_year_assessment,
)

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level
Status = Assessment.Status


# -- drill-down -------------------------------------------------------------------------------


@dataclass
class ChildRates:
    """One row of the drill-down: a child area (None for units placed under no child)."""

    unit: AdministrativeUnit | None
    kinds: dict[str, KindRate] = field(default_factory=dict)

    @property
    def is_other(self) -> bool:
        return self.unit is None

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else _("Khác (không xếp được vào địa bàn nào ở trên)")

    def kind(self, kind: str) -> KindRate:
        return self.kinds[kind]


def child_level(area: RateArea, era: str) -> int | None:
    """The level of the area's children in `era`; None when the children are the units."""
    if area.is_nation:
        return Level.PROVINCE
    if area.unit.level == Level.PROVINCE:
        return Level.DISTRICT if era == Era.LEGACY else Level.COMMUNE
    if area.unit.level == Level.DISTRICT:
        return Level.COMMUNE
    return None


def child_units(area: RateArea, era: str) -> list[AdministrativeUnit]:
    """The area's children in `era` (empty for a commune: its children are units)."""
    level = child_level(area, era)
    if level is None:
        return []
    units = AdministrativeUnit.objects.filter(era=era, level=level).select_related("parent")
    if area.unit_ids is not None:
        units = units.filter(pk__in=area.unit_ids)
    return list(units.order_by("path"))


@dataclass
class _Tree:
    """The units the mapping walks (era, level, parent) and the main succession links."""

    units: dict[int, tuple[str, int, int | None]]
    main_successor: dict[int, int]
    main_predecessor: dict[int, int]

    def era_of(self, unit_id: int | None) -> str | None:
        info = self.units.get(unit_id)
        return info[0] if info else None


def _tree(area: RateArea) -> _Tree:
    units = AdministrativeUnit.objects.all()
    links = UnitSuccession.objects.filter(is_main=True)
    if area.unit_ids is not None:
        units = units.filter(pk__in=area.unit_ids)
        links = links.filter(
            Q(predecessor_id__in=area.unit_ids) | Q(successor_id__in=area.unit_ids)
        )
    rows = links.values_list(
        "predecessor_id", "successor_id", "predecessor__path", "successor__path"
    )
    main_successor: dict[int, int] = {}
    main_predecessor: dict[int, int] = {}
    # Deterministic choice when there are several: the first by administrative path.
    for predecessor, successor, _p, _s in sorted(rows, key=lambda r: r[3]):
        main_successor.setdefault(predecessor, successor)
    for predecessor, successor, _p, _s in sorted(rows, key=lambda r: r[2]):
        main_predecessor.setdefault(successor, predecessor)
    return _Tree(
        units={
            pk: (era, level, parent)
            for pk, era, level, parent in units.values_list("pk", "era", "level", "parent_id")
        },  # fmt: skip
        main_successor=main_successor,
        main_predecessor=main_predecessor,
    )


def _commune_in_era(tree: _Tree, on_day: int, other: int | None, era: str) -> int | None:
    """The commune of `era` a unit belongs to, from its commune on the reference day and, when
    it crossed the reform, its commune on the other side."""
    if tree.era_of(on_day) == era:
        return on_day
    # The unit's own link across the reform first (it records where the unit went or came
    # from), then the communes' main succession link.
    if other is not None and tree.era_of(other) == era:
        return other
    if era == Era.REFORM_2025:
        return tree.main_successor.get(on_day)
    return tree.main_predecessor.get(on_day)


def _ancestor_at(tree: _Tree, unit_id: int | None, level: int) -> int | None:
    while unit_id is not None:
        info = tree.units.get(unit_id)
        if info is None:
            return None
        if info[1] <= level:
            return unit_id if info[1] == level else None
        unit_id = info[2]
    return None


def _group_keys(days: dict[str, datetime.date | None], era: str) -> dict[str, Expression]:
    """The GROUP BY keys of the drill-down: each unit's commune on the reference day and, only
    when the era asks for the other side of the reform, its commune there (so a same-era
    drill-down has one group per commune and kind, not one per pair)."""
    before = sorted(k for k, day in days.items() if day is not None and day < REFORM_2025_DATE)
    after = sorted(k for k, day in days.items() if day is not None and day >= REFORM_2025_DATE)
    crossed = Q(legacy_commune__isnull=False)
    on_day = (
        Case(When(crossed, kind__in=before, then=F("legacy_commune_id")), default=F("commune_id"))
        if before
        else F("commune_id")
    )
    nothing = Value(None, output_field=BigIntegerField())
    if era == Era.REFORM_2025:
        other = Case(When(crossed, kind__in=before, then=F("commune_id"))) if before else nothing
    else:
        other = Case(When(kind__in=after, then=F("legacy_commune_id"))) if after else nothing
    return {"on_day": on_day, "other": other}


def _figures_by_child(
    area: RateArea, year: int, *, era: str, level: int, tree: _Tree, child_ids: list[int]
) -> dict[int | None, dict[str, KindRate]]:
    """One GROUP BY (kind, commune on the day[, commune across the reform]), each group
    carried to its child in Python: at most the communes × kinds, whatever the units."""
    days = reference_days(year)
    figures = {
        key: {kind: KindRate(kind=kind, reference_day=days[kind]) for kind in UnitKind.values}
        for key in [*child_ids, None]
    }
    groups = rate_aggregate(area, year, days=days, keys=_group_keys(days, era)).values_list(
        "kind", "on_day", "other", *COUNTS
    )
    child_of: dict[tuple[int, int | None], int | None] = {}
    for kind, on_day, other, eligible, registered, assessed, recognised in groups:
        if (on_day, other) not in child_of:
            key = _ancestor_at(tree, _commune_in_era(tree, on_day, other, era), level)
            child_of[(on_day, other)] = key if key in figures else None
        rate = figures[child_of[(on_day, other)]][kind]
        rate.eligible += eligible
        rate.registered += registered
        rate.assessed += assessed
        rate.recognised += recognised
    return figures


def rates_by_child(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    era: str | None = None,
    *,
    compare: bool = True,
) -> list[ChildRates]:
    """The drill-down one level below the area, in `era` (default: the era of the year): one
    row per child with the five kinds' figures (and last year's), plus an "other" row when
    some units fall under no child. The rows sum to rates_for(area, year). Empty for a
    commune (its units are listed by units_for_rates). Six queries, or eight with `compare`."""
    area = as_rate_area(area)
    era = era or default_era(year)
    level = child_level(area, era)
    if level is None:
        return []
    children = child_units(area, era)
    tree = _tree(area)
    child_ids = [child.pk for child in children]
    figures = _figures_by_child(area, year, era=era, level=level, tree=tree, child_ids=child_ids)
    if compare:
        before = _figures_by_child(
            area, year - 1, era=era, level=level, tree=tree, child_ids=child_ids
        )
        for key, kinds in figures.items():
            for kind, rate in kinds.items():
                rate.previous = before[key][kind]
    rows = [ChildRates(unit=child, kinds=figures[child.pk]) for child in children]
    other = ChildRates(unit=None, kinds=figures[None])
    if any(
        rate.eligible or (rate.previous is not None and rate.previous.eligible)
        for rate in other.kinds.values()
    ):
        rows.append(other)
    return rows


def total_of(rows: list[ChildRates], kind: str) -> KindRate:
    """The sum of the drill-down rows for a kind (equal to the parent's figures), with last
    year's sum when the rows carry it."""

    def add_up(rates: list[KindRate]) -> KindRate:
        total = KindRate(kind=kind)
        for rate in rates:
            total.add(vars(rate))
            total.reference_day = rate.reference_day
        return total

    total = add_up([row.kinds[kind] for row in rows])
    previous = [row.kinds[kind].previous for row in rows if row.kinds[kind].previous]
    if previous:
        total.previous = add_up(previous)
    return total


# -- units of an area: the last level, and those not recognised ------------------------------


def failed_criteria_q(prefix: str = "") -> Q:
    """Criterion results that fail: the appraised verdict where given, else the unit's own."""
    return Q(**{f"{prefix}appraised_met": False}) | Q(
        **{f"{prefix}appraised_met__isnull": True, f"{prefix}self_met": False}
    )


def units_for_rates(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    *,
    kind: str | None = None,
    not_recognised_only: bool = False,
) -> QuerySet[RatedUnit]:
    """The eligible units of the area for `year` (one kind or all), each with its assessment
    of the year (`year_assessments`, 0 or 1) and that assessment's failing criteria
    (`failed_results`), and `commune_name`: its commune on the reference day. With
    `not_recognised_only`: those not recognised (no assessment, in progress, not recognised,
    revoked). Three queries per page whatever the number of units (prefetch)."""
    area = as_rate_area(area)
    days = reference_days(year)
    units = eligible_units(area, days, kinds=[kind] if kind else None)
    if not_recognised_only:
        recognised = Assessment.objects.filter(
            rated_unit=OuterRef("pk"), year=year, status=Status.RECOGNISED
        )
        units = units.filter(~Exists(recognised))
    failed = CriterionResult.objects.filter(failed_criteria_q()).select_related("criterion")
    year_assessments = Assessment.objects.filter(year=year).prefetch_related(
        Prefetch("results", queryset=failed, to_attr="failed_results")
    )
    before_reform = [k for k, day in days.items() if day is not None and day < REFORM_2025_DATE]
    return (
        units.select_related("commune", "legacy_commune")
        .annotate(
            commune_name=Case(
                When(
                    kind__in=before_reform,
                    legacy_commune__isnull=False,
                    then=F("legacy_commune__name"),
                ),
                default=F("commune__name"),
            )
        )
        .prefetch_related(
            Prefetch("assessments", queryset=year_assessments, to_attr="year_assessments")
        )  # fmt: skip
        .order_by("kind", "commune_name", "name", "pk")
    )


def not_recognised_breakdown(
    area: RateArea | AdministrativeUnit | None, year: int, *, kind: str | None = None
) -> dict[str, int]:
    """How many eligible units are not recognised, by reason: no assessment, in progress, not
    recognised, revoked (one query)."""
    area = as_rate_area(area)
    units = with_year_assessment(
        eligible_units(area, reference_days(year), kinds=[kind] if kind else None), year
    )
    return units.aggregate(
        none=Count("pk", filter=Q(year_assessment__id__isnull=True)),
        in_progress=Count("pk", filter=Q(year_assessment__status__in=IN_PROGRESS_STATUSES)),
        not_recognised=Count("pk", filter=Q(year_assessment__status=Status.NOT_RECOGNISED)),
        revoked=Count("pk", filter=Q(year_assessment__status=Status.REVOKED)),
    )
