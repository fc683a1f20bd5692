"""Synthetic reporting obligations shared by the benchmarks (import after django.setup())."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from reporting.models import Obligation, ReportingPeriod


def obligations_of(
    period: ReportingPeriod,
    reporters: list,
    rng: random.Random,
    *,
    on_time: float,
    late: float,
    accepted: float,
) -> list[Obligation]:
    """One obligation per reporter: submitted on time with probability `on_time`, late up to
    `late` (cumulative), else not submitted; a submitted one accepted with `accepted`."""
    tz = timezone.get_current_timezone()
    deadline = datetime.datetime.combine(period.deadline, datetime.time(9), tzinfo=tz)
    rows = []
    for organization in reporters:
        roll = rng.random()
        first = None
        if roll < on_time:
            first = deadline - datetime.timedelta(days=rng.randint(0, 10))
        elif roll < late:
            first = deadline + datetime.timedelta(days=rng.randint(1, 20))
        rows.append(
            Obligation(period=period, organization=organization, deadline=period.deadline,
                       first_submitted_at=first, submitted_at=first,
                       accepted_at=first if first and rng.random() < accepted else None)
        )  # fmt: skip
    return rows
