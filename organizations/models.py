"""Administrative units across the 2025 reform, organizations, people, roles and scope."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq_portal.models import TimeStampedModel

# The day the two-level local government (tỉnh – xã) took effect (NQ 202/2025/QH15).
REFORM_2025_DATE = datetime.date(2025, 7, 1)


class AdministrativeUnit(TimeStampedModel):
    """An administrative unit (đơn vị hành chính): province, district or commune, in one era."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")

    class Era(models.TextChoices):
        LEGACY = "legacy", _("Trước 01/7/2025 (63 tỉnh, có cấp huyện)")
        REFORM_2025 = "2025", _("Từ 01/7/2025 (34 tỉnh, chính quyền hai cấp)")

    era = models.CharField(_("giai đoạn"), max_length=8, choices=Era.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    unit_type = models.CharField(
        _("loại"), max_length=40, help_text=_("Tỉnh, Thành phố, Huyện, Quận, Xã, Phường…")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path "<era>/<province>/<district>/<commune>" so that a subtree is one
    # indexed prefix filter, whatever its depth.
    path = models.CharField(_("đường dẫn"), max_length=64, unique=True, db_index=True)
    # Name without diacritics, lower case, so search works with and without marks.
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=240, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["era", "level", "code"], name="unit_unique_code_in_era"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["era", "level"], name="unit_era_level_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_legacy(self) -> bool:
        return self.era == self.Era.LEGACY

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(TimeStampedModel):
    """A link from a unit to one that took over (part of) its area (sáp nhập, chia tách)."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị trước"),
        on_delete=models.CASCADE,
        related_name="succession_links_out",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.CASCADE,
        related_name="succession_links_in",
    )
    effective_date = models.DateField(_("ngày hiệu lực"), default=REFORM_2025_DATE)
    # When an old commune was split, one of the new ones is named its main successor.
    is_main = models.BooleanField(_("kế thừa chính"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Organization(TimeStampedModel):
    """An organization (cơ quan, tổ chức) attached to an administrative unit."""

    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "committee", _("Ban Chỉ đạo 138")
        POLICE = "police", _("Công an")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        FRONT = "front", _("Mặt trận Tổ quốc")
        MASS_ORGANIZATION = "mass_organization", _("Đoàn thể")
        CENTRAL_BODY = "central_body", _("Cơ quan Trung ương")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại tổ chức"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Để trống với cơ quan Trung ương."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan chủ quản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    document_series_code = models.CharField(
        _("ký hiệu sổ văn bản"),
        max_length=30,
        blank=True,
        help_text=_("Ký hiệu riêng trong số, ký hiệu văn bản, ví dụ BCĐ, UBND, CAT."),
    )
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=400, blank=True, db_index=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"], name="organization_unique_name_in_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_committee(self) -> bool:
        return self.kind == self.Kind.STEERING_COMMITTEE


class User(AbstractUser):
    """A person who uses the portal (cán bộ), with their profile."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan công tác"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(TimeStampedModel):
    """A role a person holds (vai trò), bound to an organization and a subtree of units."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Quản trị hệ thống")
        STANDING_STAFF = "standing_staff", _("Cán bộ thường trực")
        COMMITTEE = "committee", _("Ban Chỉ đạo cấp huyện/xã")
        AGENCY = "agency", _("Sở, ngành, đoàn thể")
        LEADER = "leader", _("Lãnh đạo")

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    scope_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("phạm vi địa bàn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("Để trống: toàn quốc (chỉ dành cho quản trị hệ thống)."),
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization", "scope_unit"],
                name="role_assignment_unique",
            ),
            models.CheckConstraint(
                condition=Q(role="admin") | Q(scope_unit__isnull=False),
                name="role_assignment_scope_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class CommitteeMembership(TimeStampedModel):
    """A person's seat in a steering committee (thành viên Ban Chỉ đạo)."""

    class CommitteeRole(models.TextChoices):
        HEAD = "head", _("Trưởng ban")
        STANDING_DEPUTY = "standing_deputy", _("Phó Trưởng ban thường trực")
        DEPUTY = "deputy", _("Phó Trưởng ban")
        MEMBER = "member", _("Ủy viên")
        SUPPORT_TEAM = "support_team", _("Tổ giúp việc")

    committee = models.ForeignKey(
        Organization,
        verbose_name=_("Ban Chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": Organization.Kind.STEERING_COMMITTEE},
    )
    person = models.ForeignKey(
        User, verbose_name=_("thành viên"), on_delete=models.CASCADE, related_name="memberships"
    )
    committee_role = models.CharField(
        _("chức danh trong Ban"), max_length=20, choices=CommitteeRole.choices
    )
    home_organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan cử tham gia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_memberships",
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Ban Chỉ đạo")
        verbose_name_plural = _("thành viên Ban Chỉ đạo")
        ordering = ["committee", "committee_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "committee_role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_committee_role_display()}, {self.committee}"
