"""Reading in-app notifications: one, or all of a person's at once."""

from __future__ import annotations

from django.utils import timezone

from organizations.models import User

from ..models import Notification


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (reading it again keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the person read; returns how many."""
    now = timezone.now()
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )
