"""Import of a year's assessments from .xlsx: the pre-filled template, the dry run that lists
every bad row, then the confirmed commit (all rows or none)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms_bulk import AssessmentImportForm
from ..models import UnitKind
from ..selectors.grid import grid_for
from ..services.assessment_import import (
    assessment_import_check,
    assessment_import_commit,
    assessment_import_template,
)
from .grid import commune_for_bulk, grid_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_DIR = "nhap-tam"
SESSION_KEY = "safety_ratings_pending_import"


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"danh-gia-{token}.xlsx"


@login_required
@require_GET
def assessment_import_template_view(
    request: HttpRequest, commune_pk: int, year: int, kind: str
) -> HttpResponse:
    """The template pre-filled with the grid's units and what their dossiers hold."""
    commune = commune_for_bulk(request, commune_pk, year, kind)
    try:
        grid = grid_for(commune=commune, year=year, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(grid_url(commune.pk, year, kind))
    response = HttpResponse(assessment_import_template(grid=grid), content_type=XLSX)
    filename = f"danh-gia-antt-{commune.code}-{year}-{kind}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def assessment_import_view(
    request: HttpRequest, commune_pk: int, year: int, kind: str
) -> HttpResponse:
    """Upload → dry run listing every bad row → confirm → all rows written, or none."""
    commune = commune_for_bulk(request, commune_pk, year, kind)
    here = reverse("safety_ratings:assessment-import", args=[commune.pk, year, kind])
    target = {"commune": commune.pk, "year": year, "kind": kind}
    context = {
        "commune": commune,
        "year": year,
        "kind": kind,
        "kind_label": UnitKind(kind).label,
        "grid_url": grid_url(commune.pk, year, kind),
    }

    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(SESSION_KEY) or {}
        token = pending.get("token")
        if (not token or token != request.POST.get("token") or pending.get("target") != target
                or not _pending_path(token).exists()):  # fmt: skip
            messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
            return redirect(here)
        path = _pending_path(token)
        outcome = assessment_import_commit(
            content=path.read_bytes(), commune=commune, year=year, kind=kind, user=request.user
        )
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        if not outcome.ok:
            messages.error(request, _("Dữ liệu đã thay đổi từ lúc kiểm tra; chưa nhập dòng nào."))
            context.update({"form": AssessmentImportForm(), "outcome": outcome, "checked": True})
            return render(request, "safety_ratings/assessment_import.html", context, status=422)
        messages.success(
            request,
            _("Đã nhập %(changed)s đơn vị (%(registered)s đơn vị mới đăng ký).")
            % {"changed": outcome.changed, "registered": outcome.registered},
        )
        return redirect(grid_url(commune.pk, year, kind))

    form = AssessmentImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["upload"].read()
        outcome = assessment_import_check(
            content=content, commune=commune, year=year, kind=kind, user=request.user
        )
        context.update({"outcome": outcome, "checked": True})
        if outcome.ok and outcome.changed:
            token = uuid.uuid4().hex
            _pending_path(token).parent.mkdir(parents=True, exist_ok=True)
            _pending_path(token).write_bytes(content)
            request.session[SESSION_KEY] = {"token": token, "target": target}
            context["token"] = token
    return render(request, "safety_ratings/assessment_import.html", context)
