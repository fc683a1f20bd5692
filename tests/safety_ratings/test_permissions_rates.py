"""Roles × URLs of the rates: who reads which area's rates.

Provincial staff, committees and leaders read their own area (the default) and any area of
their scope; the administrator reads the whole country. An agency reads its own unit's
ratings on the unit pages, not an area's statistics: 403 here, like a person without a role.
An area outside the person's scope is a 404.
"""

import pytest
from django.urls import reverse

from safety_ratings.permissions import can_view_rates, rate_areas_visible_to
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "safety_ratings:rates",
    "safety_ratings:rates-export",
    "safety_ratings:rates-drilldown",
    "safety_ratings:rates-drilldown-export",
    "safety_ratings:rates-not-recognised",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
# Their own area (no area given): every reader; the agency and a person without a role: 403.
OWN_AREA = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
    "other_district_committee": 200, "commune_committee": 200, "other_province_committee": 200,
    "agency": 403, "no_role": 403,
}  # fmt: skip
# District 1's area: those whose scope holds it; the others 404, the non-readers 403.
DISTRICT_1 = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
    "agency": 403, "no_role": 403,
}  # fmt: skip
# The whole country: the administrator only (others' empty area means their own).
NATION = {name: 200 for name in OWN_AREA if OWN_AREA[name] == 200}


def _rows(area) -> list[MatrixRow]:
    rows = []
    for name in sorted(URL_NAMES):
        url = reverse(name)
        rows += [
            MatrixRow(name, f"{url}?year=2023", OWN_AREA, default=404),
            MatrixRow(name, f"{url}?year=2023&area=", NATION | {"agency": 403, "no_role": 403}),
            MatrixRow(name, f"{url}?year=2023&area={area.district_1.pk}", DISTRICT_1),
            MatrixRow(
                name,
                f"{url}?year=2023&area={area.other_province.pk}",
                {"admin": 200, "other_province_committee": 200, "agency": 403, "no_role": 403},
            ),
        ]
    return rows


@pytest.mark.django_db
def test_rates_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_nation_is_the_administrators_and_others_get_their_own_area(area, user_of_role, client):
    url = reverse("safety_ratings:rates")
    client.force_login(user_of_role("admin"))
    assert client.get(url, {"year": 2023, "area": ""}).context["area"].is_nation
    client.force_login(user_of_role("leader"))
    assert client.get(url, {"year": 2023, "area": ""}).context["area"].unit == area.province
    client.force_login(user_of_role("other_province_committee"))
    response = client.get(url, {"year": 2023})
    assert response.context["area"].unit == area.other_province
    assert client.get(url, {"year": 2023, "area": area.province.pk}).status_code == 404


@pytest.mark.django_db
def test_rate_permissions_answer_may_they_and_which_areas(area, user_of_role):
    readers = {name for name, status in OWN_AREA.items() if status == 200}
    for name in ROLES[1:]:
        user = user_of_role(name)
        assert can_view_rates(user) is (name in readers), name
        assert rate_areas_visible_to(user).exists() is (name in readers), name
    assert rate_areas_visible_to(user_of_role("admin")).filter(pk=area.other_province.pk).exists()
    district = rate_areas_visible_to(user_of_role("district_committee"))
    assert district.filter(pk=area.district_1.pk).exists()
    assert not district.filter(pk=area.district_2.pk).exists()
