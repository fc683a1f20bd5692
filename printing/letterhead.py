"""The parts of an official document's context that every issuing app fills the same way: the
QR code of the verification page, the header a clerk types before issuing (number, place,
signer, recipients), and the letterhead of a report (Báo cáo) made from a snapshot.

The keys are those printing/pdf/official.html documents; each app adds its own parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import segno


def qr_data_uri(url: str) -> str:
    """The QR code of the verification page as an SVG data URI ("" without a URL)."""
    return segno.make(url).svg_data_uri(scale=3) if url else ""


def verification_context(code: str, url: str) -> dict:
    return {"verification_code": code, "verification_url": url, "qr_svg_data_uri": qr_data_uri(url)}


@dataclass(frozen=True)
class IssueHeader:
    """What the clerk types before issuing a report: the number, the place, the signer, the
    recipients (printing.forms.IssueHeaderForm)."""

    number_symbol: str = ""
    place: str = ""
    authority: str = ""
    position: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def report_letterhead(
    snapshot: dict, *, place_date_line: str, verification_code: str, verification_url: str
) -> dict:
    """The letterhead of a report (Báo cáo, state format) from its snapshot, which holds the
    issuers ("parent_issuer", "issuer"), the "title" and the IssueHeader's fields."""
    return {
        "system": "state",
        "parent_issuer": snapshot["parent_issuer"],
        "issuer": snapshot["issuer"],
        "number_symbol": snapshot["number_symbol"],
        "place_date_line": place_date_line,
        "type_name": "Báo cáo",
        "title": snapshot["title"],
        "body_html": "",
        "authority_line": snapshot["authority"].upper(),
        "position": snapshot["position"].upper(),
        "signer_name": snapshot["signer_name"],
        "recipients": snapshot["recipients"],
        "archive_line": "Lưu: VT.",
        "urgency_label": "",
        "secrecy_label": "",
        **verification_context(verification_code, verification_url),
    }
