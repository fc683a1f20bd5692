"""Roles × URLs of the reporting schedules: the list for everyone (each sees the schedules
reviewed in their area or by their organization), a schedule and its periods for the staff
and leaders of its area and its reviewer (404 elsewhere), every change for the provincial
office only (403 for the others, who lack the right entirely)."""

import pytest
from django.urls import reverse

from reporting.models import ReportSchedule
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories_forms import published_yearly_form, schedule_of

URL_NAMES = {
    "reporting:schedule-list",
    "reporting:schedule-create",
    "reporting:schedule-deadline-preview",
    "reporting:schedule-detail",
    "reporting:schedule-edit",
    "reporting:schedule-history",
    "reporting:period-add",
    "reporting:period-detail",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
MANAGERS = {"admin": 200, "standing_staff": 200}
# The provincial committee reviews: its leader, the staff of the province and the admin read.
READERS = {"admin": 200, "standing_staff": 200, "leader": 200}


def _rows(area) -> list[MatrixRow]:
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee,
                           reporters=[area.district_committee_1, area.department])  # fmt: skip
    period = schedule.periods.first()

    def url(name, *args):
        return reverse(f"reporting:{name}", args=args)

    preview = {"period_kind": "year", "cutoff_day": "14", "deadline_offset_days": "-4"}
    return [
        MatrixRow("reporting:schedule-list", url("schedule-list"), EVERYONE),
        MatrixRow("reporting:schedule-create", url("schedule-create"), MANAGERS, default=403),
        MatrixRow("reporting:schedule-create", url("schedule-create"), MANAGERS, default=403,
                  method="post", data={}),
        MatrixRow("reporting:schedule-deadline-preview", url("schedule-deadline-preview"),
                  MANAGERS, default=403, data=preview),
        MatrixRow("reporting:schedule-detail", url("schedule-detail", schedule.pk), READERS),
        MatrixRow("reporting:schedule-history", url("schedule-history", schedule.pk), READERS),
        MatrixRow("reporting:schedule-edit", url("schedule-edit", schedule.pk), MANAGERS,
                  default=403),
        MatrixRow("reporting:schedule-edit", url("schedule-edit", schedule.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:period-add", url("period-add", schedule.pk), MANAGERS,
                  default=403),
        MatrixRow("reporting:period-add", url("period-add", schedule.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:period-detail", url("period-detail", period.pk), READERS),
    ]  # fmt: skip


@pytest.mark.django_db
def test_schedules_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_schedules_of_another_province_answer_404_to_its_staff(area, user_of_role, client):
    form, _version = published_yearly_form(area.other_committee, code="tinh-khac")
    schedule = schedule_of(form, reviewer=area.other_committee, reporters=[area.other_committee])
    period = schedule.periods.first()
    client.force_login(user_of_role("standing_staff"))
    for name, pk in [("schedule-detail", schedule.pk), ("schedule-edit", schedule.pk),
                     ("period-add", schedule.pk), ("period-detail", period.pk)]:  # fmt: skip
        assert client.get(reverse(f"reporting:{name}", args=[pk])).status_code == 404, name
    assert client.post(reverse("reporting:period-add", args=[schedule.pk]), {
        "label": "Chen ngang", "start": "2027-01-01", "end": "2027-01-10",
        "deadline": "2027-01-15"}).status_code == 404  # fmt: skip
    # Its own committee (the reviewer) reads it, but may not change it.
    client.force_login(user_of_role("other_province_committee"))
    assert client.get(reverse("reporting:schedule-detail", args=[schedule.pk])).status_code == 200
    assert client.get(reverse("reporting:schedule-edit", args=[schedule.pk])).status_code == 403
    assert schedule.periods.count() == 1


@pytest.mark.django_db
def test_refused_schedule_writes_change_nothing(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    data = {"name": "Lén lập", "form": form.pk, "period_kind": "year", "cutoff_day": "14",
            "deadline_offset_days": "-4", "reviewer": area.provincial_committee.pk,
            "reporters": [area.department.pk], "reminder_days": "7",
            "overdue_days": "1"}  # fmt: skip
    client.force_login(user_of_role("leader"))
    assert client.post(reverse("reporting:schedule-create"), data).status_code == 403
    assert not ReportSchedule.objects.exists()
