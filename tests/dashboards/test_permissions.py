"""The dashboards' URLs, gathered from the matrix of each part (the page; its export and the
signed summary); each part's module checks its own rows."""

from __future__ import annotations

from importlib import import_module

PARTS = ("page", "outputs")

URL_NAMES: set[str] = set().union(
    *(import_module(f"tests.dashboards.test_permissions_{part}").URL_NAMES for part in PARTS)
)


def test_every_part_declares_its_own_urls_of_the_app():
    """Each part names URLs of this app only, and no URL is claimed by two parts."""
    module = "tests.dashboards.test_permissions"
    parts = [import_module(f"{module}_{part}").URL_NAMES for part in PARTS]
    assert all(name.startswith("dashboards:") for names in parts for name in names)
    assert sum(len(names) for names in parts) == len(URL_NAMES)
