"""Demo reports for `make run`: the yearly report on the movement ("trước ngày 10-12 hằng
năm", linked to task 2 of Chỉ thị 02/CT-UBND) and a quarterly report, owed by the demo's
district and commune committees and the Sở Giáo dục và Đào tạo, reviewed by the provincial
committee.

Periods are chosen from the day the demo runs: the current yearly and quarterly periods are the
first whose deadline has not passed, the previous ones are past. Their history is played in
date order through the services (reminder sweeps on past days, submissions, returns,
acceptances), so every state exists: not started, draft, submitted on time and late, returned
with comments on a figure, accepted, a pending request to reopen, and overdue reports with the
reminders they were sent. An action that would fall after the demo's day is left out (a few
days after a deadline, the overdue reminders of the period just past are not there yet); in
the week after the yearly cut-off (15/12) the year in progress has barely started, so its
states (returned, waiting for review) are shown on the year just past instead. Running it
twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directives.models import DocumentTask
from organizations.demo import demo_area
from organizations.models import Organization, User

from .models import (
    FormField,
    Obligation,
    ReportForm,
    ReportingPeriod,
    ReportSchedule,
    Submission,
)
from .models import ValidationRule as Rule
from .services.forms import (
    draft_of,
    field_save,
    report_form_create,
    rule_save,
    section_save,
    version_publish,
)
from .services.periods import periods_generate, schedule_save
from .services.reminders import digest_send, reminders_sweep
from .services.submissions import (
    ValueInput,
    reopen_request_create,
    submission_accept,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)

Kind = FormField.Kind
Aggregation = FormField.Aggregation
D = Decimal
YEARLY_CODE = "bao-cao-nam-antq"
QUARTERLY_CODE = "bao-cao-quy-antq"
YEARLY_NAME = "Báo cáo kết quả thực hiện phong trào toàn dân bảo vệ ANTQ năm"
QUARTERLY_NAME = "Báo cáo tình hình phong trào toàn dân bảo vệ ANTQ hằng quý"


def _figure(code: str, label: str, unit: str, **more) -> dict:
    return {"code": code, "label": label, "kind": Kind.FIGURE, "unit": unit, **more}


# (section title, fields) of each form; codes stay the same across periods so a figure is
# compared with the previous period's.
YEARLY_SECTIONS = [
    ("I. Công tác tuyên truyền, vận động quần chúng", [
        _figure("so_buoi_tuyen_truyen", "Số buổi tuyên truyền, phổ biến pháp luật về an ninh, "
                "trật tự", "buổi", min_value=D(0)),
        _figure("so_luot_nguoi_du", "Số lượt người dự các buổi tuyên truyền", "lượt người",
                min_value=D(0)),
        _figure("so_tin_bao", "Số tin báo, tố giác tội phạm do quần chúng cung cấp", "tin",
                min_value=D(0)),
    ]),
    ("II. Xây dựng phong trào và mô hình tự quản", [
        _figure("mo_hinh_hoat_dong", "Số mô hình tự quản về an ninh, trật tự đang hoạt động",
                "mô hình", prefill="models_active"),
        _figure("khu_dan_cu_thuoc_dien", "Tổng số khu dân cư thuộc diện đánh giá", "khu dân cư",
                prefill="ratings_eligible_khu_dan_cu"),
        _figure("khu_dan_cu_dat", "Số khu dân cư được công nhận “An toàn về an ninh, trật tự”",
                "khu dân cư", prefill="ratings_recognised_khu_dan_cu"),
        _figure("ty_le_ho_cam_ket", "Tỷ lệ hộ gia đình ký cam kết an toàn về an ninh, trật tự",
                "%", decimal_places=2, min_value=D(0), max_value=D(100),
                aggregation=Aggregation.AVERAGE),
    ]),
    ("III. Kết quả phòng ngừa, đấu tranh với tội phạm và vi phạm pháp luật", [
        _figure("vu_viec_hoa_giai", "Số vụ việc mâu thuẫn, tranh chấp được hòa giải thành ở "
                "cơ sở", "vụ việc", min_value=D(0)),
        _figure("nguoi_duoc_giao_duc", "Số người được giáo dục, giúp đỡ tại cộng đồng", "người",
                min_value=D(0)),
        _figure("kinh_phi_xa_hoi_hoa", "Kinh phí xã hội hóa huy động cho phong trào",
                "triệu đồng", decimal_places=1, required=False, min_value=D(0)),
        _figure("khen_thuong", "Số tập thể, cá nhân được khen thưởng", "lượt", min_value=D(0)),
    ]),
    ("IV. Đánh giá chung, kiến nghị", [
        {"code": "danh_gia_chung", "label": "Đánh giá chung: ưu điểm, tồn tại, hạn chế và "
         "nguyên nhân", "kind": Kind.TEXT, "aggregation": Aggregation.NONE},
        {"code": "kien_nghi", "label": "Kiến nghị, đề xuất", "kind": Kind.TEXT,
         "required": False, "aggregation": Aggregation.NONE},
        {"code": "ban_ky_so", "label": "Báo cáo có chữ ký, đóng dấu (bản chụp PDF)",
         "kind": Kind.ATTACHMENT, "required": False, "aggregation": Aggregation.NONE},
    ]),
]  # fmt: skip
QUARTERLY_SECTIONS = [
    ("I. Số liệu trong quý", [
        _figure("so_tin_bao", "Số tin báo, tố giác tội phạm do quần chúng cung cấp", "tin",
                min_value=D(0)),
        _figure("vu_viec_hoa_giai", "Số vụ việc mâu thuẫn, tranh chấp được hòa giải thành",
                "vụ việc", min_value=D(0)),
        _figure("so_buoi_tuyen_truyen", "Số buổi tuyên truyền về an ninh, trật tự", "buổi",
                min_value=D(0)),
        _figure("mo_hinh_hoat_dong", "Số mô hình tự quản đang hoạt động", "mô hình",
                prefill="models_active"),
    ]),
    ("II. Tình hình nổi bật", [
        {"code": "tinh_hinh", "label": "Tình hình an ninh, trật tự và kết quả nổi bật trong quý",
         "kind": Kind.TEXT, "aggregation": Aggregation.NONE},
    ]),
]  # fmt: skip

# A typical yearly figure of a commune; organizations and periods vary around it by less than
# the 50% that would need an explanation.
YEARLY_BASE = {
    "so_buoi_tuyen_truyen": D(24), "so_luot_nguoi_du": D(3321), "so_tin_bao": D(18),
    "ty_le_ho_cam_ket": D("94.75"), "vu_viec_hoa_giai": D(12), "nguoi_duoc_giao_duc": D(7),
    "kinh_phi_xa_hoi_hoa": D("125.5"), "khen_thuong": D(9),
}  # fmt: skip
QUARTERLY_BASE = {"so_tin_bao": D(5), "vu_viec_hoa_giai": D(3), "so_buoi_tuyen_truyen": D(6)}
TEXTS = {
    "danh_gia_chung": "Phong trào được duy trì thường xuyên, gắn với cuộc vận động “Toàn dân "
    "đoàn kết xây dựng nông thôn mới, đô thị văn minh”. Tồn tại: một số mô hình hoạt động "
    "chưa đều; kinh phí cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở còn hạn chế.",
    "kien_nghi": "Đề nghị bố trí kinh phí tập huấn cho Tổ bảo vệ an ninh, trật tự năm tới.",
    "tinh_hinh": "Tình hình an ninh, trật tự cơ bản ổn định; không để xảy ra vụ việc phức "
    "tạp, kéo dài. Đã tổ chức ra quân cao điểm tấn công, trấn áp tội phạm.",
}

RETURN_COMMENT = "Đề nghị rà soát số liệu mục III trước khi nộp lại."
RETURN_FIGURE_COMMENT = (
    "Chưa khớp với sổ theo dõi của Tổ hòa giải (ít hơn 3 vụ việc); đề nghị kiểm tra lại."
)
REOPEN_REASON = (
    "Tổng hợp thiếu số buổi tuyên truyền trong trường học tháng 12; đề nghị mở lại để bổ sung."
)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _days(day: datetime.date, offset: int) -> datetime.date:
    return day + datetime.timedelta(days=offset)


def _form(code: str, name: str, sections: list, owner: Organization, by: User) -> ReportForm:
    form = report_form_create(code=code, name=name, owner=owner, by=by)
    version = draft_of(form)
    fields: dict[str, FormField] = {}
    for order, (title, specs) in enumerate(sections, start=1):
        section = section_save(version=version, title=title, order=order)
        for field_order, spec in enumerate(specs, start=1):
            fields[spec["code"]] = field_save(
                section=section, attributes={"order": field_order, **spec}
            )
    if "khu_dan_cu_dat" in fields:
        rule_save(version=version, attributes={
            "kind": Rule.Kind.NOT_GREATER, "left": fields["khu_dan_cu_dat"],
            "right": fields["khu_dan_cu_thuoc_dien"],
        })  # fmt: skip
    for code in ("so_tin_bao", "vu_viec_hoa_giai"):
        if code in fields and name == YEARLY_NAME:
            rule_save(version=version, attributes={
                "kind": Rule.Kind.CHANGE_NEEDS_COMMENT, "left": fields[code],
                "threshold_percent": D(50),
            })  # fmt: skip
    version_publish(version=version, note="Ban hành lần đầu.")
    return form


@dataclass
class _Event:
    when: datetime.datetime
    run: Callable[[], object]


@dataclass
class _Demo:
    """The demo's people and its planned actions, played in date order."""

    today: datetime.date
    staff: User
    people: dict[str, User]
    events: list[_Event] = field(default_factory=list)
    # Organization → its index, so each one's figures differ a little from the others'.
    rank: dict[int, int] = field(default_factory=dict)

    def at(self, when: datetime.datetime, run: Callable[[], object]) -> None:
        """Plan an action; one after the demo's day never happened."""
        if timezone.localdate(when) <= self.today:
            self.events.append(_Event(when, run))

    def play(self) -> None:
        for event in sorted(self.events, key=lambda e: e.when):
            event.run()

    def numbers(self, obligation: Obligation, base: dict[str, D], step: int) -> dict[str, D]:
        rank = self.rank.setdefault(obligation.organization_id, len(self.rank))
        grow = D(1) + D("0.15") * rank + D("0.06") * step
        figures = {code: (value * grow).quantize(D(1)) for code, value in base.items()}
        if "ty_le_ho_cam_ket" in base:
            figures["ty_le_ho_cam_ket"] = min(D(100), base["ty_le_ho_cam_ket"] + rank + step)
        if "kinh_phi_xa_hoi_hoa" in base:
            figures["kinh_phi_xa_hoi_hoa"] = (base["kinh_phi_xa_hoi_hoa"] * grow).quantize(D("0.1"))
        return figures

    def fill(
        self,
        obligation: Obligation,
        by: User,
        numbers: dict[str, D],
        comments: dict[str, str] | None = None,
    ) -> None:
        """Open the report (pre-filled by the portal) and type the other figures and texts."""
        submission = submission_start(obligation=obligation, by=by)
        comments = comments or {}
        values = {}
        for value in submission.values.select_related("field"):
            code, kind = value.field.code, value.field.kind
            if kind == Kind.FIGURE:
                values[value.field_id] = ValueInput(
                    number=numbers.get(code, value.number),
                    comment=comments.get(code, value.comment),
                )
            elif kind == Kind.TEXT:
                values[value.field_id] = ValueInput(text=TEXTS.get(code, ""))
        submission_save(submission=submission, values=values, revision=submission.revision, by=by)

    def submit(self, obligation: Obligation, by: User, on: datetime.datetime, **fill) -> None:
        """Fill (or correct) the report and submit it."""

        def run():
            self.fill(obligation, by, **fill)
            submission_submit(submission=_submission(obligation), by=by, on=on)

        self.at(on, run)

    def accept(self, obligation: Obligation, on: datetime.datetime) -> None:
        self.at(on, lambda: submission_accept(
            submission=_submission(obligation), by=self.staff, on=on,
            comment="Báo cáo đầy đủ, số liệu khớp với tổng hợp của Công an tỉnh.",
        ))  # fmt: skip

    def send_back(
        self, obligation: Obligation, on: datetime.datetime, comment: str, figures: dict[str, str]
    ) -> None:
        def run():
            submission = _submission(obligation)
            by_code = {v.field.code: v.field_id for v in submission.values.select_related("field")}
            submission_return(
                submission=submission, comment=comment, by=self.staff, on=on,
                figure_comments={by_code[code]: text for code, text in figures.items()},
            )  # fmt: skip

        self.at(on, run)

    def draft(
        self, obligation: Obligation, by: User, on: datetime.datetime, numbers: dict[str, D]
    ) -> None:
        self.at(on, lambda: self.fill(obligation, by, numbers=numbers))

    def ask_reopening(
        self, obligation: Obligation, by: User, on: datetime.datetime, reason: str
    ) -> None:
        self.at(on, lambda: reopen_request_create(
            submission=_submission(obligation), by=by, reason=reason
        ))  # fmt: skip

    def sweep(self, day: datetime.date) -> None:
        # Before the day's work, as the beat job runs at dawn.
        self.at(_at(day, 6), lambda: reminders_sweep(today=day))


def _schedules(demo: _Demo, forms: dict[str, ReportForm]) -> tuple[ReportSchedule, ...]:
    area = demo_area()
    committees = Organization.objects.filter(kind=Organization.Kind.STEERING_COMMITTEE)
    provincial = committees.get(unit=area.province)
    reporters = [
        *committees.filter(unit__in=area.districts).order_by("unit__code"),
        *committees.filter(unit__in=area.communes).order_by("unit__code"),
        demo.people["so_nganh"].organization,
    ]
    # "Định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực hiện" (directives demo).
    task = DocumentTask.objects.filter(
        document__number_symbol="02/CT-UBND", number="2", deadline_kind="yearly"
    ).first()
    yearly = schedule_save(
        fields={
            "form": forms["yearly"], "name": f"{YEARLY_NAME} (trước ngày 10-12 hằng năm)",
            "period_kind": ReportSchedule.PeriodKind.YEAR, "cutoff_day": 14,
            "deadline_offset_days": -4, "reviewer": provincial, "directive_task": task,
        },
        reporters=reporters, by=demo.staff, today=demo.today,
    )  # fmt: skip
    quarterly = schedule_save(
        fields={
            "form": forms["quarterly"], "name": f"{QUARTERLY_NAME} (chậm nhất ngày 17 tháng "
            "cuối quý)", "period_kind": ReportSchedule.PeriodKind.QUARTER, "cutoff_day": 14,
            "deadline_offset_days": 3, "reviewer": provincial,
        },
        reporters=reporters, by=demo.staff, today=demo.today,
    )  # fmt: skip
    # The past year's periods too, so there is a history to show; and a month more ahead, so
    # that between a deadline and its cut-off (11–14/12) next year's period exists already.
    for schedule in (yearly, quarterly):
        periods_generate(
            schedule=schedule, today=_days(demo.today, 31), since=_days(demo.today, -400)
        )
    return yearly, quarterly


def _split(schedule: ReportSchedule, today: datetime.date):
    """The current period (first deadline not passed) and the past ones, latest first."""
    periods = list(schedule.periods.order_by("deadline"))
    current = next(p for p in periods if p.deadline >= today)
    past = [p for p in periods if p.deadline < today][::-1]
    return current, past


def _submission(obligation: Obligation) -> Submission:
    # Read again each time: the services save whole rows, so a stale copy must not be reused.
    return Submission.objects.get(obligation=obligation)


def _owed(period: ReportingPeriod) -> dict[int, Obligation]:
    return {o.organization_id: o for o in period.obligations.select_related("organization")}


def _plan_yearly(demo: _Demo, schedule: ReportSchedule, orgs: dict[str, Organization]) -> bool:
    """Plan the yearly report's history; True when the year in progress is too fresh."""
    current, past = _split(schedule, demo.today)
    people, today = demo.people, demo.today
    # In the days after a deadline the new window has barely started (15/12): the states of a
    # year in progress (returned, submitted on time, waiting) are then shown on the year just
    # past instead.
    fresh = today < _days(current.start, 8)
    if past:
        previous = past[0]
        owed, deadline = _owed(previous), previous.deadline
        for offset in (-7, -1, 1, 5):
            demo.sweep(_days(deadline, offset))
        if district := owed.get(orgs["district"].pk):
            # Returned once for a figure, corrected, then accepted before the deadline.
            numbers = demo.numbers(district, YEARLY_BASE, 0)
            demo.submit(district, people["bcd_huyen"], _at(_days(deadline, -5)), numbers=numbers)
            demo.send_back(
                district, _at(_days(deadline, -4), 15),
                "Đề nghị kiểm tra lại số lượt người dự tuyên truyền.",
                {"so_luot_nguoi_du": "Số lượt người dự lớn hơn dân số trong độ tuổi; đề nghị "
                 "rà soát, tránh cộng trùng."},
            )  # fmt: skip
            fixed = (numbers["so_luot_nguoi_du"] * 3 / 4).quantize(D(1))
            demo.submit(district, people["bcd_huyen"], _at(_days(deadline, -3)),
                        numbers={**numbers, "so_luot_nguoi_du": fixed})  # fmt: skip
            demo.accept(district, _at(_days(deadline, -2), 10))
        # The second district never reported: overdue, reminded, escalated.
        if commune := owed.get(orgs["commune"].pk):
            # A day late, after the first overdue reminder.
            demo.submit(commune, people["bcd_xa"], _at(_days(deadline, 1)),
                        numbers=demo.numbers(commune, YEARLY_BASE, 0))  # fmt: skip
            if fresh:
                demo.send_back(commune, _at(_days(deadline, 1), 15), RETURN_COMMENT,
                               {"vu_viec_hoa_giai": RETURN_FIGURE_COMMENT})  # fmt: skip
            else:
                demo.accept(commune, _at(_days(deadline, 3)))
        if department := owed.get(orgs["department"].pk):
            demo.submit(department, people["so_nganh"], _at(_days(deadline, -4)),
                        numbers=demo.numbers(department, YEARLY_BASE, 0))  # fmt: skip
            if not fresh:
                demo.accept(department, _at(_days(deadline, 2)))
                # Asked to reopen today: a late correction the province has not decided yet.
                demo.ask_reopening(department, people["so_nganh"], _at(today, 8), REOPEN_REASON)
    if fresh:
        return True
    owed = _owed(current)
    start = max(_days(today, -8), current.start)
    if commune := owed.get(orgs["commune"].pk):
        demo.submit(commune, people["bcd_xa"], _at(_days(start, 2)),
                    numbers=demo.numbers(commune, YEARLY_BASE, 1))  # fmt: skip
        demo.send_back(commune, _at(_days(start, 6), 15), RETURN_COMMENT,
                       {"vu_viec_hoa_giai": RETURN_FIGURE_COMMENT})  # fmt: skip
    if department := owed.get(orgs["department"].pk):
        numbers = demo.numbers(department, YEARLY_BASE, 1)
        # A figure that changed a lot, explained (the rule asks for it over 50%).
        numbers["so_tin_bao"] *= 3
        demo.submit(department, people["so_nganh"], _at(_days(start, 7)), numbers=numbers,
                    comments={"so_tin_bao": "Tăng do mở đường dây nóng tiếp nhận tin báo trong "
                              "các trường học từ tháng 3."})  # fmt: skip
    # The second commune has not started the current year's report.
    return False


def _plan_quarterly(
    demo: _Demo, schedule: ReportSchedule, orgs: dict[str, Organization], *, reopen: bool
) -> None:
    """Plan the quarterly report's history; `reopen`: the pending request to reopen goes on
    the department's last accepted quarter (the yearly one is not accepted yet)."""
    current, past = _split(schedule, demo.today)
    people, today = demo.people, demo.today
    reporters = (("commune", "bcd_xa"), ("department", "so_nganh"))
    for step, period in enumerate(reversed(past[1:4])):
        owed, deadline = _owed(period), period.deadline
        for key, username in reporters:
            if obligation := owed.get(orgs[key].pk):
                demo.submit(obligation, people[username], _at(_days(deadline, -3 - step)),
                            numbers=demo.numbers(obligation, QUARTERLY_BASE, step))  # fmt: skip
                demo.accept(obligation, _at(_days(deadline, 4)))
                if reopen and key == "department" and period == past[1]:
                    demo.ask_reopening(obligation, people[username], _at(today, 8), REOPEN_REASON)
    if past:
        previous = past[0]
        owed, deadline = _owed(previous), previous.deadline
        for offset in (-7, 1, 5):
            demo.sweep(_days(deadline, offset))
        if commune := owed.get(orgs["commune"].pk):
            # Late by two days, after the first overdue reminder; accepted.
            demo.submit(commune, people["bcd_xa"], _at(_days(deadline, 2)),
                        numbers=demo.numbers(commune, QUARTERLY_BASE, 3))  # fmt: skip
            demo.accept(commune, _at(_days(deadline, 8)))
        if department := owed.get(orgs["department"].pk):
            # Late, after both overdue reminders; not reviewed yet.
            demo.submit(department, people["so_nganh"], _at(_days(deadline, 6)),
                        numbers=demo.numbers(department, QUARTERLY_BASE, 3))  # fmt: skip
    owed = _owed(current)
    if commune := owed.get(orgs["commune"].pk):
        # A draft in progress for the current quarter.
        demo.draft(commune, people["bcd_xa"], _at(today, 8),
                   numbers={"so_tin_bao": D(4), "so_buoi_tuyen_truyen": D(5)})  # fmt: skip


@transaction.atomic
def seed_demo(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if ReportForm.objects.filter(code=YEARLY_CODE).exists():
        return
    usernames = ("thuongtruc", "bcd_huyen", "bcd_huyen2", "bcd_xa", "so_nganh")
    people = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if set(people) != set(usernames):
        return  # the organizations demo has not run
    demo = _Demo(today=today, staff=people["thuongtruc"], people=people)
    area = demo_area()
    committees = Organization.objects.filter(kind=Organization.Kind.STEERING_COMMITTEE)
    provincial = committees.get(unit=area.province)
    forms = {
        "yearly": _form(YEARLY_CODE, YEARLY_NAME, YEARLY_SECTIONS, provincial, demo.staff),
        "quarterly": _form(QUARTERLY_CODE, QUARTERLY_NAME, QUARTERLY_SECTIONS, provincial,
                           demo.staff),
    }  # fmt: skip
    yearly, quarterly = _schedules(demo, forms)
    orgs = {
        "district": people["bcd_huyen"].organization,
        "commune": people["bcd_xa"].organization,
        "department": people["so_nganh"].organization,
    }
    fresh = _plan_yearly(demo, yearly, orgs)
    _plan_quarterly(demo, quarterly, orgs, reopen=fresh)
    demo.sweep(today)
    demo.play()
    digest_send(today=today)
