"""What the benchmarks share: percentiles, and timing a page through Django's test client."""

from __future__ import annotations

import statistics
import time


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_page(client, label: str, url: str, repeat: int) -> None:
    """Print p50/p95 server time of a page and the number of SQL queries it runs."""
    from django.db import connection

    timings: list[float] = []
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Django clears its own query log when a request finishes, so count at the cursor.
    with connection.execute_wrapper(count):
        client.get(url)
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    print(
        f"{label}: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, {len(queries)} queries"
    )
