"""Administrative units: loading both eras and their successions from the package data."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..admin_units_source import (
    SuccessionRecord,
    UnitRecord,
    UnitRef,
    admin_units_read,
    provinces_resolve,
)
from ..models import REFORM_2025_DATE, AdministrativeUnit, UnitSuccession
from ..search import fold_diacritics
from ..signals import units_loaded

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level

LEGACY_VALID_TO = REFORM_2025_DATE - datetime.timedelta(days=1)

# Parents before children, so that a child's parent already has an id.
LOAD_ORDER: tuple[tuple[str, int], ...] = (
    (Era.LEGACY, Level.PROVINCE),
    (Era.LEGACY, Level.DISTRICT),
    (Era.LEGACY, Level.COMMUNE),
    (Era.REFORM_2025, Level.PROVINCE),
    (Era.REFORM_2025, Level.COMMUNE),
)

# The fields the package decides; anything else on a unit (timestamps, links made in the
# portal) is left alone.
UNIT_FIELDS = (
    "name",
    "short_name",
    "unit_type",
    "parent_id",
    "path",
    "search_key",
    "valid_from",
    "valid_to",
)

# Large enough for few round trips, small enough to keep each statement's parameters modest.
BATCH_SIZE = 2000


@dataclass
class RowCounts:
    """How many rows a load created, updated and found already right."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class UnitLoadResult:
    """What admin_units_load did."""

    whole_country: bool = False
    # The 2025 provinces concerned and the legacy provinces they were formed from (full names).
    provinces: list[str] = field(default_factory=list)
    legacy_provinces: list[str] = field(default_factory=list)
    units: dict[tuple[str, int], RowCounts] = field(default_factory=dict)
    successions: RowCounts = field(default_factory=RowCounts)
    unresolved_keys: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def units_created(self) -> int:
        return sum(c.created for c in self.units.values())

    @property
    def units_updated(self) -> int:
        return sum(c.updated for c in self.units.values())

    @property
    def units_unchanged(self) -> int:
        return sum(c.unchanged for c in self.units.values())


def admin_units_load(*, province: str | None = None) -> UnitLoadResult:
    """Create or update units of both eras and their successions; a second run changes nothing.

    With a province (a name or code of either era), load the 2025 province it concerns and
    every legacy province it was formed from, so its succession links are complete. Without
    one, load the whole country. Raises ProvinceNotFoundError (a ValidationError) for a name
    that matches no province.
    """
    started = time.perf_counter()
    data = admin_units_read()
    if province is None:
        new_provinces = data.provinces(Era.REFORM_2025)
    else:
        new_provinces = provinces_resolve(province)
    new_codes = {p.code for p in new_provinces}
    legacy_codes = {code for new in new_codes for code in data.province_sources.get(new, [])}

    def selected(record: UnitRecord) -> bool:
        codes = new_codes if record.era == Era.REFORM_2025 else legacy_codes
        return record.province_code in codes

    records = [r for r in data.units if selected(r)]
    result = UnitLoadResult(
        whole_country=province is None,
        provinces=[p.name for p in new_provinces],
        legacy_provinces=[
            r.name for r in records if r.era == Era.LEGACY and r.level == Level.PROVINCE
        ],
    )
    reason = _("Nạp danh mục đơn vị hành chính từ gói vietnamadminunits")
    with transaction.atomic():
        now = timezone.now()
        ids: dict[UnitRef, int] = {}
        for era, level in LOAD_ORDER:
            level_records = [r for r in records if r.era == era and r.level == level]
            result.units[(era, level)] = _units_upsert(
                era=era, level=level, records=level_records, ids=ids, now=now, reason=reason
            )
        result.successions = _successions_upsert(
            successions=[s for s in data.successions if s.new_province_code in new_codes],
            ids=ids,
            now=now,
            reason=reason,
        )
        transaction.on_commit(lambda: units_loaded.send(sender=AdministrativeUnit))
    result.unresolved_keys = [u.key for u in data.unresolved if u.new_province_code in new_codes]
    result.seconds = time.perf_counter() - started
    return result


def _parent_ref(record: UnitRecord) -> UnitRef | None:
    if record.parent_code is None:
        return None
    # Legacy communes hang under their district; districts and 2025 communes under a province.
    parent_level = (
        Level.DISTRICT
        if record.era == Era.LEGACY and record.level == Level.COMMUNE
        else Level.PROVINCE
    )
    return UnitRef(era=record.era, level=parent_level, code=record.parent_code)


def _path(record: UnitRecord) -> str:
    prefix = "L" if record.era == Era.LEGACY else "N"
    parts = [prefix, record.province_code]
    if record.level == Level.DISTRICT:
        parts.append(record.code)
    elif record.level == Level.COMMUNE:
        if record.era == Era.LEGACY:
            parts.append(record.parent_code or "")
        parts.append(record.code)
    return "/".join(parts) + "/"


def _wanted_values(record: UnitRecord, ids: dict[UnitRef, int]) -> dict[str, object]:
    parent = _parent_ref(record)
    legacy = record.era == Era.LEGACY
    return {
        "name": record.name,
        "short_name": record.short_name,
        "unit_type": record.unit_type,
        "parent_id": ids[parent] if parent else None,
        "path": _path(record),
        "search_key": f"{fold_diacritics(record.name)} {fold_diacritics(record.short_name)}",
        "valid_from": None if legacy else REFORM_2025_DATE,
        "valid_to": LEGACY_VALID_TO if legacy else None,
    }


def _units_upsert(
    *,
    era: str,
    level: int,
    records: list[UnitRecord],
    ids: dict[UnitRef, int],
    now: datetime.datetime,
    reason: str,
) -> RowCounts:
    """Upsert one era's level by (era, level, code); fills ids for the next level's parents."""
    counts = RowCounts()
    if not records:
        return counts
    existing = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            era=era, level=level, code__in=[r.code for r in records]
        )
    }
    to_create: list[AdministrativeUnit] = []
    to_update: list[AdministrativeUnit] = []
    changed_fields: set[str] = set()
    for record in records:
        wanted = _wanted_values(record, ids)
        unit = existing.get(record.code)
        if unit is None:
            to_create.append(AdministrativeUnit(era=era, level=level, code=record.code, **wanted))
            continue
        changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
        if changed:
            for name in changed:
                setattr(unit, name, wanted[name])
            # bulk_update does not run auto_now.
            unit.updated_at = now
            to_update.append(unit)
            changed_fields.update(changed)
        else:
            counts.unchanged += 1
        ids[record.ref] = unit.pk

    if to_create:
        created = bulk_create_with_history(
            to_create, AdministrativeUnit, batch_size=BATCH_SIZE, default_change_reason=reason
        )
        for unit in created:
            ids[UnitRef(era=era, level=level, code=unit.code)] = unit.pk
        counts.created = len(created)
    if to_update:
        # bulk_update wants field names; "parent_id" is the parent field's column attribute.
        fields = sorted(_field_name(name) for name in changed_fields) + ["updated_at"]
        bulk_update_with_history(
            to_update,
            AdministrativeUnit,
            fields=fields,
            batch_size=BATCH_SIZE,
            default_change_reason=reason,
        )
        counts.updated = len(to_update)
    return counts


def _field_name(attname: str) -> str:
    return "parent" if attname == "parent_id" else attname


def _successions_upsert(
    *,
    successions: Iterable[SuccessionRecord],
    ids: dict[UnitRef, int],
    now: datetime.datetime,
    reason: str,
) -> RowCounts:
    """Upsert links by (predecessor, successor); links made by hand elsewhere stay as they are."""
    counts = RowCounts()
    wanted = {
        (ids[s.predecessor], ids[s.successor]): s.is_main
        for s in successions
        if s.predecessor in ids and s.successor in ids
    }
    if not wanted:
        return counts
    existing = {
        (link.predecessor_id, link.successor_id): link
        for link in UnitSuccession.objects.filter(
            successor_id__in={successor for _predecessor, successor in wanted}
        )
    }
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for (predecessor_id, successor_id), is_main in wanted.items():
        link = existing.get((predecessor_id, successor_id))
        if link is None:
            to_create.append(
                UnitSuccession(
                    predecessor_id=predecessor_id,
                    successor_id=successor_id,
                    effective_date=REFORM_2025_DATE,
                    is_main=is_main,
                )
            )
        elif link.is_main != is_main or link.effective_date != REFORM_2025_DATE:
            link.is_main = is_main
            link.effective_date = REFORM_2025_DATE
            link.updated_at = now
            to_update.append(link)
        else:
            counts.unchanged += 1
    if to_create:
        bulk_create_with_history(
            to_create, UnitSuccession, batch_size=BATCH_SIZE, default_change_reason=reason
        )
        counts.created = len(to_create)
    if to_update:
        bulk_update_with_history(
            to_update,
            UnitSuccession,
            fields=["is_main", "effective_date", "updated_at"],
            batch_size=BATCH_SIZE,
            default_change_reason=reason,
        )
        counts.updated = len(to_update)
    return counts
