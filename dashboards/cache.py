"""The cache of the dashboard's heavy figures (the recognition rates of an area and its
children: at national scale one aggregate over ~300.000 units and their assessments a year).

Figures stay live: an entry's key carries a token that every change to the data behind the
rates replaces (rated units, assessments, criteria versions, the unit tree), so a change is
seen on the next request; there is no nightly rebuild. The token is replaced when the change
is made and again when its transaction commits, so a reader who computed from the data
before the commit does not leave figures that would outlive it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

TOKEN_KEY = "dashboards:ratings-token"
# Entries of old tokens are never read again; the timeout only frees their memory.
TIMEOUT_SECONDS = 6 * 3600

T = TypeVar("T")


def ratings_token() -> str:
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(TOKEN_KEY) or "none"
    return token


def _new_token() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, timeout=None)


def ratings_changed(**_signal_kwargs) -> None:
    """Receiver of the writes behind the rates (connected in apps.py)."""
    _new_token()
    transaction.on_commit(_new_token)


def cached_ratings(parts: tuple, compute: Callable[[], T]) -> tuple[T, bool]:
    """The value of `compute()` for the key `parts`, from the cache while the data behind the
    rates has not changed, and whether it came from the cache."""
    key = ":".join(["dashboards", "ratings", ratings_token(), *map(str, parts)])
    value = cache.get(key)
    if value is not None:
        return value, True
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value, False
