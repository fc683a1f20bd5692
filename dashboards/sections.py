"""The dashboard's figures with the URL of the list behind each one (PRODUCT.md: explain
every number). Built for the page and the .xlsx export alike."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from directives.models import TaskOccurrence
from directives.selectors.tasks import STATUS_ORDER, StatusCounts
from models_registry.models import SecurityModel
from reporting.selectors.completeness import Counts
from safety_ratings.models import UnitKind
from safety_ratings.selectors.rate_drilldown import ChildRates
from safety_ratings.selectors.rates import KindRate

from .selectors import Dashboard, DashboardQuery, children_by_rate, heat_class

RATES = "safety_ratings:rates"
DRILLDOWN = "safety_ratings:rates-drilldown"
NOT_RECOGNISED = "safety_ratings:rates-not-recognised"
DASHBOARD = "dashboards:dashboard"
TaskStatus = TaskOccurrence.Status


@dataclass
class KindCard:
    rate: KindRate
    units_url: str
    not_recognised_url: str


def kind_cards(data: Dashboard) -> list[KindCard]:
    query = data.query
    return [
        KindCard(
            rate=rate,
            units_url=query.url(DRILLDOWN, kind=rate.kind),
            not_recognised_url=query.url(NOT_RECOGNISED, kind=rate.kind),
        )
        for rate in data.ratings.kinds
    ]


@dataclass
class HeatCell:
    rate: KindRate
    css: str
    url: str


@dataclass
class ChildLine:
    row: ChildRates
    rate: KindRate
    dashboard_url: str
    units_url: str
    not_recognised_url: str
    cells: list[HeatCell]


def _child_line(query: DashboardQuery, row: ChildRates, kind: str) -> ChildLine:
    if row.is_other:
        return ChildLine(row=row, rate=row.kinds[kind], dashboard_url="", units_url="",
                         not_recognised_url="", cells=[
                             HeatCell(rate=row.kinds[k], css=heat_class(row.kinds[k]), url="")
                             for k in UnitKind.values
                         ])  # fmt: skip
    area = row.unit.pk

    def cell(kind_value: str) -> HeatCell:
        rate = row.kinds[kind_value]
        url_name = NOT_RECOGNISED if rate.not_recognised else DRILLDOWN
        url = query.url(url_name, area=area, kind=kind_value) if rate.eligible else ""
        return HeatCell(rate=rate, css=heat_class(rate), url=url)

    return ChildLine(
        row=row,
        rate=row.kinds[kind],
        dashboard_url=query.url(DASHBOARD, area=area),
        units_url=query.url(DRILLDOWN, area=area, kind=kind),
        not_recognised_url=query.url(NOT_RECOGNISED, area=area, kind=kind),
        cells=[cell(k) for k in UnitKind.values],
    )


def ranked_children(data: Dashboard) -> list[ChildLine]:
    """The sorted table: the children with units of the chosen kind, best rate first."""
    kind = data.query.kind
    return [
        _child_line(data.query, row, kind) for row in children_by_rate(data.ratings.children, kind)
    ]


def heat_rows(data: Dashboard) -> list[ChildLine]:
    """The heat table: every child in the tree's order, the five kinds side by side."""
    return [_child_line(data.query, row, data.query.kind) for row in data.ratings.children]


@dataclass
class ModelLine:
    label: str
    count: int
    url: str


def _model_params(data: Dashboard) -> dict[str, object]:
    params: dict[str, object] = {"on": data.models.date.isoformat()}
    if data.query.area.pk is not None:
        params["area"] = data.query.area.pk
    return params


def model_lines(data: Dashboard) -> tuple[list[ModelLine], list[ModelLine]]:
    """The active models by launching level, and the models by status (active, retired) on
    the day counted, each with the registry's list of those models."""
    base = reverse("models_registry:model-list")
    params = _model_params(data)

    def url(**extra) -> str:
        return f"{base}?{urlencode(params | extra)}"

    active = SecurityModel.Status.ACTIVE
    by_level = [
        ModelLine(label=item.label, count=item.count, url=url(level=item.pk, status=active))
        for item in data.models.by_level
    ]
    statuses = (SecurityModel.Status.ACTIVE, SecurityModel.Status.RETIRED)
    by_status = [
        ModelLine(label=item.label, count=item.count, url=url(status=status.value))
        for item, status in zip(data.models.by_status, statuses, strict=True)
    ]
    return by_level, by_status


@dataclass
class ReportLine:
    schedule_name: str
    form_name: str
    counts: Counts
    url: str


def report_lines(data: Dashboard) -> list[ReportLine]:
    """Each schedule's year: its completeness page for the year and area lists the
    organizations, those most behind first."""
    query = data.query
    params = f"?year={query.year}" + (f"&area={query.area.pk}" if query.area.pk else "")
    return [
        ReportLine(
            schedule_name=line.schedule.name,
            form_name=line.schedule.form.name,
            counts=line.counts,
            url=reverse("reporting:completeness-schedule", args=[line.schedule.pk]) + params,
        )
        for line in data.reports
    ]


@dataclass
class TaskCell:
    status: str
    label: str
    count: int
    url: str


@dataclass
class TaskLine:
    name: str
    counts: StatusCounts
    cells: list[TaskCell]


def _board_params(data: Dashboard, organization_id: int | None) -> dict[str, object]:
    params: dict[str, object] = {"year": data.query.year}
    if organization_id is not None:
        params["organization"] = organization_id
    elif data.query.area.pk is not None:
        params["area"] = data.query.area.pk
    return params


def task_board_url(data: Dashboard) -> str:
    """The task board of the year and area, every status (the whole table behind the 2×2)."""
    return f"{reverse('directives:task-board')}?{urlencode(_board_params(data, None))}"


def _task_cells(
    data: Dashboard, counts: StatusCounts, organization_id: int | None
) -> list[TaskCell]:
    base = reverse("directives:task-board")
    params = _board_params(data, organization_id)
    return [
        TaskCell(
            status=status.value,
            label=str(status.label),
            count=getattr(counts, status.value),
            url=f"{base}?{urlencode(params | {'status': status.value})}",
        )
        for status in STATUS_ORDER
    ]


def task_lines(data: Dashboard, *, limit: int | None = None) -> tuple[list[TaskLine], TaskLine]:
    """The 2×2 per organization (most overdue first) and in total, each cell with the task
    board filtered to those tasks."""
    rows = sorted(data.tasks, key=lambda c: (-c.overdue, -c.in_progress, c.organization_name))
    if limit is not None:
        rows = rows[:limit]
    lines = [
        TaskLine(name=c.organization_name, counts=c, cells=_task_cells(data, c, c.organization_id))
        for c in rows
    ]
    total = TaskLine(
        name="", counts=data.task_totals, cells=_task_cells(data, data.task_totals, None)
    )
    return lines, total
