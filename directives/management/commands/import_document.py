"""`python manage.py import_document PATH --json | --save`: read a document from its file.

--json prints the fields read (the contract of ARCHITECTURE.md) and saves nothing; --save
registers the document as read, as a draft for staff to review, and prints its new id.
"""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization, User

from ...forms import recipients_from_text
from ...parsing import DocumentTextError, extract_text, parse_document_text
from ...selectors.reading import review_initial
from ...services.documents import CitationData, DocumentInput
from ...services.registering import document_register
from ...services.tasks import TaskInput


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = "Đọc một văn bản (.txt, .docx, .pdf) và in các trường đọc được, hoặc đăng ký văn bản."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp văn bản")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--json", action="store_true", help="In kết quả dạng JSON, không lưu")
        mode.add_argument("--save", action="store_true", help="Đăng ký văn bản, in mã số mới")
        parser.add_argument("--by", help="Tên đăng nhập của người đăng ký (khi --save)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}", returncode=2)
        try:
            parsed = parse_document_text(extract_text(path.read_bytes(), path.name))
        except DocumentTextError as error:
            raise CommandError(str(error), returncode=2) from error
        if not options["save"]:
            self.stdout.write(json.dumps(parsed.to_json_dict(), ensure_ascii=False, indent=None))
            return
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"Không có người dùng «{options['by']}».", returncode=2)
        document = self._save(parsed, by)
        self.stdout.write(str(document.pk))

    def _save(self, parsed, by):
        organizations = Organization.objects.all()
        initial = review_initial(parsed=parsed, organizations=organizations)
        fields = {k: v for k, v in initial.document.items() if k != "recipients_text"}
        fields["issuer"] = organizations.filter(pk=fields["issuer"]).first()
        fields["issue_date"] = _date(fields["issue_date"])
        by_pk = {
            o.pk: o
            for o in organizations.filter(
                pk__in={pk for t in initial.tasks for pk in t["lead"] + t["coordinating"]}
            )
        }
        tasks = [
            TaskInput(
                number=t["number"], text=t["text"], deadline_kind=t["deadline_kind"],
                deadline_value=t["deadline_value"], deadline_text="",
                lead=[by_pk[pk] for pk in t["lead"]],
                coordinating=[by_pk[pk] for pk in t["coordinating"]],
                lead_names=t["lead_names"], coordinating_names=t["coordinating_names"],
            )
            for t in initial.tasks
        ]  # fmt: skip
        citations = [
            CitationData(
                type_name=c["type_name"], number_symbol=c["number_symbol"],
                date=_date(c["date"]), issuer_name=c["issuer_name"], relation=c["relation"],
            )
            for c in initial.citations
        ]  # fmt: skip
        try:
            return document_register(
                data=DocumentInput(
                    fields=fields,
                    recipients=recipients_from_text(initial.document["recipients_text"]),
                    citations=citations,
                ),
                tasks=tasks,
                by=by,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages), returncode=2) from error
