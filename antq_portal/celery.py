"""The Celery application, configured from Django's settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

app = Celery("antq_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def send_first_heartbeat(sender, **kwargs) -> None:
    """Beat's first heartbeat comes one interval after start; this one proves the chain now."""
    sender.app.send_task("organizations.tasks.heartbeat_task")
