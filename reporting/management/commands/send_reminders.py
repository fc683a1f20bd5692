"""send_reminders [--today YYYY-MM-DD] [--dry-run]: the daily sweep, run synchronously.

Prints one line per reminder (obligation id, obligation, step, recipient, channel, separated
by tabs); a second run on the same day prints nothing new, because the ledger already holds
every reminder sent. Without --dry-run the outbox is then sent; e-mails that could not be
sent are reported on stderr and stay in the outbox for the next run.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.services.reminders import outbox_send, reminders_sweep


class Command(BaseCommand):
    help = "Gửi nhắc hạn báo cáo đến hạn hôm nay (mỗi lần nhắc chỉ gửi một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày quét, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê, không ghi sổ nhắc, không gửi."
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"Ngày «{today}» không hợp lệ, hãy ghi dạng 2026-12-03.") from error
        for line in reminders_sweep(today=day, dry_run=dry_run):
            self.stdout.write(str(line))
        if dry_run:
            return
        result = outbox_send(limit=None)
        if result.failed:
            self.stderr.write(
                f"{result.failed} thư chưa gửi được, còn trong hộp thư đi để gửi lại lần sau."
            )
