"""PAdES signing and verification of official PDFs, with a demo PKI made in a temp directory.

No database: printing.signing and printing.demo_pki are plain library code.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.validation import SignatureCoverageLevel
from pyhanko.sign.validation import validate_pdf_signature as _validate_pdf_signature
from pyhanko.stamp import TextStamp, TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfWriter
from pypdf.annotations import FreeText
from weasyprint import HTML

from printing.demo_pki import DemoPki, demo_pki_create
from printing.signing import (
    MSG_APPENDED,
    MSG_CERT_EXPIRED,
    MSG_CERT_NOT_FOR_SIGNING,
    MSG_NOT_PDF,
    MSG_TAMPERED,
    MSG_UNSIGNED,
    MSG_UNTRUSTED,
    SignatureAppearance,
    SignatureBox,
    SigningError,
    compose_stamp_image,
    load_signer,
    load_trust_roots,
    outside_event_loop,
    sign_pdf,
    verify_pdf,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNED_AT = dt.datetime(2026, 11, 22, 14, 5, tzinfo=VIETNAM)
MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM

ORGANIZATIONS = [
    ("ubnd-lang-son", "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("bcd-138", "Ban Chỉ đạo 138 tỉnh Lạng Sơn"),
]
PEOPLE = [("nguyen-van-an", "Nguyễn Văn An"), ("tran-thi-hoa", "Trần Thị Hòa")]

# The signature area sits at a fixed place (absolute CSS), so the test knows its box exactly,
# the way the rendering code reads it from the template.
AREA_LEFT_MM, AREA_TOP_MM, AREA_WIDTH_MM, AREA_HEIGHT_MM = 110, 170, 62, 30
HTML_DOCUMENT = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thông báo kết luận</title><style>
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: Tinos, "Liberation Serif", serif; font-size: 13pt; }}
.area {{ position: absolute; left: {AREA_LEFT_MM - 30}mm; top: {AREA_TOP_MM - 20}mm;
         width: {AREA_WIDTH_MM}mm; height: {AREA_HEIGHT_MM}mm; }}
</style></head><body>
<p><b>UBND TỈNH LẠNG SƠN</b> — Số: 75/TB-UBND</p>
<p style="text-align: center"><b>THÔNG BÁO</b><br>Kết luận về phong trào toàn dân bảo vệ an ninh
Tổ quốc; giao Công an tỉnh chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh.</p>
<div class="area"></div>
</body></html>"""

# pyHanko starts its own event loop; a browser test in this session may hold one already.
validate_pdf_signature = outside_event_loop(_validate_pdf_signature)

SIGNATURE_BOX = SignatureBox(
    page=0,
    x1=AREA_LEFT_MM * MM,
    y1=PAGE_HEIGHT - (AREA_TOP_MM + AREA_HEIGHT_MM) * MM,
    x2=(AREA_LEFT_MM + AREA_WIDTH_MM) * MM,
    y2=PAGE_HEIGHT - AREA_TOP_MM * MM,
)
SECOND_BOX = SignatureBox(page=0, x1=40 * MM, y1=40 * MM, x2=102 * MM, y2=70 * MM)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return demo_pki_create(
        directory=tmp_path_factory.mktemp("pki"), organizations=ORGANIZATIONS, people=PEOPLE
    )


@pytest.fixture(scope="module")
def stranger_pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    """Another CA, which the portal does not trust."""
    return demo_pki_create(
        directory=tmp_path_factory.mktemp("stranger"),
        organizations=[("gia-mao", "Cơ quan giả mạo")],
        people=[],
    )


@pytest.fixture(scope="module")
def trust_roots(pki: DemoPki) -> list:
    return load_trust_roots([pki.ca_path])


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return HTML(string=HTML_DOCUMENT).write_pdf()


def appearance_of(
    pki: DemoPki, organization_key: str, person_key: str | None
) -> SignatureAppearance:
    names = dict(ORGANIZATIONS) | dict(PEOPLE)
    return SignatureAppearance(
        signer_name=names[person_key] if person_key else "Văn thư",
        position="Chủ tịch" if person_key else "Văn thư",
        organization=names[organization_key],
        signature_png=pki.signature_images[person_key].read_bytes() if person_key else None,
        seal_png=pki.seal_images[organization_key].read_bytes(),
    )


def sign_as(
    pki: DemoPki,
    pdf: bytes,
    organization_key: str = "ubnd-lang-son",
    person_key: str | None = "nguyen-van-an",
    **kwargs: object,
) -> bytes:
    credential = pki.credentials[organization_key]
    signer = load_signer(p12_path=credential.p12_path, passphrase=credential.passphrase())
    options: dict = {"box": SIGNATURE_BOX, "signing_time": SIGNED_AT} | kwargs
    return sign_pdf(
        pdf=pdf,
        signer=signer,
        appearance=appearance_of(pki, organization_key, person_key),
        **options,
    )


@pytest.fixture(scope="module")
def signed_pdf(pki: DemoPki, unsigned_pdf: bytes) -> bytes:
    return sign_as(pki, unsigned_pdf)


# --- signing and verifying ------------------------------------------------------------------


def test_sign_pdf_verifies_ok(signed_pdf: bytes, trust_roots: list) -> None:
    report = verify_pdf(pdf=signed_pdf, trust_roots=trust_roots)

    assert report.ok
    assert (report.signed, report.intact, report.valid, report.trusted) == (True,) * 4
    assert report.covers_whole_file
    assert report.problems == []
    assert report.signing_time == SIGNED_AT
    assert report.signing_time.utcoffset() == dt.timedelta(hours=7)
    assert "Ủy ban nhân dân tỉnh Lạng Sơn" in report.signer_subject
    assert [check.field_name for check in report.signatures] == ["ChuKySo"]


def test_sign_pdf_is_an_incremental_pades_signature(unsigned_pdf: bytes, signed_pdf: bytes) -> None:
    assert signed_pdf.startswith(unsigned_pdf)
    signature = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Reason"] == "Ký ban hành văn bản"
    assert str(signature.sig_object["/M"]).endswith("+07'00'")
    widget = signature.sig_field
    # Whole points, rounded outwards.
    assert [float(value) for value in widget["/Rect"]] == [
        math.floor(SIGNATURE_BOX.x1),
        math.floor(SIGNATURE_BOX.y1),
        math.ceil(SIGNATURE_BOX.x2),
        math.ceil(SIGNATURE_BOX.y2),
    ]


def test_sign_pdf_signature_validates_with_pyhanko_directly(
    signed_pdf: bytes, trust_roots: list
) -> None:
    signature = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    )

    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line


def test_sign_pdf_defaults_the_time_to_now_in_vietnam(
    pki: DemoPki, unsigned_pdf: bytes, trust_roots: list
) -> None:
    before = dt.datetime.now(tz=VIETNAM).replace(microsecond=0)
    signed = sign_as(pki, unsigned_pdf, signing_time=None)
    after = dt.datetime.now(tz=VIETNAM)

    report = verify_pdf(pdf=signed, trust_roots=trust_roots)
    assert report.ok
    assert before <= report.signing_time <= after


def test_verify_pdf_reports_a_changed_byte(signed_pdf: bytes, trust_roots: list) -> None:
    byte_range = [
        int(number)
        for number in re.search(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)", signed_pdf).groups()
    ]
    position = signed_pdf.rindex(b"WeasyPrint") + len(b"WeasyPrin")
    assert position < byte_range[1] or byte_range[2] <= position  # inside the signed bytes
    tampered = bytearray(signed_pdf)
    tampered[position] = ord("T")

    report = verify_pdf(pdf=bytes(tampered), trust_roots=trust_roots)

    assert report.signed
    assert not report.intact
    assert not report.ok
    assert MSG_TAMPERED in report.problems


def test_verify_pdf_reports_an_annotation_added_after_signing(
    signed_pdf: bytes, trust_roots: list
) -> None:
    writer = PdfWriter(io.BytesIO(signed_pdf), incremental=True)
    writer.add_annotation(0, FreeText(text="Đã xem", rect=(50, 50, 200, 80)))
    output = io.BytesIO()
    writer.write(output)
    annotated = output.getvalue()
    assert annotated.startswith(signed_pdf)

    report = verify_pdf(pdf=annotated, trust_roots=trust_roots)

    assert report.intact and report.valid and report.trusted
    assert not report.covers_whole_file
    assert not report.ok
    assert report.problems == [MSG_APPENDED]


def test_verify_pdf_reports_a_stamp_added_after_signing(
    signed_pdf: bytes, trust_roots: list
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    TextStamp(writer, TextStampStyle(stamp_text="BẢN SAO")).apply(0, 40, 40)
    output = io.BytesIO()
    writer.write(output)

    report = verify_pdf(pdf=output.getvalue(), trust_roots=trust_roots)

    assert not report.ok
    assert MSG_APPENDED in report.problems


def test_second_signature_keeps_the_first_valid(
    pki: DemoPki, signed_pdf: bytes, trust_roots: list
) -> None:
    second_time = SIGNED_AT + dt.timedelta(minutes=30)
    twice = sign_as(
        pki,
        signed_pdf,
        organization_key="bcd-138",
        person_key="tran-thi-hoa",
        box=SECOND_BOX,
        field_name="ChuKySo2",
        signing_time=second_time,
        reason="Ký xác nhận",
    )
    assert twice.startswith(signed_pdf)

    report = verify_pdf(pdf=twice, trust_roots=trust_roots)

    assert report.ok, report.problems
    first, second = report.signatures
    assert (first.field_name, second.field_name) == ("ChuKySo", "ChuKySo2")
    assert all(check.intact and check.valid and check.trusted for check in report.signatures)
    assert not first.covers_whole_file and first.only_signatures_added
    assert second.covers_whole_file
    assert first.signing_time == SIGNED_AT and second.signing_time == second_time
    assert "Ban Chỉ đạo 138" in second.signer_subject
    assert report.signer_subject == second.signer_subject

    earliest = PdfFileReader(io.BytesIO(twice)).embedded_signatures[0]
    status = validate_pdf_signature(
        earliest, ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    )
    assert status.bottom_line
    assert status.modification_level <= ModificationLevel.FORM_FILLING


def test_sign_pdf_refuses_a_field_already_signed(pki: DemoPki, signed_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="đã có chữ ký"):
        sign_as(pki, signed_pdf, box=SECOND_BOX)


def test_sign_pdf_refuses_a_page_the_document_lacks(pki: DemoPki, unsigned_pdf: bytes) -> None:
    box = SignatureBox(page=3, x1=10, y1=10, x2=200, y2=90)
    with pytest.raises(SigningError, match="nằm ngoài văn bản"):
        sign_as(pki, unsigned_pdf, box=box)


def test_sign_pdf_refuses_a_time_without_zone(pki: DemoPki, unsigned_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="múi giờ"):
        sign_as(pki, unsigned_pdf, signing_time=dt.datetime(2026, 11, 22, 14, 5))  # noqa: DTZ001


def test_verify_pdf_unsigned_file(unsigned_pdf: bytes, trust_roots: list) -> None:
    report = verify_pdf(pdf=unsigned_pdf, trust_roots=trust_roots)

    assert not report.signed
    assert not report.ok
    assert report.problems == [MSG_UNSIGNED]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf", b"%PDF-1.7\n1 0 obj <<", "half"],
    ids=["empty", "text", "broken-header", "truncated"],
)
def test_verify_pdf_not_a_pdf(data: bytes | str, signed_pdf: bytes, trust_roots: list) -> None:
    if data == "half":
        data = signed_pdf[: len(signed_pdf) // 2]

    report = verify_pdf(pdf=data, trust_roots=trust_roots)

    assert not report.signed
    assert not report.ok
    assert report.problems == [MSG_NOT_PDF]


def test_verify_pdf_untrusted_ca(
    stranger_pki: DemoPki, unsigned_pdf: bytes, trust_roots: list
) -> None:
    credential = stranger_pki.credentials["gia-mao"]
    signer = load_signer(p12_path=credential.p12_path, passphrase=credential.passphrase())
    signed = sign_pdf(
        pdf=unsigned_pdf,
        signer=signer,
        appearance=SignatureAppearance(
            signer_name="Kẻ giả mạo", position="Chủ tịch", organization="Cơ quan giả mạo"
        ),
        box=SIGNATURE_BOX,
        signing_time=SIGNED_AT,
    )

    report = verify_pdf(pdf=signed, trust_roots=trust_roots)

    assert report.intact and report.valid
    assert not report.trusted
    assert not report.ok
    assert report.problems == [MSG_UNTRUSTED]
    # Its own CA, and only that, makes it trusted: nothing comes from the system's store.
    assert verify_pdf(pdf=signed, trust_roots=load_trust_roots([stranger_pki.ca_path])).ok
    assert verify_pdf(pdf=signed, trust_roots=[]).problems == [MSG_UNTRUSTED]


def issue_from_demo_ca(
    pki: DemoPki, *, content_commitment: bool = True, expired: bool = False
) -> SimpleSigner:
    """A signer whose certificate the demo CA issued with unusual properties, loaded without
    load_signer's checks (they would refuse an expired one)."""
    ca_key, ca_cert, _ = pkcs12.load_key_and_certificates(
        (pki.directory / "ca.p12").read_bytes(), (pki.directory / "ca.pass").read_bytes().strip()
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(tz=dt.UTC)
    not_after = now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=30)
    cert = (
        pyca_x509.CertificateBuilder()
        .subject_name(pyca_x509.Name([pyca_x509.NameAttribute(NameOID.COMMON_NAME, "Đơn vị thử")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(pyca_x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(not_after)
        .add_extension(
            pyca_x509.KeyUsage(
                digital_signature=True,
                content_commitment=content_commitment,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"test", key, cert, [ca_cert], serialization.NoEncryption()
    )
    return SimpleSigner.load_pkcs12_data(data, other_certs=[])


@pytest.mark.parametrize(
    ("properties", "problem"),
    [
        ({"expired": True}, MSG_CERT_EXPIRED),
        ({"content_commitment": False}, MSG_CERT_NOT_FOR_SIGNING),
    ],
    ids=["expired", "without-non-repudiation"],
)
def test_verify_pdf_explains_an_unusable_certificate(
    pki: DemoPki, unsigned_pdf: bytes, trust_roots: list, properties: dict, problem: str
) -> None:
    signed = sign_pdf(
        pdf=unsigned_pdf,
        signer=issue_from_demo_ca(pki, **properties),
        appearance=SignatureAppearance(
            signer_name="Người thử", position="Chuyên viên", organization="Đơn vị thử"
        ),
        box=SIGNATURE_BOX,
        signing_time=SIGNED_AT,
    )

    report = verify_pdf(pdf=signed, trust_roots=trust_roots)

    assert report.intact and report.valid
    assert not report.trusted
    assert report.problems == [problem]


# --- loading keys and roots -----------------------------------------------------------------


def test_load_signer_wrong_passphrase(pki: DemoPki) -> None:
    with pytest.raises(SigningError, match="mật khẩu không đúng"):
        load_signer(p12_path=pki.credentials["ubnd-lang-son"].p12_path, passphrase=b"sai")


def test_load_signer_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SigningError, match="Không tìm thấy tệp chứng thư số"):
        load_signer(p12_path=tmp_path / "khong-co.p12", passphrase=b"x")


def test_load_signer_expired_certificate(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = pyca_x509.Name([pyca_x509.NameAttribute(NameOID.COMMON_NAME, "Hết hạn")])
    now = dt.datetime.now(tz=dt.UTC)
    cert = (
        pyca_x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "expired.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"expired", key, cert, None, serialization.BestAvailableEncryption(b"pw")
        )
    )

    with pytest.raises(SigningError, match="đã hết hạn"):
        load_signer(p12_path=path, passphrase=b"pw")


def test_load_trust_roots_reads_pem_and_der(pki: DemoPki, tmp_path: Path) -> None:
    pem_root = load_trust_roots([pki.ca_path])[0]
    der_path = tmp_path / "ca.der"
    der_path.write_bytes(pem_root.dump())

    assert [root.dump() for root in load_trust_roots([der_path])] == [pem_root.dump()]
    assert pem_root.subject.native["common_name"] == "Cổng ANTQ — CA trình diễn"


# --- the visible stamp ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_stamp_text_is_vietnamese_and_extractable(signed_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "Người ký: Nguyễn Văn An" in text
    assert "Cơ quan: Ủy ban nhân dân tỉnh Lạng Sơn" in text
    assert "Ký ngày: 2026-11-22T14:05:00+07:00" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_stamp_font_is_embedded_noto_serif(
    unsigned_pdf: bytes, signed_pdf: bytes, tmp_path: Path
) -> None:
    def fonts(pdf: bytes) -> list[list[str]]:
        path = tmp_path / "fonts.pdf"
        path.write_bytes(pdf)
        output = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return [line.split() for line in output.splitlines()[2:]]

    # The document itself is set in Tinos; Noto Serif arrives with the stamp.
    assert not any("NotoSerif" in row[0] for row in fonts(unsigned_pdf))
    noto = [row for row in fonts(signed_pdf) if "NotoSerif-Regular" in row[0]]
    assert noto, "the stamp's font is missing"
    assert noto[0][-5] == "yes"  # emb


def test_compose_stamp_image_overlaps_a_third_of_the_signature(pki: DemoPki) -> None:
    signature_png = pki.signature_images["nguyen-van-an"].read_bytes()
    seal_png = pki.seal_images["ubnd-lang-son"].read_bytes()

    composite = compose_stamp_image(signature_png=signature_png, seal_png=seal_png)
    seal_alone = compose_stamp_image(signature_png=None, seal_png=seal_png)
    signature_alone = compose_stamp_image(signature_png=signature_png, seal_png=None)

    assert composite.mode == "RGBA"
    assert composite.getpixel((0, 0))[3] == 0  # transparent background
    expected_width = seal_alone.width + signature_alone.width * 2 / 3
    assert abs(composite.width - expected_width) <= 2
    assert compose_stamp_image(signature_png=None, seal_png=None) is None


# --- the demo PKI ---------------------------------------------------------------------------


def test_demo_pki_create_makes_keys_certificates_and_images(pki: DemoPki) -> None:
    ca = pyca_x509.load_pem_x509_certificate(pki.ca_path.read_bytes())
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "Cổng ANTQ — CA trình diễn"
    )
    for key, organization in ORGANIZATIONS:
        credential = pki.credentials[key]
        assert stat.S_IMODE(credential.passphrase_path.stat().st_mode) == 0o600
        _key, cert, chain = pkcs12.load_key_and_certificates(
            credential.p12_path.read_bytes(), credential.passphrase()
        )
        assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == organization
        usage = cert.extensions.get_extension_for_class(pyca_x509.KeyUsage).value
        assert usage.digital_signature and usage.content_commitment
        lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
        assert abs(lifetime - dt.timedelta(days=3 * 365)) < dt.timedelta(days=2)
        cert.verify_directly_issued_by(ca)
        assert [c.subject for c in chain] == [ca.subject]

        seal = Image.open(pki.seal_images[key])
        assert seal.mode == "RGBA" and seal.getpixel((0, 0))[3] == 0
        red, green, blue, alpha = seal.getpixel((seal.width // 2, seal.height // 2))
        assert alpha > 0 and red > 150 and green < 80 and blue < 80  # the red star
    for key, _name in PEOPLE:
        signature = Image.open(pki.signature_images[key])
        assert signature.mode == "RGBA" and signature.getpixel((0, 0))[3] == 0
        inked = [pixel for pixel in signature.getdata() if pixel[3] > 200]
        assert inked and all(pixel[2] > pixel[0] for pixel in inked)  # blue ink


def test_demo_pki_create_is_idempotent(pki: DemoPki) -> None:
    before = {path.name: path.read_bytes() for path in pki.directory.iterdir()}

    again = demo_pki_create(directory=pki.directory, organizations=ORGANIZATIONS, people=PEOPLE)

    assert again == pki
    assert {path.name: path.read_bytes() for path in pki.directory.iterdir()} == before


def test_demo_pki_create_adds_a_new_organization_under_the_same_ca(
    pki: DemoPki, tmp_path: Path
) -> None:
    directory = tmp_path / "copy"
    shutil.copytree(pki.directory, directory)
    ca_before = (directory / "ca.pem").read_bytes()

    more = demo_pki_create(
        directory=directory,
        organizations=[*ORGANIZATIONS, ("ca-xa", "Công an xã Hữu Lũng")],
        people=PEOPLE,
    )

    assert (directory / "ca.pem").read_bytes() == ca_before
    assert (directory / "ubnd-lang-son.p12").read_bytes() == (
        pki.directory / "ubnd-lang-son.p12"
    ).read_bytes()
    assert more.credentials["ca-xa"].p12_path.exists()


def test_demo_pki_create_reissues_certificates_when_the_ca_is_new(
    pki: DemoPki, tmp_path: Path
) -> None:
    directory = tmp_path / "copy"
    shutil.copytree(pki.directory, directory)
    for name in ("ca.pem", "ca.p12", "ca.pass"):
        (directory / name).unlink()
    old_p12 = (directory / "ubnd-lang-son.p12").read_bytes()

    renewed = demo_pki_create(directory=directory, organizations=ORGANIZATIONS, people=PEOPLE)

    credential = renewed.credentials["ubnd-lang-son"]
    assert credential.p12_path.read_bytes() != old_p12
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        credential.p12_path.read_bytes(), credential.passphrase()
    )
    cert.verify_directly_issued_by(
        pyca_x509.load_pem_x509_certificate(renewed.ca_path.read_bytes())
    )
    # The artwork does not depend on the CA and is kept.
    assert (directory / "seal-ubnd-lang-son.png").read_bytes() == (
        pki.directory / "seal-ubnd-lang-son.png"
    ).read_bytes()


# --- the command line ------------------------------------------------------------------------


PYHANKO_CLI = Path(sys.executable).parent / "pyhanko"


def test_pyhanko_cli_validates_the_signature(
    pki: DemoPki, signed_pdf: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pdf)
    result = subprocess.run(
        [
            str(PYHANKO_CLI),
            "sign",
            "validate",
            "--trust",
            str(pki.ca_path),
            "--trust-replace",
            "--executive-summary",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
