"""Celery entry points of reporting: each one line into a service, safe to run twice.

The sweep and the digest only write the outbox (in the transaction of their ledger); the
e-mails leave through `outbox_send_task`, queued right after them and also run by beat every
ten minutes, so a failed send is retried without anyone watching.
"""

from celery import shared_task

from .services.periods import periods_extend
from .services.reminders import OUTBOX_BATCH, digest_send, outbox_send, reminders_sweep


@shared_task(ignore_result=True)
def reminders_sweep_task() -> int:
    """The daily sweep (the ledger makes a second run the same day a no-op)."""
    lines = reminders_sweep()
    if lines:
        outbox_send_task.delay()
    return len(lines)


@shared_task(ignore_result=True)
def outbox_send_task() -> int:
    """One batch of pending e-mails; while batches go out whole, the next one is queued."""
    result = outbox_send(limit=OUTBOX_BATCH)
    if result.sent == OUTBOX_BATCH:
        outbox_send_task.delay()
    return result.sent


@shared_task(ignore_result=True)
def digest_send_task() -> int:
    """The weekly digest to the provincial office (once per week and recipient)."""
    created = digest_send()
    if created:
        outbox_send_task.delay()
    return created


@shared_task(ignore_result=True)
def periods_extend_task() -> int:
    """Keep every schedule's periods and obligations a year ahead."""
    return periods_extend()
