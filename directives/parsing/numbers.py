"""Number and symbol (số, ký hiệu) of state (NĐ 30/2020) and Party (HD 36) documents.

State: ``75/TB-UBND``, ``22/2023/QĐ-TTg``, ``09/CTr-BCA-MTTW``, ``123/UBND-NC`` (Công văn).
Party: ``44-KL/TW``, ``111-KH/TU``, ``03-BC/ĐKT``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

System = Literal["state", "party"]

# NĐ 30/2020/NĐ-CP, Phụ lục III (administrative documents); Công văn has no code.
STATE_TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}
# Legal normative documents are cited constantly ("124/2021/TT-BCA", "09/2019/NĐ-CP"); their
# codes come from the law on normative documents, not from Phụ lục III.
STATE_NORMATIVE_CODES: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
}
# Codes real documents use although no chart lists them; accepted so that a citation such as
# "Chương trình số 07/CTrPH-BCA-MTTW" is not read as a Công văn of a body called "CTrPH".
STATE_VARIANT_CODES: dict[str, str] = {"CTrPH": "Chương trình phối hợp"}

# HD 36-HD/VPTW (⚠ DOMAIN.md §3: from a summary; kept as data here, in one place).
PARTY_TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "QĐi": "Quy định",
    "QC": "Quy chế",
    "KL": "Kết luận",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
    "BC": "Báo cáo",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TT": "Thông tri",
    "QTr": "Quy trình",
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "state": {**STATE_TYPE_CODES, **STATE_NORMATIVE_CODES, **STATE_VARIANT_CODES},
    "party": dict(PARTY_TYPE_CODES),
}


def _reverse(codes: dict[str, str]) -> dict[str, str | None]:
    return {name: code for code, name in codes.items()}


# Type word → code per system. A "Thông báo kết luận" is a TB; a state Công văn has no code.
TYPE_CODES: dict[str, dict[str, str | None]] = {
    "state": {
        **_reverse(STATE_NORMATIVE_CODES),
        **_reverse(STATE_TYPE_CODES),
        "Thông báo kết luận": "TB",
        "Chương trình phối hợp": "CTr",
        "Chương trình hành động": "CTr",
        "Kế hoạch phối hợp": "KH",
        "Công văn": None,
    },
    "party": {
        **_reverse(PARTY_TYPE_CODES),
        "Thông báo kết luận": "TB",
        "Chương trình hành động": "CTr",
        "Chương trình phối hợp": "CTr",
    },
}

# Choices for a type filter: each code once, state codes in the order of Phụ lục III, then the
# Party's own codes. "TT" is a Thông tư for the state and a Thông tri for the Party.
TYPE_CHOICES: list[tuple[str, str]] = [
    *STATE_TYPE_CODES.items(),
    ("KL", PARTY_TYPE_CODES["KL"]),
    ("QĐi", PARTY_TYPE_CODES["QĐi"]),
    ("CV", PARTY_TYPE_CODES["CV"]),
    ("QTr", PARTY_TYPE_CODES["QTr"]),
    ("NĐ", STATE_NORMATIVE_CODES["NĐ"]),
    ("TT", f"{STATE_NORMATIVE_CODES['TT']}, {PARTY_TYPE_CODES['TT']}"),
    ("TTLT", STATE_NORMATIVE_CODES["TTLT"]),
]

_STATE_RE = re.compile(r"(?P<number>\d{1,6})/(?:(?P<year>\d{4})/)?(?P<codes>[^\s/]+)")
_PARTY_RE = re.compile(r"(?P<number>\d{1,6})-(?P<type>[^\s/-]+)/(?P<codes>[^\s/]+)")
_CODE_RE = re.compile(r"[A-Za-zĐđ0-9]*[A-Za-zĐđ][A-Za-zĐđ0-9]*")


@dataclass
class NumberSymbol:
    """A parsed number/symbol; ``format()`` gives its canonical spelling."""

    raw: str
    number: int
    year: int | None
    type_code: str | None
    issuer_codes: list[str] = field(default_factory=list)
    system: System = "state"

    def format(self) -> str:
        # Numbers below 10 are written with a leading zero in both systems ("05/QĐ-BCĐ").
        number = f"{self.number:02d}"
        if self.system == "party":
            return f"{number}-{self.type_code}/{'-'.join(self.issuer_codes)}"
        year = f"{self.year}/" if self.year else ""
        codes = ([self.type_code] if self.type_code else []) + self.issuer_codes
        return f"{number}/{year}{'-'.join(codes)}"

    @property
    def is_canonical(self) -> bool:
        """Whether the text wrote it exactly as the rules do (leading zero included)."""
        return self.raw == self.format()

    @property
    def type_name(self) -> str | None:
        return TYPE_NAMES[self.system].get(self.type_code or "")


def _valid_codes(codes: list[str]) -> bool:
    return bool(codes) and all(_CODE_RE.fullmatch(code) for code in codes)


def parse_number_symbol(value: str | None) -> NumberSymbol | None:
    """Parse "75/TB-UBND" or "44-KL/TW"; None when it breaks the rules (spaces, number 0,
    a Party type code outside HD 36's list, an issuer code with odd characters)."""
    if not value:
        return None
    raw = unicodedata.normalize("NFC", value).strip()
    if not raw or any(ch.isspace() for ch in raw):
        return None
    if match := _PARTY_RE.fullmatch(raw):
        type_code = match["type"]
        issuers = match["codes"].split("-")
        if type_code not in PARTY_TYPE_CODES or not _valid_codes(issuers):
            return None
        number = int(match["number"])
        if number < 1:
            return None
        return NumberSymbol(raw, number, None, type_code, issuers, "party")
    if match := _STATE_RE.fullmatch(raw):
        number = int(match["number"])
        year = int(match["year"]) if match["year"] else None
        if number < 1 or (year is not None and not 1945 <= year <= 2100):
            return None
        codes = match["codes"].split("-")
        if not _valid_codes(codes):
            return None
        type_code: str | None = None
        if codes[0] in TYPE_NAMES["state"]:
            type_code = codes.pop(0)
        if not codes:
            # The issuing body's code is compulsory: "75/TB" alone names nobody.
            return None
        return NumberSymbol(raw, number, year, type_code, codes, "state")
    return None


def type_name_for_code(code: str | None, system: str | None) -> str | None:
    if not code:
        return None
    if system in TYPE_NAMES:
        return TYPE_NAMES[system].get(code)
    return TYPE_NAMES["state"].get(code) or TYPE_NAMES["party"].get(code)


def canonical_type_name(word: str) -> str | None:
    """The table's spelling of a type word in any case ("CHỈ THỊ" → "Chỉ thị")."""
    key = unicodedata.normalize("NFC", " ".join(word.split())).casefold()
    for names in TYPE_CODES.values():
        for name in names:
            if name.casefold() == key:
                return name
    return None


def type_code_for_name(name: str, system: str | None) -> str | None:
    canonical = canonical_type_name(name)
    if canonical is None:
        return None
    systems = [system] if system in TYPE_CODES else ["state", "party"]
    for each in systems:
        if canonical in TYPE_CODES[each]:
            return TYPE_CODES[each][canonical]
    return None
