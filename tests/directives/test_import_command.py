"""`import_document PATH --json | --save`: the contract outside checks rely on."""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directives.models import Document
from tests.directives.test_views import STATE_NOTICE

CONTRACT_KEYS = {
    "system", "type", "type_code", "number", "issuer", "parent_issuer", "place", "date",
    "title", "authority", "position", "signer", "recipients", "archive", "tasks", "citations",
    "warnings",
}  # fmt: skip


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_document", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_document_json_prints_the_contract_and_saves_nothing(tmp_path):
    path = tmp_path / "thong-bao.txt"
    path.write_text(STATE_NOTICE, encoding="utf-8")
    data = json.loads(_run(str(path), "--json"))
    assert set(data) == CONTRACT_KEYS
    assert data["number"] == "12/TB-BCĐ" and data["date"] == "2026-03-05"
    assert data["system"] == "state" and data["type_code"] == "TB"
    assert data["authority"] == "KT." and data["signer"] == "Nguyễn Văn Thử"
    assert data["tasks"][0]["deadline"] == {"kind": "date", "value": "2026-06-30"}
    assert {"name": "Ban Chỉ đạo 138 Bộ Công an", "purpose": "b/c"} in data["recipients"]
    assert data["citations"][0]["number"] == "44-KL/TW"
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_import_document_save_registers_a_draft_and_prints_its_id(tmp_path, area):
    path = tmp_path / "thong-bao.txt"
    path.write_text(STATE_NOTICE, encoding="utf-8")
    document = Document.objects.get(pk=int(_run(str(path), "--save").strip()))
    assert document.status == Document.Status.DRAFT
    assert document.number_symbol == "12/TB-BCĐ"
    assert document.tasks.count() == 2
    lead = document.tasks.get(number="1").assignments.get(role="lead").organization
    assert lead == area.police
    assert document.citations.get().cited.is_stub


def test_import_document_refuses_a_missing_or_empty_file(tmp_path):
    with pytest.raises(CommandError) as missing:
        _run(str(tmp_path / "khong-co.txt"), "--json")
    assert missing.value.returncode == 2
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError) as error:
        _run(str(empty), "--json")
    assert error.value.returncode == 2


SAMPLES = os.environ.get("ANTQ_SAMPLES")


@pytest.mark.skipif(not SAMPLES, reason="ANTQ_SAMPLES is not set")
@pytest.mark.parametrize(
    "name", ["thong-bao-ket-luan-2021.txt", "chi-thi-2024.txt", "ke-hoach-tinh-uy-2023.txt"]
)
def test_import_document_json_reads_every_sample(name):
    path = Path(SAMPLES) / name
    if not path.exists():
        pytest.skip(f"{name} is not in ANTQ_SAMPLES")
    data = json.loads(_run(str(path), "--json"))
    assert set(data) == CONTRACT_KEYS
    assert data["tasks"], "every sample assigns tasks"
    assert data["signer"] and data["recipients"]
