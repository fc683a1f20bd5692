"""The province's counts as of a date (sentence, table, .xlsx) and the review-due list."""

from __future__ import annotations

import tablib
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms import CountsForm
from ..selectors.counts import ModelCounts, area_choices, default_area, model_counts
from ..selectors.models import DEFAULT_REVIEW_YEARS, models_needing_review
from .spreadsheets import xlsx_response

PAGE_SIZE = 50


def _counts_from_request(request: HttpRequest) -> tuple[CountsForm, ModelCounts]:
    areas = area_choices(request.user).order_by("era", "path")
    form = CountsForm(request.GET or None, areas=areas)
    cleaned = form.cleaned_data if form.is_valid() else {}
    on = cleaned.get("date") or timezone.localdate()
    area = cleaned.get("area") if "area" in request.GET else default_area(request.user)
    return form, model_counts(user=request.user, on=on, area=area)


@login_required
@require_GET
def counts_view(request: HttpRequest) -> HttpResponse:
    form, counts = _counts_from_request(request)
    return render(
        request,
        "models_registry/model_counts.html",
        {"form": form, "counts": counts, "query_string": request.GET.urlencode()},
    )


def counts_dataset(counts: ModelCounts) -> tablib.Dataset:
    """The counts as a two-column sheet with Vietnamese labels."""
    dataset = tablib.Dataset(headers=[_("Chỉ tiêu"), _("Số lượng")])
    dataset.title = _("Thống kê mô hình")
    area = counts.area.name if counts.area else _("Toàn bộ phạm vi")
    dataset.append([_("Tính đến ngày"), counts.date.strftime("%d/%m/%Y")])
    dataset.append([_("Địa bàn"), area])
    dataset.append([_("Số mô hình đang hoạt động"), counts.active])
    for row in counts.by_level:
        dataset.append([_("— Cấp phát động: %s") % row.label, row.count])
    for row in counts.by_category:
        dataset.append([_("— Lĩnh vực: %s") % row.label, row.count])
    for row in counts.by_area:
        dataset.append([_("— Địa bàn: %s") % row.label, row.count])
    dataset.append([_("Điểm nhân rộng"), counts.sites])
    dataset.append([_("Số tổ"), counts.teams])
    dataset.append([_("Số thành viên"), counts.members])
    dataset.append([_("Mô hình được đề xuất nhân rộng"), counts.recommended])
    dataset.append([_("Mô hình điển hình tiên tiến"), counts.exemplary])
    dataset.append([_("Mô hình mới trong năm"), counts.new_in_year])
    dataset.append([_("Mô hình thanh loại trong năm"), counts.retired_in_year])
    dataset.append([_("Mô hình đã thanh loại (lũy kế)"), counts.retired])
    dataset.append([_("Câu báo cáo"), counts.sentence])
    return dataset


@login_required
@require_GET
def counts_export(request: HttpRequest) -> HttpResponse:
    _form, counts = _counts_from_request(request)
    return xlsx_response(counts_dataset(counts), f"thong-ke-mo-hinh-{counts.date:%Y%m%d}.xlsx")


@login_required
@require_GET
def needs_review_view(request: HttpRequest) -> HttpResponse:
    try:
        years = max(1, int(request.GET.get("years") or DEFAULT_REVIEW_YEARS))
    except ValueError:
        years = DEFAULT_REVIEW_YEARS
    rows = models_needing_review(user=request.user, years=years)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/model_needs_review.html",
        {"page_obj": page, "models": page.object_list, "years": years},
    )
