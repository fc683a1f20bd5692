"""The end of a document: recipients (Nơi nhận), the archive line (Lưu) and the signature
block (authority prefix, position, signer)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .normalize import LOWER, UPPER, is_caps_line, phrase_list

RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^[-–—+•·]\s*")
_ARCHIVE_RE = re.compile(r"^Lưu\s*(?::|\s)\s*(?P<rest>.*)$")
# A final parenthesis in lower case is a purpose: "(b/c)", "(báo cáo)", "(để biết)", "(t/h)";
# "(Qua BNCTW)" is part of the name.
_PURPOSE_RE = re.compile(rf"\s*\((?P<purpose>{LOWER}[^()]{{0,40}})\)$")
# A recipient written without its dash still ends like one: "Như trên;", "Các huyện ủy,".
_UNMARKED_ENTRY_RE = re.compile(r"^.{2,160}[;,.]$")
_AUTHORITY_RE = re.compile(r"^(?P<prefix>T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.)\s*(?P<rest>.*)$")
_SIGNED_MARK_RE = re.compile(
    r"^[(\[]?\s*(?:đã\s+ký|ký\s+tên|ký,|chữ\s+ký|ký\s+và\s+đóng\s+dấu|signed)[^)\]]*[)\]]?$",
    re.IGNORECASE,
)
_NAME_WORD = rf"{UPPER}(?:{LOWER})*"
_NAME_RE = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}}$")
_JOINED_NAME_RE = re.compile(rf"^(?P<caps>.+?)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}})$")
_CAPS_NAME_RE = re.compile(rf"^{UPPER}+(?:\s+{UPPER}+){{1,5}}$")
# Positions that end a signature block, longest first, to split a line the extractor joined
# ("TL. CHỦ TỊCH CHÁNH VĂN PHÒNG").
POSITIONS = sorted(
    phrase_list(
        """
        CHỦ TỊCH, PHÓ CHỦ TỊCH, PHÓ CHỦ TỊCH THƯỜNG TRỰC, CHÁNH VĂN PHÒNG, PHÓ CHÁNH VĂN PHÒNG,
        BÍ THƯ, PHÓ BÍ THƯ, PHÓ BÍ THƯ THƯỜNG TRỰC, GIÁM ĐỐC, PHÓ GIÁM ĐỐC, TRƯỞNG BAN,
        PHÓ TRƯỞNG BAN, PHÓ TRƯỞNG BAN THƯỜNG TRỰC, TRƯỞNG PHÒNG, PHÓ TRƯỞNG PHÒNG, CỤC TRƯỞNG,
        PHÓ CỤC TRƯỞNG, BỘ TRƯỞNG, THỨ TRƯỞNG, THỦ TRƯỞNG, TRƯỞNG CÔNG AN, PHÓ TRƯỞNG CÔNG AN,
        ỦY VIÊN, CHỦ NHIỆM, PHÓ CHỦ NHIỆM, TỔNG GIÁM ĐỐC, VIỆN TRƯỞNG, HIỆU TRƯỞNG, TRƯỞNG ĐOÀN,
        CHÁNH THANH TRA, TỔ TRƯỞNG, THƯỜNG TRỰC
        """
    ),
    key=len,
    reverse=True,
)
_TRAILING = " \t.;,"


@dataclass
class Recipient:
    name: str
    purpose: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Closing:
    """What the end of the document says; ``has_recipients_block`` tells "no recipients
    listed" from "no Nơi nhận at all"."""

    recipients: list[Recipient] = field(default_factory=list)
    archive: str | None = None
    authority: str | None = None
    position: str | None = None
    signer: str | None = None
    has_recipients_block: bool = False


@dataclass
class Signature:
    """A signature block and the index of its first line."""

    start: int
    authority: str | None
    position: str | None
    signer: str | None


def parse_recipients(lines: list[str]) -> tuple[list[Recipient], str | None, int]:
    """Recipients and archive from the lines after "Nơi nhận:"; also how many were read."""
    entries: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        unmarked = not is_caps_line(line) and _UNMARKED_ENTRY_RE.match(line)
        if _BULLET_RE.match(line) or unmarked or (index == 0 and not is_caps_line(line)):
            entries.append(_BULLET_RE.sub("", line))
        elif entries and line[:1].islower():
            entries[-1] = f"{entries[-1]} {line}"
        else:
            break
        used = index + 1
    recipients: list[Recipient] = []
    archive: str | None = None
    for entry in entries:
        entry = entry.strip().removesuffix("./.").rstrip(_TRAILING)
        if match := _ARCHIVE_RE.match(entry):
            archive = match["rest"].strip().rstrip(_TRAILING) or None
            continue
        purpose = None
        if match := _PURPOSE_RE.search(entry):
            purpose = match["purpose"].strip()
            entry = entry[: match.start()].rstrip(_TRAILING)
        if entry:
            recipients.append(Recipient(name=entry, purpose=purpose))
    return recipients, archive, used


def _split_position(text: str) -> tuple[str | None, str]:
    """A known position at the end of a caps line, and what comes before it."""
    for position in POSITIONS:
        if text == position or text.endswith(" " + position):
            return position, text[: -len(position)].strip()
    return None, text


def _is_position(line: str) -> bool:
    return _split_position(_AUTHORITY_RE.sub(r"\g<rest>", line))[0] is not None


def find_signature(lines: list[str], start: int, end: int) -> Signature | None:
    """The signature block that ends at ``end`` (exclusive), searched backwards."""
    i = end - 1
    while i >= start and not lines[i]:
        i -= 1
    if i < start:
        return None
    signer: str | None = None
    lines = list(lines)
    line = lines[i]
    joined = _JOINED_NAME_RE.match(line)
    if _NAME_RE.match(line) and not is_caps_line(line):
        signer, i = line, i - 1
    elif joined and is_caps_line(joined["caps"]) and _is_position(joined["caps"]):
        # "CHÁNH VĂN PHÒNG Phạm Xuân Duệ": the extractor joined position and name.
        signer, lines[i] = joined["name"], joined["caps"]
    block: list[str] = []
    while i >= start and (
        not lines[i] or is_caps_line(lines[i]) or _SIGNED_MARK_RE.match(lines[i])
    ):
        if lines[i] and not _SIGNED_MARK_RE.match(lines[i]):
            block.insert(0, lines[i])
        i -= 1
    caps_name = len(block) >= 2 and _CAPS_NAME_RE.match(block[-1]) and _is_position(block[-2])
    if signer is None and caps_name and not _is_position(block[-1]):
        # "NGUYỄN VĂN A" under the position: a name written in capitals.
        signer = block.pop()
    if not block or not any(_AUTHORITY_RE.match(b) or _is_position(b) for b in block):
        return None
    authority: str | None = None
    for each in block:
        if match := _AUTHORITY_RE.match(each):
            authority = match["prefix"]
    position: str | None
    if match := _AUTHORITY_RE.match(block[-1]):
        # "KT. CHỦ TỊCH" names the principal; only a joined "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"
        # also names the signer's own position.
        found, before = _split_position(match["rest"])
        position = found if found and before else None
    else:
        position = _split_position(block[-1])[0] or block[-1]
    return Signature(start=i + 1, authority=authority, position=position, signer=signer)


def parse_closing(lines: list[str], body_start: int) -> tuple[Closing, int]:
    """The closing block and where the body ends."""
    closing = Closing()
    recipients_at = next(
        (i for i in range(len(lines) - 1, body_start - 1, -1) if RECIPIENTS_RE.match(lines[i])),
        None,
    )
    body_end = len(lines)
    signature: Signature | None = None
    if recipients_at is not None:
        closing.has_recipients_block = True
        first = RECIPIENTS_RE.match(lines[recipients_at])["rest"]  # type: ignore[index]
        following = ([first] if first else []) + lines[recipients_at + 1 :]
        closing.recipients, closing.archive, used = parse_recipients(following)
        after = recipients_at + 1 + used - (1 if first else 0)
        signature = find_signature(lines, after, len(lines))
        if signature is None:
            signature = find_signature(lines, body_start, recipients_at)
            if signature is not None:
                body_end = signature.start
        body_end = min(body_end, recipients_at)
    else:
        signature = find_signature(lines, body_start, len(lines))
        if signature is not None:
            body_end = signature.start
    if signature is not None:
        closing.authority = signature.authority
        closing.position = signature.position
        closing.signer = signature.signer
    return closing, body_end
