"""Reads of the report builder: the forms a user sees, a form with its versions, and one
version's content (sections with their fields, rules) in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from organizations.models import Organization, User
from organizations.permissions import filter_by_scope

from ..models import FormField, FormSection, FormVersion, ReportForm, ValidationRule
from ..permissions import forms_editable_by, forms_visible_to
from ..prefill import PREFILL_SOURCES

PUBLISHED = Q(versions__published_at__isnull=False)


def form_list(*, user: User) -> QuerySet[ReportForm]:
    """The forms the user sees, with their latest published version, draft and schedules."""
    return (
        forms_visible_to(user)
        .select_related("owner")
        .annotate(
            published_count=Count("versions", filter=PUBLISHED, distinct=True),
            latest_published=Max("versions__number", filter=PUBLISHED),
            draft_number=Max("versions__number", filter=Q(versions__published_at__isnull=True)),
            schedule_count=Count("schedules", distinct=True),
        )
        .order_by("name", "pk")
    )


def form_owner_choices(user: User) -> QuerySet[Organization]:
    """Organizations that may own a form the user makes: theirs and those of their area, so the
    form stays visible to them (forms_visible_to follows the owner)."""
    return filter_by_scope(
        Organization.objects.all(), user, unit_field="unit", organization_field="pk"
    ).order_by("name")


def form_detail(*, user: User, pk: int) -> ReportForm:
    """One visible form with its versions (newest first), each with its counts."""
    versions = FormVersion.objects.annotate(
        field_count=Count("sections__fields", distinct=True),
        submission_count=Count("submissions", distinct=True),
    ).order_by("-number")
    return (
        forms_visible_to(user)
        .select_related("owner", "created_by")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .get(pk=pk)
    )


def versions_visible_to(user: User) -> QuerySet[FormVersion]:
    return FormVersion.objects.filter(form__in=forms_visible_to(user)).select_related(
        "form", "form__owner"
    )


def versions_editable_by(user: User) -> QuerySet[FormVersion]:
    return FormVersion.objects.filter(form__in=forms_editable_by(user)).select_related(
        "form", "form__owner"
    )


def sections_editable_by(user: User) -> QuerySet[FormSection]:
    return FormSection.objects.filter(version__form__in=forms_editable_by(user)).select_related(
        "version", "version__form"
    )


def fields_editable_by(user: User) -> QuerySet[FormField]:
    return FormField.objects.filter(
        section__version__form__in=forms_editable_by(user)
    ).select_related("section", "section__version", "section__version__form")


def rules_editable_by(user: User) -> QuerySet[ValidationRule]:
    return ValidationRule.objects.filter(version__form__in=forms_editable_by(user)).select_related(
        "version", "version__form"
    )


def plain_number(value: Decimal | None) -> Decimal | None:
    """A stored bound without its trailing zeros (100.00 → 100, 94.50 → 94.5), which the
    page then localises ("94,5")."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@dataclass
class VersionContent:
    """A version's sections (each with `.fields.all()` prefetched, in order) and rules."""

    version: FormVersion
    sections: list[FormSection]
    rules: list[ValidationRule]

    @property
    def field_count(self) -> int:
        return sum(len(section.fields.all()) for section in self.sections)


def version_content(version: FormVersion) -> VersionContent:
    fields = FormField.objects.order_by("order", "pk")
    sections = list(
        version.sections.order_by("order", "pk").prefetch_related(Prefetch("fields", fields))
    )
    for section in sections:
        for form_field in section.fields.all():
            # The page names the source; an unknown code (a source since removed) shows as is.
            source = PREFILL_SOURCES.get(form_field.prefill)
            form_field.prefill_label = source.label if source else form_field.prefill
            form_field.min_shown = plain_number(form_field.min_value)
            form_field.max_shown = plain_number(form_field.max_value)
    rules = list(version.rules.select_related("left", "right").order_by("pk"))
    for rule in rules:
        rule.threshold_shown = plain_number(rule.threshold_percent)
    return VersionContent(version=version, sections=sections, rules=rules)


def version_figures(version: FormVersion) -> QuerySet[FormField]:
    """The figure fields of a version: the only ones a rule can compare."""
    return FormField.objects.filter(section__version=version, kind=FormField.Kind.FIGURE).order_by(
        "section__order", "section__pk", "order", "pk"
    )


def next_order(version: FormVersion, section: FormSection | None = None) -> int:
    """The order that puts a new section (or a new field of `section`) last."""
    rows = section.fields if section is not None else version.sections
    return (rows.aggregate(top=Max("order"))["top"] or 0) + 1
