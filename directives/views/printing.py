"""Printing documents: issue a (signed) PDF, download an issued one, print a year at once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from printing.services import batch_create, issued_pdfs_of

from ..models import Document
from ..permissions import can_register_documents, documents_editable_by, documents_visible_to
from ..services.printing import SOURCE_LABEL, document_print


@login_required
@require_POST
def document_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_register_documents(request.user):
        raise PermissionDenied
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    try:
        issued = document_print(
            document=document, by=request.user, sign=bool(request.POST.get("sign"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã in %(title)s (lần %(version)s), mã xác thực %(code)s.")
            % {"title": issued.title, "version": issued.version, "code": issued.code},
        )
    return redirect("directives:document-detail", pk=document.pk)


@login_required
@require_GET
def issued_pdf_download(request: HttpRequest, pk: int, issued_pk: int) -> FileResponse:
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    issued = get_object_or_404(issued_pdfs_of(source_label=SOURCE_LABEL, source_id=document.pk),
                               pk=issued_pk)  # fmt: skip
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{issued.code}.pdf")  # fmt: skip


@login_required
@require_POST
def document_batch_print(request: HttpRequest) -> HttpResponse:
    """Print every issued document of a year (optionally of one type) as one ZIP."""
    if not can_register_documents(request.user):
        raise PermissionDenied
    documents = documents_editable_by(request.user).filter(
        status=Document.Status.ISSUED, is_stub=False
    )
    year = request.POST.get("year", "")
    type_code = request.POST.get("type_code", "")
    if year.isdigit():
        documents = documents.filter(issue_year=int(year))
    if type_code:
        documents = documents.filter(type_code=type_code)
    try:
        batch = batch_create(
            label=_("Văn bản %(type)s năm %(year)s")
            % {"type": type_code or _("mọi loại"), "year": year or _("mọi năm")},
            printer="directives.services.printing.issue_document_pdf",
            item_ids=list(documents.order_by("issue_date", "pk").values_list("pk", flat=True)),
            sign=bool(request.POST.get("sign")),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directives:document-list")
    return redirect("printing:batch-detail", pk=batch.pk)
