"""Printing registered documents as official PDFs, through the printing app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.models import User
from printing.models import IssuedPdf
from printing.services import SignAs, pdf_issue

from ..models import Document

SOURCE_LABEL = "directives.document"
TEMPLATE_NAME = "directives/pdf/document.html"


def document_snapshot(document: Document) -> dict:
    """The data an issued PDF is made from, kept with it (later edits never change it)."""
    return {
        "number_symbol": document.number_symbol,
        "type_name": document.type_name,
        "issuer": document.issuer_label,
        "parent_issuer": document.parent_issuer_name,
        "issue_date": document.issue_date.strftime("%d/%m/%Y") if document.issue_date else "",
        "place": document.place,
        "summary": document.title,
        "body_html": document.body_html,
        "authority": f"{document.authority} {document.authority_body}".strip(),
        "position": document.position,
        "signer_name": document.signer_name,
        "recipients": [
            {"name": r.name, "purpose": r.purpose} for r in document.recipients.order_by("order")
        ],
        "archive_line": document.archive_line,
        "status": document.status,
    }


def document_print(*, document: Document, by: User | None, sign: bool) -> IssuedPdf:
    """Issue a PDF of the document, signed with its issuer's key when asked."""
    from ..printing import document_print_context

    if document.is_stub:
        raise ValidationError(_("Văn bản chưa đăng ký đầy đủ, chưa thể in."))
    sign_as = None
    if sign:
        if document.status != Document.Status.ISSUED or not document.issuer_id:
            raise ValidationError(
                _("Chỉ ký số văn bản đã ban hành và có cơ quan ban hành trong danh bạ.")
            )
        person = (
            User.objects.filter(full_name=document.signer_name).first()
            if document.signer_name
            else None
        )
        sign_as = SignAs(
            organization=document.issuer,
            signer_name=document.signer_name,
            position=document.position,
            person=person,
        )
    return pdf_issue(
        source_label=SOURCE_LABEL,
        source_id=document.pk,
        title=str(document),
        template_name=TEMPLATE_NAME,
        build_context=lambda code, url: document_print_context(
            document, verification_code=code, verification_url=url
        ),
        snapshot=document_snapshot(document),
        by=by,
        sign_as=sign_as,
    )


def issue_document_pdf(*, item_id: int, by: User | None, sign: bool) -> IssuedPdf:
    """One item of a batch print (the printer the printing app calls by its dotted path)."""
    return document_print(document=Document.objects.get(pk=item_id), by=by, sign=sign)
