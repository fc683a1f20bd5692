"""Time printing.render_pdf on a 2-page notice, against WeasyPrint alone on the same HTML.

    python bench/bench_render.py [--runs 20]

Both are timed warm, in one process, alternating run by run so that both see the same machine
load: render_pdf (Django template + WeasyPrint with the local-only URL fetcher) and
``HTML(string=html).write_pdf()`` on the HTML that template produced. No database is needed:
without DJANGO_SETTINGS_MODULE, Django is configured in memory with the project's templates.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402 - the path above must be in place first
from django.conf import settings  # noqa: E402

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    django.setup()
elif not settings.configured:
    settings.configure(
        BASE_DIR=BASE_DIR,
        USE_I18N=True,
        LANGUAGE_CODE="vi",
        STATICFILES_DIRS=[BASE_DIR / "static"],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [BASE_DIR / "templates"],
            }
        ],
    )
    django.setup()

import segno  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from printing.rendering import render_html, render_pdf  # noqa: E402

TEMPLATE_NAME = "directives/pdf/document.html"
VERIFICATION_URL = "https://antq.example.vn/xac-thuc/7K3M-Q9TX"

PARAGRAPH = (
    "<p>Trong năm, các cơ quan, đơn vị, địa phương cần tiếp tục quán triệt Kết luận số "
    "44-KL/TW, ngày 22/01/2019 của Ban Bí thư và Chương trình phối hợp số 09/CTr-BCA-MTTW ngày "
    "01/8/2013 giữa Bộ Công an và Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, "
    "bảo đảm phong trào được triển khai thực chất, hiệu quả.</p>"
    "<p>Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp xây dựng kế hoạch tuyên truyền về "
    "phong trào toàn dân bảo vệ an ninh Tổ quốc; hoàn thành trước ngày 31/3/2024.</p>"
)
TABLE = (
    "<table><thead><tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời hạn</th></tr>"
    "</thead><tbody><tr><td>1</td><td>Tuyên truyền phong trào</td><td>Công an tỉnh</td>"
    "<td>Thường xuyên</td></tr><tr><td>2</td><td>Sơ kết mô hình tự quản</td><td>Sở Tư pháp"
    "</td><td>Trước 10/12</td></tr></tbody></table>"
)


def notice_context(sections: int) -> dict:
    body = "".join(
        f"<h3>{index}. NHIỆM VỤ NHÓM {index}</h3>{PARAGRAPH}" for index in range(1, sections + 1)
    )
    return {
        "system": "state",
        "parent_issuer": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "issuer": "Ban Chỉ đạo 138",
        "number_symbol": "05/TB-BCĐ",
        "place_date_line": "Lạng Sơn, ngày 05 tháng 01 năm 2024",
        "type_name": "Thông báo",
        "title": "Kết luận của Trưởng Ban Chỉ đạo 138 tỉnh tại hội nghị tổng kết năm 2023",
        "body_html": body + TABLE,
        "authority_line": "TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN",
        "position": "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "signer_name": "Đinh Quang Vũ",
        "recipients": ["Thường trực Tỉnh ủy (b/c);", "UBND các huyện, thành phố (để thực hiện);"],
        "archive_line": "Lưu: VT, CAT (PV05).",
        "urgency_label": "",
        "secrecy_label": "",
        "verification_code": "7K3M-Q9TX",
        "verification_url": VERIFICATION_URL,
        "qr_svg_data_uri": segno.make(VERIFICATION_URL).svg_data_uri(scale=3),
    }


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def two_page_context() -> dict:
    """The longest notice that still fits on two pages."""
    sections = 1
    while True:
        longer = notice_context(sections + 1)
        if page_count(render_pdf(template_name=TEMPLATE_NAME, context=longer)) > 2:
            return notice_context(sections)
        sections += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # Progress lines at INFO would be timed too and flood the output.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    context = two_page_context()
    html = render_html(template_name=TEMPLATE_NAME, context=context)
    pdf = render_pdf(template_name=TEMPLATE_NAME, context=context)  # warm-up
    HTML(string=html).write_pdf()

    ours: list[float] = []
    weasyprint_only: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        render_pdf(template_name=TEMPLATE_NAME, context=context)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        weasyprint_only.append(time.perf_counter() - started)

    ours_median = statistics.median(ours)
    weasyprint_median = statistics.median(weasyprint_only)
    print(f"notice: {page_count(pdf)} A4 pages, {len(pdf) / 1024:.0f} KiB, {len(html)} HTML chars")
    print(f"render_pdf median of {args.runs} warm runs: {ours_median * 1000:.0f} ms")
    print(
        f"HTML(string=…).write_pdf() median of {args.runs} warm runs: "
        f"{weasyprint_median * 1000:.0f} ms"
    )
    print(f"ratio render_pdf / WeasyPrint alone: {ours_median / weasyprint_median:.2f}")


if __name__ == "__main__":
    main()
