"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

from __future__ import annotations

import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Playwright runs an event loop in this thread; Django's ORM calls from the test body are safe
# here because the live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The lists that data migrations seed (model categories and launching levels, criteria
    versions). A browser journey runs in a transactional test, whose flush at the end removes
    them for the journeys that follow, whatever their order: each journey seeds them again
    (both seeds are idempotent)."""
    from django.apps import apps

    for migration in (
        "models_registry.migrations.0002_seed_categories_and_levels",
        "safety_ratings.migrations.0002_seed_criteria_versions",
    ):
        import_module(migration).seed(apps, None)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's chromium (make test does it as root)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def screenshot(page):
    """Save a named screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
