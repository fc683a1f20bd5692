"""`seed_demo`: the demo province in both eras and one person per role, idempotent."""

import io

import pytest
from django.core.management import call_command

from organizations.models import AdministrativeUnit, Organization, RoleAssignment, User
from organizations.permissions import scope_of


@pytest.mark.django_db
def test_seed_demo_creates_every_role_once_and_is_idempotent():
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    counts = (User.objects.count(), Organization.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", stdout=second)
    assert counts == (
        User.objects.count(),
        Organization.objects.count(),
        RoleAssignment.objects.count(),
    )
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(RoleAssignment.Role.values)
    for output in (first.getvalue(), second.getvalue()):
        assert "quantri" in output and "antq@2025" in output and "bcd_huyen" in output


@pytest.mark.django_db
def test_seed_demo_describes_the_province_in_both_eras():
    call_command("seed_demo", stdout=io.StringIO())
    legacy = AdministrativeUnit.objects.get(era="legacy", level=1, short_name="Lạng Sơn")
    current = AdministrativeUnit.objects.get(era="2025", level=1, short_name="Lạng Sơn")
    assert legacy.children.filter(level=2).count() == 11
    assert current.children.filter(level=3).exists()
    assert current in legacy.successors.all()
    district_user = User.objects.get(username="bcd_huyen")
    other_district_user = User.objects.get(username="bcd_huyen2")
    assert not scope_of(district_user).unit_ids & {
        unit.pk for unit in scope_of(other_district_user).scope_units
    }
