"""Who reads the dashboard: those who read an area's rates (the administrator, provincial
staff, committees and leaders), each for the areas of their scope. An agency or a person
without a role gets 403; an area outside the scope is a 404. Who issues its signed summary,
and which issued summaries each person may download."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.models import RoleAssignment, User
from organizations.permissions import scope_of
from printing.models import IssuedPdf
from safety_ratings.permissions import can_view_rates, rate_areas_visible_to

Role = RoleAssignment.Role
# The source label of the issued summaries ("dashboards.summary.<year>", the area's unit).
SUMMARY_SOURCE_PREFIX = "dashboards.summary"


def can_view_dashboard(user: User) -> bool:
    return can_view_rates(user)


def can_issue_summary(user: User) -> bool:
    """May issue the summary of an area of their dashboard: the administrator, the provincial
    standing office and the committees (as for consolidated reports); not leaders."""
    scope = scope_of(user)
    return can_view_dashboard(user) and (
        scope.nationwide or scope.has_role(Role.STANDING_STAFF, Role.COMMITTEE)
    )


def summary_pdfs_visible_to(user: User) -> QuerySet[IssuedPdf]:
    """Issued summaries of the areas whose dashboard the user reads (the whole country's for
    nationwide users only)."""
    summaries = IssuedPdf.objects.filter(source_label__startswith=f"{SUMMARY_SOURCE_PREFIX}.")
    if not can_view_dashboard(user):
        return summaries.none()
    if scope_of(user).nationwide:
        return summaries
    return summaries.filter(source_id__in=rate_areas_visible_to(user).values("pk"))
