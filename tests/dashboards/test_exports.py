"""The dashboard's .xlsx export: one sheet per table, Vietnamese headers, and every figure the
same as the page's for the same URL (read back with openpyxl)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directives.services.tasks import TaskInput, task_progress_record
from organizations.models import Organization
from safety_ratings.models import RatedUnit, UnitKind
from tests.directives.factories import make_document
from tests.models_registry.factories import make_model
from tests.organizations.factories import OrganizationFactory
from tests.reporting.factories_completeness import constructed_case, report_case
from tests.safety_ratings.factories import RatedUnitFactory, appraised, recognised, registered

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
KDC = UnitKind.RESIDENTIAL_AREA
FAILING = "3"
EXPORT = reverse("dashboards:dashboard-export")
DASHBOARD = reverse("dashboards:dashboard")


@dataclass
class OutputsCase:
    """The conftest's province in 2025: three residential areas (two recognised, one failing
    criterion 3), two schools (one recognised, one registered only); two models; one report
    schedule (4 owed, 2 submitted: 1 on time, 1 late); four tasks (on time, late, overdue, in
    progress)."""

    recognised_units: list[RatedUnit]
    failing_unit: RatedUnit
    school: RatedUnit


def outputs_case(area, *, tasks: bool = True, reports: bool = True) -> OutputsCase:
    commune_issuer = OrganizationFactory(
        name="Ủy ban nhân dân xã Đồng Đăng", kind=Organization.Kind.PEOPLES_COMMITTEE,
        unit=area.commune_1,
    )  # fmt: skip
    old_issuer = OrganizationFactory(
        name="Ủy ban nhân dân xã Đồng Đăng cũ", kind=Organization.Kind.PEOPLES_COMMITTEE,
        unit=area.old_commune_1,
    )  # fmt: skip
    other_issuer = OrganizationFactory(
        name="Ủy ban nhân dân phường Hoàng Đồng", kind=Organization.Kind.PEOPLES_COMMITTEE,
        unit=area.commune_2,
    )  # fmt: skip
    first = RatedUnitFactory(name="Thôn Bản Thử", commune=area.commune_1,
                             legacy_commune=area.old_commune_1)  # fmt: skip
    failing = RatedUnitFactory(name="Thôn Khòn Thử", commune=area.commune_1,
                               legacy_commune=area.old_commune_1)  # fmt: skip
    second = RatedUnitFactory(name="Tổ dân phố Nà Thử", commune=area.commune_2,
                              legacy_commune=area.old_commune_2)  # fmt: skip
    school = RatedUnitFactory(
        name="Trường THPT Đồng Đăng", kind=UnitKind.SCHOOL, commune=area.commune_1,
        legacy_commune=area.old_commune_1,
    )  # fmt: skip
    new_school = RatedUnitFactory(
        name="Trường THCS Hoàng Đồng", kind=UnitKind.SCHOOL, commune=area.commune_2,
        legacy_commune=area.old_commune_2,
    )  # fmt: skip
    # 2024 (old units): one of three residential areas recognised.
    recognised([first], YEAR - 1, issuer=old_issuer, deciding_unit=area.old_commune_1)
    registered(failing, YEAR - 1)
    # 2025 (new units): two of three, the third failing criterion 3; one school of two.
    recognised([first], YEAR, issuer=commune_issuer, deciding_unit=area.commune_1, number="2")
    recognised([second], YEAR, issuer=other_issuer, deciding_unit=area.commune_2, number="3")
    appraised(failing, YEAR, failing=(FAILING,))
    recognised([school], YEAR, issuer=commune_issuer, deciding_unit=area.commune_1, number="4")
    registered(new_school, YEAR)

    make_model(unit=area.commune_1, name="Tổ liên gia tự quản Bản Thử", level_code="cap-xa")
    make_model(unit=area.province, name="Camera giám sát an ninh", level_code="tinh-uy",
               category_order=3, started_on=D(2025, 3, 1))  # fmt: skip

    if reports:
        report_case(constructed_case(area))

    if tasks:
        document = make_document(
            issuer=area.provincial_committee, issue_date=D(2025, 1, 10),
            tasks=[
                TaskInput(text="Rà soát khu dân cư", deadline_kind="date",
                          deadline_value="2025-03-01", lead=[area.police]),
                TaskInput(text="Báo cáo sơ kết", deadline_kind="date",
                          deadline_value="2025-04-01", lead=[area.police]),
                TaskInput(text="Tuyên truyền trong trường học", deadline_kind="date",
                          deadline_value="2025-06-30", lead=[area.department]),
                TaskInput(text="Duy trì mô hình", deadline_kind="ongoing",
                          lead=[area.department]),
            ],
        )  # fmt: skip
        on_time = document.tasks.get(text="Rà soát khu dân cư").assignments.get()
        task_progress_record(occurrence=on_time.occurrences.get(), reported_on=D(2025, 2, 1),
                             text="Đã xong", completes=True, by=None)  # fmt: skip
        late = document.tasks.get(text="Tuyên truyền trong trường học").assignments.get()
        task_progress_record(occurrence=late.occurrences.get(), reported_on=D(2025, 7, 5),
                             text="Xong muộn", completes=True, by=None)  # fmt: skip
    return OutputsCase(recognised_units=[first, second], failing_unit=failing, school=school)


@pytest.fixture
def case(area):
    return outputs_case(area)


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _number(value) -> float | None:
    return None if value is None else float(value)


def test_export_has_a_sheet_per_table_with_vietnamese_headers(area, case, user_of_role, client):
    client.force_login(user_of_role("leader"))
    response = client.get(EXPORT, {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="tong-quan-2025-90.xlsx"'
    sheets = _sheets(response.content)
    assert list(sheets) == [
        "Tỷ lệ theo loại đơn vị", "Theo địa bàn", "Mô hình theo cấp phát động",
        "Mô hình theo trạng thái", "Báo cáo theo chế độ", "Nhiệm vụ theo cơ quan",
    ]  # fmt: skip
    assert sheets["Tỷ lệ theo loại đơn vị"][0] == (
        "Loại đơn vị", "Thuộc diện đánh giá", "Đã đăng ký", "Đã tự đánh giá", "Được công nhận",
        "Tỷ lệ (%)", "Tỷ lệ năm trước (%)", "Thay đổi (điểm %)",
    )  # fmt: skip
    assert sheets["Báo cáo theo chế độ"][0] == (
        "Chế độ báo cáo", "Mẫu báo cáo", "Phải nộp", "Đã nộp", "Đúng hạn", "Nộp muộn",
        "Chưa nộp",
    )  # fmt: skip
    assert sheets["Nhiệm vụ theo cơ quan"][0] == (
        "Cơ quan", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện, trong hạn",
        "Quá hạn", "Tổng số",
    )  # fmt: skip
    # The figures of the case, written out: the province's five kinds.
    kinds = {row[0]: row[1:] for row in sheets["Tỷ lệ theo loại đơn vị"][1:6]}
    assert kinds["khu dân cư"] == (3, 3, 3, 2, 66.67, 33.33, 33.34)
    # The schools were eligible in 2024 too (valid since 2015), and not recognised then.
    assert kinds["cơ sở giáo dục"] == (2, 2, 1, 1, 50.0, 0.0, 50.0)
    assert kinds["cơ quan"] == (0, 0, 0, 0, None, None, None)
    assert sheets["Tỷ lệ theo loại đơn vị"][6][0].startswith("Tổng quan năm 2025 — Tỉnh Lạng Thử")
    areas = {(row[0], row[2]): row[3:] for row in sheets["Theo địa bàn"][1:]}
    assert areas[("Xã Đồng Đăng", "khu dân cư")][:5] == (2, 2, 2, 1, 50.0)
    assert areas[("Phường Hoàng Đồng", "khu dân cư")][:5] == (1, 1, 1, 1, 100.0)
    assert areas[("Phường Hoàng Đồng", "cơ sở giáo dục")][:5] == (1, 1, 0, 0, 0.0)
    assert {row[1] for row in sheets["Theo địa bàn"][1:]} == {"90001", "90002"}
    assert len(sheets["Theo địa bàn"]) == 1 + 2 * len(UnitKind.values)
    schedule = sheets["Báo cáo theo chế độ"][1]
    assert schedule[0] == "Báo cáo quý về phong trào toàn dân bảo vệ ANTQ"
    assert schedule[2:] == (4, 2, 1, 1, 2)
    assert sheets["Báo cáo theo chế độ"][-1] == ("Cộng", None, 4, 2, 1, 1, 2)
    tasks = {row[0]: row[1:] for row in sheets["Nhiệm vụ theo cơ quan"][1:]}
    assert tasks[area.police.name] == (1, 0, 0, 1, 2)
    assert tasks[area.department.name] == (0, 1, 1, 0, 2)
    assert tasks["Cộng"] == (1, 1, 1, 1, 4)


def test_export_figures_equal_the_pages(area, case, user_of_role, client):
    """Each sheet against the page's own context for the same query string."""
    client.force_login(user_of_role("standing_staff"))
    params = {"year": YEAR, "area": area.province.pk, "kind": KDC}
    page = client.get(DASHBOARD, params).context
    assert page["export_url"].startswith(EXPORT + "?")
    export_response = client.get(page["export_url"])
    sheets = _sheets(export_response.content)

    kinds = sheets["Tỷ lệ theo loại đơn vị"][1 : 1 + len(UnitKind.values)]
    assert [row[0] for row in kinds] == [card.rate.label for card in page["cards"]]
    for row, card in zip(kinds, page["cards"], strict=True):
        rate = card.rate
        assert row[1:5] == (rate.eligible, rate.registered, rate.assessed, rate.recognised)
        assert _number(row[5]) == (float(rate.rate) if rate.eligible else None)
        assert _number(row[7]) == (float(rate.change) if rate.change is not None else None)

    areas = sheets["Theo địa bàn"][1:]
    expected = [
        (line.row.name, cell.rate.label, cell.rate.eligible, cell.rate.recognised)
        for line in page["heat"]
        for cell in line.cells
    ]
    assert [(row[0], row[2], row[3], row[6]) for row in areas] == expected

    level_sheet = sheets["Mô hình theo cấp phát động"]
    levels = [(row[0], row[1]) for row in level_sheet[1 : 1 + len(page["models_by_level"])]]
    assert levels == [(line.label, line.count) for line in page["models_by_level"]]
    assert sum(count for _label, count in levels) == 2
    statuses = sheets["Mô hình theo trạng thái"][1:3]
    assert [(row[0], row[1]) for row in statuses] == [
        (line.label, line.count) for line in page["models_by_status"]
    ]

    reports = sheets["Báo cáo theo chế độ"][1:-1]
    assert [(row[0], *row[2:]) for row in reports] == [
        (line.schedule_name, line.counts.expected, line.counts.submitted, line.counts.on_time,
         line.counts.late, line.counts.missing)
        for line in page["reports"]
    ]  # fmt: skip

    tasks = sheets["Nhiệm vụ theo cơ quan"][1:]
    assert [row[0] for row in tasks[:-1]] == [line.name for line in page["tasks"]]
    for row, line in zip(tasks, [*page["tasks"], page["task_total"]], strict=True):
        assert row[1:5] == tuple(cell.count for cell in line.cells)
        assert row[5] == line.counts.total


def test_export_of_a_commune_and_of_the_whole_country(area, case, user_of_role, client):
    client.force_login(user_of_role("admin"))
    nation = client.get(EXPORT, {"year": YEAR, "area": ""})
    assert nation["Content-Disposition"].endswith('filename="tong-quan-2025-toan-quoc.xlsx"')
    sheets = _sheets(nation.content)
    kinds = {row[0]: row[1:5] for row in sheets["Tỷ lệ theo loại đơn vị"][1:6]}
    assert kinds["khu dân cư"] == (3, 3, 3, 2)
    provinces = {row[0] for row in sheets["Theo địa bàn"][1:]}
    assert {"Tỉnh Lạng Thử", "Tỉnh Khác Xa"} <= provinces
    commune = client.get(EXPORT, {"year": YEAR, "area": area.commune_1.pk})
    assert commune["Content-Disposition"].endswith('filename="tong-quan-2025-90001.xlsx"')
    sheets = _sheets(commune.content)
    kinds = {row[0]: row[1:5] for row in sheets["Tỷ lệ theo loại đơn vị"][1:6]}
    assert kinds["khu dân cư"] == (2, 2, 2, 1)
    # A commune's children are its units: the areas sheet keeps its headers only.
    assert len(sheets["Theo địa bàn"]) == 1


def test_dashboard_links_to_the_export_and_the_summary(area, case, user_of_role, client):
    client.force_login(user_of_role("leader"))
    content = client.get(DASHBOARD, {"year": YEAR}).content.decode()
    assert 'data-testid="dashboard-export"' in content
    assert f'href="{EXPORT}?year=2025&amp;area={area.province.pk}' in content
    assert "Bản tóm tắt có ký số" in content
    assert "Phát hành bản tóm tắt có ký số" not in content  # leaders read, do not issue
    client.force_login(user_of_role("standing_staff"))
    content = client.get(DASHBOARD, {"year": YEAR}).content.decode()
    assert "Phát hành bản tóm tắt có ký số" in content


def test_export_runs_a_bounded_number_of_queries(
    area, case, user_of_role, client, django_assert_max_num_queries
):
    client.force_login(user_of_role("standing_staff"))
    client.get(EXPORT, {"year": YEAR})  # warm the scope and the rates' cache
    with django_assert_max_num_queries(26):
        response = client.get(EXPORT, {"year": YEAR})
    assert response.status_code == 200
