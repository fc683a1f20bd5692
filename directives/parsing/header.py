"""The header block: issuing bodies, national or Party title, number/symbol, place and date,
the summary of a Công văn ("V/v …") and urgency or secrecy marks.

Extractors often put both header columns on one line ("UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM", "Số: 75/TB-UBND Lạng Sơn, ngày …"); such lines are cut at the known phrases.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .dates import parse_place_date_line
from .normalize import UPPER, is_caps_line

NATIONAL_RE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.IGNORECASE)
MOTTO_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
PARTY_RE = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
NUMBER_RE = re.compile(r"(?<!\w)Số\s*:?\s*(?P<value>[^\s,;]*(?:\s+/\s*[^\s,;]+)?)")
SUBJECT_RE = re.compile(r"^(?:V/v|Về việc)\s*:?\s*(?P<text>.+)$")
_MARKS_RE = re.compile(r"^(?:THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|KHẨN|TUYỆT MẬT|TỐI MẬT|MẬT)$")
_PLACE_DATE_TAIL_RE = re.compile(rf"(?P<place>{UPPER}[^,;:]{{0,50}}),\s*ngày\b.*$")
_LOCALITY_RE = re.compile(
    r"^(?:TỈNH|THÀNH PHỐ|TP\.|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+(?!ỦY\b)"
)
_HAS_LOCALITY_RE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b")
_DATE_CLAUSE_RE = re.compile(r",\s*ngày\b")
_CONTINUED_RE = re.compile(r"(?:,|\bVÀ|\bCỦA|-|–)$")


@dataclass
class Header:
    state_marker: bool = False
    party_marker: bool = False
    number_raw: str | None = None
    place: str | None = None
    date: datetime.date | None = None
    place_date_line: str | None = None
    organizations: list[str] = field(default_factory=list)
    subject: str | None = None
    marks: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(
            self.state_marker
            or self.party_marker
            or self.number_raw
            or self.place_date_line
            or self.organizations
        )

    @property
    def issuer(self) -> str | None:
        return self.organizations[-1] if self.organizations else None

    @property
    def parent_issuer(self) -> str | None:
        return self.organizations[-2] if len(self.organizations) >= 2 else None


def _pieces(line: str) -> list[str]:
    """Cut a header line at the fixed phrases and the number, keeping every part."""
    pieces = [line]
    for pattern in (NATIONAL_RE, MOTTO_RE, PARTY_RE, NUMBER_RE):
        cut: list[str] = []
        for piece in pieces:
            match = pattern.search(piece)
            if match and (pattern is not NUMBER_RE or not piece.startswith("V/v")):
                cut += [piece[: match.start()], match.group(), piece[match.end() :]]
            else:
                cut.append(piece)
        pieces = [p.strip(" *") for p in cut if p.strip(" *")]
    result: list[str] = []
    for piece in pieces:
        # "ỦY BAN NHÂN DÂN Lạng Sơn, ngày …": caps body name, then the place-date line.
        match = _PLACE_DATE_TAIL_RE.search(piece)
        if match and match.start() > 0 and is_caps_line(piece[: match.start()]):
            result += [piece[: match.start()].strip(), piece[match.start() :]]
        else:
            result.append(piece)
    return result


def _group_organizations(lines: list[str]) -> list[str]:
    """Body names from caps lines: a name the layout wrapped ("ỦY BAN NHÂN DÂN" / "TỈNH LẠNG
    SƠN") is one name; otherwise each line is a level (parent above issuer)."""
    groups: list[str] = []
    for line in lines:
        if groups and (
            _CONTINUED_RE.search(groups[-1])
            or (_LOCALITY_RE.match(line) and not _HAS_LOCALITY_RE.search(groups[-1]))
        ):
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    return groups


def parse_header(lines: list[str]) -> Header:
    header = Header()
    organization_lines: list[str] = []
    subject_open = False
    for line in lines:
        if not line:
            subject_open = False
            continue
        for piece in _pieces(line):
            if NATIONAL_RE.fullmatch(piece):
                header.state_marker = True
            elif PARTY_RE.fullmatch(piece):
                header.party_marker = True
            elif MOTTO_RE.fullmatch(piece):
                continue
            elif match := NUMBER_RE.fullmatch(piece):
                header.number_raw = header.number_raw or match["value"].strip()
            elif (found := parse_place_date_line(piece)) or _DATE_CLAUSE_RE.search(piece):
                header.place_date_line = header.place_date_line or piece
                if found and header.date is None:
                    header.place, header.date = found
            elif match := SUBJECT_RE.match(piece):
                header.subject = match["text"].strip()
                subject_open = True
            elif _MARKS_RE.match(piece):
                header.marks.append(piece)
            elif subject_open and not is_caps_line(piece):
                header.subject = f"{header.subject} {piece}"
            elif is_caps_line(piece):
                organization_lines.append(piece)
    header.organizations = _group_organizations(organization_lines)
    return header
