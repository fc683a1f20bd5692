"""The registry's demo data: models across levels, reviews and a retired one; idempotent."""

import pytest

from models_registry.demo import seed_demo
from models_registry.models import ModelReview, SecurityModel
from organizations.demo import seed_demo as seed_organizations


@pytest.mark.django_db
def test_seed_demo_adds_models_across_levels_and_runs_twice():
    seed_organizations()
    seed_demo()
    seed_demo()
    models = SecurityModel.objects.all()
    assert models.count() == 6
    assert models.values("launch_level").distinct().count() >= 4
    assert models.filter(status=SecurityModel.Status.RETIRED).count() == 1
    assert models.filter(recognized_on__isnull=False).count() == 1
    assert ModelReview.objects.filter(assessment=ModelReview.Assessment.FORMAL).exists()
