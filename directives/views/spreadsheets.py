"""Spreadsheets: export the register and the tasks; import a register, dry run first."""

from __future__ import annotations

import uuid
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms import RegisterImportForm
from ..permissions import can_register_documents
from ..resources import DocumentResource, TaskOccurrenceResource
from ..selectors.documents import DocumentFilters, document_list
from ..selectors.tasks import task_board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_DIR = "nhap-tam"
SESSION_KEY = "directives_pending_import"


def _xlsx_response(dataset: tablib.Dataset, filename: str) -> HttpResponse:
    response = HttpResponse(dataset.export("xlsx"), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def document_export(request: HttpRequest) -> HttpResponse:
    documents = document_list(
        user=request.user, filters=DocumentFilters(query=request.GET.get("q", ""))
    ).select_related("issuer")
    dataset = DocumentResource().export(documents)
    return _xlsx_response(dataset, f"so-van-ban-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_GET
def task_export(request: HttpRequest) -> HttpResponse:
    rows = task_board(user=request.user)
    dataset = TaskOccurrenceResource().export(rows)
    return _xlsx_response(dataset, f"nhiem-vu-{timezone.localdate():%Y%m%d}.xlsx")


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{token}.xlsx"


def _row_errors(resource: DocumentResource, dataset: tablib.Dataset, result) -> list[dict]:
    """Every bad row with its column, value and reason, as the dry run found them."""
    headers = list(dataset.headers or [])
    errors = []
    for row in result.invalid_rows:
        for field_name, reasons in row.field_specific_errors.items():
            column = (
                resource.fields[field_name].column_name
                if field_name in resource.fields
                else field_name
            )
            value = row.values[headers.index(column)] if column in headers else ""
            errors.append(
                {
                    "row": row.number,
                    "column": column,
                    "value": value,
                    "reason": "; ".join(str(r) for r in reasons),
                }
            )
        for reason in row.non_field_specific_errors:
            errors.append({"row": row.number, "column": "", "value": "", "reason": str(reason)})
    for number, row_errors in result.row_errors():
        for item in row_errors:
            errors.append({"row": number, "column": "", "value": "", "reason": str(item.error)})
    return sorted(errors, key=lambda e: e["row"])


@login_required
def document_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run listing every bad row → confirm → all rows saved, or none."""
    if not can_register_documents(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.session.get(SESSION_KEY)
        if not token or token != request.POST.get("token") or not _pending_path(token).exists():
            messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
            return redirect("directives:document-import")
        path = _pending_path(token)
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        with transaction.atomic():
            result = DocumentResource(by=request.user).import_data(dataset, dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
                messages.error(request, _("Dữ liệu đã thay đổi, không nhập được. Hãy thử lại."))
                return redirect("directives:document-import")
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        messages.success(request, _("Đã nhập %d văn bản.") % result.totals["new"])
        return redirect("directives:document-list")

    form = RegisterImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["upload"].read()
        try:
            dataset = tablib.Dataset().load(content, format="xlsx")
        except Exception:  # openpyxl raises many kinds of errors on a damaged file
            form.add_error("upload", _("Không đọc được tệp Excel: tệp hỏng hoặc sai định dạng."))
        else:
            resource = DocumentResource(by=request.user)
            result = resource.import_data(dataset, dry_run=True, raise_errors=False)
            errors = _row_errors(resource, dataset, result)
            context.update({"errors": errors, "total": len(dataset), "checked": True})
            if not errors:
                token = uuid.uuid4().hex
                _pending_path(token).parent.mkdir(parents=True, exist_ok=True)
                _pending_path(token).write_bytes(content)
                request.session[SESSION_KEY] = token
                context["token"] = token
    return render(request, "directives/document_import.html", context)
