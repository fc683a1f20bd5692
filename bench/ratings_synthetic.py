"""Synthetic national data for the ratings benchmark (bench_safety_ratings.py).

The country in both eras: 63 legacy provinces with 11 districts of 15 communes each, merged
into 34 provinces of the 2025 era (29 formed from two old provinces, 5 kept alone), whose new
communes each take three old communes (one old commune in twenty is split: a second, non-main
succession link). Per 2025 province, `units_per_province` rated units of the four other kinds
(60% residential areas, 12% agencies, 18% enterprises, 10% schools) plus every commune of both
eras as a unit of the commune kind; most units crossed the reform (commune + legacy_commune),
some ended before it, some were founded later. Ten years of assessments (2016–2025) with a
realistic spread of statuses, one recognition decision per province, year and kind, and one
failing criterion per assessment not recognised.

Units of the tree go in with bulk_create (about 14,000 rows); rated units, assessments and
criterion results with PostgreSQL COPY (psycopg2 copy_expert) and ids reserved from each
table's sequence, never through the services. Codes start with Y (legacy) and Z (2025) so they
never meet the real units of `load_admin_units` in the same database.
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.db import connection
from django.utils import timezone

from organizations.models import REFORM_2025_DATE, AdministrativeUnit, Organization, UnitSuccession
from safety_ratings.models import Criterion, RecognitionDecision, UnitKind
from safety_ratings.selectors.rates import reference_days
from safety_ratings.selectors.units import criteria_version_for

LEGACY_PROVINCES = 63
NEW_PROVINCES = 34
DISTRICTS_PER_PROVINCE = 11
COMMUNES_PER_DISTRICT = 15
OLD_COMMUNES_PER_NEW = 3
YEARS = tuple(range(2016, 2026))
COPY_CHUNK = 250_000
# Time spent inside COPY itself per table (the rest of a stage is Python making the rows).
COPY_SECONDS: dict[str, float] = {}
LEGACY_END = REFORM_2025_DATE - datetime.timedelta(days=1)
OTHER_KINDS = (
    (UnitKind.RESIDENTIAL_AREA, 0.60),
    (UnitKind.AGENCY, 0.12),
    (UnitKind.ENTERPRISE, 0.18),
    (UnitKind.SCHOOL, 0.10),
)
STATUSES = (
    ("recognised", 0.88),
    ("not_recognised", 0.04),
    ("revoked", 0.01),
    ("appraised", 0.02),
    ("self_assessed", 0.02),
    ("returned", 0.01),
    ("registered", 0.02),
)
NAMES = {
    UnitKind.RESIDENTIAL_AREA: "Thôn",
    UnitKind.AGENCY: "Cơ quan",
    UnitKind.ENTERPRISE: "Công ty",
    UnitKind.SCHOOL: "Trường THPT",
}


@dataclass
class Generated:
    """What the generator made, and how long each stage took."""

    new_provinces: list[AdministrativeUnit] = field(default_factory=list)
    legacy_provinces: list[AdministrativeUnit] = field(default_factory=list)
    units: int = 0
    communes_old: int = 0
    communes_new: int = 0
    rated_units: int = 0
    assessments: int = 0
    results: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _unit(**fields) -> AdministrativeUnit:
    name = fields["name"]
    return AdministrativeUnit(short_name=name.split(" ", 1)[-1], search_key=name.lower(), **fields)


def _reserve_ids(table: str, count: int) -> int:
    """The first of `count` ids taken from the table's sequence (so COPY can name them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = max(cursor.fetchone()[0] + 1, 1)
        cursor.execute("SELECT nextval(%s)", [sequence])
        start = max(start, cursor.fetchone()[0])
        cursor.execute("SELECT setval(%s, %s)", [sequence, start + count])
    return start


def _copy(table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> int:
    """COPY rows in chunks; None is NULL, text must hold no tab, newline or backslash."""
    raw = connection.connection  # the psycopg2 connection under Django's wrapper
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)"
    total = 0
    buffer = io.StringIO()
    in_buffer = 0

    def flush() -> None:
        buffer.seek(0)
        started = time.perf_counter()
        with raw.cursor() as cursor:
            cursor.copy_expert(sql, buffer)
        COPY_SECONDS[table] = COPY_SECONDS.get(table, 0.0) + time.perf_counter() - started
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
        buffer.write("\n")
        in_buffer += 1
        if in_buffer == COPY_CHUNK:
            flush()
            total += in_buffer
            in_buffer = 0
    if in_buffer:
        flush()
        total += in_buffer
    return total


def _tree(
    result: Generated,
) -> tuple[dict[int, list[int]], dict[int, int], dict[int, int], dict[int, list]]:
    """Provinces, districts and communes of both eras with their successions. Returns the old
    communes of each 2025 province, each old commune's main successor, a split's second
    successor, and the new communes of each 2025 province."""
    legacy = AdministrativeUnit.objects.bulk_create(
        _unit(era="legacy", level=1, code=f"Y{q:02d}", name=f"Tỉnh Cũ Đo {q}", unit_type="Tỉnh",
              path=f"L/Y{q:02d}/", valid_to=LEGACY_END)
        for q in range(LEGACY_PROVINCES)
    )  # fmt: skip
    new = AdministrativeUnit.objects.bulk_create(
        _unit(era="2025", level=1, code=f"Z{p:02d}", name=f"Tỉnh Mới Đo {p}", unit_type="Tỉnh",
              path=f"N/Z{p:02d}/", valid_from=REFORM_2025_DATE)
        for p in range(NEW_PROVINCES)
    )  # fmt: skip
    result.legacy_provinces, result.new_provinces = legacy, new
    districts = AdministrativeUnit.objects.bulk_create(
        _unit(era="legacy", level=2, code=f"{province.code}{d:02d}", parent=province,
              name=f"Huyện Đo {province.code}-{d}", unit_type="Huyện",
              path=f"{province.path}{province.code}{d:02d}/", valid_to=LEGACY_END)
        for province in legacy for d in range(DISTRICTS_PER_PROVINCE)
    )  # fmt: skip
    old_communes = AdministrativeUnit.objects.bulk_create(
        (
            _unit(era="legacy", level=3, code=f"{district.code}{c:02d}", parent=district,
                  name=f"Xã Cũ Đo {district.code}-{c}", unit_type="Xã",
                  path=f"{district.path}{district.code}{c:02d}/", valid_to=LEGACY_END)
            for district in districts for c in range(COMMUNES_PER_DISTRICT)
        ),
        batch_size=5000,
    )  # fmt: skip
    # Legacy province q became part of 2025 province q % 34.
    olds_of: dict[int, list[AdministrativeUnit]] = {p.pk: [] for p in new}
    by_legacy_province = {}
    for commune in old_communes:
        by_legacy_province.setdefault(commune.path.split("/")[1], []).append(commune)
    for q, province in enumerate(legacy):
        olds_of[new[q % NEW_PROVINCES].pk].extend(by_legacy_province[province.code])
    new_communes: list[AdministrativeUnit] = []
    successor_index: list[tuple[AdministrativeUnit, int, int]] = []
    for province in new:
        olds = olds_of[province.pk]
        count = (len(olds) + OLD_COMMUNES_PER_NEW - 1) // OLD_COMMUNES_PER_NEW
        for n in range(count):
            new_communes.append(
                _unit(era="2025", level=3, code=f"{province.code}{n:03d}", parent=province,
                      name=f"Xã Mới Đo {province.code}-{n}", unit_type="Xã",
                      path=f"{province.path}{province.code}{n:03d}/", valid_from=REFORM_2025_DATE)
            )  # fmt: skip
        successor_index.append((province, len(new_communes) - count, count))
    new_communes = AdministrativeUnit.objects.bulk_create(new_communes, batch_size=5000)
    main: dict[int, int] = {}
    second: dict[int, int] = {}
    links = [
        UnitSuccession(predecessor=old, successor=new[q % NEW_PROVINCES], is_main=True)
        for q, old in enumerate(legacy)
    ]
    for province, first, count in successor_index:
        for i, old in enumerate(olds_of[province.pk]):
            n = i // OLD_COMMUNES_PER_NEW
            successor = new_communes[first + n]
            main[old.pk] = successor.pk
            links.append(UnitSuccession(predecessor=old, successor=successor, is_main=True))
            if i % 20 == 7 and n + 1 < count:
                split_to = new_communes[first + n + 1]
                second[old.pk] = split_to.pk
                links.append(UnitSuccession(predecessor=old, successor=split_to, is_main=False))
    UnitSuccession.objects.bulk_create(links, batch_size=5000)
    result.units = len(legacy) + len(new) + len(districts) + len(old_communes) + len(new_communes)
    result.communes_old, result.communes_new = len(old_communes), len(new_communes)
    return (
        {p: [c.pk for c in communes] for p, communes in olds_of.items()},
        main,
        second,
        {
            province.pk: new_communes[first : first + count]
            for province, first, count in successor_index
        },
    )


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, share in weighted:
        roll -= share
        if roll < 0:
            return value
    return weighted[-1][0]


@dataclass(frozen=True)
class _Unit:
    pk: int
    kind: str
    commune: int
    legacy: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    province: int


def _rated_units(
    rng: random.Random,
    *,
    units_per_province: int,
    olds_of: dict[int, list[int]],
    main: dict[int, int],
    second: dict[int, int],
    news_of: dict[int, list[AdministrativeUnit]],
) -> list[_Unit]:
    """The rated units (every commune of both eras, and the other kinds), before COPY."""
    made: list[_Unit] = []
    for province, olds in olds_of.items():
        for old in olds:
            made.append(_Unit(0, UnitKind.COMMUNE, old, None, datetime.date(2010, 1, 1),
                              LEGACY_END, province))  # fmt: skip
        for commune in news_of[province]:
            made.append(_Unit(0, UnitKind.COMMUNE, commune.pk, None, REFORM_2025_DATE, None,
                              province))  # fmt: skip
        for _n in range(units_per_province):
            kind = _pick(rng, OTHER_KINDS)
            old = olds[rng.randrange(len(olds))]
            new = second[old] if old in second and rng.random() < 0.5 else main[old]
            roll = rng.random()
            if roll < 0.07:  # ended before the reform, never moved
                ended = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3440))
                made.append(_Unit(0, kind, old, None, datetime.date(2014, 1, 1), ended, province))
            elif roll < 0.15:  # founded later
                start = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3900))
                if start >= REFORM_2025_DATE:
                    made.append(_Unit(0, kind, new, None, start, None, province))
                else:
                    made.append(_Unit(0, kind, new, old, start, None, province))
            else:  # rated since 2014 and crossed the reform
                made.append(_Unit(0, kind, new, old, datetime.date(2014, 1, 1), None, province))
    return made


def _rated_unit_rows(units: list[_Unit], now: str) -> Iterator[tuple]:
    for unit in units:
        kind = unit.kind
        name = f"Xã {unit.commune}" if kind == UnitKind.COMMUNE else f"{NAMES[kind]} {unit.pk}"
        yield (
            unit.pk, now, now, kind, name, name.lower(),
            "thon" if kind == UnitKind.RESIDENTIAL_AREA else "",
            "medium" if kind == UnitKind.ENTERPRISE else "",
            "thpt" if kind == UnitKind.SCHOOL else "",
            "f", "", 100 if kind == UnitKind.RESIDENTIAL_AREA else None,
            unit.valid_from, unit.valid_to, "",
            unit.commune if kind == UnitKind.COMMUNE else None,
            unit.commune, unit.legacy,
        )  # fmt: skip


RATED_UNIT_COLUMNS = (
    "id", "created_at", "updated_at", "kind", "name", "search_key", "local_type",
    "enterprise_size", "education_level", "is_armed_forces", "address", "households",
    "valid_from", "valid_to", "end_reason", "administrative_unit_id", "commune_id",
    "legacy_commune_id",
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "id", "created_at", "updated_at", "year", "kind", "status", "registered_on",
    "party_resolution", "appraisal_note", "return_reason", "not_recognised_reason",
    "revocation_reason", "revocation_document", "commune_id", "criteria_version_id",
    "rated_unit_id", "decision_id", "decided_on", "revoked_on",
)  # fmt: skip
RESULT_COLUMNS = (
    "created_at", "updated_at", "self_met", "evidence", "appraised_met", "appraisal_note",
    "assessment_id", "criterion_id",
)  # fmt: skip


def generate(*, scale: float, seed: int = 138) -> Generated:
    """Make the synthetic country inside the current transaction (the caller rolls it back)."""
    rng = random.Random(seed)
    result = Generated()
    now = timezone.now().isoformat()

    start = time.perf_counter()
    olds_of, main, second, news_of = _tree(result)
    result.seconds["administrative units"] = time.perf_counter() - start

    start = time.perf_counter()
    units = _rated_units(rng, units_per_province=round(10_000 * scale), olds_of=olds_of,
                         main=main, second=second, news_of=news_of)  # fmt: skip
    first = _reserve_ids("safety_ratings_ratedunit", len(units))
    units = [replace(unit, pk=first + i) for i, unit in enumerate(units)]
    result.rated_units = _copy(
        "safety_ratings_ratedunit", RATED_UNIT_COLUMNS, _rated_unit_rows(units, now)
    )
    result.seconds["rated units (COPY)"] = time.perf_counter() - start

    start = time.perf_counter()
    issuers = Organization.objects.bulk_create(
        Organization(name=f"UBND Tỉnh Mới Đo {p.code}", kind="peoples_committee", unit=p,
                     search_key=f"ubnd tinh moi do {p.code}")
        for p in result.new_provinces
    )  # fmt: skip
    days = {year: reference_days(year) for year in YEARS}
    versions = {
        (kind, year): criteria_version_for(kind, year).pk
        for kind in UnitKind.values
        for year in YEARS
    }
    decisions = {}
    for decision in RecognitionDecision.objects.bulk_create(
        RecognitionDecision(
            year=year, kind=kind, number_symbol=f"{year}-{kind}/QĐ-UBND",
            decided_on=datetime.date(year, 11, 25), issuer=issuer, deciding_unit=province,
            signer_name="Người Ký", signer_position="Chủ tịch",
        )
        for province, issuer in zip(result.new_provinces, issuers, strict=True)
        for year in YEARS for kind in UnitKind.values
    ):  # fmt: skip
        decisions[(decision.deciding_unit_id, decision.year, decision.kind)] = decision.pk
    # The criterion each failed assessment fails: number 3 of its version (no computed rule).
    failing = dict(Criterion.objects.filter(rule="", number="3").values_list("version_id", "pk"))

    # Ids are reserved for the most there can be (every unit every year); gaps are harmless.
    first = _reserve_ids("safety_ratings_assessment", len(units) * len(YEARS))
    failed_ids: list[tuple[int, int]] = []

    def assessment_rows() -> Iterator[tuple]:
        pk = first
        # Year after year, as registrations arrive: a year's rows lie together on disk.
        for year in YEARS:
            for unit in units:
                day = days[year][unit.kind]
                if day is None or unit.valid_from > day or (unit.valid_to and unit.valid_to < day):
                    continue
                if rng.random() < 0.03:
                    continue  # never registered that year
                status = _pick(rng, STATUSES)
                pk += 1
                version = versions[(unit.kind, year)]
                commune = unit.legacy if unit.legacy and day < REFORM_2025_DATE else unit.commune
                decided = status in ("recognised", "not_recognised", "revoked")
                if status == "not_recognised" and version in failing:
                    failed_ids.append((pk, failing[version]))
                yield (
                    pk, now, now, year, unit.kind, status, datetime.date(year, 2, 15),
                    "Nghị quyết 01", "", "",
                    "Không đạt tiêu chí 3" if status == "not_recognised" else "",
                    "Xảy ra vụ việc" if status == "revoked" else "", "", commune, version,
                    unit.pk,
                    decisions[(unit.province, year, unit.kind)]
                    if status in ("recognised", "revoked") else None,
                    datetime.date(year, 11, 25) if decided else None,
                    datetime.date(year + 1, 2, 1) if status == "revoked" else None,
                )  # fmt: skip

    result.assessments = _copy("safety_ratings_assessment", ASSESSMENT_COLUMNS, assessment_rows())
    result.seconds["assessments (COPY)"] = time.perf_counter() - start

    start = time.perf_counter()
    result.results = _copy(
        "safety_ratings_criterionresult",
        RESULT_COLUMNS,
        ((now, now, "f", "", "f", "Không đạt", pk, criterion) for pk, criterion in failed_ids),
    )
    with connection.cursor() as cursor:
        for table in ("organizations_administrativeunit", "organizations_unitsuccession",
                      "safety_ratings_ratedunit", "safety_ratings_assessment",
                      "safety_ratings_criterionresult"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")
    result.seconds["criterion results (COPY), ANALYZE"] = time.perf_counter() - start
    return result
