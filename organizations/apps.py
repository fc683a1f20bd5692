"""Administrative units, organizations, people, roles and scope."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Tổ chức, đơn vị hành chính, người dùng")

    def ready(self) -> None:
        # Keeps the role groups' permissions in sync after every migrate (derived data).
        from . import signals  # noqa: F401
