"""Vietnam's administrative units of both eras, read from the `vietnamadminunits` package data.

The package's own modules are not imported: its top-level import pulls in the converter, which
needs geographiclib. Its data files are plain SQLite and JSON, so they are read directly.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AdministrativeUnit
from .search import fold_diacritics

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level

PACKAGE = "vietnamadminunits"

# Words a user may put before a province's name ("Tỉnh Lạng Sơn", "TP. Hồ Chí Minh"), in
# their compact folded form; the longest first so "thanhpho" is not read as "t…".
PROVINCE_PREFIXES = ("thanhpho", "tinh", "tp")

# Names still in use that the package does not carry: Huế was "Thừa Thiên Huế" until 2025,
# and data from those years is filed under that name.
EXTRA_PROVINCE_ALIASES = {"Huế": ("thuathienhue",)}


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One administrative unit as the package describes it."""

    era: str
    level: int
    code: str
    name: str
    short_name: str
    unit_type: str
    province_code: str
    # The district's code for a legacy commune, the province's for a district or a 2025
    # commune, None for a province.
    parent_code: str | None = None

    @property
    def ref(self) -> UnitRef:
        return UnitRef(era=self.era, level=self.level, code=self.code)


@dataclass(frozen=True, slots=True)
class UnitRef:
    """The natural key of a unit: its code is unique within an era and a level."""

    era: str
    level: int
    code: str


@dataclass(frozen=True, slots=True)
class SuccessionRecord:
    """An old unit whose area (or part of it) went to a new unit on 1/7/2025."""

    predecessor: UnitRef
    successor: UnitRef
    is_main: bool
    # The 2025 province the successor belongs to, so a one-province load can pick its links.
    new_province_code: str


@dataclass(frozen=True, slots=True)
class UnresolvedKey:
    """A key of the package's mapping that names no unit of its data set."""

    new_province_code: str
    key: str


@dataclass(slots=True)
class AdminUnitsData:
    """Both eras' units and the links between them."""

    units: list[UnitRecord] = field(default_factory=list)
    successions: list[SuccessionRecord] = field(default_factory=list)
    unresolved: list[UnresolvedKey] = field(default_factory=list)
    # 2025 province code → the legacy province codes it was formed from.
    province_sources: dict[str, list[str]] = field(default_factory=dict)
    # The package's own short forms of a province ("hcm", "hn", "vungtau"), by (era, code).
    province_aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def provinces(self, era: str) -> list[UnitRecord]:
        return [u for u in self.units if u.era == era and u.level == Level.PROVINCE]

    def new_province_of_legacy(self, legacy_code: str) -> str:
        return next(new for new, olds in self.province_sources.items() if legacy_code in olds)


class ProvinceNotFoundError(ValidationError):
    """The name a user gave matches no province of either era."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        if suggestions:
            message = _("Không tìm thấy tỉnh «%(query)s». Có phải: %(suggestions)s?") % {
                "query": query,
                "suggestions": ", ".join(suggestions),
            }
        else:
            message = _(
                "Không tìm thấy tỉnh «%(query)s». Hãy nhập tên tỉnh, thành phố (ví dụ Lạng Sơn) "
                "hoặc mã tỉnh (ví dụ 20)."
            ) % {"query": query}
        super().__init__(message, code="province_not_found")
        self.query = query
        self.suggestions = suggestions


def package_data_dir() -> Path:
    """The package's data folder, found without running the package's __init__."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


# Two entries: the package's data and, in tests, a miniature of it.
@lru_cache(maxsize=2)
def admin_units_read(data_dir: Path | None = None) -> AdminUnitsData:
    """Read units of both eras and their successions; cached, the package data never changes."""
    data_dir = data_dir or package_data_dir()
    connection = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy_rows = _rows(connection, "admin_units_legacy")
        new_rows = _rows(connection, "admin_units")
    finally:
        connection.close()
    mapping = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    data = AdminUnitsData()
    legacy_keys = _read_legacy(legacy_rows, data)
    new_keys = _read_2025(new_rows, data)
    _read_mapping(mapping, legacy_keys=legacy_keys, new_keys=new_keys, data=data)
    return data


def _rows(connection: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    connection.row_factory = sqlite3.Row
    # The table name is one of two constants above, never user input.
    return connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def _province_type(name: str) -> str:
    # The data has no province type column; every name starts with its type. Stored data,
    # not UI text, hence no gettext.
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _read_legacy(rows: Iterable[sqlite3.Row], data: AdminUnitsData) -> dict[str, UnitRef]:
    """Legacy units; returns the package's "province_district_ward" keys → units."""
    keys: dict[str, UnitRef] = {}
    seen: set[UnitRef] = set()
    provinces: dict[str, str] = {}

    def add(record: UnitRecord) -> None:
        if record.ref not in seen:
            seen.add(record.ref)
            data.units.append(record)

    for row in rows:
        province_code, district_code = row["provinceCode"], row["districtCode"]
        provinces[row["provinceKey"]] = province_code
        data.province_aliases[(Era.LEGACY, province_code)] = json.loads(
            row["provinceKeywords"] or "[]"
        )
        add(
            UnitRecord(
                era=Era.LEGACY,
                level=Level.PROVINCE,
                code=province_code,
                name=row["province"],
                short_name=row["provinceShort"],
                unit_type=_province_type(row["province"]),
                province_code=province_code,
            )
        )
        district = UnitRecord(
            era=Era.LEGACY,
            level=Level.DISTRICT,
            code=district_code,
            name=row["district"],
            short_name=row["districtShort"],
            unit_type=row["districtType"],
            province_code=province_code,
            parent_code=province_code,
        )
        add(district)
        district_key = f"{row['provinceKey']}_{row['districtKey']}"
        if not row["wardCode"]:
            # Island districts without communes (Hoàng Sa, Bạch Long Vĩ, Côn Đảo…): the
            # mapping names them with an empty ward part, and the district is the predecessor.
            keys[f"{district_key}_"] = district.ref
            continue
        commune = UnitRecord(
            era=Era.LEGACY,
            level=Level.COMMUNE,
            code=row["wardCode"],
            name=row["ward"],
            short_name=row["wardShort"],
            unit_type=row["wardType"],
            province_code=province_code,
            parent_code=district_code,
        )
        add(commune)
        keys[f"{district_key}_{row['wardKey']}"] = commune.ref
    for province_key, code in provinces.items():
        keys[province_key] = UnitRef(era=Era.LEGACY, level=Level.PROVINCE, code=code)
    return keys


def _read_2025(rows: Iterable[sqlite3.Row], data: AdminUnitsData) -> dict[str, UnitRef]:
    """2025 units; returns the package's "province_ward" and province keys → units."""
    keys: dict[str, UnitRef] = {}
    seen_provinces: set[str] = set()
    for row in rows:
        province_code = row["provinceCode"]
        if province_code not in seen_provinces:
            seen_provinces.add(province_code)
            data.units.append(
                UnitRecord(
                    era=Era.REFORM_2025,
                    level=Level.PROVINCE,
                    code=province_code,
                    name=row["province"],
                    short_name=row["provinceShort"],
                    unit_type=_province_type(row["province"]),
                    province_code=province_code,
                )
            )
            keys[row["provinceKey"]] = UnitRef(
                era=Era.REFORM_2025, level=Level.PROVINCE, code=province_code
            )
            data.province_aliases[(Era.REFORM_2025, province_code)] = json.loads(
                row["provinceKeywords"] or "[]"
            )
        commune = UnitRecord(
            era=Era.REFORM_2025,
            level=Level.COMMUNE,
            code=row["wardCode"],
            name=row["ward"],
            short_name=row["wardShort"],
            unit_type=row["wardType"],
            province_code=province_code,
            parent_code=province_code,
        )
        data.units.append(commune)
        keys[f"{row['provinceKey']}_{row['wardKey']}"] = commune.ref
    return keys


def _read_mapping(
    mapping: dict,
    *,
    legacy_keys: dict[str, UnitRef],
    new_keys: dict[str, UnitRef],
    data: AdminUnitsData,
) -> None:
    links: dict[tuple[UnitRef, UnitRef], SuccessionRecord] = {}

    def link(new_province_key: str, old_key: str, new_key: str, *, is_main: bool) -> None:
        province = new_keys.get(new_province_key)
        old = legacy_keys.get(old_key)
        new = new_keys.get(f"{new_province_key}_{new_key}" if new_key else new_province_key)
        if province is None or old is None or new is None:
            unresolved_key = f"{old_key} → {new_province_key}_{new_key}".rstrip("_")
            data.unresolved.append(
                UnresolvedKey(province.code if province else new_province_key, unresolved_key)
            )
            return
        # A pair named twice keeps "main" if either mention says so.
        previous = links.get((old, new))
        links[(old, new)] = SuccessionRecord(
            predecessor=old,
            successor=new,
            is_main=is_main or bool(previous and previous.is_main),
            new_province_code=province.code,
        )

    for new_province_key, old_province_keys in mapping["DICT_PROVINCE"].items():
        province = new_keys.get(new_province_key)
        for old_province_key in old_province_keys:
            link(new_province_key, old_province_key, "", is_main=True)
            old = legacy_keys.get(old_province_key)
            if province is not None and old is not None:
                data.province_sources.setdefault(province.code, []).append(old.code)
    for new_province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            for old_key in old_keys:
                link(new_province_key, old_key, new_ward_key, is_main=True)
    for new_province_key, old_wards in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in old_wards.items():
            for part in parts:
                link(
                    new_province_key,
                    old_key,
                    part["newWardKey"],
                    is_main=bool(part["isDefaultNewWard"]),
                )
    data.successions = list(links.values())


def _compact(text: str) -> str:
    """Folded, letters and digits only: "TP. Hồ Chí Minh" → "tphochiminh"."""
    return re.sub(r"[^a-z0-9]", "", fold_diacritics(text))


def _without_prefix(compact: str) -> str:
    for prefix in PROVINCE_PREFIXES:
        if compact.startswith(prefix) and len(compact) > len(prefix):
            return compact[len(prefix) :]
    return compact


@lru_cache(maxsize=1)
def _province_index() -> tuple[dict[str, set[str]], dict[str, str]]:
    """Compact names and aliases → 2025 province codes; compact names → display names."""
    data = admin_units_read()
    lookup: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for province in data.provinces(Era.LEGACY) + data.provinces(Era.REFORM_2025):
        new_code = (
            province.code
            if province.era == Era.REFORM_2025
            else data.new_province_of_legacy(province.code)
        )
        names = {_compact(province.short_name), _without_prefix(_compact(province.name))}
        names |= set(data.province_aliases.get((province.era, province.code), ()))
        names |= set(EXTRA_PROVINCE_ALIASES.get(province.short_name, ()))
        for name in names:
            lookup.setdefault(name, set()).add(new_code)
        display.setdefault(_compact(province.short_name), province.short_name)
    return lookup, display


def provinces_resolve(query: str) -> list[UnitRecord]:
    """The 2025 province(s) a user means by a name or code of either era.

    "Lạng Sơn", "lang son", "Tỉnh Lạng Sơn", "TP Hồ Chí Minh", "20": an old province's name
    gives the new province it became part of ("Bắc Giang" → Bắc Ninh).
    """
    data = admin_units_read()
    new_provinces = {p.code: p for p in data.provinces(Era.REFORM_2025)}
    text = query.strip()
    codes: set[str] = set()
    if text.isdigit():
        # A code may be a 2025 one or a legacy one (Bắc Giang was 24, Bắc Ninh is 24 now);
        # both readings lead to the same new province in the published codes.
        code = text.zfill(2)
        if code in new_provinces:
            codes.add(code)
        codes |= {new for new, olds in data.province_sources.items() if code in olds}
    else:
        lookup, _display = _province_index()
        compact = _compact(text)
        codes = lookup.get(compact) or lookup.get(_without_prefix(compact)) or set()
    if not codes:
        raise ProvinceNotFoundError(text, _province_suggestions(text))
    return [new_provinces[code] for code in sorted(codes)]


def _province_suggestions(query: str, *, limit: int = 3) -> list[str]:
    _lookup, display = _province_index()
    target = _without_prefix(_compact(query))
    if not target:
        return []
    matches = difflib.get_close_matches(target, display.keys(), n=limit, cutoff=0.6)
    return [display[match] for match in matches]
