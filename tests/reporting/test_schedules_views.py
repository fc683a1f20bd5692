"""Pages of the reporting schedules: creating one (its periods and obligations follow), the
first deadlines shown while typing, refusals beside the field, the directive task that
requires the report, topical periods, the period's obligations, the scope of each area and
bounded query counts."""

import datetime
import zoneinfo

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from reporting.models import Obligation, ReportingPeriod, ReportSchedule
from reporting.services.periods import HORIZON_DAYS, period_add, windows_between
from tests.organizations.factories import OrganizationFactory

from .factories_forms import directive_task, draft_form, published_yearly_form, schedule_of

D = datetime.date
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
Kind = ReportSchedule.PeriodKind


def _url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def _first_year_window() -> tuple[str, datetime.date]:
    """The first yearly period a schedule saved today gets, and its deadline at −4 days."""
    today = timezone.localdate()
    window = windows_between(Kind.YEAR, today, today + datetime.timedelta(days=HORIZON_DAYS))[0]
    return window.label, window.end - datetime.timedelta(days=4)


def _schedule_data(area, form, **overrides):
    data = {"name": "Báo cáo năm kết quả phong trào", "form": form.pk, "period_kind": "year",
            "cutoff_day": "14", "deadline_offset_days": "-4",
            "reviewer": area.provincial_committee.pk,
            "reporters": [area.district_committee_1.pk, area.district_committee_2.pk,
                          area.department.pk],
            "directive_task": "", "reminder_days": "7, 3, 1, 0", "overdue_days": "1, 5",
            "is_active": "on"}  # fmt: skip
    return data | overrides


@pytest.mark.django_db
def test_staff_create_a_schedule_and_its_periods_follow(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    client.force_login(user_of_role("standing_staff"))
    page = client.get(_url("schedule-create")).content.decode()
    assert 'hx-get="/bao-cao/che-do/xem-han-nop/"' in page and 'id="deadline-preview"' in page
    assert '<select name="reporters"' in page and "multiple" in page

    response = client.post(_url("schedule-create"), _schedule_data(area, form))
    schedule = ReportSchedule.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("schedule-detail", schedule.pk)
    assert (schedule.deadline_offset_days, schedule.reminder_days, schedule.overdue_days) == (
        -4, [7, 3, 1, 0], [1, 5],
    )  # fmt: skip
    assert schedule.created_by == user_of_role("standing_staff")
    label, deadline = _first_year_window()
    period = schedule.periods.get(label=label)
    assert period.deadline == deadline
    assert period.obligations.count() == 3

    detail = client.get(response["Location"]).content.decode()
    assert label in detail and deadline.strftime("%d/%m/%Y") in detail
    assert "4 ngày trước ngày chốt số liệu" in detail
    assert "Ban Chỉ đạo 138 huyện Cao Thử" in detail
    assert 'data-testid="period-add"' in detail


@pytest.mark.django_db
def test_deadline_preview_shows_the_first_deadlines(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.get(_url("schedule-deadline-preview"),
                          {"period_kind": "year", "cutoff_day": "14",
                           "deadline_offset_days": "-4"})  # fmt: skip
    label, deadline = _first_year_window()
    assert f"Hạn nộp kỳ {label}: {deadline:%d/%m/%Y}" in response.content.decode()
    assert response.templates[0].name == "reporting/partials/schedule_deadline_preview.html"

    monthly = client.get(_url("schedule-deadline-preview"),
                         {"period_kind": "month", "cutoff_day": "14",
                          "deadline_offset_days": "3"}).content.decode()  # fmt: skip
    assert monthly.count("Hạn nộp kỳ Tháng") == 4
    topical = client.get(_url("schedule-deadline-preview"),
                         {"period_kind": "topical", "cutoff_day": "14",
                          "deadline_offset_days": "0"}).content.decode()  # fmt: skip
    assert "được thêm từng kỳ" in topical
    invalid = client.get(
        _url("schedule-deadline-preview"), {"period_kind": "year", "cutoff_day": "31"}
    ).content.decode()
    assert "ngày chốt (1–28)" in invalid


@pytest.mark.django_db
def test_deadline_preview_flags_a_deadline_on_a_weekend(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    today = timezone.localdate()
    window = windows_between(Kind.YEAR, today, today + datetime.timedelta(days=HORIZON_DAYS))[0]
    # An offset that lands the first deadline on the Sunday before the cut-off.
    offset = -((window.end.weekday() + 1) % 7 or 7)
    page = client.get(_url("schedule-deadline-preview"),
                      {"period_kind": "year", "cutoff_day": "14",
                       "deadline_offset_days": str(offset)}).content.decode()  # fmt: skip
    assert "Chủ nhật" in page


@pytest.mark.django_db
def test_schedule_errors_come_back_beside_the_field(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    never_published, _draft = draft_form(area.provincial_committee, code="nhap")
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("schedule-create"),
                           _schedule_data(area, form, reminder_days="7, ba"))  # fmt: skip
    assert response.status_code == 200
    assert "reminder_days" in response.context["form"].errors
    assert 'value="7, ba"' in response.content.decode()
    response = client.post(_url("schedule-create"), _schedule_data(area, never_published))
    assert "phát hành" in " ".join(response.context["form"].errors["form"])
    response = client.post(
        _url("schedule-create"), _schedule_data(area, form, reporters=[area.other_committee.pk])
    )
    assert "reporters" in response.context["form"].errors
    assert not ReportSchedule.objects.exists()


@pytest.mark.django_db
def test_edit_a_schedule_shows_its_days_and_keeps_its_periods(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee,
                           reporters=[area.district_committee_1])  # fmt: skip
    periods = schedule.periods.count()
    client.force_login(user_of_role("standing_staff"))
    page = client.get(_url("schedule-edit", schedule.pk)).content.decode()
    assert 'value="7, 3, 1, 0"' in page and 'value="1, 5"' in page
    assert f'<option value="{area.district_committee_1.pk}" selected>' in page
    response = client.post(_url("schedule-edit", schedule.pk),
                           _schedule_data(area, form, name="Báo cáo năm (sửa)",
                                          reminder_days="10, 3"))  # fmt: skip
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.name, schedule.reminder_days) == ("Báo cáo năm (sửa)", [10, 3])
    assert schedule.periods.count() == periods
    assert set(schedule.reporters.all()) == {
        area.district_committee_1, area.district_committee_2, area.department,
    }  # fmt: skip
    assert "Báo cáo năm (sửa)" in client.get(_url("schedule-history", schedule.pk)).content.decode()


@pytest.mark.django_db
def test_directive_task_is_shown_on_the_schedule_and_period_pages(area, user_of_role, client):
    task = directive_task(area.provincial_committee)
    form, _version = published_yearly_form(area.provincial_committee)
    client.force_login(user_of_role("standing_staff"))
    page = client.get(_url("schedule-create")).content.decode()
    assert f'<option value="{task.pk}">12/KH-BCĐ — 5. Định kỳ trước ngày 10-12' in page
    client.post(_url("schedule-create"), _schedule_data(area, form, directive_task=task.pk))
    schedule = ReportSchedule.objects.get()
    assert schedule.directive_task == task
    document_url = reverse("directives:document-detail", args=[task.document_id])
    detail = client.get(_url("schedule-detail", schedule.pk)).content.decode()
    assert f'href="{document_url}"' in detail and "12/KH-BCĐ" in detail
    period = schedule.periods.first()
    page = client.get(_url("period-detail", period.pk)).content.decode()
    assert f'href="{document_url}"' in page and "Định kỳ trước ngày 10-12" in page


@pytest.mark.django_db
def test_add_a_topical_period_with_its_obligations(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.TOPICAL,
                           reporters=[area.district_committee_1, area.department])  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    assert client.get(_url("period-add", schedule.pk)).status_code == 200
    response = client.post(_url("period-add", schedule.pk),
                           {"label": "Chuyên đề Tết 2027", "start": "2027-01-01",
                            "end": "2027-02-20", "deadline": "2027-02-28"})  # fmt: skip
    period = ReportingPeriod.objects.get(schedule=schedule)
    assert response["Location"] == _url("period-detail", period.pk)
    assert period.obligations.count() == 2
    # 28/02/2027 is a Sunday: said when the period is set up.
    page = client.get(response["Location"]).content.decode()
    assert "Chủ nhật" in page and "Chuyên đề Tết 2027" in page

    backwards = client.post(_url("period-add", schedule.pk),
                            {"label": "Ngược", "start": "2027-03-01", "end": "2027-02-01",
                             "deadline": "2027-03-05"})  # fmt: skip
    assert backwards.status_code == 200
    assert "end" in backwards.context["form"].errors


@pytest.mark.django_db
def test_period_page_lists_obligations_with_their_status(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.AD_HOC,
                           reporters=[area.district_committee_1, area.district_committee_2,
                                      area.department])  # fmt: skip
    past = period_add(schedule=schedule, label="Đột xuất tháng 1", start=D(2026, 1, 1),
                      end=D(2026, 1, 20), deadline=D(2026, 1, 25))  # fmt: skip
    on_time, late, missing = past.obligations.order_by("organization__name")
    submitted_at = datetime.datetime(2026, 1, 24, 9, 30, tzinfo=HANOI)
    Obligation.objects.filter(pk=on_time.pk).update(first_submitted_at=submitted_at)
    Obligation.objects.filter(pk=late.pk).update(
        first_submitted_at=datetime.datetime(2026, 2, 3, 9, 30, tzinfo=HANOI)
    )
    client.force_login(user_of_role("leader"))
    response = client.get(_url("period-detail", past.pk))
    page = response.content.decode()
    statuses = [row.status for row in response.context["rows"]]
    assert statuses == ["submitted_on_time", "submitted_late", "overdue"]
    assert "09:30 24/01/2026" in page
    assert "Đúng hạn: 1" in page and "Nộp muộn: 1" in page and "Quá hạn: 1" in page
    try:
        link = reverse("reporting:obligation-detail", args=[missing.pk])
    except NoReverseMatch:
        link = None
    if link is not None:
        assert f'href="{link}"' in page
    else:
        assert "Xem báo cáo" not in page


@pytest.mark.django_db
def test_a_reviewing_committee_sees_its_schedule_but_cannot_change_it(area, user_of_role, client):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.district_committee_1,
                           reporters=[area.commune_committee_1])  # fmt: skip
    client.force_login(user_of_role("district_committee"))
    assert schedule.name in client.get(_url("schedule-list")).content.decode()
    detail = client.get(_url("schedule-detail", schedule.pk)).content.decode()
    assert schedule.name in detail and 'data-testid="period-add"' not in detail
    assert client.get(_url("schedule-edit", schedule.pk)).status_code == 403
    client.force_login(user_of_role("other_district_committee"))
    assert client.get(_url("schedule-detail", schedule.pk)).status_code == 404


@pytest.mark.django_db
def test_another_provinces_schedule_is_not_found(area, user_of_role, client):
    form, _version = published_yearly_form(area.other_committee, code="khac")
    schedule = schedule_of(form, reviewer=area.other_committee, reporters=[area.other_committee])
    period = schedule.periods.first()
    client.force_login(user_of_role("standing_staff"))
    for url in [_url("schedule-detail", schedule.pk), _url("schedule-edit", schedule.pk),
                _url("schedule-history", schedule.pk), _url("period-add", schedule.pk),
                _url("period-detail", period.pk)]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(_url("schedule-edit", schedule.pk), {}).status_code == 404
    # Nor can its form be chosen for a schedule of this province.
    response = client.post(_url("schedule-create"), _schedule_data(area, form))
    assert "form" in response.context["form"].errors


@pytest.mark.django_db
def test_schedule_pages_query_counts_are_bounded(
    area, user_of_role, client, django_assert_max_num_queries
):
    form, _version = published_yearly_form(area.provincial_committee)
    reporters = [OrganizationFactory(unit=area.province, name=f"Sở số {n}") for n in range(25)]
    monthly = schedule_of(
        form,
        reviewer=area.provincial_committee,
        period_kind=Kind.MONTH,
        reporters=reporters,
        directive_task=directive_task(area.provincial_committee),
    )
    for number in range(25):
        schedule_of(form, reviewer=area.provincial_committee, reporters=reporters[:2],
                    name=f"Chế độ số {number}")  # fmt: skip
    period = monthly.periods.first()
    Obligation.objects.filter(period=period, organization__in=reporters[:10]).update(
        first_submitted_at=timezone.now()
    )
    client.force_login(user_of_role("standing_staff"))
    for url, bound in [(_url("schedule-list"), 12), (_url("schedule-detail", monthly.pk), 14),
                       (_url("period-detail", period.pk), 14),
                       (_url("schedule-edit", monthly.pk), 20)]:  # fmt: skip
        client.get(url)
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200, url
