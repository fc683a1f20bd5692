from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .letterhead import IssueHeader

MAX_BYTES = 30 * 1024 * 1024


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("Tệp PDF cần kiểm tra"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("pdf", Submit("check", _("Kiểm tra")))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 30 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp tải lên không phải là tệp PDF."))
        return upload


AUTHORITY_HELP = _(
    "Ví dụ: “KT. TRƯỞNG BAN”, “TM. BAN CHỈ ĐẠO”; để trống khi người đứng đầu ký trực tiếp."
)


class IssueHeaderForm(forms.Form):
    """The header a clerk types before a report is issued (printing.letterhead.IssueHeader),
    and whether to sign it; an app's form adds its own fields and the layout's last rows."""

    number_symbol = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False,
        help_text=_("Ví dụ: 25/BC-BCĐ; để trống để văn thư ghi số."),
    )  # fmt: skip
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    authority = forms.CharField(
        label=_("Thẩm quyền ký"), max_length=100, required=False, help_text=AUTHORITY_HELP
    )
    position = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    sign = forms.BooleanField(label=_("Ký số bằng khóa của cơ quan"), required=False)

    def __init__(self, *args, action: str, can_sign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_sign = can_sign
        if not can_sign:
            del self.fields["sign"]
        self.helper = FormHelper()
        self.helper.form_action = action

    def header_layout(self, *extra, submit: Submit) -> Layout:
        """The header's rows, then `extra` fields, the signature box and `submit`."""
        return Layout(
            Row(Column("number_symbol"), Column("place")),
            Row(Column("authority"), Column("position"), Column("signer_name")),
            "recipients",
            *extra,
            *(["sign"] if self.can_sign else []),
            submit,
        )

    def header(self) -> IssueHeader:
        data = self.cleaned_data
        return IssueHeader(
            number_symbol=data["number_symbol"],
            place=data["place"],
            authority=data["authority"],
            position=data["position"],
            signer_name=data["signer_name"],
            recipients=data["recipients"].splitlines(),
        )
