"""People, their roles and committee seats."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AdministrativeUnit, CommitteeMembership, Organization, RoleAssignment, User
from ..permissions import ROLE_PERMISSIONS, group_name_for

Role = RoleAssignment.Role


def role_groups_sync(*, using: str = "default") -> None:
    """Give each role's group exactly the permissions ROLE_PERMISSIONS lists (those that exist)."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name_for(role))
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".", 1)
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def _check_role_fits(
    *, role: str, organization: Organization | None, scope_unit: AdministrativeUnit | None
) -> None:
    if role != Role.ADMIN and scope_unit is None:
        raise ValidationError(
            {
                "scope_unit": _(
                    "Hãy chọn địa bàn cho vai trò này (chỉ quản trị hệ thống mới "
                    "có phạm vi toàn quốc)."
                )
            }
        )
    if role in (Role.COMMITTEE, Role.AGENCY) and organization is None:
        raise ValidationError(
            {"organization": _("Vai trò này cần gắn với một tổ chức (Ban Chỉ đạo hoặc sở, ngành).")}
        )
    if role == Role.COMMITTEE and organization and not organization.is_committee:
        raise ValidationError(
            {"organization": _("Vai trò Ban Chỉ đạo phải gắn với một Ban Chỉ đạo 138.")}
        )
    if organization and scope_unit and organization.unit_id:
        unit = organization.unit
        if not (unit.path.startswith(scope_unit.path) or scope_unit.path.startswith(unit.path)):
            raise ValidationError(
                {
                    "scope_unit": _(
                        "Địa bàn của vai trò phải nằm trong địa bàn của tổ chức %(org)s (%(unit)s)."
                    )
                    % {"org": organization, "unit": unit}
                }
            )


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    organization: Organization | None = None,
    scope_unit: AdministrativeUnit | None = None,
) -> RoleAssignment:
    """Give a person a role over an area; they join the role's group."""
    _check_role_fits(role=role, organization=organization, scope_unit=scope_unit)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        scope_unit=scope_unit,
        defaults={"is_active": True},
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active", "updated_at"])
    group, _created = Group.objects.get_or_create(name=group_name_for(role))
    user.groups.add(group)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> RoleAssignment:
    """Withdraw a role; the person leaves the group when no active assignment of it remains."""
    assignment.is_active = False
    assignment.save(update_fields=["is_active", "updated_at"])
    user = assignment.user
    still_holds = RoleAssignment.objects.filter(
        user=user, role=assignment.role, is_active=True
    ).exists()
    if not still_holds:
        user.groups.remove(*Group.objects.filter(name=group_name_for(assignment.role)))
    if assignment.role == Role.ADMIN and not still_holds and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return assignment


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    email: str = "",
    position: str = "",
    organization: Organization | None = None,
    phone: str = "",
    password: str | None = None,
) -> User:
    """Create a person's account; without a password they set one through the reset e-mail."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập «%s» đã có người dùng.") % username})
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        position=position,
        organization=organization,
        phone=phone,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, user: User, **fields) -> User:
    """Change a person's profile fields (name, position, organization, contact, active)."""
    allowed = {"full_name", "email", "position", "organization", "phone", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"user_update does not change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_add(
    *,
    committee: Organization,
    person: User,
    committee_role: str,
    home_organization: Organization | None = None,
    start_date=None,
) -> CommitteeMembership:
    """Seat a person in a steering committee."""
    if not committee.is_committee:
        raise ValidationError(_("Chỉ có thể thêm thành viên vào một Ban Chỉ đạo."))
    membership, _created = CommitteeMembership.objects.update_or_create(
        committee=committee,
        person=person,
        committee_role=committee_role,
        defaults={"home_organization": home_organization, "start_date": start_date},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: CommitteeMembership, end_date) -> CommitteeMembership:
    """Record that a person left the committee; the seat stays in the record and its history."""
    if membership.start_date and end_date < membership.start_date:
        raise ValidationError(_("Ngày thôi tham gia phải sau ngày bắt đầu."))
    membership.end_date = end_date
    membership.save(update_fields=["end_date", "updated_at"])
    return membership
