"""Journey: a clerk registers a directive from its text and sees its tasks."""

import pytest

from organizations.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import login

DIRECTIVE = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 07/CT-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 09 tháng 02 năm 2026
CHỈ THỊ
Về đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026
Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, Chủ tịch UBND tỉnh yêu cầu:
1. Giao Công an tỉnh Lạng Sơn chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc, hoàn thành trước ngày 30/6/2027.
2. Sở Giáo dục và Đào tạo định kỳ trước ngày 10-12 hằng năm báo cáo kết quả thực hiện về UBND tỉnh qua Công an tỉnh.
Nơi nhận:
- Bộ Công an (b/c);
- Công an tỉnh Lạng Sơn (t/h);
- Lưu: VT, NC.
CHỦ TỊCH
Hoàng Văn Minh
"""


@pytest.mark.django_db(transaction=True)
def test_register_a_directive_from_its_text_and_see_its_tasks(page, live_server, screenshot):
    seed_demo()
    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Văn bản").first.click()
    page.get_by_role("link", name="Đăng ký từ nội dung văn bản").click()
    page.get_by_label("Dán nội dung văn bản").fill(DIRECTIVE)
    page.get_by_role("button", name="Đọc văn bản").click()

    assert page.get_by_label("Số, ký hiệu").input_value() == "07/CT-UBND"
    assert page.get_by_label("Ngày ban hành").input_value() == "2026-02-09"
    assert page.get_by_test_id("task-forms").locator("fieldset").count() == 2
    screenshot("directive-review-form")
    page.get_by_label("Cơ quan ban hành", exact=True).select_option(
        label="Ủy ban nhân dân tỉnh Lạng Sơn"
    )
    page.get_by_role("button", name="Lưu văn bản").click()

    page.get_by_role("heading", name="Chỉ thị 07/CT-UBND").wait_for()
    tasks = page.get_by_test_id("document-tasks")
    assert "Ngày hội toàn dân" in tasks.inner_text()
    assert "Công an tỉnh Lạng Sơn" in tasks.inner_text()
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_test_id("document-status").filter(has_text="Ban hành").wait_for()
    screenshot("directive-issued")
    assert "Đang thực hiện, trong hạn" in page.get_by_test_id("document-tasks").inner_text()
    assert "Kết luận 44-KL/TW" in page.get_by_test_id("cites").inner_text() or (
        "44-KL/TW" in page.get_by_test_id("cites").inner_text()
    )
    screenshot("directive-detail")

    page.context.clear_cookies()
    login(page, live_server, "so_nganh", DEMO_PASSWORD)
    page.get_by_role("link", name="Nhiệm vụ của tôi").click()
    assert "07/CT-UBND" in page.get_by_test_id("task-table").inner_text()
    screenshot("agency-my-tasks")
