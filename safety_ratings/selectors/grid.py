"""Reading the assessment grid: a commune's units of one kind for a year, each with its
dossier and the verdict on every criterion, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from organizations.models import AdministrativeUnit

from ..models import Assessment, CriteriaVersion, Criterion, CriterionResult, RatedUnit, UnitKind
from .units import criteria_version_for, units_of_commune, valid_on

Status = Assessment.Status
OPEN_STATUSES = (Status.REGISTERED, Status.SELF_ASSESSED, Status.RETURNED)


@dataclass(frozen=True)
class GridCell:
    """One criterion of one unit: the verdict shown, and whether the user may type it."""

    criterion: Criterion
    value: bool | None
    computed: bool
    editable: bool
    explanation: str = ""

    @property
    def next_value(self) -> str:
        """The value Space/Enter or a click sets: empty → Đạt → Không đạt → Đạt."""
        return "khong_dat" if self.value is True else "dat"


@dataclass
class GridRow:
    """A unit, its dossier for the year (None before registration) and its cells."""

    unit: RatedUnit
    assessment: Assessment | None
    cells: list[GridCell]
    error: str = ""

    @property
    def editable(self) -> bool:
        return self.assessment is None or self.assessment.status in OPEN_STATUSES

    @property
    def registered(self) -> bool:
        return self.assessment is not None

    @property
    def missing(self) -> int:
        """Typed criteria still without a verdict."""
        return sum(1 for cell in self.cells if not cell.computed and cell.value is None)

    @property
    def failing(self) -> int:
        return sum(1 for cell in self.cells if cell.value is False)

    @property
    def complete(self) -> bool:
        return self.registered and self.missing == 0

    @property
    def status_label(self) -> str:
        if self.assessment is None:
            return _("Chưa đăng ký")
        return self.assessment.get_status_display()

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else ""


@dataclass
class Grid:
    """The grid of (commune, year, kind): its criteria columns and one row per unit."""

    commune: AdministrativeUnit | None
    year: int
    kind: str
    version: CriteriaVersion
    window: tuple[datetime.date, datetime.date]
    criteria: list[Criterion]
    rows: list[GridRow] = field(default_factory=list)

    @property
    def is_residential(self) -> bool:
        return self.kind == UnitKind.RESIDENTIAL_AREA

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label)

    @property
    def typed_criteria(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if not criterion.is_computed]

    @property
    def registered_count(self) -> int:
        return sum(1 for row in self.rows if row.registered)

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.rows if row.complete)


def grid_units(
    *, commune: AdministrativeUnit, kind: str, day: datetime.date
) -> QuerySet[RatedUnit]:
    """The units of `kind` the commune manages on `day`; for the commune kind, itself."""
    if kind == UnitKind.COMMUNE:
        return RatedUnit.objects.filter(
            valid_on(day), kind=UnitKind.COMMUNE, administrative_unit=commune
        ).order_by("name", "pk")
    return units_of_commune(commune, day).filter(kind=kind)


def _cells(criteria: list[Criterion], assessment: Assessment | None) -> list[GridCell]:
    results: dict[int, CriterionResult] = {}
    if assessment is not None:
        results = {result.criterion_id: result for result in assessment.year_results}
    editable = assessment is None or assessment.status in OPEN_STATUSES
    cells = []
    for criterion in criteria:
        result = results.get(criterion.pk)
        if result is None:
            value = None
        elif editable:
            # While the unit still fills its dossier, the grid shows the unit's own verdict.
            value = result.self_met
        else:
            value = result.met
        explanation = ""
        if result is not None and criterion.is_computed:
            explanation = result.appraisal_note or result.evidence
        cells.append(
            GridCell(
                criterion=criterion,
                value=value,
                computed=criterion.is_computed,
                # A column missing from an older dossier (a version edited after it
                # registered) cannot be typed into.
                editable=editable
                and not criterion.is_computed
                and (assessment is None or result is not None),
                explanation=explanation,
            )  # fmt: skip
        )
    return cells


def _rows(units: QuerySet[RatedUnit], year: int, criteria: list[Criterion]) -> list[GridRow]:
    year_assessments = Assessment.objects.filter(year=year).prefetch_related(
        Prefetch("results", queryset=CriterionResult.objects.all(), to_attr="year_results")
    )
    units = units.prefetch_related(
        Prefetch("assessments", queryset=year_assessments, to_attr="year_assessments")
    )
    rows = []
    for unit in units:
        assessment = unit.year_assessments[0] if unit.year_assessments else None
        rows.append(GridRow(unit=unit, assessment=assessment, cells=_cells(criteria, assessment)))
    return rows


def grid_for(*, commune: AdministrativeUnit, year: int, kind: str) -> Grid:
    """Every unit of the grid with its dossier; raises ValidationError when the year has no
    criteria version for the kind."""
    version = criteria_version_for(kind, year)
    window = version.window_for(year)
    criteria = list(version.criteria.order_by("order", "pk"))
    units = grid_units(commune=commune, kind=kind, day=window[1])
    return Grid(
        commune=commune, year=year, kind=kind, version=version, window=window,
        criteria=criteria, rows=_rows(units, year, criteria),
    )  # fmt: skip


def grid_row_for(*, unit: RatedUnit, year: int) -> Grid:
    """The grid reduced to one unit's row (what an htmx edit swaps back)."""
    version = criteria_version_for(unit.kind, year)
    criteria = list(version.criteria.order_by("order", "pk"))
    return Grid(
        commune=None, year=year, kind=unit.kind, version=version,
        window=version.window_for(year), criteria=criteria,
        rows=_rows(RatedUnit.objects.filter(pk=unit.pk), year, criteria),
    )  # fmt: skip
