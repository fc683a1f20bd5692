"""Roles × URLs of the organizations app, and scope isolation between districts."""

import pytest
from django.urls import reverse

from organizations.models import RoleAssignment
from organizations.permissions import organizations_visible_to, scope_of, units_visible_to
from organizations.services.people import membership_add
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "home",
    "organizations:unit-list",
    "organizations:unit-autocomplete",
    "organizations:unit-detail",
    "organizations:unit-history",
    "organizations:organization-list",
    "organizations:organization-create",
    "organizations:organization-detail",
    "organizations:organization-edit",
    "organizations:organization-history",
    "organizations:organization-membership-add",
    "organizations:organization-membership-end",
    "organizations:user-list",
    "organizations:user-create",
    "organizations:user-detail",
    "organizations:user-edit",
    "organizations:user-role-assign",
    "organizations:user-role-revoke",
    "organizations:user-history",
    "organizations:profile",
}

ROLES = [
    ANONYMOUS,
    "admin",
    "standing_staff",
    "leader",
    "district_committee",
    "other_district_committee",
    "commune_committee",
    "agency",
    "other_province_committee",
]
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
ADMIN_ONLY_PAGE = {"admin": 200}


def _rows(area, user_of_role):
    person = user_of_role("district_committee")
    assignment = RoleAssignment.objects.get(user=person)
    membership = membership_add(
        committee=area.district_committee_1, person=person, committee_role="member"
    )
    commune_1 = area.commune_1
    in_province = {"admin": 200, "standing_staff": 200, "leader": 200, "agency": 200}
    return [
        MatrixRow("home", reverse("home"), EVERYONE),
        MatrixRow("organizations:unit-list", reverse("organizations:unit-list"), EVERYONE),
        MatrixRow(
            "organizations:unit-autocomplete",
            reverse("organizations:unit-autocomplete"),
            EVERYONE,
        ),
        # The new commune C1 succeeded the old commune of district 1: its committee sees it.
        MatrixRow(
            "organizations:unit-detail",
            reverse("organizations:unit-detail", args=[commune_1.pk]),
            {**in_province, "district_committee": 200, "commune_committee": 200},
        ),
        MatrixRow(
            "organizations:unit-history",
            reverse("organizations:unit-history", args=[area.district_2.pk]),
            {**in_province, "other_district_committee": 200},
        ),
        MatrixRow(
            "organizations:organization-list", reverse("organizations:organization-list"), EVERYONE
        ),
        MatrixRow(
            "organizations:organization-create",
            reverse("organizations:organization-create"),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow(
            "organizations:organization-detail",
            reverse("organizations:organization-detail", args=[area.district_committee_2.pk]),
            {**in_province, "other_district_committee": 200},
        ),
        MatrixRow(
            "organizations:organization-edit",
            reverse("organizations:organization-edit", args=[area.district_committee_2.pk]),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow(
            "organizations:organization-history",
            reverse("organizations:organization-history", args=[area.district_committee_1.pk]),
            {**in_province, "district_committee": 200},
        ),
        MatrixRow(
            "organizations:organization-membership-add",
            reverse(
                "organizations:organization-membership-add", args=[area.district_committee_1.pk]
            ),
            {"admin": 302},
            default=403,
            method="post",
            data={"committee_role": "member"},
        ),
        MatrixRow(
            "organizations:organization-membership-end",
            reverse(
                "organizations:organization-membership-end",
                args=[area.district_committee_1.pk, membership.pk],
            ),
            {"admin": 302},
            default=403,
            method="post",
        ),
        MatrixRow(
            "organizations:user-list",
            reverse("organizations:user-list"),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow(
            "organizations:user-create",
            reverse("organizations:user-create"),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow(
            "organizations:user-detail",
            reverse("organizations:user-detail", args=[person.pk]),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow(
            "organizations:user-edit",
            reverse("organizations:user-edit", args=[person.pk]),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        # An incomplete assignment: the admin gets the form back with its error (400).
        MatrixRow(
            "organizations:user-role-assign",
            reverse("organizations:user-role-assign", args=[person.pk]),
            {"admin": 400},
            default=403,
            method="post",
            data={"role": "committee"},
        ),
        MatrixRow(
            "organizations:user-role-revoke",
            reverse("organizations:user-role-revoke", args=[person.pk, assignment.pk]),
            {"admin": 302},
            default=403,
            method="post",
        ),
        MatrixRow(
            "organizations:user-history",
            reverse("organizations:user-history", args=[person.pk]),
            ADMIN_ONLY_PAGE,
            default=403,
        ),
        MatrixRow("organizations:profile", reverse("organizations:profile"), EVERYONE),
    ]


@pytest.mark.django_db
def test_organizations_permission_matrix(area, user_of_role):
    rows = _rows(area, user_of_role)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_scope_district_committee_sees_nothing_of_another_district(area, user_of_role):
    first = user_of_role("district_committee")
    second = user_of_role("other_district_committee")
    first_units = set(units_visible_to(first).values_list("pk", flat=True))
    second_units = set(units_visible_to(second).values_list("pk", flat=True))
    assert area.district_1.pk in first_units and area.old_commune_1.pk in first_units
    assert area.district_2.pk not in first_units and area.old_commune_2.pk not in first_units
    assert area.district_2.pk in second_units and area.district_1.pk not in second_units
    assert not first_units & {area.district_2.pk, area.old_commune_2.pk, area.commune_2.pk}
    first_orgs = set(organizations_visible_to(first).values_list("pk", flat=True))
    assert area.district_committee_2.pk not in first_orgs
    assert area.other_committee.pk not in first_orgs


@pytest.mark.django_db
def test_scope_reaches_the_same_area_in_the_other_era(area, user_of_role):
    # The 2025 province sees the old province it was formed from, down to its old communes.
    staff_units = set(units_visible_to(user_of_role("standing_staff")).values_list("pk", flat=True))
    assert {area.legacy_province.pk, area.district_1.pk, area.old_commune_2.pk} <= staff_units
    assert area.other_province.pk not in staff_units
    # An old district's committee follows its communes into the 2025 communes that took them.
    district_units = scope_of(user_of_role("district_committee")).unit_ids
    assert area.commune_1.pk in district_units and area.commune_2.pk not in district_units


@pytest.mark.django_db
def test_scope_is_computed_in_a_bounded_number_of_queries(
    area, user_of_role, django_assert_max_num_queries
):
    user = user_of_role("standing_staff")
    with django_assert_max_num_queries(5):
        scope_of(user)
    with django_assert_max_num_queries(0):
        scope_of(user)


@pytest.mark.django_db
def test_scope_user_without_role_sees_nothing(area, user_of_role):
    user = user_of_role("no_role")
    assert not units_visible_to(user).exists()
    assert not organizations_visible_to(user).exists()
