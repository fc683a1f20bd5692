"""Registering the units rated each year, with the eligibility rules of TT 124/2021."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import REFORM_2025_DATE, AdministrativeUnit, User
from organizations.search import fold_diacritics

from ..models import RatedUnit, UnitKind

EDITABLE_FIELDS = [
    "kind", "name", "commune", "legacy_commune", "local_type", "enterprise_size",
    "education_level", "is_armed_forces", "organization", "address", "households",
    "valid_from", "valid_to",
]  # fmt: skip


def eligibility_problems(unit: RatedUnit) -> dict[str, str]:
    """Why TT 124/2021 (Điều 1) does not rate this unit, field by field; empty if it does."""
    problems: dict[str, str] = {}
    if unit.kind == UnitKind.AGENCY and unit.is_armed_forces:
        problems["is_armed_forces"] = _(
            "Đơn vị thuộc lực lượng vũ trang không thuộc đối tượng đánh giá "
            "“An toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA, Điều 1)."
        )
    if unit.kind == UnitKind.ENTERPRISE:
        if not unit.enterprise_size:
            problems["enterprise_size"] = _("Chọn quy mô của doanh nghiệp.")
        elif unit.enterprise_size in RatedUnit.INELIGIBLE_SIZES:
            problems["enterprise_size"] = _(
                "Doanh nghiệp nhỏ và siêu nhỏ không thuộc đối tượng đánh giá "
                "(Thông tư 124/2021/TT-BCA, Điều 1); chỉ doanh nghiệp vừa và lớn được đánh giá."
            )
    if unit.kind == UnitKind.SCHOOL:
        if not unit.education_level:
            problems["education_level"] = _("Chọn cấp học của cơ sở giáo dục.")
        elif unit.education_level in RatedUnit.INELIGIBLE_LEVELS:
            problems["education_level"] = _(
                "Trường tiểu học, mầm non, mẫu giáo và nhà trẻ không thuộc đối tượng đánh giá "
                "(Thông tư 124/2021/TT-BCA, Điều 1)."
            )
    if unit.kind == UnitKind.RESIDENTIAL_AREA and not unit.local_type:
        problems["local_type"] = _("Chọn loại khu dân cư (thôn, bản, tổ dân phố…).")
    return problems


def _check_place(unit: RatedUnit) -> None:
    commune = unit.commune
    if commune.level != AdministrativeUnit.Level.COMMUNE:
        raise ValidationError(
            {"commune": _("Đơn vị phải thuộc một xã, phường, thị trấn, đặc khu.")}
        )
    legacy = unit.legacy_commune
    if legacy is not None:
        if legacy.level != AdministrativeUnit.Level.COMMUNE or not legacy.is_legacy:
            raise ValidationError(
                {"legacy_commune": _("Chọn xã, phường, thị trấn trước ngày 01/7/2025.")}
            )
        if commune.is_legacy:
            raise ValidationError(
                {"legacy_commune": _("Chỉ ghi xã cũ khi đơn vị thuộc một xã mới sau 01/7/2025.")}
            )
    if commune.valid_to and unit.valid_from > commune.valid_to:
        raise ValidationError(
            {"valid_from": _("%(commune)s đã hết hiệu lực từ %(day)s.")
             % {"commune": commune.name, "day": commune.valid_to.strftime("%d/%m/%Y")}}
        )  # fmt: skip
    if unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu.")})


def _check_assessed_years(unit: RatedUnit) -> None:
    """A unit cannot end before the window of a year it was assessed for has closed, or the
    year's rate would count a recognition without its unit."""
    if unit.pk is None or unit.valid_to is None:
        return
    for assessment in unit.assessments.select_related("criteria_version"):
        window_end = assessment.criteria_version.window_for(assessment.year)[1]
        if unit.valid_to < window_end:
            raise ValidationError(
                {"valid_to": _(
                    "Đơn vị đã có đánh giá năm %(year)s (kỳ đánh giá đến %(day)s); "
                    "ngày hết hiệu lực phải từ ngày đó trở đi."
                ) % {"year": assessment.year, "day": window_end.strftime("%d/%m/%Y")}}
            )  # fmt: skip


def _prepare(unit: RatedUnit) -> None:
    unit.name = " ".join(unit.name.split())
    if unit.kind == UnitKind.COMMUNE:
        unit.administrative_unit = unit.commune
        unit.name = unit.name or unit.commune.name
    else:
        unit.administrative_unit = None
    if unit.kind != UnitKind.RESIDENTIAL_AREA:
        unit.local_type = ""
    if unit.kind != UnitKind.ENTERPRISE:
        unit.enterprise_size = ""
    if unit.kind != UnitKind.SCHOOL:
        unit.education_level = ""
    if unit.kind != UnitKind.AGENCY:
        unit.is_armed_forces = False
    unit.search_key = fold_diacritics(f"{unit.name} {unit.address}")[:300]


def _save_checked(unit: RatedUnit) -> RatedUnit:
    _prepare(unit)
    problems = eligibility_problems(unit)
    if problems:
        raise ValidationError(problems)
    _check_place(unit)
    _check_assessed_years(unit)
    duplicate = RatedUnit.objects.filter(
        commune=unit.commune, kind=unit.kind, name__iexact=unit.name, valid_to__isnull=True
    ).exclude(pk=unit.pk)
    if unit.valid_to is None and duplicate.exists():
        raise ValidationError(
            {"name": _("Xã này đã có %(kind)s cùng tên đang hiệu lực.")
             % {"kind": unit.get_kind_display()}}
        )  # fmt: skip
    unit.full_clean()
    unit.save()
    return unit


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


@transaction.atomic
def rated_unit_create(*, fields: dict, by: User | None) -> RatedUnit:
    """Add a unit to the list rated each year, if TT 124/2021 allows it."""
    _check_fields(fields)
    unit = RatedUnit(**fields, created_by=by)
    if unit.kind == UnitKind.COMMUNE and "valid_from" not in fields:
        unit.valid_from = unit.commune.valid_from or datetime.date(2000, 1, 1)
    return _save_checked(unit)


@transaction.atomic
def rated_unit_update(*, unit: RatedUnit, fields: dict) -> RatedUnit:
    _check_fields(fields)
    for name, value in fields.items():
        setattr(unit, name, value)
    return _save_checked(unit)


@transaction.atomic
def rated_unit_end(*, unit: RatedUnit, on: datetime.date, reason: str) -> RatedUnit:
    """Close a unit that was merged, dissolved or no longer qualifies (from `on`)."""
    if not reason.strip():
        raise ValidationError({"end_reason": _("Ghi lý do kết thúc (sáp nhập, giải thể…).")})
    unit.valid_to = on
    unit.end_reason = reason.strip()
    return _save_checked(unit)


@transaction.atomic
def commune_units_ensure(*, communes: list[AdministrativeUnit]) -> int:
    """Make each commune a rated unit of the commune kind (idempotent); returns how many new."""
    existing = set(
        RatedUnit.objects.filter(administrative_unit__in=communes).values_list(
            "administrative_unit_id", flat=True
        )
    )
    created = 0
    for commune in communes:
        if commune.pk in existing or commune.level != AdministrativeUnit.Level.COMMUNE:
            continue
        valid_from = commune.valid_from or datetime.date(2000, 1, 1)
        valid_to = commune.valid_to
        if valid_to is None and commune.is_legacy:
            valid_to = REFORM_2025_DATE - datetime.timedelta(days=1)
        _save_checked(
            RatedUnit(
                kind=UnitKind.COMMUNE,
                name=commune.name,
                commune=commune,
                valid_from=valid_from,
                valid_to=valid_to,
            )  # fmt: skip
        )
        created += 1
    return created
