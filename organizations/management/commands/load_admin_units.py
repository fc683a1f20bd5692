"""manage.py load_admin_units [--province NAME]: load administrative units of both eras."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import AdministrativeUnit
from organizations.services.units import LOAD_ORDER, RowCounts, UnitLoadResult, admin_units_load


class Command(BaseCommand):
    help = gettext_lazy(
        "Nạp đơn vị hành chính trước và sau 01/7/2025 (cả quan hệ kế thừa) từ gói "
        "vietnamadminunits; chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            metavar="NAME",
            help=gettext_lazy(
                "Chỉ nạp một tỉnh (tên hoặc mã, trước hoặc sau sáp nhập), cùng các tỉnh cũ "
                "hợp thành tỉnh mới đó. Bỏ trống: nạp toàn quốc."
            ),
        )

    def handle(self, *args, province: str | None = None, **options) -> None:
        try:
            result = admin_units_load(province=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self._summary(result))

    def _summary(self, result: UnitLoadResult) -> str:
        if result.whole_country:
            scope = _("toàn quốc")
        else:
            scope = _("%(provinces)s; trước 01/7/2025: %(legacy)s") % {
                "provinces": ", ".join(result.provinces),
                "legacy": ", ".join(result.legacy_provinces),
            }
        lines = [
            self.style.SUCCESS(
                _("Đã nạp đơn vị hành chính (%(scope)s) trong %(seconds)s giây.")
                % {"scope": scope, "seconds": number_format(result.seconds, decimal_pos=2)}
            )
        ]
        for era, level in LOAD_ORDER:
            label = f"{AdministrativeUnit.Era(era).label} — {AdministrativeUnit.Level(level).label}"
            lines.append(f"  {label}: {self._counts(result.units.get((era, level)))}")
        lines.append(f"  {_('Quan hệ kế thừa')}: {self._counts(result.successions)}")
        if result.unresolved_keys:
            lines.append(
                self.style.WARNING(
                    _("  Khóa ánh xạ không đối chiếu được (%(count)s), đã bỏ qua: %(keys)s")
                    % {
                        "count": number_format(len(result.unresolved_keys)),
                        "keys": "; ".join(result.unresolved_keys),
                    }
                )
            )
        else:
            lines.append(_("  Mọi khóa ánh xạ đều đối chiếu được."))
        return "\n".join(lines)

    @staticmethod
    def _counts(counts: RowCounts | None) -> str:
        counts = counts or RowCounts()
        return _("tạo mới %(created)s, cập nhật %(updated)s, không đổi %(unchanged)s") % {
            "created": number_format(counts.created, force_grouping=True),
            "updated": number_format(counts.updated, force_grouping=True),
            "unchanged": number_format(counts.unchanged, force_grouping=True),
        }
