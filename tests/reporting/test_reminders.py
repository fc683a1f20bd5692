"""The daily reminder sweep: which step is due, who receives it, exactly once, in a bounded
number of queries; the outbox and its retries; the weekly digest."""

from __future__ import annotations

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from organizations.models import RoleAssignment
from organizations.services.people import role_assign
from reporting.models import (
    DigestLedger,
    Notification,
    OutboxEmail,
    ReminderLedger,
)
from reporting.services import reminders
from reporting.services.reminders import (
    digest_send,
    due_step,
    outbox_send,
    reminders_sweep,
)
from tests.organizations.factories import OrganizationFactory, UserFactory

from .factories import obligation_for, submitted
from .factories_reminders import bulk_obligations

TODAY = datetime.date(2026, 12, 3)
DEADLINE = datetime.date(2026, 12, 10)
BEFORE = [7, 3, 1, 0]
OVERDUE = [1, 5]


def day(offset: int) -> datetime.date:
    """A day relative to the deadline."""
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://antq.example.vn"


@pytest.fixture
def commune(area, user_of_role):
    """The commune committee (with its own address) owing a report to the provincial police,
    and its committee member."""
    organization = area.commune_committee_1
    organization.email = "BCD.DongDang@antq.local"
    organization.save()
    user_of_role("commune_committee")
    user_of_role("standing_staff")  # the reviewer's people (police)
    return obligation_for(organization, DEADLINE, reviewer=area.police, label="Năm 2026")


def keys(lines) -> set[tuple[str, str, str]]:
    return {(line.step, line.recipient, line.channel) for line in lines}


# -- which step is due --


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-8, None),
        (-7, ("before:7", False)),
        (-5, ("before:7", False)),  # caught up after an outage: the latest due step only
        (-3, ("before:3", False)),
        (-2, ("before:3", False)),
        (-1, ("before:1", False)),
        (0, ("before:0", False)),
        (1, ("overdue:1", False)),
        (4, ("overdue:1", False)),
        (5, ("overdue:5", True)),
        (9, ("overdue:5", True)),
    ],
)
def test_due_step_is_the_latest_step_reached(offset, expected):
    assert due_step(deadline=DEADLINE, today=day(offset), before=BEFORE, overdue=OVERDUE) == (
        expected
    )


def test_due_step_ignores_an_overdue_offset_of_zero():
    assert due_step(deadline=DEADLINE, today=day(1), before=[], overdue=[0]) is None
    assert due_step(deadline=DEADLINE, today=day(2), before=[], overdue=[0, 2]) == (
        "overdue:2",
        True,
    )


@given(
    before=st.lists(st.integers(0, 60), max_size=5),
    overdue=st.lists(st.integers(0, 60), max_size=4),
)
def test_due_step_walked_day_by_day_reaches_each_step_once_in_order(before, overdue):
    """Swept every day from 70 days before to 70 after, each configured step comes due on a
    run of consecutive days, in order, and nothing else ever does."""
    seen: list[str] = []
    for offset in range(-70, 71):
        found = due_step(deadline=DEADLINE, today=day(offset), before=before, overdue=overdue)
        if found and (not seen or seen[-1] != found[0]):
            seen.append(found[0])
    expected = [f"before:{d}" for d in sorted(set(before), reverse=True)] + [
        f"overdue:{d}" for d in sorted(set(overdue)) if d > 0
    ]
    assert seen == expected


# -- the sweep --


def test_reminders_sweep_sends_the_due_step_to_every_recipient(commune, area):
    lines = reminders_sweep(today=day(-7))
    user = RoleAssignment.objects.get(organization=area.commune_committee_1).user
    assert keys(lines) == {
        ("before:7", f"user:{user.pk}", "in_app"),
        ("before:7", "bcd.dongdang@antq.local", "email"),
        ("before:7", "commune_committee@antq.local", "email"),
    }
    assert {line.obligation_id for line in lines} == {commune.pk}
    assert "Ban Chỉ đạo 138 xã Đồng Đăng — Năm 2026" in str(lines[0])
    rows = ReminderLedger.objects.filter(obligation=commune)
    assert rows.count() == 3 and {row.swept_on for row in rows} == {day(-7)}
    # The ledger row and what it sent were written together.
    assert all(row.outbox_id for row in rows.filter(channel="email"))
    assert rows.get(channel="in_app").notification.recipient == user
    assert OutboxEmail.objects.count() == 2 and Notification.objects.count() == 1


def test_reminders_sweep_a_second_time_the_same_day_sends_nothing(commune):
    assert reminders_sweep(today=day(-7))
    assert reminders_sweep(today=day(-7)) == []
    assert reminders_sweep(today=day(-6)) == []  # before:7 is still the step due
    assert ReminderLedger.objects.count() == 3
    assert OutboxEmail.objects.count() == 2 and Notification.objects.count() == 1


def test_reminders_sweep_every_day_sends_each_step_once(commune):
    steps = []
    for offset in range(-10, 12):
        for _run in range(2):
            steps += [line.step for line in reminders_sweep(today=day(offset))]
    assert ReminderLedger.objects.count() == len(steps)
    assert sorted(set(steps)) == sorted(
        ["before:7", "before:3", "before:1", "before:0", "overdue:1", "overdue:5", "escalation:5"]
    )
    duplicates = (
        ReminderLedger.objects.values("obligation", "step", "recipient", "channel")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()


def test_reminders_stop_when_the_report_is_submitted(commune, user_of_role):
    reminders_sweep(today=day(-7))
    submitted(commune, user_of_role("commune_committee"))
    for offset in range(-6, 10):
        assert reminders_sweep(today=day(offset)) == []
    assert set(ReminderLedger.objects.values_list("step", flat=True)) == {"before:7"}


def test_reminders_sweep_after_an_outage_sends_only_the_latest_step(commune):
    assert {line.step for line in reminders_sweep(today=day(-2))} == {"before:3"}
    assert not ReminderLedger.objects.filter(step="before:7").exists()


def test_reminders_sweep_skips_inactive_schedules(commune):
    commune.period.schedule.is_active = False
    commune.period.schedule.save()
    assert reminders_sweep(today=day(-7)) == []


def test_reminders_sweep_follows_each_schedules_own_offsets(area, user_of_role):
    user_of_role("commune_committee")
    user_of_role("standing_staff")
    obligation = obligation_for(
        area.commune_committee_1, DEADLINE, reviewer=area.police, reminder_days=[14],
        overdue_days=[10],
    )  # fmt: skip
    assert {line.step for line in reminders_sweep(today=day(-14))} == {"before:14"}
    assert {line.step for line in reminders_sweep(today=day(10))} == {
        "overdue:10",
        "escalation:10",
    }
    assert reminders_sweep(today=day(-7)) == []
    assert obligation.reminders.count() > 0


def test_overdue_reminder_goes_to_the_organization_only(commune):
    lines = reminders_sweep(today=day(1))
    assert {line.step for line in lines} == {"overdue:1"}


def test_escalation_goes_to_the_supervising_committee(commune, area, user_of_role):
    commune.organization.parent = area.district_committee_1
    commune.organization.save()
    district = user_of_role("district_committee")
    lines = reminders_sweep(today=day(5))
    escalations = {(line.recipient, line.channel) for line in lines if line.step.startswith("e")}
    assert escalations == {
        (f"user:{district.pk}", "in_app"),
        ("district_committee@antq.local", "email"),
    }
    assert {line.step for line in lines} == {"overdue:5", "escalation:5"}
    body = OutboxEmail.objects.get(to="district_committee@antq.local").body
    assert "Ban Chỉ đạo 138 xã Đồng Đăng chưa nộp" in body
    assert "đã quá hạn 5 ngày" in body


def test_escalation_goes_to_the_reviewer_when_the_committee_was_dissolved(
    commune, area, user_of_role
):
    """The 2025 reform dissolved the district committees: a commune whose parent is one of
    them is escalated to the schedule's reviewer."""
    area.district_committee_1.valid_to = datetime.date(2025, 6, 30)
    area.district_committee_1.save()
    commune.organization.parent = area.district_committee_1
    commune.organization.save()
    user_of_role("district_committee")
    staff = user_of_role("standing_staff")
    escalations = {
        line.recipient for line in reminders_sweep(today=day(5)) if line.step == "escalation:5"
    }
    assert escalations == {f"user:{staff.pk}", "standing_staff@antq.local"}


def test_escalation_goes_to_the_reviewer_when_the_parent_is_no_committee(
    commune, area, user_of_role
):
    people_committee = OrganizationFactory(name="UBND xã Đồng Đăng", kind="peoples_committee",
                                           unit=area.commune_1)  # fmt: skip
    commune.organization.parent = people_committee
    commune.organization.save()
    staff = user_of_role("standing_staff")
    escalations = {
        line.recipient for line in reminders_sweep(today=day(5)) if line.step == "escalation:5"
    }
    assert f"user:{staff.pk}" in escalations


def test_people_reminded_are_those_holding_a_role_for_the_organization(area, user_of_role):
    organization = area.commune_committee_1
    member = user_of_role("commune_committee")  # works there and holds the role
    # Works elsewhere but holds a role for this committee.
    delegate = UserFactory(username="uy-vien", organization=area.police)
    role_assign(user=delegate, role="committee", organization=organization,
                scope_unit=area.commune_1)  # fmt: skip
    # Works there without any role: could not open the report, so is not reminded.
    UserFactory(username="khong-vai-tro", organization=organization)
    # Left, or their role was withdrawn.
    gone = UserFactory(username="da-nghi", organization=organization, is_active=False)
    role_assign(user=gone, role="committee", organization=organization, scope_unit=area.commune_1)
    withdrawn = UserFactory(username="thu-hoi", organization=organization)
    role_assign(user=withdrawn, role="committee", organization=organization,
                scope_unit=area.commune_1).delete()  # fmt: skip
    RoleAssignment.objects.create(user=withdrawn, role="agency", organization=area.department,
                                  scope_unit=area.province, is_active=False)  # fmt: skip
    obligation_for(organization, DEADLINE, reviewer=area.police)
    lines = reminders_sweep(today=day(-7))
    assert {line.recipient for line in lines if line.channel == "in_app"} == {
        f"user:{member.pk}",
        f"user:{delegate.pk}",
    }
    assert {line.recipient for line in lines if line.channel == "email"} == {
        "commune_committee@antq.local",
        "uy-vien@antq.local",
    }


def test_one_address_gets_one_email_per_reminder(commune, area):
    area.commune_committee_1.email = "commune_committee@antq.local"  # the same as the member's
    area.commune_committee_1.save()
    lines = reminders_sweep(today=day(-7))
    assert [line.recipient for line in lines if line.channel == "email"] == [
        "commune_committee@antq.local"
    ]


def test_dry_run_lists_the_reminders_and_writes_nothing(commune):
    planned = reminders_sweep(today=day(-7), dry_run=True)
    assert len(planned) == 3
    assert not ReminderLedger.objects.exists() and not OutboxEmail.objects.exists()
    assert not Notification.objects.exists()
    assert reminders_sweep(today=day(-7)) == planned
    assert reminders_sweep(today=day(-7), dry_run=True) == []


def test_sweep_that_lost_a_race_starts_again_and_sends_only_the_rest(commune):
    """A parallel sweep recorded one reminder after this sweep read the ledger: the insert
    fails on the constraint, everything rolls back, the sweep reads again."""
    other = reminders_sweep(today=day(-7), dry_run=True)[0]
    ReminderLedger.objects.create(
        obligation_id=other.obligation_id, step=other.step, recipient=other.recipient,
        channel=other.channel, sweep="00000000-0000-0000-0000-000000000001", swept_on=day(-7),
    )  # fmt: skip
    real = reminders._already_sent
    calls = []

    def stale_then_real(obligations, planned):
        calls.append(1)
        return set() if len(calls) == 1 else real(obligations, planned)

    with mock.patch.object(reminders, "_already_sent", side_effect=stale_then_real):
        lines = reminders_sweep(today=day(-7))
    assert len(calls) == 2
    assert other not in lines and len(lines) == 2
    assert ReminderLedger.objects.count() == 3
    # Nothing of the failed attempt survived.
    assert OutboxEmail.objects.count() + Notification.objects.count() == 2


def test_sweep_records_in_chunks_and_a_lost_race_keeps_the_chunks_written(commune, settings):
    """Chunks of two: the first is written, the second meets a reminder a parallel sweep
    recorded meanwhile, rolls back, and the sweep goes on from a fresh read of the ledger."""
    planned = reminders_sweep(today=day(-7), dry_run=True)
    assert len(planned) == 3
    last = planned[-1]
    real = reminders._already_sent
    calls = []

    def stale_then_real(obligations, planned):
        calls.append(1)
        if len(calls) == 1:
            # Between this read and the second chunk, a parallel sweep records `last`.
            ReminderLedger.objects.create(
                obligation_id=last.obligation_id, step=last.step, recipient=last.recipient,
                channel=last.channel, sweep="00000000-0000-0000-0000-000000000002",
                swept_on=day(-7),
            )  # fmt: skip
            return set()
        return real(obligations, planned)

    with (
        mock.patch.object(reminders, "RECORD_CHUNK", 2),
        mock.patch.object(reminders, "_already_sent", side_effect=stale_then_real),
    ):
        lines = reminders_sweep(today=day(-7))
    assert lines == planned[:2]
    assert ReminderLedger.objects.count() == 3
    assert OutboxEmail.objects.count() + Notification.objects.count() == 2


def test_worker_dying_mid_sweep_loses_only_the_chunk_it_was_writing(commune):
    planned = reminders_sweep(today=day(-7), dry_run=True)
    real = reminders._record

    def die_on_second_chunk(chunk, today):
        if ReminderLedger.objects.exists():
            real(chunk, today)  # written, then the process dies before the commit
            raise SystemExit("worker killed")
        real(chunk, today)

    with (
        mock.patch.object(reminders, "RECORD_CHUNK", 2),
        mock.patch.object(reminders, "_record", side_effect=die_on_second_chunk),
        pytest.raises(SystemExit),
    ):
        reminders_sweep(today=day(-7))
    assert ReminderLedger.objects.count() == 2
    assert OutboxEmail.objects.count() + Notification.objects.count() == 2
    # The task is delivered again (acks_late): the rest goes out, once.
    assert reminders_sweep(today=day(-7)) == planned[2:]
    assert ReminderLedger.objects.count() == 3
    assert OutboxEmail.objects.count() + Notification.objects.count() == 3


# -- a bounded number of queries --


def _sweep_queries(today: datetime.date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        sent = len(reminders_sweep(today=today))
    return len(context.captured_queries), sent


def test_reminders_sweep_query_count_does_not_grow_with_obligations(db):
    bulk_obligations(30, DEADLINE, prefix="a")
    later = DEADLINE + datetime.timedelta(days=60)
    bulk_obligations(300, later, prefix="b")
    few, sent_few = _sweep_queries(day(-7))
    many, sent_many = _sweep_queries(later - datetime.timedelta(days=7))
    # In-app and two e-mails (the committee's and its member's) per obligation.
    assert (sent_few, sent_many) == (30 * 3, 300 * 3)
    assert few == many <= 12
    again_few, _ = _sweep_queries(day(-7))
    again_many, _ = _sweep_queries(later - datetime.timedelta(days=7))
    assert again_few == again_many <= 9


# -- e-mails: content and the outbox --


def test_reminder_email_is_in_vietnamese_with_a_link_to_the_obligation(commune):
    reminders_sweep(today=day(-7))
    assert outbox_send().sent == 2
    message = next(m for m in mail.outbox if m.to == ["commune_committee@antq.local"])
    assert message.subject.startswith("[Cổng ANTQ] Còn 7 ngày đến hạn nộp")
    assert "Năm 2026" in message.subject
    link = "https://antq.example.vn" + reverse("reporting:obligation-detail", args=[commune.pk])
    assert link in message.body
    assert "Kính gửi: Ban Chỉ đạo 138 xã Đồng Đăng" in message.body
    assert "Hạn nộp: 10/12/2026" in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped
    note = Notification.objects.get()
    assert note.url == reverse("reporting:obligation-detail", args=[commune.pk])
    assert note.title.startswith("Còn 7 ngày đến hạn nộp")


def test_reminder_caught_up_late_says_the_real_number_of_days(commune):
    reminders_sweep(today=day(-5))
    assert OutboxEmail.objects.first().subject.startswith("[Cổng ANTQ] Còn 5 ngày")


def test_reminder_on_the_day_and_overdue_subjects(commune):
    reminders_sweep(today=day(0))
    reminders_sweep(today=day(1))
    subjects = set(OutboxEmail.objects.values_list("subject", flat=True))
    assert any(s.startswith("[Cổng ANTQ] Hôm nay là hạn nộp") for s in subjects)
    assert any(s.startswith("[Cổng ANTQ] Quá hạn 1 ngày") for s in subjects)


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_outbox_keeps_a_failed_email_pending_and_sends_it_next_run(commune, settings):
    reminders_sweep(today=day(-7))
    settings.EMAIL_BACKEND = "tests.reporting.test_reminders.RefusingBackend"
    assert outbox_send() == reminders.OutboxResult(sent=0, failed=2)
    pending = OutboxEmail.objects.filter(sent_at__isnull=True)
    assert pending.count() == 2
    assert {(e.attempts, e.last_error) for e in pending} == {(1, "Connection unexpectedly closed")}
    assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send() == reminders.OutboxResult(sent=2, failed=0)
    assert len(mail.outbox) == 2
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    assert set(OutboxEmail.objects.values_list("last_error", flat=True)) == {""}
    assert outbox_send() == reminders.OutboxResult(sent=0, failed=0)
    assert len(mail.outbox) == 2


def test_outbox_gives_up_after_the_last_attempt(commune, settings):
    reminders_sweep(today=day(-7))
    OutboxEmail.objects.update(attempts=reminders.OUTBOX_MAX_ATTEMPTS)
    assert outbox_send() == reminders.OutboxResult(0, 0)


def test_outbox_sends_in_batches_oldest_first(commune):
    reminders_sweep(today=day(-7))
    assert outbox_send(limit=1).sent == 1
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 1
    assert outbox_send(limit=None).sent == 1


# -- the weekly digest --


@pytest.fixture
def overdue_in_area(area, user_of_role):
    user_of_role("commune_committee")
    return obligation_for(area.commune_committee_1, DEADLINE, reviewer=area.police)


def test_digest_goes_to_the_provincial_office_once_a_week(overdue_in_area, user_of_role):
    staff = user_of_role("standing_staff")
    monday = datetime.date(2026, 12, 14)
    assert digest_send(today=monday) == 2
    note = Notification.objects.get(recipient=staff)
    assert note.title == "Tuần 2026-W51: 1 báo cáo chưa nộp, 1 quá hạn"
    assert note.url == reverse("reporting:completeness")
    assert "Ban Chỉ đạo 138 xã Đồng Đăng" in note.body
    email = OutboxEmail.objects.get(to="standing_staff@antq.local")
    assert email.subject == "[Cổng ANTQ] Tuần 2026-W51: 1 báo cáo chưa nộp, 1 quá hạn"
    assert "https://antq.example.vn" + reverse("reporting:completeness") in email.body
    assert set(DigestLedger.objects.values_list("week", "channel")) == {
        ("2026-W51", "in_app"),
        ("2026-W51", "email"),
    }
    # Beat firing again in the same week, even another day, sends nothing.
    assert digest_send(today=monday) == 0
    assert digest_send(today=monday + datetime.timedelta(days=3)) == 0
    assert digest_send(today=monday + datetime.timedelta(days=7)) == 2
    assert Notification.objects.filter(recipient=staff).count() == 2


def test_digest_is_not_sent_when_nothing_is_open(area, user_of_role):
    user_of_role("standing_staff")
    assert digest_send(today=datetime.date(2026, 12, 14)) == 0
    assert not DigestLedger.objects.exists()


def test_digest_skips_people_without_the_staff_role(overdue_in_area, user_of_role):
    user_of_role("leader")
    user_of_role("commune_committee")
    assert digest_send(today=datetime.date(2026, 12, 14)) == 0
