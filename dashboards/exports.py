"""The dashboard as an .xlsx workbook: one sheet per table of the page (the five kinds, the
areas × kinds, the models by launching level and by status, the reports per schedule, the
tasks per organization), built from the same figures as the page (sections.py), so a number
in the workbook is the number on the screen."""

from __future__ import annotations

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from safety_ratings.models import UnitKind
from safety_ratings.selectors.rates import KindRate

from .sections import heat_rows, kind_cards, model_lines, report_lines, task_lines
from .selectors import Dashboard, DashboardQuery

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(query: DashboardQuery) -> str:
    """ "tong-quan-2025-90.xlsx"; the whole country is "toan-quoc"."""
    return f"tong-quan-{query.year}-{query.area.code or 'toan-quoc'}.xlsx"


def _rate_headers() -> list[str]:
    return [
        _("Thuộc diện đánh giá"),
        _("Đã đăng ký"),
        _("Đã tự đánh giá"),
        _("Được công nhận"),
        _("Tỷ lệ (%)"),
        _("Tỷ lệ năm trước (%)"),
        _("Thay đổi (điểm %)"),
    ]


def _rate_cells(rate: KindRate) -> list:
    """The figures as numbers (a rate without eligible units is empty, as "—" on the page)."""
    previous = rate.previous
    return [
        rate.eligible,
        rate.registered,
        rate.assessed,
        rate.recognised,
        float(rate.rate) if rate.eligible else None,
        float(previous.rate) if previous is not None and previous.eligible else None,
        float(rate.change) if rate.change is not None else None,
    ]


def _title(data: Dashboard) -> str:
    computed = timezone.localtime(data.ratings.computed_at)
    return _("Tổng quan năm %(year)s — %(area)s; tỷ lệ tính lúc %(at)s") % {
        "year": data.query.year,
        "area": data.query.area.name,
        "at": computed.strftime("%H:%M %d/%m/%Y"),
    }


def _kinds_sheet(data: Dashboard) -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("Loại đơn vị"), *_rate_headers()])
    sheet.title = _("Tỷ lệ theo loại đơn vị")
    for card in kind_cards(data):
        sheet.append([card.rate.label, *_rate_cells(card.rate)])
    sheet.append_separator(_title(data))
    return sheet


def _areas_sheet(data: Dashboard) -> tablib.Dataset:
    """The heat table's rows (the tree's order, the "other" row last), one line per kind."""
    sheet = tablib.Dataset(
        headers=[_("Địa bàn"), _("Mã đơn vị hành chính"), _("Loại đơn vị"), *_rate_headers()]
    )
    sheet.title = _("Theo địa bàn")
    for line in heat_rows(data):
        code = line.row.unit.code if line.row.unit else ""
        for kind in UnitKind.values:
            rate = line.row.kinds[kind]
            sheet.append([line.row.name, code, rate.label, *_rate_cells(rate)])
    return sheet


def _models_sheets(data: Dashboard) -> list[tablib.Dataset]:
    by_level, by_status = model_lines(data)
    day = data.models.date.strftime("%d/%m/%Y")
    levels = tablib.Dataset(headers=[_("Cấp phát động"), _("Số mô hình đang hoạt động")])
    levels.title = _("Mô hình theo cấp phát động")
    for line in by_level:
        levels.append([line.label, line.count])
    levels.append_separator(_("Tính đến ngày %(day)s") % {"day": day})
    statuses = tablib.Dataset(headers=[_("Trạng thái"), _("Số mô hình")])
    statuses.title = _("Mô hình theo trạng thái")
    for line in by_status:
        statuses.append([line.label, line.count])
    statuses.append_separator(_("Tính đến ngày %(day)s") % {"day": day})
    return [levels, statuses]


def _reports_sheet(data: Dashboard) -> tablib.Dataset:
    sheet = tablib.Dataset(
        headers=[
            _("Chế độ báo cáo"),
            _("Mẫu báo cáo"),
            _("Phải nộp"),
            _("Đã nộp"),
            _("Đúng hạn"),
            _("Nộp muộn"),
            _("Chưa nộp"),
        ]
    )
    sheet.title = _("Báo cáo theo chế độ")
    for line in report_lines(data):
        counts = line.counts
        sheet.append([line.schedule_name, line.form_name, counts.expected, counts.submitted,
                      counts.on_time, counts.late, counts.missing])  # fmt: skip
    total = data.reports_total
    sheet.append([_("Cộng"), "", total.expected, total.submitted, total.on_time, total.late,
                  total.missing])  # fmt: skip
    return sheet


def _tasks_sheet(data: Dashboard) -> tablib.Dataset:
    lines, total = task_lines(data)
    sheet = tablib.Dataset(
        headers=[_("Cơ quan"), *[cell.label for cell in total.cells], _("Tổng số")]
    )
    sheet.title = _("Nhiệm vụ theo cơ quan")
    for line in lines:
        sheet.append([line.name, *[cell.count for cell in line.cells], line.counts.total])
    sheet.append([_("Cộng"), *[cell.count for cell in total.cells], total.counts.total])
    return sheet


def dashboard_workbook(data: Dashboard) -> tablib.Databook:
    """Every table of the dashboard, one sheet each, headers in Vietnamese."""
    return tablib.Databook(
        [
            _kinds_sheet(data),
            _areas_sheet(data),
            *_models_sheets(data),
            _reports_sheet(data),
            _tasks_sheet(data),
        ]
    )
