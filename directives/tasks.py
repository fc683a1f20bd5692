"""Celery entry points of the directives app."""

from celery import shared_task

from .services.tasks import task_occurrences_extend


@shared_task(ignore_result=True)
def task_occurrences_extend_task() -> int:
    """Keep recurring tasks' deadlines one year ahead (idempotent: a rerun adds nothing)."""
    return task_occurrences_extend()
