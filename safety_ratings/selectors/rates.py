"""The rates of "An toàn về an ninh, trật tự" per area and year (tỷ lệ đạt tiêu chuẩn): the
five kinds' figures with last year's beside them, the one SQL aggregate behind them, and how
they are written ("3.321 / 3.505 khu dân cư — 94,75%"). The areas are in rate_areas.py, the
drill-down and the units not recognised in rate_drilldown.py.

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

Every figure is a GROUP BY in SQL; a page runs a fixed number of queries whatever the number of
units, communes and assessments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Expression, FilteredRelation, Q, QuerySet
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import AdministrativeUnit

from ..models import Assessment, CriteriaVersion, RatedUnit, UnitKind
from .rate_areas import RateArea, as_rate_area
from .units import under_commune_on, valid_on

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


def with_year_assessment(units: QuerySet[RatedUnit], year: int) -> QuerySet[RatedUnit]:
    """The units LEFT JOIN their assessment of `year` (`year_assessment`): still one row per
    unit, as an assessment is unique per (unit, year)."""
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
    area = as_rate_area(area)
    days = reference_days(year) if days is None else days
    return (
        with_year_assessment(eligible_units(area, days), year)
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
    area = as_rate_area(area)
    rows = _kind_rows(area, year)
    if compare:
        for row, previous in zip(rows, _kind_rows(area, year - 1), strict=True):
            row.previous = previous
    return rows
