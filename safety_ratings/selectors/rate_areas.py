"""The areas of the rates (địa bàn): the whole country or an administrative unit with its units
of both eras, the area a person names (by code or name, for `ratings_summary`), the short list
of the area picker, each person's default area, year and era, and the drill-down's breadcrumbs.
Who may read which area is in permissions.py (can_view_rates, rate_areas_visible_to).
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import REFORM_2025_DATE, AdministrativeUnit, User
from organizations.permissions import scope_of, units_in_scope
from organizations.search import fold_diacritics, search_by_key

from ..permissions import rate_areas_visible_to

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level

# The whole country in `ratings_summary --json` (as `models_summary` names it).
NATION_CODE = ""
NATION_NAME = gettext_lazy("Toàn quốc")
NATION_ALIASES = ("", "vn", "toan quoc")


# -- the area ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateArea:
    """An area of the rates: an administrative unit with its units of both eras, or the whole
    country (unit None, no filter)."""

    unit: AdministrativeUnit | None
    unit_ids: frozenset[int] | None

    @property
    def is_nation(self) -> bool:
        return self.unit is None

    @property
    def code(self) -> str:
        return self.unit.code if self.unit else NATION_CODE

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else str(NATION_NAME)

    @property
    def pk(self) -> int | None:
        return self.unit.pk if self.unit else None


def rate_area(unit: AdministrativeUnit | None, *, user: User | None = None) -> RateArea:
    """The area of `unit` in both eras (units_in_scope). For a person without nationwide scope
    the area keeps only units of their scope, so they never count units outside it."""
    if unit is None:
        return RateArea(unit=None, unit_ids=None)
    scope = scope_of(user) if user is not None else None
    if scope is not None and not scope.nationwide:
        if len(scope.scope_units) == 1 and scope.scope_units[0].pk == unit.pk:
            # The person's own area: their scope already holds it (saves three queries).
            return RateArea(unit=unit, unit_ids=scope.unit_ids)
        return RateArea(unit=unit, unit_ids=units_in_scope([unit]) & scope.unit_ids)
    return RateArea(unit=unit, unit_ids=units_in_scope([unit]))


def as_rate_area(area: RateArea | AdministrativeUnit | None) -> RateArea:
    """What the selectors take: a RateArea as is, a unit (or None) as its area in both eras."""
    return area if isinstance(area, RateArea) else rate_area(area)


def _unit_label(unit: AdministrativeUnit) -> str:
    era = _("trước 01/7/2025") if unit.is_legacy else _("từ 01/7/2025")
    parent = f", {unit.parent.name}" if unit.parent_id and unit.parent else ""
    return f"{unit.name}{parent} — {_('mã')} {unit.code}, {era}"


def rate_area_find(value: str, *, year: int) -> AdministrativeUnit | None:
    """The area a person names by its administrative code or its name (with or without
    diacritics, with or without "Tỉnh", "Xã"…). Among several: a full name beats a short one,
    the era of `year` beats the other, a higher level beats a lower one ("Lạng Sơn" is the
    province, "Thành phố Lạng Sơn" the city). "", "VN" or "Toàn quốc" is the whole country
    (None). Raises ValidationError, in Vietnamese, for an unknown name (with close matches) or
    one still ambiguous (listing the candidates)."""
    text = " ".join((value or "").split())
    folded = fold_diacritics(text)
    if folded in NATION_ALIASES:
        return None
    units = AdministrativeUnit.objects.select_related("parent")
    candidates = list(units.filter(code=text))
    if not candidates:
        ranked = [(_name_rank(unit, folded), unit) for unit in search_by_key(units, text)]
        ranked = [(rank, unit) for rank, unit in ranked if rank is not None]
        best = min((rank for rank, _unit in ranked), default=None)
        candidates = [unit for rank, unit in ranked if rank == best]
    if not candidates:
        raise ValidationError(_area_not_found_message(text))
    candidates = [unit for unit in candidates if unit.era == default_era(year)] or candidates
    top = min(unit.level for unit in candidates)
    candidates = [unit for unit in candidates if unit.level == top]
    if len(candidates) > 1:
        listed = "; ".join(
            _unit_label(unit) for unit in sorted(candidates, key=lambda u: u.path)[:10]
        )
        raise ValidationError(
            _("Có %(count)s đơn vị hành chính khớp «%(query)s»: %(units)s. Hãy nhập mã đơn vị.")
            % {"count": len(candidates), "query": text, "units": listed}
        )
    return candidates[0]


def _name_rank(unit: AdministrativeUnit, folded: str) -> int | None:
    """0: the query is the unit's full name; 1: its short name; None: neither."""
    if folded in (
        fold_diacritics(unit.name),
        fold_diacritics(f"{unit.unit_type} {unit.short_name}"),
    ):
        return 0
    return 1 if folded == fold_diacritics(unit.short_name) else None


def _area_not_found_message(text: str) -> str:
    names: dict[str, str] = {}
    for name, short_name in AdministrativeUnit.objects.values_list("name", "short_name"):
        names.setdefault(fold_diacritics(name), name)
        names.setdefault(fold_diacritics(short_name), name)
    matches = difflib.get_close_matches(fold_diacritics(text), names.keys(), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[match] for match in matches))
    if suggestions:
        return _("Không tìm thấy đơn vị hành chính «%(query)s». Có phải: %(suggestions)s?") % {
            "query": text,
            "suggestions": ", ".join(suggestions),
        }
    return _(
        "Không tìm thấy đơn vị hành chính «%(query)s». Hãy nhập mã (ví dụ 20) hoặc tên "
        "(ví dụ Lạng Sơn); bỏ trống để tính toàn quốc."
    ) % {"query": text}


# -- the picker, the defaults and the breadcrumbs ---------------------------------------------


def rate_area_choices(user: User) -> QuerySet[AdministrativeUnit]:
    """The short list of the area picker: provinces and districts in scope, and the user's own
    scope units (a commune committee's commune); communes are reached by the drill-down."""
    scope = scope_of(user)
    areas = rate_areas_visible_to(user)
    if scope.nationwide:
        return areas.filter(level=Level.PROVINCE).order_by("era", "path")
    own = [unit.pk for unit in scope.scope_units]
    return areas.filter(Q(level__lte=Level.DISTRICT) | Q(pk__in=own)).order_by("era", "path")


def default_rate_area(user: User) -> AdministrativeUnit | None:
    """The user's own scope unit; None (the whole country) for the administrator."""
    scope = scope_of(user)
    return scope.scope_units[0] if scope.scope_units and not scope.nationwide else None


def requested_rate_area(user: User, value: int | str | None) -> RateArea:
    """The area a page asks for (RatesParamsForm's cleaned `area`) within the person's scope
    (404 outside it): their own when not given, the whole country for "" when they may read
    it (for others "" is their own too)."""
    if value is None or (value == "" and not scope_of(user).nationwide):
        return rate_area(default_rate_area(user), user=user)
    if value == "":
        return rate_area(None, user=user)
    areas = rate_areas_visible_to(user).select_related("parent__parent")
    return rate_area(get_object_or_404(areas, pk=value), user=user)


def default_era(year: int) -> str:
    """The old units for the years before the reform, the new ones from 2025."""
    return Era.LEGACY if datetime.date(year, 12, 31) < REFORM_2025_DATE else Era.REFORM_2025


def default_year(today: datetime.date) -> int:
    """Results are decided in November: before then, last year's are the latest complete."""
    return today.year if today.month >= 11 else today.year - 1


def area_ancestors(unit: AdministrativeUnit | None, user: User) -> list[AdministrativeUnit]:
    """The area's parents the user may read, top first (the drill-down's breadcrumbs)."""
    if unit is None:
        return []
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    scope = scope_of(user)
    return [u for u in reversed(chain) if scope.covers_unit(u.pk)]
