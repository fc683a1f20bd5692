"""Spreadsheet of rated units (django-import-export): columns and cleaning only.

Each row is written through rated_unit_create, so an imported unit meets the same eligibility
rules as a typed one and a refusal is explained in the dry run; the import view runs the dry
run first and commits all rows or none. Communes are looked up within the importer's scope.
"""

from __future__ import annotations

import datetime

from django.utils.text import capfirst
from import_export import fields, resources, widgets

from organizations.models import AdministrativeUnit
from organizations.search import fold_diacritics

from .models import RatedUnit, UnitKind
from .selectors.assessments import communes_visible_to
from .services.units import rated_unit_create

DATE_FORMAT = "%d/%m/%Y"


class VietnameseDateWidget(widgets.DateWidget):
    """Dates as "19/03/2021" (also Excel dates and ISO "2021-03-19"); required here."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError("Thiếu ngày.")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str) and len(value.strip()) == 10 and value.strip()[4] == "-":
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(f"Ngày «{value}» không hợp lệ, hãy ghi dạng 19/03/2021.") from error


class ChoiceLabelWidget(widgets.Widget):
    """A choice written as its Vietnamese label, with or without diacritics, or its code."""

    def __init__(self, choices: list[tuple[str, str]], what: str, *, required: bool = False):
        super().__init__()
        self.choices = choices
        self.what = what
        self.required = required

    def clean(self, value, row=None, **kwargs):
        key = fold_diacritics(str(value or ""))
        if not key:
            if self.required:
                raise ValueError(f"Thiếu {self.what}.")
            return ""
        for choice_value, label in self.choices:
            if key in (fold_diacritics(str(label)), choice_value):
                return choice_value
        labels = ", ".join(str(label) for _value, label in self.choices)
        raise ValueError(f"{self.what.capitalize()} «{value}» không hợp lệ: dùng {labels}.")

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, "")) if value else ""


class KindWidget(ChoiceLabelWidget):
    def clean(self, value, row=None, **kwargs):
        if fold_diacritics(str(value or "")) in (
            UnitKind.COMMUNE.value,
            fold_diacritics(str(UnitKind.COMMUNE.label)),
        ):
            raise ValueError(
                "Xã, phường không nhập từ tệp: dùng nút «Thêm các xã vào danh sách» trên trang "
                "danh sách đơn vị."
            )
        return super().clean(value, row, **kwargs)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        key = fold_diacritics(str(value or ""))
        if key in ("", "khong", "0", "false"):
            return False
        if key in ("co", "x", "1", "true"):
            return True
        raise ValueError(f"«{value}» không hợp lệ: ghi Có hoặc Không.")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class NonNegativeIntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError) as error:
            raise ValueError(f"«{value}» không phải số nguyên.") from error
        if number is not None and number < 0:
            raise ValueError("Không được âm.")
        return number


class CommuneWidget(widgets.Widget):
    """A commune by its code (mã đơn vị hành chính) within the importer's scope.

    `legacy` reads the column of the commune before 01/7/2025; otherwise the current era's
    commune comes first when both eras use the same code."""

    def __init__(self, *, legacy: bool = False):
        super().__init__()
        self.legacy = legacy
        self.user = None  # set by the resource

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if code.endswith(".0"):  # Excel turned the code into a number
            code = code[:-2]
        if not code:
            if self.legacy:
                return None
            raise ValueError("Thiếu mã xã, phường.")
        communes = communes_visible_to(self.user).filter(code=code)
        if self.legacy:
            communes = communes.filter(era=AdministrativeUnit.Era.LEGACY)
        commune = communes.order_by("era").first()
        if commune is None:
            raise ValueError(f"Không có xã, phường mã «{code}» trong phạm vi của bạn.")
        return commune

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class RatedUnitResource(resources.ModelResource):
    """One row a unit, Vietnamese headers; the fields of other kinds are left blank."""

    kind = fields.Field(
        attribute="kind", column_name="Loại đơn vị",
        widget=KindWidget(UnitKind.choices, "loại đơn vị", required=True),
    )  # fmt: skip
    name = fields.Field(attribute="name", column_name="Tên đơn vị", widget=widgets.CharWidget())
    commune = fields.Field(attribute="commune", column_name="Mã xã, phường",
                           widget=CommuneWidget())  # fmt: skip
    legacy_commune = fields.Field(attribute="legacy_commune",
                                  column_name="Mã xã trước 01/7/2025",
                                  widget=CommuneWidget(legacy=True))  # fmt: skip
    local_type = fields.Field(
        attribute="local_type", column_name="Loại khu dân cư",
        widget=ChoiceLabelWidget(RatedUnit.LocalType.choices, "loại khu dân cư"),
    )  # fmt: skip
    enterprise_size = fields.Field(
        attribute="enterprise_size", column_name="Quy mô doanh nghiệp",
        widget=ChoiceLabelWidget(RatedUnit.EnterpriseSize.choices, "quy mô doanh nghiệp"),
    )  # fmt: skip
    education_level = fields.Field(
        attribute="education_level", column_name="Cấp học",
        widget=ChoiceLabelWidget(RatedUnit.EducationLevel.choices, "cấp học"),
    )  # fmt: skip
    is_armed_forces = fields.Field(attribute="is_armed_forces",
                                   column_name="Thuộc lực lượng vũ trang",
                                   widget=YesNoWidget())  # fmt: skip
    address = fields.Field(attribute="address", column_name="Địa chỉ", widget=widgets.CharWidget())
    households = fields.Field(attribute="households", column_name="Số hộ gia đình",
                              widget=NonNegativeIntegerWidget())  # fmt: skip
    valid_from = fields.Field(attribute="valid_from", column_name="Hiệu lực từ",
                              widget=VietnameseDateWidget())  # fmt: skip

    class Meta:
        model = RatedUnit
        fields = (
            "kind", "name", "commune", "legacy_commune", "local_type", "enterprise_size",
            "education_level", "is_armed_forces", "address", "households", "valid_from",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False
        skip_diff = True
        use_transactions = True

    def __init__(self, *, user=None):
        super().__init__()
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, CommuneWidget):
                field.widget.user = user

    def get_instance(self, instance_loader, row):
        return None  # every row adds a unit; duplicates are refused by the service

    def save_instance(self, instance, is_create, row, **kwargs):
        created = rated_unit_create(
            fields={
                "kind": instance.kind,
                "name": instance.name or "",
                "commune": instance.commune,
                "legacy_commune": instance.legacy_commune,
                "local_type": instance.local_type or "",
                "enterprise_size": instance.enterprise_size or "",
                "education_level": instance.education_level or "",
                "is_armed_forces": bool(instance.is_armed_forces),
                "address": instance.address or "",
                "households": instance.households,
                "valid_from": instance.valid_from,
            },
            by=self.user,
        )
        instance.pk = created.pk


def commune_sheet_rows(communes) -> list[tuple[str, str, str, str]]:
    """The importer's communes for the template's reference sheet: code, name, above, era."""
    return [
        (c.code, c.name, c.parent.name if c.parent_id else "",
         str(AdministrativeUnit.Era(c.era).label))
        for c in communes
    ]  # fmt: skip


def choice_sheet_columns() -> list[tuple[str, list[str]]]:
    """The values each choice column accepts, for the template's "Danh mục" sheet."""
    return [
        ("Loại đơn vị", [capfirst(str(label)) for value, label in UnitKind.choices
                         if value != UnitKind.COMMUNE]),
        ("Loại khu dân cư", [str(label) for _v, label in RatedUnit.LocalType.choices]),
        ("Quy mô doanh nghiệp (chỉ Vừa, Lớn được đánh giá)",
         [str(label) for _v, label in RatedUnit.EnterpriseSize.choices]),
        ("Cấp học (không đánh giá tiểu học, mầm non, nhà trẻ)",
         [str(label) for _v, label in RatedUnit.EducationLevel.choices]),
        ("Thuộc lực lượng vũ trang", ["Có", "Không"]),
    ]  # fmt: skip
