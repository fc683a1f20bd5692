"""Pages of the registry: success paths, denial for another area, bounded query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from models_registry.models import ModelReview, SecurityModel
from tests.models_registry.factories import add_review, add_site, category, level, make_model

D = datetime.date


def _many(area, n=12):
    models = []
    for i in range(n):
        model = make_model(unit=area.province if i % 2 else area.district_1, name=f"Mô hình {i}",
                           level_code=["tinh-uy", "ubnd-tinh", "cap-xa"][i % 3],
                           category_order=1 + i % 4)  # fmt: skip
        add_site(model, unit=area.commune_1, teams=2)
        add_review(model, on=D(2021, 1, 1) if i % 2 else D(2025, 6, 1),
                   assessment="formal" if i % 5 == 0 else "effective")  # fmt: skip
        models.append(model)
    return models


@pytest.mark.django_db
def test_clerk_registers_a_model_and_reviews_it(area, user_of_role, client):
    client.force_login(user_of_role("standing_staff"))
    response = client.post(
        reverse("models_registry:model-create"),
        {
            "name": "Giáo xứ bình yên",
            "category": category(5).pk,
            "launch_level": level("cong-an-tinh-ban-nganh").pk,
            "unit": area.province.pk,
            "started_on": "2020-05-01",
            "managing_organization": area.police.pk,
            "founding_number_symbol": "15/QĐ-BCĐ",
            "founding_date": "2020-04-20",
            "goals": "Giữ bình yên giáo xứ",
        },
    )
    model = SecurityModel.objects.get(name="Giáo xứ bình yên")
    assert response.status_code == 302
    assert response["Location"] == reverse("models_registry:model-detail", args=[model.pk])
    response = client.post(
        reverse("models_registry:review-add", args=[model.pk]),
        {"kind": "final", "reviewed_on": "2024-12-01", "assessment": "effective",
         "findings": "Hiệu quả", "reviewing_organization": area.police.pk},
    )  # fmt: skip
    assert response.status_code == 302
    review = ModelReview.objects.get(model=model)
    assert review.kind == "final" and review.reviewing_organization == area.police
    page = client.get(reverse("models_registry:model-detail", args=[model.pk]))
    assert "Tổng kết" in page.content.decode()


@pytest.mark.django_db
def test_review_form_shows_service_error_beside_the_field(area, user_of_role, client):
    model = make_model(unit=area.province)
    client.force_login(user_of_role("standing_staff"))
    response = client.post(
        reverse("models_registry:review-add", args=[model.pk]),
        {"kind": "interim", "reviewed_on": "2010-01-01", "assessment": "effective"},
    )
    assert response.status_code == 200
    assert "trước ngày mô hình hoạt động" in response.content.decode()
    assert not model.reviews.exists()


@pytest.mark.django_db
def test_retire_site_recommend_recognise_and_rate_through_pages(area, user_of_role, client):
    model = make_model(unit=area.province)
    client.force_login(user_of_role("standing_staff"))
    url = lambda name: reverse(f"models_registry:{name}", args=[model.pk])  # noqa: E731
    assert client.post(url("site-add"), {"unit": area.commune_1.pk, "place": "Thôn 1",
                                         "started_on": "2020-01-01", "teams": 2,
                                         "members": 10}).status_code == 302  # fmt: skip
    assert client.post(url("model-replicate"), {"on": "2021-01-01", "to": "Bộ Công an"}
                       ).status_code == 302  # fmt: skip
    recognition = {"on": "2021-08-19", "level": "Bộ Công an", "decision": "1/QĐ-BCA"}
    assert client.post(url("model-recognize"), recognition).status_code == 302
    assert client.post(url("rating-set"), {"year": 2021, "grade": "good"}).status_code == 302
    retire = {"on": "2024-01-01", "reason": "Hết nhu cầu"}
    assert client.post(url("model-retire"), retire).status_code == 302
    model.refresh_from_db()
    assert model.is_retired and model.is_exemplary and model.sites.get().teams == 2
    assert model.ratings.get().grade == "good"
    history = client.get(url("model-history"))
    assert history.status_code == 200


@pytest.mark.django_db
def test_model_edit_denied_to_another_area(area, user_of_role, client):
    model = make_model(unit=area.district_1)
    client.force_login(user_of_role("other_district_committee"))
    assert client.get(reverse("models_registry:model-edit", args=[model.pk])).status_code == 404
    assert client.get(reverse("models_registry:model-detail", args=[model.pk])).status_code == 404


@pytest.mark.django_db
def test_list_counts_and_review_pages_have_bounded_queries(
    area, user_of_role, client, django_assert_max_num_queries
):
    _many(area)
    client.force_login(user_of_role("standing_staff"))
    client.get(reverse("models_registry:model-list"))  # warm the session and scope
    pages = [
        reverse("models_registry:model-list"),
        reverse("models_registry:model-list") + "?status=active&q=M",
        reverse("models_registry:model-counts"),
        reverse("models_registry:model-counts") + f"?date=2021-12-31&area={area.district_1.pk}",
        reverse("models_registry:model-counts-export") + "?date=2021-12-31",
        reverse("models_registry:model-needs-review"),
        reverse("models_registry:model-export"),
    ]
    # 21: a page's own queries and the notification bell's unread count.
    for url in pages:
        with django_assert_max_num_queries(21):
            response = client.get(url)
        assert response.status_code == 200, url
    _many_more = [make_model(unit=area.province, name=f"Thêm {i}") for i in range(10)]
    for url in pages:
        with django_assert_max_num_queries(21):
            assert client.get(url).status_code == 200
    del _many_more


@pytest.mark.django_db
def test_detail_page_queries_do_not_grow_with_sites(
    area, user_of_role, client, django_assert_max_num_queries
):
    model = make_model(unit=area.province)
    for i in range(15):
        add_site(model, unit=area.commune_1, place=f"Thôn {i}")
        add_review(model, on=D(2020 + i % 5, 1 + i % 12, 1))
    client.force_login(user_of_role("standing_staff"))
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("models_registry:model-detail", args=[model.pk])).status_code == 200
        )


@pytest.mark.django_db
def test_counts_page_shows_the_sentence_and_exports_it(area, user_of_role, client):
    make_model(unit=area.province, name="A", level_code="tinh-uy")
    make_model(unit=area.province, name="B", level_code="ubnd-tinh")
    retired = make_model(unit=area.province, name="C", level_code="ubnd-tinh")
    from models_registry.services.models import model_retire

    model_retire(model=retired, on=D(2023, 1, 1), reason="Hình thức")
    client.force_login(user_of_role("standing_staff"))
    page = client.get(reverse("models_registry:model-counts") + "?date=2021-12-31")
    text = page.content.decode()
    assert ("3 mô hình; trong đó 1 mô hình do Tỉnh ủy phát động; "
            "2 mô hình do UBND tỉnh phát động.") in text  # fmt: skip
    export = client.get(reverse("models_registry:model-counts-export") + "?date=2021-12-31")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["Số mô hình đang hoạt động"] == 3
    assert sheet.cell(1, 1).value == "Chỉ tiêu"


@pytest.mark.django_db
def test_register_export_has_vietnamese_headers_and_three_sheets(area, user_of_role, client):
    model = make_model(unit=area.province, name="Camera giám sát ANTT")
    add_site(model, unit=area.commune_1)
    add_review(model, on=D(2022, 1, 1))
    client.force_login(user_of_role("standing_staff"))
    response = client.get(reverse("models_registry:model-export"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Mô hình", "Điểm nhân rộng", "Sơ kết, tổng kết"]
    headers = [c.value for c in book["Mô hình"][1]]
    assert headers[:4] == ["Tên mô hình", "Lĩnh vực", "Cấp phát động", "Mã địa bàn"]
    assert book["Mô hình"].cell(2, 1).value == "Camera giám sát ANTT"
    assert book["Điểm nhân rộng"].cell(2, 1).value == "Camera giám sát ANTT"


@pytest.mark.django_db
def test_needs_review_page_lists_due_models(area, user_of_role, client):
    make_model(unit=area.province, name="Chưa sơ kết bao giờ", started_on=D(2019, 1, 1))
    fresh = make_model(unit=area.province, name="Vừa sơ kết", started_on=D(2019, 1, 1))
    add_review(fresh, on=timezone.localdate() - datetime.timedelta(days=30))
    client.force_login(user_of_role("district_committee"))
    page = client.get(reverse("models_registry:model-needs-review")).content.decode()
    assert "Chưa sơ kết bao giờ" not in page  # outside the district committee's area
    client.force_login(user_of_role("standing_staff"))
    page = client.get(reverse("models_registry:model-needs-review")).content.decode()
    assert "Chưa sơ kết bao giờ" in page and "Vừa sơ kết" not in page
