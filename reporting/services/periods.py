"""Reporting periods and obligations: data windows, deadlines, and who owes what.

Windows follow DOMAIN.md §7 (the 15th → the 14th by default, the cut-off day being set per
schedule); the deadline is counted from the window's end, so "trước ngày 10-12" with the
cut-off on 14/12 is an offset of −4 days. Periods are generated a year ahead by a monthly
beat job; generating twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.calendar import deadline_flags
from organizations.models import Organization, User

from ..models import Obligation, ReportingPeriod, ReportSchedule

PeriodKind = ReportSchedule.PeriodKind
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
HORIZON_DAYS = 366


@dataclass(frozen=True)
class Window:
    label: str
    start: datetime.date
    end: datetime.date


def _month_start(year: int, month: int, cutoff_day: int) -> datetime.date:
    """The day after the cut-off of the month before `month` (month 0 = December before)."""
    if month <= 0:
        year, month = year - 1, month + 12
    return datetime.date(year, month, cutoff_day) + datetime.timedelta(days=1)


def window_of(kind: str, year: int, index: int, cutoff_day: int = 14) -> Window:
    """The data window of one period: `index` is the month (1–12), the quarter (1–4), or 1 for
    half-years and years."""
    if kind == PeriodKind.MONTH:
        return Window(
            _("Tháng %(month)s/%(year)s") % {"month": index, "year": year},
            _month_start(year, index - 1, cutoff_day),
            datetime.date(year, index, cutoff_day),
        )
    if kind == PeriodKind.QUARTER:
        last = index * 3
        return Window(
            _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[index], "year": year},
            _month_start(year, last - 3, cutoff_day),
            datetime.date(year, last, cutoff_day),
        )
    if kind == PeriodKind.FIRST_HALF:
        return Window(
            _("6 tháng đầu năm %(year)s") % {"year": year},
            _month_start(year, 0, cutoff_day),
            datetime.date(year, 6, cutoff_day),
        )
    if kind == PeriodKind.SECOND_HALF:
        return Window(
            _("6 tháng cuối năm %(year)s") % {"year": year},
            _month_start(year, 6, cutoff_day),
            datetime.date(year, 12, cutoff_day),
        )
    if kind == PeriodKind.YEAR:
        return Window(
            _("Năm %(year)s") % {"year": year},
            _month_start(year, 0, cutoff_day),
            datetime.date(year, 12, cutoff_day),
        )
    raise ValueError(f"{kind} periods are set by hand, not computed")


def windows_between(
    kind: str, first: datetime.date, last: datetime.date, cutoff_day: int = 14
) -> list[Window]:
    """Every window of a recurring kind that ends between `first` and `last` (inclusive)."""
    indexes = {
        PeriodKind.MONTH: range(1, 13),
        PeriodKind.QUARTER: range(1, 5),
        PeriodKind.FIRST_HALF: range(1, 2),
        PeriodKind.SECOND_HALF: range(1, 2),
        PeriodKind.YEAR: range(1, 2),
    }[kind]
    windows = []
    for year in range(first.year, last.year + 2):
        for index in indexes:
            window = window_of(kind, year, index, cutoff_day)
            if first <= window.end <= last:
                windows.append(window)
    return windows


def _owes_for(organization: Organization, period: ReportingPeriod) -> bool:
    """An organization owes a period only if it existed during it."""
    started = organization.valid_from is None or organization.valid_from <= period.end
    ended = organization.valid_to is not None and organization.valid_to < period.start
    return started and not ended


def obligations_generate(*, period: ReportingPeriod) -> int:
    """One obligation per reporting organization that existed in the period (idempotent)."""
    reporters = period.schedule.reporters.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start),
    )
    existing = set(period.obligations.values_list("organization_id", flat=True))
    new = [
        Obligation(period=period, organization=organization, deadline=period.deadline)
        for organization in reporters
        if organization.pk not in existing and _owes_for(organization, period)
    ]
    Obligation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def periods_generate(
    *,
    schedule: ReportSchedule,
    today: datetime.date | None = None,
    since: datetime.date | None = None,
) -> int:
    """The schedule's periods ending from `since` (default: today) to a year ahead, and their
    obligations; returns how many periods are new. Topical and ad hoc periods are added by hand."""
    if schedule.period_kind not in ReportSchedule.RECURRING:
        return 0
    today = today or timezone.localdate()
    first = since or today
    created = 0
    for window in windows_between(
        schedule.period_kind, first, today + datetime.timedelta(days=HORIZON_DAYS),
        schedule.cutoff_day,
    ):  # fmt: skip
        period, is_new = ReportingPeriod.objects.get_or_create(
            schedule=schedule,
            start=window.start,
            end=window.end,
            defaults={
                "label": window.label,
                "deadline": window.end + datetime.timedelta(days=schedule.deadline_offset_days),
            },
        )
        created += is_new
        obligations_generate(period=period)
    return created


@transaction.atomic
def period_add(
    *,
    schedule: ReportSchedule,
    label: str,
    start: datetime.date,
    end: datetime.date,
    deadline: datetime.date,
) -> ReportingPeriod:
    """A topical or ad hoc period set by hand (báo cáo chuyên đề, đột xuất)."""
    if end < start:
        raise ValidationError({"end": _("Ngày cuối kỳ phải sau ngày đầu kỳ.")})
    if deadline < start:
        raise ValidationError({"deadline": _("Hạn nộp phải sau ngày đầu kỳ.")})
    if ReportingPeriod.objects.filter(schedule=schedule, start=start, end=end).exists():
        raise ValidationError(_("Chế độ báo cáo này đã có kỳ với cùng khoảng thời gian."))
    period = ReportingPeriod(
        schedule=schedule, label=label.strip(), start=start, end=end, deadline=deadline
    )
    period.full_clean()
    period.save()
    obligations_generate(period=period)
    return period


def deadline_warnings(schedule: ReportSchedule, periods: list[ReportingPeriod]) -> list[str]:
    """Deadlines that fall on a weekend or a public holiday, said to staff at set-up."""
    return [
        _("%(period)s: hạn %(day)s — %(flags)s")
        % {"period": period.label, "day": period.deadline.strftime("%d/%m/%Y"),
           "flags": "; ".join(flags)}
        for period in periods
        if (flags := deadline_flags(period.deadline))
    ]  # fmt: skip


SCHEDULE_FIELDS = [
    "form", "name", "period_kind", "cutoff_day", "deadline_offset_days", "reviewer",
    "directive_task", "reminder_days", "overdue_days", "is_active",
]  # fmt: skip


def _check_days(values, field: str) -> list[int]:
    try:
        days = sorted({int(value) for value in values}, reverse=True)
    except (TypeError, ValueError) as error:
        raise ValidationError({field: _("Ghi các số ngày, cách nhau bởi dấu phẩy.")}) from error
    if any(day < 0 or day > 60 for day in days):
        raise ValidationError({field: _("Số ngày nhắc phải từ 0 đến 60.")})
    return days


@transaction.atomic
def schedule_save(
    *,
    fields: dict,
    reporters: list[Organization],
    by: User | None,
    schedule: ReportSchedule | None = None,
    today: datetime.date | None = None,
) -> ReportSchedule:
    """Create or change a schedule, then generate its periods and obligations a year ahead."""
    unknown = set(fields) - set(SCHEDULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if schedule is None:
        schedule = ReportSchedule(created_by=by)
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.reminder_days = _check_days(schedule.reminder_days, "reminder_days")
    schedule.overdue_days = sorted(_check_days(schedule.overdue_days, "overdue_days"))
    if not schedule.form.versions.filter(published_at__isnull=False).exists():
        raise ValidationError({"form": _("Biểu mẫu chưa có phiên bản nào được phát hành.")})
    if not reporters:
        raise ValidationError({"reporters": _("Chọn ít nhất một đơn vị báo cáo.")})
    schedule.full_clean()
    schedule.save()
    schedule.reporters.set(reporters)
    periods_generate(schedule=schedule, today=today)
    return schedule


def periods_extend(*, today: datetime.date | None = None) -> int:
    """Keep every active schedule's periods a year ahead (the monthly beat job)."""
    return sum(
        periods_generate(schedule=schedule, today=today)
        for schedule in ReportSchedule.objects.filter(is_active=True)
    )
