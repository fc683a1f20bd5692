"""Importing rated units from .xlsx: a dry run lists every bad row (eligibility refusals
explained), then all rows are saved in one transaction, or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from safety_ratings.models import RatedUnit, UnitKind

from .factories import RatedUnitFactory

HEADERS = [
    "Loại đơn vị", "Tên đơn vị", "Mã xã, phường", "Mã xã trước 01/7/2025", "Loại khu dân cư",
    "Quy mô doanh nghiệp", "Cấp học", "Thuộc lực lượng vũ trang", "Địa chỉ", "Số hộ gia đình",
    "Hiệu lực từ",
]  # fmt: skip


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(rows, headers=HEADERS, title="Đơn vị được đánh giá") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("don-vi.xlsx", buffer.getvalue())


def _row(kind="Khu dân cư", name="Thôn Nà Thử", code="90001", legacy="", local="Thôn",
         size="", level="", armed="", households=120, day="01/01/2020"):  # fmt: skip
    return [kind, name, code, legacy, local, size, level, armed, "", households, day]


def _post(client, upload):
    return client.post(reverse("safety_ratings:rated-unit-import"), {"upload": upload})


@pytest.mark.django_db
def test_dry_run_lists_every_bad_row_and_saves_nothing(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    upload = _xlsx([
        _row(name="Thôn Tốt 1"),                                             # row 2
        _row(kind="Doanh nghiệp", name="Công ty TNHH Nhỏ", local="", size="Nhỏ"),  # row 3
        _row(name="Thôn Sai Mã", code="99999"),                              # row 4
        _row(name="Thôn Tỉnh Khác", code="91001"),                           # row 5
        _row(name="Thôn Sai Ngày", day="31/02/2020"),                        # row 6
        _row(kind="Cơ sở giáo dục", name="Trường Tiểu học A", local="", level="Tiểu học"),  # 7
        _row(kind="Cơ quan", name="Đồn Biên phòng", local="", armed="Có"),   # row 8
        _row(kind="Nhà máy", name="Không rõ loại"),                          # row 9
        _row(name="Thôn Tốt 2", legacy="90101"),                             # row 10
        _row(name="Thôn Thiếu Loại", local=""),                              # row 11
    ])  # fmt: skip
    response = _post(client, upload)
    errors = response.context["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {
        (3, "Quy mô doanh nghiệp"), (4, "Mã xã, phường"), (5, "Mã xã, phường"),
        (6, "Hiệu lực từ"), (7, "Cấp học"), (8, "Thuộc lực lượng vũ trang"), (9, "Loại đơn vị"),
        (11, "Loại khu dân cư"),
    }  # fmt: skip
    small = next(e for e in errors if e["row"] == 3)
    assert small["value"] == "Nhỏ" and "nhỏ và siêu nhỏ" in small["reason"]
    assert "Thông tư 124/2021" in small["reason"]
    assert "trong phạm vi của bạn" in next(e for e in errors if e["row"] == 5)["reason"]
    assert all(e["reason"] for e in errors)
    assert "token" not in response.context
    assert not RatedUnit.objects.exists()
    assert "Có 8 lỗi" in response.content.decode()


@pytest.mark.django_db
def test_valid_file_commits_every_row_after_the_dry_run(area, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    upload = _xlsx([
        _row(name="Thôn Nà Thử", legacy="90101"),
        _row(kind="doanh nghiep", name="Công ty Cổ phần Thử", local="", size="vua",
             households=None),
        _row(kind="Cơ sở giáo dục", name="Trường THPT Thử", local="", level="Trung học phổ thông",
             households=None, day="2019-09-05"),
        _row(kind="Cơ quan", name="Chi cục Thuế Thử", code=90001.0, local="", armed="Không",
             households=None),
    ])  # fmt: skip
    response = _post(client, upload)
    assert response.context["errors"] == []
    assert response.context["total"] == 4
    assert not RatedUnit.objects.exists()  # the dry run saved nothing
    response = client.post(reverse("safety_ratings:rated-unit-import"),
                           {"confirm": "1", "token": response.context["token"]})  # fmt: skip
    assert response.status_code == 302
    units = {u.name: u for u in RatedUnit.objects.select_related("commune", "legacy_commune")}
    assert set(units) == {"Thôn Nà Thử", "Công ty Cổ phần Thử", "Trường THPT Thử",
                          "Chi cục Thuế Thử"}  # fmt: skip
    assert units["Thôn Nà Thử"].legacy_commune == area.old_commune_1
    assert units["Thôn Nà Thử"].households == 120
    assert units["Công ty Cổ phần Thử"].enterprise_size == "medium"
    assert units["Trường THPT Thử"].education_level == "thpt"
    assert units["Chi cục Thuế Thử"].commune == area.commune_1
    assert all(u.created_by == user_of_role("district_committee") for u in units.values())


@pytest.mark.django_db
def test_commit_is_all_or_nothing_when_the_data_changed_since_the_dry_run(
    area, user_of_role, client
):
    client.force_login(user_of_role("standing_staff"))
    upload = _xlsx([_row(name="Thôn Một"), _row(name="Thôn Hai"), _row(name="Thôn Ba")])
    response = _post(client, upload)
    token = response.context["token"]
    # Someone adds "Thôn Ba" by hand before the import is confirmed: the third row now fails.
    RatedUnitFactory(commune=area.commune_1, name="Thôn Ba")
    response = client.post(reverse("safety_ratings:rated-unit-import"),
                           {"confirm": "1", "token": token})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_ratings:rated-unit-import")
    assert list(RatedUnit.objects.values_list("name", flat=True)) == ["Thôn Ba"]


@pytest.mark.django_db
def test_duplicate_rows_in_one_file_reject_the_file(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = _post(client, _xlsx([_row(name="Thôn Trùng"), _row(name="Thôn Trùng")]))
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Tên đơn vị")]
    assert not RatedUnit.objects.exists()


@pytest.mark.django_db
def test_confirm_with_a_stale_token_is_refused(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.post(reverse("safety_ratings:rated-unit-import"),
                           {"confirm": "1", "token": "khong-co"})  # fmt: skip
    assert response.status_code == 302
    assert not RatedUnit.objects.exists()


@pytest.mark.django_db
def test_import_refuses_non_xlsx(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = _post(client, SimpleUploadedFile("don-vi.csv", b"a,b"))
    assert "Chỉ nhận tệp Excel" in response.content.decode()


@pytest.mark.django_db
def test_template_lists_the_users_communes_and_the_accepted_values(area, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    response = client.get(reverse("safety_ratings:rated-unit-import-template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị được đánh giá", "Xã, phường", "Danh mục"]
    assert [c.value for c in book["Đơn vị được đánh giá"][1]] == HEADERS
    codes = {row[0] for row in book["Xã, phường"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"90101", "90001"}
    kinds = [row[0] for row in book["Danh mục"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Khu dân cư" in kinds and UnitKind.COMMUNE.label.capitalize() not in kinds


@pytest.mark.django_db
def test_template_filled_in_imports_cleanly(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    content = client.get(reverse("safety_ratings:rated-unit-import-template")).content
    book = load_workbook(io.BytesIO(content))
    book["Đơn vị được đánh giá"].append(_row(name="Từ tệp mẫu"))
    buffer = io.BytesIO()
    book.save(buffer)
    response = _post(client, SimpleUploadedFile("mau.xlsx", buffer.getvalue()))
    assert response.context["errors"] == []
    assert response.context["total"] == 1
