"""Pages of the yearly assessments: the work queue, one assessment with its checklist and
timeline, and each step of the workflow (register, edit the registration, self-assess,
appraise, return, not recognise, revoke), each a form whose success is one service call."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from organizations.models import Organization, User
from organizations.permissions import organizations_visible_to, scope_of

from ..forms import (
    AppraisalForm,
    AssessmentFilterForm,
    NotRecogniseForm,
    RegistrationForm,
    ReturnForm,
    RevokeForm,
    SelfAssessmentForm,
)
from ..models import Assessment, CriterionResult
from ..permissions import (
    assessments_appraisable_by,
    assessments_decidable_by,
    assessments_editable_by,
    assessments_visible_to,
    can_appraise,
    can_decide,
    can_manage_units,
    rated_units_editable_by,
)
from ..selectors.assessments import (
    AssessmentFilters,
    assessment_detail,
    assessment_list,
    assessment_timeline,
    communes_visible_to,
)
from ..services.assessments import (
    assessment_appraise,
    assessment_not_recognise,
    assessment_register,
    assessment_registration_update,
    assessment_return,
    assessment_revoke,
    assessment_self_assess,
    evidence_attach,
)

PAGE_SIZE = 50
Status = Assessment.Status
OPEN_FOR_UNIT = (Status.REGISTERED, Status.SELF_ASSESSED, Status.RETURNED)


@login_required
@require_GET
def assessment_list_view(request: HttpRequest) -> HttpResponse:
    """The assessments of a year in the user's scope (this year unless another is asked)."""
    data = request.GET.copy()
    if "year" not in data:
        data["year"] = str(timezone.localdate().year)
    form = AssessmentFilterForm(data, communes=communes_visible_to(request.user))
    cleaned = form.cleaned_data if form.is_valid() else {}
    rows = assessment_list(
        user=request.user,
        filters=AssessmentFilters(
            year=cleaned.get("year"),
            kind=cleaned.get("kind") or "",
            status=cleaned.get("status") or "",
            commune_id=cleaned["commune"].pk if cleaned.get("commune") else None,
            query=cleaned.get("q") or "",
        ),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safety_ratings/assessment_list.html",
        {"filter_form": form, "page_obj": page, "assessments": page.object_list},
    )


def _actions(user: User, assessment: Assessment) -> dict[str, bool]:
    """Which steps to offer: the user's right on this row and the step the dossier is at.

    The services check the step again; this only hides buttons that would be refused."""
    status = assessment.status
    editable = assessments_editable_by(user).filter(pk=assessment.pk).exists()
    appraisable = assessments_appraisable_by(user).filter(pk=assessment.pk).exists()
    decidable = assessments_decidable_by(user).filter(pk=assessment.pk).exists()
    return {
        "can_edit_registration": editable and status in OPEN_FOR_UNIT,
        "can_self_assess": editable and status in OPEN_FOR_UNIT,
        "can_appraise": appraisable and status == Status.SELF_ASSESSED,
        "can_return": appraisable and status in (Status.SELF_ASSESSED, Status.APPRAISED),
        "can_not_recognise": decidable and status == Status.APPRAISED,
        "can_revoke": decidable and status == Status.RECOGNISED,
    }


@login_required
@require_GET
def assessment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        assessment = assessment_detail(user=request.user, pk=pk)
    except Assessment.DoesNotExist as missing:
        raise Http404 from missing
    actions = _actions(request.user, assessment)
    window_start, window_end = assessment.criteria_version.window_for(assessment.year)
    context = {
        "assessment": assessment,
        "window_start": window_start,
        "window_end": window_end,
        "unit": assessment.rated_unit,
        "results": assessment.results.all(),
        "timeline": assessment_timeline(assessment),
        **actions,
    }
    # The small steps are forms on the page itself; each posts to its own URL.
    if actions["can_return"]:
        context["return_form"] = ReturnForm()
    if actions["can_not_recognise"]:
        context["not_recognise_form"] = NotRecogniseForm()
    if actions["can_revoke"]:
        context["revoke_form"] = RevokeForm()
    return render(request, "safety_ratings/assessment_detail.html", context)


@login_required
def assessment_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a unit for a year (đăng ký phấn đấu), from the unit's page."""
    if not can_manage_units(request.user):
        raise PermissionDenied
    unit = get_object_or_404(rated_units_editable_by(request.user), pk=pk)
    today = timezone.localdate()
    form = RegistrationForm(
        request.POST or None,
        kind=unit.kind,
        initial={"year": today.year, "registered_on": today, "households_total": unit.households},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assessment_register(
                rated_unit=unit,
                year=data["year"],
                registered_on=data["registered_on"],
                by=request.user,
                party_resolution=data.get("party_resolution") or "",
                households_total=data.get("households_total"),
                households_registered=data.get("households_registered"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã đăng ký %(unit)s phấn đấu đạt tiêu chuẩn năm %(year)s.")
                % {"unit": unit.name, "year": assessment.year},
            )
            return redirect("safety_ratings:assessment-detail", pk=assessment.pk)
    return render(
        request,
        "safety_ratings/assessment_step.html",
        {"form": form, "unit": unit, "title": _("Đăng ký phấn đấu đạt tiêu chuẩn")},
    )


def _assessment_for(
    request: HttpRequest, pk: int, *, may: Callable[[User], bool], rows: QuerySet[Assessment]
) -> Assessment:
    """The assessment a step acts on: 403 without the right at all, 404 outside the scope."""
    if not may(request.user):
        raise PermissionDenied
    return get_object_or_404(rows.select_related("rated_unit", "criteria_version"), pk=pk)


def _step(
    request: HttpRequest,
    assessment: Assessment,
    *,
    form: forms.Form,
    title: str,
    done: str,
    action: Callable[[dict], object],
    template: str = "safety_ratings/assessment_step.html",
) -> HttpResponse:
    """One step on an assessment: a form whose success is one service call."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("safety_ratings:assessment-detail", pk=assessment.pk)
    return render(
        request,
        template,
        {"form": form, "assessment": assessment, "unit": assessment.rated_unit, "title": title},
    )


@login_required
def assessment_registration_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(
        request, pk, may=can_manage_units, rows=assessments_editable_by(request.user)
    )
    form = RegistrationForm(
        request.POST or None,
        kind=assessment.kind,
        with_year=False,
        initial={
            "registered_on": assessment.registered_on,
            "party_resolution": assessment.party_resolution,
            "households_total": assessment.households_total,
            "households_registered": assessment.households_registered,
        },
    )
    return _step(
        request, assessment, form=form, title=_("Sửa đăng ký"), done=_("Đã lưu đăng ký."),
        action=lambda data: assessment_registration_update(
            assessment=assessment, fields=form.service_fields()
        ),
    )  # fmt: skip


def _with_results(rows: QuerySet[Assessment]) -> QuerySet[Assessment]:
    results = CriterionResult.objects.select_related("criterion").prefetch_related("files")
    return rows.prefetch_related(
        Prefetch("results", queryset=results.order_by("criterion__order", "criterion__pk"))
    )


@login_required
def assessment_self_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's own verdicts, and the files proving them, saved together or not at all."""
    assessment = _assessment_for(
        request, pk, may=can_manage_units, rows=_with_results(assessments_editable_by(request.user))
    )
    form = SelfAssessmentForm(
        request.POST or None, request.FILES or None, results=list(assessment.results.all())
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            try:
                assessment_self_assess(
                    assessment=assessment, verdicts=form.verdicts(), by=request.user,
                    on=form.cleaned_data["on"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                for result, upload in form.uploads():
                    try:
                        evidence_attach(result=result, upload=upload, by=request.user)
                    except ValidationError as error:
                        form.add_error(f"file_{result.criterion_id}", error.messages)
            if form.errors:
                transaction.set_rollback(True)
        if not form.errors:
            messages.success(request, _("Đã lưu kết quả tự đánh giá."))
            return redirect("safety_ratings:assessment-detail", pk=assessment.pk)
    return render(
        request,
        "safety_ratings/assessment_checklist.html",
        {"form": form, "assessment": assessment, "unit": assessment.rated_unit,
         "title": _("Tự đánh giá"), "self_assessment": True},
    )  # fmt: skip


def _police_of(user: User) -> Organization | None:
    """The user's police organization, the default appraiser."""
    return next(
        (o for o in scope_of(user).organizations if o.kind == Organization.Kind.POLICE), None
    )


@login_required
def assessment_appraise_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(
        request, pk, may=can_appraise, rows=_with_results(assessments_appraisable_by(request.user))
    )
    police = _police_of(request.user)
    form = AppraisalForm(
        request.POST or None,
        results=list(assessment.results.all()),
        organizations=organizations_visible_to(request.user)
        .filter(kind=Organization.Kind.POLICE)
        .order_by("name"),
        initial={"organization": police.pk if police else None},
    )
    return _step(
        request, assessment, form=form, title=_("Thẩm định"), done=_("Đã ghi kết quả thẩm định."),
        action=lambda data: assessment_appraise(
            assessment=assessment, verdicts=form.verdicts(), organization=data["organization"],
            by=request.user, note=data["note"], on=data["on"],
        ),
        template="safety_ratings/assessment_checklist.html",
    )  # fmt: skip


@login_required
def assessment_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(
        request, pk, may=can_appraise, rows=assessments_appraisable_by(request.user)
    )
    return _step(
        request, assessment, form=ReturnForm(request.POST or None),
        title=_("Trả lại hồ sơ để bổ sung"), done=_("Đã trả lại hồ sơ cho đơn vị."),
        action=lambda data: assessment_return(
            assessment=assessment, reason=data["reason"], by=request.user
        ),
    )  # fmt: skip


@login_required
def assessment_not_recognise_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(
        request, pk, may=can_decide, rows=assessments_decidable_by(request.user)
    )
    return _step(
        request, assessment, form=NotRecogniseForm(request.POST or None),
        title=_("Không công nhận"), done=_("Đã ghi kết quả không công nhận."),
        action=lambda data: assessment_not_recognise(
            assessment=assessment, reason=data["reason"], by=request.user, on=data["on"]
        ),
    )  # fmt: skip


@login_required
def assessment_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(
        request, pk, may=can_decide, rows=assessments_decidable_by(request.user)
    )
    return _step(
        request, assessment, form=RevokeForm(request.POST or None),
        title=_("Thu hồi công nhận"), done=_("Đã thu hồi công nhận."),
        action=lambda data: assessment_revoke(
            assessment=assessment, reason=data["reason"], by=request.user, on=data["on"],
            document_number=data["document_number"],
        ),
    )  # fmt: skip


class AssessmentHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(assessments_visible_to(self.request.user), pk=self.kwargs["pk"])
