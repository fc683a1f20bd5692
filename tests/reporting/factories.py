"""Shared factories for reporting: a form with a published version, schedules, periods,
obligations, and helpers that walk a report through the workflow.

Stable helpers other test modules import:
- `published_form(owner, fields=None, rules=None, code=None, name=None)` → ReportForm whose
  version 1 is published; `form.published` is that FormVersion. Without `fields` the form has
  DEFAULT_FIELDS (codes vu_viec, da_giai_quyet, ty_le, danh_gia, dinh_kem) and DEFAULT_RULES
  (da_giai_quyet ≤ vu_viec; vu_viec changing more than 50% needs a comment).
- `obligation_for(organization, deadline, *, reviewer=None, form=None, schedule=None, ...)`
  → Obligation of a new (or the given) schedule, in a period ending a few days before.
- `field_of(version, code)`, `fill(obligation, by, numbers=..., texts=...)`,
  `submitted(obligation, by, numbers=...)`, `accepted(obligation, by, reviewer, numbers=...)`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from organizations.models import Organization, User
from reporting.models import (
    FormField,
    FormSection,
    FormVersion,
    Obligation,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
    Submission,
    ValidationRule,
)
from reporting.services.submissions import (
    ValueInput,
    submission_accept,
    submission_save,
    submission_start,
    submission_submit,
)
from tests.organizations.factories import OrganizationFactory

Kind = FormField.Kind

# Each dict: "section" (title of the section it belongs to) plus FormField attributes.
DEFAULT_FIELDS: list[dict] = [
    {"section": "I. Kết quả", "code": "vu_viec", "label": "Số vụ việc phát hiện", "unit": "vụ",
     "help_text": "Tính cả vụ việc chuyển từ kỳ trước"},
    {"section": "I. Kết quả", "code": "da_giai_quyet", "label": "Số vụ việc đã giải quyết",
     "unit": "vụ"},
    {"section": "I. Kết quả", "code": "ty_le", "label": "Tỷ lệ hộ gia đình ký cam kết",
     "unit": "%", "decimal_places": 2, "min_value": Decimal(0), "max_value": Decimal(100),
     "required": False, "aggregation": FormField.Aggregation.AVERAGE},
    {"section": "II. Đánh giá", "code": "danh_gia", "label": "Đánh giá chung",
     "kind": Kind.TEXT, "aggregation": FormField.Aggregation.NONE},
    {"section": "II. Đánh giá", "code": "dinh_kem", "label": "Báo cáo có chữ ký, đóng dấu",
     "kind": Kind.ATTACHMENT, "required": False, "aggregation": FormField.Aggregation.NONE},
]  # fmt: skip

# (kind, left code, right code, threshold percent)
DEFAULT_RULES: list[tuple[str, str, str | None, Decimal | None]] = [
    (ValidationRule.Kind.NOT_GREATER, "da_giai_quyet", "vu_viec", None),
    (ValidationRule.Kind.CHANGE_NEEDS_COMMENT, "vu_viec", None, Decimal(50)),
]


class ReportFormFactory(factory.django.DjangoModelFactory):
    """A bare form (no version); use `published_form` for one that can be reported on."""

    class Meta:
        model = ReportForm

    code = factory.Sequence(lambda n: f"bieu-mau-{n}")
    name = factory.Sequence(lambda n: f"Báo cáo kết quả phong trào số {n}")
    owner = factory.SubFactory(OrganizationFactory)


def published_form(
    owner: Organization | None = None,
    fields: list[dict] | None = None,
    rules: list[tuple] | None = None,
    *,
    code: str | None = None,
    name: str | None = None,
) -> ReportForm:
    """A form whose version 1 holds `fields` (default DEFAULT_FIELDS and, only then,
    DEFAULT_RULES) and is published. `form.published` is the version."""
    extra = {}
    if code:
        extra["code"] = code
    if name:
        extra["name"] = name
    form = ReportFormFactory(owner=owner or OrganizationFactory(), **extra)
    if rules is None:
        rules = DEFAULT_RULES if fields is None else []
    version = FormVersion.objects.create(form=form, number=1)
    sections: dict[str, FormSection] = {}
    by_code: dict[str, FormField] = {}
    for order, spec in enumerate(fields if fields is not None else DEFAULT_FIELDS):
        spec = dict(spec)
        title = spec.pop("section", "I. Số liệu")
        if title not in sections:
            sections[title] = FormSection.objects.create(
                version=version, title=title, order=len(sections)
            )
        spec.setdefault("order", order)
        spec.setdefault("label", spec["code"])
        by_code[spec["code"]] = FormField.objects.create(section=sections[title], **spec)
    for kind, left, right, threshold in rules:
        ValidationRule.objects.create(
            version=version, kind=kind, left=by_code[left],
            right=by_code[right] if right else None, threshold_percent=threshold,
        )  # fmt: skip
    version.published_at = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.UTC)
    version.save()
    form.published = version
    return form


def many_figures(count: int) -> list[dict]:
    """`count` optional figures over four sections (for query-bound tests)."""
    return [
        {"section": f"Phần {i % 4 + 1}", "code": f"chi_tieu_{i}", "label": f"Chỉ tiêu {i}",
         "unit": "vụ", "required": False}
        for i in range(count)
    ]  # fmt: skip


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSchedule
        skip_postgeneration_save = True

    form = factory.LazyFunction(published_form)
    name = factory.Sequence(lambda n: f"Báo cáo quý số {n}")
    period_kind = ReportSchedule.PeriodKind.QUARTER
    reviewer = factory.LazyAttribute(lambda o: o.form.owner)

    @factory.post_generation
    def reporters(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create and extracted:
            obj.reporters.set(extracted)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    schedule = factory.SubFactory(ScheduleFactory)
    label = "Quý IV/2025"
    start = datetime.date(2025, 9, 15)
    end = datetime.date(2025, 12, 14)
    deadline = datetime.date(2025, 12, 10)


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    period = factory.SubFactory(PeriodFactory)
    organization = factory.SubFactory(OrganizationFactory)
    deadline = factory.LazyAttribute(lambda o: o.period.deadline)


def obligation_for(
    organization: Organization,
    deadline: datetime.date,
    *,
    reviewer: Organization | None = None,
    form: ReportForm | None = None,
    schedule: ReportSchedule | None = None,
    label: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    **schedule_fields,
) -> Obligation:
    """An obligation of `organization` due on `deadline`, in a new schedule (reviewed by
    `reviewer`, default the form's owner) unless `schedule` is given. The data window ends
    4 days after the deadline ("trước ngày 10-12" with the cut-off on the 14th) and starts
    three months earlier, unless `start`/`end` are given."""
    if schedule is None:
        form = form or published_form(reviewer)
        schedule = ScheduleFactory(
            form=form, reviewer=reviewer or form.owner, reporters=[organization],
            **schedule_fields,
        )  # fmt: skip
    else:
        schedule.reporters.add(organization)
    end = end or deadline + datetime.timedelta(days=4)
    start = start or end - datetime.timedelta(days=90)
    period, _created = ReportingPeriod.objects.get_or_create(
        schedule=schedule,
        start=start,
        end=end,
        defaults={"label": label or f"Kỳ đến {end:%d/%m/%Y}", "deadline": deadline},
    )
    return Obligation.objects.get_or_create(
        period=period, organization=organization, defaults={"deadline": period.deadline}
    )[0]


def field_of(version: FormVersion, code: str) -> FormField:
    return FormField.objects.get(section__version=version, code=code)


def fill(
    obligation: Obligation,
    by: User,
    numbers: dict[str, object] | None = None,
    texts: dict[str, str] | None = None,
    comments: dict[str, str] | None = None,
) -> Submission:
    """Start the report and save the given figures/texts by field code (numbers may be ints,
    Decimals or Vietnamese strings — strings are not parsed here, pass numbers)."""
    submission = submission_start(obligation=obligation, by=by)
    codes = {v.field.code: v.field_id for v in submission.values.select_related("field")}
    values: dict[int, ValueInput] = {}
    stored = {v.field_id: v for v in submission.values.all()}
    for code, number in (numbers or {}).items():
        held = stored[codes[code]]
        values[codes[code]] = ValueInput(
            number=None if number is None else Decimal(str(number)),
            override_reason=held.override_reason,
            comment=(comments or {}).get(code, ""),
        )
    for code, text in (texts or {}).items():
        values[codes[code]] = ValueInput(text=text)
    return submission_save(
        submission=submission, values=values, revision=submission.revision, by=by
    )


DEFAULT_NUMBERS = {"vu_viec": 12, "da_giai_quyet": 10, "ty_le": Decimal("94.75")}
DEFAULT_TEXTS = {"danh_gia": "Tình hình ổn định."}


def submitted(
    obligation: Obligation,
    by: User,
    numbers: dict[str, object] | None = None,
    texts: dict[str, str] | None = None,
    on: datetime.datetime | None = None,
) -> Submission:
    """Filled (default: DEFAULT_NUMBERS/DEFAULT_TEXTS, valid for the default form) and
    submitted."""
    submission = fill(
        obligation, by,
        numbers=DEFAULT_NUMBERS if numbers is None else numbers,
        texts=DEFAULT_TEXTS if texts is None else texts,
    )  # fmt: skip
    return submission_submit(submission=submission, by=by, on=on)


def accepted(
    obligation: Obligation,
    by: User,
    reviewer: User,
    numbers: dict[str, object] | None = None,
    texts: dict[str, str] | None = None,
) -> Submission:
    submission = submitted(obligation, by, numbers=numbers, texts=texts)
    return submission_accept(submission=submission, by=reviewer)
