"""Official PDFs: text order, fonts, Vietnamese letters, margins, page numbers, signature area."""

from __future__ import annotations

import datetime
import io
import socket
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from directives.models import Document
from directives.printing import PDF_TEMPLATE_NAME, document_print_context
from directives.services.documents import RecipientData, document_update
from printing.rendering import (
    LocalOnlyURLFetcher,
    SignatureAreaMissingError,
    URLRefusedError,
    render_pdf,
    signature_box,
)
from tests.directives.factories import make_document

MM = 72 / 25.4
# A4 in PDF points.
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
# Glyph boxes and hairlines may stand a fraction of a point past the content edge.
TOLERANCE = 1.0
# WeasyPrint 70 writes justified lines with per-glyph offsets rounded to 1/1000 em, and a full
# line can end up to about 1 pt (0.35 mm) past its box; measured at most 1.24 pt here.
JUSTIFIED_LINE_TOLERANCE = 1.5

# Every Vietnamese letter: the twelve vowels with the six tones, and đ; upper and lower case.
_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_LOWER = [unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES]
VIETNAMESE_LETTERS = [*_LOWER, "đ", *(letter.upper() for letter in _LOWER), "Đ"]
SAMPLE_WORDS = "ỬNG ỰA ẴN ẶT Ỹ ỵ ự ữ ổ ộ"

STATE_BODY = (
    "<p>Ngày 28/12/2019, tại trụ sở Ủy ban nhân dân tỉnh, đồng chí Chủ tịch Ủy ban nhân dân "
    "tỉnh chủ trì hội nghị tổng kết công tác bảo đảm an ninh, trật tự và phong trào toàn dân "
    "bảo vệ an ninh Tổ quốc năm 2019. Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng "
    "chí Chủ tịch kết luận như sau:</p>"
    "<h3>I. ĐÁNH GIÁ CHUNG</h3>"
    "<p>Phong trào tiếp tục được triển khai sâu rộng; các mô hình tự quản phát huy hiệu quả.</p>"
    f"<p>Chữ Việt đủ dấu: {SAMPLE_WORDS}. {' '.join(VIETNAMESE_LETTERS)}</p>"
    "<h3>II. NHIỆM VỤ TRỌNG TÂM</h3>"
    "<table><thead><tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời hạn</th></tr>"
    "</thead><tbody>"
    "<tr><td>1</td><td>Tuyên truyền phong trào</td><td>Công an tỉnh</td><td>Thường xuyên</td></tr>"
    "<tr><td>2</td><td>Sơ kết mô hình tự quản</td><td>Sở Tư pháp</td><td>Trước 10/12</td></tr>"
    "</tbody></table>"
    "<p>Giao Công an tỉnh theo dõi, đôn đốc và tổng hợp kết quả thực hiện.</p>"
)
PARTY_BODY = (
    "<h3>I. MỤC ĐÍCH, YÊU CẦU</h3>"
    "<p>Đánh giá toàn diện kết quả 15 năm thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư về tăng "
    "cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc.</p>"
    "<h3>II. NỘI DUNG</h3>"
    f"<p>Chữ Việt đủ dấu: {SAMPLE_WORDS}.</p>"
)


# --- Documents and their PDFs -------------------------------------------------------------


def _state_notice(area, **fields) -> Document:
    document = make_document(
        issuer=area.provincial_committee.parent,
        system=Document.System.STATE,
        type_name="Thông báo",
        number_symbol="75/TB-UBND",
        issue_date=datetime.date(2020, 1, 5),
        place="Lạng Thử",
        title="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại hội nghị tổng kết công tác "
        "bảo đảm an ninh, trật tự năm 2019",
        body_html=fields.pop("body_html", STATE_BODY),
        authority="KT.",
        authority_body="Chủ tịch",
        position="Phó Chủ tịch",
        signer_name="Nguyễn Văn Ửng",
        archive_line="VT, NC",
        **fields,
    )
    return document_update(
        document=document,
        fields={},
        recipients=[
            RecipientData(name="Bộ Công an", purpose="b/c"),
            RecipientData(name="Thường trực Tỉnh ủy", purpose="báo cáo"),
            RecipientData(name="Các sở, ban, ngành tỉnh"),
        ],
    )


def _party_plan(area) -> Document:
    document = make_document(
        issuer=None,
        issuer_name="Tỉnh ủy Lạng Thử",
        parent_issuer_name="Đảng bộ tỉnh Lạng Thử",
        system=Document.System.PARTY,
        type_name="Kế hoạch",
        number_symbol="111-KH/TU",
        issue_date=datetime.date(2019, 9, 23),
        place="Lạng Thử",
        title="Tổng kết 15 năm thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư",
        body_html=PARTY_BODY,
        authority="T/M",
        authority_body="Ban Thường vụ",
        position="Phó Bí thư Thường trực",
        signer_name="Hoàng Thị Ựa",
        archive_line="Lưu Văn phòng Tỉnh ủy",
    )
    return document_update(
        document=document,
        fields={},
        recipients=[
            RecipientData(name="Ban Bí thư Trung ương Đảng", purpose="để b/c"),
            RecipientData(name="Các huyện ủy, thành ủy"),
        ],
    )


@pytest.fixture
def state_context(area) -> dict:
    return document_print_context(_state_notice(area))


@pytest.fixture
def state_pdf(state_context) -> bytes:
    return render_pdf(template_name=PDF_TEMPLATE_NAME, context=state_context)


@pytest.fixture
def party_pdf(area) -> bytes:
    return render_pdf(
        template_name=PDF_TEMPLATE_NAME, context=document_print_context(_party_plan(area))
    )


# --- Reading PDFs back ----------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdftotext_layout(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdffonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(font name without its subset tag, emb) for each font of the PDF."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout
    fonts = []
    for line in output.splitlines()[2:]:
        parts = line.split()
        # Columns from the right: emb sub uni object-id generation.
        fonts.append((parts[0].split("+", 1)[-1], parts[-5]))
    return fonts


def assert_in_order(text: str, fragments: list[str]) -> None:
    flat = _flat(text)
    position = 0
    for fragment in fragments:
        found = flat.find(fragment, position)
        assert found >= 0, (
            f"«{fragment}» not found after «{flat[max(0, position - 60) : position]}»"
        )
        position = found + len(fragment)


def _search(page, text: str) -> dict:
    matches = page.search(text, regex=False)
    assert matches, f"«{text}» not on page {page.page_number}"
    return matches[0]


def _objects(page) -> list[dict]:
    return [*page.chars, *page.lines, *page.rects, *page.curves]


STATE_ORDER = [
    "ỦY BAN NHÂN DÂN TỈNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 75/TB-UBND",
    "Lạng Thử, ngày 05 tháng 01 năm 2020",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh",
    "Ngày 28/12/2019, tại trụ sở Ủy ban nhân dân tỉnh",
    "I. ĐÁNH GIÁ CHUNG",
    "II. NHIỆM VỤ TRỌNG TÂM",
    "Giao Công an tỉnh theo dõi",
    "Nơi nhận:",
    "- Bộ Công an (b/c);",
    "- Các sở, ban, ngành tỉnh;",
    "- Lưu: VT, NC.",
]
PARTY_ORDER = [
    "ĐẢNG BỘ TỈNH LẠNG THỬ",
    "TỈNH ỦY LẠNG THỬ",
    "*",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 111-KH/TU",
    "Lạng Thử, ngày 23 tháng 9 năm 2019",
    "KẾ HOẠCH",
    "Tổng kết 15 năm thực hiện Chỉ thị số 09-CT/TW",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "II. NỘI DUNG",
    "Nơi nhận:",
    "- Ban Bí thư Trung ương Đảng (để b/c);",
    "- Lưu Văn phòng Tỉnh ủy.",
]


# --- Text, order and letters ----------------------------------------------------------------


@pytest.mark.django_db
def test_render_pdf_state_notice_text_is_in_reading_order(state_pdf, tmp_path):
    layout_text = pdftotext_layout(state_pdf, tmp_path)
    # The signature block sits beside "Nơi nhận", so the signer comes after its heading.
    for text in (layout_text, pypdf_text(state_pdf)):
        assert_in_order(text, STATE_ORDER)
        assert_in_order(text, ["Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Ửng"])
    # "Số:" and the place-date line share a line, as NĐ 30 aligns them.
    number_line = next(line for line in layout_text.splitlines() if "Số: 75/TB-UBND" in line)
    assert "Lạng Thử, ngày 05 tháng 01 năm 2020" in number_line


@pytest.mark.django_db
def test_render_pdf_party_plan_text_is_in_reading_order(party_pdf, tmp_path):
    for text in (pdftotext_layout(party_pdf, tmp_path), pypdf_text(party_pdf)):
        flat = _flat(text)
        assert "Số: " not in flat
        assert_in_order(text, ["ĐẢNG CỘNG SẢN VIỆT NAM", "Số 111-KH/TU"])
        assert_in_order(text, ["KẾ HOẠCH", "Nơi nhận:"])
        assert_in_order(text, ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Hoàng Thị Ựa"])
    # The content stream keeps each column whole: left header, then right.
    assert_in_order(pypdf_text(party_pdf), PARTY_ORDER)


@pytest.mark.django_db
def test_render_pdf_keeps_every_vietnamese_letter(state_pdf, party_pdf, tmp_path):
    state_text = _flat(pdftotext_layout(state_pdf, tmp_path))
    # Extractors guess word gaps and may drop the spaces between lone letters: compare the
    # letters run together, each one precomposed (NFC) and in order.
    letters = "".join(VIETNAMESE_LETTERS)
    for text in (state_text, _flat(pypdf_text(state_pdf))):
        assert letters in "".join(text.split())
    for text in (state_text, _flat(pdftotext_layout(party_pdf, tmp_path))):
        assert SAMPLE_WORDS in text


@pytest.mark.django_db
def test_render_pdf_embeds_only_tinos(state_pdf, party_pdf, tmp_path):
    for pdf in (state_pdf, party_pdf):
        fonts = pdffonts(pdf, tmp_path)
        assert fonts
        assert {name for name, _embedded in fonts} <= {
            "Tinos",
            "Tinos-Bold",
            "Tinos-Italic",
            "Tinos-Bold-Italic",
        }
        assert all(embedded == "yes" for _name, embedded in fonts)


@pytest.mark.django_db
def test_render_pdf_font_sizes_follow_nd30(state_pdf, party_pdf):
    with pdfplumber.open(io.BytesIO(state_pdf)) as pdf:
        page = pdf.pages[0]
        sizes = {
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (13, "Bold"),
            "Số: 75/TB-UBND": (13, "Tinos"),
            "Lạng Thử, ngày 05 tháng 01 năm 2020": (14, "Italic"),
            "THÔNG BÁO": (14, "Bold"),
            "Phong trào tiếp tục": (14, "Tinos"),
            "Nơi nhận:": (12, "Bold-Italic"),
            "Bộ Công an (b/c);": (11, "Tinos"),
            "PHÓ CHỦ TỊCH": (14, "Bold"),
            "Nguyễn Văn Ửng": (14, "Bold"),
        }
        for text, (size, style) in sizes.items():
            char = _search(page, text)["chars"][0]
            assert round(char["size"]) == size, text
            assert char["fontname"].split("+")[-1].endswith(style), text
    with pdfplumber.open(io.BytesIO(party_pdf)) as pdf:
        title = _search(pdf.pages[0], "KẾ HOẠCH")["chars"][0]
        assert 15 <= round(title["size"]) <= 16


# --- Margins and page numbers ---------------------------------------------------------------


def _long_context(context: dict, *, times: int = 12) -> dict:
    return {**context, "body_html": context["body_html"] * times}


def _assert_inside_margins(page, objects: list[dict]) -> None:
    left = min(item["x0"] for item in objects)
    right = max(item["x1"] for item in objects)
    top = min(item["top"] for item in objects)
    bottom = max(item["bottom"] for item in objects)
    number = page.page_number
    assert 30 * MM - TOLERANCE <= left <= 35 * MM, (number, left / MM)
    assert PAGE_WIDTH - 20 * MM <= right <= PAGE_WIDTH - 15 * MM + JUSTIFIED_LINE_TOLERANCE, (
        number,
        right / MM,
    )
    assert 20 * MM - TOLERANCE <= top <= 25 * MM + 10, (number, top / MM)
    assert bottom <= PAGE_HEIGHT - 20 * MM + TOLERANCE, (number, bottom / MM)


@pytest.mark.django_db
def test_render_pdf_content_stays_inside_the_legal_margins(state_context, area):
    pdf_bytes = render_pdf(
        template_name=PDF_TEMPLATE_NAME, context=_long_context(state_context, times=6)
    )
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            in_top_margin = [item for item in _objects(page) if item["bottom"] < 20 * MM]
            body = [item for item in _objects(page) if item["bottom"] >= 20 * MM]
            # Only the page number lives in the top margin.
            assert "".join(c["text"] for c in in_top_margin if "text" in c) == (
                "" if page.page_number == 1 else str(page.page_number)
            )
            _assert_inside_margins(page, body)
    party = render_pdf(
        template_name=PDF_TEMPLATE_NAME, context=document_print_context(_party_plan(area))
    )
    with pdfplumber.open(io.BytesIO(party)) as pdf:
        for page in pdf.pages:
            _assert_inside_margins(page, _objects(page))


@pytest.mark.django_db
def test_render_pdf_verification_block_sits_in_the_bottom_margin_of_page_one(state_context):
    url = "https://antq.example.vn/xac-thuc/7K3M-Q9TX"
    context = {
        **_long_context(state_context, times=4),
        **{
            key: value
            for key, value in document_print_context(
                Document.objects.get(number_symbol="75/TB-UBND"),
                verification_code="7K3M-Q9TX",
                verification_url=url,
            ).items()
            if key.startswith(("verification", "qr"))
        },
    }
    assert context["qr_svg_data_uri"].startswith("data:image/svg+xml")
    pdf_bytes = render_pdf(template_name=PDF_TEMPLATE_NAME, context=context)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        code = _search(first, "Mã xác thực: 7K3M-Q9TX")
        assert round(code["chars"][0]["size"]) == 9
        footer = [item for item in _objects(first) if item["bottom"] > PAGE_HEIGHT - 20 * MM]
        # The QR code's modules are vector paths beside the text.
        assert len([item for item in footer if "text" not in item]) > 20
        assert min(item["top"] for item in footer) >= PAGE_HEIGHT - 20 * MM - TOLERANCE
        assert max(item["bottom"] for item in footer) <= PAGE_HEIGHT
        assert min(item["x0"] for item in footer) >= 30 * MM - TOLERANCE
        assert not second.search("Mã xác thực", regex=False)
    # Without a code there is no block at all.
    plain = render_pdf(template_name=PDF_TEMPLATE_NAME, context=state_context)
    assert "Mã xác thực" not in pypdf_text(plain)


@pytest.mark.django_db
def test_render_pdf_numbers_pages_from_two_centred_in_the_top_margin(state_context):
    pdf_bytes = render_pdf(template_name=PDF_TEMPLATE_NAME, context=_long_context(state_context))
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 3
        assert not [c for c in pdf.pages[0].chars if c["bottom"] < 20 * MM]
        content_centre = (30 * MM + PAGE_WIDTH - 15 * MM) / 2
        for page in pdf.pages[1:]:
            number = [c for c in page.chars if c["bottom"] < 20 * MM]
            assert "".join(c["text"] for c in number) == str(page.page_number)
            assert all(round(c["size"]) == 13 for c in number)
            middle = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
            assert abs(middle - content_centre) < 2 * MM


@pytest.mark.django_db
def test_render_pdf_table_renders_and_repeats_its_header_across_pages(state_context):
    rows = "".join(
        f"<tr><td>{index}</td><td>Nhiệm vụ số {index}</td><td>Công an tỉnh</td>"
        "<td>Thường xuyên</td></tr>"
        for index in range(1, 61)
    )
    body = (
        "<p>Bảng nhiệm vụ:</p><table><thead><tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th>"
        f"<th>Thời hạn</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    pdf_bytes = render_pdf(
        template_name=PDF_TEMPLATE_NAME, context={**state_context, "body_html": body}
    )
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 2
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert "Nhiệm vụ số 1 " in text
        assert "Nhiệm vụ số 60" in text
        for page in pdf.pages[:2]:
            assert page.search("Chủ trì Thời hạn", regex=False), page.page_number
            assert page.rects or page.lines


@pytest.mark.django_db
def test_render_pdf_table_of_the_body_renders(state_pdf):
    with pdfplumber.open(io.BytesIO(state_pdf)) as pdf:
        page = pdf.pages[0]
        cell = _search(page, "Sơ kết mô hình tự quản")
        header = _search(page, "Thời hạn")
        assert header["top"] < cell["top"]
        # Borders are drawn around the cells.
        assert [r for r in [*page.rects, *page.lines] if abs(r["top"] - cell["top"]) < 20]


# --- Signature area -------------------------------------------------------------------------


@pytest.mark.django_db
def test_signature_box_lies_between_position_and_name(state_pdf, party_pdf, state_context):
    long_pdf = render_pdf(template_name=PDF_TEMPLATE_NAME, context=_long_context(state_context))
    cases = [
        (state_pdf, "PHÓ CHỦ TỊCH", "Nguyễn Văn Ửng"),
        (party_pdf, "PHÓ BÍ THƯ THƯỜNG TRỰC", "Hoàng Thị Ựa"),
        (long_pdf, "PHÓ CHỦ TỊCH", "Nguyễn Văn Ửng"),
    ]
    for pdf_bytes, position_text, name_text in cases:
        box = signature_box(pdf_bytes)
        with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
            assert box.page == len(pdf.pages) - 1
            page = pdf.pages[box.page]
            position = _search(page, position_text)
            name = _search(page, name_text)
        # pdfplumber measures from the top, pyHanko from the bottom.
        box_top, box_bottom = PAGE_HEIGHT - box.y2, PAGE_HEIGHT - box.y1
        assert position["bottom"] <= box_top + TOLERANCE
        assert box_bottom <= name["top"] + TOLERANCE
        assert name["top"] - box_bottom < 10
        assert box.x2 - box.x1 == pytest.approx(62 * MM)
        assert box.y2 - box.y1 == pytest.approx(30 * MM)
        name_middle = (name["x0"] + name["x1"]) / 2
        assert box.x1 < name_middle < box.x2
        assert box.x2 <= PAGE_WIDTH - 15 * MM + TOLERANCE


def test_signature_box_refuses_a_pdf_without_the_area():
    from weasyprint import HTML

    pdf_bytes = HTML(string="<p>Không có vùng chữ ký</p>").write_pdf()
    with pytest.raises(SignatureAreaMissingError):
        signature_box(pdf_bytes)


# --- No network -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://example.com/logo.png", "https://example.com/a.css", "ftp://example.com/x"],
)
def test_url_fetcher_refuses_the_network(url):
    with pytest.raises(URLRefusedError):
        LocalOnlyURLFetcher().fetch(url)


def test_url_fetcher_reads_data_and_file_urls(tmp_path):
    response = LocalOnlyURLFetcher().fetch("data:text/plain;base64,xJDDoA==")
    assert response.read().decode() == "Đà"
    path = tmp_path / "a.css"
    path.write_text("p {}")
    assert LocalOnlyURLFetcher().fetch(path.as_uri()).read() == b"p {}"


@pytest.mark.django_db
def test_render_pdf_touches_no_network(state_context, monkeypatch, caplog):
    attempts: list[object] = []

    def refuse_connect(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    def refuse_lookup(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    # The body is sanitised on save; this context comes from elsewhere and still names the web.
    context = {
        **state_context,
        "body_html": state_context["body_html"]
        + '<p><img src="http://192.0.2.1/tracker.png" alt="">'
        '<img src="https://example.com/logo.svg" alt=""></p>',
    }
    pdf_bytes = render_pdf(template_name=PDF_TEMPLATE_NAME, context=context)
    assert pdf_bytes.startswith(b"%PDF")
    assert attempts == []
    assert "192.0.2.1" in caplog.text


# --- Context of a document -------------------------------------------------------------------


@pytest.mark.django_db
def test_document_print_context_formats_header_recipients_and_signature(area):
    context = document_print_context(_state_notice(area))
    assert context["system"] == "state"
    assert context["issuer"] == "Ủy ban nhân dân tỉnh Lạng Thử"
    assert context["parent_issuer"] == ""
    assert context["number_symbol"] == "75/TB-UBND"
    assert context["place_date_line"] == "Lạng Thử, ngày 05 tháng 01 năm 2020"
    assert context["recipients"] == [
        "Bộ Công an (b/c);",
        "Thường trực Tỉnh ủy (báo cáo);",
        "Các sở, ban, ngành tỉnh;",
    ]
    assert context["archive_line"] == "Lưu: VT, NC."
    assert context["authority_line"] == "KT. CHỦ TỊCH"
    assert context["position"] == "PHÓ CHỦ TỊCH"
    assert context["verification_code"] == context["qr_svg_data_uri"] == ""

    party = document_print_context(_party_plan(area))
    assert party["authority_line"] == "T/M BAN THƯỜNG VỤ"
    assert party["recipients"][-1] == "Các huyện ủy, thành ủy;"
    assert party["archive_line"] == "Lưu Văn phòng Tỉnh ủy."


@pytest.mark.django_db
def test_document_print_context_leaves_blanks_for_a_draft(area):
    document = make_document(
        issuer=area.provincial_committee,
        number_symbol="",
        issue=False,
        place="",
        authority="KT",
        authority_body="Trưởng ban",
        urgency=Document.Urgency.FLASH,
    )
    document.issue_date = None
    context = document_print_context(document)
    assert context["place_date_line"] == "…, ngày … tháng … năm …"
    assert context["parent_issuer"] == "Ủy ban nhân dân tỉnh Lạng Thử"
    assert context["authority_line"] == "KT. TRƯỞNG BAN"
    assert context["urgency_label"] == "HỎA TỐC"
    document.place = "Lạng Thử"
    assert document_print_context(document)["place_date_line"] == ("Lạng Thử, ngày … tháng … năm …")
    document_update(
        document=document,
        fields={"issue_date": datetime.date(2021, 3, 19)},
        recipients=[RecipientData(name="- Như trên;"), RecipientData(name="Công an tỉnh")],
    )
    context = document_print_context(document, verification_code="AB12", verification_url="x")
    assert context["place_date_line"] == "Lạng Thử, ngày 19 tháng 3 năm 2021"
    # Without an archive line the last recipient closes the list.
    assert context["recipients"] == ["Như trên;", "Công an tỉnh."]
    assert context["qr_svg_data_uri"].startswith("data:image/svg+xml")
    pdf_bytes = render_pdf(template_name=PDF_TEMPLATE_NAME, context=context)
    text = _flat(pypdf_text(pdf_bytes))
    assert "HỎA TỐC" in text
    assert "BAN CHỈ ĐẠO 138 TỈNH LẠNG THỬ" in text
    assert "Mã xác thực: AB12" in text


# --- Every kind of document -----------------------------------------------------------------

_STATE_BASE = {
    "system": "state",
    "parent_issuer": "Ủy ban nhân dân tỉnh Lạng Thử",
    "issuer": "Ban Chỉ đạo 138",
    "place_date_line": "Lạng Thử, ngày 19 tháng 3 năm 2021",
    "body_html": STATE_BODY,
    "position": "TRƯỞNG BAN",
    "signer_name": "Lê Văn Ữ",
    "recipients": ["Bộ Công an (b/c);", "UBND các huyện, thành phố;"],
    "archive_line": "Lưu: VT, CAT.",
}
_PARTY_BASE = {
    "system": "party",
    "parent_issuer": "Đảng bộ tỉnh Lạng Thử",
    "issuer": "Tỉnh ủy",
    "place_date_line": "Lạng Thử, ngày 23 tháng 9 năm 2019",
    "body_html": PARTY_BODY,
    "authority_line": "T/M BAN THƯỜNG VỤ",
    "position": "BÍ THƯ",
    "signer_name": "Hoàng Văn Ộ",
    "recipients": ["Ban Bí thư (để b/c);"],
    "archive_line": "Lưu Văn phòng Tỉnh ủy.",
}
KINDS = [
    (_STATE_BASE, {"type_name": "Thông báo", "number_symbol": "75/TB-UBND"}),
    (_STATE_BASE, {"type_name": "Chỉ thị", "number_symbol": "09/CT-UBND"}),
    (_STATE_BASE, {"type_name": "Kế hoạch", "number_symbol": "15/KH-BCĐ", "urgency_label": "KHẨN"}),
    (
        _STATE_BASE,
        {
            "type_name": "Quyết định",
            "number_symbol": "1395/QĐ-UBND",
            "authority_line": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
            "position": "PHÓ CHỦ TỊCH",
        },
    ),
    (
        _STATE_BASE,
        {
            "type_name": "Thông báo",
            "number_symbol": "05/TB-BCĐ",
            "secrecy_label": "MẬT",
            "urgency_label": "THƯỢNG KHẨN",
            "body_html": "",
            "verification_code": "Z9Z9",
        },
    ),
    (_PARTY_BASE, {"type_name": "Kế hoạch", "number_symbol": "111-KH/TU"}),
    (_PARTY_BASE, {"type_name": "Kết luận", "number_symbol": "44-KL/TW", "issuer": "Ban Bí thư"}),
    (_PARTY_BASE, {"type_name": "Chỉ thị", "number_symbol": "", "urgency_label": "HỎA TỐC"}),
]


@pytest.mark.parametrize(("base", "fields"), KINDS)
def test_render_pdf_renders_every_kind_of_document(base, fields):
    context = {**base, "title": "Về công tác bảo đảm an ninh, trật tự", **fields}
    pdf_bytes = render_pdf(template_name=PDF_TEMPLATE_NAME, context=context)
    text = _flat(pypdf_text(pdf_bytes))
    assert context["type_name"].upper() in text
    for label in ("urgency_label", "secrecy_label"):
        if context.get(label):
            assert context[label] in text
    if context["number_symbol"]:
        separator = " " if context["system"] == "party" else ": "
        assert f"Số{separator}{context['number_symbol']}" in text
    assert signature_box(pdf_bytes).page >= 0
