"""Official documents as PDF: a Django template rendered by WeasyPrint, and the place to sign.

An app hands `render_pdf` a template name (one that extends ``printing/pdf/official.html``) and
a context of plain data; `printing` knows nothing of the app's models. The base layout follows
NĐ 30/2020/NĐ-CP (state) and HD 36-HD/VPTW (Party): see DOMAIN.md §4.

Context contract of ``printing/pdf/official.html`` (every value a plain ``str`` unless noted;
an empty string leaves the element out, except where said otherwise):

``system``
    ``"state"`` or ``"party"``: chooses the header, the number's form and the title size.
``parent_issuer``
    The parent body ("Ủy ban nhân dân tỉnh Lạng Sơn", "Đảng bộ tỉnh Lạng Sơn"); printed in caps.
``issuer``
    The issuing body ("Ban Chỉ đạo 138", "Tỉnh ủy"); printed in caps, bold.
``number_symbol``
    "75/TB-UBND" (state, printed "Số: 75/TB-UBND") or "111-KH/TU" (Party, "Số 111-KH/TU").
    Empty prints the number line blank for a draft ("Số:      /TB-…" is the clerk's job).
``place_date_line``
    Already formatted: "Lạng Sơn, ngày 05 tháng 01 năm 2020", or a blank line to fill by hand
    ("…, ngày … tháng … năm …").
``type_name``
    "Thông báo", "Kế hoạch"…; printed in caps as the title.
``title``
    The summary (trích yếu), printed bold under the type.
``body_html``
    The body as sanitised HTML (p, h2–h4, ol/ul/li, table, strong/em…). It is printed unescaped:
    the caller must have sanitised it.
``authority_line``
    "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", or "" when the head signs
    directly. A newline starts another line ("TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH").
``position``
    The signer's position ("PHÓ CHỦ TỊCH"); printed in caps.
``signer_name``
    The signer's name, bold.
``recipients``
    ``list[str]``, each already formatted and punctuated: "Bộ Công an (b/c);" … the template
    adds the leading "- ".
``archive_line``
    "Lưu: VT, NC." — the last line of "Nơi nhận", after the recipients.
``urgency_label``
    "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN" or "".
``secrecy_label``
    "MẬT", "TỐI MẬT", "TUYỆT MẬT" or "".
``verification_code``, ``verification_url``, ``qr_svg_data_uri``
    The verification block at the foot of page 1 (a QR code as an SVG ``data:`` URI, and
    "Mã xác thực: …"); printed only when ``verification_code`` is set.

`render_pdf` adds ``signature_area_width_mm`` and ``signature_area_height_mm``: the template's
CSS takes the reserved signature space from them, so that `signature_box` knows its size.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader

# WeasyPrint takes about half a second to import (Pango, fontconfig, its CSS tables): once per
# process, here, not on every render.
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .signing import SignatureBox

# The reserved space between the signer's position and name (the element id="vung-chu-ky"):
# room for the signature image and the seal overlapping it, as NĐ 30 Phụ lục I places them.
SIGNATURE_AREA_ID = "vung-chu-ky"
SIGNATURE_AREA_WIDTH_MM = 62
SIGNATURE_AREA_HEIGHT_MM = 30

POINTS_PER_MM = 72 / 25.4

# Templates and the static dir are local files; QR codes come inline as data: URIs.
ALLOWED_URL_SCHEMES = frozenset({"file", "data"})


class URLRefusedError(ValueError):
    """A resource outside file:// and data: was asked for while rendering a PDF."""


class SignatureAreaMissingError(LookupError):
    """The PDF has no named destination for the signature area."""


class LocalOnlyURLFetcher(URLFetcher):
    """Fetches file:// and data: URLs only.

    Rendering runs on the server, inside its network: a body or template that names an http(s)
    resource must not make the server fetch it (SSRF), nor make a PDF depend on the network.
    WeasyPrint logs the refusal and renders without the resource.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=ALLOWED_URL_SCHEMES, allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None):
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ALLOWED_URL_SCHEMES:
            raise URLRefusedError(f"Không tải tài nguyên ngoài khi in PDF: {url}")
        return super().fetch(url, headers)


def static_base_url() -> str:
    """The project's static dir as a file:// URL ending in "/", so relative URLs resolve in it."""
    static_dirs = list(getattr(settings, "STATICFILES_DIRS", []))
    static_dir = Path(static_dirs[0]) if static_dirs else Path(settings.BASE_DIR) / "static"
    return static_dir.resolve().as_uri() + "/"


def render_html(*, template_name: str, context: dict) -> str:
    """The template as HTML, with the signature area's size the template's CSS needs."""
    full_context = {
        "signature_area_width_mm": SIGNATURE_AREA_WIDTH_MM,
        "signature_area_height_mm": SIGNATURE_AREA_HEIGHT_MM,
        **context,
    }
    return render_to_string(template_name, full_context)


def render_pdf(*, template_name: str, context: dict) -> bytes:
    """Render a template of the official layout to a PDF (fonts embedded, no network)."""
    html = render_html(template_name=template_name, context=context)
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=LocalOnlyURLFetcher())
    return document.write_pdf()


def signature_box(pdf: bytes) -> SignatureBox:
    """The signature area of a PDF made by `render_pdf`, from its named destination.

    WeasyPrint writes a destination ``[page /XYZ left top 0]`` for every element id: the top
    left corner of its border box. The size is the template's (SIGNATURE_AREA_*_MM).
    """
    reader = PdfReader(io.BytesIO(pdf))
    destination = reader.named_destinations.get(SIGNATURE_AREA_ID)
    if destination is None:
        raise SignatureAreaMissingError(
            f'PDF không có vùng chữ ký (phần tử id="{SIGNATURE_AREA_ID}").'
        )
    page_index = reader.get_destination_page_number(destination)
    left = float(destination.left)
    top = float(destination.top)
    return SignatureBox(
        page=page_index,
        x1=left,
        y1=top - SIGNATURE_AREA_HEIGHT_MM * POINTS_PER_MM,
        x2=left + SIGNATURE_AREA_WIDTH_MM * POINTS_PER_MM,
        y2=top,
    )
