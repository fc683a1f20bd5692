"""Who sees which obligation beyond its own organization and its reviewer."""

from __future__ import annotations

import datetime

from reporting.permissions import obligations_visible_to

from .factories import obligation_for


def test_supervising_committee_sees_its_members_obligations(area, user_of_role):
    """An escalation goes to the parent committee and links to the obligation: it must open."""
    commune_committee = area.commune_committee_1
    commune_committee.parent = area.district_committee_1
    commune_committee.save()
    obligation = obligation_for(
        commune_committee, datetime.date(2026, 12, 10), reviewer=area.provincial_committee
    )
    supervisor = user_of_role("district_committee")
    assert obligations_visible_to(supervisor).filter(pk=obligation.pk).exists()
    outsider = user_of_role("other_district_committee")
    assert not obligations_visible_to(outsider).filter(pk=obligation.pk).exists()
