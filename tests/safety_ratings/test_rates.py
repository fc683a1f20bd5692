"""Rates per area and year: eligibility by validity dates, the statuses each figure counts, the
era switch across the 2025 reform, the drill-down summing to its parent, the units not
recognised with the criterion they failed, bounded query counts, and the pages."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import AdministrativeUnit
from safety_ratings.forms import RatesParamsForm
from safety_ratings.models import Assessment, RatedUnit, RecognitionDecision, UnitKind
from safety_ratings.selectors.rate_areas import (
    default_era,
    default_year,
    rate_area,
    rate_area_find,
)
from safety_ratings.selectors.rate_drilldown import (
    child_level,
    rates_by_child,
    total_of,
    units_for_rates,
)
from safety_ratings.selectors.rates import percent_text, rate_of, rates_for, reference_days
from safety_ratings.selectors.units import criteria_version_for
from safety_ratings.services.assessments import assessment_not_recognise, assessment_revoke
from tests.organizations.factories import OrganizationFactory, UnitFactory, succession

from .factories import RatedUnitFactory, appraised, recognised, registered, self_assessed

D = datetime.date
Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level
Status = Assessment.Status
KDC = UnitKind.RESIDENTIAL_AREA
FIGURES = ("eligible", "registered", "assessed", "recognised")

pytestmark = pytest.mark.django_db


def figures(rate) -> tuple[int, int, int, int]:
    return tuple(getattr(rate, name) for name in FIGURES)


def by_kind(rates) -> dict:
    return {rate.kind: rate for rate in rates}


@pytest.fixture
def issuer(area):
    return OrganizationFactory(name="UBND xã Đồng Đăng cũ", kind="peoples_committee",
                               unit=area.old_commune_1)  # fmt: skip


@pytest.fixture
def case_2023(area, issuer):
    """Residential areas of the province in 2023 (reference day 31/10/2023)."""
    unit = RatedUnitFactory
    units = {
        # crossed the reform: under the old commune 1 in 2023, the new commune 1 now
        "recognised": unit(name="Thôn Công Nhận", commune=area.commune_1,
                           legacy_commune=area.old_commune_1),
        "failed": unit(name="Thôn Không Đạt", commune=area.commune_1,
                       legacy_commune=area.old_commune_1),
        "revoked": unit(name="Thôn Thu Hồi", commune=area.commune_2,
                        legacy_commune=area.old_commune_2),
        "registered": unit(name="Thôn Mới Đăng Ký", commune=area.commune_2,
                           legacy_commune=area.old_commune_2),
        "none": unit(name="Thôn Chưa Đăng Ký", commune=area.commune_2,
                     legacy_commune=area.old_commune_2),
        # ended before the reference day (a recognition row left from before does not count)
        "ended": unit(name="Thôn Đã Sáp Nhập", commune=area.old_commune_2),
        # founded after 2023
        "later": unit(name="Thôn Lập Sau", commune=area.commune_2, valid_from=D(2024, 3, 1)),
        "elsewhere": unit(name="Thôn Tỉnh Khác", commune=area.other_commune),
    }  # fmt: skip
    recognised([units["recognised"]], 2023, issuer=issuer, deciding_unit=area.old_commune_1)
    failed = appraised(units["failed"], 2023, failing=("3",))
    assessment_not_recognise(assessment=failed, reason="", by=None, on=D(2023, 11, 25))
    issuer_2 = OrganizationFactory(name="UBND xã Hoàng Đồng cũ", unit=area.old_commune_2)
    decision = recognised([units["revoked"]], 2023, issuer=issuer_2,
                          deciding_unit=area.old_commune_2, number="2")  # fmt: skip
    assessment_revoke(assessment=decision.assessments.get(), reason="Xảy ra vụ việc phức tạp",
                      by=None, on=D(2024, 2, 1))  # fmt: skip
    registered(units["registered"], 2023)
    stale = recognised([units["ended"]], 2023, issuer=issuer_2, deciding_unit=area.old_commune_2,
                       number="3")  # fmt: skip
    assert stale.assessments.get().status == Status.RECOGNISED
    # The unit was ended afterwards behind the services' back: still never counted.
    RatedUnit.objects.filter(pk=units["ended"].pk).update(valid_to=D(2023, 6, 30))
    return units


def test_reference_days_follow_criteria_version_for():
    for year in range(2013, 2031):
        days = reference_days(year)
        for kind in UnitKind.values:
            assert days[kind] == criteria_version_for(kind, year).window_for(year)[1]
    assert reference_days(2023)[KDC] == D(2023, 10, 31)
    assert reference_days(2020)[UnitKind.SCHOOL] == D(2020, 5, 31)


def _params(**data) -> dict:
    form = RatesParamsForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_rates_params_fall_back_to_defaults_on_missing_or_bad_values():
    today = timezone.localdate()
    assert _params() == {"year": default_year(today), "area": None, "era": "", "kind": None}
    for year in ("abc", "2011", str(today.year + 2), ""):
        assert _params(year=year)["year"] == default_year(today)
    assert _params(year="2012")["year"] == 2012
    assert _params(year=str(today.year + 1))["year"] == today.year + 1
    assert _params(era="2025")["era"] == Era.REFORM_2025
    assert _params(era="legacy")["era"] == Era.LEGACY
    assert _params(era="1975")["era"] == ""
    assert _params(kind=KDC)["kind"] == KDC
    assert _params(kind="bogus")["kind"] is None
    assert _params(area="")["area"] == ""
    assert _params(area="12")["area"] == 12
    assert not RatesParamsForm({"area": "abc"}).is_valid()


def test_rate_is_rounded_half_up_to_two_decimals():
    assert rate_of(1, 800) == Decimal("0.13")  # 0.125: half up, not to even
    assert rate_of(2, 3) == Decimal("66.67")
    assert rate_of(3321, 3505) == Decimal("94.75")
    assert rate_of(0, 0) == Decimal("0.00")
    assert percent_text(Decimal("94.75")) == "94,75%"
    assert percent_text(Decimal("98.90")) == "98,9%"
    assert percent_text(Decimal("100.00")) == "100%"


def test_rates_for_counts_eligible_units_by_validity_and_status(area, case_2023):
    rates = by_kind(rates_for(area.province, 2023))
    assert list(by_kind(rates_for(area.province, 2023))) == UnitKind.values
    kdc = rates[KDC]
    # eligible: the five units valid on 31/10/2023 (not the ended, later or other-province ones)
    assert figures(kdc) == (5, 4, 3, 1)
    assert kdc.rate == Decimal("20.00")
    assert kdc.sentence == "1 / 5 khu dân cư — 20%"
    assert kdc.reference_day == D(2023, 10, 31)
    assert kdc.not_recognised == 4
    assert rates[UnitKind.AGENCY].eligible == 0
    assert rates[UnitKind.AGENCY].rate_text == "—"
    assert rates[UnitKind.AGENCY].rate == Decimal("0.00")


def test_rates_for_never_exceeds_one_hundred_percent(area, case_2023):
    # Only recognised units here: the ended unit's recognition row is not counted.
    rates = by_kind(rates_for(area.old_commune_2, 2023))[KDC]
    assert figures(rates) == (3, 2, 1, 0)
    area_1 = by_kind(rates_for(area.old_commune_1, 2023))[KDC]
    assert (area_1.eligible, area_1.recognised, area_1.rate) == (2, 1, Decimal("50.00"))
    assert Assessment.objects.filter(year=2023, status=Status.RECOGNISED).count() == 2


def test_rates_for_counts_a_unit_once_when_both_its_communes_are_in_the_area(area, case_2023):
    # district 1's area holds the old commune 1 and its successor, the new commune 1
    ids = rate_area(area.district_1).unit_ids
    assert {area.old_commune_1.pk, area.commune_1.pk} <= ids
    assert figures(by_kind(rates_for(area.district_1, 2023))[KDC]) == (2, 2, 2, 1)


def test_rates_for_same_total_whichever_era_names_the_province(area, case_2023):
    new = by_kind(rates_for(area.province, 2023))[KDC]
    old = by_kind(rates_for(area.legacy_province, 2023))[KDC]
    assert figures(new) == figures(old)


def test_rates_for_compares_with_last_year(area, case_2023, issuer):
    recognised([case_2023["failed"]], 2022, issuer=issuer, deciding_unit=area.old_commune_1,
               number="9")  # fmt: skip
    kdc = by_kind(rates_for(area.province, 2023))[KDC]
    # 2022 also counts the unit ended in mid-2023
    assert figures(kdc.previous) == (6, 1, 1, 1)
    assert kdc.previous.rate == Decimal("16.67")
    assert kdc.change == Decimal("3.33")
    assert kdc.change_text == "+3,33 điểm %"


def test_drilldown_by_old_districts_sums_to_the_province(area, case_2023):
    rows = rates_by_child(area.province, 2023, Era.LEGACY)
    assert [row.unit for row in rows] == [area.district_1, area.district_2]
    assert figures(rows[0].kinds[KDC]) == (2, 2, 2, 1)
    assert figures(rows[1].kinds[KDC]) == (3, 2, 1, 0)
    parent = by_kind(rates_for(area.province, 2023))
    for kind in UnitKind.values:
        assert figures(total_of(rows, kind)) == figures(parent[kind])


def test_drilldown_2023_by_new_communes_equals_the_legacy_total(area, case_2023):
    # a unit ended before the reform, never moved: its old commune's main successor takes it
    RatedUnitFactory(name="Thôn Cũ Giải Thể", commune=area.old_commune_1, valid_to=D(2024, 12, 1))
    rows = rates_by_child(area.province, 2023, Era.REFORM_2025)
    assert [row.unit for row in rows] == [area.commune_1, area.commune_2]
    assert figures(rows[0].kinds[KDC]) == (3, 2, 2, 1)
    legacy_total = by_kind(rates_for(area.legacy_province, 2023))[KDC]
    assert figures(total_of(rows, KDC)) == figures(legacy_total) == (6, 4, 3, 1)
    by_districts = rates_by_child(area.legacy_province, 2023, Era.LEGACY)
    assert figures(total_of(by_districts, KDC)) == figures(legacy_total)


def test_drilldown_2025_by_old_units_follows_the_units_legacy_commune(area, issuer):
    crossed = RatedUnitFactory(commune=area.commune_2, legacy_commune=area.old_commune_2)
    founded_after = RatedUnitFactory(commune=area.commune_1, valid_from=D(2025, 8, 1))
    registered(crossed, 2025)
    registered(founded_after, 2025)
    rows = rates_by_child(area.province, 2025, Era.LEGACY)
    assert [row.unit for row in rows] == [area.district_1, area.district_2]
    # the new unit has no old commune: the first main predecessor of its commune places it
    assert figures(rows[0].kinds[KDC]) == (1, 1, 0, 0)
    assert figures(rows[1].kinds[KDC]) == (1, 1, 0, 0)
    by_communes = rates_by_child(area.province, 2025)
    assert [row.unit for row in by_communes] == [area.commune_1, area.commune_2]
    assert figures(total_of(rows, KDC)) == figures(total_of(by_communes, KDC)) == (2, 2, 0, 0)


def test_drilldown_keeps_units_it_cannot_place_on_an_other_row(area):
    new_commune = UnitFactory(name="Đặc khu Thử", short_name="Thử", level=Level.COMMUNE,
                              parent=area.province, unit_type="Đặc khu", code="90009")  # fmt: skip
    RatedUnitFactory(commune=new_commune, valid_from=D(2025, 7, 1))
    RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    rows = rates_by_child(area.province, 2025, Era.LEGACY)
    assert rows[-1].is_other and rows[-1].kinds[KDC].eligible == 1
    parent = by_kind(rates_for(area.province, 2025))[KDC]
    assert figures(total_of(rows, KDC)) == figures(parent) == (2, 0, 0, 0)


def test_drilldown_levels(area, case_2023):
    nation = rates_by_child(None, 2023, Era.REFORM_2025)
    provinces = {row.unit for row in nation}
    assert {area.province, area.other_province} <= provinces
    assert all(row.unit.era == Era.REFORM_2025 for row in nation if row.unit)
    national = by_kind(rates_for(None, 2023))[KDC]
    assert figures(total_of(nation, KDC)) == figures(national) == (6, 4, 3, 1)
    legacy_nation = rates_by_child(None, 2023)
    assert area.legacy_province in {row.unit for row in legacy_nation}
    assert figures(total_of(legacy_nation, KDC)) == (6, 4, 3, 1)
    communes = rates_by_child(area.district_2, 2023)
    assert [row.unit for row in communes] == [area.old_commune_2]
    assert figures(communes[0].kinds[KDC]) == (3, 2, 1, 0)
    assert rates_by_child(area.old_commune_2, 2023) == []
    assert child_level(rate_area(area.commune_1), Era.LEGACY) is None
    assert default_era(2024) == Era.LEGACY and default_era(2025) == Era.REFORM_2025


def test_units_not_recognised_show_status_and_failed_criterion(area, case_2023):
    units = list(units_for_rates(area.province, 2023, kind=KDC, not_recognised_only=True))
    names = {unit.name: unit for unit in units}
    assert set(names) == {"Thôn Không Đạt", "Thôn Thu Hồi", "Thôn Mới Đăng Ký",
                          "Thôn Chưa Đăng Ký"}  # fmt: skip
    failed = names["Thôn Không Đạt"].year_assessments[0]
    assert failed.status == Status.NOT_RECOGNISED
    assert [r.criterion.number for r in failed.failed_results] == ["3"]
    assert names["Thôn Thu Hồi"].year_assessments[0].status == Status.REVOKED
    assert names["Thôn Chưa Đăng Ký"].year_assessments == []
    assert names["Thôn Không Đạt"].commune_name == area.old_commune_1.name
    everyone = units_for_rates(area.old_commune_1, 2023, kind=KDC)
    assert {unit.name for unit in everyone} == {"Thôn Công Nhận", "Thôn Không Đạt"}


def test_self_failed_criterion_shows_before_appraisal(area):
    unit = RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1)
    self_assessed(unit, 2024, failing=("4",))
    [row] = units_for_rates(area.province, 2024, kind=KDC, not_recognised_only=True)
    assert [r.criterion.number for r in row.year_assessments[0].failed_results] == ["4"]


def test_rate_area_find_by_code_or_name_prefers_the_year_era(area):
    assert rate_area_find("90", year=2023) == area.legacy_province
    assert rate_area_find("90", year=2025) == area.province
    assert rate_area_find("lang thu", year=2024) == area.legacy_province
    assert rate_area_find("Tỉnh Lạng Thử", year=2025) == area.province
    assert rate_area_find("huyen cao thu", year=2025) == area.district_1
    assert rate_area_find("", year=2025) is None
    assert rate_area_find("Toàn quốc", year=2025) is None
    with pytest.raises(ValidationError) as unknown:
        rate_area_find("Lạng Thủ Đô", year=2024)
    assert "Có phải" in unknown.value.messages[0] and "Lạng Thử" in unknown.value.messages[0]
    # a city with the province's short name: the short name means the province, the full
    # name the city
    city = UnitFactory(name="Thành phố Lạng Thử", short_name="Lạng Thử", level=Level.DISTRICT,
                       era=Era.LEGACY, parent=area.legacy_province, unit_type="Thành phố",
                       code="900")  # fmt: skip
    assert rate_area_find("Lạng Thử", year=2024) == area.legacy_province
    assert rate_area_find("thanh pho lang thu", year=2024) == city
    assert rate_area_find("Thành phố Lạng Thử", year=2025) == city
    UnitFactory(name="Xã Đồng Đăng", short_name="Đồng Đăng", level=Level.COMMUNE,
                parent=area.other_province, unit_type="Xã", code="91002")  # fmt: skip
    with pytest.raises(ValidationError) as ambiguous:
        rate_area_find("xa dong dang", year=2025)
    message = ambiguous.value.messages[0]
    assert "Có 2 đơn vị" in message and "90001" in message and "91002" in message


def _many(area, *, communes: int = 8, units: int = 3) -> None:
    """Old and new communes with units and assessments in 2023 and 2024, written in bulk."""
    issuer = OrganizationFactory(unit=area.province)
    decisions = {
        year: RecognitionDecision.objects.create(
            year=year, kind=KDC, number_symbol=f"{year}/QĐ", decided_on=D(year, 11, 25),
            issuer=issuer, deciding_unit=area.province, signer_name="A", signer_position="B",
        )
        for year in (2023, 2024)
    }  # fmt: skip
    statuses = [Status.RECOGNISED, Status.NOT_RECOGNISED, Status.SELF_ASSESSED, Status.REVOKED]
    for n in range(communes):
        old = UnitFactory(name=f"Xã Cũ {n}", level=Level.COMMUNE, era=Era.LEGACY,
                          parent=area.district_1, unit_type="Xã", code=f"95{n:03d}")  # fmt: skip
        new = UnitFactory(name=f"Xã Mới {n}", level=Level.COMMUNE, parent=area.province,
                          unit_type="Xã", code=f"96{n:03d}")  # fmt: skip
        succession(old, new)
        made = RatedUnit.objects.bulk_create(
            RatedUnit(kind=KDC, name=f"Thôn {n}-{i}", search_key=f"thon {n} {i}", commune=new,
                      legacy_commune=old, local_type="thon", valid_from=D(2015, 1, 1))
            for i in range(units)
        )  # fmt: skip
        Assessment.objects.bulk_create(
            Assessment(
                rated_unit=unit, year=year, kind=KDC, commune=old,
                criteria_version=criteria_version_for(KDC, year), registered_on=D(year, 2, 1),
                status=statuses[i % len(statuses)],
                decision=decisions[year] if statuses[i % len(statuses)] == Status.RECOGNISED
                else None,
            )
            for i, unit in enumerate(made)
            for year in (2023, 2024)
        )  # fmt: skip


def test_selectors_run_a_fixed_number_of_queries(area, case_2023, django_assert_max_num_queries):
    _many(area)
    place = rate_area(area.province)
    with django_assert_max_num_queries(4):
        rates = rates_for(place, 2024)
    assert by_kind(rates)[KDC].eligible == 8 * 3 + 6
    with django_assert_max_num_queries(8):
        rows = rates_by_child(place, 2024, Era.LEGACY)
    assert total_of(rows, KDC).eligible == 8 * 3 + 6
    with django_assert_max_num_queries(5):
        units = list(units_for_rates(place, 2024, kind=KDC, not_recognised_only=True))
        assert all(hasattr(unit.year_assessments[0], "failed_results")
                   for unit in units if unit.year_assessments)  # fmt: skip


# HTML pages count one more query than the exports: the notification bell's unread count.
@pytest.mark.parametrize(
    ("url_name", "params", "bound"),
    [
        ("rates", {"year": 2024}, 13),
        ("rates-drilldown", {"year": 2024, "kind": KDC}, 16),
        ("rates-drilldown", {"year": 2024, "kind": KDC, "era": "2025"}, 16),
        ("rates-not-recognised", {"year": 2024, "kind": KDC}, 16),
        ("rates-export", {"year": 2024}, 11),
        ("rates-drilldown-export", {"year": 2024}, 14),
    ],
)
def test_pages_run_a_bounded_number_of_queries(
    area, user_of_role, client, django_assert_max_num_queries, url_name, params, bound
):
    _many(area, communes=12, units=4)
    client.force_login(user_of_role("standing_staff"))
    url = reverse(f"safety_ratings:{url_name}")
    with django_assert_max_num_queries(bound):
        response = client.get(url, params)
    assert response.status_code == 200


def test_commune_drilldown_lists_units_in_bounded_queries(
    area, user_of_role, client, django_assert_max_num_queries
):
    _many(area, communes=1, units=30)
    commune = AdministrativeUnit.objects.get(code="95000")
    client.force_login(user_of_role("standing_staff"))
    url = reverse("safety_ratings:rates-drilldown")
    with django_assert_max_num_queries(18):  # with the notification bell's count
        response = client.get(url, {"year": 2024, "kind": KDC, "area": commune.pk})
    assert response.status_code == 200
    assert response.content.decode().count('data-unit="') == 30


def test_rates_page_shows_the_sentence_and_links_down(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.get(reverse("safety_ratings:rates"), {"year": 2023})
    page = response.content.decode()
    assert response.context["area"].unit == area.province
    assert "1 / 5 khu dân cư — 20%" in page
    assert "Thuộc diện đánh giá" in page and "Cách tính các số liệu" in page
    assert reverse("safety_ratings:rates-drilldown") in page
    drill = client.get(reverse("safety_ratings:rates-drilldown"),
                       {"year": 2023, "kind": KDC, "area": area.province.pk})  # fmt: skip
    assert [line.row.unit for line in drill.context["lines"]] == [area.district_1, area.district_2]
    assert "1 / 5 khu dân cư — 20%" in drill.content.decode()
    missing = client.get(reverse("safety_ratings:rates-not-recognised"),
                         {"year": 2023, "kind": KDC, "area": area.district_1.pk})  # fmt: skip
    text = missing.content.decode()
    assert "Thôn Không Đạt" in text and "Tiêu chí 3" in text and "Thôn Công Nhận" not in text


def test_drilldown_tab_answers_htmx_with_the_partial(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.get(reverse("safety_ratings:rates-drilldown"),
                          {"year": 2023, "kind": KDC}, HTTP_HX_REQUEST="true")  # fmt: skip
    text = response.content.decode()
    assert 'id="rates-drilldown"' in text and "<html" not in text


def test_rates_exports_are_spreadsheets_with_the_figures(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.get(reverse("safety_ratings:rates-export"), {"year": 2023})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Loại đơn vị", "Thuộc diện đánh giá", "Đã đăng ký", "Đã tự đánh giá",
                           "Được công nhận", "Tỷ lệ (%)")  # fmt: skip
    kdc = next(row for row in rows if row[0] == "khu dân cư")
    assert kdc[1:6] == (5, 4, 3, 1, 20.0)
    assert kdc[-1] == "1 / 5 khu dân cư — 20%"
    drill = client.get(reverse("safety_ratings:rates-drilldown-export"),
                       {"year": 2023, "kind": KDC})  # fmt: skip
    rows = list(load_workbook(io.BytesIO(drill.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows if row[2] == "khu dân cư"] == ["Huyện Cao Thử", "Huyện Văn Thử"]
    units = client.get(reverse("safety_ratings:rates-drilldown-export"),
                       {"year": 2023, "kind": KDC, "area": area.old_commune_1.pk})  # fmt: skip
    rows = list(load_workbook(io.BytesIO(units.content)).active.iter_rows(values_only=True))
    failed = next(row for row in rows if row[1] == "Thôn Không Đạt")
    assert failed[3] == "Không được công nhận" and failed[4].startswith("3. ")


def test_admin_defaults_to_the_whole_country(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("admin"))
    response = client.get(reverse("safety_ratings:rates"), {"year": 2023})
    assert response.context["area"].is_nation
    assert "Toàn quốc" in response.content.decode()
    kdc = by_kind([line.rate for line in response.context["lines"]])[KDC]
    assert figures(kdc) == (6, 4, 3, 1)


def test_area_outside_scope_is_not_found(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    url = reverse("safety_ratings:rates")
    assert client.get(url, {"year": 2023, "area": area.district_2.pk}).status_code == 404
    assert client.get(url, {"year": 2023, "area": area.other_province.pk}).status_code == 404
    assert client.get(url, {"year": 2023, "area": "abc"}).status_code == 404
    own = client.get(url, {"year": 2023, "area": ""})
    assert own.context["area"].unit == area.district_1
    assert figures(by_kind([line.rate for line in own.context["lines"]])[KDC]) == (2, 2, 2, 1)


def test_commune_committee_counts_only_its_scope(area, case_2023, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.get(reverse("safety_ratings:rates"), {"year": 2023})
    assert response.context["area"].unit == area.commune_1
    kdc = by_kind([line.rate for line in response.context["lines"]])[KDC]
    assert figures(kdc) == (2, 2, 2, 1)
