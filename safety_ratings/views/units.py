"""Pages of the rated units: the list, one unit, adding and editing, ending its validity, its
history, adding the communes themselves, the commune pickers, and the .xlsx import."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook, load_workbook

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from organizations.models import RoleAssignment
from organizations.permissions import organizations_visible_to
from organizations.search import search_by_key

from ..forms import RatedUnitEndForm, RatedUnitFilterForm, RatedUnitForm, RatedUnitImportForm
from ..models import Assessment, RatedUnit, UnitKind
from ..permissions import (
    can_manage_units,
    may_add_communes,
    rated_units_editable_by,
    rated_units_visible_to,
)
from ..resources import RatedUnitResource, choice_sheet_columns, commune_sheet_rows
from ..selectors.assessments import (
    RatedUnitFilters,
    communes_visible_to,
    rated_unit_detail,
    rated_unit_list,
)
from ..services.units import (
    commune_units_ensure,
    rated_unit_create,
    rated_unit_end,
    rated_unit_update,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_DIR = "nhap-tam"
SESSION_KEY = "safety_ratings_pending_unit_import"
SHEET_TITLE = "Đơn vị được đánh giá"
Role = RoleAssignment.Role


@login_required
@require_GET
def rated_unit_list_view(request: HttpRequest) -> HttpResponse:
    communes = communes_visible_to(request.user)
    form = RatedUnitFilterForm(request.GET or None, communes=communes)
    cleaned = form.cleaned_data if form.is_valid() else {}
    rows = rated_unit_list(
        user=request.user,
        filters=RatedUnitFilters(
            query=cleaned.get("q") or "",
            kind=cleaned.get("kind") or "",
            commune_id=cleaned["commune"].pk if cleaned.get("commune") else None,
            year=cleaned.get("year"),
        ),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for unit in page.object_list:
        # The annotated status is a bare value; the page shows its label.
        unit.assessment_status_label = (
            Assessment.Status(unit.assessment_status).label if unit.assessment_status else ""
        )
    return render(
        request,
        "safety_ratings/unit_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "units": page.object_list,
            "can_manage": can_manage_units(request.user),
            "can_add_communes": may_add_communes(request.user),
        },
    )


@login_required
@require_GET
def rated_unit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        unit = rated_unit_detail(user=request.user, pk=pk)
    except RatedUnit.DoesNotExist as missing:
        raise Http404 from missing
    can_edit = rated_units_editable_by(request.user).filter(pk=unit.pk).exists()
    return render(
        request,
        "safety_ratings/unit_detail.html",
        {"unit": unit, "assessments": unit.assessments.all(), "can_edit": can_edit},
    )


def _unit_form(request: HttpRequest, unit: RatedUnit | None) -> RatedUnitForm:
    return RatedUnitForm(
        request.POST or None,
        initial=model_to_dict(unit, fields=RatedUnitForm.FIELDS) if unit else None,
        communes=communes_visible_to(request.user),
        organizations=organizations_visible_to(request.user).order_by("name"),
        kind_fixed=unit.kind if unit else "",
    )


@login_required
def rated_unit_create_view(request: HttpRequest) -> HttpResponse:
    if not can_manage_units(request.user):
        raise PermissionDenied
    form = _unit_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = rated_unit_create(fields=form.service_fields(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm «%s» vào danh sách đánh giá.") % unit.name)
            return redirect("safety_ratings:rated-unit-detail", pk=unit.pk)
    return render(
        request,
        "safety_ratings/unit_form.html",
        {"form": form, "title": _("Thêm đơn vị được đánh giá")},
    )


@login_required
def rated_unit_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_units(request.user):
        raise PermissionDenied
    unit = get_object_or_404(rated_units_editable_by(request.user), pk=pk)
    form = _unit_form(request, unit)
    if request.method == "POST" and form.is_valid():
        try:
            rated_unit_update(unit=unit, fields=form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu đơn vị."))
            return redirect("safety_ratings:rated-unit-detail", pk=unit.pk)
    return render(
        request,
        "safety_ratings/unit_form.html",
        {"form": form, "unit": unit, "title": _("Sửa đơn vị được đánh giá")},
    )


@login_required
def rated_unit_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End the unit's validity (merged, dissolved, no longer eligible), with the reason."""
    if not can_manage_units(request.user):
        raise PermissionDenied
    unit = get_object_or_404(rated_units_editable_by(request.user), pk=pk)
    form = RatedUnitEndForm(request.POST or None, initial={"valid_to": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rated_unit_end(
                unit=unit, on=form.cleaned_data["valid_to"], reason=form.cleaned_data["end_reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã kết thúc hiệu lực của «%s».") % unit.name)
            return redirect("safety_ratings:rated-unit-detail", pk=unit.pk)
    return render(
        request,
        "safety_ratings/unit_step.html",
        {"form": form, "unit": unit, "title": _("Kết thúc hiệu lực đơn vị")},
    )


class RatedUnitHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(rated_units_visible_to(self.request.user), pk=self.kwargs["pk"])


@login_required
@require_POST
def rated_unit_communes_ensure_view(request: HttpRequest) -> HttpResponse:
    """Add every commune of the user's scope as a rated unit of the commune kind."""
    if not may_add_communes(request.user):
        raise PermissionDenied
    created = commune_units_ensure(communes=list(communes_visible_to(request.user)))
    if created:
        messages.success(request, _("Đã thêm %d xã, phường vào danh sách đánh giá.") % created)
    else:
        messages.info(request, _("Mọi xã, phường của địa bàn đã có trong danh sách."))
    return redirect(f"{reverse('safety_ratings:rated-unit-list')}?kind={UnitKind.COMMUNE.value}")


@login_required
@require_GET
def commune_autocomplete(request: HttpRequest, legacy_only: bool = False) -> JsonResponse:
    """Communes of the user's scope matching a search, for the commune pickers (Tom Select)."""
    communes = communes_visible_to(request.user).select_related("parent")
    if legacy_only:
        communes = communes.filter(era="legacy")
    query = request.GET.get("q", "")
    if query:
        communes = search_by_key(communes, query)
    results = [
        {
            "value": commune.pk,
            "text": commune.name
            + (f", {commune.parent.name}" if commune.parent_id else "")
            + (_(" (trước 01/7/2025)") if commune.is_legacy else _(" (từ 01/7/2025)")),
        }
        for commune in communes.order_by("era", "path")[:30]
    ]
    return JsonResponse({"results": results})


# --- Import from .xlsx ---------------------------------------------------------------------


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def rated_unit_import_template(request: HttpRequest) -> HttpResponse:
    """The sheet to fill, with the user's communes and the accepted values beside it."""
    if not can_manage_units(request.user):
        raise PermissionDenied
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    resource = RatedUnitResource(user=request.user)
    sheet.append([f.column_name for f in resource.get_import_fields() if not f.readonly])
    communes = book.create_sheet("Xã, phường")
    communes.append([_("Mã xã, phường"), _("Tên"), _("Thuộc"), _("Giai đoạn")])
    rows = commune_sheet_rows(
        communes_visible_to(request.user).select_related("parent").order_by("era", "path")
    )
    for row in rows:
        communes.append(list(row))
    lists = book.create_sheet("Danh mục")
    columns = choice_sheet_columns()
    lists.append([title for title, _values in columns])
    for index in range(max(len(values) for _title, values in columns)):
        lists.append([values[index] if index < len(values) else None for _t, values in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return _xlsx_response(buffer.getvalue(), "mau-nhap-don-vi-danh-gia-antt.xlsx")


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{token}.xlsx"


def _load(content: bytes) -> tablib.Dataset:
    """The units sheet if the workbook has one (the template has three), else the first."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        return tablib.Dataset()
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    return tablib.Dataset(*[tuple(r[: len(headers)]) for r in rows[1:]], headers=headers)


def _row_errors(resource, dataset: tablib.Dataset, result) -> list[dict]:
    """Every bad row with its column, value and reason, as the dry run found them.

    Rows are numbered as Excel shows them (the headers are row 1)."""
    headers = list(dataset.headers or [])
    errors = []
    for row in result.invalid_rows:
        number = row.number + 1
        for field_name, reasons in row.field_specific_errors.items():
            column = (
                resource.fields[field_name].column_name
                if field_name in resource.fields
                else field_name
            )
            value = row.values[headers.index(column)] if column in headers else ""
            errors.append(
                {"row": number, "column": column, "value": value,
                 "reason": "; ".join(str(r) for r in reasons)}
            )  # fmt: skip
        for reason in row.non_field_specific_errors:
            errors.append({"row": number, "column": "", "value": "", "reason": str(reason)})
    for number, row_errors in result.row_errors():
        for item in row_errors:
            errors.append({"row": number + 1, "column": "", "value": "", "reason": str(item.error)})
    return sorted(errors, key=lambda e: e["row"])


@login_required
def rated_unit_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run listing every bad row → confirm → all rows saved, or none."""
    if not can_manage_units(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.session.get(SESSION_KEY)
        if not token or token != request.POST.get("token") or not _pending_path(token).exists():
            messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
            return redirect("safety_ratings:rated-unit-import")
        path = _pending_path(token)
        dataset = _load(path.read_bytes())
        with transaction.atomic():
            result = RatedUnitResource(user=request.user).import_data(dataset, dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
                messages.error(request, _("Dữ liệu đã thay đổi, không nhập được. Hãy thử lại."))
                return redirect("safety_ratings:rated-unit-import")
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        messages.success(request, _("Đã nhập %d đơn vị.") % result.totals["new"])
        return redirect("safety_ratings:rated-unit-list")

    form = RatedUnitImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["upload"].read()
        try:
            dataset = _load(content)
        except Exception:  # openpyxl raises many kinds of errors on a damaged file
            form.add_error("upload", _("Không đọc được tệp Excel: tệp hỏng hoặc sai định dạng."))
        else:
            resource = RatedUnitResource(user=request.user)
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
                request.session[SESSION_KEY] = token
                context["token"] = token
    return render(request, "safety_ratings/unit_import.html", context)
