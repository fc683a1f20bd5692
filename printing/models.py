"""Official PDFs: who signs for an organization, issued PDFs on record, batch printing.

The app knows nothing of the documents it prints: a caller names its source by a label and an
id ("directives.document", 42) and hands over the data snapshot the PDF was made from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel
from organizations.models import Organization


class SigningIdentity(TimeStampedModel):
    """How an organization signs (chữ ký số của cơ quan): its key file and its seal image.

    The PKCS#12 file and its passphrase live in PRINTING_KEYS_DIR as <key_name>.p12 and
    <key_name>.pass, never in the database or the repository.
    """

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="signing_identity",
    )
    key_name = models.SlugField(
        _("tên tệp khóa"),
        max_length=80,
        help_text=_("Tệp <tên>.p12 và <tên>.pass trong thư mục khóa ký số của máy chủ."),
    )
    seal_image = models.ImageField(_("ảnh con dấu"), upload_to="con-dau/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chữ ký số của cơ quan")
        verbose_name_plural = _("chữ ký số của cơ quan")

    def __str__(self) -> str:
        return str(self.organization)


class SignatureImage(TimeStampedModel):
    """A signer's handwritten signature image (ảnh chữ ký), placed in signed PDFs."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.CASCADE,
        related_name="signature_image",
    )
    image = models.ImageField(_("ảnh chữ ký"), upload_to="chu-ky/")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ảnh chữ ký")
        verbose_name_plural = _("ảnh chữ ký")

    def __str__(self) -> str:
        return str(self.person)


class IssuedPdf(TimeStampedModel):
    """A PDF the portal issued (bản PDF phát hành): frozen, hashed and verifiable by its code."""

    code = models.CharField(_("mã xác thực"), max_length=16, unique=True)
    source_label = models.CharField(_("loại nguồn"), max_length=60)
    source_id = models.PositiveBigIntegerField(_("mã nguồn"))
    title = models.CharField(_("tên văn bản"), max_length=300)
    version = models.PositiveIntegerField(_("lần phát hành"))
    file = models.FileField(_("tệp PDF"), upload_to="ban-phat-hanh/%Y/", max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    snapshot = models.JSONField(_("dữ liệu tại thời điểm phát hành"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    signing_organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan ký"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản PDF phát hành")
        verbose_name_plural = _("bản PDF phát hành")
        ordering = ["source_label", "source_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_label", "source_id", "version"], name="issued_pdf_unique_version"
            ),
        ]
        indexes = [
            models.Index(fields=["source_label", "source_id"], name="issued_pdf_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {_('lần')} {self.version}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class PrintBatch(TimeStampedModel):
    """Many PDFs printed at once in the background (in hàng loạt), delivered as one ZIP."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang in")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    label = models.CharField(_("tên đợt in"), max_length=200)
    # A dotted path to the caller's function that issues one PDF for one id; printing does not
    # import the caller's models.
    printer = models.CharField(_("hàm in"), max_length=200)
    item_ids = models.JSONField(_("danh sách cần in"), default=list)
    sign = models.BooleanField(_("ký số"), default=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    done_count = models.PositiveIntegerField(_("đã in"), default=0)
    failures = models.JSONField(_("lỗi"), default=list, blank=True)
    issued = models.ManyToManyField(IssuedPdf, verbose_name=_("bản đã in"), blank=True)
    zip_file = models.FileField(_("tệp ZIP"), upload_to="in-hang-loat/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt in hàng loạt")
        verbose_name_plural = _("đợt in hàng loạt")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def total(self) -> int:
        return len(self.item_ids)

    @property
    def percent(self) -> int:
        return (
            round(100 * (self.done_count + len(self.failures)) / self.total) if self.total else 100
        )
