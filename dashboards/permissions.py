"""Who reads the dashboard: those who read an area's rates (the administrator, provincial
staff, committees and leaders), each for the areas of their scope. An agency or a person
without a role gets 403; an area outside the scope is a 404."""

from __future__ import annotations

from organizations.models import User
from safety_ratings.permissions import can_view_rates


def can_view_dashboard(user: User) -> bool:
    return can_view_rates(user)
