"""Pages of the report forms: creating a form, editing its draft through htmx (sections,
fields, rules), publishing, a new version from the latest, the preview, refusals beside the
field, the scope of each area and bounded query counts."""

import pytest
from django.urls import reverse

from reporting.models import FormField, FormSection, ReportForm, ValidationRule
from tests.organizations.factories import OrganizationFactory

from .factories_forms import draft_form, published_yearly_form

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def _field_data(**overrides):
    data = {"label": "Số vụ việc hòa giải thành", "code": "", "kind": "figure", "unit": "vụ",
            "required": "on", "min_value": "", "max_value": "", "decimal_places": "0",
            "aggregation": "sum", "prefill": "", "help_text": "", "order": "1"}  # fmt: skip
    return data | overrides


@pytest.mark.django_db
def test_staff_create_a_form_and_land_in_its_draft(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    assert client.get(_url("form-create")).status_code == 200
    response = client.post(_url("form-create"), {
        "name": "Báo cáo kết quả phong trào năm", "code": "", "owner": area.police.pk,
        "description": "Theo Kế hoạch 12/KH-BCĐ"})  # fmt: skip
    form = ReportForm.objects.get()
    draft = form.versions.get()
    assert response.status_code == 302
    assert response["Location"] == _url("version-detail", draft.pk)
    assert form.code == "bao-cao-ket-qua-phong-trao-nam"
    assert form.created_by == user_of_role("standing_staff")
    page = client.get(response["Location"]).content.decode()
    assert "Bản nháp" in page and 'data-testid="section-add"' in page
    # Every form of the editor is one <form>: crispy adds no tag of its own inside them.
    assert page.count("<form") == page.count("</form>") == 4


@pytest.mark.django_db
def test_create_refuses_an_owner_outside_the_area_and_a_used_code(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("form-create"), {"name": "Báo cáo", "code": "bc",
                                                 "owner": area.other_committee.pk})  # fmt: skip
    assert "owner" in response.context["form"].errors
    draft_form(area.provincial_committee, code="bc")
    response = client.post(_url("form-create"), {"name": "Báo cáo", "code": "bc",
                                                 "owner": area.police.pk})  # fmt: skip
    assert response.status_code == 200
    assert "bc" in " ".join(response.context["form"].errors["code"])
    assert ReportForm.objects.count() == 1


@pytest.mark.django_db
def test_editor_adds_renames_moves_and_removes_sections_with_htmx(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee, sections={"I. Kết quả": []})
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("section-add", version.pk), {"title": "II. Kiến nghị"}, **HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "reporting/partials/form_editor.html"
    assert "II. Kiến nghị" in response.content.decode()
    second = FormSection.objects.get(title="II. Kiến nghị")
    assert second.order == 2

    response = client.post(_url("section-edit", second.pk), {"title": "II. Đề xuất"}, **HTMX)
    assert "II. Đề xuất" in response.content.decode()
    client.post(_url("section-move", second.pk), {"direction": "up"}, **HTMX)
    assert list(version.sections.order_by("order").values_list("title", flat=True)) == [
        "II. Đề xuất", "I. Kết quả",
    ]  # fmt: skip

    blank = client.post(_url("section-edit", second.pk), {"title": " "}, **HTMX)
    assert 'class="invalid-feedback d-block"' in blank.content.decode()

    client.post(_url("section-remove", second.pk), **HTMX)
    assert list(version.sections.values_list("title", flat=True)) == ["I. Kết quả"]


@pytest.mark.django_db
def test_editor_adds_edits_and_removes_fields(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee, sections={"I. Kết quả": []})
    section = version.sections.get()
    client.force_login(user_of_role("standing_staff"))

    fragment = client.get(_url("field-add", section.pk), **HTMX)
    assert fragment.templates[0].name == "reporting/partials/form_field_form.html"
    assert "Thêm chỉ tiêu vào phần «I. Kết quả»" in fragment.content.decode()
    full_page = client.get(_url("field-add", section.pk))
    assert full_page.templates[0].name == "reporting/form_field_page.html"

    response = client.post(_url("field-add", section.pk),
                           _field_data(min_value="0", max_value="1.000,5",
                                       help_text="Tính cả vụ chuyển kỳ"), **HTMX)  # fmt: skip
    assert response.status_code == 200
    added = FormField.objects.get(section=section)
    assert added.code == "so_vu_viec_hoa_giai_thanh"
    assert str(added.max_value) == "1000.50"
    assert "1.000,5" in response.content.decode()

    edit = client.get(_url("field-edit", added.pk), **HTMX).content.decode()
    assert "Sửa chỉ tiêu" in edit and 'value="so_vu_viec_hoa_giai_thanh"' in edit
    client.post(_url("field-edit", added.pk),
                _field_data(label="Số vụ hòa giải thành", code=added.code, kind="figure",
                            prefill="models_active"), **HTMX)  # fmt: skip
    added.refresh_from_db()
    assert (added.label, added.prefill) == ("Số vụ hòa giải thành", "models_active")
    assert (
        "Số mô hình tự quản đang hoạt động"
        in client.get(_url("version-detail", version.pk)).content.decode()
    )

    client.post(_url("field-remove", added.pk), **HTMX)
    assert not FormField.objects.exists()


@pytest.mark.django_db
def test_field_errors_come_back_beside_the_field(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee)
    other = version.sections.get(title="II. Đánh giá")
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("field-add", other.pk),
                           _field_data(code="khu_dan_cu", label="Trùng mã"), **HTMX)  # fmt: skip
    assert response.status_code == 200
    assert "khu_dan_cu" in " ".join(response.context["field_form"].errors["code"])
    page = response.content.decode()
    assert 'data-testid="field-form"' in page and "đã dùng trong biểu mẫu" in page

    plain = client.post(_url("field-add", other.pk),
                        _field_data(label="Tỷ lệ", min_value="10", max_value="5"))  # fmt: skip
    assert plain.templates[0].name == "reporting/form_field_page.html"
    assert "max_value" in plain.context["field_form"].errors
    assert not FormField.objects.filter(label__in=["Trùng mã", "Tỷ lệ"]).exists()


@pytest.mark.django_db
def test_editor_adds_and_removes_rules(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee, with_rules=False)
    total = FormField.objects.get(section__version=version, code="khu_dan_cu")
    safe = FormField.objects.get(section__version=version, code="khu_dan_cu_an_toan")
    client.force_login(user_of_role("standing_staff"))
    missing = client.post(_url("rule-add", version.pk),
                          {"kind": "not_greater", "left": safe.pk}, **HTMX)  # fmt: skip
    assert "right" in missing.context["rule_form"].errors
    response = client.post(_url("rule-add", version.pk),
                           {"kind": "not_greater", "left": safe.pk, "right": total.pk,
                            "threshold_percent": "30"}, **HTMX)  # fmt: skip
    rule = ValidationRule.objects.get()
    assert (rule.left, rule.right, rule.threshold_percent) == (safe, total, None)
    assert "«Số khu dân cư được công nhận an toàn» không lớn hơn «Tổng số khu dân cư»" in (
        response.content.decode()
    )
    client.post(_url("rule-add", version.pk),
                {"kind": "change_comment", "left": total.pk, "threshold_percent": "50,5"},
                **HTMX)  # fmt: skip
    assert (
        "thay đổi quá 50,5% so với kỳ trước"
        in client.get(_url("version-detail", version.pk)).content.decode()
    )
    client.post(_url("rule-remove", rule.pk), **HTMX)
    assert list(ValidationRule.objects.values_list("kind", flat=True)) == ["change_comment"]


@pytest.mark.django_db
def test_publish_freezes_and_a_new_version_copies_the_latest(area, user_of_role, client):
    form, version = draft_form(area.provincial_committee)
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("version-publish", version.pk), {"note": "Ban hành lần đầu"})
    assert response["Location"] == _url("form-detail", form.pk)
    version.refresh_from_db()
    assert version.is_published and version.note == "Ban hành lần đầu"

    page = client.get(_url("version-detail", version.pk)).content.decode()
    assert 'data-testid="frozen-note"' in page and 'data-testid="section-add"' not in page
    refused = client.post(_url("section-add", version.pk), {"title": "Thêm"}, follow=True)
    assert "đã phát hành" in refused.content.decode()
    assert not FormSection.objects.filter(title="Thêm").exists()

    detail = client.get(_url("form-detail", form.pk)).content.decode()
    assert 'data-testid="version-new"' in detail
    response = client.post(_url("form-version-new", form.pk))
    v2 = form.versions.get(number=2)
    assert response["Location"] == _url("version-detail", v2.pk)
    assert FormField.objects.filter(section__version=v2).count() == 5
    assert v2.rules.count() == 2
    detail = client.get(_url("form-detail", form.pk)).content.decode()
    assert 'data-testid="version-new"' not in detail and "Sửa bản nháp" in detail


@pytest.mark.django_db
def test_publishing_an_empty_draft_is_refused_with_the_reason(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee, sections={"I": []})
    client.force_login(user_of_role("standing_staff"))
    response = client.post(_url("version-publish", version.pk), {"note": ""})
    assert response.status_code == 200
    assert "chưa có chỉ tiêu" in response.content.decode()
    version.refresh_from_db()
    assert not version.is_published


@pytest.mark.django_db
def test_preview_shows_the_version_as_the_submitter_sees_it(area, user_of_role, client):
    _form, version = published_yearly_form(area.provincial_committee)
    client.force_login(user_of_role("leader"))
    page = client.get(_url("version-preview", version.pk)).content.decode()
    assert "Tổng số khu dân cư" in page and "Tỷ lệ hộ ký cam kết" in page
    assert "Từ 0 đến 100." in page and "Tối đa 2 chữ số thập phân." in page
    assert '<fieldset disabled data-testid="preview">' in page
    assert 'type="file"' in page and "<textarea" in page
    assert "«Số khu dân cư được công nhận an toàn» không lớn hơn «Tổng số khu dân cư»" in page


@pytest.mark.django_db
def test_leader_reads_forms_without_edit_buttons(area, user_of_role, client):
    form, version = draft_form(area.provincial_committee)
    client.force_login(user_of_role("leader"))
    detail = client.get(_url("form-detail", form.pk)).content.decode()
    assert "Báo cáo kết quả phong trào" in detail and 'data-testid="version-new"' not in detail
    page = client.get(_url("version-detail", version.pk)).content.decode()
    assert "Tổng số khu dân cư" in page
    assert 'data-testid="section-add"' not in page and 'data-testid="field-add"' not in page
    assert client.post(_url("section-add", version.pk), {"title": "X"}).status_code == 403
    assert 'data-testid="form-create"' not in client.get(_url("form-list")).content.decode()


@pytest.mark.django_db
def test_another_provinces_form_is_not_found(area, user_of_role, client):
    form, version = draft_form(area.other_committee)
    section = version.sections.first()
    client.force_login(user_of_role("standing_staff"))
    for url in [_url("form-detail", form.pk), _url("version-detail", version.pk),
                _url("version-preview", version.pk), _url("form-history", form.pk),
                _url("field-add", section.pk)]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(_url("section-add", version.pk), {"title": "X"}).status_code == 404
    assert client.post(_url("section-remove", section.pk)).status_code == 404
    assert version.sections.count() == 2
    assert form.name not in client.get(_url("form-list")).content.decode()


@pytest.mark.django_db
def test_form_history_lists_changes(area, user_of_role, client):
    form, _version = draft_form(area.provincial_committee)
    client.force_login(user_of_role("standing_staff"))
    page = client.get(_url("form-history", form.pk)).content.decode()
    assert "Lịch sử thay đổi" in page and "Tạo mới" in page


@pytest.mark.django_db
def test_form_list_query_count_is_bounded(
    area, user_of_role, client, django_assert_max_num_queries
):
    for number in range(30):
        form, version = draft_form(area.provincial_committee, code=f"mau-{number}",
                                   name=f"Báo cáo số {number}", sections={"I": []})  # fmt: skip
    client.force_login(user_of_role("standing_staff"))
    client.get(_url("form-list"))
    with django_assert_max_num_queries(12):
        page = client.get(_url("form-list")).content.decode()
    assert "Báo cáo số 29" in page


@pytest.mark.django_db
def test_form_pages_query_counts_are_bounded(
    area, user_of_role, client, django_assert_max_num_queries
):
    sections = {f"Phần {s}": [(f"chi_tieu_{s}_{i}", f"Chỉ tiêu {s}.{i}", {"unit": "vụ"})
                              for i in range(10)] for s in range(4)}  # fmt: skip
    form, version = draft_form(area.provincial_committee, sections=sections)
    extra = OrganizationFactory(unit=area.province)
    for number in range(2, 8):
        draft_form(extra, code=f"khac-{number}", sections={"I": []})
    client.force_login(user_of_role("standing_staff"))
    for url in [_url("version-detail", version.pk), _url("version-preview", version.pk),
                _url("form-detail", form.pk)]:  # fmt: skip
        client.get(url)
        with django_assert_max_num_queries(18):
            response = client.get(url)
        assert response.status_code == 200
    # A change writes its row and its history, then sends the whole editor back.
    with django_assert_max_num_queries(24):
        response = client.post(_url("section-add", version.pk), {"title": "Mới"}, **HTMX)
    assert response.status_code == 200
