"""Issuing official PDFs: the record, versions, the snapshot, batches, the command."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from directives.services.documents import document_update
from directives.services.printing import document_print
from printing.demo import demo_signing_setup
from printing.models import IssuedPdf, PrintBatch
from printing.services import batch_run, pdf_verify
from tests.directives.factories import make_document


@pytest.fixture
def signing(settings, tmp_path, area):
    """Media and keys in a temporary folder; the provincial committee can sign."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRINTING_KEYS_DIR = tmp_path / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(tmp_path / "keys" / "ca.pem")]
    demo_signing_setup(organizations=[area.provincial_committee], people=[])
    return area


@pytest.mark.django_db
def test_issued_pdf_is_recorded_with_its_hash_snapshot_and_code(signing):
    document = make_document(issuer=signing.provincial_committee, signer_name="Nguyễn Văn Thử",
                             position="TRƯỞNG BAN")  # fmt: skip
    issued = document_print(document=document, by=None, sign=True)
    data = issued.file.read()
    assert issued.sha256 == hashlib.sha256(data).hexdigest()
    assert issued.snapshot["number_symbol"] == "05/KH-BCĐ"
    assert issued.version == 1 and issued.is_signed and len(issued.code) == 10
    result = pdf_verify(data=data)
    assert result.report.ok and result.record == issued


@pytest.mark.django_db
def test_changing_a_document_after_issue_keeps_the_issued_pdf_and_issuing_again_versions(signing):
    document = make_document(issuer=signing.provincial_committee)
    first = document_print(document=document, by=None, sign=False)
    first_bytes = first.file.read()
    document_update(document=document, fields={"title": "Trích yếu đã sửa"})
    second = document_print(document=document, by=None, sign=False)
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    assert first.snapshot["summary"] != second.snapshot["summary"] == "Trích yếu đã sửa"
    assert (first.version, second.version) == (1, 2)


@pytest.mark.django_db
def test_signing_needs_a_configured_key(area, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = make_document(issuer=area.police)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="chưa được cấu hình chữ ký số"):
        document_print(document=document, by=None, sign=True)
    assert not IssuedPdf.objects.exists()


@pytest.mark.django_db
def test_verification_page_is_public_and_rechecks_the_stored_file(signing):
    issued = document_print(document=make_document(issuer=signing.provincial_committee),
                            by=None, sign=True)  # fmt: skip
    response = Client().get(reverse("printing:verify-code", args=[issued.code]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "05/KH-BCĐ" in content and "Văn bản hợp lệ" in content


@pytest.mark.django_db
def test_batch_prints_every_document_and_reports_a_failure_without_losing_the_others(signing):
    good = [make_document(issuer=signing.provincial_committee, number_symbol=f"0{n}/KH-BCĐ")
            for n in range(1, 4)]  # fmt: skip
    batch = PrintBatch.objects.create(
        label="Năm 2026", printer="directives.services.printing.issue_document_pdf",
        item_ids=[good[0].pk, 999_999, good[1].pk, good[2].pk], sign=False,
    )  # fmt: skip
    batch = batch_run(batch_id=batch.pk)
    assert batch.status == PrintBatch.Status.DONE
    assert batch.done_count == 3 and [f["id"] for f in batch.failures] == [999_999]
    names = zipfile.ZipFile(io.BytesIO(batch.zip_file.read())).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 3 and "LOI.txt" in names
    assert batch_run(batch_id=batch.pk).done_count == 3  # a rerun prints nothing twice


@pytest.mark.django_db
def test_render_document_command_contract(signing, tmp_path):
    make_document(issuer=signing.provincial_committee, number_symbol="75/TB-BCĐ",
                  type_name="Thông báo")  # fmt: skip
    out = tmp_path / "tb.pdf"
    call_command("render_document", "75/TB-BCĐ", "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    assert pdf_verify(data=out.read_bytes()).report.ok
    unsigned = tmp_path / "tb-khong-ky.pdf"
    call_command("render_document", "75/TB-BCĐ", "--out", str(unsigned), "--no-sign",
                 stdout=io.StringIO())  # fmt: skip
    assert not pdf_verify(data=unsigned.read_bytes()).report.signed
    with pytest.raises(CommandError) as error:
        call_command("render_document", "99/TB-XYZ", "--out", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 2
