"""Reminders from one daily sweep over what is due, recorded in a ledger (PRODUCT.md).

For each open obligation (never submitted) the sweep finds the one step due today: the
latest "before" step (default 7, 3, 1 days and the day itself), or after the deadline the
latest "overdue" step (default 1 and 5 days), with an escalation to the supervising
committee at the last overdue step. A step missed while the portal was down is not replayed
one by one: only the latest due step goes out.

Exactly once: the ledger's unique constraint (obligation, step, recipient, channel) is
written in the same transaction as the outbox e-mail or the notification. The sweep first
reads what the ledger already holds and writes only the rest, so a second sweep, a retried
task or a beat firing twice writes nothing. Two sweeps running at the same moment may both
read an empty ledger; the second one's insert then waits for the first transaction and
fails on the constraint, its transaction (outbox, notifications) rolls back, and it reads
the ledger again, now finding those reminders there. The new reminders are written in
chunks of RECORD_CHUNK, one transaction each: a worker dying mid-sweep loses only the chunk
it was writing, and the retried task sends the rest, once. E-mails leave later from the
outbox (`outbox_send`); a failed send stays there and is retried.

The number of queries does not depend on the number of obligations: the schedules, the due
obligations (plain rows), their periods and their organizations, the people of the
organizations reminded (two), the ledger, then per chunk a few INSERTs of up to
INSERT_BATCH rows.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, RoleAssignment, User

from ..models import (
    DigestLedger,
    Notification,
    Obligation,
    OutboxEmail,
    ReminderLedger,
    ReportingPeriod,
    ReportSchedule,
)

logger = logging.getLogger(__name__)
Channel = ReminderLedger.Channel

# Rows per INSERT (PostgreSQL receives them as one array per column): 100,000 obligations
# due on one day, about 360,000 reminders, take some 130 queries in all (bench/). SQLite's
# limit on parameters makes Django cut smaller batches there by itself.
INSERT_BATCH = 10_000
# Reminders per transaction: a bounded amount of memory and of work lost if the worker
# dies; each chunk holds its ledger rows with their e-mails and notifications.
RECORD_CHUNK = 20_000
# A sweep that lost a race with a parallel sweep starts again; a third loss means something
# else is wrong, and the error is raised.
SWEEP_ATTEMPTS = 3
# E-mails per outbox run; the task queues the next run while a full batch went out.
OUTBOX_BATCH = 500
# After this many failed sends an e-mail stays in the outbox with its last error, for staff.
OUTBOX_MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class ReminderLine:
    """One reminder of a sweep, as `send_reminders` prints it."""

    obligation_id: int
    obligation: str
    step: str
    recipient: str
    channel: str

    def __str__(self) -> str:
        fields = (self.obligation_id, self.obligation, self.step, self.recipient, self.channel)
        return "\t".join(str(value) for value in fields)


@dataclass(frozen=True)
class _Due:
    """A step due today for one obligation, and the organization it reminds (the reporter,
    or for an escalation the supervisor). Plain fields, and the period and organizations
    shared between obligations: 100,000 obligations stay 100,000 small objects."""

    obligation_id: int
    deadline: datetime.date
    period: ReportingPeriod
    organization: Organization  # the reporter
    step: str
    reminded: Organization


@dataclass(frozen=True)
class _Planned:
    due: _Due
    recipient: str
    channel: str
    user_id: int | None
    email: str

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.due.obligation_id, self.due.step, self.recipient, self.channel)


def due_step(
    *, deadline: datetime.date, today: datetime.date, before: list[int], overdue: list[int]
) -> tuple[str, bool] | None:
    """The step due today for a deadline, and whether it is the escalation step."""
    days_left = (deadline - today).days
    if days_left >= 0:
        due = [int(days) for days in before if int(days) >= days_left]
        return (f"before:{min(due)}", False) if due else None
    late = -days_left
    # "0 days after the deadline" is the deadline itself, a "before" step.
    overdue = [int(days) for days in overdue if int(days) > 0]
    due = [days for days in overdue if days <= late]
    if not due:
        return None
    step = max(due)
    return f"overdue:{step}", step == max(overdue)


def _valid_on(organization: Organization, day: datetime.date) -> bool:
    return (organization.valid_from is None or organization.valid_from <= day) and (
        organization.valid_to is None or day <= organization.valid_to
    )


def _supervisor(
    organization: Organization, period: ReportingPeriod, today: datetime.date
) -> Organization:
    """The organization's supervising committee, while it exists (the 2025 reform dissolved
    the district committees), else the schedule's reviewer."""
    parent = organization.parent
    if parent is not None and parent.is_committee and _valid_on(parent, today):
        return parent
    return period.schedule.reviewer


def _open_in_window(today: datetime.date) -> QuerySet[Obligation]:
    """Open obligations whose deadline is close enough to today for some schedule to remind."""
    schedules = ReportSchedule.objects.filter(is_active=True).only("reminder_days", "overdue_days")
    longest_before = max((int(d) for s in schedules for d in s.reminder_days or []), default=0)
    longest_overdue = max((int(d) for s in schedules for d in s.overdue_days or []), default=0)
    return Obligation.objects.filter(
        first_submitted_at__isnull=True,
        period__schedule__is_active=True,
        deadline__gte=today - datetime.timedelta(days=longest_overdue),
        deadline__lte=today + datetime.timedelta(days=longest_before),
    )


def _due_today(obligations: QuerySet[Obligation], today: datetime.date) -> list[_Due]:
    """Three queries: the obligations as plain rows, then their few periods (with schedule,
    form and reviewer) and their organizations (with parent), each loaded once."""
    rows = obligations.order_by("deadline", "pk").values_list(
        "pk", "period_id", "organization_id", "deadline"
    )
    rows = list(rows)
    if not rows:
        return []
    periods = ReportingPeriod.objects.filter(pk__in=obligations.values("period_id"))
    periods = {p.pk: p for p in periods.select_related("schedule__form", "schedule__reviewer")}
    organizations = Organization.objects.filter(pk__in=obligations.values("organization_id"))
    organizations = {o.pk: o for o in organizations.select_related("parent")}
    due = []
    for obligation_id, period_id, organization_id, deadline in rows:
        period = periods[period_id]
        schedule = period.schedule
        found = due_step(
            deadline=deadline, today=today,
            before=schedule.reminder_days or [], overdue=schedule.overdue_days or [],
        )  # fmt: skip
        if found is None:
            continue
        step, escalate = found
        organization = organizations[organization_id]
        due.append(_Due(obligation_id, deadline, period, organization, step, organization))
        if escalate:
            supervisor = _supervisor(organization, period, today)
            if supervisor.pk != organization.pk:
                escalation = f"escalation:{step.split(':')[1]}"
                due.append(_Due(obligation_id, deadline, period, organization, escalation,
                                supervisor))  # fmt: skip
    return due


def _people_of(organization_ids: set[int]) -> dict[int, list[User]]:
    """The people who act for each organization: active users holding an active role, who
    work there (User.organization) or hold a role for it (RoleAssignment.organization).

    A person without any role sees no obligation (reporting.permissions), so a reminder would
    only lead them to a 404."""
    people: dict[int, dict[int, User]] = defaultdict(dict)
    has_role = Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), is_active=True))
    members = User.objects.filter(has_role, is_active=True, organization_id__in=organization_ids)
    for user in members.only("id", "email", "organization_id"):
        people[user.organization_id][user.pk] = user
    assignments = RoleAssignment.objects.filter(
        is_active=True, user__is_active=True, organization_id__in=organization_ids
    ).select_related("user")
    for assignment in assignments.only("organization_id", "user__id", "user__email"):
        people[assignment.organization_id][assignment.user_id] = assignment.user
    return {
        org_id: sorted(users.values(), key=lambda user: user.pk) for org_id, users in people.items()
    }


def _recipients_of(
    organization: Organization, users: list[User]
) -> list[tuple[str, str, int | None, str]]:
    """In-app to each person, e-mail to each distinct address (the organization's and its
    people's): (recipient, channel, user id, address)."""
    emails = {user.email.lower() for user in users if user.email}
    if organization.email:
        emails.add(organization.email.lower())
    return [(f"user:{user.pk}", Channel.IN_APP, user.pk, "") for user in users] + [
        (email, Channel.EMAIL, None, email) for email in sorted(emails)
    ]


def _plan(due: list[_Due]) -> list[_Planned]:
    """Every (reminder, recipient, channel) due today."""
    people = _people_of({item.reminded.pk for item in due})
    recipients: dict[int, list[tuple[str, str, int | None, str]]] = {}
    planned = []
    for item in due:
        reminded = item.reminded
        if reminded.pk not in recipients:
            recipients[reminded.pk] = _recipients_of(reminded, people.get(reminded.pk, []))
        planned.extend(_Planned(item, *recipient) for recipient in recipients[reminded.pk])
    return planned


def _already_sent(obligations: QuerySet[Obligation], planned: list[_Planned]) -> set[tuple]:
    """The ledger's keys among the planned reminders (one query, through a subquery, so it
    takes no parameter per obligation)."""
    steps = {p.due.step for p in planned}
    return set(
        ReminderLedger.objects.filter(
            obligation__in=obligations.values("pk"), step__in=steps
        ).values_list("obligation_id", "step", "recipient", "channel")
    )


def _line(planned: _Planned) -> ReminderLine:
    due = planned.due
    return ReminderLine(
        due.obligation_id, f"{due.organization.name} — {due.period.label}", due.step,
        planned.recipient, planned.channel,
    )  # fmt: skip


@dataclass
class _Message:
    subject: str
    body: str
    path: str


@dataclass(frozen=True)
class _Marker:
    """Stands for an organization in a template rendered once for many of them."""

    name: str


# Private-use characters: never in a name, not whitespace, not escaped.
_ORGANIZATION = "\ue000organization\ue000"
_REMINDED = "\ue000reminded\ue000"
_PATH = "\ue000path\ue000"
_PK = "987654321"


@dataclass
class _Renderer:
    """The texts of the reminders. A national deadline puts 100,000 obligations on one day
    and a template render costs a fraction of a millisecond, so each (period, step) is
    rendered once with markers, then the organizations' names and the link are put in."""

    today: datetime.date
    base_url: str = field(default_factory=lambda: settings.PORTAL_BASE_URL.rstrip("/"))
    rendered: dict[tuple, tuple[str, str]] = field(default_factory=dict)
    # reverse() once: the pattern names the obligation by its number, which is put in.
    obligation_path: str = field(
        default_factory=lambda: reverse("reporting:obligation-detail", args=[_PK])
    )

    def message(self, due: _Due) -> _Message:
        key = (due.period.pk, due.deadline, due.step)
        if key not in self.rendered:
            self.rendered[key] = self._render(due)
        subject, body = self.rendered[key]
        path = self.obligation_path.replace(_PK, str(due.obligation_id))

        def fill(text: str) -> str:
            return (
                text.replace(_ORGANIZATION, due.organization.name)
                .replace(_REMINDED, due.reminded.name)
                .replace(_PATH, path)
            )

        return _Message(fill(subject), fill(body), path)

    def _render(self, due: _Due) -> tuple[str, str]:
        context = {
            "period": due.period,
            "schedule": due.period.schedule,
            "deadline": due.deadline,
            "organization": _Marker(_ORGANIZATION),
            "reminded": _Marker(_REMINDED),
            "step_kind": due.step.split(":")[0],
            # The real distance to the deadline: a step caught up after an outage says
            # "còn 5 ngày", not the offset it was planned at.
            "days": abs((due.deadline - self.today).days),
            "url": self.base_url + _PATH,
        }
        subject = " ".join(
            render_to_string("reporting/email/reminder_subject.txt", context).split()
        )
        return subject, render_to_string("reporting/email/reminder_body.txt", context)


def _email_subject(subject: str) -> str:
    return _("[Cổng ANTQ] %(subject)s") % {"subject": subject}


def _record(new: list[_Planned], today: datetime.date) -> None:
    """The outbox e-mails, the notifications and their ledger rows, in the caller's
    transaction; the ledger insert fails if a parallel sweep recorded any of them first."""
    renderer = _Renderer(today)
    emails: list[OutboxEmail] = []
    notifications: list[Notification] = []
    for planned in new:
        message = renderer.message(planned.due)
        if planned.channel == Channel.EMAIL:
            emails.append(
                OutboxEmail(
                    to=planned.email, subject=_email_subject(message.subject), body=message.body
                )
            )
        else:
            notifications.append(
                Notification(recipient_id=planned.user_id, title=message.subject, url=message.path)
            )
    OutboxEmail.objects.bulk_create(emails, batch_size=INSERT_BATCH)
    Notification.objects.bulk_create(notifications, batch_size=INSERT_BATCH)
    sweep = uuid.uuid4()
    emails_left, notifications_left = iter(emails), iter(notifications)
    ReminderLedger.objects.bulk_create(
        [
            ReminderLedger(
                obligation_id=planned.due.obligation_id,
                step=planned.due.step,
                recipient=planned.recipient,
                channel=planned.channel,
                sweep=sweep,
                swept_on=today,
                outbox=next(emails_left) if planned.channel == Channel.EMAIL else None,
                notification=(
                    next(notifications_left) if planned.channel == Channel.IN_APP else None
                ),
            )
            for planned in new
        ],
        batch_size=INSERT_BATCH,
    )


def _sweep_once(today: datetime.date, dry_run: bool, recorded: list[ReminderLine]) -> None:
    """Plan, read the ledger, then record the new reminders chunk by chunk, each chunk's
    ledger rows, e-mails and notifications in one transaction; `recorded` receives the lines
    of each chunk once it is written."""
    obligations = _open_in_window(today)
    planned = _plan(_due_today(obligations, today))
    if not planned:
        return
    sent = _already_sent(obligations, planned)
    new = [p for p in planned if p.key not in sent]
    if dry_run:
        recorded.extend(_line(p) for p in new)
        return
    for start in range(0, len(new), RECORD_CHUNK):
        chunk = new[start : start + RECORD_CHUNK]
        with transaction.atomic():
            _record(chunk, today)
        recorded.extend(_line(p) for p in chunk)


def reminders_sweep(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> list[ReminderLine]:
    """Record what is due today and not yet sent, once; returns the reminders this sweep
    recorded (or, with dry_run, would record). The e-mails wait in the outbox."""
    today = today or timezone.localdate()
    recorded: list[ReminderLine] = []
    for attempt in range(1, SWEEP_ATTEMPTS + 1):
        try:
            _sweep_once(today, dry_run, recorded)
        except IntegrityError:
            # A parallel sweep recorded some of this chunk's reminders between our read of
            # the ledger and our insert; the chunk rolled back (the chunks before it stay
            # recorded, by us). Read the ledger again and go on.
            if attempt == SWEEP_ATTEMPTS:
                raise
            logger.info("reminders: a parallel sweep won the race, sweeping again")
        else:
            break
    return recorded


@dataclass(frozen=True)
class OutboxResult:
    sent: int
    failed: int


def _send_one(pk: int, connection) -> bool | None:
    """Send one pending e-mail under a row lock, committed on its own: a worker dying
    mid-run resends at most the e-mail it was sending. None when another sender has it."""
    with transaction.atomic():
        # Ordered by pk, not by the model's "-created_at": that ordering with LIMIT 1 would
        # lead PostgreSQL down the pending-mail index instead of the primary key.
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .order_by("pk")
            .first()
        )
        if email is None:
            return None
        email.attempts += 1
        try:
            connection.open()
            EmailMessage(email.subject, email.body, to=[email.to], connection=connection).send()
        # SMTP down or refusing (smtplib's errors are OSErrors), or an address the mail
        # library rejects (ValueError): the e-mail stays pending with the reason.
        except (OSError, ValueError) as error:
            email.last_error = str(error)[:500] or error.__class__.__name__
            logger.warning("outbox: sending to %s failed: %s", email.to, error)
            connection.close()  # a broken SMTP session is reopened for the next e-mail
        else:
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error", "updated_at"])
        return email.sent_at is not None


def outbox_send(*, limit: int | None = OUTBOX_BATCH) -> OutboxResult:
    """Send pending e-mails of the outbox, oldest first; a failure stays pending with its
    error and is tried again on the next run. `limit=None` sends everything pending."""
    pending = (
        OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(pending if limit is None else pending[:limit])
    sent = failed = 0
    if not ids:
        return OutboxResult(0, 0)
    connection = get_connection()
    try:
        for pk in ids:
            outcome = _send_one(pk, connection)
            sent += outcome is True
            failed += outcome is False
    finally:
        connection.close()
    return OutboxResult(sent, failed)


def _iso_week(day: datetime.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def digest_send(*, today: datetime.date | None = None) -> int:
    """The weekly digest to the provincial office (its standing staff): the open and overdue
    obligations of each one's area, in-app and by e-mail, once per week and recipient."""
    from ..selectors.completeness import digest_figures

    today = today or timezone.localdate()
    week = _iso_week(today)
    staff = (
        User.objects.filter(
            is_active=True, roles__is_active=True, roles__role=RoleAssignment.Role.STANDING_STAFF
        )
        .distinct()
        .order_by("pk")
    )
    done = set(DigestLedger.objects.filter(week=week).values_list("recipient", "channel"))
    path = reverse("reporting:completeness")
    created = 0
    for user in staff:
        wanted = {(f"user:{user.pk}", Channel.IN_APP)}
        if user.email:
            wanted.add((user.email.lower(), Channel.EMAIL))
        if wanted <= done:
            continue
        figures = digest_figures(user=user, today=today)
        if not figures.open and not figures.overdue:
            continue  # nothing to chase this week: no digest rather than a page of zeros
        context = {"user": user, "week": week, "figures": figures, "today": today,
                   "url": settings.PORTAL_BASE_URL.rstrip("/") + path}  # fmt: skip
        subject = " ".join(render_to_string("reporting/email/digest_subject.txt", context).split())
        body = render_to_string("reporting/email/digest_body.txt", context)
        for recipient, channel in sorted(wanted - done):
            created += _digest_record(
                week=week, recipient=recipient, channel=channel, user=user,
                subject=subject, body=body, path=path,
            )  # fmt: skip
    return created


def _digest_record(
    *, week: str, recipient: str, channel: str, user: User, subject: str, body: str, path: str
) -> int:
    """One digest: its ledger row and its notification or outbox e-mail in one transaction;
    0 when a parallel run recorded it first."""
    try:
        with transaction.atomic():
            ledger = DigestLedger.objects.create(week=week, recipient=recipient, channel=channel)
            if channel == Channel.EMAIL:
                ledger.outbox = OutboxEmail.objects.create(
                    to=user.email, subject=_email_subject(subject), body=body
                )
            else:
                ledger.notification = Notification.objects.create(
                    recipient=user, title=subject, body=body, url=path
                )
            ledger.save(update_fields=["outbox", "notification", "updated_at"])
    except IntegrityError:
        return 0
    return 1
