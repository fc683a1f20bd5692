"""Time a visible PAdES signature on a 2-page official PDF, and its verification.

    python bench/bench_sign.py [--runs 20]

The PDF is rendered once with WeasyPrint and a demo PKI is made in a temporary directory; then
each run signs the same unsigned file (seal and signature images composed, Noto Serif stamp
text, incremental update) and each verification checks the signed one against the demo CA.
No database or Django settings are needed: printing.signing is plain library code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from weasyprint import HTML  # noqa: E402 - the path above must be in place first

from printing.demo_pki import demo_pki_create  # noqa: E402
from printing.signing import (  # noqa: E402
    SignatureAppearance,
    SignatureBox,
    load_signer,
    load_trust_roots,
    sign_pdf,
    verify_pdf,
)

PARAGRAPH = (
    "<p>Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp và Ủy ban Mặt trận Tổ quốc Việt Nam "
    "tỉnh xây dựng kế hoạch tuyên truyền về phong trào toàn dân bảo vệ an ninh Tổ quốc, chú "
    "trọng các địa bàn trọng điểm, phức tạp về an ninh, trật tự; hoàn thành trước ngày "
    "31/3/2027.</p>"
)
HTML_DOCUMENT = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: Tinos, serif; font-size: 13pt; text-align: justify; }}
p {{ text-indent: 1.27cm; margin: 0 0 6pt; line-height: 1.3; }}
.page-break {{ break-before: page; }}
</style></head><body>
<p style="text-align: center"><b>THÔNG BÁO</b></p>
{PARAGRAPH * 12}
<div class="page-break"></div>
{PARAGRAPH * 6}
<p style="text-align: right"><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b></p>
</body></html>"""

MM = 72 / 25.4
BOX = SignatureBox(page=1, x1=120 * MM, y1=120 * MM, x2=182 * MM, y2=150 * MM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    pdf = HTML(string=HTML_DOCUMENT).write_pdf()
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        pki = demo_pki_create(
            directory=Path(directory),
            organizations=[("ubnd", "Ủy ban nhân dân tỉnh Lạng Sơn")],
            people=[("chu-tich", "Nguyễn Văn An")],
        )
        pki_seconds = time.perf_counter() - started
        credential = pki.credentials["ubnd"]
        signer = load_signer(p12_path=credential.p12_path, passphrase=credential.passphrase())
        trust_roots = load_trust_roots([pki.ca_path])
        appearance = SignatureAppearance(
            signer_name="Nguyễn Văn An",
            position="Chủ tịch",
            organization="Ủy ban nhân dân tỉnh Lạng Sơn",
            signature_png=pki.signature_images["chu-tich"].read_bytes(),
            seal_png=pki.seal_images["ubnd"].read_bytes(),
        )
        signing_time = dt.datetime.now(tz=ZoneInfo("Asia/Ho_Chi_Minh"))

        sign_times = []
        signed = b""
        for _ in range(args.runs):
            started = time.perf_counter()
            signed = sign_pdf(
                pdf=pdf, signer=signer, appearance=appearance, box=BOX, signing_time=signing_time
            )
            sign_times.append(time.perf_counter() - started)

        verify_times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            report = verify_pdf(pdf=signed, trust_roots=trust_roots)
            verify_times.append(time.perf_counter() - started)
        if not report.ok:
            raise SystemExit(f"verification failed: {report.problems}")

    print(f"demo PKI (CA + 1 organization + images): {pki_seconds * 1000:.0f} ms, once")
    print(f"PDF: 2 pages, {len(pdf) / 1024:.0f} KiB unsigned, {len(signed) / 1024:.0f} KiB signed")
    print(
        f"sign_pdf:   median {statistics.median(sign_times) * 1000:.0f} ms "
        f"(min {min(sign_times) * 1000:.0f}, max {max(sign_times) * 1000:.0f}, {args.runs} runs)"
    )
    print(
        f"verify_pdf: median {statistics.median(verify_times) * 1000:.0f} ms "
        f"(min {min(verify_times) * 1000:.0f}, max {max(verify_times) * 1000:.0f}, "
        f"{args.runs} runs)"
    )


if __name__ == "__main__":
    main()
