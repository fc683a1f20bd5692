"""Forms of the registry: a model, a site, a review, the lifecycle steps, filters, import."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LaunchLevel, ModelCategory, ModelRating, ModelReview, SecurityModel

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = True
    helper.attrs = {"enctype": "multipart/form-data"}
    helper.add_input(Submit("submit", submit_label))
    return helper


class SecurityModelForm(forms.ModelForm):
    class Meta:
        model = SecurityModel
        fields = [
            "name", "category", "launch_level", "unit", "launching_organization",
            "managing_organization", "started_on", "founding_decision", "founding_number_symbol",
            "founding_date", "contacts", "description", "goals",
        ]  # fmt: skip
        widgets = {
            "started_on": DATE_WIDGET,
            "founding_date": DATE_WIDGET,
            "contacts": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, organizations, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["launching_organization"].queryset = organizations
        self.fields["managing_organization"].queryset = organizations
        self.fields["founding_decision"].queryset = documents
        self.fields["founding_decision"].required = False
        self.fields["category"].queryset = ModelCategory.objects.filter(is_active=True)
        self.fields["launch_level"].queryset = LaunchLevel.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Mô hình"), "name", Row(Column("category"), Column("launch_level")),
                     Row(Column("unit"), Column("started_on"))),
            Fieldset(_("Cơ quan"), Row(Column("launching_organization"),
                                        Column("managing_organization"))),
            Fieldset(_("Quyết định thành lập"), "founding_decision",
                     Row(Column("founding_number_symbol"), Column("founding_date"))),
            Fieldset(_("Nội dung"), "description", "goals", "contacts"),
        )  # fmt: skip


class SiteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Địa bàn"), queryset=None)
    place = forms.CharField(label=_("Khu dân cư, cơ quan"), max_length=200, required=False)
    started_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE_WIDGET)
    teams = forms.IntegerField(label=_("Số tổ"), min_value=0, initial=1)
    members = forms.IntegerField(label=_("Số thành viên"), min_value=0, initial=0)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.helper = _helper(_("Thêm điểm nhân rộng"))


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ModelReview.Kind.choices)
    reviewed_on = forms.DateField(label=_("Ngày sơ kết, tổng kết"), widget=DATE_WIDGET)
    reviewing_organization = forms.ModelChoiceField(
        label=_("Cơ quan sơ kết, tổng kết"), queryset=None, required=False
    )
    assessment = forms.ChoiceField(label=_("Đánh giá"), choices=ModelReview.Assessment.choices)
    findings = forms.CharField(
        label=_("Kết quả, nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewing_organization"].queryset = organizations
        self.helper = _helper(_("Ghi nhận sơ kết, tổng kết"))


class RetireForm(forms.Form):
    on = forms.DateField(label=_("Ngày thanh loại"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do thanh loại"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Thanh loại mô hình"))


class ReplicationForm(forms.Form):
    on = forms.DateField(label=_("Ngày đề xuất"), widget=DATE_WIDGET)
    to = forms.CharField(label=_("Đề xuất tới"), max_length=200, required=False,
                         help_text=_("Ví dụ: Bộ Công an, Ban Chỉ đạo 138 tỉnh."))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Đề xuất nhân rộng"))


class RecognitionForm(forms.Form):
    on = forms.DateField(label=_("Ngày công nhận"), widget=DATE_WIDGET)
    level = forms.CharField(label=_("Cấp công nhận"), max_length=200)
    decision = forms.CharField(label=_("Quyết định công nhận (số, ký hiệu)"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Công nhận điển hình tiên tiến"))


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("Xếp loại"), choices=ModelRating.Grade.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.helper = _helper(_("Lưu xếp loại"))


class ModelFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ModelCategory.objects.all(), required=False,
        empty_label=_("Mọi lĩnh vực"),
    )  # fmt: skip
    level = forms.ModelChoiceField(
        label=_("Cấp phát động"), queryset=LaunchLevel.objects.all(), required=False,
        empty_label=_("Mọi cấp"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False,
        choices=[("", _("Mọi trạng thái")), *SecurityModel.Status.choices],
    )  # fmt: skip
    # Kept from the links of the dashboard and the counts (shown above the list, not edited
    # here): the models of an area in both eras, and the day the status is read on.
    area = forms.ModelChoiceField(
        label=_("Địa bàn"), queryset=None, required=False, widget=forms.HiddenInput
    )
    on = forms.DateField(label=_("Tính đến ngày"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class CountsForm(forms.Form):
    date = forms.DateField(label=_("Tính đến ngày"), required=False, widget=DATE_WIDGET)
    area = forms.ModelChoiceField(
        label=_("Địa bàn"), queryset=None, required=False, empty_label=_("Toàn bộ phạm vi")
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ImportForm(forms.Form):
    KINDS = [
        ("models", _("Mô hình")),
        ("sites", _("Điểm nhân rộng")),
        ("reviews", _("Sơ kết, tổng kết")),
    ]
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=KINDS)
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
