"""Benchmarks of reporting's completeness and consolidation on PostgreSQL (figures for the
issue note).

    DATABASE_URL=postgres://… python bench/bench_reporting.py [--organizations N]
        [--periods N] [--repeat N]

Inside one transaction that is rolled back at the end: generates a synthetic province (25
old districts, 1,000 communes) with N reporting organizations (default 5,000) on a quarterly
schedule of P periods (default 8, so 40,000 obligations), and for the latest period a report
from every organization with 20 figures and 2 texts (5,000 submissions, 110,000 answers: most
accepted or submitted, some drafts and returned); earlier periods have their timeliness only.
Then measures through the real views (test client) as the administrator and as the provincial
office (scoped queries): the completeness overview, the schedule's page (a row per period,
per district, per organization), one period's page, the consolidation (default, per district,
accepted only), its .xlsx export, and the consolidated report's PDF: p50/p95 and the number
of SQL queries of each.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from synthetic_reporting import obligations_of  # noqa: E402
from timing import bench_page, percentile  # noqa: E402

from organizations.models import (  # noqa: E402
    AdministrativeUnit,
    Organization,
    RoleAssignment,
    User,
)
from organizations.services.people import role_assign  # noqa: E402
from printing.letterhead import IssueHeader  # noqa: E402
from reporting.models import (  # noqa: E402
    FigureValue,
    FormField,
    FormSection,
    FormVersion,
    Obligation,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
    Submission,
)
from reporting.selectors.consolidation import consolidation  # noqa: E402
from reporting.services.printing import consolidated_report_print  # noqa: E402

DISTRICTS = 25
COMMUNES_PER_DISTRICT = 40
FIGURES = 20
TEXTS = 2
BATCH = 5000
Status = Submission.Status


class RollbackRequestedError(Exception):
    pass


def _unit(**fields) -> AdministrativeUnit:
    return AdministrativeUnit(era="legacy", unit_type="Đơn vị", **fields)


def _quarters(count: int, today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The last `count` quarters whose deadline has passed, latest first."""
    windows = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    while len(windows) < count:
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        last = quarter * 3
        end = datetime.date(year, last, 14)
        first_month = last - 2
        start = (
            datetime.date(year - 1, 12, 15)
            if first_month == 1
            else datetime.date(year, first_month - 1, 15)
        )
        windows.append((f"Quý {quarter}/{year}", start, end))
    return windows


def generate(organizations: int, periods: int) -> dict:
    """The synthetic province, its schedule and reports; returns what the pages need."""
    rng = random.Random(138)
    today = timezone.localdate()
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    province = AdministrativeUnit.objects.create(
        era="legacy", level=1, code="98", name="Tỉnh Đo Báo Cáo", short_name="Đo Báo Cáo",
        unit_type="Tỉnh", path="L/98/", search_key="tinh do bao cao",
    )  # fmt: skip
    districts = AdministrativeUnit.objects.bulk_create(
        _unit(level=2, code=f"98{d:03d}", name=f"Huyện Đo {d}", short_name=f"Đo {d}",
              parent=province, path=f"L/98/{d:03d}/", search_key=f"huyen do {d}")
        for d in range(DISTRICTS)
    )  # fmt: skip
    communes = AdministrativeUnit.objects.bulk_create(
        _unit(level=3, code=f"98{d:03d}{c:03d}", name=f"Xã Đo {d}-{c}", short_name=f"Đo {d}-{c}",
              parent=district, path=f"{district.path}{c:03d}/", search_key=f"xa do {d} {c}")
        for d, district in enumerate(districts) for c in range(COMMUNES_PER_DISTRICT)
    )  # fmt: skip
    office = Organization.objects.create(
        name="Ban Chỉ đạo 138 tỉnh Đo Báo Cáo", kind="committee", unit=province
    )
    reporters = Organization.objects.bulk_create(
        Organization(name=f"Đơn vị báo cáo {n:05d}", kind="committee",
                     unit=communes[n % len(communes)], search_key=f"don vi bao cao {n:05d}")
        for n in range(organizations)
    )  # fmt: skip
    seconds["units and organizations"] = time.perf_counter() - started

    started = time.perf_counter()
    form = ReportForm.objects.create(code="do-bao-cao", name="Báo cáo kết quả đo", owner=office)
    version = FormVersion.objects.create(form=form, number=1, published_at=timezone.now())
    sections = [
        FormSection.objects.create(version=version, order=i, title=f"Phần {i + 1}")
        for i in range(4)
    ]
    aggregations = [FormField.Aggregation.SUM] * 3 + [FormField.Aggregation.AVERAGE,
                                                      FormField.Aggregation.NONE]  # fmt: skip
    fields = [
        FormField.objects.create(
            section=sections[i % 4], code=f"chi_tieu_{i}", order=i, label=f"Chỉ tiêu {i}",
            unit="vụ", aggregation=aggregations[i % len(aggregations)], required=False,
        )
        for i in range(FIGURES)
    ] + [
        FormField.objects.create(
            section=sections[3], code=f"noi_dung_{i}", order=100 + i, label=f"Nội dung {i}",
            kind=FormField.Kind.TEXT, aggregation=FormField.Aggregation.NONE, required=False,
        )
        for i in range(TEXTS)
    ]  # fmt: skip
    schedule = ReportSchedule.objects.create(
        form=form, name="Báo cáo quý đo lường", period_kind="quarter", reviewer=office,
        deadline_offset_days=-4,
    )  # fmt: skip
    schedule.reporters.set(reporters)
    made_periods = [
        ReportingPeriod.objects.create(
            schedule=schedule, label=label, start=start, end=end,
            deadline=end - datetime.timedelta(days=4),
        )
        for label, start, end in _quarters(periods, today)
    ]  # fmt: skip
    obligations = []
    for period in made_periods:
        obligations += obligations_of(period, reporters, rng, on_time=0.7, late=0.85, accepted=0.6)
    Obligation.objects.bulk_create(obligations, batch_size=BATCH)
    seconds["form, schedule and obligations"] = time.perf_counter() - started

    started = time.perf_counter()
    latest = made_periods[0]
    latest_obligations = [o for o in obligations if o.period_id == latest.pk]
    submissions = []
    for obligation in latest_obligations:
        if obligation.accepted_at:
            status = Status.ACCEPTED
        elif obligation.first_submitted_at:
            status = Status.SUBMITTED if rng.random() < 0.9 else Status.RETURNED
        else:
            status = Status.DRAFT
        submissions.append(
            Submission(
                obligation=obligation,
                version=version,
                status=status,
                summary="Tình hình ổn định." if rng.random() < 0.3 else "",
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    values = []
    for submission in submissions:
        for form_field in fields:
            if form_field.kind == FormField.Kind.TEXT:
                values.append(
                    FigureValue(
                        submission=submission,
                        field=form_field,
                        text=f"Nhận xét của đơn vị {submission.obligation_id}",
                    )
                )
            else:
                values.append(
                    FigureValue(
                        submission=submission, field=form_field, number=Decimal(rng.randint(0, 500))
                    )
                )
        if len(values) >= BATCH:
            FigureValue.objects.bulk_create(values)
            values = []
    FigureValue.objects.bulk_create(values)
    seconds["submissions and figures"] = time.perf_counter() - started
    police = Organization.objects.create(name="Công an tỉnh Đo Báo Cáo", kind="police",
                                         unit=province)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "province": province,
        "district": districts[0],
        "police": police,
        "schedule": schedule,
        "period": latest,
        "obligations": len(obligations),
        "submissions": len(submissions),
        "values": len(submissions) * len(fields),
        "seconds": seconds,
    }


def timed(label: str, call, repeat: int) -> None:
    """p50/p95 of a call and its SQL query count (counted at the cursor)."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"{label}: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, {len(queries)} queries"
    )


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=5000)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The PDFs printed here go to a folder removed at the end, as the data is rolled back.
    media = tempfile.mkdtemp(prefix="bench-reporting-")
    settings.MEDIA_ROOT = media
    try:
        with transaction.atomic():
            started = time.perf_counter()
            made = generate(options.organizations, options.periods)
            print(f"{options.organizations:,} organizations, {options.periods} periods: "
                  f"{made['obligations']:,} obligations, {made['submissions']:,} submissions "
                  f"in the latest period with {made['values']:,} answers; generated in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
            for stage, seconds in made["seconds"].items():
                print(f"  {stage}: {seconds:.1f} s")
            admin = User.objects.create(username="bench-reporting-admin", full_name="Đo Lường")
            role_assign(user=admin, role=RoleAssignment.Role.ADMIN, organization=None,
                        scope_unit=None)  # fmt: skip
            staff = User.objects.create(username="bench-reporting-staff", full_name="Văn Phòng",
                                        organization=made["police"])  # fmt: skip
            role_assign(user=staff, role=RoleAssignment.Role.STANDING_STAFF,
                        organization=made["police"], scope_unit=made["province"])  # fmt: skip
            schedule, period = made["schedule"], made["period"]
            district = made["district"]
            pages = [
                ("completeness overview", reverse("reporting:completeness")),
                (f"schedule page ({made['obligations']:,} obligations, year {period.end.year})",
                 reverse("reporting:completeness-schedule", args=[schedule.pk])),
                ("schedule page, one district",
                 reverse("reporting:completeness-schedule", args=[schedule.pk])
                 + f"?area={district.pk}"),
                ("period page, those behind",
                 reverse("reporting:completeness-period", args=[period.pk])),
                ("period page, all, page 40",
                 reverse("reporting:completeness-period", args=[period.pk]) + "?show=all&page=40"),
                (f"consolidation ({made['submissions']:,} submissions)",
                 reverse("reporting:consolidation", args=[period.pk])),
                ("consolidation, per district",
                 reverse("reporting:consolidation", args=[period.pk]) + "?by_area=1"),
                ("consolidation, accepted only",
                 reverse("reporting:consolidation", args=[period.pk]) + "?accepted=1"),
                ("completeness export (.xlsx), period",
                 reverse("reporting:completeness-period-export", args=[period.pk])),
            ]  # fmt: skip
            for who, user in (("administrator", admin), ("provincial office", staff)):
                client = Client()
                client.force_login(user)
                print(f"\nas the {who}:")
                for label, url in pages:
                    bench_page(client, f"  {label}", url, options.repeat)
            client = Client()
            client.force_login(staff)
            print()
            bench_page(client, "consolidation export (.xlsx, every report's figures)",
                       reverse("reporting:consolidation-export", args=[period.pk]),
                       max(2, options.repeat // 2))  # fmt: skip
            today = timezone.localdate()
            timed(
                "consolidation selector alone (provincial office)",
                lambda: consolidation(user=staff, period=period, today=today),
                options.repeat,
            )
            timed(
                "consolidated report PDF (snapshot + render + record, unsigned)",
                lambda: consolidated_report_print(
                    period=period, by=staff, accepted_only=False, sign=False,
                    header=IssueHeader(number_symbol="1/BC-BCĐ", signer_name="Đo Lường"),
                ),
                max(2, options.repeat // 2),
            )  # fmt: skip
            raise RollbackRequestedError
    except RollbackRequestedError:
        pass
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
