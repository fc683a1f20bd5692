"""Directives, conclusion notices and plans, their tasks, progress and citations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel
from organizations.models import Organization


class Document(TimeStampedModel):
    """A directive, notice, plan or other official document (văn bản chỉ đạo)."""

    class System(models.TextChoices):
        STATE = "state", _("Văn bản hành chính nhà nước (NĐ 30/2020)")
        PARTY = "party", _("Văn bản của Đảng (HD 36-HD/VPTW)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Ban hành")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Bị thay thế")

    class Urgency(models.TextChoices):
        NORMAL = "", _("Thường")
        URGENT = "khan", _("Khẩn")
        VERY_URGENT = "thuong_khan", _("Thượng khẩn")
        FLASH = "hoa_toc", _("Hỏa tốc")

    class Secrecy(models.TextChoices):
        NONE = "", _("Không mật")
        SECRET = "mat", _("Mật")
        TOP_SECRET = "toi_mat", _("Tối mật")
        MOST_SECRET = "tuyet_mat", _("Tuyệt mật")

    system = models.CharField(_("hệ thống văn bản"), max_length=8, choices=System.choices)
    type_code = models.CharField(
        _("mã loại văn bản"), max_length=8, blank=True, help_text=_("CT, TB, KH, KL, QĐ…")
    )
    type_name = models.CharField(_("loại văn bản"), max_length=80)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, db_index=True)
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=200, blank=True)
    parent_issuer_name = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issue_year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    body_html = models.TextField(_("nội dung"), blank=True)
    body_sections = models.JSONField(_("cấu trúc nội dung"), default=list, blank=True)
    authority = models.CharField(_("thẩm quyền ký"), max_length=8, blank=True)
    authority_body = models.CharField(
        _("tập thể/người đứng đầu ký thay"),
        max_length=120,
        blank=True,
        help_text=_("Phần sau TM./KT./TL., ví dụ «ỦY BAN NHÂN DÂN», «CHỦ TỊCH», «BAN THƯỜNG VỤ»."),
    )
    position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    archive_line = models.CharField(_("nơi lưu"), max_length=200, blank=True)
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default="", blank=True
    )
    secrecy = models.CharField(
        _("độ mật"), max_length=12, choices=Secrecy.choices, default="", blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("văn bản thay thế"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    original_file = models.FileField(
        _("tệp gốc"), upload_to="van-ban/%Y/", blank=True, max_length=255
    )
    # A document known only because another one cites it; staff complete it later.
    is_stub = models.BooleanField(_("chưa đăng ký đầy đủ"), default=False)
    # Number, summary and body without diacritics (kept in sync by the services) for search
    # that works with and without marks on every database.
    search_document = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)
    # The same text as a PostgreSQL tsvector (GIN-indexed); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_document", "search_vector"])

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issue_date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_symbol", "issue_year"],
                condition=Q(issuer__isnull=False) & ~Q(number_symbol=""),
                name="document_unique_number_per_issuer_year",
            ),
            models.CheckConstraint(
                condition=Q(secrecy="") | Q(body_html=""),
                name="document_secret_has_no_content",
            ),
        ]
        indexes = [
            models.Index(fields=["issue_year", "type_code"], name="document_year_type_idx"),
            models.Index(fields=["status"], name="document_status_idx"),
        ]

    def __str__(self) -> str:
        label = f"{self.type_name} {self.number_symbol}".strip()
        return label or str(_("Văn bản chưa có số"))

    @property
    def is_party(self) -> bool:
        return self.system == self.System.PARTY

    @property
    def issuer_label(self) -> str:
        return self.issuer.name if self.issuer_id else self.issuer_name


class DocumentRecipient(models.Model):
    """A line of "Nơi nhận": who receives the document, and why."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="recipients"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("nơi nhận"), max_length=250)
    purpose = models.CharField(_("mục đích"), max_length=60, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_documents",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["document", "order"]

    def __str__(self) -> str:
        return f"{self.name} ({self.purpose})" if self.purpose else self.name


class DocumentCitation(TimeStampedModel):
    """A reference from one document to another (trích dẫn), typed where known."""

    class Relation(models.TextChoices):
        CITES = "cites", _("Căn cứ, trích dẫn")
        IMPLEMENTS = "implements", _("Triển khai thực hiện")
        REVIEWS = "reviews", _("Sơ kết, tổng kết")
        REPLACES = "replaces", _("Thay thế")
        AMENDS = "amends", _("Sửa đổi, bổ sung")

    citing = models.ForeignKey(
        Document,
        verbose_name=_("văn bản trích dẫn"),
        on_delete=models.CASCADE,
        related_name="citations",
    )
    cited = models.ForeignKey(
        Document,
        verbose_name=_("văn bản được trích dẫn"),
        on_delete=models.CASCADE,
        related_name="cited_by",
    )
    relation = models.CharField(
        _("quan hệ"), max_length=12, choices=Relation.choices, default=Relation.CITES
    )
    cited_text = models.CharField(_("trích dẫn nguyên văn"), max_length=400, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trích dẫn")
        verbose_name_plural = _("trích dẫn")
        constraints = [
            models.UniqueConstraint(fields=["citing", "cited"], name="citation_unique_pair"),
            models.CheckConstraint(
                condition=~Q(citing=models.F("cited")), name="citation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citing} → {self.cited}"


class DocumentTask(TimeStampedModel):
    """A numbered item of a document that assigns work (nhiệm vụ)."""

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Hạn cụ thể")
        YEARLY = "yearly", _("Hằng năm")
        PERIODIC = "periodic", _("Định kỳ")
        ONGOING = "ongoing", _("Thường xuyên")
        RELATIVE = "relative", _("Tính từ ngày ban hành")
        NONE = "none", _("Chưa xác định")

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nhiệm vụ"))
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    # The deadline's value as the contract writes it: "YYYY-MM-DD", "MM-DD", "half-year+year",
    # "P30D"; the occurrences computed from it are rows of TaskOccurrence.
    deadline_value = models.CharField(_("giá trị thời hạn"), max_length=40, blank=True)
    deadline_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=200, blank=True)
    # The bodies as the text names them, kept beside the matched organizations so that a
    # name the register does not know yet is never lost.
    lead_names = models.CharField(_("chủ trì (nguyên văn)"), max_length=500, blank=True)
    coordinating_names = models.CharField(_("phối hợp (nguyên văn)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "order"]

    def __str__(self) -> str:
        prefix = f"{self.number}. " if self.number else ""
        return prefix + (self.text[:80] + "…" if len(self.text) > 80 else self.text)

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind in (self.DeadlineKind.YEARLY, self.DeadlineKind.PERIODIC)


class TaskAssignment(TimeStampedModel):
    """An organization's part in a task: lead (chủ trì) or coordinating (phối hợp)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    task = models.ForeignKey(
        DocumentTask,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="task_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công nhiệm vụ")
        verbose_name_plural = _("phân công nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}: {self.task}"


class TaskOccurrence(TimeStampedModel):
    """One deadline an assignee must meet (kỳ thực hiện); a recurring task has one per period."""

    class Status(models.TextChoices):
        DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")
        IN_PROGRESS = "in_progress", _("Đang thực hiện, trong hạn")
        OVERDUE = "overdue", _("Quá hạn")

    assignment = models.ForeignKey(
        TaskAssignment,
        verbose_name=_("phân công"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    # Null for an ongoing task (thường xuyên): it has no deadline and is never overdue.
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    period_label = models.CharField(_("kỳ"), max_length=40, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ thực hiện nhiệm vụ")
        verbose_name_plural = _("kỳ thực hiện nhiệm vụ")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "due_date"],
                name="occurrence_unique_due",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["due_date", "completed_on"], name="occurrence_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.period_label or self.due_date or ''}"


class TaskProgress(TimeStampedModel):
    """A dated progress report on an occurrence, with an optional attachment (báo cáo tiến độ)."""

    occurrence = models.ForeignKey(
        TaskOccurrence,
        verbose_name=_("kỳ thực hiện"),
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    text = models.TextField(_("nội dung"))
    completes = models.BooleanField(_("đánh dấu hoàn thành"), default=False)
    attachment = models.FileField(
        _("tệp đính kèm"), upload_to="tien-do/%Y/", blank=True, max_length=255
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ")
        verbose_name_plural = _("tiến độ nhiệm vụ")
        ordering = ["-reported_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.text[:60]}"
