"""Benchmark of the "An toàn về ANTT" rates on PostgreSQL (figures for the issue note).

    DATABASE_URL=postgres://… BENCH_RATINGS_SCALE=1.0 python bench/bench_safety_ratings.py

BENCH_RATINGS_SCALE sizes the synthetic country: 1.0 is about 10,000 rated units per 2025
province (34 provinces, 63 legacy ones) and ten years of assessments, ≈ 3.4 million rows;
0.05 is a quick smoke run. BENCH_RATINGS_REPEAT (default 5) sets the timed requests per page.

Inside one transaction that is rolled back at the end: generates the country
(bench/ratings_synthetic.py, COPY), then measures through the real views (test client,
logged-in administrator) the rates page for one province-year and for the nation-year (and
the drill-downs and the not-recognised list), each next to the bare SQL aggregates the page
needs, run in the same transaction on the same data: p50/p95 of the page, p50 of the SQL, their
ratio, and the page's query count. Prints the indexes the province's aggregate uses.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from ratings_synthetic import COPY_SECONDS, generate  # noqa: E402
from timing import percentile  # noqa: E402

from organizations.models import RoleAssignment, User  # noqa: E402
from organizations.services.people import role_assign  # noqa: E402
from safety_ratings.selectors.rate_areas import rate_area  # noqa: E402
from safety_ratings.selectors.rates import rate_aggregate  # noqa: E402

YEAR = 2024  # the last complete year before the reform: legacy era, the commune fallback path
NEW_ERA_YEAR = 2025


class RollbackRequestedError(Exception):
    pass


@dataclass
class Figure:
    label: str
    page_p50: float
    page_p95: float
    queries: int
    sql_p50: float | None = None

    @property
    def ratio(self) -> str:
        return f"{self.page_p50 / self.sql_p50:.2f}" if self.sql_p50 else "—"


def measure(client: Client, url: str, querysets: list | None, repeat: int) -> Figure:
    """p50/p95 server time (ms) of a page, its SQL query count, and p50 of the bare aggregates
    it needs; page and SQL alternate, so both see the same cache and the same machine load."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    statements = [queryset.query.sql_with_params() for queryset in querysets or []]

    def run_sql() -> float:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
        return (time.perf_counter() - start) * 1000

    # Warm-up, counting the page's queries at the cursor (Django clears its own log when a
    # request finishes).
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    run_sql()
    pages, sqls = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        pages.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        if statements:
            sqls.append(run_sql())
    return Figure(
        label="",
        page_p50=statistics.median(pages),
        page_p95=percentile(pages, 0.95),
        queries=len(queries),
        sql_p50=statistics.median(sqls) if sqls else None,
    )


def indexes_used(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: list[str] = []

    def walk(node: dict) -> None:
        if "Index Name" in node:
            found.append(f"{node['Node Type']}: {node['Index Name']}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return sorted(set(found))


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    scale = float(os.environ.get("BENCH_RATINGS_SCALE", "1.0"))
    repeat = int(os.environ.get("BENCH_RATINGS_REPEAT", "5"))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    figures: list[Figure] = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            made = generate(scale=scale)
            total = time.perf_counter() - started
            print(f"scale {scale}: {made.units:,} administrative units "
                  f"({made.communes_old:,} old and {made.communes_new:,} new communes), "
                  f"{made.rated_units:,} rated units, {made.assessments:,} assessments, "
                  f"{made.results:,} failed criterion results; "
                  f"generated in {total:.1f} s")  # fmt: skip
            for stage, seconds in made.seconds.items():
                print(f"  {stage}: {seconds:.1f} s")
            for table, seconds in COPY_SECONDS.items():
                print(f"  of which COPY into {table}: {seconds:.1f} s")
            admin = User.objects.create(username="bench-ratings-admin", full_name="Đo Lường")
            role_assign(user=admin, role=RoleAssignment.Role.ADMIN, organization=None,
                        scope_unit=None)  # fmt: skip
            client = Client()
            client.force_login(admin)
            province = made.new_provinces[0]  # formed from two old provinces
            place = rate_area(province)
            nation = rate_area(None)
            rates = reverse("safety_ratings:rates")
            drill = reverse("safety_ratings:rates-drilldown")
            missing = reverse("safety_ratings:rates-not-recognised")
            cases = [
                (f"rates page, one province, {YEAR}", f"{rates}?year={YEAR}&area={province.pk}",
                 [rate_aggregate(place, YEAR), rate_aggregate(place, YEAR - 1)]),
                (f"rates page, nation, {YEAR}", f"{rates}?year={YEAR}&area=",
                 [rate_aggregate(nation, YEAR), rate_aggregate(nation, YEAR - 1)]),
                (f"rates page, one province, {NEW_ERA_YEAR}",
                 f"{rates}?year={NEW_ERA_YEAR}&area={province.pk}",
                 [rate_aggregate(place, NEW_ERA_YEAR), rate_aggregate(place, NEW_ERA_YEAR - 1)]),
                (f"rates page, nation, {NEW_ERA_YEAR}", f"{rates}?year={NEW_ERA_YEAR}&area=",
                 [rate_aggregate(nation, NEW_ERA_YEAR),
                  rate_aggregate(nation, NEW_ERA_YEAR - 1)]),
                (f"drill-down, province → old districts, {YEAR}",
                 f"{drill}?year={YEAR}&area={province.pk}&kind=khu_dan_cu", None),
                (f"drill-down, province → new communes, {YEAR}",
                 f"{drill}?year={YEAR}&area={province.pk}&kind=khu_dan_cu&era=2025", None),
                (f"drill-down, nation → provinces, {NEW_ERA_YEAR}",
                 f"{drill}?year={NEW_ERA_YEAR}&area=&kind=khu_dan_cu", None),
                (f"not recognised, one province, {YEAR}, page 1",
                 f"{missing}?year={YEAR}&area={province.pk}&kind=khu_dan_cu", None),
            ]  # fmt: skip
            for label, url, querysets in cases:
                figure = measure(client, url, querysets, repeat)
                figure.label = label
                figures.append(figure)
                print(f"  measured: {label}", flush=True)
            print(f"\nindexes of the province's aggregate ({YEAR}):")
            for name in indexes_used(rate_aggregate(place, YEAR)):
                print(f"  {name}")
            print(f"indexes of the province's aggregate ({NEW_ERA_YEAR}):")
            for name in indexes_used(rate_aggregate(place, NEW_ERA_YEAR)):
                print(f"  {name}")
            print(f"indexes of the nation's aggregate ({YEAR}):")
            for name in indexes_used(rate_aggregate(nation, YEAR)):
                print(f"  {name}")
            raise RollbackRequestedError
    except RollbackRequestedError:
        pass
    print()
    header = (
        f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'page/SQL':>9} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for figure in figures:
        sql = f"{figure.sql_p50:.1f}" if figure.sql_p50 else "—"
        print(f"{figure.label:<48} {figure.page_p50:>8.1f} {figure.page_p95:>8.1f} {sql:>8} "
              f"{figure.ratio:>9} {figure.queries:>8}")  # fmt: skip
    print("(SQL p50: the bare aggregates the page needs — the year and the year before; "
          "benchmark data rolled back)")  # fmt: skip


if __name__ == "__main__":
    main()
