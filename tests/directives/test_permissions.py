"""Roles × URLs of the directives app; documents and tasks stay within each scope."""

import datetime

import pytest
from django.urls import reverse

from directives.permissions import documents_visible_to, occurrences_visible_to
from directives.services.documents import RecipientData
from directives.services.tasks import TaskInput
from tests.directives.factories import make_document
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "directives:document-list",
    "directives:document-create",
    "directives:document-read-text",
    "directives:document-next-number",
    "directives:document-export",
    "directives:document-import",
    "directives:document-detail",
    "directives:document-edit",
    "directives:document-issue",
    "directives:document-expire",
    "directives:document-replace",
    "directives:citation-add",
    "directives:citation-relation",
    "directives:task-add",
    "directives:document-history",
    "directives:task-board",
    "directives:task-mine",
    "directives:task-stats",
    "directives:task-export",
    "directives:task-occurrence",
    "directives:document-print",
    "directives:issued-pdf-download",
    "directives:document-batch-print",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
WRITERS = {"admin": 200, "standing_staff": 200}


def _documents(area):
    """A plan of the provincial committee with a task for district 1's committee, and a draft."""
    from directives.services.documents import DocumentInput, document_update

    plan = make_document(
        issuer=area.provincial_committee,
        tasks=[TaskInput(text="Báo cáo kết quả", deadline_kind="date",
                         deadline_value="2026-12-10", lead=[area.district_committee_1])],
    )  # fmt: skip
    document_update(
        document=plan,
        fields={},
        recipients=[
            RecipientData("Ban Chỉ đạo 138 huyện Cao Thử", "t/h", area.district_committee_1)
        ],
    )
    draft = make_document(issuer=area.provincial_committee, number_symbol="09/KH-BCĐ",
                          issue=False)  # fmt: skip
    other = make_document(issuer=area.other_committee, number_symbol="01/KH-BCĐ")
    del DocumentInput
    return plan, draft, other


def _rows(area):
    from directives.services.printing import document_print

    plan, draft, other = _documents(area)
    issued = document_print(document=plan, by=None, sign=False)
    occurrence = plan.tasks.get().assignments.get().occurrences.get()
    citation_pk = 0
    in_area = {**WRITERS, "leader": 200}
    addressed = {**in_area, "district_committee": 200}
    post = {"method": "post"}
    return [
        MatrixRow("directives:document-list", reverse("directives:document-list"), EVERYONE),
        MatrixRow("directives:document-create", reverse("directives:document-create"), WRITERS,
                  default=403),
        MatrixRow("directives:document-read-text", reverse("directives:document-read-text"),
                  WRITERS, default=403),
        MatrixRow("directives:document-next-number",
                  reverse("directives:document-next-number")
                  + f"?issuer={area.provincial_committee.pk}&type_code=TB",
                  WRITERS, default=403),
        MatrixRow("directives:document-export", reverse("directives:document-export"), EVERYONE),
        MatrixRow("directives:document-import", reverse("directives:document-import"), WRITERS,
                  default=403),
        MatrixRow("directives:document-detail",
                  reverse("directives:document-detail", args=[plan.pk]), addressed),
        MatrixRow("directives:document-edit",
                  reverse("directives:document-edit", args=[draft.pk]), WRITERS, default=403),
        MatrixRow("directives:document-issue",
                  reverse("directives:document-issue", args=[draft.pk]),
                  {"admin": 302, "standing_staff": 302}, default=403, **post),
        MatrixRow("directives:document-expire",
                  reverse("directives:document-expire", args=[other.pk]),
                  {"admin": 302, "standing_staff": 404}, default=403, **post),
        MatrixRow("directives:document-replace",
                  reverse("directives:document-replace", args=[plan.pk]),
                  {"admin": 302, "standing_staff": 302}, default=403, **post),
        MatrixRow("directives:citation-add", reverse("directives:citation-add", args=[plan.pk]),
                  {"admin": 302, "standing_staff": 302}, default=403, **post),
        MatrixRow("directives:citation-relation",
                  reverse("directives:citation-relation", args=[plan.pk, citation_pk]),
                  {"admin": 404, "standing_staff": 404}, default=403, **post),
        MatrixRow("directives:task-add", reverse("directives:task-add", args=[plan.pk]),
                  WRITERS, default=403),
        MatrixRow("directives:document-history",
                  reverse("directives:document-history", args=[plan.pk]), addressed),
        MatrixRow("directives:task-board", reverse("directives:task-board"), EVERYONE),
        MatrixRow("directives:task-mine", reverse("directives:task-mine"), EVERYONE),
        MatrixRow("directives:task-stats", reverse("directives:task-stats"), EVERYONE),
        MatrixRow("directives:task-export", reverse("directives:task-export"), EVERYONE),
        MatrixRow("directives:task-occurrence",
                  reverse("directives:task-occurrence", args=[occurrence.pk]), addressed),
        MatrixRow("directives:document-print",
                  reverse("directives:document-print", args=[draft.pk]),
                  {"admin": 302, "standing_staff": 302}, default=403, **post),
        MatrixRow("directives:issued-pdf-download",
                  reverse("directives:issued-pdf-download", args=[plan.pk, issued.pk]), addressed),
        # No document of the year: the writers are sent back with a message; nothing queued.
        MatrixRow("directives:document-batch-print",
                  reverse("directives:document-batch-print"),
                  {"admin": 302, "standing_staff": 302}, default=403, method="post",
                  data={"year": "1999"}),
    ]  # fmt: skip


@pytest.mark.django_db
def test_directives_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_committee_sees_only_documents_and_tasks_addressed_to_it(area, user_of_role):
    plan, draft, other = _documents(area)
    first = user_of_role("district_committee")
    second = user_of_role("other_district_committee")
    assert set(documents_visible_to(first)) == {plan}
    assert not documents_visible_to(second).filter(pk__in=[plan.pk, draft.pk, other.pk]).exists()
    assert occurrences_visible_to(first).count() == 1
    assert not occurrences_visible_to(second).exists()
    staff = user_of_role("standing_staff")
    assert {plan, draft} <= set(documents_visible_to(staff))
    assert other not in set(documents_visible_to(staff))
    leader = user_of_role("leader")
    assert draft not in set(documents_visible_to(leader))


@pytest.mark.django_db
def test_assignee_reports_progress_and_others_cannot(area, user_of_role, client):
    plan, _draft, _other = _documents(area)
    occurrence = plan.tasks.get().assignments.get().occurrences.get()
    url = reverse("directives:task-occurrence", args=[occurrence.pk])
    data = {"reported_on": datetime.date(2026, 11, 1).isoformat(), "text": "Đã báo cáo",
            "completes": "on"}  # fmt: skip
    client.force_login(user_of_role("leader"))
    assert client.post(url, data).status_code == 403
    client.force_login(user_of_role("district_committee"))
    assert client.post(url, data).status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.completed_on == datetime.date(2026, 11, 1)
