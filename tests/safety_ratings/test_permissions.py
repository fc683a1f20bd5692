"""The ratings' URLs, gathered from the matrix of each part (units, assessments, bulk work,
decisions, rates); each part's module checks its own rows."""

from __future__ import annotations

from importlib import import_module

PARTS = ("units", "assessments", "bulk", "decisions", "rates")

URL_NAMES: set[str] = set().union(
    *(import_module(f"tests.safety_ratings.test_permissions_{part}").URL_NAMES for part in PARTS)
)
