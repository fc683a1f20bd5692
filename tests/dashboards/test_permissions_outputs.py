"""Roles × URLs of what leaves the dashboard: the .xlsx export, the summary page (GET: the
issued summaries; POST: issue one) and an issued summary's PDF.

The export and the summary page answer as the dashboard: the administrator, provincial staff,
committees and leaders for the areas of their scope (their own by default), 403 for an agency
or a person without a role, 404 for an area outside the scope. Issuing mirrors printing a
consolidated report: the administrator, provincial staff and committees; a leader reads and
downloads but gets 403 on issuing. An administrator without an organization cannot issue the
whole country's summary (no issuing body): the form comes back with the reason (200).
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from dashboards.permissions import SUMMARY_SOURCE_PREFIX as SOURCE_LABEL_PREFIX
from printing.models import IssuedPdf
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "dashboards:dashboard-export",
    "dashboards:summary",
    "dashboards:summary-pdf",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
YEAR = 2025
NOT_READERS = {"agency": 403, "no_role": 403}
# Their own area (no area given): every reader.
OWN_AREA = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
    "other_district_committee": 200, "commune_committee": 200, "other_province_committee": 200,
} | NOT_READERS  # fmt: skip
# District 1 (old era): those whose scope holds it; the others 404.
DISTRICT_1 = {
    "admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200,
} | NOT_READERS  # fmt: skip
OTHER_PROVINCE = {"admin": 200, "other_province_committee": 200} | NOT_READERS
# Issuing: a redirect to the list once issued; the leader 403. The administrator's own area is
# the whole country, which has no issuing body: the form again, with the reason.
ISSUE_OWN_AREA = {
    "admin": 200, "standing_staff": 302, "leader": 403, "district_committee": 302,
    "other_district_committee": 302, "commune_committee": 302, "other_province_committee": 302,
} | NOT_READERS  # fmt: skip
ISSUE_DISTRICT_1 = {
    "admin": 302, "standing_staff": 302, "leader": 403, "district_committee": 302,
} | NOT_READERS  # fmt: skip
PROVINCE_PDF = {"admin": 200, "standing_staff": 200, "leader": 200} | NOT_READERS
DISTRICT_1_PDF = PROVINCE_PDF | {"district_committee": 200}
NATION_PDF = {"admin": 200} | NOT_READERS
ISSUE_FORM = {"number_symbol": "30/BC", "position": "Trưởng ban", "signer_name": "Hoàng Văn Ký"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The matrix makes a user per role and never logs in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _issued(code: str, source_id: int) -> IssuedPdf:
    """A summary on record (its content does not matter to who may download it)."""
    issued = IssuedPdf(code=code, source_label=f"{SOURCE_LABEL_PREFIX}.{YEAR}",
                       source_id=source_id, title="Báo cáo tóm tắt", version=1,
                       sha256="0" * 64)  # fmt: skip
    issued.file.save(f"{code}.pdf", ContentFile(b"%PDF-1.7 thu"), save=True)
    return issued


def _rows(area) -> list[MatrixRow]:
    export, summary = reverse("dashboards:dashboard-export"), reverse("dashboards:summary")

    def pdf(issued: IssuedPdf) -> str:
        return reverse("dashboards:summary-pdf", args=[issued.pk])

    province_pdf = _issued("TOMTATTINH", area.province.pk)
    district_pdf = _issued("TOMTATHUYE", area.district_1.pk)
    nation_pdf = _issued("TOMTATQUOC", 0)
    own, district = f"?year={YEAR}", f"?year={YEAR}&area={area.district_1.pk}"
    other = f"?year={YEAR}&area={area.other_province.pk}"
    return [
        MatrixRow("dashboards:dashboard-export", export + own, OWN_AREA),
        MatrixRow("dashboards:dashboard-export", export + district, DISTRICT_1),
        MatrixRow("dashboards:dashboard-export", export + other, OTHER_PROVINCE),
        MatrixRow("dashboards:summary", summary + own, OWN_AREA),
        MatrixRow("dashboards:summary", summary + district, DISTRICT_1),
        MatrixRow("dashboards:summary", summary + other, OTHER_PROVINCE),
        MatrixRow("dashboards:summary", summary + own, ISSUE_OWN_AREA, method="post",
                  data=ISSUE_FORM),
        MatrixRow("dashboards:summary", summary + district, ISSUE_DISTRICT_1, method="post",
                  data=ISSUE_FORM),
        MatrixRow("dashboards:summary-pdf", pdf(province_pdf), PROVINCE_PDF),
        MatrixRow("dashboards:summary-pdf", pdf(district_pdf), DISTRICT_1_PDF),
        MatrixRow("dashboards:summary-pdf", pdf(nation_pdf), NATION_PDF),
    ]  # fmt: skip


@pytest.mark.django_db
def test_outputs_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)
    # Each successful POST issued one summary, for the area asked (0: the whole country).
    issued = IssuedPdf.objects.exclude(code__startswith="TOMTAT")
    sources = sorted(issued.values_list("source_id", flat=True))
    own_areas = [area.province, area.district_1, area.district_2, area.commune_1,
                 area.other_province]  # fmt: skip
    assert sources == sorted([unit.pk for unit in own_areas] + [area.district_1.pk] * 3)


@pytest.mark.django_db
def test_only_pdfs_of_summaries_are_served(area, user_of_role, client):
    """A PDF of another part of the portal is never served as a summary."""
    other = IssuedPdf(code="KHACNGUON1", source_label="reporting.consolidation",
                      source_id=area.province.pk, title="Báo cáo tổng hợp", version=1,
                      sha256="0" * 64)  # fmt: skip
    other.file.save("KHACNGUON1.pdf", ContentFile(b"%PDF-1.7 thu"), save=True)
    client.force_login(user_of_role("admin"))
    assert client.get(reverse("dashboards:summary-pdf", args=[other.pk])).status_code == 404
