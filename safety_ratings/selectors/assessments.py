"""Reading rated units and their yearly assessments within the user's scope: the lists (work
queues) with their filters, one unit or one assessment with everything its page shows, and
the assessment's timeline read from its history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from organizations.models import AdministrativeUnit, User
from organizations.permissions import units_visible_to
from organizations.search import search_by_key

from ..models import Assessment, CriterionResult, RatedUnit
from ..permissions import assessments_visible_to, rated_units_visible_to

Status = Assessment.Status


@dataclass(frozen=True)
class RatedUnitFilters:
    query: str = ""
    kind: str = ""
    commune_id: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class AssessmentFilters:
    year: int | None = None
    kind: str = ""
    status: str = ""
    commune_id: int | None = None
    query: str = ""


def communes_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """The communes (both eras) a user may file units under or filter by."""
    return units_visible_to(user).filter(level=AdministrativeUnit.Level.COMMUNE)


def _valid_in_year(year: int) -> Q:
    """Valid on at least one day of `year`."""
    return Q(valid_from__lte=datetime.date(year, 12, 31)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1))
    )


def rated_unit_list(*, user: User, filters: RatedUnitFilters | None = None) -> QuerySet[RatedUnit]:
    """The visible units, filtered, each with its assessment of the filtered year (or its latest).

    The assessment is read through correlated subqueries: PostgreSQL computes them for the
    page's rows only, so the page costs the same whatever the number of units.
    """
    filters = filters or RatedUnitFilters()
    rows = rated_units_visible_to(user).select_related("commune", "legacy_commune")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.commune_id:
        rows = rows.filter(
            Q(commune_id=filters.commune_id) | Q(legacy_commune_id=filters.commune_id)
        )
    if filters.year:
        rows = rows.filter(_valid_in_year(filters.year))
    if filters.query:
        rows = search_by_key(rows, filters.query)
    assessments = Assessment.objects.filter(rated_unit=OuterRef("pk"))
    if filters.year:
        assessments = assessments.filter(year=filters.year)
    assessments = assessments.order_by("-year")
    return rows.annotate(
        assessment_id=Subquery(assessments.values("pk")[:1]),
        assessment_year=Subquery(assessments.values("year")[:1]),
        assessment_status=Subquery(assessments.values("status")[:1]),
    ).order_by("kind", "name", "pk")


def rated_unit_detail(*, user: User, pk: int) -> RatedUnit:
    """One visible unit with its assessments, newest year first (raises DoesNotExist)."""
    return (
        rated_units_visible_to(user)
        .select_related("commune", "legacy_commune", "organization", "created_by")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related(
                    "commune", "criteria_version", "decision"
                ).order_by("-year"),
            )
        )
        .get(pk=pk)
    )


def _failed_count() -> Subquery:
    """How many criteria of the assessment fail (the appraised verdict where given)."""
    failing = (
        CriterionResult.objects.filter(assessment=OuterRef("pk"))
        .filter(Q(appraised_met=False) | Q(appraised_met__isnull=True, self_met=False))
        .order_by()
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(failing), 0)


def assessment_list(
    *, user: User, filters: AssessmentFilters | None = None
) -> QuerySet[Assessment]:
    """The visible assessments, filtered: the work queue (e.g. self-assessed ones to appraise)."""
    filters = filters or AssessmentFilters()
    rows = assessments_visible_to(user).select_related("rated_unit", "commune", "decision")
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.commune_id:
        # The commune of the year's era, or the unit's commune now: picking a 2025 commune
        # also finds the earlier years of its units, filed under the old commune.
        rows = rows.filter(
            Q(commune_id=filters.commune_id) | Q(rated_unit__commune_id=filters.commune_id)
        )
    if filters.query:
        rows = search_by_key(rows, filters.query, field="rated_unit__search_key")
    return rows.annotate(failed_count=_failed_count()).order_by(
        "-year", "commune__name", "kind", "rated_unit__name", "pk"
    )


def assessment_detail(*, user: User, pk: int) -> Assessment:
    """One visible assessment with its checklist, criteria and files (raises DoesNotExist)."""
    results = CriterionResult.objects.select_related("criterion").prefetch_related("files")
    return (
        assessments_visible_to(user)
        .select_related(
            "rated_unit__commune", "rated_unit__legacy_commune", "commune", "criteria_version",
            "appraising_organization", "decision__document", "decision__issuer", "created_by",
        )
        .prefetch_related(
            Prefetch("results", queryset=results.order_by("criterion__order", "criterion__pk"))
        )
        .get(pk=pk)
    )  # fmt: skip


@dataclass(frozen=True)
class TimelineEntry:
    """One step of an assessment: the status it reached, the date of record, who and when."""

    status: str
    label: str
    day: datetime.date | None
    recorded_at: datetime.datetime
    by: User | None
    note: str = ""


# The date field each step records, and the reason it carries, on the assessment itself.
STEP_DAY = {
    Status.REGISTERED: "registered_on",
    Status.SELF_ASSESSED: "self_assessed_on",
    Status.APPRAISED: "appraised_on",
    Status.RECOGNISED: "decided_on",
    Status.NOT_RECOGNISED: "decided_on",
    Status.REVOKED: "revoked_on",
}
STEP_NOTE = {
    Status.RETURNED: "return_reason",
    Status.NOT_RECOGNISED: "not_recognised_reason",
    Status.REVOKED: "revocation_reason",
}


def assessment_timeline(assessment: Assessment) -> list[TimelineEntry]:
    """Each change of status, oldest first, read from the history (who recorded it, when)."""
    records = assessment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries: list[TimelineEntry] = []
    previous = None
    for record in records:
        if record.status == previous:
            continue
        previous = record.status
        day_field, note_field = STEP_DAY.get(record.status), STEP_NOTE.get(record.status)
        entries.append(
            TimelineEntry(
                status=record.status,
                label=str(Status(record.status).label),
                day=getattr(record, day_field) if day_field else None,
                recorded_at=record.history_date,
                by=record.history_user,
                note=getattr(record, note_field) if note_field else "",
            )
        )
    return entries
