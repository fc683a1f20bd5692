"""Celery entry points of the organizations app."""

from celery import shared_task

from .services.health import heartbeat_record


@shared_task(ignore_result=True)
def heartbeat_task() -> str:
    return heartbeat_record()
