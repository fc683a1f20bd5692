"""Documents and tasks for tests, built through the services."""

from __future__ import annotations

import datetime

from directives.models import Document
from directives.services.documents import DocumentInput, document_issue
from directives.services.registering import document_register
from directives.services.tasks import TaskInput


def make_document(
    *,
    issuer,
    number_symbol: str = "05/KH-BCĐ",
    issue_date: datetime.date = datetime.date(2026, 1, 15),
    tasks: list[TaskInput] | None = None,
    issue: bool = True,
    title: str = "Kế hoạch triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc",
    body_html: str = "<p>Nội dung kế hoạch.</p>",
    **fields,
) -> Document:
    data = {
        "system": Document.System.STATE,
        "type_name": fields.pop("type_name", "Kế hoạch"),
        "number_symbol": number_symbol,
        "issuer": issuer,
        "issue_date": issue_date,
        "title": title,
        "body_html": body_html,
        **fields,
    }
    document = document_register(data=DocumentInput(fields=data), tasks=tasks or [], by=None)
    if issue:
        document_issue(document=document, today=issue_date)
    return document
