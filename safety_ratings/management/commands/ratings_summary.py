"""`python manage.py ratings_summary --year YYYY [--area CODE_OR_NAME] [--json]`: the rates of
"An toàn về an ninh, trật tự" per kind (the contract of issue 6 for outside checks).

JSON: {"year": int, "area": {"code": str, "name": str}, "kinds": [{"kind", "label",
"eligible", "assessed", "recognised", "rate"}]} with the five kinds always listed and rate =
recognised / eligible × 100 rounded half up to 2 decimals (0 when nothing is eligible).
Without --area, or with "VN" / "Toàn quốc": the whole country, code "" and name "Toàn quốc".
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...selectors.rate_areas import rate_area, rate_area_find
from ...selectors.rates import KindRate, number_text, rates_for


class Command(BaseCommand):
    help = gettext_lazy(
        "Tỷ lệ đạt “An toàn về an ninh, trật tự” của một năm theo từng loại đơn vị, cho một "
        "địa bàn (mã hoặc tên) hoặc toàn quốc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help=gettext_lazy("Năm đánh giá"))
        parser.add_argument(
            "--area",
            default="",
            help=gettext_lazy(
                "Mã hoặc tên đơn vị hành chính (có hoặc không dấu); bỏ trống: toàn quốc."
            ),
        )
        parser.add_argument("--json", action="store_true", help=gettext_lazy("In dạng JSON"))

    def handle(self, *args, **options) -> None:
        year = options["year"]
        try:
            unit = rate_area_find(options["area"], year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        place = rate_area(unit)
        rates = rates_for(place, year, compare=False)
        if options["json"]:
            self.stdout.write(_json_text(year, place.code, place.name, rates))
        else:
            self.stdout.write(_table(year, place.code, place.name, rates))


def _json_text(year: int, code: str, name: str, rates: list[KindRate]) -> str:
    data = {
        "year": year,
        "area": {"code": code, "name": name},
        "kinds": [
            {
                "kind": rate.kind,
                "label": rate.label,
                "eligible": rate.eligible,
                "assessed": rate.assessed,
                "recognised": rate.recognised,
                "rate": float(rate.rate),
            }
            for rate in rates
        ],
    }
    return json.dumps(data, ensure_ascii=False)


def _table(year: int, code: str, name: str, rates: list[KindRate]) -> str:
    area = f"{name} ({_('mã')} {code})" if code else name
    lines = [
        _("Tỷ lệ “An toàn về an ninh, trật tự” năm %(year)s — %(area)s")
        % {"year": year, "area": area},
        "",
        f"{_('Loại đơn vị'):<22} {_('Thuộc diện'):>11} {_('Đã tự đánh giá'):>15} "
        f"{_('Được công nhận'):>15} {_('Tỷ lệ'):>8}",
    ]
    for rate in rates:
        lines.append(
            f"{rate.label:<22} {number_text(rate.eligible):>11} {number_text(rate.assessed):>15} "
            f"{number_text(rate.recognised):>15} {rate.rate_text:>8}"
        )
    lines.append("")
    lines.extend(rate.sentence for rate in rates)
    return "\n".join(lines)
