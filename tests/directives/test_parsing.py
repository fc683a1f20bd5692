"""The document parser (directives.parsing): real samples, full-format documents written for
these tests, number/date/deadline rules, legacy encodings and file extraction.

The real samples are read from the folder named by ANTQ_SAMPLES and never copied here; their
tests skip when it is unset. No test here touches the database.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directives.parsing import DocumentTextError, extract_text, parse_document_text
from directives.parsing.assignments import find_assignees
from directives.parsing.dates import (
    find_dates,
    format_date,
    format_date_line,
    parse_date,
    parse_place_date_line,
)
from directives.parsing.deadlines import detect_deadline
from directives.parsing.encoding import (
    MIN_ACCENTED_WORDS,
    TCVN3_TO_UNICODE,
    detect_legacy_encoding,
    fix_legacy_text,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vietnamese_score,
    vni_to_unicode,
)
from directives.parsing.numbers import (
    PARTY_TYPE_CODES,
    STATE_TYPE_CODES,
    TYPE_CHOICES,
    TYPE_CODES,
    TYPE_NAMES,
    NumberSymbol,
    parse_number_symbol,
    type_code_for_name,
)

TODAY = datetime.date(2025, 6, 1)
CONTRACT_KEYS = {
    "system", "type", "type_code", "number", "issuer", "parent_issuer", "place", "date", "title",
    "authority", "position", "signer", "recipients", "archive", "tasks", "citations", "warnings",
}  # fmt: skip


# --- Documents written for these tests (fictional bodies, people and content) -------------

STATE_DOCUMENT = """\
UBND TỈNH LẠNG SƠN
BAN CHỈ ĐẠO 138
Số: 05/TB-BCĐ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 01 năm 2024

THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo 138 tỉnh tại hội nghị sơ kết
công tác bảo đảm an ninh, trật tự quý IV năm 2023

Ngày 28/12/2023, tại Công an tỉnh, đồng chí Hoàng Minh Khôi, Phó Chủ tịch UBND tỉnh, Trưởng \
Ban Chỉ đạo 138 tỉnh chủ trì hội nghị sơ kết công tác bảo đảm an ninh, trật tự quý IV năm 2023. \
Căn cứ Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy định \
về khu dân cư, cơ quan, doanh nghiệp đạt tiêu chuẩn “An toàn về an ninh, trật tự” và Kế hoạch \
số 15/KH-UBND ngày 20/01/2023 của UBND tỉnh, Trưởng Ban Chỉ đạo kết luận như sau:

I. ĐÁNH GIÁ CHUNG
1. Kết quả đạt được
Các cơ quan, đơn vị đã triển khai đồng bộ các giải pháp; tình hình an ninh, trật tự ổn định.
2. Hạn chế
Công tác phối hợp giữa một số ngành còn chưa chặt chẽ.

II. NHIỆM VỤ TRỌNG TÂM
1. Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp và Sở Thông tin và Truyền thông xây \
dựng kế hoạch tuyên truyền về phong trào toàn dân bảo vệ an ninh Tổ quốc; hoàn thành trước \
ngày 31/3/2024.
2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh đẩy \
mạnh vận động Nhân dân tham gia phong trào; định kỳ 6 tháng, năm báo cáo kết quả về Ban Chỉ \
đạo 138 tỉnh (qua Công an tỉnh).
3. UBND các huyện, thành phố chỉ đạo rà soát, củng cố các mô hình tự quản về an ninh, trật \
tự ở cơ sở, thực hiện thường xuyên.
4. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh, Tỉnh đoàn tổ chức tuyên truyền \
trong trường học trong vòng 30 ngày kể từ ngày ký Thông báo này.
5. Yêu cầu các thành viên Ban Chỉ đạo 138 tỉnh theo dõi địa bàn được phân công, báo cáo kết \
quả trước ngày 10/12 hằng năm.
6. Về phòng, chống ma túy:
a) Giao Công an tỉnh rà soát, thống kê người sử dụng trái phép chất ma túy, hoàn thành trong \
tháng 6/2024;
b) Giao Sở Y tế phối hợp với Công an tỉnh quản lý người nghiện, báo cáo hằng quý.

Nay thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Thường trực Tỉnh ủy (b/c);
- Thường trực HĐND tỉnh (b/c);
- Chủ tịch, các PCT UBND tỉnh;
- Các thành viên BCĐ 138 tỉnh (t/h);
- UBND các huyện, thành phố (để thực hiện);
- Lưu: VT, CAT (PV05).

TM. BAN CHỈ ĐẠO
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN THƯỜNG TRỰC

(Đã ký)

Đinh Quang Vũ
"""

PARTY_DOCUMENT = """\
ĐẢNG BỘ TỈNH LẠNG SƠN
ĐẢNG ỦY CÔNG AN TỈNH
*
Số 12-KH/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Lạng Sơn, ngày 10 tháng 02 năm 2024

KẾ HOẠCH
tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2024
-----

Thực hiện Kết luận số 44-KL/TW, ngày 22/01/2019 của Ban Bí thư và Kế hoạch số 111-KH/TU, \
ngày 23-9-2019 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Đảng ủy Công an tỉnh xây dựng Kế \
hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Phát huy sức mạnh tổng hợp của hệ thống chính trị trong phong trào.
2. Ngày hội được tổ chức thiết thực, tiết kiệm.

II. NHIỆM VỤ, GIẢI PHÁP
1. Các chi bộ, đảng bộ cơ sở lãnh đạo tổ chức Ngày hội ở khu dân cư, hoàn thành trước ngày \
19/8/2024.
2. Phòng Tham mưu chủ trì, phối hợp với Phòng Cảnh sát hình sự, Phòng An ninh đối ngoại \
hướng dẫn, kiểm tra việc tổ chức Ngày hội; thực hiện thường xuyên.
3. Đoàn Thanh niên Công an tỉnh tổ chức các hoạt động hưởng ứng; định kỳ hằng quý báo cáo \
Ban Thường vụ Đảng ủy.

III. TỔ CHỨC THỰC HIỆN
1. Giao Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện Kế hoạch này; báo cáo kết quả \
trước ngày 30 tháng 9 năm 2024.
2. Các cấp ủy trực thuộc căn cứ Kế hoạch xây dựng kế hoạch thực hiện trong vòng 15 ngày kể \
từ ngày ban hành.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (để b/c),
- Các đồng chí Đảng ủy viên,
- Các chi bộ, đảng bộ trực thuộc,
- Lưu Văn phòng Đảng ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Lương Thị Hạnh
"""

CONG_VAN_DOCUMENT = """\
ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 123/UBND-NC
V/v triển khai Ngày hội toàn dân
bảo vệ an ninh Tổ quốc năm 2024

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 15 tháng 7 năm 2024

Kính gửi:
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thành phố.

Thực hiện Hướng dẫn số 22/HD-BCA-V05 ngày 18/11/2022 của Bộ Công an, Ủy ban nhân dân tỉnh có \
ý kiến như sau:
1. Giao Công an tỉnh chủ trì, phối hợp với các cơ quan liên quan hướng dẫn tổ chức Ngày hội; \
báo cáo kết quả trước ngày 30/8/2024.
2. Yêu cầu UBND các huyện, thành phố bố trí kinh phí tổ chức Ngày hội ở cấp xã.
Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.

Nơi nhận:
- Như trên;
- Bộ Công an (b/c);
- Chủ tịch UBND tỉnh;
- Lưu: VT, NC.

TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG

Vi Thị Lan
"""


def _task(document, number: str):
    return next(task for task in document.tasks if task.number == number)


# --- The real samples ---------------------------------------------------------------------


def _sample(name: str) -> str:
    folder = os.environ.get("ANTQ_SAMPLES")
    if not folder:
        pytest.skip("ANTQ_SAMPLES is not set")
    path = Path(folder) / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ANTQ_SAMPLES")
    return path.read_text(encoding="utf-8")


def test_parse_sample_thong_bao_ket_luan_reads_every_field_it_holds():
    document = parse_document_text(_sample("thong-bao-ket-luan-2021.txt"), today=TODAY)

    assert (document.system, document.type, document.type_code) == ("state", "Thông báo", "TB")
    # The header was lost: no number, issuer, place or date, and a warning for each.
    assert document.number is None and document.issuer is None and document.parent_issuer is None
    assert document.place is None and document.date is None  # 19/3/2021 is the meeting's date
    assert "Không tìm thấy số, ký hiệu văn bản." in document.warnings
    assert any("ngày ban hành" in w for w in document.warnings)
    assert any("cơ quan ban hành" in w for w in document.warnings)
    assert document.title.startswith("Kết luận của đồng chí Đặng Văn Minh, Chủ tịch UBND tỉnh")
    assert document.title.endswith("phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2021")
    assert (document.authority, document.position, document.signer) == (
        "TL.",
        "CHÁNH VĂN PHÒNG",
        "Phạm Xuân Duệ",
    )
    assert [(r.name, r.purpose) for r in document.recipients] == [
        ("TT Tỉnh ủy", "báo cáo"),
        ("TT HĐND tỉnh", None),
        ("CT, PCT UBND tỉnh", None),
        ("Công an tỉnh", None),
        ("Thành viên ban Chỉ đạo 138 tỉnh", None),
        ("UBND các huyện, thị xã, thành phố", None),
        ("VPUB: CVP, TH, CBTH", None),
    ]
    assert document.archive == "VT, NC bđv134"

    assert [t.number for t in document.tasks] == [f"II.{n}" for n in range(1, 8)]
    assert _task(document, "II.1").lead == ["Thủ trưởng các cơ quan, đơn vị, địa phương"]
    assert _task(document, "II.1").text.startswith("Yêu cầu Thủ trưởng các cơ quan")
    # The page break inside task 1 is joined again.
    assert "về tổ chức phong trào toàn dân tham gia" in _task(document, "II.1").text
    assert _task(document, "II.3").lead == ["Công an tỉnh"]
    assert _task(document, "II.3").coordinating == ["các cơ quan, đơn vị, địa phương"]
    assert _task(document, "II.6").coordinating == ["các cơ quan thông tấn, báo chí"]
    assert _task(document, "II.7").lead == ["Công an tỉnh"]
    assert _task(document, "II.7").text.endswith("trong giai đoạn 2021-2025")
    assert all("Nay thông báo" not in t.text for t in document.tasks)

    citations = {c.number: c for c in document.citations}
    assert list(citations) == [
        "1395/QĐ-UBND", "44-KL/TW", "09-CT/TW", "01/CT-TTg", "09/CTr-BCA-MTTW", "521/QĐ-TTg",
    ]  # fmt: skip
    assert citations["1395/QĐ-UBND"].date == datetime.date(2016, 8, 3)
    assert citations["1395/QĐ-UBND"].issuer == "Chủ tịch UBND tỉnh"
    assert citations["44-KL/TW"].type == "Kết luận"
    assert citations["44-KL/TW"].issuer == "Ban Bí thư"
    assert citations["09-CT/TW"].date is None
    assert citations["09/CTr-BCA-MTTW"].type == "Chương trình phối hợp"
    assert citations["09/CTr-BCA-MTTW"].date == datetime.date(2013, 8, 1)
    assert citations["09/CTr-BCA-MTTW"].issuer.startswith("Bộ Công an và Ban Thường trực")
    assert citations["521/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"


def test_parse_sample_chi_thi_reads_tasks_and_the_assignment_after_them():
    document = parse_document_text(_sample("chi-thi-2024.txt"), today=TODAY)

    assert (document.system, document.type, document.type_code) == ("state", "Chỉ thị", "CT")
    assert document.number is None and document.date is None and document.issuer is None
    assert document.title == (
        "Đẩy mạnh thực hiện phong trào toàn dân bảo vệ an ninh Tô quốc năm 2024"
    )
    assert (document.authority, document.position, document.signer) == (
        None,
        "CHỦ TỊCH",
        "Triệu Thế Hùng",
    )
    assert [r.name for r in document.recipients] == [
        "Văn phòng Chính phủ", "Bộ Công an", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh",
        "Đoàn ĐBQH tỉnh", "Lãnh đạo UBND tỉnh", "Các sở, ban, ngành, đoàn thể tỉnh",
        "UBND các huyện, thị xã, thành phố",
    ]  # fmt: skip
    assert document.archive == "VT, NC-KSTTHC, Ô Quảng"

    # Six numbered tasks and the closing assignment to the provincial police.
    assert [t.number for t in document.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    assert _task(document, "4").lead == ["Ủy ban Mặt trận Tổ quốc", "các tổ chức thành viên"]
    assert _task(document, "4").coordinating == ["lực lượng Công an các cấp"]
    assert _task(document, "6").lead == ["Ban Chỉ đạo 138 các cấp"]
    assert "Giao Công an tỉnh" not in _task(document, "6").text
    assert _task(document, "7").lead == ["Công an tỉnh"]
    assert _task(document, "7").text.startswith("Giao Công an tỉnh theo dõi, hướng dẫn")
    assert _task(document, "7").text.endswith("năm 2024 và những năm tiếp theo")
    # Page breaks inside tasks 3 and the context are joined again.
    assert "trọng tâm là duy trì, phát triển" in _task(document, "3").text
    assert _task(document, "2").deadline == {"kind": "ongoing", "value": None}

    citations = {c.number: c for c in document.citations}
    assert list(citations) == ["44-KL/TW", "09-CT/TW", "22/2023/QĐ-TTg", "07/CTrPH-BCA-MTTW"]
    assert citations["44-KL/TW"].issuer == "Ban Bí thư Trung ương Đảng"
    assert citations["09-CT/TW"].date == datetime.date(2011, 12, 1)
    assert citations["22/2023/QĐ-TTg"].date == datetime.date(2023, 7, 18)
    assert citations["07/CTrPH-BCA-MTTW"].type == "Chương trình"
    assert citations["07/CTrPH-BCA-MTTW"].issuer.endswith("với Bộ Công an")


def test_parse_sample_ke_hoach_tinh_uy_reads_remedies_and_responsibilities():
    document = parse_document_text(_sample("ke-hoach-tinh-uy-2023.txt"), today=TODAY)

    assert (document.system, document.type, document.type_code) == ("party", "Kế hoạch", "KH")
    assert document.number is None and document.date is None
    # The issuer is named under the type line ("CỦA BAN THƯỜNG VỤ TỈNH ỦY"), with a warning.
    assert document.issuer == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert any("CỦA BAN THƯỜNG VỤ TỈNH ỦY" in w for w in document.warnings)
    assert document.title.startswith("về phát huy ưu điểm và khắc phục khuyết điểm")
    assert document.title.endswith("Đảng ủy Công an Trung ương")
    assert (document.authority, document.position, document.signer) == (
        "T/M",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn Hòa",
    )
    assert [(r.name, r.purpose) for r in document.recipients][:2] == [
        ("Đảng ủy Công an Trung ương", "b/c"),
        ("Đoàn Kiểm tra số 02 (Qua BNCTW)", "b/c"),
    ]
    assert len(document.recipients) == 7
    assert document.archive == "Văn phòng Tỉnh ủy"

    assert [t.number for t in document.tasks] == [
        "II.1", "II.2.1", "II.2.2", "II.2.3", "II.2.4", "II.2.5", "III.1", "III.2",
    ]  # fmt: skip
    committees = [
        "Các cơ quan tham mưu, giúp việc Tỉnh ủy", "các ban cán sự đảng", "đảng đoàn",
        "các huyện ủy", "thành ủy", "đảng ủy trực thuộc Tỉnh ủy", "Ban Thường vụ Tỉnh đoàn",
    ]  # fmt: skip
    assert _task(document, "II.1").lead == committees
    assert _task(document, "II.2.1").lead == ["Đảng ủy Công an tỉnh"]
    assert "Ban Thường vụ Tỉnh đoàn" in _task(document, "II.2.1").coordinating
    assert _task(document, "II.2.3").coordinating[0] == "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    assert _task(document, "II.2.3").coordinating[-1] == "các cơ quan liên quan"
    assert _task(document, "II.2.5").coordinating == ["các cơ quan liên quan"]
    for number in ("II.1", "II.2.1", "II.2.2", "II.2.3", "II.2.4"):
        assert _task(document, number).deadline == {"kind": "ongoing", "value": None}
    assert _task(document, "III.1").lead == committees
    assert _task(document, "III.1").deadline == {"kind": "yearly", "value": "12-10"}
    assert _task(document, "III.2").lead == ["Đảng ủy Công an tỉnh"]
    assert _task(document, "III.2").coordinating == ["các cơ quan, địa phương liên quan"]
    assert "(qua Đảng ủy Công an tỉnh)" in _task(document, "III.1").text
    # The footnote is no signer and stays in the body as a note.
    assert document.body_sections[-1]["items"][0]["text"].startswith("Kế hoạch số 111-KH/TU")

    citations = {c.number: c for c in document.citations}
    assert list(citations) == ["03-BC/ĐKT", "44-KL/TW", "09-CT/TW", "111-KH/TU"]
    assert citations["03-BC/ĐKT"].date == datetime.date(2023, 5, 31)
    assert citations["03-BC/ĐKT"].issuer is None
    assert citations["09-CT/TW"].issuer == "Ban Bí thư Trung ương Đảng"
    assert citations["111-KH/TU"].issuer == "Ban Thường vụ Tỉnh ủy"


# --- Full-format documents ---------------------------------------------------------------


def test_parse_state_document_in_full_format():
    document = parse_document_text(STATE_DOCUMENT, today=TODAY)
    data = document.to_json_dict()

    assert set(data) == CONTRACT_KEYS
    assert data["warnings"] == []
    assert data["system"] == "state"
    assert (data["type"], data["type_code"], data["number"]) == ("Thông báo", "TB", "05/TB-BCĐ")
    assert (data["issuer"], data["parent_issuer"]) == ("BAN CHỈ ĐẠO 138", "UBND TỈNH LẠNG SƠN")
    assert (data["place"], data["date"]) == ("Lạng Sơn", "2024-01-05")
    assert data["title"] == (
        "Kết luận của Trưởng Ban Chỉ đạo 138 tỉnh tại hội nghị sơ kết công tác bảo đảm an ninh, "
        "trật tự quý IV năm 2023"
    )
    assert (data["authority"], data["position"], data["signer"]) == (
        "KT.",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "Đinh Quang Vũ",
    )
    assert data["recipients"] == [
        {"name": "Thường trực Tỉnh ủy", "purpose": "b/c"},
        {"name": "Thường trực HĐND tỉnh", "purpose": "b/c"},
        {"name": "Chủ tịch, các PCT UBND tỉnh", "purpose": None},
        {"name": "Các thành viên BCĐ 138 tỉnh", "purpose": "t/h"},
        {"name": "UBND các huyện, thành phố", "purpose": "để thực hiện"},
    ]
    assert data["archive"] == "VT, CAT (PV05)"
    tasks = {t["number"]: t for t in data["tasks"]}
    assert list(tasks) == ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6.a", "II.6.b"]
    assert tasks["II.1"] == {
        "number": "II.1",
        "text": (
            "Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp và Sở Thông tin và Truyền thông "
            "xây dựng kế hoạch tuyên truyền về phong trào toàn dân bảo vệ an ninh Tổ quốc; hoàn "
            "thành trước ngày 31/3/2024"
        ),
        "lead": ["Công an tỉnh"],
        "coordinating": ["Sở Tư pháp", "Sở Thông tin và Truyền thông"],
        "deadline": {"kind": "date", "value": "2024-03-31"},
    }
    assert tasks["II.2"]["lead"] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "các tổ chức chính trị - xã hội tỉnh",
    ]
    assert tasks["II.2"]["deadline"] == {"kind": "periodic", "value": "half-year+year"}
    assert tasks["II.3"]["lead"] == ["UBND các huyện, thành phố"]
    assert tasks["II.3"]["deadline"] == {"kind": "ongoing", "value": None}
    assert (tasks["II.4"]["lead"], tasks["II.4"]["coordinating"]) == (
        ["Sở Giáo dục và Đào tạo"],
        ["Công an tỉnh", "Tỉnh đoàn"],
    )
    assert tasks["II.4"]["deadline"] == {"kind": "relative", "value": "P30D"}
    assert tasks["II.5"]["lead"] == ["các thành viên Ban Chỉ đạo 138 tỉnh"]
    assert tasks["II.5"]["deadline"] == {"kind": "yearly", "value": "12-10"}
    assert tasks["II.6.a"]["lead"] == ["Công an tỉnh"]
    assert tasks["II.6.a"]["deadline"] == {"kind": "date", "value": "2024-06-30"}
    assert (tasks["II.6.b"]["lead"], tasks["II.6.b"]["coordinating"]) == (
        ["Sở Y tế"],
        ["Công an tỉnh"],
    )
    assert tasks["II.6.b"]["deadline"] == {"kind": "periodic", "value": "quarter"}
    assert data["citations"] == [
        {
            "type": "Thông tư",
            "number": "124/2021/TT-BCA",
            "date": "2021-12-28",
            "issuer": "Bộ trưởng Bộ Công an",
        },
        {"type": "Kế hoạch", "number": "15/KH-UBND", "date": "2023-01-20", "issuer": "UBND tỉnh"},
    ]
    headings = [s["heading"] for s in document.body_sections]
    assert headings == [None, "I. ĐÁNH GIÁ CHUNG", "II. NHIỆM VỤ TRỌNG TÂM"]
    items = document.body_sections[2]["items"]
    assert [(i["number"], i["kind"]) for i in items[-3:]] == [
        ("a", "lettered"),
        ("b", "lettered"),
        (None, "paragraph"),
    ]
    assert items[-1]["text"] == "Nay thông báo để các cơ quan, đơn vị biết, thực hiện./."


def test_parse_party_document_in_full_format():
    data = parse_document_text(PARTY_DOCUMENT, today=TODAY).to_json_dict()

    assert data["warnings"] == []
    assert (data["system"], data["type"], data["type_code"]) == ("party", "Kế hoạch", "KH")
    assert data["number"] == "12-KH/ĐU"
    assert (data["issuer"], data["parent_issuer"]) == (
        "ĐẢNG ỦY CÔNG AN TỈNH",
        "ĐẢNG BỘ TỈNH LẠNG SƠN",
    )
    assert (data["place"], data["date"]) == ("Lạng Sơn", "2024-02-10")
    assert data["title"] == "tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2024"
    assert (data["authority"], data["position"], data["signer"]) == (
        "T/M",
        "PHÓ BÍ THƯ",
        "Lương Thị Hạnh",
    )
    assert data["recipients"] == [
        {"name": "Ban Thường vụ Tỉnh ủy", "purpose": "để b/c"},
        {"name": "Các đồng chí Đảng ủy viên", "purpose": None},
        {"name": "Các chi bộ, đảng bộ trực thuộc", "purpose": None},
    ]
    assert data["archive"] == "Văn phòng Đảng ủy"
    tasks = {t["number"]: t for t in data["tasks"]}
    # The purposes in section I are no tasks.
    assert list(tasks) == ["II.1", "II.2", "II.3", "III.1", "III.2"]
    assert tasks["II.1"]["lead"] == ["Các chi bộ, đảng bộ cơ sở"]
    assert tasks["II.1"]["deadline"] == {"kind": "date", "value": "2024-08-19"}
    assert tasks["II.2"]["lead"] == ["Phòng Tham mưu"]
    assert tasks["II.2"]["coordinating"] == ["Phòng Cảnh sát hình sự", "Phòng An ninh đối ngoại"]
    assert tasks["II.2"]["deadline"] == {"kind": "ongoing", "value": None}
    assert tasks["II.3"]["lead"] == ["Đoàn Thanh niên Công an tỉnh"]
    assert tasks["II.3"]["deadline"] == {"kind": "periodic", "value": "quarter"}
    assert tasks["III.1"]["lead"] == ["Văn phòng Đảng ủy"]
    assert tasks["III.1"]["deadline"] == {"kind": "date", "value": "2024-09-30"}
    assert tasks["III.2"]["lead"] == ["Các cấp ủy trực thuộc"]
    assert tasks["III.2"]["deadline"] == {"kind": "relative", "value": "P15D"}
    assert data["citations"] == [
        {"type": "Kết luận", "number": "44-KL/TW", "date": "2019-01-22", "issuer": "Ban Bí thư"},
        {
            "type": "Kế hoạch",
            "number": "111-KH/TU",
            "date": "2019-09-23",
            "issuer": "Ban Thường vụ Tỉnh ủy",
        },
    ]


def test_parse_cong_van_takes_its_summary_from_the_vv_line():
    data = parse_document_text(CONG_VAN_DOCUMENT, today=TODAY).to_json_dict()

    assert data["warnings"] == []
    assert (data["system"], data["type"], data["type_code"]) == ("state", "Công văn", None)
    assert data["number"] == "123/UBND-NC"
    assert (data["issuer"], data["parent_issuer"]) == ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", None)
    assert data["date"] == "2024-07-15"
    assert data["title"] == "triển khai Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2024"
    assert [t["number"] for t in data["tasks"]] == ["1", "2"]
    assert data["tasks"][0]["coordinating"] == ["các cơ quan liên quan"]
    assert data["tasks"][0]["deadline"] == {"kind": "date", "value": "2024-08-30"}
    assert data["tasks"][1]["lead"] == ["UBND các huyện, thành phố"]
    assert [r["name"] for r in data["recipients"]] == [
        "Như trên",
        "Bộ Công an",
        "Chủ tịch UBND tỉnh",
    ]
    assert (data["authority"], data["position"], data["signer"]) == (
        "TL.",
        "CHÁNH VĂN PHÒNG",
        "Vi Thị Lan",
    )
    assert data["citations"][0]["number"] == "22/HD-BCA-V05"


def test_parse_header_columns_joined_on_one_line_and_warns_on_format():
    text = STATE_DOCUMENT.replace(
        "UBND TỈNH LẠNG SƠN\nBAN CHỈ ĐẠO 138\nSố: 05/TB-BCĐ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày 05 tháng 01 năm 2024\n",
        "UBND TỈNH LẠNG SƠN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "BAN CHỈ ĐẠO 138    Độc lập - Tự do - Hạnh phúc\n"
        "Số: 5/TB-BCĐ    Lạng Sơn, ngày 5 tháng 1 năm 2024\n",
    )
    document = parse_document_text(text, today=TODAY)

    assert (document.issuer, document.parent_issuer) == ("BAN CHỈ ĐẠO 138", "UBND TỈNH LẠNG SƠN")
    assert document.number == "05/TB-BCĐ"
    assert document.date == datetime.date(2024, 1, 5)
    assert any("05/TB-BCĐ" in w for w in document.warnings)
    assert any("Lạng Sơn, ngày 05 tháng 01 năm 2024" in w for w in document.warnings)


def test_parse_signature_joined_on_one_line_or_before_the_recipients():
    joined = CONG_VAN_DOCUMENT.replace(
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nVi Thị Lan", "**TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Vi Thị Lan**"
    )
    document = parse_document_text(joined, today=TODAY)
    assert (document.authority, document.position, document.signer) == (
        "TL.",
        "CHÁNH VĂN PHÒNG",
        "Vi Thị Lan",
    )

    body, closing = CONG_VAN_DOCUMENT.split("Nơi nhận:")
    recipients, signature = closing.split("TL. CHỦ TỊCH")
    swapped = f"{body}TL. CHỦ TỊCH{signature}\nNơi nhận:{recipients}"
    document = parse_document_text(swapped, today=TODAY)
    assert (document.authority, document.position, document.signer) == (
        "TL.",
        "CHÁNH VĂN PHÒNG",
        "Vi Thị Lan",
    )
    assert len(document.recipients) == 3 and document.archive == "VT, NC"
    assert [t.number for t in document.tasks] == ["1", "2"]


def test_parse_never_takes_a_body_date_for_the_issue_date():
    text = STATE_DOCUMENT.replace("Lạng Sơn, ngày 05 tháng 01 năm 2024\n", "")
    document = parse_document_text(text, today=TODAY)
    assert document.date is None and document.place is None
    assert any("ngày ban hành" in w for w in document.warnings)


def test_parse_warns_on_a_draft_number_a_future_date_and_secrecy():
    text = STATE_DOCUMENT.replace("Số: 05/TB-BCĐ", "Số:      /TB-BCĐ\nMẬT")
    document = parse_document_text(text, today=datetime.date(2023, 12, 1))
    assert document.number is None
    assert any("chưa có số" in w for w in document.warnings)
    assert any("sau ngày hôm nay" in w for w in document.warnings)
    assert any("độ mật" in w for w in document.warnings)


def test_parse_empty_text_gives_a_warning_and_no_fields():
    document = parse_document_text("  \n\n ", today=TODAY)
    assert document.to_json_dict()["warnings"] and document.type is None and not document.tasks


_LINES = st.sampled_from(
    ["Nơi nhận:", "- Lưu: VT.", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "THÔNG BÁO",
     "Số: 05/QĐ-UBND", "CỦA BAN THƯỜNG VỤ", "I. NỘI DUNG", "1. Giao Công an tỉnh chủ trì, phối",
     "a) Yêu cầu các sở", "Lạng Sơn, ngày 05 tháng 01 năm 2024", "ĐẢNG CỘNG SẢN VIỆT NAM", "",
     "*", "./.", "Kết luận số 44-KL/TW ngày 22/01/2019 của", "(b/c)", "¹ chú thích", "V/v", "- "]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=30)), max_size=30))
def test_parse_never_raises_on_scrambled_documents(lines: list[str]):
    import json

    document = parse_document_text("\n".join(lines), today=TODAY)
    json.dumps([document.to_json_dict(), document.body_sections], ensure_ascii=False)


def test_parse_excludes_the_documents_own_number_from_citations():
    text = STATE_DOCUMENT.replace("Nay thông báo", "Thông báo số 05/TB-BCĐ được gửi. Nay thông báo")
    numbers = [c.number for c in parse_document_text(text, today=TODAY).citations]
    assert "05/TB-BCĐ" not in numbers


# --- Leads and coordinators ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "lead", "coordinating"),
    [
        # A time adverbial ends the lead (it once ran on to "… định kỳ trước ngày …").
        (
            "Giao Ban Chỉ đạo 138 huyện định kỳ trước ngày 10-12 hằng năm báo cáo kết quả.",
            ["Ban Chỉ đạo 138 huyện"],
            [],
        ),
        # Names holding "và" or commas stay whole; a list of bodies is split.
        (
            "Giao Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội phối hợp "
            "với UBND các huyện, thành phố triển khai.",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"],
            ["UBND các huyện, thành phố"],
        ),
        # An apposition is dropped; "yêu cầu" inside the sentence still assigns.
        (
            "Nếu phát sinh vướng mắc, yêu cầu Công an tỉnh – cơ quan thường trực phối hợp với "
            "các cơ quan, đơn vị tham mưu UBND tỉnh.",
            ["Công an tỉnh"],
            ["các cơ quan, đơn vị"],
        ),
        # A verb after "các" is a noun: "các tổ chức thành viên".
        (
            "Ủy ban Mặt trận Tổ quốc và các tổ chức thành viên phối hợp với lực lượng Công an "
            "tổ chức ký kết.",
            ["Ủy ban Mặt trận Tổ quốc", "các tổ chức thành viên"],
            ["lực lượng Công an"],
        ),
        ("Giao thông nông thôn được cải thiện.", [], []),
    ],
)
def test_find_assignees(paragraph, lead, coordinating):
    assert find_assignees([paragraph]) == (lead, coordinating)


# --- Number and symbol --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "system", "number", "year", "type_code", "issuers"),
    [
        ("75/TB-UBND", "state", 75, None, "TB", ["UBND"]),
        ("1395/QĐ-UBND", "state", 1395, None, "QĐ", ["UBND"]),
        ("22/2023/QĐ-TTg", "state", 22, 2023, "QĐ", ["TTg"]),
        ("09/CTr-BCA-MTTW", "state", 9, None, "CTr", ["BCA", "MTTW"]),
        ("05/QĐ-BCĐ", "state", 5, None, "QĐ", ["BCĐ"]),
        ("123/UBND-NC", "state", 123, None, None, ["UBND", "NC"]),
        ("22/HD-BCA-V05", "state", 22, None, "HD", ["BCA", "V05"]),
        ("202/2025/QH15", "state", 202, 2025, None, ["QH15"]),
        ("44-KL/TW", "party", 44, None, "KL", ["TW"]),
        ("09-CT/TW", "party", 9, None, "CT", ["TW"]),
        ("111-KH/TU", "party", 111, None, "KH", ["TU"]),
        ("03-BC/ĐKT", "party", 3, None, "BC", ["ĐKT"]),
    ],
)
def test_parse_number_symbol_reads_both_styles(raw, system, number, year, type_code, issuers):
    parsed = parse_number_symbol(raw)
    assert parsed is not None
    assert (parsed.system, parsed.number, parsed.year, parsed.type_code) == (
        system,
        number,
        year,
        type_code,
    )
    assert parsed.issuer_codes == issuers
    assert parsed.format() == raw and parsed.raw == raw


@pytest.mark.parametrize(
    "raw", ["75 /TB-UBND", "75/TB- UBND", "0/TB-UBND", "75/TB", "44-XX/TW", "44-KL/", "TB-UBND",
            "", "75/TB-UB ND", "12/1800/QĐ-TTg"],
)  # fmt: skip
def test_parse_number_symbol_rejects_what_breaks_the_rules(raw):
    assert parse_number_symbol(raw) is None


def test_parse_number_symbol_adds_the_leading_zero_when_formatting():
    parsed = parse_number_symbol("5/QĐ-UBND")
    assert parsed.format() == "05/QĐ-UBND" and not parsed.is_canonical
    assert parse_number_symbol("5-KL/TU").format() == "05-KL/TU"


_ISSUER_CODE = st.text(alphabet="ABCDĐGHKLMNPQSTUVXY0123456789", min_size=1, max_size=6).filter(
    lambda code: not code.isdigit()
)


@st.composite
def number_symbols(draw: st.DrawFn) -> NumberSymbol:
    system = draw(st.sampled_from(["state", "party"]))
    number = draw(st.integers(min_value=1, max_value=99999))
    issuers = draw(st.lists(_ISSUER_CODE, min_size=1, max_size=3))
    if system == "party":
        type_code = draw(st.sampled_from(sorted(PARTY_TYPE_CODES)))
        return NumberSymbol("", number, None, type_code, issuers, "party")
    type_code = draw(st.none() | st.sampled_from(sorted(STATE_TYPE_CODES)))
    if type_code is None:
        # A Công văn: its first code must not read as a type code.
        issuers = [c for c in issuers if c not in TYPE_NAMES["state"]] or ["UBND"]
    year = draw(st.none() | st.integers(min_value=1945, max_value=2100))
    return NumberSymbol("", number, year, type_code, issuers, "state")


@given(number_symbols())
def test_number_symbol_format_then_parse_round_trips(symbol: NumberSymbol):
    parsed = parse_number_symbol(symbol.format())
    assert parsed is not None
    assert (parsed.system, parsed.number, parsed.year, parsed.type_code, parsed.issuer_codes) == (
        symbol.system,
        symbol.number,
        symbol.year,
        symbol.type_code,
        symbol.issuer_codes,
    )
    assert parsed.format() == symbol.format() and parsed.is_canonical


def test_type_tables_cover_domain_codes_and_names():
    assert TYPE_NAMES["state"]["CT"] == "Chỉ thị" and TYPE_NAMES["party"]["KL"] == "Kết luận"
    assert TYPE_NAMES["state"]["CTr"] == "Chương trình" and TYPE_NAMES["party"]["QĐi"] == "Quy định"
    assert type_code_for_name("Thông báo kết luận", "state") == "TB"
    assert type_code_for_name("THÔNG BÁO KẾT LUẬN", "party") == "TB"
    assert type_code_for_name("Kế hoạch", None) == "KH"
    assert TYPE_CODES["state"]["Công văn"] is None
    assert len(STATE_TYPE_CODES) == 27
    assert len({code for code, _name in TYPE_CHOICES}) == len(TYPE_CHOICES)


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 19 tháng 3 năm 2021", datetime.date(2021, 3, 19)),
        ("ngày 05 tháng 01 năm 2020", datetime.date(2020, 1, 5)),
        ("19/3/2021", datetime.date(2021, 3, 19)),
        ("22/01/2019", datetime.date(2019, 1, 22)),
        ("23-9-2019", datetime.date(2019, 9, 23)),
        ("ngày 22-01-2019", datetime.date(2019, 1, 22)),
        ("31/2/2020", None),
        ("19/3/21", None),
    ],
)
def test_parse_date_reads_every_form(text, expected):
    assert parse_date(text) == expected


def test_place_date_line_and_its_official_form():
    assert parse_place_date_line("Lạng Sơn, ngày 19 tháng 3 năm 2021") == (
        "Lạng Sơn",
        datetime.date(2021, 3, 19),
    )
    assert parse_place_date_line("TP. Hồ Chí Minh, ngày 05 tháng 01 năm 2020")[0] == (
        "TP. Hồ Chí Minh"
    )
    assert parse_place_date_line("Lạng Sơn, ngày    tháng    năm 2024") is None
    assert format_date_line("Lạng Sơn", datetime.date(2020, 1, 5)) == (
        "Lạng Sơn, ngày 05 tháng 01 năm 2020"
    )
    assert format_date(datetime.date(2021, 3, 19)) == "ngày 19 tháng 3 năm 2021"
    assert format_date(datetime.date(2021, 2, 9)) == "ngày 09 tháng 02 năm 2021"


def test_find_dates_in_running_text():
    text = "Ngày 19/3/2021 họp; Quyết định ngày 03/8/2016; giai đoạn 2016-2020."
    assert [d for d, _start, _end in find_dates(text)] == [
        datetime.date(2021, 3, 19),
        datetime.date(2016, 8, 3),
    ]


_DATES = st.dates(min_value=datetime.date(1945, 1, 1), max_value=datetime.date(2100, 12, 31))
_PLACES = st.sampled_from(["Lạng Sơn", "Hà Nội", "TP. Hồ Chí Minh", "Cao Bằng", "Đà Nẵng"])


@given(_DATES, _PLACES)
def test_format_date_line_then_parse_round_trips(value: datetime.date, place: str):
    line = format_date_line(place, value)
    assert parse_place_date_line(line) == (place, value)


@given(_DATES, st.sampled_from("/-."), st.booleans(), st.booleans(), st.booleans())
def test_parse_date_reads_any_numeric_spelling(value, separator, pad_day, pad_month, prefix):
    day = f"{value.day:02d}" if pad_day else str(value.day)
    month = f"{value.month:02d}" if pad_month else str(value.month)
    text = f"{'ngày ' if prefix else ''}{day}{separator}{month}{separator}{value.year}"
    assert parse_date(text) == value


# --- Deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Định kỳ trước ngày 10-12 hằng năm báo cáo kết quả", ("yearly", "12-10")),
        ("báo cáo trước ngày 10/12 hàng năm", ("yearly", "12-10")),
        ("lãnh đạo, chỉ đạo triển khai thực hiện thường xuyên", ("ongoing", None)),
        ("hoàn thành trước ngày 30/6/2024", ("date", "2024-06-30")),
        ("hoàn thành trong tháng 6/2024", ("date", "2024-06-30")),
        ("hoàn thành trong tháng 2 năm 2024", ("date", "2024-02-29")),
        ("hoàn thành trong quý III/2024", ("date", "2024-09-30")),
        ("định kỳ 6 tháng, năm báo cáo", ("periodic", "half-year+year")),
        ("hằng quý", ("periodic", "quarter")),
        ("định kỳ hằng quý báo cáo", ("periodic", "quarter")),
        ("báo cáo hằng tháng", ("periodic", "month")),
        ("trong vòng 30 ngày kể từ ngày ký", ("relative", "P30D")),
        ("trong thời hạn 15 ngày kể từ ngày ban hành", ("relative", "P15D")),
        ("15 ngày", ("relative", "P15D")),
        ("3 tháng", ("relative", "P3M")),
    ],
)
def test_detect_deadline(text, expected):
    kind, value = expected
    assert detect_deadline(text) == {"kind": kind, "value": value}


@pytest.mark.parametrize(
    "text",
    [
        "trong 05 năm qua phong trào phát triển",
        "Tổ chức Ngày hội (19/8/2024) thực sự là ngày hội của Nhân dân",
        "định kỳ kiểm tra việc thực hiện Kế hoạch năm 2024",
        "trước ngày 10/12",
        "",
    ],
)
def test_detect_deadline_finds_none_where_none_is_stated(text):
    assert detect_deadline(text) is None


def test_detect_deadline_uses_the_documents_year_only_when_given():
    assert detect_deadline("trước ngày 10/12", year=2024) == {"kind": "date", "value": "2024-12-10"}


# --- Legacy encodings ---------------------------------------------------------------------

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
VIETNAMESE_WORDS = (
    "công an tỉnh nhân dân phong trào toàn bảo vệ an ninh tổ quốc chỉ đạo thường trực ủy ban "
    "mặt trận đoàn thể huyện xã phường thị trấn hội nghị kết luận nhiệm vụ trọng tâm năm tháng "
    "ngày khu dân cư tự quản phòng ngừa tội phạm ma túy lực lượng chính quyền cấp ủy đảng"
).split()


@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ,.;:-0123456789"))
def test_vni_round_trips_every_vietnamese_letter(text: str):
    assert vni_to_unicode(unicode_to_vni(text)) == text


@given(st.text(alphabet=VIETNAMESE_LETTERS + "ĂÂÊÔƠƯĐ" + " ,.;:-0123456789bcdghklmnpqrstvx"))
def test_tcvn3_round_trips_lower_case_and_bare_capitals(text: str):
    # The chart alone; restoring ".VnTimeH" capitals is a heuristic tested below.
    assert tcvn3_to_unicode(unicode_to_tcvn3(text), restore_capitals=False) == text


@settings(max_examples=300)
@given(st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=6, max_size=40))
def test_legacy_detection_converts_legacy_and_leaves_unicode_alone(words: list[str]):
    sentence = " ".join(words).capitalize() + "."
    assert fix_legacy_text(sentence) == sentence
    # A phrase or two can read either way ("tæ" is "tổ" in TCVN3, "tỉ" in VNI); a sentence
    # with a few distinct accented words cannot.
    if len({w for w in words if not w.isascii()}) >= MIN_ACCENTED_WORDS:
        assert detect_legacy_encoding(unicode_to_vni(sentence)) == "vni"
        assert fix_legacy_text(unicode_to_vni(sentence)) == sentence
        # Some TCVN3 sentences read as valid Vietnamese as they stand ("quốc trực vụ tự" is
        # "quèc trùc vô tù"): nothing can tell them from Unicode text, so they are left alone.
        legacy = unicode_to_tcvn3(sentence)
        if vietnamese_score(legacy) <= 0.75:
            assert detect_legacy_encoding(legacy) == "tcvn3"


def test_tcvn3_capitals_typed_in_vntimeh_fonts_are_restored():
    assert tcvn3_to_unicode(unicode_to_tcvn3("CHỈ THỊ")) == "CHỈ THỊ"
    assert tcvn3_to_unicode("CH\xd8 TH\xde") == "CHỈ THỊ"
    assert tcvn3_to_unicode("S\xe8: 75/TB-UBND") == "Số: 75/TB-UBND"
    line = unicode_to_tcvn3("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert tcvn3_to_unicode(line) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog.",
        "Café, résumé, naïve, déjà vu, crème brûlée à la française.",
        "Tôi là Mai, tôi yêu Hà và Huế.",
        "På lørdag går vi på tur til fjellet, så blir det «kos» og bål på stranden.",
        "Perché è già così? Può darsi, però la città e l'università sono più care.",
        "Größere Straßen führen über die Brücke, während Bäume blühen.",
        STATE_DOCUMENT,
        PARTY_DOCUMENT,
    ],
)
def test_legacy_detection_does_not_fire_on_normal_text(text):
    assert detect_legacy_encoding(text) is None
    assert fix_legacy_text(text) == text


def test_tcvn3_chart_matches_glibc_iconv_where_available():
    iconv = shutil.which("iconv")
    if iconv is None:
        pytest.skip("iconv is not installed")
    codes = bytes(ord(ch) for ch in TCVN3_TO_UNICODE)
    result = subprocess.run(
        [iconv, "-f", "TCVN5712-1", "-t", "UTF-8"], input=codes, capture_output=True, check=False
    )
    if result.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    assert result.stdout.decode("utf-8") == "".join(TCVN3_TO_UNICODE.values())


def test_parse_document_typed_in_vni_reads_like_unicode():
    legacy = unicode_to_vni(PARTY_DOCUMENT)
    assert parse_document_text(legacy, today=TODAY).to_json_dict() == (
        parse_document_text(PARTY_DOCUMENT, today=TODAY).to_json_dict()
    )


# --- extract_text -------------------------------------------------------------------------


def test_extract_text_reads_txt_in_every_encoding():
    assert extract_text(STATE_DOCUMENT.encode("utf-8"), "a.txt") == STATE_DOCUMENT
    assert extract_text(b"\xef\xbb\xbf" + "Chỉ thị".encode(), "a.txt") == "Chỉ thị"
    assert extract_text("Chỉ thị".encode("utf-16"), "a.txt") == "Chỉ thị"
    sentence = "Việt Nam, Công an tỉnh, phòng ngừa tội phạm ở khu dân cư"
    assert parse_ready(extract_text(_cp1258_bytes(sentence), "a.txt")) == sentence
    tcvn3 = unicode_to_tcvn3(PARTY_DOCUMENT).encode("latin-1")
    assert parse_document_text(extract_text(tcvn3, "old.txt"), today=TODAY).number == "12-KH/ĐU"
    vni = unicode_to_vni(STATE_DOCUMENT).encode("cp1252")
    assert parse_ready(extract_text(vni, "old.txt")) == STATE_DOCUMENT


def parse_ready(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cp1258_bytes(text: str) -> bytes:
    """Windows-1258 keeps ê, ơ, ư… whole and writes tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            out.append((base + "".join(m for m in marks if m in tones)).encode("cp1258"))
    return b"".join(out)


def _docx_bytes(*, legacy: bool = False) -> bytes:
    import docx

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = "UBND TỈNH LẠNG SƠN"
    left.add_paragraph("BAN CHỈ ĐẠO 138")
    left.add_paragraph("Số: 05/TB-BCĐ")
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Lạng Sơn, ngày 05 tháng 01 năm 2024")
    body = STATE_DOCUMENT.split("THÔNG BÁO\n", 1)[1].split("Nơi nhận:", 1)[0]
    title = document.add_paragraph()
    if legacy:
        # The type line typed in ".VnTimeH" (capitals drawn from lower-case codes).
        run = title.add_run(unicode_to_tcvn3("thông báo"))
        run.font.name = ".VnTimeH"
    else:
        title.add_run("THÔNG BÁO")
    for line in body.strip().split("\n"):
        paragraph = document.add_paragraph()
        if legacy and line.startswith("1. Giao"):
            run = paragraph.add_run(unicode_to_tcvn3(line))
            run.font.name = ".VnTime"
        else:
            paragraph.add_run(line)
    footer = document.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    recipients.paragraphs[0].text = "Nơi nhận:"
    for line in ("- Thường trực Tỉnh ủy (b/c);", "- Lưu: VT, CAT (PV05)."):
        recipients.add_paragraph(line)
    signature.paragraphs[0].text = "TM. BAN CHỈ ĐẠO"
    for line in ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "", "Đinh Quang Vũ"):
        signature.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("legacy", [False, True])
def test_extract_text_reads_docx_paragraphs_and_tables_in_order(legacy):
    text = extract_text(_docx_bytes(legacy=legacy), "thong-bao.docx")
    document = parse_document_text(text, today=TODAY)

    assert (document.number, document.date) == ("05/TB-BCĐ", datetime.date(2024, 1, 5))
    assert (document.issuer, document.parent_issuer) == ("BAN CHỈ ĐẠO 138", "UBND TỈNH LẠNG SƠN")
    assert (document.type, document.system) == ("Thông báo", "state")
    assert (document.authority, document.position, document.signer) == (
        "KT.",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "Đinh Quang Vũ",
    )
    assert [t.number for t in document.tasks][:2] == ["II.1", "II.2"]
    assert _task(document, "II.1").coordinating == ["Sở Tư pháp", "Sở Thông tin và Truyền thông"]
    assert document.archive == "VT, CAT (PV05)"


def _pdf_bytes(html: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    return weasyprint.HTML(string=html).write_pdf()


def test_extract_text_reads_a_pdf_text_layer_in_the_official_layout():
    # NĐ 30's layout: the header and the closing in two-column tables, the body wrapped.
    body = STATE_DOCUMENT.split("THÔNG BÁO\n", 1)[1].split("Nơi nhận:", 1)[0]
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    html = f"""<html><body style="font-family: serif; font-size: 13pt">
    <table style="width: 100%"><tr>
      <td style="width: 40%; text-align: center">UBND TỈNH LẠNG SƠN<br><b>BAN CHỈ ĐẠO 138</b><br>
        Số: 05/TB-BCĐ</td>
      <td style="text-align: center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do -
        Hạnh phúc</b><br><i>Lạng Sơn, ngày 05 tháng 01 năm 2024</i></td>
    </tr></table>
    <p style="text-align: center"><b>THÔNG BÁO</b></p>{paragraphs}
    <table style="width: 100%"><tr>
      <td style="width: 50%"><b><i>Nơi nhận:</i></b><br>- Thường trực Tỉnh ủy (b/c);<br>
        - Lưu: VT, CAT (PV05).</td>
      <td style="text-align: center"><b>TM. BAN CHỈ ĐẠO<br>KT. TRƯỞNG BAN<br>PHÓ TRƯỞNG BAN
        THƯỜNG TRỰC</b><br><br><br><b>Đinh Quang Vũ</b></td>
    </tr></table></body></html>"""
    text = extract_text(_pdf_bytes(html), "thong-bao.pdf")
    data = parse_document_text(text, today=TODAY).to_json_dict()
    expected = parse_document_text(STATE_DOCUMENT, today=TODAY).to_json_dict()

    assert data["warnings"] == []
    for key in (
        "system",
        "type",
        "number",
        "issuer",
        "parent_issuer",
        "place",
        "date",
        "title",
        "authority",
        "position",
        "signer",
        "archive",
        "tasks",
        "citations",
    ):
        assert data[key] == expected[key], key
    assert data["recipients"] == [{"name": "Thường trực Tỉnh ủy", "purpose": "b/c"}]


def test_extract_text_refuses_a_scanned_pdf():
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (200, 100), (240, 240, 240)).save(image, format="PNG")
    import base64

    source = "data:image/png;base64," + base64.b64encode(image.getvalue()).decode()
    pdf = _pdf_bytes(f"<html><body><img src='{source}' width='400'></body></html>")
    with pytest.raises(DocumentTextError, match="không có lớp văn bản"):
        extract_text(pdf, "scan.pdf")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "rỗng"),
        (b"   \n", "a.txt", "rỗng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "cu.doc", r"\.doc"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x10binary\x00\x00\x07" * 20, "x.bin", "Không nhận dạng"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png", "ảnh"),
        (b"%PDF-1.4\nnot really a pdf", "broken.pdf", "bị hỏng"),
        (b"{\\rtf1\\ansi hello}", "a.rtf", "RTF"),
    ],
)
def test_extract_text_errors_are_clear(data, filename, message):
    with pytest.raises(DocumentTextError, match=message):
        extract_text(data, filename)


def test_extract_text_checks_content_not_the_file_name():
    with pytest.raises(DocumentTextError, match=r"\.docx"):
        extract_text(_zip_bytes(), "looks-like.docx")
    text = extract_text(_docx_bytes(), "renamed.txt")
    assert "BAN CHỈ ĐẠO 138" in text


def _zip_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_numbered_item_with_a_deadline_and_an_organization_subject_is_a_task():
    text = (
        "CHỈ THỊ\nVề công tác năm 2026\nChủ tịch UBND tỉnh yêu cầu:\n"
        "1. Giao Công an tỉnh chủ trì tổ chức Ngày hội, hoàn thành trước ngày 30/6/2027.\n"
        "2. Sở Giáo dục và Đào tạo định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực "
        "hiện về UBND tỉnh.\n"
        "CHỦ TỊCH\nNguyễn Văn A\n"
    )
    tasks = parse_document_text(text).tasks
    assert [task.number for task in tasks] == ["1", "2"]
    assert tasks[1].lead == ["Sở Giáo dục và Đào tạo"]
    assert tasks[1].deadline == {"kind": "yearly", "value": "12-10"}
