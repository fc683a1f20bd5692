"""Template filters for tasks: the status's colour and a deadline's calendar warnings."""

from django import template

from ..calendar import deadline_flags as calendar_deadline_flags
from ..models import TaskOccurrence

register = template.Library()

STATUS_CLASSES = {
    TaskOccurrence.Status.DONE_ON_TIME: "text-bg-success",
    TaskOccurrence.Status.DONE_LATE: "text-bg-warning",
    TaskOccurrence.Status.IN_PROGRESS: "text-bg-primary",
    TaskOccurrence.Status.OVERDUE: "text-bg-danger",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-secondary")


@register.filter
def status_label(status: str) -> str:
    return str(TaskOccurrence.Status(status).label) if status else ""


@register.filter
def deadline_flags(day) -> list[str]:
    return calendar_deadline_flags(day)
