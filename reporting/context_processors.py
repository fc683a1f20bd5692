"""The notification bell of every page: the unread count, in one query, only when a page
shows it (partials rendered for htmx do not pay for it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors.notifications import unread_count

# Past this the badge says "99+": the number no longer matters, only that there is work.
BADGE_LIMIT = 99


@dataclass(frozen=True)
class NotificationBell:
    count: int

    @property
    def label(self) -> str:
        return f"{BADGE_LIMIT}+" if self.count > BADGE_LIMIT else str(self.count)


def notification_bell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": SimpleLazyObject(lambda: NotificationBell(unread_count(user)))}
