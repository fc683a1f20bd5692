"""The assessment grid: every unit of a commune for a year, typed from the keyboard.

Each cell posts through htmx and gets its row back; a service's refusal comes back in the
row (status 422) so nothing typed is silently lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organizations.models import AdministrativeUnit, User

from ..forms_bulk import FIRST_YEAR, GridCellForm, GridChooseForm, GridRegistrationForm
from ..models import CriteriaVersion, RatedUnit, UnitKind
from ..permissions import can_manage_units, grid_communes_for, rated_units_editable_by
from ..selectors.grid import grid_for, grid_row_for
from ..selectors.units import criteria_version_for
from ..services.grid import grid_cell_set, grid_registration_set, grid_row_fill

LAST_YEAR_AHEAD = 1


def require_bulk_writer(user: User) -> None:
    """The bulk pages are for those who assess units (a role without that right gets 403)."""
    if not can_manage_units(user):
        raise PermissionDenied


def check_year_and_kind(year: int, kind: str) -> None:
    if kind not in UnitKind.values:
        raise Http404
    if not FIRST_YEAR <= year <= timezone.localdate().year + LAST_YEAR_AHEAD:
        raise Http404


def grid_url(commune_id: int, year: int, kind: str) -> str:
    return reverse("safety_ratings:grid", args=[commune_id, year, kind])


def commune_for_bulk(
    request: HttpRequest, commune_pk: int, year: int, kind: str
) -> AdministrativeUnit:
    """The commune of a bulk URL: 403 without the right, 404 outside the user's area."""
    require_bulk_writer(request.user)
    check_year_and_kind(year, kind)
    return get_object_or_404(grid_communes_for(request.user), pk=commune_pk)


@login_required
@require_GET
def grid_choose_view(request: HttpRequest) -> HttpResponse:
    """Pick the commune, year and kind of the grid."""
    require_bulk_writer(request.user)
    form = GridChooseForm(request.GET or None, communes=grid_communes_for(request.user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return redirect(grid_url(data["commune"].pk, data["year"], data["kind"]))
    return render(request, "safety_ratings/grid_choose.html", {"form": form})


@login_required
@require_GET
def grid_view(request: HttpRequest, commune_pk: int, year: int, kind: str) -> HttpResponse:
    commune = commune_for_bulk(request, commune_pk, year, kind)
    communes = grid_communes_for(request.user)
    context = {
        "commune": commune,
        "year": year,
        "kind": kind,
        "kind_label": UnitKind(kind).label,
        "choose_form": GridChooseForm(
            initial={"commune": commune, "year": year, "kind": kind}, communes=communes
        ),
    }
    try:
        context["grid"] = grid_for(commune=commune, year=year, kind=kind)
    except ValidationError as error:
        context["grid_error"] = " ".join(error.messages)
    else:
        context["commune_outdated"] = not commune.is_valid_on(context["grid"].window[1])
    return render(request, "safety_ratings/grid.html", context)


def _unit_for_edit(
    request: HttpRequest, unit_pk: int, year: int
) -> tuple[RatedUnit, CriteriaVersion]:
    require_bulk_writer(request.user)
    unit = get_object_or_404(rated_units_editable_by(request.user), pk=unit_pk)
    check_year_and_kind(year, unit.kind)
    try:
        version = criteria_version_for(unit.kind, year)
    except ValidationError as missing:
        raise Http404 from missing
    return unit, version


def _row_response(
    request: HttpRequest,
    unit: RatedUnit,
    version: CriteriaVersion,
    year: int,
    error: ValidationError | str | None = None,
) -> HttpResponse:
    """The unit's row for htmx (with the refusal inside it); a plain POST goes back to the grid."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else (error or "")
    if not request.htmx:
        if text:
            messages.error(request, f"{unit.name}: {text}")
        else:
            messages.success(request, _("Đã lưu %(unit)s.") % {"unit": unit.name})
        commune_id = unit.commune_on(version.window_for(year)[1])
        return redirect(grid_url(commune_id, year, unit.kind))
    grid = grid_row_for(unit=unit, year=year)
    row = grid.rows[0]
    row.error = text
    return render(
        request,
        "safety_ratings/partials/grid_row.html",
        {"grid": grid, "row": row},
        status=422 if text else 200,
    )


def _form_error(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@login_required
@require_POST
def grid_cell_view(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """Set one criterion of one unit: Đạt, Không đạt or empty."""
    unit, version = _unit_for_edit(request, unit_pk, year)
    form = GridCellForm(request.POST)
    if not form.is_valid():
        return _row_response(request, unit, version, year, _("Giá trị ô không hợp lệ."))
    criterion = version.criteria.filter(pk=form.cleaned_data["criterion"]).first()
    if criterion is None:
        return _row_response(
            request, unit, version, year,
            _("Tiêu chí không thuộc bộ tiêu chí năm %(year)s.") % {"year": year},
        )  # fmt: skip
    try:
        grid_cell_set(rated_unit=unit, year=year, criterion=criterion, met=form.met(),
                      by=request.user)  # fmt: skip
    except ValidationError as error:
        return _row_response(request, unit, version, year, error)
    return _row_response(request, unit, version, year)


@login_required
@require_POST
def grid_registration_view(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """Set a registration cell: date, Party resolution, households."""
    unit, version = _unit_for_edit(request, unit_pk, year)
    form = GridRegistrationForm(request.POST)
    if not form.is_valid():
        return _row_response(request, unit, version, year, _form_error(form))
    fields = form.sent_fields()
    if not fields:
        return _row_response(request, unit, version, year, _("Không có ô đăng ký nào để lưu."))
    try:
        grid_registration_set(rated_unit=unit, year=year, fields=fields, by=request.user)
    except ValidationError as error:
        return _row_response(request, unit, version, year, error)
    return _row_response(request, unit, version, year)


@login_required
@require_POST
def grid_row_fill_view(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """Set every empty typed criterion of the row to Đạt."""
    unit, version = _unit_for_edit(request, unit_pk, year)
    try:
        grid_row_fill(rated_unit=unit, year=year, by=request.user)
    except ValidationError as error:
        return _row_response(request, unit, version, year, error)
    return _row_response(request, unit, version, year)
