"""Tasks (nhiệm vụ): the numbered items of the body that assign work.

A task is an item without numbered children whose text opens with an imperative or an
assignment ("Giao …", "Yêu cầu …", "Tiếp tục …", "Ban Chỉ đạo 138 các cấp tăng cường …") or
carries a responsibility line ("Đảng ủy Công an tỉnh chủ trì, phối hợp với …"). Sections and
items that describe (purposes, results, shortcomings) hold none.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .assignments import (
    VERBS,
    find_assignees,
    mentions_assignment,
    starts_with_assignment,
    starts_with_org_subject,
)
from .deadlines import Deadline, detect_deadline
from .normalize import phrase_list
from .structure import Section

_EXCLUDED_RE = re.compile(
    r"^(?:[IVXL]+\.\s*)?(?:mục đích|mục tiêu|yêu cầu\s*(?::|$)|đánh giá|kết quả|tình hình|căn cứ|"
    r"sự cần thiết|quan điểm|bối cảnh|thực trạng|phạm vi|đối tượng|nguyên nhân|đặc điểm|"
    r"(?:những\s+)?(?:ưu điểm|hạn chế|tồn tại|khuyết điểm)(?!:))",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(r"^[^:“\"]{2,40}:\s*")
_BULLET_RE = re.compile(r"^[-–—+•·]\s*")
# Verbs a task opens with ("Tiếp tục …", "Rà soát, thanh loại …"); two-word verbs of VERBS
# plus a few that take no second word.
_IMPERATIVES = {verb for verb in VERBS if " " in verb} | set(
    phrase_list("nhân rộng, thanh loại, hoàn thiện, phấn đấu, giao, lập, rà soát, xây dựng")
)
_CLOSING_RE = re.compile(r"^(?:Nay thông báo|Trên đây|Thông báo này|Quyết định này có hiệu lực)")
_TRAILING_PUNCTUATION = " \t.;,:"


@dataclass
class Task:
    """A task as the text states it. ``number`` is its label with the section's numeral
    ("II.1", "II.2.1", "II.6.a"); an unnumbered assignment after a list takes the next
    number, so that numbers stay unique within the document."""

    number: str
    text: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    deadline: Deadline | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Node:
    label: str
    level: int
    paragraphs: list[str]
    excluded: bool
    has_children: bool = False


def _body_of(paragraph: str) -> str:
    return _LABEL_PREFIX_RE.sub("", _BULLET_RE.sub("", paragraph), count=1)


def _starts_imperative(paragraph: str) -> bool:
    text = _body_of(paragraph)
    words = text.split()
    for size in (3, 2, 1):
        head = " ".join(words[:size])
        if head[:1].isupper() and head.lower() in _IMPERATIVES:
            return True
    return False


def _assigns(paragraph: str) -> bool:
    text = _BULLET_RE.sub("", paragraph)
    return starts_with_assignment(text) or starts_with_org_subject(text)


def _is_task(paragraphs: list[str]) -> bool:
    first = paragraphs[0]
    if _assigns(first) or _starts_imperative(first):
        return True
    if mentions_assignment(first):
        return True
    # A numbered item that sets a deadline ("định kỳ trước ngày 10-12 hằng năm báo cáo…")
    # assigns work even when it opens with neither a verb nor "Giao".
    if detect_deadline(first) is not None:
        return True
    rest = paragraphs[1:]
    return any(_assigns(p) or _starts_imperative(p) or " chủ trì" in p for p in rest)


def _number_key(label: str) -> str:
    return label.replace("Điều ", "")


def _nodes(section: Section) -> list[_Node]:
    """Labelled items with the paragraphs that follow each, in a tree by level."""
    nodes: list[_Node] = []
    stack: list[_Node] = []
    section_excluded = bool(section["heading"] and _EXCLUDED_RE.match(section["heading"]))
    for item in section["items"]:
        if item["kind"] in ("numbered", "lettered"):
            while stack and stack[-1].level >= item["level"]:
                stack.pop()
            parent = stack[-1] if stack else None
            label = item["number"]
            if parent is not None:
                parent.has_children = True
                if item["kind"] == "lettered" or "." not in label:
                    label = f"{parent.label}.{label}"
            excluded = section_excluded or bool(_EXCLUDED_RE.match(item["text"]))
            excluded = excluded or bool(parent and parent.excluded)
            node = _Node(label, item["level"], [item["text"]], excluded)
            nodes.append(node)
            stack.append(node)
        elif stack:
            stack[-1].paragraphs.append(item["text"])
    return nodes


def _detach_trailing(node: _Node) -> list[str]:
    """Plain paragraphs after a list's last item that assign work of their own ("Giao Công an
    tỉnh theo dõi …") or close the document ("Nay thông báo …")."""
    detached: list[str] = []
    while len(node.paragraphs) > 1:
        last = node.paragraphs[-1]
        if _BULLET_RE.match(last) or not (
            starts_with_assignment(last) or _CLOSING_RE.match(last) or last.endswith("./.")
        ):
            break
        detached.insert(0, node.paragraphs.pop())
    return detached


def _clean(text: str) -> str:
    return text.strip().removesuffix("./.").rstrip(_TRAILING_PUNCTUATION)


def _make_task(number: str, paragraphs: list[str], year: int | None) -> Task:
    lead, coordinating = find_assignees(paragraphs)
    text = "\n".join(_clean(p) if i == len(paragraphs) - 1 else p for i, p in enumerate(paragraphs))
    return Task(
        number=number,
        text=_clean(text),
        lead=lead,
        coordinating=coordinating,
        deadline=detect_deadline(" ".join(paragraphs), year=year),
    )


def extract_tasks(sections: list[Section], *, year: int | None = None) -> list[Task]:
    """Tasks in document order; ``year`` is the document's own, for deadlines written without
    one ("trước ngày 10/12")."""
    tasks: list[Task] = []
    last_with_items = max(
        (i for i, s in enumerate(sections) if any(it["kind"] == "numbered" for it in s["items"])),
        default=None,
    )
    for index, section in enumerate(sections):
        prefix = f"{section['number']}." if section["number"] else ""
        nodes = _nodes(section)
        trailing: list[str] = []
        if nodes and index == last_with_items:
            trailing = _detach_trailing(nodes[-1])
        for node in nodes:
            if node.has_children or node.excluded or not _is_task(node.paragraphs):
                continue
            tasks.append(_make_task(prefix + _number_key(node.label), node.paragraphs, year))
        top_numbers = [int(n.label) for n in nodes if n.label.isdigit()]
        next_number = max(top_numbers, default=0) + 1
        loose = [p for p in trailing if starts_with_assignment(p)]
        if not nodes and not _EXCLUDED_RE.match(section["heading"] or ""):
            # A section of dashes or paragraphs ("- Giao Sở Tư pháp …"): its assignments.
            loose = [
                item["text"]
                for item in section["items"]
                if starts_with_assignment(_BULLET_RE.sub("", item["text"]))
            ]
        for paragraph in loose:
            paragraphs = [_BULLET_RE.sub("", paragraph)]
            tasks.append(_make_task(f"{prefix}{next_number}", paragraphs, year))
            next_number += 1
    return tasks
