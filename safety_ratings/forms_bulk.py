"""Forms of the bulk work: choosing a grid, one grid cell, a row's registration, the import."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.forms import AutocompleteSelect
from organizations.models import AdministrativeUnit

from .models import UnitKind

FIRST_YEAR = 2012
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Above this many communes (an administrator's whole country) the picker searches the server.
MAX_LISTED_COMMUNES = 1000
VERDICT_VALUES = {"dat": True, "khong_dat": False, "": None}


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        era = _("trước 01/7/2025") if obj.is_legacy else _("từ 01/7/2025")
        return f"{obj.name} ({era})"


class GridChooseForm(forms.Form):
    commune = CommuneChoiceField(label=_("Xã, phường, đặc khu"), queryset=None)
    year = forms.IntegerField(label=_("Năm đánh giá"))
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"), choices=UnitKind.choices, initial=UnitKind.RESIDENTIAL_AREA
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("era", "path")
        if communes.count() > MAX_LISTED_COMMUNES:
            widget = AutocompleteSelect(url=reverse("safety_ratings:commune-autocomplete"))
            widget.choices = self.fields["commune"].choices
            self.fields["commune"].widget = widget
        this_year = timezone.localdate().year
        self.fields["year"] = forms.IntegerField(
            label=_("Năm đánh giá"), min_value=FIRST_YEAR, max_value=this_year + 1,
            initial=this_year,
        )  # fmt: skip
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(Column("commune", css_class="col-md-6"), Column("year", css_class="col-md-2"),
                Column("kind", css_class="col-md-4")),
        )  # fmt: skip
        self.helper.add_input(Submit("submit", _("Mở bảng đánh giá")))


class GridCellForm(forms.Form):
    """One typed cell: Đạt, Không đạt, or empty (cleared)."""

    criterion = forms.IntegerField(min_value=1)
    value = forms.ChoiceField(
        choices=[("dat", _("Đạt")), ("khong_dat", _("Không đạt")), ("", _("Để trống"))],
        required=False,
    )

    def met(self) -> bool | None:
        return VERDICT_VALUES[self.cleaned_data["value"]]


class GridRegistrationForm(forms.Form):
    """The registration cells of a row; only the fields sent are changed."""

    registered_on = forms.DateField(label=_("Ngày đăng ký"), required=False)
    party_resolution = forms.CharField(
        label=_("Nghị quyết của chi bộ"), max_length=250, required=False
    )
    households_total = forms.IntegerField(
        label=_("Tổng số hộ"), min_value=0, required=False, localize=True
    )
    households_registered = forms.IntegerField(
        label=_("Số hộ đăng ký"), min_value=0, required=False, localize=True
    )

    def sent_fields(self) -> dict:
        """The cleaned values of the fields present in the request."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.data}


class AssessmentImportForm(forms.Form):
    upload = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_upload(self):
        """Type and size are checked before a byte of the workbook is parsed."""
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (dùng tệp mẫu)."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("Tệp không phải tệp Excel .xlsx hợp lệ."))
        return upload
