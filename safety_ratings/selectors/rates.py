"""The rates of "An toàn về an ninh, trật tự" per area and year (tỷ lệ đạt tiêu chuẩn): the
figures per kind, the drill-down one level at a time, the year-over-year comparison, the units
not recognised with the criteria they failed, and the areas a person may read.

Định nghĩa (hiển thị trên trang bằng RATE_DEFINITIONS):

- Ngày tính của năm Y, loại K: ngày kết thúc kỳ đánh giá của bộ tiêu chí áp dụng cho (K, Y)
  (``criteria_version_for(K, Y).window_for(Y)[1]``, ví dụ 31/10/Y với khu dân cư theo
  TT 124/2021).
- Thuộc diện đánh giá (eligible): đơn vị loại K còn hiệu lực vào ngày tính (hiệu lực từ ≤ ngày
  tính ≤ hiệu lực đến, hoặc chưa kết thúc) và thuộc một xã của địa bàn vào ngày đó (trước
  01/7/2025, đơn vị đã chuyển sang xã mới được tính theo xã cũ). Xã của địa bàn là toàn bộ
  đơn vị hành chính dưới địa bàn ở cả hai giai đoạn, nối qua quan hệ kế thừa
  (``units_in_scope([area])``), nên tổng của một địa bàn không phụ thuộc việc chọn giai đoạn.
  Không chọn địa bàn: toàn quốc.
- Đã đăng ký (registered): đơn vị thuộc diện có hồ sơ năm Y, ở bất kỳ trạng thái nào.
- Đã tự đánh giá (assessed): đơn vị thuộc diện có hồ sơ năm Y đã qua bước đăng ký: đã tự đánh
  giá, bị trả lại để bổ sung, đã thẩm định, được công nhận, không được công nhận, bị thu hồi
  (đơn vị đã tự đánh giá ít nhất một lần).
- Được công nhận (recognised): đơn vị thuộc diện có hồ sơ năm Y ở trạng thái "Được công nhận";
  hồ sơ đã bị thu hồi công nhận không được tính.
- Tử số luôn đếm trong số đơn vị thuộc diện (nối theo đơn vị), nên tỷ lệ không bao giờ vượt 100%.
- Tỷ lệ = được công nhận / thuộc diện × 100, làm tròn nửa lên đến 2 chữ số thập phân; địa bàn
  không có đơn vị thuộc diện: tỷ lệ 0, hiển thị "—".

Drill-down: the nation → its provinces; a province → its districts (by the old units, the
default for years before the 2025 reform) or its communes (by the new units); a district → its
communes; a commune → its units. Each eligible unit goes to exactly one child: its commune on
the reference day, carried to the chosen era through the succession links — old → new: the new
commune the unit itself moved to, else the main successor (``is_main``) of its old commune;
new → old: the unit's ``legacy_commune``, else the first main predecessor of its new commune.
A unit that cannot be placed under a child of the area is shown on an "other" row, so the rows
always sum to the parent. (A child's own page counts every unit under it in both eras, so when
an old commune was split, its units appear on each successor's own page but only in the main
successor's row.)

Every figure is a GROUP BY in SQL; a page runs a fixed number of queries whatever the number of
units, communes and assessments.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import REFORM_2025_DATE, AdministrativeUnit, UnitSuccession, User
from organizations.permissions import Role, scope_of, units_in_scope, units_visible_to
from organizations.search import fold_diacritics, search_by_key

from ..models import Assessment, CriteriaVersion, CriterionResult, RatedUnit, UnitKind
from .units import under_commune_on, valid_on

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level
Status = Assessment.Status

# Past registration: the unit has given its own verdict at least once.
ASSESSED_STATUSES = (
    Status.SELF_ASSESSED,
    Status.RETURNED,
    Status.APPRAISED,
    Status.RECOGNISED,
    Status.NOT_RECOGNISED,
    Status.REVOKED,
)
IN_PROGRESS_STATUSES = (Status.REGISTERED, Status.SELF_ASSESSED, Status.RETURNED, Status.APPRAISED)
# The whole country in `ratings_summary --json` (as `models_summary` names it).
NATION_CODE = ""
NATION_NAME = gettext_lazy("Toàn quốc")
NATION_ALIASES = ("", "vn", "toan quoc")
# Roles that read the rates of their own area; an agency reads its own unit's ratings on the
# unit pages, not an area's statistics.
RATE_READER_ROLES = (Role.STANDING_STAFF, Role.LEADER, Role.COMMITTEE)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

RATE_DEFINITIONS = (
    gettext_lazy(
        "Ngày tính: ngày kết thúc kỳ đánh giá của bộ tiêu chí áp dụng cho từng loại đơn vị trong "
        "năm (ví dụ 31/10 với khu dân cư theo Thông tư 124/2021/TT-BCA)."
    ),
    gettext_lazy(
        "Thuộc diện đánh giá: đơn vị còn hiệu lực vào ngày tính và thuộc một xã của địa bàn vào "
        "ngày đó (trước 01/7/2025 tính theo xã cũ). Địa bàn gồm các đơn vị hành chính của nó ở "
        "cả hai giai đoạn, nối qua quan hệ kế thừa, nên tổng không phụ thuộc giai đoạn đã chọn."
    ),
    gettext_lazy(
        "Đã đăng ký: đơn vị thuộc diện có hồ sơ đăng ký của năm, ở bất kỳ trạng thái nào."
    ),
    gettext_lazy(
        "Đã tự đánh giá: hồ sơ của năm đã qua bước đăng ký (đã tự đánh giá, bị trả lại để bổ "
        "sung, đã thẩm định, được hoặc không được công nhận, bị thu hồi)."
    ),
    gettext_lazy(
        "Được công nhận: hồ sơ của năm đang ở trạng thái được công nhận; hồ sơ đã bị thu hồi "
        "công nhận không được tính. Mọi số đều đếm trong số đơn vị thuộc diện, nên tỷ lệ không "
        "vượt quá 100%."
    ),
    gettext_lazy(
        "Tỷ lệ = được công nhận / thuộc diện × 100, làm tròn 2 chữ số thập phân; địa bàn không "
        "có đơn vị thuộc diện hiển thị “—”."
    ),
    gettext_lazy(
        "Chi tiết theo địa bàn: mỗi đơn vị được tính đúng một lần, vào xã của nó vào ngày tính, "
        "chuyển sang giai đoạn đã chọn qua quan hệ kế thừa (xã cũ → xã mới mà đơn vị đã chuyển "
        "đến, nếu không có thì xã kế thừa chính; xã mới → xã cũ ghi trên đơn vị, nếu không có "
        "thì xã cũ đầu tiên hợp thành xã mới). Đơn vị không xếp được vào địa bàn con nào nằm ở "
        "dòng “Khác”, nên tổng các dòng luôn bằng số của địa bàn cấp trên."
    ),
)


# -- who reads rates, and which areas ---------------------------------------------------------
# (Permission functions of this part; built on the organizations scope like permissions.py.)


def can_view_rates(user: User) -> bool:
    """Provincial staff, committees and leaders read their area's rates; the administrator the
    whole country. An agency gets 403: it reads its own unit's ratings, not an area's."""
    scope = scope_of(user)
    return scope.nationwide or scope.has_role(*RATE_READER_ROLES)


def rate_areas_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Areas whose rates the user may read (any level, both eras); nothing without the right."""
    if not can_view_rates(user):
        return AdministrativeUnit.objects.none()
    return units_visible_to(user)


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


def default_era(year: int) -> str:
    """The old units for the years before the reform, the new ones from 2025."""
    return Era.LEGACY if datetime.date(year, 12, 31) < REFORM_2025_DATE else Era.REFORM_2025


def default_year(today: datetime.date) -> int:
    """Results are decided in November: before then, last year's are the latest complete."""
    return today.year if today.month >= 11 else today.year - 1


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


def _as_area(area: RateArea | AdministrativeUnit | None) -> RateArea:
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


# -- figures ----------------------------------------------------------------------------------


def number_text(value: int) -> str:
    """ "3.321": grouped as the province writes it."""
    with translation.override("vi"):
        return formats.number_format(value, use_l10n=True, force_grouping=True)


def percent_text(rate: Decimal) -> str:
    """ "94,75%", "98,9%", "100%": as the province writes it (no trailing zeros)."""
    rate = rate.quantize(CENT)
    places = 2 if rate % Decimal("0.1") else (1 if rate % 1 else 0)
    with translation.override("vi"):
        return formats.number_format(rate, decimal_pos=places, use_l10n=True) + "%"


def rate_of(recognised: int, eligible: int) -> Decimal:
    """recognised / eligible × 100, rounded half up to 2 decimals; 0 when nothing is eligible."""
    if not eligible:
        return Decimal("0.00")
    return (Decimal(recognised) * HUNDRED / Decimal(eligible)).quantize(CENT, ROUND_HALF_UP)


@dataclass
class KindRate:
    """One kind's figures for a year in an area, with last year's beside them."""

    kind: str
    eligible: int = 0
    assessed: int = 0
    registered: int = 0
    recognised: int = 0
    reference_day: datetime.date | None = None
    previous: KindRate | None = None

    @property
    def label(self) -> str:
        return str(UnitKind(self.kind).label)

    @property
    def rate(self) -> Decimal:
        return rate_of(self.recognised, self.eligible)

    @property
    def not_recognised(self) -> int:
        return self.eligible - self.recognised

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate) if self.eligible else "—"

    @property
    def sentence(self) -> str:
        """ "3.321 / 3.505 khu dân cư — 94,75%"."""
        counts = f"{number_text(self.recognised)} / {number_text(self.eligible)}"
        return f"{counts} {self.label} — {self.rate_text}"

    @property
    def change(self) -> Decimal | None:
        """The rate's change since last year, in percentage points (None without both rates)."""
        if self.previous is None or not self.eligible or not self.previous.eligible:
            return None
        return self.rate - self.previous.rate

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        with translation.override("vi"):
            points = formats.number_format(abs(change), decimal_pos=2, use_l10n=True)
        return _("%(sign)s%(points)s điểm %%") % {"sign": sign, "points": points}

    def add(self, row: dict) -> None:
        for name in ("eligible", "assessed", "registered", "recognised"):
            setattr(self, name, getattr(self, name) + row[name])


def reference_days(year: int) -> dict[str, datetime.date | None]:
    """Each kind's reference day in `year`: the end of the evaluation window of the version
    criteria_version_for(kind, year) picks (the same rule, on one query for all kinds; None
    when no version applies that year)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    versions: dict[str, list[CriteriaVersion]] = defaultdict(list)
    for version in (
        CriteriaVersion.objects.filter(effective_from__lte=last)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
        .order_by("-effective_from")
    ):
        versions[version.kind].append(version)
    return {
        kind: versions[kind][0].window_for(year)[1] if versions[kind] else None
        for kind in UnitKind.values
    }


def eligible_units(
    area: RateArea, days: dict[str, datetime.date | None], *, kinds: list[str] | None = None
) -> QuerySet[RatedUnit]:
    """The eligible units of the area: per kind, valid on its reference day and under one of
    the area's communes on that day. Kinds sharing a day share one condition, so the planner
    reads the (commune, kind) and (legacy_commune, kind) indexes."""
    by_day: dict[datetime.date, list[str]] = defaultdict(list)
    for kind, day in days.items():
        if day is not None and (kinds is None or kind in kinds):
            by_day[day].append(kind)
    condition = Q(pk__in=[])
    ids = sorted(area.unit_ids) if area.unit_ids is not None else None
    for day, day_kinds in sorted(by_day.items()):
        part = Q(kind__in=sorted(day_kinds)) & valid_on(day)
        if ids is not None:
            part &= under_commune_on(ids, day)
        condition |= part
    return RatedUnit.objects.filter(condition)


def _with_year_assessment(units: QuerySet[RatedUnit], year: int) -> QuerySet[RatedUnit]:
    # One row per unit: an assessment is unique per (unit, year), so the join never doubles.
    return units.annotate(
        year_assessment=FilteredRelation("assessments", condition=Q(assessments__year=year))
    )


COUNTS = {
    "eligible": Count("pk"),
    "registered": Count("year_assessment__id"),
    "assessed": Count(
        "year_assessment__id", filter=Q(year_assessment__status__in=ASSESSED_STATUSES)
    ),
    "recognised": Count("year_assessment__id", filter=Q(year_assessment__status=Status.RECOGNISED)),
}


def rate_aggregate(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    *,
    days: dict[str, datetime.date | None] | None = None,
    group_by: tuple[str, ...] = ("kind",),
    keys: dict[str, Expression] | None = None,
) -> QuerySet:
    """The one SQL aggregate behind a year's figures: eligible units LEFT JOIN their assessment
    of the year, GROUP BY `group_by` and the `keys` expressions (the benchmark runs it bare,
    next to the page)."""
    area = _as_area(area)
    days = reference_days(year) if days is None else days
    return (
        _with_year_assessment(eligible_units(area, days), year)
        .values(*group_by, **(keys or {}))
        .annotate(**COUNTS)
        .order_by()
    )


def _kind_rows(area: RateArea, year: int) -> list[KindRate]:
    days = reference_days(year)
    rows = {kind: KindRate(kind=kind, reference_day=days[kind]) for kind in UnitKind.values}
    for row in rate_aggregate(area, year, days=days):
        rows[row["kind"]].add(row)
    return list(rows.values())


def rates_for(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    *,
    era: str | None = None,
    compare: bool = True,
) -> list[KindRate]:
    """The five kinds' figures in the area for `year` (all five always listed), each with last
    year's (`previous`) when `compare`. The area's total does not depend on `era` (its units of
    both eras count); `era` only says how the drill-down reads it. Two or four queries."""
    area = _as_area(area)
    rows = _kind_rows(area, year)
    if compare:
        for row, previous in zip(rows, _kind_rows(area, year - 1), strict=True):
            row.previous = previous
    return rows


# -- drill-down -------------------------------------------------------------------------------


@dataclass
class ChildRates:
    """One row of the drill-down: a child area (None for units placed under no child)."""

    unit: AdministrativeUnit | None
    kinds: dict[str, KindRate] = field(default_factory=dict)

    @property
    def is_other(self) -> bool:
        return self.unit is None

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else _("Khác (không xếp được vào địa bàn nào ở trên)")

    def kind(self, kind: str) -> KindRate:
        return self.kinds[kind]


def child_level(area: RateArea, era: str) -> int | None:
    """The level of the area's children in `era`; None when the children are the units."""
    if area.is_nation:
        return Level.PROVINCE
    if area.unit.level == Level.PROVINCE:
        return Level.DISTRICT if era == Era.LEGACY else Level.COMMUNE
    if area.unit.level == Level.DISTRICT:
        return Level.COMMUNE
    return None


def child_units(area: RateArea, era: str) -> list[AdministrativeUnit]:
    """The area's children in `era` (empty for a commune: its children are units)."""
    level = child_level(area, era)
    if level is None:
        return []
    units = AdministrativeUnit.objects.filter(era=era, level=level).select_related("parent")
    if area.unit_ids is not None:
        units = units.filter(pk__in=area.unit_ids)
    return list(units.order_by("path"))


@dataclass
class _Tree:
    """The units the mapping walks (era, level, parent) and the main succession links."""

    units: dict[int, tuple[str, int, int | None]]
    main_successor: dict[int, int]
    main_predecessor: dict[int, int]

    def era_of(self, unit_id: int | None) -> str | None:
        info = self.units.get(unit_id)
        return info[0] if info else None


def _tree(area: RateArea) -> _Tree:
    units = AdministrativeUnit.objects.all()
    links = UnitSuccession.objects.filter(is_main=True)
    if area.unit_ids is not None:
        units = units.filter(pk__in=area.unit_ids)
        links = links.filter(
            Q(predecessor_id__in=area.unit_ids) | Q(successor_id__in=area.unit_ids)
        )
    rows = links.values_list(
        "predecessor_id", "successor_id", "predecessor__path", "successor__path"
    )
    main_successor: dict[int, int] = {}
    main_predecessor: dict[int, int] = {}
    # Deterministic choice when there are several: the first by administrative path.
    for predecessor, successor, _p, _s in sorted(rows, key=lambda r: r[3]):
        main_successor.setdefault(predecessor, successor)
    for predecessor, successor, _p, _s in sorted(rows, key=lambda r: r[2]):
        main_predecessor.setdefault(successor, predecessor)
    return _Tree(
        units={
            pk: (era, level, parent)
            for pk, era, level, parent in units.values_list("pk", "era", "level", "parent_id")
        },  # fmt: skip
        main_successor=main_successor,
        main_predecessor=main_predecessor,
    )


def _commune_in_era(tree: _Tree, on_day: int, other: int | None, era: str) -> int | None:
    """The commune of `era` a unit belongs to, from its commune on the reference day and, when
    it crossed the reform, its commune on the other side."""
    if tree.era_of(on_day) == era:
        return on_day
    # The unit's own link across the reform first (it records where the unit went or came
    # from), then the communes' main succession link.
    if other is not None and tree.era_of(other) == era:
        return other
    if era == Era.REFORM_2025:
        return tree.main_successor.get(on_day)
    return tree.main_predecessor.get(on_day)


def _ancestor_at(tree: _Tree, unit_id: int | None, level: int) -> int | None:
    while unit_id is not None:
        info = tree.units.get(unit_id)
        if info is None:
            return None
        if info[1] <= level:
            return unit_id if info[1] == level else None
        unit_id = info[2]
    return None


def _group_keys(days: dict[str, datetime.date | None], era: str) -> dict[str, Expression]:
    """The GROUP BY keys of the drill-down: each unit's commune on the reference day and, only
    when the era asks for the other side of the reform, its commune there (so a same-era
    drill-down has one group per commune and kind, not one per pair)."""
    before = sorted(k for k, day in days.items() if day is not None and day < REFORM_2025_DATE)
    after = sorted(k for k, day in days.items() if day is not None and day >= REFORM_2025_DATE)
    crossed = Q(legacy_commune__isnull=False)
    on_day = (
        Case(When(crossed, kind__in=before, then=F("legacy_commune_id")), default=F("commune_id"))
        if before
        else F("commune_id")
    )
    nothing = Value(None, output_field=BigIntegerField())
    if era == Era.REFORM_2025:
        other = Case(When(crossed, kind__in=before, then=F("commune_id"))) if before else nothing
    else:
        other = Case(When(kind__in=after, then=F("legacy_commune_id"))) if after else nothing
    return {"on_day": on_day, "other": other}


def _figures_by_child(
    area: RateArea, year: int, *, era: str, level: int, tree: _Tree, child_ids: list[int]
) -> dict[int | None, dict[str, KindRate]]:
    """One GROUP BY (kind, commune on the day[, commune across the reform]), each group
    carried to its child in Python: at most the communes × kinds, whatever the units."""
    days = reference_days(year)
    figures = {
        key: {kind: KindRate(kind=kind, reference_day=days[kind]) for kind in UnitKind.values}
        for key in [*child_ids, None]
    }
    groups = rate_aggregate(area, year, days=days, keys=_group_keys(days, era)).values_list(
        "kind", "on_day", "other", *COUNTS
    )
    child_of: dict[tuple[int, int | None], int | None] = {}
    for kind, on_day, other, eligible, registered, assessed, recognised in groups:
        if (on_day, other) not in child_of:
            key = _ancestor_at(tree, _commune_in_era(tree, on_day, other, era), level)
            child_of[(on_day, other)] = key if key in figures else None
        rate = figures[child_of[(on_day, other)]][kind]
        rate.eligible += eligible
        rate.registered += registered
        rate.assessed += assessed
        rate.recognised += recognised
    return figures


def rates_by_child(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    era: str | None = None,
    *,
    compare: bool = True,
) -> list[ChildRates]:
    """The drill-down one level below the area, in `era` (default: the era of the year): one
    row per child with the five kinds' figures (and last year's), plus an "other" row when
    some units fall under no child. The rows sum to rates_for(area, year). Empty for a
    commune (its units are listed by units_for_rates). Six queries, or eight with `compare`."""
    area = _as_area(area)
    era = era or default_era(year)
    level = child_level(area, era)
    if level is None:
        return []
    children = child_units(area, era)
    tree = _tree(area)
    child_ids = [child.pk for child in children]
    figures = _figures_by_child(area, year, era=era, level=level, tree=tree, child_ids=child_ids)
    if compare:
        before = _figures_by_child(
            area, year - 1, era=era, level=level, tree=tree, child_ids=child_ids
        )
        for key, kinds in figures.items():
            for kind, rate in kinds.items():
                rate.previous = before[key][kind]
    rows = [ChildRates(unit=child, kinds=figures[child.pk]) for child in children]
    other = ChildRates(unit=None, kinds=figures[None])
    if any(
        rate.eligible or (rate.previous is not None and rate.previous.eligible)
        for rate in other.kinds.values()
    ):
        rows.append(other)
    return rows


def total_of(rows: list[ChildRates], kind: str) -> KindRate:
    """The sum of the drill-down rows for a kind (equal to the parent's figures), with last
    year's sum when the rows carry it."""

    def add_up(rates: list[KindRate]) -> KindRate:
        total = KindRate(kind=kind)
        for rate in rates:
            total.add(vars(rate))
            total.reference_day = rate.reference_day
        return total

    total = add_up([row.kinds[kind] for row in rows])
    previous = [row.kinds[kind].previous for row in rows if row.kinds[kind].previous]
    if previous:
        total.previous = add_up(previous)
    return total


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


# -- units of an area: the last level, and those not recognised ------------------------------


def failed_criteria_q(prefix: str = "") -> Q:
    """Criterion results that fail: the appraised verdict where given, else the unit's own."""
    return Q(**{f"{prefix}appraised_met": False}) | Q(
        **{f"{prefix}appraised_met__isnull": True, f"{prefix}self_met": False}
    )


def units_for_rates(
    area: RateArea | AdministrativeUnit | None,
    year: int,
    *,
    kind: str | None = None,
    not_recognised_only: bool = False,
) -> QuerySet[RatedUnit]:
    """The eligible units of the area for `year` (one kind or all), each with its assessment
    of the year (`year_assessments`, 0 or 1) and that assessment's failing criteria
    (`failed_results`), and `commune_name`: its commune on the reference day. With
    `not_recognised_only`: those not recognised (no assessment, in progress, not recognised,
    revoked). Three queries per page whatever the number of units (prefetch)."""
    area = _as_area(area)
    days = reference_days(year)
    units = eligible_units(area, days, kinds=[kind] if kind else None)
    if not_recognised_only:
        recognised = Assessment.objects.filter(
            rated_unit=OuterRef("pk"), year=year, status=Status.RECOGNISED
        )
        units = units.filter(~Exists(recognised))
    failed = CriterionResult.objects.filter(failed_criteria_q()).select_related("criterion")
    year_assessments = Assessment.objects.filter(year=year).prefetch_related(
        Prefetch("results", queryset=failed, to_attr="failed_results")
    )
    before_reform = [k for k, day in days.items() if day is not None and day < REFORM_2025_DATE]
    return (
        units.select_related("commune", "legacy_commune")
        .annotate(
            commune_name=Case(
                When(
                    kind__in=before_reform,
                    legacy_commune__isnull=False,
                    then=F("legacy_commune__name"),
                ),
                default=F("commune__name"),
            )
        )
        .prefetch_related(
            Prefetch("assessments", queryset=year_assessments, to_attr="year_assessments")
        )  # fmt: skip
        .order_by("kind", "commune_name", "name", "pk")
    )


def not_recognised_breakdown(
    area: RateArea | AdministrativeUnit | None, year: int, *, kind: str | None = None
) -> dict[str, int]:
    """How many eligible units are not recognised, by reason: no assessment, in progress, not
    recognised, revoked (one query)."""
    area = _as_area(area)
    units = _with_year_assessment(
        eligible_units(area, reference_days(year), kinds=[kind] if kind else None), year
    )
    return units.aggregate(
        none=Count("pk", filter=Q(year_assessment__id__isnull=True)),
        in_progress=Count("pk", filter=Q(year_assessment__status__in=IN_PROGRESS_STATUSES)),
        not_recognised=Count("pk", filter=Q(year_assessment__status=Status.NOT_RECOGNISED)),
        revoked=Count("pk", filter=Q(year_assessment__status=Status.REVOKED)),
    )
