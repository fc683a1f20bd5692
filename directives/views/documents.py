"""Pages of the register: list and search, read a document, register, edit, change status."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from organizations.permissions import organizations_visible_to
from printing.services import issued_pdfs_of

from ..forms import (
    CitationFormSet,
    DocumentFilterForm,
    DocumentForm,
    PasteDocumentForm,
    ReplaceForm,
    TaskFormSet,
)
from ..models import Document, DocumentCitation
from ..parsing import DocumentTextError, extract_text, parse_document_text
from ..parsing.numbers import TYPE_CHOICES
from ..permissions import can_register_documents, documents_editable_by, documents_visible_to
from ..selectors.documents import (
    DocumentFilters,
    document_links,
    document_list,
    document_years,
    documents_with_overdue_tasks,
)
from ..selectors.reading import review_initial
from ..selectors.tasks import document_tasks
from ..services.documents import (
    CitationData,
    DocumentInput,
    DuplicateDocumentError,
    citation_link,
    citation_set_relation,
    document_expire,
    document_issue,
    document_propose_number_symbol,
    document_replace,
    document_update,
)
from ..services.printing import SOURCE_LABEL
from ..services.registering import document_register
from ..services.tasks import TaskInput

PAGE_SIZE = 30
PENDING_ORIGINALS = "directives_pending_originals"


def _keep_pending_original(request: HttpRequest, upload) -> str:
    """Hold an uploaded original while the clerk reviews the form (file inputs cannot be
    pre-filled); the token in the form attaches it when the document is saved."""
    token = uuid.uuid4().hex
    path = Path(settings.MEDIA_ROOT) / "nhap-tam" / token
    path.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    path.write_bytes(upload.read())
    pending = request.session.get(PENDING_ORIGINALS, {})
    pending[token] = upload.name
    request.session[PENDING_ORIGINALS] = pending
    return token


def _take_pending_original(request: HttpRequest, token: str) -> File | None:
    name = request.session.get(PENDING_ORIGINALS, {}).get(token)
    path = Path(settings.MEDIA_ROOT) / "nhap-tam" / token
    if not name or not token.isalnum() or not path.exists():
        return None
    return File(io.BytesIO(path.read_bytes()), name=name)


def _require_writer(request: HttpRequest) -> None:
    if not can_register_documents(request.user):
        raise PermissionDenied


def _duplicate_message(error: DuplicateDocumentError) -> str:
    url = reverse("directives:document-detail", args=[error.existing.pk])
    return format_html(
        '{} <a href="{}">{}</a>', error.messages[0], url, _("Xem văn bản đã đăng ký")
    )


@login_required
def document_list_view(request: HttpRequest) -> HttpResponse:
    issuers = organizations_visible_to(request.user).filter(issued_documents__isnull=False)
    form = DocumentFilterForm(
        request.GET or None,
        years=document_years(user=request.user),
        issuers=issuers.distinct().order_by("name"),
        type_choices=TYPE_CHOICES,
    )
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = DocumentFilters(
        query=cleaned.get("q") or "",
        type_code=cleaned.get("type_code") or "",
        issuer_id=cleaned.get("issuer"),
        year=cleaned.get("year"),
        status=cleaned.get("status") or "",
        has_overdue=bool(cleaned.get("has_overdue")),
        sort=cleaned.get("sort") or "",
    )
    page = Paginator(document_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    overdue = documents_with_overdue_tasks(document_ids=[d.pk for d in page.object_list])
    for document in page.object_list:
        document.has_overdue = document.pk in overdue
    return render(
        request,
        "directives/document_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "documents": page.object_list,
            "can_register": can_register_documents(request.user),
        },
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        documents_visible_to(request.user).select_related("issuer", "replaced_by"), pk=pk
    )
    can_edit = documents_editable_by(request.user).filter(pk=pk).exists()
    context = {
        "document": document,
        "recipients": list(document.recipients.select_related("organization")),
        "tasks": document_tasks(document=document),
        "links": document_links(document=document, user=request.user),
        "can_edit": can_edit,
        "relations": DocumentCitation.Relation.choices,
        "issued_pdfs": list(issued_pdfs_of(source_label=SOURCE_LABEL, source_id=document.pk)),
        "today": timezone.localdate(),
    }
    if can_edit and document.status == Document.Status.ISSUED:
        context["replace_form"] = ReplaceForm(
            documents=documents_editable_by(request.user).exclude(pk=pk).filter(is_stub=False)
        )
    return render(request, "directives/document_detail.html", context)


def _organizations_for(request: HttpRequest):
    return organizations_visible_to(request.user).order_by("name")


def _tasks_from(formset) -> list[TaskInput]:
    return [
        form.task_input()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _citations_from(formset) -> list[CitationData]:
    return [
        CitationData(
            type_name=data["type_name"],
            number_symbol=data["number_symbol"],
            date=data["date"],
            issuer_name=data["issuer_name"],
            relation=data["relation"],
        )
        for data in (form.cleaned_data for form in formset.forms)
        if data and data.get("keep")
    ]


def _render_register(
    request, form, task_formset, citation_formset, warnings=(), status=200, pending=""
):
    return render(
        request,
        "directives/document_register.html",
        {
            "form": form,
            "task_formset": task_formset,
            "citation_formset": citation_formset,
            "warnings": warnings,
            "pending_original": pending,
            "pending_name": request.session.get(PENDING_ORIGINALS, {}).get(pending, ""),
        },
        status=status,
    )


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    """Register a document: typed by hand, or reviewed after reading its text."""
    _require_writer(request)
    organizations = _organizations_for(request)
    if request.method != "POST":
        return _render_register(
            request,
            DocumentForm(issuers=organizations),
            TaskFormSet(prefix="tasks", organizations=organizations),
            CitationFormSet(prefix="citations"),
        )
    form = DocumentForm(request.POST, request.FILES, issuers=organizations)
    task_formset = TaskFormSet(request.POST, prefix="tasks", organizations=organizations)
    citation_formset = CitationFormSet(request.POST, prefix="citations")
    pending = request.POST.get("pending_original", "")
    if form.is_valid() and task_formset.is_valid() and citation_formset.is_valid():
        fields = form.document_fields()
        if "original_file" not in fields and pending:
            original = _take_pending_original(request, pending)
            if original is not None:
                fields["original_file"] = original
        try:
            document = document_register(
                data=DocumentInput(
                    fields=fields,
                    recipients=form.recipients(),
                    citations=_citations_from(citation_formset),
                ),
                tasks=_tasks_from(task_formset),
                by=request.user,
            )
        except DuplicateDocumentError as error:
            form.add_error("number_symbol", _duplicate_message(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if pending:
                (Path(settings.MEDIA_ROOT) / "nhap-tam" / pending).unlink(missing_ok=True)
                request.session.get(PENDING_ORIGINALS, {}).pop(pending, None)
                request.session.modified = True
            messages.success(request, _("Đã đăng ký %s.") % document)
            return redirect("directives:document-detail", pk=document.pk)
    return _render_register(
        request, form, task_formset, citation_formset, status=400, pending=pending
    )


@login_required
def document_read_text(request: HttpRequest) -> HttpResponse:
    """Paste or upload a document; the portal reads it and pre-fills the register form."""
    _require_writer(request)
    form = PasteDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data.get("upload")
            text = extract_text(upload.read(), upload.name) if upload else form.cleaned_data["text"]
            parsed = parse_document_text(text)
        except DocumentTextError as error:
            form.add_error(None, str(error))
        else:
            organizations = _organizations_for(request)
            initial = review_initial(parsed=parsed, organizations=organizations)
            pending = _keep_pending_original(request, upload) if upload else ""
            return _render_register(
                request,
                DocumentForm(initial=initial.document, issuers=organizations),
                TaskFormSet(prefix="tasks", initial=initial.tasks, organizations=organizations),
                CitationFormSet(prefix="citations", initial=initial.citations),
                warnings=initial.warnings,
                pending=pending,
            )
    return render(request, "directives/document_read_text.html", {"form": form})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    organizations = _organizations_for(request)
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, issuers=organizations
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                document_update(
                    document=document, fields=form.document_fields(), recipients=form.recipients()
                )
        except DuplicateDocumentError as error:
            form.add_error("number_symbol", _duplicate_message(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu %s.") % document)
            return redirect("directives:document-detail", pk=document.pk)
    return render(request, "directives/document_edit.html", {"form": form, "document": document})


def _status_change(request: HttpRequest, pk: int, change) -> HttpResponse:
    _require_writer(request)
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    try:
        change(document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(doc)s: %(status)s.") % {"doc": document, "status": document.get_status_display()},
        )
    return redirect("directives:document-detail", pk=document.pk)


@login_required
@require_POST
def document_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, lambda document: document_issue(document=document))


@login_required
@require_POST
def document_expire_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, lambda document: document_expire(document=document))


@login_required
@require_POST
def document_replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    candidates = documents_editable_by(request.user).exclude(pk=pk)
    form = ReplaceForm(request.POST, documents=candidates)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn văn bản thay thế."))
        return redirect("directives:document-detail", pk=pk)
    return _status_change(
        request,
        pk,
        lambda document: document_replace(
            document=document, replaced_by=form.cleaned_data["replaced_by"]
        ),
    )


@login_required
@require_POST
def document_citation_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    formset = CitationFormSet(request.POST, prefix="cite")
    if formset.is_valid() and _citations_from(formset):
        try:
            for citation in _citations_from(formset):
                citation_link(citing=document, citation=citation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã thêm trích dẫn."))
    else:
        messages.error(request, _("Trích dẫn cần loại văn bản và số, ký hiệu."))
    return redirect("directives:document-detail", pk=document.pk)


@login_required
@require_POST
def citation_relation(request: HttpRequest, pk: int, citation_pk: int) -> HttpResponse:
    _require_writer(request)
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    citation = get_object_or_404(document.citations, pk=citation_pk)
    try:
        citation_set_relation(citation=citation, relation=request.POST.get("relation", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directives:document-detail", pk=document.pk)


@login_required
@require_GET
def next_number(request: HttpRequest) -> JsonResponse:
    """The next number in an issuer's own series, proposed on the register form."""
    _require_writer(request)
    issuer = get_object_or_404(organizations_visible_to(request.user), pk=request.GET.get("issuer"))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    proposal = document_propose_number_symbol(
        issuer=issuer, year=year, type_code=request.GET.get("type_code", "")
    )
    return JsonResponse({"number_symbol": proposal})


class DocumentHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(documents_visible_to(self.request.user), pk=self.kwargs["pk"])
