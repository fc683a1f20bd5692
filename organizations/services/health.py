"""The background-jobs heartbeat that /healthz reports."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "heartbeat:last"


def heartbeat_record() -> str:
    """Note that a worker ran a periodic task now; shared with the web through the cache."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, stamp, timeout=None)
    return stamp
