"""The contract of `send_reminders [--today YYYY-MM-DD] [--dry-run]`: one line per reminder
(obligation, step, recipient, channel); a second run on the same day prints nothing new."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from reporting.models import Notification, OutboxEmail, ReminderLedger

from .factories import obligation_for

BASE_DIR = Path(__file__).resolve().parents[2]
DEADLINE = datetime.date(2026, 12, 10)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def obligation(area, user_of_role):
    user_of_role("commune_committee")
    user_of_role("standing_staff")
    return obligation_for(area.commune_committee_1, DEADLINE, reviewer=area.police,
                          label="Năm 2026")  # fmt: skip


def run(*args: str) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_send_reminders_prints_one_line_per_reminder(obligation, user_of_role):
    user = user_of_role("commune_committee")
    lines, _err = run("--today", "2026-12-03")
    fields = sorted(tuple(line.split("\t")) for line in lines)
    name = "Ban Chỉ đạo 138 xã Đồng Đăng — Năm 2026"
    assert fields == [
        (str(obligation.pk), name, "before:7", "commune_committee@antq.local", "email"),
        (str(obligation.pk), name, "before:7", f"user:{user.pk}", "in_app"),
    ]
    # The e-mails went out with the run.
    assert [m.to for m in mail.outbox] == [["commune_committee@antq.local"]]
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


def test_send_reminders_a_second_run_the_same_day_prints_nothing(obligation):
    first, _err = run("--today", "2026-12-03")
    assert len(first) == 2
    second, _err = run("--today", "2026-12-03")
    assert second == []
    assert ReminderLedger.objects.count() == 2 and len(mail.outbox) == 1
    # The next step, three days before the deadline, is new again.
    assert [line.split("\t")[2] for line in run("--today", "2026-12-07")[0]] == ["before:3"] * 2


def test_send_reminders_dry_run_prints_without_recording(obligation):
    planned, _err = run("--today", "2026-12-03", "--dry-run")
    assert len(planned) == 2
    assert not ReminderLedger.objects.exists() and not Notification.objects.exists()
    assert mail.outbox == []
    assert run("--today", "2026-12-03")[0] == planned


def test_send_reminders_escalates_after_the_last_overdue_step(obligation, user_of_role):
    staff = user_of_role("standing_staff")
    lines, _err = run("--today", "2026-12-15")
    steps = {tuple(line.split("\t")[2:]) for line in lines}
    assert ("escalation:5", f"user:{staff.pk}", "in_app") in steps
    assert ("overdue:5", "commune_committee@antq.local", "email") in steps


def test_send_reminders_reports_emails_it_could_not_send(obligation, settings):
    settings.EMAIL_BACKEND = "tests.reporting.test_reminders.RefusingBackend"
    lines, err = run("--today", "2026-12-03")
    assert len(lines) == 2
    assert "1 thư chưa gửi được" in err
    assert OutboxEmail.objects.get().last_error


def test_send_reminders_rejects_a_malformed_date(db):
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("--today", "03/12/2026")


@pytest.mark.django_db(transaction=True)
def test_send_reminders_as_a_subprocess(obligation, tmp_path):
    """The command as an outside check runs it: its own process, the same database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "outbox"),
        "DJANGO_DEBUG": "1",
    }
    command = [sys.executable, "manage.py", "send_reminders", "--today", "2026-12-03"]

    def run_process() -> list[str]:
        done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True,
                              timeout=120, check=True)  # fmt: skip
        return done.stdout.splitlines()

    first = run_process()
    assert len(first) == 2 and all(line.split("\t")[2] == "before:7" for line in first)
    assert run_process() == []
    assert ReminderLedger.objects.count() == 2
    sent = list((tmp_path / "outbox").iterdir())
    assert len(sent) == 1
    assert "commune_committee@antq.local" in sent[0].read_text()
