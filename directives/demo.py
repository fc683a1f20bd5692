"""Demo documents for `make run`: a plan, a directive and a conclusion notice of the demo
province, with tasks in every state. Written for the demo, through the services."""

from __future__ import annotations

import datetime

from django.db import transaction

from organizations.models import Organization, User

from .models import Document, DocumentCitation
from .services.documents import CitationData, DocumentInput, RecipientData, document_issue
from .services.registering import document_register
from .services.tasks import TaskInput, task_progress_record


def _org(name_start: str) -> Organization:
    return Organization.objects.filter(name__startswith=name_start).order_by("pk").first()


def _register(fields: dict, tasks: list[TaskInput], recipients, citations, by) -> Document | None:
    existing = Document.objects.filter(
        issuer=fields["issuer"],
        number_symbol=fields["number_symbol"],
        issue_year=fields["issue_date"].year,
    ).first()
    if existing:
        return None
    document = document_register(
        data=DocumentInput(fields=fields, recipients=recipients, citations=citations),
        tasks=tasks,
        by=by,
    )
    document_issue(document=document)
    return document


def _complete(document: Document, task_number: str, day: datetime.date, by: User, text: str):
    for assignment in document.tasks.get(number=task_number).assignments.all():
        occurrence = assignment.occurrences.order_by("due_date").first()
        task_progress_record(
            occurrence=occurrence, reported_on=day, text=text, completes=True, by=by
        )


@transaction.atomic
def seed_demo() -> None:
    ubnd = _org("Ủy ban nhân dân tỉnh Lạng Sơn")
    police = _org("Công an tỉnh Lạng Sơn")
    committee = _org("Ban Chỉ đạo 138 tỉnh Lạng Sơn")
    education = _org("Sở Giáo dục và Đào tạo")
    front = _org("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn")
    commune_committee = (
        Organization.objects.filter(kind=Organization.Kind.STEERING_COMMITTEE, unit__level=3)
        .order_by("pk")
        .first()
    )
    staff = User.objects.get(username="thuongtruc")
    recipients = [
        RecipientData("Ban Chỉ đạo 138 Bộ Công an", "b/c"),
        RecipientData("Thường trực Tỉnh ủy", "b/c"),
        RecipientData("Các thành viên Ban Chỉ đạo 138 tỉnh", "t/h", committee),
        RecipientData("Công an tỉnh", "t/h", police),
    ]

    directive = _register(
        {
            "system": Document.System.STATE, "type_code": "CT", "type_name": "Chỉ thị",
            "number_symbol": "02/CT-UBND", "issuer": ubnd, "parent_issuer_name": "",
            "place": "Lạng Sơn", "issue_date": datetime.date(2025, 3, 10),
            "title": "Về tăng cường xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025",
            "body_html": "<h3>I. Tình hình</h3><p>Thời gian qua phong trào được duy trì "
            "thường xuyên, song còn mô hình hoạt động hình thức.</p>"
            "<h3>II. Nhiệm vụ</h3><p>Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện "
            "các nhiệm vụ sau.</p>",
            "authority": "KT.", "authority_body": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
            "signer_name": "Lương Văn Đạo",
        },
        [
            TaskInput(
                number="1", text="Rà soát, thanh loại các mô hình hoạt động hình thức, xong "
                "trước ngày 30/9/2025.", deadline_kind="date", deadline_value="2025-09-30",
                deadline_text="trước ngày 30/9/2025", lead=[police], coordinating=[front],
            ),
            TaskInput(
                number="2", text="Định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực hiện "
                "về UBND tỉnh (qua Công an tỉnh).", deadline_kind="yearly",
                deadline_value="12-10", deadline_text="trước ngày 10-12 hằng năm",
                lead=[education, commune_committee],
            ),
        ],
        recipients,
        [
            CitationData(
                "Kết luận", "44-KL/TW", datetime.date(2019, 1, 22), "Ban Bí thư",
                DocumentCitation.Relation.IMPLEMENTS,
            ),
            CitationData(
                "Quyết định", "521/QĐ-TTg", datetime.date(2005, 6, 13), "Thủ tướng Chính phủ"
            ),
        ],
        staff,
    )  # fmt: skip
    if directive:
        _complete(directive, "1", datetime.date(2025, 10, 15), staff,
                  "Đã rà soát 37 mô hình, thanh loại 3 mô hình hoạt động hình thức.")  # fmt: skip
        for assignment in directive.tasks.get(number="2").assignments.all():
            first = assignment.occurrences.order_by("due_date").first()
            task_progress_record(
                occurrence=first, reported_on=datetime.date(2025, 12, 5), by=staff,
                text="Đã gửi báo cáo kết quả năm 2025.", completes=True,
            )  # fmt: skip

    plan = _register(
        {
            "system": Document.System.STATE, "type_code": "KH", "type_name": "Kế hoạch",
            "number_symbol": "05/KH-BCĐ", "issuer": committee,
            "parent_issuer_name": "UBND TỈNH LẠNG SƠN", "place": "Lạng Sơn",
            "issue_date": datetime.date(2026, 1, 15),
            "title": "Triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026",
            "body_html": "<h3>I. Mục đích, yêu cầu</h3><p>Nâng cao chất lượng phong trào, "
            "gắn với thực hiện Chỉ thị số 02/CT-UBND.</p>",
            "authority": "KT.", "authority_body": "TRƯỞNG BAN", "position": "PHÓ TRƯỞNG BAN",
            "signer_name": "Lý Văn Hùng",
        },
        [
            TaskInput(
                number="1", text="Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8) ở "
                "100% khu dân cư.", deadline_kind="date", deadline_value="2026-08-19",
                lead=[police], coordinating=[education, front],
            ),
            TaskInput(
                number="2", text="Tuyên truyền phòng, chống tội phạm trong trường học, hoàn "
                "thành trước ngày 30/6/2026.", deadline_kind="date", deadline_value="2026-06-30",
                lead=[education],
            ),
            TaskInput(
                number="3", text="Theo dõi, hướng dẫn phong trào ở cơ sở.",
                deadline_kind="ongoing", deadline_text="thường xuyên", lead=[police],
            ),
            TaskInput(
                number="4", text="Báo cáo kết quả thực hiện năm 2026 trước ngày 10/12/2026.",
                deadline_kind="yearly", deadline_value="12-10", lead=[commune_committee],
            ),
        ],
        recipients,
        [CitationData("Chỉ thị", "02/CT-UBND", datetime.date(2025, 3, 10), "UBND tỉnh",
                      DocumentCitation.Relation.IMPLEMENTS)],
        staff,
    )  # fmt: skip
    if plan:
        _complete(plan, "1", datetime.date(2026, 8, 15), staff,
                  "Ngày hội tổ chức ở 1.520/1.520 khu dân cư.")  # fmt: skip
