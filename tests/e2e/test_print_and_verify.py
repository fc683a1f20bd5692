"""Journey: print a signed notice, open its verification page, upload a tampered copy."""

import pytest
from django.core.management import call_command

from directives.models import Document
from organizations.demo import DEMO_PASSWORD
from tests.e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_print_a_notice_verify_it_and_refuse_a_tampered_copy(
    page, live_server, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRINTING_KEYS_DIR = tmp_path / "keys"
    settings.PRINTING_TRUST_ROOTS = [str(tmp_path / "keys" / "ca.pem")]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discarded output
    document = Document.objects.get(number_symbol="02/CT-UBND")

    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/van-ban/{document.pk}/")
    page.get_by_role("button", name="In văn bản").click()
    code_link = page.get_by_test_id("verification-code").first
    code = code_link.inner_text()
    href = page.get_by_test_id("issued-pdfs").get_by_role("link", name="Lần 1").get_attribute(
        "href"
    )
    pdf_path = tmp_path / "ban-in.pdf"
    pdf_path.write_bytes(page.request.get(f"{live_server.url}{href}").body())
    assert pdf_path.read_bytes().startswith(b"%PDF")
    screenshot("print-detail")

    page.context.clear_cookies()  # the verification page needs no login
    page.goto(f"{live_server.url}/xac-thuc/{code}/")
    result = page.get_by_test_id("verification-result").first.inner_text()
    assert "Văn bản hợp lệ" in result
    assert "02/CT-UBND" in page.get_by_test_id("issued-record").inner_text()
    screenshot("verify-code")

    data = bytearray(pdf_path.read_bytes())
    index = data.index(b"/Type /Page") if b"/Type /Page" in data else len(data) // 3
    data[index + 3] ^= 0x01  # one changed byte inside the signed range
    tampered = tmp_path / "ban-sua.pdf"
    tampered.write_bytes(bytes(data))
    page.goto(f"{live_server.url}/xac-thuc/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(tampered))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = page.get_by_test_id("verification-result").inner_text()
    assert "Không hợp lệ" in result
    assert "Khớp bản đã phát hành trong sổ: Không" in result
    screenshot("verify-tampered")
