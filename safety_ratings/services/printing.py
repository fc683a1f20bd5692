"""Printing recognition decisions and certificates as official PDFs, through `printing`.

A decision prints as a Quyết định in the NĐ 30/2020 layout with its annex (the list of
units); each unit it recognised gets a certificate (Giấy công nhận), printed in batch. Each
PDF is made from a snapshot of the data, kept with it, so later edits never change what was
issued: the template context is built from the snapshot alone.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directives.parsing.dates import format_date_line
from organizations.models import User
from organizations.search import fold_diacritics
from printing.letterhead import verification_context
from printing.models import IssuedPdf, PrintBatch
from printing.services import SignAs, batch_create, pdf_issue

from ..models import Assessment, RatedUnit, RecognitionDecision, UnitKind
from ..selectors.decisions import (
    CERTIFICATE_SOURCE,
    DECISION_SOURCE,
    certificate_ids,
    decision_annex,
)

DECISION_TEMPLATE = "safety_ratings/pdf/decision.html"
CERTIFICATE_TEMPLATE = "safety_ratings/pdf/certificate.html"
CERTIFICATE_PRINTER = "safety_ratings.services.printing.certificate_issue_pdf"

Status = Assessment.Status

# The authority prefixes of NĐ 30 (DOMAIN.md §3), however the clerk typed them.
_AUTHORITIES = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}
# "Thông tư 124/2021/TT-BCA" is cited "Thông tư số 124/2021/TT-BCA".
_CITED_NUMBER = re.compile(r"^(Thông tư|Nghị định|Quyết định|Nghị quyết)\s+(?!số\b)(\d)")
# A version's regulation may carry a note for the administrator: "(…, từ 01/7/2025)".
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _regulation_citation(regulation: str) -> str:
    return _CITED_NUMBER.sub(r"\1 số \2", _TRAILING_NOTE.sub("", " ".join(regulation.split())))


def _unit_type(assessment: Assessment) -> str:
    """The "loại" column of the annex: the local type of a residential area, the level of a
    school, the size of an enterprise, the type of a commune."""
    unit = assessment.rated_unit
    if unit.kind == UnitKind.RESIDENTIAL_AREA and unit.local_type:
        return unit.get_local_type_display()
    if unit.kind == UnitKind.COMMUNE:
        return assessment.commune.unit_type or UnitKind(unit.kind).label
    if unit.kind == UnitKind.ENTERPRISE and unit.enterprise_size:
        return _("Doanh nghiệp %(size)s") % {
            "size": RatedUnit.EnterpriseSize(unit.enterprise_size).label.lower()
        }
    if unit.kind == UnitKind.SCHOOL and unit.education_level:
        return unit.get_education_level_display()
    return str(UnitKind(unit.kind).label).capitalize()


def _collective(issuer_name: str) -> str:
    """The body a "TM." signature speaks for: "ỦY BAN NHÂN DÂN" for a people's committee."""
    if fold_diacritics(issuer_name).startswith(("uy ban nhan dan", "ubnd")):
        return "ỦY BAN NHÂN DÂN"
    return issuer_name.upper()


def _authority_line(authority: str, issuer_name: str) -> str:
    key = authority.strip().upper().replace("/", "").rstrip(".")
    if not key:
        return ""
    prefix = _AUTHORITIES.get(key, authority.strip().upper())
    if key == "TM":
        return f"{prefix} {_collective(issuer_name)}"
    # KT., TL., TUQ., Q.: on behalf of the chairman who takes a recognition decision.
    return f"{prefix} CHỦ TỊCH"


def _decider_of(unit_name: str) -> str:
    """ "Chủ tịch Ủy ban nhân dân xã Đồng Đăng": who takes the decision (TT 124/2021)."""
    return f"Chủ tịch Ủy ban nhân dân {_lower_first(unit_name)}"


def _date_text(iso_day: str) -> str:
    day = datetime.date.fromisoformat(iso_day)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _sign_as(decision: RecognitionDecision) -> SignAs:
    """The issuer's key, with the signer's own signature image when the portal knows them
    (the same lookup directives makes for its documents)."""
    person = (
        User.objects.filter(full_name=decision.signer_name).first()
        if decision.signer_name
        else None
    )
    return SignAs(
        organization=decision.issuer,
        signer_name=decision.signer_name,
        position=decision.signer_position,
        person=person,
    )


# --- The decision ---------------------------------------------------------------------------


def decision_snapshot(decision: RecognitionDecision) -> dict:
    """The data the decision's PDF is made from, kept with it."""
    annex = list(decision_annex(decision).select_related("criteria_version"))
    versions = {a.criteria_version_id: a.criteria_version for a in annex}.values()
    issuer = decision.issuer
    return {
        "number_symbol": decision.number_symbol,
        "decided_on": decision.decided_on.isoformat(),
        "year": decision.year,
        "kind": decision.kind,
        "kind_label": str(UnitKind(decision.kind).label),
        "issuer": issuer.name,
        "parent_issuer": issuer.parent.name if issuer.parent_id else "",
        "deciding_unit": decision.deciding_unit.name,
        "place": decision.deciding_unit.short_name or decision.deciding_unit.name,
        "signing_authority": decision.signing_authority,
        "signer_position": decision.signer_position,
        "signer_name": decision.signer_name,
        "regulations": sorted(
            {
                str(v.regulation_document) if v.regulation_document_id else v.regulation
                for v in versions
            }
        ),
        "appraising_bodies": sorted({v.appraising_body for v in versions if v.appraising_body}),
        "document": str(decision.document) if decision.document_id else "",
        "units": [
            {
                "id": a.pk,
                "name": a.rated_unit.name,
                "commune": a.commune.name,
                "type": _unit_type(a),
            }
            for a in annex
        ],
    }


def decision_print_context(
    snapshot: dict, *, verification_code: str = "", verification_url: str = ""
) -> dict:
    """The context of safety_ratings/pdf/decision.html, from a snapshot (the documented
    context of printing/pdf/official.html, plus the decision's own parts)."""
    decided_on = datetime.date.fromisoformat(snapshot["decided_on"])
    kind_label = snapshot["kind_label"]
    title = (
        f"Về việc công nhận {kind_label} đạt tiêu chuẩn “An toàn về an ninh, trật tự” "
        f"năm {snapshot['year']}"
    )
    return {
        "system": "state",
        "parent_issuer": snapshot["parent_issuer"],
        "issuer": snapshot["issuer"],
        "number_symbol": snapshot["number_symbol"],
        "place_date_line": format_date_line(snapshot["place"], decided_on),
        "type_name": "Quyết định",
        "title": title,
        "body_html": "",
        "authority_line": _authority_line(snapshot["signing_authority"], snapshot["issuer"]),
        "position": " ".join(snapshot["signer_position"].split()).upper(),
        "signer_name": " ".join(snapshot["signer_name"].split()),
        "recipients": ["Như Điều 3;"],
        "archive_line": "Lưu: VT.",
        "urgency_label": "",
        "secrecy_label": "",
        **verification_context(verification_code, verification_url),
        # The decision's own parts, worded in the template.
        "decider": _decider_of(snapshot["deciding_unit"]),
        "kind_label": kind_label,
        "year": str(snapshot["year"]),
        "regulations": [_regulation_citation(r) for r in snapshot["regulations"]],
        "appraising_bodies": snapshot["appraising_bodies"],
        "unit_count": len(snapshot["units"]),
        "units": snapshot["units"],
        "decision_date_text": _date_text(snapshot["decided_on"]),
    }


def decision_print(*, decision: RecognitionDecision, by: User | None, sign: bool) -> IssuedPdf:
    """Issue the decision's PDF with its annex, signed with the issuer's key when asked."""
    snapshot = decision_snapshot(decision)
    if not snapshot["units"]:
        raise ValidationError(_("Quyết định không có đơn vị nào trong danh sách kèm theo."))
    return pdf_issue(
        source_label=DECISION_SOURCE,
        source_id=decision.pk,
        title=_("Quyết định %(number)s công nhận %(kind)s năm %(year)s")
        % {"number": decision.number_symbol, "kind": snapshot["kind_label"],
           "year": decision.year},
        template_name=DECISION_TEMPLATE,
        build_context=lambda code, url: decision_print_context(
            snapshot, verification_code=code, verification_url=url
        ),
        snapshot=snapshot,
        by=by,
        sign_as=_sign_as(decision) if sign else None,
    )  # fmt: skip


# --- Certificates ---------------------------------------------------------------------------


def certificate_snapshot(assessment: Assessment) -> dict:
    """The data of one unit's certificate, kept with its PDF."""
    decision = assessment.decision
    return {
        "assessment": assessment.pk,
        "unit_name": assessment.rated_unit.name,
        "kind": assessment.kind,
        "kind_label": str(UnitKind(assessment.kind).label),
        "commune": assessment.commune.name,
        "year": assessment.year,
        "decision": decision.pk,
        "number_symbol": decision.number_symbol,
        "decided_on": decision.decided_on.isoformat(),
        "issuer": decision.issuer.name,
        "deciding_unit": decision.deciding_unit.name,
        "place": decision.deciding_unit.short_name or decision.deciding_unit.name,
        "signing_authority": decision.signing_authority,
        "signer_position": decision.signer_position,
        "signer_name": decision.signer_name,
    }


def certificate_print_context(
    snapshot: dict, *, verification_code: str = "", verification_url: str = ""
) -> dict:
    """The context of safety_ratings/pdf/certificate.html, from a snapshot."""
    decided_on = datetime.date.fromisoformat(snapshot["decided_on"])
    return {
        "system": "state",
        "issuer": snapshot["issuer"],
        "number_symbol": "",
        "place_date_line": format_date_line(snapshot["place"], decided_on),
        "type_name": "Giấy công nhận",
        "title": snapshot["unit_name"],
        "body_html": "",
        "authority_line": _authority_line(snapshot["signing_authority"], snapshot["issuer"]),
        "position": " ".join(snapshot["signer_position"].split()).upper(),
        "signer_name": " ".join(snapshot["signer_name"].split()),
        "recipients": [],
        "archive_line": "",
        **verification_context(verification_code, verification_url),
        "decider": _decider_of(snapshot["deciding_unit"]),
        "unit_name": snapshot["unit_name"],
        # A commune's certificate names the commune itself; others say where they are.
        "unit_place": "" if snapshot["kind"] == UnitKind.COMMUNE else snapshot["commune"],
        "year": str(snapshot["year"]),
        "decision_number": snapshot["number_symbol"],
        "decision_date_text": _date_text(snapshot["decided_on"]),
    }


def certificate_print(*, assessment: Assessment, by: User | None, sign: bool) -> IssuedPdf:
    """Issue the certificate (Giấy công nhận) of a unit its decision recognised."""
    if assessment.status != Status.RECOGNISED or assessment.decision_id is None:
        raise ValidationError(
            _("%(unit)s chưa được công nhận (hoặc đã bị thu hồi), không cấp giấy công nhận.")
            % {"unit": assessment.rated_unit.name}
        )
    snapshot = certificate_snapshot(assessment)
    return pdf_issue(
        source_label=CERTIFICATE_SOURCE,
        source_id=assessment.pk,
        title=_("Giấy công nhận %(unit)s năm %(year)s")
        % {"unit": assessment.rated_unit.name, "year": assessment.year},
        template_name=CERTIFICATE_TEMPLATE,
        build_context=lambda code, url: certificate_print_context(
            snapshot, verification_code=code, verification_url=url
        ),
        snapshot=snapshot,
        by=by,
        sign_as=_sign_as(assessment.decision) if sign else None,
    )


def certificate_issue_pdf(*, item_id: int, by: User | None, sign: bool) -> IssuedPdf:
    """One item of a certificate batch (the printer `printing` calls by its dotted path)."""
    assessment = Assessment.objects.select_related(
        "rated_unit", "commune", "decision__issuer", "decision__deciding_unit"
    ).get(pk=item_id)
    return certificate_print(assessment=assessment, by=by, sign=sign)


def certificates_batch_create(
    *, decision: RecognitionDecision, by: User | None, sign: bool
) -> PrintBatch:
    """Queue one certificate per unit the decision recognised (revoked ones excluded)."""
    ids = certificate_ids(decision)
    if not ids:
        raise ValidationError(_("Quyết định không còn đơn vị nào được công nhận để in giấy."))
    return batch_create(
        label=_("Giấy công nhận theo Quyết định %(number)s") % {"number": decision.number_symbol},
        printer=CERTIFICATE_PRINTER,
        item_ids=ids,
        sign=sign,
        by=by,
    )
