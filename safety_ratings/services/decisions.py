"""Recognition decisions: one decision recognises many appraised units at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.permissions import units_in_scope

from ..models import Assessment, RecognitionDecision
from .assessments import _refresh_computed, failed_results

Status = Assessment.Status

DECISION_FIELDS = [
    "year", "kind", "number_symbol", "decided_on", "issuer", "deciding_unit", "signer_name",
    "signer_position", "signing_authority", "document",
]  # fmt: skip


def _apply_document(decision: RecognitionDecision) -> None:
    """A decision registered in the register fills what was left blank."""
    document = decision.document
    if document is None:
        return
    decision.number_symbol = decision.number_symbol or document.number_symbol
    decision.decided_on = decision.decided_on or document.issue_date
    decision.signer_name = decision.signer_name or document.signer_name
    decision.signer_position = decision.signer_position or document.position
    decision.signing_authority = decision.signing_authority or document.authority


def _problems_of(
    assessment: Assessment, decision: RecognitionDecision, area: frozenset[int]
) -> list[str]:
    unit = assessment.rated_unit.name
    problems = []
    if assessment.status != Status.APPRAISED:
        problems.append(
            _("%(unit)s: hồ sơ đang “%(status)s”, chưa thể công nhận.")
            % {"unit": unit, "status": assessment.get_status_display()}
        )
    if assessment.year != decision.year or assessment.kind != decision.kind:
        problems.append(
            _("%(unit)s: không cùng năm hoặc loại đơn vị với quyết định.") % {"unit": unit}
        )
    if assessment.commune_id not in area:
        problems.append(_("%(unit)s: không thuộc địa bàn của cấp ra quyết định.") % {"unit": unit})
    level = assessment.criteria_version.deciding_level
    if decision.deciding_unit.level != level:
        problems.append(
            _("%(unit)s: thẩm quyền công nhận là %(level)s.")
            % {"unit": unit, "level": assessment.criteria_version.get_deciding_level_display()}
        )
    if assessment.status == Status.APPRAISED:
        _refresh_computed(assessment, appraised=True)
    failed = failed_results(assessment)
    if failed:
        problems.append(
            _("%(unit)s: còn tiêu chí chưa đạt (%(numbers)s), không thể công nhận.")
            % {"unit": unit, "numbers": ", ".join(r.criterion.number for r in failed)}
        )
    return problems


@transaction.atomic
def decision_issue(
    *, fields: dict, assessments: list[Assessment], by: User | None
) -> RecognitionDecision:
    """Record a decision recognising the listed units (all of them, or none if one fails)."""
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if not assessments:
        raise ValidationError(_("Chọn ít nhất một đơn vị để công nhận."))
    decision = RecognitionDecision(**fields, created_by=by)
    _apply_document(decision)
    if not decision.number_symbol or not decision.decided_on:
        raise ValidationError(_("Ghi số, ký hiệu và ngày của quyết định công nhận."))
    if RecognitionDecision.objects.filter(
        issuer=decision.issuer,
        number_symbol=decision.number_symbol,
        decided_on__year=decision.decided_on.year,
    ).exists():
        raise ValidationError(
            {"number_symbol": _("Cơ quan này đã có quyết định số %(number)s trong năm.")
             % {"number": decision.number_symbol}}
        )  # fmt: skip
    decision.full_clean()
    area = units_in_scope([decision.deciding_unit])
    problems = [
        problem
        for assessment in assessments
        for problem in _problems_of(assessment, decision, area)
    ]
    if problems:
        raise ValidationError(problems)
    decision.save()
    for assessment in assessments:
        assessment.status = Status.RECOGNISED
        assessment.decision = decision
        assessment.decided_on = decision.decided_on
        assessment.not_recognised_reason = ""
        assessment.save(update_fields=["status", "decision", "decided_on",
                                       "not_recognised_reason", "updated_at"])  # fmt: skip
    return decision
