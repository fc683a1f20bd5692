"""Pages of the organizations app: home, units, organizations, people and roles, health."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView

from . import selectors
from .forms import (
    MembershipForm,
    OrganizationFilterForm,
    OrganizationForm,
    RoleAssignmentForm,
    UnitFilterForm,
    UserEditForm,
    UserFilterForm,
    UserForm,
)
from .models import AdministrativeUnit, Organization, RoleAssignment, User
from .permissions import (
    can_manage_organizations,
    can_manage_people,
    organizations_visible_to,
    scope_of,
    units_visible_to,
    users_visible_to,
)
from .search import search_by_key
from .services.organizations import organization_create, organization_update
from .services.people import (
    membership_add,
    membership_end,
    role_assign,
    role_revoke,
    user_create,
    user_update,
)

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    context = {"scope": scope}
    if scope.nationwide:
        context["unit_counts"] = list(
            AdministrativeUnit.objects.values("era", "level")
            .annotate(total=Count("pk"))
            .order_by("era", "level")
        )
        context["people_count"] = User.objects.filter(is_active=True).count()
        context["organization_count"] = Organization.objects.count()
        context["recent_people"] = list(
            User.objects.select_related("organization").order_by("-date_joined")[:8]
        )
    else:
        context["unit_counts"] = list(
            units_visible_to(request.user)
            .values("era", "level")
            .annotate(total=Count("pk"))
            .order_by("era", "level")
        )
    return render(request, "organizations/home.html", context)


class UnitListView(LoginRequiredMixin, ListView):
    template_name = "organizations/unit_list.html"
    context_object_name = "units"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = UnitFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.unit_list(
            user=self.request.user,
            query=filters.get("q") or "",
            era=filters.get("era") or "",
            level=filters.get("level"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class UnitDetailView(LoginRequiredMixin, DetailView):
    template_name = "organizations/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return units_visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["family"] = selectors.unit_family(unit=self.object, user=self.request.user)
        return context


@login_required
@require_GET
def unit_autocomplete(request: HttpRequest) -> JsonResponse:
    """Units matching a search, for the unit pickers (Tom Select)."""
    query = request.GET.get("q", "")
    units = units_visible_to(request.user).select_related("parent")
    if query:
        units = search_by_key(units, query)
    results = [
        {
            "value": unit.pk,
            "text": f"{unit.name}"
            + (f", {unit.parent.name}" if unit.parent_id else "")
            + (_(" (trước 01/7/2025)") if unit.is_legacy else _(" (từ 01/7/2025)")),
        }
        for unit in units.order_by("level", "path")[:30]
    ]
    return JsonResponse({"results": results})


class UnitHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(units_visible_to(self.request.user), pk=self.kwargs["pk"])


class OrganizationListView(LoginRequiredMixin, ListView):
    template_name = "organizations/organization_list.html"
    context_object_name = "organizations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = OrganizationFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.organization_list(
            user=self.request.user, query=filters.get("q") or "", kind=filters.get("kind") or ""
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_manage"] = can_manage_organizations(self.request.user)
        return context


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organization = selectors.organization_detail(user=request.user, pk=pk)
    except Organization.DoesNotExist as missing:
        raise Http404 from missing
    can_manage = can_manage_organizations(request.user)
    membership_form = None
    if can_manage and organization.is_committee:
        membership_form = MembershipForm(
            people=users_visible_to(request.user),
            organizations=organizations_visible_to(request.user),
        )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "can_manage": can_manage,
            "membership_form": membership_form,
        },
    )


@login_required
@require_POST
def organization_membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_organizations(request.user):
        raise PermissionDenied
    committee = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    form = MembershipForm(
        request.POST,
        people=users_visible_to(request.user),
        organizations=organizations_visible_to(request.user),
    )
    if form.is_valid():
        try:
            membership_add(committee=committee, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã thêm thành viên vào %s.") % committee)
    else:
        messages.error(request, _("Chưa thêm được thành viên: hãy chọn người và chức danh."))
    return redirect("organizations:organization-detail", pk=committee.pk)


@login_required
@require_POST
def organization_membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    if not can_manage_organizations(request.user):
        raise PermissionDenied
    committee = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    membership = get_object_or_404(committee.memberships, pk=membership_pk)
    try:
        membership_end(membership=membership, end_date=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi nhận %s thôi tham gia Ban.") % membership.person)
    return redirect("organizations:organization-detail", pk=committee.pk)


@login_required
def organization_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can_manage_organizations(request.user):
        raise PermissionDenied
    organization = get_object_or_404(organizations_visible_to(request.user), pk=pk) if pk else None
    form = OrganizationForm(
        request.POST or None,
        instance=organization,
        units=units_visible_to(request.user),
        organizations=organizations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OrganizationForm.Meta.fields}
        try:
            if organization:
                organization = organization_update(organization=organization, **fields)
            else:
                organization = organization_create(**fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tổ chức %s.") % organization)
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
    )


class OrganizationHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(organizations_visible_to(self.request.user), pk=self.kwargs["pk"])


def _require_people_manager(request: HttpRequest) -> None:
    if not can_manage_people(request.user):
        raise PermissionDenied


class UserListView(LoginRequiredMixin, ListView):
    template_name = "organizations/user_list.html"
    context_object_name = "people"
    paginate_by = PAGE_SIZE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_people_manager(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filter_form = UserFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.user_list(
            user=self.request.user, query=filters.get("q") or "", role=filters.get("role") or ""
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_people_manager(request)
    person = get_object_or_404(users_visible_to(request.user).select_related("organization"), pk=pk)
    role_form = RoleAssignmentForm(
        organizations=organizations_visible_to(request.user),
        units=units_visible_to(request.user),
    )
    return render(
        request,
        "organizations/user_detail.html",
        {
            "person": person,
            "roles": selectors.user_roles(person=person),
            "role_form": role_form,
        },
    )


@login_required
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_people_manager(request)
    person = get_object_or_404(users_visible_to(request.user), pk=pk) if pk else None
    form_class = UserEditForm if person else UserForm
    form = form_class(
        request.POST or None,
        instance=person,
        organizations=organizations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        try:
            person = user_update(user=person, **fields) if person else user_create(**fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin người dùng %s.") % person)
            return redirect("organizations:user-detail", pk=person.pk)
    return render(request, "organizations/user_form.html", {"form": form, "person": person})


@login_required
@require_POST
def user_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_people_manager(request)
    person = get_object_or_404(users_visible_to(request.user), pk=pk)
    form = RoleAssignmentForm(
        request.POST,
        organizations=organizations_visible_to(request.user),
        units=units_visible_to(request.user),
    )
    if form.is_valid():
        try:
            role_assign(user=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã giao vai trò cho %s.") % person)
            return redirect("organizations:user-detail", pk=person.pk)
    return render(
        request,
        "organizations/user_detail.html",
        {"person": person, "roles": selectors.user_roles(person=person), "role_form": form},
        status=400,
    )


@login_required
@require_POST
def user_role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    _require_people_manager(request)
    person = get_object_or_404(users_visible_to(request.user), pk=pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=person)
    role_revoke(assignment=assignment)
    messages.success(request, _("Đã thu hồi vai trò %s.") % assignment.get_role_display())
    return redirect("organizations:user-detail", pk=person.pk)


class UserHistoryView(HistoryView):
    def get_object(self):
        _require_people_manager(self.request)
        return get_object_or_404(users_visible_to(self.request.user), pk=self.kwargs["pk"])


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organizations/profile.html",
        {"person": request.user, "scope": scope_of(request.user)},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of the database, the broker and the last heartbeat, for monitors."""
    database = selectors.database_ok()
    broker = selectors.broker_ok()
    heartbeat = selectors.heartbeat_state()
    healthy = database and broker and heartbeat.ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": "ok" if database else "error",
            "broker": "ok" if broker else "error",
            "heartbeat": {
                "last": heartbeat.last.isoformat() if heartbeat.last else None,
                "age_seconds": round(heartbeat.age_seconds, 1)
                if heartbeat.age_seconds is not None
                else None,
                "status": "ok" if heartbeat.ok else ("missing" if not heartbeat.last else "stale"),
            },
        },
        status=200 if healthy else 503,
    )
