"""Completeness (DHIS2's reporting rates): expected, submitted, on time, late and missing, per
period, organization and area, the names behind, the pages, their query bounds and exports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Obligation
from reporting.selectors.completeness import (
    Show,
    area_lines,
    completeness_obligations,
    completeness_overview,
    counts_of,
    obligation_status,
    organization_counts,
    organization_lines,
    period_completeness,
    period_obligation_list,
    schedule_completeness,
    schedule_obligations,
)
from reporting.services.periods import obligations_generate

from .factories_completeness import (
    DEADLINE,
    TODAY,
    bulk_obligations,
    bulk_organizations,
    constructed_case,
    local,
    period_of,
    report_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing a password the real way takes a second or more on a busy machine; these tests
    # make many users and never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def case(area):
    return report_case(constructed_case(area))


@pytest.fixture
def staff(user_of_role):
    return user_of_role("standing_staff")


# -- the figures ------------------------------------------------------------------------------


def test_obligations_generate_skips_an_organization_ended_before_the_period(case):
    assert not Obligation.objects.filter(organization=case.ended).exists()
    assert case.period.obligations.count() == 4
    assert obligations_generate(period=case.period) == 0


def test_counts_of_tells_on_time_late_and_missing(case, staff):
    counts = counts_of(completeness_obligations(user=staff, period=case.period), today=TODAY)
    assert (counts.expected, counts.submitted, counts.on_time, counts.late) == (4, 2, 1, 1)
    assert (counts.missing, counts.overdue, counts.accepted) == (2, 2, 1)
    assert counts.submitted_text == "2/4 — 50%"
    assert counts.on_time_text == "1/4 — 25%"


def test_counts_of_reads_timeliness_in_local_time(case, staff):
    # Submitted at 06:00 on 11/12 in Vietnam: still 10/12 in UTC, yet late.
    assert case.late.first_submitted_at.astimezone(datetime.UTC).date() == DEADLINE
    assert obligation_status(case.late, TODAY) == "submitted_late"
    late = completeness_obligations(user=staff, period=case.period).filter(pk=case.late.pk)
    assert counts_of(late, today=TODAY).late == 1


def test_counts_of_before_the_deadline_has_nothing_overdue(case, staff):
    counts = counts_of(completeness_obligations(user=staff, period=case.period), today=DEADLINE)
    assert counts.overdue == 0
    assert counts.not_yet_due == 2


def test_rate_text_rounds_like_the_province(area, staff):
    case = constructed_case(area)
    organizations = bulk_organizations(area.commune_1, 13)
    bulk_obligations(case.period, organizations)
    counts = counts_of(completeness_obligations(user=staff, period=case.period), today=TODAY)
    # 13 bulk obligations: 5 on time, 4 late, 4 missing; plus the case's 4 missing.
    assert (counts.expected, counts.submitted) == (17, 9)
    assert counts.submitted_text == "9/17 — 52,94%"


def test_area_lines_group_communes_under_their_parent(case, staff, area):
    lines = {line.name: line.counts for line in area_lines(
        completeness_obligations(user=staff, period=case.period), today=TODAY)}  # fmt: skip
    assert set(lines) == {area.province.name, area.district_1.name, area.district_2.name}
    assert (lines[area.district_1.name].expected, lines[area.district_1.name].on_time) == (1, 1)
    assert lines[area.district_2.name].late == 1
    # The commune committee (under the 2025 province) and the department (the province).
    assert (lines[area.province.name].expected, lines[area.province.name].missing) == (2, 2)


def test_period_completeness_has_the_figures_and_areas_of_one_period(case, staff, area):
    data = period_completeness(user=staff, period=case.period, today=TODAY, area=area.district_2)
    assert (data.counts.expected, data.counts.late) == (1, 1)
    assert [line.name for line in data.areas] == [area.district_2.name]


def test_area_filter_reaches_the_old_districts_through_the_new_province(case, staff, area):
    by_province = completeness_obligations(user=staff, period=case.period, area=area.province)
    assert by_province.count() == 4
    # The old district holds Đồng Đăng Cũ, whose successor is the commune Đồng Đăng.
    by_district = completeness_obligations(user=staff, period=case.period, area=area.district_1)
    assert set(by_district) == {case.on_time, case.missing}
    by_other = completeness_obligations(user=staff, period=case.period, area=area.district_2)
    assert list(by_other) == [case.late]


def test_period_obligation_list_names_those_behind(case, staff):
    obligations = completeness_obligations(user=staff, period=case.period)
    behind = period_obligation_list(obligations, show=Show.BEHIND, today=TODAY)
    assert [o.pk for o in behind] == [case.missing.pk, case.draft.pk, case.late.pk]
    late = period_obligation_list(obligations, show=Show.LATE, today=TODAY)
    assert list(late) == [case.late]
    on_time = period_obligation_list(obligations, show=Show.ON_TIME, today=TODAY)
    assert list(on_time) == [case.on_time]


def test_schedule_completeness_has_a_row_per_period_and_organization(case, staff, area):
    earlier = period_of(
        case.schedule, label="Quý III/2025", start=datetime.date(2025, 6, 15),
        end=datetime.date(2025, 9, 14), deadline=datetime.date(2025, 9, 10),
    )  # fmt: skip
    Obligation.objects.filter(period=earlier, organization=area.commune_committee_1).update(
        first_submitted_at=local(2025, 9, 1, 8), submitted_at=local(2025, 9, 1, 8)
    )
    data = schedule_completeness(user=staff, schedule=case.schedule, year=2025, today=TODAY)
    assert [line.period.label for line in data.periods] == ["Quý IV/2025", "Quý III/2025"]
    # The dissolved committee still existed in Quý III: it owes that period, not Quý IV.
    assert data.periods[1].counts.expected == 5
    assert data.periods[0].counts.expected == 4
    assert data.periods[1].counts.on_time == 1
    assert (data.total.expected, data.total.submitted) == (9, 3)
    rows = organization_lines(
        organization_counts(
            schedule_obligations(user=staff, schedule=case.schedule, year=2025, today=TODAY),
            today=TODAY,
        )
    )
    # Most behind first: the department owes both periods.
    assert rows[0].name == area.department.name
    assert (rows[0].counts.expected, rows[0].counts.missing) == (2, 2)
    commune = next(r for r in rows if r.name == area.commune_committee_1.name)
    assert (commune.counts.submitted, commune.counts.missing) == (1, 1)


def test_completeness_overview_shows_the_last_and_next_periods(case, staff, area):
    upcoming = period_of(
        case.schedule, label="Quý I/2026", start=datetime.date(2025, 12, 15),
        end=datetime.date(2026, 3, 14), deadline=datetime.date(2026, 3, 10),
    )  # fmt: skip
    [line] = completeness_overview(user=staff, today=TODAY)
    assert line.last_due.period == case.period
    assert line.next_due.period == upcoming
    assert line.last_due.counts.submitted_text == "2/4 — 50%"
    assert [name for _pk, name in line.last_due.behind_names] == [
        area.commune_committee_1.name, area.department.name,
    ]  # fmt: skip


def test_completeness_counts_only_what_a_reviewer_sees(area, user_of_role):
    # A district committee reviewing a schedule sees its obligations, not another one's.
    case = constructed_case(area, reviewer=area.district_committee_1)
    district = user_of_role("district_committee")
    assert (
        counts_of(completeness_obligations(user=district, period=case.period), today=TODAY).expected
        == 4
    )
    assert not completeness_overview(user=user_of_role("other_district_committee"), today=TODAY)


# -- the pages --------------------------------------------------------------------------------


def test_completeness_view_lists_schedules_with_names_behind(client, case, staff, area):
    client.force_login(staff)
    response = client.get(reverse("reporting:completeness"))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.schedule.name in html
    assert "2/4 — 50%" in html
    assert reverse("reporting:obligation-detail", args=[case.missing.pk]) in html


def test_completeness_period_view_links_each_name_behind(client, case, staff, area):
    client.force_login(staff)
    response = client.get(reverse("reporting:completeness-period", args=[case.period.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for obligation in (case.missing, case.late, case.draft):
        assert reverse("reporting:obligation-detail", args=[obligation.pk]) in html
    assert reverse("reporting:obligation-detail", args=[case.on_time.pk]) not in html
    assert response.context["data"].counts.submitted == 2


def test_completeness_period_view_swaps_the_list_with_htmx(client, case, staff):
    client.force_login(staff)
    url = reverse("reporting:completeness-period", args=[case.period.pk])
    response = client.get(url, {"show": "on_time"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == (
        "reporting/partials/completeness_obligations.html"
    )
    assert [line.obligation for line in response.context["lines"]] == [case.on_time]


def test_completeness_period_view_filters_by_area(client, case, staff, area):
    client.force_login(staff)
    url = reverse("reporting:completeness-period", args=[case.period.pk])
    response = client.get(url, {"area": area.district_2.pk, "show": "all"})
    assert response.context["data"].counts.expected == 1
    # Ids are written as they are, never grouped ("1.234") by the Vietnamese number format.
    assert f'<option value="{area.district_2.pk}" selected>' in response.content.decode()
    assert [line.obligation for line in response.context["lines"]] == [case.late]


def test_completeness_views_refuse_an_area_outside_the_scope(client, case, staff, area):
    client.force_login(staff)
    for name, pk in (("completeness-period", case.period.pk),
                     ("completeness-schedule", case.schedule.pk)):  # fmt: skip
        response = client.get(reverse(f"reporting:{name}", args=[pk]),
                              {"area": area.other_province.pk})  # fmt: skip
        assert response.status_code == 404
        assert client.get(reverse(f"reporting:{name}", args=[pk]), {"area": "x"}).status_code == 404


def test_completeness_schedule_view_shows_periods_and_organizations(client, case, staff, area):
    client.force_login(staff)
    response = client.get(reverse("reporting:completeness-schedule", args=[case.schedule.pk]))
    assert response.status_code == 200
    assert response.context["year"] == 2025
    assert [line.name for line in response.context["organizations"]][0] in (
        area.commune_committee_1.name, area.department.name,
    )  # fmt: skip
    assert "2/4 — 50%" in response.content.decode()


def _many(area, count: int):
    case = constructed_case(area)
    organizations = bulk_organizations(area.commune_1, count)
    bulk_obligations(case.period, organizations)
    case.schedule.reporters.add(*organizations)
    return case


# The pages' queries: session, user, scope (3–4), the page's selector queries, pagination.
MAX_QUERIES = 22


def test_completeness_pages_run_a_bounded_number_of_queries(
    client, area, staff, django_assert_max_num_queries
):
    case = _many(area, 160)
    client.force_login(staff)
    pages = [
        (reverse("reporting:completeness"), {}),
        (reverse("reporting:completeness-schedule", args=[case.schedule.pk]), {}),
        (reverse("reporting:completeness-period", args=[case.period.pk]), {"show": "all"}),
        (reverse("reporting:completeness-period", args=[case.period.pk]),
         {"show": "behind", "area": area.province.pk}),
    ]  # fmt: skip
    for url, params in pages:
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, params)
        assert response.status_code == 200
    # More rows than a page: the period list is paginated.
    assert response.context["page_obj"].paginator.count > 50


def test_completeness_query_count_does_not_grow_with_obligations(
    client, area, staff, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = _many(area, 10)
    client.force_login(staff)
    urls = [
        reverse("reporting:completeness"),
        reverse("reporting:completeness-schedule", args=[case.schedule.pk]),
        reverse("reporting:completeness-period", args=[case.period.pk]) + "?show=all",
    ]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        before.append(len(queries))
    more = bulk_organizations(area.commune_2, 120, prefix="Ban Chỉ đạo 138 phường")
    bulk_obligations(case.period, more)
    for url, count in zip(urls, before, strict=True):
        with django_assert_num_queries(count):
            client.get(url)


# -- exports ----------------------------------------------------------------------------------


def _sheets(response) -> dict[str, list[tuple]]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_completeness_period_export_lists_every_organization(client, case, staff, area):
    client.force_login(staff)
    response = client.get(reverse("reporting:completeness-period-export", args=[case.period.pk]))
    sheets = _sheets(response)
    assert set(sheets) == {"Tóm tắt", "Theo địa bàn", "Từng đơn vị"}
    assert sheets["Tóm tắt"][1][:8] == ("Quý IV/2025", 4, 2, 1, 1, 2, 2, 1)
    rows = {row[0]: row for row in sheets["Từng đơn vị"][1:]}
    assert set(rows) == {
        area.district_committee_1.name, area.district_committee_2.name,
        area.commune_committee_1.name, area.department.name,
    }  # fmt: skip
    assert rows[area.district_committee_2.name][6] == "Nộp muộn"
    assert rows[area.district_committee_2.name][7] == 1
    assert rows[area.district_committee_1.name][3] == local(2025, 12, 9, 10, 0).replace(tzinfo=None)
    assert rows[area.commune_committee_1.name][6] == "Quá hạn, chưa nộp"


def test_completeness_schedule_export_has_periods_areas_and_organizations(
    client, case, staff, area
):
    client.force_login(staff)
    url = reverse("reporting:completeness-schedule-export", args=[case.schedule.pk])
    sheets = _sheets(client.get(url, {"area": area.district_2.pk}))
    assert set(sheets) == {"Theo kỳ", "Theo địa bàn", "Theo đơn vị"}
    period_row = sheets["Theo kỳ"][1]
    assert period_row[0] == "Quý IV/2025"
    # Expected, submitted, on time, late.
    assert period_row[4:8] == (1, 1, 0, 1)
    assert [row[0] for row in sheets["Theo đơn vị"][1:]] == [area.district_committee_2.name]
    assert sheets["Theo địa bàn"][1][0] == area.district_2.name
