"""Roles × URLs of the bulk work (assessment grid, .xlsx import): those who assess units use
them for their own communes; a commune or unit outside the user's area is a 404, a role
without the right (leader, agency, no role) a 403; each URL answers only its own method."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import RatedUnitFactory

URL_NAMES = {
    "safety_ratings:grid-choose",
    "safety_ratings:grid",
    "safety_ratings:grid-cell",
    "safety_ratings:grid-registration",
    "safety_ratings:grid-row-fill",
    "safety_ratings:assessment-import",
    "safety_ratings:assessment-import-template",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
WRITERS = {"admin": 200, "standing_staff": 200, "district_committee": 200,
           "other_district_committee": 200, "commune_committee": 200,
           "other_province_committee": 200}  # fmt: skip
# Commune 1's area: a writer elsewhere gets 404 (its existence does not leak), a role without
# the right at all gets 403.
EDITORS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "district_committee": 200,
                        "commune_committee": 200, "leader": 403, "agency": 403}  # fmt: skip
EVERY_USER = {role: 405 for role in ROLES if role != ANONYMOUS}


def _redirected(statuses: dict[str, int]) -> dict[str, int]:
    """A plain (non-htmx) cell POST goes back to the grid."""
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


def _rows(area):
    year = timezone.localdate().year
    unit = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1,
                            name="Thôn Bảng Thử")  # fmt: skip
    criterion = _typed_criterion(year)
    grid_args = [area.commune_1.pk, year, "khu_dan_cu"]
    unit_args = [unit.pk, year]

    def url(name, args=None):
        return reverse(f"safety_ratings:{name}", args=args)

    return [
        MatrixRow("safety_ratings:grid-choose", url("grid-choose"), WRITERS, default=403),
        MatrixRow("safety_ratings:grid-choose", url("grid-choose"), EVERY_USER, method="post"),
        MatrixRow("safety_ratings:grid", url("grid", grid_args), EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:grid", url("grid", grid_args), EVERY_USER, method="post"),
        MatrixRow("safety_ratings:assessment-import", url("assessment-import", grid_args),
                  EDITORS_OF_COMMUNE_1),
        # Without a file the form comes back with its error; nothing is read or written.
        MatrixRow("safety_ratings:assessment-import", url("assessment-import", grid_args),
                  EDITORS_OF_COMMUNE_1, method="post"),
        MatrixRow("safety_ratings:assessment-import-template",
                  url("assessment-import-template", grid_args), EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-import-template",
                  url("assessment-import-template", grid_args), EVERY_USER, method="post"),
        MatrixRow("safety_ratings:grid-cell", url("grid-cell", unit_args), EVERY_USER),
        MatrixRow("safety_ratings:grid-cell", url("grid-cell", unit_args),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post",
                  data={"criterion": criterion.pk, "value": "dat"}),
        MatrixRow("safety_ratings:grid-registration", url("grid-registration", unit_args),
                  EVERY_USER),
        MatrixRow("safety_ratings:grid-registration", url("grid-registration", unit_args),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post",
                  data={"party_resolution": "Nghị quyết 01-NQ/CB"}),
        MatrixRow("safety_ratings:grid-row-fill", url("grid-row-fill", unit_args), EVERY_USER),
        MatrixRow("safety_ratings:grid-row-fill", url("grid-row-fill", unit_args),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post"),
    ]  # fmt: skip


def _typed_criterion(year):
    from safety_ratings.selectors.units import criteria_version_for

    return criteria_version_for("khu_dan_cu", year).criteria.exclude(rule="").first()


@pytest.mark.django_db
def test_bulk_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_bulk_urls_refuse_a_user_without_role(area, user_of_role, client):
    # Checked apart from the matrix: the shared fixture makes the role-less user only once.
    rows = _rows(area)
    client.force_login(user_of_role("no_role"))
    for row in rows:
        expected = 405 if row.status_for("admin") == 405 else 403
        response = getattr(client, row.method)(row.url, data=row.data)
        assert response.status_code == expected, (row.method, row.url)


@pytest.mark.django_db
def test_bulk_urls_of_a_commune_outside_scope_are_404(area, user_of_role, client):
    year = timezone.localdate().year
    far_unit = RatedUnitFactory(commune=area.other_commune, name="Thôn Xa Thử")
    args = [area.other_commune.pk, year, "khu_dan_cu"]
    client.force_login(user_of_role("commune_committee"))
    for name in ("grid", "assessment-import", "assessment-import-template"):
        assert client.get(reverse(f"safety_ratings:{name}", args=args)).status_code == 404
    criterion = _typed_criterion(year)
    response = client.post(
        reverse("safety_ratings:grid-cell", args=[far_unit.pk, year]),
        {"criterion": criterion.pk, "value": "dat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    assert not far_unit.assessments.exists()
