"""Consolidation (tổng hợp số liệu): a period's figures added up across the organizations that
reported, field by field, as each field says (sum, average or none), with per-area subtotals,
the organizations missing, and the text answers listed per organization.

By default the table counts reports submitted and those accepted (a report waiting for review
is counted, so the province sees the figures as soon as they arrive); on request it counts only
accepted reports. The page says which.

Figures are matched across form versions by their code (a code stays the same across versions,
FormField's docstring); the label, unit and aggregation are those of the newest published
version that has the code. Every total is a SUM/AVG … GROUP BY in SQL, so the page runs a fixed
number of queries whatever the number of reports and figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import AdministrativeUnit, User

from ..models import FigureValue, FormField, Obligation, ReportingPeriod, Submission
from .completeness import area_key, completeness_obligations

Status = Submission.Status
Kind = FormField.Kind
Aggregation = FormField.Aggregation

# Names listed on the page; the export lists every one.
MISSING_LIMIT = 200
TEXT_LIMIT = 30
AVERAGE_PLACES = 2


def included_statuses(accepted_only: bool) -> tuple[str, ...]:
    return (Status.ACCEPTED,) if accepted_only else (Status.SUBMITTED, Status.ACCEPTED)


def basis_text(accepted_only: bool) -> str:
    """What the figures include, said on the page and in the printed report."""
    if accepted_only:
        return _("Số liệu chỉ gồm các báo cáo đã được chấp nhận.")
    return _("Số liệu gồm các báo cáo đã được chấp nhận và các báo cáo đã nộp, đang chờ duyệt.")


def value_text(value: Decimal | None, places: int) -> str:
    """ "3.321", "94,75": as the province writes figures."""
    if value is None:
        return "—"
    with translation.override("vi"):
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@dataclass
class AreaColumn:
    key: int | None
    unit: AdministrativeUnit | None

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else _("Không thuộc địa bàn")


@dataclass
class FigureTotal:
    """One figure of the consolidated table."""

    field: FormField
    total: Decimal | None = None
    reported: int = 0
    by_area: list[Decimal | None] = field(default_factory=list)

    @property
    def aggregation(self) -> str:
        return self.field.aggregation

    @property
    def aggregation_label(self) -> str:
        return str(Aggregation(self.field.aggregation).label)

    @property
    def places(self) -> int:
        if self.field.aggregation == Aggregation.AVERAGE:
            return max(self.field.decimal_places, AVERAGE_PLACES)
        return self.field.decimal_places

    @property
    def total_text(self) -> str:
        if self.field.aggregation == Aggregation.NONE:
            return ""
        return value_text(self.total, self.places)

    @property
    def area_texts(self) -> list[str]:
        if self.field.aggregation == Aggregation.NONE:
            return ["" for _value in self.by_area]
        return [value_text(value, self.places) for value in self.by_area]


@dataclass
class FigureSection:
    title: str
    figures: list[FigureTotal]


@dataclass
class MissingLine:
    obligation_id: int
    organization: str
    unit: str
    reason: str
    overdue: bool
    # Submitted at some time (returned since, or waiting for review when only accepted
    # reports count), as opposed to never submitted.
    submitted_once: bool


@dataclass
class TextItem:
    obligation_id: int
    organization: str
    text: str


@dataclass
class TextGroup:
    label: str
    count: int
    items: list[TextItem]

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Consolidation:
    period: ReportingPeriod
    accepted_only: bool
    by_area: bool
    expected: int
    accepted: int
    pending: int
    sections: list[FigureSection]
    areas: list[AreaColumn]
    missing: list[MissingLine]
    missing_count: int
    texts: list[TextGroup]

    @property
    def included(self) -> int:
        return self.accepted if self.accepted_only else self.accepted + self.pending

    @property
    def basis(self) -> str:
        return basis_text(self.accepted_only)

    @property
    def figures(self) -> list[FigureTotal]:
        return [figure for section in self.sections for figure in section.figures]

    @property
    def missing_more(self) -> int:
        return self.missing_count - len(self.missing)


def reference_fields(period: ReportingPeriod) -> list[FormField]:
    """One field per code: the newest published version's, in the form's order, then codes
    found only in older versions (one query)."""
    fields = (
        FormField.objects.filter(
            section__version__form_id=period.schedule.form_id,
            section__version__published_at__isnull=False,
        )
        .select_related("section__version")
        .order_by("-section__version__number", "section__order", "section__pk", "order", "pk")
    )
    chosen: dict[str, FormField] = {}
    for form_field in fields:
        chosen.setdefault(form_field.code, form_field)
    return list(chosen.values())


def _missing_reason(obligation: Obligation, accepted_only: bool) -> str:
    submission = getattr(obligation, "submission", None)
    if submission is None:
        return _("Chưa lập báo cáo")
    if submission.status == Status.DRAFT:
        return _("Đang soạn, chưa nộp")
    if submission.status == Status.RETURNED:
        return _("Bị trả lại, chưa nộp lại")
    if submission.status == Status.SUBMITTED and accepted_only:
        return _("Đã nộp, chưa được chấp nhận")
    return str(submission.get_status_display())


def missing_obligations(
    obligations: QuerySet[Obligation], *, accepted_only: bool
) -> QuerySet[Obligation]:
    """The obligations whose figures are not in the table."""
    return (
        obligations.exclude(submission__status__in=included_statuses(accepted_only))
        .select_related("organization__unit", "submission")
        .order_by("organization__name", "pk")
    )


def missing_lines(
    obligations: QuerySet[Obligation], *, accepted_only: bool, today, limit: int | None
) -> list[MissingLine]:
    rows = missing_obligations(obligations, accepted_only=accepted_only)
    if limit is not None:
        rows = rows[:limit]
    return [
        MissingLine(
            obligation_id=o.pk,
            organization=o.organization.name,
            unit=o.organization.unit.name if o.organization.unit_id else "",
            reason=_missing_reason(o, accepted_only),
            overdue=o.first_submitted_at is None and o.deadline < today,
            submitted_once=o.first_submitted_at is not None,
        )
        for o in rows
    ]


def included_values(
    obligations: QuerySet[Obligation], *, accepted_only: bool
) -> QuerySet[FigureValue]:
    """The answers of the reports the table counts."""
    return FigureValue.objects.filter(
        submission__obligation__in=obligations.values("pk"),
        submission__status__in=included_statuses(accepted_only),
    )


def _totals(values: QuerySet[FigureValue], *, by_area: bool) -> QuerySet:
    keys = ["field__code"]
    queryset = values.filter(field__kind=Kind.FIGURE)
    if by_area:
        queryset = queryset.annotate(area=area_key("submission__obligation__organization__unit"))
        keys.append("area")
    return (
        queryset.values(*keys)
        .annotate(total=Sum("number"), average=Avg("number"), reported=Count("number"))
        .order_by()
    )


def _aggregate_of(form_field: FormField, row: dict | None) -> Decimal | None:
    if row is None or form_field.aggregation == Aggregation.NONE:
        return None
    if form_field.aggregation == Aggregation.AVERAGE:
        return row["average"]
    return row["total"]


def _ranked(queryset: QuerySet, *, partition: str | None, name: str) -> QuerySet:
    """Rows numbered by organization name (within `partition`), with their group's size, so
    a page takes the first few of each group and its count in one query."""
    partition_by = [F(partition)] if partition else None
    return queryset.annotate(
        rank=Window(RowNumber(), partition_by=partition_by,
                    order_by=[F(name).asc(), F("pk").asc()]),
        group_size=Window(Count("pk"), partition_by=partition_by),
    )  # fmt: skip


def _text_groups(
    values: QuerySet[FigureValue], obligations: QuerySet[Obligation], *, accepted_only: bool,
    fields: list[FormField], limit: int | None,
) -> list[TextGroup]:  # fmt: skip
    """The text answers per field, the first `limit` of each on the page (every one in the
    export; none for limit 0): two queries, whatever the number of reports."""
    if limit == 0:
        return []
    texts = _ranked(
        values.filter(field__kind=Kind.TEXT).exclude(text=""),
        partition="field__code", name="submission__obligation__organization__name",
    )  # fmt: skip
    summaries = _ranked(
        Submission.objects.filter(
            obligation__in=obligations.values("pk"), status__in=included_statuses(accepted_only)
        ).exclude(summary=""),
        partition=None, name="obligation__organization__name",
    )  # fmt: skip
    if limit is not None:
        texts = texts.filter(rank__lte=limit)
        summaries = summaries.filter(rank__lte=limit)
    groups = []
    summary_items = [
        (TextItem(o_id, name, text), size)
        for o_id, name, text, size in summaries.order_by("rank").values_list(
            "obligation_id", "obligation__organization__name", "summary", "group_size")
    ]  # fmt: skip
    if summary_items:
        groups.append(TextGroup(label=_("Nội dung báo cáo (phần lời)"),
                                count=summary_items[0][1],
                                items=[item for item, _size in summary_items]))  # fmt: skip
    items: dict[str, list[TextItem]] = {}
    counts: dict[str, int] = {}
    for code, obligation_id, name, text, size in texts.order_by("rank").values_list(
        "field__code", "submission__obligation_id", "submission__obligation__organization__name",
        "text", "group_size",
    ):  # fmt: skip
        items.setdefault(code, []).append(TextItem(obligation_id, name, text))
        counts[code] = size
    for form_field in fields:
        if form_field.kind == Kind.TEXT and counts.get(form_field.code):
            groups.append(
                TextGroup(
                    label=form_field.label,
                    count=counts[form_field.code],
                    items=items.get(form_field.code, []),
                )
            )
    return groups


def consolidation(
    *,
    user: User,
    period: ReportingPeriod,
    accepted_only: bool = False,
    by_area: bool = False,
    area: AdministrativeUnit | None = None,
    today,
    missing_limit: int | None = MISSING_LIMIT,
    text_limit: int | None = TEXT_LIMIT,
) -> Consolidation:
    """The consolidated table of a period for what the user sees (in an area): about ten
    queries whatever the number of reports."""
    obligations = completeness_obligations(user=user, period=period, area=area)
    counts = obligations.aggregate(
        expected=Count("pk"),
        accepted=Count("pk", filter=Q(submission__status=Status.ACCEPTED)),
        pending=Count("pk", filter=Q(submission__status=Status.SUBMITTED)),
    )
    values = included_values(obligations, accepted_only=accepted_only)
    fields = reference_fields(period)
    totals = {row["field__code"]: row for row in _totals(values, by_area=False)}
    areas: list[AreaColumn] = []
    area_rows: dict[tuple[str, int | None], dict] = {}
    if by_area:
        for row in _totals(values, by_area=True):
            area_rows[(row["field__code"], row["area"])] = row
        keys = {key for _code, key in area_rows}
        units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=keys - {None})}
        areas = sorted(
            (AreaColumn(key=key, unit=units.get(key)) for key in keys),
            key=lambda c: (c.unit is None, c.unit.level if c.unit else 9, c.name),
        )
    sections: list[FigureSection] = []
    by_title: dict[tuple, FigureSection] = {}
    for form_field in fields:
        if form_field.kind != Kind.FIGURE:
            continue
        # Fields of older versions show only when someone answered them.
        is_current = form_field.section.version_id == fields[0].section.version_id
        if not is_current and form_field.code not in totals:
            continue
        row = totals.get(form_field.code)
        figure = FigureTotal(
            field=form_field,
            total=_aggregate_of(form_field, row),
            reported=row["reported"] if row else 0,
            by_area=[_aggregate_of(form_field, area_rows.get((form_field.code, c.key)))
                     for c in areas],
        )  # fmt: skip
        key = (form_field.section.version_id, form_field.section_id)
        if key not in by_title:
            by_title[key] = FigureSection(title=form_field.section.title, figures=[])
            sections.append(by_title[key])
        by_title[key].figures.append(figure)
    included = counts["accepted"] + (0 if accepted_only else counts["pending"])
    return Consolidation(
        period=period,
        accepted_only=accepted_only,
        by_area=by_area,
        expected=counts["expected"],
        accepted=counts["accepted"],
        pending=counts["pending"],
        sections=sections,
        areas=areas,
        missing=missing_lines(
            obligations, accepted_only=accepted_only, today=today, limit=missing_limit
        ),
        missing_count=counts["expected"] - included,
        texts=_text_groups(
            values, obligations, accepted_only=accepted_only, fields=fields, limit=text_limit
        ),  # fmt: skip
    )


@dataclass
class DetailRow:
    organization: str
    unit: str
    status: str
    numbers: dict[str, Decimal | None]


def consolidation_detail(
    *,
    user: User,
    period: ReportingPeriod,
    accepted_only: bool = False,
    area: AdministrativeUnit | None = None,
) -> Iterator[DetailRow]:
    """Each counted report's figures by code, one row per organization (one query, streamed):
    the export's second sheet."""
    obligations = completeness_obligations(user=user, period=period, area=area)
    values = (
        included_values(obligations, accepted_only=accepted_only)
        .filter(field__kind=Kind.FIGURE)
        .order_by("submission__obligation__organization__name", "submission_id")
        .values_list(
            "submission_id",
            "submission__obligation__organization__name",
            "submission__obligation__organization__unit__name",
            "submission__status",
            "field__code",
            "number",
        )  # fmt: skip
    )
    current: DetailRow | None = None
    current_id = None
    labels = dict(Status.choices)
    for submission_id, name, unit, status, code, number in values.iterator(chunk_size=5000):
        if submission_id != current_id:
            if current is not None:
                yield current
            current_id = submission_id
            current = DetailRow(organization=name, unit=unit or "", status=str(labels[status]),
                                numbers={})  # fmt: skip
        current.numbers[code] = number
    if current is not None:
        yield current


AGGREGATION_HELP = gettext_lazy(
    "Cộng: tổng các đơn vị; Trung bình: trung bình các đơn vị có số liệu; Không tổng hợp: xem "
    "số của từng đơn vị trong tệp Excel."
)
