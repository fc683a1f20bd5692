"""The leaders' dashboard: a year in an area at a glance, read from the other apps' selectors
(the rates of the five kinds and of the area's children, the models, the reports, the tasks).

Every figure is the same one the app's own page shows for the same year and area, and comes
with the URL of the list it counts (DashboardQuery.url). The rates are the heavy part and are
cached (cache.py); the rest is computed on each request.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from directives.selectors.tasks import StatusCounts, status_counts_by_organization, status_totals
from models_registry.selectors.counts import ModelCounts, model_counts
from organizations.models import User
from reporting.selectors.completeness import Counts
from reporting.selectors.yearly import ScheduleYear, year_completeness, year_total
from safety_ratings.models import UnitKind
from safety_ratings.selectors.rate_areas import RateArea
from safety_ratings.selectors.rate_drilldown import ChildRates, child_level, rates_by_child
from safety_ratings.selectors.rates import KindRate, rates_for

from .cache import cached_ratings

# Rate bands of the heat table, lowest first: (lower bound in %, CSS class).
HEAT_BANDS = [(95, "heat-5"), (90, "heat-4"), (80, "heat-3"), (70, "heat-2"), (50, "heat-1")]
HEAT_LOWEST = "heat-0"
HEAT_NONE = "heat-none"


@dataclass(frozen=True)
class DashboardQuery:
    """What the dashboard shows: the year, the area, the era its children are read by, and
    the kind of the sorted table. The same parameters as the rates pages, so the dashboard's
    URL and every link from it can be bookmarked and shared."""

    year: int
    area: RateArea
    era: str
    era_param: str = ""
    kind: str = UnitKind.RESIDENTIAL_AREA

    def params(self, **changes) -> dict[str, object]:
        values = {
            "year": self.year,
            "area": "" if self.area.pk is None else self.area.pk,
            "era": self.era_param,
            "kind": self.kind,
        }
        values.update(changes)
        # "area" stays even when empty: an empty area is the whole country, not the default.
        return {k: v for k, v in values.items() if k == "area" or v not in (None, "")}

    def url(self, name: str, **changes) -> str:
        return f"{_path(name)}?{urlencode(self.params(**changes))}"


@functools.lru_cache(maxsize=64)
def _path(name: str) -> str:
    # The dashboard builds a link per cell (five per area of a province's hundred communes):
    # the paths, which take no arguments, are resolved once per process.
    return reverse(name)


@dataclass
class RatingFigures:
    kinds: list[KindRate]
    children: list[ChildRates]
    child_level: int | None
    computed_at: datetime.datetime
    from_cache: bool = False


def rating_figures(query: DashboardQuery) -> RatingFigures:
    """The five kinds' figures of the area with last year's, and its children's (in the era
    asked): six to twelve queries when computed, none from the cache."""
    area = query.area

    def compute() -> RatingFigures:
        return RatingFigures(
            kinds=rates_for(area, query.year),
            children=rates_by_child(area, query.year, query.era),
            child_level=child_level(area, query.era),
            computed_at=timezone.now(),
        )

    # Keyed on the units counted, not only the area: rate_area narrows an area to the reader's
    # scope, and one reader must not be shown the figures counted for another.
    units = "nation" if area.is_nation else f"{area.pk}-{_digest(area.unit_ids)}"
    figures, from_cache = cached_ratings((units, query.year, query.era), compute)
    return dataclasses.replace(figures, from_cache=from_cache)


def _digest(ids: frozenset[int]) -> str:
    # The same in every process (a cache shared by web workers), unlike hash() of a string.
    return hashlib.blake2b(",".join(map(str, sorted(ids))).encode(), digest_size=12).hexdigest()


def heat_class(rate: KindRate) -> str:
    if not rate.eligible:
        return HEAT_NONE
    for bound, css in HEAT_BANDS:
        if rate.rate >= bound:
            return css
    return HEAT_LOWEST


def children_by_rate(children: list[ChildRates], kind: str) -> list[ChildRates]:
    """The children with units of the kind, highest rate first (then most units, then name);
    the "other" row last."""
    ranked = [row for row in children if not row.is_other and row.kinds[kind].eligible]
    ranked.sort(key=lambda row: (-row.kinds[kind].rate, -row.kinds[kind].eligible, row.name))
    others = [row for row in children if row.is_other and row.kinds[kind].eligible]
    return ranked + others


def models_day(year: int, today: datetime.date) -> datetime.date:
    """The day the models are counted on: the year's last day, or today in the current year."""
    return min(today, datetime.date(year, 12, 31))


@dataclass
class Dashboard:
    query: DashboardQuery
    ratings: RatingFigures
    models: ModelCounts
    reports: list[ScheduleYear]
    reports_total: Counts
    tasks: list[StatusCounts]
    task_totals: StatusCounts
    live_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def ratings_cached(self) -> bool:
        return self.ratings.from_cache


def dashboard(*, user: User, query: DashboardQuery, today: datetime.date) -> Dashboard:
    """Every figure of the dashboard for the user (whose scope the area is in: the view
    checks it). A bounded number of queries whatever the data size."""
    area = query.area
    reports = year_completeness(user=user, year=query.year, today=today, area=area.unit)
    tasks = status_counts_by_organization(
        user=user, year=query.year, unit_ids=area.unit_ids, today=today
    )
    return Dashboard(
        query=query,
        ratings=rating_figures(query),
        models=model_counts(
            user=user, on=models_day(query.year, today), area=area.unit, with_areas=False
        ),
        reports=reports,
        reports_total=year_total(reports),
        tasks=tasks,
        task_totals=status_totals(tasks),
    )
