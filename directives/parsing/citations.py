"""Citations of other documents: type word, optional "số", number/symbol, optional comma,
"ngày" + date, and "của"/"giữa" + issuer.

"Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư",
"Chương trình phối hợp số 09/CTr-BCA-MTTW ngày 01/8/2013 giữa Bộ Công an và …",
"Kế hoạch số 111-KH/TU, ngày 23-9-2019 của Ban Thường vụ Tỉnh ủy".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .dates import DATE_FRAGMENT, parse_date
from .numbers import TYPE_CODES, canonical_type_name, parse_number_symbol

_TYPE_WORDS = sorted(
    {name for names in TYPE_CODES.values() for name in names}
    | {"Nghị định", "Thông tư", "Luật", "Pháp lệnh", "Văn bản", "Thông tri", "Quy trình"},
    key=len,
    reverse=True,
)
_TYPE_ALTERNATION = "|".join(
    "(?i:" + re.escape(word[0]) + ")" + re.escape(word[1:]) for word in _TYPE_WORDS
)
_SYMBOL = r"\d{1,6}(?:/\d{4})?[/-][A-Za-zĐđ0-9]+(?:[-/][A-Za-zĐđ0-9]+)*"
CITATION_RE = re.compile(
    rf"(?<![\w])(?P<type>{_TYPE_ALTERNATION})\s+(?:số\s*:?\s*)?(?P<number>{_SYMBOL})"
    rf"(?![\w/-])(?:\s*,)?(?:\s+(?:ban\s+hành\s+)?ngày\s+(?P<date>{DATE_FRAGMENT}))?"
    # The issuer is read in a lookahead: a citation inside it ("… của Ban Bí thư về tiếp tục
    # thực hiện Chỉ thị số 09-CT/TW") must still be found by the next match.
    r"(?:\s*,)?(?:\s+(?P<link>của|giữa)\s+(?=(?P<issuer>[^;.:()\"“”]{1,300})))?"
)
# Where an issuer's name ends: the subject ("về …"), a purpose, a quotation, a list.
_ISSUER_END_RE = re.compile(
    r"\s(?:về|v/v|nhằm|theo|đối với|trong|tại|để|thì|đã|được|gắn|là|quy định|ban hành|"
    r"hướng dẫn|triển khai|và các văn bản|sau đây)\b|,|\s[-–]\s"
)
_AND_RE = re.compile(r"\s+(?:và|hoặc|cùng)\s*$")
_TERM_RE = re.compile(r"\s*\(?\s*khóa\s+[IVXLC]+\s*\)?$", re.IGNORECASE)


@dataclass
class Citation:
    type: str
    number: str
    date: Any = None  # datetime.date | None
    issuer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
        }


def _issuer(text: str | None) -> str | None:
    if not text:
        return None
    if match := _ISSUER_END_RE.search(text):
        text = text[: match.start()]
    if match := CITATION_RE.search(text):
        # "của Ban Bí thư và Kế hoạch số 111-KH/TU …": the next citation starts.
        text = _AND_RE.sub("", text[: match.start()])
    text = _TERM_RE.sub("", text.strip())
    words = text.split()
    # A name runs a dozen words at most; beyond that the sentence went on.
    if not words or len(words) > 25:
        return None
    return " ".join(words).rstrip(" ,")


def find_citations(texts: list[str], *, exclude: set[str] | None = None) -> list[Citation]:
    """Citations in order of first appearance, one per number/symbol; a later mention fills
    what the first one left out (its date, its issuer)."""
    found: dict[str, Citation] = {}
    for text in texts:
        for match in CITATION_RE.finditer(text):
            symbol = parse_number_symbol(match["number"])
            if symbol is None:
                continue
            number = symbol.format()
            if exclude and number in exclude:
                continue
            date = parse_date(match["date"]) if match["date"] else None
            issuer = _issuer(match["issuer"])
            type_name = canonical_type_name(match["type"]) or match["type"]
            if number not in found:
                found[number] = Citation(type=type_name, number=number, date=date, issuer=issuer)
                continue
            known = found[number]
            known.date = known.date or date
            known.issuer = known.issuer or issuer
    return list(found.values())
