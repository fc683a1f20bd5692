"""Pages of the yearly assessments: each step through its form, the checklist and timeline
on the detail page, the work queue's filters, denial outside the area, bounded queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safety_ratings.models import Assessment, Criterion, EvidenceFile, UnitKind
from safety_ratings.services.assessments import assessment_registration_update
from tests.organizations.factories import OrganizationFactory

from .factories import RatedUnitFactory, appraised, recognised, registered, self_assessed

D = datetime.date
Status = Assessment.Status


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def commune_ubnd(area):
    return OrganizationFactory(name="UBND xã Đồng Đăng", kind="peoples_committee",
                               unit=area.commune_1)  # fmt: skip


def _typed(assessment):
    return [r for r in assessment.results.select_related("criterion") if not r.criterion.rule]


def _url(name, assessment):
    return reverse(f"safety_ratings:{name}", args=[assessment.pk])


@pytest.mark.django_db
def test_committee_registers_a_residential_area_for_a_year(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1, households=200)
    client.force_login(user_of_role("commune_committee"))
    url = reverse("safety_ratings:assessment-register", args=[unit.pk])
    form = client.get(url).context["form"]
    assert "households_registered" in form.fields
    response = client.post(url, {"year": 2025, "registered_on": "2025-02-20",
                                 "party_resolution": "Nghị quyết 01-NQ/CB",
                                 "households_total": 200,
                                 "households_registered": 200})  # fmt: skip
    assessment = Assessment.objects.get(rated_unit=unit, year=2025)
    assert response.status_code == 302
    assert response["Location"] == _url("assessment-detail", assessment)
    assert assessment.households_registered == 200
    assert assessment.created_by == user_of_role("commune_committee")
    again = client.post(url, {"year": 2025, "registered_on": "2025-02-21"})
    assert "đã đăng ký năm 2025" in " ".join(again.context["form"].non_field_errors())


@pytest.mark.django_db
def test_registration_form_of_an_agency_has_no_households(area, user_of_role, client):
    unit = RatedUnitFactory(kind=UnitKind.AGENCY, commune=area.commune_1, name="Chi cục Thuế")
    client.force_login(user_of_role("standing_staff"))
    form = client.get(reverse("safety_ratings:assessment-register", args=[unit.pk])).context["form"]
    assert "households_total" not in form.fields


@pytest.mark.django_db
def test_registration_error_shown_beside_the_households(area, user_of_role, client):
    assessment = registered(RatedUnitFactory(commune=area.commune_1), 2025)
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        _url("assessment-registration-edit", assessment),
        {"registered_on": "2025-02-10", "households_total": 100, "households_registered": 150},
    )
    assert response.status_code == 200
    assert "households_registered" in response.context["form"].errors


@pytest.mark.django_db
def test_self_assessment_with_evidence_files_sends_the_dossier_to_appraisal(
    area, user_of_role, client
):
    unit = RatedUnitFactory(commune=area.commune_1)
    assessment = registered(unit, 2025)
    scored = Criterion.objects.create(version=assessment.criteria_version, number="6", order=6,
                                      text="Tiêu chí chấm điểm thử", points=10)  # fmt: skip
    assessment.results.create(criterion=scored)
    typed = _typed(assessment)
    client.force_login(user_of_role("commune_committee"))
    page = client.get(_url("assessment-self-assess", assessment)).content.decode()
    assert "Hệ thống tính" in page  # the households criterion is read-only
    data = {"on": "2025-10-20"}
    for result in typed:
        data[f"met_{result.criterion_id}"] = "1"
        data[f"note_{result.criterion_id}"] = f"Biên bản tiêu chí {result.criterion.number}"
    data[f"score_{scored.pk}"] = "8,5"
    data[f"file_{typed[0].criterion_id}"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")
    response = client.post(_url("assessment-self-assess", assessment), data)
    assert response.status_code == 302, response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.status == Status.SELF_ASSESSED
    assert assessment.self_assessed_on == D(2025, 10, 20)
    assert str(assessment.self_score) == "8.50"
    evidence = EvidenceFile.objects.get()
    assert evidence.result.criterion_id == typed[0].criterion_id and evidence.name == "bien-ban.pdf"
    detail = client.get(_url("assessment-detail", assessment)).content.decode()
    assert "bien-ban.pdf" in detail and "Biên bản tiêu chí 3" in detail


@pytest.mark.django_db
def test_self_assessment_with_a_bad_file_saves_nothing(area, user_of_role, client):
    assessment = registered(RatedUnitFactory(commune=area.commune_1), 2025)
    typed = _typed(assessment)
    client.force_login(user_of_role("commune_committee"))
    data = {"on": "2025-10-20"} | {f"met_{r.criterion_id}": "1" for r in typed}
    data[f"file_{typed[1].criterion_id}"] = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(_url("assessment-self-assess", assessment), data)
    assert response.status_code == 200
    assert "PDF, Word, Excel" in " ".join(response.context["form"].errors[
        f"file_{typed[1].criterion_id}"])  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.status == Status.REGISTERED
    assert not assessment.results.filter(criterion__rule="", self_met__isnull=False).exists()
    assert not EvidenceFile.objects.exists()


@pytest.mark.django_db
def test_police_appraise_defaulting_to_the_units_verdicts(area, user_of_role, client):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    third = assessment.results.get(criterion__number="3")
    client.force_login(user_of_role("standing_staff"))
    response = client.get(_url("assessment-appraise", assessment))
    form = response.context["form"]
    assert form.initial["organization"] == area.police.pk
    assert form.fields[f"met_{third.criterion_id}"].initial == "1"  # the unit's own verdict
    response = client.post(
        _url("assessment-appraise", assessment),
        {"on": "2025-11-05", "organization": area.police.pk, "note": "Hồ sơ đầy đủ",
         f"met_{third.criterion_id}": "0",
         f"note_{third.criterion_id}": "Có vụ tụ tập đông người tháng 8"},
    )  # fmt: skip
    assert response.status_code == 302
    assessment.refresh_from_db()
    third.refresh_from_db()
    assert assessment.status == Status.APPRAISED
    assert assessment.appraising_organization == area.police
    assert third.met is False and third.appraisal_note == "Có vụ tụ tập đông người tháng 8"
    assert assessment.results.get(criterion__number="2").appraised_met is True
    page = client.get(_url("assessment-detail", assessment)).content.decode()
    assert 'data-failing="1" data-criterion="3"' in page
    assert "Có vụ tụ tập đông người tháng 8" in page


@pytest.mark.django_db
def test_police_return_a_dossier_with_the_reason(area, user_of_role, client):
    assessment = self_assessed(RatedUnitFactory(commune=area.commune_1), 2025)
    client.force_login(user_of_role("standing_staff"))
    empty = client.post(_url("assessment-return", assessment), {"reason": ""})
    assert "reason" in empty.context["form"].errors
    response = client.post(_url("assessment-return", assessment),
                           {"reason": "Bổ sung biên bản họp khu dân cư"})  # fmt: skip
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.RETURNED
    client.force_login(user_of_role("commune_committee"))
    response = client.get(_url("assessment-detail", assessment))
    assert "Bổ sung biên bản họp khu dân cư" in response.content.decode()
    assert response.context["can_self_assess"]
    again = client.get(_url("assessment-self-assess", assessment)).content.decode()
    assert 'data-testid="return-reason"' in again and "Bổ sung biên bản họp" in again


@pytest.mark.django_db
def test_committee_concludes_not_recognised_naming_the_failing_criteria(area, user_of_role, client):
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025, failing=("4",))
    client.force_login(user_of_role("commune_committee"))
    detail = client.get(_url("assessment-detail", assessment))
    assert detail.context["can_not_recognise"] and not detail.context["can_appraise"]
    assert _url("assessment-not-recognise", assessment) in detail.content.decode()
    response = client.post(_url("assessment-not-recognise", assessment), {"on": "2025-11-30"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.NOT_RECOGNISED
    assert assessment.not_recognised_reason == "Không đạt tiêu chí: 4"


@pytest.mark.django_db
def test_revoke_a_recognition_and_the_timeline_shows_every_step(
    area, user_of_role, client, commune_ubnd
):
    unit = RatedUnitFactory(commune=area.commune_1)
    decision = recognised([unit], 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    assessment = decision.assessments.get()
    client.force_login(user_of_role("commune_committee"))
    response = client.get(_url("assessment-detail", assessment))
    page = response.content.decode()
    assert decision.number_symbol in page
    assert reverse("safety_ratings:decision-detail", args=[decision.pk]) in page
    assert "Nguyễn Văn A" in page
    assert response.context["can_revoke"]
    response = client.post(
        _url("assessment-revoke", assessment),
        {"on": "2026-02-01", "reason": "Phát hiện vụ việc nghiêm trọng",
         "document_number": "12/QĐ-UBND"},
    )  # fmt: skip
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.REVOKED and assessment.revocation_document == "12/QĐ-UBND"
    response = client.get(_url("assessment-detail", assessment))
    steps = [entry.status for entry in response.context["timeline"]]
    assert steps == ["registered", "self_assessed", "appraised", "recognised", "revoked"]
    revoked = response.context["timeline"][-1]
    assert revoked.by == user_of_role("commune_committee") and revoked.day == D(2026, 2, 1)
    assert "Phát hiện vụ việc nghiêm trọng" in response.content.decode()
    history = client.get(_url("assessment-history", assessment))
    assert history.status_code == 200


@pytest.mark.django_db
def test_revoke_before_the_decision_is_explained_beside_the_date(
    area, user_of_role, client, commune_ubnd
):
    unit = RatedUnitFactory(commune=area.commune_1)
    assessment = recognised([unit], 2025, issuer=commune_ubnd,
                            deciding_unit=area.commune_1).assessments.get()  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("assessment-revoke", assessment),
                           {"on": "2025-01-01", "reason": "Sai sót"})  # fmt: skip
    assert "on" in response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOGNISED


@pytest.mark.django_db
def test_detail_shows_computed_criteria_read_only_with_their_explanation(
    area, user_of_role, client
):
    unit = RatedUnitFactory(commune=area.commune_1, households=200)
    assessment = registered(unit, 2025)
    assessment_registration_update(assessment=assessment, fields={"households_registered": 150})
    client.force_login(user_of_role("leader"))
    response = client.get(_url("assessment-detail", assessment))
    page = response.content.decode()
    assert "Hệ thống tính, không nhập tay" in page
    assert "75,00% số hộ đăng ký, cần 100,00%" in page  # explanation of criterion 1
    assert 'data-failing="1" data-criterion="1"' in page
    assert not any(response.context[flag] for flag in (
        "can_self_assess", "can_edit_registration", "can_appraise", "can_return",
        "can_not_recognise", "can_revoke"))  # fmt: skip
    assert 'data-testid="action-' not in page


@pytest.mark.django_db
def test_detail_is_404_for_another_area(area, user_of_role, client):
    assessment = registered(RatedUnitFactory(commune=area.commune_1), 2025)
    for role in ("other_district_committee", "other_province_committee", "agency"):
        client.force_login(user_of_role(role))
        assert client.get(_url("assessment-detail", assessment)).status_code == 404
        assert client.get(_url("assessment-self-assess", assessment)).status_code in (403, 404)


@pytest.mark.django_db
def test_detail_query_count_is_bounded(
    area, user_of_role, client, commune_ubnd, django_assert_max_num_queries
):
    unit = RatedUnitFactory(commune=area.commune_1)
    decision = recognised([unit], 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    assessment = decision.assessments.get()
    for result in assessment.results.all():
        for i in range(3):
            # Attach directly: the dossier is closed, but its page must still cost the same.
            result.files.create(file=SimpleUploadedFile(f"t{i}.pdf", b"%PDF"), name=f"t{i}.pdf")
    client.force_login(user_of_role("standing_staff"))
    with django_assert_max_num_queries(16):
        response = client.get(_url("assessment-detail", assessment))
    assert response.content.decode().count("bi-paperclip") == 15


@pytest.mark.django_db
def test_work_queue_filters_by_status_kind_commune_and_text(area, user_of_role, client):
    waiting = self_assessed(RatedUnitFactory(commune=area.commune_1, name="Thôn Chờ Thẩm"), 2025)
    registered(RatedUnitFactory(commune=area.commune_1, name="Thôn Mới Đăng"), 2025)
    school = registered(RatedUnitFactory(kind=UnitKind.SCHOOL, commune=area.commune_2,
                                         name="Trường THPT Hoàng Đồng"), 2025)  # fmt: skip
    old = registered(RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1,
                                      name="Thôn Năm Cũ"), 2024)  # fmt: skip
    failing = appraised(RatedUnitFactory(commune=area.commune_1, name="Thôn Chưa Đạt"), 2025,
                        failing=("3", "5"))  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    url = reverse("safety_ratings:assessment-list")

    def pks(params):
        return {a.pk for a in client.get(url, params).context["assessments"]}

    assert pks({"year": 2025, "status": "self_assessed"}) == {waiting.pk}
    assert pks({"year": 2025, "kind": UnitKind.SCHOOL}) == {school.pk}
    assert pks({"year": 2025, "q": "thon cho tham"}) == {waiting.pk}
    assert pks({"year": 2024}) == {old.pk}
    assert pks({"year": "", "commune": area.commune_1.pk}) >= {old.pk, waiting.pk}
    rows = client.get(url, {"year": 2025, "status": "appraised"}).context["assessments"]
    assert [(a.pk, a.failed_count) for a in rows] == [(failing.pk, 2)]


@pytest.mark.django_db
def test_work_queue_defaults_to_this_year_and_stays_in_scope(area, user_of_role, client):
    this_year = timezone.localdate().year
    mine = registered(RatedUnitFactory(commune=area.commune_2), this_year)
    registered(RatedUnitFactory(commune=area.commune_1), this_year)
    client.force_login(user_of_role("other_district_committee"))
    response = client.get(reverse("safety_ratings:assessment-list"))
    assert [a.pk for a in response.context["assessments"]] == [mine.pk]
    assert response.context["filter_form"]["year"].value() == str(this_year)


@pytest.mark.django_db
def test_work_queue_query_count_is_bounded(
    area, user_of_role, client, django_assert_max_num_queries
):
    for i in range(60):
        unit = RatedUnitFactory(commune=area.commune_1 if i % 2 else area.commune_2,
                                name=f"Thôn Hàng {i}")  # fmt: skip
        (self_assessed if i % 3 else registered)(unit, 2025)
    client.force_login(user_of_role("standing_staff"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("safety_ratings:assessment-list"), {"year": 2025})
    assert len(response.context["assessments"]) == 50
