"""Pages of filling, submitting and reviewing reports: the organization's reports and the
review queue, one obligation (status, lock reason, reminders, reopening requests), the report
form, the review, reopening (by the reviewer, or asked by the committee and decided by the
province), and who changed which figure.

A report is started by a POST ("Bắt đầu lập báo cáo", on the obligation page or on the report
page when nothing was started): a GET never writes.

Rows come from the permission querysets: outside them a 404; a role without the right at all
(a leader asked to review) a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView, history_entries
from organizations.models import RoleAssignment, User
from organizations.permissions import scope_of

from ..forms_submission import (
    ObligationFilterForm,
    ReasonForm,
    ReopenDecisionForm,
    ReviewForm,
    SubmissionForm,
)
from ..models import FigureValue, Obligation, ReopenRequest, Submission
from ..permissions import (
    REPORTER_ROLES,
    can_decide_reopening,
    obligations_reviewable_by,
    obligations_submittable_by,
    obligations_visible_to,
)
from ..selectors.submissions import (
    REPORT_STATUS_LABELS,
    ObligationFilters,
    decided_reopen_requests,
    figure_history,
    my_obligation_years,
    my_obligations,
    obligation_for_page,
    obligation_rows,
    pending_reopen_requests,
    previous_numbers,
    previous_submission,
    readable_submission_history,
    reminder_history,
    reopen_requests_of,
    report_status_of,
    review_queue,
    review_years,
    sections_of,
    submission_values,
)
from ..services.submissions import (
    lock_reason,
    reopen_request_create,
    reopen_request_decide,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)

PAGE_SIZE = 50
Role = RoleAssignment.Role
Status = Submission.Status
REVIEWER_ROLES = (Role.COMMITTEE, Role.STANDING_STAFF, Role.AGENCY)
EDITABLE = (Status.DRAFT, Status.RETURNED)


def _may_submit(user: User) -> bool:
    scope = scope_of(user)
    return scope.nationwide or scope.has_role(*REPORTER_ROLES)


def _may_review(user: User) -> bool:
    scope = scope_of(user)
    return scope.nationwide or scope.has_role(*REVIEWER_ROLES)


def _obligation(rows, pk: int, *, may: bool = True) -> Obligation:
    """The obligation a page acts on: 403 without the right at all, 404 outside the rows."""
    if not may:
        raise PermissionDenied
    return get_object_or_404(obligation_for_page(rows), pk=pk)


def _submission_of(obligation: Obligation) -> Submission | None:
    return getattr(obligation, "submission", None)


# -- lists ------------------------------------------------------------------------------------


def _list_page(request: HttpRequest, *, rows_of, years: list[int], template: str, **extra):
    form = ObligationFilterForm(request.GET or None, years=years)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = ObligationFilters(status=cleaned.get("status") or "", year=cleaned.get("year"))
    page = Paginator(rows_of(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        template,
        {
            "filter_form": form,
            "page_obj": page,
            "rows": obligation_rows(page.object_list, timezone.localdate()),
            **extra,
        },
    )


@login_required
@require_GET
def obligation_list_view(request: HttpRequest) -> HttpResponse:
    """The reports the user's organizations owe ("Báo cáo của đơn vị")."""
    return _list_page(
        request, rows_of=my_obligations, years=my_obligation_years(user=request.user),
        template="reporting/obligation_list.html", may_review=_may_review(request.user),
        may_decide=can_decide_reopening(request.user),
    )  # fmt: skip


@login_required
@require_GET
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """The reports sent to the user's organizations (or its area) for review."""
    if not _may_review(request.user):
        raise PermissionDenied
    return _list_page(
        request, rows_of=review_queue, years=review_years(user=request.user),
        template="reporting/obligation_review_queue.html",
    )  # fmt: skip


# -- one obligation ---------------------------------------------------------------------------


def _actions(user: User, obligation: Obligation, pending: ReopenRequest | None) -> dict:
    """Which buttons to show: the user's right on this row and where the report is.

    The services check the state again; this only hides what would be refused."""
    submission = _submission_of(obligation)
    status = report_status_of(obligation)
    submittable = obligations_submittable_by(user).filter(pk=obligation.pk).exists()
    reviewable = obligations_reviewable_by(user).filter(pk=obligation.pk).exists()
    return {
        "can_start": submittable and submission is None,
        "can_edit": submittable and status in EDITABLE,
        "can_review": reviewable and status == Status.SUBMITTED,
        "can_compare": reviewable and submission is not None and status != Status.SUBMITTED,
        "can_reopen": reviewable and status == Status.ACCEPTED,
        "can_request_reopen": submittable and submission is not None and submission.is_locked
        and pending is None,
        "can_decide": pending is not None and can_decide_reopening(user),
    }  # fmt: skip


@login_required
@require_GET
def obligation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(obligations_visible_to(request.user), pk)
    submission = _submission_of(obligation)
    requests = reopen_requests_of(submission)
    pending = next((r for r in requests if r.status == ReopenRequest.Status.PENDING), None)
    status = report_status_of(obligation)
    context = {
        "obligation": obligation,
        "period": obligation.period,
        "schedule": obligation.period.schedule,
        "submission": submission,
        "status": status,
        "status_label": REPORT_STATUS_LABELS[status],
        "lock_reason": lock_reason(submission) if submission is not None else "",
        "reminders": reminder_history(obligation),
        "reopen_requests": requests,
        "pending_request": pending,
        "sections": sections_of(submission_values(submission)) if submission else [],
        "today": timezone.localdate(),
        **_actions(request.user, obligation, pending),
    }
    return render(request, "reporting/obligation_detail.html", context)


@login_required
@require_POST
def submission_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Bắt đầu lập báo cáo": open the report with the current version, pre-filled."""
    obligation = _obligation(
        obligations_submittable_by(request.user), pk, may=_may_submit(request.user)
    )
    try:
        submission_start(obligation=obligation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:obligation-detail", pk=obligation.pk)
    return redirect("reporting:submission-edit", pk=obligation.pk)


# -- the report form --------------------------------------------------------------------------


def _render_form(request, obligation, submission, form, *, stored=None):
    return render(
        request,
        "reporting/submission_form.html",
        {
            "obligation": obligation,
            "period": obligation.period,
            "submission": submission,
            "form": form,
            "sections": form.sections(stored),
            "returned": submission.status == Status.RETURNED,
        },
    )


def _rebound(request, submission: Submission, *, revision: int) -> SubmissionForm:
    """The user's typed values again, on the latest revision (the page keeps what was typed;
    saving again is then a deliberate choice)."""
    data = request.POST.copy()
    data["revision"] = str(revision)
    form = SubmissionForm(data, submission=submission, values=submission_values(submission))
    form.is_valid()
    return form


@login_required
def submission_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the report: "Lưu nháp" (save) or "Nộp báo cáo" (save, then submit)."""
    obligation = _obligation(
        obligations_submittable_by(request.user), pk, may=_may_submit(request.user)
    )
    submission = _submission_of(obligation)
    if submission is None:
        return render(request, "reporting/submission_start.html", {"obligation": obligation})
    if submission.status not in EDITABLE:
        messages.info(request, lock_reason(submission))
        return redirect("reporting:obligation-detail", pk=obligation.pk)
    values = submission_values(submission)
    if request.method != "POST":
        return _render_form(
            request, obligation, submission,
            SubmissionForm(submission=submission, values=values),
        )  # fmt: skip
    form = SubmissionForm(request.POST, request.FILES, submission=submission, values=values)
    if not form.is_valid():
        return _render_form(request, obligation, submission, form)
    try:
        submission = submission_save(
            submission=submission, values=form.value_inputs(),
            revision=form.cleaned_data["revision"], by=request.user,
            summary=form.cleaned_data["summary"],
        )  # fmt: skip
    except ValidationError as error:
        if getattr(error, "code", None) != "stale":
            form.add_problems(error)
            return _render_form(request, obligation, submission, form)
        latest = Submission.objects.get(pk=submission.pk)
        stale_form = _rebound(request, latest, revision=latest.revision)
        stale_form.add_problems(error)
        if request.FILES:
            # A browser cannot put a chosen file back into the page.
            stale_form.add_error(None, _("Tệp bạn vừa chọn chưa được lưu: hãy chọn lại tệp."))
        stored = {value.field_id: value for value in stale_form.values}
        return _render_form(request, obligation, latest, stale_form, stored=stored)
    if "submit" not in request.POST:
        messages.success(request, _("Đã lưu bản nháp."))
        return redirect("reporting:submission-edit", pk=obligation.pk)
    try:
        submission_submit(submission=submission, by=request.user)
    except ValidationError as error:
        form = _rebound(request, submission, revision=submission.revision)
        form.add_error(None, _("Đã lưu bản nháp nhưng chưa nộp được: hãy sửa các chỗ ghi dưới "
                               "từng chỉ tiêu rồi nộp lại."))  # fmt: skip
        form.add_problems(error)
        return _render_form(request, obligation, submission, form)
    messages.success(request, _("Đã nộp báo cáo; báo cáo được khóa trong khi chờ duyệt."))
    return redirect("reporting:obligation-detail", pk=obligation.pk)


@login_required
@require_GET
def figure_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment of a report, to those who see the report."""
    value = get_object_or_404(
        FigureValue.objects.filter(
            submission__obligation__in=obligations_visible_to(request.user)
        ).exclude(file=""),
        pk=pk,
    )
    try:
        handle = value.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=value.file.name.rsplit("/", 1)[-1])


# -- review -----------------------------------------------------------------------------------


@login_required
def submission_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """All values beside last period's accepted figures; accept, or return with comments."""
    obligation = _obligation(
        obligations_reviewable_by(request.user), pk, may=_may_review(request.user)
    )
    submission = _submission_of(obligation)
    if submission is None:
        messages.info(request, _("Đơn vị chưa lập báo cáo này."))
        return redirect("reporting:obligation-detail", pk=obligation.pk)
    values = submission_values(submission)
    form = ReviewForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accept = "accept" in request.POST
        try:
            if accept:
                submission_accept(submission=submission, by=request.user,
                                  comment=data["comment"])  # fmt: skip
            else:
                submission_return(
                    submission=submission, comment=data["comment"],
                    figure_comments=form.figure_comments(), by=request.user,
                )  # fmt: skip
        except ValidationError as error:
            form.add_problems(error)
        else:
            messages.success(
                request, _("Đã chấp nhận báo cáo.") if accept else _("Đã trả lại báo cáo để sửa.")
            )
            return redirect("reporting:obligation-detail", pk=obligation.pk)
    previous = previous_submission(submission)
    return render(
        request,
        "reporting/submission_review.html",
        {
            "obligation": obligation,
            "period": obligation.period,
            "submission": submission,
            "form": form,
            "previous": previous,
            "sections": form.sections(previous_numbers(previous)),
            "can_decide": submission.status == Status.SUBMITTED,
            "can_reopen": submission.status == Status.ACCEPTED,
        },
    )


@login_required
def submission_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer reopens an accepted report for correction, with a reason."""
    obligation = _obligation(
        obligations_reviewable_by(request.user), pk, may=_may_review(request.user)
    )
    submission = _submission_of(obligation)
    if submission is None:
        raise Http404
    form = ReasonForm(request.POST or None, submit_label=_("Mở lại báo cáo"))
    if request.method == "POST" and form.is_valid():
        try:
            submission_reopen(
                submission=submission, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã mở lại báo cáo; đơn vị có thể sửa và nộp lại."))
            return redirect("reporting:obligation-detail", pk=obligation.pk)
    return render(
        request,
        "reporting/reopen_form.html",
        {"obligation": obligation, "form": form, "title": _("Mở lại báo cáo đã chấp nhận"),
         "lock_reason": lock_reason(submission)},
    )  # fmt: skip


# -- reopening requests -----------------------------------------------------------------------


@login_required
def reopen_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee asks the province to reopen its locked report."""
    obligation = _obligation(
        obligations_submittable_by(request.user), pk, may=_may_submit(request.user)
    )
    submission = _submission_of(obligation)
    if submission is None:
        raise Http404
    form = ReasonForm(request.POST or None, submit_label=_("Gửi đề nghị"))
    if request.method == "POST" and form.is_valid():
        try:
            reopen_request_create(
                submission=submission, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị mở lại báo cáo."))
            return redirect("reporting:obligation-detail", pk=obligation.pk)
    return render(
        request,
        "reporting/reopen_form.html",
        {"obligation": obligation, "form": form, "title": _("Đề nghị mở lại báo cáo"),
         "lock_reason": lock_reason(submission)},
    )  # fmt: skip


@login_required
@require_GET
def reopen_request_list_view(request: HttpRequest) -> HttpResponse:
    """The province's list: pending requests first, then the latest decisions."""
    if not can_decide_reopening(request.user):
        raise PermissionDenied
    return render(
        request,
        "reporting/reopen_request_list.html",
        {
            "pending": list(pending_reopen_requests(user=request.user)[:200]),
            "decided": decided_reopen_requests(user=request.user),
        },
    )


@login_required
def reopen_request_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_decide_reopening(request.user):
        raise PermissionDenied
    reopen_request = get_object_or_404(
        ReopenRequest.objects.filter(
            submission__obligation__in=obligations_visible_to(request.user)
        ).select_related(
            "requested_by",
            "decided_by",
            "submission__obligation__organization",
            "submission__obligation__period__schedule__form",
        ),  # fmt: skip
        pk=pk,
    )
    form = ReopenDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen_request_decide(
                request=reopen_request, grant=form.cleaned_data["decision"] == "grant",
                note=form.cleaned_data["note"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định về đề nghị mở lại."))
            return redirect("reporting:reopen-request-list")
    return render(
        request,
        "reporting/reopen_request_decide.html",
        {"reopen_request": reopen_request, "obligation": reopen_request.submission.obligation,
         "form": form},
    )  # fmt: skip


# -- history ----------------------------------------------------------------------------------


class SubmissionHistoryView(HistoryView):
    """Who changed the report (status, review) and, per figure, who changed which value."""

    template_name = "reporting/submission_history.html"

    def get_object(self) -> Submission:
        obligation = _obligation(obligations_visible_to(self.request.user), self.kwargs["pk"])
        submission = _submission_of(obligation)
        if submission is None:
            raise Http404
        self.obligation = obligation
        return submission

    def get_context_data(self, **kwargs):
        context = super(HistoryView, self).get_context_data(**kwargs)
        submission = self.get_object()
        context.update(
            object=submission,
            obligation=self.obligation,
            entries=readable_submission_history(history_entries(submission)),
            figures=figure_history(submission),
        )
        return context
