"""Roles × URLs of recognition decisions (GET and POST); a decision stays within its area."""

import pytest
from django.urls import reverse

from printing.models import IssuedPdf, PrintBatch
from safety_ratings.services.printing import decision_print
from tests.organizations.factories import OrganizationFactory
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import RatedUnitFactory, recognised

URL_NAMES = {
    "safety_ratings:decision-list",
    "safety_ratings:decision-create",
    "safety_ratings:decision-detail",
    "safety_ratings:decision-print",
    "safety_ratings:decision-certificates",
    "safety_ratings:decision-pdf-download",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
NOT_ALLOWED = {role: 405 for role in ROLES if role != ANONYMOUS}
WRITERS = {
    "admin": 200, "standing_staff": 200, "district_committee": 200,
    "other_district_committee": 200, "commune_committee": 200, "other_province_committee": 200,
}  # fmt: skip
# The decision is taken in commune 1 (which the old district 1's commune became).
READERS_OF_COMMUNE_1 = {"admin": 200, "standing_staff": 200, "leader": 200,
                        "district_committee": 200, "commune_committee": 200}  # fmt: skip
PRINTERS_OF_COMMUNE_1 = {"admin": 302, "standing_staff": 302, "district_committee": 302,
                         "commune_committee": 302, "leader": 403, "agency": 403}  # fmt: skip


@pytest.fixture
def decision(area):
    ubnd = OrganizationFactory(name="Ủy ban nhân dân xã Đồng Đăng", kind="peoples_committee",
                               unit=area.commune_1)  # fmt: skip
    units = [RatedUnitFactory(commune=area.commune_1) for _ in range(2)]
    return recognised(units, 2025, issuer=ubnd, deciding_unit=area.commune_1)


def _rows(decision, issued):
    one = [decision.pk]
    pdf = [decision.pk, issued.pk]
    name = "safety_ratings:"
    return [
        MatrixRow(f"{name}decision-list", reverse(f"{name}decision-list"), EVERYONE),
        MatrixRow(f"{name}decision-list", reverse(f"{name}decision-list"), NOT_ALLOWED,
                  method="post"),
        MatrixRow(f"{name}decision-create", reverse(f"{name}decision-create"), WRITERS,
                  default=403),
        MatrixRow(f"{name}decision-create", reverse(f"{name}decision-create"), WRITERS,
                  default=403, method="post"),
        MatrixRow(f"{name}decision-detail", reverse(f"{name}decision-detail", args=one),
                  READERS_OF_COMMUNE_1),
        MatrixRow(f"{name}decision-detail", reverse(f"{name}decision-detail", args=one),
                  NOT_ALLOWED, method="post"),
        MatrixRow(f"{name}decision-print", reverse(f"{name}decision-print", args=one),
                  NOT_ALLOWED),
        MatrixRow(f"{name}decision-print", reverse(f"{name}decision-print", args=one),
                  PRINTERS_OF_COMMUNE_1, method="post"),
        MatrixRow(f"{name}decision-certificates",
                  reverse(f"{name}decision-certificates", args=one), NOT_ALLOWED),
        MatrixRow(f"{name}decision-certificates",
                  reverse(f"{name}decision-certificates", args=one), PRINTERS_OF_COMMUNE_1,
                  method="post"),
        MatrixRow(f"{name}decision-pdf-download",
                  reverse(f"{name}decision-pdf-download", args=pdf), READERS_OF_COMMUNE_1),
        MatrixRow(f"{name}decision-pdf-download",
                  reverse(f"{name}decision-pdf-download", args=pdf), NOT_ALLOWED,
                  method="post"),
    ]  # fmt: skip


def test_decisions_permission_matrix(area, decision, user_of_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    issued = decision_print(decision=decision, by=None, sign=False)
    rows = _rows(decision, issued)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


def test_printing_is_refused_outside_the_deciding_area(
    area, decision, user_of_role, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for url_name in ("decision-print", "decision-certificates"):
        url = reverse(f"safety_ratings:{url_name}", args=[decision.pk])
        for role, status in (("other_district_committee", 404),
                             ("other_province_committee", 404), ("leader", 403)):  # fmt: skip
            client.force_login(user_of_role(role))
            assert client.post(url, {"sign": "1"}).status_code == status, (url_name, role)
    assert not IssuedPdf.objects.exists()
    assert not PrintBatch.objects.exists()


def test_a_certificate_of_another_decision_is_not_downloadable_through_this_one(
    area, decision, user_of_role, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ubnd_2 = OrganizationFactory(name="Ủy ban nhân dân phường Hoàng Đồng",
                                 kind="peoples_committee", unit=area.commune_2)  # fmt: skip
    other = recognised([RatedUnitFactory(commune=area.commune_2)], 2025, issuer=ubnd_2,
                       deciding_unit=area.commune_2, number="9")  # fmt: skip
    foreign = decision_print(decision=other, by=None, sign=False)
    client.force_login(user_of_role("standing_staff"))
    url = reverse("safety_ratings:decision-pdf-download", args=[decision.pk, foreign.pk])
    assert client.get(url).status_code == 404
