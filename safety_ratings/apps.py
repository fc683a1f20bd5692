"""Yearly 'An toàn về ANTT' ratings of units, and the rates per area."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyRatingsConfig(AppConfig):
    name = "safety_ratings"
    verbose_name = _("An toàn về ANTT")
