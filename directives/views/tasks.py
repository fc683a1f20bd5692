"""Pages of tasks: my tasks, the province's board, the 2×2 counts, an occurrence's progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq_portal.forms import add_service_errors
from organizations.permissions import organizations_visible_to, units_in_scope, units_visible_to

from ..calendar import deadline_flags
from ..forms import ProgressForm, TaskBoardFilterForm, TaskForm
from ..models import TaskOccurrence
from ..permissions import can_register_documents, documents_editable_by, occurrences_reportable_by
from ..selectors.tasks import (
    my_tasks,
    occurrence_detail,
    status_counts_by_organization,
    status_totals,
    task_board,
)
from ..services.tasks import task_add, task_progress_record

PAGE_SIZE = 50


# The first year the portal holds figures for (the dashboard's and the rates' years start there
# too, so a link from them to the board never names a year the board refuses).
FIRST_YEAR = 2012


def _years() -> list[int]:
    return list(range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1))


@login_required
def task_board_view(request: HttpRequest) -> HttpResponse:
    organizations = (
        organizations_visible_to(request.user)
        .filter(task_assignments__isnull=False)
        .distinct()
        .order_by("name")
    )
    form = TaskBoardFilterForm(request.GET or None, years=_years(), organizations=organizations)
    cleaned = form.cleaned_data if form.is_valid() else {}
    organization = None
    if cleaned.get("organization"):
        organization = organizations.filter(pk=cleaned["organization"]).first()
    # The dashboard's area: a unit of the person's scope (404 outside it), its assignees in
    # both eras, as the dashboard counts them.
    area = None
    if cleaned.get("area") is not None:
        area = get_object_or_404(units_visible_to(request.user), pk=cleaned["area"])
    rows = task_board(
        user=request.user,
        year=cleaned.get("year"),
        organization=organization,
        status=cleaned.get("status") or "",
        query=cleaned.get("q") or "",
        unit_ids=units_in_scope([area]) if area else None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    cleared = request.GET.copy()
    for name in ("area", "page"):
        cleared.pop(name, None)
    return render(
        request,
        "directives/task_board.html",
        {
            "filter_form": form,
            "page_obj": page,
            "occurrences": page.object_list,
            "area": area,
            "clear_area_url": f"?{cleared.urlencode()}",
        },
    )


@login_required
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_tasks(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directives/task_mine.html",
        {"page_obj": page, "occurrences": page.object_list},
    )


@login_required
def task_stats_view(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    counts = status_counts_by_organization(user=request.user, year=year)
    return render(
        request,
        "directives/task_stats.html",
        {"year": year, "years": _years(), "counts": counts, "totals": status_totals(counts)},
    )


@login_required
def occurrence_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        occurrence = occurrence_detail(user=request.user, pk=pk)
    except TaskOccurrence.DoesNotExist as missing:
        raise Http404 from missing
    can_report = occurrences_reportable_by(request.user).filter(pk=pk).exists()
    form = None
    if can_report:
        form = ProgressForm(
            request.POST or None,
            request.FILES or None,
            initial={"reported_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                task_progress_record(
                    occurrence=occurrence,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã ghi nhận báo cáo tiến độ."))
                return redirect("directives:task-occurrence", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "directives/task_occurrence.html",
        {
            "occurrence": occurrence,
            "task": occurrence.assignment.task,
            "form": form,
            "deadline_flags": deadline_flags(occurrence.due_date),
        },
    )


@login_required
def document_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_register_documents(request.user):
        raise PermissionDenied
    document = get_object_or_404(documents_editable_by(request.user), pk=pk)
    organizations = organizations_visible_to(request.user).order_by("name")
    form = TaskForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            task_add(document=document, task=form.task_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect("directives:document-detail", pk=document.pk)
    return render(request, "directives/task_form.html", {"form": form, "document": document})
