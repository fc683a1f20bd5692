"""Celery entry points of the printing app."""

from celery import shared_task

from .services import batch_chunk_run


@shared_task(ignore_result=True, acks_late=True)
def print_batch_chunk_task(batch_id: int, item_ids: list[int]) -> None:
    batch_chunk_run(batch_id=batch_id, item_ids=item_ids)
