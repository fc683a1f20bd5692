"""Shared fixtures: a small province in both eras, and one person per role over it."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from organizations.models import AdministrativeUnit, Organization, RoleAssignment, User
from organizations.services.people import role_assign
from tests.organizations.factories import OrganizationFactory, UnitFactory, UserFactory, succession

# CI replays the same examples every run (a failure there is reproducible, not a coin toss)
# and does not time single examples on a shared 2-core machine.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

Level = AdministrativeUnit.Level
Era = AdministrativeUnit.Era
Role = RoleAssignment.Role


@dataclass
class Area:
    """Tỉnh A (2025) formed from old Tỉnh A, whose districts D1 and D2 held communes that
    became the new communes C1 and C2; plus an unrelated province B."""

    province: AdministrativeUnit
    legacy_province: AdministrativeUnit
    district_1: AdministrativeUnit
    district_2: AdministrativeUnit
    old_commune_1: AdministrativeUnit
    old_commune_2: AdministrativeUnit
    commune_1: AdministrativeUnit
    commune_2: AdministrativeUnit
    other_province: AdministrativeUnit
    other_commune: AdministrativeUnit
    provincial_committee: Organization
    police: Organization
    district_committee_1: Organization
    district_committee_2: Organization
    commune_committee_1: Organization
    department: Organization
    other_committee: Organization


@pytest.fixture
def area(db) -> Area:
    province = UnitFactory(name="Tỉnh Lạng Thử", short_name="Lạng Thử", code="90")
    legacy = UnitFactory(name="Tỉnh Lạng Thử", short_name="Lạng Thử", code="90", era=Era.LEGACY)
    d1 = UnitFactory(
        name="Huyện Cao Thử",
        short_name="Cao Thử",
        level=Level.DISTRICT,
        era=Era.LEGACY,
        parent=legacy,
        unit_type="Huyện",
        code="901",
    )
    d2 = UnitFactory(
        name="Huyện Văn Thử",
        short_name="Văn Thử",
        level=Level.DISTRICT,
        era=Era.LEGACY,
        parent=legacy,
        unit_type="Huyện",
        code="902",
    )
    oc1 = UnitFactory(
        name="Xã Đồng Đăng Cũ",
        short_name="Đồng Đăng Cũ",
        level=Level.COMMUNE,
        era=Era.LEGACY,
        parent=d1,
        unit_type="Xã",
        code="90101",
    )
    oc2 = UnitFactory(
        name="Xã Hoàng Đồng Cũ",
        short_name="Hoàng Đồng Cũ",
        level=Level.COMMUNE,
        era=Era.LEGACY,
        parent=d2,
        unit_type="Xã",
        code="90201",
    )
    c1 = UnitFactory(
        name="Xã Đồng Đăng",
        short_name="Đồng Đăng",
        level=Level.COMMUNE,
        parent=province,
        unit_type="Xã",
        code="90001",
    )
    c2 = UnitFactory(
        name="Phường Hoàng Đồng",
        short_name="Hoàng Đồng",
        level=Level.COMMUNE,
        parent=province,
        unit_type="Phường",
        code="90002",
    )
    succession(legacy, province)
    succession(oc1, c1)
    succession(oc2, c2)
    other = UnitFactory(name="Tỉnh Khác Xa", short_name="Khác Xa", code="91")
    other_commune = UnitFactory(
        name="Xã Xa Lạ",
        short_name="Xa Lạ",
        level=Level.COMMUNE,
        parent=other,
        unit_type="Xã",
        code="91001",
    )
    ubnd = OrganizationFactory(
        name="Ủy ban nhân dân tỉnh Lạng Thử",
        kind=Organization.Kind.PEOPLES_COMMITTEE,
        unit=province,
        document_series_code="UBND",
    )
    return Area(
        province=province,
        legacy_province=legacy,
        district_1=d1,
        district_2=d2,
        old_commune_1=oc1,
        old_commune_2=oc2,
        commune_1=c1,
        commune_2=c2,
        other_province=other,
        other_commune=other_commune,
        provincial_committee=OrganizationFactory(
            name="Ban Chỉ đạo 138 tỉnh Lạng Thử", unit=province, parent=ubnd
        ),
        police=OrganizationFactory(
            name="Công an tỉnh Lạng Thử",
            kind=Organization.Kind.POLICE,
            unit=province,
            document_series_code="CAT",
        ),
        district_committee_1=OrganizationFactory(name="Ban Chỉ đạo 138 huyện Cao Thử", unit=d1),
        district_committee_2=OrganizationFactory(name="Ban Chỉ đạo 138 huyện Văn Thử", unit=d2),
        commune_committee_1=OrganizationFactory(name="Ban Chỉ đạo 138 xã Đồng Đăng", unit=c1),
        department=OrganizationFactory(
            name="Sở Giáo dục và Đào tạo Lạng Thử",
            kind=Organization.Kind.DEPARTMENT,
            unit=province,
        ),
        other_committee=OrganizationFactory(name="Ban Chỉ đạo 138 tỉnh Khác Xa", unit=other),
    )


# The people of the permission matrix: a role, and where it applies within `area`.
ROLE_SETUPS = {
    "admin": (Role.ADMIN, None, None),
    "standing_staff": (Role.STANDING_STAFF, "police", "province"),
    "leader": (Role.LEADER, "provincial_committee", "province"),
    "district_committee": (Role.COMMITTEE, "district_committee_1", "district_1"),
    "other_district_committee": (Role.COMMITTEE, "district_committee_2", "district_2"),
    "commune_committee": (Role.COMMITTEE, "commune_committee_1", "commune_1"),
    "agency": (Role.AGENCY, "department", "province"),
    "other_province_committee": (Role.COMMITTEE, "other_committee", "other_province"),
}


@pytest.fixture
def user_of_role(area):
    """A function that returns the (cached) user playing a named role of ROLE_SETUPS."""
    made: dict[str, User] = {}

    def make(name: str) -> User:
        if name == "no_role" and name not in made:
            made[name] = UserFactory(username="khongvaitro")
        if name not in made:
            role, org_attr, unit_attr = ROLE_SETUPS[name]
            organization = getattr(area, org_attr) if org_attr else None
            user = UserFactory(username=name, organization=organization)
            role_assign(
                user=user,
                role=role,
                organization=organization,
                scope_unit=getattr(area, unit_attr) if unit_attr else None,
            )
            made[name] = User.objects.get(pk=user.pk)
        return made[name]

    return make
