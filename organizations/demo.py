"""The demo province for `make run`: Lạng Sơn in both eras, its committees and one person per
role. Written for the demo (names of bodies are public; the people are invented).

Every write goes through the services, and running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import AdministrativeUnit, CommitteeMembership, Organization, RoleAssignment, User
from .services.organizations import organization_ensure
from .services.people import membership_add, role_assign, user_create, user_update

DEMO_PROVINCE = "Lạng Sơn"
DEMO_PASSWORD = "antq@2025"

Kind = Organization.Kind
Role = RoleAssignment.Role


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str
    role_label: str
    scope: str


@dataclass(frozen=True)
class DemoArea:
    province: AdministrativeUnit
    legacy_province: AdministrativeUnit
    districts: list[AdministrativeUnit]
    communes: list[AdministrativeUnit]


def demo_area() -> DemoArea:
    """The demo province's units, loading them from the package when they are missing."""
    province = AdministrativeUnit.objects.filter(
        era=AdministrativeUnit.Era.REFORM_2025,
        level=AdministrativeUnit.Level.PROVINCE,
        short_name=DEMO_PROVINCE,
    ).first()
    if province is None:
        from .services.units import admin_units_load

        admin_units_load(province=DEMO_PROVINCE)
        province = AdministrativeUnit.objects.get(
            era=AdministrativeUnit.Era.REFORM_2025,
            level=AdministrativeUnit.Level.PROVINCE,
            short_name=DEMO_PROVINCE,
        )
    legacy_province = AdministrativeUnit.objects.get(
        era=AdministrativeUnit.Era.LEGACY,
        level=AdministrativeUnit.Level.PROVINCE,
        short_name=DEMO_PROVINCE,
    )
    districts = list(legacy_province.children.order_by("code")[:2])
    communes = list(province.children.order_by("code")[:2])
    return DemoArea(province, legacy_province, districts, communes)


def _person(
    *, username: str, full_name: str, position: str, organization: Organization, email: str
) -> User:
    person = User.objects.filter(username=username).first()
    if person is None:
        person = user_create(
            username=username,
            full_name=full_name,
            position=position,
            organization=organization,
            email=email,
            password=DEMO_PASSWORD,
        )
    elif (person.full_name, person.position, person.organization_id) != (
        full_name,
        position,
        organization.pk,
    ):
        person = user_update(
            user=person, full_name=full_name, position=position, organization=organization
        )
    return person


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Create (or find) the demo organizations and people; return the demo logins."""
    area = demo_area()
    province = area.province
    ubnd = organization_ensure(
        name=f"Ủy ban nhân dân tỉnh {DEMO_PROVINCE}",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=province,
        short_name="UBND tỉnh",
        document_series_code="UBND",
    )
    police = organization_ensure(
        name=f"Công an tỉnh {DEMO_PROVINCE}",
        kind=Kind.POLICE,
        unit=province,
        short_name="CAT",
        document_series_code="CAT",
    )
    organization_ensure(
        name=f"Tỉnh ủy {DEMO_PROVINCE}",
        kind=Kind.PARTY_COMMITTEE,
        unit=province,
        short_name="Tỉnh ủy",
        document_series_code="TU",
    )
    committee = organization_ensure(
        name=f"Ban Chỉ đạo 138 tỉnh {DEMO_PROVINCE}",
        kind=Kind.STEERING_COMMITTEE,
        unit=province,
        parent=ubnd,
        short_name="BCĐ 138 tỉnh",
        document_series_code="BCĐ",
    )
    education = organization_ensure(
        name="Sở Giáo dục và Đào tạo",
        kind=Kind.DEPARTMENT,
        unit=province,
        parent=ubnd,
        short_name="Sở GD&ĐT",
        document_series_code="SGDĐT",
    )
    organization_ensure(
        name=f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {DEMO_PROVINCE}",
        kind=Kind.FRONT,
        unit=province,
        short_name="UBMTTQ tỉnh",
    )
    organization_ensure(
        name=f"Hội Liên hiệp Phụ nữ tỉnh {DEMO_PROVINCE}",
        kind=Kind.MASS_ORGANIZATION,
        unit=province,
        short_name="Hội LHPN tỉnh",
    )
    for central_name, short in [
        ("Ban Bí thư Trung ương Đảng", "Ban Bí thư"),
        ("Bộ Công an", "BCA"),
        ("Thủ tướng Chính phủ", "TTg"),
    ]:
        organization_ensure(name=central_name, kind=Kind.CENTRAL_BODY, unit=None, short_name=short)

    district_committees = [
        organization_ensure(
            name=f"Ban Chỉ đạo 138 {district.unit_type.lower()} {district.short_name}",
            kind=Kind.STEERING_COMMITTEE,
            unit=district,
            short_name=f"BCĐ 138 {district.short_name}",
            document_series_code="BCĐ",
            valid_to=district.valid_to,
        )
        for district in area.districts
    ]
    commune_committees = [
        organization_ensure(
            name=f"Ban Chỉ đạo 138 {commune.unit_type.lower()} {commune.short_name}",
            kind=Kind.STEERING_COMMITTEE,
            unit=commune,
            short_name=f"BCĐ 138 {commune.short_name}",
            document_series_code="BCĐ",
        )
        for commune in area.communes
    ]

    # The district's People's Committee, for a district leader reading their own dashboard.
    district = area.districts[0]
    district_ubnd = organization_ensure(
        name=f"Ủy ban nhân dân {district.unit_type.lower()} {district.short_name}",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=district,
        short_name=f"UBND {district.short_name}",
        document_series_code="UBND",
        valid_to=district.valid_to,
    )

    people = [
        ("quantri", "Nguyễn Văn Quản", "Quản trị hệ thống", police, Role.ADMIN, None, None),
        (
            "thuongtruc",
            "Hoàng Thị Thường",
            "Cán bộ Phòng Tham mưu, Công an tỉnh",
            police,
            Role.STANDING_STAFF,
            police,
            province,
        ),
        ("lanhdao", "Lương Văn Đạo", "Phó Chủ tịch UBND tỉnh", ubnd, Role.LEADER, ubnd, province),
        (
            "lanhdao_huyen",
            "Hoàng Văn Lãnh",
            "Chủ tịch UBND thành phố",
            district_ubnd,
            Role.LEADER,
            district_ubnd,
            district,
        ),
        (
            "bcd_huyen",
            "Vi Văn Huyện",
            "Phó Trưởng ban thường trực BCĐ 138 huyện",
            district_committees[0],
            Role.COMMITTEE,
            district_committees[0],
            area.districts[0],
        ),
        (
            "bcd_huyen2",
            "Nông Thị Hai",
            "Ủy viên BCĐ 138 huyện",
            district_committees[1],
            Role.COMMITTEE,
            district_committees[1],
            area.districts[1],
        ),
        (
            "bcd_xa",
            "Hà Văn Xã",
            "Trưởng Công an xã, Phó Trưởng ban BCĐ 138",
            commune_committees[0],
            Role.COMMITTEE,
            commune_committees[0],
            area.communes[0],
        ),
        (
            "so_nganh",
            "Đinh Thị Ngành",
            "Chánh Văn phòng Sở Giáo dục và Đào tạo",
            education,
            Role.AGENCY,
            education,
            province,
        ),
    ]
    logins = []
    for username, full_name, position, home, role, role_org, scope_unit in people:
        person = _person(
            username=username,
            full_name=full_name,
            position=position,
            organization=home,
            email=f"{username}@antq.local",
        )
        role_assign(user=person, role=role, organization=role_org, scope_unit=scope_unit)
        logins.append(
            DemoLogin(
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                role_label=str(Role(role).label),
                scope=scope_unit.name if scope_unit else "Toàn quốc",
            )
        )

    staff = User.objects.get(username="thuongtruc")
    leader = User.objects.get(username="lanhdao")
    membership_add(
        committee=committee,
        person=leader,
        committee_role=CommitteeMembership.CommitteeRole.HEAD,
        home_organization=ubnd,
    )
    membership_add(
        committee=committee,
        person=staff,
        committee_role=CommitteeMembership.CommitteeRole.SUPPORT_TEAM,
        home_organization=police,
    )
    return logins
