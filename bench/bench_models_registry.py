"""Benchmarks of the models registry on PostgreSQL (figures for the issue note).

    DATABASE_URL=postgres://… python bench/bench_models_registry.py [--models N] [--sites N]

Inside one transaction that is rolled back at the end: generates a synthetic province with
districts and communes, models across the launching levels and categories (some retired,
some exemplary) and their replication sites, then measures through the real views (test
client) the counts page for today, for a past date and for one district, the register's
first page and the review-due list: p50/p95 and the query count of each page.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from timing import bench_page  # noqa: E402

from models_registry.models import (  # noqa: E402
    LaunchLevel,
    ModelCategory,
    ModelReview,
    ModelSite,
    SecurityModel,
)
from organizations.models import AdministrativeUnit, RoleAssignment, User  # noqa: E402
from organizations.services.people import role_assign  # noqa: E402

DISTRICTS = 25
COMMUNES_PER_DISTRICT = 40


class RollbackRequestedError(Exception):
    pass


def _unit(**fields) -> AdministrativeUnit:
    return AdministrativeUnit(era="2025", unit_type="Đơn vị", **fields)


def generate(models: int, sites: int) -> tuple[User, AdministrativeUnit]:
    rng = random.Random(138)
    start = time.perf_counter()
    province = AdministrativeUnit.objects.create(
        era="2025", level=1, code="99", name="Tỉnh Đo Lường", short_name="Đo Lường",
        unit_type="Tỉnh", path="N/99/", search_key="tinh do luong",
    )  # fmt: skip
    districts = AdministrativeUnit.objects.bulk_create(
        _unit(level=2, code=f"99{d:03d}", name=f"Huyện Đo {d}", short_name=f"Đo {d}",
              parent=province, path=f"N/99/{d:03d}/", search_key=f"huyen do {d}")
        for d in range(DISTRICTS)
    )  # fmt: skip
    communes = AdministrativeUnit.objects.bulk_create(
        _unit(level=3, code=f"99{d:03d}{c:03d}", name=f"Xã Đo {d}-{c}", short_name=f"Đo {d}-{c}",
              parent=district, path=f"{district.path}{c:03d}/", search_key=f"xa do {d} {c}")
        for d, district in enumerate(districts) for c in range(COMMUNES_PER_DISTRICT)
    )  # fmt: skip
    levels = list(LaunchLevel.objects.all())
    categories = list(ModelCategory.objects.all())
    homes = [province, *districts, *communes]
    rows = []
    for n in range(models):
        started = datetime.date(2012 + n % 13, 1 + n % 12, 1 + n % 28)
        retired = None
        if n % 7 == 0:
            retired = started + datetime.timedelta(days=rng.randint(200, 3000))
            retired = retired if retired < datetime.date(2026, 11, 1) else None
        rows.append(SecurityModel(
            name=f"Mô hình đo lường {n}", category=categories[n % len(categories)],
            launch_level=levels[n % len(levels)], unit=homes[n % len(homes)],
            started_on=started, status="retired" if retired else "active", retired_on=retired,
            retirement_reason="Đo lường" if retired else "",
            recognized_on=started + datetime.timedelta(days=400) if n % 23 == 0 else None,
        ))  # fmt: skip
    SecurityModel.objects.bulk_create(rows, batch_size=5000)
    print(f"generated {models:,} models in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    model_rows = list(SecurityModel.objects.values_list("pk", "started_on", "retired_on"))
    batch = []
    for n in range(sites):
        pk, started, retired = model_rows[n % len(model_rows)]
        site_start = started + datetime.timedelta(days=rng.randint(0, 900))
        ended = retired if retired and retired >= site_start else None
        batch.append(ModelSite(
            model_id=pk, unit=communes[rng.randrange(len(communes))], place=f"Thôn {n}",
            started_on=site_start, ended_on=ended, teams=rng.randint(1, 5),
            members=rng.randint(3, 40),
        ))  # fmt: skip
        if len(batch) == 10_000:
            ModelSite.objects.bulk_create(batch)
            batch = []
    ModelSite.objects.bulk_create(batch)
    ModelReview.objects.bulk_create(
        (ModelReview(model_id=pk, kind="interim", assessment="effective" if i % 9 else "formal",
                     reviewed_on=started + datetime.timedelta(days=365))
         for i, (pk, started, _retired) in enumerate(model_rows) if i % 2),
        batch_size=5000,
    )  # fmt: skip
    print(f"generated {sites:,} sites and {len(model_rows) // 2:,} reviews in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    staff = User.objects.create(username="bench-models-staff", full_name="Đo Lường")
    role_assign(user=staff, role=RoleAssignment.Role.STANDING_STAFF, organization=None,
                scope_unit=province)  # fmt: skip
    return staff, districts[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--sites", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        with transaction.atomic():
            staff, district = generate(args.models, args.sites)
            client = Client()
            client.force_login(staff)
            counts = reverse("models_registry:model-counts")
            bench_page(client, "counts page, today, whole province", counts, args.repeat)
            bench_page(client, "counts page, as of 31/12/2020", counts + "?date=2020-12-31",
                       args.repeat)  # fmt: skip
            bench_page(client, "counts page, one district, 31/12/2023",
                       counts + f"?date=2023-12-31&area={district.pk}", args.repeat)  # fmt: skip
            bench_page(client, "counts .xlsx export, 31/12/2020",
                       reverse("models_registry:model-counts-export") + "?date=2020-12-31",
                       args.repeat)  # fmt: skip
            bench_page(client, "register, first page", reverse("models_registry:model-list"),
                       args.repeat)  # fmt: skip
            bench_page(client, "needs-review list, first page",
                       reverse("models_registry:model-needs-review"), args.repeat)  # fmt: skip
            raise RollbackRequestedError
    except RollbackRequestedError:
        print("(benchmark data rolled back)")


if __name__ == "__main__":
    main()
