"""The demo: the province's leader and a district's leader each open their own dashboard, and
its figures are those of the ratings, registry, reporting and task pages for the same area."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from directives.selectors.tasks import status_counts_by_organization, status_totals
from organizations.models import User
from organizations.permissions import units_in_scope

DASHBOARD = reverse("dashboards:dashboard")
RATES = reverse("safety_ratings:rates")


def _rates_page(client, params: dict) -> dict[str, tuple[int, int, str]]:
    lines = client.get(RATES, params).context["lines"]
    return {line.rate.kind: (line.rate.recognised, line.rate.eligible, line.rate.rate_text)
            for line in lines}  # fmt: skip


def _cards(response) -> dict[str, tuple[int, int, str]]:
    return {
        card.rate.kind: (card.rate.recognised, card.rate.eligible, card.rate.rate_text)
        for card in response.context["cards"]
    }


@pytest.mark.django_db
def test_province_and_district_leaders_see_their_own_dashboards(client):
    call_command("seed_demo", stdout=io.StringIO())
    province_leader = User.objects.get(username="lanhdao")
    district_leader = User.objects.get(username="lanhdao_huyen")

    client.force_login(province_leader)
    province_page = client.get(DASHBOARD, {"year": 2024})
    assert province_page.status_code == 200
    province_area = province_page.context["area"]
    assert province_area.unit.name == "Tỉnh Lạng Sơn"
    province_cards = _cards(province_page)
    assert province_cards == _rates_page(client, {"year": 2024})
    assert sum(eligible for _, eligible, _ in province_cards.values()) > 0

    client.force_login(district_leader)
    district_page = client.get(DASHBOARD, {"year": 2024})
    district_area = district_page.context["area"]
    committee = User.objects.get(username="bcd_huyen")
    assert district_area.unit == committee.roles.get().scope_unit
    district_cards = _cards(district_page)
    assert district_cards == _rates_page(client, {"year": 2024})
    # The district is part of the province: never more units, and the district's own row of
    # the province's table says the same.
    for kind, figures in district_cards.items():
        assert figures[1] <= province_cards[kind][1]
    row = next(
        line
        for line in province_page.context["heat"]
        if line.row.unit is not None and line.row.unit.pk == district_area.pk
    )
    assert {c.rate.kind: (c.rate.recognised, c.rate.eligible) for c in row.cells} == {
        kind: figures[:2] for kind, figures in district_cards.items()
    }
    # The province is not the district leader's: 404.
    assert client.get(DASHBOARD, {"year": 2024, "area": province_area.pk}).status_code == 404

    # Tasks: the 2×2 is the task board's for the district's organizations.
    expected = status_totals(
        status_counts_by_organization(
            user=district_leader,
            year=2024,
            unit_ids=units_in_scope([district_area.unit]),
        )
    )
    assert district_page.context["data"].task_totals == expected
