"""Spreadsheets of the registry (django-import-export): columns and cleaning only.

Rows are written through the services (save_instance), so an imported row meets the same
rules as a typed one; the import view runs a dry run first and commits all or nothing.
Lookups (units, models, organizations) stay inside the importing user's scope.
"""

from __future__ import annotations

import datetime

from import_export import fields, resources, widgets

from organizations.models import AdministrativeUnit
from organizations.permissions import organizations_visible_to

from .models import LaunchLevel, ModelCategory, ModelReview, ModelSite, SecurityModel
from .permissions import models_editable_by, units_for_models
from .services.activity import review_record, site_add
from .services.models import model_create

DATE_FORMAT = "%d/%m/%Y"


class VietnameseDateWidget(widgets.DateWidget):
    """Dates as "19/03/2021" (also Excel dates and ISO "2021-03-19")."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and len(value.strip()) == 10 and value.strip()[4] == "-":
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(f"Ngày «{value}» không hợp lệ, hãy ghi dạng 19/03/2021.") from error


class RequiredDateWidget(VietnameseDateWidget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError("Thiếu ngày.")
        return super().clean(value, row, **kwargs)


class ScopedWidget(widgets.Widget):
    """A widget that looks rows up within the importing user's scope (set by the resource)."""

    user = None

    def __init__(self):
        super().__init__()


class UnitWidget(ScopedWidget):
    """A unit by its code (mã đơn vị hành chính), current era first."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if code.endswith(".0"):  # Excel turned the code into a number
            code = code[:-2]
        if not code:
            raise ValueError("Thiếu mã địa bàn.")
        unit = units_for_models(self.user).filter(code=code).order_by("era", "level").first()
        if unit is None:
            raise ValueError(f"Không có đơn vị mã «{code}» trong phạm vi của bạn.")
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class NamedWidget(widgets.Widget):
    """A row of a small list (category, launching level) by its name."""

    def __init__(self, model, what: str):
        super().__init__()
        self.model = model
        self.what = what

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            raise ValueError(f"Thiếu {self.what}.")
        found = self.model.objects.filter(name__iexact=name).first()
        if found is None:
            known = ", ".join(self.model.objects.values_list("name", flat=True)[:12])
            raise ValueError(f"Không có {self.what} «{name}». Dùng một trong: {known}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganizationWidget(ScopedWidget):
    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        found = organizations_visible_to(self.user).filter(name__iexact=name).first()
        if found is None:
            raise ValueError(f"Không có tổ chức «{name}» trong danh mục.")
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ModelWidget(ScopedWidget):
    """A model by its name, among those the user may change."""

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            raise ValueError("Thiếu tên mô hình.")
        matches = list(models_editable_by(self.user).filter(name__iexact=name)[:2])
        if not matches:
            raise ValueError(f"Không có mô hình «{name}» trong phạm vi của bạn.")
        if len(matches) > 1:
            raise ValueError(f"Có nhiều mô hình tên «{name}»; hãy nhập trên trang của mô hình.")
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ChoiceLabelWidget(widgets.Widget):
    """A TextChoices value written as its Vietnamese label."""

    def __init__(self, choices, what: str):
        super().__init__()
        self.choices = choices
        self.what = what

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip().lower()
        for choice_value, label in self.choices.choices:
            if key in (str(label).lower(), choice_value):
                return choice_value
        labels = ", ".join(str(label) for _v, label in self.choices.choices)
        raise ValueError(f"{self.what} «{value}» không hợp lệ: dùng {labels}.")

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class PositiveIntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError) as error:
            raise ValueError(f"«{value}» không phải số nguyên.") from error
        if number is not None and number < 0:
            raise ValueError("Không được âm.")
        return number or 0


class ScopedResource(resources.ModelResource):
    def __init__(self, *, user=None):
        super().__init__()
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedWidget):
                field.widget.user = user

    def get_instance(self, instance_loader, row):
        return None  # every row adds a new record; duplicates are refused by the services


class SecurityModelResource(ScopedResource):
    """The register: one row a model, Vietnamese headers."""

    name = fields.Field(attribute="name", column_name="Tên mô hình")
    category = fields.Field(attribute="category", column_name="Lĩnh vực",
                            widget=NamedWidget(ModelCategory, "lĩnh vực"))  # fmt: skip
    launch_level = fields.Field(attribute="launch_level", column_name="Cấp phát động",
                                widget=NamedWidget(LaunchLevel, "cấp phát động"))  # fmt: skip
    unit = fields.Field(attribute="unit", column_name="Mã địa bàn", widget=UnitWidget())
    unit_name = fields.Field(attribute="unit__name", column_name="Địa bàn", readonly=True)
    started_on = fields.Field(attribute="started_on", column_name="Ngày bắt đầu hoạt động",
                              widget=RequiredDateWidget())  # fmt: skip
    launching_organization = fields.Field(attribute="launching_organization",
                                          column_name="Cơ quan phát động",
                                          widget=OrganizationWidget())  # fmt: skip
    managing_organization = fields.Field(attribute="managing_organization",
                                         column_name="Cơ quan quản lý",
                                         widget=OrganizationWidget())  # fmt: skip
    founding_number_symbol = fields.Field(attribute="founding_number_symbol",
                                          column_name="Số, ký hiệu QĐ thành lập")  # fmt: skip
    founding_date = fields.Field(attribute="founding_date", column_name="Ngày QĐ thành lập",
                                 widget=VietnameseDateWidget())  # fmt: skip
    description = fields.Field(attribute="description", column_name="Mô tả")
    goals = fields.Field(attribute="goals", column_name="Mục tiêu")
    contacts = fields.Field(attribute="contacts", column_name="Người liên hệ")
    status = fields.Field(attribute="status", column_name="Trạng thái", readonly=True,
                          widget=ChoiceLabelWidget(SecurityModel.Status, "Trạng thái"))  # fmt: skip
    retired_on = fields.Field(attribute="retired_on", column_name="Ngày thanh loại",
                              readonly=True, widget=VietnameseDateWidget())  # fmt: skip

    class Meta:
        model = SecurityModel
        fields = (
            "name", "category", "launch_level", "unit", "unit_name", "started_on",
            "launching_organization", "managing_organization", "founding_number_symbol",
            "founding_date", "description", "goals", "contacts", "status", "retired_on",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False
        use_transactions = True

    def save_instance(self, instance, is_create, row, **kwargs):
        created = model_create(
            fields={
                "name": instance.name or "",
                "category": instance.category,
                "launch_level": instance.launch_level,
                "unit": instance.unit,
                "started_on": instance.started_on,
                "launching_organization": instance.launching_organization,
                "managing_organization": instance.managing_organization,
                "founding_number_symbol": instance.founding_number_symbol or "",
                "founding_date": instance.founding_date,
                "description": instance.description or "",
                "goals": instance.goals or "",
                "contacts": instance.contacts or "",
            },
            by=self.user,
        )
        instance.pk = created.pk


class ModelSiteResource(ScopedResource):
    model = fields.Field(attribute="model", column_name="Tên mô hình", widget=ModelWidget())
    unit = fields.Field(attribute="unit", column_name="Mã địa bàn", widget=UnitWidget())
    unit_name = fields.Field(attribute="unit__name", column_name="Địa bàn", readonly=True)
    place = fields.Field(attribute="place", column_name="Khu dân cư, cơ quan")
    started_on = fields.Field(attribute="started_on", column_name="Ngày bắt đầu",
                              widget=RequiredDateWidget())  # fmt: skip
    ended_on = fields.Field(attribute="ended_on", column_name="Ngày kết thúc",
                            widget=VietnameseDateWidget())  # fmt: skip
    teams = fields.Field(attribute="teams", column_name="Số tổ", widget=PositiveIntegerWidget())
    members = fields.Field(attribute="members", column_name="Số thành viên",
                           widget=PositiveIntegerWidget())  # fmt: skip

    class Meta:
        model = ModelSite
        fields = ("model", "unit", "unit_name", "place", "started_on", "ended_on", "teams",
                  "members")  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False
        use_transactions = True

    def save_instance(self, instance, is_create, row, **kwargs):
        created = site_add(
            model=instance.model, unit=instance.unit, started_on=instance.started_on,
            place=instance.place or "", teams=instance.teams or 0, members=instance.members or 0,
            ended_on=instance.ended_on,
        )  # fmt: skip
        instance.pk = created.pk


class ModelReviewResource(ScopedResource):
    model = fields.Field(attribute="model", column_name="Tên mô hình", widget=ModelWidget())
    kind = fields.Field(attribute="kind", column_name="Hình thức",
                        widget=ChoiceLabelWidget(ModelReview.Kind, "Hình thức"))  # fmt: skip
    reviewed_on = fields.Field(attribute="reviewed_on", column_name="Ngày sơ kết, tổng kết",
                               widget=RequiredDateWidget())  # fmt: skip
    reviewing_organization = fields.Field(attribute="reviewing_organization",
                                          column_name="Cơ quan sơ kết, tổng kết",
                                          widget=OrganizationWidget())  # fmt: skip
    assessment = fields.Field(
        attribute="assessment",
        column_name="Đánh giá",
        widget=ChoiceLabelWidget(ModelReview.Assessment, "Đánh giá"),
    )
    findings = fields.Field(attribute="findings", column_name="Kết quả, nhận xét")

    class Meta:
        model = ModelReview
        fields = ("model", "kind", "reviewed_on", "reviewing_organization", "assessment",
                  "findings")  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False
        use_transactions = True

    def save_instance(self, instance, is_create, row, **kwargs):
        created = review_record(
            model=instance.model, kind=instance.kind, reviewed_on=instance.reviewed_on,
            assessment=instance.assessment, findings=instance.findings or "",
            reviewing_organization=instance.reviewing_organization, by=self.user,
        )  # fmt: skip
        instance.pk = created.pk


RESOURCES = {
    "models": SecurityModelResource,
    "sites": ModelSiteResource,
    "reviews": ModelReviewResource,
}


def units_sheet_rows(units) -> list[tuple[str, str, str]]:
    """The area's units for the template's reference sheet: code, name, era."""
    return [(u.code, u.name, str(AdministrativeUnit.Era(u.era).label)) for u in units]
