"""Journey: a clerk registers a model, reviews it, and finds it in the province's counts."""

import pytest

from organizations.demo import DEMO_PASSWORD, seed_demo
from organizations.models import AdministrativeUnit
from tests.e2e.conftest import login
from tests.models_registry.factories import ensure_reference_data


@pytest.mark.django_db(transaction=True)
def test_register_a_model_and_review_it(page, live_server, screenshot):
    ensure_reference_data()
    seed_demo()
    province = AdministrativeUnit.objects.get(
        era=AdministrativeUnit.Era.REFORM_2025,
        level=AdministrativeUnit.Level.PROVINCE,
        short_name="Lạng Sơn",
    )
    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Mô hình tự quản").first.click()
    page.get_by_role("link", name="Đăng ký mô hình").click()
    page.get_by_label("Tên mô hình").fill("Giáo xứ bình yên")
    page.get_by_label("Lĩnh vực").select_option(
        label="Tôn giáo, dân tộc (giáo xứ, bản làng bình yên)"
    )
    page.get_by_label("Cấp phát động").select_option(
        label="Công an tỉnh và các ban, ngành, đoàn thể"
    )
    page.get_by_label("Địa bàn quản lý").select_option(value=str(province.pk))
    page.get_by_label("Ngày ra mắt, bắt đầu hoạt động").fill("2020-05-01")
    page.get_by_label("Số, ký hiệu quyết định thành lập").fill("15/QĐ-BCĐ")
    page.get_by_label("Mục tiêu").fill("Giữ bình yên giáo xứ, không có tội phạm.")
    screenshot("model-register-form")
    page.get_by_role("button", name="Lưu mô hình").click()

    page.get_by_role("heading", name="Giáo xứ bình yên").wait_for()
    assert "Đang hoạt động" in page.get_by_test_id("model-status").inner_text()
    page.get_by_role("link", name="Sơ kết, tổng kết", exact=True).click()
    page.get_by_label("Hình thức").select_option(label="Sơ kết")
    page.get_by_label("Ngày sơ kết, tổng kết").fill("2024-12-10")
    page.get_by_label("Đánh giá").select_option(label="Hoạt động hình thức")
    page.get_by_label("Kết quả, nhận xét").fill("Chưa duy trì sinh hoạt thường xuyên.")
    page.get_by_role("button", name="Ghi nhận sơ kết, tổng kết").click()

    page.get_by_role("heading", name="Giáo xứ bình yên").wait_for()
    reviews = page.get_by_test_id("model-reviews").inner_text()
    assert "Hoạt động hình thức" in reviews and "10/12/2024" in reviews
    screenshot("model-reviewed")

    page.get_by_role("link", name="Mô hình tự quản").first.click()
    page.get_by_role("link", name="Cần rà soát").click()
    assert "Giáo xứ bình yên" in page.get_by_test_id("needs-review-table").inner_text()

    page.get_by_role("link", name="Mô hình tự quản").first.click()
    page.get_by_role("link", name="Thống kê").first.click()
    sentence = page.get_by_test_id("counts-sentence").inner_text()
    assert "do Công an tỉnh và các ban, ngành, đoàn thể phối hợp xây dựng" in sentence
    screenshot("model-counts")
