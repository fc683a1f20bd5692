"""The reporting URLs, gathered from the matrix of each part; each part checks its own rows."""

from __future__ import annotations

from importlib import import_module

PARTS = ("forms", "schedules", "submissions", "completeness", "notifications")

URL_NAMES: set[str] = set().union(
    *(import_module(f"tests.reporting.test_permissions_{part}").URL_NAMES for part in PARTS)
)
