"""Counts as of a date, by level, category and area (both eras), and the review-due list."""

import datetime

import pytest

from models_registry.selectors.counts import counts_sentence, model_counts
from models_registry.selectors.models import model_list, models_needing_review
from models_registry.services.activity import site_end
from models_registry.services.models import model_recognize, model_retire
from tests.models_registry.factories import add_review, add_site, make_model

D = datetime.date


def _by(rows):
    return {row.label: row.count for row in rows}


@pytest.fixture
def registry(area):
    """Models of Tỉnh Lạng Thử over the years, one retired in 2023, one in another province."""
    tinh_uy = make_model(
        unit=area.province,
        name="Khu dân cư 5 không",
        level_code="tinh-uy",
        started_on=D(2018, 3, 1),
        category_order=1,
    )
    ubnd = make_model(
        unit=area.province,
        name="Camera giám sát ANTT",
        level_code="ubnd-tinh",
        started_on=D(2020, 6, 1),
        category_order=3,
    )
    # filed under the old district before the reform
    district = make_model(
        unit=area.district_1,
        name="Liền canh, liền cư",
        level_code="cap-huyen-cap-xa",
        started_on=D(2019, 1, 10),
        category_order=6,
    )
    commune = make_model(
        unit=area.commune_2,
        name="Dòng họ tự quản",
        level_code="cap-xa",
        started_on=D(2021, 4, 1),
        category_order=2,
    )
    other = make_model(
        unit=area.other_province, name="Xa lạ", level_code="tinh-uy", started_on=D(2018, 1, 1)
    )
    add_site(tinh_uy, unit=area.old_commune_1, started_on=D(2018, 5, 1), teams=3, members=20)
    ended = add_site(tinh_uy, unit=area.old_commune_2, started_on=D(2019, 1, 1), teams=2)
    site_end(site=ended, on=D(2022, 1, 1))
    add_site(district, unit=area.old_commune_1, started_on=D(2019, 2, 1), teams=4, members=30)
    add_site(commune, unit=area.commune_2, started_on=D(2021, 5, 1), teams=1)
    add_site(other, unit=area.other_commune, started_on=D(2018, 2, 1), teams=9)
    model_retire(model=district, on=D(2023, 3, 31), reason="Không hiệu quả")
    model_recognize(model=tinh_uy, on=D(2021, 8, 19), level="Bộ Công an", decision="1/QĐ-BCA")
    return {"tinh_uy": tinh_uy, "ubnd": ubnd, "district": district, "commune": commune,
            "other": other}  # fmt: skip


@pytest.mark.django_db
def test_counts_past_date_includes_model_retired_later(area, registry, user_of_role):
    staff = user_of_role("standing_staff")
    counts = model_counts(user=staff, on=D(2021, 12, 31), area=area.province)
    assert counts.active == 4  # the model retired in 2023 still counts for 2021
    by_level = _by(counts.by_level)
    assert by_level["Tỉnh ủy"] == 1
    assert by_level["UBND tỉnh"] == 1
    assert by_level["Cấp huyện chỉ đạo, cấp xã xây dựng"] == 1
    assert by_level["Cấp xã"] == 1
    assert by_level["Công an tỉnh và các ban, ngành, đoàn thể"] == 0
    assert counts.new_in_year == 1  # Dòng họ tự quản, 2021
    assert counts.retired_in_year == 0
    assert counts.exemplary == 1
    # sites on 31/12/2021: two of the first model, one of the district's, one of the commune's
    assert counts.sites == 4
    assert counts.teams == 3 + 2 + 4 + 1


@pytest.mark.django_db
def test_counts_after_retirement_and_site_end(area, registry, user_of_role):
    staff = user_of_role("standing_staff")
    counts = model_counts(user=staff, on=D(2023, 12, 31), area=area.province)
    assert counts.active == 3
    assert counts.retired_in_year == 1
    assert counts.retired == 1
    assert counts.new_in_year == 0
    assert counts.sites == 2  # one site ended in 2022, the retired model's site closed
    assert counts.teams == 3 + 1


@pytest.mark.django_db
def test_counts_before_anything_started(area, registry, user_of_role):
    counts = model_counts(user=user_of_role("admin"), on=D(2017, 12, 31))
    assert counts.active == 0 and counts.sites == 0


@pytest.mark.django_db
def test_counts_by_category_and_area(area, registry, user_of_role):
    counts = model_counts(user=user_of_role("standing_staff"), on=D(2021, 12, 31),
                          area=area.province)  # fmt: skip
    by_category = {row.pk: row.count for row in counts.by_category}
    assert by_category[registry["tinh_uy"].category_id] == 1
    assert by_category[registry["ubnd"].category_id] == 1
    assert sum(by_category.values()) == 4
    assert _by(counts.by_area) == {"Tỉnh Lạng Thử": 2, "Huyện Cao Thử": 1, "Phường Hoàng Đồng": 1}


@pytest.mark.django_db
def test_counts_for_an_old_district_reach_the_new_communes(area, registry, user_of_role):
    """An area is read in both eras: old district 1's commune became new commune 1."""
    admin = user_of_role("admin")
    counts = model_counts(user=admin, on=D(2021, 12, 31), area=area.district_1)
    assert counts.active == 1  # the district's own model
    assert counts.sites == 2  # two sites ran in its old commune
    new_commune = model_counts(user=admin, on=D(2021, 12, 31), area=area.commune_2)
    assert new_commune.active == 1  # Dòng họ tự quản
    assert new_commune.sites == 2  # its own site and the first model's site in the old commune 2


@pytest.mark.django_db
def test_counts_stay_within_the_users_scope(area, registry, user_of_role):
    nationwide = model_counts(user=user_of_role("admin"), on=D(2021, 12, 31))
    assert nationwide.active == 5
    other = model_counts(user=user_of_role("other_province_committee"), on=D(2021, 12, 31))
    assert other.active == 1 and other.teams == 9


@pytest.mark.django_db
def test_counts_sentence_in_the_provinces_words(area, registry, user_of_role):
    counts = model_counts(user=user_of_role("standing_staff"), on=D(2021, 12, 31),
                          area=area.province)  # fmt: skip
    assert counts_sentence(counts) == (
        "4 mô hình; trong đó 1 mô hình do Tỉnh ủy phát động; 1 mô hình do UBND tỉnh phát động; "
        "1 mô hình do cấp huyện chỉ đạo, cấp xã xây dựng; 1 mô hình do cấp xã xây dựng."
    )


def test_counts_sentence_formats_numbers_the_vietnamese_way():
    from models_registry.selectors.counts import LabelledCount, ModelCounts

    counts = ModelCounts(date=D(2025, 12, 31), area=None, active=3321,
                         by_level=[LabelledCount("Cấp xã", 3321)])  # fmt: skip
    assert counts_sentence(counts, {"Cấp xã": "do cấp xã xây dựng"}) == (
        "3.321 mô hình; trong đó 3.321 mô hình do cấp xã xây dựng."
    )


@pytest.mark.django_db
def test_needs_review_lists_unreviewed_and_formal_models(area, user_of_role):
    staff = user_of_role("standing_staff")
    today = D(2026, 6, 1)
    never = make_model(unit=area.province, name="Chưa sơ kết", started_on=D(2020, 1, 1))
    recent = make_model(unit=area.province, name="Mới sơ kết", started_on=D(2020, 1, 1))
    add_review(recent, on=D(2025, 12, 1))
    old = make_model(unit=area.province, name="Sơ kết lâu", started_on=D(2019, 1, 1))
    add_review(old, on=D(2023, 1, 1))
    formal = make_model(unit=area.province, name="Hình thức", started_on=D(2019, 1, 1))
    add_review(formal, on=D(2026, 1, 1), assessment="formal")
    young = make_model(unit=area.province, name="Mới ra mắt", started_on=D(2025, 9, 1))
    retired = make_model(unit=area.province, name="Đã thanh loại", started_on=D(2019, 1, 1))
    model_retire(model=retired, on=D(2022, 1, 1), reason="Không hiệu quả")
    due = set(models_needing_review(user=staff, today=today))
    assert due == {never, old, formal}
    assert recent not in due and young not in due
    assert set(models_needing_review(user=staff, years=4, today=today)) == {never, formal}


@pytest.mark.django_db
def test_model_list_annotates_open_sites_and_last_review(area, registry, user_of_role):
    rows = {m.name: m for m in model_list(user=user_of_role("standing_staff"))}
    assert rows["Khu dân cư 5 không"].site_count == 1
    assert rows["Khu dân cư 5 không"].team_count == 3
    assert "Xa lạ" not in rows
