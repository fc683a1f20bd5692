"""Tasks of documents: assignment to organizations, deadlines, occurrences and progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User

from ..calendar import DURATION_PATTERN, PERIOD_NAMES, occurrences_for
from ..models import Document, DocumentTask, TaskAssignment, TaskOccurrence, TaskProgress

DeadlineKind = DocumentTask.DeadlineKind
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".jpg", ".jpeg", ".png"}


@dataclass
class TaskInput:
    text: str
    number: str = ""
    deadline_kind: str = DeadlineKind.NONE
    deadline_value: str = ""
    deadline_text: str = ""
    lead: list[Organization] = field(default_factory=list)
    coordinating: list[Organization] = field(default_factory=list)
    lead_names: str = ""
    coordinating_names: str = ""


def deadline_validate(kind: str, value: str) -> str:
    """The deadline value in its contract form, or a ValidationError saying what is expected."""
    value = (value or "").strip()
    try:
        if kind == DeadlineKind.DATE:
            return datetime.date.fromisoformat(value).isoformat()
        if kind == DeadlineKind.YEARLY:
            month, day = (int(part) for part in value.split("-"))
            datetime.date(2024, month, day)  # a leap year admits 29 February
            return f"{month:02d}-{day:02d}"
        if kind == DeadlineKind.PERIODIC:
            periods = [p.strip() for p in value.split("+") if p.strip()]
            if not periods or set(periods) - set(PERIOD_NAMES):
                raise ValueError(value)
            return "+".join(periods)
        if kind == DeadlineKind.RELATIVE:
            if not DURATION_PATTERN.match(value) or value == "P":
                raise ValueError(value)
            return value
    except ValueError as error:
        messages = {
            DeadlineKind.DATE: _("Hạn cụ thể phải là một ngày (ví dụ 2024-12-10)."),
            DeadlineKind.YEARLY: _("Hạn hằng năm ghi tháng-ngày, ví dụ 12-10 cho ngày 10/12."),
            DeadlineKind.PERIODIC: _(
                "Hạn định kỳ ghi các kỳ month, quarter, half-year, year nối bằng «+»."
            ),
            DeadlineKind.RELATIVE: _("Thời hạn tính từ ngày ban hành ghi dạng P30D, P3M."),
        }
        raise ValidationError({"deadline_value": messages[kind]}) from error
    return ""


def _until_year(today: datetime.date | None) -> int:
    # Occurrences are kept one year ahead; the yearly sweep adds the next ones.
    return (today or timezone.localdate()).year + 1


@transaction.atomic
def task_occurrences_generate(*, task: DocumentTask, today: datetime.date | None = None) -> int:
    """Create the missing occurrences of every assignment of an issued document's task."""
    document = task.document
    if document.status != Document.Status.ISSUED:
        return 0
    planned = occurrences_for(
        kind=task.deadline_kind,
        value=task.deadline_value,
        issue_date=document.issue_date,
        until_year=_until_year(today),
    )
    created = 0
    for assignment in task.assignments.all():
        existing = set(assignment.occurrences.values_list("due_date", flat=True))
        new_rows = [
            TaskOccurrence(assignment=assignment, due_date=o.due_date, period_label=o.label)
            for o in planned
            if o.due_date not in existing
        ]
        TaskOccurrence.objects.bulk_create(new_rows)
        created += len(new_rows)
    return created


@transaction.atomic
def task_add(*, document: Document, task: TaskInput, order: int | None = None) -> DocumentTask:
    """Add a task with its lead and coordinating organizations to a document."""
    if not task.text.strip():
        raise ValidationError({"text": _("Nhiệm vụ phải có nội dung.")})
    value = deadline_validate(task.deadline_kind, task.deadline_value)
    overlap = {o.pk for o in task.lead} & {o.pk for o in task.coordinating}
    if overlap:
        raise ValidationError(
            {"coordinating": _("Một cơ quan không thể vừa chủ trì vừa phối hợp cùng nhiệm vụ.")}
        )
    row = DocumentTask.objects.create(
        document=document,
        number=task.number.strip()[:20],
        order=order if order is not None else document.tasks.count(),
        text=task.text.strip(),
        deadline_kind=task.deadline_kind,
        deadline_value=value,
        deadline_text=task.deadline_text.strip()[:200],
        lead_names=task.lead_names.strip()[:500],
        coordinating_names=task.coordinating_names.strip()[:500],
    )
    TaskAssignment.objects.bulk_create(
        [TaskAssignment(task=row, organization=o, role=TaskAssignment.Role.LEAD) for o in task.lead]
        + [
            TaskAssignment(task=row, organization=o, role=TaskAssignment.Role.COORDINATING)
            for o in task.coordinating
        ]
    )
    task_occurrences_generate(task=row)
    return row


@transaction.atomic
def task_remove(*, task: DocumentTask) -> None:
    if TaskProgress.objects.filter(occurrence__assignment__task=task).exists():
        raise ValidationError(
            _("Nhiệm vụ đã có báo cáo tiến độ, không thể xóa. Hãy sửa nội dung nếu cần.")
        )
    task.delete()


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is None:
        return
    name = attachment.name.lower()
    if not any(name.endswith(suffix) for suffix in ALLOWED_ATTACHMENT_SUFFIXES):
        raise ValidationError(
            {"attachment": _("Tệp đính kèm phải là PDF, Word, Excel hoặc ảnh (JPG, PNG).")}
        )
    if attachment.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": _("Tệp đính kèm lớn hơn 20 MB.")})


@transaction.atomic
def task_progress_record(
    *,
    occurrence: TaskOccurrence,
    reported_on: datetime.date,
    text: str,
    completes: bool,
    by: User,
    attachment: UploadedFile | None = None,
) -> TaskProgress:
    """Report progress on one occurrence; a report that completes it dates its completion."""
    if not text.strip():
        raise ValidationError({"text": _("Hãy ghi nội dung kết quả thực hiện.")})
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("Ngày báo cáo không thể ở tương lai.")})
    if occurrence.completed_on and completes:
        raise ValidationError(
            _("Kỳ này đã hoàn thành ngày %s.") % occurrence.completed_on.strftime("%d/%m/%Y")
        )
    _check_attachment(attachment)
    progress = TaskProgress.objects.create(
        occurrence=occurrence,
        reported_on=reported_on,
        text=text.strip(),
        completes=completes,
        attachment=attachment or "",
        reported_by=by,
    )
    if completes:
        occurrence.completed_on = reported_on
        occurrence.save(update_fields=["completed_on", "updated_at"])
    return progress


@transaction.atomic
def task_occurrences_extend(*, today: datetime.date | None = None) -> int:
    """Add the coming year's occurrences of recurring tasks of documents still in force."""
    tasks = DocumentTask.objects.filter(
        document__status=Document.Status.ISSUED,
        deadline_kind__in=[DeadlineKind.YEARLY, DeadlineKind.PERIODIC],
    ).select_related("document")
    return sum(task_occurrences_generate(task=task, today=today) for task in tasks)
