"""Reads of the reporting schedules: the list, one schedule with its periods, one period with
its obligations, and the first deadlines a schedule's settings give (shown while typing)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from directives.calendar import deadline_flags
from directives.models import DocumentTask
from directives.permissions import documents_visible_to
from organizations.models import Organization, User
from organizations.permissions import filter_by_scope

from ..models import Obligation, ReportForm, ReportingPeriod, ReportSchedule
from ..permissions import forms_editable_by, obligations_visible_to, schedules_visible_to
from ..services.periods import HORIZON_DAYS, windows_between
from .completeness import obligation_status

PeriodKind = ReportSchedule.PeriodKind
STATUS_LABELS = {
    "submitted_on_time": _("Đã nộp đúng hạn"),
    "submitted_late": _("Đã nộp muộn"),
    "overdue": _("Quá hạn, chưa nộp"),
    "open": _("Chưa đến hạn"),
}
STATUS_BADGES = {
    "submitted_on_time": "text-bg-success",
    "submitted_late": "text-bg-warning",
    "overdue": "text-bg-danger",
    "open": "text-bg-secondary",
}


def schedule_list(*, user: User, today: datetime.date) -> QuerySet[ReportSchedule]:
    """The schedules the user sees, with how many report and the next deadline."""
    return (
        schedules_visible_to(user)
        .select_related("form", "reviewer")
        .annotate(
            reporter_count=Count("reporters", distinct=True),
            next_deadline=Min("periods__deadline", filter=Q(periods__deadline__gte=today)),
        )
        .order_by("-is_active", "name", "pk")
    )


def schedule_detail(*, user: User, pk: int) -> ReportSchedule:
    return (
        schedules_visible_to(user)
        .select_related("form", "reviewer", "directive_task__document", "created_by")
        .prefetch_related("reporters")
        .get(pk=pk)
    )


@dataclass
class PeriodRow:
    period: ReportingPeriod
    flags: list[str]


def schedule_periods(schedule: ReportSchedule) -> list[PeriodRow]:
    """The schedule's periods, newest first, with their obligations counted and the weekend
    or holiday on which a deadline falls."""
    periods = schedule.periods.annotate(
        obligation_count=Count("obligations", distinct=True),
        submitted_count=Count(
            "obligations", filter=Q(obligations__first_submitted_at__isnull=False), distinct=True
        ),
    ).order_by("-end", "-pk")
    return [PeriodRow(period=period, flags=deadline_flags(period.deadline)) for period in periods]


def deadline_rule(schedule: ReportSchedule) -> str:
    """The deadline as the office says it: "4 ngày trước ngày chốt số liệu"."""
    days = schedule.deadline_offset_days
    if days < 0:
        return _("%(days)s ngày trước ngày chốt số liệu") % {"days": -days}
    if days > 0:
        return _("%(days)s ngày sau ngày chốt số liệu") % {"days": days}
    return _("Đúng ngày chốt số liệu")


def periods_visible_to(user: User) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(schedule__in=schedules_visible_to(user)).select_related(
        "schedule", "schedule__form", "schedule__reviewer", "schedule__directive_task__document"
    )


def _obligation_pages_exist() -> bool:
    """Whether the submissions part has declared an obligation's page; until it has, the
    period page lists the obligations without links."""
    try:
        reverse("reporting:obligation-detail", args=[1])
    except NoReverseMatch:
        return False
    return True


@dataclass
class ObligationRow:
    obligation: Obligation
    status: str
    status_label: str
    badge: str
    submission_status: str
    url: str | None


def period_obligations(
    *, user: User, period: ReportingPeriod, today: datetime.date
) -> list[ObligationRow]:
    """The period's obligations the user sees, by organization, with their status."""
    obligations = (
        obligations_visible_to(user)
        .filter(period=period)
        .select_related("organization", "submission")
        .order_by("organization__name", "pk")
    )
    linked = _obligation_pages_exist()
    rows = []
    for obligation in obligations:
        status = obligation_status(obligation, today)
        submission = getattr(obligation, "submission", None)
        rows.append(
            ObligationRow(
                obligation=obligation,
                status=status,
                status_label=STATUS_LABELS[status],
                badge=STATUS_BADGES[status],
                submission_status=submission.get_status_display() if submission else "",
                url=(
                    reverse("reporting:obligation-detail", args=[obligation.pk]) if linked else None
                ),
            )
        )
    return rows


def status_counts(rows: list[ObligationRow]) -> dict[str, int]:
    """How many obligations of the rows are in each status (the period page's summary)."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


@dataclass
class DeadlineLine:
    label: str
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    flags: list[str] = field(default_factory=list)


def deadline_preview(
    *, kind: str, cutoff_day: int, offset_days: int, today: datetime.date, count: int = 4
) -> list[DeadlineLine]:
    """The first periods a recurring schedule with these settings would generate from today:
    "Năm 2026: 15/12/2025 → 14/12/2026, hạn 10/12/2026"."""
    if kind not in ReportSchedule.RECURRING:
        return []
    windows = windows_between(
        kind, today, today + datetime.timedelta(days=HORIZON_DAYS), cutoff_day
    )[:count]
    lines = []
    for window in windows:
        deadline = window.end + datetime.timedelta(days=offset_days)
        lines.append(
            DeadlineLine(window.label, window.start, window.end, deadline, deadline_flags(deadline))
        )
    return lines


# --- Choices of the schedule form ------------------------------------------------------------


def schedule_form_choices(user: User) -> QuerySet[ReportForm]:
    return forms_editable_by(user).filter(is_active=True).order_by("name", "pk")


def schedule_organization_choices(user: User) -> QuerySet[Organization]:
    """Reviewers and reporters: the organizations of the user's area and their own."""
    return filter_by_scope(
        Organization.objects.all(), user, unit_field="unit", organization_field="pk"
    ).order_by("name", "pk")


def schedule_task_choices(user: User) -> QuerySet[DocumentTask]:
    """Tasks of the register's documents the user sees, newest documents first."""
    return (
        DocumentTask.objects.filter(document__in=documents_visible_to(user))
        .select_related("document")
        .order_by("-document__issue_date", "-document__pk", "order", "pk")
    )
