"""Forms of the report builder: report forms, their sections, fields and rules, publishing,
and the reporting schedules (chế độ báo cáo) with their hand-made periods.

Input parsing only; the services in reporting/services/ check the rules and say why a value
is refused (the views put that message beside the field).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import FormField, ReportSchedule, ValidationRule
from .prefill import prefill_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper() -> FormHelper:
    """The templates hold the <form> tag (they post with htmx or plainly, to their own URL)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def days_text(days: list[int] | None) -> str:
    """[7, 3, 1, 0] → "7, 3, 1, 0", as the schedule form shows a list of days."""
    return ", ".join(str(day) for day in days or [])


# --- Report forms --------------------------------------------------------------------------


class ReportFormCreateForm(forms.Form):
    code = forms.CharField(
        label=_("Mã biểu mẫu"), max_length=40, required=False,
        help_text=_("Chữ không dấu, số và gạch ngang, ví dụ: bao-cao-nam-antq. "
                    "Để trống thì lấy theo tên."),
    )  # fmt: skip
    name = forms.CharField(label=_("Tên báo cáo"), max_length=250)
    owner = forms.ModelChoiceField(label=_("Cơ quan ban hành biểu mẫu"), queryset=None)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("code", css_class="col-md-4")),
            "owner",
            "description",
        )


class VersionPublishForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú thay đổi"), max_length=250, required=False,
        help_text=_("Ví dụ: thêm chỉ tiêu số vụ việc hòa giải thành."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "publish_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề phần"), max_length=250)

    def __init__(self, *args, **kwargs):
        # The editor shows several forms at once: their ids must not collide.
        kwargs.setdefault("auto_id", "section_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FormFieldForm(forms.Form):
    """A figure, text or attachment of a draft version."""

    SERVICE_FIELDS = [
        "code", "order", "label", "kind", "unit", "required", "min_value", "max_value",
        "decimal_places", "aggregation", "prefill", "help_text",
    ]  # fmt: skip

    label = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    code = forms.CharField(
        label=_("Mã chỉ tiêu"), max_length=40, required=False,
        help_text=_("Giữ nguyên qua các phiên bản để so sánh với kỳ trước. "
                    "Để trống thì lấy theo tên."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Loại"), choices=FormField.Kind.choices)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    required = forms.BooleanField(label=_("Bắt buộc"), required=False, initial=True)
    min_value = forms.DecimalField(label=_("Giá trị nhỏ nhất"), required=False, localize=True,
                                   max_digits=14, decimal_places=2)  # fmt: skip
    max_value = forms.DecimalField(label=_("Giá trị lớn nhất"), required=False, localize=True,
                                   max_digits=14, decimal_places=2)  # fmt: skip
    decimal_places = forms.IntegerField(
        label=_("Số chữ số thập phân"), min_value=0, max_value=2, initial=0
    )
    aggregation = forms.ChoiceField(
        label=_("Cách tổng hợp giữa các đơn vị"), choices=FormField.Aggregation.choices,
        initial=FormField.Aggregation.SUM,
    )  # fmt: skip
    prefill = forms.ChoiceField(label=_("Lấy sẵn từ dữ liệu của cổng"), required=False,
                                choices=prefill_choices)  # fmt: skip
    help_text = forms.CharField(label=_("Hướng dẫn cho người báo cáo"), max_length=300,
                                required=False)  # fmt: skip
    order = forms.IntegerField(label=_("Thứ tự trong phần"), min_value=0, max_value=999,
                               initial=0)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("label", css_class="col-md-6"), Column("code", css_class="col-md-3"),
                Column("order", css_class="col-md-3")),
            Row(Column("kind", css_class="col-md-3"), Column("unit", css_class="col-md-3"),
                Column("aggregation", css_class="col-md-3"),
                Column("required", css_class="col-md-3 pt-md-4")),
            Row(Column("min_value", css_class="col-md-4"),
                Column("max_value", css_class="col-md-4"),
                Column("decimal_places", css_class="col-md-4")),
            Row(Column("prefill", css_class="col-md-6"), Column("help_text", css_class="col-md-6")),
        )  # fmt: skip

    def service_attributes(self) -> dict:
        data = self.cleaned_data
        attributes = {name: data[name] for name in self.SERVICE_FIELDS}
        for name in ("code", "unit", "help_text", "prefill", "label"):
            attributes[name] = (attributes[name] or "").strip()
        return attributes


class RuleForm(forms.Form):
    """A rule between the figures of a draft: not greater than, or a big change to explain."""

    kind = forms.ChoiceField(label=_("Loại ràng buộc"), choices=ValidationRule.Kind.choices)
    left = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=None)
    right = forms.ModelChoiceField(
        label=_("Không lớn hơn chỉ tiêu"), queryset=None, required=False,
        help_text=_("Cho ràng buộc «Không lớn hơn chỉ tiêu khác»."),
    )  # fmt: skip
    threshold_percent = forms.DecimalField(
        label=_("Ngưỡng thay đổi (%)"), required=False, localize=True, min_value=0,
        max_digits=6, decimal_places=2,
        help_text=_("Cho ràng buộc «Thay đổi lớn so với kỳ trước cần giải trình», ví dụ 50."),
    )  # fmt: skip
    message = forms.CharField(label=_("Thông báo khi vi phạm"), max_length=300, required=False)

    def __init__(self, *args, figures, **kwargs):
        kwargs.setdefault("auto_id", "rule_%s")
        super().__init__(*args, **kwargs)
        self.fields["left"].queryset = figures
        self.fields["right"].queryset = figures
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("left", css_class="col-md-4"),
                Column("right", css_class="col-md-4")),
            Row(Column("threshold_percent", css_class="col-md-4"),
                Column("message", css_class="col-md-8")),
        )  # fmt: skip

    def service_attributes(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        # Only the side that belongs to the kind is kept, so a value left in the other box
        # never ends up in the rule.
        return {
            "kind": kind,
            "left": data["left"],
            "right": data["right"] if kind == ValidationRule.Kind.NOT_GREATER else None,
            "threshold_percent": (
                data["threshold_percent"]
                if kind == ValidationRule.Kind.CHANGE_NEEDS_COMMENT
                else None
            ),
            "message": data["message"].strip(),
        }


# --- Schedules -----------------------------------------------------------------------------


class DaysField(forms.CharField):
    """Days as a comma list ("7, 3, 1, 0"); the service checks they are numbers in range."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class DeadlinePreviewForm(forms.Form):
    """The three settings that fix the periods' windows and deadlines."""

    period_kind = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=ReportSchedule.PeriodKind.choices,
        initial=ReportSchedule.PeriodKind.YEAR,
    )  # fmt: skip
    cutoff_day = forms.IntegerField(
        label=_("Ngày chốt số liệu"), min_value=1, max_value=28, initial=14,
        help_text=_("Số liệu tính từ ngày sau ngày chốt kỳ trước đến ngày chốt (mặc định 14)."),
    )  # fmt: skip
    deadline_offset_days = forms.IntegerField(
        label=_("Hạn nộp (số ngày sau ngày chốt)"), min_value=-90, max_value=90, initial=0,
        help_text=_("Số âm khi phải nộp trước ngày chốt: chốt 14/12, hạn 10/12 thì ghi −4."),
    )  # fmt: skip


class ScheduleForm(DeadlinePreviewForm):
    SERVICE_FIELDS = [
        "form", "name", "period_kind", "cutoff_day", "deadline_offset_days", "reviewer",
        "directive_task", "reminder_days", "overdue_days", "is_active",
    ]  # fmt: skip

    form = forms.ModelChoiceField(
        label=_("Biểu mẫu"), queryset=None,
        help_text=_("Biểu mẫu phải có phiên bản đã phát hành."),
    )  # fmt: skip
    name = forms.CharField(label=_("Tên chế độ báo cáo"), max_length=250)
    reviewer = forms.ModelChoiceField(label=_("Cơ quan nhận, duyệt báo cáo"), queryset=None)
    reporters = forms.ModelMultipleChoiceField(label=_("Cơ quan, đơn vị báo cáo"), queryset=None)
    directive_task = forms.ModelChoiceField(
        label=_("Nhiệm vụ yêu cầu báo cáo"), queryset=None, required=False,
        help_text=_("Nhiệm vụ trong văn bản chỉ đạo đã đăng ký trong sổ, nếu có."),
    )  # fmt: skip
    reminder_days = DaysField(
        label=_("Nhắc trước hạn (ngày)"), required=False, initial="7, 3, 1, 0",
        help_text=_("Các số ngày cách nhau bởi dấu phẩy; 0 là nhắc vào ngày hết hạn."),
    )  # fmt: skip
    overdue_days = DaysField(
        label=_("Nhắc sau hạn (ngày)"), required=False, initial="1, 5",
        help_text=_("Quá hạn bao nhiêu ngày thì nhắc lại và báo cấp trên."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)

    def __init__(self, *args, report_forms, organizations, reporters, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = report_forms
        self.fields["reviewer"].queryset = organizations
        self.fields["reporters"].queryset = reporters
        self.fields["directive_task"].queryset = tasks
        self.fields["directive_task"].label_from_instance = lambda task: (
            f"{task.document.number_symbol or task.document.title[:60]} — {task}"
        )
        self.helper = _helper()
        self.helper.layout = Layout(
            Fieldset(_("Báo cáo"), Row(Column("name", css_class="col-md-6"),
                                       Column("form", css_class="col-md-6"))),
            Fieldset(
                _("Kỳ, ngày chốt số liệu và hạn nộp"),
                # Changing any of the three asks the server for the first deadlines (htmx).
                Div(
                    Row(Column("period_kind", css_class="col-md-4"),
                        Column("cutoff_day", css_class="col-md-4"),
                        Column("deadline_offset_days", css_class="col-md-4")),
                    hx_get=reverse_lazy("reporting:schedule-deadline-preview"),
                    hx_trigger="change, keyup delay:400ms",
                    hx_target="#deadline-preview",
                    hx_swap="outerHTML",
                    hx_include="closest form",
                ),
            ),
            HTML('{% include "reporting/partials/schedule_deadline_preview.html" %}'),
            Fieldset(_("Ai báo cáo, ai nhận"), "reviewer", "reporters", "directive_task"),
            Fieldset(_("Nhắc việc"), Row(Column("reminder_days"), Column("overdue_days")),
                     "is_active"),
        )  # fmt: skip

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}


class PeriodAddForm(forms.Form):
    """A topical or ad hoc period (kỳ báo cáo chuyên đề, đột xuất)."""

    label = forms.CharField(
        label=_("Tên kỳ"), max_length=100,
        help_text=_("Ví dụ: Chuyên đề bảo đảm ANTT dịp Tết Nguyên đán 2027."),
    )  # fmt: skip
    start = forms.DateField(label=_("Số liệu từ ngày"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Số liệu đến ngày"), widget=DATE_WIDGET)
    deadline = forms.DateField(label=_("Hạn nộp"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("label", css_class="col-md-6"), Column("start", css_class="col-md-2"),
                Column("end", css_class="col-md-2"), Column("deadline", css_class="col-md-2")),
        )  # fmt: skip
