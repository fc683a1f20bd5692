"""Production serves static files through WhiteNoise's manifest storage: `collectstatic` must
find every file a stylesheet or script names, source maps included (a vendor file copied
without its .map made `collectstatic` fail in production only)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_storage(tmp_path):
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))
    assert list(tmp_path.glob("js/dashboard.*.js"))
