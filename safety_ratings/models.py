""" "An toàn về an ninh, trật tự" recognition (DOMAIN.md §6): the rated units, the criteria
each regulation version sets, the yearly assessment of a unit from registration to the
decision, and the recognition decisions that grant it.

A rating is a legal decision: each assessment keeps its criteria checklist with the self
and appraised verdicts, its evidence, and the decision (number/symbol) that recognised it.
Rates are computed from these rows, never typed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel
from directives.models import Document
from organizations.models import REFORM_2025_DATE, AdministrativeUnit, Organization

month_day_validator = RegexValidator(
    r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", _("Nhập ngày dạng MM-DD, ví dụ 10-31.")
)


class UnitKind(models.TextChoices):
    """The five kinds of rated unit; the values are the `ratings_summary --json` contract."""

    RESIDENTIAL_AREA = "khu_dan_cu", _("khu dân cư")
    COMMUNE = "xa", _("xã, phường, thị trấn")
    AGENCY = "co_quan", _("cơ quan")
    ENTERPRISE = "doanh_nghiep", _("doanh nghiệp")
    SCHOOL = "co_so_giao_duc", _("cơ sở giáo dục")


def month_day_in(year: int, month_day: str) -> datetime.date:
    month, day = (int(part) for part in month_day.split("-"))
    if (month, day) == (2, 29):
        # A window ending on 29/02 ends on 28/02 in common years.
        day = 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return datetime.date(year, month, day)


class CriteriaVersion(TimeStampedModel):
    """The criteria a regulation sets for one kind of unit (bộ tiêu chí theo văn bản quy định),
    e.g. TT 124/2021/TT-BCA for residential areas. The administrator adds the next one."""

    class DecidingLevel(models.IntegerChoices):
        PROVINCE = AdministrativeUnit.Level.PROVINCE, _("Chủ tịch UBND cấp tỉnh")
        DISTRICT = AdministrativeUnit.Level.DISTRICT, _("Chủ tịch UBND cấp huyện")
        COMMUNE = AdministrativeUnit.Level.COMMUNE, _("Chủ tịch UBND cấp xã")

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    code = models.SlugField(_("mã bộ tiêu chí"), max_length=40, unique=True)
    regulation = models.CharField(
        _("văn bản quy định"), max_length=200, help_text=_("Ví dụ: Thông tư 124/2021/TT-BCA.")
    )
    regulation_document = models.ForeignKey(
        Document, verbose_name=_("văn bản trong sổ"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="criteria_versions",
    )  # fmt: skip
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    # The evaluation window of year Y ends on window_end in Y; it starts on window_start in Y,
    # or in Y-1 when window_start falls after window_end (01/11 → 31/10).
    window_start = models.CharField(
        _("kỳ đánh giá bắt đầu (MM-DD)"), max_length=5, validators=[month_day_validator]
    )
    window_end = models.CharField(
        _("kỳ đánh giá kết thúc (MM-DD)"), max_length=5, validators=[month_day_validator]
    )
    registration_deadline = models.CharField(
        _("hạn đăng ký (MM-DD)"), max_length=5, default="03-31", validators=[month_day_validator]
    )
    classification_deadline = models.CharField(
        _("hạn phân loại, đề nghị công nhận (MM-DD)"), max_length=5, default="11-30",
        validators=[month_day_validator],
    )  # fmt: skip
    deciding_level = models.PositiveSmallIntegerField(
        _("cấp quyết định công nhận"), choices=DecidingLevel.choices
    )
    appraising_body = models.CharField(
        _("cơ quan thẩm định"), max_length=200, default="Công an cấp xã"
    )
    max_points = models.PositiveSmallIntegerField(
        _("tổng điểm chuẩn"), null=True, blank=True,
        help_text=_("Để trống khi văn bản không chấm điểm; 100 với phiếu chấm của QĐ 510."),
    )  # fmt: skip
    min_households_registered = models.DecimalField(
        _("tỷ lệ hộ gia đình đăng ký tối thiểu (%)"), max_digits=5, decimal_places=2,
        default=Decimal("100"), validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    min_units_registered = models.DecimalField(
        _("tỷ lệ đơn vị trực thuộc đăng ký tối thiểu (%)"), max_digits=5, decimal_places=2,
        default=Decimal("100"), validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    min_units_recognised = models.DecimalField(
        _("tỷ lệ đơn vị trực thuộc được công nhận tối thiểu (%)"), max_digits=5,
        decimal_places=2, default=Decimal("70"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "effective_from"], name="criteria_version_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="criteria_version_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} — {self.get_kind_display()}"

    def window_for(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The evaluation window of `year` (kỳ đánh giá)."""
        end = month_day_in(year, self.window_end)
        start_year = year - 1 if self.window_start > self.window_end else year
        return month_day_in(start_year, self.window_start), end


class Criterion(TimeStampedModel):
    """One criterion of a version (tiêu chí), with its points where the regulation scores.

    A criterion with a rule is computed by the portal, never typed: the households
    registered in a residential area, and for a commune the share of its units registered
    and recognised.
    """

    class Rule(models.TextChoices):
        NONE = "", _("Đánh giá theo hồ sơ")
        HOUSEHOLDS_REGISTERED = "households_registered", _("Tính từ đăng ký của khu dân cư")
        UNITS_REGISTERED = "units_registered", _("Tính từ số đơn vị trực thuộc đã đăng ký")
        UNITS_RECOGNISED = "units_recognised", _("Tính từ số đơn vị trực thuộc được công nhận")

    version = models.ForeignKey(
        CriteriaVersion, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE,
        related_name="criteria",
    )  # fmt: skip
    number = models.CharField(_("số thứ tự"), max_length=10, help_text=_("Ví dụ: 1, 2, 3.a."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung tiêu chí"))
    points = models.PositiveSmallIntegerField(_("điểm chuẩn"), null=True, blank=True)
    rule = models.CharField(
        _("cách xác định"), max_length=30, choices=Rule.choices, default=Rule.NONE, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="criterion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def is_computed(self) -> bool:
        return bool(self.rule)


class RatedUnit(TimeStampedModel):
    """A unit rated each year (đơn vị được đánh giá): a residential area, a commune, an agency,
    an enterprise or a school, under a commune, with validity dates.

    Only units TT 124/2021 allows are kept (no armed-forces units, small or micro
    enterprises, primary schools, kindergartens or nurseries); the services explain a refusal
    and the database refuses the rest. `commune` is the latest commune the unit belongs to;
    `legacy_commune` is the commune before 1/7/2025 of a unit that crossed the reform.
    """

    class LocalType(models.TextChoices):
        THON = "thon", _("Thôn")
        LANG = "lang", _("Làng")
        BAN = "ban", _("Bản")
        AP = "ap", _("Ấp")
        BUON = "buon", _("Buôn")
        PHUM = "phum", _("Phum")
        SOC = "soc", _("Sóc")
        KHOM = "khom", _("Khóm")
        TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
        KHU_PHO = "khu_pho", _("Khu phố")
        KHOI = "khoi", _("Khối")
        OTHER = "khac", _("Đơn vị tương đương khác")

    class EnterpriseSize(models.TextChoices):
        MICRO = "micro", _("Siêu nhỏ")
        SMALL = "small", _("Nhỏ")
        MEDIUM = "medium", _("Vừa")
        LARGE = "large", _("Lớn")

    class EducationLevel(models.TextChoices):
        NURSERY = "nha_tre", _("Nhà trẻ")
        KINDERGARTEN = "mam_non", _("Mầm non, mẫu giáo")
        PRIMARY = "tieu_hoc", _("Tiểu học")
        LOWER_SECONDARY = "thcs", _("Trung học cơ sở")
        UPPER_SECONDARY = "thpt", _("Trung học phổ thông")
        MULTI_LEVEL = "nhieu_cap", _("Nhiều cấp học (từ THCS)")
        CONTINUING = "gdtx", _("Giáo dục thường xuyên")
        VOCATIONAL = "nghe_nghiep", _("Giáo dục nghề nghiệp")
        HIGHER = "dai_hoc", _("Cao đẳng, đại học")

    INELIGIBLE_SIZES = (EnterpriseSize.MICRO, EnterpriseSize.SMALL)
    INELIGIBLE_LEVELS = (EducationLevel.NURSERY, EducationLevel.KINDERGARTEN,
                         EducationLevel.PRIMARY)  # fmt: skip

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("tên đơn vị"), max_length=250)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=300, db_index=True, editable=False)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT,
        related_name="rated_units",
    )  # fmt: skip
    legacy_commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường, thị trấn trước 01/7/2025"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="legacy_rated_units",
    )  # fmt: skip
    # For the commune kind: the administrative unit rated (it is also `commune`).
    administrative_unit = models.OneToOneField(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính được đánh giá"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="rated_unit",
    )  # fmt: skip
    local_type = models.CharField(
        _("loại khu dân cư"), max_length=12, choices=LocalType.choices, blank=True
    )
    enterprise_size = models.CharField(
        _("quy mô doanh nghiệp"), max_length=8, choices=EnterpriseSize.choices, blank=True
    )
    education_level = models.CharField(
        _("cấp học"), max_length=12, choices=EducationLevel.choices, blank=True
    )
    is_armed_forces = models.BooleanField(_("thuộc lực lượng vũ trang"), default=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức trong danh bạ"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="rated_units",
    )  # fmt: skip
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    households = models.PositiveIntegerField(_("số hộ gia đình"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị được đánh giá")
        verbose_name_plural = _("đơn vị được đánh giá")
        ordering = ["kind", "name", "pk"]
        indexes = [
            models.Index(fields=["commune", "kind"], name="rated_unit_commune_kind"),
            models.Index(fields=["legacy_commune", "kind"], name="rated_unit_legacy_kind"),
        ]
        # The size and level values are spelled out: Meta cannot see the nested choices.
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="rated_unit_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind=UnitKind.AGENCY, is_armed_forces=True),
                name="rated_unit_no_armed_forces",
            ),
            models.CheckConstraint(
                condition=~Q(kind=UnitKind.ENTERPRISE) | Q(enterprise_size__in=["medium", "large"]),
                name="rated_unit_enterprise_medium_or_large",
            ),
            models.CheckConstraint(
                condition=~Q(kind=UnitKind.SCHOOL)
                | (
                    ~Q(education_level__in=["nha_tre", "mam_non", "tieu_hoc"])
                    & ~Q(education_level="")
                ),
                name="rated_unit_school_level_eligible",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=~Q(kind=UnitKind.RESIDENTIAL_AREA) | ~Q(local_type=""),
                name="rated_unit_area_has_local_type",
            ),
            models.CheckConstraint(
                condition=~Q(kind=UnitKind.COMMUNE) | Q(administrative_unit=F("commune")),
                name="rated_unit_commune_is_itself",
            ),
            models.UniqueConstraint(
                fields=["commune", "kind", "name", "valid_from"], name="rated_unit_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def commune_on(self, day: datetime.date) -> int:
        """The id of the commune the unit was under on `day` (the era of that day)."""
        if day < REFORM_2025_DATE and self.legacy_commune_id:
            return self.legacy_commune_id
        return self.commune_id

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


EnterpriseSize = RatedUnit.EnterpriseSize
EducationLevel = RatedUnit.EducationLevel


class RecognitionDecision(TimeStampedModel):
    """A decision recognising units as "An toàn về ANTT" for a year (quyết định công nhận),
    listing its units in an annex. Linked to the register when the decision is registered."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )  # fmt: skip
    deciding_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn của cấp quyết định"), on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )  # fmt: skip
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=10, blank=True, help_text=_("Ví dụ: TM., KT.")
    )
    document = models.ForeignKey(
        Document, verbose_name=_("văn bản trong sổ"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="recognition_decisions",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_symbol", "decided_on"],
                name="recognition_decision_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number_symbol


class Assessment(TimeStampedModel):
    """One unit's assessment for one year (đánh giá, phân loại "An toàn về ANTT" hằng năm).

    registered → self_assessed → appraised → recognised | not_recognised; the appraisal may
    return it to the unit (returned → self_assessed again); a recognition may be revoked.
    `kind` and `commune` are copied from the unit when it registers, so a year's rates read
    the commune of that year's era without following the unit's later moves.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPRAISED = "appraised", _("Đã thẩm định")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
        REVOKED = "revoked", _("Bị thu hồi công nhận")

    FINAL_STATUSES = (Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED)

    rated_unit = models.ForeignKey(
        RatedUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường trong năm"), on_delete=models.PROTECT,
        related_name="safety_assessments",
    )  # fmt: skip
    criteria_version = models.ForeignKey(
        CriteriaVersion, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT,
        related_name="assessments",
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    # Registration in Quý I.
    registered_on = models.DateField(_("ngày đăng ký"))
    party_resolution = models.CharField(
        _("nghị quyết của chi bộ, cấp ủy"), max_length=250, blank=True,
        help_text=_("Số, ngày nghị quyết đăng ký phấn đấu đạt tiêu chuẩn."),
    )  # fmt: skip
    households_total = models.PositiveIntegerField(_("tổng số hộ"), null=True, blank=True)
    households_registered = models.PositiveIntegerField(_("số hộ đăng ký"), null=True, blank=True)
    # Self-assessment, appraisal, decision.
    self_assessed_on = models.DateField(_("ngày tự đánh giá"), null=True, blank=True)
    self_score = models.DecimalField(
        _("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    appraising_organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan thẩm định"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="appraised_assessments",
    )  # fmt: skip
    appraised_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    decision = models.ForeignKey(
        RecognitionDecision, verbose_name=_("quyết định công nhận"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="assessments",
    )  # fmt: skip
    decided_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    not_recognised_reason = models.TextField(_("lý do không công nhận"), blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revocation_document = models.CharField(
        _("quyết định thu hồi (số, ký hiệu)"), max_length=60, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá hằng năm")
        verbose_name_plural = _("đánh giá hằng năm")
        ordering = ["-year", "rated_unit__name", "pk"]
        indexes = [
            models.Index(fields=["year", "commune", "kind", "status"], name="assessment_rates"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rated_unit", "year"], name="assessment_one_per_unit_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="recognised") | Q(decision__isnull=False),
                name="assessment_recognised_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(households_registered__isnull=True)
                | Q(households_total__isnull=True)
                | Q(households_registered__lte=F("households_total")),
                name="assessment_households_registered_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rated_unit} — {self.year}"

    @property
    def households_share(self) -> Decimal | None:
        if not self.households_total or self.households_registered is None:
            return None
        return Decimal(self.households_registered * 100) / Decimal(self.households_total)

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class CriterionResult(TimeStampedModel):
    """The verdict on one criterion of an assessment: the unit's own, then the appraiser's.

    The appraised verdict, once given, is the one that counts (`met`)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("đánh giá"), on_delete=models.CASCADE, related_name="results"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="results"
    )
    self_met = models.BooleanField(_("tự đánh giá đạt"), null=True, blank=True)
    self_score = models.DecimalField(
        _("điểm tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("minh chứng"), blank=True)
    appraised_met = models.BooleanField(_("thẩm định đạt"), null=True, blank=True)
    appraised_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="criterion_result_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.number}"

    @property
    def met(self) -> bool | None:
        return self.appraised_met if self.appraised_met is not None else self.self_met


class EvidenceFile(TimeStampedModel):
    """A file attached as evidence for a criterion (tài liệu minh chứng)."""

    result = models.ForeignKey(
        CriterionResult, verbose_name=_("kết quả tiêu chí"), on_delete=models.CASCADE,
        related_name="files",
    )  # fmt: skip
    file = models.FileField(_("tệp"), upload_to="minh-chung/%Y/", max_length=255)
    name = models.CharField(_("tên tệp"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
