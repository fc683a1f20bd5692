"""Forms of recognition decisions: the list's filters and the new decision."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.forms import AutocompleteSelect

from .models import UnitKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MIN_YEAR, MAX_YEAR = 2012, 2100

# NĐ 30's authority prefixes (DOMAIN.md §3); none when the chairman signs himself.
AUTHORITY_CHOICES = [
    ("", _("Ký trực tiếp (không có thẩm quyền ký)")),
    ("TM.", _("TM. — thay mặt tập thể")),
    ("KT.", _("KT. — ký thay người đứng đầu")),
    ("TL.", _("TL. — thừa lệnh")),
    ("TUQ.", _("TUQ. — thừa ủy quyền")),
    ("Q.", _("Q. — quyền")),
]


class DecisionFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"), required=False,
        choices=[("", _("Mọi loại đơn vị")), *UnitKind.choices],
    )  # fmt: skip


class DecidingUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_level_display().lower()})"


class DecisionScopeForm(forms.Form):
    """Year, kind and deciding level: they choose which appraised units may be recognised."""

    year = forms.IntegerField(label=_("Năm công nhận"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    deciding_unit = DecidingUnitChoiceField(
        label=_("Cấp quyết định (địa bàn của Chủ tịch UBND ra quyết định)"),
        queryset=None,
        help_text=_("Cấp phải đúng cấp có thẩm quyền công nhận của bộ tiêu chí năm đó."),
        widget=AutocompleteSelect(url=reverse_lazy("organizations:unit-autocomplete")),
    )

    def __init__(self, *args, deciding_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_unit"].queryset = deciding_units


class DecisionForm(DecisionScopeForm):
    """A decision recognising many units at once; the service checks every unit."""

    assessments = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được công nhận"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đơn vị để công nhận.")},
    )
    document = forms.ModelChoiceField(
        label=_("Văn bản đã đăng ký trong sổ"),
        queryset=None,
        required=False,
        help_text=_("Nếu chọn, các ô để trống dưới đây lấy theo văn bản trong sổ."),
    )
    number_symbol = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False,
        help_text=_("Ví dụ: 125/QĐ-UBND."),
    )  # fmt: skip
    decided_on = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE_WIDGET)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None)
    signing_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=AUTHORITY_CHOICES, required=False
    )
    signer_position = forms.CharField(
        label=_("Chức vụ người ký"), max_length=150, required=False,
        help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch."),
    )  # fmt: skip
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)

    FIELD_ORDER_SERVICE = [
        "year", "kind", "deciding_unit", "number_symbol", "decided_on", "issuer",
        "signer_name", "signer_position", "signing_authority", "document",
    ]  # fmt: skip

    def __init__(self, *args, candidates, organizations, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].queryset = candidates
        self.fields["issuer"].queryset = organizations
        self.fields["document"].queryset = documents
        self.fields["year"].initial = timezone.localdate().year
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Năm, loại đơn vị và cấp quyết định"),
                     Row(Column("year", css_class="col-md-2"), Column("kind", css_class="col-md-3"),
                         Column("deciding_unit", css_class="col-md-7"))),
            # The candidates, with their failing criteria, swapped by htmx when the scope changes.
            HTML('{% include "safety_ratings/decision_candidates.html" %}'),
            Fieldset(_("Số, ngày, cơ quan ban hành"), "document",
                     Row(Column("number_symbol"), Column("decided_on")), "issuer"),
            Fieldset(_("Người ký"), Row(Column("signing_authority"), Column("signer_position"),
                                         Column("signer_name"))),
        )  # fmt: skip

    def decision_fields(self) -> dict:
        """The fields decision_issue takes (blank ones are filled from the register)."""
        fields = {name: self.cleaned_data[name] for name in self.FIELD_ORDER_SERVICE}
        fields["number_symbol"] = fields["number_symbol"].strip()
        return fields
