"""The yearly assessment workflow, eligibility, and the commune rules computed from its units."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from safety_ratings.models import Assessment, RatedUnit, UnitKind
from safety_ratings.services.assessments import (
    Verdict,
    assessment_appraise,
    assessment_not_recognise,
    assessment_register,
    assessment_return,
    assessment_revoke,
    assessment_self_assess,
)
from safety_ratings.services.decisions import decision_issue
from safety_ratings.services.units import rated_unit_create, rated_unit_end
from tests.organizations.factories import OrganizationFactory

from .factories import RatedUnitFactory, appraised, recognised, registered, self_assessed

Status = Assessment.Status


@pytest.fixture
def commune_ubnd(area):
    return OrganizationFactory(name="UBND xã Đồng Đăng", kind="peoples_committee",
                               unit=area.commune_1)  # fmt: skip


def test_rated_unit_create_refuses_small_enterprise_with_reason(area):
    with pytest.raises(ValidationError) as error:
        rated_unit_create(
            fields={"kind": UnitKind.ENTERPRISE, "name": "Công ty TNHH Nhỏ",
                    "commune": area.commune_1, "enterprise_size": "small",
                    "valid_from": datetime.date(2024, 1, 1)},
            by=None,
        )  # fmt: skip
    assert "nhỏ và siêu nhỏ" in str(error.value.message_dict["enterprise_size"])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": UnitKind.AGENCY, "is_armed_forces": True}, "is_armed_forces"),
        ({"kind": UnitKind.SCHOOL, "education_level": "tieu_hoc"}, "education_level"),
        ({"kind": UnitKind.SCHOOL, "education_level": "mam_non"}, "education_level"),
    ],
)
def test_rated_unit_create_refuses_ineligible_units(area, fields, field):
    base = {"name": "Đơn vị", "commune": area.commune_1, "valid_from": datetime.date(2024, 1, 1)}
    with pytest.raises(ValidationError) as error:
        rated_unit_create(fields=base | fields, by=None)
    assert field in error.value.message_dict
    assert not RatedUnit.objects.exists()


def test_rated_unit_create_accepts_upper_secondary_school(area):
    unit = rated_unit_create(
        fields={"kind": UnitKind.SCHOOL, "name": "Trường THPT Đồng Đăng",
                "commune": area.commune_1, "education_level": "thpt",
                "valid_from": datetime.date(2020, 9, 1)},
        by=None,
    )  # fmt: skip
    assert unit.search_key == "truong thpt dong dang"


def test_assessment_register_copies_commune_of_the_year_era(area):
    unit = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    old = registered(unit, 2023)
    new = registered(unit, 2025)
    assert old.commune == area.old_commune_1
    assert new.commune == area.commune_1
    assert old.criteria_version.code == "tt124-2021-kdc"
    assert new.criteria_version.code == "tt124-2025-kdc"


def test_assessment_register_refuses_unit_not_valid_at_window_end(area):
    unit = RatedUnitFactory(commune=area.commune_1, valid_from=datetime.date(2025, 11, 15))
    with pytest.raises(ValidationError):
        registered(unit, 2025)


def test_households_criterion_computed_from_registration(area):
    unit = RatedUnitFactory(commune=area.commune_1, households=200)
    assessment = assessment_register(
        rated_unit=unit, year=2025, registered_on=datetime.date(2025, 2, 1), by=None,
        party_resolution="NQ 01", households_total=200, households_registered=180,
    )  # fmt: skip
    first = assessment.results.get(criterion__number="1")
    assert first.self_met is False
    assert "90,00%" in first.evidence


def test_self_assessment_completes_only_when_every_criterion_has_a_verdict(area):
    assessment = registered(RatedUnitFactory(commune=area.commune_1), 2025)
    typed = [r for r in assessment.results.select_related("criterion") if not r.criterion.rule]
    assessment_self_assess(
        assessment=assessment, verdicts={typed[0].criterion_id: Verdict(met=True)}, by=None
    )
    assert assessment.status == Status.REGISTERED
    assessment_self_assess(
        assessment=assessment,
        verdicts={r.criterion_id: Verdict(met=True) for r in typed[1:]},
        by=None,
    )
    assert assessment.status == Status.SELF_ASSESSED


def test_self_assessment_refuses_typing_a_computed_criterion(area):
    assessment = registered(RatedUnitFactory(commune=area.commune_1), 2025)
    computed = assessment.results.get(criterion__number="1")
    with pytest.raises(ValidationError):
        assessment_self_assess(
            assessment=assessment, verdicts={computed.criterion_id: Verdict(met=True)}, by=None
        )


def test_decision_recognises_appraised_units(area, commune_ubnd):
    units = RatedUnitFactory.create_batch(3, commune=area.commune_1)
    decision = recognised(units, 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    assert decision.assessments.filter(status=Status.RECOGNISED).count() == 3


def test_decision_refuses_a_failing_criterion_and_recognises_nobody(area, commune_ubnd):
    good = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    bad = appraised(RatedUnitFactory(commune=area.commune_1), 2025, failing=("3",))
    with pytest.raises(ValidationError) as error:
        decision_issue(
            fields={"year": 2025, "kind": UnitKind.RESIDENTIAL_AREA, "number_symbol": "5/QĐ-UBND",
                    "decided_on": datetime.date(2025, 11, 25), "issuer": commune_ubnd,
                    "deciding_unit": area.commune_1, "signer_name": "A",
                    "signer_position": "Chủ tịch"},
            assessments=[good, bad],
            by=None,
        )  # fmt: skip
    assert "còn tiêu chí chưa đạt (3)" in " ".join(error.value.messages)
    assert not Assessment.objects.filter(status=Status.RECOGNISED).exists()


def test_decision_refuses_wrong_deciding_level(area, commune_ubnd):
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    with pytest.raises(ValidationError) as error:
        decision_issue(
            fields={"year": 2025, "kind": UnitKind.RESIDENTIAL_AREA, "number_symbol": "5/QĐ-UBND",
                    "decided_on": datetime.date(2025, 11, 25), "issuer": commune_ubnd,
                    "deciding_unit": area.province, "signer_name": "A",
                    "signer_position": "Chủ tịch"},
            assessments=[assessment],
            by=None,
        )  # fmt: skip
    assert "thẩm quyền" in " ".join(error.value.messages)


def test_appraisal_overrides_self_verdict_and_return_clears_it(area):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    third = assessment.results.get(criterion__number="3")
    assessment_appraise(
        assessment=assessment, verdicts={third.criterion_id: Verdict(met=False, note="Có vụ")},
        organization=area.police, by=None,
    )  # fmt: skip
    third.refresh_from_db()
    assert third.met is False
    assessment_return(assessment=assessment, reason="Bổ sung biên bản họp", by=None)
    third.refresh_from_db()
    assert assessment.status == Status.RETURNED
    assert third.appraised_met is None


def test_commune_criteria_computed_from_its_units(area, commune_ubnd):
    areas = RatedUnitFactory.create_batch(10, commune=area.commune_1)
    recognised(areas[:6], 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    for unit in areas[6:]:
        registered(unit, 2025)
    commune = RatedUnitFactory(kind=UnitKind.COMMUNE, commune=area.commune_1,
                               name=area.commune_1.name)  # fmt: skip
    assessment = appraised(commune, 2025)
    share_registered = assessment.results.get(criterion__number="4.a")
    share_recognised = assessment.results.get(criterion__number="4.b")
    assert share_registered.met is True
    assert share_recognised.met is False
    assert "6/10" in share_recognised.evidence
    ubnd = OrganizationFactory(name="UBND tỉnh", kind="peoples_committee", unit=area.province)
    with pytest.raises(ValidationError):
        decision_issue(
            fields={"year": 2025, "kind": UnitKind.COMMUNE, "number_symbol": "9/QĐ-UBND",
                    "decided_on": datetime.date(2025, 12, 5), "issuer": ubnd,
                    "deciding_unit": area.province, "signer_name": "B",
                    "signer_position": "Chủ tịch"},
            assessments=[assessment], by=None,
        )  # fmt: skip


def test_not_recognise_names_failing_criteria(area):
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025, failing=("4",))
    assessment_not_recognise(assessment=assessment, reason="", by=None)
    assert assessment.status == Status.NOT_RECOGNISED
    assert "4" in assessment.not_recognised_reason


def test_revoke_needs_a_recognition_and_a_reason(area, commune_ubnd):
    unit = RatedUnitFactory(commune=area.commune_1)
    recognised([unit], 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    assessment = unit.assessments.get()
    with pytest.raises(ValidationError):
        assessment_revoke(assessment=assessment, reason=" ", by=None)
    assessment_revoke(assessment=assessment, reason="Phát hiện vụ việc", by=None,
                      on=datetime.date(2025, 12, 20))  # fmt: skip
    assert assessment.status == Status.REVOKED
    assert assessment.history.count() >= 3


def test_rated_unit_end_refuses_before_assessed_window_closes(area):
    unit = RatedUnitFactory(commune=area.commune_1)
    registered(unit, 2025)
    with pytest.raises(ValidationError):
        rated_unit_end(unit=unit, on=datetime.date(2025, 9, 1), reason="Sáp nhập")
    rated_unit_end(unit=unit, on=datetime.date(2025, 11, 1), reason="Sáp nhập")
