"""Roles × URLs of the rated units: lists for everyone, writes for the committees and staff of
the unit's area, 404 outside it; the communes are added by the provincial staff only."""

import pytest
from django.urls import reverse

from safety_ratings.models import RatedUnit, UnitKind
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import RatedUnitFactory

URL_NAMES = {
    "safety_ratings:rated-unit-list",
    "safety_ratings:rated-unit-create",
    "safety_ratings:rated-unit-communes-ensure",
    "safety_ratings:rated-unit-import",
    "safety_ratings:rated-unit-import-template",
    "safety_ratings:commune-autocomplete",
    "safety_ratings:legacy-commune-autocomplete",
    "safety_ratings:rated-unit-detail",
    "safety_ratings:rated-unit-edit",
    "safety_ratings:rated-unit-end",
    "safety_ratings:rated-unit-history",
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
# A unit of commune 1: the old district 1 held its predecessor, so its committee sees it too.
READERS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "leader": 200,
                        "district_committee": 200, "commune_committee": 200}  # fmt: skip
EDITORS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "district_committee": 200,
                        "commune_committee": 200, "leader": 403, "agency": 403}  # fmt: skip


def _redirected(statuses: dict[str, int]) -> dict[str, int]:
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


def _rows(area):
    unit = RatedUnitFactory(commune=area.commune_1, name="Thôn Bản Thử")
    one = [unit.pk]
    url = lambda name, args=None: reverse(f"safety_ratings:{name}", args=args)  # noqa: E731
    edit_data = {"kind": UnitKind.RESIDENTIAL_AREA, "name": "Thôn Bản Thử",
                 "commune": area.commune_1.pk, "local_type": "thon",
                 "valid_from": "2015-01-01"}  # fmt: skip
    return [
        MatrixRow("safety_ratings:rated-unit-list", url("rated-unit-list"), EVERYONE),
        MatrixRow("safety_ratings:rated-unit-create", url("rated-unit-create"), WRITERS,
                  default=403),
        # An empty form: writers get it back with its errors, the others are refused.
        MatrixRow("safety_ratings:rated-unit-create", url("rated-unit-create"), WRITERS,
                  default=403, method="post", data={}),
        MatrixRow("safety_ratings:rated-unit-communes-ensure", url("rated-unit-communes-ensure"),
                  {"admin": 302, "standing_staff": 302}, default=403, method="post"),
        MatrixRow("safety_ratings:rated-unit-communes-ensure", url("rated-unit-communes-ensure"),
                  {}, default=405),
        MatrixRow("safety_ratings:rated-unit-import", url("rated-unit-import"), WRITERS,
                  default=403),
        MatrixRow("safety_ratings:rated-unit-import-template", url("rated-unit-import-template"),
                  WRITERS, default=403),
        MatrixRow("safety_ratings:commune-autocomplete", url("commune-autocomplete"), EVERYONE),
        MatrixRow("safety_ratings:legacy-commune-autocomplete",
                  url("legacy-commune-autocomplete"), EVERYONE),
        MatrixRow("safety_ratings:rated-unit-detail", url("rated-unit-detail", one),
                  READERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:rated-unit-history", url("rated-unit-history", one),
                  READERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:rated-unit-edit", url("rated-unit-edit", one),
                  EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:rated-unit-edit", url("rated-unit-edit", one),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post", data=edit_data),
        MatrixRow("safety_ratings:rated-unit-end", url("rated-unit-end", one),
                  EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:rated-unit-end", url("rated-unit-end", one),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post",
                  data={"valid_to": "2030-12-31", "end_reason": "Sáp nhập"}),
    ]  # fmt: skip


@pytest.mark.django_db
def test_rated_units_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_rated_unit_end_post_denied_outside_the_area_changes_nothing(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1)
    url = reverse("safety_ratings:rated-unit-end", args=[unit.pk])
    data = {"valid_to": "2030-12-31", "end_reason": "Giải thể"}
    client.force_login(user_of_role("other_district_committee"))
    assert client.post(url, data).status_code == 404
    client.force_login(user_of_role("leader"))
    assert client.post(url, data).status_code == 403
    unit.refresh_from_db()
    assert unit.valid_to is None


@pytest.mark.django_db
def test_communes_ensure_denied_to_committees(area, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    response = client.post(reverse("safety_ratings:rated-unit-communes-ensure"))
    assert response.status_code == 403
    assert not RatedUnit.objects.filter(kind=UnitKind.COMMUNE).exists()
