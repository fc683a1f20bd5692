"""Journey: submit a yearly report after a reminder and see it accepted.

The provincial office has a yearly report form and schedule ("trước ngày 10-12"); the daily
sweep reminds the commune committee a week before the deadline; the committee opens the
reminder from the bell, fills the figures as people type them ("3.321", "94,75"), submits; the
provincial staff return it with a comment on one figure; the committee corrects and submits
again; the staff accept it; the committee finds it locked with the reason; the completeness
page counts it as submitted on time, and names the commune that has not reported.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD, demo_area
from organizations.demo import seed_demo as seed_organizations
from organizations.models import Organization, User
from reporting.models import FormField, Notification, Obligation, ReminderLedger, Submission
from reporting.models import ValidationRule as Rule
from reporting.services.forms import (
    draft_of,
    field_save,
    report_form_create,
    rule_save,
    section_save,
    version_publish,
)
from reporting.services.periods import schedule_save
from reporting.services.reminders import reminders_sweep
from tests.e2e.conftest import login

Kind = FormField.Kind
FORM_NAME = "Báo cáo kết quả thực hiện phong trào toàn dân bảo vệ ANTQ năm"
RETURN_COMMENT = "Số lượt người dự lớn hơn dân số trong độ tuổi; đề nghị rà soát, tránh cộng trùng."


def _figure(code: str, label: str, unit: str, **more) -> dict:
    return {"code": code, "label": label, "kind": Kind.FIGURE, "unit": unit, **more}


SECTIONS = [
    ("I. Công tác tuyên truyền, vận động", [
        _figure("so_buoi_tuyen_truyen", "Số buổi tuyên truyền về an ninh, trật tự", "buổi"),
        _figure("so_luot_nguoi_du", "Số lượt người dự các buổi tuyên truyền", "lượt người"),
        _figure("ty_le_ho_cam_ket", "Tỷ lệ hộ gia đình ký cam kết an toàn về an ninh, trật tự",
                "%", decimal_places=2, max_value=Decimal(100), aggregation="average"),
    ]),
    ("II. Khu dân cư an toàn về an ninh, trật tự", [
        _figure("khu_dan_cu_thuoc_dien", "Tổng số khu dân cư thuộc diện đánh giá", "khu dân cư",
                prefill="ratings_eligible_khu_dan_cu"),
        _figure("khu_dan_cu_dat", "Số khu dân cư được công nhận", "khu dân cư",
                prefill="ratings_recognised_khu_dan_cu"),
    ]),
    ("III. Đánh giá chung", [
        {"code": "danh_gia_chung", "label": "Đánh giá chung, tồn tại, hạn chế", "kind": Kind.TEXT,
         "aggregation": "none"},
        {"code": "ban_ky_so", "label": "Báo cáo có chữ ký, đóng dấu", "kind": Kind.ATTACHMENT,
         "required": False, "aggregation": "none"},
    ]),
]  # fmt: skip


def define_yearly_report(staff: User) -> tuple:
    """What the provincial office sets up in its pages: the form and the yearly schedule, owed
    by two commune committees and reviewed by the provincial committee."""
    area = demo_area()
    committees = Organization.objects.filter(kind=Organization.Kind.STEERING_COMMITTEE)
    provincial = committees.get(unit=area.province)
    form = report_form_create(code="bao-cao-nam", name=FORM_NAME, owner=provincial, by=staff)
    version = draft_of(form)
    fields = {}
    for order, (title, specs) in enumerate(SECTIONS, start=1):
        section = section_save(version=version, title=title, order=order)
        for field_order, spec in enumerate(specs, start=1):
            fields[spec["code"]] = field_save(
                section=section, attributes={"order": field_order, **spec}
            )
    rule_save(version=version, attributes={
        "kind": Rule.Kind.NOT_GREATER, "left": fields["khu_dan_cu_dat"],
        "right": fields["khu_dan_cu_thuoc_dien"],
    })  # fmt: skip
    version_publish(version=version)
    communes = list(committees.filter(unit__in=area.communes).order_by("unit__code"))
    schedule = schedule_save(
        fields={
            "form": form, "name": f"{FORM_NAME} (trước ngày 10-12 hằng năm)",
            "period_kind": "year", "cutoff_day": 14, "deadline_offset_days": -4,
            "reviewer": provincial,
        },
        reporters=communes, by=staff,
    )  # fmt: skip
    return schedule, communes


def unread_badge(page):
    return page.get_by_test_id("notification-bell").locator(".badge")


def switch_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")


def figure(page, code: str):
    return page.locator(f'[data-field="{code}"] [name^="v_"]')


@pytest.mark.django_db(transaction=True)
def test_submit_a_yearly_report_after_a_reminder_and_see_it_accepted(
    page, live_server, screenshot, settings
):
    # Links in reminders point at the portal's own address.
    settings.PORTAL_BASE_URL = live_server.url
    seed_organizations()
    staff = User.objects.get(username="thuongtruc")
    committee_user = User.objects.get(username="bcd_xa")
    schedule, communes = define_yearly_report(staff)
    assert committee_user.organization == communes[0]
    today = timezone.localdate()
    obligation = (
        Obligation.objects.filter(period__schedule=schedule, organization=communes[0])
        .filter(deadline__gte=today)
        .select_related("period")
        .order_by("deadline")
        .first()
    )
    # Cut-off on 14/12, "trước ngày 10-12": the deadline is the 10th of December.
    assert (obligation.deadline.month, obligation.deadline.day) == (12, 10)
    detail_url = reverse("reporting:obligation-detail", args=[obligation.pk])

    # The daily sweep, a week before the deadline: the committee is reminded, once.
    week_before = obligation.deadline - datetime.timedelta(days=7)
    lines = reminders_sweep(today=week_before)
    steps = {(line.obligation_id, line.step, line.channel) for line in lines}
    assert (obligation.pk, "before:7", "in_app") in steps
    assert reminders_sweep(today=week_before) == []
    assert Notification.objects.filter(recipient=committee_user, read_at__isnull=True).count() == 1

    # The committee sees the bell, opens the reminder and lands on what it owes.
    switch_user(page, live_server, "bcd_xa")
    expect(unread_badge(page)).to_have_text("1")
    screenshot("reporting-01-bell-with-reminder")
    page.get_by_test_id("notification-bell").click()
    reminder = page.get_by_test_id("notification").filter(has_text="Còn 7 ngày")
    expect(reminder).to_contain_text(FORM_NAME)
    screenshot("reporting-02-notifications")
    reminder.get_by_role("button", name=re.compile("Còn 7 ngày")).click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(unread_badge(page)).to_have_count(0)
    expect(page.get_by_test_id("deadline")).to_contain_text(
        obligation.deadline.strftime("%d/%m/%Y")
    )
    expect(page.get_by_test_id("reminder-table")).to_contain_text("trước hạn 7 ngày")
    screenshot("reporting-03-obligation-from-reminder")

    # Fill the report; a figure left out stops the submission and says where.
    page.get_by_test_id("start").click()
    page.wait_for_url(re.compile(r".*/lap-bao-cao/$"))
    prefill = page.locator('[data-field="khu_dan_cu_thuoc_dien"] [data-testid="prefill"]')
    expect(prefill).to_contain_text("Cổng tính sẵn")
    figure(page, "so_buoi_tuyen_truyen").fill("24")
    figure(page, "so_luot_nguoi_du").fill("3.321")
    figure(page, "danh_gia_chung").fill("Phong trào được duy trì thường xuyên ở các khu dân cư.")
    page.get_by_test_id("submit").click()
    missing = page.locator('[data-field="ty_le_ho_cam_ket"] [data-testid="field-error"]')
    expect(missing).to_contain_text("Chưa nhập số liệu")
    assert Submission.objects.get(obligation=obligation).status == Submission.Status.DRAFT
    screenshot("reporting-04-submit-refused")
    figure(page, "ty_le_ho_cam_ket").fill("94,75")
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(page.locator("[data-status]").first).to_have_text("Đã nộp, chờ duyệt")
    expect(page.locator('[data-field="so_luot_nguoi_du"]')).to_contain_text("3.321")
    expect(page.locator('[data-field="ty_le_ho_cam_ket"]')).to_contain_text("94,75")
    expect(page.get_by_test_id("lock-reason")).to_contain_text("chờ duyệt")
    screenshot("reporting-05-submitted")
    values = {
        v.field.code: v.number for v in Submission.objects.get(obligation=obligation).values.all()
    }
    assert values["so_luot_nguoi_du"] == Decimal("3321")
    assert values["ty_le_ho_cam_ket"] == Decimal("94.75")

    # The provincial staff return it with a comment on one figure.
    switch_user(page, live_server, "thuongtruc")
    page.goto(f"{live_server.url}{reverse('reporting:review-queue')}")
    row = page.locator(f'[data-obligation="{obligation.pk}"]')
    expect(row).to_contain_text(communes[0].name)
    row.get_by_role("link").first.click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    page.get_by_test_id("review").click()
    page.locator('[data-field="so_luot_nguoi_du"] [name^="rc_"]').fill(RETURN_COMMENT)
    page.get_by_label("Ý kiến chung").fill("Đề nghị rà soát lại mục I rồi nộp lại.")
    screenshot("reporting-06-review-return")
    page.get_by_test_id("return").click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(page.locator("[data-status]").first).to_have_text("Trả lại để sửa")

    # The committee finds the comment beside the figure, corrects it and submits again.
    switch_user(page, live_server, "bcd_xa")
    page.get_by_test_id("main-menu").get_by_role("link", name="Báo cáo").click()
    page.wait_for_url(f"{live_server.url}{reverse('reporting:obligation-list')}")
    mine = page.locator(f'[data-obligation="{obligation.pk}"]')
    expect(mine.locator("[data-status]")).to_have_text("Trả lại để sửa")
    mine.get_by_role("link").first.click()
    expect(page.get_by_test_id("review-comment")).to_contain_text("rà soát lại mục I")
    page.get_by_test_id("edit").click()
    comment = page.locator('[data-field="so_luot_nguoi_du"] [data-testid="reviewer-comment"]')
    expect(comment).to_contain_text(RETURN_COMMENT)
    expect(
        page.locator('[data-field="so_buoi_tuyen_truyen"] [data-testid="reviewer-comment"]')
    ).to_have_count(0)
    expect(figure(page, "so_luot_nguoi_du")).to_have_value("3.321")
    screenshot("reporting-07-returned-with-comment")
    figure(page, "so_luot_nguoi_du").fill("2.950")
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(page.locator('[data-field="so_luot_nguoi_du"]')).to_contain_text("2.950")
    expect(page.locator("[data-status]").first).to_have_text("Đã nộp, chờ duyệt")

    # The staff accept it.
    switch_user(page, live_server, "thuongtruc")
    page.goto(f"{live_server.url}{detail_url}")
    page.get_by_test_id("review").click()
    expect(page.locator('[data-field="so_luot_nguoi_du"]')).to_contain_text("2.950")
    page.get_by_test_id("accept").click()
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(page.locator("[data-status]").first).to_have_text("Đã chấp nhận")
    screenshot("reporting-08-accepted")

    # The committee sees it locked, and why; editing is refused with the same reason.
    switch_user(page, live_server, "bcd_xa")
    page.goto(f"{live_server.url}{detail_url}")
    lock = page.get_by_test_id("lock-reason")
    expect(lock).to_contain_text(f"đã được chấp nhận ngày {today:%d/%m/%Y}")
    expect(lock).to_contain_text("bị khóa")
    expect(page.get_by_test_id("edit")).to_have_count(0)
    expect(page.get_by_test_id("request-reopen")).to_be_visible()
    screenshot("reporting-09-locked")
    page.goto(f"{live_server.url}{reverse('reporting:submission-edit', args=[obligation.pk])}")
    page.wait_for_url(f"{live_server.url}{detail_url}")
    expect(page.get_by_role("alert").filter(has_text="bị khóa")).to_be_visible()
    submission = Submission.objects.get(obligation=obligation)
    assert submission.status == Submission.Status.ACCEPTED
    assert submission.values.get(field__code="so_luot_nguoi_du").number == Decimal("2950")
    obligation.refresh_from_db()
    assert obligation.on_time() is True
    # Submitted: no reminder after that, even when the sweep runs on the deadline.
    on_deadline = reminders_sweep(today=obligation.deadline)
    assert all(line.obligation_id != obligation.pk for line in on_deadline)
    assert not ReminderLedger.objects.filter(obligation=obligation, step="before:0").exists()

    # The province's completeness: one of two submitted, on time; the other commune named.
    switch_user(page, live_server, "thuongtruc")
    page.get_by_test_id("main-menu").get_by_role("link", name="Báo cáo").click()
    page.wait_for_url(f"{live_server.url}{reverse('reporting:completeness')}")
    line = page.locator(f'[data-period="{obligation.period_id}"]')
    expect(line.get_by_test_id("submitted")).to_have_text(re.compile(r"^1/2"))
    expect(line).to_contain_text(communes[1].name)
    screenshot("reporting-10-completeness")
    line.get_by_role("link", name=obligation.period.label).click()
    expect(page.get_by_test_id("summary-submitted")).to_have_text(re.compile(r"^1/2"))
    expect(page.get_by_test_id("summary-on-time")).to_have_text(re.compile(r"^1/2"))
    expect(page.get_by_test_id("summary-late")).to_have_text("0")
    page.goto(
        f"{live_server.url}{reverse('reporting:completeness-period', args=[obligation.period_id])}"
        "?show=all"
    )
    accepted_row = page.locator(f'[data-obligation="{obligation.pk}"]')
    expect(accepted_row).to_contain_text("Đã chấp nhận")
    screenshot("reporting-11-completeness-period")
