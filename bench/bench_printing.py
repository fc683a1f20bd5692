"""Benchmarks of official PDFs on PostgreSQL + Redis (figures for the issue note).

    DATABASE_URL=postgres://… REDIS_URL=redis://… python bench/bench_printing.py

  * median time to render, sign and record a 2-page notice (document_print, 20 runs);
  * a batch of 200 notices printed and signed by 2 Celery worker processes (wall time).
Data is committed in a scratch organization and removed at the end; keys and media go to a
temporary folder.
"""

from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
SCRATCH = Path(tempfile.mkdtemp(prefix="antq-bench-print-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq_portal.settings")
os.environ["DJANGO_MEDIA_ROOT"] = str(SCRATCH / "media")
os.environ["PRINTING_KEYS_DIR"] = str(SCRATCH / "keys")
os.environ["PRINTING_TRUST_ROOTS"] = str(SCRATCH / "keys" / "ca.pem")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from antq_portal.celery import app  # noqa: E402
from directives.models import Document  # noqa: E402
from directives.services.documents import DocumentInput, document_issue  # noqa: E402
from directives.services.printing import document_print  # noqa: E402
from directives.services.registering import document_register  # noqa: E402
from organizations.models import AdministrativeUnit, Organization  # noqa: E402
from printing.demo import demo_signing_setup  # noqa: E402
from printing.models import IssuedPdf, PrintBatch, SigningIdentity  # noqa: E402
from printing.services import batch_create  # noqa: E402

PARAGRAPH = (
    "Tiếp tục đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc, gắn với xây dựng khu dân cư "
    "an toàn về an ninh, trật tự; nâng cao chất lượng các mô hình tự quản, tự phòng ngừa, tự bảo "
    "vệ; kịp thời biểu dương, khen thưởng tập thể, cá nhân có thành tích xuất sắc."
)


def make_notices(issuer: Organization, count: int) -> list[Document]:
    body = "".join(f"<p>{n + 1}. {PARAGRAPH}</p>" for n in range(14))  # about two A4 pages
    documents = []
    for number in range(1, count + 1):
        document = document_register(
            data=DocumentInput(fields={
                "system": "state", "type_code": "TB", "type_name": "Thông báo",
                "number_symbol": f"{number:02d}/TB-ĐL", "issuer": issuer,
                "issue_date": datetime.date(2026, 3, 1), "place": "Đo Lường",
                "title": "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị sơ kết",
                "body_html": body, "authority": "KT.", "authority_body": "TRƯỞNG BAN",
                "position": "PHÓ TRƯỞNG BAN", "signer_name": "Nguyễn Văn Đo",
            }),
            tasks=[], by=None,
        )  # fmt: skip
        document_issue(document=document)
        documents.append(document)
    return documents


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL).")
    unit = AdministrativeUnit.objects.create(
        era="2025", level=1, code=f"B{uuid.uuid4().hex[:6]}", name="Tỉnh Đo Lường",
        short_name="Đo Lường", unit_type="Tỉnh", path=f"N/bench-{uuid.uuid4().hex[:8]}/",
    )  # fmt: skip
    issuer = Organization.objects.create(name="Ban Chỉ đạo 138 tỉnh Đo Lường", kind="committee",
                                         unit=unit, document_series_code="ĐL")  # fmt: skip
    try:
        demo_signing_setup(organizations=[issuer], people=[])
        documents = make_notices(issuer, 200)

        timings = []
        for document in documents[:20]:
            start = time.perf_counter()
            document_print(document=document, by=None, sign=True)
            timings.append((time.perf_counter() - start) * 1000)
        median, slowest = statistics.median(timings), max(timings)
        print(f"render + sign + record a 2-page notice: median {median:.0f} ms, "
              f"max {slowest:.0f} ms (20 runs)")  # fmt: skip

        queue = f"antq-bench-{uuid.uuid4().hex[:8]}"
        app.conf.task_default_queue = queue
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "antq_portal", "worker", "--concurrency", "2",
             "--loglevel", "WARNING", "-Q", queue, "-n", f"{queue}@%h"],
            cwd=BASE, env={**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue},
        )  # fmt: skip
        time.sleep(4)  # the worker's start-up is not part of the batch
        start = time.perf_counter()
        batch = batch_create(label="Đo lường", printer="directives.services.printing."
                             "issue_document_pdf", item_ids=[d.pk for d in documents],
                             sign=True, by=None)  # fmt: skip
        while True:
            batch.refresh_from_db()
            if batch.status in (PrintBatch.Status.DONE, PrintBatch.Status.FAILED):
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        worker.terminate()
        worker.wait(timeout=30)
        print(f"batch of {batch.total} signed notices, 2 worker processes: {elapsed:.1f} s "
              f"({elapsed / batch.total * 1000:.0f} ms a notice), {len(batch.failures)} failures, "
              f"ZIP {batch.zip_file.size / 1e6:.1f} MB")  # fmt: skip
    finally:
        PrintBatch.objects.filter(label="Đo lường").delete()
        IssuedPdf.objects.filter(source_id__in=Document.objects.filter(issuer=issuer)
                                 .values("pk")).delete()  # fmt: skip
        Document.objects.filter(issuer=issuer).delete()
        SigningIdentity.objects.filter(organization=issuer).delete()
        issuer.delete()
        unit.delete()


if __name__ == "__main__":
    main()
