"""Forms of the ratings: rated units (filters, create/edit, end, import) and the steps of a
yearly assessment (registration, self-assessment, appraisal, return, not recognised, revoke).

Other parts of the app keep their forms in their own modules (forms_*.py).
"""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.http import Http404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organizations.forms import AutocompleteSelect
from organizations.models import AdministrativeUnit
from organizations.permissions import scope_of

from .forms_bulk import FIRST_YEAR
from .models import Assessment, CriterionResult, RatedUnit, UnitKind
from .selectors.rate_areas import (
    default_era,
    default_year,
    rate_area_choices,
    requested_rate_area,
)
from .services.assessments import Verdict

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MET_CHOICES = [("1", _("Đạt")), ("0", _("Không đạt"))]
# Communes are added by "Thêm các xã vào danh sách" (one per administrative unit), not typed.
KINDS = [(value, capfirst(label)) for value, label in UnitKind.choices]
TYPED_KINDS = [(value, label) for value, label in KINDS if value != UnitKind.COMMUNE]


def _helper(submit_label, *, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = True
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    helper.add_input(Submit("submit", submit_label))
    return helper


def _blank_first(choices) -> list[tuple[str, str]]:
    return [("", "---------"), *choices]


def _commune_field(*, required: bool, legacy: bool, label) -> forms.ModelChoiceField:
    url_name = (
        "safety_ratings:legacy-commune-autocomplete" if legacy
        else "safety_ratings:commune-autocomplete"
    )  # fmt: skip
    return forms.ModelChoiceField(
        label=label, queryset=None, required=required,
        widget=AutocompleteSelect(url=reverse_lazy(url_name)),
    )  # fmt: skip


# --- Rated units ---------------------------------------------------------------------------


class RatedUnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False,
                        help_text=_("Gõ có dấu hoặc không dấu."))  # fmt: skip
    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False,
                             choices=[("", _("Mọi loại")), *KINDS])  # fmt: skip
    commune = _commune_field(required=False, legacy=False, label=_("Xã, phường"))
    year = forms.IntegerField(label=_("Còn hiệu lực trong năm"), required=False,
                              min_value=2000, max_value=2100)  # fmt: skip

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class RatedUnitForm(forms.Form):
    """A unit to rate. The fields of one kind only (local type, size, level, armed forces)
    are shown for that kind; the service clears the others and explains any refusal."""

    FIELDS = [
        "kind", "name", "commune", "legacy_commune", "local_type", "enterprise_size",
        "education_level", "is_armed_forces", "organization", "address", "households",
        "valid_from",
    ]  # fmt: skip

    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=TYPED_KINDS)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=250)
    commune = _commune_field(required=True, legacy=False, label=_("Thuộc xã, phường, đặc khu"))
    legacy_commune = _commune_field(
        required=False, legacy=True, label=_("Xã, phường, thị trấn trước 01/7/2025")
    )
    local_type = forms.ChoiceField(label=_("Loại khu dân cư"), required=False,
                                   choices=_blank_first(RatedUnit.LocalType.choices))  # fmt: skip
    enterprise_size = forms.ChoiceField(
        label=_("Quy mô doanh nghiệp"), required=False,
        choices=_blank_first(RatedUnit.EnterpriseSize.choices),
        help_text=_("Doanh nghiệp nhỏ và siêu nhỏ không thuộc đối tượng đánh giá."),
    )  # fmt: skip
    education_level = forms.ChoiceField(
        label=_("Cấp học"), required=False,
        choices=_blank_first(RatedUnit.EducationLevel.choices),
        help_text=_("Trường tiểu học, mầm non, mẫu giáo, nhà trẻ không thuộc đối tượng đánh giá."),
    )  # fmt: skip
    is_armed_forces = forms.BooleanField(
        label=_("Thuộc lực lượng vũ trang"), required=False,
        help_text=_("Đơn vị lực lượng vũ trang không thuộc đối tượng đánh giá."),
    )  # fmt: skip
    organization = forms.ModelChoiceField(label=_("Tổ chức trong danh bạ"), queryset=None,
                                          required=False)  # fmt: skip
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    households = forms.IntegerField(label=_("Số hộ gia đình"), min_value=0, required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ"), widget=DATE_WIDGET)

    def __init__(self, *args, communes, organizations, kind_fixed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["legacy_commune"].queryset = communes.filter(era="legacy")
        self.fields["organization"].queryset = organizations
        if kind_fixed == UnitKind.COMMUNE:
            # A commune's own unit stays a commune: it is the administrative unit itself.
            self.fields["kind"].choices = [(UnitKind.COMMUNE, capfirst(UnitKind.COMMUNE.label))]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Đơn vị"), Row(Column("kind"), Column("name")),
                     Row(Column("commune"), Column("legacy_commune")),
                     Row(Column("address"), Column("valid_from"))),
            Fieldset(
                _("Theo loại đơn vị"),
                Div("local_type", "households", css_class="kind-field", data_kinds="khu_dan_cu"),
                Div("enterprise_size", css_class="kind-field", data_kinds="doanh_nghiep"),
                Div("education_level", css_class="kind-field", data_kinds="co_so_giao_duc"),
                Div("is_armed_forces", css_class="kind-field", data_kinds="co_quan"),
                Div("organization", css_class="kind-field",
                    data_kinds="co_quan doanh_nghiep co_so_giao_duc"),
            ),
        )  # fmt: skip

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.FIELDS}


class RatedUnitEndForm(forms.Form):
    # Named as the model fields the service reports errors on.
    valid_to = forms.DateField(label=_("Hết hiệu lực từ ngày"), widget=DATE_WIDGET)
    end_reason = forms.CharField(
        label=_("Lý do"), max_length=250,
        help_text=_("Ví dụ: sáp nhập vào thôn khác, giải thể, không còn thuộc đối tượng."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Kết thúc hiệu lực"))


class RatedUnitImportForm(forms.Form):
    upload = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB."))
        return upload


# --- Assessments ---------------------------------------------------------------------------


class AssessmentFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False,
                             choices=[("", _("Mọi loại")), *KINDS])  # fmt: skip
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Mọi trạng thái")),
                                        *Assessment.Status.choices])  # fmt: skip
    commune = _commune_field(required=False, legacy=False, label=_("Xã, phường"))
    q = forms.CharField(label=_("Tìm đơn vị"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class RegistrationForm(forms.Form):
    """Registration in Quý I; the households only for a residential area."""

    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    registered_on = forms.DateField(label=_("Ngày đăng ký"), widget=DATE_WIDGET)
    party_resolution = forms.CharField(
        label=_("Nghị quyết của chi bộ, cấp ủy"), max_length=250, required=False,
        help_text=_("Số, ngày nghị quyết đăng ký phấn đấu đạt tiêu chuẩn."),
    )  # fmt: skip
    households_total = forms.IntegerField(label=_("Tổng số hộ"), min_value=0, required=False)
    households_registered = forms.IntegerField(label=_("Số hộ đăng ký"), min_value=0,
                                               required=False)  # fmt: skip

    def __init__(self, *args, kind: str, with_year: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_year:
            del self.fields["year"]
        if kind != UnitKind.RESIDENTIAL_AREA:
            del self.fields["households_total"]
            del self.fields["households_registered"]
        self.helper = _helper(_("Đăng ký") if with_year else _("Lưu đăng ký"))

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "year"}


def _met_value(met: bool | None) -> str:
    return "" if met is None else ("1" if met else "0")


def _met_from(value: str) -> bool | None:
    return None if value in ("", None) else value == "1"


class ChecklistForm(forms.Form):
    """One row per typed criterion of an assessment; computed criteria are shown read-only.

    Subclasses say which verdict the row edits (the unit's own, or the appraiser's).
    """

    NOTE_LABEL = _("Minh chứng")

    def __init__(self, *args, results: list[CriterionResult], **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results
        for result in results:
            if result.criterion.is_computed:
                continue
            met, score, note = self.initial_verdict(result)
            key = result.criterion_id
            self.fields[f"met_{key}"] = forms.ChoiceField(
                label=_("Kết quả"), choices=MET_CHOICES, required=False,
                widget=forms.RadioSelect, initial=_met_value(met),
            )  # fmt: skip
            points = result.criterion.points
            if points is not None:
                self.fields[f"score_{key}"] = forms.DecimalField(
                    label=_("Điểm"), required=False, min_value=Decimal(0),
                    max_value=Decimal(points), max_digits=5, decimal_places=2, initial=score,
                    # "8,5" as typed here, and "8.5" as a number input sends it.
                    localize=True,
                )  # fmt: skip
            self.fields[f"note_{key}"] = forms.CharField(
                label=self.NOTE_LABEL, required=False, initial=note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.add_row_fields(result)

    def initial_verdict(self, result: CriterionResult):
        raise NotImplementedError

    def add_row_fields(self, result: CriterionResult) -> None:
        """Extra fields of a row (none by default)."""

    def rows(self) -> list[dict]:
        """The checklist for the template: each result with its bound fields, if typed."""
        rows = []
        for result in self.results:
            key = result.criterion_id
            typed = not result.criterion.is_computed
            rows.append(
                {
                    "result": result,
                    "typed": typed,
                    "met": self[f"met_{key}"] if typed else None,
                    "score": self[f"score_{key}"] if f"score_{key}" in self.fields else None,
                    "note": self[f"note_{key}"] if typed else None,
                    "file": self[f"file_{key}"] if f"file_{key}" in self.fields else None,
                }
            )
        return rows

    def verdicts(self) -> dict[int, Verdict]:
        data = self.cleaned_data
        return {
            result.criterion_id: Verdict(
                met=_met_from(data.get(f"met_{result.criterion_id}", "")),
                score=data.get(f"score_{result.criterion_id}"),
                note=data.get(f"note_{result.criterion_id}", ""),
            )
            for result in self.results
            if not result.criterion.is_computed
        }


class SelfAssessmentForm(ChecklistForm):
    """The unit's own verdict on each criterion, with evidence text and a file per criterion."""

    on = forms.DateField(label=_("Ngày tự đánh giá"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def initial_verdict(self, result):
        return result.self_met, result.self_score, result.evidence

    def add_row_fields(self, result):
        self.fields[f"file_{result.criterion_id}"] = forms.FileField(
            label=_("Tệp minh chứng"), required=False
        )

    def uploads(self) -> list[tuple[CriterionResult, object]]:
        """The files chosen, each with the criterion it proves."""
        return [
            (result, self.cleaned_data[f"file_{result.criterion_id}"])
            for result in self.results
            if self.cleaned_data.get(f"file_{result.criterion_id}")
        ]


class AppraisalForm(ChecklistForm):
    """The appraiser's verdict on each criterion, defaulting to the unit's own."""

    NOTE_LABEL = _("Ý kiến thẩm định")

    on = forms.DateField(label=_("Ngày thẩm định"), widget=DATE_WIDGET)
    organization = forms.ModelChoiceField(label=_("Cơ quan thẩm định"), queryset=None,
                                          required=False)  # fmt: skip
    note = forms.CharField(label=_("Ý kiến thẩm định chung"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.fields["organization"].queryset = organizations

    def initial_verdict(self, result):
        met = result.self_met if result.appraised_met is None else result.appraised_met
        score = result.self_score if result.appraised_score is None else result.appraised_score
        return met, score, result.appraisal_note


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại, nội dung cần bổ sung"),
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Trả lại hồ sơ"))


class NotRecogniseForm(forms.Form):
    on = forms.DateField(label=_("Ngày kết luận"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Lý do không công nhận"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống thì ghi các tiêu chí không đạt."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper(_("Không công nhận"))


class RevokeForm(forms.Form):
    on = forms.DateField(label=_("Ngày thu hồi"), widget=DATE_WIDGET)
    document_number = forms.CharField(label=_("Quyết định thu hồi (số, ký hiệu)"),
                                      max_length=60, required=False)  # fmt: skip
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper(_("Thu hồi công nhận"))


# -- rates ------------------------------------------------------------------------------------

RATE_ERA_CHOICES = [
    ("", _("Theo năm (trước 2025: đơn vị cũ)")),
    (AdministrativeUnit.Era.LEGACY, _("Đơn vị cũ (trước 01/7/2025, có cấp huyện)")),
    (AdministrativeUnit.Era.REFORM_2025, _("Đơn vị mới (từ 01/7/2025)")),
]


class RatesParamsForm(forms.Form):
    """The query string of the rates pages. A missing or bad year, era or kind falls back to
    its default, so a stale or edited link still opens a page; an area that is not a number
    makes the form invalid (the view answers 404, as for an area outside the person's scope).

    Cleaned: `year` (int), `era` ("" for the era of the year), `kind` (None for all kinds),
    `area`: None when not given (the person's own), "" for the whole country, else a unit's id
    for the view to look up within the person's scope."""

    # Plain fields: each value is parsed by its clean_<name> below, never rejected.
    year = forms.Field(required=False)
    area = forms.Field(required=False)
    era = forms.Field(required=False)
    kind = forms.Field(required=False)

    def clean_year(self) -> int:
        today = timezone.localdate()
        try:
            year = int(self.cleaned_data["year"] or "")
        except ValueError:
            return default_year(today)
        return year if FIRST_YEAR <= year <= today.year + 1 else default_year(today)

    def clean_area(self) -> int | str | None:
        value = self.cleaned_data["area"]
        if value is None or value == "":
            return value
        try:
            return int(value)
        except ValueError as bad:
            raise forms.ValidationError(_("Địa bàn không hợp lệ."), code="invalid") from bad

    def clean_era(self) -> str:
        era = self.cleaned_data["era"]
        eras = (AdministrativeUnit.Era.LEGACY, AdministrativeUnit.Era.REFORM_2025)
        return era if era in eras else ""

    def clean_kind(self) -> str | None:
        kind = self.cleaned_data["kind"] or None
        return kind if kind in UnitKind.values else None

    def resolved(self, user) -> dict:
        """What a rates page (or the dashboard) shows for the person: `year`, `area` (a
        RateArea within their scope; 404 outside it), `era` (the year's by default),
        `era_param` (as given) and `kind`. A bad area is a 404."""
        if not self.is_valid():
            raise Http404
        data = self.cleaned_data
        return {
            "year": data["year"],
            "area": requested_rate_area(user, data["area"]),
            "era": data["era"] or default_era(data["year"]),
            "era_param": data["era"],
            "kind": data["kind"],
        }


class RatesForm(forms.Form):
    """The rates pages' filter as shown (unbound, with the values the page uses as initial;
    RatesParamsForm reads what comes back)."""

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    area = forms.ChoiceField(label=_("Địa bàn"), required=False)
    era = forms.ChoiceField(label=_("Đọc theo"), required=False, choices=RATE_ERA_CHOICES)

    def __init__(self, *args, areas: list[AdministrativeUnit], nationwide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(FIRST_YEAR, timezone.localdate().year + 2)
        self.fields["year"].choices = [(year, str(year)) for year in reversed(years)]
        # The administrator's empty area is the whole country; for others it means their own.
        choices = [("", _("Toàn quốc"))] if nationwide else []
        self.fields["area"].choices = choices + [(str(u.pk), _area_label(u)) for u in areas]


def rates_form_for(user, *, year: int, area, era_param: str) -> RatesForm:
    """The filter of the rates pages (and the dashboard) for a person: the areas of their
    picker, with the area shown added when the drill-down reached one outside the list."""
    areas = list(rate_area_choices(user).select_related("parent"))
    if area.unit is not None and area.unit not in areas:
        areas.append(area.unit)
    return RatesForm(
        initial={"year": year, "area": area.pk or "", "era": era_param},
        areas=areas,
        nationwide=scope_of(user).nationwide,
    )


def _area_label(unit: AdministrativeUnit) -> str:
    era = _("trước 01/7/2025") if unit.is_legacy else _("từ 01/7/2025")
    return f"{unit.name} ({era})"
