"""Run every benchmark in bench/ against the configured PostgreSQL (`make bench`).

Creates the database named in DATABASE_URL when it is missing and migrates it, then runs each
bench_*.py in its own process and prints their figures one after another.
bench_dashboards.py keeps its data committed in a database of its own (bench/load_dashboards.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent


def ensure_database(url: str) -> None:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2

    name = parsed.path.lstrip("/")
    maintenance = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    maintenance.close()


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR, check=True
    )
    failures = 0
    for script in sorted(BENCH_DIR.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], cwd=BASE_DIR).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
