"""Keeps derived data in sync: the role groups' permissions follow ROLE_PERMISSIONS; and
`units_loaded` tells caches of figures (the dashboards') that the unit tree changed, as the
loader writes in bulk and no model signal fires."""

from django.db.models.signals import post_migrate
from django.dispatch import Signal, receiver

# Sent by admin_units_load after its transaction commits (sender: AdministrativeUnit).
units_loaded = Signal()


@receiver(post_migrate)
def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    # Each app's permissions are created by its own post_migrate, so the groups are brought
    # up to date after every app; permissions not created yet are picked up on a later call.
    from .services.people import role_groups_sync

    role_groups_sync(using=kwargs.get("using", "default"))
