"""Recognition decisions: the list, one decision, a new decision for many units, its PDF and
the certificates of its units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from antq_portal.forms import add_service_errors
from directives.permissions import can_register_documents, documents_visible_to
from organizations.permissions import organizations_visible_to
from printing.selectors import can_sign_for
from printing.services import issued_pdfs_of

from ..forms_decisions import DecisionFilterForm, DecisionForm, DecisionScopeForm
from ..models import Assessment, RecognitionDecision
from ..permissions import (
    can_decide,
    deciding_units_for,
    decisions_printable_by,
    decisions_visible_to,
)
from ..selectors.decisions import (
    DECISION_SOURCE,
    DecisionFilters,
    decision_candidates,
    decision_detail,
    decision_list,
    decision_pdfs,
    latest_certificates,
)
from ..services.decisions import decision_issue
from ..services.printing import certificates_batch_create, decision_print

PAGE_SIZE = 50
# "Chọn tất cả đơn vị đạt": the new-decision page reloads with every passing unit ticked.
SELECT_PASSING = "dat"


@login_required
@require_GET
def decision_list_view(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    rows = decision_list(
        user=request.user,
        filters=DecisionFilters(year=cleaned.get("year"), kind=cleaned.get("kind") or ""),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safety_ratings/decision_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "decisions": page.object_list,
            "can_decide": can_decide(request.user),
        },
    )


@login_required
@require_GET
def decision_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        decision = decision_detail(user=request.user, pk=pk)
    except RecognitionDecision.DoesNotExist as missing:
        raise Http404 from missing
    can_print = decisions_printable_by(request.user).filter(pk=decision.pk).exists()
    recognised = [a for a in decision.annex if a.status == Assessment.Status.RECOGNISED]
    certificates = latest_certificates([a.pk for a in decision.annex])
    return render(
        request,
        "safety_ratings/decision_detail.html",
        {
            "decision": decision,
            "annex": [(a, certificates.get(a.pk)) for a in decision.annex],
            "recognised_count": len(recognised),
            "issued_pdfs": list(issued_pdfs_of(source_label=DECISION_SOURCE,
                                               source_id=decision.pk)),
            "can_print": can_print,
            "can_sign": can_print and can_sign_for(decision.issuer),
            "can_register_document": not decision.document_id
            and can_register_documents(request.user),
        },
    )  # fmt: skip


def _scope_of_form(request: HttpRequest, data) -> dict | None:
    """Year, kind and deciding unit, when the page has them (they choose the candidates)."""
    scope_form = DecisionScopeForm(data, deciding_units=deciding_units_for(request.user))
    return scope_form.cleaned_data if scope_form.is_valid() else None


@login_required
def decision_create_view(request: HttpRequest) -> HttpResponse:
    """A decision for many appraised units: choose year, kind and deciding unit, tick units."""
    if not can_decide(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    scope = _scope_of_form(request, request.POST if posted else (request.GET or None))
    candidates = (
        decision_candidates(
            user=request.user, year=scope["year"], kind=scope["kind"],
            deciding_unit=scope["deciding_unit"],
        )
        if scope
        else Assessment.objects.none()
    )  # fmt: skip
    candidate_rows = list(candidates)
    initial = request.GET.dict()
    if request.GET.get("chon") == SELECT_PASSING:
        initial["assessments"] = [a.pk for a in candidate_rows if not a.failed]
    form = DecisionForm(
        request.POST if posted else None,
        initial=initial,
        deciding_units=deciding_units_for(request.user),
        candidates=candidates,
        organizations=organizations_visible_to(request.user).order_by("name"),
        # Decisions only, so the list stays short in a large register.
        documents=documents_visible_to(request.user)
        .filter(Q(type_code="QĐ") | Q(type_name__istartswith="Quyết định"))
        .exclude(number_symbol="")
        .order_by("-issue_date", "-pk"),
    )
    if posted and form.is_valid():
        try:
            decision = decision_issue(
                fields=form.decision_fields(),
                assessments=list(form.cleaned_data["assessments"]),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi Quyết định %(number)s công nhận %(count)s đơn vị.")
                % {"number": decision.number_symbol,
                   "count": len(form.cleaned_data["assessments"])},
            )  # fmt: skip
            return redirect("safety_ratings:decision-detail", pk=decision.pk)
    selected = {str(value) for value in (form["assessments"].value() or [])}
    return render(
        request,
        "safety_ratings/decision_form.html",
        {
            "form": form,
            "scope_chosen": scope is not None,
            "candidates": [(a, str(a.pk) in selected) for a in candidate_rows],
            "passing_count": sum(1 for a in candidate_rows if not a.failed),
            "select_passing": SELECT_PASSING,
        },
    )


def _printable_decision(request: HttpRequest, pk: int) -> RecognitionDecision:
    if not can_decide(request.user):
        raise PermissionDenied
    return get_object_or_404(
        decisions_printable_by(request.user).select_related("issuer", "deciding_unit"), pk=pk
    )


@login_required
@require_POST
def decision_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _printable_decision(request, pk)
    try:
        issued = decision_print(
            decision=decision, by=request.user, sign=bool(request.POST.get("sign"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã in %(title)s (lần %(version)s), mã xác thực %(code)s.")
            % {"title": issued.title, "version": issued.version, "code": issued.code},
        )
    return redirect("safety_ratings:decision-detail", pk=decision.pk)


@login_required
@require_POST
def decision_certificates_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Print every recognised unit's certificate in the background; show the batch's page."""
    decision = _printable_decision(request, pk)
    try:
        batch = certificates_batch_create(
            decision=decision, by=request.user, sign=bool(request.POST.get("sign"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("safety_ratings:decision-detail", pk=decision.pk)
    return redirect("printing:batch-detail", pk=batch.pk)


@login_required
@require_GET
def decision_pdf_download(request: HttpRequest, pk: int, issued_pk: int) -> FileResponse:
    """An issued PDF of the decision, or a certificate of one of its units."""
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    issued = get_object_or_404(decision_pdfs(decision), pk=issued_pk)
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{issued.code}.pdf")  # fmt: skip
