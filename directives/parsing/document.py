"""An official document's text read into its fields (the JSON contract of ``to_json_dict``).

The text is cut into zones: header (bodies, number, place and date), the type line in capitals
with the summary (trích yếu) below it, the body, and the closing (recipients, signature). A
field the text does not hold stays None and adds a warning; nothing is guessed from elsewhere
(a meeting date in the body is not the issue date).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .citations import Citation, find_citations
from .closing import RECIPIENTS_RE, Closing, Recipient, parse_closing
from .dates import format_date_line
from .header import MOTTO_RE, Header, parse_header
from .normalize import clean_text, continues, is_block_start, is_caps_line, join_paragraphs
from .numbers import (
    TYPE_CODES,
    NumberSymbol,
    canonical_type_name,
    parse_number_symbol,
    type_code_for_name,
    type_name_for_code,
)
from .structure import Section, build_sections
from .tasks import Task, extract_tasks

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_TYPE_WORDS = sorted({n for names in TYPE_CODES.values() for n in names}, key=len, reverse=True)
_TYPE_LINE_RE = re.compile(
    r"^(?P<type>" + "|".join(re.escape(w.upper()) for w in _TYPE_WORDS) + r")\b\s*(?P<rest>.*)$"
)
_OF_RE = re.compile(r"^(?:CỦA|Của)\s+(?P<issuer>.+)$")
_HEADER_SCAN = 40
_SELF_REFERENCE_RE = re.compile(
    r"\b(?P<type>Chỉ thị|Kế hoạch|Thông báo|Quyết định|Nghị quyết|Hướng dẫn|Chương trình|"
    r"Báo cáo|Kết luận|Quy chế|Quy định|Đề án|Phương án|Tờ trình)\s+này\b"
)
_PARTY_AUTHORITIES = {"T/M", "K/T", "T/L"}
_STATE_POSITION_RE = re.compile(r"CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|CHÁNH VĂN PHÒNG")
_DIGIT_START_RE = re.compile(r"\s*\d")
_BODY_OPENING_RE = re.compile(r"(?:Căn cứ|Kính gửi)\b")
_TRAILING = " \t.;,:"


@dataclass
class ParsedDocument:
    """The fields read from a document's text; ``body_sections`` keeps the structured body."""

    system: str | None = None
    type: str | None = None
    type_code: str | None = None
    number: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: datetime.date | None = None
    title: str | None = None
    authority: str | None = None
    position: str | None = None
    signer: str | None = None
    recipients: list[Recipient] = field(default_factory=list)
    archive: str | None = None
    tasks: list[Task] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    body_sections: list[Section] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON contract; ``body_sections`` is not part of it."""
        return {
            "system": self.system,
            "type": self.type,
            "type_code": self.type_code,
            "number": self.number,
            "issuer": self.issuer,
            "parent_issuer": self.parent_issuer,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "authority": self.authority,
            "position": self.position,
            "signer": self.signer,
            "recipients": [r.to_dict() for r in self.recipients],
            "archive": self.archive,
            "tasks": [t.to_dict() for t in self.tasks],
            "citations": [c.to_dict() for c in self.citations],
            "warnings": list(self.warnings),
        }


def _find_type_line(lines: list[str]) -> tuple[int, str, str] | None:
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > _HEADER_SCAN or RECIPIENTS_RE.match(line):
            return None
        if is_caps_line(line) and (match := _TYPE_LINE_RE.match(line)):
            return index, match["type"], match["rest"].strip(" :")
    return None


def _header_end(lines: list[str]) -> int:
    """Without a type line (a Công văn), the header runs while lines look like one."""
    end = 0
    for index, line in enumerate(lines[: _HEADER_SCAN * 2]):
        header_like = (
            not line or is_caps_line(line) or MOTTO_RE.search(line) or parse_header([line]).found
        )
        subject = line.startswith("V/v") or (
            index > 0 and lines[index - 1].startswith("V/v") and line[:1].islower()
        )
        if not (header_like or subject):
            break
        end = index + 1
    return end


def _title_block(lines: list[str], start: int) -> tuple[str | None, str | None, int]:
    """(issuer named after the type, summary, index after the block)."""
    i = start
    issuer: str | None = None
    while i < len(lines) and not lines[i]:
        i += 1
    if i < len(lines) and is_caps_line(lines[i]) and (match := _OF_RE.match(lines[i])):
        issuer, i = match["issuer"].strip(), i + 1
    while i < len(lines) and not lines[i]:
        i += 1
    if i >= len(lines) or is_block_start(lines[i]) or is_caps_line(lines[i]):
        return issuer, None, i
    if RECIPIENTS_RE.match(lines[i]) or _BODY_OPENING_RE.match(lines[i]):
        return issuer, None, i
    title_lines = [lines[i]]
    i += 1
    while i < len(lines):
        after_blank = not lines[i]
        j = i + 1 if after_blank else i
        if (
            j < len(lines)
            and lines[j]
            and continues(" ".join(title_lines), lines[j], after_blank=True)
        ):
            title_lines.append(lines[j])
            i = j + 1
        else:
            break
    title = " ".join(title_lines).strip().rstrip(_TRAILING)
    return issuer, title or None, i


def _infer_system(
    header: Header,
    number: NumberSymbol | None,
    authority: str | None,
    position: str | None,
    party_only_type: bool,
) -> tuple[str | None, str | None]:
    """The system and, when the header does not state it, what it was read from."""
    if header.state_marker != header.party_marker:
        return ("state" if header.state_marker else "party"), None
    if number is not None:
        return number.system, _("số, ký hiệu")
    if authority:
        return ("party" if authority in _PARTY_AUTHORITIES else "state"), _("khối chữ ký")
    if position and "BÍ THƯ" in position:
        return "party", _("chức vụ người ký")
    if position and _STATE_POSITION_RE.search(position):
        return "state", _("chức vụ người ký")
    if party_only_type:
        return "party", _("tên loại văn bản")
    return None, None


def _number(raw: str | None, warnings: list[str]) -> NumberSymbol | None:
    if raw is None:
        warnings.append(_("Không tìm thấy số, ký hiệu văn bản."))
        return None
    if not _DIGIT_START_RE.match(raw):
        warnings.append(
            _("Văn bản chưa có số (ghi “%(raw)s”); hãy nhập số khi đã cấp.") % {"raw": raw}
        )
        return None
    parsed = parse_number_symbol(raw)
    if parsed is None and (parsed := parse_number_symbol("".join(raw.split()))):
        warnings.append(
            _("Số, ký hiệu “%(raw)s” có dấu cách; đã đọc là %(value)s.")
            % {"raw": raw, "value": parsed.format()}
        )
    elif parsed is None:
        warnings.append(_("Số, ký hiệu “%(raw)s” không đúng thể thức.") % {"raw": raw})
    elif not parsed.is_canonical:
        warnings.append(
            _("Số, ký hiệu “%(raw)s” viết chưa đúng thể thức; đã ghi %(value)s.")
            % {"raw": raw, "value": parsed.format()}
        )
    return parsed


def _type_from_content(paragraphs: list[str]) -> str | None:
    counts = Counter(m["type"] for p in paragraphs for m in _SELF_REFERENCE_RE.finditer(p))
    if "Nay thông báo" in " ".join(paragraphs[-3:]):
        counts["Thông báo"] += 2
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class _Zones:
    """Where each part of the document lies, and what its header and closing say."""

    header: Header
    type_word: str | None
    title: str | None
    title_issuer: str | None
    closing: Closing
    paragraphs: list[str]


def _zones(lines: list[str]) -> _Zones:
    type_line = _find_type_line(lines)
    if type_line:
        type_index, type_word, type_rest = type_line
        header = parse_header(lines[:type_index])
        title_issuer, title, body_start = _title_block(lines, type_index + 1)
        # "THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH" on one line.
        if title_issuer is None and (match := _OF_RE.match(type_rest)):
            title_issuer = match["issuer"]
    else:
        type_word, title_issuer = None, None
        body_start = _header_end(lines)
        header = parse_header(lines[:body_start])
        title = header.subject
    closing, body_end = parse_closing(lines, body_start)
    paragraphs = join_paragraphs(lines[body_start:body_end])
    return _Zones(header, type_word, title, title_issuer, closing, paragraphs)


def _read_type_and_system(doc: ParsedDocument, zones: _Zones, number: NumberSymbol | None) -> None:
    """Type: the capitals line, else the Công văn's "V/v", else the symbol's code, else what
    the body calls itself. System: the header, else the symbol, the signature, the type."""
    warnings = doc.warnings
    if zones.type_word:
        doc.type = canonical_type_name(zones.type_word)
    elif zones.header.subject:
        doc.type = "Công văn"
    elif number and number.type_name:
        doc.type = number.type_name
    elif inferred := _type_from_content(zones.paragraphs):
        doc.type = inferred
        warnings.append(
            _("Không có dòng tên loại; loại “%(type)s” suy ra từ nội dung.") % {"type": inferred}
        )
    else:
        warnings.append(_("Không xác định được loại văn bản."))

    closing = zones.closing
    party_only = bool(doc.type and doc.type not in TYPE_CODES["state"])
    doc.system, basis = _infer_system(
        zones.header, number, closing.authority, closing.position, party_only
    )
    if doc.system is None:
        warnings.append(_("Không xác định được văn bản nhà nước hay văn bản của Đảng."))
    elif basis:
        warnings.append(
            _("Không thấy quốc hiệu hoặc tiêu đề Đảng; hệ thống văn bản xác định theo %(basis)s.")
            % {"basis": basis}
        )
    if zones.header.state_marker and zones.header.party_marker:
        warnings.append(_("Phần đầu có cả quốc hiệu và tiêu đề Đảng."))
    if number and doc.system and number.system != doc.system:
        warnings.append(
            _("Số, ký hiệu %(n)s không theo thể thức của hệ thống văn bản này.")
            % {"n": number.format()}
        )

    if doc.type:
        doc.type_code = type_code_for_name(doc.type, doc.system)
    if number and number.type_code and doc.type != "Công văn":
        # "CTrPH" is the variant spelling of a Chương trình phối hợp's "CTr".
        if doc.type_code and number.type_code not in (doc.type_code, f"{doc.type_code}PH"):
            warnings.append(
                _("Mã loại trong số, ký hiệu (%(code)s) khác tên loại (%(type)s).")
                % {"code": number.type_code, "type": doc.type}
            )
        doc.type_code = doc.type_code or number.type_code
        doc.type = doc.type or type_name_for_code(number.type_code, doc.system)


def _read_issuer_place_date(doc: ParsedDocument, zones: _Zones, today: datetime.date) -> None:
    header, warnings = zones.header, doc.warnings
    doc.issuer, doc.parent_issuer = header.issuer, header.parent_issuer
    if doc.issuer is None and zones.title_issuer:
        doc.issuer = zones.title_issuer
        warnings.append(
            _(
                "Không thấy tên cơ quan ở phần đầu; cơ quan ban hành lấy theo dòng "
                "“CỦA %(issuer)s” dưới tên loại."
            )
            % {"issuer": zones.title_issuer}
        )
    elif doc.issuer is None:
        warnings.append(_("Không tìm thấy tên cơ quan ban hành."))

    # Only the header's place-date line: a date in the body (a meeting) is not the issue date.
    doc.place, doc.date = header.place, header.date
    if header.place_date_line and header.date is None:
        warnings.append(
            _("Không đọc được ngày ban hành trong dòng “%(line)s”.")
            % {"line": header.place_date_line}
        )
    elif header.date is None:
        warnings.append(_("Không tìm thấy ngày ban hành (dòng địa danh, ngày tháng năm)."))
    if header.place is None:
        warnings.append(_("Không tìm thấy địa danh ban hành."))
    elif header.date and header.place_date_line != format_date_line(header.place, header.date):
        warnings.append(
            _("Dòng địa danh, ngày tháng chưa đúng thể thức; đúng là “%(line)s”.")
            % {"line": format_date_line(header.place, header.date)}
        )
    if doc.date and doc.date > today:
        warnings.append(
            _("Ngày ban hành %(date)s sau ngày hôm nay.") % {"date": doc.date.strftime("%d/%m/%Y")}
        )
    for mark in header.marks:
        if "MẬT" in mark:
            warnings.append(
                _("Văn bản có độ mật (%(mark)s): không lưu nội dung văn bản mật trên cổng.")
                % {"mark": mark}
            )


def _read_closing(doc: ParsedDocument, closing: Closing) -> None:
    doc.recipients, doc.archive = closing.recipients, closing.archive
    doc.authority, doc.position, doc.signer = closing.authority, closing.position, closing.signer
    if not closing.has_recipients_block:
        doc.warnings.append(_("Không tìm thấy phần Nơi nhận."))
    elif doc.archive is None:
        doc.warnings.append(_("Không tìm thấy dòng Lưu (nơi lưu văn bản)."))
    if doc.position is None:
        doc.warnings.append(_("Không tìm thấy chức vụ người ký."))
    if doc.signer is None:
        doc.warnings.append(_("Không tìm thấy họ tên người ký."))


def parse_document_text(text: str, *, today: datetime.date | None = None) -> ParsedDocument:
    """Read a document's fields from its text (pasted, or from ``extract_text``).

    ``today`` (default: today in Vietnam) only serves to warn about an issue date in the
    future.
    """
    today = today or datetime.datetime.now(tz=VIETNAM_TZ).date()
    doc = ParsedDocument()
    clean = clean_text(text or "")
    if not any(clean.lines):
        doc.warnings.append(_("Văn bản trống, không có nội dung để đọc."))
        return doc

    zones = _zones(clean.lines)
    number = _number(zones.header.number_raw, doc.warnings)
    _read_type_and_system(doc, zones, number)
    doc.number = number.format() if number else None
    _read_issuer_place_date(doc, zones, today)
    doc.title = zones.title
    if doc.title is None:
        doc.warnings.append(_("Không tìm thấy trích yếu (tên) văn bản."))
    _read_closing(doc, zones.closing)

    doc.body_sections = build_sections(zones.paragraphs)
    doc.tasks = extract_tasks(doc.body_sections, year=doc.date.year if doc.date else None)
    if clean.footnotes:
        notes = [
            {"number": None, "kind": "paragraph", "level": 0, "text": note}
            for note in clean.footnotes
        ]
        doc.body_sections.append({"heading": _("Chú thích"), "number": None, "items": notes})
    sources = ([doc.title] if doc.title else []) + zones.paragraphs + clean.footnotes
    doc.citations = find_citations(sources, exclude={doc.number} if doc.number else None)
    return doc
