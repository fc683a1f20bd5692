"""A clerk pastes each real sample, reviews the pre-filled form and saves a correct record."""

import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Document
from directives.parsing import parse_document_text

SAMPLES = os.environ.get("ANTQ_SAMPLES")
NAMES = ["thong-bao-ket-luan-2021.txt", "chi-thi-2024.txt", "ke-hoach-tinh-uy-2023.txt"]


def _post_data_from(response) -> dict:
    """What the browser would send back for the pre-filled forms, untouched."""
    data = {}
    form = response.context["form"]
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if name == "body_sections":
            value = field.widget.format_value(field.prepare_value(value))
        data[name] = value
    for formset_name in ("task_formset", "citation_formset"):
        formset = response.context[formset_name]
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, initial in enumerate(formset.initial or []):
            for key, value in initial.items():
                if value is None or value is False:
                    continue
                data[f"{formset.prefix}-{index}-{key}"] = "on" if value is True else value
    return data


@pytest.mark.skipif(not SAMPLES, reason="ANTQ_SAMPLES is not set")
@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_clerk_registers_each_sample_after_review(name, area, user_of_role):
    path = Path(SAMPLES) / name
    if not path.exists():
        pytest.skip(f"{name} is not in ANTQ_SAMPLES")
    text = path.read_text(encoding="utf-8")
    parsed = parse_document_text(text)
    client = Client()
    client.force_login(user_of_role("standing_staff"))
    response = client.post(reverse("directives:document-read-text"), {"text": text})
    assert response.status_code == 200
    assert response.context["warnings"], "the samples lost their headers: warnings expected"
    data = _post_data_from(response)
    # The clerk completes what the text does not hold: the issuing body.
    data["issuer"] = area.provincial_committee.pk
    response = client.post(reverse("directives:document-create"), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for f in response.context["task_formset"]],
        response.context["citation_formset"].errors,
    )
    document = Document.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    assert document.tasks.count() == len(parsed.tasks)
    assert document.signer_name == parsed.signer
    assert document.recipients.count() == len(parsed.recipients)
    assert document.citations.count() == len({c.number for c in parsed.citations})
    assert document.body_sections, "the structured body is kept"
