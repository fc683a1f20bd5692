"""The administrator's screens: criteria versions (the next regulation is added here, with its
criteria), rated units, and read-mostly views of assessments and recognition decisions.

Assessments and decisions change only through the workflow services (they recompute the
criteria the portal derives and keep the statuses consistent), so the admin shows them and
lets the administrator correct free text, nothing more.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    CriteriaVersion,
    Criterion,
    CriterionResult,
    RatedUnit,
    RecognitionDecision,
)
from .selectors.units import valid_on
from .services.units import EDITABLE_FIELDS, rated_unit_create, rated_unit_update


class YearLabelMixin:
    @admin.display(description=_("năm"), ordering="year")
    def year_label(self, obj) -> str:
        # A year is a label, not a quantity: "2025", never "2.025" with the vi separator.
        return str(obj.year)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["number", "order", "text", "points", "rule"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(SimpleHistoryAdmin):
    list_display = [
        "code", "kind", "regulation", "effective_from", "effective_to", "deciding_level",
        "window_start", "window_end",
    ]  # fmt: skip
    list_filter = ["kind", "deciding_level"]
    search_fields = ["code", "regulation"]
    raw_id_fields = ["regulation_document"]
    # "Lưu mới" (save as new) copies a version with its criteria: the usual way to start the next
    # regulation, which mostly repeats the previous one.
    save_as = True
    inlines = [CriterionInline]
    fieldsets = [
        (None, {"fields": ["kind", "code", "regulation", "regulation_document"]}),
        (_("Thời gian áp dụng và kỳ đánh giá"), {"fields": [
            "effective_from", "effective_to", ("window_start", "window_end"),
            ("registration_deadline", "classification_deadline"),
        ]}),
        (_("Thẩm quyền và ngưỡng"), {"fields": [
            "deciding_level", "appraising_body", "max_points", "min_households_registered",
            "min_units_registered", "min_units_recognised",
        ]}),
    ]  # fmt: skip


class ValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("con", _("Đang hiệu lực")), ("het", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "con":
            return queryset.filter(valid_on(today))
        if self.value() == "het":
            return queryset.filter(valid_to__lt=today)
        return queryset


class RatedUnitAdminForm(forms.ModelForm):
    """Runs the same checks as the portal's own unit form (eligibility under TT 124/2021, the
    commune of the right era, no duplicate name), so the admin cannot store a unit the
    services would refuse."""

    class Meta:
        model = RatedUnit
        fields = EDITABLE_FIELDS

    def _post_clean(self) -> None:
        if not self.errors:
            # A dry run of the service inside a savepoint that is always rolled back: the form
            # shows the service's own explanation of every refusal beside its field (rather
            # than the database constraint's name), and save_model then saves for real.
            try:
                with transaction.atomic():
                    save_rated_unit(self.instance.pk, self.cleaned_data, by=None)
                    transaction.set_rollback(True)
            except ValidationError as error:
                self._update_errors(error)
                return
        super()._post_clean()


def save_rated_unit(pk: int | None, cleaned_data: dict, *, by) -> RatedUnit:
    fields = {name: cleaned_data[name] for name in EDITABLE_FIELDS if name in cleaned_data}
    if pk is None:
        return rated_unit_create(fields=fields, by=by)
    # A fresh copy: the service changes the object it is given, and the dry run must not.
    return rated_unit_update(unit=RatedUnit.objects.get(pk=pk), fields=fields)


@admin.register(RatedUnit)
class RatedUnitAdmin(SimpleHistoryAdmin):
    form = RatedUnitAdminForm
    list_display = ["name", "kind", "commune", "legacy_commune", "valid_from", "valid_to"]
    list_filter = [
        "kind", ValidityFilter, "local_type", "enterprise_size",
        "education_level",
    ]  # fmt: skip
    search_fields = ["name", "search_key", "address"]
    # Administrative units are 14 thousand rows in two eras with repeated names: a raw id
    # with its lookup popup (filtered by era and level) beats a drop-down.
    raw_id_fields = ["commune", "legacy_commune", "organization"]
    readonly_fields = ["end_reason", "created_by"]
    list_select_related = ["commune", "legacy_commune"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "commune", "legacy_commune", "organization",
                           "address"]}),
        (_("Theo loại đơn vị"), {"fields": [
            "local_type", "households", "enterprise_size", "education_level", "is_armed_forces",
        ]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to", "end_reason", "created_by"]}),
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        saved = save_rated_unit(obj.pk if change else None, form.cleaned_data, by=request.user)
        # The admin logs and redirects with the object it holds: give it the saved row.
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)


class DecisionAssessmentInline(admin.TabularInline):
    model = Assessment
    fields = ["rated_unit", "kind", "commune", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("đơn vị được công nhận")
    verbose_name_plural = _("danh sách đơn vị được công nhận (phụ lục)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("safety_ratings.view_assessment")


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(YearLabelMixin, SimpleHistoryAdmin):
    list_display = [
        "number_symbol", "decided_on", "year_label", "kind", "issuer", "deciding_unit",
    ]  # fmt: skip
    list_filter = ["year", "kind"]
    search_fields = ["number_symbol", "issuer__name", "signer_name"]
    raw_id_fields = ["document"]
    # Which units a decision recognises, for which year and by whom is set by decision_issue;
    # the administrator corrects only the record of the paper (number, signer, register link).
    readonly_fields = ["year_label", "kind", "issuer", "deciding_unit", "created_by"]
    fields = [
        "number_symbol", "decided_on", "year_label", "kind", "issuer", "deciding_unit",
        "signer_name", "signer_position", "signing_authority", "document", "created_by",
    ]  # fmt: skip
    list_select_related = ["issuer", "deciding_unit"]
    date_hierarchy = "decided_on"
    inlines = [DecisionAssessmentInline]

    def has_add_permission(self, request) -> bool:
        return False


class CriterionResultInline(admin.TabularInline):
    model = CriterionResult
    fields = [
        "criterion", "self_met", "self_score", "evidence", "appraised_met", "appraised_score",
        "appraisal_note",
    ]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # The verdicts are part of the assessment: whoever may see it sees its checklist.
        return request.user.has_perm("safety_ratings.view_assessment")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Assessment)
class AssessmentAdmin(YearLabelMixin, SimpleHistoryAdmin):
    list_display = ["rated_unit", "year_label", "kind", "commune", "status", "decision"]
    list_filter = ["year", "kind", "status", "criteria_version"]
    search_fields = ["rated_unit__name", "rated_unit__search_key"]
    list_select_related = ["rated_unit", "commune", "decision"]
    inlines = [CriterionResultInline]
    # Only free text stays editable; every status, verdict and date goes through the services.
    editable_text = [
        "appraisal_note", "return_reason", "not_recognised_reason", "revocation_reason",
        "revocation_document",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["rated_unit", "year_label", "kind", "commune", "criteria_version",
                           "status"]}),
        (_("Đăng ký"), {"fields": [
            "registered_on", "party_resolution", "households_total", "households_registered",
            "created_by",
        ]}),
        (_("Tự đánh giá và thẩm định"), {"fields": [
            "self_assessed_on", "self_score", "appraised_on", "appraising_organization",
            "appraised_score", "appraisal_note", "return_reason",
        ]}),
        (_("Kết quả"), {"fields": [
            "decision", "decided_on", "not_recognised_reason", "revoked_on", "revocation_reason",
            "revocation_document",
        ]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [
            name
            for _title, options in self.fieldsets
            for name in options["fields"]
            if name not in self.editable_text
        ]

    def has_add_permission(self, request) -> bool:
        return False
