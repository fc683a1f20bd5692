"""The navigation every page shows, chosen by the user's roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment
from .permissions import scope_of

Role = RoleAssignment.Role
EVERY_ROLE = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str] = EVERY_ROLE
    # (roles, url name) pairs tried in order before `url_name`: one entry whose page depends
    # on the role keeps the menu on one line.
    role_targets: tuple[tuple[frozenset[str], str], ...] = ()

    def url_name_for(self, roles: frozenset[str] | set[str]) -> str:
        for target_roles, url_name in self.role_targets:
            if target_roles & roles:
                return url_name
        return self.url_name


# The portal's menu, in order. Each later part of the portal adds its entries here. Labels are
# short on purpose: the administrator's nine entries and name must fit one line at 1280 px
# (the page headings keep the full names).
NAVIGATION: list[NavItem] = [
    NavItem(_("Trang chủ"), "home", "house"),
    NavItem(
        _("Tổng quan"),
        "dashboards:dashboard",
        "speedometer2",
        frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.COMMITTEE, Role.LEADER}),
    ),
    NavItem(
        _("Địa bàn"),
        "organizations:unit-list",
        "geo-alt",
        frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.COMMITTEE, Role.LEADER}),
    ),
    NavItem(_("Văn bản"), "directives:document-list", "file-earmark-text"),
    NavItem(
        _("Nhiệm vụ của tôi"),
        "directives:task-mine",
        "check2-square",
        frozenset({Role.COMMITTEE, Role.AGENCY}),
    ),
    NavItem(
        _("Nhiệm vụ"),
        "directives:task-board",
        "kanban",
        frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.LEADER}),
    ),
    NavItem(_("Mô hình tự quản"), "models_registry:model-list", "diagram-3"),
    NavItem(
        _("An toàn về ANTT"),
        "safety_ratings:rates",
        "patch-check",
        frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.COMMITTEE, Role.LEADER}),
    ),
    # The province and leaders land on who has reported; committees and departments on the
    # reports they owe.
    NavItem(
        _("Báo cáo"),
        "reporting:obligation-list",
        "clipboard-data",
        frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.LEADER, Role.COMMITTEE, Role.AGENCY}),
        role_targets=(
            (frozenset({Role.ADMIN, Role.STANDING_STAFF, Role.LEADER}), "reporting:completeness"),
        ),
    ),
    NavItem(_("Tổ chức"), "organizations:organization-list", "building"),
    NavItem(
        _("Người dùng"),
        "organizations:user-list",
        "people",
        frozenset({Role.ADMIN}),
    ),
]

ADMIN_SITE_ITEM = NavItem(_("Quản trị"), "admin:index", "gear", frozenset({Role.ADMIN}))


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_of(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in [*NAVIGATION, ADMIN_SITE_ITEM]:
        if not scope.roles.intersection(item.roles):
            continue
        url_name = item.url_name_for(scope.roles)
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": item.label, "url": url, "icon": item.icon, "active": current == url_name}
        )
    role_labels = sorted({Role(role).label for role in scope.roles})
    return {"nav_items": items, "user_scope": scope, "user_role_labels": role_labels}
