"""Forms of the directives app: the register, its review form, tasks, progress, search."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Document, DocumentCitation, DocumentTask, TaskOccurrence
from .services.documents import RecipientData
from .services.tasks import TaskInput

AUTHORITY_CHOICES = [
    ("", _("Ký trực tiếp (không có thẩm quyền ký thay)")),
    ("TM.", "TM."),
    ("KT.", "KT."),
    ("TL.", "TL."),
    ("TUQ.", "TUQ."),
    ("Q.", "Q."),
    ("T/M", "T/M"),
    ("K/T", "K/T"),
    ("T/L", "T/L"),
]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def recipients_from_text(text: str) -> list[RecipientData]:
    """One recipient a line, "- Tên cơ quan (mục đích);" as documents write them."""
    recipients = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-–•+ ").rstrip(";.,").strip()
        if not line:
            continue
        purpose = ""
        if line.endswith(")") and "(" in line:
            line, purpose = line[: line.rindex("(")].strip(), line[line.rindex("(") + 1 : -1]
        recipients.append(RecipientData(name=line, purpose=purpose.strip()))
    return recipients


def recipients_to_text(recipients) -> str:
    return "\n".join(
        f"- {r.name} ({r.purpose})" if r.purpose else f"- {r.name}" for r in recipients
    )


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Số, ký hiệu, trích yếu, nội dung…")}),
    )
    type_code = forms.CharField(label=_("Loại"), required=False)
    issuer = forms.IntegerField(label=_("Cơ quan ban hành"), required=False, widget=forms.Select)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *Document.Status.choices],
    )
    has_overdue = forms.BooleanField(label=_("Có nhiệm vụ quá hạn"), required=False)
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("", _("Phù hợp nhất / mới nhất")),
            ("ngay", _("Ngày ban hành, mới trước")),
            ("ngay_tang", _("Ngày ban hành, cũ trước")),
            ("so", _("Số, ký hiệu")),
            ("trich_yeu", _("Trích yếu")),
        ],
    )

    def __init__(self, *args, years=(), issuers=(), type_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(y, y) for y in years]
        self.fields["issuer"].widget.choices = [("", _("Mọi cơ quan"))] + [
            (o.pk, o.name) for o in issuers
        ]
        self.fields["type_code"].widget = forms.Select(
            choices=[("", _("Mọi loại"))] + list(type_choices)
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter"
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-lg-4"),
                Column("type_code", css_class="col-lg-2"),
                Column("issuer", css_class="col-lg-3"),
                Column("year", css_class="col-lg-1"),
                Column("status", css_class="col-lg-2"),
            ),
            Row(
                Column("sort", css_class="col-lg-3"),
                Column(Field("has_overdue"), css_class="col-lg-3 pt-lg-4"),
                Column(Submit("", _("Tìm")), css_class="col-lg-2 pt-lg-4"),
            ),
        )


class DocumentForm(forms.ModelForm):
    recipients_text = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nơi nhận, mục đích trong ngoặc: «- Bộ Công an (b/c);»"),
    )

    class Meta:
        model = Document
        fields = [
            "system", "type_code", "type_name", "number_symbol", "issuer", "issuer_name",
            "parent_issuer_name", "place", "issue_date", "title", "body_html", "authority",
            "authority_body", "position", "signer_name", "archive_line", "urgency", "secrecy",
            "original_file", "body_sections",
        ]  # fmt: skip
        widgets = {
            "issue_date": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 2}),
            "body_html": forms.Textarea(attrs={"rows": 12}),
            "authority": forms.Select(choices=AUTHORITY_CHOICES),
            "body_sections": forms.HiddenInput,
        }

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers.order_by("name")
        self.fields["issuer"].required = False
        self.fields["issuer"].help_text = _(
            "Chọn cơ quan trong danh bạ; nếu chưa có, ghi tên ở ô bên cạnh."
        )
        if self.instance.pk and not self.is_bound:
            self.fields["recipients_text"].initial = recipients_to_text(
                self.instance.recipients.all()
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Thể thức"),
                Row(Column("system"), Column("type_code"), Column("type_name")),
                Row(Column("number_symbol"), Column("issue_date"), Column("place")),
                Row(Column("issuer"), Column("issuer_name"), Column("parent_issuer_name")),
                Row(Column("urgency"), Column("secrecy")),
            ),
            Fieldset(_("Nội dung"), "title", "body_html"),
            Fieldset(
                _("Ký và gửi"),
                Row(
                    Column("authority"),
                    Column("authority_body"),
                    Column("position"),
                    Column("signer_name"),
                ),
                Row(Column("recipients_text", css_class="col-md-8"), Column("archive_line")),
                "original_file",
            ),
        )

    def clean_original_file(self):
        upload = self.cleaned_data.get("original_file")
        if upload and getattr(upload, "size", 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp gốc lớn hơn 20 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("issuer") and not (cleaned.get("issuer_name") or "").strip():
            self.add_error("issuer", _("Hãy chọn hoặc ghi tên cơ quan ban hành."))
        return cleaned

    def document_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["body_sections"] = fields["body_sections"] or []
        if not fields["original_file"]:
            fields.pop("original_file")
        return fields

    def recipients(self) -> list[RecipientData]:
        return recipients_from_text(self.cleaned_data.get("recipients_text", ""))


class TaskForm(forms.Form):
    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline_kind = forms.ChoiceField(
        label=_("Loại thời hạn"), choices=DocumentTask.DeadlineKind.choices
    )
    deadline_value = forms.CharField(
        label=_("Thời hạn"),
        required=False,
        help_text=_("2024-12-10 · 12-10 (hằng năm) · half-year+year · P30D"),
    )
    deadline_text = forms.CharField(label=_("Thời hạn (nguyên văn)"), required=False)
    lead = forms.ModelMultipleChoiceField(label=_("Chủ trì"), queryset=None, required=False)
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Phối hợp"), queryset=None, required=False
    )
    lead_names = forms.CharField(label=_("Chủ trì (nguyên văn)"), required=False)
    coordinating_names = forms.CharField(label=_("Phối hợp (nguyên văn)"), required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = organizations
        self.fields["coordinating"].queryset = organizations
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def task_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            number=data["number"],
            text=data["text"],
            deadline_kind=data["deadline_kind"],
            deadline_value=data["deadline_value"],
            deadline_text=data["deadline_text"],
            lead=list(data["lead"]),
            coordinating=list(data["coordinating"]),
            lead_names=data["lead_names"],
            coordinating_names=data["coordinating_names"],
        )


class BaseTaskFormSet(forms.BaseFormSet):
    def __init__(self, *args, organizations=None, **kwargs):
        self.organizations = organizations
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "organizations": self.organizations}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            organizations=self.organizations,
        )
        self.add_fields(form, None)
        return form


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=0, can_delete=True)


class CitationForm(forms.Form):
    keep = forms.BooleanField(label=_("Ghi nhận"), required=False, initial=True)
    type_name = forms.CharField(label=_("Loại văn bản"), max_length=80)
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    date = forms.DateField(label=_("Ngày"), required=False, widget=DATE_WIDGET)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=DocumentCitation.Relation.choices)


CitationFormSet = forms.formset_factory(CitationForm, extra=0)


class PasteDocumentForm(forms.Form):
    text = forms.CharField(
        label=_("Dán nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    upload = forms.FileField(
        label=_("Hoặc tải tệp lên (.txt, .docx, .pdf có lớp văn bản)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("text", "upload", Submit("read", _("Đọc văn bản")))

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("upload"):
            raise forms.ValidationError(_("Hãy dán nội dung văn bản hoặc chọn một tệp."))
        return cleaned


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    completes = forms.BooleanField(label=_("Đã hoàn thành nhiệm vụ kỳ này"), required=False)
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("reported_on", css_class="col-md-3"),
                Column("completes", css_class="col-md-9 pt-md-4"),
            ),
            "text",
            "attachment",
            Submit("save", _("Gửi báo cáo tiến độ")),
        )


class TaskBoardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    organization = forms.IntegerField(label=_("Cơ quan"), required=False, widget=forms.Select)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Mọi tình trạng")), *TaskOccurrence.Status.choices],
    )
    q = forms.CharField(label=_("Nội dung"), required=False)
    # An area's assignees (both eras), from the dashboard's links: shown above the board and
    # kept by the filter, not edited here.
    area = forms.IntegerField(label=_("Địa bàn"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(y, y) for y in years]
        self.fields["organization"].widget.choices = [("", _("Mọi cơ quan"))] + [
            (o.pk, o.name) for o in organizations
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter"
        self.helper.layout = Layout(
            "area",
            Row(
                Column("year", css_class="col-md-2"),
                Column("organization", css_class="col-md-4"),
                Column("status", css_class="col-md-3"),
                Column("q", css_class="col-md-2"),
                Column(Submit("", _("Lọc")), css_class="col-md-1 pt-md-4"),
            ),
        )


class ReplaceForm(forms.Form):
    replaced_by = forms.ModelChoiceField(label=_("Văn bản thay thế"), queryset=None)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = documents


class RegisterImportForm(forms.Form):
    upload = forms.FileField(label=_("Tệp Excel (.xlsx) sổ đăng ký văn bản"))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hãy chọn tệp Excel .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload
