"""The register of models, one model with its sites and reviews, and the review-due list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from organizations.models import User

from ..models import ModelReview, ModelSite, SecurityModel
from ..permissions import models_visible_to
from .counts import active_on

DEFAULT_REVIEW_YEARS = 2


@dataclass
class ModelFilters:
    """The list's filters. `unit_ids`: the models filed under these units (an area in both
    eras, counts.area_unit_ids). `on`: the status is read on that day, as model_counts reads
    it (active: started and not yet retired that day; retired: retired on or before it; no
    status: started by then), so the list's length is the count's figure."""

    query: str = ""
    category_id: int | None = None
    launch_level_id: int | None = None
    status: str = ""
    unit_ids: frozenset[int] | None = None
    on: datetime.date | None = None


def _with_last_review(queryset: QuerySet[SecurityModel]) -> QuerySet[SecurityModel]:
    last = ModelReview.objects.filter(model=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    return queryset.annotate(
        last_review_on=Subquery(last.values("reviewed_on")[:1]),
        last_assessment=Subquery(last.values("assessment")[:1]),
    )


def _count(rows: QuerySet) -> QuerySet:
    return rows.order_by().values("model").annotate(n=Count("pk")).values("n")


def _total(rows: QuerySet, field_name: str) -> QuerySet:
    return rows.order_by().values("model").annotate(n=Sum(field_name)).values("n")


def _status_on(status: str, day: datetime.date) -> Q:
    if status == SecurityModel.Status.ACTIVE:
        return active_on(day)
    if status == SecurityModel.Status.RETIRED:
        return Q(retired_on__lte=day)
    return Q(started_on__lte=day)


def model_list(*, user: User, filters: ModelFilters | None = None) -> QuerySet[SecurityModel]:
    filters = filters or ModelFilters()
    rows = models_visible_to(user).select_related("category", "launch_level", "unit")
    if filters.query:
        rows = rows.filter(
            Q(name__icontains=filters.query) | Q(unit__name__icontains=filters.query)
        )
    if filters.category_id:
        rows = rows.filter(category_id=filters.category_id)
    if filters.launch_level_id:
        rows = rows.filter(launch_level_id=filters.launch_level_id)
    if filters.unit_ids is not None:
        rows = rows.filter(unit_id__in=filters.unit_ids)
    if filters.on is not None:
        rows = rows.filter(_status_on(filters.status, filters.on))
    elif filters.status:
        rows = rows.filter(status=filters.status)
    # Correlated subqueries rather than a join and GROUP BY: PostgreSQL computes them for
    # the page's rows only, after the sort and LIMIT (500,000 sites stay cheap to page).
    open_sites = ModelSite.objects.filter(model=OuterRef("pk"), ended_on__isnull=True)
    return (
        _with_last_review(rows)
        .annotate(
            site_count=Coalesce(Subquery(_count(open_sites)), 0),
            team_count=Coalesce(Subquery(_total(open_sites, "teams")), 0),
        )
        .order_by("name", "pk")
    )


def model_detail(*, user: User, pk: int) -> SecurityModel:
    """One visible model with everything its page shows (raises DoesNotExist otherwise)."""
    return (
        models_visible_to(user)
        .select_related(
            "category", "launch_level", "unit", "launching_organization",
            "managing_organization", "founding_decision",
        )
        .prefetch_related(
            Prefetch("sites", queryset=ModelSite.objects.select_related("unit")),
            Prefetch("reviews",
                     queryset=ModelReview.objects.select_related("reviewing_organization")),
            "ratings",
        )
        .get(pk=pk)
    )  # fmt: skip


def models_needing_review(
    *, user: User, years: int = DEFAULT_REVIEW_YEARS, today: datetime.date | None = None
) -> QuerySet[SecurityModel]:
    """Active models with no review for `years` years, and those last found "formal only"."""
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = _with_last_review(
        models_visible_to(user)
        .filter(status=SecurityModel.Status.ACTIVE)
        .select_related("category", "launch_level", "unit")
    )
    overdue = Q(last_review_on__lt=cutoff) | Q(last_review_on__isnull=True, started_on__lt=cutoff)
    formal = Q(last_assessment=ModelReview.Assessment.FORMAL)
    return rows.filter(overdue | formal).order_by("last_review_on", "started_on", "pk")
