"""A person's in-app notifications (thông báo): only their own, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.models import User

from ..models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    """One query, on the partial index of unread notifications."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
