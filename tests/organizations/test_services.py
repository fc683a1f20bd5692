"""Services of the organizations app: people, roles, organizations, history."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from organizations.models import Organization, RoleAssignment
from organizations.permissions import group_name_for
from organizations.services.organizations import (
    organization_create,
    organization_ensure,
    organization_update,
)
from organizations.services.people import (
    membership_add,
    role_assign,
    role_groups_sync,
    role_revoke,
    user_create,
    user_update,
)
from tests.organizations.factories import UserFactory

Role = RoleAssignment.Role


@pytest.mark.django_db
def test_role_assign_requires_a_scope_for_every_role_but_admin(area):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        role_assign(user=user, role=Role.STANDING_STAFF, organization=area.police)
    assert "địa bàn" in str(error.value)
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_role_assign_committee_role_needs_a_committee(area):
    user = UserFactory()
    with pytest.raises(ValidationError, match="Ban Chỉ đạo"):
        role_assign(
            user=user, role=Role.COMMITTEE, organization=area.police, scope_unit=area.province
        )


@pytest.mark.django_db
def test_role_assign_refuses_a_scope_outside_the_organizations_area(area):
    user = UserFactory()
    with pytest.raises(ValidationError, match="phải nằm trong địa bàn"):
        role_assign(
            user=user,
            role=Role.COMMITTEE,
            organization=area.district_committee_1,
            scope_unit=area.other_province,
        )


@pytest.mark.django_db
def test_role_assign_joins_the_group_with_its_permissions_and_revoke_leaves_it(area):
    role_groups_sync()
    user = UserFactory()
    assignment = role_assign(
        user=user, role=Role.STANDING_STAFF, organization=area.police, scope_unit=area.province
    )
    group = Group.objects.get(name=group_name_for(Role.STANDING_STAFF))
    assert group in user.groups.all()
    assert user.has_perm("organizations.view_organization")
    role_revoke(assignment=assignment)
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert group not in user.groups.all()


@pytest.mark.django_db
def test_role_assign_is_idempotent_and_reactivates(area):
    user = UserFactory()
    first = role_assign(
        user=user,
        role=Role.LEADER,
        organization=area.provincial_committee,
        scope_unit=area.province,
    )
    role_revoke(assignment=first)
    second = role_assign(
        user=user,
        role=Role.LEADER,
        organization=area.provincial_committee,
        scope_unit=area.province,
    )
    assert first.pk == second.pk and second.is_active
    assert RoleAssignment.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_user_create_refuses_a_taken_username_case_insensitively():
    user_create(username="canbo", full_name="Cán bộ A")
    with pytest.raises(ValidationError, match="đã có người dùng"):
        user_create(username="CanBo", full_name="Cán bộ B")


@pytest.mark.django_db
def test_user_create_without_password_cannot_log_in_until_reset():
    user = user_create(username="moi", full_name="Người Mới", email="moi@antq.local")
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_user_update_keeps_history_of_who_changed_what(area):
    user = user_create(username="lichsu", full_name="Trần Văn A", position="Cán bộ")
    user_update(user=user, position="Phó Trưởng phòng")
    records = list(user.history.order_by("history_date"))
    assert [r.position for r in records] == ["Cán bộ", "Phó Trưởng phòng"]
    assert not hasattr(records[0], "password")


@pytest.mark.django_db
def test_organization_create_refuses_a_duplicate_name_in_the_same_unit(area):
    with pytest.raises(ValidationError, match="cùng tên"):
        organization_create(
            name=area.police.name, kind=Organization.Kind.POLICE, unit=area.province
        )


@pytest.mark.django_db
def test_organization_create_fills_the_search_key_without_diacritics(area):
    organization = organization_create(
        name="Hội Cựu chiến binh tỉnh", kind=Organization.Kind.MASS_ORGANIZATION, unit=area.province
    )
    assert organization.search_key == "hoi cuu chien binh tinh"


@pytest.mark.django_db
def test_organization_update_refuses_an_end_before_the_start(area):
    import datetime

    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        organization_update(
            organization=area.police,
            valid_from=datetime.date(2025, 7, 1),
            valid_to=datetime.date(2025, 1, 1),
        )


@pytest.mark.django_db
def test_organization_ensure_is_idempotent(area):
    first = organization_ensure(
        name="Tỉnh đoàn", kind=Organization.Kind.MASS_ORGANIZATION, unit=area.province
    )
    history_count = first.history.count()
    second = organization_ensure(
        name="Tỉnh đoàn", kind=Organization.Kind.MASS_ORGANIZATION, unit=area.province
    )
    assert first.pk == second.pk
    assert second.history.count() == history_count


@pytest.mark.django_db
def test_membership_add_only_into_a_committee(area):
    person = UserFactory()
    with pytest.raises(ValidationError):
        membership_add(committee=area.police, person=person, committee_role="member")
    membership = membership_add(
        committee=area.provincial_committee, person=person, committee_role="head"
    )
    assert membership.get_committee_role_display() == "Trưởng ban"
