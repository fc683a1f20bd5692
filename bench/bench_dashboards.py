"""Benchmark of the leaders' dashboard on PostgreSQL and Redis (figures for the issue note).

    DATABASE_URL=postgres://… REDIS_URL=redis://… BENCH_RATINGS_SCALE=1.0 \
        python bench/bench_dashboards.py

On the synthetic country of the ratings benchmark (bench/ratings_synthetic.py; scale 1.0 is
about 354,000 rated units and 3.1 million assessments) with a modest amount of reports,
models and tasks, loaded once into a database of its own and kept (bench/load_dashboards.py:
BENCH_DASHBOARDS_DATABASE_URL, default DATABASE_URL's name + "_dashboards"), because gunicorn's
workers must read it too.

1. Server time through the real view (Django test client, DEBUG off): one province's leader
   on their own dashboard and the administrator on the nation's, for 2024 (legacy era) and
   2025 (new era). Cold: the rates' cache token removed before the request (as a write behind
   the rates does); warm: the same request again. p50/p95 and the page's query count, and in
   the same loop the bare SQL the page needs (the statements its selectors run, captured once
   and replayed on the raw connection): cold, every aggregate (rates of the year and the year
   before, the drill-down, models, reports, tasks); warm, those not cached (models, reports,
   tasks). Then each selector's share of the SQL, the page's size and the rows of the lists
   it shows in full.
2. Load test: gunicorn (BENCH_DASHBOARDS_WORKERS, default 4, DEBUG off, static files
   collected with the production storage, or served unhashed when that fails) and
   BENCH_DASHBOARDS_USERS concurrent users (default 8: two administrators reading the nation
   and any province, six provinces' leaders their own) for BENCH_DASHBOARDS_SECONDS (default
   45) each phase: "warm" (every page computed once before), and "writes" (the token replaced
   every BENCH_DASHBOARDS_WRITE_EVERY seconds, default 10, as a write anywhere in the country
   does). Requests per second, p50/p95/max (and for the nation's and the provinces' pages
   apart), and responses that are not 200 with the page's title (must be 0; the script exits
   1 otherwise).

BENCH_DASHBOARDS_REPEAT (default 7) sets the timed requests per case. The cache must be Redis
(REDIS_URL), as in production. The load average is printed next to the figures: the machine
may be shared.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")
# gunicorn runs with DEBUG off, which refuses the development key; sessions made here must be
# signed with the key gunicorn uses.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-dashboards-" + secrets.token_urlsafe(32))

from load_dashboards import Loaded, load, use_database  # noqa: E402

use_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import percentile  # noqa: E402

from dashboards.cache import TOKEN_KEY  # noqa: E402
from dashboards.selectors import models_day  # noqa: E402
from directives.selectors.tasks import status_counts_by_organization  # noqa: E402
from models_registry.selectors.counts import model_counts  # noqa: E402
from organizations.models import User  # noqa: E402
from organizations.permissions import scope_of  # noqa: E402
from reporting.selectors.yearly import year_completeness  # noqa: E402
from safety_ratings.models import UnitKind  # noqa: E402
from safety_ratings.selectors.rate_areas import (  # noqa: E402
    RateArea,
    default_era,
    rate_area,
    requested_rate_area,
)
from safety_ratings.selectors.rate_drilldown import rates_by_child  # noqa: E402
from safety_ratings.selectors.rates import rate_aggregate  # noqa: E402

YEARS = (2024, 2025)  # the last legacy year and the first of the new era
CACHED = ("rates", "rates year-1", "drill-down")  # what the rates' cache spares a warm page


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def load_average() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


# -- 1. server time and bare SQL ----------------------------------------------------------------


@dataclass
class Case:
    label: str
    user: User
    url: str
    area: RateArea
    year: int


@dataclass
class Statement:
    part: str  # the selector it comes from
    sql: str
    params: tuple


@dataclass
class Figures:
    label: str
    cache: str
    pages: list[float] = field(default_factory=list)
    sqls: list[float] = field(default_factory=list)
    queries: int = 0
    statements: int = 0
    kilobytes: float = 0.0
    parts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def page_p50(self) -> float:
        return statistics.median(self.pages)

    @property
    def sql_p50(self) -> float:
        return statistics.median(self.sqls)


def capture(case: Case) -> tuple[list[Statement], dict[str, int]]:
    """The statements the page's selectors run for the case, each tagged with its selector,
    and the number of rows of the lists the page shows in full."""
    user = User.objects.get(pk=case.user.pk)  # a fresh user, as each request has
    scope_of(user)  # the permission scope is the page's work, not an aggregate
    today = timezone.localdate()
    area, year = case.area, case.year
    calls = {
        "rates": lambda: list(rate_aggregate(area, year)),
        "rates year-1": lambda: list(rate_aggregate(area, year - 1)),
        "drill-down": lambda: rates_by_child(area, year, default_era(year)),
        "models": lambda: model_counts(
            user=user, on=models_day(year, today), area=area.unit, with_areas=False
        ),
        "reports": lambda: year_completeness(user=user, year=year, today=today, area=area.unit),
        "tasks": lambda: status_counts_by_organization(
            user=user, year=year, unit_ids=area.unit_ids, today=today
        ),
    }
    statements: list[Statement] = []
    results = {}
    for part, call in calls.items():

        def keep(execute, sql, params, many, context, part=part):
            statements.append(Statement(part, sql, tuple(params or ())))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            results[part] = call()
    rows = {
        "drill-down rows": len(results["drill-down"]),
        "tasks' organizations (the page lists the 20 most overdue)": len(results["tasks"]),
    }
    return statements, rows


def replay(statements: list[Statement], figures: Figures) -> float:
    """Run the statements on the raw connection (no ORM); total ms, each part's ms kept."""
    connection.ensure_connection()
    raw = connection.connection
    parts: dict[str, float] = defaultdict(float)
    total = 0.0
    with raw.cursor() as cursor:
        for statement in statements:
            start = time.perf_counter()
            cursor.execute(statement.sql, statement.params)
            cursor.fetchall()
            elapsed = (time.perf_counter() - start) * 1000
            parts[statement.part] += elapsed
            total += elapsed
    for part, ms in parts.items():
        figures.parts[part].append(ms)
    return total


def count_queries(client: Client, url: str) -> int:
    """The queries of one request, counted at the cursor (Django clears its own log when a
    request starts)."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def timed_get(client: Client, url: str, title: str, figures: Figures) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    assert title in response.content.decode(), (url, title)
    figures.kilobytes = len(response.content) / 1024
    return elapsed


def server_time(case: Case, repeat: int) -> tuple[Figures, Figures, dict[str, int]]:
    client = Client()
    client.force_login(case.user)
    statements, rows = capture(case)
    uncached = [s for s in statements if s.part not in CACHED]
    cold = Figures(case.label, "cold", statements=len(statements))
    warm = Figures(case.label, "warm", statements=len(uncached))
    title = f"Tổng quan năm {case.year} — {case.area.name}"
    cache.delete(TOKEN_KEY)
    cold.queries = count_queries(client, case.url)
    warm.queries = count_queries(client, case.url)
    replay(statements, Figures("", ""))  # the same warm-up for the SQL
    for _ in range(repeat):
        cache.delete(TOKEN_KEY)
        cold.pages.append(timed_get(client, case.url, title, cold))
        cold.sqls.append(replay(statements, cold))
        warm.pages.append(timed_get(client, case.url, title, warm))
        warm.sqls.append(replay(uncached, warm))
    return cold, warm, rows


def cases(loaded: Loaded) -> list[Case]:
    province = loaded.provinces[0]  # formed from two old provinces
    leader = loaded.leaders[province.pk]
    url = reverse("dashboards:dashboard")
    made = []
    for year in YEARS:
        own = requested_rate_area(leader, None)
        made.append(
            Case(f"province {province.code}, {year} (its leader)", leader, f"{url}?year={year}",
                 own, year)
        )  # fmt: skip
        made.append(
            Case(f"nation, {year} (administrator)", loaded.admin, f"{url}?year={year}&area=",
                 rate_area(None), year)
        )  # fmt: skip
    return made


# -- 2. load test against gunicorn --------------------------------------------------------------


@dataclass
class Target:
    url: str
    title: str
    scope: str  # "nation" or "province"


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    timings: list[float] = field(default_factory=list)
    by_scope: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""
    writes: int = 0

    @property
    def requests(self) -> int:
        return len(self.timings) + len(self.failures)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def fetch(port: int, path: str, cookie: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}",
            "X-Forwarded-Proto": "https",  # as behind the TLS proxy (no redirect to https)
        })  # fmt: skip
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Gunicorn:
    """gunicorn on a free port with DEBUG off and collected static files; stopped on exit."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bench-dashboards-"))
        self.static = str(self.folder / "static")
        self.log_path = self.folder / "gunicorn.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in __exit__)
        self.env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": self.static,
            "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        }
        self.process: subprocess.Popen | None = None
        self.static_note = ""

    def __enter__(self) -> Gunicorn:
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        started = time.perf_counter()
        collected = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        if collected.returncode == 0:
            self.static_note = (
                f"static files collected with the production storage in "
                f"{time.perf_counter() - started:.1f} s"
            )
        else:
            # The page's {% static %} URLs are then unhashed: no difference worth measuring.
            reason = [line for line in collected.stderr.splitlines() if "Error:" in line]
            self.static_note = (
                "collectstatic with the production storage FAILED ("
                + (reason[-1].strip() if reason else f"exit {collected.returncode}")
                + "); gunicorn serves with StaticFilesStorage"
            )
            self.env["DJANGO_STATICFILES_STORAGE"] = (
                "django.contrib.staticfiles.storage.StaticFilesStorage"
            )
        print(self.static_note, flush=True)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "antq_portal.wsgi",
             "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "--timeout", "120"],
            cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, path: str, cookie: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}): {self.tail()}")
            try:
                status, _body = fetch(self.port, path, cookie)
                if status == 200:
                    return
                raise RuntimeError(f"gunicorn answered {status}: {self.tail()}")
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer in 60 s: {self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def __exit__(self, *exc) -> None:
        import shutil

        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only its workers
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def user_targets(loaded: Loaded, users: int) -> list[tuple[str, list[Target]]]:
    """Each virtual user's session cookie and the pages it reads: every fourth one an
    administrator (the nation half the time, else any province), the others a province's
    leader on their own area; both years, any kind of the sorted table."""
    url = reverse("dashboards:dashboard")
    kinds = UnitKind.values
    made = []
    admin_cookie = session_cookie(loaded.admin)
    for n in range(users):
        targets = []
        if n % 4 == 0:
            for year in YEARS:
                targets += [
                    Target(
                        f"{url}?year={year}&area=&kind={kind}",
                        f"Tổng quan năm {year} — Toàn",
                        "nation",
                    )
                    for kind in kinds
                ] * len(loaded.provinces)
                targets += [
                    Target(f"{url}?year={year}&area={p.pk}&kind={kind}",
                           f"Tổng quan năm {year} — {p.name}", "province")
                    for p in loaded.provinces for kind in kinds
                ]  # fmt: skip
            made.append((admin_cookie, targets))
        else:
            province = loaded.provinces[n % len(loaded.provinces)]
            cookie = session_cookie(loaded.leaders[province.pk])
            targets = [
                Target(
                    f"{url}?year={year}&kind={kind}",
                    f"Tổng quan năm {year} — {province.name}",
                    "province",
                )
                for year in YEARS
                for kind in kinds
            ]
            made.append((cookie, targets))
    return made


def run_phase(phase: Phase, port: int, users, seconds: float, write_every: float | None) -> None:
    stop = threading.Event()
    lock = threading.Lock()

    def user(n: int, cookie: str, targets: list[Target]) -> None:
        rng = random.Random(n)
        while not stop.is_set():
            target = rng.choice(targets)
            start = time.perf_counter()
            try:
                status, body = fetch(port, target.url, cookie)
                elapsed = (time.perf_counter() - start) * 1000
                ok = status == 200 and target.title in body
                failure = None if ok else f"{status} {target.url}"
            except OSError as error:
                failure, elapsed = f"{type(error).__name__} {target.url}", 0.0
            with lock:
                if failure:
                    phase.failures.append(failure)
                else:
                    phase.timings.append(elapsed)
                    phase.by_scope[target.scope].append(elapsed)

    def writer() -> None:
        while not stop.wait(write_every):
            cache.delete(TOKEN_KEY)
            phase.writes += 1

    threads = [threading.Thread(target=user, args=(n, c, t)) for n, (c, t) in enumerate(users)]
    if write_every:
        threads.append(threading.Thread(target=writer))
    phase.load_before = load_average()
    started = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        time.sleep(seconds)
    finally:  # the users stop even when the run is interrupted
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    phase.seconds = time.perf_counter() - started
    phase.load_after = load_average()


def load_test(loaded: Loaded) -> list[Phase]:
    workers = env_int("BENCH_DASHBOARDS_WORKERS", 4)
    users = user_targets(loaded, env_int("BENCH_DASHBOARDS_USERS", 8))
    seconds = float(os.environ.get("BENCH_DASHBOARDS_SECONDS", "45"))
    write_every = float(os.environ.get("BENCH_DASHBOARDS_WRITE_EVERY", "10"))
    phases = []
    with Gunicorn(workers) as server:
        cookie, targets = users[0]
        server.wait_ready(targets[0].url, cookie)
        # Every page once, so that the warm phase starts with the rates in the cache.
        cache.delete(TOKEN_KEY)
        started = time.perf_counter()
        seen = set()
        for cookie, targets in users:
            for target in targets:
                key = (cookie, target.url.split("&kind=")[0])
                if key not in seen:
                    seen.add(key)
                    status, _body = fetch(server.port, target.url, cookie)
                    assert status == 200, (status, target.url, server.tail())
        print(f"load test: {len(seen)} pages requested once (filling the cache) in "
              f"{time.perf_counter() - started:.1f} s; gunicorn -w {workers}, "
              f"{len(users)} users, {seconds:.0f} s per phase", flush=True)  # fmt: skip
        for name, every in (("warm", None), (f"writes every {write_every:.0f} s", write_every)):
            phase = Phase(name)
            run_phase(phase, server.port, users, seconds, every)
            phases.append(phase)
            print(f"  phase {name}: {phase.requests} requests", flush=True)
    return phases


# -- the report ---------------------------------------------------------------------------------


def postgres_settings() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return f"PostgreSQL {version}, shared_buffers {buffers}, work_mem {work_mem}, database {size}"


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        sys.exit("This benchmark needs the Redis cache, as in production (REDIS_URL).")
    scale = float(os.environ.get("BENCH_RATINGS_SCALE", "1.0"))
    repeat = env_int("BENCH_DASHBOARDS_REPEAT", 7)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Templates and cursors as in production (DEBUG off: no template debug information, no
    # query log), whatever DJANGO_DEBUG `make bench` runs with; set before the first render.
    settings.DEBUG = False
    # With DEBUG off WhiteNoise looks for collected files this process never serves.
    warnings.filterwarnings("ignore", message="No directory at")
    loaded = load(scale)
    counts = ", ".join(f"{value:,} {name}" for name, value in loaded.counts.items())
    how = f"loaded in {loaded.seconds:.0f} s" if loaded.seconds else "loaded by an earlier run"
    print(f"scale {scale} ({how}): {counts}")
    print(postgres_settings())
    print(f"cpus {os.cpu_count()}, load average {load_average()} (1/5/15 min) at the start\n")

    results: list[tuple[Figures, Figures, dict[str, int]]] = []
    for case in cases(loaded):
        results.append(server_time(case, repeat))
        print(f"  measured: {case.label} (load average {load_average()})", flush=True)
    load_after_server = load_average()
    phases = load_test(loaded)

    print()
    header = (
        f"{'dashboard (server time, test client)':<40} {'cache':<5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'queries':>7} {'SQL p50':>8} {'stmts':>5} {'page/SQL':>8} {'KB':>6}"
    )
    print(header)
    print("-" * len(header))
    for cold, warm, _rows in results:
        for f in (cold, warm):
            print(
                f"{f.label if f is cold else '':<40} {f.cache:<5} {f.page_p50:>8.1f} "
                f"{percentile(f.pages, 0.95):>8.1f} {f.queries:>7} {f.sql_p50:>8.1f} "
                f"{f.statements:>5} {f.page_p50 / f.sql_p50:>8.2f} {f.kilobytes:>6.0f}"
            )
    print(f"({repeat} runs each; SQL: the statements the page's selectors run, replayed bare in "
          "the same loop — cold: all, warm: those not cached (models, reports, tasks); "
          f"load average after: {load_after_server})")  # fmt: skip

    parts = ["rates", "rates year-1", "drill-down", "models", "reports", "tasks"]
    print(f"\n{'SQL p50 ms by selector (cold)':<40} " + " ".join(f"{p:>12}" for p in parts))
    for cold, _warm, _rows in results:
        cells = " ".join(
            f"{statistics.median(cold.parts[p]) if cold.parts[p] else 0:>12.1f}" for p in parts
        )
        print(f"{cold.label:<40} {cells}")
    print("\nrows of the lists behind each page:")
    for cold, _warm, rows in results:
        print(f"  {cold.label}: " + ", ".join(f"{n:,} {name}" for name, n in rows.items()))

    print(f"\n{'load test (gunicorn, DEBUG off)':<28} {'requests':>8} {'req/s':>7} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'max ms':>8} {'errors':>6}  load average")  # fmt: skip
    for phase in phases:
        timings = phase.timings or [0.0]
        print(f"{phase.name:<28} {phase.requests:>8} {phase.requests / phase.seconds:>7.1f} "
              f"{statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} "
              f"{max(timings):>8.1f} {len(phase.failures):>6}  "
              f"{phase.load_before} → {phase.load_after}")  # fmt: skip
        for scope, timings in sorted(phase.by_scope.items()):
            print(f"  {scope + ' pages':<26} {len(timings):>8} {'':>7} "
                  f"{statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} "
                  f"{max(timings):>8.1f}")  # fmt: skip
        for failure in phase.failures[:5]:
            print(f"    failed: {failure}")
    failures = sum(len(phase.failures) for phase in phases)
    if failures:
        sys.exit(f"{failures} requests failed under load")


if __name__ == "__main__":
    main()
