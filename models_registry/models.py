"""The registry of "tự quản, tự phòng ngừa, tự bảo vệ ANTT" models: records, sites, reviews,
ratings, replication, recognition and retirement (DOMAIN.md §5).

Counts for a past date are computed from the dated facts kept here (start, retirement,
recognition, site start and end), never from a current status alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel
from directives.models import Document
from organizations.models import AdministrativeUnit, Organization


class ModelCategory(TimeStampedModel):
    """A field of models (lĩnh vực mô hình), a list the administrator keeps."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lĩnh vực mô hình")
        verbose_name_plural = _("lĩnh vực mô hình")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LaunchLevel(TimeStampedModel):
    """Who launched a model, as the province reports it (cấp phát động), e.g. "Tỉnh ủy"."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên cấp"), max_length=200, unique=True)
    # The words after "n mô hình" in the year-end sentence: "do Tỉnh ủy phát động".
    phrase = models.CharField(_("cụm từ trong báo cáo"), max_length=250)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cấp phát động")
        verbose_name_plural = _("cấp phát động")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SecurityModel(TimeStampedModel):
    """A self-management model (mô hình tự quản, tự phòng ngừa, tự bảo vệ ANTT)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        RETIRED = "retired", _("Đã thanh loại")

    name = models.CharField(_("tên mô hình"), max_length=250)
    category = models.ForeignKey(
        ModelCategory, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="models"
    )
    launch_level = models.ForeignKey(
        LaunchLevel, verbose_name=_("cấp phát động"), on_delete=models.PROTECT,
        related_name="models",
    )  # fmt: skip
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn quản lý"),
        on_delete=models.PROTECT,
        related_name="security_models",
        help_text=_("Đơn vị hành chính nơi mô hình được xây dựng và quản lý."),
    )
    launching_organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan phát động"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="launched_models",
    )  # fmt: skip
    managing_organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan quản lý"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="managed_models",
    )  # fmt: skip
    started_on = models.DateField(_("ngày ra mắt, bắt đầu hoạt động"))
    founding_decision = models.ForeignKey(
        Document, verbose_name=_("quyết định thành lập (trong sổ văn bản)"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="founded_models",
    )  # fmt: skip
    founding_number_symbol = models.CharField(
        _("số, ký hiệu quyết định thành lập"), max_length=60, blank=True
    )
    founding_date = models.DateField(_("ngày quyết định thành lập"), null=True, blank=True)
    contacts = models.TextField(_("người liên hệ"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    goals = models.TextField(_("mục tiêu"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    replication_recommended_on = models.DateField(
        _("ngày đề xuất nhân rộng"), null=True, blank=True
    )
    replication_recommended_to = models.CharField(
        _("đề xuất nhân rộng tới"), max_length=200, blank=True, help_text=_("Ví dụ: Bộ Công an.")
    )
    recognized_on = models.DateField(_("ngày công nhận điển hình tiên tiến"), null=True, blank=True)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=200, blank=True)
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=200, blank=True)
    retired_on = models.DateField(_("ngày thanh loại"), null=True, blank=True)
    retirement_reason = models.TextField(_("lý do thanh loại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="security_model_unique_name"),
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=F("started_on")),
                name="security_model_retired_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(status="retired") & Q(retired_on__isnull=False))
                | (Q(status="active") & Q(retired_on__isnull=True)),
                name="security_model_status_matches_retirement",
            ),
        ]
        indexes = [
            models.Index(fields=["started_on", "retired_on"], name="secmodel_dates_idx"),
            models.Index(fields=["status"], name="secmodel_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.status == self.Status.RETIRED

    @property
    def is_exemplary(self) -> bool:
        return self.recognized_on is not None

    @property
    def founding_label(self) -> str:
        if self.founding_decision_id:
            return str(self.founding_decision)
        return self.founding_number_symbol


class ModelSite(TimeStampedModel):
    """A replication site (điểm nhân rộng): one area where the model runs, with its teams."""

    model = models.ForeignKey(
        SecurityModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="sites"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT,
        related_name="model_sites",
    )  # fmt: skip
    place = models.CharField(
        _("khu dân cư, cơ quan"), max_length=200, blank=True, help_text=_("Thôn, tổ dân phố…")
    )
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    teams = models.PositiveIntegerField(_("số tổ"), default=1)
    members = models.PositiveIntegerField(_("số thành viên"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm nhân rộng")
        verbose_name_plural = _("điểm nhân rộng")
        ordering = ["model", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "unit", "place", "started_on"], name="model_site_unique"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="model_site_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"], name="modelsite_dates_idx")]

    def __str__(self) -> str:
        return f"{self.model} — {self.place or self.unit}"


class ModelReview(TimeStampedModel):
    """An interim or final review of a model (sơ kết, tổng kết)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    class Assessment(models.TextChoices):
        EFFECTIVE = "effective", _("Hoạt động hiệu quả")
        FORMAL = "formal", _("Hoạt động hình thức")
        INEFFECTIVE = "ineffective", _("Không hiệu quả")

    model = models.ForeignKey(
        SecurityModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    reviewed_on = models.DateField(_("ngày sơ kết, tổng kết"))
    reviewing_organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan sơ kết, tổng kết"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="model_reviews",
    )  # fmt: skip
    assessment = models.CharField(_("đánh giá"), max_length=12, choices=Assessment.choices)
    findings = models.TextField(_("kết quả, nhận xét"), blank=True)
    attachment = models.FileField(
        _("tệp đính kèm"), upload_to="mo-hinh/so-ket/%Y/", blank=True, max_length=255
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["model", "-reviewed_on"]
        indexes = [models.Index(fields=["model", "reviewed_on"], name="modelreview_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reviewed_on:%d/%m/%Y}"


class ModelRating(TimeStampedModel):
    """A model's yearly rating (xếp loại)."""

    class Grade(models.TextChoices):
        # ⚠ The levels are not fixed by the guidance we read; adjust when the province rules.
        GOOD = "good", _("Tốt")
        FAIR = "fair", _("Khá")
        AVERAGE = "average", _("Trung bình")
        WEAK = "weak", _("Yếu")

    model = models.ForeignKey(
        SecurityModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    grade = models.CharField(_("xếp loại"), max_length=10, choices=Grade.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xếp loại mô hình")
        verbose_name_plural = _("xếp loại mô hình")
        ordering = ["model", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="model_rating_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_grade_display()}"
