"""Leaders' dashboards, read-only over the other apps' selectors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Bảng điều hành")

    def ready(self) -> None:
        # Signals only keep the dashboard's cache in sync with the data (STYLE.md): each write
        # to what the rates are computed from replaces the cache token.
        from django.db.models.signals import post_delete, post_save

        from organizations.models import AdministrativeUnit, UnitSuccession
        from organizations.signals import units_loaded
        from safety_ratings.models import Assessment, CriteriaVersion, RatedUnit

        from .cache import ratings_changed

        for model in (RatedUnit, Assessment, CriteriaVersion, AdministrativeUnit, UnitSuccession):
            for signal in (post_save, post_delete):
                signal.connect(ratings_changed, sender=model, dispatch_uid=f"dashboards-{model}")
        units_loaded.connect(ratings_changed, dispatch_uid="dashboards-units-loaded")
