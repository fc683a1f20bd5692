"""Completeness pages (tình hình nộp báo cáo): the overview of the schedules a person follows,
one schedule across its periods, one period with the names of those behind, and their .xlsx
exports.

Who: anyone with a role (a person without one gets 403); each sees the schedules of
schedules_visible_to (another schedule or period is a 404) and counts the obligations of
obligations_visible_to. The area filter takes a unit of the person's scope (else 404).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from organizations.models import AdministrativeUnit
from organizations.permissions import units_visible_to

from ..models import ReportingPeriod, ReportSchedule
from ..permissions import (
    can_decide_reopening,
    can_manage_forms,
    can_view_completeness,
    schedules_visible_to,
)
from ..selectors.completeness import (
    COMPLETENESS_DEFINITIONS,
    AreaLine,
    Counts,
    PeriodLine,
    Show,
    area_choices,
    completeness_obligations,
    completeness_overview,
    days_late,
    obligation_rows,
    organization_counts,
    organization_lines,
    period_completeness,
    period_obligation_list,
    schedule_completeness,
    schedule_obligations,
    schedule_years,
    status_text,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- shared by the completeness and consolidation pages ---------------------------------------


def require_viewer(request: HttpRequest) -> None:
    if not can_view_completeness(request.user):
        raise PermissionDenied


def area_of(request: HttpRequest) -> AdministrativeUnit | None:
    """The area asked for, within the person's scope (404 outside it); none: everything."""
    value = request.GET.get("area", "")
    if not value:
        return None
    try:
        pk = int(value)
    except ValueError as bad:
        raise Http404 from bad
    return get_object_or_404(units_visible_to(request.user), pk=pk)


def visible_schedule(request: HttpRequest, pk: int) -> ReportSchedule:
    require_viewer(request)
    return get_object_or_404(
        schedules_visible_to(request.user).select_related("form", "reviewer"), pk=pk
    )


def visible_period(request: HttpRequest, pk: int) -> ReportingPeriod:
    require_viewer(request)
    periods = ReportingPeriod.objects.filter(
        schedule__in=schedules_visible_to(request.user)
    ).select_related("schedule__form", "schedule__reviewer__unit", "schedule__reviewer__parent")
    return get_object_or_404(periods, pk=pk)


@dataclass
class Sheet:
    """One sheet of an export: a title, the header row and the rows."""

    title: str
    headers: list[str]
    rows: Iterable[Sequence] = ()
    note: str = ""


def xlsx_response(sheets: list[Sheet], filename: str) -> HttpResponse:
    """The sheets as an .xlsx download, written row by row (openpyxl's write-only mode keeps
    a 5,000-row export within a second or two)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = book.create_sheet(title=sheet.title[:31])
        header = []
        for text in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=str(text))
            cell.font = Font(bold=True)
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append(list(row))
        if sheet.note:
            worksheet.append([])
            worksheet.append([sheet.note])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class PageQuery:
    """The parameters a page keeps from link to link."""

    params: dict[str, str] = field(default_factory=dict)

    def url(self, name: str, *args, **changes) -> str:
        values = {**self.params, **{k: str(v) for k, v in changes.items()}}
        values = {k: v for k, v in values.items() if v not in ("", "None")}
        query = f"?{urlencode(values)}" if values else ""
        return f"{reverse(f'reporting:{name}', args=args)}{query}"


def _area_params(area: AdministrativeUnit | None) -> dict[str, str]:
    return {"area": str(area.pk)} if area else {}


@dataclass
class AreaRow:
    line: AreaLine
    url: str


def area_rows(lines: list[AreaLine], query: PageQuery, name: str, pk: int) -> list[AreaRow]:
    return [
        AreaRow(line=line, url=query.url(name, pk, area=line.pk) if line.pk else "")
        for line in lines
    ]


def _counts_cells(counts: Counts) -> list:
    return [
        counts.expected, counts.submitted, counts.on_time, counts.late, counts.missing,
        counts.overdue, counts.accepted, float(counts.submitted_rate),
        float(counts.on_time_rate),
    ]  # fmt: skip


def _counts_headers() -> list[str]:
    return [
        _("Phải nộp"), _("Đã nộp"), _("Đúng hạn"), _("Nộp muộn"), _("Chưa nộp"),
        _("Quá hạn"), _("Đã chấp nhận"), _("Tỷ lệ đã nộp (%)"), _("Tỷ lệ đúng hạn (%)"),
    ]  # fmt: skip


def _area_sheet(lines: list[AreaLine]) -> Sheet:
    return Sheet(
        title=_("Theo địa bàn"),
        headers=[_("Địa bàn"), *_counts_headers()],
        rows=[[line.name, *_counts_cells(line.counts)] for line in lines],
    )


# -- the overview -----------------------------------------------------------------------------


@login_required
@require_GET
def completeness_view(request: HttpRequest) -> HttpResponse:
    """Every schedule the person follows, its period due next and the last one due."""
    require_viewer(request)
    today = timezone.localdate()
    return render(
        request,
        "reporting/completeness.html",
        {
            "lines": completeness_overview(user=request.user, today=today),
            "today": today,
            "definitions": COMPLETENESS_DEFINITIONS,
            "can_manage_forms": can_manage_forms(request.user),
            "can_decide_reopening": can_decide_reopening(request.user),
        },
    )


# -- one schedule -----------------------------------------------------------------------------


def _year(request: HttpRequest, years: list[int]) -> int | None:
    """The year asked for when the schedule has periods in it, else its latest year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[0] if years else None


@dataclass
class PeriodRow:
    line: PeriodLine
    url: str
    consolidation_url: str


@login_required
@require_GET
def completeness_schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One schedule: a row per period of the year, per area and per organization."""
    schedule = visible_schedule(request, pk)
    area = area_of(request)
    today = timezone.localdate()
    year = _year(request, schedule_years(schedule, today=today))
    data = schedule_completeness(user=request.user, schedule=schedule, year=year, today=today,
                                 area=area)  # fmt: skip
    query = PageQuery({"year": str(year or ""), **_area_params(area)})
    rows = organization_counts(
        schedule_obligations(user=request.user, schedule=schedule, year=year, today=today,
                             area=area),
        today=today,
    )  # fmt: skip
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/completeness_schedule.html",
        {
            "schedule": schedule,
            "data": data,
            "year": year,
            "area": area,
            "areas": area_choices(
                completeness_obligations(user=request.user, schedule=schedule),
                lines=None if area else data.areas,
            ),
            "area_rows": area_rows(data.areas, query, "completeness-schedule", schedule.pk),
            "period_rows": [
                PeriodRow(
                    line=line,
                    url=PageQuery(_area_params(area)).url("completeness-period", line.period.pk),
                    consolidation_url=PageQuery(_area_params(area)).url(
                        "consolidation", line.period.pk
                    ),
                )
                for line in data.periods
            ],
            "page_obj": page,
            "organizations": organization_lines(page.object_list),
            "query": query,
            "export_url": query.url("completeness-schedule-export", schedule.pk),
            "all_areas_url": PageQuery({"year": str(year or "")}).url(
                "completeness-schedule", schedule.pk
            ),
            "definitions": COMPLETENESS_DEFINITIONS,
        },
    )


@login_required
@require_GET
def completeness_schedule_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule's page as .xlsx: per period, per area, per organization (all rows)."""
    schedule = visible_schedule(request, pk)
    area = area_of(request)
    today = timezone.localdate()
    year = _year(request, schedule_years(schedule, today=today))
    data = schedule_completeness(user=request.user, schedule=schedule, year=year, today=today,
                                 area=area)  # fmt: skip
    rows = organization_counts(
        schedule_obligations(user=request.user, schedule=schedule, year=year, today=today,
                             area=area),
        today=today,
    )  # fmt: skip
    sheets = [
        Sheet(
            title=_("Theo kỳ"),
            headers=[_("Kỳ báo cáo"), _("Từ ngày"), _("Đến ngày"), _("Hạn nộp"),
                     *_counts_headers()],
            rows=[
                *([line.period.label, line.period.start, line.period.end, line.period.deadline,
                   *_counts_cells(line.counts)] for line in data.periods),
                [_("Cộng"), None, None, None, *_counts_cells(data.total)],
            ],
        ),
        _area_sheet(data.areas),
        Sheet(
            title=_("Theo đơn vị"),
            headers=[_("Đơn vị báo cáo"), _("Địa bàn"), *_counts_headers()],
            rows=([line.name, line.unit_name, *_counts_cells(line.counts)]
                  for line in organization_lines(rows.iterator(chunk_size=2000))),
        ),
    ]  # fmt: skip
    return xlsx_response(sheets, f"tinh-hinh-nop-bao-cao-{schedule.pk}-{year or 'tat-ca'}.xlsx")


# -- one period -------------------------------------------------------------------------------


def _show(request: HttpRequest) -> str:
    show = request.GET.get("show", Show.BEHIND)
    return show if show in Show.VALUES else Show.BEHIND


@dataclass
class ObligationLine:
    obligation: object
    status: str
    days_late: int


@login_required
@require_GET
def completeness_period_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One period: its figures, per area, and the organizations by status, those behind first
    (each name links to its obligation)."""
    period = visible_period(request, pk)
    area = area_of(request)
    today = timezone.localdate()
    show = _show(request)
    data = period_completeness(user=request.user, period=period, today=today, area=area)
    obligations = completeness_obligations(user=request.user, period=period, area=area)
    page = Paginator(
        period_obligation_list(obligations, show=show, today=today), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = PageQuery({"show": show, **_area_params(area)})
    tab_counts = {
        Show.BEHIND: data.counts.missing + data.counts.late,
        Show.MISSING: data.counts.missing,
        Show.OVERDUE: data.counts.overdue,
        Show.LATE: data.counts.late,
        Show.ON_TIME: data.counts.on_time,
        Show.ACCEPTED: data.counts.accepted,
        Show.ALL: data.counts.expected,
    }
    context = {
        "period": period,
        "schedule": period.schedule,
        "data": data,
        "area": area,
        "areas": area_choices(
            completeness_obligations(user=request.user, period=period),
            lines=None if area else data.areas,
        ),
        "area_rows": area_rows(data.areas, query, "completeness-period", period.pk),
        "show": show,
        "tabs": [
            (
                value,
                label,
                tab_counts[value],
                query.url("completeness-period", period.pk, show=value, page=""),
            )
            for value, label in Show.CHOICES
        ],  # fmt: skip
        "page_obj": page,
        "lines": [
            ObligationLine(
                obligation=o, status=status_text(o, today), days_late=days_late(o, today)
            )
            for o in page.object_list
        ],
        "query": query,
        "today": today,
        "export_url": query.url("completeness-period-export", period.pk),
        "consolidation_url": PageQuery(_area_params(area)).url("consolidation", period.pk),
        "schedule_url": PageQuery({"year": str(period.end.year), **_area_params(area)}).url(
            "completeness-schedule", period.schedule_id
        ),
        "all_areas_url": PageQuery({"show": show}).url("completeness-period", period.pk),
        "definitions": COMPLETENESS_DEFINITIONS,
    }
    template = (
        "reporting/partials/completeness_obligations.html"
        if request.htmx
        else "reporting/completeness_period.html"
    )
    return render(request, template, context)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Excel has no time zones: write the local time, without its zone.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


@login_required
@require_GET
def completeness_period_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The period as .xlsx: every organization with its status, and the figures per area."""
    period = visible_period(request, pk)
    area = area_of(request)
    today = timezone.localdate()
    data = period_completeness(user=request.user, period=period, today=today, area=area)
    obligations = completeness_obligations(user=request.user, period=period, area=area)
    sheets = [
        Sheet(
            title=_("Tóm tắt"),
            headers=[_("Kỳ báo cáo"), *_counts_headers()],
            rows=[[period.label, *_counts_cells(data.counts)]],
        ),
        _area_sheet(data.areas),
        Sheet(
            title=_("Từng đơn vị"),
            headers=[
                _("Đơn vị báo cáo"), _("Địa bàn"), _("Hạn nộp"), _("Nộp lần đầu"),
                _("Nộp gần nhất"), _("Chấp nhận"), _("Tình trạng"), _("Số ngày muộn"),
            ],
            rows=(
                [row.organization, row.unit, row.deadline, _local(row.first_submitted_at),
                 _local(row.submitted_at), _local(row.accepted_at), row.status, row.days_late]
                for row in obligation_rows(obligations, today=today)
            ),
        ),
    ]  # fmt: skip
    return xlsx_response(sheets, f"tinh-hinh-nop-bao-cao-ky-{period.pk}.xlsx")
