"""/healthz and the heartbeat, including a real Celery worker and beat against Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from organizations.selectors import heartbeat_state
from organizations.services.health import HEARTBEAT_CACHE_KEY, heartbeat_record

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_heartbeat():
    cache.delete(HEARTBEAT_CACHE_KEY)
    yield
    cache.delete(HEARTBEAT_CACHE_KEY)


@pytest.mark.django_db
def test_healthz_reports_503_when_no_heartbeat_has_landed(client, clean_heartbeat):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["heartbeat"]["status"] == "missing"


@pytest.mark.django_db
def test_healthz_reports_200_with_a_fresh_heartbeat(client, clean_heartbeat):
    heartbeat_record()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["heartbeat"]["status"] == "ok"


@pytest.mark.django_db
@override_settings(HEARTBEAT_MAX_AGE_SECONDS=0)
def test_healthz_reports_stale_heartbeat(client, clean_heartbeat):
    heartbeat_record()
    time.sleep(0.01)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["heartbeat"]["status"] == "stale"


@pytest.mark.django_db
def test_healthz_reports_503_when_the_broker_is_down(client, clean_heartbeat):
    from antq_portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        heartbeat_record()
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


@pytest.mark.celery_worker
def test_heartbeat_lands_from_a_real_worker_and_beat(tmp_path):
    """Start `celery worker --beat` against the real Redis and wait for the heartbeat."""
    prefix = f"antq-heartbeat-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CACHE_KEY_PREFIX": prefix,
        "HEARTBEAT_INTERVAL_SECONDS": "1",
        # The test worker needs no database: beat keeps its schedule in a local file.
        "CELERY_BEAT_SCHEDULER": "celery.beat:PersistentScheduler",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "antq_portal",
            "worker",
            "--beat",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            "-Q",
            f"{prefix}-queue",
            "-n",
            f"{prefix}@%h",
        ],
        cwd=BASE_DIR,
        env={**env, "CELERY_TASK_DEFAULT_QUEUE": f"{prefix}-queue"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        from django.core.cache import caches

        # Read through a cache with the worker's key prefix.
        reader = caches.create_connection("default")
        reader.key_prefix = prefix
        deadline = time.monotonic() + 45
        stamp = None
        while time.monotonic() < deadline and stamp is None:
            stamp = reader.get(HEARTBEAT_CACHE_KEY)
            if worker.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert stamp is not None, f"no heartbeat from the worker; its output:\n{output[-3000:]}"


def test_heartbeat_state_reads_what_the_task_recorded(clean_heartbeat):
    from organizations.tasks import heartbeat_task

    heartbeat_task.apply()
    state = heartbeat_state()
    assert state.ok and state.last is not None
