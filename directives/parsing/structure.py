"""The body cut into sections (I., II., PHẦN, CHƯƠNG) and items (1., 2.1., a), dashes).

Each section is a JSON-ready dict, the shape stored in ``Document.body_sections``::

    {"heading": "II. NỘI DUNG" | None, "number": "II" | None,
     "items": [{"number": "2.1" | "a" | None, "kind": "numbered" | "lettered" | "bullet" |
                "paragraph", "level": 1, "text": "…"}]}

A bullet keeps its dash in ``text`` so that the body reads as written.
"""

from __future__ import annotations

import re
from typing import Any

from .normalize import is_caps_line

_ROMAN = r"(?:X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}V?|X{0,2}V)"
_ROMAN_RE = re.compile(rf"^(?P<label>{_ROMAN})\s*[.)]\s*(?P<text>\S.*)$")
_PART_RE = re.compile(
    rf"^(?P<label>(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:{_ROMAN}|\d{{1,2}}))\b\s*[.:–-]?\s*(?P<text>.*)$"
)
_ARTICLE_RE = re.compile(r"^(?P<label>Điều\s+\d{1,3})\s*[.:]\s*(?P<text>.*)$")
_MULTI_LEVEL_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<text>\S.*)$")
_SINGLE_LEVEL_RE = re.compile(r"^(?P<label>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
_LETTER_RE = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<text>\S.*)$")
_BULLET_RE = re.compile(r"^[-–—+•·]\s*\S")

Section = dict[str, Any]
Item = dict[str, Any]


def _section(heading: str | None, number: str | None) -> Section:
    return {"heading": heading, "number": number, "items": []}


def build_sections(paragraphs: list[str]) -> list[Section]:
    """Sections and items from body paragraphs; text before the first heading is a section
    without a heading."""
    sections: list[Section] = [_section(None, None)]
    numbered_level = 0
    labelled_level = 0
    for paragraph in paragraphs:
        if match := (_ROMAN_RE.match(paragraph) or _PART_RE.match(paragraph)):
            sections.append(_section(paragraph, match["label"]))
            numbered_level = labelled_level = 0
            continue
        if is_caps_line(paragraph) and len(paragraph) <= 120 and not _BULLET_RE.match(paragraph):
            sections.append(_section(paragraph, None))
            numbered_level = labelled_level = 0
            continue
        item: Item
        if match := (_MULTI_LEVEL_RE.match(paragraph) or _SINGLE_LEVEL_RE.match(paragraph)):
            numbered_level = labelled_level = match["label"].count(".") + 1
            item = {"number": match["label"], "kind": "numbered", "level": numbered_level}
            item["text"] = match["text"]
        elif match := _ARTICLE_RE.match(paragraph):
            numbered_level = labelled_level = 1
            item = {"number": match["label"], "kind": "numbered", "level": 1}
            item["text"] = match["text"]
        elif match := _LETTER_RE.match(paragraph):
            labelled_level = numbered_level + 1
            item = {"number": match["label"], "kind": "lettered", "level": labelled_level}
            item["text"] = match["text"]
        elif _BULLET_RE.match(paragraph):
            item = {"number": None, "kind": "bullet", "level": labelled_level + 1}
            item["text"] = paragraph
        else:
            item = {"number": None, "kind": "paragraph", "level": labelled_level}
            item["text"] = paragraph
        sections[-1]["items"].append(item)
    if not sections[0]["items"] and len(sections) > 1:
        sections.pop(0)
    return sections
