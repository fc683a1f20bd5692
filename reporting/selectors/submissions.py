"""Reads of the submissions part: the user's reports and the review queue, one obligation with
its reminders and reopening requests, a report's values beside last period's, and who changed
which figure.

Every list is a fixed number of queries whatever its length (select_related, one query per
kind of related row).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organizations.models import User
from organizations.permissions import scope_of

from ..models import (
    FigureValue,
    FormField,
    FormSection,
    Obligation,
    ReminderLedger,
    ReopenRequest,
    Submission,
)
from ..permissions import (
    obligations_reviewable_by,
    obligations_visible_to,
)

NOT_STARTED = "not_started"
REPORT_STATUSES = [
    (NOT_STARTED, gettext_lazy("Chưa lập")),
    (Submission.Status.DRAFT, gettext_lazy("Đang soạn")),
    (Submission.Status.SUBMITTED, gettext_lazy("Đã nộp, chờ duyệt")),
    (Submission.Status.RETURNED, gettext_lazy("Trả lại để sửa")),
    (Submission.Status.ACCEPTED, gettext_lazy("Đã chấp nhận")),
]
REPORT_STATUS_LABELS = dict(REPORT_STATUSES)
# The review queue puts what waits for the reviewer first.
REVIEW_ORDER = {
    Submission.Status.SUBMITTED: 0,
    Submission.Status.RETURNED: 1,
    Submission.Status.DRAFT: 2,
    NOT_STARTED: 3,
    Submission.Status.ACCEPTED: 4,
}


@dataclass(frozen=True)
class ObligationFilters:
    status: str = ""
    year: int | None = None


def _with_status(queryset: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """Each obligation's report status ("not_started" when no report was opened), and the
    rows a list shows, in one query."""
    return queryset.select_related("organization", "period__schedule__form", "submission").annotate(
        report_status=Coalesce(F("submission__status"), Value(NOT_STARTED))
    )


def _filtered(queryset: QuerySet[Obligation], filters: ObligationFilters) -> QuerySet:
    if filters.status == NOT_STARTED:
        queryset = queryset.filter(submission__isnull=True)
    elif filters.status:
        queryset = queryset.filter(submission__status=filters.status)
    if filters.year:
        queryset = queryset.filter(period__end__year=filters.year)
    return queryset


def my_obligations(*, user: User, filters: ObligationFilters) -> QuerySet[Obligation]:
    """The obligations of the user's own organizations ("Báo cáo của đơn vị"): what is still
    to do first, by deadline. An administrator sees every obligation."""
    scope = scope_of(user)
    rows = obligations_visible_to(user)
    if not scope.nationwide:
        rows = rows.filter(organization_id__in=scope.organization_ids)
    return _with_status(_filtered(rows, filters)).order_by(
        F("accepted_at").asc(nulls_first=True), "deadline", "organization__name", "pk"
    )


def review_queue(*, user: User, filters: ObligationFilters) -> QuerySet[Obligation]:
    """The reports the user reviews: submitted ones first (oldest submission first), then
    returned, drafts, not started and accepted, by deadline."""
    rows = _filtered(obligations_reviewable_by(user), filters)
    order = Case(
        *(When(report_status=status, then=Value(rank)) for status, rank in REVIEW_ORDER.items()),
        output_field=IntegerField(),
    )
    return _with_status(rows).order_by(
        order, F("submitted_at").asc(nulls_last=True), "deadline", "organization__name", "pk"
    )


def obligation_years(queryset: QuerySet[Obligation]) -> list[int]:
    """The years of the periods of a list, latest first (one query, for the year filter)."""
    return list(
        queryset.order_by()
        .values_list("period__end__year", flat=True)
        .distinct()
        .order_by("-period__end__year")
    )


def my_obligation_years(*, user: User) -> list[int]:
    scope = scope_of(user)
    rows = obligations_visible_to(user)
    if not scope.nationwide:
        rows = rows.filter(organization_id__in=scope.organization_ids)
    return obligation_years(rows)


def review_years(*, user: User) -> list[int]:
    return obligation_years(obligations_reviewable_by(user))


@dataclass(frozen=True)
class DeadlineInfo:
    text: str
    overdue: bool


def deadline_info(obligation: Obligation, today: datetime.date) -> DeadlineInfo:
    """ "còn 5 ngày", "hạn là hôm nay", "quá hạn 3 ngày" — overdue (red) only while the report
    has never been submitted."""
    days = (obligation.deadline - today).days
    if obligation.first_submitted_at is not None:
        return DeadlineInfo(_("đã nộp"), False)
    if days > 0:
        return DeadlineInfo(ngettext("còn %(days)s ngày", "còn %(days)s ngày", days)
                            % {"days": days}, False)  # fmt: skip
    if days == 0:
        return DeadlineInfo(_("hạn là hôm nay"), False)
    return DeadlineInfo(
        ngettext("quá hạn %(days)s ngày", "quá hạn %(days)s ngày", -days) % {"days": -days}, True
    )


@dataclass
class ObligationRow:
    obligation: Obligation
    status: str
    status_label: str
    deadline: DeadlineInfo


def obligation_rows(obligations, today: datetime.date) -> list[ObligationRow]:
    """A page of a list, each row with its status label and days left (no queries)."""
    return [
        ObligationRow(
            obligation=o,
            status=o.report_status,
            status_label=str(REPORT_STATUS_LABELS[o.report_status]),
            deadline=deadline_info(o, today),
        )  # fmt: skip
        for o in obligations
    ]


# -- one obligation ---------------------------------------------------------------------------


def obligation_for_page(rows: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """An obligation with everything its pages show about it (one query)."""
    return rows.select_related(
        "organization__unit",
        "period__schedule__form",
        "period__schedule__reviewer",
        "period__schedule__directive_task__document",
        "submission__version",
        "submission__submitted_by",
        "submission__reviewed_by",
        "submission__updated_by",
    )


def report_status_of(obligation: Obligation) -> str:
    submission = getattr(obligation, "submission", None)
    return submission.status if submission is not None else NOT_STARTED


STEP_KINDS = {
    "before": lambda days: (
        _("đúng ngày hạn nộp") if days == 0
        else ngettext("trước hạn %(days)s ngày", "trước hạn %(days)s ngày", days)
        % {"days": days}
    ),
    "overdue": lambda days: ngettext("quá hạn %(days)s ngày", "quá hạn %(days)s ngày", days)
    % {"days": days},
    "escalation": lambda days: ngettext(
        "báo cấp trên: quá hạn %(days)s ngày", "báo cấp trên: quá hạn %(days)s ngày", days
    ) % {"days": days},
}  # fmt: skip


def step_text(step: str) -> str:
    """ "before:3" → "trước hạn 3 ngày"."""
    kind, _sep, days = step.partition(":")
    try:
        return STEP_KINDS[kind](int(days))
    except (KeyError, ValueError):
        return step


@dataclass
class ReminderEntry:
    step: str
    recipient: str
    channel: str
    sent_at: datetime.datetime


@dataclass
class ReminderHistory:
    times: int = 0
    last_at: datetime.datetime | None = None
    last_channels: list[str] = field(default_factory=list)
    entries: list[ReminderEntry] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "Đã nhắc 3 lần, lần cuối 08/12/2025 09:00, qua thư điện tử" (a reminder is one step,
        sent to every person of the organization by every channel)."""
        if not self.times:
            return _("Chưa nhắc lần nào.")
        return ngettext(
            "Đã nhắc %(times)s lần, lần cuối %(when)s, qua %(channels)s.",
            "Đã nhắc %(times)s lần, lần cuối %(when)s, qua %(channels)s.",
            self.times,
        ) % {
            "times": self.times,
            "when": f"{timezone.localtime(self.last_at):%d/%m/%Y %H:%M}",
            "channels": _(" và ").join(self.last_channels).lower(),
        }


def reminder_history(obligation: Obligation, *, limit: int = 200) -> ReminderHistory:
    """The reminders of an obligation from the ledger (one query): a summary and each one."""
    rows = list(
        ReminderLedger.objects.filter(obligation=obligation)
        .select_related("notification__recipient")
        .order_by("-created_at", "-pk")[:limit]
    )
    history = ReminderHistory()
    if not rows:
        return history
    channels = dict(ReminderLedger.Channel.choices)
    history.times = len({row.step for row in rows})
    history.last_at = rows[0].created_at
    last_step = rows[0].step
    history.last_channels = [
        str(label) for value, label in channels.items()
        if any(row.step == last_step and row.channel == value for row in rows)
    ]  # fmt: skip
    for row in rows:
        recipient = row.recipient
        if row.notification is not None:
            person = row.notification.recipient
            recipient = person.full_name or person.username
        history.entries.append(
            ReminderEntry(
                step=step_text(row.step),
                recipient=recipient,
                channel=str(channels.get(row.channel, row.channel)),
                sent_at=row.created_at,
            )  # fmt: skip
        )
    return history


def reopen_requests_of(submission: Submission | None) -> list[ReopenRequest]:
    if submission is None:
        return []
    return list(
        submission.reopen_requests.select_related("requested_by", "decided_by").order_by(
            "-created_at", "-pk"
        )
    )


def pending_reopen_requests(*, user: User) -> QuerySet[ReopenRequest]:
    """Requests waiting for the province, among the obligations the user sees, oldest first."""
    return (
        ReopenRequest.objects.filter(
            status=ReopenRequest.Status.PENDING,
            submission__obligation__in=obligations_visible_to(user),
        )
        .select_related(
            "requested_by",
            "submission__obligation__organization",
            "submission__obligation__period__schedule__form",
        )
        .order_by("created_at", "pk")
    )


def decided_reopen_requests(*, user: User, limit: int = 50) -> list[ReopenRequest]:
    return list(
        ReopenRequest.objects.filter(submission__obligation__in=obligations_visible_to(user))
        .exclude(status=ReopenRequest.Status.PENDING)
        .select_related(
            "requested_by",
            "decided_by",
            "submission__obligation__organization",
            "submission__obligation__period__schedule__form",
        )  # fmt: skip
        .order_by("-decided_at", "-pk")[:limit]
    )


# -- a report's values ------------------------------------------------------------------------


@dataclass
class ValueRow:
    """One field of a report with its value, last period's figure and whatever was said
    about it."""

    field: FormField
    value: FigureValue
    previous: Decimal | None = None
    # The reviewer's input for this figure, set by the review form.
    comment_input: object = None

    @property
    def prefill_changed(self) -> bool:
        return (
            self.value.prefilled_number is not None
            and self.value.number != self.value.prefilled_number
        )


@dataclass
class SectionRows:
    section: FormSection
    rows: list[ValueRow]


def submission_values(submission: Submission) -> list[FigureValue]:
    """The values of a report in the order of its version's fields (one query)."""
    return list(
        submission.values.select_related("field__section").order_by(
            "field__section__order", "field__section__pk", "field__order", "field__pk"
        )
    )


def previous_submission(submission: Submission) -> Submission | None:
    """Last period's accepted report of the same organization and schedule (what the rules
    and the reviewer compare with)."""
    obligation = submission.obligation
    return (
        Submission.objects.filter(
            obligation__organization_id=obligation.organization_id,
            obligation__period__schedule_id=obligation.period.schedule_id,
            obligation__period__end__lt=obligation.period.start,
            status=Submission.Status.ACCEPTED,
        )
        .select_related("obligation__period")
        .order_by("-obligation__period__end")
        .first()
    )


def previous_numbers(previous: Submission | None) -> dict[str, Decimal]:
    """A report's figures by field code (codes stay the same across versions)."""
    if previous is None:
        return {}
    return dict(previous.values.exclude(number__isnull=True).values_list("field__code", "number"))


def sections_of(
    values: list[FigureValue], previous: dict[str, Decimal] | None = None
) -> list[SectionRows]:
    """The values grouped by section, each with last period's figure when given (no
    queries)."""
    grouped: dict[int, SectionRows] = {}
    for value in values:
        section = value.field.section
        if section.pk not in grouped:
            grouped[section.pk] = SectionRows(section=section, rows=[])
        grouped[section.pk].rows.append(
            ValueRow(
                field=value.field, value=value, previous=(previous or {}).get(value.field.code)
            )  # fmt: skip
        )
    return list(grouped.values())


# -- who changed which figure -----------------------------------------------------------------

VALUE_FIELDS = ("number", "text", "file", "override_reason", "comment", "reviewer_comment")


@dataclass
class FigureChange:
    when: datetime.datetime
    user: User | None
    kind: str
    changes: list[tuple[str, object, object]]


@dataclass
class FigureHistory:
    field: FormField
    changes: list[FigureChange]


def figure_history(submission: Submission, *, limit: int = 2000) -> list[FigureHistory]:
    """Per figure, who changed what and when, newest first (two queries: the fields and the
    recorded versions of every value). The pre-filling at creation is the first entry."""
    values = submission_values(submission)
    records = (
        FigureValue.history.filter(submission_id=submission.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")[:limit]
    )
    by_value: dict[int, list] = defaultdict(list)
    for record in records:
        by_value[record.id].append(record)
    labels = {name: FigureValue._meta.get_field(name).verbose_name for name in VALUE_FIELDS}

    def shown(record, name: str):
        value = getattr(record, name) if record is not None else None
        # "15", not "15,00": the column keeps two decimals for every figure.
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value

    kinds = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
    result = []
    for value in values:
        changes = []
        previous = None
        for record in by_value.get(value.pk, []):
            diff = [
                (labels[name], shown(previous, name), shown(record, name))
                for name in VALUE_FIELDS
                if previous is None and getattr(record, name) not in (None, "")
                or previous is not None and getattr(previous, name) != getattr(record, name)
            ]  # fmt: skip
            if diff or previous is None:
                changes.append(
                    FigureChange(when=record.history_date, user=record.history_user,
                                 kind=str(kinds.get(record.history_type, "")), changes=diff)
                )  # fmt: skip
            previous = record
        changes.reverse()
        result.append(FigureHistory(field=value.field, changes=changes))
    return result


USER_FIELDS = ("submitted_by", "reviewed_by", "updated_by")


def readable_submission_history(entries: list[dict]) -> list[dict]:
    """The report's own history (antq_portal.history.history_entries) in words: a status's
    label instead of its code, a person's name instead of an id (one query)."""
    meta = Submission._meta
    status_label = str(meta.get_field("status").verbose_name)
    user_labels = {str(meta.get_field(name).verbose_name) for name in USER_FIELDS}
    statuses = dict(Submission.Status.choices)
    ids = {
        value
        for entry in entries
        for change in entry["changes"]
        if str(change["field"]) in user_labels
        for value in (change["old"], change["new"])
        if value
    }
    names = {user.pk: user.full_name or user.username for user in User.objects.filter(pk__in=ids)}
    for entry in entries:
        for change in entry["changes"]:
            label = str(change["field"])
            for side in ("old", "new"):
                if label == status_label:
                    change[side] = statuses.get(change[side], change[side])
                elif label in user_labels and change[side]:
                    change[side] = names.get(change[side], change[side])
    return entries
