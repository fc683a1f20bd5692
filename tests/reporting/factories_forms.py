"""Report forms and schedules for the builder's tests, made through the services (so that a
test of a page starts from what the office itself would have built)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from directives.models import DocumentTask
from directives.services.tasks import TaskInput
from organizations.models import Organization
from reporting.models import FormField, FormVersion, ReportForm, ReportSchedule, ValidationRule
from reporting.services.forms import (
    field_save,
    report_form_create,
    rule_save,
    section_save,
    version_publish,
)
from reporting.services.periods import schedule_save
from tests.directives.factories import make_document

Kind = FormField.Kind

# Section title → (code, label, extra attributes) of each field.
YEARLY_FIELDS: dict[str, list[tuple[str, str, dict]]] = {
    "I. Kết quả phong trào": [
        ("khu_dan_cu", "Tổng số khu dân cư", {"unit": "khu"}),
        ("khu_dan_cu_an_toan", "Số khu dân cư được công nhận an toàn", {"unit": "khu"}),
        ("ty_le_ho", "Tỷ lệ hộ ký cam kết", {"unit": "%", "decimal_places": 2,
                                               "min_value": Decimal(0),
                                               "max_value": Decimal(100),
                                               "aggregation": "average"}),
    ],
    "II. Đánh giá": [
        ("danh_gia", "Đánh giá chung", {"kind": Kind.TEXT, "aggregation": "none"}),
        ("dinh_kem", "Báo cáo có chữ ký", {"kind": Kind.ATTACHMENT, "required": False,
                                           "aggregation": "none"}),
    ],
}  # fmt: skip


def field_attributes(code: str, label: str, **extra) -> dict:
    return {"code": code, "label": label, "kind": Kind.FIGURE, "unit": "", "required": True,
            "min_value": None, "max_value": None, "decimal_places": 0, "aggregation": "sum",
            "prefill": "", "help_text": "", "order": 0} | extra  # fmt: skip


def draft_form(
    owner: Organization,
    *,
    code: str = "",
    name: str = "Báo cáo kết quả phong trào toàn dân bảo vệ ANTQ năm",
    sections: dict[str, list[tuple[str, str, dict]]] | None = None,
    with_rules: bool = True,
    by=None,
) -> tuple[ReportForm, FormVersion]:
    """A form whose draft version 1 holds `sections` (default YEARLY_FIELDS) and, unless
    told otherwise, the two usual rules on the yearly figures."""
    form = report_form_create(code=code, name=name, owner=owner, by=by)
    version = form.versions.get()
    by_code = {}
    for order, (title, fields) in enumerate(
        (YEARLY_FIELDS if sections is None else sections).items(), start=1
    ):
        section = section_save(version=version, title=title, order=order)
        for position, (field_code, label, extra) in enumerate(fields, start=1):
            by_code[field_code] = field_save(
                section=section,
                attributes=field_attributes(field_code, label, order=position, **extra),
            )
    if with_rules and sections is None:
        rule_save(version=version, attributes={
            "kind": ValidationRule.Kind.NOT_GREATER, "left": by_code["khu_dan_cu_an_toan"],
            "right": by_code["khu_dan_cu"]})  # fmt: skip
        rule_save(version=version, attributes={
            "kind": ValidationRule.Kind.CHANGE_NEEDS_COMMENT, "left": by_code["khu_dan_cu"],
            "threshold_percent": Decimal(50)})  # fmt: skip
    return form, version


def published_yearly_form(owner: Organization, **kwargs) -> tuple[ReportForm, FormVersion]:
    form, version = draft_form(owner, **kwargs)
    version_publish(version=version, note="Ban hành lần đầu")
    return form, version


def schedule_of(
    form: ReportForm,
    *,
    reviewer: Organization,
    reporters: list[Organization],
    period_kind: str = ReportSchedule.PeriodKind.YEAR,
    deadline_offset_days: int = -4,
    today: datetime.date | None = None,
    name: str = "Báo cáo năm kết quả phong trào",
    directive_task: DocumentTask | None = None,
) -> ReportSchedule:
    return schedule_save(
        fields={"form": form, "name": name, "period_kind": period_kind, "cutoff_day": 14,
                "deadline_offset_days": deadline_offset_days, "reviewer": reviewer,
                "directive_task": directive_task, "reminder_days": [7, 3, 1, 0],
                "overdue_days": [1, 5], "is_active": True},
        reporters=reporters, by=None, today=today,
    )  # fmt: skip


def directive_task(issuer: Organization) -> DocumentTask:
    """A task "report the results before 10/12 every year" of an issued plan."""
    document = make_document(
        issuer=issuer,
        number_symbol="12/KH-BCĐ",
        tasks=[TaskInput(text="Định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực hiện",
                         number="5")],
    )  # fmt: skip
    return document.tasks.get()
