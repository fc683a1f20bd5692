"""Reading rated units: a commune's units for a day, the criteria version of a year."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from organizations.models import REFORM_2025_DATE, AdministrativeUnit

from ..models import CriteriaVersion, RatedUnit, UnitKind


def valid_on(day: datetime.date, *, prefix: str = "") -> Q:
    """Rows whose validity dates cover `day`."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def under_commune_on(commune_ids, day: datetime.date, *, prefix: str = "") -> Q:
    """Units under one of the communes on `day`: before the reform a unit that crossed it is
    under its legacy commune; otherwise under its commune."""
    if day < REFORM_2025_DATE:
        return Q(**{f"{prefix}legacy_commune_id__in": commune_ids}) | Q(
            **{f"{prefix}legacy_commune__isnull": True, f"{prefix}commune_id__in": commune_ids}
        )
    return Q(**{f"{prefix}commune_id__in": commune_ids})


def units_of_commune(commune: AdministrativeUnit, day: datetime.date) -> QuerySet[RatedUnit]:
    """The units a commune manages on `day` (all kinds but the commune itself)."""
    return (
        RatedUnit.objects.filter(valid_on(day), under_commune_on([commune.pk], day))
        .exclude(kind=UnitKind.COMMUNE)
        .order_by("kind", "name", "pk")
    )


def criteria_version_for(kind: str, year: int) -> CriteriaVersion:
    """The criteria version that applies to `kind` in `year`: the latest in force that year."""
    version = (
        CriteriaVersion.objects.filter(kind=kind, effective_from__lte=datetime.date(year, 12, 31))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=datetime.date(year, 1, 1)))
        .order_by("-effective_from")
        .first()
    )
    if version is None:
        raise ValidationError(
            _("Chưa có bộ tiêu chí cho %(kind)s năm %(year)s; quản trị viên cần thêm bộ tiêu chí.")
            % {"kind": UnitKind(kind).label, "year": year}
        )
    return version
