"""Deadlines on the calendar: occurrences of recurring deadlines, weekends and public holidays.

Deadlines count in calendar days (DOMAIN.md §3); a deadline that falls on a weekend or a
Vietnamese public holiday (Tết included, from the `holidays` package) is flagged, not moved.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

WEEKDAY_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}
DURATION_PATTERN = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?$"
)
PERIOD_NAMES = ("month", "quarter", "half-year", "year")
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@lru_cache(maxsize=64)
def _vietnam_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


def deadline_flags(day: datetime.date | None) -> list[str]:
    """Why a deadline day may be a day off: weekend, public holiday (in Vietnamese)."""
    if day is None:
        return []
    flags = []
    if day.weekday() in WEEKDAY_NAMES:
        flags.append(_("Hạn rơi vào %s") % WEEKDAY_NAMES[day.weekday()])
    holiday_name = _vietnam_holidays(day.year).get(day)
    if holiday_name:
        flags.append(_("Hạn trùng ngày nghỉ: %s") % holiday_name)
    return flags


def add_duration(start: datetime.date, duration: str) -> datetime.date:
    """start + an ISO 8601 duration of years, months, weeks and days ("P30D", "P3M")."""
    match = DURATION_PATTERN.match(duration or "")
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"not an ISO 8601 date duration: {duration!r}")
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    months = start.month - 1 + parts["months"] + 12 * parts["years"]
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, month_calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) + datetime.timedelta(
        weeks=parts["weeks"], days=parts["days"]
    )


@dataclass(frozen=True)
class Occurrence:
    due_date: datetime.date | None
    label: str


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, month_calendar.monthrange(year, month)[1])


def _periods_of_year(period: str, year: int) -> list[Occurrence]:
    if period == "month":
        return [
            Occurrence(_month_end(year, m), _("Tháng %(m)d/%(y)d") % {"m": m, "y": year})
            for m in range(1, 13)
        ]
    if period == "quarter":
        return [
            Occurrence(
                _month_end(year, 3 * q), _("Quý %(q)s/%(y)d") % {"q": ROMAN_QUARTERS[q], "y": year}
            )
            for q in range(1, 5)
        ]
    if period == "half-year":
        return [
            Occurrence(datetime.date(year, 6, 30), _("6 tháng đầu năm %d") % year),
            Occurrence(datetime.date(year, 12, 31), _("6 tháng cuối năm %d") % year),
        ]
    if period == "year":
        return [Occurrence(datetime.date(year, 12, 31), _("Năm %d") % year)]
    raise ValueError(f"unknown period {period!r}")


def occurrences_for(
    *, kind: str, value: str, issue_date: datetime.date | None, until_year: int
) -> list[Occurrence]:
    """The deadlines a task's assignee must meet, from its issue date through `until_year`.

    A yearly or periodic deadline gives one occurrence per period (merged when two periods
    end on the same day, e.g. the second half and the year); an ongoing task gives one with
    no date.
    """
    start = issue_date or datetime.date(until_year, 1, 1)
    if kind == "date":
        return [Occurrence(datetime.date.fromisoformat(value), "")]
    if kind == "relative":
        return [Occurrence(add_duration(start, value), "")]
    if kind == "yearly":
        month, day = (int(part) for part in value.split("-"))
        result = []
        for year in range(start.year, until_year + 1):
            last_day = month_calendar.monthrange(year, month)[1]
            due = datetime.date(year, month, min(day, last_day))
            if due >= start:
                result.append(Occurrence(due, _("Năm %d") % year))
        return result
    if kind == "periodic":
        by_date: dict[datetime.date, list[str]] = {}
        for period in value.split("+"):
            for year in range(start.year, until_year + 1):
                for occurrence in _periods_of_year(period.strip(), year):
                    if occurrence.due_date >= start:
                        by_date.setdefault(occurrence.due_date, []).append(occurrence.label)
        return [Occurrence(due, "; ".join(labels)) for due, labels in sorted(by_date.items())]
    # Ongoing (thường xuyên) or not yet known: one occurrence without a deadline.
    return [Occurrence(None, _("Thường xuyên") if kind == "ongoing" else "")]
