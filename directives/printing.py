"""A registered document as the context of the official PDF layout (printing/rendering.py).

`printing` knows nothing of documents: this module turns a Document into the plain data of
the layout's context contract, formatted as NĐ 30/2020 and HD 36 write it.
"""

from __future__ import annotations

from printing.letterhead import verification_context

from .models import Document
from .parsing.dates import format_date_line
from .services.documents import sanitize_body

PDF_TEMPLATE_NAME = "directives/pdf/document.html"

# What a clerk fills in by hand when the register does not know the place or the date yet.
BLANK_PLACE = "…"
BLANK_DATE = "ngày … tháng … năm …"

# The same authority written in each system's style: "KT." (NĐ 30) is "K/T" in a Party text
# (HD 36). Registers typed from either system's habits hold both.
_STATE_AUTHORITIES = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}
_PARTY_AUTHORITIES = {"TM": "T/M", "KT": "K/T", "TL": "T/L"}


def _place_date_line(document: Document) -> str:
    place = " ".join(document.place.split())
    if place and document.issue_date:
        return format_date_line(place, document.issue_date)
    if document.issue_date:
        return format_date_line(BLANK_PLACE, document.issue_date)
    return f"{place or BLANK_PLACE}, {BLANK_DATE}"


def _authority_line(document: Document) -> str:
    authority = document.authority.strip().upper()
    key = authority.replace("/", "").rstrip(".")
    styles = _PARTY_AUTHORITIES if document.is_party else _STATE_AUTHORITIES
    authority = styles.get(key, authority)
    body = " ".join(document.authority_body.split()).upper()
    return " ".join(part for part in (authority, body) if part)


def _recipient_text(name: str, purpose: str) -> str:
    # Imported lists keep their dashes and punctuation; the layout adds its own.
    name = " ".join(name.split()).lstrip("-–+• ").rstrip(";,. ")
    purpose = " ".join(purpose.split()).strip("(); ")
    return f"{name} ({purpose})" if purpose else name


def _archive_line(document: Document) -> str:
    archive = " ".join(document.archive_line.split()).lstrip("-–+• ").rstrip(";,. ")
    if not archive:
        return ""
    if not archive.lower().startswith("lưu"):
        archive = f"Lưu: {archive}"
    return f"{archive}."


def _recipient_lines(document: Document, *, archive_line: str) -> list[str]:
    """Each line ends with ";", and the list's last line with "."; "Lưu" is that last line
    when the document has one."""
    names = [
        text
        for recipient in document.recipients.all()
        if (text := _recipient_text(recipient.name, recipient.purpose))
    ]
    lines = [f"{name};" for name in names]
    if lines and not archive_line:
        lines[-1] = f"{names[-1]}."
    return lines


def _parent_issuer(document: Document) -> str:
    if document.parent_issuer_name:
        return document.parent_issuer_name
    if document.issuer_id and document.issuer.parent_id:
        return document.issuer.parent.name
    return ""


def document_print_context(
    document: Document, *, verification_code: str = "", verification_url: str = ""
) -> dict:
    """The context of directives/pdf/document.html for a document."""
    archive_line = _archive_line(document)
    return {
        "system": document.system or Document.System.STATE,
        "parent_issuer": _parent_issuer(document),
        "issuer": document.issuer_label or "",
        "number_symbol": document.number_symbol,
        "place_date_line": _place_date_line(document),
        "type_name": document.type_name,
        "title": " ".join(document.title.split()),
        # Sanitised on save already; again here because the layout prints it unescaped.
        "body_html": sanitize_body(document.body_html),
        "authority_line": _authority_line(document),
        "position": " ".join(document.position.split()).upper(),
        "signer_name": " ".join(document.signer_name.split()),
        "recipients": _recipient_lines(document, archive_line=archive_line),
        "archive_line": archive_line,
        "urgency_label": document.get_urgency_display().upper() if document.urgency else "",
        "secrecy_label": document.get_secrecy_display().upper() if document.secrecy else "",
        **verification_context(verification_code, verification_url),
    }
