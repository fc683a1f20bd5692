"""The rates pages: the five kinds' figures for a year and an area, the drill-down one level at
a time, the units not recognised with the criteria they failed, and their .xlsx exports.

Who: the administrator (the whole country by default), provincial staff, committees and
leaders (their own area by default; another area of their scope on request). An agency, or a
person without a role, gets 403; an area outside the person's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import tablib
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from organizations.permissions import scope_of

from ..forms import RATE_ERA_CHOICES, RatesForm, RatesParamsForm, rates_form_for
from ..models import Assessment, UnitKind
from ..permissions import can_view_rates
from ..selectors.rate_areas import (
    RateArea,
    area_ancestors,
)
from ..selectors.rate_drilldown import (
    ChildRates,
    child_level,
    not_recognised_breakdown,
    rates_by_child,
    total_of,
    units_for_rates,
)
from ..selectors.rates import RATE_DEFINITIONS, KindRate, rates_for

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RatesQuery:
    """What a rates page shows: the year, the area, the era of the drill-down, a kind."""

    year: int
    area: RateArea
    era: str
    era_param: str
    kind: str | None

    def params(self, **changes) -> dict[str, object]:
        values = {
            "year": self.year,
            "area": "" if self.area.pk is None else self.area.pk,
            "era": self.era_param,
            "kind": self.kind or "",
        }
        values.update(changes)
        # "area" stays even when empty: an empty area is the whole country, not the default.
        return {k: v for k, v in values.items() if k == "area" or v not in (None, "")}

    def url(self, name: str, **changes) -> str:
        return f"{reverse(f'safety_ratings:{name}')}?{urlencode(self.params(**changes))}"


def _query(request: HttpRequest) -> RatesQuery:
    if not can_view_rates(request.user):
        raise PermissionDenied
    return RatesQuery(**RatesParamsForm(request.GET).resolved(request.user))


def _form(request: HttpRequest, query: RatesQuery) -> RatesForm:
    return rates_form_for(request.user, year=query.year, area=query.area, era_param=query.era_param)


def _context(request: HttpRequest, query: RatesQuery) -> dict:
    crumbs = []
    if scope_of(request.user).nationwide and not query.area.is_nation:
        crumbs.append((_("Toàn quốc"), query.url("rates-drilldown", area="")))
    crumbs += [
        (unit.name, query.url("rates-drilldown", area=unit.pk))
        for unit in area_ancestors(query.area.unit, request.user)
    ]
    return {
        "query": query,
        "area": query.area,
        "year": query.year,
        "era_label": dict(RATE_ERA_CHOICES)[query.era],
        "definitions": RATE_DEFINITIONS,
        "crumbs": crumbs,
    }


@dataclass
class KindLine:
    rate: KindRate
    drilldown_url: str
    missing_url: str


@login_required
@require_GET
def rates_view(request: HttpRequest) -> HttpResponse:
    """The five kinds for a year and an area, with last year's and the change in points."""
    query = _query(request)
    rates = rates_for(query.area, query.year, era=query.era)
    lines = [
        KindLine(
            rate=rate,
            drilldown_url=query.url("rates-drilldown", kind=rate.kind),
            missing_url=query.url("rates-not-recognised", kind=rate.kind),
        )
        for rate in rates
    ]
    context = _context(request, query) | {
        "form": _form(request, query),
        "lines": lines,
        "export_url": query.url("rates-export"),
        "previous_url": query.url("rates", year=query.year - 1),
    }
    return render(request, "safety_ratings/rates.html", context)


@dataclass
class ChildLine:
    row: ChildRates
    rate: KindRate
    drilldown_url: str
    missing_url: str


def _drilldown_data(request: HttpRequest, query: RatesQuery) -> dict:
    kind = query.kind or UnitKind.RESIDENTIAL_AREA
    query.kind = kind
    level = child_level(query.area, query.era)
    data: dict = {"kind": kind, "kind_label": UnitKind(kind).label, "level": level}
    if level is None:
        units = units_for_rates(query.area, query.year, kind=kind)
        page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
        data.update({"page_obj": page, "units": page.object_list})
        return data
    rows = rates_by_child(query.area, query.year, query.era)
    data["lines"] = [
        ChildLine(
            row=row,
            rate=row.kinds[kind],
            drilldown_url="" if row.is_other else query.url("rates-drilldown", area=row.unit.pk),
            missing_url="" if row.is_other else query.url("rates-not-recognised", area=row.unit.pk),
        )
        for row in rows
    ]
    data["total"] = total_of(rows, kind)
    return data


@login_required
@require_GET
def rates_drilldown_view(request: HttpRequest) -> HttpResponse:
    """One level below the area for one kind: its children's figures, or a commune's units."""
    query = _query(request)
    data = _drilldown_data(request, query)
    context = (
        _context(request, query)
        | data
        | {
            "form": _form(request, query),
            "tabs": [
                (value, label, query.url("rates-drilldown", kind=value), value == query.kind)
                for value, label in UnitKind.choices
            ],
            "export_url": query.url("rates-drilldown-export"),
            "up_url": query.url("rates"),
            "missing_url": query.url("rates-not-recognised"),
        }
    )
    template = (
        "safety_ratings/partials/rates_drilldown_body.html"
        if request.htmx
        else "safety_ratings/rates_drilldown.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def rates_not_recognised_view(request: HttpRequest) -> HttpResponse:
    """The eligible units not recognised in the year (one kind or all), with the reason and the
    criteria each failed."""
    query = _query(request)
    units = units_for_rates(query.area, query.year, kind=query.kind, not_recognised_only=True)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    breakdown = not_recognised_breakdown(query.area, query.year, kind=query.kind)
    context = _context(request, query) | {
        "form": _form(request, query),
        "page_obj": page,
        "units": page.object_list,
        "breakdown": [
            (_("Chưa đăng ký"), breakdown["none"]),
            (_("Đang đánh giá (chưa có kết quả)"), breakdown["in_progress"]),
            (Assessment.Status.NOT_RECOGNISED.label, breakdown["not_recognised"]),
            (Assessment.Status.REVOKED.label, breakdown["revoked"]),
        ],
        "kind_label": UnitKind(query.kind).label if query.kind else "",
        "up_url": query.url("rates"),
    }
    return render(request, "safety_ratings/rates_not_recognised.html", context)


# -- .xlsx ------------------------------------------------------------------------------------


def _xlsx(dataset: tablib.Dataset, filename: str) -> HttpResponse:
    response = HttpResponse(dataset.export("xlsx"), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


RATE_HEADERS = [
    gettext_lazy("Thuộc diện đánh giá"),
    gettext_lazy("Đã đăng ký"),
    gettext_lazy("Đã tự đánh giá"),
    gettext_lazy("Được công nhận"),
    gettext_lazy("Tỷ lệ (%)"),
    gettext_lazy("Năm trước: thuộc diện"),
    gettext_lazy("Năm trước: được công nhận"),
    gettext_lazy("Năm trước: tỷ lệ (%)"),
    gettext_lazy("Thay đổi (điểm %)"),
    gettext_lazy("Câu báo cáo"),
]


def _rate_cells(rate: KindRate) -> list:
    previous = rate.previous
    return [
        rate.eligible,
        rate.registered,
        rate.assessed,
        rate.recognised,
        float(rate.rate) if rate.eligible else None,
        previous.eligible if previous else None,
        previous.recognised if previous else None,
        float(previous.rate) if previous and previous.eligible else None,
        float(rate.change) if rate.change is not None else None,
        rate.sentence,
    ]


def _title(query: RatesQuery) -> str:
    return _("Tỷ lệ An toàn về ANTT năm %(year)s — %(area)s") % {
        "year": query.year,
        "area": query.area.name,
    }


def _filename(prefix: str, query: RatesQuery) -> str:
    area = query.area.code or "toan-quoc"
    return f"{prefix}-{query.year}-{area}.xlsx"


@login_required
@require_GET
def rates_export(request: HttpRequest) -> HttpResponse:
    """The rates table of the page as .xlsx."""
    query = _query(request)
    rates = rates_for(query.area, query.year, era=query.era)
    dataset = tablib.Dataset(headers=[_("Loại đơn vị"), *[str(h) for h in RATE_HEADERS]])
    dataset.title = _("Tỷ lệ an toàn ANTT")
    for rate in rates:
        dataset.append([rate.label, *_rate_cells(rate)])
    dataset.append_separator(_title(query))
    return _xlsx(dataset, _filename("ty-le-an-toan-antt", query))


def _failed_text(unit) -> tuple[str, str]:
    assessment = unit.year_assessments[0] if unit.year_assessments else None
    if assessment is None:
        return _("Chưa đăng ký"), ""
    failed = "; ".join(
        f"{result.criterion.number}. {result.criterion.text}"
        for result in assessment.failed_results
    )
    return assessment.get_status_display(), failed


@login_required
@require_GET
def rates_drilldown_export(request: HttpRequest) -> HttpResponse:
    """The drill-down as .xlsx: the children × kinds (one kind when given), or a commune's
    units with their status and failed criteria."""
    query = _query(request)
    if child_level(query.area, query.era) is None:
        dataset = tablib.Dataset(
            headers=[
                _("Loại đơn vị"),
                _("Tên đơn vị"),
                _("Xã, phường"),
                _("Trạng thái"),
                _("Tiêu chí không đạt"),
            ]  # fmt: skip
        )
        for unit in units_for_rates(query.area, query.year, kind=query.kind):
            status, failed = _failed_text(unit)
            dataset.append([unit.get_kind_display(), unit.name, unit.commune_name, status, failed])
    else:
        dataset = tablib.Dataset(
            headers=[_("Địa bàn"), _("Mã"), _("Loại đơn vị"), *[str(h) for h in RATE_HEADERS]]
        )
        kinds = [query.kind] if query.kind else UnitKind.values
        for row in rates_by_child(query.area, query.year, query.era):
            for kind in kinds:
                code = row.unit.code if row.unit else ""
                rate = row.kinds[kind]
                dataset.append([row.name, code, rate.label, *_rate_cells(rate)])
    dataset.title = _("Chi tiết theo địa bàn")
    dataset.append_separator(_title(query))
    return _xlsx(dataset, _filename("ty-le-an-toan-antt-chi-tiet", query))
