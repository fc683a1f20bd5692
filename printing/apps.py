"""Official PDF rendering, digital signature and verification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintingConfig(AppConfig):
    name = "printing"
    verbose_name = _("Văn bản PDF chính thức")
