"""The consolidated report as an official PDF, read back: text with the totals, the annex on
its own page, fonts embedded, the snapshot kept, signing, and who may print."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from printing.demo import demo_signing_setup
from printing.letterhead import IssueHeader
from printing.models import IssuedPdf
from printing.services import pdf_verify
from reporting.services.printing import (
    SOURCE_LABEL,
    consolidated_print_context,
    consolidated_report_print,
)
from reporting.services.submissions import submission_accept

from .factories_completeness import TODAY, constructed_case, report_case

pytestmark = pytest.mark.django_db

TINOS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"}
HEADER = IssueHeader(
    number_symbol="15/BC-BCĐ",
    place="Lạng Thử",
    authority="KT. Trưởng ban",
    position="Phó Trưởng ban",
    signer_name="Hoàng Văn Ký",
    recipients=["Ban Chỉ đạo 138 Bộ Công an (b/c);", "Các thành viên Ban Chỉ đạo;"],
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing a password the real way takes a second or more on a busy machine; these tests
    # make many users and never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def case(area):
    return report_case(constructed_case(area))


@pytest.fixture
def staff(user_of_role):
    return user_of_role("standing_staff")


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read-back.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True, text=True).stdout  # fmt: skip


def pdffonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(font name without its subset tag, emb) for each font of the PDF."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return [
        (line.split()[0].split("+", 1)[-1], line.split()[-5]) for line in output.splitlines()[2:]
    ]


def assert_in_order(text: str, fragments: list[str]) -> None:
    flat = _flat(text)
    position = 0
    for fragment in fragments:
        found = flat.find(fragment, position)
        assert found >= 0, (
            f"«{fragment}» not found after «{flat[max(0, position - 80) : position]}»"
        )
        position = found + len(fragment)


def test_consolidated_report_reads_back_with_its_totals_and_annex(case, staff, media, area):
    issued = consolidated_report_print(
        period=case.period, by=staff, accepted_only=False, header=HEADER, sign=False, today=TODAY
    )
    pdf = issued.file.read()
    assert issued.source_label == SOURCE_LABEL and issued.source_id == case.period.pk
    text = pdftotext(pdf, media)
    assert_in_order(text, [
        "ỦY BAN NHÂN DÂN TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BAN CHỈ ĐẠO 138 TỈNH",
        "Số: 15/BC-BCĐ", "Lạng Thử, ngày 20 tháng 12 năm 2025", "BÁO CÁO",
        "Tổng hợp kết quả phong trào số", "kỳ Quý IV/2025",
        "Thực hiện chế độ báo cáo “Báo cáo quý về phong trào toàn dân bảo vệ ANTQ”",
        "I. TÌNH HÌNH NỘP BÁO CÁO", "Tính đến ngày 20/12/2025, có 2/4 đơn vị đã nộp báo cáo (50%)",
        "1 đơn vị nộp đúng hạn, 1 đơn vị nộp muộn; 1 báo cáo đã được chấp nhận",
        "Còn 2 đơn vị chưa nộp báo cáo: Ban Chỉ đạo 138 xã Đồng Đăng, Sở Giáo dục và Đào tạo",
        "II. KẾT QUẢ TỔNG HỢP SỐ LIỆU",
        "Số liệu gồm các báo cáo đã được chấp nhận và các báo cáo đã nộp, đang chờ duyệt.",
        "Kết quả tổng hợp từ 2 báo cáo tại Phụ lục kèm theo.", "Nơi nhận:",
    ])  # fmt: skip
    assert_in_order(text, ["Nơi nhận:", "- Ban Chỉ đạo 138 Bộ Công an (b/c);", "- Lưu: VT."])
    assert_in_order(text, ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Hoàng Văn Ký"])
    assert_in_order(text, [
        "PHỤ LỤC", "KẾT QUẢ TỔNG HỢP SỐ LIỆU BÁO CÁO KỲ QUÝ IV/2025",
        "(Kèm theo Báo cáo số 15/BC-BCĐ ngày 20/12/2025 của Ban Chỉ đạo 138 tỉnh",
        "STT", "Chỉ tiêu", "I. Kết quả",
        "1", "Số vụ việc phát hiện", "vụ", "Cộng", "20", "2",
        "2", "Số vụ việc đã giải", "vụ", "Cộng", "15", "2",
        "3", "Tỷ lệ hộ gia đình ký", "%", "Trung bình", "87,50", "2",
    ])  # fmt: skip
    assert f"Mã xác thực: {issued.code}" in _flat(text)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    assert "PHỤ LỤC" in pages[-1].extract_text()
    assert "TÌNH HÌNH NỘP BÁO CÁO" not in pages[-1].extract_text()
    fonts = pdffonts(pdf, media)
    assert fonts and {name for name, _emb in fonts} <= TINOS
    assert all(embedded == "yes" for _name, embedded in fonts)


def test_consolidated_report_keeps_its_snapshot_when_reports_change(case, staff, media):
    first = consolidated_report_print(
        period=case.period, by=staff, accepted_only=True, header=HEADER, sign=False, today=TODAY
    )
    first_bytes = first.file.read()
    submission_accept(submission=case.late.submission, by=case.reviewer_user)
    second = consolidated_report_print(
        period=case.period, by=staff, accepted_only=True, header=HEADER, sign=False, today=TODAY
    )
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    totals = {f["code"]: f["total"] for s in first.snapshot["sections"] for f in s["figures"]}
    assert totals["vu_viec"] == "12"
    later = {f["code"]: f["total"] for s in second.snapshot["sections"] for f in s["figures"]}
    assert later["vu_viec"] == "20"
    assert (first.version, second.version) == (1, 2)
    assert first.snapshot["not_included"] == [
        {"organization": case.late.organization.name, "reason": "Đã nộp, chưa được chấp nhận"}
    ]
    # The context is built from the snapshot alone.
    context = consolidated_print_context(first.snapshot)
    assert context["sections"][0]["figures"][0]["total"] == "12"


def test_consolidated_report_prints_through_the_view(client, case, staff, media):
    client.force_login(staff)
    page = client.get(reverse("reporting:consolidation", args=[case.period.pk]))
    assert 'data-testid="consolidation-print-form"' in page.content.decode()
    assert 'name="sign"' not in page.content.decode()  # no key for the committee yet
    url = reverse("reporting:consolidation-print", args=[case.period.pk])
    response = client.post(url, {"number_symbol": "16/BC-BCĐ", "signer_name": "Hoàng Văn Ký",
                                 "recipients": "Như trên;\nLưu hồ sơ;"})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:consolidation", args=[case.period.pk])
    issued = IssuedPdf.objects.get(source_label=SOURCE_LABEL)
    assert issued.issued_by == staff
    assert issued.snapshot["recipients"] == ["Như trên;", "Lưu hồ sơ;"]
    download = client.get(reverse("reporting:consolidation-pdf", args=[case.period.pk, issued.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("reporting:consolidation", args=[case.period.pk]))
    assert issued.code in page.content.decode()


def test_signed_consolidated_report_verifies(client, case, staff, media, settings, area):
    settings.PRINTING_KEYS_DIR = media / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(media / "keys" / "ca.pem")]
    demo_signing_setup(organizations=[area.provincial_committee], people=[])
    client.force_login(staff)
    page = client.get(reverse("reporting:consolidation", args=[case.period.pk]))
    assert 'name="sign"' in page.content.decode()
    url = reverse("reporting:consolidation-print", args=[case.period.pk])
    response = client.post(url, {"sign": "on", "signer_name": "", "position": "Trưởng ban"})
    assert response.status_code == 200
    assert "Ghi họ tên người ký để ký số báo cáo." in response.content.decode()
    assert not IssuedPdf.objects.exists()
    response = client.post(url, {"sign": "on", "signer_name": "Hoàng Văn Ký",
                                 "position": "Trưởng ban"})  # fmt: skip
    assert response.status_code == 302
    issued = IssuedPdf.objects.get()
    assert issued.is_signed and issued.signing_organization == area.provincial_committee
    result = pdf_verify(data=issued.file.read())
    assert result.report.ok and result.record == issued


def test_leader_reads_the_table_but_does_not_print(client, case, user_of_role, media):
    client.force_login(user_of_role("leader"))
    page = client.get(reverse("reporting:consolidation", args=[case.period.pk]))
    assert page.status_code == 200
    assert "consolidation-print-form" not in page.content.decode()
    url = reverse("reporting:consolidation-print", args=[case.period.pk])
    assert client.post(url, {}).status_code == 403
    assert not IssuedPdf.objects.exists()


def test_average_and_totals_are_in_the_snapshot(case, staff, media):
    issued = consolidated_report_print(
        period=case.period, by=staff, accepted_only=False, header=IssueHeader(), sign=False,
        today=TODAY,
    )  # fmt: skip
    figures = {f["code"]: f for s in issued.snapshot["sections"] for f in s["figures"]}
    assert figures["ty_le"]["total"] == "87,50"
    assert figures["ty_le"]["aggregation"] == "Trung bình"
    assert issued.snapshot["counts"]["submitted_rate"] == "50%"
    assert issued.snapshot["place"] == "Lạng Thử"
    assert Decimal(issued.snapshot["counts"]["expected"]) == 4
