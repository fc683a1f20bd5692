"""Selectors of the units and assessments pages: filters, scope, annotations, prefetching,
and the timeline read from the history."""

import datetime

import pytest

from safety_ratings.models import UnitKind
from safety_ratings.selectors.assessments import (
    AssessmentFilters,
    RatedUnitFilters,
    assessment_detail,
    assessment_list,
    assessment_timeline,
    communes_visible_to,
    rated_unit_detail,
    rated_unit_list,
)
from safety_ratings.services.assessments import assessment_return

from .factories import RatedUnitFactory, appraised, registered, self_assessed

D = datetime.date


@pytest.mark.django_db
def test_rated_unit_list_filters_by_old_commune_and_year(area, user_of_role):
    crossed = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    new_only = RatedUnitFactory(commune=area.commune_1, valid_from=D(2025, 8, 1))
    staff = user_of_role("standing_staff")
    by_old = rated_unit_list(user=staff, filters=RatedUnitFilters(commune_id=area.old_commune_1.pk))
    assert list(by_old) == [crossed]
    in_2024 = rated_unit_list(user=staff, filters=RatedUnitFilters(year=2024))
    assert list(in_2024) == [crossed]
    assert set(rated_unit_list(user=staff, filters=RatedUnitFilters(year=2025))) == {
        crossed, new_only,
    }  # fmt: skip


@pytest.mark.django_db
def test_rated_unit_list_annotates_the_years_or_latest_assessment(area, user_of_role):
    unit = RatedUnitFactory(commune=area.commune_1)
    old = self_assessed(unit, 2024)
    new = registered(unit, 2025)
    staff = user_of_role("standing_staff")
    latest = rated_unit_list(user=staff).get()
    assert (latest.assessment_id, latest.assessment_status) == (new.pk, "registered")
    of_2024 = rated_unit_list(user=staff, filters=RatedUnitFilters(year=2024)).get()
    assert (of_2024.assessment_id, of_2024.assessment_status) == (old.pk, "self_assessed")


@pytest.mark.django_db
def test_rated_unit_list_search_ignores_diacritics(area, user_of_role):
    school = RatedUnitFactory(kind=UnitKind.SCHOOL, name="Trường THPT Lộc Bình",
                              commune=area.commune_1)  # fmt: skip
    staff = user_of_role("standing_staff")
    for query in ("loc binh", "Lộc Bình", "LỘC", "thpt loc"):
        assert list(rated_unit_list(user=staff, filters=RatedUnitFilters(query=query))) == [school]
    assert not rated_unit_list(user=staff, filters=RatedUnitFilters(query="lạng")).exists()


@pytest.mark.django_db
def test_rated_unit_detail_outside_scope_does_not_exist(area, user_of_role):
    unit = RatedUnitFactory(commune=area.commune_1)
    with pytest.raises(type(unit).DoesNotExist):
        rated_unit_detail(user=user_of_role("other_province_committee"), pk=unit.pk)


@pytest.mark.django_db
def test_communes_visible_to_a_district_cover_both_eras(area, user_of_role):
    communes = set(communes_visible_to(user_of_role("district_committee")))
    assert communes == {area.old_commune_1, area.commune_1}


@pytest.mark.django_db
def test_assessment_list_counts_failing_criteria_and_filters(area, user_of_role):
    failing = appraised(RatedUnitFactory(commune=area.commune_1), 2025, failing=("2", "3"))
    passing = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    waiting = self_assessed(RatedUnitFactory(commune=area.commune_2), 2025)
    staff = user_of_role("standing_staff")
    rows = {a.pk: a.failed_count for a in assessment_list(user=staff)}
    assert rows == {failing.pk: 2, passing.pk: 0, waiting.pk: 0}
    queue = assessment_list(user=staff, filters=AssessmentFilters(status="self_assessed"))
    assert list(queue) == [waiting]
    commune_2 = assessment_list(user=staff, filters=AssessmentFilters(commune_id=area.commune_2.pk))
    assert list(commune_2) == [waiting]
    other = user_of_role("other_district_committee")
    assert list(assessment_list(user=other)) == [waiting]


@pytest.mark.django_db
def test_assessment_detail_prefetches_results_criteria_and_files(
    area, user_of_role, django_assert_num_queries
):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    for result in assessment.results.all():
        result.files.create(file="minh-chung/x.pdf", name="x.pdf")
    staff = user_of_role("standing_staff")
    detail = assessment_detail(user=staff, pk=assessment.pk)
    with django_assert_num_queries(0):
        rows = [(r.criterion.number, r.met, [f.name for f in r.files.all()])
                for r in detail.results.all()]  # fmt: skip
        assert detail.rated_unit.commune.name and detail.criteria_version.regulation
    assert [number for number, _met, _files in rows] == ["1", "2", "3", "4", "5"]
    assert all(files == ["x.pdf"] for _n, _m, files in rows)


@pytest.mark.django_db
def test_assessment_timeline_lists_each_status_change_once(area):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    assessment_return(assessment=assessment, reason="Thiếu biên bản", by=None)
    timeline = assessment_timeline(assessment)
    assert [e.status for e in timeline] == ["registered", "self_assessed", "returned"]
    assert timeline[0].day == D(2025, 2, 15)
    assert timeline[1].day == D(2025, 10, 20)
    assert timeline[2].note == "Thiếu biên bản" and timeline[2].label == "Trả lại để bổ sung"
