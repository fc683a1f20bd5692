"""Roles × URLs of the registry; models stay within each scope."""

import pytest
from django.urls import reverse

from models_registry.permissions import models_editable_by, models_visible_to
from tests.models_registry.factories import make_model
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "models_registry:model-list",
    "models_registry:model-create",
    "models_registry:model-counts",
    "models_registry:model-counts-export",
    "models_registry:model-needs-review",
    "models_registry:model-export",
    "models_registry:model-import",
    "models_registry:model-import-template",
    "models_registry:model-detail",
    "models_registry:model-edit",
    "models_registry:site-add",
    "models_registry:review-add",
    "models_registry:model-replicate",
    "models_registry:model-recognize",
    "models_registry:model-retire",
    "models_registry:rating-set",
    "models_registry:model-history",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
WRITERS = {
    "admin": 200, "standing_staff": 200, "district_committee": 200,
    "other_district_committee": 200, "commune_committee": 200, "other_province_committee": 200,
}  # fmt: skip
READERS_OF_DISTRICT_1 = {"admin": 200, "standing_staff": 200, "leader": 200,
                         "district_committee": 200}  # fmt: skip
EDITORS_OF_DISTRICT_1 = {"admin": 200, "standing_staff": 200, "district_committee": 200,
                         "leader": 403, "agency": 403}  # fmt: skip


def _rows(area):
    model = make_model(unit=area.district_1, name="Liền canh, liền cư")
    one = [model.pk]
    rows = [
        MatrixRow("models_registry:model-list", reverse("models_registry:model-list"), EVERYONE),
        MatrixRow("models_registry:model-create", reverse("models_registry:model-create"),
                  WRITERS, default=403),
        MatrixRow("models_registry:model-counts", reverse("models_registry:model-counts"),
                  EVERYONE),
        MatrixRow("models_registry:model-counts-export",
                  reverse("models_registry:model-counts-export"), EVERYONE),
        MatrixRow("models_registry:model-needs-review",
                  reverse("models_registry:model-needs-review"), EVERYONE),
        MatrixRow("models_registry:model-export", reverse("models_registry:model-export"),
                  EVERYONE),
        MatrixRow("models_registry:model-import", reverse("models_registry:model-import"),
                  WRITERS, default=403),
        MatrixRow("models_registry:model-import-template",
                  reverse("models_registry:model-import-template"), WRITERS, default=403),
        MatrixRow("models_registry:model-detail",
                  reverse("models_registry:model-detail", args=one), READERS_OF_DISTRICT_1),
        MatrixRow("models_registry:model-history",
                  reverse("models_registry:model-history", args=one), READERS_OF_DISTRICT_1),
    ]  # fmt: skip
    for name in ("model-edit", "site-add", "review-add", "model-replicate", "model-recognize",
                 "model-retire", "rating-set"):  # fmt: skip
        rows.append(
            MatrixRow(
                f"models_registry:{name}",
                reverse(f"models_registry:{name}", args=one),
                EDITORS_OF_DISTRICT_1,
            )  # fmt: skip
        )
    return rows


@pytest.mark.django_db
def test_models_registry_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_retire_post_denied_to_other_area_and_leader(area, user_of_role, client):
    model = make_model(unit=area.district_1)
    url = reverse("models_registry:model-retire", args=[model.pk])
    data = {"on": "2024-01-01", "reason": "Không hiệu quả"}
    client.force_login(user_of_role("other_district_committee"))
    assert client.post(url, data).status_code == 404
    client.force_login(user_of_role("leader"))
    assert client.post(url, data).status_code == 403
    model.refresh_from_db()
    assert not model.is_retired


@pytest.mark.django_db
def test_scope_of_models_by_role(area, user_of_role):
    in_district = make_model(unit=area.district_1, name="Huyện 1")
    in_commune = make_model(unit=area.commune_1, name="Xã 1", managing_organization=area.department)
    elsewhere = make_model(unit=area.other_province, name="Tỉnh khác")
    staff = user_of_role("standing_staff")
    assert set(models_visible_to(staff)) == {in_district, in_commune}
    # the old district's commune became commune 1: its committee sees that area in both eras
    assert set(models_visible_to(user_of_role("district_committee"))) == {in_district, in_commune}
    assert set(models_visible_to(user_of_role("other_district_committee"))) == set()
    assert set(models_visible_to(user_of_role("commune_committee"))) == {in_commune}
    assert set(models_visible_to(user_of_role("agency"))) == {in_commune}
    assert not models_editable_by(user_of_role("agency")).exists()
    assert not models_editable_by(user_of_role("leader")).exists()
    assert set(models_visible_to(user_of_role("leader"))) == {in_district, in_commune}
    assert set(models_visible_to(user_of_role("admin"))) == {in_district, in_commune, elsewhere}
