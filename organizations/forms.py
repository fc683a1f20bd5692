"""Forms of the organizations app: people, roles, organizations, search."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, CommitteeMembership, Organization, RoleAssignment, User


class AutocompleteSelect(forms.Select):
    """A select that renders only its chosen option; Tom Select fetches the others by search.

    Used for units (over 13,000 across both eras), which no page should render in full.
    """

    def __init__(self, url: str, attrs=None):
        super().__init__(attrs={**(attrs or {}), "data-autocomplete-url": url})

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = super().optgroups(name, value, attrs)
        return [
            (group, [option for option in options if str(option["value"]) in chosen], index)
            for group, options, index in groups
            if any(str(option["value"]) in chosen for option in options)
        ]


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False)
    era = forms.ChoiceField(
        label=_("Giai đoạn"),
        required=False,
        choices=[("", _("Cả hai giai đoạn")), *AdministrativeUnit.Era.choices],
    )
    level = forms.TypedChoiceField(
        label=_("Cấp"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi cấp")), *AdministrativeUnit.Level.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "mb-3"
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-5"),
                Column("era", css_class="col-md-3"),
                Column("level", css_class="col-md-2"),
                Column(Submit("", _("Lọc"), css_class="mt-md-4"), css_class="col-md-2"),
            )
        )


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm tổ chức"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *Organization.Kind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6"),
                Column("kind", css_class="col-md-4"),
                Column(Submit("", _("Lọc"), css_class="mt-md-4"), css_class="col-md-2"),
            )
        )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên"), required=False)
    role = forms.ChoiceField(
        label=_("Vai trò"),
        required=False,
        choices=[("", _("Mọi vai trò")), *RoleAssignment.Role.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6"),
                Column("role", css_class="col-md-4"),
                Column(Submit("", _("Lọc"), css_class="mt-md-4"), css_class="col-md-2"),
            )
        )


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "position", "organization", "email", "phone"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations.order_by("name")
        self.fields["full_name"].required = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("username"), Column("full_name")),
            Row(Column("position"), Column("organization")),
            Row(Column("email"), Column("phone")),
            Submit("save", _("Lưu")),
        )


class UserEditForm(UserForm):
    class Meta(UserForm.Meta):
        fields = ["full_name", "position", "organization", "email", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(Column("full_name"), Column("position")),
            Row(Column("organization"), Column("email")),
            Row(Column("phone"), Column("is_active")),
            Submit("save", _("Lưu")),
        )


class RoleAssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=RoleAssignment.Role.choices)
    organization = forms.ModelChoiceField(
        label=_("Tổ chức"), queryset=Organization.objects.none(), required=False
    )
    scope_unit = forms.ModelChoiceField(
        label=_("Phạm vi địa bàn"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("Tỉnh, huyện hoặc xã; người dùng thấy toàn bộ địa bàn bên dưới."),
        widget=AutocompleteSelect(url=reverse_lazy("organizations:unit-autocomplete")),
    )

    def __init__(self, *args, organizations=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations.order_by("name")
        if units is not None:
            self.fields["scope_unit"].queryset = units
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("role"), Column("organization"), Column("scope_unit")),
            Submit("assign", _("Giao vai trò")),
        )


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "unit",
            "parent",
            "document_series_code",
            "email",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "unit": AutocompleteSelect(url=reverse_lazy("organizations:unit-autocomplete")),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, units=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if organizations is not None:
            self.fields["parent"].queryset = organizations.order_by("name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("short_name")),
            Row(Column("kind"), Column("unit"), Column("parent")),
            Row(Column("document_series_code"), Column("email")),
            Row(Column("valid_from"), Column("valid_to")),
            Submit("save", _("Lưu")),
        )


class PortalAuthenticationForm(AuthenticationForm):
    """The login form, with messages in Vietnamese (Django's own catalogue lacks some)."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: phân biệt chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Thành viên"), queryset=User.objects.none())
    committee_role = forms.ChoiceField(
        label=_("Chức danh trong Ban"), choices=CommitteeMembership.CommitteeRole.choices
    )
    home_organization = forms.ModelChoiceField(
        label=_("Cơ quan cử tham gia"), queryset=Organization.objects.none(), required=False
    )
    start_date = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people.filter(is_active=True).order_by("full_name")
        if organizations is not None:
            self.fields["home_organization"].queryset = organizations.order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("person"),
                Column("committee_role"),
                Column("home_organization"),
                Column("start_date"),
            ),
            Submit("add", _("Thêm thành viên")),
        )
