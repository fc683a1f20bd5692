"""Issuing official PDFs: render, sign, record; verify; print many at once."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from organizations.models import Organization, User

from .models import IssuedPdf, PrintBatch, SignatureImage, SigningIdentity
from .rendering import render_pdf, signature_box
from .signing import (
    SignatureAppearance,
    SigningError,
    VerificationReport,
    load_signer,
    load_trust_roots,
    sign_pdf,
    verify_pdf,
)

# Codes people read off paper and type: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_VERIFY_BYTES = 30 * 1024 * 1024


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedPdf.objects.filter(code=code).exists():
            return code


def verification_url(code: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("printing:verify-code", args=[code])


def _read_image(field) -> bytes | None:
    if not field:
        return None
    with field.open("rb") as image:
        return image.read()


def _key_paths(identity: SigningIdentity) -> tuple[Path, Path]:
    keys = Path(settings.PRINTING_KEYS_DIR)
    return keys / f"{identity.key_name}.p12", keys / f"{identity.key_name}.pass"


@dataclass(frozen=True)
class SignAs:
    """Who signs: the issuing organization's key, and the person whose name is on it."""

    organization: Organization
    signer_name: str
    position: str
    person: User | None = None


def _sign(pdf: bytes, sign_as: SignAs) -> tuple[bytes, object]:
    identity = SigningIdentity.objects.filter(organization=sign_as.organization).first()
    if identity is None:
        raise ValidationError(
            _("%s chưa được cấu hình chữ ký số. Hãy liên hệ quản trị hệ thống.")
            % sign_as.organization
        )
    p12_path, pass_path = _key_paths(identity)
    try:
        passphrase = pass_path.read_bytes().strip()
    except OSError as error:
        raise ValidationError(
            _("Không đọc được mật khẩu khóa ký số của %s.") % sign_as.organization
        ) from error
    try:
        signer = load_signer(p12_path=p12_path, passphrase=passphrase)
    except SigningError as error:
        raise ValidationError(str(error)) from error
    signature = (
        SignatureImage.objects.filter(person=sign_as.person).first() if sign_as.person else None
    )
    signed_at = timezone.localtime()
    signed = sign_pdf(
        pdf=pdf,
        signer=signer,
        appearance=SignatureAppearance(
            signer_name=sign_as.signer_name,
            position=sign_as.position,
            organization=sign_as.organization.name,
            signature_png=_read_image(signature.image) if signature else None,
            seal_png=_read_image(identity.seal_image),
        ),
        box=signature_box(pdf),
        signing_time=signed_at,
    )
    return signed, signed_at


@transaction.atomic
def pdf_issue(
    *,
    source_label: str,
    source_id: int,
    title: str,
    template_name: str,
    build_context: Callable[[str, str], dict],
    snapshot: dict,
    by: User | None,
    sign_as: SignAs | None,
) -> IssuedPdf:
    """Render a PDF with its verification code, sign it when asked, and record it.

    `build_context(code, url)` gives the template's context; the snapshot is the data the PDF
    was made from, kept so that later edits to the source never change an issued PDF.
    """
    code = _new_code()
    pdf = render_pdf(
        template_name=template_name, context=build_context(code, verification_url(code))
    )
    signed_at = None
    if sign_as is not None:
        pdf, signed_at = _sign(pdf, sign_as)
    previous = IssuedPdf.objects.filter(source_label=source_label, source_id=source_id).aggregate(
        Max("version")
    )["version__max"]
    issued = IssuedPdf(
        code=code,
        source_label=source_label,
        source_id=source_id,
        title=title[:300],
        version=(previous or 0) + 1,
        sha256=hashlib.sha256(pdf).hexdigest(),
        snapshot=snapshot,
        issued_by=by,
        signing_organization=sign_as.organization if sign_as else None,
        signer_name=sign_as.signer_name if sign_as else "",
        signed_at=signed_at,
    )
    issued.file.save(f"{code}.pdf", ContentFile(pdf), save=False)
    issued.save()
    return issued


def issued_pdfs_of(*, source_label: str, source_id: int):
    return IssuedPdf.objects.filter(source_label=source_label, source_id=source_id).order_by(
        "-version"
    )


@dataclass(frozen=True)
class VerificationResult:
    """What the public verification page says about an uploaded or recorded PDF."""

    report: VerificationReport
    record: IssuedPdf | None

    @property
    def matches_record(self) -> bool:
        return self.record is not None


def trust_roots():
    return load_trust_roots([Path(p) for p in settings.PRINTING_TRUST_ROOTS if Path(p).exists()])


def pdf_verify(*, data: bytes) -> VerificationResult:
    """Check a PDF: signature valid and trusted, unchanged since signing, and on record."""
    if len(data) > MAX_VERIFY_BYTES:
        raise ValidationError(_("Tệp lớn hơn 30 MB."))
    if not data.startswith(b"%PDF"):
        raise ValidationError(_("Tệp tải lên không phải là tệp PDF."))
    report = verify_pdf(pdf=data, trust_roots=trust_roots())
    record = IssuedPdf.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    return VerificationResult(report=report, record=record)


def issued_pdf_verify(*, issued: IssuedPdf) -> VerificationResult:
    with issued.file.open("rb") as stored:
        data = stored.read()
    report = verify_pdf(pdf=data, trust_roots=trust_roots())
    matches = hashlib.sha256(data).hexdigest() == issued.sha256
    return VerificationResult(report=report, record=issued if matches else None)


# Items per Celery task: small enough that several workers share a batch, large enough that
# queueing costs little next to rendering.
BATCH_CHUNK_SIZE = 10


@transaction.atomic
def batch_create(
    *, label: str, printer: str, item_ids: list[int], sign: bool, by: User | None
) -> PrintBatch:
    """Queue a batch in chunks; the workers print it after the transaction commits."""
    from .tasks import print_batch_chunk_task

    if not item_ids:
        raise ValidationError(_("Không có văn bản nào để in."))
    import_string(printer)  # a wrong path fails now, not in the worker
    batch = PrintBatch.objects.create(
        label=label, printer=printer, item_ids=list(item_ids), sign=sign, requested_by=by
    )
    chunks = [
        batch.item_ids[start : start + BATCH_CHUNK_SIZE]
        for start in range(0, len(batch.item_ids), BATCH_CHUNK_SIZE)
    ]

    def enqueue() -> None:
        for chunk in chunks:
            print_batch_chunk_task.delay(batch.pk, chunk)

    transaction.on_commit(enqueue)
    return batch


def _record_item(batch_id: int, *, issued: IssuedPdf | None, failure: dict | None) -> None:
    """Count one item done or failed, under a row lock so parallel chunks never lose one."""
    with transaction.atomic():
        batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
        if issued is not None:
            batch.issued.add(issued)
            batch.done_count += 1
        if failure is not None:
            batch.failures.append(failure)
        if batch.status == PrintBatch.Status.PENDING:
            batch.status = PrintBatch.Status.RUNNING
        batch.save(update_fields=["done_count", "failures", "status", "updated_at"])


def batch_chunk_run(*, batch_id: int, item_ids: list[int]) -> None:
    """Print some items of a batch, each in its own transaction: one failure is reported and
    loses nothing else; an item already printed or failed in this batch is skipped, so a
    retried chunk prints nothing twice. The chunk that finishes the batch builds its ZIP."""
    batch = PrintBatch.objects.get(pk=batch_id)
    printer = import_string(batch.printer)
    for item_id in item_ids:
        batch.refresh_from_db(fields=["failures"])
        printed = batch.issued.filter(source_id=item_id).exists()
        if printed or any(f["id"] == item_id for f in batch.failures):
            continue
        try:
            with transaction.atomic():
                issued = printer(item_id=item_id, by=batch.requested_by, sign=batch.sign)
        except Exception as error:  # any failure of one document is reported, never fatal
            _record_item(batch_id, issued=None, failure={"id": item_id, "error": str(error)[:500]})
        else:
            _record_item(batch_id, issued=issued, failure=None)
    batch_finish(batch_id=batch_id)


def batch_finish(*, batch_id: int) -> PrintBatch:
    """Build the ZIP once every item is printed or failed (idempotent)."""
    with transaction.atomic():
        batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
        finished = batch.done_count + len(batch.failures) >= batch.total
        if not finished or batch.status in (PrintBatch.Status.DONE, PrintBatch.Status.FAILED):
            return batch
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for issued in batch.issued.order_by("title", "pk"):
                with issued.file.open("rb") as pdf:
                    archive.writestr(f"{issued.code}-{slug_for(issued.title)}.pdf", pdf.read())
            if batch.failures:
                archive.writestr(
                    "LOI.txt",
                    "\n".join(f"{f['id']}: {f['error']}" for f in batch.failures).encode("utf-8"),
                )
        batch.zip_file.save(f"dot-in-{batch.pk}.zip", ContentFile(buffer.getvalue()), save=False)
        batch.status = PrintBatch.Status.DONE if batch.done_count else PrintBatch.Status.FAILED
        batch.save(update_fields=["zip_file", "status", "updated_at"])
        return batch


def batch_run(*, batch_id: int) -> PrintBatch:
    """Print a whole batch in this process (tests, and a worker-less fallback)."""
    batch_chunk_run(batch_id=batch_id, item_ids=PrintBatch.objects.get(pk=batch_id).item_ids)
    return PrintBatch.objects.get(pk=batch_id)


def slug_for(title: str) -> str:
    from organizations.search import fold_diacritics

    folded = fold_diacritics(title)
    return "".join(ch if ch.isalnum() else "-" for ch in folded).strip("-")[:60] or "van-ban"
