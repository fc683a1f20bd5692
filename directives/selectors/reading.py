"""From a document read from its text to the register form the clerk reviews."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.selectors import organizations_match_names

from ..models import DocumentCitation, DocumentTask


@dataclass
class ReviewInitial:
    document: dict
    tasks: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def body_html_from_sections(sections: list) -> str:
    """The structured body as simple HTML: headings, then paragraphs and numbered items."""
    parts: list[str] = []

    def paragraph(text: str) -> None:
        if text and text.strip():
            parts.append(f"<p>{html.escape(text.strip())}</p>")

    for section in sections or []:
        if isinstance(section, str):
            paragraph(section)
            continue
        heading = section.get("heading") or section.get("title") or ""
        if heading:
            parts.append(f"<h3>{html.escape(heading.strip())}</h3>")
        for item in section.get("items") or section.get("paragraphs") or []:
            if isinstance(item, str):
                paragraph(item)
            else:
                number = item.get("number") or ""
                text = item.get("text") or ""
                marker = f"{number})" if item.get("kind") == "lettered" else f"{number}."
                paragraph(f"{marker} {text}" if number else text)
    return "\n".join(parts)


def review_initial(*, parsed, organizations: QuerySet[Organization]) -> ReviewInitial:
    """Pre-filled forms from a parsed document; names the register does not know are kept as
    written, and every field the text did not hold is reported, never guessed."""
    data = parsed.to_json_dict()
    names = {data.get("issuer") or ""}
    for task in data["tasks"]:
        names.update(task["lead"])
        names.update(task["coordinating"])
    for recipient in data["recipients"]:
        names.add(recipient["name"])
    matched = organizations_match_names(names=[n for n in names if n], candidates=organizations)
    warnings = list(data["warnings"])

    issuer = matched.get(data.get("issuer") or "")
    if data.get("issuer") and issuer is None:
        warnings.append(
            _("Cơ quan ban hành «%s» chưa có trong danh bạ: tên được giữ nguyên văn.")
            % data["issuer"]
        )
    document = {
        "system": data.get("system") or "",
        "type_code": data.get("type_code") or "",
        "type_name": data.get("type") or "",
        "number_symbol": data.get("number") or "",
        "issuer": issuer.pk if issuer else None,
        "issuer_name": data.get("issuer") or "",
        "parent_issuer_name": data.get("parent_issuer") or "",
        "place": data.get("place") or "",
        "issue_date": data.get("date") or None,
        "title": data.get("title") or "",
        "body_html": body_html_from_sections(parsed.body_sections),
        "body_sections": parsed.body_sections,
        "authority": data.get("authority") or "",
        "position": data.get("position") or "",
        "signer_name": data.get("signer") or "",
        "archive_line": data.get("archive") or "",
        "recipients_text": "\n".join(
            f"- {r['name']} ({r['purpose']})" if r.get("purpose") else f"- {r['name']}"
            for r in data["recipients"]
        ),
    }
    tasks = []
    for task in data["tasks"]:
        deadline = task.get("deadline") or {}
        tasks.append(
            {
                "number": task["number"],
                "text": task["text"],
                "deadline_kind": deadline.get("kind") or DocumentTask.DeadlineKind.NONE,
                "deadline_value": deadline.get("value") or "",
                "lead": [o.pk for n in task["lead"] if (o := matched.get(n))],
                "coordinating": [o.pk for n in task["coordinating"] if (o := matched.get(n))],
                "lead_names": "; ".join(task["lead"]),
                "coordinating_names": "; ".join(task["coordinating"]),
            }
        )
    unknown = sorted(
        {n for t in data["tasks"] for n in t["lead"] + t["coordinating"] if not matched.get(n)}
    )
    if unknown:
        warnings.append(
            _("Chưa khớp được với danh bạ, hãy chọn cơ quan tương ứng: %s.") % "; ".join(unknown)
        )
    citations = [
        {
            "keep": True,
            "type_name": c["type"],
            "number_symbol": c["number"],
            "date": c.get("date") or None,
            "issuer_name": c.get("issuer") or "",
            "relation": DocumentCitation.Relation.CITES,
        }
        for c in data["citations"]
    ]
    return ReviewInitial(document=document, tasks=tasks, citations=citations, warnings=warnings)
