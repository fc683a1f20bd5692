"""Roles × URLs of the submissions part: an organization sees and fills only its own reports,
the reviewer (here the provincial police office, the standing staff's organization) and the
provincial office review, leaders read, the province decides reopening; a row outside the
user's scope is a 404, a role without the right at all a 403."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import ReopenRequest, Submission
from reporting.services.submissions import ValueInput, reopen_request_create, submission_save
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories import accepted, field_of, fill, obligation_for, published_form, submitted

URL_NAMES = {
    "reporting:obligation-list",
    "reporting:review-queue",
    "reporting:obligation-detail",
    "reporting:submission-start",
    "reporting:submission-edit",
    "reporting:submission-review",
    "reporting:submission-reopen",
    "reporting:reopen-request-create",
    "reporting:submission-history",
    "reporting:figure-file",
    "reporting:reopen-request-list",
    "reporting:reopen-request-decide",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
# District committee 1's report, reviewed by the provincial police office.
READERS = {"admin": 200, "standing_staff": 200, "leader": 200, "district_committee": 200}
# Leaders read but never fill; people without a role neither.
FILLERS = {"admin": 200, "district_committee": 200, "leader": 403, "no_role": 403}
REVIEWERS = {"admin": 200, "standing_staff": 200, "leader": 403, "no_role": 403}
REVIEWING_ROLES = {role: 200 for role in ROLES if role not in (ANONYMOUS, "leader", "no_role")}
PROVINCE = {"admin": 200, "standing_staff": 200}


def _redirected(statuses: dict[str, int]) -> dict[str, int]:
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


def _rows(area, user_of_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reporter = user_of_role("district_committee")
    reviewer = user_of_role("standing_staff")
    form = published_form(area.police)
    deadline = datetime.date(2025, 12, 10)

    def owed(days: int):
        return obligation_for(area.district_committee_1, deadline - datetime.timedelta(days=days),
                              form=form, reviewer=area.police)  # fmt: skip

    draft_obligation = owed(0)
    draft = fill(draft_obligation, reporter, numbers={"vu_viec": 1})
    attachment = draft.values.get(field=field_of(draft.version, "dinh_kem"))
    submission_save(
        submission=draft, revision=draft.revision, by=reporter,
        values={attachment.field_id: ValueInput(file=SimpleUploadedFile("a.pdf", b"%PDF"))},
    )  # fmt: skip
    not_started = owed(30)
    waiting = owed(60)
    submitted(waiting, reporter)
    done = owed(90)
    locked = accepted(done, reporter, reviewer)
    asked = owed(120)
    request = reopen_request_create(
        submission=accepted(asked, reporter, reviewer), reason="Sai số.", by=reporter
    )

    url = lambda name, obj=None: reverse(  # noqa: E731
        f"reporting:{name}", args=[obj.pk] if obj is not None else None
    )
    return [
        MatrixRow("reporting:obligation-list", url("obligation-list"), EVERYONE),
        MatrixRow("reporting:review-queue", url("review-queue"), REVIEWING_ROLES, default=403),
        MatrixRow("reporting:obligation-detail", url("obligation-detail", draft_obligation),
                  READERS),
        MatrixRow("reporting:submission-history", url("submission-history", draft_obligation),
                  READERS),
        MatrixRow("reporting:figure-file", url("figure-file", attachment), READERS),
        # Starting is a POST; a GET is refused (405) to everyone logged in.
        MatrixRow("reporting:submission-start", url("submission-start", not_started),
                  dict.fromkeys(EVERYONE, 405)),
        MatrixRow("reporting:submission-edit", url("submission-edit", draft_obligation),
                  FILLERS),
        # Without the revision the form comes back (200) to those allowed; nothing is saved.
        MatrixRow("reporting:submission-edit", url("submission-edit", draft_obligation),
                  FILLERS, method="post", data={"save": "1"}),
        MatrixRow("reporting:submission-review", url("submission-review", waiting), REVIEWERS),
        # Returning without any comment is refused by the service (200, the page again).
        MatrixRow("reporting:submission-review", url("submission-review", waiting), REVIEWERS,
                  method="post", data={"comment": "", "return": "1"}),
        MatrixRow("reporting:submission-reopen", url("submission-reopen", done), REVIEWERS),
        MatrixRow("reporting:submission-reopen", url("submission-reopen", done), REVIEWERS,
                  method="post", data={"reason": ""}),
        MatrixRow("reporting:reopen-request-create", url("reopen-request-create", done),
                  FILLERS),
        MatrixRow("reporting:reopen-request-create", url("reopen-request-create", done),
                  FILLERS, method="post", data={"reason": ""}),
        MatrixRow("reporting:reopen-request-list", url("reopen-request-list"), PROVINCE,
                  default=403),
        MatrixRow("reporting:reopen-request-decide", url("reopen-request-decide", request),
                  PROVINCE, default=403),
        MatrixRow("reporting:reopen-request-decide", url("reopen-request-decide", request),
                  PROVINCE, default=403, method="post", data={"decision": "refuse", "note": ""}),
    ], {"draft": draft, "locked": locked, "request": request}  # fmt: skip


@pytest.mark.django_db
def test_submissions_permission_matrix(area, user_of_role, settings, tmp_path):
    rows, made = _rows(area, user_of_role, settings, tmp_path)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)
    # The rows posted only invalid forms: nothing moved.
    revision = made["draft"].revision
    made["draft"].refresh_from_db()
    assert made["draft"].revision == revision
    assert set(Submission.objects.values_list("status", flat=True)) == {
        "draft", "submitted", "accepted",
    }  # fmt: skip
    assert Submission.objects.count() == 4  # nobody started the report that was not started
    assert ReopenRequest.objects.get().status == ReopenRequest.Status.PENDING


@pytest.mark.django_db
def test_start_post_creates_the_report_for_fillers_only(area, user_of_role):
    obligation = obligation_for(area.district_committee_1, datetime.date(2025, 12, 10),
                                reviewer=area.police)  # fmt: skip
    start = reverse("reporting:submission-start", args=[obligation.pk])
    roles = [role for role in ROLES if role not in ("admin", "district_committee")]
    check_matrix([MatrixRow("reporting:submission-start", start, FILLERS, method="post")],
                 roles, user_of_role)  # fmt: skip
    assert not Submission.objects.exists()
    fillers = ["district_committee", "admin"]
    row = MatrixRow("reporting:submission-start", start, _redirected(FILLERS), method="post")
    check_matrix([row], fillers, user_of_role)
    assert Submission.objects.get().obligation == obligation


@pytest.mark.django_db
def test_review_accept_post_by_those_who_review_only(area, user_of_role):
    reporter = user_of_role("district_committee")
    obligation = obligation_for(area.district_committee_1, datetime.date(2025, 12, 10),
                                reviewer=area.police)  # fmt: skip
    submission = submitted(obligation, reporter)
    review = reverse("reporting:submission-review", args=[obligation.pk])
    others = [role for role in ROLES if role not in ("admin", "standing_staff")]
    check_matrix([MatrixRow("reporting:submission-review", review, REVIEWERS, method="post",
                            data={"accept": "1"})], others, user_of_role)  # fmt: skip
    submission.refresh_from_db()
    assert submission.status == "submitted"
    check_matrix([MatrixRow("reporting:submission-review", review, {"standing_staff": 302},
                            method="post", data={"accept": "1"})],
                 ["standing_staff"], user_of_role)  # fmt: skip
    submission.refresh_from_db()
    assert submission.status == "accepted"
