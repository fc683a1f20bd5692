"""Pages of filling, submitting and reviewing reports: success paths, the stale save that keeps
what was typed, scope (404 outside), and bounded queries."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from directives.models import DocumentTask
from reporting.models import FigureValue, ReminderLedger, ReopenRequest, Submission
from reporting.services.submissions import (
    ValueInput,
    reopen_request_create,
    submission_return,
    submission_save,
    submission_start,
)
from tests.directives.factories import make_document

from .factories import (
    accepted,
    field_of,
    fill,
    many_figures,
    obligation_for,
    published_form,
    submitted,
)

Status = Submission.Status
DEADLINE = datetime.date(2025, 12, 10)


@pytest.fixture
def reporter(user_of_role):
    return user_of_role("district_committee")


@pytest.fixture
def reviewer(user_of_role):
    return user_of_role("standing_staff")


@pytest.fixture
def obligation(area):
    return obligation_for(area.district_committee_1, DEADLINE, reviewer=area.police)


def _url(name: str, pk: int) -> str:
    return reverse(f"reporting:{name}", args=[pk])


def _ids(submission: Submission) -> dict[str, int]:
    return {v.field.code: v.field_id for v in submission.values.select_related("field")}


def _post_data(submission: Submission, **typed) -> dict:
    """The report form's data: `typed` by field code ("vu_viec": "3.321")."""
    ids = _ids(submission)
    data = {"revision": str(submission.revision), "summary": ""}
    for code, text in typed.items():
        data[f"v_{ids[code]}"] = text
    return data


# -- lists ------------------------------------------------------------------------------------


def test_obligation_list_shows_status_and_days_left(client, area, reporter, reviewer):
    today = timezone.localdate()
    overdue = obligation_for(area.district_committee_1, today - datetime.timedelta(days=3),
                             reviewer=area.police)  # fmt: skip
    soon = obligation_for(area.district_committee_1, today + datetime.timedelta(days=5),
                          reviewer=area.police)  # fmt: skip
    fill(soon, reporter, numbers={"vu_viec": 1})
    obligation_for(area.district_committee_2, today, reviewer=area.police)  # another org's
    last_year = obligation_for(area.district_committee_1, today - datetime.timedelta(days=400),
                               reviewer=area.police)  # fmt: skip
    accepted(last_year, reporter, reviewer)
    client.force_login(reporter)
    response = client.get(reverse("reporting:obligation-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "quá hạn 3 ngày" in content and "còn 5 ngày" in content
    assert 'class="table-danger"' in content
    assert "Chưa lập" in content and "Đang soạn" in content
    rows = [row.obligation for row in response.context["rows"]]
    assert rows == [overdue, soon, last_year]  # what is still to do first

    response = client.get(reverse("reporting:obligation-list"), {"status": "draft"})
    assert [row.obligation for row in response.context["rows"]] == [soon]
    response = client.get(reverse("reporting:obligation-list"),
                          {"year": last_year.period.end.year})  # fmt: skip
    assert [row.obligation for row in response.context["rows"]] == [last_year]


def test_obligation_list_queries_are_bounded(client, area, reporter, reviewer,
                                             django_assert_max_num_queries):  # fmt: skip
    form = published_form(area.police)
    for i in range(60):
        deadline = DEADLINE - datetime.timedelta(days=30 * i)
        obligation = obligation_for(area.district_committee_1, deadline, form=form)
        if i % 3 == 0:
            fill(obligation, reporter, numbers={"vu_viec": i})
    client.force_login(reporter)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:obligation-list"))
    assert len(response.context["rows"]) == 50


def test_review_queue_lists_submitted_first_with_bounded_queries(
    client, area, reporter, reviewer, django_assert_max_num_queries
):
    form = published_form(area.police)
    schedule = None
    for i in range(55):
        obligation = obligation_for(area.district_committee_1,
                                    DEADLINE - datetime.timedelta(days=30 * i), form=form,
                                    schedule=schedule)  # fmt: skip
        schedule = obligation.period.schedule
        if i == 40:
            waiting = obligation
            submitted(obligation, reporter)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:review-queue"))
    assert response.status_code == 200
    assert response.context["rows"][0].obligation == waiting
    assert response.context["rows"][0].status == "submitted"


# -- the obligation page ----------------------------------------------------------------------


def test_obligation_detail_shows_directive_reminders_and_lock(
    client, area, obligation, reporter, reviewer
):
    document = make_document(issuer=area.provincial_committee)
    task = DocumentTask.objects.create(
        document=document, number="3", text="Báo cáo kết quả hằng năm"
    )
    schedule = obligation.period.schedule
    schedule.directive_task = task
    schedule.save()
    tz = timezone.get_current_timezone()
    for step, day in (("before:7", 3), ("before:3", 7), ("before:1", 8)):
        row = ReminderLedger.objects.create(
            obligation=obligation, step=step, recipient="bcd@antq.local", channel="email",
            sweep=uuid.uuid4(), swept_on=datetime.date(2025, 12, day),
        )  # fmt: skip
        ReminderLedger.objects.filter(pk=row.pk).update(
            created_at=datetime.datetime(2025, 12, day, 9, 0, tzinfo=tz)
        )
    submission = accepted(obligation, reporter, reviewer)
    ReopenRequest.objects.create(submission=submission, reason="Sai số vụ.", requested_by=reporter,
                                 status="refused", decision_note="Đã khớp.")  # fmt: skip

    client.force_login(reporter)
    response = client.get(_url("obligation-detail", obligation.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="directive-task"' in content and "05/KH-BCĐ" in content
    assert "Đã nhắc 3 lần, lần cuối 08/12/2025 09:00, qua thư điện tử." in content
    assert "trước hạn 7 ngày" in content
    assert "đã được chấp nhận" in content  # the lock reason
    assert "Sai số vụ." in content and "Đã khớp." in content
    assert response.context["can_request_reopen"] and not response.context["can_edit"]
    assert not response.context["can_review"]
    assert "14/12/2025" in content  # the window's end


def test_start_is_a_post_and_get_writes_nothing(client, obligation, reporter):
    client.force_login(reporter)
    response = client.get(_url("submission-edit", obligation.pk))
    assert response.status_code == 200
    assert "Bắt đầu lập báo cáo" in response.content.decode()
    assert not Submission.objects.exists()
    assert client.get(_url("submission-start", obligation.pk)).status_code == 405
    response = client.post(_url("submission-start", obligation.pk))
    assert response.status_code == 302 and response.url == _url("submission-edit", obligation.pk)
    assert Submission.objects.get().obligation == obligation


# -- the report form --------------------------------------------------------------------------


def test_save_draft_parses_vietnamese_numbers_and_files(client, obligation, reporter, settings,
                                                         tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    submission = submission_start(obligation=obligation, by=reporter)
    ids = _ids(submission)
    client.force_login(reporter)
    data = _post_data(submission, vu_viec="3.321", da_giai_quyet="1.200", ty_le="94,75",
                      danh_gia="Tình hình ổn định.")  # fmt: skip
    data[f"note_{ids['vu_viec']}"] = "Tăng do mở đợt cao điểm."
    data[f"v_{ids['dinh_kem']}"] = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test")
    data["save"] = "1"
    response = client.post(_url("submission-edit", obligation.pk), data)
    assert response.status_code == 302
    values = {v.field.code: v for v in submission.values.select_related("field")}
    assert values["vu_viec"].number == 3321 and values["da_giai_quyet"].number == 1200
    assert values["ty_le"].number == Decimal("94.75")
    assert values["vu_viec"].comment == "Tăng do mở đợt cao điểm."
    assert values["danh_gia"].text == "Tình hình ổn định."
    assert values["dinh_kem"].file.name.endswith(".pdf")
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT and submission.revision == 2

    page = client.get(_url("submission-edit", obligation.pk)).content.decode()
    assert 'value="3.321"' in page and 'value="94,75"' in page
    download = client.get(_url("figure-file", values["dinh_kem"].pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_stale_save_keeps_typed_values_and_says_who_saved(client, obligation, reporter,
                                                           user_of_role):  # fmt: skip
    submission = submission_start(obligation=obligation, by=reporter)
    vu_viec = field_of(submission.version, "vu_viec")
    client.force_login(reporter)
    client.get(_url("submission-edit", obligation.pk))  # reads revision 1
    colleague = user_of_role("admin")
    submission_save(submission=Submission.objects.get(pk=submission.pk), revision=1, by=colleague,
                    values={vu_viec.pk: ValueInput(number=Decimal(7))})  # fmt: skip

    data = _post_data(submission, vu_viec="4.567", danh_gia="Nội dung tôi vừa gõ")
    data["save"] = "1"
    response = client.post(_url("submission-edit", obligation.pk), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert colleague.full_name in content and "chưa được lưu" in content
    assert 'value="4.567"' in content and "Nội dung tôi vừa gõ" in content
    assert 'data-testid="stored-elsewhere"' in content  # the colleague's 7 beside mine
    assert response.context["form"]["revision"].value() == "2"
    assert FigureValue.objects.get(submission=submission, field=vu_viec).number == 7

    # Saving again from the re-rendered page is a deliberate overwrite.
    data["revision"] = "2"
    assert client.post(_url("submission-edit", obligation.pk), data).status_code == 302
    assert FigureValue.objects.get(submission=submission, field=vu_viec).number == 4567


def test_submit_lists_problems_beside_figures_and_keeps_the_draft(client, obligation, reporter):
    submission = submission_start(obligation=obligation, by=reporter)
    client.force_login(reporter)
    data = _post_data(submission, vu_viec="5", da_giai_quyet="9", ty_le="120")
    data["submit"] = "1"
    response = client.post(_url("submission-edit", obligation.pk), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "chưa nộp được" in content
    assert "không được lớn hơn" in content and "Lớn hơn 100." in content
    assert "Chưa nhập nội dung." in content
    form = response.context["form"]
    assert form.errors[f"v_{_ids(submission)['da_giai_quyet']}"]
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT and submission.revision == 2
    assert form["revision"].value() == "2"


def test_submit_then_review_return_and_resubmit(client, obligation, reporter, reviewer):
    submission = submission_start(obligation=obligation, by=reporter)
    ids = _ids(submission)
    client.force_login(reporter)
    data = _post_data(submission, vu_viec="12", da_giai_quyet="10", danh_gia="Ổn định.")
    data["submit"] = "1"
    response = client.post(_url("submission-edit", obligation.pk), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    # Locked: the edit page sends back to the obligation with the reason.
    assert client.get(_url("submission-edit", obligation.pk)).status_code == 302

    client.force_login(reviewer)
    page = client.get(_url("submission-review", obligation.pk))
    assert page.status_code == 200 and page.context["can_decide"]
    response = client.post(_url("submission-review", obligation.pk), {
        "comment": "Xem lại.", f"rc_{ids['vu_viec']}": "Số vụ lệch sổ theo dõi.", "return": "1",
    })  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED

    client.force_login(reporter)
    page = client.get(_url("submission-edit", obligation.pk)).content.decode()
    assert "Số vụ lệch sổ theo dõi." in page and "Xem lại." in page
    data = _post_data(submission, vu_viec="13", da_giai_quyet="10", danh_gia="Ổn định.")
    data["submit"] = "1"
    assert client.post(_url("submission-edit", obligation.pk), data).status_code == 302

    client.force_login(reviewer)
    response = client.post(_url("submission-review", obligation.pk),
                           {"comment": "Đạt.", "accept": "1"})  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED and submission.review_comment == "Đạt."


def test_review_shows_last_period_and_prefill_override(client, area, reporter, reviewer,
                                                       monkeypatch):  # fmt: skip
    from reporting import prefill

    monkeypatch.setitem(prefill.PREFILL_SOURCES, "test_models", prefill.PrefillSource(
        "Sổ mô hình thử", lambda organization, period, user: Decimal(3321)))  # fmt: skip
    form = published_form(area.police, fields=[
        {"code": "mo_hinh", "label": "Số mô hình", "prefill": "test_models"},
        {"code": "vu_viec", "label": "Số vụ việc"},
    ])  # fmt: skip
    earlier = obligation_for(area.district_committee_1, DEADLINE - datetime.timedelta(days=365),
                             form=form)  # fmt: skip
    accepted(earlier, reporter, reviewer, numbers={"mo_hinh": 3321, "vu_viec": 2468}, texts={})
    obligation = obligation_for(area.district_committee_1, DEADLINE,
                                schedule=earlier.period.schedule)  # fmt: skip
    submission = submission_start(obligation=obligation, by=reporter)
    client.force_login(reporter)
    page = client.get(_url("submission-edit", obligation.pk)).content.decode()
    assert "Cổng tính sẵn: 3.321 (nguồn: Sổ mô hình thử)" in page
    data = _post_data(submission, mo_hinh="3.000", vu_viec="2.500")
    data["submit"] = "1"
    response = client.post(_url("submission-edit", obligation.pk), data)
    assert "Số liệu khác số cổng tính sẵn (3.321): ghi lý do sửa." in response.content.decode()
    data[f"reason_{_ids(submission)['mo_hinh']}"] = "321 mô hình đã giải thể."
    data["revision"] = "2"
    assert client.post(_url("submission-edit", obligation.pk), data).status_code == 302

    client.force_login(reviewer)
    content = client.get(_url("submission-review", obligation.pk)).content.decode()
    assert "321 mô hình đã giải thể." in content
    assert "2.468" in content  # last period's figure beside this one
    assert earlier.period.label in content


def test_form_page_with_many_fields_has_bounded_queries(client, area, reporter,
                                                        django_assert_max_num_queries):  # fmt: skip
    form = published_form(area.police, fields=many_figures(45))
    obligation = obligation_for(area.district_committee_1, DEADLINE, form=form)
    submission_start(obligation=obligation, by=reporter)
    client.force_login(reporter)
    with django_assert_max_num_queries(14):
        response = client.get(_url("submission-edit", obligation.pk))
    assert response.status_code == 200
    assert sum(len(group.rows) for group in response.context["sections"]) == 45
    with django_assert_max_num_queries(14):
        response = client.get(_url("obligation-detail", obligation.pk))
    assert response.status_code == 200


def test_review_and_history_pages_have_bounded_queries(
    client, area, reporter, reviewer, django_assert_max_num_queries
):
    form = published_form(area.police, fields=many_figures(45))
    obligation = obligation_for(area.district_committee_1, DEADLINE, form=form)
    submitted(obligation, reporter, numbers={f"chi_tieu_{i}": i for i in range(45)}, texts={})
    client.force_login(reviewer)
    with django_assert_max_num_queries(16):
        response = client.get(_url("submission-review", obligation.pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(_url("submission-history", obligation.pk))
    assert response.status_code == 200


# -- scope ------------------------------------------------------------------------------------


def test_another_organization_cannot_see_or_submit(client, obligation, reporter, user_of_role):
    submission = submission_start(obligation=obligation, by=reporter)
    client.force_login(user_of_role("other_district_committee"))
    for name in ("obligation-detail", "submission-edit", "submission-history",
                 "reopen-request-create"):  # fmt: skip
        assert client.get(_url(name, obligation.pk)).status_code == 404, name
    data = _post_data(submission, vu_viec="1")
    data["submit"] = "1"
    assert client.post(_url("submission-edit", obligation.pk), data).status_code == 404
    assert client.post(_url("submission-start", obligation.pk)).status_code == 404
    # A committee reviews only what is sent to it.
    assert client.get(_url("submission-review", obligation.pk)).status_code == 404
    submission.refresh_from_db()
    assert submission.revision == 1


def test_reviewer_sees_what_it_reviews_and_not_others(client, area, reporter, user_of_role):
    reviewing_committee = user_of_role("district_committee")
    # The district committee reviews the commune committee's report…
    mine = obligation_for(area.commune_committee_1, DEADLINE,
                          reviewer=area.district_committee_1)  # fmt: skip
    submitted(mine, user_of_role("commune_committee"))
    # …but not another district's commune report.
    theirs = obligation_for(area.district_committee_2, DEADLINE, reviewer=area.police)
    client.force_login(reviewing_committee)
    assert client.get(_url("submission-review", mine.pk)).status_code == 200
    assert client.get(_url("obligation-detail", mine.pk)).status_code == 200
    assert client.get(_url("obligation-detail", theirs.pk)).status_code == 404
    queue = client.get(reverse("reporting:review-queue")).context["rows"]
    assert [row.obligation for row in queue] == [mine]
    # The commune committee cannot review its own report.
    client.force_login(user_of_role("commune_committee"))
    assert client.get(_url("submission-review", mine.pk)).status_code == 404


# -- reopening --------------------------------------------------------------------------------


def test_reopen_request_and_decision_pages(client, obligation, reporter, reviewer):
    submission = accepted(obligation, reporter, reviewer)
    client.force_login(reporter)
    response = client.post(_url("reopen-request-create", obligation.pk),
                           {"reason": "Phát hiện sai số vụ việc."})  # fmt: skip
    assert response.status_code == 302
    request = ReopenRequest.objects.get()
    assert request.requested_by == reporter

    client.force_login(reviewer)
    listing = client.get(reverse("reporting:reopen-request-list")).content.decode()
    assert "Phát hiện sai số vụ việc." in listing
    response = client.post(_url("reopen-request-decide", request.pk),
                           {"decision": "refuse", "note": ""})  # fmt: skip
    assert response.status_code == 200 and "Ghi lý do không đồng ý." in response.content.decode()
    response = client.post(_url("reopen-request-decide", request.pk),
                           {"decision": "grant", "note": "Đồng ý."})  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED

    client.force_login(reporter)
    detail = client.get(_url("obligation-detail", obligation.pk))
    assert detail.context["can_edit"]
    assert "Đồng ý mở lại" in detail.content.decode()


def test_reviewer_reopen_page(client, obligation, reporter, reviewer):
    submission = accepted(obligation, reporter, reviewer)
    client.force_login(reviewer)
    assert client.get(_url("obligation-detail", obligation.pk)).context["can_reopen"]
    response = client.post(_url("submission-reopen", obligation.pk), {"reason": "Cập nhật số."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED and submission.review_comment == "Cập nhật số."
    # Reopening a report that is not accepted is refused with the service's reason.
    response = client.post(_url("submission-reopen", obligation.pk), {"reason": "Lần nữa."})
    assert response.status_code == 200
    assert "Chỉ mở lại báo cáo đã được chấp nhận." in response.content.decode()


def test_reopen_request_refused_when_one_is_pending(client, obligation, reporter, reviewer):
    submission = submitted(obligation, reporter)
    reopen_request_create(submission=submission, reason="Sai.", by=reporter)
    client.force_login(reporter)
    assert not client.get(_url("obligation-detail", obligation.pk)).context["can_request_reopen"]
    response = client.post(_url("reopen-request-create", obligation.pk), {"reason": "Lần hai."})
    assert response.status_code == 200 and "đang chờ xử lý" in response.content.decode()


# -- history ----------------------------------------------------------------------------------


def test_history_page_says_who_changed_which_figure(client, obligation, reporter, reviewer):
    submission = submission_start(obligation=obligation, by=reporter)
    client.force_login(reporter)
    data = _post_data(submission, vu_viec="12")
    data["save"] = "1"
    client.post(_url("submission-edit", obligation.pk), data)
    submission.refresh_from_db()
    data = _post_data(submission, vu_viec="15", da_giai_quyet="3", danh_gia="Ổn định.")
    data["submit"] = "1"
    assert client.post(_url("submission-edit", obligation.pk), data).status_code == 302
    submission.refresh_from_db()
    submission_return(submission=submission, comment="Sửa.", figure_comments={}, by=reviewer)

    response = client.get(_url("submission-history", obligation.pk))
    assert response.status_code == 200
    figures = {entry.field.code: entry for entry in response.context["figures"]}
    latest = figures["vu_viec"].changes[0]
    assert latest.user == reporter
    assert [(old, new) for _label, old, new in latest.changes] == [(Decimal(12), Decimal(15))]
    assert figures["vu_viec"].changes[-1].kind == "Tạo mới"
    content = response.content.decode()
    assert "Số vụ việc phát hiện" in content and reporter.full_name in content
    # The report's own history in words: statuses and people, not codes and ids.
    assert "Trả lại để sửa" in content and reviewer.full_name in content
    assert "returned" not in content
