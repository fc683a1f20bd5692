"""The database of the dashboard benchmark (bench_dashboards.py): the synthetic country of the
ratings benchmark, committed, so that gunicorn's workers read it too, and kept between runs.

    DATABASE_URL=postgres://…/antq BENCH_RATINGS_SCALE=1.0 python bench/load_dashboards.py [--drop]

It lives in a database of its own, BENCH_DASHBOARDS_DATABASE_URL (default: DATABASE_URL's
database name + "_dashboards"), never in the one the other benchmarks roll back in: created
and migrated when missing, loaded once per scale (the scale is written in the database's
comment; another scale asks for --drop, which drops the database first).

What goes in, inside one transaction: the country of bench/ratings_synthetic.py (COPY), then a
modest amount of what the dashboard's other sections count, which the ratings generator does
not make: per 2025 province a provincial Ban Chỉ đạo and one per new commune; two report
schedules (quarterly, yearly) over 2024–2025 with every commune's obligations (most
submitted on time, some late, some missing); 150 models with one or two sites each, started
2012–2025 (some retired); 20 directives of the province with 5 tasks each, assigned to 4
communes (done on time, late, in progress, overdue). Then the users: the administrator and
each 2025 province's leader. After the commit, VACUUM ANALYZE (as autovacuum would have).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

ADMIN_USERNAME = "bench-dash-admin"
LEADER_PREFIX = "bench-dash-leader-"
# Bumped when what is loaded changes, so an older database is not measured as if it were new.
CONTENT_VERSION = 1
MODELS_PER_PROVINCE = 150
DOCUMENTS_PER_PROVINCE = 20
TASKS_PER_DOCUMENT = 5
ASSIGNEES_PER_TASK = 4
YEARS = (2024, 2025)
BATCH = 5000


def database_url() -> str:
    """The benchmark's own database (see the module's docstring)."""
    explicit = os.environ.get("BENCH_DASHBOARDS_DATABASE_URL")
    if explicit:
        return explicit
    parsed = urlparse(os.environ.get("DATABASE_URL", ""))
    if not parsed.scheme.startswith("postgres"):
        sys.exit("The dashboard benchmark needs PostgreSQL (DATABASE_URL).")
    return urlunparse(parsed._replace(path=parsed.path.rstrip("/") + "_dashboards"))


def _maintenance(url: str):
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
        password=parsed.password, dbname="postgres",
    )  # fmt: skip
    connection.autocommit = True
    return connection, parsed.path.lstrip("/")


def drop_database(url: str) -> None:
    connection, name = _maintenance(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()
    print(f"dropped database {name}")


def use_database(*, drop: bool = False) -> str:
    """Point DATABASE_URL at the benchmark's database, creating and migrating it (before
    django.setup())."""
    from run_all import ensure_database

    url = database_url()
    if drop:
        drop_database(url)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR, check=True, env=os.environ,
    )  # fmt: skip
    return url


@dataclass
class Loaded:
    scale: float
    provinces: list  # the 2025 provinces, by code
    admin: object
    leaders: dict  # province pk -> its leader
    counts: dict[str, int]
    seconds: float | None = None  # None when it was loaded by an earlier run


# -- the marker ---------------------------------------------------------------------------------


def _marker() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        text = cursor.fetchone()[0]
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _write_marker(marker: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]
        text = json.dumps(marker).replace("'", "''")
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")


# -- the dashboard's other sections ------------------------------------------------------------


def _quarters(year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """The quarters of a year as the schedules cut them (the 15th to the 14th)."""
    windows = []
    for quarter in range(1, 5):
        last = quarter * 3
        start = (
            datetime.date(year - 1, 12, 15) if quarter == 1 else datetime.date(year, last - 3, 15)
        )
        windows.append((f"Quý {quarter}/{year}", start, datetime.date(year, last, 14)))
    return windows


def _sections(provinces: list, rng: random.Random) -> dict[str, int]:
    """Organizations, report obligations, models with sites, and tasks, for every 2025
    province (bulk_create: no signal, the ratings cache is untouched)."""
    from django.utils import timezone
    from synthetic_reporting import obligations_of

    from directives.models import Document, DocumentTask, TaskAssignment, TaskOccurrence
    from models_registry.models import LaunchLevel, ModelCategory, ModelSite, SecurityModel
    from organizations.models import AdministrativeUnit, Organization
    from reporting.models import (
        FormVersion,
        Obligation,
        ReportForm,
        ReportingPeriod,
        ReportSchedule,
    )

    by_pk = {province.pk: province for province in provinces}
    new_communes: dict[int, list] = {pk: [] for pk in by_pk}
    for commune in AdministrativeUnit.objects.filter(parent__in=provinces, level=3).order_by(
        "path"
    ):
        new_communes[commune.parent_id].append(commune)
    old_communes: dict[int, list] = {pk: [] for pk in by_pk}
    for commune in AdministrativeUnit.objects.filter(
        era="legacy", level=3, code__startswith="Y"
    ).order_by("path"):
        legacy = int(commune.code[1:3])
        old_communes[provinces[legacy % len(provinces)].pk].append(commune)

    committees = Organization.objects.bulk_create(
        Organization(name=f"Ban Chỉ đạo 138 {p.name}", kind="committee", unit=p,
                     search_key=f"ban chi dao 138 tinh moi do {p.code}")
        for p in provinces
    )  # fmt: skip
    committee_of = {c.unit_id: c for c in committees}
    reporters = Organization.objects.bulk_create(
        (
            Organization(name=f"Ban Chỉ đạo 138 {c.name}", kind="committee", unit=c,
                         search_key=f"ban chi dao 138 xa moi do {c.code}")
            for p in provinces for c in new_communes[p.pk]
        ),
        batch_size=BATCH,
    )  # fmt: skip
    reporters_of: dict[int, list] = {pk: [] for pk in by_pk}
    parent_of = {c.pk: p.pk for p in provinces for c in new_communes[p.pk]}
    for organization in reporters:
        reporters_of[parent_of[organization.unit_id]].append(organization)

    # Reporting: a quarterly and a yearly schedule per province over 2024–2025.
    form = ReportForm.objects.create(
        code="do-bang-dieu-hanh", name="Báo cáo kết quả phong trào (đo lường)",
        owner=committees[0],
    )  # fmt: skip
    FormVersion.objects.create(form=form, number=1, published_at=timezone.now())
    obligations = []
    periods = 0
    for province in provinces:
        committee = committee_of[province.pk]
        quarterly = ReportSchedule.objects.create(
            form=form, name="Báo cáo quý phong trào", period_kind="quarter", reviewer=committee,
            deadline_offset_days=-4,
        )  # fmt: skip
        yearly = ReportSchedule.objects.create(
            form=form, name="Báo cáo năm phong trào", period_kind="year", reviewer=committee,
            deadline_offset_days=-4,
        )  # fmt: skip
        quarterly.reporters.set(reporters_of[province.pk])
        yearly.reporters.set(reporters_of[province.pk])
        windows = [(quarterly, window) for year in YEARS for window in _quarters(year)]
        windows += [
            (yearly, (f"Năm {year}", datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14)))
            for year in YEARS
        ]
        made = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(schedule=schedule, label=label, start=start, end=end,
                            deadline=end - datetime.timedelta(days=4))
            for schedule, (label, start, end) in windows
        )  # fmt: skip
        periods += len(made)
        for period in made:
            obligations += obligations_of(period, reporters_of[province.pk], rng,
                                          on_time=0.78, late=0.92, accepted=0.7)  # fmt: skip
    Obligation.objects.bulk_create(obligations, batch_size=BATCH)

    # Models: at the province or a commune (old communes before the reform), some retired.
    levels = list(LaunchLevel.objects.order_by("order", "pk"))
    categories = list(ModelCategory.objects.order_by("order", "pk"))
    models, model_provinces = [], []
    for province in provinces:
        for n in range(MODELS_PER_PROVINCE):
            started = datetime.date(2012 + n % 14, 1 + n % 12, 1 + n % 28)
            homes = old_communes if started < datetime.date(2025, 7, 1) else new_communes
            home = province if n % 10 == 0 else rng.choice(homes[province.pk])
            retired = None
            if n % 6 == 0:
                retired = started + datetime.timedelta(days=rng.randint(300, 3000))
                retired = retired if retired < datetime.date(2026, 11, 1) else None
            models.append(SecurityModel(
                name=f"Mô hình đo lường {province.code}-{n}",
                category=categories[n % len(categories)], launch_level=levels[n % len(levels)],
                unit=home, started_on=started, status="retired" if retired else "active",
                retired_on=retired, retirement_reason="Đo lường" if retired else "",
                recognized_on=started + datetime.timedelta(days=400) if n % 11 == 0 else None,
            ))  # fmt: skip
            model_provinces.append(province)
    models = SecurityModel.objects.bulk_create(models, batch_size=BATCH)
    sites = []
    for model, province in zip(models, model_provinces, strict=True):
        for _n in range(1 + (model.pk % 2)):
            started = model.started_on + datetime.timedelta(days=rng.randint(0, 400))
            sites.append(ModelSite(
                model=model, unit=rng.choice(new_communes[province.pk]), place=f"Thôn {model.pk}",
                started_on=started, ended_on=model.retired_on if model.retired_on and
                model.retired_on >= started else None,
                teams=rng.randint(1, 4), members=rng.randint(5, 40),
            ))  # fmt: skip
    ModelSite.objects.bulk_create(sites, batch_size=BATCH)

    # Directives: the province's committee issues, its communes carry out.
    documents = Document.objects.bulk_create(
        (
            Document(
                system="state", type_code="KH", type_name="Kế hoạch", number=n + 1,
                number_symbol=f"{n + 1}/KH-BCĐ", issuer=committee_of[p.pk],
                issuer_name=committee_of[p.pk].name,
                issue_date=datetime.date(2023 + n % 3, 1 + n % 12, 1 + n % 28),
                issue_year=2023 + n % 3, title=f"Kế hoạch thực hiện phong trào số {n + 1}",
                status="issued", search_document=f"ke hoach thuc hien phong trao so {n + 1}",
            )
            for p in provinces for n in range(DOCUMENTS_PER_PROVINCE)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    tasks = DocumentTask.objects.bulk_create(
        (
            DocumentTask(document=document, number=str(n + 1), order=n,
                         text=f"Nhiệm vụ {n + 1} của kế hoạch", deadline_kind="date",
                         deadline_value="")
            for document in documents for n in range(TASKS_PER_DOCUMENT)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    province_of_document = {document.pk: document.issuer.unit_id for document in documents}
    issued_on = {document.pk: document.issue_date for document in documents}
    assignments = TaskAssignment.objects.bulk_create(
        (
            TaskAssignment(task=task, organization=organization, role="lead")
            for task in tasks
            for organization in rng.sample(
                reporters_of[province_of_document[task.document_id]], ASSIGNEES_PER_TASK
            )
        ),
        batch_size=BATCH,
    )  # fmt: skip
    task_document = {task.pk: task.document_id for task in tasks}
    today = timezone.localdate()
    occurrences = []
    for assignment in assignments:
        issued = issued_on[task_document[assignment.task_id]]
        due = issued + datetime.timedelta(days=rng.randint(60, 700))
        done = due + datetime.timedelta(days=rng.randint(-40, 30)) if rng.random() < 0.7 else None
        occurrences.append(TaskOccurrence(
            assignment=assignment, due_date=due,
            completed_on=done if done and done <= today else None,
        ))  # fmt: skip
    TaskOccurrence.objects.bulk_create(occurrences, batch_size=BATCH)
    return {
        "organizations": len(committees) + len(reporters),
        "report periods": periods,
        "obligations": len(obligations),
        "models": len(models),
        "model sites": len(sites),
        "documents": len(documents),
        "task occurrences": len(occurrences),
    }


def _users(provinces: list) -> tuple[object, dict]:
    from organizations.models import Organization, RoleAssignment, User
    from organizations.services.people import role_assign

    admin = User.objects.create(username=ADMIN_USERNAME, full_name="Quản Trị Đo Lường")
    role_assign(user=admin, role=RoleAssignment.Role.ADMIN, organization=None, scope_unit=None)
    committees = {
        organization.unit_id: organization
        for organization in Organization.objects.filter(unit__in=provinces, kind="committee")
    }
    leaders = {}
    for province in provinces:
        committee = committees[province.pk]
        leader = User.objects.create(
            username=f"{LEADER_PREFIX}{province.code}", full_name=f"Lãnh Đạo {province.code}",
            organization=committee,
        )  # fmt: skip
        role_assign(user=leader, role=RoleAssignment.Role.LEADER, organization=committee,
                    scope_unit=province)  # fmt: skip
        leaders[province.pk] = leader
    return admin, leaders


def _found(scale: float, counts: dict[str, int]) -> Loaded:
    from organizations.models import AdministrativeUnit, User

    provinces = list(
        AdministrativeUnit.objects.filter(era="2025", level=1, code__startswith="Z").order_by(
            "code"
        )
    )
    leaders = {
        user.username.removeprefix(LEADER_PREFIX): user
        for user in User.objects.filter(username__startswith=LEADER_PREFIX)
    }
    return Loaded(
        scale=scale,
        provinces=provinces,
        admin=User.objects.get(username=ADMIN_USERNAME),
        leaders={province.pk: leaders[province.code] for province in provinces},
        counts=counts,
    )


def load(scale: float) -> Loaded:
    """The loaded database at `scale`, loading it when it is empty (after django.setup())."""
    from django.db import connection, transaction
    from ratings_synthetic import generate

    marker = _marker()
    if marker and marker.get("scale") == scale and marker.get("version") == CONTENT_VERSION:
        return _found(scale, marker["counts"])
    if marker:
        sys.exit(
            f"The database holds the benchmark at scale {marker.get('scale')} "
            f"(content version {marker.get('version')}); to load scale {scale}, drop it first: "
            "python bench/load_dashboards.py --drop"
        )
    from organizations.models import AdministrativeUnit

    if AdministrativeUnit.objects.filter(code__in=["Y00", "Z00"]).exists():
        sys.exit("The database holds a half-loaded benchmark; drop it with --drop.")
    started = time.perf_counter()
    with transaction.atomic():
        made = generate(scale=scale)
        counts = {
            "administrative units": made.units,
            "rated units": made.rated_units,
            "assessments": made.assessments,
            "failed criterion results": made.results,
        }
        print(f"generated the ratings' country in {time.perf_counter() - started:.1f} s "
              f"({made.rated_units:,} rated units, {made.assessments:,} assessments)",
              flush=True)  # fmt: skip
        counts.update(_sections(made.new_provinces, random.Random(138)))
        _users(made.new_provinces)
    loaded_in = time.perf_counter() - started
    vacuumed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"committed in {loaded_in:.1f} s; VACUUM ANALYZE {time.perf_counter() - vacuumed:.1f} s")
    _write_marker({"scale": scale, "version": CONTENT_VERSION, "counts": counts,
                   "seconds": round(loaded_in, 1)})  # fmt: skip
    found = _found(scale, counts)
    found.seconds = loaded_in
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drop", action="store_true", help="drop the database first")
    parser.add_argument("--drop-only", action="store_true", help="drop the database and stop")
    options = parser.parse_args()
    if options.drop_only:
        drop_database(database_url())
        return
    use_database(drop=options.drop)
    import django

    django.setup()
    scale = float(os.environ.get("BENCH_RATINGS_SCALE", "1.0"))
    loaded = load(scale)
    state = "loaded" if loaded.seconds is not None else "already loaded"
    print(f"{state}: scale {scale}, " + ", ".join(f"{v:,} {k}" for k, v in loaded.counts.items()))


if __name__ == "__main__":
    main()
