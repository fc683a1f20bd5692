"""Filling, submitting, reviewing, locking and reopening a report (services), and the reads of
the submissions part (selectors)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reporting import prefill
from reporting.forms_submission import SubmissionForm, VietnameseNumberField, number_text
from reporting.models import (
    FigureValue,
    Notification,
    ReminderLedger,
    ReopenRequest,
    Submission,
)
from reporting.selectors.submissions import (
    NOT_STARTED,
    ObligationFilters,
    deadline_info,
    figure_history,
    my_obligations,
    previous_numbers,
    previous_submission,
    reminder_history,
    review_queue,
    step_text,
)
from reporting.services.submissions import (
    ValueInput,
    lock_reason,
    reopen_request_create,
    reopen_request_decide,
    submission_accept,
    submission_problems,
    submission_reopen,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)

from .factories import (
    DEFAULT_NUMBERS,
    accepted,
    field_of,
    fill,
    obligation_for,
    published_form,
    submitted,
)

Status = Submission.Status
DEADLINE = datetime.date(2025, 12, 10)


@pytest.fixture
def people(user_of_role):
    return {
        "reporter": user_of_role("district_committee"),
        "reviewer": user_of_role("standing_staff"),
        "admin": user_of_role("admin"),
    }


@pytest.fixture
def obligation(area):
    return obligation_for(area.district_committee_1, DEADLINE, reviewer=area.police)


def _problems(error: ValidationError) -> dict[str, list[str]]:
    return {key: list(messages) for key, messages in error.message_dict.items()}


# -- the whole flow ---------------------------------------------------------------------------


def test_submission_flow_draft_submit_return_resubmit_accept_locks(obligation, people):
    reporter, reviewer = people["reporter"], people["reviewer"]
    version = obligation.period.schedule.form.published
    vu_viec = field_of(version, "vu_viec")
    submission = fill(obligation, reporter, numbers=DEFAULT_NUMBERS,
                      texts={"danh_gia": "Ổn định."})  # fmt: skip
    assert submission.status == Status.DRAFT and submission.revision == 2
    assert lock_reason(submission) == ""

    submission_submit(submission=submission, by=reporter)
    obligation.refresh_from_db()
    assert submission.status == Status.SUBMITTED and submission.submitted_by == reporter
    assert obligation.first_submitted_at is not None and obligation.submitted_at is not None
    first = obligation.first_submitted_at
    assert "chờ duyệt" in lock_reason(submission)
    with pytest.raises(ValidationError, match="chờ duyệt"):
        submission_save(submission=submission, values={}, revision=submission.revision,
                        by=reporter)  # fmt: skip

    submission_return(
        submission=submission, comment="Xem lại số vụ việc.",
        figure_comments={vu_viec.pk: "Số vụ lệch với sổ theo dõi.", 999999: "  "},
        by=reviewer,
    )  # fmt: skip
    obligation.refresh_from_db()
    assert submission.status == Status.RETURNED
    assert submission.review_comment == "Xem lại số vụ việc."
    assert submission.values.get(field=vu_viec).reviewer_comment == "Số vụ lệch với sổ theo dõi."
    assert obligation.submitted_at is None and obligation.first_submitted_at == first
    assert lock_reason(submission) == ""

    submission = submission_save(
        submission=submission, values={vu_viec.pk: ValueInput(number=Decimal(13))},
        revision=submission.revision, by=reporter,
    )  # fmt: skip
    submission_submit(submission=submission, by=reporter)
    submission_accept(submission=submission, by=reviewer, comment="Đạt.")
    obligation.refresh_from_db()
    assert submission.status == Status.ACCEPTED and obligation.accepted_at is not None
    assert obligation.first_submitted_at == first
    reason = lock_reason(submission)
    assert "đã được chấp nhận" in reason and "đề nghị mở lại" in reason
    with pytest.raises(ValidationError, match="chấp nhận"):
        submission_save(submission=submission, values={}, revision=submission.revision,
                        by=reporter)  # fmt: skip
    with pytest.raises(ValidationError):
        submission_return(submission=submission, comment="x", figure_comments={}, by=reviewer)


def test_submission_return_needs_a_comment(obligation, people):
    submission = submitted(obligation, people["reporter"])
    with pytest.raises(ValidationError) as caught:
        submission_return(submission=submission, comment=" ", figure_comments={},
                          by=people["reviewer"])  # fmt: skip
    assert "comment" in caught.value.message_dict


def test_submission_start_is_idempotent_and_keeps_its_version(obligation, people):
    first = submission_start(obligation=obligation, by=people["reporter"])
    assert submission_start(obligation=obligation, by=people["reporter"]) == first
    assert first.version == obligation.period.schedule.form.published
    assert first.values.count() == 5


def test_submission_start_refused_without_a_published_version(area, people):
    form = published_form(area.police)
    form.versions.update(published_at=None)
    obligation = obligation_for(area.district_committee_1, DEADLINE, form=form)
    with pytest.raises(ValidationError, match="phát hành"):
        submission_start(obligation=obligation, by=people["reporter"])


# -- rules ------------------------------------------------------------------------------------


def test_problems_required_min_max(obligation, people):
    submission = fill(obligation, people["reporter"], numbers={"ty_le": 120})
    version = submission.version
    problems = submission_problems(submission).by_field
    assert problems[field_of(version, "vu_viec").pk] == ["Chưa nhập số liệu."]
    assert problems[field_of(version, "danh_gia").pk] == ["Chưa nhập nội dung."]
    assert problems[field_of(version, "ty_le").pk] == ["Lớn hơn 100."]
    assert field_of(version, "dinh_kem").pk not in problems  # not required

    fill(obligation, people["reporter"], numbers={"ty_le": -1})
    problems = submission_problems(submission).by_field
    assert problems[field_of(version, "ty_le").pk] == ["Nhỏ hơn 0."]


def test_submit_lists_every_problem_beside_its_field(obligation, people):
    submission = fill(obligation, people["reporter"], numbers={"vu_viec": 5, "da_giai_quyet": 9})
    with pytest.raises(ValidationError) as caught:
        submission_submit(submission=submission, by=people["reporter"])
    problems = _problems(caught.value)
    left = str(field_of(submission.version, "da_giai_quyet").pk)
    assert "không được lớn hơn" in problems[left][0]
    assert "9" in problems[left][0] and "5" in problems[left][0]
    assert str(field_of(submission.version, "danh_gia").pk) in problems
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT


def _previous_year_accepted(area, obligation, people, vu_viec: int):
    earlier = obligation_for(
        area.district_committee_1, DEADLINE - datetime.timedelta(days=365),
        schedule=obligation.period.schedule,
    )  # fmt: skip
    return accepted(earlier, people["reporter"], people["reviewer"],
                    numbers={"vu_viec": vu_viec, "da_giai_quyet": 1})  # fmt: skip


def test_change_comment_rule_compares_with_last_accepted_period(area, obligation, people):
    _previous_year_accepted(area, obligation, people, vu_viec=10)
    reporter = people["reporter"]
    submission = fill(obligation, reporter, numbers={"vu_viec": 20, "da_giai_quyet": 2},
                      texts={"danh_gia": "x"})  # fmt: skip
    vu_viec = field_of(submission.version, "vu_viec")
    problems = submission_problems(submission).by_field
    assert "Thay đổi 100,0% so với kỳ trước (10)" in problems[vu_viec.pk][0]

    # Within the threshold (40% < 50%): nothing to explain.
    fill(obligation, reporter, numbers={"vu_viec": 14, "da_giai_quyet": 2})
    assert vu_viec.pk not in submission_problems(submission).by_field

    # Over it, with an explanation: accepted.
    fill(obligation, reporter, numbers={"vu_viec": 20, "da_giai_quyet": 2},
         comments={"vu_viec": "Mở đợt cao điểm tấn công trấn áp tội phạm."})  # fmt: skip
    submission_submit(submission=submission, by=reporter)


def test_change_comment_rule_ignores_periods_not_accepted(area, obligation, people):
    earlier = obligation_for(
        area.district_committee_1, DEADLINE - datetime.timedelta(days=365),
        schedule=obligation.period.schedule,
    )  # fmt: skip
    submitted(earlier, people["reporter"], numbers={"vu_viec": 1, "da_giai_quyet": 1})
    submission = fill(obligation, people["reporter"], numbers={"vu_viec": 50})
    vu_viec = field_of(submission.version, "vu_viec")
    assert vu_viec.pk not in submission_problems(submission).by_field
    assert previous_submission(submission) is None


@pytest.fixture
def prefilled_form(area, monkeypatch):
    source = prefill.PrefillSource("Sổ mô hình thử", lambda organization, period, user: 3321)
    monkeypatch.setitem(prefill.PREFILL_SOURCES, "test_models", source)
    return published_form(area.police, fields=[
        {"code": "mo_hinh", "label": "Số mô hình đang hoạt động", "prefill": "test_models",
         "unit": "mô hình"},
    ])  # fmt: skip


def test_prefilled_figure_changed_needs_a_reason(area, prefilled_form, people):
    obligation = obligation_for(area.district_committee_1, DEADLINE, form=prefilled_form)
    reporter = people["reporter"]
    submission = submission_start(obligation=obligation, by=reporter)
    value = submission.values.get()
    assert value.number == value.prefilled_number == 3321
    assert value.prefill_source == "Sổ mô hình thử"
    assert not submission_problems(submission)

    changed = {value.field_id: ValueInput(number=Decimal(3000))}
    submission_save(submission=submission, values=changed, revision=submission.revision,
                    by=reporter)  # fmt: skip
    problems = submission_problems(submission).by_field
    assert problems[value.field_id] == ["Số liệu khác số cổng tính sẵn (3.321): ghi lý do sửa."]

    submission_save(
        submission=submission,
        values={value.field_id: ValueInput(number=Decimal(3000),
                                           override_reason="321 mô hình đã giải thể.")},
        revision=submission.revision, by=reporter,
    )  # fmt: skip
    submission_submit(submission=submission, by=reporter)
    value.refresh_from_db()
    assert value.override_reason == "321 mô hình đã giải thể." and value.prefilled_number == 3321


# -- optimistic locking -----------------------------------------------------------------------


def test_save_from_an_older_revision_is_refused_and_writes_nothing(
    obligation, people, user_of_role
):
    first_user, second_user = people["reporter"], people["admin"]
    submission = submission_start(obligation=obligation, by=first_user)
    vu_viec = field_of(submission.version, "vu_viec")
    # Both clients read revision 1.
    read_by_first = Submission.objects.get(pk=submission.pk)
    read_by_second = Submission.objects.get(pk=submission.pk)
    assert read_by_first.revision == read_by_second.revision == 1

    submission_save(submission=read_by_first, values={vu_viec.pk: ValueInput(number=Decimal(7))},
                    revision=1, by=first_user, summary="Bản của người thứ nhất")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        submission_save(
            submission=read_by_second, values={vu_viec.pk: ValueInput(number=Decimal(99))},
            revision=1, by=second_user, summary="Bản của người thứ hai",
        )  # fmt: skip
    assert caught.value.code == "stale"
    assert first_user.full_name in caught.value.messages[0]
    assert "chưa được lưu" in caught.value.messages[0]
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.revision == 2 and stored.summary == "Bản của người thứ nhất"
    assert stored.updated_by == first_user
    assert FigureValue.objects.get(submission=submission, field=vu_viec).number == 7


def test_save_with_a_bad_file_writes_nothing(obligation, people):
    submission = submission_start(obligation=obligation, by=people["reporter"])
    attachment = field_of(submission.version, "dinh_kem")
    vu_viec = field_of(submission.version, "vu_viec")
    with pytest.raises(ValidationError) as caught:
        submission_save(
            submission=submission, revision=1, by=people["reporter"],
            values={vu_viec.pk: ValueInput(number=Decimal(4)),
                    attachment.pk: ValueInput(file=SimpleUploadedFile("x.exe", b"MZ"))},
        )  # fmt: skip
    assert str(attachment.pk) in caught.value.message_dict
    submission.refresh_from_db()
    assert submission.revision == 1
    assert FigureValue.objects.get(submission=submission, field=vu_viec).number is None


# -- reopening --------------------------------------------------------------------------------


def test_reopen_request_refused_then_granted(obligation, people):
    reporter, reviewer = people["reporter"], people["reviewer"]
    submission = accepted(obligation, reporter, reviewer)
    request = reopen_request_create(submission=submission, reason="Sai số vụ việc.", by=reporter)
    assert request.status == ReopenRequest.Status.PENDING
    with pytest.raises(ValidationError, match="đang chờ"):
        reopen_request_create(submission=submission, reason="Lần nữa.", by=reporter)
    with pytest.raises(ValidationError) as caught:
        reopen_request_decide(request=request, grant=False, note="", by=reviewer)
    assert "note" in caught.value.message_dict

    reopen_request_decide(request=request, grant=False, note="Số liệu đã khớp.", by=reviewer)
    request.refresh_from_db()
    submission.refresh_from_db()
    assert request.status == ReopenRequest.Status.REFUSED and request.decided_by == reviewer
    assert submission.status == Status.ACCEPTED
    with pytest.raises(ValidationError, match="đã được xử lý"):
        reopen_request_decide(request=request, grant=True, note="", by=reviewer)

    second = reopen_request_create(submission=submission, reason="Có số mới.", by=reporter)
    reopen_request_decide(request=second, grant=True, note="", by=reviewer)
    submission.refresh_from_db()
    obligation.refresh_from_db()
    assert submission.status == Status.RETURNED
    assert "Có số mới." in submission.review_comment
    assert obligation.accepted_at is None and obligation.first_submitted_at is not None
    assert list(submission.reopen_requests.values_list("status", flat=True)) == [
        "granted", "refused",
    ]  # fmt: skip


def test_reopen_request_on_an_editable_report_is_refused(obligation, people):
    submission = fill(obligation, people["reporter"], numbers={"vu_viec": 1})
    with pytest.raises(ValidationError, match="chưa bị khóa"):
        reopen_request_create(submission=submission, reason="x", by=people["reporter"])


def test_reviewer_reopens_an_accepted_report(obligation, people):
    submission = accepted(obligation, people["reporter"], people["reviewer"])
    with pytest.raises(ValidationError):
        submission_reopen(submission=submission, reason=" ", by=people["reviewer"])
    submission_reopen(submission=submission, reason="Cập nhật số liệu cuối năm.",
                      by=people["reviewer"])  # fmt: skip
    obligation.refresh_from_db()
    assert submission.status == Status.RETURNED
    assert obligation.accepted_at is None and obligation.submitted_at is None
    with pytest.raises(ValidationError, match="đã được chấp nhận"):
        submission_reopen(submission=submission, reason="x", by=people["reviewer"])


# -- selectors --------------------------------------------------------------------------------


def test_my_obligations_status_filters_and_order(area, people):
    reporter = people["reporter"]
    org = area.district_committee_1
    not_started = obligation_for(org, DEADLINE, reviewer=area.police)
    draft = obligation_for(org, DEADLINE + datetime.timedelta(days=1), reviewer=area.police)
    done = obligation_for(org, DEADLINE - datetime.timedelta(days=400), reviewer=area.police)
    other = obligation_for(area.district_committee_2, DEADLINE, reviewer=area.police)
    fill(draft, reporter, numbers={"vu_viec": 1})
    accepted(done, reporter, people["reviewer"])

    rows = list(my_obligations(user=reporter, filters=ObligationFilters()))
    assert rows == [not_started, draft, done]
    assert [row.report_status for row in rows] == [NOT_STARTED, "draft", "accepted"]
    assert other not in rows
    assert list(my_obligations(user=reporter, filters=ObligationFilters(status=NOT_STARTED))) == [
        not_started
    ]
    assert list(my_obligations(user=reporter, filters=ObligationFilters(status="accepted"))) == [
        done
    ]
    assert list(my_obligations(user=reporter, filters=ObligationFilters(year=2024))) == [done]


def test_review_queue_puts_submitted_first(area, people):
    reporter, reviewer = people["reporter"], people["reviewer"]
    org = area.district_committee_1
    returned = obligation_for(org, DEADLINE - datetime.timedelta(days=30), reviewer=area.police)
    waiting = obligation_for(org, DEADLINE, reviewer=area.police)
    done = obligation_for(org, DEADLINE - datetime.timedelta(days=60), reviewer=area.police)
    submission = submitted(returned, reporter)
    submission_return(submission=submission, comment="Sửa.", figure_comments={}, by=reviewer)
    submitted(waiting, reporter)
    accepted(done, reporter, reviewer)
    rows = list(review_queue(user=reviewer, filters=ObligationFilters()))
    assert rows == [waiting, returned, done]
    # The reporting committee does not review its own reports.
    assert list(review_queue(user=reporter, filters=ObligationFilters())) == []


def test_deadline_info_days_left_and_overdue(obligation):
    assert deadline_info(obligation, DEADLINE - datetime.timedelta(days=5)).text == "còn 5 ngày"
    assert deadline_info(obligation, DEADLINE).text == "hạn là hôm nay"
    late = deadline_info(obligation, DEADLINE + datetime.timedelta(days=3))
    assert late.text == "quá hạn 3 ngày" and late.overdue
    obligation.first_submitted_at = timezone.now()
    assert not deadline_info(obligation, DEADLINE + datetime.timedelta(days=3)).overdue


def _ledger(obligation, step, recipient, channel, when, notification=None):
    row = ReminderLedger.objects.create(
        obligation=obligation, step=step, recipient=recipient, channel=channel,
        sweep=uuid.uuid4(), swept_on=when.date(), notification=notification,
    )  # fmt: skip
    ReminderLedger.objects.filter(pk=row.pk).update(created_at=when)
    return row


def test_reminder_history_summary_and_entries(obligation, people):
    assert reminder_history(obligation).summary == "Chưa nhắc lần nào."
    tz = timezone.get_current_timezone()
    reporter = people["reporter"]
    for step, day in (("before:7", 3), ("before:3", 7), ("before:1", 8)):
        when = datetime.datetime(2025, 12, day, 9, 0, tzinfo=tz)
        _ledger(obligation, step, "bcd.caothu@antq.local", "email", when)
    note = Notification.objects.create(recipient=reporter, title="Nhắc")
    _ledger(obligation, "before:1", f"user:{reporter.pk}", "in_app",
            datetime.datetime(2025, 12, 8, 9, 0, tzinfo=tz), notification=note)  # fmt: skip
    history = reminder_history(obligation)
    assert history.summary == (
        "Đã nhắc 3 lần, lần cuối 08/12/2025 09:00, qua thư điện tử và thông báo trên cổng."
    )
    assert len(history.entries) == 4
    recipients = {entry.recipient for entry in history.entries}
    assert reporter.full_name in recipients and "bcd.caothu@antq.local" in recipients
    assert {entry.step for entry in history.entries} == {
        "trước hạn 7 ngày", "trước hạn 3 ngày", "trước hạn 1 ngày",
    }  # fmt: skip


def test_step_text():
    assert step_text("before:0") == "đúng ngày hạn nộp"
    assert step_text("overdue:5") == "quá hạn 5 ngày"
    assert step_text("escalation:5") == "báo cấp trên: quá hạn 5 ngày"
    assert step_text("strange") == "strange"


def test_previous_numbers_by_code(area, obligation, people):
    _previous_year_accepted(area, obligation, people, vu_viec=10)
    submission = fill(obligation, people["reporter"], numbers={"vu_viec": 11})
    assert previous_numbers(previous_submission(submission)) == {
        "vu_viec": Decimal(10), "da_giai_quyet": Decimal(1),
    }  # fmt: skip


def test_figure_history_says_who_changed_which_figure(obligation, people):
    submission = fill(obligation, people["reporter"], numbers={"vu_viec": 1})
    fill(obligation, people["admin"], numbers={"vu_viec": 2})
    by_code = {entry.field.code: entry for entry in figure_history(submission)}
    changes = by_code["vu_viec"].changes
    # Newest first; the person is recorded from the request (the view test checks it).
    assert [(str(label), old, new) for label, old, new in changes[0].changes] == [
        ("số liệu", Decimal(1), Decimal(2))
    ]
    assert [(str(label), old, new) for label, old, new in changes[1].changes] == [
        ("số liệu", None, Decimal(1))
    ]
    assert [change.kind for change in changes] == ["Sửa", "Sửa", "Tạo mới"]
    assert changes[2].user == people["reporter"]  # who opened the report
    assert [change.kind for change in by_code["danh_gia"].changes] == ["Tạo mới"]


# -- the report form --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "places", "expected"),
    [("3.321", 0, Decimal(3321)), ("94,75", 2, Decimal("94.75")), ("1 200", 0, Decimal(1200)),
     ("", 0, None)],
)  # fmt: skip
def test_vietnamese_number_field_parses(typed, places, expected):
    assert VietnameseNumberField(places=places, required=False).clean(typed) == expected


@pytest.mark.parametrize(("typed", "places"), [("94,75", 0), ("1,234", 2), ("abc", 0)])
def test_vietnamese_number_field_refuses(typed, places):
    with pytest.raises(ValidationError):
        VietnameseNumberField(places=places, required=False).clean(typed)


def test_number_text_round_trips():
    assert number_text(Decimal(3321), 2) == "3.321"
    assert number_text(Decimal("94.75"), 2) == "94,75"
    assert number_text(None) == ""


def test_submission_form_builds_value_inputs(obligation, people):
    submission = submission_start(obligation=obligation, by=people["reporter"])
    values = list(submission.values.select_related("field__section"))
    ids = {value.field.code: value.field_id for value in values}
    form = SubmissionForm(
        {"revision": "1", f"v_{ids['vu_viec']}": "3.321", f"note_{ids['vu_viec']}": "Tăng",
         f"v_{ids['ty_le']}": "94,75", f"v_{ids['danh_gia']}": "Ổn định"},
        submission=submission, values=values,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    inputs = form.value_inputs()
    assert inputs[ids["vu_viec"]].number == 3321 and inputs[ids["vu_viec"]].comment == "Tăng"
    assert inputs[ids["ty_le"]].number == Decimal("94.75")
    assert inputs[ids["danh_gia"]].text == "Ổn định"
    assert inputs[ids["dinh_kem"]].file is None
    assert [len(group.rows) for group in form.sections()] == [3, 2]
