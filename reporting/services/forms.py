"""Report forms and their versions, defined in the portal by the provincial staff.

Only a draft version is edited; publishing freezes it. The next version starts as a copy of
the last one, so a change never touches what was already submitted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.search import fold_diacritics

from ..models import FormField, FormSection, FormVersion, ReportForm, ValidationRule
from ..prefill import PREFILL_SOURCES

FIELD_ATTRIBUTES = [
    "code", "order", "label", "kind", "unit", "required", "min_value", "max_value",
    "decimal_places", "aggregation", "prefill", "help_text",
]  # fmt: skip


@transaction.atomic
def report_form_create(
    *, code: str, name: str, owner: Organization, by: User | None, description: str = ""
) -> ReportForm:
    """A new form with an empty draft version 1."""
    code = slugify(fold_diacritics(code or name))[:40]
    if ReportForm.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Đã có biểu mẫu mã «%(code)s».") % {"code": code}})
    form = ReportForm(code=code, name=name.strip(), owner=owner, description=description.strip(),
                      created_by=by)  # fmt: skip
    form.full_clean()
    form.save()
    FormVersion.objects.create(form=form, number=1)
    return form


def draft_of(form: ReportForm) -> FormVersion | None:
    return form.versions.filter(published_at__isnull=True).order_by("-number").first()


def _check_draft(version: FormVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _("Phiên bản %(number)s đã phát hành nên không sửa được; hãy tạo phiên bản mới.")
            % {"number": version.number}
        )


@transaction.atomic
def version_new_draft(*, form: ReportForm) -> FormVersion:
    """Start the next version as a copy of the latest one (sections, fields, rules)."""
    if draft_of(form) is not None:
        raise ValidationError(_("Biểu mẫu đang có một phiên bản nháp."))
    latest = form.versions.order_by("-number").first()
    number = (form.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = FormVersion.objects.create(form=form, number=number)
    if latest is None:
        return draft
    copies: dict[int, FormField] = {}
    for section in latest.sections.prefetch_related("fields"):
        new_section = FormSection.objects.create(version=draft, order=section.order,
                                                 title=section.title)  # fmt: skip
        for old in section.fields.all():
            copies[old.pk] = FormField.objects.create(
                section=new_section, **{name: getattr(old, name) for name in FIELD_ATTRIBUTES}
            )
    for rule in latest.rules.all():
        ValidationRule.objects.create(
            version=draft, kind=rule.kind, left=copies[rule.left_id],
            right=copies.get(rule.right_id), threshold_percent=rule.threshold_percent,
            message=rule.message,
        )  # fmt: skip
    return draft


@transaction.atomic
def section_save(
    *, version: FormVersion, title: str, order: int = 0, section: FormSection | None = None
) -> FormSection:
    _check_draft(version)
    if not title.strip():
        raise ValidationError({"title": _("Ghi tiêu đề của phần.")})
    section = section or FormSection(version=version)
    section.title, section.order = title.strip(), order
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_move(*, section: FormSection, offset: int) -> None:
    """Move a section up (−1) or down (+1) among its version's; they are renumbered 1, 2, 3…
    so that equal orders left by earlier edits never make a move a no-op."""
    _check_draft(section.version)
    sections = list(section.version.sections.order_by("order", "pk"))
    index = next(i for i, item in enumerate(sections) if item.pk == section.pk)
    target = min(max(index + offset, 0), len(sections) - 1)
    sections.insert(target, sections.pop(index))
    for number, item in enumerate(sections, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def section_remove(*, section: FormSection) -> None:
    _check_draft(section.version)
    section.delete()


@transaction.atomic
def field_save(
    *, section: FormSection, attributes: dict, form_field: FormField | None = None
) -> FormField:
    """Add or change a field of a draft; its code is unique in the whole version."""
    _check_draft(section.version)
    unknown = set(attributes) - set(FIELD_ATTRIBUTES)
    if unknown:
        raise ValueError(f"unknown attributes: {sorted(unknown)}")
    form_field = form_field or FormField(section=section)
    for name, value in attributes.items():
        setattr(form_field, name, value)
    form_field.section = section
    form_field.code = slugify(fold_diacritics(form_field.code or form_field.label)).replace(
        "-", "_"
    )[:40]
    clash = FormField.objects.filter(section__version=section.version, code=form_field.code)
    if clash.exclude(pk=form_field.pk).exists():
        raise ValidationError({"code": _("Mã «%(code)s» đã dùng trong biểu mẫu.")
                               % {"code": form_field.code}})  # fmt: skip
    if form_field.prefill and form_field.prefill not in PREFILL_SOURCES:
        raise ValidationError({"prefill": _("Nguồn số liệu không có trong danh sách.")})
    if form_field.prefill and form_field.kind != FormField.Kind.FIGURE:
        raise ValidationError({"prefill": _("Chỉ chỉ tiêu số liệu mới lấy sẵn được.")})
    if (
        form_field.min_value is not None
        and form_field.max_value is not None
        and form_field.max_value < form_field.min_value
    ):
        raise ValidationError(
            {"max_value": _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")}
        )
    form_field.full_clean()
    form_field.save()
    return form_field


@transaction.atomic
def field_remove(*, form_field: FormField) -> None:
    _check_draft(form_field.section.version)
    form_field.delete()


@transaction.atomic
def rule_save(
    *, version: FormVersion, attributes: dict, rule: ValidationRule | None = None
) -> ValidationRule:
    _check_draft(version)
    rule = rule or ValidationRule(version=version)
    for name, value in attributes.items():
        setattr(rule, name, value)
    for side in (rule.left, rule.right):
        if side is not None and side.section.version_id != version.pk:
            raise ValidationError(_("Chỉ tiêu của ràng buộc phải thuộc phiên bản này."))
        if side is not None and side.kind != FormField.Kind.FIGURE:
            raise ValidationError(_("Ràng buộc chỉ áp dụng cho chỉ tiêu số liệu."))
    if rule.kind == ValidationRule.Kind.NOT_GREATER and rule.right is None:
        raise ValidationError({"right": _("Chọn chỉ tiêu để so sánh.")})
    if rule.kind == ValidationRule.Kind.CHANGE_NEEDS_COMMENT and rule.threshold_percent is None:
        raise ValidationError({"threshold_percent": _("Ghi ngưỡng thay đổi (%).")})
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def rule_remove(*, rule: ValidationRule) -> None:
    _check_draft(rule.version)
    rule.delete()


@transaction.atomic
def version_publish(*, version: FormVersion, note: str = "") -> FormVersion:
    """Freeze a draft; new reports use it, older reports keep theirs."""
    _check_draft(version)
    if not FormField.objects.filter(section__version=version).exists():
        raise ValidationError(_("Phiên bản chưa có chỉ tiêu nào."))
    version.published_at = timezone.now()
    version.note = note.strip()
    version.save()
    return version
