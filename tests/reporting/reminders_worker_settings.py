"""Settings of the Celery worker and beat that test_reminders_worker.py starts: the portal's
own, with beat firing the reminder sweep every two seconds instead of once a day."""

from antq_portal.settings import *  # noqa: F403 - the portal's settings, one entry changed

CELERY_BEAT_SCHEDULE = {
    "reporting-reminders-sweep": {
        "task": "reporting.tasks.reminders_sweep_task",
        "schedule": 2.0,
    },
}
