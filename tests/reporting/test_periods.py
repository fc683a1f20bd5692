"""Periods, deadlines and obligations: the data windows of DOMAIN.md §7, a deadline counted from
the cut-off, periods generated a year ahead (twice changes nothing), obligations only for the
organizations that existed in a period, and weekend or holiday deadlines flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reporting.models import Obligation, ReportingPeriod, ReportSchedule
from reporting.services.periods import (
    HORIZON_DAYS,
    deadline_warnings,
    obligations_generate,
    period_add,
    periods_extend,
    periods_generate,
    window_of,
    windows_between,
)
from tests.organizations.factories import OrganizationFactory

from .factories_forms import published_yearly_form, schedule_of

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
Kind = ReportSchedule.PeriodKind


@pytest.mark.parametrize(
    ("kind", "year", "index", "label", "start", "end"),
    [
        (Kind.MONTH, 2026, 3, "Tháng 3/2026", D(2026, 2, 15), D(2026, 3, 14)),
        (Kind.MONTH, 2026, 1, "Tháng 1/2026", D(2025, 12, 15), D(2026, 1, 14)),
        (Kind.QUARTER, 2026, 1, "Quý I/2026", D(2025, 12, 15), D(2026, 3, 14)),
        (Kind.QUARTER, 2026, 2, "Quý II/2026", D(2026, 3, 15), D(2026, 6, 14)),
        (Kind.QUARTER, 2026, 4, "Quý IV/2026", D(2026, 9, 15), D(2026, 12, 14)),
        (Kind.FIRST_HALF, 2026, 1, "6 tháng đầu năm 2026", D(2025, 12, 15), D(2026, 6, 14)),
        (Kind.SECOND_HALF, 2026, 1, "6 tháng cuối năm 2026", D(2026, 6, 15), D(2026, 12, 14)),
        (Kind.YEAR, 2026, 1, "Năm 2026", D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_window_of_follows_domain_defaults(kind, year, index, label, start, end):
    window = window_of(kind, year, index)
    assert (window.label, window.start, window.end) == (label, start, end)


def test_window_of_a_custom_cutoff_day():
    window = window_of(Kind.QUARTER, 2026, 1, cutoff_day=20)
    assert (window.start, window.end) == (D(2025, 12, 21), D(2026, 3, 20))


@pytest.mark.parametrize("kind", [Kind.TOPICAL, Kind.AD_HOC])
def test_topical_and_ad_hoc_windows_are_not_computed(kind):
    with pytest.raises(ValueError):
        window_of(kind, 2026, 1)


RECURRING = [Kind.MONTH, Kind.QUARTER, Kind.FIRST_HALF, Kind.SECOND_HALF, Kind.YEAR]
# The kinds that, together, cover a year: each month, each quarter, both halves, the year.
TILINGS = [[Kind.MONTH], [Kind.QUARTER], [Kind.FIRST_HALF, Kind.SECOND_HALF], [Kind.YEAR]]


@given(
    year=st.integers(min_value=1995, max_value=2100),
    cutoff_day=st.integers(min_value=1, max_value=28),
    kinds=st.sampled_from(TILINGS),
)
def test_windows_of_a_kind_tile_the_year_without_gaps_or_overlaps(year, cutoff_day, kinds):
    year_window = window_of(Kind.YEAR, year, 1, cutoff_day)
    windows = sorted(
        (w for kind in kinds
         for w in windows_between(kind, D(year, 1, 1), D(year, 12, 31), cutoff_day)),
        key=lambda w: w.start,
    )  # fmt: skip
    assert windows[0].start == year_window.start
    assert windows[-1].end == year_window.end
    for before, after in zip(windows, windows[1:], strict=False):
        assert after.start == before.end + ONE_DAY
    # And the next year carries on from the day after this year's cut-off.
    following = window_of(Kind.YEAR, year + 1, 1, cutoff_day)
    assert following.start == year_window.end + ONE_DAY


@given(
    first=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
    kind=st.sampled_from(RECURRING),
)
def test_windows_between_returns_exactly_the_windows_ending_in_the_range(first, days, kind):
    last = first + datetime.timedelta(days=days)
    windows = windows_between(kind, first, last)
    assert all(first <= w.end <= last for w in windows)
    assert [w.end for w in windows] == sorted({w.end for w in windows})


@pytest.mark.django_db
def test_deadline_offset_minus_4_gives_10_december(area):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee,
                           reporters=[area.district_committee_1], today=D(2026, 1, 10))  # fmt: skip
    period = schedule.periods.get()
    assert (period.label, period.start, period.end, period.deadline) == (
        "Năm 2026", D(2025, 12, 15), D(2026, 12, 14), D(2026, 12, 10),
    )  # fmt: skip
    assert period.obligations.get().deadline == D(2026, 12, 10)


@pytest.mark.django_db
def test_periods_generate_a_year_ahead_and_is_idempotent(area):
    form, _version = published_yearly_form(area.provincial_committee)
    today = D(2026, 1, 20)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.MONTH,
                           deadline_offset_days=3,
                           reporters=[area.district_committee_1, area.district_committee_2],
                           today=today)  # fmt: skip
    ends = list(schedule.periods.order_by("end").values_list("end", flat=True))
    assert ends[0] == D(2026, 2, 14)
    assert ends[-1] == D(2027, 1, 14)
    assert len(ends) == 12
    assert ends[-1] <= today + datetime.timedelta(days=HORIZON_DAYS)
    assert Obligation.objects.filter(period__schedule=schedule).count() == 24
    first = schedule.periods.get(end=D(2026, 2, 14))
    assert first.deadline == D(2026, 2, 17)

    assert periods_generate(schedule=schedule, today=today) == 0
    assert obligations_generate(period=first) == 0
    assert schedule.periods.count() == 12
    assert Obligation.objects.filter(period__schedule=schedule).count() == 24

    # A month later the horizon moves by one period; the beat job adds only that one.
    assert periods_extend(today=D(2027, 1, 21)) >= 1
    assert schedule.periods.filter(end=D(2027, 2, 14)).exists()


@pytest.mark.django_db
def test_topical_schedules_generate_nothing_by_themselves(area):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.TOPICAL,
                           reporters=[area.district_committee_1], today=D(2026, 1, 10))  # fmt: skip
    assert not schedule.periods.exists()
    period = period_add(schedule=schedule, label="Chuyên đề Tết 2027", start=D(2027, 1, 1),
                        end=D(2027, 2, 20), deadline=D(2027, 2, 25))  # fmt: skip
    assert period.obligations.get().organization == area.district_committee_1


@pytest.mark.django_db
def test_obligations_only_for_organizations_valid_in_the_period(area):
    dissolved = OrganizationFactory(name="Ban Chỉ đạo giải thể", unit=area.district_1,
                                    valid_to=D(2026, 1, 31))  # fmt: skip
    founded = OrganizationFactory(name="Ban Chỉ đạo mới lập", unit=area.commune_1,
                                  valid_from=D(2026, 5, 1))  # fmt: skip
    ending = OrganizationFactory(name="Ban Chỉ đạo hết hoạt động giữa kỳ", unit=area.district_2,
                                 valid_to=D(2026, 3, 1))  # fmt: skip
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.QUARTER,
                           deadline_offset_days=0,
                           reporters=[dissolved, founded, ending, area.department],
                           today=D(2026, 1, 10))  # fmt: skip
    owed = {
        period.label: set(period.obligations.values_list("organization__name", flat=True))
        for period in schedule.periods.all()
    }
    assert owed["Quý I/2026"] == {dissolved.name, ending.name, area.department.name}
    # Founded on 01/5, inside Quý II (15/3 → 14/6): it owes from its first period.
    assert owed["Quý II/2026"] == {founded.name, area.department.name}
    assert owed["Quý III/2026"] == {founded.name, area.department.name}


@pytest.mark.django_db
def test_deadline_warnings_flag_weekends_and_holidays(area):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.AD_HOC,
                           reporters=[area.department], today=D(2026, 1, 10))  # fmt: skip
    sunday = period_add(schedule=schedule, label="Đột xuất 1", start=D(2026, 11, 1),
                        end=D(2026, 12, 1), deadline=D(2026, 12, 13))  # fmt: skip
    new_year = period_add(schedule=schedule, label="Đột xuất 2", start=D(2026, 12, 2),
                          end=D(2026, 12, 20), deadline=D(2027, 1, 1))  # fmt: skip
    weekday = period_add(schedule=schedule, label="Đột xuất 3", start=D(2026, 11, 1),
                         end=D(2026, 12, 5), deadline=D(2026, 12, 10))  # fmt: skip
    warnings = deadline_warnings(schedule, [sunday, new_year, weekday])
    assert len(warnings) == 2
    assert "Đột xuất 1: hạn 13/12/2026" in warnings[0] and "Chủ nhật" in warnings[0]
    assert "Đột xuất 2: hạn 01/01/2027" in warnings[1] and "ngày nghỉ" in warnings[1]


@pytest.mark.django_db
def test_period_add_refuses_bad_windows_and_duplicates(area):
    form, _version = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee, period_kind=Kind.AD_HOC,
                           reporters=[area.department], today=D(2026, 1, 10))  # fmt: skip
    with pytest.raises(ValidationError) as backwards:
        period_add(schedule=schedule, label="Ngược", start=D(2026, 5, 1), end=D(2026, 4, 1),
                   deadline=D(2026, 5, 5))  # fmt: skip
    assert "end" in backwards.value.error_dict
    with pytest.raises(ValidationError) as early:
        period_add(schedule=schedule, label="Hạn sớm", start=D(2026, 5, 1), end=D(2026, 5, 9),
                   deadline=D(2026, 4, 1))  # fmt: skip
    assert "deadline" in early.value.error_dict
    period_add(schedule=schedule, label="Kỳ 1", start=D(2026, 5, 1), end=D(2026, 5, 9),
               deadline=D(2026, 5, 12))  # fmt: skip
    with pytest.raises(ValidationError):
        period_add(schedule=schedule, label="Kỳ 1 lần nữa", start=D(2026, 5, 1),
                   end=D(2026, 5, 9), deadline=D(2026, 5, 12))  # fmt: skip
    assert ReportingPeriod.objects.filter(schedule=schedule).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("reminder_days", ["7", "ba"]), ("reminder_days", [90]), ("overdue_days", [-1])],
)
def test_schedule_save_refuses_bad_reminder_days(area, field, value):
    from reporting.services.periods import schedule_save

    form, _version = published_yearly_form(area.provincial_committee)
    fields = {"form": form, "name": "Năm", "period_kind": Kind.YEAR, "cutoff_day": 14,
              "deadline_offset_days": -4, "reviewer": area.provincial_committee,
              "reminder_days": [7, 3], "overdue_days": [1]} | {field: value}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        schedule_save(fields=fields, reporters=[area.department], by=None, today=D(2026, 1, 1))
    assert field in refused.value.error_dict
    assert not ReportSchedule.objects.exists()


@pytest.mark.django_db
def test_schedule_save_sorts_reminder_days_and_needs_reporters(area):
    from reporting.services.periods import schedule_save

    form, _version = published_yearly_form(area.provincial_committee)
    fields = {"form": form, "name": "Năm", "period_kind": Kind.YEAR, "cutoff_day": 14,
              "deadline_offset_days": -4, "reviewer": area.provincial_committee,
              "reminder_days": ["1", "7", "3", "3"], "overdue_days": ["5", "1"]}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        schedule_save(fields=fields, reporters=[], by=None, today=D(2026, 1, 1))
    assert "reporters" in refused.value.error_dict
    schedule = schedule_save(fields=fields, reporters=[area.department], by=None,
                             today=D(2026, 1, 1))  # fmt: skip
    assert (schedule.reminder_days, schedule.overdue_days) == ([7, 3, 1], [1, 5])
