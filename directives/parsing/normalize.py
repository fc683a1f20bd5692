"""Text as extractors leave it, made regular: Unicode NFC, no bold markers, no page numbers,
footnotes set apart, and lines the extractor broke mid-sentence joined again."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .encoding import fix_legacy_text


def phrase_list(text: str) -> tuple[str, ...]:
    """A word list written as comma-separated prose, so that it stays readable."""
    return tuple(" ".join(phrase.split()) for phrase in text.split(",") if phrase.strip())


_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile("[ \t\u00a0\u2007\u202f\u3000]+")
# Markdown-like emphasis that extractors leave ("**TL. CHỦ TỊCH", "“*Toàn dân…*”",
# "(*nếu có*)"); a lone "(*)" is a footnote mark in its own right and stays.
_EMPHASIS_RE = re.compile(r"(?<!\()\*+|\*+(?!\))|(?<![\w_])_{1,2}(?=\w)|(?<=\w)_{1,2}(?![\w_])")
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_INLINE_NOTE_RE = re.compile(rf"(?<=[^\s{_SUPERSCRIPTS}])[{_SUPERSCRIPTS}]+")
_FOOTNOTE_LINE_RE = re.compile(rf"^[{_SUPERSCRIPTS}]+\s*(?P<text>\S.*)$")
_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^(?:Trang|Page)\s+\d+(?:\s*/\s*\d+)?$")
_SEPARATOR_RE = re.compile(r"^[-_=*.~•·]{2,}$|^\*$")

# List and heading markers that always start a block of their own.
_BLOCK_START_RE = re.compile(
    r"^(?:[-–—+•·]\s|[-+•]\S"  # dashes and bullets
    r"|(?:[IVXL]+|\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s"  # I. II. 1. 2.1.
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\s"  # 2.1 without the final dot
    r"|[a-zđ]\)\s"  # a) b) đ)
    r"|(?:Điều|Chương|Phần|Mục)\s+[\dIVXL]+\b"
    r"|Nơi\s+nhận\b|Kính\s+gửi\b|Lưu\s*:)",
)
_TERMINAL_RE = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)]*$")
# Words after which a sentence cannot end: a line ending in one continues on the next line.
_CONTINUING_WORDS = frozenset(
    phrase_list(
        """
        của, và, với, về, các, những, cho, trong, tại, để, là, đã, từ, đến, số, ngày, giữa,
        thuộc, nhằm, bị, hoặc, như, vào, đối, mà, nếu, thì
        """
    )
)


def _letters(predicate: str) -> str:
    chars = (chr(code) for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x1EFA)])
    return "".join(ch for ch in chars if ch.isalpha() and getattr(ch, predicate)())


# Regex classes of Vietnamese capital and lower-case letters (re has no \p{Lu}).
UPPER = f"[{_letters('isupper')}]"
LOWER = f"[{_letters('islower')}]"
_UPPER_RE = re.compile(UPPER)
_LOWER_RE = re.compile(LOWER)


@dataclass
class CleanText:
    lines: list[str]
    footnotes: list[str] = field(default_factory=list)


def is_caps_line(line: str) -> bool:
    """Letters present and none lower case: headings, type lines, the signature block."""
    # Paragraphs run to thousands of characters: stop at the first lower-case letter.
    return _LOWER_RE.search(line) is None and len(_UPPER_RE.findall(line, 0, 400)) >= 2


def is_block_start(line: str) -> bool:
    return bool(_BLOCK_START_RE.match(line))


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL_RE.search(line))


def clean_text(text: str) -> CleanText:
    """Characters made regular and the text cut into stripped lines ("" between paragraphs)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\f", "\n\n").replace("\v", "\n")
    # Legacy fonts first: TCVN3's "ư" is the soft hyphen that the next step removes.
    text = fix_legacy_text(text)
    text = _INVISIBLE_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    lines: list[str] = []
    footnotes: list[str] = []
    for raw_line in text.split("\n"):
        line = _SPACES_RE.sub(" ", raw_line).strip()
        if match := _FOOTNOTE_LINE_RE.match(line):
            footnotes.append(_INLINE_NOTE_RE.sub("", match["text"]))
            continue
        line = _INLINE_NOTE_RE.sub("", line)
        if _PAGE_NUMBER_RE.match(line) or _SEPARATOR_RE.match(line):
            line = ""
        lines.append(line)
    return CleanText(lines=lines, footnotes=footnotes)


def _last_word(text: str) -> str:
    words = text.rsplit(None, 1)
    return words[-1].lower() if words else ""


def continues(
    previous: str, line: str, *, after_blank: bool, previous_line: str | None = None
) -> bool:
    """Whether ``line`` continues the paragraph ``previous`` (whose last line as the extractor
    gave it is ``previous_line``) that an extractor broke."""
    if not previous or not line or is_block_start(line) or is_caps_line(previous):
        return False
    if ends_sentence(previous) or is_caps_line(line):
        return False
    if line[0].islower():
        return True
    if previous.endswith((",", "(", "–", "-")) or _last_word(previous) in _CONTINUING_WORDS:
        return True
    if is_block_start(previous) and len(previous) < 100:
        # A short numbered line is a heading ("1. Kết quả đạt được"), however it ends.
        return False
    # Within one block (no blank line), a long line without a full stop is a wrapped line, as
    # PDF text layers give them; a short one is a heading of its own.
    return not after_blank and len(previous_line or previous) >= 60


def join_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: broken sentences joined, blank lines dropped."""
    paragraphs: list[str] = []
    after_blank = False
    last_line = ""
    for line in lines:
        if not line:
            after_blank = True
            continue
        if paragraphs and continues(
            paragraphs[-1], line, after_blank=after_blank, previous_line=last_line
        ):
            joiner = "" if paragraphs[-1].endswith(("(", "/")) else " "
            paragraphs[-1] = paragraphs[-1] + joiner + line
        else:
            paragraphs.append(line)
        last_line = line
        after_blank = False
    return paragraphs
