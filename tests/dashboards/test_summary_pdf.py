"""The dashboard's signed one-page summary, read back: the figures in Vietnamese on one A4
page, fonts embedded, the snapshot kept when the data changes, the signature validated with
pyHanko, issuing through the view and downloading."""

from __future__ import annotations

import datetime
import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from pypdf.generic import RectangleObject

from dashboards.selectors import DashboardQuery
from dashboards.services import summary_issue
from dashboards.summary import summary_pdfs, summary_print_context
from printing.demo import demo_signing_setup
from printing.letterhead import IssueHeader
from printing.models import IssuedPdf
from printing.services import pdf_verify, trust_roots
from safety_ratings.models import UnitKind
from safety_ratings.selectors.rate_areas import default_era, rate_area
from tests.organizations.factories import UserFactory
from tests.safety_ratings.factories import RatedUnitFactory, registered

from .test_exports import YEAR, outputs_case

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 12, 20)
SUMMARY = reverse("dashboards:summary")
TINOS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"}
# A4 in points, as WeasyPrint writes it (210 × 297 mm).
A4 = (595.28, 841.89)
HEADER = IssueHeader(
    number_symbol="25/BC-CAT",
    place="Lạng Thử",
    authority="KT. Giám đốc",
    position="Phó Giám đốc",
    signer_name="Hoàng Văn Ký",
    recipients=["Ban Chỉ đạo 138 Bộ Công an (b/c);", "Thường trực Tỉnh ủy (b/c);"],
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # These tests make many users and never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def case(area):
    return outputs_case(area)


@pytest.fixture
def staff(user_of_role):
    return user_of_role("standing_staff")


def query_for(user, unit, year: int = YEAR) -> DashboardQuery:
    return DashboardQuery(year=year, area=rate_area(unit, user=user), era=default_era(year))


def issue(user, unit, *, header: IssueHeader = HEADER, sign: bool = False) -> IssuedPdf:
    return summary_issue(query=query_for(user, unit), by=user, header=header, sign=sign,
                         today=TODAY)  # fmt: skip


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


def assert_one_a4_page(pdf: bytes) -> None:
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    box: RectangleObject = pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (
        round(A4[0], 1), round(A4[1], 1),
    )  # fmt: skip


def test_summary_reads_back_with_the_figures_on_one_page(area, case, staff, media):
    issued = issue(staff, area.province)
    pdf = issued.file.read()
    assert (issued.source_label, issued.source_id) == ("dashboards.summary.2025", area.province.pk)
    assert issued.title == (
        "Báo cáo tóm tắt tình hình phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025 trên "
        "địa bàn tỉnh Lạng Thử"
    )
    text = pdftotext(pdf, media)
    assert_in_order(text, [
        "CÔNG AN TỈNH LẠNG THỬ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 25/BC-CAT", "Lạng Thử, ngày 20 tháng 12 năm 2025", "BÁO CÁO",
        "Tóm tắt tình hình phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025 trên địa bàn",
        "tỉnh Lạng Thử",
        "Căn cứ số liệu trên Cổng thông tin tính đến ngày 20/12/2025, Công an tỉnh Lạng Thử",
        "1. Xây dựng “An toàn về an ninh, trật tự”",
        "- 2 / 3 khu dân cư — 66,67% (năm 2024: 33,33%; +33,34 điểm %);",
        "- 1 / 2 cơ sở giáo dục — 50% (năm 2024: 0%; +50,00 điểm %).",
        "2. Mô hình tự quản về an ninh, trật tự",
        "Tính đến ngày 20/12/2025, có 2 mô hình; trong đó 1 mô hình do Tỉnh ủy phát động; "
        "1 mô hình do cấp xã xây dựng.",
        "Trong năm có 1 mô hình mới, 0 mô hình dừng hoạt động; 0 mô hình điển hình.",
        "3. Thực hiện chế độ báo cáo",
        "(1 chế độ báo cáo): đã nộp 2/4 lượt báo cáo (50%), trong đó 1 lượt đúng hạn, 1 lượt "
        "nộp muộn; còn 2 lượt chưa nộp (2 lượt đã quá hạn), nhiều nhất ở: Báo cáo quý về phong "
        "trào toàn dân bảo vệ ANTQ (2).",
        "4. Thực hiện nhiệm vụ",
        "Năm 2025 có 4 lượt nhiệm vụ giao 2 cơ quan, đã hoàn thành 50%; cơ quan còn nhiệm vụ "
        "quá hạn: Công an tỉnh Lạng Thử (1).",
        "Đúng hạn, trong hạn", "Quá hạn", "Đã hoàn thành", "1", "1", "Chưa hoàn thành", "1", "1",
        "Nơi nhận:",
    ])  # fmt: skip
    assert_in_order(text, ["Nơi nhận:", "- Ban Chỉ đạo 138 Bộ Công an (b/c);",
                           "- Thường trực Tỉnh ủy (b/c);", "- Lưu: VT."])  # fmt: skip
    assert_in_order(text, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Ký"])
    assert f"Mã xác thực: {issued.code}" in _flat(text)
    # Kinds without eligible units are left out of a one-page summary.
    assert "cơ quan —" not in _flat(text) and "doanh nghiệp" not in _flat(text)
    assert_one_a4_page(pdf)
    fonts = pdffonts(pdf, media)
    assert fonts and {name for name, _emb in fonts} <= TINOS
    assert all(embedded == "yes" for _name, embedded in fonts)


def test_summary_stays_on_one_page_with_every_kind_and_long_lists(area, case, staff, media):
    """The fullest summary: the five kinds, three schedules and organizations named as the
    most behind, six recipients."""
    for kind in (UnitKind.COMMUNE, UnitKind.AGENCY, UnitKind.ENTERPRISE):
        registered(RatedUnitFactory(kind=kind, commune=area.commune_2,
                                    legacy_commune=area.old_commune_2), YEAR)  # fmt: skip
    header = IssueHeader(
        number_symbol="125/BC-CAT-PV05", place="Lạng Thử", authority="TM. Ban Chỉ đạo",
        position="Phó Trưởng ban Thường trực", signer_name="Nguyễn Hoàng Văn Thử",
        recipients=[f"Cơ quan nhận số {n} của tỉnh Lạng Thử (b/c);" for n in range(1, 7)],
    )  # fmt: skip
    issued = issue(staff, area.province, header=header)
    pdf = issued.file.read()
    text = _flat(pdftotext(pdf, media))
    for line in ("0 / 1 xã, phường, thị trấn — 0%", "0 / 1 cơ quan — 0%",
                 "0 / 1 doanh nghiệp — 0%", "2 / 3 khu dân cư — 66,67%"):  # fmt: skip
        assert line in text
    assert "- Cơ quan nhận số 6 của tỉnh Lạng Thử (b/c);" in text
    assert_one_a4_page(pdf)


def test_summary_keeps_its_snapshot_when_the_data_changes(area, case, staff, media):
    first = issue(staff, area.province)
    first_bytes = first.file.read()
    # A new residential area registers: the province's rate falls to 2 / 4.
    registered(RatedUnitFactory(name="Thôn Mới Lập", commune=area.commune_2,
                                legacy_commune=area.old_commune_2), YEAR)  # fmt: skip
    second = issue(staff, area.province)
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    assert (first.version, second.version) == (1, 2)
    rates = {r["kind"]: r["sentence"] for r in first.snapshot["rates"]}
    assert rates[UnitKind.RESIDENTIAL_AREA] == "2 / 3 khu dân cư — 66,67%"
    later = {r["kind"]: r["sentence"] for r in second.snapshot["rates"]}
    assert later[UnitKind.RESIDENTIAL_AREA] == "2 / 4 khu dân cư — 50%"
    # The context is built from the snapshot alone.
    context = summary_print_context(first.snapshot)
    assert context["rate_lines"][0].startswith("2 / 3 khu dân cư — 66,67%")
    assert "2 / 4 khu dân cư" in _flat(pdftotext(second.file.read(), media))
    assert list(summary_pdfs(query_for(staff, area.province))) == [second, first]


def test_summary_issues_through_the_view_and_is_listed_and_downloaded(
    area, case, staff, user_of_role, client, media
):
    client.force_login(staff)
    params = f"?year={YEAR}&area={area.province.pk}"
    page = client.get(SUMMARY + params)
    content = page.content.decode()
    assert 'data-testid="summary-form"' in content
    assert 'name="sign"' not in content  # no key for the police yet
    assert "Cơ quan ban hành: Công an tỉnh Lạng Thử." in content
    assert 'data-testid="summary-none"' in content
    response = client.post(SUMMARY + params, {
        "number_symbol": "26/BC-CAT", "place": "Lạng Thử", "position": "Giám đốc",
        "signer_name": "Hoàng Văn Ký", "recipients": "Như trên;\nLưu hồ sơ;",
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == SUMMARY + f"?year={YEAR}&area={area.province.pk}&kind=khu_dan_cu"
    issued = IssuedPdf.objects.get()
    assert issued.issued_by == staff and not issued.is_signed
    assert issued.snapshot["recipients"] == ["Như trên;", "Lưu hồ sơ;"]
    assert issued.snapshot["rates"][0]["sentence"] == "2 / 3 khu dân cư — 66,67%"
    listed = client.get(response["Location"]).content.decode()
    assert issued.code in listed and "Đã phát hành" in listed
    download_url = reverse("dashboards:summary-pdf", args=[issued.pk])
    assert download_url in listed
    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    # The leader reads the list and downloads, but does not issue.
    client.force_login(user_of_role("leader"))
    listed = client.get(SUMMARY + params).content.decode()
    assert issued.code in listed and 'data-testid="summary-form"' not in listed
    assert client.get(download_url).status_code == 200
    assert client.post(SUMMARY + params, {"signer_name": "X"}).status_code == 403
    # A district committee neither lists the province's summaries nor downloads them.
    client.force_login(user_of_role("district_committee"))
    assert client.get(SUMMARY + params).status_code == 404
    assert client.get(download_url).status_code == 404
    assert IssuedPdf.objects.count() == 1


def test_signed_summary_validates_with_pyhanko(area, case, staff, client, media, settings):
    settings.PRINTING_KEYS_DIR = media / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(media / "keys" / "ca.pem")]
    demo_signing_setup(organizations=[area.police], people=[])
    client.force_login(staff)
    url = SUMMARY + f"?year={YEAR}"
    assert 'name="sign"' in client.get(url).content.decode()
    response = client.post(url, {"sign": "on", "signer_name": "", "position": "Giám đốc"})
    assert response.status_code == 200
    assert "Ghi họ tên người ký để ký số bản tóm tắt." in response.content.decode()
    assert not IssuedPdf.objects.exists()
    response = client.post(url, {"sign": "on", "signer_name": "Hoàng Văn Ký",
                                 "position": "Giám đốc", "number_symbol": "27/BC-CAT"})  # fmt: skip
    assert response.status_code == 302
    issued = IssuedPdf.objects.get()
    assert issued.is_signed and issued.signing_organization == area.police
    assert issued.signer_name == "Hoàng Văn Ký"
    pdf = issued.file.read()
    assert_one_a4_page(pdf)
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line
    result = pdf_verify(data=pdf)
    assert result.report.ok and result.record == issued
    assert "66,67%" in _flat(pdftotext(pdf, media))
    # One changed byte (the producer's name, inside the signed range) breaks the signature.
    tampered = bytearray(pdf)
    tampered[pdf.rindex(b"WeasyPrint") + len(b"WeasyPrin")] = ord("T")
    assert not pdf_verify(data=bytes(tampered)).report.intact


def test_administrator_issues_for_the_areas_committee_but_not_for_the_nation(
    area, case, user_of_role, client, media
):
    admin = user_of_role("admin")
    client.force_login(admin)
    response = client.post(SUMMARY + f"?year={YEAR}&area=", {"signer_name": "Hoàng Văn Ký"})
    assert response.status_code == 200
    assert "không xác định được cơ quan ban hành" in response.content.decode()
    assert not IssuedPdf.objects.exists()
    response = client.post(SUMMARY + f"?year={YEAR}&area={area.province.pk}",
                           {"signer_name": "Hoàng Văn Ký"})  # fmt: skip
    assert response.status_code == 302
    issued = IssuedPdf.objects.get()
    assert issued.snapshot["issuer"] == "Ban Chỉ đạo 138 tỉnh Lạng Thử"
    assert issued.snapshot["parent_issuer"] == "Ủy ban nhân dân tỉnh Lạng Thử"
    assert_in_order(pdftotext(issued.file.read(), media), [
        # The header's left column is narrow: the names wrap.
        "ỦY BAN NHÂN DÂN TỈNH", "LẠNG THỬ", "BAN CHỈ ĐẠO 138 TỈNH", "LẠNG THỬ", "Lạng Thử, ngày",
    ])  # fmt: skip


def test_signer_image_is_used_when_the_portal_knows_the_signer(area, case, staff, media, settings):
    settings.PRINTING_KEYS_DIR = media / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(media / "keys" / "ca.pem")]
    signer = UserFactory(username="giamdoc", full_name="Hoàng Văn Ký")
    demo_signing_setup(organizations=[area.police], people=[signer])
    issued = issue(staff, area.province, sign=True)
    assert issued.is_signed and pdf_verify(data=issued.file.read()).report.ok
