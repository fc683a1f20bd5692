"""Pages of the organizations app: content, scope, bounded queries, throttled login."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from organizations.models import RoleAssignment, User
from tests.organizations.factories import OrganizationFactory, UnitFactory, UserFactory


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in content
    assert "Đăng nhập Cổng ANTQ" in content
    assert "Tên đăng nhập" in content and "Mật khẩu" in content


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(area, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="bikhoa")
    client = Client()
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "bikhoa", "password": "sai"})
    response = client.post(
        reverse("login"), {"username": "bikhoa", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert user.pk


@pytest.mark.django_db
def test_password_reset_sends_a_vietnamese_email(client):
    UserFactory(username="quenmk", email="quenmk@antq.local")
    response = client.post(reverse("password_reset"), {"email": "quenmk@antq.local"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đặt lại mật khẩu Cổng ANTQ"
    assert "Tên đăng nhập của bạn: quenmk" in mail.outbox[0].body


@pytest.mark.django_db
def test_unit_detail_shows_parents_children_predecessors_and_successors(area, user_of_role):
    client = _client_for(user_of_role("standing_staff"))
    response = client.get(reverse("organizations:unit-detail", args=[area.district_1.pk]))
    content = response.content.decode()
    assert "Tỉnh Lạng Thử" in content  # parent (legacy province)
    assert "Xã Đồng Đăng Cũ" in content  # child
    response = client.get(reverse("organizations:unit-detail", args=[area.commune_1.pk]))
    predecessors = response.context["family"].predecessors
    assert [link.predecessor for link in predecessors] == [area.old_commune_1]
    response = client.get(reverse("organizations:unit-detail", args=[area.old_commune_1.pk]))
    assert [link.successor for link in response.context["family"].successors] == [area.commune_1]


@pytest.mark.django_db
def test_unit_list_search_works_without_diacritics(area, user_of_role):
    client = _client_for(user_of_role("admin"))
    response = client.get(reverse("organizations:unit-list"), {"q": "dong dang"})
    names = {unit.name for unit in response.context["units"]}
    assert names == {"Xã Đồng Đăng", "Xã Đồng Đăng Cũ"}


@pytest.mark.django_db
def test_unit_list_of_a_district_committee_holds_only_its_area(area, user_of_role):
    client = _client_for(user_of_role("district_committee"))
    response = client.get(reverse("organizations:unit-list"))
    names = {unit.name for unit in response.context["units"]}
    assert "Huyện Cao Thử" in names and "Xã Đồng Đăng" in names
    assert "Huyện Văn Thử" not in names and "Tỉnh Khác Xa" not in names


@pytest.mark.django_db
def test_unit_autocomplete_answers_json_within_scope(area, user_of_role):
    client = _client_for(user_of_role("district_committee"))
    response = client.get(reverse("organizations:unit-autocomplete"), {"q": "xa"})
    texts = [row["text"] for row in response.json()["results"]]
    assert any("Đồng Đăng" in text for text in texts)
    assert not any("Xa Lạ" in text for text in texts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["organizations:unit-list", "organizations:organization-list", "home"]
)
def test_list_pages_run_a_bounded_number_of_queries(
    area, user_of_role, django_assert_max_num_queries, url_name
):
    for number in range(40):
        commune = UnitFactory(
            name=f"Xã Thêm {number}", level=3, parent=area.province, unit_type="Xã"
        )
        OrganizationFactory(name=f"Ban Chỉ đạo 138 xã Thêm {number}", unit=commune)
    client = _client_for(user_of_role("standing_staff"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_user_list_runs_a_bounded_number_of_queries(
    area, user_of_role, django_assert_max_num_queries
):
    admin = user_of_role("admin")
    for name in ["standing_staff", "leader", "district_committee", "commune_committee", "agency"]:
        user_of_role(name)
    client = _client_for(admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organizations:user-list"))
    assert len(response.context["people"]) == 6


@pytest.mark.django_db
def test_admin_creates_a_person_and_gives_a_role(area, user_of_role):
    client = _client_for(user_of_role("admin"))
    response = client.post(
        reverse("organizations:user-create"),
        {
            "username": "canbomoi",
            "full_name": "Lộc Văn Mới",
            "position": "Cán bộ",
            "organization": area.commune_committee_1.pk,
            "email": "moi@antq.local",
            "phone": "",
        },
    )
    person = User.objects.get(username="canbomoi")
    assert response.status_code == 302
    response = client.post(
        reverse("organizations:user-role-assign", args=[person.pk]),
        {
            "role": "committee",
            "organization": area.commune_committee_1.pk,
            "scope_unit": area.commune_1.pk,
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=person).scope_unit == area.commune_1


@pytest.mark.django_db
def test_role_assign_error_is_shown_beside_the_field(area, user_of_role):
    client = _client_for(user_of_role("admin"))
    person = UserFactory()
    response = client.post(
        reverse("organizations:user-role-assign", args=[person.pk]),
        {"role": "standing_staff", "organization": area.police.pk},
    )
    assert response.status_code == 400
    assert "Hãy chọn địa bàn" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_history_page_shows_who_changed_what(area, user_of_role):
    admin = user_of_role("admin")
    client = _client_for(admin)
    client.post(
        reverse("organizations:organization-edit", args=[area.police.pk]),
        {
            "name": area.police.name,
            "short_name": "CAT",
            "kind": "police",
            "unit": area.province.pk,
            "parent": "",
            "document_series_code": "CAT-LT",
            "email": "",
            "valid_from": "",
            "valid_to": "",
        },
    )
    response = client.get(reverse("organizations:organization-history", args=[area.police.pk]))
    content = response.content.decode()
    assert "CAT-LT" in content
    assert str(admin) in content
    assert "Sửa" in content


@pytest.mark.django_db
def test_admin_seats_a_member_in_a_committee_and_ends_the_seat(area, user_of_role):
    client = _client_for(user_of_role("admin"))
    person = user_of_role("district_committee")
    response = client.post(
        reverse("organizations:organization-membership-add", args=[area.district_committee_1.pk]),
        {"person": person.pk, "committee_role": "standing_deputy", "start_date": "2025-01-02"},
    )
    assert response.status_code == 302
    membership = area.district_committee_1.memberships.get()
    assert membership.get_committee_role_display() == "Phó Trưởng ban thường trực"
    page = client.get(
        reverse("organizations:organization-detail", args=[area.district_committee_1.pk])
    )
    assert "Phó Trưởng ban thường trực" in page.content.decode()
    client.post(
        reverse(
            "organizations:organization-membership-end",
            args=[area.district_committee_1.pk, membership.pk],
        )
    )
    membership.refresh_from_db()
    assert membership.end_date is not None
