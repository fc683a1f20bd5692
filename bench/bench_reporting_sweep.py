"""Benchmark of the daily reminder sweep over 100,000 open obligations (figures for the note).

    DATABASE_URL=postgres://… BENCH_SWEEP_OBLIGATIONS=100000 python bench/bench_reporting_sweep.py

Inside one transaction that is rolled back at the end: writes with COPY 10,000 committees
(each with an e-mail address and one member holding the committee role, and a supervising
district committee among 100), 10 report schedules with one period each, and one obligation
per committee and period: 100,000 open obligations, every one of them due for a reminder on
the day swept (the worst day: a deadline shared by the whole country), its step depending on
the schedule (7, 3, 1 days before, the day itself, 1 and 5 days late with the escalation).

Then times: the dry run (planning only), the first sweep (records every reminder: ledger,
outbox e-mails, notifications), the second sweep the same day (a no-op), a sweep on a day when
nothing is due, and one outbox batch (500 e-mails, Django's in-memory backend); with the SQL
queries each ran and the rows written.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from organizations.models import (  # noqa: E402
    AdministrativeUnit,
    Organization,
    RoleAssignment,
    User,
)
from reporting.models import (  # noqa: E402
    FormVersion,
    Notification,
    Obligation,
    OutboxEmail,
    ReminderLedger,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
)
from reporting.services.reminders import outbox_send, reminders_sweep  # noqa: E402

DAY = datetime.date(2026, 12, 3)
# Days from the swept day to each schedule's deadline: every step of the defaults is due.
DEADLINE_OFFSETS = [7, 3, 1, 0, -1, -5, 7, 3, 0, -5]
DISTRICTS = 100


class RollbackRequestedError(Exception):
    pass


def _reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of `count` ids taken from the table's sequence (so COPY can name them)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT setval(%s, %s)", [sequence, start + count])
    return start


def _copy(model: type[models.Model], rows: Iterator[dict]) -> int:
    """COPY rows given as {attname: value} (every concrete column, None for NULL)."""
    columns = [f.column for f in model._meta.concrete_fields]
    attnames = [f.attname for f in model._meta.concrete_fields]
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(r"\N" if row[a] is None else str(row[a]) for a in attnames))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)",
            buffer,
        )
    return count


def generate(total: int) -> None:
    now = timezone.now().isoformat()
    stamps = {"created_at": now, "updated_at": now}
    committees_count = total // len(DEADLINE_OFFSETS)
    province = AdministrativeUnit.objects.create(
        name="Tỉnh Đo Lường", short_name="Đo Lường", code="99", unit_type="Tỉnh",
        level=AdministrativeUnit.Level.PROVINCE, path="N/99/",
    )  # fmt: skip
    provincial = Organization.objects.create(name="Ban Chỉ đạo 138 tỉnh Đo Lường", kind="committee",
                                             unit=province)  # fmt: skip
    staff = User.objects.create(username="bench-thuong-truc", full_name="Thường Trực",
                                email="thuongtruc@bench.local")  # fmt: skip
    RoleAssignment.objects.create(user=staff, role="standing_staff", organization=provincial,
                                  scope_unit=province)  # fmt: skip
    org_start = _reserve_ids(Organization, DISTRICTS + committees_count)
    organization = {
        "short_name": "", "kind": "committee", "unit_id": province.pk, "document_series_code": "",
        "search_key": "", "valid_from": None, "valid_to": None, **stamps,
    }  # fmt: skip

    def organization_rows() -> Iterator[dict]:
        for n in range(DISTRICTS):
            yield {**organization, "id": org_start + n, "name": f"Ban Chỉ đạo 138 huyện {n}",
                   "parent_id": provincial.pk, "email": f"huyen-{n}@bench.local"}  # fmt: skip
        for n in range(committees_count):
            yield {**organization, "id": org_start + DISTRICTS + n,
                   "name": f"Ban Chỉ đạo 138 xã {n}", "parent_id": org_start + n % DISTRICTS,
                   "email": f"xa-{n}@bench.local"}  # fmt: skip

    _copy(Organization, organization_rows())
    people = DISTRICTS + committees_count
    user_start = _reserve_ids(User, people)
    user = {
        "password": "!", "last_login": None, "is_superuser": "f", "first_name": "",
        "last_name": "", "is_staff": "f", "is_active": "t", "date_joined": now, "position": "",
        "phone": "",
    }  # fmt: skip
    _copy(
        User,
        (
            {
                **user,
                "id": user_start + n,
                "username": f"bench-{n}",
                "full_name": f"Cán bộ {n}",
                "email": f"canbo-{n}@bench.local",
                "organization_id": org_start + n,
            }  # fmt: skip
            for n in range(people)
        ),
    )
    role_start = _reserve_ids(RoleAssignment, people)
    _copy(
        RoleAssignment,
        (
            {
                "id": role_start + n,
                "user_id": user_start + n,
                "role": "committee",
                "organization_id": org_start + n,
                "scope_unit_id": province.pk,
                "is_active": "t",
                **stamps,
            }  # fmt: skip
            for n in range(people)
        ),
    )
    periods = []
    for index, offset in enumerate(DEADLINE_OFFSETS):
        form = ReportForm.objects.create(code=f"bench-{index}", name=f"Báo cáo đo lường {index}",
                                         owner=provincial)  # fmt: skip
        FormVersion.objects.create(form=form, number=1, published_at=timezone.now())
        schedule = ReportSchedule.objects.create(
            form=form, name=f"Chế độ {index}", period_kind="year", reviewer=provincial
        )
        deadline = DAY + datetime.timedelta(days=offset)
        periods.append(
            ReportingPeriod.objects.create(
                schedule=schedule,
                label=f"Năm 2026 ({index})",
                deadline=deadline,
                start=datetime.date(2025, 12, 15),
                end=datetime.date(2026, 12, 14),
            )  # fmt: skip
        )
    obligation_start = _reserve_ids(Obligation, committees_count * len(periods))
    _copy(
        Obligation,
        (
            {
                "id": obligation_start + p * committees_count + n,
                "period_id": period.pk,
                "organization_id": org_start + DISTRICTS + n,
                "deadline": period.deadline,
                "first_submitted_at": None,
                "submitted_at": None,
                "accepted_at": None,
                **stamps,
            }  # fmt: skip
            for p, period in enumerate(periods)
            for n in range(committees_count)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(label: str, run) -> tuple[float, int, object]:
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:8.2f} s {len(queries):6d} queries", flush=True)
    return seconds, len(queries), result


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    total = int(os.environ.get("BENCH_SWEEP_OBLIGATIONS", "100000"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with transaction.atomic():
            started = time.perf_counter()
            generate(total)
            reverse("reporting:obligation-detail", args=[1])  # load the URLconf before timing
            open_count = Obligation.objects.filter(first_submitted_at__isnull=True).count()
            print(f"{open_count:,} open obligations of {Organization.objects.count():,} "
                  f"organizations, generated in {time.perf_counter() - started:.1f} s")  # fmt: skip
            _s, _q, planned = measure("dry run (planning only)",
                                      lambda: reminders_sweep(today=DAY, dry_run=True))  # fmt: skip
            _s, _q, sent = measure("first sweep (records and sends)",
                                   lambda: reminders_sweep(today=DAY))  # fmt: skip
            _s, _q, again = measure("second sweep, same day (no-op)",
                                    lambda: reminders_sweep(today=DAY))  # fmt: skip
            quiet = DAY + datetime.timedelta(days=30)
            _s, _q, nothing = measure("sweep on a day with nothing due",
                                      lambda: reminders_sweep(today=quiet))  # fmt: skip
            _s, _q, batch = measure("one outbox batch (locmem)", lambda: outbox_send())
            print()
            print(f"reminders planned {len(planned):,}, recorded {len(sent):,}, "
                  f"second run {len(again):,}, quiet day {len(nothing):,}")  # fmt: skip
            ledger = ReminderLedger.objects.values("channel").annotate(n=models.Count("pk"))
            print("ledger rows: " + ", ".join(f"{r['channel']} {r['n']:,}" for r in ledger))
            steps = ReminderLedger.objects.values("step").annotate(n=models.Count("pk"))
            print("by step: " + ", ".join(
                f"{r['step']} {r['n']:,}" for r in steps.order_by("step")))  # fmt: skip
            print(f"outbox e-mails {OutboxEmail.objects.count():,} "
                  f"(sent by the batch: {batch.sent}), "
                  f"notifications {Notification.objects.count():,}")  # fmt: skip
            raise RollbackRequestedError
    except RollbackRequestedError:
        pass


if __name__ == "__main__":
    main()
