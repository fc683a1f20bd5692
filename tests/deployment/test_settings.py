"""Settings from the environment: the refusal of the default key, and `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7#p2Vq9!xZr4Lm8@Tn1Ws6^Yb3Hd5&Jf0Gc-Ue9Rt2Oi4Pa7Sl1Dk3Fj5Hg8",
    "DJANGO_ALLOWED_HOSTS": "antq.example.gov.vn",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/antq-deploy-check.sqlite3"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_settings_refuse_the_default_secret_key_with_debug_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_pass_check_deploy_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_are_vietnamese_first():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def test_numbers_are_formatted_the_vietnamese_way():
    with translation.override("vi"):
        assert formats.number_format(3321, use_l10n=True, force_grouping=True) == "3.321"
        assert formats.number_format(94.75, decimal_pos=2, use_l10n=True) == "94,75"
