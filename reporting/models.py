"""Periodic reporting (DOMAIN.md §7): report forms defined by the provincial office and their
versions, schedules with periods and deadlines, one obligation per organization per period,
submissions and their review, reopening requests, and the reminders sent from a ledger.

A submission keeps the form version it was made with; accepted data is locked and says why;
every reminder is recorded once per obligation, step, recipient and channel (a unique
constraint), in the same transaction as its outbox entry or notification, so a second sweep
is a no-op.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel
from directives.models import DocumentTask
from organizations.models import Organization

DEFAULT_REMINDER_DAYS = [7, 3, 1, 0]
DEFAULT_OVERDUE_DAYS = [1, 5]


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def default_overdue_days() -> list[int]:
    return list(DEFAULT_OVERDUE_DAYS)


class ReportForm(TimeStampedModel):
    """A report form (biểu mẫu báo cáo); its content lives in versions."""

    code = models.SlugField(_("mã biểu mẫu"), max_length=40, unique=True)
    name = models.CharField(_("tên báo cáo"), max_length=250)
    description = models.TextField(_("mô tả"), blank=True)
    owner = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành biểu mẫu"), on_delete=models.PROTECT,
        related_name="report_forms",
    )  # fmt: skip
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class FormVersion(TimeStampedModel):
    """One version of a form's content. A draft is edited; once published it is frozen and new
    submissions use it; a submission keeps the version it was made with."""

    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    published_at = models.DateTimeField(_("ngày phát hành"), null=True, blank=True)
    note = models.CharField(_("ghi chú thay đổi"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên bản biểu mẫu")
        verbose_name_plural = _("phiên bản biểu mẫu")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="form_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.form} — {_('phiên bản')} {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FormSection(TimeStampedModel):
    """A section of a form version (phần)."""

    version = models.ForeignKey(
        FormVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE,
        related_name="sections",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tiêu đề phần"), max_length=250)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phần của biểu mẫu")
        verbose_name_plural = _("phần của biểu mẫu")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class FormField(TimeStampedModel):
    """A figure, text or attachment a version asks for (chỉ tiêu, nội dung báo cáo).

    `code` stays the same across versions, so a figure is compared with last year's."""

    class Kind(models.TextChoices):
        FIGURE = "figure", _("Số liệu")
        TEXT = "text", _("Nội dung")
        ATTACHMENT = "attachment", _("Tệp đính kèm")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng")
        AVERAGE = "average", _("Trung bình")
        NONE = "none", _("Không tổng hợp")

    section = models.ForeignKey(
        FormSection, verbose_name=_("phần"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.SlugField(_("mã chỉ tiêu"), max_length=40)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("tên chỉ tiêu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.FIGURE)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decimal_places = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    # A source of figures the portal already knows (reporting/prefill.py lists them).
    prefill = models.CharField(_("lấy sẵn từ dữ liệu của cổng"), max_length=40, blank=True)
    help_text = models.CharField(_("hướng dẫn"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="form_field_unique_code"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="form_field_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ValidationRule(TimeStampedModel):
    """A rule between the figures of a version (ràng buộc số liệu)."""

    class Kind(models.TextChoices):
        NOT_GREATER = "not_greater", _("Không lớn hơn chỉ tiêu khác")
        CHANGE_NEEDS_COMMENT = "change_comment", _("Thay đổi lớn so với kỳ trước cần giải trình")

    version = models.ForeignKey(
        FormVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("loại ràng buộc"), max_length=16, choices=Kind.choices)
    left = models.ForeignKey(
        FormField, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        FormField, verbose_name=_("so với chỉ tiêu"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    threshold_percent = models.DecimalField(
        _("ngưỡng thay đổi (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    message = models.CharField(_("thông báo khi vi phạm"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ràng buộc số liệu")
        verbose_name_plural = _("ràng buộc số liệu")
        ordering = ["version", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="not_greater") | Q(right__isnull=False),
                name="validation_rule_not_greater_has_right",
            ),
            models.CheckConstraint(
                condition=~Q(kind="change_comment") | Q(threshold_percent__isnull=False),
                name="validation_rule_change_has_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left} — {self.get_kind_display()}"


class ReportSchedule(TimeStampedModel):
    """A reporting regime (chế độ báo cáo): a form, how often, the data window and deadline,
    who reports and who reviews, and when to remind."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Hằng tháng")
        QUARTER = "quarter", _("Hằng quý")
        FIRST_HALF = "first_half", _("6 tháng đầu năm")
        SECOND_HALF = "second_half", _("6 tháng cuối năm")
        YEAR = "year", _("Hằng năm")
        TOPICAL = "topical", _("Chuyên đề")
        AD_HOC = "ad_hoc", _("Đột xuất")

    RECURRING = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.FIRST_HALF,
                 PeriodKind.SECOND_HALF, PeriodKind.YEAR)  # fmt: skip

    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.PROTECT, related_name="schedules"
    )
    name = models.CharField(_("tên chế độ báo cáo"), max_length=250)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=PeriodKind.choices)
    # Windows run from the day after the cut-off of the previous period to the cut-off
    # (DOMAIN.md §7: the 15th → the 14th).
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu"), default=14)
    # The deadline counted from the end of the data window; negative when the local rule
    # asks for the report before the cut-off ("trước ngày 10-12" with a cut-off on 14/12: −4).
    deadline_offset_days = models.SmallIntegerField(_("hạn nộp (số ngày sau ngày chốt)"), default=0)
    reviewer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan nhận, duyệt báo cáo"), on_delete=models.PROTECT,
        related_name="reviewed_schedules",
    )  # fmt: skip
    reporters = models.ManyToManyField(
        Organization, verbose_name=_("cơ quan, đơn vị báo cáo"), related_name="report_schedules"
    )
    directive_task = models.ForeignKey(
        DocumentTask, verbose_name=_("nhiệm vụ yêu cầu báo cáo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="report_schedules",
    )  # fmt: skip
    reminder_days = models.JSONField(
        _("nhắc trước hạn (ngày)"), default=default_reminder_days, blank=True
    )
    overdue_days = models.JSONField(
        _("nhắc sau hạn (ngày)"), default=default_overdue_days, blank=True
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cutoff_day__gte=1, cutoff_day__lte=28), name="schedule_cutoff_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(TimeStampedModel):
    """One period of a schedule (kỳ báo cáo): its data window and its deadline."""

    schedule = models.ForeignKey(
        ReportSchedule, verbose_name=_("chế độ báo cáo"), on_delete=models.CASCADE,
        related_name="periods",
    )  # fmt: skip
    label = models.CharField(_("tên kỳ"), max_length=100)
    start = models.DateField(_("số liệu từ ngày"))
    end = models.DateField(_("số liệu đến ngày"))
    deadline = models.DateField(_("hạn nộp"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["schedule", "-end"]
        indexes = [models.Index(fields=["deadline"], name="period_deadline")]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "start", "end"], name="period_unique"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_window_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} — {self.label}"


class Obligation(TimeStampedModel):
    """What one organization owes for one period (nghĩa vụ báo cáo)."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE,
        related_name="obligations",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
        related_name="report_obligations",
    )  # fmt: skip
    # Copied from the period so the daily sweep and completeness read one table.
    deadline = models.DateField(_("hạn nộp"))
    # Timeliness counts the first submission; a report reopened later stays "on time".
    first_submitted_at = models.DateTimeField(_("ngày nộp lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày nộp gần nhất"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("ngày chấp nhận"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        ordering = ["deadline", "organization__name", "pk"]
        indexes = [
            models.Index(
                fields=["deadline"], name="obligation_open_deadline",
                condition=Q(first_submitted_at__isnull=True),
            ),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization"], name="obligation_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period.label}"

    @property
    def is_open(self) -> bool:
        """Never submitted: reminders go to open obligations only."""
        return self.first_submitted_at is None

    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.deadline


class Submission(TimeStampedModel):
    """The report an organization fills for an obligation (báo cáo).

    draft → submitted → returned (with comments) → submitted → accepted (locked). `revision`
    grows with each save: a save based on an older revision is refused (optimistic locking).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        ACCEPTED = "accepted", _("Đã chấp nhận")

    obligation = models.OneToOneField(
        Obligation, verbose_name=_("nghĩa vụ"), on_delete=models.CASCADE,
        related_name="submission",
    )  # fmt: skip
    version = models.ForeignKey(
        FormVersion, verbose_name=_("phiên bản biểu mẫu"), on_delete=models.PROTECT,
        related_name="submissions",
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(_("lần lưu"), default=1)
    summary = models.TextField(_("nội dung báo cáo"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến chung của người duyệt"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa cuối"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return str(self.obligation)

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)


class FigureValue(TimeStampedModel):
    """One answer of a submission: a figure, a text or a file, with what the portal pre-filled
    and why the submitter changed it, and the reviewer's comment on it."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    field = models.ForeignKey(
        FormField, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    number = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)  # fmt: skip
    text = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(_("tệp"), upload_to="bao-cao/%Y/", blank=True, max_length=255)
    prefilled_number = models.DecimalField(
        _("số liệu cổng tính sẵn"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    prefill_source = models.CharField(_("nguồn số liệu tính sẵn"), max_length=250, blank=True)
    override_reason = models.CharField(_("lý do sửa số liệu tính sẵn"), max_length=300, blank=True)
    comment = models.CharField(_("giải trình"), max_length=500, blank=True)
    reviewer_comment = models.CharField(_("ý kiến người duyệt"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["field__section__order", "field__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "field"], name="figure_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.field.code}: {self.number if self.number is not None else self.text[:40]}"


class ReopenRequest(TimeStampedModel):
    """A committee asking to reopen its locked report (đề nghị mở lại), and the answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        GRANTED = "granted", _("Đồng ý mở lại")
        REFUSED = "refused", _("Không đồng ý")

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
        related_name="reopen_requests",
    )  # fmt: skip
    reason = models.TextField(_("lý do đề nghị"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị mở lại báo cáo")
        verbose_name_plural = _("đề nghị mở lại báo cáo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=Q(status="pending"),
                name="reopen_one_pending_per_submission",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.submission} — {self.get_status_display()}"


class Notification(TimeStampedModel):
    """An in-app notification (thông báo) shown under the bell."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
        related_name="notifications",
    )  # fmt: skip
    title = models.CharField(_("tiêu đề"), max_length=250)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"], name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class OutboxEmail(TimeStampedModel):
    """An e-mail waiting to be sent (hộp thư đi): written in the same transaction as the
    reminder that needs it, sent after commit; a failed send stays here to retry."""

    to = models.EmailField(_("gửi tới"))
    subject = models.CharField(_("tiêu đề"), max_length=250)
    body = models.TextField(_("nội dung"))
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.CharField(_("lỗi lần gửi cuối"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"], name="outbox_pending",
                         condition=Q(sent_at__isnull=True)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class ReminderLedger(TimeStampedModel):
    """Every reminder ever sent (sổ nhắc việc): one row per obligation, step, recipient and
    channel. The unique constraint turns a repeated sweep, a retried task or a second worker
    into a no-op."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        IN_APP = "in_app", _("Thông báo trên cổng")

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("nghĩa vụ"), on_delete=models.CASCADE,
        related_name="reminders",
    )  # fmt: skip
    # "before:7", "before:0", "overdue:1", "escalation:5".
    step = models.CharField(_("bước nhắc"), max_length=20)
    recipient = models.CharField(_("người nhận"), max_length=254)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    sweep = models.UUIDField(_("lượt quét"))
    swept_on = models.DateField(_("ngày quét"))
    outbox = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminder"
    )
    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminder"
    )

    class Meta:
        verbose_name = _("lần nhắc")
        verbose_name_plural = _("sổ nhắc việc")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "step", "recipient", "channel"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.step} → {self.recipient} ({self.channel})"


class DigestLedger(TimeStampedModel):
    """The weekly digest to the provincial office, once per week, recipient and channel."""

    week = models.CharField(_("tuần"), max_length=8, help_text="2026-W48")
    recipient = models.CharField(_("người nhận"), max_length=254)
    channel = models.CharField(_("kênh"), max_length=8, choices=ReminderLedger.Channel.choices)
    outbox = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="digest"
    )
    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="digest"
    )

    class Meta:
        verbose_name = _("bản tin tuần")
        verbose_name_plural = _("bản tin tuần")
        constraints = [
            models.UniqueConstraint(fields=["week", "recipient", "channel"], name="digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.week} → {self.recipient}"
