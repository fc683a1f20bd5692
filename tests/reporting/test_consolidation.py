"""Consolidation: figures added up across organizations as each field says (sum, average,
none), accepted-only or with submitted reports, per area, across form versions, the
organizations missing, the text answers, the page's query bound and the .xlsx export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import FormField, Submission
from reporting.selectors.consolidation import consolidation
from reporting.services.forms import field_save, version_new_draft, version_publish

from .factories import DEFAULT_FIELDS, field_of, many_figures, published_form, submitted
from .factories_completeness import (
    TODAY,
    bulk_obligations,
    bulk_organizations,
    bulk_reports,
    constructed_case,
    report_case,
)

pytestmark = pytest.mark.django_db

# The default form, plus a figure that is not added up.
FIELDS = [
    *DEFAULT_FIELDS,
    {"section": "I. Kết quả", "code": "xep_loai", "label": "Xếp loại tự đánh giá",
     "unit": "điểm", "required": False, "aggregation": FormField.Aggregation.NONE},
]  # fmt: skip


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing a password the real way takes a second or more on a busy machine; these tests
    # make many users and never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(user_of_role):
    return user_of_role("standing_staff")


@pytest.fixture
def case(area):
    form = published_form(area.provincial_committee, FIELDS, rules=[])
    return report_case(
        constructed_case(area, form=form),
        numbers={
            "on_time": {"vu_viec": 12, "da_giai_quyet": 10, "ty_le": Decimal("94.75"),
                        "xep_loai": 9},
            "late": {"vu_viec": 8, "da_giai_quyet": 5, "ty_le": Decimal("80.25"),
                     "xep_loai": 7},
        },
    )  # fmt: skip


def _figures(table) -> dict[str, object]:
    return {figure.field.code: figure for figure in table.figures}


def test_consolidation_adds_submitted_and_accepted_reports_by_default(case, staff):
    table = consolidation(user=staff, period=case.period, today=TODAY)
    figures = _figures(table)
    assert figures["vu_viec"].total == 20
    assert figures["vu_viec"].total_text == "20"
    assert figures["da_giai_quyet"].total == 15
    assert figures["vu_viec"].reported == 2
    assert (table.expected, table.accepted, table.pending, table.included) == (4, 1, 1, 2)
    assert "đã nộp, đang chờ duyệt" in table.basis


def test_consolidation_averages_an_average_field(case, staff):
    figure = _figures(consolidation(user=staff, period=case.period, today=TODAY))["ty_le"]
    assert figure.total == Decimal("87.5")
    assert figure.total_text == "87,50"
    assert figure.aggregation_label == "Trung bình"


def test_consolidation_leaves_a_none_field_without_total(case, staff):
    figure = _figures(consolidation(user=staff, period=case.period, today=TODAY))["xep_loai"]
    assert figure.total is None
    assert figure.total_text == ""
    assert figure.reported == 2


def test_consolidation_accepted_only_counts_accepted_reports(case, staff, area):
    table = consolidation(user=staff, period=case.period, accepted_only=True, today=TODAY)
    figures = _figures(table)
    assert figures["vu_viec"].total == 12
    assert figures["ty_le"].total_text == "94,75"
    assert table.included == 1
    assert "chỉ gồm các báo cáo đã được chấp nhận" in table.basis
    reasons = {line.organization: line.reason for line in table.missing}
    assert reasons[area.district_committee_2.name] == "Đã nộp, chưa được chấp nhận"


def test_consolidation_lists_the_organizations_missing(case, staff, area):
    table = consolidation(user=staff, period=case.period, today=TODAY)
    reasons = {line.organization: (line.reason, line.overdue) for line in table.missing}
    assert reasons == {
        area.commune_committee_1.name: ("Chưa lập báo cáo", True),
        area.department.name: ("Đang soạn, chưa nộp", True),
    }
    assert table.missing_count == 2
    # The department's draft (100 cases) is not in the total.
    assert _figures(table)["vu_viec"].total == 20


def test_consolidation_leaves_out_a_returned_report(case, staff):
    from reporting.services.submissions import submission_return

    submission_return(
        submission=case.late.submission, comment="Sai số liệu", figure_comments={},
        by=case.reviewer_user,
    )  # fmt: skip
    table = consolidation(user=staff, period=case.period, today=TODAY)
    assert _figures(table)["vu_viec"].total == 12
    assert "Bị trả lại, chưa nộp lại" in {line.reason for line in table.missing}


def test_consolidation_subtotals_per_area(case, staff, area):
    table = consolidation(user=staff, period=case.period, by_area=True, today=TODAY)
    names = [column.name for column in table.areas]
    assert set(names) == {area.district_1.name, area.district_2.name}
    vu_viec = _figures(table)["vu_viec"]
    by_name = dict(zip(names, vu_viec.by_area, strict=True))
    assert by_name == {area.district_1.name: 12, area.district_2.name: 8}


def test_consolidation_filters_by_area(case, staff, area):
    table = consolidation(user=staff, period=case.period, area=area.district_2, today=TODAY)
    assert _figures(table)["vu_viec"].total == 8
    assert table.expected == 1


def test_consolidation_lists_text_answers_per_organization(case, staff, area):
    table = consolidation(user=staff, period=case.period, today=TODAY)
    [group] = [g for g in table.texts if g.label == "Đánh giá chung"]
    assert [(item.organization, item.text) for item in group.items] == [
        (area.district_committee_1.name, "Huyện Cao Thử: tình hình ổn định."),
        (area.district_committee_2.name, "Huyện Văn Thử: còn tụ điểm phức tạp."),
    ]


def test_consolidation_matches_figures_across_versions_by_code(area, staff, user_of_role):
    case = constructed_case(area)
    form = case.schedule.form
    submitted(case.on_time, case.submitter)  # version 1: vu_viec = 12
    draft = version_new_draft(form=form)
    vu_viec = field_of(draft, "vu_viec")
    field_save(section=vu_viec.section, form_field=vu_viec,
               attributes={"label": "Số vụ việc về ANTT phát hiện"})  # fmt: skip
    field_save(section=vu_viec.section, attributes={
        "code": "vu_moi", "label": "Số vụ việc mới", "unit": "vụ", "required": False})  # fmt: skip
    version_publish(version=draft)
    later = submitted(case.late, case.submitter, numbers={
        "vu_viec": 8, "da_giai_quyet": 5, "vu_moi": 3})  # fmt: skip
    assert later.version == draft
    figures = _figures(consolidation(user=staff, period=case.period, today=TODAY))
    assert figures["vu_viec"].total == 20
    assert figures["vu_viec"].field.label == "Số vụ việc về ANTT phát hiện"
    assert figures["vu_moi"].total == 3


def test_consolidation_view_says_what_the_figures_include(client, case, staff):
    client.force_login(staff)
    url = reverse("reporting:consolidation", args=[case.period.pk])
    html = client.get(url).content.decode()
    assert "Số liệu gồm các báo cáo đã được chấp nhận và các báo cáo đã nộp" in html
    assert "87,50" in html
    html = client.get(url, {"accepted": "1"}).content.decode()
    assert "Số liệu chỉ gồm các báo cáo đã được chấp nhận." in html
    assert reverse("reporting:obligation-detail", args=[case.late.pk]) in html


def test_consolidation_page_runs_a_bounded_number_of_queries(
    client, area, staff, django_assert_max_num_queries
):
    form = published_form(area.provincial_committee, [
        *many_figures(20), {"section": "Phần 5", "code": "nhan_xet", "label": "Nhận xét",
                            "kind": FormField.Kind.TEXT, "required": False}])  # fmt: skip
    case = constructed_case(area, form=form)
    organizations = bulk_organizations(area.commune_1, 90)
    obligations = bulk_obligations(case.period, organizations)
    reported = [o for o in obligations if o.first_submitted_at is not None]
    bulk_reports(reported, form, text="Ổn định")
    client.force_login(staff)
    url = reverse("reporting:consolidation", args=[case.period.pk])
    # Session, user, scope (5), the area and its units in both eras (4), the table (about
    # ten), printing (3), the bell: fixed, whatever the number of reports and figures.
    for params in ({}, {"accepted": "1"}, {"by_area": "1", "area": area.province.pk}):
        with django_assert_max_num_queries(28):
            response = client.get(url, params)
        assert response.status_code == 200
    table = consolidation(user=staff, period=case.period, today=TODAY)
    assert _figures(table)["chi_tieu_0"].total == 3 * len(reported)
    assert len(table.missing) == 90 - len(reported) + 4


def test_consolidation_export_has_totals_reports_missing_and_texts(client, case, staff, area):
    client.force_login(staff)
    url = reverse("reporting:consolidation-export", args=[case.period.pk])
    response = client.get(url, {"by_area": "1"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheets = {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}
    assert set(sheets) == {
        "Tổng hợp", "Số liệu từng đơn vị", "Chưa có trong tổng hợp", "Nội dung báo cáo",
    }  # fmt: skip
    totals = {row[2]: row for row in sheets["Tổng hợp"][1:] if len(row) > 2 and row[2]}
    assert "đang chờ duyệt" in sheets["Tổng hợp"][-1][0]
    assert totals["vu_viec"][6] == 20
    assert totals["ty_le"][6] == 87.5
    assert totals["xep_loai"][6] is None
    header = sheets["Tổng hợp"][0]
    assert area.district_1.name in header
    assert totals["vu_viec"][header.index(area.district_2.name)] == 8
    detail = {row[0]: row for row in sheets["Số liệu từng đơn vị"][1:]}
    assert detail[area.district_committee_2.name][2] == Submission.Status.SUBMITTED.label
    assert detail[area.district_committee_1.name][3] == 12
    assert {row[0] for row in sheets["Chưa có trong tổng hợp"][1:]} == {
        area.commune_committee_1.name, area.department.name,
    }  # fmt: skip
    assert ("Đánh giá chung", area.district_committee_1.name,
            "Huyện Cao Thử: tình hình ổn định.") in sheets["Nội dung báo cáo"]  # fmt: skip
