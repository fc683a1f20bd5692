"""The register's list filtered by an area (both eras) and a day, as the dashboard links to it:
with `on`, "active" and "retired" are read on that day exactly as model_counts reads them, so
the list holds as many rows as the figure says."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from models_registry.models import SecurityModel
from models_registry.selectors.counts import area_unit_ids, model_counts
from models_registry.selectors.models import ModelFilters, model_list
from models_registry.services.models import model_retire
from tests.models_registry.factories import level, make_model

D = datetime.date
ACTIVE = SecurityModel.Status.ACTIVE
RETIRED = SecurityModel.Status.RETIRED

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(area):
    """The province's models: two provincial ones, one filed under old district 1, one under
    the new commune 1 (district 1's successor), one under commune 2; one retired in 2023, one
    started in 2024; and one in another province."""
    models = {
        "province": make_model(unit=area.province, name="Khu dân cư 5 không",
                               level_code="tinh-uy", started_on=D(2018, 3, 1)),
        "province_late": make_model(unit=area.province, name="Camera an ninh",
                                    level_code="ubnd-tinh", started_on=D(2024, 2, 1)),
        "district": make_model(unit=area.district_1, name="Liền canh, liền cư",
                               level_code="cap-huyen-cap-xa", started_on=D(2019, 1, 10)),
        "commune_1": make_model(unit=area.commune_1, name="Tổ tự quản bến đò",
                                level_code="cap-xa", started_on=D(2020, 5, 1)),
        "commune_2": make_model(unit=area.commune_2, name="Dòng họ tự quản",
                                level_code="cap-xa", started_on=D(2021, 4, 1)),
        "other": make_model(unit=area.other_province, name="Xa lạ", level_code="tinh-uy",
                            started_on=D(2018, 1, 1)),
    }  # fmt: skip
    model_retire(model=models["district"], on=D(2023, 3, 31), reason="Không hiệu quả")
    return models


def _names(rows) -> set[str]:
    return {row.name for row in rows}


def _list(client, **params):
    return client.get(f"{reverse('models_registry:model-list')}?{urlencode(params)}")


def test_model_list_area_holds_the_areas_units_of_both_eras(area, registry, user_of_role):
    leader = user_of_role("leader")
    rows = model_list(user=leader, filters=ModelFilters(unit_ids=area_unit_ids(area.district_1)))
    # old district 1 and the new commune 1 its old commune became
    assert _names(rows) == {"Liền canh, liền cư", "Tổ tự quản bến đò"}
    everything = model_list(user=leader, filters=ModelFilters(unit_ids=None))
    assert "Xa lạ" not in _names(everything) and len(everything) == 5


@pytest.mark.parametrize("day", [D(2021, 12, 31), D(2023, 3, 30), D(2023, 3, 31), D(2023, 12, 31)])
def test_model_list_on_a_day_counts_what_model_counts_counts(area, registry, user_of_role, day):
    leader = user_of_role("leader")
    for unit in (area.province, area.district_1, area.commune_2):
        counts = model_counts(user=leader, on=day, area=unit)
        ids = area_unit_ids(unit)
        active = model_list(user=leader, filters=ModelFilters(status=ACTIVE, on=day, unit_ids=ids))
        retired = model_list(
            user=leader, filters=ModelFilters(status=RETIRED, on=day, unit_ids=ids)
        )
        assert (active.count(), retired.count()) == (counts.active, counts.retired), (unit, day)
        for line in counts.by_level:
            by_level = ModelFilters(status=ACTIVE, on=day, unit_ids=ids, launch_level_id=line.pk)
            assert model_list(user=leader, filters=by_level).count() == line.count, line


def test_model_list_on_a_day_reads_the_status_of_that_day(area, registry, user_of_role):
    leader = user_of_role("leader")
    ids = area_unit_ids(area.province)

    def names(status: str, day: datetime.date | None) -> set[str]:
        return _names(model_list(user=leader, filters=ModelFilters(status=status, on=day,
                                                                    unit_ids=ids)))  # fmt: skip

    # retired in 2023: active at the end of 2022, retired from 31/3/2023
    assert "Liền canh, liền cư" in names(ACTIVE, D(2022, 12, 31))
    assert "Liền canh, liền cư" not in names(RETIRED, D(2022, 12, 31))
    assert names(RETIRED, D(2023, 3, 31)) == {"Liền canh, liền cư"}
    assert "Liền canh, liền cư" not in names(ACTIVE, D(2023, 3, 31))
    # started in 2024: not there in 2023, whatever the status
    assert "Camera an ninh" not in names("", D(2023, 12, 31))
    assert names("", D(2023, 12, 31)) == {"Khu dân cư 5 không", "Liền canh, liền cư",
                                           "Tổ tự quản bến đò", "Dòng họ tự quản"}  # fmt: skip
    # without a day, the status is today's (the list as it was)
    assert "Liền canh, liền cư" not in names(ACTIVE, None)
    assert names(RETIRED, None) == {"Liền canh, liền cư"}


def test_model_list_page_follows_the_dashboards_link(area, registry, user_of_role, client):
    leader = user_of_role("leader")
    client.force_login(leader)
    day = D(2022, 12, 31)
    counts = model_counts(user=leader, on=day, area=area.district_1)
    response = _list(client, area=area.district_1.pk, on=day.isoformat(), status=ACTIVE)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == counts.active == 2
    assert {m.name for m in response.context["models"]} == {"Liền canh, liền cư",
                                                             "Tổ tự quản bến đò"}  # fmt: skip
    page = response.content.decode()
    assert "Địa bàn Huyện Cao Thử, tính đến ngày 31/12/2022" in page
    # the clear link keeps the other filters and drops the area and the day
    clear = response.context["clear_url"]
    assert clear == f"?status={ACTIVE}"
    assert f'href="{clear}"' in page
    # the hidden fields keep the area and the day when the filter is sent again
    assert f'name="area" value="{area.district_1.pk}"' in page
    assert 'name="on" value="2022-12-31"' in page
    by_level = _list(client, area=area.province.pk, on=day.isoformat(), status=ACTIVE,
                     level=level("cap-xa").pk)  # fmt: skip
    assert by_level.context["page_obj"].paginator.count == 2  # the two communes' models
    only_day = _list(client, on=day.isoformat(), status=RETIRED)
    assert only_day.context["page_obj"].paginator.count == 0
    assert "Tính đến ngày 31/12/2022" in only_day.content.decode()


def test_model_list_ignores_a_bad_area_like_any_bad_filter(area, registry, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    own = _list(client)
    assert own.context["page_obj"].paginator.count == 2  # district 1 and commune 1
    for bad in ("abc", area.other_province.pk, area.province.pk):
        response = _list(client, area=bad, status=ACTIVE)
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 2, bad
        assert response.context["chosen_area"] is None
        assert 'data-testid="model-list-scope"' not in response.content.decode()
    narrowed = _list(client, area=area.commune_1.pk)
    assert {m.name for m in narrowed.context["models"]} == {"Tổ tự quản bến đò"}
