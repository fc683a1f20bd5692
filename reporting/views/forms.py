"""Pages of the report forms: the list, a new form, one form with its versions and history,
the draft editor (sections, fields, rules; htmx swaps the editor after each change),
publishing, a new version from the latest, and the preview of a version as the submitter
sees it.

Reading a form needs it to be visible (404 otherwise); changing it needs the right to manage
forms (403 without it) and the form to be editable by the user (404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from antq_portal.forms import add_service_errors
from antq_portal.history import HistoryView
from organizations.models import User

from ..forms_builder import (
    FormFieldForm,
    ReportFormCreateForm,
    RuleForm,
    SectionForm,
    VersionPublishForm,
)
from ..models import FormField, FormSection, FormVersion, ReportForm
from ..permissions import can_manage_forms, forms_editable_by, forms_visible_to
from ..selectors.forms import (
    fields_editable_by,
    form_detail,
    form_list,
    form_owner_choices,
    next_order,
    rules_editable_by,
    sections_editable_by,
    version_content,
    version_figures,
    versions_editable_by,
    versions_visible_to,
)
from ..services.forms import (
    field_remove,
    field_save,
    report_form_create,
    rule_remove,
    rule_save,
    section_move,
    section_remove,
    section_save,
    version_new_draft,
    version_publish,
)

PAGE_SIZE = 50
EDITOR = "reporting/partials/form_editor.html"


def require_form_manager(user: User) -> None:
    """Forms are defined by the provincial office: anyone else gets 403 on a change."""
    if not can_manage_forms(user):
        raise PermissionDenied


# --- Forms and versions --------------------------------------------------------------------


@login_required
@require_GET
def form_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(form_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/form_list.html",
        {
            "page_obj": page,
            "report_forms": page.object_list,
            "can_manage": can_manage_forms(request.user),
        },
    )


@login_required
def form_create_view(request: HttpRequest) -> HttpResponse:
    require_form_manager(request.user)
    form = ReportFormCreateForm(request.POST or None, owners=form_owner_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            report_form = report_form_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã tạo biểu mẫu «%(name)s»; hãy thêm các phần và chỉ tiêu vào phiên bản 1.")
                % {"name": report_form.name},
            )
            draft = report_form.versions.get()
            return redirect("reporting:version-detail", pk=draft.pk)
    return render(request, "reporting/form_create.html", {"form": form})


@login_required
@require_GET
def form_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report_form = form_detail(user=request.user, pk=pk)
    except ReportForm.DoesNotExist as missing:
        raise Http404 from missing
    versions = list(report_form.versions.all())
    can_edit = forms_editable_by(request.user).filter(pk=report_form.pk).exists()
    has_draft = any(not version.is_published for version in versions)
    return render(
        request,
        "reporting/form_detail.html",
        {
            "report_form": report_form,
            "versions": versions,
            "can_edit": can_edit,
            "can_start_version": can_edit and not has_draft,
        },
    )


class ReportFormHistoryView(HistoryView):
    def get_object(self):
        return get_object_or_404(forms_visible_to(self.request.user), pk=self.kwargs["pk"])


@login_required
@require_POST
def form_version_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The next version as a copy of the latest one, to edit."""
    require_form_manager(request.user)
    report_form = get_object_or_404(forms_editable_by(request.user), pk=pk)
    try:
        draft = version_new_draft(form=report_form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:form-detail", pk=report_form.pk)
    messages.success(
        request,
        _("Đã tạo phiên bản %(number)s (bản nháp) từ phiên bản mới nhất.")
        % {"number": draft.number},
    )
    return redirect("reporting:version-detail", pk=draft.pk)


def _editor_context(version: FormVersion, can_edit: bool, **forms) -> dict:
    """What the editor shows; `forms` replaces the empty forms (bound, with their errors)."""
    editable = can_edit and not version.is_published
    context = {
        "version": version,
        "report_form": version.form,
        "content": version_content(version),
        "can_edit": editable,
        "open_section_id": None,
        "open_field_id": None,
        "field_form": None,
    }
    if editable:
        context.update(
            section_form=SectionForm(),
            rule_form=RuleForm(figures=version_figures(version)),
            publish_form=VersionPublishForm(),
            rename_section_id=None,
            rename_form=None,
        )
    context.update(forms)
    return context


@login_required
@require_GET
def version_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A version's content: the editor for a draft the user may change, else read only."""
    version = get_object_or_404(versions_visible_to(request.user), pk=pk)
    can_edit = (
        can_manage_forms(request.user)
        and forms_editable_by(request.user).filter(pk=version.form_id).exists()
    )
    return render(request, "reporting/form_version.html", _editor_context(version, can_edit))


@login_required
@require_GET
def version_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as the reporting organization will fill it (nothing can be typed here)."""
    version = get_object_or_404(versions_visible_to(request.user), pk=pk)
    return render(
        request,
        "reporting/form_preview.html",
        {"version": version, "report_form": version.form, "content": version_content(version)},
    )


@login_required
@require_POST
def version_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    version = get_object_or_404(versions_editable_by(request.user), pk=pk)
    form = VersionPublishForm(request.POST)
    if form.is_valid():
        try:
            version_publish(version=version, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã phát hành phiên bản %(number)s; báo cáo mới sẽ dùng phiên bản này.")
                % {"number": version.number},
            )
            return redirect("reporting:form-detail", pk=version.form_id)
    return _editor_response(request, version, publish_form=form)


# --- The draft editor ----------------------------------------------------------------------


def _editor_response(request: HttpRequest, version: FormVersion, **forms) -> HttpResponse:
    """After an editor action: htmx gets the editor back (with any errors in it); a plain
    POST goes back to the version's page, or shows it with the errors."""
    bound = [form for form in forms.values() if hasattr(form, "errors")]
    has_errors = any(form.errors for form in bound)
    if has_errors and version.is_published:
        # A frozen version shows no forms to hold the refusal: it becomes a message.
        for form in bound:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
    if request.htmx:
        return render(request, EDITOR, _editor_context(version, True, **forms))
    if has_errors:
        return render(
            request, "reporting/form_version.html", _editor_context(version, True, **forms)
        )
    return redirect("reporting:version-detail", pk=version.pk)


def _refused(request: HttpRequest, version: FormVersion, error: ValidationError) -> HttpResponse:
    """A refusal without a form to hold it (a frozen version, a removal): said as a message."""
    messages.error(request, " ".join(error.messages))
    return _editor_response(request, version)


@login_required
@require_POST
def section_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    version = get_object_or_404(versions_editable_by(request.user), pk=pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            section_save(version=version, title=form.cleaned_data["title"],
                         order=next_order(version))  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _editor_response(request, version)
    return _editor_response(request, version, section_form=form)


@login_required
@require_POST
def section_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a section."""
    require_form_manager(request.user)
    section = get_object_or_404(sections_editable_by(request.user), pk=pk)
    version = section.version
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            section_save(version=version, title=form.cleaned_data["title"], order=section.order,
                         section=section)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _editor_response(request, version)
    return _editor_response(request, version, rename_form=form, rename_section_id=section.pk)


@login_required
@require_POST
def section_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a section up or down ("direction" = up | down)."""
    require_form_manager(request.user)
    section = get_object_or_404(sections_editable_by(request.user), pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        section_move(section=section, offset=offset)
    except ValidationError as error:
        return _refused(request, section.version, error)
    return _editor_response(request, section.version)


@login_required
@require_POST
def section_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    section = get_object_or_404(sections_editable_by(request.user), pk=pk)
    version = section.version
    try:
        section_remove(section=section)
    except ValidationError as error:
        return _refused(request, version, error)
    messages.success(request, _("Đã xóa phần «%(title)s».") % {"title": section.title})
    return _editor_response(request, version)


def _field_page(
    request: HttpRequest, section: FormSection, form: FormFieldForm, form_field: FormField | None
) -> HttpResponse:
    """The field's form: a fragment for htmx (into the section), a page without JavaScript."""
    context = {
        "section": section,
        "version": section.version,
        "report_form": section.version.form,
        "field_form": form,
        "field_id": form_field.pk if form_field else None,
    }
    if request.htmx:
        return render(request, "reporting/partials/form_field_form.html", context)
    return render(request, "reporting/form_field_page.html", context)


def _save_field(
    request: HttpRequest, section: FormSection, form_field: FormField | None
) -> HttpResponse:
    initial = (
        {name: getattr(form_field, name) for name in FormFieldForm.SERVICE_FIELDS}
        if form_field
        else {"order": next_order(section.version, section)}
    )
    posted = request.method == "POST"
    form = FormFieldForm(request.POST if posted else None, initial=initial)
    if not posted:
        return _field_page(request, section, form, form_field)
    if form.is_valid():
        try:
            field_save(section=section, attributes=form.service_attributes(),
                       form_field=form_field)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _editor_response(request, section.version)
    if not request.htmx:
        return _field_page(request, section, form, form_field)
    return _editor_response(
        request, section.version, field_form=form, open_section_id=section.pk,
        open_field_id=form_field.pk if form_field else None,
    )  # fmt: skip


@login_required
def field_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    section = get_object_or_404(sections_editable_by(request.user), pk=pk)
    return _save_field(request, section, None)


@login_required
def field_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    form_field = get_object_or_404(fields_editable_by(request.user), pk=pk)
    return _save_field(request, form_field.section, form_field)


@login_required
@require_POST
def field_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    form_field = get_object_or_404(fields_editable_by(request.user), pk=pk)
    version = form_field.section.version
    try:
        field_remove(form_field=form_field)
    except ValidationError as error:
        return _refused(request, version, error)
    return _editor_response(request, version)


@login_required
@require_POST
def rule_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    version = get_object_or_404(versions_editable_by(request.user), pk=pk)
    form = RuleForm(request.POST, figures=version_figures(version))
    if form.is_valid():
        try:
            rule_save(version=version, attributes=form.service_attributes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _editor_response(request, version)
    return _editor_response(request, version, rule_form=form)


@login_required
@require_POST
def rule_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_form_manager(request.user)
    rule = get_object_or_404(rules_editable_by(request.user), pk=pk)
    version = rule.version
    try:
        rule_remove(rule=rule)
    except ValidationError as error:
        return _refused(request, version, error)
    return _editor_response(request, version)
