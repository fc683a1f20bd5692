"""Journey: each demo role logs in, in Vietnamese, and sees its own menu and scope."""

import pytest

from organizations.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import login

# What each demo account must and must not find in its menu.
EXPECTED_MENUS = {
    "quantri": (
        {
            "Trang chủ",
            "Tổng quan",
            "Địa bàn",
            "Tổ chức",
            "An toàn về ANTT",
            "Báo cáo",
            "Người dùng",
            "Quản trị",
        },
        set(),
    ),
    "thuongtruc": (
        {"Trang chủ", "Tổng quan", "Địa bàn", "An toàn về ANTT", "Báo cáo", "Tổ chức"},
        {"Người dùng", "Quản trị"},
    ),
    "lanhdao": (
        {"Trang chủ", "Tổng quan", "Địa bàn", "An toàn về ANTT", "Báo cáo", "Tổ chức"},
        {"Người dùng"},
    ),
    "bcd_huyen": (
        {"Trang chủ", "Tổng quan", "Địa bàn", "An toàn về ANTT", "Báo cáo", "Tổ chức"},
        {"Người dùng"},
    ),
    "bcd_xa": (
        {"Trang chủ", "Tổng quan", "Địa bàn", "An toàn về ANTT", "Báo cáo", "Tổ chức"},
        {"Người dùng"},
    ),
    "so_nganh": (
        {"Trang chủ", "Báo cáo", "Tổ chức"},
        {"Tổng quan", "Địa bàn", "An toàn về ANTT", "Người dùng"},
    ),
}
# The menu fits one line at Playwright's default 1280 px: every entry, the bell and the user's
# menu at the same height, nothing past the right edge.
ONE_LINE = """() => {
  const links = [...document.querySelectorAll('nav.navbar .nav-link')];
  const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
  const right = Math.max(...links.map(a => a.getBoundingClientRect().right));
  return tops.size === 1 && right <= window.innerWidth;
}"""


@pytest.mark.django_db(transaction=True)
def test_each_demo_role_logs_in_and_sees_its_own_menu(page, live_server, screenshot):
    logins = {login.username: login for login in seed_demo()}
    assert set(EXPECTED_MENUS) <= set(logins)

    page.goto(f"{live_server.url}/")
    assert "/tai-khoan/login/" in page.url
    # Bootstrap is served by the portal itself (static/vendor from npm), not from a CDN.
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)")
    assert all(href.startswith(live_server.url) for href in stylesheets)
    button_color = page.get_by_role("button", name="Đăng nhập").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert button_color == "rgb(13, 110, 253)", "Bootstrap's stylesheet did not load"
    assert page.get_by_role("heading", name="Đăng nhập Cổng ANTQ").is_visible()
    screenshot("login-page")

    for username, (must_have, must_not_have) in EXPECTED_MENUS.items():
        page.context.clear_cookies()
        login(page, live_server, username, DEMO_PASSWORD)
        page.wait_for_url(f"{live_server.url}/")
        menu = set(page.get_by_test_id("main-menu").locator("a").all_inner_texts())
        menu = {text.strip() for text in menu}
        assert must_have <= menu, f"{username}: {menu}"
        assert not (must_not_have & menu), f"{username}: {menu}"
        assert page.viewport_size["width"] == 1280
        assert page.evaluate(ONE_LINE), f"{username}: the menu does not fit one line"
        scope_card = page.get_by_test_id("my-scope").inner_text()
        assert logins[username].role_label in scope_card
        if logins[username].scope != "Toàn quốc":
            assert logins[username].scope in scope_card
        screenshot(f"home-{username}")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_a_vietnamese_error(page, live_server):
    seed_demo()
    login(page, live_server, "thuongtruc", "sai-mat-khau")
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    assert "/tai-khoan/login/" in page.url
