"""Pages of the reporting schedules (chế độ báo cáo): the list, a new or changed schedule with
its first deadlines shown while typing, one schedule with its periods and their weekend or
holiday deadlines, a topical or ad hoc period added by hand, and one period's obligations.

Reading needs the schedule to be visible (404 otherwise); changing it needs the right to
manage forms (403 without it) and the schedule to be editable by the user (404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from organizations.models import User

from ..forms_builder import DeadlinePreviewForm, PeriodAddForm, ScheduleForm, days_text
from ..models import ReportSchedule
from ..permissions import can_manage_forms, schedules_editable_by, schedules_visible_to
from ..selectors.schedules import (
    deadline_preview,
    deadline_rule,
    period_obligations,
    periods_visible_to,
    schedule_detail,
    schedule_form_choices,
    schedule_list,
    schedule_organization_choices,
    schedule_periods,
    schedule_task_choices,
    status_counts,
)
from ..services.periods import deadline_warnings, period_add, schedule_save

PAGE_SIZE = 50
PERIOD_PAGE_SIZE = 60


def require_schedule_manager(user: User) -> None:
    """Schedules are set up by the provincial office: anyone else gets 403 on a change."""
    if not can_manage_forms(user):
        raise PermissionDenied


@login_required
@require_GET
def schedule_list_view(request: HttpRequest) -> HttpResponse:
    rows = schedule_list(user=request.user, today=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/schedule_list.html",
        {
            "page_obj": page,
            "schedules": page.object_list,
            "can_manage": can_manage_forms(request.user),
        },
    )


def _preview_of(form) -> dict:
    """The first deadlines for the kind, cut-off and offset the form holds: `preview` (lines),
    `preview_state` "lines", "manual" (topical, ad hoc) or "incomplete" (not valid yet)."""
    preview_form = DeadlinePreviewForm(form.data if form.is_bound else None,
                                       initial=form.initial)  # fmt: skip
    if preview_form.is_bound:
        if not preview_form.is_valid():
            return {"preview": [], "preview_state": "incomplete"}
        data = preview_form.cleaned_data
    else:
        data = {name: preview_form.initial.get(name, field.initial)
                for name, field in preview_form.fields.items()}  # fmt: skip
    if data["period_kind"] not in ReportSchedule.RECURRING:
        return {"preview": [], "preview_state": "manual"}
    lines = deadline_preview(
        kind=data["period_kind"], cutoff_day=data["cutoff_day"],
        offset_days=data["deadline_offset_days"], today=timezone.localdate(),
    )  # fmt: skip
    return {"preview": lines, "preview_state": "lines"}


def _schedule_form(request: HttpRequest, schedule: ReportSchedule | None) -> ScheduleForm:
    initial = None
    if schedule is not None:
        initial = {name: getattr(schedule, name) for name in ScheduleForm.SERVICE_FIELDS}
        initial["reminder_days"] = days_text(schedule.reminder_days)
        initial["overdue_days"] = days_text(schedule.overdue_days)
        initial["reporters"] = list(schedule.reporters.all())
    organizations = schedule_organization_choices(request.user)
    return ScheduleForm(
        request.POST or None,
        initial=initial,
        report_forms=schedule_form_choices(request.user),
        organizations=organizations,
        reporters=organizations,
        tasks=schedule_task_choices(request.user),
    )


def _save_schedule(request: HttpRequest, schedule: ReportSchedule | None) -> HttpResponse:
    form = _schedule_form(request, schedule)
    if request.method == "POST" and form.is_valid():
        try:
            saved = schedule_save(
                fields=form.service_fields(),
                reporters=list(form.cleaned_data["reporters"]),
                by=request.user,
                schedule=schedule,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu chế độ báo cáo «%(name)s» và lập các kỳ báo cáo một năm tới.")
                % {"name": saved.name},
            )
            return redirect("reporting:schedule-detail", pk=saved.pk)
    title = _("Sửa chế độ báo cáo") if schedule else _("Chế độ báo cáo mới")
    return render(
        request,
        "reporting/schedule_form.html",
        {"form": form, "schedule": schedule, "title": title, **_preview_of(form)},
    )


@login_required
def schedule_create_view(request: HttpRequest) -> HttpResponse:
    require_schedule_manager(request.user)
    return _save_schedule(request, None)


@login_required
def schedule_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_schedule_manager(request.user)
    schedule = get_object_or_404(schedules_editable_by(request.user), pk=pk)
    return _save_schedule(request, schedule)


@login_required
@require_GET
def schedule_deadline_preview_view(request: HttpRequest) -> HttpResponse:
    """The first deadlines of the settings being typed (htmx, from the schedule form)."""
    require_schedule_manager(request.user)
    return render(
        request,
        "reporting/partials/schedule_deadline_preview.html",
        _preview_of(DeadlinePreviewForm(request.GET)),
    )


@login_required
@require_GET
def schedule_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        schedule = schedule_detail(user=request.user, pk=pk)
    except ReportSchedule.DoesNotExist as missing:
        raise Http404 from missing
    can_edit = (
        can_manage_forms(request.user)
        and schedules_editable_by(request.user).filter(pk=schedule.pk).exists()
    )
    periods = schedule_periods(schedule)
    page = Paginator(periods, PERIOD_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    upcoming = [row.period for row in periods if row.period.deadline >= today]
    return render(
        request,
        "reporting/schedule_detail.html",
        {
            "schedule": schedule,
            "reporters": list(schedule.reporters.all()),
            "page_obj": page,
            "periods": page.object_list,
            "warnings": deadline_warnings(schedule, upcoming),
            "deadline_rule": deadline_rule(schedule),
            "can_edit": can_edit,
            "period_form": PeriodAddForm() if can_edit else None,
            "today": today,
        },
    )


class ReportScheduleHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(schedules_visible_to(self.request.user), pk=self.kwargs["pk"])


@login_required
def period_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A topical or ad hoc period with its obligations (báo cáo chuyên đề, đột xuất)."""
    require_schedule_manager(request.user)
    schedule = get_object_or_404(schedules_editable_by(request.user), pk=pk)
    form = PeriodAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = period_add(schedule=schedule, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã thêm kỳ «%(label)s» và nghĩa vụ báo cáo của các đơn vị.")
                % {"label": period.label},
            )
            for warning in deadline_warnings(schedule, [period]):
                messages.warning(request, warning)
            return redirect("reporting:period-detail", pk=period.pk)
    return render(request, "reporting/schedule_period_add.html",
                  {"schedule": schedule, "form": form})  # fmt: skip


@login_required
@require_GET
def period_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A period's obligations: who owes it, who has reported, on time or late."""
    period = get_object_or_404(periods_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    rows = period_obligations(user=request.user, period=period, today=today)
    return render(
        request,
        "reporting/schedule_period.html",
        {
            "period": period,
            "schedule": period.schedule,
            "rows": rows,
            "counts": status_counts(rows),
            "warnings": deadline_warnings(period.schedule, [period]),
        },
    )
