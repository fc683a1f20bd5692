"""The reporting URLs, gathered from the matrix of each part; each part checks its own rows."""

from __future__ import annotations

from importlib import import_module

PARTS = ("forms", "schedules", "submissions", "completeness", "notifications")

URL_NAMES: set[str] = set().union(
    *(import_module(f"tests.reporting.test_permissions_{part}").URL_NAMES for part in PARTS)
)


def test_every_part_declares_its_own_urls_of_the_app():
    """Each part names URLs of this app only, and no URL is claimed by two parts."""
    parts = [import_module(f"tests.reporting.test_permissions_{part}").URL_NAMES for part in PARTS]
    assert all(name.startswith("reporting:") for names in parts for name in names)
    assert sum(len(names) for names in parts) == len(URL_NAMES)
