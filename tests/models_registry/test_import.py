"""Spreadsheet import: a dry run lists every bad row, then all rows are saved or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from models_registry.models import ModelReview, ModelSite, SecurityModel
from tests.models_registry.factories import make_model

MODEL_HEADERS = [
    "Tên mô hình", "Lĩnh vực", "Cấp phát động", "Mã địa bàn", "Ngày bắt đầu hoạt động",
    "Cơ quan phát động", "Cơ quan quản lý", "Số, ký hiệu QĐ thành lập", "Ngày QĐ thành lập",
    "Mô tả", "Mục tiêu", "Người liên hệ",
]  # fmt: skip
CATEGORY = "Camera giám sát ANTT"


def _xlsx(headers, rows, title="Mô hình") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("mo-hinh.xlsx", buffer.getvalue())


def _model_row(name, code="90", category=CATEGORY, level="UBND tỉnh", day="01/03/2020"):
    return [name, category, level, code, day, "", "Công an tỉnh Lạng Thử", "05/QĐ-UBND",
            "15/02/2020", "", "Giữ gìn ANTT", "Ông A"]  # fmt: skip


@pytest.mark.django_db
def test_import_with_bad_rows_lists_every_error_and_saves_nothing(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    upload = _xlsx(MODEL_HEADERS, [
        _model_row("Tốt 1"),
        _model_row("Sai lĩnh vực", category="Không có"),
        _model_row("Sai ngày", day="31/02/2020"),
        _model_row("Sai địa bàn", code="99999"),
        _model_row("Tỉnh khác", code="91"),  # outside the staff's scope
        _model_row("Tốt 2", level="Cấp xã"),
    ])  # fmt: skip
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "models", "upload": upload})  # fmt: skip
    errors = response.context["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {
        (2, "Lĩnh vực"), (3, "Ngày bắt đầu hoạt động"), (4, "Mã địa bàn"), (5, "Mã địa bàn"),
    }  # fmt: skip
    assert all(e["reason"] for e in errors)
    bad_category = next(e for e in errors if e["column"] == "Lĩnh vực")
    assert bad_category["value"] == "Không có"
    assert "token" not in response.context
    assert not SecurityModel.objects.exists()
    assert "Có 4 lỗi" in response.content.decode()


@pytest.mark.django_db
def test_import_valid_file_after_dry_run_commits_all_rows(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    upload = _xlsx(MODEL_HEADERS, [_model_row("Tốt 1"), _model_row("Tốt 2", code="90001")])
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "models", "upload": upload})  # fmt: skip
    assert response.context["errors"] == []
    assert not SecurityModel.objects.exists()  # the dry run saved nothing
    token = response.context["token"]
    response = client.post(reverse("models_registry:model-import"),
                           {"confirm": "1", "token": token})  # fmt: skip
    assert response.status_code == 302
    models = {m.name: m for m in SecurityModel.objects.select_related("unit", "launch_level")}
    assert set(models) == {"Tốt 1", "Tốt 2"}
    assert models["Tốt 2"].unit == area.commune_1
    assert models["Tốt 1"].managing_organization == area.police
    assert models["Tốt 1"].founding_number_symbol == "05/QĐ-UBND"


@pytest.mark.django_db
def test_import_duplicate_in_the_file_rejects_the_whole_file(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    upload = _xlsx(MODEL_HEADERS, [_model_row("Trùng"), _model_row("Trùng")])
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "models", "upload": upload})  # fmt: skip
    assert [e["row"] for e in response.context["errors"]] == [2]
    assert not SecurityModel.objects.exists()


@pytest.mark.django_db
def test_import_sites_and_reviews(area, user_of_role, client):
    model = make_model(unit=area.province, name="Camera giám sát ANTT")
    client.force_login(user_of_role("standing_staff"))
    sites = _xlsx(["Tên mô hình", "Mã địa bàn", "Khu dân cư, cơ quan", "Ngày bắt đầu",
                   "Ngày kết thúc", "Số tổ", "Số thành viên"],
                  [["Camera giám sát ANTT", "90001", "Thôn 1", "01/06/2020", None, 3, 12],
                   ["Camera giám sát ANTT", 90101, "Thôn 2", "2020-07-01", None, 2, 8],
                   ["Không có mô hình này", "90001", "", "01/06/2020", None, 1, 1],
                   ["Camera giám sát ANTT", "90002", "", "01/06/2020", None, -1, 1]],
                  title="Điểm nhân rộng")  # fmt: skip
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "sites", "upload": sites})  # fmt: skip
    assert {(e["row"], e["column"]) for e in response.context["errors"]} == {
        (3, "Tên mô hình"), (4, "Số tổ"),
    }  # fmt: skip
    assert not ModelSite.objects.exists()
    good = _xlsx(["Tên mô hình", "Mã địa bàn", "Khu dân cư, cơ quan", "Ngày bắt đầu", "Số tổ",
                  "Số thành viên"],
                 [["Camera giám sát ANTT", "90001", "Thôn 1", "01/06/2020", 3, 12],
                  ["Camera giám sát ANTT", 90101, "Thôn 2", "01/07/2020", 2, 8]])  # fmt: skip
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "sites", "upload": good})  # fmt: skip
    client.post(reverse("models_registry:model-import"),
                {"confirm": "1", "token": response.context["token"]})  # fmt: skip
    assert model.sites.count() == 2
    assert {s.unit for s in model.sites.all()} == {area.commune_1, area.old_commune_1}
    reviews = _xlsx(["Tên mô hình", "Hình thức", "Ngày sơ kết, tổng kết", "Đánh giá",
                     "Kết quả, nhận xét"],
                    [["Camera giám sát ANTT", "Sơ kết", "10/12/2021", "Hoạt động hình thức",
                      "Chưa thường xuyên"]])  # fmt: skip
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "reviews", "upload": reviews})  # fmt: skip
    assert response.context["errors"] == []
    client.post(reverse("models_registry:model-import"),
                {"confirm": "1", "token": response.context["token"]})  # fmt: skip
    review = ModelReview.objects.get()
    assert review.assessment == "formal" and review.kind == "interim"


@pytest.mark.django_db
def test_import_refuses_non_xlsx(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    upload = SimpleUploadedFile("mo-hinh.csv", b"a,b")
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "models", "upload": upload})  # fmt: skip
    assert "Chỉ nhận tệp Excel" in response.content.decode()


@pytest.mark.django_db
def test_import_template_is_prefilled_with_the_areas_units(area, user_of_role, client):
    client.force_login(user_of_role("district_committee"))
    response = client.get(reverse("models_registry:model-import-template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Mô hình", "Điểm nhân rộng", "Sơ kết, tổng kết",
                               "Đơn vị hành chính"]  # fmt: skip
    assert [c.value for c in book["Mô hình"][1]] == MODEL_HEADERS
    codes = {row[0] for row in book["Đơn vị hành chính"].iter_rows(min_row=2, values_only=True)}
    assert {"901", "90101", "90001"} <= codes
    assert "91" not in codes and "902" not in codes


@pytest.mark.django_db
def test_template_filled_in_imports_cleanly(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    book = load_workbook(io.BytesIO(client.get(
        reverse("models_registry:model-import-template")).content))  # fmt: skip
    book["Mô hình"].append(_model_row("Từ tệp mẫu"))
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("mau.xlsx", buffer.getvalue())
    response = client.post(reverse("models_registry:model-import"),
                           {"kind": "models", "upload": upload})  # fmt: skip
    assert response.context["errors"] == []
    assert response.context["total"] == 1
