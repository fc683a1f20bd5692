"""`python manage.py models_summary [--date YYYY-MM-DD] [--area CODE_OR_NAME] --json`:
the province's counts of models as of a date (contract of issue 5)."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organizations.models import AdministrativeUnit, User
from organizations.permissions import Role, Scope

from ...selectors.counts import area_find, model_counts


class Command(BaseCommand):
    help = "Số mô hình tự quản tính đến một ngày, theo cấp phát động và lĩnh vực."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--area", help="Mã hoặc tên đơn vị hành chính")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, **options):
        try:
            on = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"Ngày không hợp lệ: {options['date']} (YYYY-MM-DD)") from error
        # The command sees everything, as an administrator would.
        everyone = User(username="models_summary", is_superuser=True, is_active=True)
        everyone._antq_scope = Scope(nationwide=True, roles=frozenset({Role.ADMIN}))
        area: AdministrativeUnit | None = None
        if options["area"]:
            area = area_find(user=everyone, value=options["area"])
            if area is None:
                raise CommandError(f"Không tìm thấy đơn vị hành chính «{options['area']}».")
        counts = model_counts(user=everyone, on=on, area=area)
        data = {
            "date": on.isoformat(),
            "area": {"code": area.code if area else "", "name": area.name if area else "Toàn quốc"},
            "active": counts.active,
            "by_level": [{"level": r.label, "count": r.count} for r in counts.by_level],
            "by_category": [{"category": r.label, "count": r.count} for r in counts.by_category],
            "sites": counts.sites,
            "teams": counts.teams,
            "exemplary": counts.exemplary,
            "new_in_year": counts.new_in_year,
            "retired_in_year": counts.retired_in_year,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(counts.sentence)
        self.stdout.write(
            f"Điểm nhân rộng: {counts.sites}; tổ: {counts.teams}; điển hình: {counts.exemplary}; "
            f"mới trong năm: {counts.new_in_year}; thanh loại trong năm: {counts.retired_in_year}"
        )
