"""Benchmarks of the directives app on PostgreSQL (figures for the issue note).

    DATABASE_URL=postgres://… python bench/bench_directives.py [--documents 50000] [--tasks 100000]

Inside one transaction that is rolled back at the end: generates synthetic documents (folded
search text and tsvector filled as the services do) and tasks with assignments and
occurrences, then measures
  * search p50/p95 over the register (document_list selector, ranked full-text),
  * the task board's first page and the 2×2 counts, through the real view (test client),
and prints the query count of each page.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.postgres.search import SearchVector  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from timing import bench_page, percentile  # noqa: E402

from directives.models import Document, DocumentTask, TaskAssignment, TaskOccurrence  # noqa: E402
from directives.selectors.documents import DocumentFilters, document_list  # noqa: E402
from organizations.models import AdministrativeUnit, Organization, RoleAssignment, User  # noqa: E402
from organizations.search import fold_diacritics  # noqa: E402
from organizations.services.people import role_assign  # noqa: E402

VOCABULARY = (
    "an ninh trật tự phong trào toàn dân bảo vệ Tổ quốc phòng chống tội phạm ma túy tệ nạn "
    "xã hội khu dân cư tự quản mô hình camera giám sát tuyên truyền giáo dục pháp luật "
    "nông thôn đô thị giao thông cháy nổ lừa đảo mạng xã hội học sinh sinh viên doanh "
    "nghiệp cơ quan"
)
WORDS = VOCABULARY.split()
TYPES = [("CT", "Chỉ thị"), ("KH", "Kế hoạch"), ("TB", "Thông báo"), ("QĐ", "Quyết định"),
         ("BC", "Báo cáo"), ("HD", "Hướng dẫn")]  # fmt: skip
QUERIES = ["chi thi an ninh", "kế hoạch phòng chống ma túy", "tuyen truyen phap luat",
           "camera giam sat", "khu dân cư tự quản", "lua dao mang xa hoi", "an toan giao thong",
           "phong chay", "doanh nghiep", "hoc sinh"]  # fmt: skip


class RollbackRequestedError(Exception):
    pass


def generate(documents: int, tasks: int) -> tuple[User, Organization]:
    rng = random.Random(138)
    unit = AdministrativeUnit.objects.create(
        era="2025", level=1, code="99", name="Tỉnh Đo Lường", short_name="Đo Lường",
        unit_type="Tỉnh", path="N/99/", search_key="tinh do luong",
    )  # fmt: skip
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Cơ quan đo lường {n}", kind="department", unit=unit,
                     document_series_code=f"CQ{n}", search_key=f"co quan do luong {n}")
        for n in range(40)
    )  # fmt: skip
    start = time.perf_counter()
    rows = []
    for n in range(documents):
        code, name = rng.choice(TYPES)
        issuer = organizations[n % len(organizations)]
        year = 2016 + n % 10
        title = " ".join(rng.choices(WORDS, k=12))
        body = " ".join(rng.choices(WORDS, k=120))
        number_symbol = f"{n // len(organizations) + 1:02d}/{code}-{issuer.document_series_code}"
        rows.append(Document(
            system="state", type_code=code, type_name=name, number=n // len(organizations) + 1,
            number_symbol=number_symbol, issuer=issuer, issuer_name=issuer.name,
            issue_date=datetime.date(year, 1 + n % 12, 1 + n % 28), issue_year=year,
            title=title, body_html=f"<p>{body}</p>", status="issued",
            search_document=fold_diacritics(f"{number_symbol} {name} {title} {body}"),
        ))  # fmt: skip
    Document.objects.bulk_create(rows, batch_size=5000)
    Document.objects.update(search_vector=SearchVector("search_document", config="simple"))
    print(f"generated {documents:,} documents in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    document_ids = list(Document.objects.values_list("pk", "issue_date"))
    task_rows = [
        DocumentTask(document_id=document_ids[n % len(document_ids)][0], number=str(n % 9 + 1),
                     order=n % 9, text=" ".join(rng.choices(WORDS, k=20)),
                     deadline_kind="date", deadline_value="")
        for n in range(tasks)
    ]  # fmt: skip
    DocumentTask.objects.bulk_create(task_rows, batch_size=5000)
    assignments = TaskAssignment.objects.bulk_create(
        (TaskAssignment(task=task, organization=organizations[i % len(organizations)],
                        role="lead") for i, task in enumerate(task_rows)),
        batch_size=5000,
    )  # fmt: skip
    issue_dates = dict(document_ids)
    today = datetime.date(2026, 11, 22)
    occurrences = []
    for i, assignment in enumerate(assignments):
        issued = issue_dates[task_rows[i].document_id]
        due = issued + datetime.timedelta(days=rng.randint(30, 400))
        done = due + datetime.timedelta(days=rng.randint(-20, 20)) if rng.random() < 0.6 else None
        occurrences.append(
            TaskOccurrence(
                assignment=assignment,
                due_date=due,
                completed_on=done if done and done <= today else None,
            )
        )
    TaskOccurrence.objects.bulk_create(occurrences, batch_size=5000)
    print(f"generated {tasks:,} tasks, assignments and occurrences in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    staff = User.objects.create(username="bench-staff", full_name="Đo Lường")
    role_assign(user=staff, role=RoleAssignment.Role.STANDING_STAFF, organization=organizations[0],
                scope_unit=unit)  # fmt: skip
    return staff, organizations[0]


def bench_search(user: User, repeat: int) -> None:
    timings = []
    for _ in range(repeat):
        for query in QUERIES:
            start = time.perf_counter()
            page = list(document_list(user=user, filters=DocumentFilters(query=query))[:30])
            timings.append((time.perf_counter() - start) * 1000)
            assert page is not None
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"search ({len(timings)} queries, first page of 30): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    # The pages are requested through Django's test client, whose host is "testserver".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        with transaction.atomic():
            staff, _org = generate(args.documents, args.tasks)
            bench_search(staff, args.repeat)
            client = Client()
            client.force_login(staff)
            bench_page(client, "register page (search)", reverse("directives:document-list")
                       + "?q=chi+thi+an+ninh", args.repeat)  # fmt: skip
            bench_page(client, "task board, first page", reverse("directives:task-board"),
                       args.repeat)  # fmt: skip
            bench_page(client, "task board, overdue 2025", reverse("directives:task-board")
                       + "?year=2025&status=overdue", args.repeat)  # fmt: skip
            bench_page(client, "2×2 counts per organization, 2025",
                       reverse("directives:task-stats") + "?year=2025", args.repeat)  # fmt: skip
            raise RollbackRequestedError
    except RollbackRequestedError:
        print("(benchmark data rolled back)")


if __name__ == "__main__":
    main()
