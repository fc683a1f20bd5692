"""Every named URL of the portal is in some app's permission matrix (STYLE.md §4)."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

# Django's own pages: the admin site (its own permission system) and the login, logout and
# password pages of django.contrib.auth, which every visitor may open; /healthz is public by
# design (monitors call it without a login) and tested in tests/organizations/test_health.py.
FRAMEWORK_NAMESPACES = {"admin"}
FRAMEWORK_URL_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}


def _project_apps() -> list[str]:
    """The portal's own apps: those that live in this checkout (not in site-packages)."""
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(settings.BASE_DIR)
    ]


def _named_urls(resolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in FRAMEWORK_NAMESPACES:
                continue
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= _named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def _covered() -> set[str]:
    covered = set()
    for app in _project_apps():
        try:
            module = import_module(f"tests.{app}.test_permissions")
        except ModuleNotFoundError:
            continue
        covered |= module.URL_NAMES
    return covered


def test_every_named_url_is_in_a_permission_matrix():
    missing = _named_urls(get_resolver()) - FRAMEWORK_URL_NAMES - _covered()
    assert not missing, f"URLs missing from every permission matrix: {sorted(missing)}"
