"""The dashboard's one-page summary (báo cáo tóm tắt tình hình … năm …): the five recognition
rates, the models, the reports and the tasks of a year in an area, as a snapshot and as the
context of its template.

The PDF is made from the snapshot, kept with it: the template's context is built from the
snapshot alone, so later changes to the data never change what was issued. Issuing is in
services.py; who may issue and read in permissions.py.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.parsing.dates import format_date_line
from models_registry.selectors.counts import counts_sentence
from organizations.models import Organization, RoleAssignment
from printing.letterhead import IssueHeader, report_letterhead
from printing.models import IssuedPdf
from printing.services import issued_pdfs_of
from safety_ratings.selectors.rates import number_text, percent_text, rate_of

from .permissions import SUMMARY_SOURCE_PREFIX
from .selectors import Dashboard, DashboardQuery

Role = RoleAssignment.Role
TEMPLATE_NAME = "dashboards/pdf/summary.html"
# The schedules and organizations named in the body as the most behind: a one-page summary.
BEHIND_NAMES_LIMIT = 3
# The whole country has no unit: its summaries are recorded under source id 0.
NATION_SOURCE_ID = 0


# -- which records ---------------------------------------------------------------------------


def summary_source(query: DashboardQuery) -> tuple[str, int]:
    """The record's source: one label per year, the area's unit (0 for the whole country), so
    each area-year numbers its own versions."""
    source_id = NATION_SOURCE_ID if query.area.pk is None else query.area.pk
    return f"{SUMMARY_SOURCE_PREFIX}.{query.year}", source_id


def summary_pdfs(query: DashboardQuery) -> QuerySet[IssuedPdf]:
    label, source_id = summary_source(query)
    return issued_pdfs_of(source_label=label, source_id=source_id)


# -- the snapshot -----------------------------------------------------------------------------


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def summary_title(query: DashboardQuery) -> str:
    """The summary line: "Tóm tắt tình hình … năm 2025 trên địa bàn tỉnh Lạng Sơn"."""
    where = (
        _("trên phạm vi toàn quốc")
        if query.area.is_nation
        else _("trên địa bàn %(area)s") % {"area": lower_first(query.area.name)}
    )
    return _(
        "Tóm tắt tình hình phong trào toàn dân bảo vệ an ninh Tổ quốc năm %(year)s %(where)s"
    ) % {"year": query.year, "where": where}


def _date_text(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _rates_part(data: Dashboard) -> list[dict]:
    rows = []
    for rate in data.ratings.kinds:
        previous = rate.previous
        rows.append({
            "kind": rate.kind,
            "label": rate.label,
            "eligible": rate.eligible,
            "registered": rate.registered,
            "assessed": rate.assessed,
            "recognised": rate.recognised,
            "rate": str(rate.rate),
            "rate_text": rate.rate_text,
            "sentence": rate.sentence,
            "previous_rate_text": previous.rate_text if previous and previous.eligible else "",
            "change_text": rate.change_text if rate.change is not None else "",
        })  # fmt: skip
    return rows


def _models_part(data: Dashboard) -> dict:
    models = data.models
    return {
        "day": models.date.isoformat(),
        "active": models.active,
        "retired": models.retired,
        "new_in_year": models.new_in_year,
        "retired_in_year": models.retired_in_year,
        "exemplary": models.exemplary,
        "sentence": counts_sentence(models),
        "by_level": [{"label": row.label, "count": row.count} for row in models.by_level],
    }


def _reports_part(data: Dashboard) -> dict:
    total = data.reports_total
    behind = sorted(
        (line for line in data.reports if line.counts.missing),
        key=lambda line: (-line.counts.missing, line.schedule.name),
    )
    return {
        "schedules": len(data.reports),
        "expected": total.expected,
        "submitted": total.submitted,
        "on_time": total.on_time,
        "late": total.late,
        "missing": total.missing,
        "overdue": total.overdue,
        "submitted_rate": total.submitted_rate_text,
        "behind": [
            {"name": line.schedule.name, "missing": line.counts.missing}
            for line in behind[:BEHIND_NAMES_LIMIT]
        ],
    }


def _tasks_part(data: Dashboard) -> dict:
    totals = data.task_totals
    overdue = sorted(
        (row for row in data.tasks if row.overdue),
        key=lambda row: (-row.overdue, row.organization_name),
    )
    return {
        "organizations": len(data.tasks),
        "done_on_time": totals.done_on_time,
        "done_late": totals.done_late,
        "in_progress": totals.in_progress,
        "overdue": totals.overdue,
        "total": totals.total,
        "most_overdue": [
            {"name": row.organization_name, "overdue": row.overdue}
            for row in overdue[:BEHIND_NAMES_LIMIT]
        ],
    }


def summary_snapshot(
    *,
    data: Dashboard,
    issuer: Organization,
    header: IssueHeader,
    today: datetime.date,
) -> dict:
    """The data the summary's PDF is made from, kept with it: the dashboard's figures as the
    issuing person sees them, and the clerk's header."""
    query = data.query
    area = query.area
    place = header.place.strip() or (
        (area.unit.short_name or area.unit.name)
        if area.unit is not None
        else ((issuer.unit.short_name or issuer.unit.name) if issuer.unit_id else "")
    )
    return {
        "year": query.year,
        "area_id": area.pk,
        "area_name": area.name,
        "area_code": area.code,
        "title": summary_title(query),
        "issuer": issuer.name,
        "parent_issuer": issuer.parent.name if issuer.parent_id else "",
        "number_symbol": header.number_symbol.strip(),
        "place": place,
        "as_of": today.isoformat(),
        "ratings_computed_at": timezone.localtime(data.ratings.computed_at).isoformat(),
        "authority": header.authority.strip(),
        "position": " ".join(header.position.split()),
        "signer_name": " ".join(header.signer_name.split()),
        "recipients": [r.strip() for r in header.recipients if r.strip()],
        "rates": _rates_part(data),
        "models": _models_part(data),
        "reports": _reports_part(data),
        "tasks": _tasks_part(data),
    }


# -- the PDF ----------------------------------------------------------------------------------


def _rate_line(rate: dict, previous_year: int) -> str:
    """ "2 / 3 khu dân cư — 66,67% (năm 2024: 50%; +16,67 điểm %)"."""
    if not rate["previous_rate_text"]:
        return rate["sentence"]
    return _("%(sentence)s (năm %(year)s: %(rate)s; %(change)s)") % {
        "sentence": rate["sentence"],
        "year": previous_year,
        "rate": rate["previous_rate_text"],
        "change": rate["change_text"],
    }


def _percent(part: int, whole: int) -> str:
    """ "75%": written as the rates are ("—" when there is nothing to count)."""
    return percent_text(rate_of(part, whole)) if whole else "—"


def _named(rows: list[dict], count_key: str) -> str:
    return "; ".join(f"{row['name']} ({number_text(row[count_key])})" for row in rows)


def summary_print_context(
    snapshot: dict, *, verification_code: str = "", verification_url: str = ""
) -> dict:
    """The context of dashboards/pdf/summary.html from a snapshot: the documented context of
    printing/pdf/official.html, plus the summary's parts, every number already written the
    Vietnamese way."""
    as_of = datetime.date.fromisoformat(snapshot["as_of"])
    year = snapshot["year"]
    models = snapshot["models"]
    reports = snapshot["reports"]
    tasks = snapshot["tasks"]
    letterhead = report_letterhead(
        snapshot,
        place_date_line=format_date_line(snapshot["place"] or "…", as_of),
        verification_code=verification_code,
        verification_url=verification_url,
    )
    return letterhead | {
        # The summary's own parts, worded in the template.
        "year": year,
        "area_name": snapshot["area_name"],
        "as_of_text": _date_text(as_of),
        "rate_lines": [
            _rate_line(rate, year - 1) for rate in snapshot["rates"] if rate["eligible"]
        ],
        "models_day_text": _date_text(datetime.date.fromisoformat(models["day"])),
        "models_sentence": models["sentence"],
        "models_new": number_text(models["new_in_year"]),
        "models_retired": number_text(models["retired_in_year"]),
        "models_exemplary": number_text(models["exemplary"]),
        "reports_any": bool(reports["expected"]),
        "reports_schedules": number_text(reports["schedules"]),
        "reports_expected": number_text(reports["expected"]),
        "reports_submitted": number_text(reports["submitted"]),
        "reports_rate": reports["submitted_rate"],
        "reports_on_time": number_text(reports["on_time"]),
        "reports_late": number_text(reports["late"]),
        "reports_missing": reports["missing"],
        "reports_missing_text": number_text(reports["missing"]),
        "reports_overdue": reports["overdue"],
        "reports_overdue_text": number_text(reports["overdue"]),
        "reports_behind": _named(reports["behind"], "missing"),
        "tasks_total": tasks["total"],
        "tasks_total_text": number_text(tasks["total"]),
        "tasks_organizations": number_text(tasks["organizations"]),
        "tasks_done_on_time": number_text(tasks["done_on_time"]),
        "tasks_done_late": number_text(tasks["done_late"]),
        "tasks_in_progress": number_text(tasks["in_progress"]),
        "tasks_overdue": number_text(tasks["overdue"]),
        "tasks_done_rate": _percent(tasks["done_on_time"] + tasks["done_late"], tasks["total"]),
        "tasks_most_overdue": _named(tasks["most_overdue"], "overdue"),
    }
