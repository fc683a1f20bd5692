"""Models of the registry for tests, built through the services."""

from __future__ import annotations

import datetime
from importlib import import_module

from django.apps import apps

from models_registry.models import LaunchLevel, ModelCategory, SecurityModel
from models_registry.services.activity import review_record, site_add
from models_registry.services.models import model_create


def ensure_reference_data() -> None:
    """The lists the data migration seeds; a transactional test (e2e) flushes them away."""
    if LaunchLevel.objects.exists() and ModelCategory.objects.exists():
        return
    migration = import_module("models_registry.migrations.0002_seed_categories_and_levels")
    migration.seed(apps, None)


def level(code: str) -> LaunchLevel:
    ensure_reference_data()
    return LaunchLevel.objects.get(code=code)


def category(order: int = 1) -> ModelCategory:
    ensure_reference_data()
    return ModelCategory.objects.get(order=order)


def make_model(
    *,
    unit,
    name: str = "Tổ liên gia tự quản",
    started_on: datetime.date = datetime.date(2019, 3, 1),
    level_code: str = "cap-xa",
    category_order: int = 1,
    by=None,
    **fields,
) -> SecurityModel:
    return model_create(
        fields={
            "name": name,
            "category": category(category_order),
            "launch_level": level(level_code),
            "unit": unit,
            "started_on": started_on,
            **fields,
        },
        by=by,
    )


def add_site(model, *, unit, started_on=None, teams: int = 1, members: int = 5, **kwargs):
    return site_add(
        model=model,
        unit=unit,
        started_on=started_on or model.started_on,
        teams=teams,
        members=members,
        **kwargs,
    )


def add_review(model, *, on: datetime.date, assessment: str = "effective", kind="interim"):
    return review_record(model=model, kind=kind, reviewed_on=on, assessment=assessment)
