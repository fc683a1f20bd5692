"""Filling, submitting and reviewing a report (DOMAIN.md §7, PRODUCT.md "asking to reopen").

draft → submitted → returned (comments per figure or overall) → submitted → accepted. Accepted
data is locked; a reviewer of a higher level may reopen it, and a committee may ask for a
reopening that the province grants or refuses. Saving is optimistic: a save made from an
older revision is refused with who changed it and when, and the form keeps what was typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations.models import User

from ..models import (
    FigureValue,
    FormField,
    FormVersion,
    Obligation,
    ReopenRequest,
    Submission,
    ValidationRule,
)
from ..prefill import PREFILL_SOURCES

Status = Submission.Status
Kind = FormField.Kind

ALLOWED_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class ValueInput:
    """What the submitter typed for one field."""

    number: Decimal | None = None
    text: str = ""
    file: UploadedFile | None = None
    override_reason: str = ""
    comment: str = ""


@dataclass
class Problems:
    """Every problem of a submission, by field id (None: the whole report)."""

    by_field: dict[int | None, list[str]] = field(default_factory=dict)

    def add(self, field_id: int | None, message: str) -> None:
        self.by_field.setdefault(field_id, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def as_error(self) -> ValidationError:
        return ValidationError(
            {str(key) if key is not None else "__all__": messages
             for key, messages in self.by_field.items()}
        )  # fmt: skip


def parse_number(raw: str) -> Decimal | None:
    """A figure as people type it in Vietnamese: "3.321", "94,75", "1 200"."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(_("«%(value)s» không phải là số.") % {"value": raw}) from error


def current_version(obligation: Obligation) -> FormVersion:
    version = (
        obligation.period.schedule.form.versions.filter(published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError(_("Biểu mẫu chưa có phiên bản nào được phát hành."))
    return version


def version_fields(version: FormVersion) -> list[FormField]:
    return list(
        FormField.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )


@transaction.atomic
def submission_start(*, obligation: Obligation, by: User) -> Submission:
    """Open the report of an obligation with the form's current version, pre-filled with what
    the portal knows (idempotent: an existing report is returned as it is)."""
    existing = Submission.objects.filter(obligation=obligation).first()
    if existing is not None:
        return existing
    version = current_version(obligation)
    submission = Submission.objects.create(obligation=obligation, version=version, updated_by=by)
    values = []
    for form_field in version_fields(version):
        value = FigureValue(submission=submission, field=form_field)
        source = PREFILL_SOURCES.get(form_field.prefill)
        if source is not None:
            number = source.compute(obligation.organization, obligation.period, by)
            value.number = value.prefilled_number = number
            value.prefill_source = str(source.label)
        values.append(value)
    # With history, so the pre-filled figures are the first entry of "who changed what".
    bulk_create_with_history(values, FigureValue, default_user=by)
    return submission


def _check_file(upload: UploadedFile) -> str | None:
    name = upload.name.lower()
    if not any(name.endswith(suffix) for suffix in ALLOWED_SUFFIXES):
        return _("Tệp phải là PDF, Word, Excel hoặc ảnh (JPG, PNG).")
    if upload.size > MAX_FILE_BYTES:
        return _("Tệp lớn hơn 20 MB.")
    return None


def _check_editable(submission: Submission) -> None:
    if submission.status == Status.ACCEPTED:
        raise ValidationError(
            _("Báo cáo đã được chấp nhận ngày %(day)s nên bị khóa; hãy đề nghị mở lại nếu cần sửa.")
            % {"day": timezone.localtime(submission.reviewed_at).strftime("%d/%m/%Y")}
        )
    if submission.status == Status.SUBMITTED:
        raise ValidationError(
            _("Báo cáo đã nộp, đang chờ duyệt nên bị khóa; người duyệt có thể trả lại để sửa.")
        )


def lock_reason(submission: Submission) -> str:
    """Why a report cannot be edited now, in words (empty when it can)."""
    try:
        _check_editable(submission)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    values: dict[int, ValueInput],
    revision: int,
    by: User,
    summary: str | None = None,
) -> Submission:
    """Save a draft. Refused when someone saved since `revision` was read (nothing is
    overwritten; the view keeps what this user typed)."""
    _check_editable(submission)
    updated = Submission.objects.filter(pk=submission.pk, revision=revision).update(
        revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        latest = Submission.objects.select_related("updated_by").get(pk=submission.pk)
        who = (
            latest.updated_by.full_name or latest.updated_by.username if latest.updated_by else "?"
        )
        raise ValidationError(
            _("%(who)s đã lưu báo cáo này lúc %(time)s, sau khi bạn mở trang. Phần bạn vừa nhập "
              "chưa được lưu và vẫn còn trên màn hình: hãy xem lại số liệu mới rồi lưu lại.")
            % {"who": who, "time": f"{timezone.localtime(latest.updated_at):%H:%M %d/%m/%Y}"},
            code="stale",
        )  # fmt: skip
    problems = Problems()
    stored = {v.field_id: v for v in submission.values.select_related("field")}
    for field_id, typed in values.items():
        value = stored.get(field_id)
        if value is None:
            problems.add(None, _("Chỉ tiêu không thuộc biểu mẫu của báo cáo này."))
            continue
        if typed.file is not None:
            error = _check_file(typed.file)
            if error:
                problems.add(field_id, error)
                continue
            value.file = typed.file
        value.number = typed.number
        value.text = typed.text.strip()
        value.override_reason = typed.override_reason.strip()
        value.comment = typed.comment.strip()
        value.save()
    if problems:
        raise problems.as_error()
    if summary is not None:
        submission.summary = summary.strip()
    submission.refresh_from_db(fields=["revision", "updated_at"])
    submission.updated_by = by
    submission.save(update_fields=["summary", "updated_by", "updated_at"])
    return submission


def _previous_numbers(submission: Submission) -> dict[str, Decimal]:
    """Last period's accepted figures of the same organization, by field code."""
    obligation = submission.obligation
    previous = (
        Submission.objects.filter(
            obligation__organization_id=obligation.organization_id,
            obligation__period__schedule_id=obligation.period.schedule_id,
            obligation__period__end__lt=obligation.period.start,
            status=Status.ACCEPTED,
        )
        .order_by("-obligation__period__end")
        .first()
    )
    if previous is None:
        return {}
    return {
        v.field.code: v.number
        for v in previous.values.select_related("field").exclude(number__isnull=True)
    }


def _fmt(number: Decimal) -> str:
    # Bounds are stored with two decimals: "100", not "100,00".
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


def submission_problems(submission: Submission) -> Problems:
    """Everything that stops a report from being submitted: required answers, bounds, the
    rules between figures, and unexplained changes to pre-filled figures."""
    problems = Problems()
    values = {v.field_id: v for v in submission.values.select_related("field")}
    for value in values.values():
        form_field = value.field
        if form_field.kind == Kind.FIGURE:
            if value.number is None:
                if form_field.required:
                    problems.add(form_field.pk, _("Chưa nhập số liệu."))
                continue
            if form_field.min_value is not None and value.number < form_field.min_value:
                problems.add(
                    form_field.pk, _("Nhỏ hơn %(min)s.") % {"min": _fmt(form_field.min_value)}
                )
            if form_field.max_value is not None and value.number > form_field.max_value:
                problems.add(
                    form_field.pk, _("Lớn hơn %(max)s.") % {"max": _fmt(form_field.max_value)}
                )
            if (
                value.prefilled_number is not None
                and value.number != value.prefilled_number
                and not value.override_reason
            ):
                problems.add(
                    form_field.pk,
                    _("Số liệu khác số cổng tính sẵn (%(prefilled)s): ghi lý do sửa.")
                    % {"prefilled": _fmt(value.prefilled_number)},
                )  # fmt: skip
        elif form_field.kind == Kind.TEXT and form_field.required and not value.text:
            problems.add(form_field.pk, _("Chưa nhập nội dung."))
        elif form_field.kind == Kind.ATTACHMENT and form_field.required and not value.file:
            problems.add(form_field.pk, _("Chưa đính kèm tệp."))
    by_field = {v.field_id: v for v in values.values()}
    previous = None
    for rule in ValidationRule.objects.filter(version_id=submission.version_id):
        left = by_field.get(rule.left_id)
        if left is None or left.number is None:
            continue
        if rule.kind == ValidationRule.Kind.NOT_GREATER:
            right = by_field.get(rule.right_id)
            if right is not None and right.number is not None and left.number > right.number:
                problems.add(
                    rule.left_id,
                    rule.message or _("%(left)s (%(a)s) không được lớn hơn %(right)s (%(b)s).")
                    % {"left": left.field.label, "a": _fmt(left.number),
                       "right": right.field.label, "b": _fmt(right.number)},
                )  # fmt: skip
        elif rule.kind == ValidationRule.Kind.CHANGE_NEEDS_COMMENT:
            if previous is None:
                previous = _previous_numbers(submission)
            before = previous.get(left.field.code)
            if before is None or left.comment:
                continue
            change = abs(left.number - before) * 100 / before if before else Decimal(100)
            if before == left.number:
                continue
            if change > rule.threshold_percent:
                problems.add(
                    rule.left_id,
                    rule.message or _("Thay đổi %(change)s%% so với kỳ trước (%(before)s): "
                                      "ghi giải trình.")
                    % {"change": number_format(change.quantize(Decimal("0.1")), decimal_pos=1),
                       "before": _fmt(before)},
                )  # fmt: skip
    return problems


@transaction.atomic
def submission_submit(
    *, submission: Submission, by: User, on: datetime.datetime | None = None
) -> Submission:
    """Submit the report for review; refused with every problem listed. `on` dates a past
    submission (the demo's history); it defaults to now."""
    _check_editable(submission)
    problems = submission_problems(submission)
    if problems:
        raise problems.as_error()
    now = on or timezone.now()
    submission.status = Status.SUBMITTED
    submission.submitted_by = by
    submission.updated_by = by
    submission.save()
    Obligation.objects.filter(pk=submission.obligation_id).update(
        submitted_at=now, first_submitted_at=Coalesce("first_submitted_at", Value(now))
    )
    submission.obligation.refresh_from_db()
    return submission


def _check_submitted(submission: Submission) -> None:
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt báo cáo đã nộp, đang chờ duyệt."))


@transaction.atomic
def submission_return(
    *,
    submission: Submission,
    comment: str,
    figure_comments: dict[int, str],
    by: User,
    on: datetime.datetime | None = None,
) -> Submission:
    """Send the report back with comments, overall or per figure (trả lại để sửa)."""
    _check_submitted(submission)
    figure_comments = {k: v.strip() for k, v in figure_comments.items() if v and v.strip()}
    if not comment.strip() and not figure_comments:
        raise ValidationError({"comment": _("Ghi ý kiến để đơn vị biết cần sửa gì.")})
    for value in submission.values.all():
        new_comment = figure_comments.get(value.field_id, "")
        if value.reviewer_comment != new_comment:
            value.reviewer_comment = new_comment
            value.save(update_fields=["reviewer_comment", "updated_at"])
    submission.status = Status.RETURNED
    submission.review_comment = comment.strip()
    submission.reviewed_by = by
    submission.reviewed_at = on or timezone.now()
    submission.save()
    Obligation.objects.filter(pk=submission.obligation_id).update(submitted_at=None)
    return submission


@transaction.atomic
def submission_accept(
    *, submission: Submission, by: User, comment: str = "", on: datetime.datetime | None = None
) -> Submission:
    """Accept the report; its data is locked from now on."""
    _check_submitted(submission)
    now = on or timezone.now()
    submission.status = Status.ACCEPTED
    submission.reviewed_by = by
    submission.reviewed_at = now
    submission.review_comment = comment.strip()
    submission.save()
    Obligation.objects.filter(pk=submission.obligation_id).update(accepted_at=now)
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, reason: str, by: User) -> Submission:
    """A reviewer reopens an accepted report for correction (the reason is kept)."""
    if submission.status != Status.ACCEPTED:
        raise ValidationError(_("Chỉ mở lại báo cáo đã được chấp nhận."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do mở lại báo cáo.")})
    submission.status = Status.RETURNED
    submission.review_comment = reason.strip()
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.save()
    Obligation.objects.filter(pk=submission.obligation_id).update(
        submitted_at=None, accepted_at=None
    )
    return submission


@transaction.atomic
def reopen_request_create(*, submission: Submission, reason: str, by: User) -> ReopenRequest:
    """A committee asks to reopen its locked report (đề nghị mở lại), with a reason."""
    if not submission.is_locked:
        raise ValidationError(_("Báo cáo chưa bị khóa, đơn vị có thể sửa trực tiếp."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do đề nghị mở lại.")})
    if submission.reopen_requests.filter(status=ReopenRequest.Status.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị mở lại đang chờ xử lý."))
    return ReopenRequest.objects.create(
        submission=submission, reason=reason.strip(), requested_by=by
    )


@transaction.atomic
def reopen_request_decide(
    *, request: ReopenRequest, grant: bool, note: str, by: User, on: datetime.datetime | None = None
) -> ReopenRequest:
    """The province grants (the report becomes editable again) or refuses, with its note."""
    if request.status != ReopenRequest.Status.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    if not grant and not note.strip():
        raise ValidationError({"note": _("Ghi lý do không đồng ý.")})
    request.status = ReopenRequest.Status.GRANTED if grant else ReopenRequest.Status.REFUSED
    request.decided_by = by
    request.decided_at = on or timezone.now()
    request.decision_note = note.strip()
    request.save()
    if grant:
        submission = request.submission
        submission.status = Status.RETURNED
        submission.review_comment = _("Mở lại theo đề nghị: %(reason)s") % {
            "reason": request.reason
        }
        submission.reviewed_by = by
        submission.reviewed_at = request.decided_at
        submission.save()
        Obligation.objects.filter(pk=submission.obligation_id).update(
            submitted_at=None, accepted_at=None
        )
    return request
