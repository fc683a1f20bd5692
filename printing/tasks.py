"""Celery entry points of the printing app."""

from celery import shared_task

from .services import batch_run


@shared_task(ignore_result=True)
def print_batch_task(batch_id: int) -> None:
    batch_run(batch_id=batch_id)
