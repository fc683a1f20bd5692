"""Consolidation pages (tổng hợp số liệu): a period's table, its .xlsx export, and its
consolidated report printed as an official PDF.

Who: as the completeness pages (views/completeness.py); printing is for the schedule's reviewer
organization and the provincial office (schedules_printable_by): a leader who may read the
table gets 403 on printing.
"""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from antq_portal.forms import add_service_errors
from printing.forms import IssueHeaderForm
from printing.selectors import can_sign_for

from ..models import ReportingPeriod
from ..permissions import schedules_printable_by
from ..selectors.completeness import area_choices, completeness_obligations
from ..selectors.consolidation import (
    AGGREGATION_HELP,
    Consolidation,
    consolidation,
    consolidation_detail,
)
from ..services.printing import (
    consolidated_pdfs,
    consolidated_report_print,
)
from .completeness import PageQuery, Sheet, area_of, visible_period, xlsx_response


class ConsolidatedPrintForm(IssueHeaderForm):
    """The clerk's part of the printed report; the figures come from the table."""

    accepted = forms.BooleanField(
        label=gettext_lazy("Chỉ tổng hợp báo cáo đã được chấp nhận"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number_symbol"].help_text = _("Ví dụ: 15/BC-BCĐ; để trống để văn thư ghi số.")
        self.fields["recipients"].help_text = _("Ví dụ: Ban Chỉ đạo 138 tỉnh (b/c);")
        self.helper.attrs = {"data-testid": "consolidation-print-form"}
        self.helper.layout = self.header_layout(
            "accepted", submit=Submit("print", _("In báo cáo tổng hợp"))
        )


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) == "1"


def _can_print(request: HttpRequest, period: ReportingPeriod) -> bool:
    return schedules_printable_by(request.user).filter(pk=period.schedule_id).exists()


def _page(
    request: HttpRequest, period: ReportingPeriod, form: ConsolidatedPrintForm | None = None
) -> HttpResponse:
    area = area_of(request)
    accepted_only = _flag(request, "accepted")
    by_area = _flag(request, "by_area")
    table: Consolidation = consolidation(
        user=request.user, period=period, accepted_only=accepted_only, by_area=by_area,
        area=area, today=timezone.localdate(),
    )  # fmt: skip
    params = {"area": str(area.pk) if area else ""}
    query = PageQuery({**params, "accepted": "1" if accepted_only else "",
                       "by_area": "1" if by_area else ""})  # fmt: skip
    can_print = _can_print(request, period)
    reviewer = period.schedule.reviewer
    if can_print and form is None:
        form = ConsolidatedPrintForm(
            action=query.url("consolidation-print", period.pk),
            can_sign=can_sign_for(reviewer),
            initial={
                "accepted": accepted_only,
                "place": (reviewer.unit.short_name or reviewer.unit.name) if reviewer.unit_id
                else "",
            },
        )  # fmt: skip
    return render(
        request,
        "reporting/consolidation.html",
        {
            "period": period,
            "schedule": period.schedule,
            "table": table,
            "area": area,
            "areas": area_choices(completeness_obligations(user=request.user, period=period)),
            "query": query,
            "accepted_only": accepted_only,
            "by_area": by_area,
            "toggle_accepted_url": query.url("consolidation", period.pk,
                                             accepted="" if accepted_only else "1"),
            "toggle_by_area_url": query.url("consolidation", period.pk,
                                            by_area="" if by_area else "1"),
            "export_url": query.url("consolidation-export", period.pk),
            "completeness_url": PageQuery(params).url("completeness-period", period.pk),
            "all_areas_url": PageQuery({"accepted": query.params["accepted"],
                                        "by_area": query.params["by_area"]}).url(
                "consolidation", period.pk),
            "aggregation_help": AGGREGATION_HELP,
            "can_print": can_print,
            "print_form": form,
            "pdfs": list(consolidated_pdfs(period).select_related("issued_by")),
        },
    )  # fmt: skip


@login_required
@require_GET
def consolidation_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The period's consolidated table: totals per field, missing organizations, texts."""
    return _page(request, visible_period(request, pk))


@login_required
@require_GET
def consolidation_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The table as .xlsx: totals (with the areas when asked), each report's figures, the
    organizations missing and every text answer."""
    period = visible_period(request, pk)
    area = area_of(request)
    accepted_only = _flag(request, "accepted")
    by_area = _flag(request, "by_area")
    table = consolidation(
        user=request.user, period=period, accepted_only=accepted_only, by_area=by_area,
        area=area, today=timezone.localdate(), missing_limit=None, text_limit=None,
    )  # fmt: skip
    totals = []
    numbered = ((part, figure) for part in table.sections for figure in part.figures)
    for number, (section, figure) in enumerate(numbered, 1):
        none = figure.aggregation == "none"
        totals.append([
            number, section.title, figure.field.code, figure.field.label, figure.field.unit,
            figure.aggregation_label, None if none else figure.total, figure.reported,
            *[None if none else value for value in figure.by_area],
        ])  # fmt: skip
    codes = [figure.field.code for figure in table.figures]
    detail = consolidation_detail(
        user=request.user, period=period, accepted_only=accepted_only, area=area
    )
    sheets = [
        Sheet(
            title=_("Tổng hợp"),
            headers=[_("STT"), _("Phần"), _("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"),
                     _("Cách tổng hợp"), _("Kết quả tổng hợp"), _("Số đơn vị có số liệu"),
                     *[column.name for column in table.areas]],
            rows=totals,
            note=table.basis,
        ),
        Sheet(
            title=_("Số liệu từng đơn vị"),
            headers=[_("Đơn vị báo cáo"), _("Địa bàn"), _("Trạng thái"),
                     *[figure.field.label for figure in table.figures]],
            rows=([row.organization, row.unit, row.status,
                   *[row.numbers.get(code) for code in codes]] for row in detail),
        ),
        Sheet(
            title=_("Chưa có trong tổng hợp"),
            headers=[_("Đơn vị báo cáo"), _("Địa bàn"), _("Tình trạng"), _("Quá hạn")],
            rows=([line.organization, line.unit, line.reason, _("Có") if line.overdue else ""]
                  for line in table.missing),
        ),
        Sheet(
            title=_("Nội dung báo cáo"),
            headers=[_("Nội dung"), _("Đơn vị báo cáo"), _("Trả lời")],
            rows=([group.label, item.organization, item.text]
                  for group in table.texts for item in group.items),
        ),
    ]  # fmt: skip
    return xlsx_response(sheets, f"tong-hop-bao-cao-ky-{period.pk}.xlsx")


@login_required
@require_POST
def consolidation_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the consolidated report as an official PDF (signed when asked and possible)."""
    period = visible_period(request, pk)
    if not _can_print(request, period):
        raise PermissionDenied
    can_sign = can_sign_for(period.schedule.reviewer)
    form = ConsolidatedPrintForm(request.POST, action=request.get_full_path(), can_sign=can_sign)
    if form.is_valid():
        try:
            issued = consolidated_report_print(
                period=period, by=request.user, accepted_only=form.cleaned_data["accepted"],
                header=form.header(), sign=bool(form.cleaned_data.get("sign")),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã in %(title)s (lần %(version)s), mã xác thực %(code)s.")
                % {"title": issued.title, "version": issued.version, "code": issued.code},
            )
            return redirect("reporting:consolidation", pk=period.pk)
    return _page(request, period, form=form)


@login_required
@require_GET
def consolidation_pdf_download(request: HttpRequest, pk: int, issued_pk: int) -> FileResponse:
    """An issued consolidated report of the period."""
    period = visible_period(request, pk)
    issued = get_object_or_404(consolidated_pdfs(period), pk=issued_pk)
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{issued.code}.pdf")  # fmt: skip
