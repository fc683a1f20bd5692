"""The reporting demo: a yearly and a quarterly form owed by the demo's committees and
department, with obligations in every state and the reminders they were sent; idempotent."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse

from directives.demo import seed_demo as seed_directives
from models_registry.demo import seed_demo as seed_models
from organizations.demo import seed_demo as seed_organizations
from organizations.models import Organization, User
from reporting.demo import QUARTERLY_CODE, YEARLY_CODE, seed_demo
from reporting.models import (
    FigureValue,
    FormField,
    Notification,
    Obligation,
    OutboxEmail,
    ReminderLedger,
    ReopenRequest,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
    Submission,
    ValidationRule,
)
from reporting.permissions import obligations_submittable_by
from reporting.services.reminders import reminders_sweep
from reporting.services.submissions import lock_reason, submission_problems
from safety_ratings.demo import seed_demo as seed_ratings

Status = Submission.Status
TODAY = datetime.date(2026, 11, 22)


def _counts() -> tuple[int, ...]:
    return (
        ReportForm.objects.count(),
        ReportSchedule.objects.count(),
        ReportingPeriod.objects.count(),
        Obligation.objects.count(),
        Submission.objects.count(),
        FigureValue.objects.count(),
        ReopenRequest.objects.count(),
        ReminderLedger.objects.count(),
        Notification.objects.count(),
        OutboxEmail.objects.count(),
        Submission.history.count(),
        Obligation.history.count(),
    )


@pytest.mark.django_db
def test_seed_demo_builds_reports_in_every_state_and_runs_twice_without_changes():
    """One test on purpose: the other apps' demos take seconds, so the checks share one run."""
    seed_organizations()
    seed_directives()
    seed_models()
    seed_ratings(today=TODAY)
    reverse("home")  # the URLconf's imports are the process's cost, not the demo's
    started = time.monotonic()
    seed_demo(today=TODAY)
    elapsed = time.monotonic() - started
    first = _counts()
    seed_demo(today=TODAY)
    assert _counts() == first
    # About 6 s on SQLite and PostgreSQL; `make run` seeds every app's demo in turn.
    assert elapsed < 15, f"the reporting demo took {elapsed:.1f} s"
    _check_forms()
    _check_schedules()
    _check_states()
    _check_reminders()
    _check_scope()


def _check_forms():
    yearly = ReportForm.objects.get(code=YEARLY_CODE)
    assert yearly.name == "Báo cáo kết quả thực hiện phong trào toàn dân bảo vệ ANTQ năm"
    version = yearly.versions.get()
    assert version.is_published
    fields = FormField.objects.filter(section__version=version)
    assert fields.filter(kind=FormField.Kind.FIGURE).count() >= 10
    assert fields.filter(kind=FormField.Kind.TEXT).exists()
    assert fields.filter(kind=FormField.Kind.ATTACHMENT).exists()
    assert {"models_active", "ratings_recognised_khu_dan_cu", "ratings_eligible_khu_dan_cu"} <= set(
        fields.values_list("prefill", flat=True)
    )
    kinds = set(version.rules.values_list("kind", flat=True))
    assert kinds == {ValidationRule.Kind.NOT_GREATER, ValidationRule.Kind.CHANGE_NEEDS_COMMENT}
    assert ReportForm.objects.get(code=QUARTERLY_CODE).versions.get().is_published


def _check_schedules():
    yearly = ReportSchedule.objects.get(form__code=YEARLY_CODE)
    assert (yearly.period_kind, yearly.cutoff_day, yearly.deadline_offset_days) == ("year", 14, -4)
    assert yearly.directive_task is not None
    assert "10-12" in yearly.directive_task.deadline_text
    assert yearly.reviewer.kind == Organization.Kind.STEERING_COMMITTEE
    assert yearly.reviewer.unit.level == 1
    reporters = set(yearly.reporters.all())
    assert User.objects.get(username="so_nganh").organization in reporters
    assert User.objects.get(username="bcd_xa").organization in reporters
    deadlines = sorted(yearly.periods.values_list("deadline", flat=True))
    assert deadlines[:2] == [datetime.date(2025, 12, 10), datetime.date(2026, 12, 10)]
    # The district committees ended with the 2025 reform: they owe 2025, not 2026.
    district = User.objects.get(username="bcd_huyen").organization
    owed = set(
        Obligation.objects.filter(organization=district).values_list("period__label", flat=True)
    )
    assert "Năm 2025" in owed and "Năm 2026" not in owed
    quarterly = ReportSchedule.objects.get(form__code=QUARTERLY_CODE)
    assert quarterly.periods.filter(deadline__lt=TODAY).count() >= 4


def _check_states():
    submissions = Submission.objects.select_related("obligation")
    assert set(submissions.values_list("status", flat=True)) == set(Status.values)
    submitted = [s.obligation for s in submissions.filter(status=Status.SUBMITTED)]
    assert {o.on_time() for o in submitted} == {True, False}
    # Not started: one not yet due, one overdue.
    never = Obligation.objects.filter(first_submitted_at__isnull=True, submission__isnull=True)
    assert never.filter(deadline__gte=TODAY).exists()
    assert never.filter(deadline__lt=TODAY).exists()
    # Returned with a comment on one figure, which the committee must fix.
    returned = submissions.get(
        status=Status.RETURNED, obligation__period__schedule__form__code=YEARLY_CODE
    )
    assert returned.review_comment
    assert returned.values.exclude(reviewer_comment="").count() == 1
    assert returned.obligation.organization == User.objects.get(username="bcd_xa").organization
    # Accepted data is locked, and says why.
    accepted = submissions.filter(status=Status.ACCEPTED)
    assert accepted.count() >= 6
    assert all("chấp nhận" in lock_reason(s) for s in accepted)
    assert all(not submission_problems(s) for s in accepted)
    # A late correction asked and not decided yet.
    pending = ReopenRequest.objects.get(status=ReopenRequest.Status.PENDING)
    assert pending.submission.status == Status.ACCEPTED
    # Pre-filled figures from the ratings and the registry.
    assert (
        FigureValue.objects.filter(prefilled_number__isnull=False)
        .exclude(prefill_source="")
        .exists()
    )
    # A large change explained by the department (the 50% rule).
    assert FigureValue.objects.exclude(comment="").filter(field__code="so_tin_bao").exists()
    # The draft of the current quarter.
    assert submissions.filter(status=Status.DRAFT, obligation__deadline__gte=TODAY).exists()


def _check_reminders():
    steps = set(ReminderLedger.objects.values_list("step", flat=True))
    assert {"before:7", "overdue:1", "overdue:5"} <= steps
    overdue = Obligation.objects.filter(first_submitted_at__isnull=True, deadline__lt=TODAY)
    reminded = overdue.filter(reminders__step="overdue:5").distinct()
    assert reminded.exists()
    # Reminders stop once a report is in: none after its first submission.
    for row in ReminderLedger.objects.filter(obligation__first_submitted_at__isnull=False):
        assert row.swept_on <= row.obligation.first_submitted_at.date()
    for username in ("bcd_xa", "bcd_huyen2", "so_nganh"):
        assert Notification.objects.filter(
            recipient__username=username, read_at__isnull=True
        ).exists()
    assert Notification.objects.filter(recipient__username="thuongtruc").exists()
    # The ledger makes a repeated sweep a no-op.
    assert reminders_sweep(today=TODAY) == []


def _check_scope():
    commune_user = User.objects.get(username="bcd_xa")
    mine = obligations_submittable_by(commune_user)
    assert mine.exists()
    assert set(mine.values_list("organization", flat=True)) == {commune_user.organization_id}
