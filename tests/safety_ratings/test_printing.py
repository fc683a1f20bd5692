"""Decisions and certificates as official PDFs, read back: text, annex, fonts, signature,
snapshot, and the certificate batch (one landscape page per recognised unit)."""

from __future__ import annotations

import datetime
import io
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature as _validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from printing.demo import demo_signing_setup
from printing.models import IssuedPdf, PrintBatch
from printing.services import batch_run, pdf_verify, trust_roots
from printing.signing import outside_event_loop
from safety_ratings.models import Assessment
from safety_ratings.services.assessments import assessment_revoke
from safety_ratings.services.printing import (
    CERTIFICATE_PRINTER,
    CERTIFICATE_SOURCE,
    DECISION_SOURCE,
    decision_print,
)
from safety_ratings.services.units import rated_unit_update
from tests.organizations.factories import OrganizationFactory

from .factories import RatedUnitFactory, recognised

# pyHanko starts its own event loop; a browser test in this session may hold one already.
validate_pdf_signature = outside_event_loop(_validate_pdf_signature)

UNIT_NAMES = ["Thôn Bản Cạn", "Tổ dân phố Ửng Hồng", "Thôn Nà Lầu"]
TINOS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"}


@pytest.fixture
def commune_ubnd(area):
    return OrganizationFactory(name="Ủy ban nhân dân xã Đồng Đăng", kind="peoples_committee",
                               unit=area.commune_1, document_series_code="UBND")  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def signing(settings, media, commune_ubnd):
    """Keys in a temporary folder; the commune's people's committee can sign."""
    settings.PRINTING_KEYS_DIR = media / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(media / "keys" / "ca.pem")]
    demo_signing_setup(organizations=[commune_ubnd], people=[])
    return commune_ubnd


@pytest.fixture
def decision(area, commune_ubnd):
    units = [RatedUnitFactory(commune=area.commune_1, name=name) for name in UNIT_NAMES]
    units[1].local_type = "to_dan_pho"
    units[1].save(update_fields=["local_type"])
    return recognised(units, 2025, issuer=commune_ubnd, deciding_unit=area.commune_1,
                      number="125")  # fmt: skip


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


def _signature_pages(pdf: bytes) -> list[int]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        index
        for index, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/FT") == "/Sig"
    ]


def _print_through_the_view(client, decision, *, sign: bool) -> IssuedPdf:
    url = reverse("safety_ratings:decision-print", args=[decision.pk])
    response = client.post(url, {"sign": "1"} if sign else {})
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_ratings:decision-detail", args=[decision.pk])
    return IssuedPdf.objects.filter(source_label=DECISION_SOURCE).latest("version")


def test_decision_pdf_reads_back_as_a_decision_with_its_annex(
    decision, media, user_of_role, client
):
    client.force_login(user_of_role("commune_committee"))
    issued = _print_through_the_view(client, decision, sign=False)
    pdf = issued.file.read()
    assert not issued.is_signed
    for text in (
        pdftotext(pdf, media),
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
    ):
        assert_in_order(text, [
            "ỦY BAN NHÂN DÂN XÃ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", "Số: 125/QĐ-UBND",
            "Đồng Đăng, ngày 25 tháng 11 năm 2025", "QUYẾT ĐỊNH",
            "Về việc công nhận khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
            "năm 2025", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐỒNG ĐĂNG",
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
            "Căn cứ Thông tư số 124/2021/TT-BCA", "QUYẾT ĐỊNH:",
            "Điều 1.", "Công nhận 3 khu dân cư có tên trong Danh sách kèm theo", "Điều 2.",
            "Điều 3.", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.",
        ])  # fmt: skip
        assert_in_order(text, ["Nơi nhận:", "CHỦ TỊCH", "Nguyễn Văn A"])
        assert_in_order(text, [
            "DANH SÁCH", "KHU DÂN CƯ ĐẠT TIÊU CHUẨN “AN TOÀN VỀ AN NINH, TRẬT TỰ” NĂM 2025",
            "(Kèm theo Quyết định số 125/QĐ-UBND ngày 25/11/2025 của Chủ tịch Ủy ban nhân dân",
            "xã Đồng Đăng)", "STT", "Tên đơn vị", "Xã, phường", "Loại",
            "1", "Thôn Bản Cạn", "Xã Đồng Đăng", "Thôn",
            "2", "Thôn Nà Lầu", "Xã Đồng Đăng", "Thôn",
            "3", "Tổ dân phố Ửng Hồng", "Xã Đồng Đăng", "Tổ dân phố",
        ])  # fmt: skip
        assert f"Mã xác thực: {issued.code}" in _flat(text)
    # The annex starts on a page of its own.
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    assert "DANH SÁCH" in pages[-1].extract_text()
    assert "Điều 1." not in pages[-1].extract_text()
    fonts = pdffonts(pdf, media)
    assert fonts and {name for name, _emb in fonts} <= TINOS
    assert all(embedded == "yes" for _name, embedded in fonts)


def test_decision_pdf_keeps_its_snapshot_when_the_data_changes(decision, media):
    first = decision_print(decision=decision, by=None, sign=False)
    first_bytes = first.file.read()
    unit = decision.assessments.get(rated_unit__name="Thôn Bản Cạn").rated_unit
    rated_unit_update(unit=unit, fields={"name": "Thôn Bản Cạn Mới"})
    second = decision_print(decision=decision, by=None, sign=False)
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    assert "Thôn Bản Cạn" in [u["name"] for u in first.snapshot["units"]]
    assert "Thôn Bản Cạn Mới" in [u["name"] for u in second.snapshot["units"]]
    assert (first.version, second.version) == (1, 2)
    assert first.snapshot["number_symbol"] == "125/QĐ-UBND"
    assert first.snapshot["regulations"] == [
        "Thông tư 124/2021/TT-BCA (chính quyền địa phương hai cấp, từ 01/7/2025)"
    ]


def test_signed_decision_pdf_verifies(decision, signing, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    page = client.get(reverse("safety_ratings:decision-detail", args=[decision.pk]))
    assert 'name="sign"' in page.content.decode()
    issued = _print_through_the_view(client, decision, sign=True)
    pdf = issued.file.read()
    assert issued.is_signed and issued.signing_organization == signing
    result = pdf_verify(data=pdf)
    assert result.report.ok and result.record == issued
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted and status.bottom_line
    # The signature sits on the decision's first page (its signature area), not the annex.
    assert _signature_pages(pdf) == [0]


def test_signing_without_a_key_reports_it_and_issues_nothing(decision, media, user_of_role, client):
    client.force_login(user_of_role("commune_committee"))
    url = reverse("safety_ratings:decision-print", args=[decision.pk])
    response = client.post(url, {"sign": "1"}, follow=True)
    assert "chưa được cấu hình chữ ký số" in response.content.decode()
    assert not IssuedPdf.objects.exists()


def test_issued_decision_pdf_downloads_for_readers_only(decision, media, user_of_role, client):
    issued = decision_print(decision=decision, by=None, sign=False)
    url = reverse("safety_ratings:decision-pdf-download", args=[decision.pk, issued.pk])
    client.force_login(user_of_role("leader"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(user_of_role("other_district_committee"))
    assert client.get(url).status_code == 404


def _certificate_batch(client, decision, *, sign: bool = False) -> PrintBatch:
    response = client.post(
        reverse("safety_ratings:decision-certificates", args=[decision.pk]),
        {"sign": "1"} if sign else {},
    )
    batch = PrintBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("printing:batch-detail", args=[batch.pk])
    assert batch.printer == CERTIFICATE_PRINTER
    # The workers start after commit; the test runs the batch in this process instead.
    return batch_run(batch_id=batch.pk)


def test_certificate_batch_prints_one_landscape_page_per_unit(
    decision, signing, user_of_role, client
):
    client.force_login(user_of_role("commune_committee"))
    page = client.get(reverse("safety_ratings:decision-detail", args=[decision.pk]))
    assert "In giấy công nhận (3)" in page.content.decode()
    batch = _certificate_batch(client, decision, sign=True)
    assert batch.status == PrintBatch.Status.DONE
    assert batch.done_count == 3 and not batch.failures
    certificates = list(batch.issued.order_by("title"))
    assert {c.source_label for c in certificates} == {CERTIFICATE_SOURCE}
    names = set()
    for certificate in certificates:
        pdf = certificate.file.read()
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert len(pages) == 1
        width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
        assert width > height  # A4 landscape
        assert round(width / 72 * 25.4) == 297
        text = _flat(pdftotext(pdf, signing_dir(certificate)))
        assert_in_order(text, [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐỒNG ĐĂNG", "CÔNG NHẬN",
            certificate.snapshot["unit_name"],
            "Đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm 2025",
            "Theo Quyết định số 125/QĐ-UBND ngày 25/11/2025",
            "Đồng Đăng, ngày 25 tháng 11 năm 2025", "CHỦ TỊCH", "Nguyễn Văn A",
        ])  # fmt: skip
        assert f"Mã xác thực: {certificate.code}" in text
        assert pdf_verify(data=pdf).report.ok
        names.add(certificate.snapshot["unit_name"])
    assert names == set(UNIT_NAMES)
    archive = zipfile.ZipFile(io.BytesIO(batch.zip_file.read()))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 3
    # The decision's page links each unit to its certificate.
    page = client.get(reverse("safety_ratings:decision-detail", args=[decision.pk]))
    for certificate in certificates:
        assert certificate.code in page.content.decode()
        download = reverse("safety_ratings:decision-pdf-download",
                           args=[decision.pk, certificate.pk])  # fmt: skip
        assert client.get(download).status_code == 200


def signing_dir(certificate: IssuedPdf) -> Path:
    """A scratch folder beside the stored file (inside the test's temporary media)."""
    return Path(certificate.file.path).parent


def test_certificate_batch_skips_a_revoked_unit(decision, media, user_of_role, client):
    revoked = decision.assessments.get(rated_unit__name="Thôn Nà Lầu")
    assessment_revoke(assessment=revoked, reason="Xảy ra vụ việc phức tạp", by=None,
                      on=datetime.date(2025, 12, 20))  # fmt: skip
    client.force_login(user_of_role("commune_committee"))
    batch = _certificate_batch(client, decision)
    assert batch.done_count == 2
    assert revoked.pk not in batch.item_ids
    assert {i.snapshot["unit_name"] for i in batch.issued.all()} == {
        "Thôn Bản Cạn", "Tổ dân phố Ửng Hồng"}  # fmt: skip
    assert Assessment.objects.get(pk=revoked.pk).status == Assessment.Status.REVOKED
