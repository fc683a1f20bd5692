"""Report forms and their versions: a draft is edited, a published version is frozen, the next
version starts as a copy, and a submission keeps the version it was made with."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting.models import FormField, FormSection, FormVersion, ValidationRule
from reporting.services.forms import (
    draft_of,
    field_remove,
    field_save,
    report_form_create,
    rule_remove,
    rule_save,
    section_move,
    section_remove,
    section_save,
    version_new_draft,
    version_publish,
)
from reporting.services.submissions import submission_start

from .factories_forms import draft_form, field_attributes, published_yearly_form, schedule_of

D = datetime.date


def _field(version: FormVersion, code: str) -> FormField:
    return FormField.objects.get(section__version=version, code=code)


@pytest.mark.django_db
def test_report_form_create_starts_an_empty_draft_version_1(area):
    form = report_form_create(code="", name="Báo cáo năm ANTQ", owner=area.provincial_committee,
                              by=None, description="  Theo Kế hoạch 12  ")  # fmt: skip
    assert form.code == "bao-cao-nam-antq"
    assert form.description == "Theo Kế hoạch 12"
    version = form.versions.get()
    assert (version.number, version.is_published) == (1, False)
    assert draft_of(form) == version


@pytest.mark.django_db
def test_report_form_create_refuses_a_code_already_used(area):
    report_form_create(code="bao-cao-nam", name="A", owner=area.provincial_committee, by=None)
    with pytest.raises(ValidationError) as refused:
        report_form_create(code="Báo cáo năm", name="B", owner=area.provincial_committee, by=None)
    assert "code" in refused.value.error_dict


@pytest.mark.django_db
def test_field_code_is_unique_across_the_sections_of_a_version(area):
    _form, version = draft_form(area.provincial_committee)
    other_section = FormSection.objects.get(version=version, title="II. Đánh giá")
    with pytest.raises(ValidationError) as refused:
        field_save(section=other_section,
                   attributes=field_attributes("khu_dan_cu", "Khu dân cư (trùng mã)"))  # fmt: skip
    assert "khu_dan_cu" in refused.value.message_dict["code"][0]


@pytest.mark.django_db
def test_the_same_code_is_allowed_in_another_form(area):
    _form, version = draft_form(area.provincial_committee, code="mau-a")
    _other, other_version = draft_form(area.provincial_committee, code="mau-b")
    assert _field(version, "khu_dan_cu").code == _field(other_version, "khu_dan_cu").code


@pytest.mark.django_db
def test_field_code_comes_from_the_label_when_left_blank(area):
    _form, version = draft_form(area.provincial_committee, sections={"I": []})
    section = version.sections.get()
    saved = field_save(section=section, attributes=field_attributes("", "Số vụ hòa giải thành"))
    assert saved.code == "so_vu_hoa_giai_thanh"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"min_value": Decimal(10), "max_value": Decimal(5)}, "max_value"),
        ({"kind": FormField.Kind.TEXT, "prefill": "models_active"}, "prefill"),
        ({"prefill": "khong_co_nguon_nay"}, "prefill"),
    ],
)
def test_field_save_refuses_inconsistent_settings(area, extra, field):
    _form, version = draft_form(area.provincial_committee, sections={"I": []})
    with pytest.raises(ValidationError) as refused:
        field_save(section=version.sections.get(),
                   attributes=field_attributes("chi_tieu", "Chỉ tiêu", **extra))  # fmt: skip
    assert field in refused.value.error_dict


@pytest.mark.django_db
def test_rules_compare_figures_of_the_same_version_only(area):
    _form, version = draft_form(area.provincial_committee)
    _other, other_version = draft_form(area.provincial_committee, code="mau-khac")
    with pytest.raises(ValidationError):
        rule_save(version=version, attributes={
            "kind": ValidationRule.Kind.NOT_GREATER, "left": _field(version, "khu_dan_cu"),
            "right": _field(other_version, "khu_dan_cu")})  # fmt: skip
    with pytest.raises(ValidationError):
        rule_save(version=version, attributes={
            "kind": ValidationRule.Kind.NOT_GREATER, "left": _field(version, "danh_gia"),
            "right": _field(version, "khu_dan_cu")})  # fmt: skip
    with pytest.raises(ValidationError) as no_right:
        rule_save(
            version=version,
            attributes={
                "kind": ValidationRule.Kind.NOT_GREATER,
                "left": _field(version, "khu_dan_cu"),
            },
        )
    assert "right" in no_right.value.error_dict
    with pytest.raises(ValidationError) as no_threshold:
        rule_save(version=version, attributes={
            "kind": ValidationRule.Kind.CHANGE_NEEDS_COMMENT,
            "left": _field(version, "khu_dan_cu")})  # fmt: skip
    assert "threshold_percent" in no_threshold.value.error_dict


@pytest.mark.django_db
def test_publish_refuses_a_version_without_fields(area):
    form = report_form_create(code="", name="Rỗng", owner=area.provincial_committee, by=None)
    with pytest.raises(ValidationError):
        version_publish(version=form.versions.get())


@pytest.mark.django_db
def test_a_published_version_is_frozen(area):
    _form, version = published_yearly_form(area.provincial_committee)
    section = version.sections.order_by("order").first()
    form_field = _field(version, "khu_dan_cu")
    rule = version.rules.first()
    attempts = [
        lambda: section_save(version=version, title="Phần mới"),
        lambda: section_save(version=version, title="Đổi tên", section=section),
        lambda: section_move(section=section, offset=1),
        lambda: section_remove(section=section),
        lambda: field_save(section=section, attributes={"label": "Đổi tên"},
                           form_field=form_field),
        lambda: field_save(section=section, attributes=field_attributes("moi", "Mới")),
        lambda: field_remove(form_field=form_field),
        lambda: rule_save(version=version, attributes={"message": "Khác"}, rule=rule),
        lambda: rule_remove(rule=rule),
        lambda: version_publish(version=version),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(ValidationError, match="đã phát hành"):
            attempt()
    form_field.refresh_from_db()
    assert form_field.label == "Tổng số khu dân cư"
    assert version.sections.count() == 2 and version.rules.count() == 2


@pytest.mark.django_db
def test_new_draft_copies_sections_fields_and_rules_of_the_latest(area):
    form, v1 = published_yearly_form(area.provincial_committee)
    v2 = version_new_draft(form=form)
    assert (v2.number, v2.is_published) == (2, False)
    assert list(v2.sections.values_list("title", flat=True)) == list(
        v1.sections.values_list("title", flat=True)
    )
    fields = FormField.objects.filter(section__version=v2)
    assert sorted(fields.values_list("code", flat=True)) == sorted(
        FormField.objects.filter(section__version=v1).values_list("code", flat=True)
    )
    copied = _field(v2, "ty_le_ho")
    assert (copied.unit, copied.decimal_places, copied.max_value, copied.aggregation) == (
        "%", 2, Decimal(100), "average",
    )  # fmt: skip
    not_greater = v2.rules.get(kind=ValidationRule.Kind.NOT_GREATER)
    assert not_greater.left == _field(v2, "khu_dan_cu_an_toan")
    assert not_greater.right == _field(v2, "khu_dan_cu")
    change = v2.rules.get(kind=ValidationRule.Kind.CHANGE_NEEDS_COMMENT)
    assert change.threshold_percent == Decimal(50) and change.left.section.version == v2
    # The copy is editable; the original is not touched.
    field_remove(form_field=_field(v2, "dinh_kem"))
    assert FormField.objects.filter(section__version=v1, code="dinh_kem").exists()


@pytest.mark.django_db
def test_only_one_draft_at_a_time(area):
    form, _version = draft_form(area.provincial_committee)
    with pytest.raises(ValidationError):
        version_new_draft(form=form)


@pytest.mark.django_db
def test_section_move_renumbers_the_sections(area):
    _form, version = draft_form(area.provincial_committee, sections={"A": [], "B": [], "C": []})
    c = version.sections.get(title="C")
    section_move(section=c, offset=-1)
    assert list(version.sections.order_by("order").values_list("title", flat=True)) == [
        "A", "C", "B",
    ]  # fmt: skip
    section_move(section=c, offset=-5)
    assert list(version.sections.order_by("order").values_list("order", "title")) == [
        (1, "C"), (2, "A"), (3, "B"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_submission_keeps_its_version_when_the_next_is_published(area, user_of_role):
    form, v1 = published_yearly_form(area.provincial_committee)
    schedule = schedule_of(form, reviewer=area.provincial_committee,
                           reporters=[area.district_committee_1, area.district_committee_2],
                           today=D(2026, 1, 10))  # fmt: skip
    period = schedule.periods.get(label="Năm 2026")
    first, second = period.obligations.order_by("organization__name")
    submission = submission_start(obligation=first, by=user_of_role("district_committee"))
    assert submission.version == v1

    v2 = version_new_draft(form=form)
    section = v2.sections.order_by("order").first()
    field_save(section=section, attributes=field_attributes("mo_hinh", "Số mô hình tự quản"))
    version_publish(version=v2, note="Thêm chỉ tiêu mô hình")

    submission.refresh_from_db()
    assert submission.version == v1
    assert not submission.values.filter(field__code="mo_hinh").exists()
    later = submission_start(obligation=second, by=user_of_role("other_district_committee"))
    assert later.version == v2
    assert later.values.filter(field__code="mo_hinh").exists()


@pytest.mark.django_db
def test_schedule_save_refuses_a_form_never_published(area):
    form, _draft = draft_form(area.provincial_committee)
    with pytest.raises(ValidationError) as refused:
        schedule_of(form, reviewer=area.provincial_committee, reporters=[area.department])
    assert "form" in refused.value.error_dict
