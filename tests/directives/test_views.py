"""Pages of the directives app: register from text, lists with bounded queries, spreadsheets."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Document
from directives.services.tasks import TaskInput
from tests.directives.factories import make_document

STATE_NOTICE = """UBND TỈNH LẠNG THỬ
BAN CHỈ ĐẠO 138
Số: 12/TB-BCĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Thử, ngày 05 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo tại hội nghị sơ kết phong trào
Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, Trưởng Ban kết luận:
1. Giao Công an tỉnh Lạng Thử chủ trì, phối hợp với Sở Giáo dục và Đào tạo Lạng Thử tổ chức tuyên truyền trong trường học, hoàn thành trước ngày 30/6/2026.
2. Giao Ban Chỉ đạo 138 huyện Cao Thử định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực hiện về Ban Chỉ đạo 138 tỉnh.
Nơi nhận:
- Ban Chỉ đạo 138 Bộ Công an (b/c);
- Công an tỉnh Lạng Thử (t/h);
- Lưu: VT, BCĐ.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Nguyễn Văn Thử
"""


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_read_text_prefills_the_register_form_and_saving_registers_everything(area, user_of_role):
    client = _client(user_of_role("standing_staff"))
    response = client.post(reverse("directives:document-read-text"), {"text": STATE_NOTICE})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["number_symbol"] == "12/TB-BCĐ"
    assert form.initial["issue_date"] == "2026-03-05"
    task_initial = response.context["task_formset"].initial
    assert len(task_initial) == 2
    assert task_initial[0]["lead"] == [area.police.pk]
    assert task_initial[0]["coordinating"] == [area.department.pk]
    assert task_initial[1]["deadline_kind"] == "yearly"
    assert task_initial[1]["deadline_value"] == "12-10"

    data = {
        "system": "state", "type_code": "TB", "type_name": "Thông báo",
        "number_symbol": "12/TB-BCĐ", "issuer": area.provincial_committee.pk,
        "issuer_name": "", "parent_issuer_name": "UBND TỈNH LẠNG THỬ", "place": "Lạng Thử",
        "issue_date": "2026-03-05", "title": "Kết luận tại hội nghị sơ kết",
        "body_html": "<p>Nội dung</p>", "authority": "KT.", "authority_body": "TRƯỞNG BAN",
        "position": "PHÓ TRƯỞNG BAN", "signer_name": "Nguyễn Văn Thử", "archive_line": "",
        "urgency": "", "secrecy": "", "recipients_text": "- Công an tỉnh Lạng Thử (t/h);",
        "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0",
        "tasks-0-number": "1", "tasks-0-text": "Tổ chức tuyên truyền trong trường học",
        "tasks-0-deadline_kind": "date", "tasks-0-deadline_value": "2026-06-30",
        "tasks-0-deadline_text": "trước ngày 30/6/2026", "tasks-0-lead": [area.police.pk],
        "tasks-0-coordinating": [area.department.pk], "tasks-0-lead_names": "",
        "tasks-0-coordinating_names": "",
        "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "0",
        "citations-0-keep": "on", "citations-0-type_name": "Kết luận",
        "citations-0-number_symbol": "44-KL/TW", "citations-0-date": "2019-01-22",
        "citations-0-issuer_name": "Ban Bí thư", "citations-0-relation": "implements",
    }  # fmt: skip
    response = client.post(reverse("directives:document-create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    document = Document.objects.get(number_symbol="12/TB-BCĐ")
    assert document.tasks.get().assignments.count() == 2
    assert document.citations.get().cited.number_symbol == "44-KL/TW"
    assert document.recipients.get().purpose == "t/h"

    response = client.post(reverse("directives:document-create"), data)
    assert response.status_code == 400
    assert "Xem văn bản đã đăng ký" in response.content.decode()
    assert Document.objects.filter(number_symbol="12/TB-BCĐ").count() == 1


@pytest.mark.django_db
def test_read_text_refuses_an_empty_file_with_a_message(area, user_of_role):
    client = _client(user_of_role("standing_staff"))
    empty = io.BytesIO(b"")
    empty.name = "trong.txt"
    response = client.post(reverse("directives:document-read-text"), {"upload": empty})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["directives:document-list", "directives:task-board", "directives:task-mine",
     "directives:task-stats"],
)  # fmt: skip
def test_list_pages_run_a_bounded_number_of_queries(
    area, user_of_role, django_assert_max_num_queries, url_name
):
    for number in range(1, 26):
        make_document(
            issuer=area.provincial_committee, number_symbol=f"{number:02d}/KH-BCĐ",
            tasks=[TaskInput(text=f"Nhiệm vụ {number}", deadline_kind="yearly",
                             deadline_value="12-10", lead=[area.police, area.commune_committee_1])],
        )  # fmt: skip
    client = _client(user_of_role("standing_staff"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_document_detail_runs_a_bounded_number_of_queries(
    area, user_of_role, django_assert_max_num_queries
):
    document = make_document(
        issuer=area.provincial_committee,
        tasks=[TaskInput(text=f"Việc {n}", deadline_kind="periodic", deadline_value="quarter",
                         lead=[area.police], coordinating=[area.department]) for n in range(12)],
    )  # fmt: skip
    client = _client(user_of_role("standing_staff"))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("directives:document-detail", args=[document.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_export_register_and_tasks_to_xlsx_with_vietnamese_headers(area, user_of_role):
    make_document(
        issuer=area.provincial_committee,
        tasks=[TaskInput(text="Việc", deadline_kind="date", deadline_value="2026-02-01",
                         lead=[area.police])],
    )  # fmt: skip
    client = _client(user_of_role("standing_staff"))
    response = client.get(reverse("directives:document-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành"]
    assert sheet["A2"].value == "05/KH-BCĐ"
    response = client.get(reverse("directives:task-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Tình trạng" in [c.value for c in sheet[1]]
    assert sheet.max_row == 2


def _xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Tên cơ quan (nguyên văn)",
                  "Ngày ban hành", "Trích yếu", "Thẩm quyền ký", "Chức vụ người ký", "Người ký",
                  "Trạng thái"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "so-van-ban.xlsx"
    return data


@pytest.mark.django_db
def test_import_register_shows_every_bad_row_and_saves_nothing(area, user_of_role):
    client = _client(user_of_role("standing_staff"))
    upload = _xlsx([
        ["01/KH-BCĐ", "Kế hoạch", area.provincial_committee.name, "", "15/01/2026", "Một",
         "", "", "", "Ban hành"],
        ["sai số", "Kế hoạch", area.provincial_committee.name, "", "15/01/2026", "Hai",
         "", "", "", "Ban hành"],
        ["03/KH-BCĐ", "Kế hoạch", area.provincial_committee.name, "", "32/01/2026", "Ba",
         "", "", "", "Ban hành"],
    ])  # fmt: skip
    response = client.post(reverse("directives:document-import"), {"upload": upload})
    errors = response.context["errors"]
    assert {e["row"] for e in errors} == {2, 3}
    assert any("32/01/2026" in str(e["value"]) or "32/01/2026" in e["reason"] for e in errors)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_import_register_dry_run_then_commit_all(area, user_of_role):
    client = _client(user_of_role("standing_staff"))
    upload = _xlsx([
        ["01/KH-BCĐ", "Kế hoạch", area.provincial_committee.name, "", "15/01/2026", "Một",
         "", "", "", "Ban hành"],
        ["02/TB-BCĐ", "Thông báo", "Cơ quan lạ", "Cơ quan lạ", datetime.date(2026, 2, 1), "Hai",
         "", "", "", "Dự thảo"],
    ])  # fmt: skip
    response = client.post(reverse("directives:document-import"), {"upload": upload})
    assert response.context["errors"] == []
    assert not Document.objects.exists()
    response = client.post(
        reverse("directives:document-import"), {"confirm": "1", "token": response.context["token"]}
    )
    assert response.status_code == 302
    assert Document.objects.count() == 2
    assert Document.objects.get(number_symbol="01/KH-BCĐ").status == "issued"


@pytest.mark.django_db
def test_uploaded_original_is_kept_through_the_review_and_saved_with_the_document(
    area, user_of_role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = _client(user_of_role("standing_staff"))
    upload = io.BytesIO(STATE_NOTICE.encode("utf-8"))
    upload.name = "thong-bao-12.txt"
    response = client.post(reverse("directives:document-read-text"), {"upload": upload})
    token = response.context["pending_original"]
    assert token and "thong-bao-12.txt" in response.content.decode()
    response = client.post(
        reverse("directives:document-create"),
        {
            "system": "state", "type_code": "TB", "type_name": "Thông báo",
            "number_symbol": "12/TB-BCĐ", "issuer": area.provincial_committee.pk,
            "issue_date": "2026-03-05", "title": "Kết luận", "urgency": "", "secrecy": "",
            "tasks-TOTAL_FORMS": "0", "tasks-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0",
            "pending_original": token,
        },
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get(number_symbol="12/TB-BCĐ")
    assert document.original_file.read().decode("utf-8") == STATE_NOTICE
    assert not (tmp_path / "nhap-tam" / token).exists()
