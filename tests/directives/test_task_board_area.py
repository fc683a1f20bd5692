"""The task board filtered by an area, as the dashboard links to it: the assignees whose unit
is in the area (both eras), within the person's scope (another area is a 404); the board then
lists as many rows as the dashboard's 2×2 says."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from directives.models import TaskOccurrence
from directives.selectors.tasks import STATUS_ORDER, status_counts_by_organization, status_totals
from directives.services.tasks import TaskInput, task_progress_record
from organizations.permissions import units_in_scope
from tests.directives.factories import make_document

D = datetime.date
Status = TaskOccurrence.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_2025(area):
    """The provincial committee's plan of 2025: the police, both old districts' committees,
    new commune 1's committee and the other province's committee each owe one deadline."""
    document = make_document(
        issuer=area.provincial_committee, issue_date=D(2025, 1, 10), number_symbol="01/KH-BCĐ",
        tasks=[
            TaskInput(text="Rà soát địa bàn", deadline_kind="date", deadline_value="2025-03-01",
                      lead=[area.police]),
            TaskInput(text="Tổng kết phong trào cấp huyện", deadline_kind="date",
                      deadline_value="2025-06-30",
                      lead=[area.district_committee_1, area.district_committee_2]),
            TaskInput(text="Ra mắt mô hình xã", deadline_kind="date",
                      deadline_value="2025-09-30", lead=[area.commune_committee_1]),
            TaskInput(text="Phối hợp liên tỉnh", deadline_kind="date",
                      deadline_value="2025-05-01", lead=[area.other_committee]),
        ],
    )  # fmt: skip

    def occurrence(text, organization):
        task = document.tasks.get(text=text)
        return task.assignments.get(organization=organization).occurrences.get()

    task_progress_record(occurrence=occurrence("Tổng kết phong trào cấp huyện",
                                               area.district_committee_1),
                         reported_on=D(2025, 7, 5), text="Xong muộn", completes=True,
                         by=None)  # fmt: skip
    task_progress_record(occurrence=occurrence("Ra mắt mô hình xã", area.commune_committee_1),
                         reported_on=D(2025, 9, 1), text="Xong", completes=True,
                         by=None)  # fmt: skip
    return document


def _board(client, **params):
    return client.get(f"{reverse('directives:task-board')}?{urlencode(params)}")


def _organizations(response) -> list[str]:
    return sorted(o.assignment.organization.name for o in response.context["occurrences"])


def test_task_board_area_lists_the_areas_assignees_of_both_eras(
    area, tasks_2025, user_of_role, client
):
    client.force_login(user_of_role("leader"))
    response = _board(client, year=2025, area=area.district_1.pk)
    assert response.status_code == 200
    # old district 1's committee, and new commune 1's (its old commune's successor)
    assert _organizations(response) == sorted(
        [area.district_committee_1.name, area.commune_committee_1.name]
    )
    assert response.context["area"] == area.district_1
    page = response.content.decode()
    assert "Cơ quan thực hiện thuộc địa bàn Huyện Cao Thử" in page
    assert f'name="area" value="{area.district_1.pk}"' in page  # kept by the filter form
    assert response.context["clear_area_url"] == "?year=2025"
    province = _board(client, year=2025, area=area.province.pk)
    assert province.context["page_obj"].paginator.count == 4  # not the other province's
    everything = _board(client, year=2025)
    assert everything.context["page_obj"].paginator.count == 5  # the leader's plan reaches it
    assert everything.context["area"] is None


def test_task_board_area_counts_what_the_dashboards_2x2_counts(
    area, tasks_2025, user_of_role, client
):
    leader = user_of_role("leader")
    client.force_login(leader)
    for unit in (area.province, area.legacy_province, area.district_1, area.district_2):
        counts = status_counts_by_organization(
            user=leader, year=2025, unit_ids=units_in_scope([unit])
        )
        totals = status_totals(counts)
        for status in STATUS_ORDER:
            response = _board(client, year=2025, area=unit.pk, status=status.value)
            assert response.context["page_obj"].paginator.count == getattr(totals, status.value)
        for line in counts:
            response = _board(client, year=2025, organization=line.organization_id,
                              status=Status.OVERDUE.value)  # fmt: skip
            assert response.context["page_obj"].paginator.count == line.overdue
    district = _board(client, year=2025, area=area.district_1.pk, status=Status.DONE_LATE.value)
    assert _organizations(district) == [area.district_committee_1.name]
    overdue = _board(client, year=2025, area=area.province.pk, status=Status.OVERDUE.value)
    assert _organizations(overdue) == sorted([area.police.name, area.district_committee_2.name])


def test_task_board_area_outside_the_scope_is_a_404(area, tasks_2025, user_of_role, client):
    client.force_login(user_of_role("leader"))
    assert _board(client, year=2025, area=area.other_province.pk).status_code == 404
    client.force_login(user_of_role("district_committee"))
    assert _board(client, year=2025, area=area.district_2.pk).status_code == 404
    assert _board(client, year=2025, area=area.province.pk).status_code == 404
    # a committee reads its own organization's tasks: in its own area, only those
    own = _board(client, year=2025, area=area.district_1.pk)
    assert _organizations(own) == [area.district_committee_1.name]
    assert _board(client, year=2025, area=area.commune_1.pk).status_code == 200


def test_task_board_area_that_is_not_a_number_leaves_the_board_unfiltered(
    area, tasks_2025, user_of_role, client
):
    client.force_login(user_of_role("leader"))
    response = _board(client, year=2025, area="abc", status=Status.OVERDUE.value)
    assert response.status_code == 200
    # like any bad filter of the board: every visible deadline
    assert response.context["page_obj"].paginator.count == 5
    assert response.context["area"] is None
