"""The dashboard page: Vietnamese numbers ("3.321 / 3.505", "94,75%"), the line telling when
the figures were computed, a filter whose year, area, kind and era stay in every URL, and a
number of queries that does not grow with the data."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from safety_ratings.models import Assessment, RatedUnit, RecognitionDecision
from safety_ratings.selectors.units import criteria_version_for
from tests.organizations.factories import OrganizationFactory

from .conftest import KDC, SCHOOL, YEAR, Era, grow

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("dashboards:dashboard")
Status = Assessment.Status
# Observed: 37 cold and 26 warm for a province's year (with the session, the scope, the
# notification bell); the bounds leave room for a query or two more, not for one per row.
COLD_BOUND = 40
WARM_BOUND = 28


def _thousands(area, *, eligible: int, recognised: int) -> None:
    """`eligible` residential areas of old commune 1 in 2023, `recognised` of them recognised,
    written in bulk."""
    issuer = OrganizationFactory(unit=area.old_commune_1, kind=Organization.Kind.PEOPLES_COMMITTEE)
    decision = RecognitionDecision.objects.create(
        year=YEAR, kind=KDC, number_symbol="1/QĐ-UBND", decided_on=D(YEAR, 11, 25),
        issuer=issuer, deciding_unit=area.old_commune_1, signer_name="A", signer_position="B",
    )  # fmt: skip
    units = RatedUnit.objects.bulk_create(
        RatedUnit(kind=KDC, name=f"Thôn {i:04d}", search_key=f"thon {i:04d}",
                  commune=area.commune_1, legacy_commune=area.old_commune_1, local_type="thon",
                  valid_from=D(2015, 1, 1))
        for i in range(eligible)
    )  # fmt: skip
    version = criteria_version_for(KDC, YEAR)
    Assessment.objects.bulk_create(
        Assessment(rated_unit=unit, year=YEAR, kind=KDC, commune=area.old_commune_1,
                   criteria_version=version, registered_on=D(YEAR, 2, 1),
                   status=Status.RECOGNISED if i < recognised else Status.REGISTERED,
                   decision=decision if i < recognised else None)
        for i, unit in enumerate(units)
    )  # fmt: skip


def test_page_writes_numbers_the_vietnamese_way(area, user_of_role, client):
    _thousands(area, eligible=3505, recognised=3321)
    client.force_login(user_of_role("leader"))
    response = client.get(URL, {"year": YEAR})
    page = response.content.decode()
    cards = page[page.index('data-testid="rate-cards"') :]
    card = cards[cards.index(f'data-kind="{KDC}"') :]
    card = card[: card.index("data-kind=", 20)]
    assert re.search(r'data-testid="rate">94,75%</a>', card)
    assert re.search(r'data-testid="counts">3\.321 / 3\.505</a>', card)
    assert re.search(r'data-testid="not-recognised">184</a>', card)
    # the drill-down's rows: all in district 1 (old commune 1)
    ranked = page[page.index('data-testid="ranked-table"') :]
    assert "3.321 / 3.505" in ranked[: ranked.index("</table>")]
    assert "94,75%" in ranked[: ranked.index("</table>")]
    # the chart reads the plain value
    assert 'data-value="94.75"' in page


def test_page_says_when_its_figures_were_computed(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    response = client.get(URL, {"year": YEAR})
    data = response.context["data"]
    page = response.content.decode()
    line = page[page.index('data-testid="computed-at"') :]
    line = line[: line.index("</p>")]
    computed = timezone.localtime(data.ratings.computed_at)
    live = timezone.localtime(data.live_at)
    assert f"Tỷ lệ “An toàn về ANTT” tính lúc {computed:%H:%M} ngày {computed:%d/%m/%Y}" in line
    assert f"mô hình, báo cáo và nhiệm vụ tính lúc {live:%H:%M} ngày {live:%d/%m/%Y}" in line
    assert "Đọc theo: Đơn vị cũ (trước 01/7/2025, có cấp huyện)." in line
    assert "Tổng quan năm 2023 — Tỉnh Lạng Thử" in page
    assert "Mô hình tự quản, tính đến ngày 31/12/2023" in page


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_filter_keeps_year_area_kind_and_era_in_the_url(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    params = {"year": str(YEAR), "area": str(area.province.pk), "era": Era.REFORM_2025,
              "kind": SCHOOL}  # fmt: skip
    response = client.get(URL, params)
    context = response.context
    query = context["query"]
    assert (query.year, query.area.unit, query.era, query.kind) == (
        YEAR, area.province, Era.REFORM_2025, SCHOOL,
    )  # fmt: skip
    assert query.url("dashboards:dashboard") == f"{URL}?{urlencode(params)}"
    # the filter shows them and sends them back (the kind in a hidden field)
    form = context["form"]
    assert (form.initial["year"], str(form.initial["area"]), form.initial["era"]) == (
        YEAR, str(area.province.pk), Era.REFORM_2025,
    )  # fmt: skip
    page = response.content.decode()
    assert f'<input type="hidden" name="kind" value="{SCHOOL}">' in page
    # each kind tab keeps the year, area and era
    for value, _label, url, active in context["kind_tabs"]:
        assert _query(url) == {"year": [str(YEAR)], "area": [str(area.province.pk)],
                               "era": [Era.REFORM_2025], "kind": [value]}  # fmt: skip
        assert active is (value == SCHOOL)
    # last year's dashboard, and each child's, keep the rest
    assert _query(context["previous_url"]) == {
        "year": [str(YEAR - 1)], "area": [str(area.province.pk)], "era": [Era.REFORM_2025],
        "kind": [SCHOOL],
    }  # fmt: skip
    for line in context["heat"]:
        assert _query(line.dashboard_url) == {
            "year": [str(YEAR)], "area": [str(line.row.unit.pk)], "era": [Era.REFORM_2025],
            "kind": [SCHOOL],
        }  # fmt: skip
    # a bookmarked URL opens the same page
    again = client.get(context["previous_url"])
    assert again.context["query"].year == YEAR - 1 and again.context["query"].kind == SCHOOL
    # the administrator's whole country keeps its empty area
    client.force_login(user_of_role("admin"))
    nation = client.get(URL, {"year": YEAR, "area": ""})
    assert nation.context["area"].is_nation
    assert _query(nation.context["previous_url"])["area"] == [""]
    assert _query(nation.context["cards"][0].units_url)["area"] == [""]


def test_bad_or_missing_filter_values_fall_back(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    response = client.get(URL, {"year": "abc", "kind": "bogus", "era": "1975"})
    query = response.context["query"]
    assert query.kind == KDC and query.era_param == ""
    assert client.get(URL, {"area": "abc"}).status_code == 404


def _counts(client, params) -> tuple[int, int]:
    counts = []
    for _request in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    return counts[0], counts[1]


@pytest.mark.parametrize(
    ("role", "params"),
    [
        ("leader", {"year": YEAR}),
        ("leader", {"year": YEAR, "era": Era.REFORM_2025}),
        ("district_committee", {"year": YEAR}),
        ("admin", {"year": YEAR, "area": ""}),
    ],
)
def test_query_count_does_not_grow_with_the_data(area, scene, user_of_role, client, role, params):
    client.force_login(user_of_role(role))
    client.get(URL, params)  # the session and the scope, once
    grow(area, 3, tag="a")
    small = _counts(client, params)
    grow(area, 12, tag="b")  # five times the communes, units, models, obligations and tasks
    large = _counts(client, params)
    response = client.get(URL, params)
    if role == "leader":
        assert len(response.context["tasks"]) == 4 + 15
        assert response.context["data"].reports_total.expected == 4 + 15
        if params.get("era"):
            assert len(response.context["heat"]) == 2 + 15  # the new communes
    assert small == large, (small, large)
    cold, warm = large
    assert cold <= COLD_BOUND and warm <= WARM_BOUND and warm < cold, large
