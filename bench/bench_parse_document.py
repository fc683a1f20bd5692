"""Time parse_document_text on a directive of about 15 A4 pages (≈ 7,000 words).

    python bench/bench_parse_document.py [--runs 20] [--words 7000]

The document is a full-format state Thông báo whose body (sections of numbered tasks with
leads, coordinators, deadlines and citations) is repeated until it reaches the word count.
No database is needed: without DJANGO_SETTINGS_MODULE, Django is configured in memory only so
that the parser's gettext calls work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402 - the path above must be in place first
from django.conf import settings  # noqa: E402

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    django.setup()
elif not settings.configured:
    settings.configure(USE_I18N=True, LANGUAGE_CODE="vi")
    django.setup()

from directives.parsing import parse_document_text  # noqa: E402

HEADER = """\
UBND TỈNH LẠNG SƠN
BAN CHỈ ĐẠO 138
Số: 05/TB-BCĐ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 01 năm 2024

THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo 138 tỉnh tại hội nghị tổng kết công tác bảo đảm an ninh,
trật tự và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023

Ngày 28/12/2023, tại Công an tỉnh, Trưởng Ban Chỉ đạo 138 tỉnh chủ trì hội nghị tổng kết công
tác năm 2023. Căn cứ Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ
Công an và Kế hoạch số 15/KH-UBND ngày 20/01/2023 của UBND tỉnh, Trưởng Ban kết luận như sau:
"""

SECTION = """
{roman}. NHIỆM VỤ TRỌNG TÂM NHÓM {index}
Trong năm, các cơ quan, đơn vị, địa phương cần tiếp tục quán triệt Kết luận số 44-KL/TW, ngày
22/01/2019 của Ban Bí thư và Chương trình phối hợp số 09/CTr-BCA-MTTW ngày 01/8/2013 giữa Bộ Công
an và Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, bảo đảm phong trào được
triển khai thực chất, hiệu quả, gắn với nhiệm vụ phát triển kinh tế - xã hội của địa phương.
1. Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp và Sở Thông tin và Truyền thông xây dựng
kế hoạch tuyên truyền về phong trào toàn dân bảo vệ an ninh Tổ quốc, chú trọng các địa bàn trọng
điểm, phức tạp về an ninh, trật tự; hoàn thành trước ngày 31/3/2024.
2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh đẩy mạnh
vận động Nhân dân tham gia phong trào, nhân rộng các mô hình tự quản hiệu quả ở khu dân cư;
định kỳ 6 tháng, năm báo cáo kết quả về Ban Chỉ đạo 138 tỉnh (qua Công an tỉnh).
3. UBND các huyện, thành phố chỉ đạo rà soát, củng cố các mô hình tự quản về an ninh, trật tự ở
cơ sở, kịp thời thanh loại các mô hình hoạt động hình thức, thực hiện thường xuyên.
4. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh, Tỉnh đoàn tổ chức tuyên truyền
pháp luật trong trường học trong vòng 30 ngày kể từ ngày ký Thông báo này.
5. Yêu cầu các thành viên Ban Chỉ đạo 138 tỉnh theo dõi địa bàn được phân công, kiểm tra, đôn
đốc việc thực hiện, báo cáo kết quả trước ngày 10/12 hằng năm.
6. Về phòng, chống ma túy:
a) Giao Công an tỉnh rà soát, thống kê người sử dụng trái phép chất ma túy, hoàn thành trong
tháng 6/2024;
b) Giao Sở Y tế phối hợp với Công an tỉnh quản lý người nghiện, báo cáo hằng quý.
"""

CLOSING = """
Nay thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Thường trực Tỉnh ủy (b/c);
- Thường trực HĐND tỉnh (b/c);
- Các thành viên BCĐ 138 tỉnh (t/h);
- UBND các huyện, thành phố (để thực hiện);
- Lưu: VT, CAT (PV05).

TM. BAN CHỈ ĐẠO
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN THƯỜNG TRỰC

Đinh Quang Vũ
"""

ROMANS = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
]  # fmt: skip


def build_document(words: int) -> str:
    sections: list[str] = []
    text = HEADER + CLOSING
    while len(text.split()) < words:
        index = len(sections)
        roman = ROMANS[index % len(ROMANS)] if index < len(ROMANS) else f"{ROMANS[-1]}{index}"
        sections.append(SECTION.format(roman=roman, index=index + 1))
        text = HEADER + "".join(sections) + CLOSING
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--words", type=int, default=7000)
    args = parser.parse_args()

    text = build_document(args.words)
    document = parse_document_text(text)  # warm-up: compiled patterns, imports
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        parse_document_text(text)
        timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        f"document: {len(text.split())} words, {len(text)} characters (≈ "
        f"{len(text.split()) / 470:.0f} A4 pages), {len(document.tasks)} tasks, "
        f"{len(document.citations)} citations, {len(document.warnings)} warnings"
    )
    print(
        f"parse_document_text over {args.runs} runs: median {statistics.median(timings) * 1000:.1f}"
        f" ms, p95 {p95 * 1000:.1f} ms, min {timings[0] * 1000:.1f} ms, "
        f"max {timings[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
