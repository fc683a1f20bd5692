"""The yearly assessment of a unit, from registration to the decision (DOMAIN.md §6).

registered → self_assessed → appraised → recognised | not_recognised, with the appraisal able
to return the dossier (returned), and a recognition able to be revoked. Each step is one
function here; every change is kept by the model history. Any failing criterion blocks
recognition.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from organizations.models import Organization, User

from ..models import (
    Assessment,
    Criterion,
    CriterionResult,
    EvidenceFile,
    RatedUnit,
    UnitKind,
    month_day_in,
)
from ..selectors.units import criteria_version_for, units_of_commune

Status = Assessment.Status
Rule = Criterion.Rule

ALLOWED_EVIDENCE_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Verdict:
    """One criterion's verdict as entered: met or not, the score where scored, a note."""

    met: bool | None
    score: Decimal | None = None
    note: str = ""


def _percent(share: Decimal) -> str:
    return f"{number_format(share.quantize(Decimal('0.01')), decimal_pos=2)}%"


def _households_verdict(assessment: Assessment) -> tuple[bool, str]:
    version = assessment.criteria_version
    deadline = month_day_in(assessment.year, version.registration_deadline)
    share = assessment.households_share
    reasons = []
    if not assessment.party_resolution.strip():
        reasons.append(_("chưa có nghị quyết của chi bộ"))
    if share is None:
        reasons.append(_("chưa ghi số hộ đăng ký"))
    elif share < version.min_households_registered:
        reasons.append(
            _("%(share)s số hộ đăng ký, cần %(minimum)s")
            % {"share": _percent(share), "minimum": _percent(version.min_households_registered)}
        )
    if assessment.registered_on > deadline:
        reasons.append(
            _("đăng ký ngày %(day)s, sau hạn %(deadline)s")
            % {"day": assessment.registered_on.strftime("%d/%m/%Y"),
               "deadline": deadline.strftime("%d/%m/%Y")}
        )  # fmt: skip
    if reasons:
        return False, _("Không đạt: ") + "; ".join(reasons) + "."
    return True, _("Đạt: %(registered)s/%(total)s hộ đăng ký (%(share)s), có nghị quyết.") % {
        "registered": number_format(assessment.households_registered, force_grouping=True),
        "total": number_format(assessment.households_total, force_grouping=True),
        "share": _percent(share),
    }


def commune_unit_counts(assessment: Assessment) -> tuple[int, int, int]:
    """For a commune's assessment: its units that year, how many registered, how many recognised."""
    window_end = assessment.criteria_version.window_for(assessment.year)[1]
    units = units_of_commune(assessment.rated_unit.commune, window_end)
    year_assessments = Assessment.objects.filter(rated_unit__in=units, year=assessment.year)
    return (
        units.count(),
        year_assessments.count(),
        year_assessments.filter(status=Status.RECOGNISED).count(),
    )


def _commune_verdict(assessment: Assessment, rule: str) -> tuple[bool, str]:
    version = assessment.criteria_version
    total, registered, recognised = commune_unit_counts(assessment)
    if total == 0:
        return False, _("Không đạt: xã chưa có đơn vị trực thuộc nào trong danh sách.")
    if rule == Rule.UNITS_REGISTERED:
        count, minimum, what = registered, version.min_units_registered, _("đăng ký")
    else:
        count, minimum, what = recognised, version.min_units_recognised, _("được công nhận")
    share = Decimal(count * 100) / Decimal(total)
    met = share >= minimum
    text = _("%(count)s/%(total)s đơn vị %(what)s (%(share)s, cần %(minimum)s).") % {
        "count": number_format(count, force_grouping=True),
        "total": number_format(total, force_grouping=True),
        "what": what,
        "share": _percent(share),
        "minimum": _percent(minimum),
    }
    return met, (_("Đạt: ") if met else _("Không đạt: ")) + text


def _computed_verdict(assessment: Assessment, criterion: Criterion) -> tuple[bool, str]:
    if criterion.rule == Rule.HOUSEHOLDS_REGISTERED:
        return _households_verdict(assessment)
    return _commune_verdict(assessment, criterion.rule)


def _refresh_computed(assessment: Assessment, *, appraised: bool) -> None:
    """Recompute the criteria the portal derives (never typed by anyone)."""
    for result in assessment.results.select_related("criterion").exclude(criterion__rule=""):
        met, explanation = _computed_verdict(assessment, result.criterion)
        result.self_met = met
        result.evidence = explanation
        if appraised:
            result.appraised_met = met
            result.appraisal_note = explanation
        result.save(update_fields=["self_met", "evidence", "appraised_met", "appraisal_note",
                                   "updated_at"])  # fmt: skip


def _check_registration(assessment: Assessment) -> None:
    total, registered = assessment.households_total, assessment.households_registered
    if total is not None and registered is not None and registered > total:
        raise ValidationError(
            {"households_registered": _("Số hộ đăng ký không thể lớn hơn tổng số hộ.")}
        )
    if assessment.registered_on.year not in (assessment.year, assessment.year - 1):
        raise ValidationError(
            {
                "registered_on": _("Ngày đăng ký phải trong năm %(year)s.")
                % {"year": assessment.year}
            }
        )


@transaction.atomic
def assessment_register(
    *,
    rated_unit: RatedUnit,
    year: int,
    registered_on: datetime.date,
    by: User | None,
    party_resolution: str = "",
    households_total: int | None = None,
    households_registered: int | None = None,
) -> Assessment:
    """Register a unit to strive for the standard in `year` (đăng ký phấn đấu, Quý I)."""
    version = criteria_version_for(rated_unit.kind, year)
    window_end = version.window_for(year)[1]
    if not rated_unit.is_valid_on(window_end):
        raise ValidationError(
            _("%(unit)s không còn hiệu lực vào cuối kỳ đánh giá năm %(year)s (%(day)s).")
            % {"unit": rated_unit.name, "year": year, "day": window_end.strftime("%d/%m/%Y")}
        )
    if Assessment.objects.filter(rated_unit=rated_unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s đã đăng ký năm %(year)s.") % {"unit": rated_unit.name, "year": year}
        )
    if households_total is None and rated_unit.kind == UnitKind.RESIDENTIAL_AREA:
        households_total = rated_unit.households
    assessment = Assessment(
        rated_unit=rated_unit,
        year=year,
        kind=rated_unit.kind,
        commune_id=rated_unit.commune_on(window_end),
        criteria_version=version,
        registered_on=registered_on,
        party_resolution=party_resolution.strip(),
        households_total=households_total,
        households_registered=households_registered,
        created_by=by,
    )
    _check_registration(assessment)
    assessment.full_clean()
    assessment.save()
    CriterionResult.objects.bulk_create(
        CriterionResult(assessment=assessment, criterion=criterion)
        for criterion in version.criteria.all()
    )
    _refresh_computed(assessment, appraised=False)
    return assessment


def _check_open_for_unit(assessment: Assessment) -> None:
    if assessment.status not in (Status.REGISTERED, Status.SELF_ASSESSED, Status.RETURNED):
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”; đơn vị không thể sửa nữa.")
            % {"status": assessment.get_status_display()}
        )


@transaction.atomic
def assessment_registration_update(*, assessment: Assessment, fields: dict) -> Assessment:
    allowed = {"registered_on", "party_resolution", "households_total", "households_registered"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _check_open_for_unit(assessment)
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    _check_registration(assessment)
    assessment.full_clean()
    assessment.save()
    _refresh_computed(assessment, appraised=False)
    return assessment


def _check_score(result: CriterionResult, score: Decimal | None, field: str) -> None:
    points = result.criterion.points
    if score is None:
        return
    if points is None:
        raise ValidationError(
            {field: _("Tiêu chí %(number)s không chấm điểm.") % {"number": result.criterion.number}}
        )
    if score < 0 or score > points:
        raise ValidationError(
            {field: _("Điểm tiêu chí %(number)s phải từ 0 đến %(points)s.")
             % {"number": result.criterion.number, "points": points}}
        )  # fmt: skip


def _sum_scores(values) -> Decimal | None:
    scores = [value for value in values if value is not None]
    return sum(scores, Decimal(0)) if scores else None


@transaction.atomic
def assessment_self_assess(
    *,
    assessment: Assessment,
    verdicts: dict[int, Verdict],
    by: User | None,
    on: datetime.date | None = None,
) -> Assessment:
    """Record the unit's own verdicts (tự đánh giá), criterion id → verdict.

    Verdicts may come a few at a time (the grid saves cell by cell); once every typed
    criterion has one, the dossier is self-assessed and goes to appraisal.
    """
    _check_open_for_unit(assessment)
    results = {r.criterion_id: r for r in assessment.results.select_related("criterion")}
    for criterion_id, verdict in verdicts.items():
        result = results.get(criterion_id)
        if result is None:
            raise ValidationError(_("Tiêu chí không thuộc bộ tiêu chí của hồ sơ này."))
        if result.criterion.is_computed:
            raise ValidationError(
                _("Tiêu chí %(number)s do hệ thống tính, không nhập tay.")
                % {"number": result.criterion.number}
            )
        _check_score(result, verdict.score, "self_score")
        result.self_met = verdict.met
        result.self_score = verdict.score
        result.evidence = verdict.note.strip()
        result.save(update_fields=["self_met", "self_score", "evidence", "updated_at"])
    _refresh_computed(assessment, appraised=False)
    complete = all(r.self_met is not None for r in results.values() if not r.criterion.is_computed)
    assessment.self_score = _sum_scores(r.self_score for r in results.values())
    if complete:
        assessment.status = Status.SELF_ASSESSED
        assessment.self_assessed_on = on or timezone.localdate()
    elif assessment.status == Status.SELF_ASSESSED:
        assessment.status = Status.REGISTERED
        assessment.self_assessed_on = None
    assessment.save(update_fields=["status", "self_assessed_on", "self_score", "updated_at"])
    return assessment


def _check_evidence_file(upload: UploadedFile) -> None:
    name = upload.name.lower()
    if not any(name.endswith(suffix) for suffix in ALLOWED_EVIDENCE_SUFFIXES):
        raise ValidationError(
            {"file": _("Tệp minh chứng phải là PDF, Word, Excel hoặc ảnh (JPG, PNG).")}
        )
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("Tệp minh chứng lớn hơn 20 MB.")})


@transaction.atomic
def evidence_attach(
    *, result: CriterionResult, upload: UploadedFile, by: User | None
) -> EvidenceFile:
    """Attach a file as evidence for one criterion of an open dossier."""
    _check_open_for_unit(result.assessment)
    _check_evidence_file(upload)
    return EvidenceFile.objects.create(
        result=result, file=upload, name=upload.name[:200], uploaded_by=by
    )


@transaction.atomic
def assessment_appraise(
    *,
    assessment: Assessment,
    verdicts: dict[int, Verdict],
    organization: Organization | None,
    by: User | None,
    note: str = "",
    on: datetime.date | None = None,
) -> Assessment:
    """Record the appraisal (thẩm định): the appraiser's verdict on every typed criterion.

    A criterion the appraiser leaves without a verdict keeps the unit's own.
    """
    if assessment.status != Status.SELF_ASSESSED:
        raise ValidationError(
            _("Chỉ thẩm định hồ sơ đơn vị đã tự đánh giá đủ các tiêu chí (đang: “%(status)s”).")
            % {"status": assessment.get_status_display()}
        )
    results = {r.criterion_id: r for r in assessment.results.select_related("criterion")}
    unknown = set(verdicts) - set(results)
    if unknown:
        raise ValidationError(_("Tiêu chí không thuộc bộ tiêu chí của hồ sơ này."))
    for criterion_id, result in results.items():
        if result.criterion.is_computed:
            continue
        verdict = verdicts.get(criterion_id, Verdict(met=None))
        _check_score(result, verdict.score, "appraised_score")
        result.appraised_met = result.self_met if verdict.met is None else verdict.met
        result.appraised_score = result.self_score if verdict.score is None else verdict.score
        result.appraisal_note = verdict.note.strip()
        result.save(update_fields=["appraised_met", "appraised_score", "appraisal_note",
                                   "updated_at"])  # fmt: skip
    _refresh_computed(assessment, appraised=True)
    assessment.status = Status.APPRAISED
    assessment.appraised_on = on or timezone.localdate()
    assessment.appraising_organization = organization
    assessment.appraisal_note = note.strip()
    assessment.appraised_score = _sum_scores(r.appraised_score for r in results.values())
    assessment.return_reason = ""
    assessment.save()
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, reason: str, by: User | None) -> Assessment:
    """Send a dossier back to the unit with the reasons (trả lại để bổ sung)."""
    if assessment.status not in (Status.SELF_ASSESSED, Status.APPRAISED):
        raise ValidationError(_("Chỉ trả lại hồ sơ đang chờ thẩm định hoặc đã thẩm định."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do trả lại để đơn vị biết cần bổ sung gì.")})
    assessment.results.update(appraised_met=None, appraised_score=None, appraisal_note="")
    assessment.status = Status.RETURNED
    assessment.return_reason = reason.strip()
    assessment.appraised_on = None
    assessment.appraised_score = None
    assessment.save()
    return assessment


def failed_results(assessment: Assessment) -> list[CriterionResult]:
    """The criteria that fail (the appraised verdict where given, else the unit's own)."""
    return [r for r in assessment.results.select_related("criterion") if r.met is False]


@transaction.atomic
def assessment_not_recognise(
    *, assessment: Assessment, reason: str, by: User | None, on: datetime.date | None = None
) -> Assessment:
    """Close an appraised dossier as not recognised (không công nhận), with the reason."""
    if assessment.status != Status.APPRAISED:
        raise ValidationError(_("Chỉ kết luận hồ sơ đã thẩm định."))
    failed = failed_results(assessment)
    if not reason.strip() and not failed:
        raise ValidationError(
            {"reason": _("Hồ sơ đạt mọi tiêu chí; ghi lý do nếu vẫn không công nhận.")}
        )
    assessment.status = Status.NOT_RECOGNISED
    assessment.decided_on = on or timezone.localdate()
    assessment.not_recognised_reason = reason.strip() or _("Không đạt tiêu chí: ") + ", ".join(
        r.criterion.number for r in failed
    )
    assessment.save()
    return assessment


@transaction.atomic
def assessment_revoke(
    *,
    assessment: Assessment,
    reason: str,
    by: User | None,
    on: datetime.date | None = None,
    document_number: str = "",
) -> Assessment:
    """Withdraw a recognition (thu hồi công nhận), e.g. when a serious case comes to light."""
    if assessment.status != Status.RECOGNISED:
        raise ValidationError(_("Chỉ thu hồi kết quả đã được công nhận."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do thu hồi công nhận.")})
    day = on or timezone.localdate()
    if assessment.decided_on and day < assessment.decided_on:
        raise ValidationError({"on": _("Ngày thu hồi phải sau ngày công nhận.")})
    assessment.status = Status.REVOKED
    assessment.revoked_on = day
    assessment.revocation_reason = reason.strip()
    assessment.revocation_document = document_number.strip()
    assessment.save()
    return assessment
