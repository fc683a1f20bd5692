"""Figures the portal already knows, offered to pre-fill a report (PRODUCT.md: one chain from
directive to result). Each source reads another app's selectors for the reporting
organization's area and the period; the submitter may change a pre-filled figure with a
reason, which the reviewer sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, User

from .models import ReportingPeriod


@dataclass(frozen=True)
class PrefillSource:
    label: str
    compute: Callable[[Organization, ReportingPeriod, User], Decimal | None]


def _ratings(
    kind: str, figure: str
) -> Callable[[Organization, ReportingPeriod, User], Decimal | None]:
    def compute(organization: Organization, period: ReportingPeriod, user: User) -> Decimal | None:
        from safety_ratings.selectors.rates import rates_for

        if organization.unit is None:
            return None
        rows = {
            row.kind: row for row in rates_for(organization.unit, period.end.year, compare=False)
        }
        return Decimal(getattr(rows[kind], figure))

    return compute


def _active_models(
    organization: Organization, period: ReportingPeriod, user: User
) -> Decimal | None:
    from models_registry.selectors.counts import active_models_in_area

    if organization.unit is None:
        return None
    return Decimal(active_models_in_area(area=organization.unit, on=period.end))


KIND_LABELS = {
    "khu_dan_cu": _("khu dân cư"),
    "xa": _("xã, phường"),
    "co_quan": _("cơ quan"),
    "doanh_nghiep": _("doanh nghiệp"),
    "co_so_giao_duc": _("cơ sở giáo dục"),
}

PREFILL_SOURCES: dict[str, PrefillSource] = {"models_active": PrefillSource(
    _("Số mô hình tự quản đang hoạt động (sổ mô hình, đến ngày chốt số liệu)"), _active_models
)}  # fmt: skip
for _kind, _label in KIND_LABELS.items():
    PREFILL_SOURCES[f"ratings_recognised_{_kind}"] = PrefillSource(
        _("Số %(kind)s được công nhận “An toàn về ANTT” trong năm") % {"kind": _label},
        _ratings(_kind, "recognised"),
    )
    PREFILL_SOURCES[f"ratings_eligible_{_kind}"] = PrefillSource(
        _("Tổng số %(kind)s thuộc diện đánh giá trong năm") % {"kind": _label},
        _ratings(_kind, "eligible"),
    )


def prefill_choices() -> list[tuple[str, str]]:
    return [("", _("Không lấy sẵn"))] + [(code, src.label) for code, src in PREFILL_SOURCES.items()]
