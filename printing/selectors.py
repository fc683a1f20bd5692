"""Reads of `printing` the other apps share."""

from __future__ import annotations

from organizations.models import Organization

from .models import SigningIdentity


def can_sign_for(organization: Organization | None) -> bool:
    """Whether `printing` holds a signing key for the organization."""
    return (
        organization is not None
        and SigningIdentity.objects.filter(organization=organization).exists()
    )
