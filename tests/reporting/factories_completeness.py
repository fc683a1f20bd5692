"""Data for the completeness and consolidation tests: the constructed case of the conftest's
province, and many obligations and reports made in bulk for the query-bound tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from organizations.models import Organization, User
from organizations.search import fold_diacritics
from reporting.models import (
    FigureValue,
    FormField,
    Obligation,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
    Submission,
)
from reporting.services.periods import obligations_generate
from reporting.services.submissions import submission_accept
from tests.organizations.factories import OrganizationFactory, UserFactory

from .factories import ScheduleFactory, published_form, submitted

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.date(2025, 9, 15)
END = datetime.date(2025, 12, 14)
DEADLINE = datetime.date(2025, 12, 10)
# A day after the deadline, from which the tests read the figures.
TODAY = datetime.date(2025, 12, 20)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LOCAL)


@dataclass
class Case:
    """The constructed case: four organizations owe the period, one ended before it."""

    schedule: ReportSchedule
    period: ReportingPeriod
    on_time: Obligation  # district committee 1: submitted 09/12, accepted
    late: Obligation  # district committee 2: submitted 11/12 at 06:00 local (10/12 in UTC)
    missing: Obligation  # commune committee 1: nothing
    draft: Obligation  # the department: a draft, never submitted
    ended: Organization  # dissolved before the period: owes nothing
    submitter: User
    reviewer_user: User


def period_of(schedule: ReportSchedule, *, label: str = "Quý IV/2025", start=START, end=END,
              deadline=DEADLINE) -> ReportingPeriod:  # fmt: skip
    period = ReportingPeriod.objects.create(
        schedule=schedule, label=label, start=start, end=end, deadline=deadline
    )
    obligations_generate(period=period)
    return period


def constructed_case(area, *, form: ReportForm | None = None, reviewer=None) -> Case:
    """The conftest's province reporting to its steering committee for Quý IV/2025."""
    ended = OrganizationFactory(
        name="Ban Chỉ đạo 138 xã Đã Giải Thể", unit=area.old_commune_1,
        valid_to=START - datetime.timedelta(days=1),
    )  # fmt: skip
    form = form or published_form(area.provincial_committee)
    schedule = ScheduleFactory(
        form=form,
        name="Báo cáo quý về phong trào toàn dân bảo vệ ANTQ",
        reviewer=reviewer or area.provincial_committee,
        reporters=[area.district_committee_1, area.district_committee_2,
                   area.commune_committee_1, area.department, ended],
    )  # fmt: skip
    period = period_of(schedule)
    obligations = {o.organization_id: o for o in period.obligations.all()}
    submitter = UserFactory(full_name="Nguyễn Văn Nộp")
    reviewer_user = UserFactory(full_name="Trần Thị Duyệt")
    return Case(
        schedule=schedule,
        period=period,
        on_time=obligations[area.district_committee_1.pk],
        late=obligations[area.district_committee_2.pk],
        missing=obligations[area.commune_committee_1.pk],
        draft=obligations[area.department.pk],
        ended=ended,
        submitter=submitter,
        reviewer_user=reviewer_user,
    )


def report_case(case: Case, *, numbers: dict | None = None) -> Case:
    """On time and accepted, late and waiting; the department keeps a draft."""
    from .factories import fill

    numbers = numbers or {}
    first = submitted(
        case.on_time, case.submitter,
        numbers=numbers.get("on_time", {"vu_viec": 12, "da_giai_quyet": 10,
                                        "ty_le": Decimal("94.75")}),
        texts={"danh_gia": "Huyện Cao Thử: tình hình ổn định."},
        on=local(2025, 12, 9, 10, 0),
    )  # fmt: skip
    submission_accept(submission=first, by=case.reviewer_user)
    submitted(
        case.late, case.submitter,
        numbers=numbers.get("late", {"vu_viec": 8, "da_giai_quyet": 5,
                                     "ty_le": Decimal("80.25")}),
        texts={"danh_gia": "Huyện Văn Thử: còn tụ điểm phức tạp."},
        on=local(2025, 12, 11, 6, 0),
    )  # fmt: skip
    fill(case.draft, case.submitter, numbers={"vu_viec": 100, "da_giai_quyet": 1})
    for obligation in (case.on_time, case.late, case.draft, case.missing):
        obligation.refresh_from_db()
    return case


# -- in bulk ----------------------------------------------------------------------------------


def bulk_organizations(unit, count: int, *, prefix: str = "Ban Chỉ đạo 138 xã Số") -> list:
    organizations = [
        Organization(
            name=f"{prefix} {i:04d}", kind=Organization.Kind.STEERING_COMMITTEE, unit=unit,
            search_key=fold_diacritics(f"{prefix} {i:04d}"),
        )
        for i in range(count)
    ]  # fmt: skip
    return Organization.objects.bulk_create(organizations)


def bulk_obligations(period: ReportingPeriod, organizations: list, *, today=TODAY) -> list:
    """One obligation each: a third on time, a third late, a third missing."""
    rows = []
    for i, organization in enumerate(organizations):
        first = None
        if i % 3 == 0:
            first = local(period.deadline.year, period.deadline.month, period.deadline.day, 9)
        elif i % 3 == 1:
            first = local(period.deadline.year, period.deadline.month, period.deadline.day, 9) + (
                datetime.timedelta(days=2)
            )
        rows.append(
            Obligation(period=period, organization=organization, deadline=period.deadline,
                       first_submitted_at=first, submitted_at=first)
        )  # fmt: skip
    return Obligation.objects.bulk_create(rows)


def bulk_reports(
    obligations: list[Obligation], form: ReportForm, *, status=Submission.Status.SUBMITTED,
    number=Decimal(3), text: str = "",
) -> None:  # fmt: skip
    """A submission with every figure (= `number`) for each obligation, in three queries."""
    version = form.versions.filter(published_at__isnull=False).order_by("-number").first()
    fields = list(FormField.objects.filter(section__version=version))
    submissions = Submission.objects.bulk_create(
        [Submission(obligation=o, version=version, status=status) for o in obligations]
    )
    FigureValue.objects.bulk_create(
        [
            FigureValue(
                submission=s, field=f,
                number=number if f.kind == FormField.Kind.FIGURE else None,
                text=text if f.kind == FormField.Kind.TEXT else "",
            )
            for s in submissions
            for f in fields
        ]
    )  # fmt: skip
