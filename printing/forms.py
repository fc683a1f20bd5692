from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

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
