"""The assessment grid: its services (registration on the first cell, completion, refusals),
its selector, and its pages (row partial over htmx, errors in the row, bounded queries)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safety_ratings.models import Assessment, CriteriaVersion, UnitKind
from safety_ratings.selectors.grid import grid_for
from safety_ratings.selectors.units import criteria_version_for
from safety_ratings.services.grid import (
    grid_cell_set,
    grid_registration_set,
    grid_row_fill,
)

from .factories import RatedUnitFactory, appraised, registered, self_assessed

Status = Assessment.Status
YEAR = 2025
IN_YEAR = datetime.date(YEAR, 2, 10)
THIS_YEAR = timezone.localdate().year


def _criteria(year: int = YEAR, kind: str = UnitKind.RESIDENTIAL_AREA) -> dict:
    return {c.number: c for c in criteria_version_for(kind, year).criteria.all()}


def _typed(year: int = YEAR) -> list:
    return [c for c in _criteria(year).values() if not c.is_computed]


def _unit(area, name="Thôn Lũng Thử", **kwargs):
    return RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1,
                            name=name, **kwargs)  # fmt: skip


# -- services -------------------------------------------------------------------------------


def test_grid_cell_set_registers_the_unit_on_its_first_cell(area):
    unit = _unit(area)
    criterion = _criteria()["2"]
    assessment = grid_cell_set(rated_unit=unit, year=YEAR, criterion=criterion, met=True,
                               by=None, on=IN_YEAR)  # fmt: skip
    assert assessment.status == Status.REGISTERED
    assert assessment.registered_on == IN_YEAR
    assert assessment.party_resolution == ""
    assert assessment.households_total == unit.households
    assert assessment.results.get(criterion=criterion).self_met is True
    # The households criterion is computed: without a resolution it does not pass.
    households = assessment.results.get(criterion__number="1")
    assert households.self_met is False
    assert "nghị quyết" in households.evidence


def test_grid_cell_set_completes_the_self_assessment_and_clearing_reopens_it(area):
    unit = _unit(area)
    typed = _typed()
    for criterion in typed:
        assessment = grid_cell_set(rated_unit=unit, year=YEAR, criterion=criterion, met=True,
                                   by=None, on=IN_YEAR)  # fmt: skip
    assert assessment.status == Status.SELF_ASSESSED
    assert Assessment.objects.filter(rated_unit=unit).count() == 1
    assessment = grid_cell_set(rated_unit=unit, year=YEAR, criterion=typed[0], met=None,
                               by=None, on=IN_YEAR)  # fmt: skip
    assert assessment.status == Status.REGISTERED
    assert assessment.results.get(criterion=typed[0]).self_met is None


def test_grid_cell_set_keeps_the_criterion_evidence(area):
    unit = _unit(area)
    assessment = registered(unit, YEAR)
    criterion = _criteria()["3"]
    result = assessment.results.get(criterion=criterion)
    result.evidence = "Biên bản họp ngày 10/10"
    result.save()
    grid_cell_set(rated_unit=unit, year=YEAR, criterion=criterion, met=False, by=None)
    result.refresh_from_db()
    assert result.self_met is False
    assert result.evidence == "Biên bản họp ngày 10/10"


def test_grid_cell_set_refuses_a_dossier_already_appraised(area):
    unit = _unit(area)
    appraised(unit, YEAR)
    criterion = _criteria()["2"]
    with pytest.raises(ValidationError) as error:
        grid_cell_set(rated_unit=unit, year=YEAR, criterion=criterion, met=False, by=None)
    assert "Đã thẩm định" in " ".join(error.value.messages)
    result = Assessment.objects.get(rated_unit=unit).results.get(criterion=criterion)
    assert result.self_met is True and result.appraised_met is True


def test_grid_cell_set_refuses_a_computed_criterion(area):
    unit = _unit(area)
    with pytest.raises(ValidationError) as error:
        grid_cell_set(rated_unit=unit, year=YEAR, criterion=_criteria()["1"], met=True,
                      by=None, on=IN_YEAR)  # fmt: skip
    assert "hệ thống tính" in " ".join(error.value.messages)
    # The refusal undid the registration the first edit made.
    assert not Assessment.objects.filter(rated_unit=unit).exists()


def test_grid_cell_set_asks_for_the_date_of_a_back_filled_year(area):
    unit = _unit(area)
    with pytest.raises(ValidationError) as error:
        grid_cell_set(rated_unit=unit, year=2023, criterion=_criteria(2023)["2"], met=True,
                      by=None, on=datetime.date(2026, 11, 22))  # fmt: skip
    assert "registered_on" in error.value.message_dict
    assert not Assessment.objects.exists()


def test_grid_registration_set_lets_the_households_criterion_pass(area):
    unit = _unit(area, households=80)
    day = datetime.date(YEAR, 1, 20)
    grid_registration_set(rated_unit=unit, year=YEAR, fields={"registered_on": day}, by=None)
    grid_registration_set(rated_unit=unit, year=YEAR,
                          fields={"party_resolution": "Nghị quyết 02-NQ/CB"}, by=None)  # fmt: skip
    assessment = grid_registration_set(rated_unit=unit, year=YEAR,
                                       fields={"households_registered": 80}, by=None)  # fmt: skip
    households = assessment.results.get(criterion__number="1")
    assert households.self_met is True
    assert "80/80" in households.evidence
    with pytest.raises(ValidationError) as error:
        grid_registration_set(rated_unit=unit, year=YEAR, fields={"households_registered": 81},
                              by=None)  # fmt: skip
    assert "households_registered" in error.value.message_dict


def test_grid_row_fill_sets_only_the_empty_cells(area):
    unit = _unit(area)
    criteria = _criteria()
    grid_cell_set(rated_unit=unit, year=YEAR, criterion=criteria["4"], met=False, by=None,
                  on=IN_YEAR)  # fmt: skip
    assessment = grid_row_fill(rated_unit=unit, year=YEAR, by=None)
    verdicts = {r.criterion.number: r.self_met for r in assessment.results.select_related(
        "criterion")}  # fmt: skip
    assert verdicts["2"] is True and verdicts["3"] is True and verdicts["5"] is True
    assert verdicts["4"] is False
    assert assessment.status == Status.SELF_ASSESSED


def test_grid_row_fill_refuses_a_closed_dossier(area):
    unit = _unit(area)
    appraised(unit, YEAR)
    with pytest.raises(ValidationError):
        grid_row_fill(rated_unit=unit, year=YEAR, by=None)


# -- selector -------------------------------------------------------------------------------


def test_grid_for_lists_the_units_of_the_kind_valid_at_the_window_end(area):
    kept = _unit(area, name="Thôn A")
    _unit(area, name="Thôn Đã Nhập", valid_to=datetime.date(YEAR, 6, 30))
    RatedUnitFactory(commune=area.commune_1, kind=UnitKind.AGENCY, name="UBND xã")
    RatedUnitFactory(commune=area.commune_2, name="Thôn Xã Khác")
    late = _unit(area, name="Thôn Mới Lập", valid_from=datetime.date(YEAR, 11, 1))
    done = _unit(area, name="Thôn B")
    self_assessed(done, YEAR, failing=("3",))
    grid = grid_for(commune=area.commune_1, year=YEAR, kind=UnitKind.RESIDENTIAL_AREA)
    assert [row.unit for row in grid.rows] == [kept, done]
    assert late not in [row.unit for row in grid.rows]
    assert grid.window == (datetime.date(YEAR - 1, 11, 1), datetime.date(YEAR, 10, 31))
    first, second = grid.rows
    assert not first.registered and first.editable and first.missing == 4
    assert second.complete and second.failing >= 1
    assert [cell.criterion.number for cell in second.cells] == ["1", "2", "3", "4", "5"]
    assert second.cells[0].computed and not second.cells[0].editable
    assert second.cells[0].explanation.startswith("Đạt")
    assert second.cells[2].value is False and second.cells[2].editable


def test_grid_for_an_old_year_reads_the_legacy_commune(area):
    unit = _unit(area)
    grid = grid_for(commune=area.old_commune_1, year=2023, kind=UnitKind.RESIDENTIAL_AREA)
    assert [row.unit for row in grid.rows] == [unit]
    assert grid_for(commune=area.commune_1, year=2023, kind=UnitKind.RESIDENTIAL_AREA).rows == []


# -- pages ----------------------------------------------------------------------------------


def _grid_url(area, year=THIS_YEAR, kind="khu_dan_cu", commune=None):
    return reverse("safety_ratings:grid", args=[(commune or area.commune_1).pk, year, kind])


def test_grid_choose_redirects_to_the_grid(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.get(reverse("safety_ratings:grid-choose"),
                          {"commune": area.commune_1.pk, "year": THIS_YEAR,
                           "kind": "co_quan"})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == _grid_url(area, kind="co_quan")
    page = client.get(reverse("safety_ratings:grid-choose"), {"commune": area.other_commune.pk,
                                                               "year": THIS_YEAR})  # fmt: skip
    assert page.status_code == 200
    assert "commune" in page.context["form"].errors


def test_grid_page_shows_cells_links_and_the_keyboard_script(area, user_of_role, client):
    open_unit = _unit(area, name="Thôn Mở")
    closed_unit = _unit(area, name="Thôn Đã Thẩm Định")
    appraised(closed_unit, THIS_YEAR)
    client.force_login(user_of_role("commune_committee"))
    response = client.get(_grid_url(area))
    assert response.status_code == 200
    html = response.content.decode()
    assert "js/ratings-grid.js" in html
    assert "<script>" not in html  # the CSP allows only the portal's own script files
    assert reverse("safety_ratings:assessment-import",
                   args=[area.commune_1.pk, THIS_YEAR, "khu_dan_cu"]) in html  # fmt: skip
    assert f'id="grid-row-{open_unit.pk}"' in html
    grid = response.context["grid"]
    closed_row = next(row for row in grid.rows if row.unit == closed_unit)
    assert not closed_row.editable
    closed_html = html.split(f'id="grid-row-{closed_unit.pk}"')[1].split("</tr>")[0]
    assert "data-cell-url" not in closed_html and "<input" not in closed_html
    assert "Đã thẩm định" in closed_html
    open_html = html.split(f'id="grid-row-{open_unit.pk}"')[1].split("</tr>")[0]
    assert open_html.count("data-cell-url") == 4
    assert 'name="households_registered"' in open_html


def test_grid_page_of_a_year_without_criteria_says_so(area, user_of_role, client):
    CriteriaVersion.objects.filter(code="tt23-2012-kdc").update(
        effective_from=datetime.date(2013, 1, 1)
    )
    client.force_login(user_of_role("commune_committee"))
    response = client.get(_grid_url(area, year=2012))
    assert response.status_code == 200
    assert "Chưa có bộ tiêu chí" in response.content.decode()


def test_grid_page_unknown_kind_or_year_is_404(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    assert client.get(_grid_url(area, kind="khong-co")).status_code == 404
    assert client.get(_grid_url(area, year=1999)).status_code == 404


def test_grid_page_query_count_does_not_grow_with_units(
    area, user_of_role, client, django_assert_max_num_queries
):
    units = [_unit(area, name=f"Tổ dân phố {i:02d}") for i in range(64)]
    for unit in units[:20]:
        self_assessed(unit, THIS_YEAR, failing=("4",) if unit.pk % 3 == 0 else ())
    for unit in units[20:30]:
        registered(unit, THIS_YEAR)
    client.force_login(user_of_role("standing_staff"))
    client.get(_grid_url(area))  # warm the session
    # About 15 today (session, scope, commune, version, criteria, units, dossiers, results,
    # the commune picker); the bound leaves room for the menu, not for a query per unit.
    with django_assert_max_num_queries(20):
        response = client.get(_grid_url(area))
    assert response.status_code == 200
    assert len(response.context["grid"].rows) == 64
    assert response.content.decode().count("data-grid-row=") == 64


def test_grid_cell_post_over_htmx_returns_only_the_row(area, user_of_role, client):
    unit = _unit(area)
    criterion = _criteria(THIS_YEAR)["2"]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:grid-cell", args=[unit.pk, THIS_YEAR]),
        {"criterion": criterion.pk, "value": "dat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<tr id="grid-row-{unit.pk}"')
    assert "<html" not in html and "<table" not in html
    assert "btn-success" in html
    assessment = Assessment.objects.get(rated_unit=unit, year=THIS_YEAR)
    assert assessment.results.get(criterion=criterion).self_met is True
    assert assessment.created_by == user_of_role("commune_committee")


def test_grid_cell_post_refused_comes_back_in_the_row(area, user_of_role, client):
    unit = _unit(area)
    appraised(unit, THIS_YEAR)
    criterion = _criteria(THIS_YEAR)["2"]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:grid-cell", args=[unit.pk, THIS_YEAR]),
        {"criterion": criterion.pk, "value": "khong_dat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.strip().startswith("<tr")
    assert "đơn vị không thể sửa nữa" in html
    assert 'class="table-danger"' in html


def test_grid_cell_post_of_a_criterion_of_another_version_is_refused(area, user_of_role, client):
    unit = _unit(area)
    foreign = _criteria(THIS_YEAR, UnitKind.AGENCY)["2"]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(
        reverse("safety_ratings:grid-cell", args=[unit.pk, THIS_YEAR]),
        {"criterion": foreign.pk, "value": "dat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "không thuộc bộ tiêu chí" in response.content.decode()
    assert not Assessment.objects.exists()


def test_grid_registration_post_sets_households_and_shows_the_computed_verdict(
    area, user_of_role, client
):
    unit = _unit(area, households=50)
    url = reverse("safety_ratings:grid-registration", args=[unit.pk, THIS_YEAR])
    client.force_login(user_of_role("district_committee"))
    for data in ({"registered_on": f"15/01/{THIS_YEAR}"}, {"party_resolution": "NQ 03-NQ/CB"},
                 {"households_registered": "50"}):  # fmt: skip
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.content.decode()
    assessment = Assessment.objects.get(rated_unit=unit, year=THIS_YEAR)
    assert assessment.registered_on == datetime.date(THIS_YEAR, 1, 15)
    assert assessment.party_resolution == "NQ 03-NQ/CB"
    html = response.content.decode()
    assert "✓" in html and "50/50" in html  # the tooltip explains the computed criterion
    response = client.post(url, {"households_registered": "51"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Số hộ đăng ký không thể lớn hơn tổng số hộ" in response.content.decode()
    response = client.post(url, {"registered_on": "31/02/2026"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assessment.refresh_from_db()
    assert assessment.households_registered == 50


def test_grid_row_fill_post_fills_the_row(area, user_of_role, client):
    unit = _unit(area)
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse("safety_ratings:grid-row-fill", args=[unit.pk, THIS_YEAR]),
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    assessment = Assessment.objects.get(rated_unit=unit, year=THIS_YEAR)
    assert assessment.status == Status.SELF_ASSESSED
    assert "Đủ tiêu chí" in response.content.decode()


def test_grid_cell_post_without_htmx_goes_back_to_the_grid(area, user_of_role, client):
    unit = _unit(area)
    criterion = _criteria(THIS_YEAR)["3"]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(reverse("safety_ratings:grid-cell", args=[unit.pk, THIS_YEAR]),
                           {"criterion": criterion.pk, "value": "dat"}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == _grid_url(area)
    assert "Đã lưu Thôn Lũng Thử" in response.content.decode()


def test_grid_choose_searches_communes_when_the_scope_is_large(
    area, user_of_role, client, monkeypatch
):
    monkeypatch.setattr("safety_ratings.forms_bulk.MAX_LISTED_COMMUNES", 1)
    client.force_login(user_of_role("admin"))
    html = client.get(reverse("safety_ratings:grid-choose")).content.decode()
    assert reverse("safety_ratings:commune-autocomplete") in html
    assert "Xã Xa Lạ" not in html  # the options come from the search, not the page


def test_grid_of_the_commune_kind_shows_the_commune_with_its_computed_criteria(
    area, user_of_role, client
):
    from safety_ratings.services.units import commune_units_ensure

    commune_units_ensure(communes=[area.commune_1])
    area_unit = _unit(area, name="Thôn Một")
    self_assessed(area_unit, THIS_YEAR)
    client.force_login(user_of_role("district_committee"))
    response = client.get(_grid_url(area, kind="xa"))
    assert response.status_code == 200
    (row,) = response.context["grid"].rows
    assert row.unit.administrative_unit == area.commune_1
    computed = {cell.criterion.number: cell for cell in row.cells if cell.computed}
    assert set(computed) == {"4.a", "4.b"}
    html = response.content.decode()
    assert 'name="households_total"' not in html
    assert html.count("data-cell-url") == 3
