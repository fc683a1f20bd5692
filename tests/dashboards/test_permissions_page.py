"""Roles × URLs of the dashboard page: who reads which area's year.

As the rates pages: provincial staff, committees and leaders read their own area (the
default) and any area of their scope; the administrator reads the whole country (an empty
area), which for anyone else means their own area. An agency, or a person without a role,
gets 403; an area outside the person's scope is a 404; an anonymous visitor goes to the login.
"""

import pytest
from django.urls import reverse

from dashboards.permissions import can_view_dashboard
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {"dashboards:dashboard"}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
NOT_READERS = {"agency": 403, "no_role": 403}
# Their own area (no area given): every reader.
OWN_AREA = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
    "other_district_committee": 200, "commune_committee": 200, "other_province_committee": 200,
} | NOT_READERS  # fmt: skip
# The whole country for the administrator; for the others "" is their own area.
NATION = OWN_AREA
# District 1 (old era): those whose scope holds it; the others 404.
DISTRICT_1 = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
} | NOT_READERS  # fmt: skip
OTHER_PROVINCE = {"admin": 200, "other_province_committee": 200} | NOT_READERS


def _rows(area) -> list[MatrixRow]:
    url = reverse("dashboards:dashboard")
    name = "dashboards:dashboard"
    return [
        MatrixRow(name, url, OWN_AREA),
        MatrixRow(name, f"{url}?year=2023", OWN_AREA),
        MatrixRow(name, f"{url}?year=2023&area=", NATION),
        MatrixRow(name, f"{url}?year=2023&area={area.district_1.pk}&era=2025", DISTRICT_1),
        MatrixRow(
            name,
            f"{url}?year=2025&area={area.commune_1.pk}&kind=co_so_giao_duc",
            DISTRICT_1 | {"commune_committee": 200},
        ),  # fmt: skip
        MatrixRow(name, f"{url}?year=2023&area={area.other_province.pk}", OTHER_PROVINCE),
        # an area that is not a number is no area of anyone's scope
        MatrixRow(name, f"{url}?year=2023&area=abc", NOT_READERS),
    ]


@pytest.mark.django_db
def test_dashboard_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("dashboards:dashboard"), {"year": 2023})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.django_db
def test_each_reader_gets_their_own_area_and_only_the_administrator_the_country(
    area, user_of_role, client
):
    url = reverse("dashboards:dashboard")
    own = {
        "admin": None, "standing_staff": area.province, "leader": area.province,
        "district_committee": area.district_1, "other_district_committee": area.district_2,
        "commune_committee": area.commune_1, "other_province_committee": area.other_province,
    }  # fmt: skip
    for role, unit in own.items():
        client.force_login(user_of_role(role))
        for params in ({"year": 2023}, {"year": 2023, "area": ""}):
            assert client.get(url, params).context["area"].unit == unit, (role, params)
    client.force_login(user_of_role("leader"))
    assert client.get(url, {"area": area.district_2.pk}).context["area"].unit == area.district_2
    for name in ROLES[1:]:
        assert can_view_dashboard(user_of_role(name)) is (OWN_AREA[name] == 200), name
