"""What leaves the dashboard: its .xlsx workbook and its signed one-page summary.

Who: the export and the list of issued summaries as the dashboard (dashboard_query: 403 for
those who do not read dashboards, 404 for an area outside the scope); issuing a summary as
printing a consolidated report (printing.can_issue_summary: leaders read and download, they do
not issue: 403).
"""

from __future__ import annotations

from crispy_forms.layout import Submit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from antq_portal.forms import add_service_errors
from organizations.models import Organization
from printing.forms import IssueHeaderForm
from printing.selectors import can_sign_for

from .exports import XLSX, dashboard_workbook, export_filename
from .permissions import can_issue_summary, can_view_dashboard, summary_pdfs_visible_to
from .selectors import DashboardQuery, dashboard
from .services import summary_issue, summary_issuer
from .summary import summary_pdfs, summary_title
from .views import dashboard_query


@login_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard of the URL's year and area as .xlsx, one sheet per table."""
    query = dashboard_query(request)
    data = dashboard(user=request.user, query=query, today=timezone.localdate())
    response = HttpResponse(dashboard_workbook(data).export("xlsx"), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(query)}"'
    return response


class SummaryForm(IssueHeaderForm):
    """The clerk's part of the summary; the figures come from the dashboard."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].help_text = _("Ví dụ: Ban Chỉ đạo 138 Bộ Công an (b/c);")
        self.helper.attrs = {"data-testid": "summary-form"}
        self.helper.layout = self.header_layout(submit=Submit("issue", _("Phát hành bản tóm tắt")))


def _summary_page(
    request: HttpRequest,
    query: DashboardQuery,
    form: SummaryForm | None,
    issuer: Organization | None,
) -> HttpResponse:
    return render(
        request,
        "dashboards/summary_print.html",
        {
            "query": query,
            "area": query.area,
            "year": query.year,
            "title": summary_title(query),
            "form": form,
            "issuer": issuer,
            "can_sign": form is not None and "sign" in form.fields,
            "pdfs": list(summary_pdfs(query).select_related("issued_by", "signing_organization")),
            "dashboard_url": query.url("dashboards:dashboard"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_view(request: HttpRequest) -> HttpResponse:
    """The summaries issued for the URL's year and area; for those who may issue, the form
    that issues a new one (POST, then back here)."""
    query = dashboard_query(request)
    may_issue = can_issue_summary(request.user)
    if request.method == "POST" and not may_issue:
        raise PermissionDenied
    form = issuer = None
    if may_issue:
        issuer = summary_issuer(request.user, query)
        form = SummaryForm(
            request.POST if request.method == "POST" else None,
            action=request.get_full_path(),
            can_sign=can_sign_for(issuer),
            initial={"place": (query.area.unit.short_name or query.area.unit.name)
                     if query.area.unit is not None else ""},
        )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            issued = summary_issue(
                query=query, by=request.user, header=form.header(),
                sign=bool(form.cleaned_data.get("sign")),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã phát hành %(title)s (lần %(version)s), mã xác thực %(code)s.")
                % {"title": issued.title, "version": issued.version, "code": issued.code},
            )
            return redirect(query.url("dashboards:summary"))
    return _summary_page(request, query, form, issuer)


@login_required
@require_GET
def summary_pdf_download(request: HttpRequest, pk: int) -> FileResponse:
    """An issued summary of an area whose dashboard the person reads."""
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    issued = get_object_or_404(summary_pdfs_visible_to(request.user), pk=pk)
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{issued.code}.pdf")  # fmt: skip
