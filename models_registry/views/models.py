"""Pages of the register: list, one model, registering and editing, and its lifecycle steps."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from directives.permissions import documents_visible_to
from organizations.permissions import organizations_visible_to, units_visible_to

from ..forms import (
    ModelFilterForm,
    RatingForm,
    RecognitionForm,
    ReplicationForm,
    RetireForm,
    ReviewForm,
    SecurityModelForm,
    SiteForm,
)
from ..models import SecurityModel
from ..permissions import (
    can_change_model,
    can_register_models,
    models_editable_by,
    models_visible_to,
    units_for_models,
)
from ..selectors.counts import area_unit_ids
from ..selectors.models import ModelFilters, model_detail, model_list
from ..services.activity import rating_set, review_record, site_add
from ..services.models import (
    model_create,
    model_recognize,
    model_recommend_replication,
    model_retire,
    model_update,
)

PAGE_SIZE = 50


@login_required
def model_list_view(request: HttpRequest) -> HttpResponse:
    """The register, filtered. `area` (a unit of the person's scope) and `on` (a day) come
    from the dashboard's and the counts' links: the list then holds the models behind the
    figure. A bad value, like any bad filter here, leaves the list unfiltered."""
    form = ModelFilterForm(request.GET or None, areas=units_visible_to(request.user))
    cleaned = form.cleaned_data if form.is_valid() else {}
    area = cleaned.get("area")
    on = cleaned.get("on")
    rows = model_list(
        user=request.user,
        filters=ModelFilters(
            query=cleaned.get("q") or "",
            category_id=cleaned["category"].pk if cleaned.get("category") else None,
            launch_level_id=cleaned["level"].pk if cleaned.get("level") else None,
            status=cleaned.get("status") or "",
            unit_ids=area_unit_ids(area) if area else None,
            on=on,
        ),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    cleared = request.GET.copy()
    for name in ("area", "on", "page"):
        cleared.pop(name, None)
    return render(
        request,
        "models_registry/model_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "models": page.object_list,
            "can_register": can_register_models(request.user),
            "query_string": request.GET.urlencode(),
            "chosen_area": area,
            "chosen_on": on,
            "clear_url": f"?{cleared.urlencode()}",
        },
    )


@login_required
def model_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        model = model_detail(user=request.user, pk=pk)
    except SecurityModel.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "models_registry/model_detail.html",
        {"model": model, "can_change": can_change_model(request.user, model)},
    )


def _model_form(request: HttpRequest, instance: SecurityModel | None) -> SecurityModelForm:
    return SecurityModelForm(
        request.POST or None,
        instance=instance,
        units=units_for_models(request.user).order_by("era", "path"),
        organizations=organizations_visible_to(request.user).order_by("name"),
        # Founding decisions only, so the list stays short in a large register.
        documents=documents_visible_to(request.user)
        .filter(Q(type_code="QĐ") | Q(type_name__istartswith="Quyết định"))
        .exclude(number_symbol="")
        .order_by("-issue_date"),
    )


def _model_fields(form: SecurityModelForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
def model_create_view(request: HttpRequest) -> HttpResponse:
    if not can_register_models(request.user):
        raise PermissionDenied
    form = _model_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            model = model_create(fields=_model_fields(form), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký mô hình «%s».") % model.name)
            return redirect("models_registry:model-detail", pk=model.pk)
    return render(
        request, "models_registry/model_form.html", {"form": form, "title": _("Đăng ký mô hình")}
    )


@login_required
def model_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_register_models(request.user):
        raise PermissionDenied
    model = get_object_or_404(models_editable_by(request.user), pk=pk)
    form = _model_form(request, model)
    if request.method == "POST" and form.is_valid():
        try:
            model_update(model=model, fields=_model_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("models_registry:model-detail", pk=model.pk)
    return render(
        request,
        "models_registry/model_form.html",
        {"form": form, "model": model, "title": _("Sửa mô hình")},
    )


def _step(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    title: str,
    done: str,
    action: Callable[[SecurityModel, dict], object],
    form_kwargs: Callable[[], dict] | None = None,
) -> HttpResponse:
    """One lifecycle step on a model the user may change: a form whose success is one service."""
    if not can_register_models(request.user):
        raise PermissionDenied
    model = get_object_or_404(models_editable_by(request.user), pk=pk)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial={"on": timezone.localdate(), "reviewed_on": timezone.localdate(),
                 "started_on": timezone.localdate()},
        **(form_kwargs() if form_kwargs else {}),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            action(model, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("models_registry:model-detail", pk=model.pk)
    return render(
        request, "models_registry/model_step.html", {"form": form, "model": model, "title": title}
    )


@login_required
def site_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=SiteForm, title=_("Thêm điểm nhân rộng"),
        done=_("Đã thêm điểm nhân rộng."),
        action=lambda model, data: site_add(model=model, **data),
        form_kwargs=lambda: {"units": units_for_models(request.user).order_by("era", "path")},
    )  # fmt: skip


@login_required
def review_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=ReviewForm, title=_("Sơ kết, tổng kết mô hình"),
        done=_("Đã ghi nhận sơ kết, tổng kết."),
        action=lambda model, data: review_record(model=model, by=request.user, **data),
        form_kwargs=lambda: {
            "organizations": organizations_visible_to(request.user).order_by("name")
        },
    )  # fmt: skip


@login_required
def model_replicate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=ReplicationForm, title=_("Đề xuất nhân rộng"),
        done=_("Đã ghi đề xuất nhân rộng."),
        action=lambda model, data: model_recommend_replication(model=model, **data),
    )  # fmt: skip


@login_required
def model_recognize_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=RecognitionForm, title=_("Công nhận điển hình tiên tiến"),
        done=_("Đã ghi công nhận điển hình tiên tiến."),
        action=lambda model, data: model_recognize(model=model, **data),
    )  # fmt: skip


@login_required
def model_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=RetireForm, title=_("Thanh loại mô hình"),
        done=_("Đã thanh loại mô hình."),
        action=lambda model, data: model_retire(model=model, **data),
    )  # fmt: skip


@login_required
def rating_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, form_class=RatingForm, title=_("Xếp loại mô hình"),
        done=_("Đã lưu xếp loại."),
        action=lambda model, data: rating_set(model=model, **data),
    )  # fmt: skip


class ModelHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(models_visible_to(self.request.user), pk=self.kwargs["pk"])
