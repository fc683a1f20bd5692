"""Task deadlines, occurrences and the four statuses (DOMAIN.md §3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.calendar import add_duration, deadline_flags, occurrences_for
from directives.models import TaskOccurrence
from directives.selectors.tasks import (
    occurrences_with_status,
    status_counts_by_organization,
    task_board,
)
from directives.services.tasks import (
    TaskInput,
    deadline_validate,
    task_occurrences_extend,
    task_progress_record,
)
from tests.directives.factories import make_document

Status = TaskOccurrence.Status
D = datetime.date


def test_occurrences_yearly_deadline_gives_one_per_year_from_the_issue_date():
    dates = occurrences_for(
        kind="yearly", value="12-10", issue_date=D(2024, 12, 20), until_year=2026
    )
    assert [o.due_date for o in dates] == [D(2025, 12, 10), D(2026, 12, 10)]


def test_occurrences_periodic_half_year_and_year_merge_on_31_december():
    dates = occurrences_for(
        kind="periodic", value="half-year+year", issue_date=D(2025, 1, 1), until_year=2025
    )
    assert [o.due_date for o in dates] == [D(2025, 6, 30), D(2025, 12, 31)]
    assert "6 tháng cuối năm 2025" in dates[1].label and "Năm 2025" in dates[1].label


def test_occurrences_quarterly_and_relative_and_ongoing():
    quarters = occurrences_for(kind="periodic", value="quarter", issue_date=D(2025, 5, 1),
                               until_year=2025)  # fmt: skip
    assert [o.due_date for o in quarters] == [D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]
    relative = occurrences_for(kind="relative", value="P30D", issue_date=D(2025, 3, 1),
                               until_year=2025)  # fmt: skip
    assert relative[0].due_date == D(2025, 3, 31)
    assert occurrences_for(kind="ongoing", value="", issue_date=D(2025, 3, 1),
                           until_year=2025)[0].due_date is None  # fmt: skip


def test_add_duration_months_clamp_to_the_month_end():
    assert add_duration(D(2025, 1, 31), "P1M") == D(2025, 2, 28)
    assert add_duration(D(2024, 1, 31), "P1M") == D(2024, 2, 29)


def test_deadline_flags_name_weekends_and_tet():
    assert deadline_flags(D(2026, 11, 22)) == ["Hạn rơi vào Chủ nhật"]
    tet = deadline_flags(D(2026, 2, 17))  # Mùng 1 Tết Bính Ngọ
    assert any("Tết" in flag for flag in tet)
    assert deadline_flags(D(2026, 11, 25)) == []


@pytest.mark.parametrize(
    ("kind", "value"), [("date", "10/12/2025"), ("yearly", "13-01"), ("periodic", "week"),
                        ("relative", "30 ngày")],
)  # fmt: skip
def test_deadline_validate_refuses_bad_values_with_a_vietnamese_message(kind, value):
    with pytest.raises(ValidationError) as error:
        deadline_validate(kind, value)
    assert "deadline_value" in error.value.error_dict


@pytest.mark.django_db
def test_status_is_computed_per_occurrence(area):
    police, education = area.police, area.department
    document = make_document(
        issuer=area.provincial_committee,
        issue_date=D(2025, 1, 10),
        tasks=[
            TaskInput(text="Việc có hạn", deadline_kind="date", deadline_value="2025-06-30",
                      lead=[police], coordinating=[education]),
            TaskInput(text="Báo cáo hằng năm", deadline_kind="yearly", deadline_value="12-10",
                      lead=[police]),
            TaskInput(text="Thường xuyên", deadline_kind="ongoing", lead=[education]),
        ],
    )  # fmt: skip
    dated, yearly, ongoing = document.tasks.order_by("order")
    lead_occurrence = dated.assignments.get(organization=police).occurrences.get()
    task_progress_record(occurrence=lead_occurrence, reported_on=D(2025, 6, 20), text="Xong",
                         completes=True, by=None)  # fmt: skip
    coordinating = dated.assignments.get(organization=education).occurrences.get()
    task_progress_record(occurrence=coordinating, reported_on=D(2025, 7, 5), text="Xong muộn",
                         completes=True, by=None)  # fmt: skip
    today = D(2026, 11, 22)
    statuses = {
        (o.assignment.task.text, o.assignment.organization_id, o.due_date): o.status
        for o in occurrences_with_status(TaskOccurrence.objects.all(), today=today).select_related(
            "assignment__task"
        )
    }
    assert statuses[("Việc có hạn", police.pk, D(2025, 6, 30))] == Status.DONE_ON_TIME
    assert statuses[("Việc có hạn", education.pk, D(2025, 6, 30))] == Status.DONE_LATE
    assert statuses[("Báo cáo hằng năm", police.pk, D(2025, 12, 10))] == Status.OVERDUE
    assert statuses[("Báo cáo hằng năm", police.pk, D(2026, 12, 10))] == Status.IN_PROGRESS
    assert statuses[("Thường xuyên", education.pk, None)] == Status.IN_PROGRESS
    assert yearly.is_recurring and not ongoing.is_recurring


@pytest.mark.django_db
def test_status_counts_give_the_2x2_per_organization_and_year(area, user_of_role):
    police = area.police
    document = make_document(
        issuer=area.provincial_committee, issue_date=D(2025, 1, 10),
        tasks=[
            TaskInput(text="A", deadline_kind="date", deadline_value="2025-03-01", lead=[police]),
            TaskInput(text="B", deadline_kind="date", deadline_value="2025-04-01", lead=[police]),
            TaskInput(text="C", deadline_kind="date", deadline_value="2026-12-31", lead=[police]),
        ],
    )  # fmt: skip
    first = document.tasks.get(text="A").assignments.get().occurrences.get()
    task_progress_record(occurrence=first, reported_on=D(2025, 2, 1), text="ok", completes=True,
                         by=None)  # fmt: skip
    staff = user_of_role("standing_staff")
    counts_2025 = status_counts_by_organization(user=staff, year=2025, today=D(2026, 11, 22))
    assert [(c.organization_name, c.done_on_time, c.done_late, c.in_progress, c.overdue)
            for c in counts_2025] == [(police.name, 1, 0, 0, 1)]  # fmt: skip
    counts_2026 = status_counts_by_organization(user=staff, year=2026, today=D(2026, 11, 22))
    assert counts_2026[0].in_progress == 1 and counts_2026[0].total == 1
    overdue = task_board(user=staff, status=Status.OVERDUE, today=D(2026, 11, 22))
    assert [o.assignment.task.text for o in overdue] == ["B"]


@pytest.mark.django_db
def test_progress_cannot_complete_an_occurrence_twice_or_be_dated_in_the_future(area):
    document = make_document(
        issuer=area.provincial_committee,
        tasks=[TaskInput(text="A", deadline_kind="date", deadline_value="2026-03-01",
                         lead=[area.police])],
    )  # fmt: skip
    occurrence = document.tasks.get().assignments.get().occurrences.get()
    task_progress_record(occurrence=occurrence, reported_on=D(2026, 2, 1), text="ok",
                         completes=True, by=None)  # fmt: skip
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        task_progress_record(occurrence=occurrence, reported_on=D(2026, 2, 2), text="lại",
                             completes=True, by=None)  # fmt: skip
    with pytest.raises(ValidationError):
        task_progress_record(occurrence=occurrence, reported_on=D(2999, 1, 1), text="tương lai",
                             completes=False, by=None)  # fmt: skip


@pytest.mark.django_db
def test_occurrences_extend_is_idempotent_and_adds_the_next_year(area):
    document = make_document(
        issuer=area.provincial_committee, issue_date=D(2025, 1, 10),
        tasks=[TaskInput(text="Y", deadline_kind="yearly", deadline_value="12-10",
                         lead=[area.police])],
    )  # fmt: skip
    assignment = document.tasks.get().assignments.get()
    before = assignment.occurrences.count()
    task_occurrences_extend(today=D(2027, 1, 5))
    after = assignment.occurrences.count()
    task_occurrences_extend(today=D(2027, 1, 5))
    # Issued in 2025, so 2025 and 2026 existed; in January 2027 the sweep keeps one year
    # ahead: 2027 and 2028 are added, once.
    assert before == 2
    assert after == 4 == assignment.occurrences.count()


@pytest.mark.django_db
def test_draft_documents_have_no_deadlines_yet(area):
    document = make_document(
        issuer=area.provincial_committee, issue=False,
        tasks=[TaskInput(text="Z", deadline_kind="date", deadline_value="2026-03-01",
                         lead=[area.police])],
    )  # fmt: skip
    assert not TaskOccurrence.objects.filter(assignment__task__document=document).exists()
