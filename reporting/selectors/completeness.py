"""Who has reported: expected, submitted, on time, late and missing (DHIS2's reporting rates),
with denominators that follow each organization's validity (an obligation exists only for an
organization that existed in the period).

Định nghĩa (hiển thị trên trang bằng COMPLETENESS_DEFINITIONS):

- Phải nộp (expected): số nghĩa vụ báo cáo của kỳ. Nghĩa vụ chỉ được lập cho đơn vị còn hoạt
  động trong kỳ (``services.periods.obligations_generate``), nên đơn vị đã giải thể trước kỳ
  hoặc thành lập sau kỳ không nằm trong mẫu số và tỷ lệ không bao giờ vượt 100%.
- Đã nộp (submitted): nghĩa vụ đã nộp ít nhất một lần (kể cả báo cáo đang bị trả lại để sửa).
- Đúng hạn (on time): ngày nộp lần đầu (giờ Việt Nam) không muộn hơn hạn nộp; nộp muộn (late):
  đã nộp nhưng sau hạn. Báo cáo mở lại rồi nộp lại vẫn tính theo lần nộp đầu.
- Chưa nộp (missing): chưa nộp lần nào; quá hạn (overdue) khi hạn nộp đã qua.
- Đã chấp nhận (accepted): báo cáo đang ở trạng thái đã được chấp nhận.
- Tỷ lệ = số đơn vị / số phải nộp × 100, làm tròn nửa lên đến 2 chữ số thập phân.

Every figure is a COUNT … GROUP BY in SQL: a page runs a fixed number of queries whatever the
number of obligations.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, When, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import AdministrativeUnit, User
from organizations.permissions import scope_of, units_in_scope

from ..models import Obligation, ReportingPeriod, ReportSchedule
from ..permissions import obligations_visible_to, schedules_visible_to

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Names of the organizations behind shown on the overview, per period.
OVERVIEW_BEHIND_NAMES = 5

COMPLETENESS_DEFINITIONS = [
    (gettext_lazy("Phải nộp"), gettext_lazy(
        "Số đơn vị có nghĩa vụ báo cáo trong kỳ: chỉ các đơn vị còn hoạt động trong kỳ, nên đơn "
        "vị đã giải thể hoặc chưa thành lập không nằm trong mẫu số.")),
    (gettext_lazy("Đã nộp"), gettext_lazy(
        "Đã nộp ít nhất một lần, kể cả báo cáo đang bị trả lại để sửa.")),
    (gettext_lazy("Đúng hạn"), gettext_lazy(
        "Ngày nộp lần đầu không muộn hơn hạn nộp; báo cáo mở lại rồi nộp lại vẫn tính theo lần "
        "nộp đầu. Nộp muộn: đã nộp nhưng sau hạn.")),
    (gettext_lazy("Chưa nộp"), gettext_lazy(
        "Chưa nộp lần nào; quá hạn khi hạn nộp đã qua.")),
    (gettext_lazy("Tỷ lệ"), gettext_lazy(
        "Số đơn vị / số phải nộp × 100, làm tròn đến 2 chữ số thập phân.")),
]  # fmt: skip


@dataclass
class DigestFigures:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    overdue_rows: list[str] = field(default_factory=list)


def digest_figures(*, user: User, today: datetime.date, limit: int = 20) -> DigestFigures:
    """The weekly digest's figures for the user's area: never-submitted obligations."""
    open_obligations = obligations_visible_to(user).filter(
        first_submitted_at__isnull=True, period__schedule__is_active=True
    )
    totals = open_obligations.aggregate(
        open=Count("pk", filter=Q(deadline__lte=today + datetime.timedelta(days=31))),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
        due_soon=Count(
            "pk", filter=Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7))
        ),
    )
    overdue = (
        open_obligations.filter(deadline__lt=today)
        .select_related("organization", "period")
        .order_by("deadline", "organization__name")[:limit]
    )
    return DigestFigures(
        open=totals["open"],
        overdue=totals["overdue"],
        due_soon=totals["due_soon"],
        overdue_rows=[
            f"{o.organization.name} — {o.period.label} (hạn {o.deadline:%d/%m/%Y})" for o in overdue
        ],
    )


def obligation_status(obligation: Obligation, today: datetime.date) -> str:
    """submitted_on_time, submitted_late, overdue or open (not yet due)."""
    return _status_of(obligation.first_submitted_at, obligation.deadline, today)


def _status_of(
    first_submitted_at: datetime.datetime | None, deadline: datetime.date, today: datetime.date
) -> str:
    if first_submitted_at is not None:
        on_time = timezone.localdate(first_submitted_at) <= deadline
        return "submitted_on_time" if on_time else "submitted_late"
    return "overdue" if deadline < today else "open"


STATUS_LABELS = {
    "submitted_on_time": gettext_lazy("Nộp đúng hạn"),
    "submitted_late": gettext_lazy("Nộp muộn"),
    "overdue": gettext_lazy("Quá hạn, chưa nộp"),
    "open": gettext_lazy("Chưa đến hạn"),
}


# -- figures ----------------------------------------------------------------------------------


def number_text(value: int | Decimal) -> str:
    """ "3.321": grouped as the province writes it."""
    with translation.override("vi"):
        return formats.number_format(value, use_l10n=True, force_grouping=True)


def rate_of(part: int, whole: int) -> Decimal:
    """part / whole × 100, rounded half up to 2 decimals; 0 when nothing is expected."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, ROUND_HALF_UP)


def percent_text(rate: Decimal) -> str:
    """ "82,35%", "98,9%", "100%" (no trailing zeros)."""
    rate = rate.quantize(CENT)
    places = 2 if rate % Decimal("0.1") else (1 if rate % 1 else 0)
    with translation.override("vi"):
        return formats.number_format(rate, decimal_pos=places, use_l10n=True) + "%"


def ratio_text(part: int, whole: int) -> str:
    """ "14/17 — 82,35%" (a dash alone when nothing is expected)."""
    if not whole:
        return "—"
    return f"{number_text(part)}/{number_text(whole)} — {percent_text(rate_of(part, whole))}"


@dataclass
class Counts:
    """The reporting figures of a set of obligations."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    accepted: int = 0
    overdue: int = 0
    returned: int = 0

    @classmethod
    def from_row(cls, row: dict) -> Counts:
        return cls(**{name: row[name] for name in COUNT_NAMES})

    def add(self, other: Counts) -> None:
        for name in COUNT_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def not_yet_due(self) -> int:
        return self.missing - self.overdue

    @property
    def submitted_rate(self) -> Decimal:
        return rate_of(self.submitted, self.expected)

    @property
    def on_time_rate(self) -> Decimal:
        return rate_of(self.on_time, self.expected)

    @property
    def submitted_text(self) -> str:
        return ratio_text(self.submitted, self.expected)

    @property
    def on_time_text(self) -> str:
        return ratio_text(self.on_time, self.expected)

    @property
    def accepted_text(self) -> str:
        return ratio_text(self.accepted, self.expected)

    @property
    def submitted_rate_text(self) -> str:
        return percent_text(self.submitted_rate) if self.expected else "—"

    @property
    def on_time_rate_text(self) -> str:
        return percent_text(self.on_time_rate) if self.expected else "—"

    @property
    def is_behind(self) -> bool:
        return bool(self.missing or self.late)


COUNT_NAMES = ("expected", "submitted", "on_time", "accepted", "overdue", "returned")


def _count_aggregates(today: datetime.date) -> dict:
    """The COUNT(…) FILTER (…) of each figure; needs the `submitted_day` alias."""
    return {
        "expected": Count("pk"),
        "submitted": Count("pk", filter=Q(first_submitted_at__isnull=False)),
        "on_time": Count("pk", filter=Q(submitted_day__lte=F("deadline"))),
        "accepted": Count("pk", filter=Q(accepted_at__isnull=False)),
        "overdue": Count("pk", filter=Q(first_submitted_at__isnull=True, deadline__lt=today)),
        # Submitted once, sent back and not submitted again yet.
        "returned": Count(
            "pk", filter=Q(first_submitted_at__isnull=False, submitted_at__isnull=True)
        ),
    }


def with_submitted_day(queryset: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """Timeliness compares the local date of the first submission with the deadline."""
    return queryset.alias(
        submitted_day=TruncDate("first_submitted_at", tzinfo=timezone.get_current_timezone())
    )


def counts_of(queryset: QuerySet[Obligation], *, today: datetime.date) -> Counts:
    """One query: the figures of all the obligations of the queryset."""
    row = with_submitted_day(queryset).aggregate(**_count_aggregates(today))
    return Counts.from_row(row)


def counts_by(queryset: QuerySet[Obligation], key, *, today: datetime.date) -> QuerySet:
    """The figures grouped by `key` (a field name or an expression): one GROUP BY query of
    dicts with "key" and each count."""
    return (
        with_submitted_day(queryset)
        .annotate(key=F(key) if isinstance(key, str) else key)
        .values("key")
        .annotate(**_count_aggregates(today))
        .order_by()
    )


# -- areas ------------------------------------------------------------------------------------


def area_key(prefix: str = "organization__unit") -> Case:
    """The area an organization counts under: its unit, or for a commune-level organization the
    unit above (the district before 2025, the province after), so a province's table has one
    row per district or one for the province itself, not one per commune."""
    commune = When(**{f"{prefix}__level": AdministrativeUnit.Level.COMMUNE},
                   then=F(f"{prefix}__parent"))  # fmt: skip
    return Case(commune, default=F(prefix))


NO_AREA = gettext_lazy("Không thuộc địa bàn nào (cơ quan Trung ương)")


@dataclass
class AreaLine:
    unit: AdministrativeUnit | None
    counts: Counts

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else str(NO_AREA)

    @property
    def pk(self) -> int | None:
        return self.unit.pk if self.unit else None


def _area_units(keys: Iterable[int | None]) -> dict[int, AdministrativeUnit]:
    ids = [key for key in keys if key is not None]
    if not ids:
        return {}
    return {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=ids)}


def _sort_key_of_area(line: AreaLine) -> tuple:
    # Provinces first, then districts; the organizations without an area last.
    if line.unit is None:
        return (9, "")
    return (line.unit.level, line.unit.name)


def area_lines(queryset: QuerySet[Obligation], *, today: datetime.date) -> list[AreaLine]:
    """Two queries: the figures per area, and the areas' names."""
    rows = list(counts_by(queryset, area_key(), today=today))
    units = _area_units(row["key"] for row in rows)
    lines = [AreaLine(unit=units.get(row["key"]), counts=Counts.from_row(row)) for row in rows]
    return sorted(lines, key=_sort_key_of_area)


def obligations_in_area(
    queryset: QuerySet[Obligation], unit: AdministrativeUnit | None
) -> QuerySet[Obligation]:
    """The obligations of organizations under the unit, in both eras (an old district's
    committee is found under the 2025 province that took over its area)."""
    if unit is None:
        return queryset
    # Kept on the unit object: a page filters several querysets by the same area.
    unit_ids = getattr(unit, "_antq_units_both_eras", None)
    if unit_ids is None:
        unit_ids = unit._antq_units_both_eras = units_in_scope([unit])
    return queryset.filter(organization__unit_id__in=unit_ids)


# -- who sees what ----------------------------------------------------------------------------


def completeness_obligations(
    *,
    user: User,
    schedule: ReportSchedule | None = None,
    period: ReportingPeriod | None = None,
    area: AdministrativeUnit | None = None,
) -> QuerySet[Obligation]:
    """The obligations behind a completeness figure: the user's, of a schedule or a period,
    in an area."""

    def of_schedule(queryset: QuerySet[Obligation]) -> QuerySet[Obligation]:
        if period is not None:
            return queryset.filter(period=period)
        if schedule is not None:
            return queryset.filter(period__schedule=schedule)
        return queryset

    everything = of_schedule(Obligation.objects.all())
    visible = of_schedule(obligations_visible_to(user))
    # The provincial office usually sees every obligation of its schedules. Its scope is a
    # list of a thousand units or more, which every one of a page's ten or so queries would
    # carry and PostgreSQL would test row by row; one query first asks whether anything of
    # the period is hidden from the user, and when nothing is, the others go without it.
    # (Same rows either way.)
    # The answer is kept on the user object for the request, as scope_of keeps the scope.
    scope = scope_of(user)
    known = getattr(user, "_antq_sees_all_obligations", None)
    if known is None:
        known = user._antq_sees_all_obligations = {}
    key = (
        ("period", period.pk) if period is not None else ("schedule", getattr(schedule, "pk", None))
    )
    if key not in known:
        known[key] = scope.nationwide or bool(
            scope.roles and not everything.exclude(pk__in=visible.values("pk")).exists()
        )
    return obligations_in_area(everything if known[key] else visible, area)


def area_choices(
    queryset: QuerySet[Obligation], *, lines: list[AreaLine] | None = None
) -> list[AdministrativeUnit]:
    """The areas the obligations fall under (the rows of the per-area table), to filter by;
    taken from `lines` when the page has counted them without an area filter."""
    if lines is not None:
        return [line.unit for line in lines if line.unit is not None]
    keys = (
        queryset.annotate(key=area_key())
        .exclude(key__isnull=True)
        .values_list("key", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(
        AdministrativeUnit.objects.filter(pk__in=keys), key=lambda unit: (unit.level, unit.name)
    )


# -- the overview -----------------------------------------------------------------------------


@dataclass
class PeriodFigures:
    period: ReportingPeriod
    counts: Counts
    behind_names: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ScheduleLine:
    """A schedule on the overview: the period due next and the one due last."""

    schedule: ReportSchedule
    next_due: PeriodFigures | None
    last_due: PeriodFigures | None

    @property
    def rows(self) -> list[tuple[str, PeriodFigures]]:
        """(what the period is to today, its figures): the last one due first."""
        rows = []
        if self.last_due is not None:
            rows.append((_("Kỳ vừa hết hạn"), self.last_due))
        if self.next_due is not None:
            rows.append((_("Kỳ sắp đến hạn"), self.next_due))
        return rows


def completeness_overview(*, user: User, today: datetime.date) -> list[ScheduleLine]:
    """Every schedule the user follows, with its period due next and the last one due, their
    figures and the first names of those who have not reported. Four queries."""
    periods = ReportingPeriod.objects.filter(schedule=OuterRef("pk"))
    schedules = list(
        schedules_visible_to(user)
        .select_related("form", "reviewer")
        .annotate(
            next_due_id=Subquery(
                periods.filter(deadline__gte=today).order_by("deadline", "pk").values("pk")[:1]
            ),
            last_due_id=Subquery(
                periods.filter(deadline__lt=today).order_by("-deadline", "-pk").values("pk")[:1]
            ),
        )
        .order_by("-is_active", "name", "pk")
    )
    ids = {pk for s in schedules for pk in (s.next_due_id, s.last_due_id) if pk}
    by_period = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in=ids)}
    visible = obligations_visible_to(user).filter(period_id__in=ids)
    counts = {
        row["key"]: Counts.from_row(row) for row in counts_by(visible, "period_id", today=today)
    }
    names: dict[int, list[tuple[int, str]]] = {}
    behind = (
        visible.filter(first_submitted_at__isnull=True)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("period_id"),
                order_by=[F("organization__name").asc(), F("pk").asc()],
            )
        )  # fmt: skip
        .filter(rank__lte=OVERVIEW_BEHIND_NAMES)
        .values_list("period_id", "pk", "organization__name")
    )
    for period_id, pk, name in behind:
        names.setdefault(period_id, []).append((pk, name))

    def figures(pk: int | None) -> PeriodFigures | None:
        if pk is None:
            return None
        return PeriodFigures(
            period=by_period[pk], counts=counts.get(pk, Counts()), behind_names=names.get(pk, [])
        )

    return [
        ScheduleLine(schedule=s, next_due=figures(s.next_due_id), last_due=figures(s.last_due_id))
        for s in schedules
    ]


# -- one schedule across its periods -----------------------------------------------------------


@dataclass
class PeriodLine:
    period: ReportingPeriod
    counts: Counts


@dataclass
class ScheduleCompleteness:
    schedule: ReportSchedule
    year: int | None
    years: list[int]
    periods: list[PeriodLine]
    total: Counts
    areas: list[AreaLine]


def schedule_years(schedule: ReportSchedule, *, today: datetime.date) -> list[int]:
    """The years of the schedule's periods that have begun, latest first."""
    ends = (
        schedule.periods.filter(start__lte=today)
        .values_list("end__year", flat=True)
        .distinct()
        .order_by("-end__year")
    )
    return list(ends)


def schedule_obligations(
    *,
    user: User,
    schedule: ReportSchedule,
    year: int | None,
    today: datetime.date,
    area: AdministrativeUnit | None = None,
) -> QuerySet[Obligation]:
    """The obligations counted on a schedule's page: its periods of the year that have begun
    (future periods owe nothing yet)."""
    queryset = completeness_obligations(user=user, schedule=schedule, area=area).filter(
        period__start__lte=today
    )
    if year is not None:
        queryset = queryset.filter(period__end__year=year)
    return queryset


def schedule_completeness(
    *,
    user: User,
    schedule: ReportSchedule,
    year: int | None,
    today: datetime.date,
    area: AdministrativeUnit | None = None,
) -> ScheduleCompleteness:
    """A row per period of the year, the year's total and a row per area (six queries)."""
    obligations = schedule_obligations(
        user=user, schedule=schedule, year=year, today=today, area=area
    )
    periods = schedule.periods.filter(start__lte=today).order_by("-end", "-pk")
    if year is not None:
        periods = periods.filter(end__year=year)
    by_period = {
        row["key"]: Counts.from_row(row) for row in counts_by(obligations, "period_id", today=today)
    }
    lines = [PeriodLine(period=p, counts=by_period.get(p.pk, Counts())) for p in periods]
    total = Counts()
    for line in lines:
        total.add(line.counts)
    return ScheduleCompleteness(
        schedule=schedule,
        year=year,
        years=schedule_years(schedule, today=today),
        periods=lines,
        total=total,
        areas=area_lines(obligations, today=today),
    )


@dataclass
class OrganizationLine:
    organization_id: int
    name: str
    unit_name: str
    counts: Counts


def organization_counts(queryset: QuerySet[Obligation], *, today: datetime.date) -> QuerySet:
    """The figures per organization (one GROUP BY, to paginate), those most behind first."""
    return (
        with_submitted_day(queryset)
        .values("organization_id", "organization__name", "organization__unit__name")
        .annotate(**_count_aggregates(today))
        .annotate(missing=F("expected") - F("submitted"), late=F("submitted") - F("on_time"))
        .order_by("-missing", "-late", "organization__name", "organization_id")
    )


def organization_lines(rows: Iterable[dict]) -> list[OrganizationLine]:
    return [
        OrganizationLine(
            organization_id=row["organization_id"],
            name=row["organization__name"],
            unit_name=row["organization__unit__name"] or "",
            counts=Counts.from_row(row),
        )
        for row in rows
    ]


# -- one period -------------------------------------------------------------------------------


class Show:
    """Which obligations a period's list shows."""

    BEHIND = "behind"
    MISSING = "missing"
    OVERDUE = "overdue"
    LATE = "late"
    ON_TIME = "on_time"
    ACCEPTED = "accepted"
    ALL = "all"

    CHOICES = [
        (BEHIND, gettext_lazy("Chưa nộp hoặc nộp muộn")),
        (MISSING, gettext_lazy("Chưa nộp")),
        (OVERDUE, gettext_lazy("Quá hạn")),
        (LATE, gettext_lazy("Nộp muộn")),
        (ON_TIME, gettext_lazy("Đúng hạn")),
        (ACCEPTED, gettext_lazy("Đã chấp nhận")),
        (ALL, gettext_lazy("Tất cả")),
    ]
    VALUES = [value for value, _label in CHOICES]


def period_obligation_list(
    queryset: QuerySet[Obligation], *, show: str, today: datetime.date
) -> QuerySet[Obligation]:
    """The period's obligations of one kind, with their organization and report (one query
    per page): the names behind the figures."""
    queryset = with_submitted_day(queryset)
    late = Q(first_submitted_at__isnull=False) & ~Q(submitted_day__lte=F("deadline"))
    conditions = {
        Show.BEHIND: Q(first_submitted_at__isnull=True) | late,
        Show.MISSING: Q(first_submitted_at__isnull=True),
        Show.OVERDUE: Q(first_submitted_at__isnull=True, deadline__lt=today),
        Show.LATE: late,
        Show.ON_TIME: Q(submitted_day__lte=F("deadline")),
        Show.ACCEPTED: Q(accepted_at__isnull=False),
    }
    if show in conditions:
        queryset = queryset.filter(conditions[show])
    return queryset.select_related("organization__unit", "submission").order_by(
        F("first_submitted_at").asc(nulls_first=True), "organization__name", "pk"
    )


@dataclass
class PeriodCompleteness:
    period: ReportingPeriod
    counts: Counts
    areas: list[AreaLine]


def period_completeness(
    *,
    user: User,
    period: ReportingPeriod,
    today: datetime.date,
    area: AdministrativeUnit | None = None,
) -> PeriodCompleteness:
    """A period's figures and its rows per area (three queries)."""
    obligations = completeness_obligations(user=user, period=period, area=area)
    return PeriodCompleteness(
        period=period,
        counts=counts_of(obligations, today=today),
        areas=area_lines(obligations, today=today),
    )


def status_text(obligation: Obligation, today: datetime.date) -> str:
    """ "Nộp muộn", "Quá hạn, chưa nộp"…, for the period's list and its export."""
    return str(STATUS_LABELS[obligation_status(obligation, today)])


def days_late(obligation: Obligation, today: datetime.date) -> int:
    """Days past the deadline: of the first submission, or of today when never submitted."""
    return _days_late(obligation.first_submitted_at, obligation.deadline, today)


def _days_late(
    first_submitted_at: datetime.datetime | None, deadline: datetime.date, today: datetime.date
) -> int:
    day = timezone.localdate(first_submitted_at) if first_submitted_at is not None else today
    return max(0, (day - deadline).days)


@dataclass
class ObligationRow:
    """An obligation as plain values, for the export."""

    organization: str
    unit: str
    deadline: datetime.date
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    status: str
    days_late: int


def obligation_rows(
    queryset: QuerySet[Obligation], *, today: datetime.date
) -> Iterator[ObligationRow]:
    """Every obligation of the queryset in the list's order, streamed as plain values (one
    query; no model objects, so a province's thousands of rows export quickly)."""
    rows = period_obligation_list(queryset, show=Show.ALL, today=today).values_list(
        "organization__name", "organization__unit__name", "deadline", "first_submitted_at",
        "submitted_at", "accepted_at",
    )  # fmt: skip
    for name, unit, deadline, first, last, accepted in rows.iterator(chunk_size=2000):
        yield ObligationRow(
            organization=name,
            unit=unit or "",
            deadline=deadline,
            first_submitted_at=first,
            submitted_at=last,
            accepted_at=accepted,
            status=str(STATUS_LABELS[_status_of(first, deadline, today)]),
            days_late=_days_late(first, deadline, today),
        )
