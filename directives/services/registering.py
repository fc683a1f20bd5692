"""Registering a whole document at once: the register row, its tasks and its citations."""

from __future__ import annotations

from django.db import transaction

from organizations.models import User

from ..models import Document
from .documents import DocumentInput, document_create
from .tasks import TaskInput, task_add


@transaction.atomic
def document_register(*, data: DocumentInput, tasks: list[TaskInput], by: User | None) -> Document:
    """All or nothing: a bad task or citation leaves no half-registered document behind."""
    document = document_create(data=data, by=by)
    for order, task in enumerate(tasks):
        task_add(document=document, task=task, order=order)
    return document
