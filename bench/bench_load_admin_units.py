"""Time the whole-country load of administrative units: first run, then the idempotent rerun.

    DJANGO_SETTINGS_MODULE=antq_portal.settings DATABASE_URL=postgres://… \
        python bench/bench_load_admin_units.py [--keep]

By default both runs happen inside one outer transaction that is rolled back at the end, so
the benchmark can be repeated and leaves the database as it found it (the loads then end in a
savepoint, not a commit); --keep lets each run commit, as the management command does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the project root holds manage.py and the apps.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")

import django  # noqa: E402 - the path and settings above must be in place first

django.setup()

from django.db import connection, transaction  # noqa: E402

from organizations.models import AdministrativeUnit, UnitSuccession  # noqa: E402
from organizations.services.units import UnitLoadResult, admin_units_load  # noqa: E402


class RollbackRequestedError(Exception):
    """Raised to leave the outer transaction without committing."""


def report(label: str, result: UnitLoadResult) -> None:
    print(
        f"{label}: {result.seconds:6.2f} s  units created {result.units_created:>6}, "
        f"updated {result.units_updated:>6}, unchanged {result.units_unchanged:>6}; "
        f"successions created {result.successions.created:>6}, "
        f"updated {result.successions.updated:>6}, unchanged {result.successions.unchanged:>6}; "
        f"unresolved keys {len(result.unresolved_keys)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="commit the loaded units")
    args = parser.parse_args()

    existing = AdministrativeUnit.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    if existing:
        print(f"note: {existing} units already present, so the first run is not a fresh load")
    started = time.perf_counter()
    if args.keep:
        # Each run commits on its own, as the management command does.
        run_both()
    else:
        try:
            with transaction.atomic():
                run_both()
                raise RollbackRequestedError
        except RollbackRequestedError:
            print("rolled back (use --keep to commit)")
    print(f"wall time incl. setup: {time.perf_counter() - started:.2f} s")


def run_both() -> None:
    report("first run ", admin_units_load())
    report("second run", admin_units_load())
    print(
        f"rows: {AdministrativeUnit.objects.count()} units, "
        f"{UnitSuccession.objects.count()} successions, "
        f"{AdministrativeUnit.history.count()} unit history rows, "
        f"{UnitSuccession.history.count()} succession history rows"
    )


if __name__ == "__main__":
    main()
