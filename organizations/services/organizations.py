"""Organizations attached to units."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Organization
from ..search import fold_diacritics

EDITABLE_FIELDS = {
    "name",
    "short_name",
    "kind",
    "unit",
    "parent",
    "document_series_code",
    "email",
    "valid_from",
    "valid_to",
}


def _search_key(organization: Organization) -> str:
    return fold_diacritics(f"{organization.name} {organization.short_name}")


def _check(organization: Organization) -> None:
    if (
        organization.valid_from
        and organization.valid_to
        and organization.valid_to < organization.valid_from
    ):
        raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu hoạt động.")})
    if organization.parent_id and organization.parent_id == organization.pk:
        raise ValidationError(
            {"parent": _("Một tổ chức không thể là cơ quan chủ quản của chính nó.")}
        )
    duplicate = Organization.objects.filter(
        unit=organization.unit, name__iexact=organization.name
    ).exclude(pk=organization.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("Địa bàn này đã có tổ chức cùng tên.")})


@transaction.atomic
def organization_create(**fields) -> Organization:
    """Register an organization (committee, police, UBND, department, mass organisation…)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"organization_create does not take {sorted(unknown)}")
    organization = Organization(**fields)
    _check(organization)
    organization.search_key = _search_key(organization)
    organization.full_clean(validate_unique=False)
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, **fields) -> Organization:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"organization_update does not change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organization, name, value)
    _check(organization)
    organization.search_key = _search_key(organization)
    organization.full_clean(validate_unique=False)
    organization.save()
    return organization


@transaction.atomic
def organization_ensure(*, name: str, kind: str, unit, **fields) -> Organization:
    """The organization of that name in that unit, created or brought up to date (idempotent)."""
    existing = Organization.objects.filter(unit=unit, name=name).first()
    if existing is None:
        return organization_create(name=name, kind=kind, unit=unit, **fields)
    changed = {k: v for k, v in {"kind": kind, **fields}.items() if getattr(existing, k) != v}
    if not changed:
        return existing
    return organization_update(organization=existing, **changed)
