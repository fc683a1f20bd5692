"""Journey: a leader opens the dashboard and drills down to a unit not recognised.

The province has three residential areas in 2025: two recognised (one in each new commune),
one whose appraisal failed criterion 3 (made through the services). The provincial leader
opens "Tổng quan" from the menu, reads the rate card (66,67%) and its chart, clicks the number
not recognised and finds the unit with its failed criterion; then prints the dashboard: an A4
PDF with the rate and the heat table's areas, without the navigation, no wider than A4.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from organizations.models import Organization
from safety_ratings.models import UnitKind
from safety_ratings.selectors.rate_areas import default_year
from safety_ratings.selectors.units import criteria_version_for
from tests.e2e.conftest import ARTIFACTS, login
from tests.e2e.test_ratings_journey import PASSWORD, ensure_criteria_versions
from tests.organizations.factories import OrganizationFactory
from tests.safety_ratings.factories import RatedUnitFactory, appraised, recognised

YEAR = 2025
KIND = UnitKind.RESIDENTIAL_AREA
FAILING_NUMBER = "3"
# A4 in CSS pixels at 96 dpi (210 mm; 165 mm inside the margins), and in PDF points.
A4_WIDTH_PX = 794
A4_TEXT_WIDTH_PX = 624
A4_POINTS = (595.3, 841.9)
# What sticks out of the page, to say so when the print layout breaks.
WIDER_THAN_THE_PAGE = """() => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10).map(e => e.tagName + "." + e.className)"""
MENU_TEXTS = ("Trang chủ", "Văn bản", "Đăng xuất", "Hồ sơ của tôi", "Cổng ANTQ")


def seed_province(area) -> dict:
    """Three residential areas of the province in 2025, through the services."""
    ensure_criteria_versions()
    units = {
        "Thôn Bản Thử": RatedUnitFactory(name="Thôn Bản Thử", commune=area.commune_1,
                                         legacy_commune=area.old_commune_1),
        "Thôn Khòn Thử": RatedUnitFactory(name="Thôn Khòn Thử", commune=area.commune_1,
                                          legacy_commune=area.old_commune_1),
        "Tổ dân phố Nà Thử": RatedUnitFactory(name="Tổ dân phố Nà Thử", commune=area.commune_2,
                                              legacy_commune=area.old_commune_2),
    }  # fmt: skip
    for unit, name in ((area.commune_1, "xã Đồng Đăng"), (area.commune_2, "phường Hoàng Đồng")):
        issuer = OrganizationFactory(name=f"Ủy ban nhân dân {name}", unit=unit,
                                     kind=Organization.Kind.PEOPLES_COMMITTEE)  # fmt: skip
        passing = [u for u in units.values() if u.commune == unit and u.name != "Thôn Khòn Thử"]
        recognised(passing, YEAR, issuer=issuer, deciding_unit=unit, number=str(unit.pk))
    appraised(units["Thôn Khòn Thử"], YEAR, failing=(FAILING_NUMBER,))
    return units


@pytest.mark.django_db(transaction=True)
def test_leader_opens_the_dashboard_and_drills_down_to_a_unit_not_recognised(
    page, live_server, screenshot, area, user_of_role
):
    units = seed_province(area)
    failing_unit = units["Thôn Khòn Thử"]
    failing_text = next(
        c.text for c in criteria_version_for(KIND, YEAR).criteria.all()
        if c.number == FAILING_NUMBER
    )  # fmt: skip
    leader = user_of_role("leader")

    # 1. From the menu to the dashboard of the leader's province, then the year 2025.
    login(page, live_server, leader.username, PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="Tổng quan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổng quan năm")
    assert page.url.startswith(live_server.url + reverse("dashboards:dashboard"))
    if default_year(timezone.localdate()) != YEAR:
        year_filter = page.get_by_test_id("rates-filter")
        year_filter.locator("select[name='year']").select_option(str(YEAR))
        year_filter.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Tổng quan năm 2025 — Tỉnh Lạng Thử"
    )

    # 2. The rate card, and the charts drawn by Chart.js from the tables.
    card = page.locator(f".rate-card[data-kind='{KIND}']")
    expect(card.get_by_test_id("rate")).to_have_text("66,67%")
    expect(card.get_by_test_id("counts")).to_have_text("2 / 3")
    expect(card.get_by_test_id("not-recognised")).to_have_text("1")
    assert page.evaluate("typeof Chart") == "function"
    canvas = page.locator("canvas[data-source='ranked-table']")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    assert canvas.evaluate("c => Chart.getChart(c) !== undefined && c.width > 0 && c.height > 0")
    ranked = page.get_by_test_id("ranked-table")
    expect(ranked.locator("tbody tr")).to_have_count(2)
    expect(ranked.locator("tbody tr").first).to_contain_text("Phường Hoàng Đồng")
    expect(ranked.locator("tbody tr").last).to_contain_text("50%")
    heat = page.get_by_test_id("heat-table")
    expect(heat).to_contain_text("Xã Đồng Đăng")
    expect(heat).to_contain_text("Phường Hoàng Đồng")
    screenshot("dashboard-1-province")

    # 3. Print: A4, the rate and the heat table's areas, no navigation, no wider than A4.
    dashboard_url = page.url
    page.emulate_media(media="print")
    # The sheet's width, and what is left of it between print.css's margins (30 + 15 mm).
    for width in (A4_WIDTH_PX, A4_TEXT_WIDTH_PX):
        page.set_viewport_size({"width": width, "height": 1123})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            width, page.evaluate(WIDER_THAN_THE_PAGE),
        )  # fmt: skip
    expect(page.get_by_test_id("main-menu")).to_be_hidden()
    printed = page.pdf(format="A4")
    (ARTIFACTS.parent / "dashboard-print.pdf").write_bytes(printed)
    pdf = PdfReader(io.BytesIO(printed))
    for pdf_page in pdf.pages:
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1.5 and abs(height - A4_POINTS[1]) < 1.5
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "66,67%" in text
    assert "Xã Đồng Đăng" in text and "Phường Hoàng Đồng" in text
    assert "Bản đồ nhiệt" in text
    for menu_text in MENU_TEXTS:
        assert menu_text not in text, menu_text
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(dashboard_url)

    # 4. The number not recognised leads to the unit and the criterion it failed.
    page.locator(f".rate-card[data-kind='{KIND}']").get_by_test_id("not-recognised").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Đơn vị chưa được công nhận năm 2025 — Tỉnh Lạng Thử"
    )
    listed = page.get_by_test_id("rates-units")
    expect(listed.locator("tbody tr")).to_have_count(1)
    line = listed.locator("tbody tr", has_text=failing_unit.name)
    expect(line).to_contain_text("Đã thẩm định")
    expect(line.get_by_test_id("failed-criteria")).to_contain_text(
        f"Tiêu chí {FAILING_NUMBER}: {failing_text[:60]}"
    )
    for name in ("Thôn Bản Thử", "Tổ dân phố Nà Thử"):
        expect(listed).not_to_contain_text(name)
    screenshot("dashboard-2-not-recognised")
