"""The leaders' dashboard: one page for a year and an area (the person's own by default)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from organizations.permissions import scope_of
from safety_ratings.forms import RATE_ERA_CHOICES, RatesParamsForm, rates_form_for
from safety_ratings.models import UnitKind
from safety_ratings.selectors.rate_areas import (
    NATION_NAME,
    area_ancestors,
)

from .permissions import can_issue_summary, can_view_dashboard
from .sections import (
    heat_rows,
    kind_cards,
    model_lines,
    ranked_children,
    report_lines,
    task_board_url,
    task_lines,
)
from .selectors import HEAT_BANDS, DashboardQuery, dashboard

# The organizations of the tasks table (most overdue first): a province has hundreds, the
# country thousands; the 2×2 above counts them all and the .xlsx export lists them all.
TASK_ORGANIZATIONS_SHOWN = 20


def dashboard_query(request: HttpRequest) -> DashboardQuery:
    """The year, area, era and kind of the URL (the person's own area by default)."""
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    values = RatesParamsForm(request.GET).resolved(request.user)
    return DashboardQuery(**values | {"kind": values["kind"] or UnitKind.RESIDENTIAL_AREA})


def _crumbs(request: HttpRequest, query: DashboardQuery) -> list[tuple[str, str]]:
    crumbs = []
    if scope_of(request.user).nationwide and not query.area.is_nation:
        crumbs.append((str(NATION_NAME), query.url("dashboards:dashboard", area="")))
    crumbs += [
        (unit.name, query.url("dashboards:dashboard", area=unit.pk))
        for unit in area_ancestors(query.area.unit, request.user)
    ]
    return crumbs


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    query = dashboard_query(request)
    data = dashboard(user=request.user, query=query, today=timezone.localdate())
    models_by_level, models_by_status = model_lines(data)
    tasks, task_total = task_lines(data, limit=TASK_ORGANIZATIONS_SHOWN)
    context = {
        "query": query,
        "data": data,
        "area": query.area,
        "year": query.year,
        "form": rates_form_for(
            request.user, year=query.year, area=query.area, era_param=query.era_param
        ),
        "crumbs": _crumbs(request, query),
        "era_label": dict(RATE_ERA_CHOICES)[query.era],
        "kind_label": UnitKind(query.kind).label,
        "kind_tabs": [
            (value, label, query.url("dashboards:dashboard", kind=value), value == query.kind)
            for value, label in UnitKind.choices
        ],
        "kinds": UnitKind.choices,
        "cards": kind_cards(data),
        "ranked": ranked_children(data),
        "heat": heat_rows(data),
        "heat_bands": HEAT_BANDS,
        "models_by_level": models_by_level,
        "models_by_status": models_by_status,
        "reports": report_lines(data),
        "tasks": tasks,
        "tasks_not_shown": len(data.tasks) - len(tasks),
        "tasks_board_url": task_board_url(data),
        "task_total": task_total,
        "previous_url": query.url("dashboards:dashboard", year=query.year - 1),
        "rates_url": query.url("safety_ratings:rates"),
        "export_url": query.url("dashboards:dashboard-export"),
        "summary_url": query.url("dashboards:summary"),
        "can_issue_summary": can_issue_summary(request.user),
    }
    return render(request, "dashboards/dashboard.html", context)
