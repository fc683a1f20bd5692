"""The registry of 'tự quản, tự phòng ngừa, tự bảo vệ ANTT' models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Mô hình tự quản")
