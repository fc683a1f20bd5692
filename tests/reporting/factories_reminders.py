"""Data for the reminder tests: many open obligations written in bulk (each organization with
one person holding a role), and the expected reminders of a sweep."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password

from organizations.models import AdministrativeUnit, Organization, RoleAssignment, User
from reporting.models import Obligation, ReportingPeriod, ReportSchedule
from tests.organizations.factories import UnitFactory

from .factories import ScheduleFactory, published_form

# One password hash for every bulk person: hashing 300 passwords would dominate the tests.
_PASSWORD = make_password(None)


def bulk_obligations(
    count: int,
    deadline: datetime.date,
    *,
    schedule: ReportSchedule | None = None,
    unit: AdministrativeUnit | None = None,
    prefix: str = "bulk",
) -> list[Obligation]:
    """`count` committees (each with an e-mail address and one person holding the committee
    role there) owing one period due on `deadline`."""
    unit = unit or UnitFactory()
    schedule = schedule or ScheduleFactory(form=published_form())
    period = ReportingPeriod.objects.create(
        schedule=schedule,
        label=f"Kỳ {prefix} hạn {deadline:%d/%m/%Y}",
        start=deadline - datetime.timedelta(days=90),
        end=deadline + datetime.timedelta(days=4),
        deadline=deadline,
    )
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Ban Chỉ đạo 138 {prefix} {n}",
                kind=Organization.Kind.STEERING_COMMITTEE,
                unit=unit,
                email=f"{prefix}-{n}@antq.local",
            )
            for n in range(count)
        ]
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-{n}",
                full_name=f"Cán bộ {prefix} {n}",
                email=f"canbo-{prefix}-{n}@antq.local",
                organization=organization,
                password=_PASSWORD,
            )
            for n, organization in enumerate(organizations)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=user,
                role=RoleAssignment.Role.COMMITTEE,
                organization=organization,
                scope_unit=unit,
            )
            for user, organization in zip(users, organizations, strict=True)
        ]
    )
    schedule.reporters.add(*organizations)
    return Obligation.objects.bulk_create(
        [
            Obligation(period=period, organization=organization, deadline=deadline)
            for organization in organizations
        ]
    )
