"""Spreadsheets: export the register, sites and reviews; import them, dry run first; the
import template pre-filled with the area's units."""

from __future__ import annotations

import io
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
from openpyxl import Workbook

from ..forms import ImportForm
from ..models import ModelReview, ModelSite
from ..permissions import can_register_models, models_visible_to, units_for_models
from ..resources import RESOURCES, units_sheet_rows
from ..selectors.models import model_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_DIR = "nhap-tam"
SESSION_KEY = "models_registry_pending_import"
SHEET_TITLES = {"models": "Mô hình", "sites": "Điểm nhân rộng", "reviews": "Sơ kết, tổng kết"}


def xlsx_response(dataset: tablib.Dataset | bytes, filename: str) -> HttpResponse:
    content = dataset if isinstance(dataset, bytes) else dataset.export("xlsx")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def model_export(request: HttpRequest) -> HttpResponse:
    """The register in one workbook: models, sites and reviews on three sheets."""
    visible = models_visible_to(request.user)
    models = model_list(user=request.user).select_related(
        "launching_organization", "managing_organization"
    )
    sites = ModelSite.objects.filter(model__in=visible).select_related("model", "unit")
    reviews = ModelReview.objects.filter(model__in=visible).select_related(
        "model", "reviewing_organization"
    )
    book = tablib.Databook()
    for kind, rows in (("models", models), ("sites", sites), ("reviews", reviews)):
        dataset = RESOURCES[kind](user=request.user).export(rows)
        dataset.title = SHEET_TITLES[kind]
        book.add_sheet(dataset)
    return xlsx_response(book.export("xlsx"), f"so-mo-hinh-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty sheet per kind with the Vietnamese headers, and the area's units to pick from."""
    if not can_register_models(request.user):
        raise PermissionDenied
    book = Workbook()
    book.remove(book.active)
    for kind, title in SHEET_TITLES.items():
        sheet = book.create_sheet(title)
        resource = RESOURCES[kind](user=request.user)
        sheet.append([f.column_name for f in resource.get_import_fields() if not f.readonly])
    units = book.create_sheet("Đơn vị hành chính")
    units.append([_("Mã địa bàn"), _("Tên đơn vị"), _("Giai đoạn")])
    for row in units_sheet_rows(units_for_models(request.user).order_by("era", "path")):
        units.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return xlsx_response(buffer.getvalue(), "mau-nhap-mo-hinh.xlsx")


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{token}.xlsx"


def _row_errors(resource, dataset: tablib.Dataset, result) -> list[dict]:
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
                {"row": row.number, "column": column, "value": value,
                 "reason": "; ".join(str(r) for r in reasons)}
            )  # fmt: skip
        for reason in row.non_field_specific_errors:
            errors.append({"row": row.number, "column": "", "value": "", "reason": str(reason)})
    for number, row_errors in result.row_errors():
        for item in row_errors:
            errors.append({"row": number, "column": "", "value": "", "reason": str(item.error)})
    return sorted(errors, key=lambda e: e["row"])


def _load(content: bytes, kind: str) -> tablib.Dataset:
    """The sheet of that kind if the workbook has one (the template has several), else the first."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = (
        book[SHEET_TITLES[kind]] if SHEET_TITLES[kind] in book.sheetnames else book.worksheets[0]
    )
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        return tablib.Dataset()
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    return tablib.Dataset(*[tuple(r[: len(headers)]) for r in rows[1:]], headers=headers)


@login_required
def model_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run listing every bad row → confirm → all rows saved, or none."""
    if not can_register_models(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(SESSION_KEY) or {}
        token, kind = pending.get("token"), pending.get("kind")
        if (not token or token != request.POST.get("token") or kind not in RESOURCES
                or not _pending_path(token).exists()):  # fmt: skip
            messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
            return redirect("models_registry:model-import")
        path = _pending_path(token)
        dataset = _load(path.read_bytes(), kind)
        with transaction.atomic():
            result = RESOURCES[kind](user=request.user).import_data(dataset, dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
                messages.error(request, _("Dữ liệu đã thay đổi, không nhập được. Hãy thử lại."))
                return redirect("models_registry:model-import")
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        messages.success(request, _("Đã nhập %d dòng.") % result.totals["new"])
        return redirect("models_registry:model-list")

    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["upload"].read()
        kind = form.cleaned_data["kind"]
        try:
            dataset = _load(content, kind)
        except Exception:  # openpyxl raises many kinds of errors on a damaged file
            form.add_error("upload", _("Không đọc được tệp Excel: tệp hỏng hoặc sai định dạng."))
        else:
            resource = RESOURCES[kind](user=request.user)
            result = resource.import_data(dataset, dry_run=True, raise_errors=False)
            errors = _row_errors(resource, dataset, result)
            if not len(dataset):
                errors.append({"row": "", "column": "", "value": "",
                               "reason": _("Tệp không có dòng dữ liệu nào.")})  # fmt: skip
            context.update({"errors": errors, "total": len(dataset), "checked": True})
            if not errors:
                token = uuid.uuid4().hex
                _pending_path(token).parent.mkdir(parents=True, exist_ok=True)
                _pending_path(token).write_bytes(content)
                request.session[SESSION_KEY] = {"token": token, "kind": kind}
                context["token"] = token
    return render(request, "models_registry/model_import.html", context)
