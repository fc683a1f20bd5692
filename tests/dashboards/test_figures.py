"""The dashboard's figures are the apps' own: the five kinds are the rates page's, the children
are the drill-down's rows, the units not recognised are units_for_rates', the models are
model_counts', the reports are the completeness page's, the tasks are the task board's; and
every figure links to a list that holds as many rows as the figure says. The province's
leader and a district's committee each see their own area; the era switch reads 2023 by the
old districts or by the new communes, the children always summing to the area."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from directives.selectors.tasks import status_counts_by_organization
from models_registry.selectors.counts import model_counts
from organizations.permissions import units_in_scope
from safety_ratings.models import Assessment, UnitKind
from safety_ratings.selectors.rate_areas import rate_area
from safety_ratings.selectors.rate_drilldown import rates_by_child, total_of, units_for_rates
from safety_ratings.selectors.rates import rates_for

from .conftest import KDC, SCHOOL, YEAR, Era

pytestmark = pytest.mark.django_db

DASHBOARD = "dashboards:dashboard"
FIGURES = ("eligible", "registered", "assessed", "recognised")
DAY = datetime.date(YEAR, 12, 31)
Status = Assessment.Status
# The paginated lists behind the figures.
LISTS = {
    "safety_ratings:rates-not-recognised", "models_registry:model-list", "directives:task-board",
}  # fmt: skip


def figures(rate) -> tuple[int, ...]:
    return tuple(getattr(rate, name) for name in FIGURES)


def full(rate) -> tuple:
    """Everything a card shows of a kind, last year's included."""
    previous = rate.previous
    return (
        rate.kind, *figures(rate), rate.rate_text, rate.change_text, rate.not_recognised,
        previous.eligible if previous else None, previous.recognised if previous else None,
    )  # fmt: skip


def dashboard(client, **params):
    response = client.get(reverse(DASHBOARD), params)
    assert response.status_code == 200, params
    return response


def by_kind(rates) -> dict:
    return {rate.kind: rate for rate in rates}


# -- the same figures as the apps' pages ------------------------------------------------------


def test_dashboard_kinds_are_the_rates_pages(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    page = dashboard(client, year=YEAR)
    cards = [card.rate for card in page.context["cards"]]
    rates = client.get(reverse("safety_ratings:rates"), {"year": YEAR})
    assert [full(rate) for rate in cards] == [full(line.rate) for line in rates.context["lines"]]
    assert [full(rate) for rate in cards] == [full(r) for r in rates_for(area.province, YEAR)]
    kinds = by_kind(cards)
    assert full(kinds[KDC]) == (KDC, 5, 4, 3, 2, "40%", "+20,00 điểm %", 3, 5, 1)
    assert full(kinds[SCHOOL]) == (SCHOOL, 2, 2, 2, 1, "50%", "+50,00 điểm %", 1, 2, 0)
    assert figures(kinds[UnitKind.ENTERPRISE]) == (1, 0, 0, 0)
    assert kinds[UnitKind.AGENCY].rate_text == "—"
    # another year: the same again
    previous = dashboard(client, year=YEAR - 1)
    assert figures(by_kind(c.rate for c in previous.context["cards"])[KDC]) == (5, 1, 1, 1)


def test_dashboard_children_are_the_drilldowns_rows(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    page = dashboard(client, year=YEAR)
    children = page.context["data"].ratings.children
    assert [row.unit for row in children] == [area.district_1, area.district_2]
    for kind in UnitKind.values:
        drill = client.get(reverse("safety_ratings:rates-drilldown"),
                           {"year": YEAR, "area": area.province.pk, "kind": kind})  # fmt: skip
        assert [(line.row.unit, full(line.rate)) for line in drill.context["lines"]] == [
            (row.unit, full(row.kinds[kind])) for row in children
        ]
        assert figures(total_of(children, kind)) == figures(drill.context["total"])
    ranked = page.context["ranked"]  # residential areas, best first
    assert [(line.row.unit, line.rate.rate_text) for line in ranked] == [
        (area.district_1, "50%"), (area.district_2, "33,33%"),
    ]  # fmt: skip
    heat = page.context["heat"]
    assert [[cell.rate.rate_text for cell in line.cells] for line in heat] == [
        ["50%", "—", "—", "0%", "100%"],  # kinds in UnitKind's order
        ["33,33%", "—", "—", "—", "0%"],
    ]
    assert [cell.css for cell in heat[0].cells] == ["heat-1", "heat-none", "heat-none",
                                                    "heat-0", "heat-5"]  # fmt: skip


def test_dashboard_not_recognised_counts_are_the_units_not_recognised(
    area, scene, user_of_role, client
):
    client.force_login(user_of_role("leader"))
    page = dashboard(client, year=YEAR)
    for card in page.context["cards"]:
        units = units_for_rates(area.province, YEAR, kind=card.rate.kind, not_recognised_only=True)
        assert card.rate.not_recognised == units.count(), card.rate.kind
    for line in page.context["heat"]:
        for cell in line.cells:
            units = units_for_rates(line.row.unit, YEAR, kind=cell.rate.kind,
                                    not_recognised_only=True)  # fmt: skip
            assert cell.rate.not_recognised == units.count(), (line.row.name, cell.rate.kind)
    not_recognised = units_for_rates(area.province, YEAR, kind=KDC, not_recognised_only=True)
    assert {unit.name for unit in not_recognised} == {
        "Thôn Không Đạt", "Thôn Mới Đăng Ký", "Thôn Chưa Đăng Ký",
    }  # fmt: skip


def test_dashboard_models_are_model_counts_and_the_lists(area, scene, user_of_role, client):
    leader = user_of_role("leader")
    client.force_login(leader)
    page = dashboard(client, year=YEAR)
    counts = model_counts(user=leader, on=DAY, area=area.province)
    assert page.context["data"].models.date == DAY
    assert [(line.label, line.count) for line in page.context["models_by_level"]] == [
        (item.label, item.count) for item in counts.by_level
    ]
    assert [line.count for line in page.context["models_by_status"]] == [4, 1]
    assert (counts.active, counts.retired) == (4, 1)
    for line in page.context["models_by_level"] + page.context["models_by_status"]:
        listed = client.get(line.url)
        assert listed.context["page_obj"].paginator.count == line.count, line.label
    retired = client.get(page.context["models_by_status"][1].url)
    assert [model.name for model in retired.context["models"]] == ["Chốt dân phòng"]
    # this year: the model retired in 2023 is no longer counted as one of the year's
    this_year = dashboard(client, year=timezone.localdate().year)
    assert this_year.context["data"].models.active == 5  # with the model started in 2024


def test_dashboard_reports_are_the_completeness_pages(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    page = dashboard(client, year=YEAR)
    [line] = page.context["reports"]
    assert line.schedule_name == scene.schedule.name
    counts = line.counts
    assert (counts.expected, counts.submitted, counts.on_time, counts.late, counts.missing) == (
        4, 2, 1, 1, 2,
    )  # fmt: skip
    schedule_page = client.get(line.url)
    assert schedule_page.context["year"] == YEAR
    assert schedule_page.context["area"] == area.province
    assert vars(schedule_page.context["data"].total) == vars(counts)
    assert vars(page.context["data"].reports_total) == vars(counts)
    assert dashboard(client, year=YEAR - 1).context["reports"] == []


def test_dashboard_tasks_are_the_task_boards(area, scene, user_of_role, client):
    leader = user_of_role("leader")
    client.force_login(leader)
    page = dashboard(client, year=YEAR)
    total = page.context["task_total"]
    assert [(cell.status, cell.count) for cell in total.cells] == [
        ("done_on_time", 2), ("done_late", 1), ("in_progress", 0), ("overdue", 1),
    ]  # fmt: skip
    counts = status_counts_by_organization(user=leader, year=YEAR,
                                           unit_ids=units_in_scope([area.province]))  # fmt: skip
    assert sorted(c.organization_name for c in counts) == sorted(
        line.name for line in page.context["tasks"]
    )
    assert area.other_committee.name not in {line.name for line in page.context["tasks"]}
    # most overdue first
    assert page.context["tasks"][0].name == area.district_committee_2.name
    for line in [*page.context["tasks"], total]:
        for cell in line.cells:
            board = client.get(cell.url)
            assert board.context["page_obj"].paginator.count == cell.count, (line.name, cell)
            assert all(o.status == cell.status for o in board.context["occurrences"])


def test_the_tasks_table_shows_the_most_overdue_organizations_and_says_how_many_are_left(
    area, scene, user_of_role, client, monkeypatch
):
    """A province has hundreds of organizations with tasks: the table keeps the most overdue
    (the 2×2 above still counts them all) and says how many more there are and where."""
    client.force_login(user_of_role("leader"))
    every = dashboard(client, year=YEAR).context
    assert len(every["tasks"]) >= 2 and every["tasks_not_shown"] == 0
    monkeypatch.setattr("dashboards.views.TASK_ORGANIZATIONS_SHOWN", 1)
    page = dashboard(client, year=YEAR)
    assert [line.name for line in page.context["tasks"]] == [every["tasks"][0].name]
    assert page.context["tasks_not_shown"] == len(every["tasks"]) - 1
    assert page.context["task_total"].cells == every["task_total"].cells
    note = page.content.decode()
    assert f"còn {len(every['tasks']) - 1} cơ quan khác" in note
    board = client.get(page.context["tasks_board_url"])
    assert board.context["page_obj"].paginator.count == page.context["data"].task_totals.total


# A committee owes the province's quarterly report but does not follow its schedule
# (reporting.permissions.schedules_visible_to): the dashboard lists only the schedules the
# person follows, so every report line opens (the tests below run for the committee too).


# -- every figure drills down to its list ----------------------------------------------------


@dataclass
class Behind:
    """What a list behind a figure holds: its rows, and for units, how many are recognised."""

    rows: int
    recognised: int | None = None


def behind(client, url: str) -> Behind:
    """Follow a link of the dashboard and count the list it opens."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    view = resolve(urlsplit(url).path).view_name
    if view == "safety_ratings:rates-drilldown" and context.get("lines") is not None:
        return Behind(rows=context["total"].eligible, recognised=context["total"].recognised)
    if view == "safety_ratings:rates-drilldown":  # a commune's units
        units = list(context["page_obj"].paginator.object_list)
        recognised = [
            unit for unit in units
            if unit.year_assessments and unit.year_assessments[0].status == Status.RECOGNISED
        ]  # fmt: skip
        return Behind(rows=len(units), recognised=len(recognised))
    if view == "reporting:completeness-schedule":
        return Behind(rows=context["data"].total.expected)
    assert view in LISTS, view
    return Behind(rows=context["page_obj"].paginator.count)


class _Links(HTMLParser):
    """The hrefs of the links inside the dashboard's own element."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and attrs.get("data-testid") == "dashboard":
            self.depth = 1
            return
        if self.depth and tag == "div":
            self.depth += 1
        if self.depth and tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


def page_links(response) -> list[str]:
    parser = _Links()
    parser.feed(response.content.decode())
    assert parser.hrefs, "no link found in the dashboard"
    return parser.hrefs


def check_every_link(client, response) -> set[str]:
    """Follow each link behind a figure and compare the list with the figure; return the URLs
    followed."""
    context = response.context
    followed: dict[str, Behind | None] = {}  # None: a page, not a list

    def rows_of(url: str) -> Behind:
        if followed.get(url) is None:
            followed[url] = behind(client, url)
        return followed[url]

    def check_units(url: str, rate) -> None:
        if not url:
            return
        if urlsplit(url).path == reverse("safety_ratings:rates-not-recognised"):
            assert rows_of(url).rows == rate.not_recognised, url
        else:
            found = rows_of(url)
            assert (found.rows, found.recognised) == (rate.eligible, rate.recognised), url

    for card in context["cards"]:
        check_units(card.units_url, card.rate)
        check_units(card.not_recognised_url, card.rate)
    for line in [*context["ranked"], *context["heat"]]:
        check_units(line.units_url, line.rate)
        check_units(line.not_recognised_url, line.rate)
        for cell in line.cells:
            check_units(cell.url, cell.rate)
        if line.dashboard_url and line.dashboard_url not in followed:
            followed[line.dashboard_url] = None
            child = client.get(line.dashboard_url)
            assert [full(card.rate)[:5] for card in child.context["cards"]] == [
                full(line.row.kinds[kind])[:5] for kind in UnitKind.values
            ], line.row.name
    for line in [*context["models_by_level"], *context["models_by_status"]]:
        assert rows_of(line.url).rows == line.count, line.label
    for line in context["reports"]:
        followed[line.url] = None
        schedule_page = client.get(line.url)
        assert schedule_page.status_code == 200, line.url
        assert vars(schedule_page.context["data"].total) == vars(line.counts), line.url
    for line in [*context["tasks"], context["task_total"]]:
        for cell in line.cells:
            assert rows_of(cell.url).rows == cell.count, (line.name, cell.status)
    return set(followed)


def navigation(context, links: list[str]) -> set[str]:
    """Links that change what the dashboard shows rather than open a list, and the page's
    outputs (its export and printed summary)."""
    outputs = {
        url for url in links
        if resolve(urlsplit(url).path).namespace == "dashboards"
        and resolve(urlsplit(url).path).view_name != DASHBOARD
    }  # fmt: skip
    return outputs | {
        context["previous_url"], context["rates_url"],
        *(url for _value, _label, url, _active in context["kind_tabs"]),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("role", "params"),
    [
        ("leader", {"year": YEAR}),
        ("leader", {"year": YEAR, "era": Era.REFORM_2025, "kind": SCHOOL}),
        ("leader", {"year": YEAR, "area": "district_1"}),
        ("district_committee", {"year": YEAR}),
        ("admin", {"year": YEAR, "area": ""}),
    ],
)
def test_every_figure_drills_down_to_its_list(area, scene, user_of_role, client, role, params):
    client.force_login(user_of_role(role))
    if params.get("area"):
        params = params | {"area": getattr(area, params["area"]).pk}
    response = dashboard(client, **params)
    followed = check_every_link(client, response)
    links = page_links(response)
    on_page = set(links)
    # every link of the page was followed, or only moves the dashboard
    assert on_page - followed - navigation(response.context, links) == set()
    # and the lists behind non-zero figures are on the page
    assert {card.units_url for card in response.context["cards"]} <= on_page
    assert {line.url for line in response.context["models_by_status"]} <= on_page
    assert {cell.url for cell in response.context["task_total"].cells} <= on_page


def test_links_keep_the_year_area_and_era(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    page = dashboard(client, year=YEAR, era=Era.REFORM_2025, kind=SCHOOL)
    card = page.context["cards"][0]
    assert parse_qs(urlsplit(card.units_url).query) == {
        "year": [str(YEAR)], "area": [str(area.province.pk)], "era": [Era.REFORM_2025],
        "kind": [card.rate.kind],
    }  # fmt: skip
    child = page.context["ranked"][0]
    assert parse_qs(urlsplit(child.dashboard_url).query)["area"] == [str(child.row.unit.pk)]
    assert parse_qs(urlsplit(child.dashboard_url).query)["kind"] == [SCHOOL]
    model = page.context["models_by_status"][0]
    assert parse_qs(urlsplit(model.url).query) == {
        "on": [DAY.isoformat()], "area": [str(area.province.pk)], "status": ["active"],
    }  # fmt: skip


# -- each leader their own area; the era switch -----------------------------------------------


def test_province_leader_and_district_committee_see_their_own_area(
    area, scene, user_of_role, client
):
    client.force_login(user_of_role("leader"))
    province = dashboard(client, year=YEAR)
    assert province.context["area"].unit == area.province
    assert figures(by_kind(c.rate for c in province.context["cards"])[KDC]) == (5, 4, 3, 2)

    district_committee = user_of_role("district_committee")
    client.force_login(district_committee)
    district = dashboard(client, year=YEAR)
    assert district.context["area"].unit == area.district_1
    kinds = by_kind(c.rate for c in district.context["cards"])
    # old district 1: its old commune's two residential areas, a school and an enterprise
    assert full(kinds[KDC]) == (KDC, 2, 2, 2, 1, "50%", "+50,00 điểm %", 1, 2, 0)
    assert figures(kinds[SCHOOL]) == (1, 1, 1, 1)
    assert figures(kinds[UnitKind.ENTERPRISE]) == (1, 0, 0, 0)
    assert [full(c.rate) for c in district.context["cards"]] == [
        full(r) for r in rates_for(rate_area(area.district_1, user=district_committee), YEAR)
    ]
    assert [row.unit for row in district.context["data"].ratings.children] == [area.old_commune_1]
    assert district.context["data"].models.active == 2  # the district's and commune 1's
    # a committee follows its own organization's tasks
    assert [line.name for line in district.context["tasks"]] == [area.district_committee_1.name]
    assert [c.count for c in district.context["task_total"].cells] == [0, 1, 0, 0]
    # the province is outside the committee's scope
    assert client.get(reverse(DASHBOARD), {"year": YEAR, "area": area.province.pk}).status_code \
        == 404  # fmt: skip


@pytest.mark.parametrize("role", ["leader", "district_committee", "admin"])
def test_every_report_line_opens_its_schedule_page(area, scene, user_of_role, client, role):
    client.force_login(user_of_role(role))
    page = dashboard(client, year=YEAR)
    for line in page.context["reports"]:
        schedule_page = client.get(line.url)
        assert schedule_page.status_code == 200, (role, line.url)
        assert vars(schedule_page.context["data"].total) == vars(line.counts)


@pytest.mark.parametrize("role", ["leader", "admin"])
def test_era_switch_reads_2023_by_old_districts_or_new_communes(
    area, scene, user_of_role, client, role
):
    client.force_login(user_of_role(role))
    eras = {}
    for era, children in [
        (Era.LEGACY, [area.district_1, area.district_2]),
        (Era.REFORM_2025, [area.commune_1, area.commune_2]),
    ]:
        page = dashboard(client, year=YEAR, area=area.province.pk, era=era)
        rows = page.context["data"].ratings.children
        assert [row.unit for row in rows] == children, era
        cards = by_kind(card.rate for card in page.context["cards"])
        for kind in UnitKind.values:
            assert figures(total_of(rows, kind)) == figures(cards[kind]), (era, kind)
            assert figures(total_of(rows, kind).previous) == figures(cards[kind].previous)
        eras[era] = [full(card.rate) for card in page.context["cards"]]
        assert [[full(r.kinds[k]) for k in UnitKind.values] for r in rows] == [
            [full(r.kinds[k]) for k in UnitKind.values]
            for r in rates_by_child(area.province, YEAR, era)
        ]
    # the area's own figures do not depend on the era it is read by
    assert eras[Era.LEGACY] == eras[Era.REFORM_2025]
    # the old province names the same area
    legacy = dashboard(client, year=YEAR, area=area.legacy_province.pk)
    assert [full(card.rate) for card in legacy.context["cards"]] == eras[Era.LEGACY]


def test_era_switch_of_a_district_committee(area, scene, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    old = dashboard(client, year=YEAR, era=Era.LEGACY)
    new = dashboard(client, year=YEAR, era=Era.REFORM_2025)
    assert [row.unit for row in old.context["data"].ratings.children] == [area.old_commune_1]
    assert [row.unit for row in new.context["data"].ratings.children] == [area.commune_1]
    for page in (old, new):
        rows = page.context["data"].ratings.children
        for card in page.context["cards"]:
            assert figures(total_of(rows, card.rate.kind)) == figures(card.rate)
    # a commune's children are its units: no table, a link to them
    commune = dashboard(client, year=YEAR, area=area.old_commune_1.pk)
    assert commune.context["data"].ratings.child_level is None
    assert commune.context["heat"] == []
    units = behind(client, commune.context["cards"][0].units_url)
    assert (units.rows, units.recognised) == (2, 1)  # residential areas
