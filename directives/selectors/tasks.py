"""Tasks and their status: the four states of DOMAIN.md §3, computed in SQL per occurrence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from organizations.models import Organization, User

from ..models import Document, DocumentTask, TaskAssignment, TaskOccurrence, TaskProgress
from ..permissions import occurrences_visible_to

Status = TaskOccurrence.Status
STATUS_ORDER = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.IN_PROGRESS, Status.OVERDUE]


def status_expression(today: datetime.date) -> Case:
    """completed on time / late; not completed and within the deadline / overdue."""
    return Case(
        When(completed_on__isnull=False, due_date__isnull=True, then=Value(Status.DONE_ON_TIME)),
        When(completed_on__isnull=False, completed_on__lte=F("due_date"),
             then=Value(Status.DONE_ON_TIME)),
        When(completed_on__isnull=False, then=Value(Status.DONE_LATE)),
        When(due_date__isnull=True, then=Value(Status.IN_PROGRESS)),
        When(due_date__gte=today, then=Value(Status.IN_PROGRESS)),
        default=Value(Status.OVERDUE),
        output_field=CharField(),
    )  # fmt: skip


def occurrences_with_status(
    queryset: QuerySet[TaskOccurrence], *, today: datetime.date | None = None
) -> QuerySet[TaskOccurrence]:
    return queryset.annotate(status=status_expression(today or timezone.localdate()))


def _in_year(year: int) -> Q:
    """Occurrences that belong to a year: due in it, or ongoing and active during it."""
    ongoing_active = Q(
        due_date__isnull=True,
        assignment__task__document__issue_year__lte=year,
    ) & (Q(completed_on__isnull=True) | Q(completed_on__year=year))
    return Q(due_date__year=year) | ongoing_active


def task_board(
    *,
    user: User,
    year: int | None = None,
    organization: Organization | None = None,
    status: str = "",
    document: Document | None = None,
    query: str = "",
    unit_ids: frozenset[int] | None = None,
    today: datetime.date | None = None,
) -> QuerySet[TaskOccurrence]:
    """The province's task board: one row per assignee and deadline, with its status;
    `unit_ids`: only the assignees whose unit is one of these (an area, both eras)."""
    rows = occurrences_with_status(occurrences_visible_to(user), today=today).select_related(
        "assignment__organization",
        "assignment__task__document__issuer",
    )
    if year:
        rows = rows.filter(_in_year(year))
    if organization is not None:
        rows = rows.filter(assignment__organization=organization)
    if status:
        rows = rows.filter(status=status)
    if document is not None:
        rows = rows.filter(assignment__task__document=document)
    if query:
        rows = rows.filter(assignment__task__text__icontains=query)
    if unit_ids is not None:
        rows = rows.filter(assignment__organization__unit_id__in=unit_ids)
    return rows.order_by(F("due_date").asc(nulls_last=True), "assignment__task__document_id", "pk")


def my_tasks(*, user: User, today: datetime.date | None = None) -> QuerySet[TaskOccurrence]:
    """An organization's open deadlines first, then what it completed in the last 90 days."""
    from organizations.permissions import scope_of

    today = today or timezone.localdate()
    rows = task_board(user=user, today=today).filter(
        assignment__organization_id__in=scope_of(user).organization_ids
    )
    recent = today - datetime.timedelta(days=90)
    return rows.filter(Q(completed_on__isnull=True) | Q(completed_on__gte=recent))


@dataclass(frozen=True)
class StatusCounts:
    organization_id: int | None
    organization_name: str
    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.in_progress + self.overdue


def status_counts_by_organization(
    *,
    user: User,
    year: int,
    unit_ids: frozenset[int] | None = None,
    today: datetime.date | None = None,
) -> list[StatusCounts]:
    """The 2×2 of DOMAIN.md §3 per assignee organization for a year, in one query;
    `unit_ids`: only the assignees whose unit is one of these (an area, both eras)."""
    occurrences = occurrences_with_status(occurrences_visible_to(user), today=today)
    if unit_ids is not None:
        occurrences = occurrences.filter(assignment__organization__unit_id__in=unit_ids)
    rows = (
        occurrences.filter(_in_year(year))
        .values("assignment__organization_id", "assignment__organization__name")
        .annotate(
            done_on_time=Count("pk", filter=Q(status=Status.DONE_ON_TIME)),
            done_late=Count("pk", filter=Q(status=Status.DONE_LATE)),
            in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(status=Status.OVERDUE)),
        )
        .order_by("assignment__organization__name")
    )
    return [
        StatusCounts(
            organization_id=row["assignment__organization_id"],
            organization_name=row["assignment__organization__name"],
            done_on_time=row["done_on_time"],
            done_late=row["done_late"],
            in_progress=row["in_progress"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def status_totals(counts: list[StatusCounts]) -> StatusCounts:
    return StatusCounts(
        organization_id=None,
        organization_name="",
        done_on_time=sum(c.done_on_time for c in counts),
        done_late=sum(c.done_late for c in counts),
        in_progress=sum(c.in_progress for c in counts),
        overdue=sum(c.overdue for c in counts),
    )


def occurrence_detail(*, user: User, pk: int, today: datetime.date | None = None) -> TaskOccurrence:
    return (
        occurrences_with_status(occurrences_visible_to(user), today=today)
        .select_related("assignment__organization", "assignment__task__document__issuer")
        .prefetch_related(
            Prefetch(
                "progress_updates",
                queryset=TaskProgress.objects.select_related("reported_by").order_by(
                    "-reported_on", "-created_at"
                ),
            ),
            Prefetch(
                "assignment__task__assignments",
                queryset=TaskAssignment.objects.select_related("organization"),
            ),
        )
        .get(pk=pk)
    )


def document_tasks(*, document: Document, today: datetime.date | None = None) -> list[DocumentTask]:
    """A document's tasks with assignments and occurrences (status annotated), in 3 queries."""
    occurrences = occurrences_with_status(TaskOccurrence.objects.all(), today=today).order_by(
        F("due_date").asc(nulls_last=True)
    )
    return list(
        document.tasks.order_by("order").prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("organization").order_by(
                    "-role", "organization__name"
                ),
            ),
            Prefetch("assignments__occurrences", queryset=occurrences),
        )
    )
