"""Pages of the rated units: success paths, refusals explained beside the field, the scope of
each area, and bounded query counts."""

import datetime

import pytest
from django.urls import reverse

from safety_ratings.models import RatedUnit, UnitKind

from .factories import RatedUnitFactory, registered

D = datetime.date


def _unit_data(area, **overrides):
    data = {"kind": UnitKind.RESIDENTIAL_AREA, "name": "Thôn Nà Thử", "commune": area.commune_1.pk,
            "local_type": "thon", "households": 150, "valid_from": "2020-01-01",
            "address": "Xã Đồng Đăng"}  # fmt: skip
    return data | overrides


@pytest.mark.django_db
def test_committee_adds_a_residential_area_and_sees_it(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse("safety_ratings:rated-unit-create"), _unit_data(area))
    unit = RatedUnit.objects.get(name="Thôn Nà Thử")
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_ratings:rated-unit-detail", args=[unit.pk])
    assert unit.search_key == "thon na thu xa dong dang"
    assert unit.created_by == user_of_role("commune_committee")
    page = client.get(response["Location"]).content.decode()
    assert "Thôn Nà Thử" in page and "Đang hiệu lực" in page and "01/01/2020" in page


@pytest.mark.django_db
def test_create_form_hides_the_commune_kind_and_marks_kind_fields(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    page = client.get(reverse("safety_ratings:rated-unit-create")).content.decode()
    assert 'value="xa"' not in page
    assert 'data-kinds="doanh_nghiep"' in page and 'data-kinds="co_so_giao_duc"' in page
    assert "js/safety_ratings_units.js" in page


@pytest.mark.django_db
def test_small_enterprise_refused_with_reason_beside_the_field(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:rated-unit-create"),
        _unit_data(area, kind=UnitKind.ENTERPRISE, name="Công ty TNHH Nhỏ Thử",
                   enterprise_size="small"),
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "nhỏ và siêu nhỏ" in " ".join(errors["enterprise_size"])
    assert not RatedUnit.objects.exists()


@pytest.mark.django_db
def test_armed_forces_agency_refused_beside_the_flag(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:rated-unit-create"),
        _unit_data(area, kind=UnitKind.AGENCY, name="Đồn Biên phòng", is_armed_forces="on"),
    )
    assert "lực lượng vũ trang" in " ".join(response.context["form"].errors["is_armed_forces"])
    assert not RatedUnit.objects.exists()


@pytest.mark.django_db
def test_create_refuses_a_commune_outside_the_users_scope(area, user_of_role, client):
    client.force_login(user_of_role("other_district_committee"))
    response = client.post(reverse("safety_ratings:rated-unit-create"), _unit_data(area))
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not RatedUnit.objects.exists()


@pytest.mark.django_db
def test_edit_and_end_a_unit(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1, name="Thôn Cũ Thử")
    client.force_login(user_of_role("district_committee"))
    response = client.post(
        reverse("safety_ratings:rated-unit-edit", args=[unit.pk]),
        _unit_data(area, name="Thôn Mới Thử", legacy_commune=area.old_commune_1.pk),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Thôn Mới Thử" and unit.legacy_commune == area.old_commune_1
    response = client.post(
        reverse("safety_ratings:rated-unit-end", args=[unit.pk]),
        {"valid_to": "2026-03-01", "end_reason": "Sáp nhập vào Thôn Nà Thử"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.valid_to == D(2026, 3, 1) and unit.end_reason == "Sáp nhập vào Thôn Nà Thử"
    page = client.get(reverse("safety_ratings:rated-unit-detail", args=[unit.pk])).content
    assert "Đã kết thúc" in page.decode()
    history = client.get(reverse("safety_ratings:rated-unit-history", args=[unit.pk]))
    assert "Thôn Cũ Thử" in history.content.decode()


@pytest.mark.django_db
def test_end_before_an_assessed_window_closes_is_explained_beside_the_date(
    area, user_of_role, client
):
    unit = RatedUnitFactory(commune=area.commune_1)
    registered(unit, 2025)
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:rated-unit-end", args=[unit.pk]),
        {"valid_to": "2025-06-01", "end_reason": "Giải thể"},
    )
    assert response.status_code == 200
    assert "đã có đánh giá năm 2025" in " ".join(response.context["form"].errors["valid_to"])
    unit.refresh_from_db()
    assert unit.valid_to is None


@pytest.mark.django_db
def test_unit_detail_lists_assessments_by_year_with_links(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    old, new = registered(unit, 2024), registered(unit, 2025)
    client.force_login(user_of_role("leader"))
    response = client.get(reverse("safety_ratings:rated-unit-detail", args=[unit.pk]))
    page = response.content.decode()
    assert [a.year for a in response.context["assessments"]] == [2025, 2024]
    assert "2.025" not in page  # years are not formatted as numbers
    for assessment in (old, new):
        assert reverse("safety_ratings:assessment-detail", args=[assessment.pk]) in page
    assert "Đã đăng ký" in page
    assert not response.context["can_edit"]
    assert reverse("safety_ratings:assessment-register", args=[unit.pk]) not in page


@pytest.mark.django_db
def test_unit_detail_is_404_for_another_area(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1)
    client.force_login(user_of_role("other_district_committee"))
    assert (
        client.get(reverse("safety_ratings:rated-unit-detail", args=[unit.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_unit_list_filters_and_searches_with_or_without_diacritics(area, user_of_role, client):
    school = RatedUnitFactory(kind=UnitKind.SCHOOL, name="Trường THPT Đồng Đăng",
                              commune=area.commune_1)  # fmt: skip
    hamlet = RatedUnitFactory(name="Thôn Đồng Bục", commune=area.commune_1,
                              legacy_commune=area.old_commune_1)  # fmt: skip
    other = RatedUnitFactory(name="Thôn Hoàng Thử", commune=area.commune_2)
    ended = RatedUnitFactory(name="Thôn Đã Nhập", commune=area.commune_1,
                             valid_to=D(2023, 12, 31))  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    url = reverse("safety_ratings:rated-unit-list")

    def names(params):
        return {u.name for u in client.get(url, params).context["units"]}

    assert names({}) == {school.name, hamlet.name, other.name, ended.name}
    assert names({"q": "dong"}) == {school.name, hamlet.name}
    assert names({"q": "Đồng Đăng"}) == {school.name}
    assert names({"q": "truong dong dang"}) == {school.name}
    assert names({"kind": UnitKind.SCHOOL}) == {school.name}
    assert names({"commune": area.commune_2.pk}) == {other.name}
    assert names({"year": 2025}) == {school.name, hamlet.name, other.name}
    assert names({"year": 2023}) == {school.name, hamlet.name, other.name, ended.name}


@pytest.mark.django_db
def test_unit_list_shows_the_years_status(area, user_of_role, client):
    unit = RatedUnitFactory(commune=area.commune_1, name="Thôn Có Hồ Sơ")
    assessment = registered(unit, 2025)
    client.force_login(user_of_role("commune_committee"))
    page = client.get(reverse("safety_ratings:rated-unit-list"), {"year": 2025}).content.decode()
    assert reverse("safety_ratings:assessment-detail", args=[assessment.pk]) in page
    assert "Năm 2025" in page and "Đã đăng ký" in page


@pytest.mark.django_db
def test_unit_list_scope_of_another_district(area, user_of_role, client):
    RatedUnitFactory(commune=area.commune_1)
    mine = RatedUnitFactory(commune=area.commune_2)
    client.force_login(user_of_role("other_district_committee"))
    response = client.get(reverse("safety_ratings:rated-unit-list"))
    assert [u.pk for u in response.context["units"]] == [mine.pk]
    assert not response.context["can_add_communes"]
    assert "Thêm các xã vào danh sách" not in response.content.decode()


@pytest.mark.django_db
def test_unit_list_query_count_is_bounded(
    area, user_of_role, client, django_assert_max_num_queries
):
    for i in range(60):
        unit = RatedUnitFactory(commune=area.commune_1 if i % 2 else area.commune_2,
                                legacy_commune=area.old_commune_1 if i % 2 else None,
                                name=f"Thôn Số {i}")  # fmt: skip
        if i % 3 == 0:
            registered(unit, 2025)
    client.force_login(user_of_role("standing_staff"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("safety_ratings:rated-unit-list"), {"q": "thon so"})
    assert len(response.context["units"]) == 50


@pytest.mark.django_db
def test_staff_adds_the_communes_of_the_scope_once(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    page = client.get(reverse("safety_ratings:rated-unit-list")).content.decode()
    assert "Thêm các xã vào danh sách" in page
    response = client.post(reverse("safety_ratings:rated-unit-communes-ensure"))
    assert response.status_code == 302
    communes = RatedUnit.objects.filter(kind=UnitKind.COMMUNE)
    assert {u.administrative_unit for u in communes} == {
        area.commune_1, area.commune_2, area.old_commune_1, area.old_commune_2,
    }  # fmt: skip
    client.post(reverse("safety_ratings:rated-unit-communes-ensure"))
    assert communes.count() == 4


@pytest.mark.django_db
def test_commune_unit_edit_keeps_its_kind(area, user_of_role, client):
    unit = RatedUnitFactory(kind=UnitKind.COMMUNE, commune=area.commune_1,
                            name=area.commune_1.name)  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    form = client.get(reverse("safety_ratings:rated-unit-edit", args=[unit.pk])).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [UnitKind.COMMUNE]


@pytest.mark.django_db
def test_commune_autocomplete_searches_the_scope_without_diacritics(area, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    found = client.get(reverse("safety_ratings:commune-autocomplete"), {"q": "dong dang"}).json()
    assert {r["value"] for r in found["results"]} == {area.commune_1.pk, area.old_commune_1.pk}
    legacy = client.get(reverse("safety_ratings:legacy-commune-autocomplete"), {"q": "dong"})
    assert [r["value"] for r in legacy.json()["results"]] == [area.old_commune_1.pk]
    client.force_login(user_of_role("other_province_committee"))
    found = client.get(reverse("safety_ratings:commune-autocomplete"), {"q": "dong"}).json()
    assert found["results"] == []
