"""Roles × URLs of completeness and consolidation.

Anyone with a role opens the overview (it lists only the schedules they follow); a person
without a role gets 403. A schedule's pages are for those who see it (schedules_visible_to):
the provincial office and leaders of its area, the reviewer organization; others get 404.
Printing the consolidated report is for the reviewer organization and the provincial office;
a leader reads but gets 403 on printing. An area outside the person's scope is a 404.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from printing.models import IssuedPdf
from reporting.services.printing import SOURCE_LABEL
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import ScheduleFactory, published_form
from .factories_completeness import constructed_case, period_of, report_case

URL_NAMES = {
    "reporting:completeness",
    "reporting:completeness-schedule",
    "reporting:completeness-schedule-export",
    "reporting:completeness-period",
    "reporting:completeness-period-export",
    "reporting:consolidation",
    "reporting:consolidation-export",
    "reporting:consolidation-print",
    "reporting:consolidation-pdf",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role not in (ANONYMOUS, "no_role")} | {"no_role": 403}
# A schedule reviewed by the provincial steering committee.
PROVINCE = {"admin": 200, "standing_staff": 200, "leader": 200, "no_role": 403}
PROVINCE_PRINT = {"admin": 302, "standing_staff": 302, "leader": 403, "no_role": 403}
# A schedule reviewed by district committee 1: its people see it and print.
DISTRICT = PROVINCE | {"district_committee": 200}
DISTRICT_PRINT = PROVINCE_PRINT | {"district_committee": 302}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing a password the real way takes a second or more on a busy machine; the matrix
    # makes a user per role and never logs in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _rows(area) -> list[MatrixRow]:
    case = report_case(constructed_case(area))
    district = ScheduleFactory(
        form=published_form(area.district_committee_1), name="Báo cáo của xã về huyện",
        reviewer=area.district_committee_1, reporters=[area.commune_committee_1],
    )  # fmt: skip
    district_period = period_of(district)
    issued = IssuedPdf(code="THUMATRAN2", source_label=SOURCE_LABEL, source_id=case.period.pk,
                       title="Báo cáo tổng hợp", version=1, sha256="0" * 64)  # fmt: skip
    issued.file.save("THUMATRAN2.pdf", ContentFile(b"%PDF-1.7 thu"), save=True)
    schedule, period = case.schedule.pk, case.period.pk

    def url(name: str, *args) -> str:
        return reverse(f"reporting:{name}", args=args)

    return [
        MatrixRow("reporting:completeness", url("completeness"), EVERYONE),
        MatrixRow("reporting:completeness-schedule", url("completeness-schedule", schedule),
                  PROVINCE),
        MatrixRow("reporting:completeness-schedule",
                  url("completeness-schedule", district.pk), DISTRICT),
        MatrixRow("reporting:completeness-schedule-export",
                  url("completeness-schedule-export", schedule), PROVINCE),
        MatrixRow("reporting:completeness-period", url("completeness-period", period), PROVINCE),
        MatrixRow("reporting:completeness-period",
                  url("completeness-period", district_period.pk), DISTRICT),
        # The area filter: a unit of the person's scope, else 404.
        MatrixRow("reporting:completeness-period",
                  url("completeness-period", period) + f"?area={area.district_1.pk}", PROVINCE),
        MatrixRow("reporting:completeness-period",
                  url("completeness-period", period) + f"?area={area.other_province.pk}",
                  {"admin": 200, "no_role": 403}),
        MatrixRow("reporting:completeness-period-export",
                  url("completeness-period-export", period), PROVINCE),
        MatrixRow("reporting:consolidation", url("consolidation", period), PROVINCE),
        MatrixRow("reporting:consolidation",
                  url("consolidation", period) + f"?area={area.other_province.pk}",
                  {"admin": 200, "no_role": 403}),
        MatrixRow("reporting:consolidation", url("consolidation", district_period.pk), DISTRICT),
        MatrixRow("reporting:consolidation-export", url("consolidation-export", period),
                  PROVINCE),
        MatrixRow("reporting:consolidation-pdf", url("consolidation-pdf", period, issued.pk),
                  PROVINCE),
        MatrixRow("reporting:consolidation-print", url("consolidation-print", period),
                  PROVINCE_PRINT, method="post"),
        MatrixRow("reporting:consolidation-print",
                  url("consolidation-print", district_period.pk), DISTRICT_PRINT, method="post"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_completeness_permission_matrix(area, user_of_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_print_and_export_urls_refuse_get_and_post_in_turn(area, user_of_role, client):
    case = constructed_case(area)
    client.force_login(user_of_role("standing_staff"))
    assert (
        client.get(reverse("reporting:consolidation-print", args=[case.period.pk])).status_code
        == 405
    )
    for name in ("completeness-period-export", "consolidation-export", "consolidation"):
        response = client.post(reverse(f"reporting:{name}", args=[case.period.pk]))
        assert response.status_code == 405
