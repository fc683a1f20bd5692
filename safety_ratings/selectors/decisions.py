"""Reading recognition decisions: the list, one decision with its annex, the units a new
decision may recognise, and the certificates a decision's units were given."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from organizations.models import AdministrativeUnit, User
from organizations.permissions import units_in_scope
from printing.models import IssuedPdf

from ..models import Assessment, CriterionResult, RecognitionDecision
from ..permissions import assessments_decidable_by, decisions_visible_to

Status = Assessment.Status

# How `printing` names the sources of the PDFs this app issues.
DECISION_SOURCE = "safety_ratings.decision"
CERTIFICATE_SOURCE = "safety_ratings.certificate"


@dataclass
class DecisionFilters:
    year: int | None = None
    kind: str = ""


def decision_list(
    *, user: User, filters: DecisionFilters | None = None
) -> QuerySet[RecognitionDecision]:
    """The decisions the user sees, newest first, with the number of units each recognises."""
    filters = filters or DecisionFilters()
    rows = decisions_visible_to(user)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    # A correlated count rather than a join: decisions_visible_to may already be DISTINCT
    # over a join with the assessments, which would multiply a joined count.
    units = (
        Assessment.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        rows.select_related("issuer", "deciding_unit", "document")
        .annotate(unit_count=Coalesce(Subquery(units), 0))
        .order_by("-decided_on", "-pk")
    )


def decision_annex(decision: RecognitionDecision) -> QuerySet[Assessment]:
    """The units a decision recognised (its annex), by commune then name."""
    return (
        Assessment.objects.filter(decision=decision)
        .select_related("rated_unit", "commune")
        .order_by("commune__name", "rated_unit__name", "pk")
    )


def decision_detail(*, user: User, pk: int) -> RecognitionDecision:
    """One visible decision with its annex (raises DoesNotExist otherwise)."""
    return (
        decisions_visible_to(user)
        .select_related("issuer", "deciding_unit", "document", "created_by")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("rated_unit", "commune").order_by(
                    "commune__name", "rated_unit__name", "pk"
                ),
                to_attr="annex",
            )
        )
        .get(pk=pk)
    )


def certificate_ids(decision: RecognitionDecision) -> list[int]:
    """The assessments that get a certificate: recognised by the decision, not revoked."""
    return list(
        Assessment.objects.filter(decision=decision, status=Status.RECOGNISED)
        .order_by("commune__name", "rated_unit__name", "pk")
        .values_list("pk", flat=True)
    )


def latest_certificates(assessment_ids: list[int]) -> dict[int, IssuedPdf]:
    """The latest certificate issued for each of the assessments (one query)."""
    latest: dict[int, IssuedPdf] = {}
    issued = IssuedPdf.objects.filter(
        source_label=CERTIFICATE_SOURCE, source_id__in=assessment_ids
    ).order_by("source_id", "-version")
    for pdf in issued:
        latest.setdefault(pdf.source_id, pdf)
    return latest


def decision_pdfs(decision: RecognitionDecision) -> QuerySet[IssuedPdf]:
    """The PDFs issued for a decision: its own, and the certificates of its units."""
    units = Assessment.objects.filter(decision=decision).values("pk")
    return IssuedPdf.objects.filter(
        Q(source_label=DECISION_SOURCE, source_id=decision.pk)
        | Q(source_label=CERTIFICATE_SOURCE, source_id__in=units)
    )


def failing_results() -> QuerySet[CriterionResult]:
    """Results whose verdict is "not met" (the appraised one where given, else the unit's)."""
    return (
        CriterionResult.objects.filter(
            Q(appraised_met=False) | Q(appraised_met__isnull=True, self_met=False)
        )
        .select_related("criterion")
        .order_by("criterion__order", "pk")
    )


def decision_candidates(
    *, user: User, year: int, kind: str, deciding_unit: AdministrativeUnit
) -> QuerySet[Assessment]:
    """Appraised dossiers of the year and kind, in the deciding unit's area, that the user
    may decide on; each with `failed`, the criteria it fails (so the page says why it will be
    refused)."""
    area = units_in_scope([deciding_unit])
    return (
        assessments_decidable_by(user)
        .filter(status=Status.APPRAISED, year=year, kind=kind, commune_id__in=area)
        .select_related("rated_unit", "commune", "criteria_version")
        .prefetch_related(Prefetch("results", queryset=failing_results(), to_attr="failed"))
        .order_by("commune__name", "rated_unit__name", "pk")
    )
