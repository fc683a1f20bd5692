"""Factories for rated units and their assessments, and a helper that walks the workflow."""

from __future__ import annotations

import datetime

import factory

from organizations.search import fold_diacritics
from safety_ratings.models import Assessment, RatedUnit, UnitKind
from safety_ratings.services.assessments import (
    Verdict,
    assessment_appraise,
    assessment_register,
    assessment_self_assess,
)
from safety_ratings.services.decisions import decision_issue


class RatedUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatedUnit

    kind = UnitKind.RESIDENTIAL_AREA
    name = factory.Sequence(lambda n: f"Thôn Thử {n}")
    search_key = factory.LazyAttribute(lambda o: fold_diacritics(o.name))
    local_type = factory.LazyAttribute(
        lambda o: RatedUnit.LocalType.THON if o.kind == UnitKind.RESIDENTIAL_AREA else ""
    )
    enterprise_size = factory.LazyAttribute(
        lambda o: RatedUnit.EnterpriseSize.MEDIUM if o.kind == UnitKind.ENTERPRISE else ""
    )
    education_level = factory.LazyAttribute(
        lambda o: RatedUnit.EducationLevel.UPPER_SECONDARY if o.kind == UnitKind.SCHOOL else ""
    )
    administrative_unit = factory.LazyAttribute(
        lambda o: o.commune if o.kind == UnitKind.COMMUNE else None
    )
    households = 120
    valid_from = datetime.date(2015, 1, 1)


def registered(unit: RatedUnit, year: int, *, by=None) -> Assessment:
    """A unit registered in Quý I with its Party cell's resolution and every household."""
    return assessment_register(
        rated_unit=unit,
        year=year,
        registered_on=datetime.date(year, 2, 15),
        by=by,
        party_resolution="Nghị quyết số 01-NQ/CB",
        households_total=unit.households if unit.kind == UnitKind.RESIDENTIAL_AREA else None,
        households_registered=unit.households if unit.kind == UnitKind.RESIDENTIAL_AREA else None,
    )


def self_assessed(unit: RatedUnit, year: int, *, failing: tuple[str, ...] = ()) -> Assessment:
    """Registered and self-assessed: every typed criterion met except the numbers in `failing`."""
    assessment = registered(unit, year)
    verdicts = {
        r.criterion_id: Verdict(met=r.criterion.number not in failing)
        for r in assessment.results.select_related("criterion")
        if not r.criterion.is_computed
    }
    return assessment_self_assess(
        assessment=assessment, verdicts=verdicts, by=None, on=datetime.date(year, 10, 20)
    )


def appraised(unit: RatedUnit, year: int, *, failing: tuple[str, ...] = ()) -> Assessment:
    assessment = self_assessed(unit, year, failing=failing)
    return assessment_appraise(
        assessment=assessment, verdicts={}, organization=None, by=None,
        on=datetime.date(year, 11, 5),
    )  # fmt: skip


def recognised(units: list[RatedUnit], year: int, *, issuer, deciding_unit, number: str = "1"):
    """Appraise each unit and recognise all of them in one decision."""
    assessments = [appraised(unit, year) for unit in units]
    return decision_issue(
        fields={
            "year": year, "kind": units[0].kind, "number_symbol": f"{number}/QĐ-UBND",
            "decided_on": datetime.date(year, 11, 25), "issuer": issuer,
            "deciding_unit": deciding_unit, "signer_name": "Nguyễn Văn A",
            "signer_position": "Chủ tịch",
        },
        assessments=assessments,
        by=None,
    )  # fmt: skip
