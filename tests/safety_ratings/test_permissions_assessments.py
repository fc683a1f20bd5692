"""Roles × URLs of the yearly assessments: committees register and self-assess their own units,
police staff appraise and return, the deciding level's writers conclude and revoke; a row
outside the user's area is a 404, a role without the right a 403."""

import pytest
from django.urls import reverse

from safety_ratings.models import Assessment
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import RatedUnitFactory, self_assessed

URL_NAMES = {
    "safety_ratings:assessment-list",
    "safety_ratings:assessment-register",
    "safety_ratings:assessment-detail",
    "safety_ratings:assessment-registration-edit",
    "safety_ratings:assessment-self-assess",
    "safety_ratings:assessment-appraise",
    "safety_ratings:assessment-return",
    "safety_ratings:assessment-not-recognise",
    "safety_ratings:assessment-revoke",
    "safety_ratings:assessment-history",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
READERS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "leader": 200,
                        "district_committee": 200, "commune_committee": 200}  # fmt: skip
EDITORS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "district_committee": 200,
                        "commune_committee": 200, "leader": 403, "agency": 403}  # fmt: skip
# Police staff appraise: the standing office (police) and the administrator; committees
# without a police seat lack the right entirely.
APPRAISERS = {"admin": 200, "standing_staff": 200}
DECIDERS_OF_COMMUNE_1 = EDITORS_OF_COMMUNE_1


def _redirected(statuses: dict[str, int]) -> dict[str, int]:
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


def _rows(area):
    unit = RatedUnitFactory(commune=area.commune_1, name="Thôn Bản Thử")
    assessment = self_assessed(unit, 2025)
    fresh_unit = RatedUnitFactory(commune=area.commune_1, name="Thôn Mới Thử")
    one = [assessment.pk]
    url = lambda name, args=one: reverse(f"safety_ratings:{name}", args=args)  # noqa: E731
    bad_date = {"on": "không phải ngày", "reason": "x"}
    return [
        MatrixRow("safety_ratings:assessment-list", url("assessment-list", None), EVERYONE),
        MatrixRow("safety_ratings:assessment-detail", url("assessment-detail"),
                  READERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-history", url("assessment-history"),
                  READERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-register",
                  url("assessment-register", [fresh_unit.pk]), EDITORS_OF_COMMUNE_1),
        # Without a year the form comes back (200) to those allowed; nothing is registered.
        MatrixRow("safety_ratings:assessment-register",
                  url("assessment-register", [fresh_unit.pk]), EDITORS_OF_COMMUNE_1,
                  method="post", data={"registered_on": "2025-02-01"}),
        MatrixRow("safety_ratings:assessment-registration-edit",
                  url("assessment-registration-edit"), EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-self-assess", url("assessment-self-assess"),
                  EDITORS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-self-assess", url("assessment-self-assess"),
                  EDITORS_OF_COMMUNE_1, method="post", data=bad_date),
        MatrixRow("safety_ratings:assessment-appraise", url("assessment-appraise"), APPRAISERS,
                  default=403),
        MatrixRow("safety_ratings:assessment-appraise", url("assessment-appraise"), APPRAISERS,
                  default=403, method="post", data=bad_date),
        MatrixRow("safety_ratings:assessment-return", url("assessment-return"), APPRAISERS,
                  default=403),
        MatrixRow("safety_ratings:assessment-return", url("assessment-return"), APPRAISERS,
                  default=403, method="post", data={"reason": ""}),
        MatrixRow("safety_ratings:assessment-not-recognise", url("assessment-not-recognise"),
                  DECIDERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-not-recognise", url("assessment-not-recognise"),
                  DECIDERS_OF_COMMUNE_1, method="post", data=bad_date),
        MatrixRow("safety_ratings:assessment-revoke", url("assessment-revoke"),
                  DECIDERS_OF_COMMUNE_1),
        MatrixRow("safety_ratings:assessment-revoke", url("assessment-revoke"),
                  DECIDERS_OF_COMMUNE_1, method="post", data=bad_date),
    ]  # fmt: skip


@pytest.mark.django_db
def test_assessments_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)
    # The rows posted only invalid forms: nothing moved.
    assert set(Assessment.objects.values_list("status", flat=True)) == {"self_assessed"}


@pytest.mark.django_db
def test_registration_edit_post_saves_for_editors_only(area, user_of_role):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    data = {"registered_on": "2025-02-10", "party_resolution": "NQ 02-NQ/CB",
            "households_total": 120, "households_registered": 120}  # fmt: skip
    rows = [
        MatrixRow("safety_ratings:assessment-registration-edit",
                  reverse("safety_ratings:assessment-registration-edit", args=[assessment.pk]),
                  _redirected(EDITORS_OF_COMMUNE_1), method="post", data=data),
    ]  # fmt: skip
    check_matrix(rows, ROLES, user_of_role)
    assessment.refresh_from_db()
    assert assessment.party_resolution == "NQ 02-NQ/CB"


@pytest.mark.django_db
def test_appraise_post_by_a_committee_outside_the_police_is_refused(area, user_of_role, client):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:assessment-appraise", args=[assessment.pk]), {"on": "2025-11-05"}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SELF_ASSESSED
