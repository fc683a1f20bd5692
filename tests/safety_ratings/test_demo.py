"""The ratings demo: units of every kind under the demo province's communes, decided years in
both eras with failures, the current year in progress; idempotent."""

from __future__ import annotations

import datetime

import pytest

from organizations.demo import seed_demo as seed_organizations
from organizations.models import AdministrativeUnit, Organization, User
from safety_ratings.demo import seed_demo
from safety_ratings.models import (
    Assessment,
    CriterionResult,
    RatedUnit,
    RecognitionDecision,
    UnitKind,
)
from safety_ratings.permissions import assessments_visible_to, rated_units_visible_to
from safety_ratings.services.assessments import failed_results

Status = Assessment.Status
TODAY = datetime.date(2026, 11, 20)


def _counts() -> tuple[int, ...]:
    return (
        RatedUnit.objects.count(),
        Assessment.objects.count(),
        CriterionResult.objects.count(),
        RecognitionDecision.objects.count(),
        Organization.objects.count(),
        RatedUnit.history.count(),
        Assessment.history.count(),
    )


@pytest.mark.django_db
def test_seed_demo_builds_years_of_ratings_and_runs_twice_without_changes():
    """One test on purpose: seeding the Lạng Sơn units and walking the workflow takes seconds,
    so the checks below share one run."""
    seed_organizations()
    seed_demo(today=TODAY)
    first = _counts()
    seed_demo(today=TODAY)
    assert _counts() == first
    _check_units()
    _check_decided_years()
    _check_commune_rule()
    _check_deciding_levels()
    _check_current_year()
    _check_visibility()


def _check_units():
    kinds = set(RatedUnit.objects.values_list("kind", flat=True))
    assert kinds == set(UnitKind.values)
    # The communes are units of their own kind, in both eras.
    communes = RatedUnit.objects.filter(kind=UnitKind.COMMUNE)
    assert communes.filter(commune__era=AdministrativeUnit.Era.LEGACY).exists()
    assert communes.filter(commune__era=AdministrativeUnit.Era.REFORM_2025).exists()
    # Units that crossed the reform keep their old commune; one closed before it.
    assert RatedUnit.objects.filter(legacy_commune__isnull=False).count() >= 20
    ended = RatedUnit.objects.exclude(kind=UnitKind.COMMUNE).get(valid_to__isnull=False)
    assert ended.end_reason


def _check_decided_years():
    decided = Assessment.objects.filter(status__in=Assessment.FINAL_STATUSES)
    assert set(decided.values_list("year", flat=True)) == {2023, 2024, 2025}
    assert decided.filter(year=2024, commune__era=AdministrativeUnit.Era.LEGACY).exists()
    assert not decided.filter(year=2025, commune__era=AdministrativeUnit.Era.LEGACY).exists()
    for kind in UnitKind.values:
        assert decided.filter(kind=kind, status=Status.RECOGNISED).exists(), kind
    failed = decided.filter(status=Status.NOT_RECOGNISED)
    assert failed.exclude(kind=UnitKind.COMMUNE).count() >= 5
    assert all(failed_results(assessment) for assessment in failed)
    assert CriterionResult.objects.filter(appraised_met=False).exclude(appraisal_note="").exists()
    assert decided.filter(status=Status.REVOKED).count() == 1


def _check_commune_rule():
    """The 70% rule (and the 100% registered) passes for most communes, fails for some."""
    communes = Assessment.objects.filter(kind=UnitKind.COMMUNE, year__in=[2023, 2024, 2025])
    assert communes.filter(status=Status.RECOGNISED).count() >= 10
    not_recognised = communes.filter(status=Status.NOT_RECOGNISED)
    assert not_recognised.exists()
    for assessment in not_recognised:
        numbers = {result.criterion.number for result in failed_results(assessment)}
        assert numbers <= {"4.a", "4.b"} and numbers


def _check_deciding_levels():
    """Deciders follow each version: commune, district (old) or province (2025) UBND."""
    decisions = RecognitionDecision.objects.select_related("deciding_unit", "issuer")
    assert decisions.count() >= 10
    for decision in decisions:
        levels = {
            a.criteria_version.deciding_level
            for a in decision.assessments.select_related("criteria_version")
        }
        assert levels == {decision.deciding_unit.level}
        assert decision.issuer.kind == Organization.Kind.PEOPLES_COMMITTEE
        assert decision.issuer.unit_id == decision.deciding_unit_id
    province_decisions = decisions.filter(deciding_unit__level=AdministrativeUnit.Level.PROVINCE)
    assert set(province_decisions.values_list("kind", "year")) == {(UnitKind.COMMUNE, 2025)}


def _check_current_year():
    """The grid and the appraisal queue have work in the current year."""
    current = Assessment.objects.filter(year=TODAY.year)
    statuses = set(current.values_list("status", flat=True))
    assert {Status.REGISTERED, Status.SELF_ASSESSED, Status.APPRAISED, Status.RETURNED} <= statuses
    assert not current.filter(status__in=Assessment.FINAL_STATUSES).exists()


def _check_visibility():
    commune_committee = User.objects.get(username="bcd_xa")
    district_committee = User.objects.get(username="bcd_huyen")
    assert rated_units_visible_to(commune_committee).exclude(kind=UnitKind.COMMUNE).count() >= 10
    assert assessments_visible_to(commune_committee).filter(year=2025).exists()
    legacy_years = assessments_visible_to(district_committee).filter(year__lt=2025)
    assert legacy_years.filter(status=Status.NOT_RECOGNISED).exists()
