"""Roles × URLs of the printing app: verification is public; batches belong to their owner."""

import pytest
from django.urls import reverse

from directives.services.printing import document_print
from printing.models import PrintBatch
from tests.directives.factories import make_document
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "printing:verify-upload",
    "printing:verify-code",
    "printing:batch-detail",
    "printing:batch-download",
}
ROLES = [ANONYMOUS, "admin", "standing_staff", "leader", "district_committee", "agency",
         "other_province_committee"]  # fmt: skip
EVERYONE = dict.fromkeys(ROLES, 200)


@pytest.mark.django_db
def test_printing_permission_matrix(area, user_of_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issued = document_print(document=make_document(issuer=area.provincial_committee), by=None,
                            sign=False)  # fmt: skip
    batch = PrintBatch.objects.create(
        label="Thử", printer="directives.services.printing.issue_document_pdf",
        item_ids=[1], requested_by=user_of_role("standing_staff"),
    )  # fmt: skip
    rows = [
        MatrixRow("printing:verify-upload", reverse("printing:verify-upload"), EVERYONE),
        MatrixRow("printing:verify-code", reverse("printing:verify-code", args=[issued.code]),
                  EVERYONE),
        MatrixRow("printing:batch-detail", reverse("printing:batch-detail", args=[batch.pk]),
                  {"admin": 200, "standing_staff": 200}),
        # The batch has no ZIP yet: its owner gets 404 like everyone else.
        MatrixRow("printing:batch-download", reverse("printing:batch-download", args=[batch.pk]),
                  {}),
    ]  # fmt: skip
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)
