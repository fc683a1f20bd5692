"""A year of reporting at a glance (the leaders' dashboard): each schedule with periods ending
in the year, and its figures for the periods that have begun, in an area."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from organizations.models import AdministrativeUnit, User

from ..models import ReportSchedule
from ..permissions import schedules_visible_to
from .completeness import Counts, completeness_obligations, counts_by


@dataclass
class ScheduleYear:
    schedule: ReportSchedule
    counts: Counts


def year_obligations(
    *, user: User, year: int, today: datetime.date, area: AdministrativeUnit | None = None
):
    """The obligations the year's figures count: periods ending in `year` that have begun
    (future periods owe nothing yet), the user's, in the area (both eras)."""
    return completeness_obligations(user=user, area=area).filter(
        period__end__year=year, period__start__lte=today
    )


def year_completeness(
    *, user: User, year: int, today: datetime.date, area: AdministrativeUnit | None = None
) -> list[ScheduleYear]:
    """Each schedule the user follows with obligations in the year, and its figures (expected,
    submitted, on time, late, missing, accepted) summed over the year's periods. Two queries
    (three the first time a request asks whether the user sees every obligation)."""
    obligations = year_obligations(user=user, year=year, today=today, area=area)
    counts = {
        row["key"]: Counts.from_row(row)
        for row in counts_by(obligations, "period__schedule_id", today=today)
    }
    # Only the schedules the person follows (as on the completeness overview): a committee's
    # own obligations to the province's schedule are on its list of reports, not here.
    schedules = schedules_visible_to(user).filter(pk__in=counts).select_related("form")
    return [
        ScheduleYear(schedule=schedule, counts=counts[schedule.pk])
        for schedule in schedules.order_by("-is_active", "name", "pk")
    ]


def year_total(lines: list[ScheduleYear]) -> Counts:
    total = Counts()
    for line in lines:
        total.add(line.counts)
    return total
