"""Recognition decisions through their pages: a decision for many units, refusals that name
every unit and its reason, the list and the detail with bounded queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from safety_ratings.models import Assessment, RecognitionDecision, UnitKind
from tests.directives.factories import make_document
from tests.organizations.factories import OrganizationFactory

from .factories import RatedUnitFactory, appraised, recognised

Status = Assessment.Status
CREATE = "safety_ratings:decision-create"


@pytest.fixture
def commune_ubnd(area):
    return OrganizationFactory(name="Ủy ban nhân dân xã Đồng Đăng", kind="peoples_committee",
                               unit=area.commune_1, document_series_code="UBND")  # fmt: skip


def _post_data(area, issuer, assessments, **overrides) -> dict:
    return {
        "year": 2025,
        "kind": UnitKind.RESIDENTIAL_AREA,
        "deciding_unit": area.commune_1.pk,
        "assessments": [a.pk for a in assessments],
        "number_symbol": "125/QĐ-UBND",
        "decided_on": "2025-11-25",
        "issuer": issuer.pk,
        "signing_authority": "",
        "signer_position": "Chủ tịch",
        "signer_name": "Nguyễn Văn Đồng",
        "document": "",
        **overrides,
    }


def _scope_query(area, deciding_unit=None) -> dict:
    return {"year": 2025, "kind": UnitKind.RESIDENTIAL_AREA,
            "deciding_unit": (deciding_unit or area.commune_1).pk}  # fmt: skip


def test_decision_create_recognises_every_ticked_unit(area, commune_ubnd, user_of_role, client):
    units = [RatedUnitFactory(commune=area.commune_1, name=f"Thôn Bản Cạn {n}") for n in (1, 2, 3)]
    assessments = [appraised(unit, 2025) for unit in units]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse(CREATE), _post_data(area, commune_ubnd, assessments))
    decision = RecognitionDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_ratings:decision-detail", args=[decision.pk])
    assert decision.number_symbol == "125/QĐ-UBND"
    assert decision.decided_on == datetime.date(2025, 11, 25)
    assert decision.created_by == user_of_role("commune_committee")
    assert set(decision.assessments.values_list("status", flat=True)) == {Status.RECOGNISED}
    assert decision.assessments.count() == 3
    page = client.get(response["Location"]).content.decode()
    for unit in units:
        assert unit.name in page
    assert "Xã Đồng Đăng" in page


def test_decision_create_refuses_a_failing_unit_naming_it_and_saves_nothing(
    area, commune_ubnd, user_of_role, client
):
    good = appraised(RatedUnitFactory(commune=area.commune_1, name="Thôn Nà Lầu"), 2025)
    bad = appraised(RatedUnitFactory(commune=area.commune_1, name="Thôn Khòn Pầy"), 2025,
                    failing=("3",))  # fmt: skip
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse(CREATE), _post_data(area, commune_ubnd, [good, bad]))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("Thôn Khòn Pầy" in e and "còn tiêu chí chưa đạt (3)" in e for e in errors)
    assert not any("Thôn Nà Lầu" in e for e in errors)
    content = response.content.decode()
    assert "alert-danger" in content and "Thôn Khòn Pầy" in content
    assert not RecognitionDecision.objects.exists()
    assert set(Assessment.objects.values_list("status", flat=True)) == {Status.APPRAISED}
    # The ticked units stay ticked, so the user only unticks the failing one.
    ticked = {a.pk for a, checked in response.context["candidates"] if checked}
    assert ticked == {good.pk, bad.pk}


def test_decision_create_refuses_the_wrong_deciding_level(area, commune_ubnd, user_of_role, client):
    assessment = appraised(RatedUnitFactory(commune=area.commune_1, name="Thôn Cốc Nam"), 2025)
    client.force_login(user_of_role("standing_staff"))
    response = client.post(
        reverse(CREATE),
        _post_data(area, commune_ubnd, [assessment], deciding_unit=area.province.pk),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Thôn Cốc Nam: thẩm quyền công nhận là Chủ tịch UBND cấp xã" in errors
    assert not RecognitionDecision.objects.exists()


def test_decision_create_lists_every_refused_unit_with_its_reason(
    area, commune_ubnd, user_of_role, client
):
    failing = [
        appraised(RatedUnitFactory(commune=area.commune_1, name=f"Thôn Lỗi {n}"), 2025,
                  failing=(number,))
        for n, number in ((1, "3"), (2, "4"))
    ]  # fmt: skip
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse(CREATE), _post_data(area, commune_ubnd, failing))
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Thôn Lỗi 1: còn tiêu chí chưa đạt (3)" in errors
    assert "Thôn Lỗi 2: còn tiêu chí chưa đạt (4)" in errors


def test_decision_create_refuses_a_unit_outside_the_deciding_area(
    area, commune_ubnd, user_of_role, client
):
    """A unit of another commune is not among the candidates: the form refuses it."""
    elsewhere = appraised(RatedUnitFactory(commune=area.commune_2), 2025)
    client.force_login(user_of_role("standing_staff"))
    response = client.post(reverse(CREATE), _post_data(area, commune_ubnd, [elsewhere]))
    assert response.status_code == 200
    assert response.context["form"].errors["assessments"]
    assert not RecognitionDecision.objects.exists()


def test_decision_create_requires_a_unit(area, commune_ubnd, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse(CREATE), _post_data(area, commune_ubnd, []))
    assert "Chọn ít nhất một đơn vị để công nhận." in response.context["form"].errors["assessments"]


def test_decision_create_fills_blanks_from_the_registered_document(
    area, commune_ubnd, user_of_role, client
):
    document = make_document(
        issuer=commune_ubnd, number_symbol="88/QĐ-UBND", type_name="Quyết định",
        type_code="QĐ", issue_date=datetime.date(2025, 11, 28), title="Công nhận khu dân cư",
        signer_name="Hoàng Thị Ựa", position="Phó Chủ tịch", authority="KT.",
    )  # fmt: skip
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    client.force_login(user_of_role("standing_staff"))
    data = _post_data(area, commune_ubnd, [assessment], number_symbol="", decided_on="",
                      signer_name="", signer_position="", document=document.pk)  # fmt: skip
    response = client.post(reverse(CREATE), data)
    assert response.status_code == 302, response.context["form"].errors
    decision = RecognitionDecision.objects.get()
    assert (decision.number_symbol, decision.decided_on) == (
        "88/QĐ-UBND",
        datetime.date(2025, 11, 28),
    )
    assert (decision.signer_name, decision.signer_position, decision.signing_authority) == (
        "Hoàng Thị Ựa", "Phó Chủ tịch", "KT.")  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert reverse("directives:document-detail", args=[document.pk]) in page
    assert 'data-testid="register-document"' not in page


def test_decision_create_needs_number_and_date_without_a_document(
    area, commune_ubnd, user_of_role, client
):
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse(CREATE),
        _post_data(area, commune_ubnd, [assessment], number_symbol="", decided_on=""),
    )
    assert response.status_code == 200
    assert "Ghi số, ký hiệu và ngày" in " ".join(response.context["form"].non_field_errors())
    assert Assessment.objects.get().status == Status.APPRAISED


def test_decision_create_page_shows_failing_criteria_and_selects_the_passing_units(
    area, commune_ubnd, user_of_role, client
):
    passing = [appraised(RatedUnitFactory(commune=area.commune_1), 2025) for _ in range(2)]
    failing = appraised(RatedUnitFactory(commune=area.commune_1, name="Thôn Pò Mã"), 2025,
                        failing=("3",))  # fmt: skip
    appraised(RatedUnitFactory(commune=area.commune_2), 2025)  # another commune: not listed
    client.force_login(user_of_role("commune_committee"))
    page = client.get(reverse(CREATE), _scope_query(area))
    rows = {a.pk: a for a, _checked in page.context["candidates"]}
    assert set(rows) == {*(a.pk for a in passing), failing.pk}
    assert [r.criterion.number for r in rows[failing.pk].failed] == ["3"]
    content = page.content.decode()
    assert "Còn tiêu chí chưa đạt" in content and "Thôn Pò Mã" in content
    assert "Chọn tất cả đơn vị đạt (2)" in content
    selected = client.get(reverse(CREATE), {**_scope_query(area), "chon": "dat"})
    ticked = {a.pk for a, checked in selected.context["candidates"] if checked}
    assert ticked == {a.pk for a in passing}


def test_decision_create_page_without_scope_asks_for_it(user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    page = client.get(reverse(CREATE))
    assert page.status_code == 200
    assert page.context["candidates"] == []
    assert "Chọn năm, loại đơn vị và cấp quyết định" in page.content.decode()


def test_decision_create_page_queries_do_not_grow_with_candidates(
    area, user_of_role, client, django_assert_max_num_queries
):
    for n in range(12):
        appraised(RatedUnitFactory(commune=area.commune_1), 2025,
                  failing=("3",) if n % 3 == 0 else ())  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    url = reverse(CREATE)
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url, _scope_query(area))
    assert len(response.context["candidates"]) == 12


def _many_decisions(area, issuer, count: int, *, start: int = 1) -> list[RecognitionDecision]:
    decisions = []
    for n in range(start, start + count):
        units = [RatedUnitFactory(commune=area.commune_1) for _ in range(2)]
        decisions.append(recognised(units, 2025, issuer=issuer, deciding_unit=area.commune_1,
                                    number=str(n)))  # fmt: skip
    return decisions


def test_decision_list_queries_are_bounded(
    area, commune_ubnd, user_of_role, client, django_assert_max_num_queries
):
    _many_decisions(area, commune_ubnd, 12)
    client.force_login(user_of_role("district_committee"))
    url = reverse("safety_ratings:decision-list")
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["decisions"]) == 12
    assert [d.unit_count for d in response.context["decisions"]] == [2] * 12
    _many_decisions(area, commune_ubnd, 8, start=20)
    with django_assert_max_num_queries(12):
        response = client.get(url, {"year": 2025, "kind": UnitKind.RESIDENTIAL_AREA})
    assert len(response.context["decisions"]) == 20


def test_decision_list_filters_by_year_and_kind(area, commune_ubnd, user_of_role, client):
    recognised([RatedUnitFactory(commune=area.commune_1)], 2025, issuer=commune_ubnd,
               deciding_unit=area.commune_1, number="7")  # fmt: skip
    school = RatedUnitFactory(kind=UnitKind.SCHOOL, commune=area.commune_1, name="Trường THPT")
    recognised([school], 2025, issuer=commune_ubnd, deciding_unit=area.commune_1, number="8")
    client.force_login(user_of_role("commune_committee"))
    url = reverse("safety_ratings:decision-list")
    numbers = [d.number_symbol for d in client.get(url, {"kind": "co_so_giao_duc"})
               .context["decisions"]]  # fmt: skip
    assert numbers == ["8/QĐ-UBND"]
    assert not client.get(url, {"year": 2024}).context["decisions"]


def test_decision_list_hides_other_areas(area, commune_ubnd, user_of_role, client):
    _many_decisions(area, commune_ubnd, 1)
    for role in ("other_district_committee", "other_province_committee", "agency"):
        client.force_login(user_of_role(role))
        assert not client.get(reverse("safety_ratings:decision-list")).context["decisions"]


def test_decision_detail_queries_do_not_grow_with_units(
    area, commune_ubnd, user_of_role, client, django_assert_max_num_queries
):
    units = [RatedUnitFactory(commune=area.commune_1) for _ in range(15)]
    decision = recognised(units, 2025, issuer=commune_ubnd, deciding_unit=area.commune_1)
    client.force_login(user_of_role("standing_staff"))
    url = reverse("safety_ratings:decision-detail", args=[decision.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["annex"]) == 15
    content = response.content.decode()
    assert "In giấy công nhận (15)" in content
    assert 'data-testid="register-document"' in content
    assert reverse("directives:document-create") in content


def test_decision_detail_is_404_outside_scope(area, commune_ubnd, user_of_role, client):
    decision = _many_decisions(area, commune_ubnd, 1)[0]
    url = reverse("safety_ratings:decision-detail", args=[decision.pk])
    for role in ("other_district_committee", "other_province_committee", "agency"):
        client.force_login(user_of_role(role))
        assert client.get(url).status_code == 404
    client.force_login(user_of_role("leader"))
    page = client.get(url).content.decode()
    # Leaders read; they neither print nor register.
    assert "In giấy công nhận" not in page and 'data-testid="register-document"' not in page


def test_decision_candidates_carry_ids_without_thousands_separators(
    area, commune_ubnd, user_of_role, client
):
    """Ids ≥ 1.000 rendered with the Vietnamese grouping ("1.948") were refused on submit."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('safety_ratings_assessment', 'id'), 12344)"
        )
    assessment = appraised(RatedUnitFactory(commune=area.commune_1), 2025)
    assert assessment.pk == 12345
    client.force_login(user_of_role("commune_committee"))
    content = client.get(reverse(CREATE), _scope_query(area)).content.decode()
    assert 'value="12345"' in content
    assert "12.345" not in content
