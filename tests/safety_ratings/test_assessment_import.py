"""Import of a year's assessments from .xlsx: the pre-filled template, a dry run that lists
every bad row and writes nothing, then all rows or none."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from safety_ratings.models import Assessment, UnitKind
from safety_ratings.selectors.grid import grid_for
from safety_ratings.services.assessment_import import (
    assessment_import_check,
    assessment_import_commit,
    assessment_import_template,
)
from safety_ratings.services.assessments import assessment_appraise

from .factories import RatedUnitFactory, appraised, registered, self_assessed

Status = Assessment.Status
YEAR = timezone.localdate().year
KDC = UnitKind.RESIDENTIAL_AREA
HEADERS = ["Mã đơn vị", "Tên đơn vị", "Trạng thái hồ sơ", "Ngày đăng ký", "Nghị quyết chi bộ",
           "Tổng số hộ", "Số hộ đăng ký", "Tiêu chí 2", "Tiêu chí 3", "Tiêu chí 4", "Tiêu chí 5",
           "Minh chứng tiêu chí 2", "Minh chứng tiêu chí 3", "Minh chứng tiêu chí 4",
           "Minh chứng tiêu chí 5"]  # fmt: skip


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """The checked upload waits for confirmation in MEDIA_ROOT; keep it out of var/."""
    settings.MEDIA_ROOT = tmp_path


def _unit(area, name, **kwargs):
    return RatedUnitFactory(commune=area.commune_1, legacy_commune=area.old_commune_1,
                            name=name, **kwargs)  # fmt: skip


def _xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đánh giá"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row(unit, *, day=f"20/01/{YEAR}", resolution="NQ 01-NQ/CB", total=None, households=None,
         verdicts=("Đạt", "Đạt", "Đạt", "Đạt"), notes=("", "", "", "")):  # fmt: skip
    total = unit.households if total is None else total
    households = total if households is None else households
    return [unit.pk, unit.name, "", day, resolution, total, households, *verdicts, *notes]


def _url(area, name="assessment-import", commune=None):
    return reverse(f"safety_ratings:{name}", args=[(commune or area.commune_1).pk, YEAR, KDC])


def _commit(area, user, content):
    return assessment_import_commit(content=content, commune=area.commune_1, year=YEAR,
                                    kind=KDC, user=user)  # fmt: skip


def _check(area, user, content):
    return assessment_import_check(content=content, commune=area.commune_1, year=YEAR,
                                   kind=KDC, user=user)  # fmt: skip


# -- the template ---------------------------------------------------------------------------


def test_template_is_prefilled_with_the_commune_units_and_their_dossiers(
    area, user_of_role, client
):
    fresh = _unit(area, "Thôn Chưa Đăng Ký", households=90)
    done = _unit(area, "Thôn Đã Đánh Giá")
    self_assessed(done, YEAR, failing=("4",))
    RatedUnitFactory(commune=area.commune_2, name="Thôn Phường Khác")
    RatedUnitFactory(commune=area.commune_1, kind=UnitKind.AGENCY, name="Trạm y tế xã")
    client.force_login(user_of_role("commune_committee"))
    response = client.get(_url(area, "assessment-import-template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Đánh giá"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {fresh.pk, done.pk}
    assert by_id[fresh.pk][1:7] == ["Thôn Chưa Đăng Ký", "Chưa đăng ký", None, None, 90, None]
    filled = by_id[done.pk]
    assert filled[2] == "Đã tự đánh giá"
    assert filled[3].date() == datetime.date(YEAR, 2, 15)
    assert filled[4] == "Nghị quyết số 01-NQ/CB"
    assert filled[7:11] == ["Đạt", "Đạt", "Không đạt", "Đạt"]
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert any("Không sửa cột “Mã đơn vị”" in str(line) for line in guide)
    assert sheet.data_validations.dataValidation[0].formula1 == '"Đạt,Không đạt"'


def test_template_of_another_kind_has_no_household_columns(area):
    RatedUnitFactory(commune=area.commune_1, kind=UnitKind.AGENCY, name="Trạm y tế xã")
    grid = grid_for(commune=area.commune_1, year=YEAR, kind=UnitKind.AGENCY)
    sheet = load_workbook(io.BytesIO(assessment_import_template(grid=grid)))["Đánh giá"]
    headers = [c.value for c in sheet[1]]
    assert "Tổng số hộ" not in headers and "Tiêu chí 1" in headers


def test_template_uploaded_unchanged_changes_nothing(area, user_of_role):
    _unit(area, "Thôn Một")
    done = _unit(area, "Thôn Hai")
    self_assessed(done, YEAR)
    grid = grid_for(commune=area.commune_1, year=YEAR, kind=KDC)
    outcome = _check(area, user_of_role("commune_committee"), assessment_import_template(grid=grid))
    assert outcome.ok, outcome.problems
    assert (outcome.rows, outcome.changed, outcome.unchanged) == (2, 0, 2)


# -- the dry run ----------------------------------------------------------------------------


def test_dry_run_lists_every_bad_row_and_writes_nothing(area, user_of_role):
    good = _unit(area, "Thôn Tốt", households=100)
    other_commune = RatedUnitFactory(commune=area.commune_2, name="Thôn Phường Khác")
    far = RatedUnitFactory(commune=area.other_commune, name="Thôn Tỉnh Khác")
    agency = RatedUnitFactory(commune=area.commune_1, kind=UnitKind.AGENCY, name="Trạm y tế")
    bad_verdict = _unit(area, "Thôn Ghi Sai")
    too_many = _unit(area, "Thôn Thừa Hộ", households=40)
    closed = _unit(area, "Thôn Đã Thẩm Định")
    appraised(closed, YEAR)
    bad_date = _unit(area, "Thôn Sai Ngày")
    ended = _unit(area, "Thôn Đã Sáp Nhập", valid_to=datetime.date(YEAR, 6, 30))
    rows = [
        _row(good),                                                          # 2: fine
        [999999, "Không có", "", "", "", "", "", "Đạt", "", "", "", "", "", "", ""],  # 3
        _row(other_commune),                                                 # 4
        _row(far),                                                           # 5
        _row(agency),                                                        # 6
        _row(bad_verdict, verdicts=("Đạt", "tốt", "Đạt", "Đạt")),            # 7
        _row(too_many, total=40, households=45),                             # 8
        _row(closed, verdicts=("Đạt", "Không đạt", "Đạt", "Đạt")),           # 9
        _row(bad_date, day="32/01/2026"),                                    # 10
        ["abc", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],    # 11
        _row(good),                                                          # 12: twice
        _row(ended),                                                         # 13
    ]  # fmt: skip
    user = user_of_role("standing_staff")  # sees both communes of the province
    before = Assessment.objects.count()
    outcome = _check(area, user, _xlsx(rows))
    assert not outcome.ok
    found = {(p.row, p.column): p for p in outcome.problems}
    assert set(found) == {
        (3, "Mã đơn vị"), (4, "Mã đơn vị"), (5, "Mã đơn vị"), (6, "Mã đơn vị"),
        (7, "Tiêu chí 3"), (8, "Số hộ đăng ký"), (9, "Ngày đăng ký"), (10, "Ngày đăng ký"),
        (11, "Mã đơn vị"), (12, "Mã đơn vị"), (13, "Mã đơn vị"),
    }  # fmt: skip
    assert "trong phạm vi của bạn" in found[3, "Mã đơn vị"].reason
    assert "thuộc Phường Hoàng Đồng, không thuộc Xã Đồng Đăng" in found[4, "Mã đơn vị"].reason
    assert "trong phạm vi của bạn" in found[5, "Mã đơn vị"].reason
    assert "là cơ quan, không phải khu dân cư" in found[6, "Mã đơn vị"].reason
    assert found[7, "Tiêu chí 3"].value == "tốt"
    assert "Đạt" in found[7, "Tiêu chí 3"].reason
    assert "lớn hơn tổng số hộ" in found[8, "Số hộ đăng ký"].reason
    assert "Đã thẩm định" in found[9, "Ngày đăng ký"].reason
    assert found[10, "Ngày đăng ký"].value == "32/01/2026"
    assert "phải là số" in found[11, "Mã đơn vị"].reason
    assert "đã có ở dòng 2" in found[12, "Mã đơn vị"].reason
    assert "không còn hiệu lực" in found[13, "Mã đơn vị"].reason
    assert [p.row for p in outcome.problems] == sorted(p.row for p in outcome.problems)
    assert Assessment.objects.count() == before
    assert outcome.changed == 0


def test_dry_run_lists_what_the_services_refuse(area, user_of_role):
    late = _unit(area, "Thôn Đăng Ký Muộn")
    fine = _unit(area, "Thôn Đúng Hạn")
    rows = [_row(fine), _row(late, day=f"15/01/{YEAR - 3}")]
    outcome = _check(area, user_of_role("commune_committee"), _xlsx(rows))
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "Ngày đăng ký")]
    assert f"trong năm {YEAR}" in outcome.problems[0].reason
    assert not Assessment.objects.exists()


def test_dry_run_reports_header_problems(area, user_of_role):
    unit = _unit(area, "Thôn Một")
    headers = ["Mã đơn vị", "Tiêu chí 1", "Tiêu chí 9", "Tiêu chí 2"]
    outcome = _check(area, user_of_role("commune_committee"),
                     _xlsx([[unit.pk, "Đạt", "Đạt", "Đạt"]], headers=headers))  # fmt: skip
    reasons = {p.column: p.reason for p in outcome.problems}
    assert "hệ thống tính" in reasons["Tiêu chí 1"]
    assert "không có trong tệp mẫu" in reasons["Tiêu chí 9"]
    assert not Assessment.objects.exists()


def test_a_damaged_file_is_reported_not_raised(area, user_of_role):
    outcome = _check(area, user_of_role("commune_committee"), b"PK\x03\x04 not really a zip")
    assert not outcome.ok
    assert "Không đọc được tệp Excel" in outcome.problems[0].reason


# -- all or nothing -------------------------------------------------------------------------


def test_commit_with_one_bad_row_writes_no_row(area, user_of_role):
    first = _unit(area, "Thôn Một")
    second = _unit(area, "Thôn Hai")
    already = _unit(area, "Thôn Đã Đăng Ký")
    registered(already, YEAR)
    rows = [_row(first), _row(already, verdicts=("Không đạt", "Đạt", "Đạt", "Đạt")),
            _row(second, verdicts=("Đạt", "Đạt", "Có lẽ", "Đạt"))]  # fmt: skip
    outcome = _commit(area, user_of_role("commune_committee"), _xlsx(rows))
    assert [p.row for p in outcome.problems] == [4]
    assert not Assessment.objects.filter(rated_unit__in=[first, second]).exists()
    untouched = Assessment.objects.get(rated_unit=already)
    assert untouched.results.get(criterion__number="2").self_met is None
    assert outcome.changed == 0


def test_commit_refused_by_a_service_mid_way_writes_no_row(area, user_of_role):
    first = _unit(area, "Thôn Một")
    late = _unit(area, "Thôn Muộn")
    rows = [_row(first), _row(late, day=f"15/01/{YEAR - 3}")]
    outcome = _commit(area, user_of_role("commune_committee"), _xlsx(rows))
    assert not outcome.ok
    assert not Assessment.objects.exists()


def test_import_through_the_pages_checks_then_writes_every_row(area, user_of_role, client):
    first = _unit(area, "Thôn Một", households=60)
    second = _unit(area, "Thôn Hai")
    already = _unit(area, "Thôn Ba")
    registered(already, YEAR)
    rows = [
        _row(first, day=f"10/02/{YEAR}", notes=("Biên bản họp", "", "", "")),
        _row(second, verdicts=("Đạt", "", "Không đạt", "")),
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        [already.pk, already.name, "", "", "", "", "", "đạt", "dat", "Đạt", "ĐẠT", "", "", "",
         ""],
    ]  # fmt: skip
    client.force_login(user_of_role("commune_committee"))
    page = client.get(_url(area))
    html = page.content.decode()
    assert reverse("safety_ratings:grid", args=[area.commune_1.pk, YEAR, KDC]) in html
    assert _url(area, "assessment-import-template") in html
    upload = SimpleUploadedFile("danh-gia.xlsx", _xlsx(rows))
    response = client.post(_url(area), {"upload": upload})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.ok, outcome.problems
    assert (outcome.rows, outcome.changed, outcome.registered) == (3, 3, 2)
    assert not Assessment.objects.filter(rated_unit__in=[first, second]).exists()
    token = response.context["token"]
    response = client.post(_url(area), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_ratings:grid",
                                           args=[area.commune_1.pk, YEAR, KDC])  # fmt: skip
    one = Assessment.objects.get(rated_unit=first, year=YEAR)
    assert one.status == Status.SELF_ASSESSED
    assert one.registered_on == datetime.date(YEAR, 2, 10)
    assert one.households_registered == 60
    assert one.results.get(criterion__number="1").self_met is True
    assert one.results.get(criterion__number="2").evidence == "Biên bản họp"
    two = Assessment.objects.get(rated_unit=second, year=YEAR)
    assert two.status == Status.REGISTERED
    assert two.results.get(criterion__number="4").self_met is False
    assert two.results.get(criterion__number="3").self_met is None
    assert Assessment.objects.get(rated_unit=already).status == Status.SELF_ASSESSED


def test_confirm_after_the_data_changed_writes_nothing(area, user_of_role, client):
    first = _unit(area, "Thôn Một")
    moving = _unit(area, "Thôn Đổi")
    dossier = self_assessed(moving, YEAR, failing=("2",))
    rows = [_row(first), _row(moving)]
    client.force_login(user_of_role("commune_committee"))
    response = client.post(_url(area), {"upload": SimpleUploadedFile("a.xlsx", _xlsx(rows))})
    token = response.context["token"]
    assessment_appraise(assessment=dossier, verdicts={}, organization=None, by=None)
    response = client.post(_url(area), {"confirm": "1", "token": token})
    assert response.status_code == 422
    assert "Dữ liệu đã thay đổi" in response.content.decode()
    assert [p.row for p in response.context["outcome"].problems] == [3]
    assert not Assessment.objects.filter(rated_unit=first).exists()


def test_confirm_with_a_stale_token_is_refused(area, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    response = client.post(_url(area), {"confirm": "1", "token": "khong-co"}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("danh-gia.csv", b"a,b", "Chỉ nhận tệp Excel .xlsx"),
        ("danh-gia.xlsx", b"<html>not excel</html>", "không phải tệp Excel .xlsx hợp lệ"),
        ("danh-gia.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "lớn hơn 5 MB"),
    ],
)
def test_upload_type_and_size_checked_before_reading(area, user_of_role, client, name, content,
                                                     reason):  # fmt: skip
    client.force_login(user_of_role("commune_committee"))
    response = client.post(_url(area), {"upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert reason in str(response.context["form"].errors["upload"])
    assert "outcome" not in response.context
