"""Reminders through a real Celery worker and beat on Redis: beat fires the sweep (every two
seconds here, see reminders_worker_settings.py), the worker records the reminders in the
ledger and sends the outbox; beat firing again and again sends nothing twice."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reporting.models import Notification, OutboxEmail, ReminderLedger
from reporting.services.reminders import reminders_sweep

from .factories import ScheduleFactory, obligation_for, published_form
from .factories_reminders import bulk_obligations

BASE_DIR = Path(__file__).resolve().parents[2]
# Beat must fire the sweep at least this many times: the later runs prove to be no-ops.
SWEEPS = 3


def _sweeps_done(log: Path) -> int:
    text = log.read_text(errors="replace") if log.exists() else ""
    return sum(
        1
        for line in text.splitlines()
        if "reporting.tasks.reminders_sweep_task[" in line and "succeeded" in line
    )


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_real_worker_send_each_reminder_once(area, user_of_role, tmp_path):
    today = timezone.localdate()
    user_of_role("commune_committee")
    user_of_role("standing_staff")
    obligation_for(area.commune_committee_1, today + datetime.timedelta(days=7),
                   reviewer=area.police)  # fmt: skip
    bulk_obligations(10, today, unit=area.commune_2, prefix="han")
    late = ScheduleFactory(form=published_form(area.police), reviewer=area.police)
    bulk_obligations(10, today - datetime.timedelta(days=5), schedule=late, unit=area.commune_2,
                     prefix="tre")  # fmt: skip
    expected = reminders_sweep(dry_run=True)
    assert {line.step for line in expected} == {"before:7", "before:0", "overdue:5",
                                                 "escalation:5"}  # fmt: skip

    prefix = f"antq-reminders-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reporting.reminders_worker_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": f"{prefix}-queue",
        "CELERY_BEAT_SCHEDULER": "celery.beat:PersistentScheduler",
        "CACHE_KEY_PREFIX": prefix,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "antq_portal", "worker", "--beat",
             "--pool", "solo", "--loglevel", "INFO", "--schedule", str(tmp_path / "beat"),
             "-Q", f"{prefix}-queue", "-n", f"{prefix}@%h"],
            cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                done = (
                    _sweeps_done(log) >= SWEEPS
                    and ReminderLedger.objects.count() == len(expected)
                    and not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
                )
                if done or worker.poll() is not None:
                    break
                time.sleep(0.5)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    output_text = log.read_text(errors="replace")[-3000:]
    assert _sweeps_done(log) >= SWEEPS, output_text
    ledger = ReminderLedger.objects.all()
    assert sorted((r.obligation_id, r.step, r.recipient, r.channel) for r in ledger) == sorted(
        (line.obligation_id, line.step, line.recipient, line.channel) for line in expected
    ), output_text
    emails = ledger.filter(channel="email").count()
    assert OutboxEmail.objects.count() == emails
    assert OutboxEmail.objects.filter(sent_at__isnull=False).count() == emails, output_text
    assert Notification.objects.count() == ledger.filter(channel="in_app").count()
    # What left for the SMTP server (a file per connection here): each e-mail once.
    separator = "-" * 79
    sent = sum(
        path.read_text(errors="replace").splitlines().count(separator)
        for path in (tmp_path / "mail").iterdir()
    )
    assert sent == emails
