"""Two sweeps at the same moment, each in its own thread with its own database connection:
every reminder is recorded, e-mailed and notified exactly once."""

from __future__ import annotations

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection

from reporting.models import Notification, OutboxEmail, ReminderLedger
from reporting.services import reminders
from reporting.services.reminders import ReminderLine, reminders_sweep

from .factories import obligation_for
from .factories_reminders import bulk_obligations

DEADLINE = datetime.date(2026, 12, 10)
SWEEP_DAYS = [DEADLINE - datetime.timedelta(days=7), DEADLINE, DEADLINE + datetime.timedelta(5)]


def _sweep_in_thread(barrier: threading.Barrier, today: datetime.date, out: list, index: int):
    try:
        barrier.wait(timeout=30)
        out[index] = reminders_sweep(today=today)
    except BaseException as error:  # noqa: BLE001 - handed to the test thread to re-raise
        out[index] = error
    finally:
        connection.close()  # each thread had its own connection


def _two_sweeps_at_once(today: datetime.date) -> list[list[ReminderLine]]:
    barrier = threading.Barrier(2)
    out: list = [None, None]
    threads = [
        threading.Thread(target=_sweep_in_thread, args=(barrier, today, out, index))
        for index in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in out:
        if isinstance(result, BaseException):
            raise result
    return out


def _assert_each_reminder_once(expected: list[ReminderLine], results: list[list[ReminderLine]]):
    sent = [line for lines in results for line in lines]
    assert sorted(sent, key=str) == sorted(expected, key=str), "a reminder sent twice or never"
    ledger = ReminderLedger.objects.all()
    assert ledger.count() == len(
        {(r.obligation_id, r.step, r.recipient, r.channel) for r in ledger}
    )
    emails = ledger.filter(channel="email")
    in_app = ledger.filter(channel="in_app")
    # Nothing of the losing attempt survives: one outbox e-mail and one notification per row.
    assert OutboxEmail.objects.count() == emails.count()
    assert set(emails.values_list("outbox_id", flat=True)) == set(
        OutboxEmail.objects.values_list("pk", flat=True)
    )
    assert Notification.objects.count() == in_app.count()
    assert set(in_app.values_list("notification_id", flat=True)) == set(
        Notification.objects.values_list("pk", flat=True)
    )
    assert OutboxEmail.objects.values("to", "subject").distinct().count() == emails.count()


@pytest.fixture
def open_obligations(area, user_of_role):
    user_of_role("commune_committee")
    user_of_role("standing_staff")
    obligation_for(area.commune_committee_1, DEADLINE, reviewer=area.police)
    bulk_obligations(60, DEADLINE, unit=area.commune_2)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_started_together_send_each_reminder_once(open_obligations):
    for today in SWEEP_DAYS:
        expected = reminders_sweep(today=today, dry_run=True)
        assert expected
        _assert_each_reminder_once(expected, _two_sweeps_at_once(today))
    assert ReminderLedger.objects.filter(step="escalation:5").exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_that_both_read_an_empty_ledger_send_each_reminder_once(open_obligations):
    """Forces the worst interleaving: both sweeps read the ledger before either writes. The
    second insert waits for the first transaction, fails on the unique constraint, rolls back
    and sweeps again, finding everything sent."""
    real = reminders._already_sent
    both_read = threading.Barrier(2)
    local = threading.local()
    reads = []

    def read_then_wait(obligations, planned):
        found = real(obligations, planned)
        reads.append(len(found))
        if not getattr(local, "waited", False):
            local.waited = True
            both_read.wait(timeout=30)
        return found

    total = 0
    local.waited = True  # the test's own dry runs must not wait for a partner
    with mock.patch.object(reminders, "_already_sent", side_effect=read_then_wait):
        for today in SWEEP_DAYS:
            reads.clear()
            expected = reminders_sweep(today=today, dry_run=True)
            results = _two_sweeps_at_once(today)
            total += len(expected)
            _assert_each_reminder_once(expected, results)
            # The dry run, both sweeps' first reads (empty), the loser's second read (all).
            assert reads == [0, 0, 0, len(expected)]
            assert sorted(len(lines) for lines in results) == [0, len(expected)]
    assert ReminderLedger.objects.count() == total
