"""The register: search with and without diacritics, filters, a document and its links."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from organizations.models import User
from organizations.search import fold_diacritics

from ..models import Document, DocumentCitation, TaskOccurrence
from ..parsing.numbers import parse_number_symbol
from ..permissions import documents_visible_to

SORTS = {
    "ngay": ("-issue_date", "-number"),
    "ngay_tang": ("issue_date", "number"),
    "so": ("number_symbol",),
    "trich_yeu": ("title",),
}


@dataclass(frozen=True)
class DocumentFilters:
    query: str = ""
    type_code: str = ""
    issuer_id: int | None = None
    year: int | None = None
    status: str = ""
    has_overdue: bool = False
    sort: str = ""


def _overdue_exists(today: datetime.date) -> Exists:
    return Exists(
        TaskOccurrence.objects.filter(
            assignment__task__document=OuterRef("pk"),
            completed_on__isnull=True,
            due_date__lt=today,
        )
    )


def _search(documents: QuerySet[Document], query: str) -> tuple[QuerySet[Document], bool]:
    """Filter by the query's words (folded), ranked on PostgreSQL; returns (rows, ranked)."""
    folded = fold_diacritics(query)
    if not folded:
        return documents, False
    number = parse_number_symbol(query.strip())
    if number is not None:
        # "75/TB-UBND": the number and symbol itself, through its own index.
        return documents.filter(number_symbol=number.format()), False
    if connection.vendor == "postgresql":
        search = SearchQuery(folded, config="simple", search_type="plain")
        return (
            documents.filter(search_vector=search).annotate(
                rank=SearchRank(F("search_vector"), search)
            ),
            True,
        )
    # SQLite: every word must appear in the folded text; newest first.
    for word in folded.split():
        documents = documents.filter(search_document__contains=word)
    return documents, False


def document_list(
    *, user: User, filters: DocumentFilters, today: datetime.date | None = None
) -> QuerySet[Document]:
    today = today or timezone.localdate()
    documents = (
        documents_visible_to(user)
        .select_related("issuer")
        .defer("body_html", "body_sections", "search_document", "search_vector")
    )
    documents, ranked = _search(documents, filters.query)
    if filters.type_code:
        documents = documents.filter(type_code=filters.type_code)
    if filters.issuer_id:
        documents = documents.filter(issuer_id=filters.issuer_id)
    if filters.year:
        documents = documents.filter(issue_year=filters.year)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.has_overdue:
        documents = documents.filter(_overdue_exists(today))
    if filters.sort in SORTS:
        return documents.order_by(*SORTS[filters.sort], "pk")
    if ranked:
        return documents.order_by("-rank", "-issue_date", "pk")
    return documents.order_by(F("issue_date").desc(nulls_last=True), "-number", "pk")


def documents_with_overdue_tasks(
    *, document_ids: list[int], today: datetime.date | None = None
) -> set[int]:
    """Which of the listed documents have an overdue task (one query for a page of rows)."""
    today = today or timezone.localdate()
    return set(
        TaskOccurrence.objects.filter(
            assignment__task__document_id__in=document_ids,
            completed_on__isnull=True,
            due_date__lt=today,
        ).values_list("assignment__task__document_id", flat=True)
    )


@dataclass(frozen=True)
class DocumentLinks:
    cites: list[DocumentCitation]
    cited_by: list[DocumentCitation]


def document_links(*, document: Document, user: User) -> DocumentLinks:
    """What the document cites, and what cites it (only documents the user may see)."""
    visible = documents_visible_to(user).values("pk")
    return DocumentLinks(
        cites=list(
            document.citations.filter(cited__in=visible)
            .select_related("cited__issuer")
            .order_by("cited__issue_date")
        ),
        cited_by=list(
            document.cited_by.filter(citing__in=visible)
            .select_related("citing__issuer")
            .order_by("-citing__issue_date")
        ),
    )


def document_years(*, user: User) -> list[int]:
    return list(
        documents_visible_to(user)
        .exclude(issue_year__isnull=True)
        .values_list("issue_year", flat=True)
        .distinct()
        .order_by("-issue_year")
    )


def document_find_duplicate(*, issuer_id: int, number_symbol: str, year: int) -> Document | None:
    return Document.objects.filter(
        issuer_id=issuer_id, number_symbol=number_symbol, issue_year=year
    ).first()
