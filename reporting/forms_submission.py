"""Forms of the submissions part: the lists' filters, the report itself (built from the
submission's own form version), the review, and the reopening steps.

The report form is rendered field by field by its template (sections, pre-filled figures,
the reviewer's comments beside each figure), so it exposes `sections` rather than a crispy
layout; the small forms use crispy helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from antq_portal.forms import add_service_errors

from .models import FigureValue, FormField, FormSection
from .selectors.submissions import REPORT_STATUSES, SectionRows, sections_of
from .services.submissions import ValueInput, parse_number

Kind = FormField.Kind
# FigureValue.number holds 14 digits, 2 after the decimal point.
MAX_ABS = Decimal(10) ** 12
FIGURE_ATTRS = {"inputmode": "decimal", "class": "form-control text-end"}


def number_text(number: Decimal | None, places: int = 0) -> str:
    """A figure as the province writes it ("3.321", "94,75"), for an input to parse back."""
    if number is None:
        return ""
    if number == number.to_integral_value():
        places = 0
    with translation.override("vi"):
        return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def _helper(label, *, method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    helper.add_input(Submit("submit", label))
    return helper


class ObligationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Mọi trạng thái")), *REPORT_STATUSES])  # fmt: skip
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(y, str(y)) for y in years]


class VietnameseNumberField(forms.CharField):
    """A figure typed the Vietnamese way ("3.321", "94,75"), at most `places` decimals."""

    def __init__(self, *args, places: int = 0, **kwargs):
        self.places = min(places, 2)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        number = parse_number(text)
        if number is None:
            return None
        if abs(number) >= MAX_ABS:
            raise ValidationError(_("Số quá lớn."))
        if -number.as_tuple().exponent > self.places:
            if self.places:
                raise ValidationError(_("Ghi tối đa %(places)s chữ số sau dấu phẩy.")
                                      % {"places": self.places})  # fmt: skip
            raise ValidationError(_("Ghi số nguyên."))
        return number


@dataclass
class InputRow:
    """One field of the report form: its inputs, what the portal pre-filled, what the reviewer
    said, and (after a refused save) what someone else stored meanwhile."""

    field: FormField
    value: FigureValue
    input: forms.BoundField
    reason: forms.BoundField | None = None
    note: forms.BoundField | None = None
    stored_elsewhere: str = ""

    @property
    def prefilled_text(self) -> str:
        return number_text(self.value.prefilled_number, 2)


@dataclass
class InputSection:
    section: FormSection
    rows: list[InputRow]


class SubmissionForm(forms.Form):
    """The report: one input per field of the submission's version (`v_<id>`), with the
    reason for changing a pre-filled figure (`reason_<id>`) and an explanation
    (`note_<id>`) per figure; the revision read travels in a hidden field."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    summary = forms.CharField(
        label=_("Nội dung báo cáo (tóm tắt)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )  # fmt: skip

    def __init__(self, *args, submission, values: list[FigureValue], **kwargs):
        kwargs.setdefault(
            "initial", {"revision": submission.revision, "summary": submission.summary}
        )
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.values = values
        for value in values:
            self._add_fields(value)

    def _add_fields(self, value: FigureValue) -> None:
        form_field = value.field
        key = form_field.pk
        # Required-ness is checked on submitting (the service lists every problem); a draft
        # may be saved half-filled.
        if form_field.kind == Kind.FIGURE:
            self.fields[f"v_{key}"] = VietnameseNumberField(
                label=form_field.label, required=False, places=form_field.decimal_places,
                help_text=form_field.help_text,
                widget=forms.TextInput(attrs=FIGURE_ATTRS),
            )  # fmt: skip
            self.initial.setdefault(f"v_{key}", number_text(value.number, 2))
            if value.prefilled_number is not None:
                self.fields[f"reason_{key}"] = forms.CharField(
                    label=_("Lý do sửa số cổng tính sẵn"), required=False, max_length=300,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                )  # fmt: skip
                self.initial.setdefault(f"reason_{key}", value.override_reason)
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Giải trình"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )  # fmt: skip
            self.initial.setdefault(f"note_{key}", value.comment)
        elif form_field.kind == Kind.TEXT:
            self.fields[f"v_{key}"] = forms.CharField(
                label=form_field.label, required=False, help_text=form_field.help_text,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )  # fmt: skip
            self.initial.setdefault(f"v_{key}", value.text)
        else:
            self.fields[f"v_{key}"] = forms.FileField(
                label=form_field.label, required=False, help_text=form_field.help_text,
                widget=forms.FileInput(attrs={"class": "form-control"}),
            )  # fmt: skip

    def sections(self, stored: dict[int, FigureValue] | None = None) -> list[InputSection]:
        """The inputs of each section, in the version's order, for the template. `stored`:
        the values saved by someone else since this form was read, shown beside what this
        user typed when they differ."""
        grouped: dict[int, InputSection] = {}
        for value in self.values:
            section = value.field.section
            key = value.field.pk
            row = InputRow(
                field=value.field, value=value, input=self[f"v_{key}"],
                reason=self[f"reason_{key}"] if f"reason_{key}" in self.fields else None,
                note=self[f"note_{key}"] if f"note_{key}" in self.fields else None,
            )  # fmt: skip
            if stored and key in stored:
                row.stored_elsewhere = self._stored_text(stored[key], row.input)
            grouped.setdefault(section.pk, InputSection(section=section, rows=[]))
            grouped[section.pk].rows.append(row)
        return list(grouped.values())

    @staticmethod
    def _stored_text(stored: FigureValue, typed: forms.BoundField) -> str:
        kind = stored.field.kind
        typed_text = (typed.value() or "").strip()
        if kind == Kind.FIGURE:
            try:
                same = parse_number(typed_text) == stored.number
            except ValidationError:
                same = False
            return "" if same else (number_text(stored.number, 2) or "—")
        if kind == Kind.TEXT:
            return "" if stored.text == typed_text else (stored.text or "—")
        return ""

    def value_inputs(self) -> dict[int, ValueInput]:
        """What was typed, for submission_save (a file only when one was chosen)."""
        data = self.cleaned_data
        inputs = {}
        for value in self.values:
            key = value.field.pk
            kind = value.field.kind
            inputs[key] = ValueInput(
                number=data.get(f"v_{key}") if kind == Kind.FIGURE else None,
                text=(data.get(f"v_{key}") or "") if kind == Kind.TEXT else "",
                file=(data.get(f"v_{key}") or None) if kind == Kind.ATTACHMENT else None,
                override_reason=data.get(f"reason_{key}") or "",
                comment=data.get(f"note_{key}") or "",
            )
        return inputs

    def add_problems(self, error: ValidationError) -> None:
        """A service's problems, keyed by field id, beside the input of that field."""
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {(f"v_{key}" if key.isdigit() else key): messages
                 for key, messages in error.error_dict.items()}
            )  # fmt: skip
        add_service_errors(self, error)


class ReviewForm(forms.Form):
    """The reviewer's overall comment and a comment per figure (`rc_<id>`)."""

    comment = forms.CharField(
        label=_("Ý kiến chung"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )  # fmt: skip

    def __init__(self, *args, values: list[FigureValue], **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        for value in values:
            self.fields[f"rc_{value.field_id}"] = forms.CharField(
                label=_("Ý kiến về chỉ tiêu này"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )  # fmt: skip
            self.initial.setdefault(f"rc_{value.field_id}", value.reviewer_comment)

    def sections(self, previous: dict[str, Decimal]) -> list[SectionRows]:
        """The values by section beside last period's figures, each with its comment input."""
        groups = sections_of(self.values, previous)
        for group in groups:
            for row in group.rows:
                row.comment_input = self[f"rc_{row.field.pk}"]
        return groups

    def figure_comments(self) -> dict[int, str]:
        return {value.field_id: self.cleaned_data.get(f"rc_{value.field_id}") or ""
                for value in self.values}  # fmt: skip

    def add_problems(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class ReasonForm(forms.Form):
    """A reason (reviewer's reopening, a committee's request)."""

    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=2000)  # fmt: skip

    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


class ReopenDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"), widget=forms.RadioSelect,
        choices=[("grant", _("Đồng ý mở lại")), ("refuse", _("Không đồng ý"))],
    )  # fmt: skip
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi không đồng ý."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Ghi quyết định"))
