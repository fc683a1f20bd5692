"""Who may see and change documents and tasks (built on the organizations scope)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import RoleAssignment, User
from organizations.permissions import scope_of

from .models import Document, DocumentRecipient, TaskAssignment, TaskOccurrence

Role = RoleAssignment.Role
WRITER_ROLES = (Role.ADMIN, Role.STANDING_STAFF)
AREA_READER_ROLES = (Role.STANDING_STAFF, Role.LEADER)
MEMBER_ROLES = (Role.COMMITTEE, Role.AGENCY)


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Provincial staff and leaders: their area's documents and the central ones they cite;
    committees and agencies: what is addressed to them, assigned to them or issued by them."""
    documents = Document.objects.all()
    scope = scope_of(user)
    if scope.nationwide:
        return documents
    condition = Q(pk__in=[])
    if scope.has_role(*AREA_READER_ROLES):
        units = scope.unit_ids
        area = (
            Q(issuer__unit_id__in=units)
            | Q(pk__in=DocumentRecipient.objects.filter(
                organization__unit_id__in=units).values("document_id"))
            | Q(pk__in=TaskAssignment.objects.filter(
                organization__unit_id__in=units).values("task__document_id"))
        )  # fmt: skip
        condition |= area
        if not scope.has_role(*WRITER_ROLES):
            condition &= ~Q(status=Document.Status.DRAFT)
    if scope.has_role(*MEMBER_ROLES):
        orgs = scope.organization_ids
        condition |= (
            Q(issuer_id__in=orgs)
            | Q(pk__in=DocumentRecipient.objects.filter(
                organization_id__in=orgs).values("document_id"))
            | Q(pk__in=TaskAssignment.objects.filter(
                organization_id__in=orgs).values("task__document_id"))
        ) & ~Q(status=Document.Status.DRAFT)  # fmt: skip
    if scope.roles:
        # Central documents and stubs (known only by citation) are public references.
        condition |= Q(
            issuer__isnull=True,
            status__in=[Document.Status.ISSUED, Document.Status.EXPIRED, Document.Status.REPLACED],
        ) | Q(issuer__unit__isnull=True, status=Document.Status.ISSUED)
    return documents.filter(condition)


def can_register_documents(user: User) -> bool:
    return scope_of(user).has_role(*WRITER_ROLES)


def documents_editable_by(user: User) -> QuerySet[Document]:
    """Writers change the documents of their area (and stubs they complete)."""
    if not can_register_documents(user):
        return Document.objects.none()
    scope = scope_of(user)
    if scope.nationwide:
        return Document.objects.all()
    return Document.objects.filter(
        Q(issuer__unit_id__in=scope.unit_ids) | Q(issuer__isnull=True) | Q(is_stub=True)
    )


def occurrences_visible_to(user: User) -> QuerySet[TaskOccurrence]:
    occurrences = TaskOccurrence.objects.exclude(
        assignment__task__document__status=Document.Status.DRAFT
    )
    scope = scope_of(user)
    if scope.nationwide:
        return occurrences
    condition = Q(pk__in=[])
    if scope.has_role(*AREA_READER_ROLES):
        condition |= Q(assignment__organization__unit_id__in=scope.unit_ids) | Q(
            assignment__task__document__issuer__unit_id__in=scope.unit_ids
        )
    if scope.has_role(*MEMBER_ROLES):
        condition |= Q(assignment__organization_id__in=scope.organization_ids)
    return occurrences.filter(condition)


def occurrences_reportable_by(user: User) -> QuerySet[TaskOccurrence]:
    """An assignee reports on its own tasks; provincial staff on any task of their area."""
    scope = scope_of(user)
    occurrences = occurrences_visible_to(user)
    if scope.has_role(*WRITER_ROLES):
        return occurrences
    if scope.has_role(*MEMBER_ROLES):
        return occurrences.filter(assignment__organization_id__in=scope.organization_ids)
    return occurrences.none()
