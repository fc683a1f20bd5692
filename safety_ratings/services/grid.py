"""Writing from the assessment grid, one cell at a time (also used by the .xlsx import).

A unit without a dossier for the year is registered on its first edit; every verdict then
goes through the assessment services, so the grid meets the same rules as the dossier page
(closed dossiers refused, computed criteria never typed, completion → self-assessed).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import User

from ..models import Assessment, Criterion, RatedUnit
from .assessments import (
    Verdict,
    assessment_register,
    assessment_registration_update,
    assessment_self_assess,
)

REGISTRATION_FIELDS = ("registered_on", "party_resolution", "households_total",
                       "households_registered")  # fmt: skip


def default_registration_day(*, year: int, on: datetime.date | None = None) -> datetime.date:
    """The day a first edit registers a unit: today, when today may be a registration day of
    `year`; otherwise the user must type the real date (a back-filled year is not "today")."""
    day = on or timezone.localdate()
    if day.year not in (year - 1, year):
        raise ValidationError(
            {"registered_on": _(
                "Đơn vị chưa đăng ký năm %(year)s: nhập ngày đăng ký (dd/mm/yyyy) trước khi "
                "đánh giá tiêu chí."
            ) % {"year": year}}
        )  # fmt: skip
    return day


def _locked_assessment(rated_unit: RatedUnit, year: int) -> Assessment | None:
    """The unit's dossier for the year, with the unit row locked so that two cells saved at
    once do not both register it."""
    RatedUnit.objects.select_for_update().filter(pk=rated_unit.pk).first()
    return Assessment.objects.filter(rated_unit=rated_unit, year=year).first()


def _registered(
    rated_unit: RatedUnit, year: int, by: User | None, on: datetime.date | None
) -> Assessment:
    assessment = _locked_assessment(rated_unit, year)
    if assessment is not None:
        return assessment
    return assessment_register(
        rated_unit=rated_unit, year=year, registered_on=default_registration_day(year=year, on=on),
        by=by,
    )  # fmt: skip


@transaction.atomic
def grid_registration_set(
    *,
    rated_unit: RatedUnit,
    year: int,
    fields: dict,
    by: User | None,
    on: datetime.date | None = None,
) -> Assessment:
    """Set registration fields (date, Party resolution, households) from the grid, registering
    the unit first if needed (party_resolution empty until typed)."""
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    assessment = _locked_assessment(rated_unit, year)
    if assessment is None:
        values = dict(fields)
        registered_on = values.pop("registered_on", None) or default_registration_day(
            year=year, on=on
        )
        values["party_resolution"] = values.get("party_resolution") or ""
        return assessment_register(
            rated_unit=rated_unit, year=year, registered_on=registered_on, by=by, **values
        )
    if "registered_on" in fields and fields["registered_on"] is None:
        raise ValidationError({"registered_on": _("Ngày đăng ký không được để trống.")})
    return assessment_registration_update(assessment=assessment, fields=fields)


@transaction.atomic
def grid_verdicts_set(
    *,
    rated_unit: RatedUnit,
    year: int,
    verdicts: dict[int, bool | None],
    by: User | None,
    notes: dict[int, str] | None = None,
    on: datetime.date | None = None,
) -> Assessment:
    """Set the unit's own verdict on several criteria (criterion id → met), keeping each
    criterion's score and evidence unless a note is given."""
    assessment = _registered(rated_unit, year, by, on)
    notes = notes or {}
    results = {result.criterion_id: result for result in assessment.results.all()}
    entered = {}
    for criterion_id in set(verdicts) | set(notes):
        result = results.get(criterion_id)
        met = verdicts.get(criterion_id, result.self_met if result else None)
        entered[criterion_id] = Verdict(
            met=met,
            score=result.self_score if result else None,
            note=notes.get(criterion_id, result.evidence if result else ""),
        )
    return assessment_self_assess(assessment=assessment, verdicts=entered, by=by, on=on)


def grid_cell_set(
    *,
    rated_unit: RatedUnit,
    year: int,
    criterion: Criterion,
    met: bool | None,
    by: User | None,
    on: datetime.date | None = None,
) -> Assessment:
    """One cell of the grid: Đạt (True), Không đạt (False) or cleared (None)."""
    return grid_verdicts_set(
        rated_unit=rated_unit, year=year, verdicts={criterion.pk: met}, by=by, on=on
    )


@transaction.atomic
def grid_row_fill(
    *, rated_unit: RatedUnit, year: int, by: User | None, on: datetime.date | None = None
) -> Assessment:
    """Set every typed criterion still without a verdict to Đạt (the row's quick fill)."""
    assessment = _registered(rated_unit, year, by, on)
    empty = {
        result.criterion_id: True
        for result in assessment.results.select_related("criterion")
        if not result.criterion.is_computed and result.self_met is None
    }
    # Even with nothing to fill, the self-assessment service runs: it refuses a closed
    # dossier rather than answering "done".
    return grid_verdicts_set(rated_unit=rated_unit, year=year, verdicts=empty, by=by, on=on)
