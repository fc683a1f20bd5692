"""`models_summary --json`: the contract of issue 5 for outside checks."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from models_registry.services.models import model_recognize, model_retire
from tests.models_registry.factories import add_site, make_model

D = datetime.date


def _summary(*args) -> dict:
    out = StringIO()
    call_command("models_summary", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def models(area):
    first = make_model(unit=area.province, name="A", level_code="tinh-uy",
                       started_on=D(2019, 1, 1))  # fmt: skip
    add_site(first, unit=area.commune_1, teams=3)
    retired = make_model(unit=area.district_1, name="B", level_code="cap-huyen-cap-xa",
                         started_on=D(2020, 2, 1))  # fmt: skip
    add_site(retired, unit=area.old_commune_1, teams=2)
    model_retire(model=retired, on=D(2023, 3, 1), reason="Hình thức")
    model_recognize(model=first, on=D(2021, 8, 19), level="UBND tỉnh", decision="9/QĐ-UBND")
    make_model(unit=area.other_province, name="C", level_code="cap-xa", started_on=D(2021, 1, 1))


@pytest.mark.django_db
def test_models_summary_json_contract(area, models):
    data = _summary("--date", "2021-12-31", "--area", "90")
    assert set(data) == {"date", "area", "active", "by_level", "by_category", "sites", "teams",
                         "exemplary", "new_in_year", "retired_in_year"}  # fmt: skip
    assert data["date"] == "2021-12-31"
    assert data["area"] == {"code": "90", "name": "Tỉnh Lạng Thử"}
    assert data["active"] == 2
    levels = {row["level"]: row["count"] for row in data["by_level"]}
    assert levels["Tỉnh ủy"] == 1 and levels["Cấp huyện chỉ đạo, cấp xã xây dựng"] == 1
    assert all(set(row) == {"level", "count"} for row in data["by_level"])
    assert all(set(row) == {"category", "count"} for row in data["by_category"])
    assert sum(row["count"] for row in data["by_category"]) == 2
    assert (data["sites"], data["teams"], data["exemplary"]) == (2, 5, 1)
    assert (data["new_in_year"], data["retired_in_year"]) == (0, 0)


@pytest.mark.django_db
def test_models_summary_year_of_retirement_and_area_by_name(area, models):
    data = _summary("--date", "2023-12-31", "--area", "Tỉnh Lạng Thử")
    assert data["area"]["code"] == "90"
    assert (data["active"], data["retired_in_year"], data["sites"]) == (1, 1, 1)


@pytest.mark.django_db
def test_models_summary_without_area_counts_everything(area, models):
    data = _summary("--date", "2021-06-30")
    assert data["active"] == 3 and data["new_in_year"] == 1
    assert isinstance(data["area"]["code"], str) and isinstance(data["area"]["name"], str)


@pytest.mark.django_db
def test_models_summary_rejects_unknown_area_and_bad_date(area):
    with pytest.raises(CommandError):
        _summary("--area", "không có")
    with pytest.raises(CommandError):
        _summary("--date", "31/12/2021")
