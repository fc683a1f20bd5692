"""Journey: a commune assesses its residential areas in the grid from the keyboard, the police
appraise them, the commune's decision recognises those that pass (a failing one is refused),
and the province's rates show the result with the failing criterion."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from organizations.models import Organization
from safety_ratings.models import Assessment, RecognitionDecision, UnitKind
from safety_ratings.selectors.units import criteria_version_for
from tests.e2e.conftest import login
from tests.organizations.factories import OrganizationFactory
from tests.safety_ratings.factories import RatedUnitFactory

YEAR = 2025
KIND = UnitKind.RESIDENTIAL_AREA
# UserFactory's password (tests/organizations/factories.py), for the user_of_role people.
PASSWORD = "mat-khau-thu-nghiem"
RESOLUTION = "Nghị quyết số 03-NQ/CB ngày 10/01/2025"
FAILING_NUMBER = "3"
Status = Assessment.Status


def ensure_criteria_versions() -> None:
    """The versions the data migration seeds; a transactional test (e2e) flushes them away."""
    migration = import_module("safety_ratings.migrations.0002_seed_criteria_versions")
    migration.seed(apps, None)


def cell(page, unit, column: str):
    return page.locator(f"#cell-{unit.pk}-{column}")


def type_field(page, unit, column: str, text: str, *, replace: bool = False) -> None:
    """Type into the focused cell, then leave it with →; the cell is saved on leaving and the
    row comes back from the server with the value in its markup."""
    expect(cell(page, unit, column)).to_be_focused()
    if replace:
        page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.keyboard.press("ArrowRight")
    expect(cell(page, unit, column)).to_have_attribute("value", text)


def assess_row(page, unit, *, households: int, criteria, failing: tuple[str, ...]) -> None:
    """Fill one row from the keyboard, starting on its registration date cell."""
    type_field(page, unit, "registered_on", f"15/02/{YEAR}")
    type_field(page, unit, "party_resolution", RESOLUTION)
    type_field(page, unit, "households_total", str(households), replace=True)
    type_field(page, unit, "households_registered", str(households))
    # Criterion 1 is computed from the registration just typed: resolution + 100% households.
    households_cell = cell(page, unit, f"c{criteria[0].pk}")
    expect(households_cell).to_be_focused()
    expect(households_cell).to_contain_text("✓")
    for criterion in criteria[1:]:
        page.keyboard.press("ArrowRight")
        verdict = cell(page, unit, f"c{criterion.pk}")
        expect(verdict).to_be_focused()
        fails = criterion.number in failing
        page.keyboard.press("k" if fails else "d")
        expect(verdict).to_have_attribute("data-value", "khong_dat" if fails else "dat")
        expect(verdict).to_have_text("Không đạt" if fails else "Đạt")
        expect(verdict).to_be_focused()
    row = page.locator(f"#grid-row-{unit.pk}")
    expect(row).to_contain_text("Đã tự đánh giá")
    expect(row.get_by_test_id("row-progress")).to_contain_text("Đủ tiêu chí")


@pytest.mark.django_db(transaction=True)
def test_assess_a_communes_units_and_recognise_them(
    page, live_server, screenshot, area, user_of_role
):
    ensure_criteria_versions()
    criteria = list(criteria_version_for(KIND, YEAR).criteria.order_by("order"))
    assert [c.number for c in criteria] == ["1", "2", "3", "4", "5"] and criteria[0].is_computed
    failing_text = next(c.text for c in criteria if c.number == FAILING_NUMBER)
    units = {
        name: RatedUnitFactory(
            name=name, commune=area.commune_1, legacy_commune=area.old_commune_1, households=120
        )
        for name in ("Thôn Bản Thử", "Thôn Khòn Thử", "Thôn Nà Thử")
    }
    failing_unit = units["Thôn Khòn Thử"]
    passing_units = [units["Thôn Bản Thử"], units["Thôn Nà Thử"]]
    households = {"Thôn Bản Thử": 86, "Thôn Khòn Thử": 120, "Thôn Nà Thử": 1045}
    OrganizationFactory(
        name="Ủy ban nhân dân xã Đồng Đăng",
        kind=Organization.Kind.PEOPLES_COMMITTEE,
        unit=area.commune_1,
        document_series_code="UBND",
    )
    commune_user = user_of_role("commune_committee")
    police_user = user_of_role("standing_staff")

    # 1. The commune committee types its grid from the keyboard.
    login(page, live_server, commune_user.username, PASSWORD)
    page.goto(
        live_server.url + reverse("safety_ratings:grid", args=[area.commune_1.pk, YEAR, KIND])
    )
    expect(page.locator("#grid-title")).to_contain_text("Xã Đồng Đăng, năm 2025")
    assert "3 đơn vị; 0 đã đăng ký" in page.locator("main").inner_text()
    row_ids = page.locator("tr[data-grid-row]").evaluate_all(
        "rows => rows.map(row => Number(row.dataset.gridRow))"
    )
    by_pk = {unit.pk: name for name, unit in units.items()}
    assert sorted(row_ids) == sorted(by_pk)
    for pk in row_ids:
        expect(page.locator(f"#grid-row-{pk}")).to_contain_text("Chưa đăng ký")

    cell(page, units[by_pk[row_ids[0]]], "registered_on").focus()
    for index, pk in enumerate(row_ids):
        name = by_pk[pk]
        assess_row(
            page, units[name], households=households[name], criteria=criteria,
            failing=(FAILING_NUMBER,) if units[name] == failing_unit else (),
        )  # fmt: skip
        if index + 1 < len(row_ids):
            # Down to the next row, then Home to its first cell.
            page.keyboard.press("ArrowDown")
            next_unit = units[by_pk[row_ids[index + 1]]]
            expect(cell(page, next_unit, f"c{criteria[-1].pk}")).to_be_focused()
            page.keyboard.press("Home")
            expect(cell(page, next_unit, "registered_on")).to_be_focused()
    failing_row = page.locator(f"#grid-row-{failing_unit.pk}")
    expect(failing_row.get_by_test_id("row-progress")).to_contain_text("1 tiêu chí không đạt")
    screenshot("ratings-1-grid-assessed")
    assert (
        sorted(Assessment.objects.filter(year=YEAR).values_list("status", flat=True))
        == [Status.SELF_ASSESSED] * 3
    )
    saved = Assessment.objects.get(rated_unit=units["Thôn Nà Thử"], year=YEAR)
    assert (saved.party_resolution, saved.households_total, saved.households_registered) == (
        RESOLUTION, 1045, 1045,
    )  # fmt: skip
    assert saved.registered_on.isoformat() == f"{YEAR}-02-15"

    # 2. The provincial police appraise each dossier of the work queue.
    page.context.clear_cookies()
    login(page, live_server, police_user.username, PASSWORD)
    queue_url = live_server.url + reverse("safety_ratings:assessment-list")
    page.goto(queue_url)
    page.get_by_label("Năm", exact=True).fill(str(YEAR))
    page.get_by_label("Trạng thái").select_option(Status.SELF_ASSESSED)
    page.get_by_role("button", name="Lọc").click()
    queue = page.get_by_test_id("assessment-table")
    expect(queue.locator("tbody tr")).to_have_count(3)
    failing_line = queue.locator("tbody tr", has_text=failing_unit.name)
    expect(failing_line).to_have_class(re.compile(r"table-danger"))
    expect(failing_line.locator("td.num")).to_have_text("1")
    screenshot("ratings-2-appraisal-queue")
    filtered_queue = page.url
    for number, name in enumerate(sorted(units), start=1):
        page.goto(filtered_queue)
        page.get_by_test_id("assessment-table").get_by_role("link", name=name).click()
        page.get_by_test_id("action-appraise").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Thẩm định: {name}")
        page.get_by_label("Ngày thẩm định").fill(f"{YEAR}-11-05")
        expect(page.get_by_label("Cơ quan thẩm định")).to_have_value(str(area.police.pk))
        # The form starts from the unit's own verdicts; the appraiser accepts them.
        failing_radio = page.locator(f"input[name='met_{criteria[2].pk}'][value='0']")
        expect(failing_radio).to_be_checked(checked=units[name] == failing_unit)
        if number == 2:
            screenshot("ratings-2-appraise-form")
        page.get_by_role("button", name="Lưu kết quả thẩm định").click()
        expect(page.get_by_test_id("assessment-status")).to_contain_text("Đã thẩm định")
    page.goto(filtered_queue)
    expect(page.get_by_test_id("assessment-table")).to_contain_text(
        "Không có hồ sơ đánh giá nào phù hợp."
    )

    # 3. The commune records its chairman's decision: the failing unit is refused, by name.
    page.context.clear_cookies()
    login(page, live_server, commune_user.username, PASSWORD)
    page.goto(live_server.url + reverse("safety_ratings:decision-create"))
    page.get_by_label("Năm công nhận").fill(str(YEAR))
    page.locator("#id_kind").select_option(KIND)
    page.locator("#id_deciding_unit-ts-control").press_sequentially("Đồng Đăng")
    page.locator(".ts-dropdown .option", has_text="Xã Đồng Đăng, Tỉnh Lạng Thử (từ").click()
    candidates = page.get_by_test_id("candidate")
    expect(candidates).to_have_count(3)
    expect(candidates.filter(has_text=failing_unit.name).get_by_test_id("failing")).to_be_visible()
    select_passing = page.get_by_test_id("select-passing")
    expect(select_passing).to_contain_text("Chọn tất cả đơn vị đạt (2)")
    select_passing.click()
    for unit in passing_units:
        expect(page.get_by_label(unit.name, exact=True)).to_be_checked()
    expect(page.get_by_label(failing_unit.name, exact=True)).not_to_be_checked()
    page.get_by_label(failing_unit.name, exact=True).check()
    page.get_by_label("Số, ký hiệu").fill("45/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"{YEAR}-11-25")
    page.get_by_label("Cơ quan ban hành").select_option(label="Ủy ban nhân dân xã Đồng Đăng")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    page.get_by_label("Người ký", exact=True).fill("Hoàng Văn Thử")
    page.get_by_role("button", name="Ghi quyết định công nhận").click()

    refusal = page.get_by_test_id("decision-form").locator(".alert-danger")
    expect(refusal).to_contain_text(
        f"{failing_unit.name}: còn tiêu chí chưa đạt ({FAILING_NUMBER}), không thể công nhận."
    )
    for unit in passing_units:
        assert unit.name not in refusal.inner_text()
    screenshot("ratings-3-decision-refused")
    assert not RecognitionDecision.objects.exists()
    assert not Assessment.objects.filter(status=Status.RECOGNISED).exists()

    expect(page.get_by_label(failing_unit.name, exact=True)).to_be_checked()
    page.get_by_label(failing_unit.name, exact=True).uncheck()
    page.get_by_role("button", name="Ghi quyết định công nhận").click()
    expect(page.locator("main")).to_contain_text("Đã ghi Quyết định 45/QĐ-UBND công nhận 2 đơn vị.")
    screenshot("ratings-3-decision-saved")
    decision = RecognitionDecision.objects.get()
    assert (decision.year, decision.kind, decision.deciding_unit) == (YEAR, KIND, area.commune_1)
    assert decision.decided_on.isoformat() == f"{YEAR}-11-25"
    assert decision.signer_name == "Hoàng Văn Thử"
    assert sorted(decision.assessments.values_list("rated_unit__name", flat=True)) == sorted(
        unit.name for unit in passing_units
    )
    assert Assessment.objects.get(rated_unit=failing_unit).status == Status.APPRAISED

    # 4. The province's rates match what was recognised; the drill-down names the failure.
    page.context.clear_cookies()
    login(page, live_server, police_user.username, PASSWORD)
    page.goto(
        live_server.url + reverse("safety_ratings:rates") + f"?year={YEAR}&area={area.province.pk}"
    )
    line = page.get_by_test_id("rates-table").locator(f"tr[data-kind='{KIND}']")
    expect(line.get_by_test_id("eligible")).to_have_text("3")
    expect(line.get_by_test_id("recognised")).to_have_text("2")
    expect(line.get_by_test_id("rate")).to_have_text("66,67%")
    expect(page.get_by_test_id("rates-sentences")).to_contain_text("2 / 3 khu dân cư — 66,67%")
    screenshot("ratings-4-rates")
    line.get_by_test_id("not-recognised").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Đơn vị chưa được công nhận")
    expect(page.get_by_test_id("not-recognised-breakdown")).to_contain_text(
        "Đang đánh giá (chưa có kết quả): 1"
    )
    missing = page.get_by_test_id("rates-units")
    expect(missing.locator("tbody tr")).to_have_count(1)
    failing_line = missing.locator("tbody tr", has_text=failing_unit.name)
    expect(failing_line).to_contain_text("Đã thẩm định")
    expect(failing_line.get_by_test_id("failed-criteria")).to_contain_text(
        f"Tiêu chí {FAILING_NUMBER}: {failing_text[:60]}"
    )
    for unit in passing_units:
        expect(missing).not_to_contain_text(unit.name)
    screenshot("ratings-4-not-recognised")
