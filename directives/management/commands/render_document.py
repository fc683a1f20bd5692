"""`python manage.py render_document REF --out FILE.pdf [--no-sign]`: print a document.

REF is the number and symbol ("75/TB-UBND") or the id; the PDF is issued (recorded, with its
verification code) and written to FILE. Exit status 2 for an unknown REF.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...models import Document
from ...parsing.numbers import parse_number_symbol
from ...services.printing import document_print


class Command(BaseCommand):
    help = "In một văn bản đã đăng ký ra PDF theo thể thức, ký số (trừ khi --no-sign)."

    def add_arguments(self, parser):
        parser.add_argument("ref", help="Số, ký hiệu (75/TB-UBND) hoặc mã văn bản")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp PDF ghi ra")
        parser.add_argument("--no-sign", action="store_true", help="Không ký số")

    def handle(self, *args, ref: str, out: str, no_sign: bool, **options):
        document = self._find(ref)
        try:
            issued = document_print(document=document, by=None, sign=not no_sign)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages), returncode=2) from error
        with issued.file.open("rb") as pdf:
            Path(out).write_bytes(pdf.read())
        self.stdout.write(f"{out} — {issued.title}, mã xác thực {issued.code}")

    def _find(self, ref: str) -> Document:
        documents = Document.objects.filter(is_stub=False)
        if ref.isdigit():
            found = documents.filter(pk=int(ref)).first()
        else:
            parsed = parse_number_symbol(ref)
            number = parsed.format() if parsed else ref.strip()
            matches = list(documents.filter(number_symbol=number).order_by("-issue_date")[:2])
            if len(matches) > 1:
                raise CommandError(
                    f"Có nhiều văn bản số {number}: hãy dùng mã văn bản "
                    f"({', '.join(str(d.pk) for d in matches)}).",
                    returncode=2,
                )
            found = matches[0] if matches else None
        if found is None:
            raise CommandError(f"Không tìm thấy văn bản «{ref}».", returncode=2)
        return found
