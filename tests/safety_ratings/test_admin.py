"""The administrator's screens: criteria versions with their criteria, rated units saved
through the services, read-mostly assessments and decisions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from safety_ratings.models import (
    Assessment,
    CriteriaVersion,
    RatedUnit,
    RecognitionDecision,
    UnitKind,
)
from tests.safety_ratings.factories import RatedUnitFactory, appraised, recognised

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user_client(client, user_of_role):
    """The portal's administrator (the Quản trị role: staff, permissions from its group)."""
    user = user_of_role("admin")
    assert user.is_staff and not user.is_superuser
    client.force_login(user)
    return client


@pytest.fixture
def ratings(area):
    """Two residential areas recognised in 2024 and one failing, under a new commune."""
    units = [
        RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
        for _ in range(3)
    ]
    decision = recognised(
        units[:2], 2024, issuer=area.police, deciding_unit=area.old_commune_1, number="12"
    )
    failing = appraised(units[2], 2024, failing=("3",))
    return decision, failing


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:safety_ratings_{model}_{view}", args=args)


@pytest.mark.parametrize(
    "model", ["criteriaversion", "ratedunit", "assessment", "recognitiondecision"]
)
def test_admin_changelists_load_for_the_administrator(admin_user_client, ratings, model):
    response = admin_user_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


def test_admin_criteria_version_add_page_has_the_criteria_inline(admin_user_client):
    response = admin_user_client.get(admin_url("criteriaversion", "add"))
    assert response.status_code == 200
    assert 'name="criteria-TOTAL_FORMS"' in response.text
    assert "Thời gian áp dụng và kỳ đánh giá" in response.text


def test_admin_criteria_version_change_page_lists_its_criteria(admin_user_client):
    version = CriteriaVersion.objects.get(code="tt124-2021-kdc")
    response = admin_user_client.get(admin_url("criteriaversion", "change", version.pk))
    assert response.status_code == 200
    assert response.text.count('name="criteria-') > 5
    assert 'name="_saveasnew"' in response.text
    history = admin_user_client.get(admin_url("criteriaversion", "history", version.pk))
    assert history.status_code == 200


def _version_post(**overrides) -> dict:
    data = {
        "kind": UnitKind.RESIDENTIAL_AREA,
        "code": "tt-moi-2027-kdc",
        "regulation": "Thông tư 99/2026/TT-BCA",
        "regulation_document": "",
        "effective_from": "2027-01-01",
        "effective_to": "",
        "window_start": "11-01",
        "window_end": "10-31",
        "registration_deadline": "03-31",
        "classification_deadline": "11-20",
        "deciding_level": CriteriaVersion.DecidingLevel.COMMUNE,
        "appraising_body": "Công an cấp xã",
        "max_points": "100",
        "min_households_registered": "100",
        "min_units_registered": "100",
        "min_units_recognised": "70",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-number": "1",
        "criteria-0-order": "1",
        "criteria-0-text": "Đăng ký phấn đấu; 100% hộ gia đình đăng ký.",
        "criteria-0-points": "40",
        "criteria-0-rule": "households_registered",
        "criteria-1-number": "2",
        "criteria-1-order": "2",
        "criteria-1-text": "Không để xảy ra tội phạm nghiêm trọng.",
        "criteria-1-points": "60",
        "criteria-1-rule": "",
    }
    return {**data, **overrides}


def test_admin_adds_the_next_criteria_version_with_two_criteria(admin_user_client):
    response = admin_user_client.post(admin_url("criteriaversion", "add"), _version_post())
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = CriteriaVersion.objects.get(code="tt-moi-2027-kdc")
    assert version.deciding_level == CriteriaVersion.DecidingLevel.COMMUNE
    assert version.window_for(2027) == (datetime.date(2026, 11, 1), datetime.date(2027, 10, 31))
    criteria = list(version.criteria.order_by("order"))
    assert [(c.number, c.points, c.rule) for c in criteria] == [
        ("1", 40, "households_registered"),
        ("2", 60, ""),
    ]
    assert version.history.count() == 1


def test_admin_save_as_new_copies_a_version_with_its_criteria(admin_user_client):
    version = CriteriaVersion.objects.get(code="tt124-2025-co-quan")
    criteria = list(version.criteria.order_by("order"))
    data = _version_post(
        kind=version.kind, code="tt-moi-2027-co-quan", effective_from="2027-01-01",
        classification_deadline="11-30", max_points="", _saveasnew="1",
        **{"criteria-TOTAL_FORMS": str(len(criteria)),
           "criteria-INITIAL_FORMS": str(len(criteria))},
    )  # fmt: skip
    for index, criterion in enumerate(criteria):
        fields = {
            "id": criterion.pk, "version": version.pk, "number": criterion.number,
            "order": criterion.order, "text": criterion.text, "points": "",
            "rule": criterion.rule,
        }  # fmt: skip
        data.update({f"criteria-{index}-{name}": value for name, value in fields.items()})
    response = admin_user_client.post(admin_url("criteriaversion", "change", version.pk), data)
    assert response.status_code == 302
    copy = CriteriaVersion.objects.get(code="tt-moi-2027-co-quan")
    assert [c.text for c in copy.criteria.order_by("order")] == [c.text for c in criteria]
    assert version.criteria.count() == len(criteria)  # the original keeps its own


def test_admin_criteria_version_rejects_a_bad_window_date(admin_user_client):
    response = admin_user_client.post(
        admin_url("criteriaversion", "add"), _version_post(window_end="31-10")
    )
    assert response.status_code == 200
    assert "MM-DD" in response.text
    assert not CriteriaVersion.objects.filter(code="tt-moi-2027-kdc").exists()


def _unit_post(area, **overrides) -> dict:
    data = {
        "kind": UnitKind.ENTERPRISE,
        "name": "Công ty cổ phần  Thử nghiệm",
        "commune": area.commune_1.pk,
        "legacy_commune": area.old_commune_1.pk,
        "organization": "",
        "address": "",
        "local_type": "",
        "households": "",
        "enterprise_size": RatedUnit.EnterpriseSize.MEDIUM,
        "education_level": "",
        "valid_from": "2020-01-01",
        "valid_to": "",
    }
    return {**data, **overrides}


def test_admin_rated_unit_add_page_uses_raw_ids_for_communes(admin_user_client):
    response = admin_user_client.get(admin_url("ratedunit", "add"))
    assert response.status_code == 200
    assert 'class="vForeignKeyRawIdAdminField"' in response.text
    # No drop-down of the fourteen thousand administrative units.
    assert "<select" not in response.text.split('name="commune"')[1][:200]


def test_admin_rated_unit_is_saved_through_the_service(admin_user_client, area):
    response = admin_user_client.post(admin_url("ratedunit", "add"), _unit_post(area))
    assert response.status_code == 302
    unit = RatedUnit.objects.get()
    assert unit.name == "Công ty cổ phần Thử nghiệm"  # spaces normalised by the service
    assert unit.search_key == "cong ty co phan thu nghiem"
    assert unit.created_by.username == "admin"


def test_admin_rated_unit_refusal_is_explained_beside_the_field(admin_user_client, area):
    response = admin_user_client.post(
        admin_url("ratedunit", "add"),
        _unit_post(area, enterprise_size=RatedUnit.EnterpriseSize.SMALL),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "enterprise_size" in errors
    assert "Thông tư 124/2021/TT-BCA" in errors["enterprise_size"][0]
    assert not RatedUnit.objects.exists()


def test_admin_rated_unit_change_keeps_the_service_rules(admin_user_client, area):
    unit = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    url = admin_url("ratedunit", "change", unit.pk)
    assert admin_user_client.get(url).status_code == 200
    data = _unit_post(
        area, kind=UnitKind.RESIDENTIAL_AREA, name="Thôn Nà Pàn", local_type="thon",
        households="150", enterprise_size="",
    )  # fmt: skip
    response = admin_user_client.post(url, data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.households, unit.search_key) == ("Thôn Nà Pàn", 150, "thon na pan")
    # A commune of the wrong era is refused with the service's message.
    bad = {**data, "legacy_commune": area.commune_2.pk}
    response = admin_user_client.post(url, bad)
    assert response.status_code == 200
    assert "legacy_commune" in response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.legacy_commune == area.old_commune_1


def test_admin_assessment_shows_its_criteria_read_only(admin_user_client, ratings):
    _decision, failing = ratings
    url = admin_url("assessment", "change", failing.pk)
    response = admin_user_client.get(url)
    assert response.status_code == 200
    for result in failing.results.select_related("criterion"):
        assert result.criterion.number in response.text
    # Statuses and verdicts go through the services: no input for them here.
    assert 'name="status"' not in response.text
    assert 'name="results-0-appraised_met"' not in response.text
    assert 'name="appraisal_note"' in response.text
    assert admin_user_client.get(admin_url("assessment", "add")).status_code == 403


def test_admin_assessment_post_changes_only_free_text(admin_user_client, ratings):
    _decision, failing = ratings
    url = admin_url("assessment", "change", failing.pk)
    response = admin_user_client.post(
        url,
        {
            "appraisal_note": "Đã kiểm tra lại hồ sơ.",
            "return_reason": "",
            "not_recognised_reason": "",
            "revocation_reason": "",
            "revocation_document": "",
            "status": Assessment.Status.RECOGNISED,
            "results-TOTAL_FORMS": "5",
            "results-INITIAL_FORMS": "5",
            "results-MIN_NUM_FORMS": "0",
            "results-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    failing.refresh_from_db()
    assert failing.appraisal_note == "Đã kiểm tra lại hồ sơ."
    assert failing.status == Assessment.Status.APPRAISED


def test_admin_decision_lists_its_units(admin_user_client, ratings):
    decision, _failing = ratings
    response = admin_user_client.get(admin_url("recognitiondecision", "change", decision.pk))
    assert response.status_code == 200
    for assessment in decision.assessments.select_related("rated_unit"):
        assert assessment.rated_unit.name in response.text
    assert admin_user_client.get(admin_url("recognitiondecision", "add")).status_code == 403
    assert RecognitionDecision.objects.count() == 1


def test_admin_pages_are_refused_to_other_roles(client, user_of_role):
    client.force_login(user_of_role("standing_staff"))
    response = client.get(admin_url("criteriaversion", "changelist"))
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_admin_rated_unit_list_filters_by_validity(admin_user_client, area):
    current = RatedUnitFactory(commune=area.commune_1, name="Khối 3")
    ended = RatedUnitFactory(
        commune=area.old_commune_1, name="Khối 8", valid_to=datetime.date(2024, 12, 31)
    )
    url = admin_url("ratedunit", "changelist")
    shown = admin_user_client.get(url, {"hieu_luc": "con"}).context["cl"].result_list
    assert list(shown) == [current]
    shown = admin_user_client.get(url, {"hieu_luc": "het"}).context["cl"].result_list
    assert list(shown) == [ended]
