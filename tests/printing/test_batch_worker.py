"""Batch printing through a real Celery worker (two processes) on Redis and PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from antq_portal.celery import app
from printing.models import PrintBatch
from tests.directives.factories import make_document

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_batch_is_printed_by_real_workers_with_progress_and_a_zip(
    area, user_of_role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"antq-batch-{uuid.uuid4().hex[:8]}"
    documents = [
        make_document(issuer=area.provincial_committee, number_symbol=f"{n:02d}/TB-BCĐ",
                      type_name="Thông báo", type_code="TB")
        for n in range(1, 13)
    ]  # fmt: skip
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "antq_portal", "worker", "--concurrency", "2",
         "--loglevel", "WARNING", "-Q", queue, "-n", f"{queue}@%h"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        client = Client()
        client.force_login(user_of_role("standing_staff"))
        response = client.post(reverse("directives:document-batch-print"),
                               {"year": "2026", "type_code": "TB"})  # fmt: skip
        assert response.status_code == 302
        batch = PrintBatch.objects.get()
        assert batch.total == len(documents)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.status in (PrintBatch.Status.DONE, PrintBatch.Status.FAILED):
                break
            assert worker.poll() is None, "the worker died"
            time.sleep(0.5)
    finally:
        app.conf.task_default_queue = previous_queue
        worker.terminate()
        try:
            output = worker.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert batch.status == PrintBatch.Status.DONE, output[-3000:]
    assert batch.done_count == 12 and not batch.failures
    page = client.get(reverse("printing:batch-detail", args=[batch.pk]))
    assert "100%" in page.content.decode() and "Tải tệp ZIP" in page.content.decode()
    download = client.get(reverse("printing:batch-download", args=[batch.pk]))
    assert download.status_code == 200
