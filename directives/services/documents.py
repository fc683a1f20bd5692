"""The register of documents: create, edit, issue, retire, replace, number, cite."""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field

import nh3
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Value
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.search import fold_diacritics

from ..models import Document, DocumentCitation, DocumentRecipient
from ..parsing.numbers import parse_number_symbol

Status = Document.Status

# The markup a document body may keep: structure and tables, nothing executable.
ALLOWED_BODY_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ol", "ul", "li", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "sup", "sub",
}  # fmt: skip
ALLOWED_BODY_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}

DOCUMENT_FIELDS = {
    "system", "type_code", "type_name", "number_symbol", "issuer", "issuer_name",
    "parent_issuer_name", "place", "issue_date", "title", "body_html", "body_sections",
    "authority", "authority_body", "position", "signer_name", "archive_line", "urgency",
    "secrecy", "original_file",
}  # fmt: skip


class DuplicateDocumentError(ValidationError):
    """The issuer already has a document with this number and symbol that year."""

    def __init__(self, existing: Document):
        self.existing = existing
        super().__init__(
            {
                "number_symbol": _(
                    "Số, ký hiệu %(number)s của %(issuer)s năm %(year)s đã được đăng ký."
                )
                % {
                    "number": existing.number_symbol,
                    "issuer": existing.issuer_label,
                    "year": existing.issue_year,
                }
            }
        )


@dataclass
class RecipientData:
    name: str
    purpose: str = ""
    organization: Organization | None = None


@dataclass
class CitationData:
    type_name: str
    number_symbol: str
    date: datetime.date | None = None
    issuer_name: str = ""
    relation: str = DocumentCitation.Relation.CITES
    cited_text: str = ""


@dataclass
class DocumentInput:
    """Everything a new document holds besides its tasks."""

    fields: dict
    recipients: list[RecipientData] = field(default_factory=list)
    citations: list[CitationData] = field(default_factory=list)


def sanitize_body(body_html: str) -> str:
    return nh3.clean(
        body_html or "", tags=ALLOWED_BODY_TAGS, attributes=ALLOWED_BODY_ATTRIBUTES
    ).strip()


def _search_text(document: Document) -> str:
    body_text = html.unescape(strip_tags(document.body_html))
    return fold_diacritics(
        " ".join(
            [
                document.number_symbol,
                document.type_name,
                document.issuer_label or "",
                document.title,
                body_text,
            ]
        )
    )


def _refresh_search(document: Document) -> None:
    document.search_document = _search_text(document)
    Document.objects.filter(pk=document.pk).update(search_document=document.search_document)
    if connection.vendor == "postgresql":
        Document.objects.filter(pk=document.pk).update(
            search_vector=SearchVector(Value(document.search_document), config="simple")
        )


def _apply_number(document: Document) -> None:
    """Parse and validate the number/symbol; keep its number and the year it counts in."""
    document.number_symbol = (document.number_symbol or "").strip()
    document.issue_year = document.issue_date.year if document.issue_date else None
    if not document.number_symbol:
        document.number = None
        return
    parsed = parse_number_symbol(document.number_symbol)
    if parsed is None:
        raise ValidationError(
            {
                "number_symbol": _(
                    "Số, ký hiệu «%s» không đúng thể thức. Ví dụ: 75/TB-UBND, 22/2023/QĐ-TTg "
                    "(văn bản nhà nước) hoặc 44-KL/TW, 111-KH/TU (văn bản của Đảng)."
                )
                % document.number_symbol
            }
        )
    if document.system and parsed.system != document.system:
        raise ValidationError(
            {
                "number_symbol": _(
                    "Số, ký hiệu «%(n)s» viết theo thể thức %(style)s, không khớp hệ thống văn bản."
                )
                % {
                    "n": document.number_symbol,
                    "style": _("văn bản của Đảng") if parsed.system == "party" else _("nhà nước"),
                }
            }
        )
    document.system = document.system or parsed.system
    document.number = parsed.number
    document.number_symbol = parsed.format()
    if not document.type_code and parsed.type_code:
        document.type_code = parsed.type_code


def _check_duplicate(document: Document) -> None:
    if not (document.issuer_id and document.number_symbol and document.issue_year):
        return
    existing = (
        Document.objects.filter(
            issuer_id=document.issuer_id,
            number_symbol=document.number_symbol,
            issue_year=document.issue_year,
        )
        .exclude(pk=document.pk)
        .first()
    )
    if existing is not None:
        raise DuplicateDocumentError(existing)


def _check_secrecy(document: Document) -> None:
    if document.secrecy and (document.body_html or document.body_sections):
        raise ValidationError(
            {
                "secrecy": _(
                    "Văn bản mật không được lưu nội dung trên cổng: chỉ đăng ký số, ký hiệu, "
                    "trích yếu và nơi nhận."
                )
            }
        )


def _save_checked(document: Document) -> Document:
    document.body_html = sanitize_body(document.body_html)
    _apply_number(document)
    _check_secrecy(document)
    _check_duplicate(document)
    if document.issuer_id and not document.issuer_name:
        document.issuer_name = document.issuer.name
    document.full_clean(exclude=["search_vector"], validate_unique=False)
    document.save()
    _refresh_search(document)
    return document


def _set_recipients(document: Document, recipients: list[RecipientData]) -> None:
    document.recipients.all().delete()
    DocumentRecipient.objects.bulk_create(
        DocumentRecipient(
            document=document,
            order=index,
            name=recipient.name.strip(),
            purpose=recipient.purpose.strip(),
            organization=recipient.organization,
        )
        for index, recipient in enumerate(recipients)
        if recipient.name.strip()
    )


@transaction.atomic
def document_create(*, data: DocumentInput, by: User | None) -> Document:
    """Register a document (a draft until issued), with its recipients and citations."""
    unknown = set(data.fields) - DOCUMENT_FIELDS
    if unknown:
        raise ValueError(f"document_create does not take {sorted(unknown)}")
    document = Document(**data.fields, created_by=by, status=Status.DRAFT)
    _save_checked(document)
    _set_recipients(document, data.recipients)
    for citation in data.citations:
        citation_link(citing=document, citation=citation)
    return document


@transaction.atomic
def document_update(
    *, document: Document, fields: dict, recipients: list[RecipientData] | None = None
) -> Document:
    unknown = set(fields) - DOCUMENT_FIELDS
    if unknown:
        raise ValueError(f"document_update does not change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(document, name, value)
    document.is_stub = False if fields else document.is_stub
    _save_checked(document)
    if recipients is not None:
        _set_recipients(document, recipients)
    return document


@transaction.atomic
def document_issue(*, document: Document, today: datetime.date | None = None) -> Document:
    """Dự thảo → ban hành: the document takes effect and its tasks get their deadlines."""
    from .tasks import task_occurrences_generate

    if document.status != Status.DRAFT:
        raise ValidationError(_("Chỉ văn bản dự thảo mới có thể ban hành."))
    missing = [
        label
        for label, value in [
            (_("số, ký hiệu"), document.number_symbol),
            (_("ngày ban hành"), document.issue_date),
            (_("cơ quan ban hành"), document.issuer_id or document.issuer_name),
        ]
        if not value
    ]
    if missing:
        raise ValidationError(
            _("Chưa thể ban hành: văn bản còn thiếu %s.") % ", ".join(str(m) for m in missing)
        )
    document.status = Status.ISSUED
    document.is_stub = False
    document.save(update_fields=["status", "is_stub", "updated_at"])
    for task in document.tasks.all():
        task_occurrences_generate(task=task, today=today)
    return document


@transaction.atomic
def document_expire(*, document: Document) -> Document:
    """Ban hành → hết hiệu lực."""
    if document.status != Status.ISSUED:
        raise ValidationError(_("Chỉ văn bản đang có hiệu lực mới có thể chuyển hết hiệu lực."))
    document.status = Status.EXPIRED
    document.save(update_fields=["status", "updated_at"])
    return document


@transaction.atomic
def document_replace(*, document: Document, replaced_by: Document) -> Document:
    """Ban hành → bị thay thế by a newer document, which records that it replaces this one."""
    if document.status != Status.ISSUED:
        raise ValidationError(_("Chỉ văn bản đang có hiệu lực mới có thể bị thay thế."))
    if replaced_by.pk == document.pk:
        raise ValidationError(_("Một văn bản không thể thay thế chính nó."))
    document.status = Status.REPLACED
    document.replaced_by = replaced_by
    document.save(update_fields=["status", "replaced_by", "updated_at"])
    DocumentCitation.objects.update_or_create(
        citing=replaced_by,
        cited=document,
        defaults={"relation": DocumentCitation.Relation.REPLACES},
    )
    return document


def document_next_number(*, issuer: Organization, year: int) -> int:
    """The next number in the issuer's own series for the year (numbers restart on 1 January)."""
    highest = Document.objects.filter(issuer=issuer, issue_year=year).aggregate(Max("number"))
    return (highest["number__max"] or 0) + 1


def document_propose_number_symbol(*, issuer: Organization, year: int, type_code: str) -> str:
    """e.g. "05/TB-BCĐ": the next number (two digits at least) with the series' symbol."""
    number = document_next_number(issuer=issuer, year=year)
    series = issuer.document_series_code or issuer.short_name
    return f"{number:02d}/{type_code}-{series}" if type_code else f"{number:02d}/{series}"


def _find_cited(citation: CitationData) -> Document | None:
    parsed = parse_number_symbol(citation.number_symbol)
    number_symbol = parsed.format() if parsed else citation.number_symbol.strip()
    candidates = Document.objects.filter(number_symbol=number_symbol)
    if citation.date:
        candidates = candidates.filter(issue_year=citation.date.year)
    return candidates.order_by("is_stub", "pk").first()


@transaction.atomic
def citation_link(*, citing: Document, citation: CitationData) -> DocumentCitation:
    """Link to the cited document, registering a stub when it is not in the register yet."""
    cited = _find_cited(citation)
    if cited is None:
        parsed = parse_number_symbol(citation.number_symbol)
        cited = Document.objects.create(
            system=parsed.system if parsed else citing.system,
            type_code=parsed.type_code or "" if parsed else "",
            type_name=citation.type_name[:80],
            number=parsed.number if parsed else None,
            number_symbol=parsed.format() if parsed else citation.number_symbol[:60],
            issuer_name=citation.issuer_name[:200],
            issue_date=citation.date,
            issue_year=citation.date.year if citation.date else None,
            status=Status.ISSUED,
            is_stub=True,
        )
        _refresh_search(cited)
    if cited.pk == citing.pk:
        raise ValidationError(_("Văn bản không thể trích dẫn chính nó."))
    link, _created = DocumentCitation.objects.update_or_create(
        citing=citing,
        cited=cited,
        defaults={"relation": citation.relation, "cited_text": citation.cited_text[:400]},
    )
    return link


@transaction.atomic
def citation_set_relation(*, citation: DocumentCitation, relation: str) -> DocumentCitation:
    if relation not in DocumentCitation.Relation.values:
        raise ValidationError(_("Quan hệ trích dẫn không hợp lệ."))
    citation.relation = relation
    citation.save(update_fields=["relation", "updated_at"])
    return citation
