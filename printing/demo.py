"""Demo signing for `make run` and tests: a demo CA, keys and seal/signature images generated
at run time into PRINTING_KEYS_DIR (never committed), and the records that point at them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from organizations.models import Organization, User

from .demo_pki import demo_pki_create
from .models import SignatureImage, SigningIdentity


def _key_name(organization: Organization) -> str:
    return f"to-chuc-{organization.pk}"


@transaction.atomic
def demo_signing_setup(*, organizations: list[Organization], people: list[User]) -> None:
    """Keys and images for these organizations and people (idempotent)."""
    keys_dir = Path(settings.PRINTING_KEYS_DIR)
    pki = demo_pki_create(
        directory=keys_dir,
        organizations=[(_key_name(o), o.name) for o in organizations],
        people=[(f"nguoi-{p.pk}", p.full_name or p.username) for p in people],
    )
    for organization in organizations:
        identity, _created = SigningIdentity.objects.get_or_create(
            organization=organization, defaults={"key_name": _key_name(organization)}
        )
        if not identity.seal_image:
            seal = Path(pki.seal_images[_key_name(organization)])
            identity.seal_image.save(f"{identity.key_name}.png", ContentFile(seal.read_bytes()))
    for person in people:
        if not SignatureImage.objects.filter(person=person).exists():
            image = Path(pki.signature_images[f"nguoi-{person.pk}"])
            record = SignatureImage(person=person)
            record.image.save(f"nguoi-{person.pk}.png", ContentFile(image.read_bytes()), save=False)
            record.save()


def seed_demo() -> None:
    """The demo province's signing bodies and its leader's signature."""
    organizations = list(
        Organization.objects.filter(
            kind__in=[
                Organization.Kind.PEOPLES_COMMITTEE,
                Organization.Kind.STEERING_COMMITTEE,
                Organization.Kind.POLICE,
                Organization.Kind.PARTY_COMMITTEE,
            ],
            unit__level=1,
        )
    )
    demo_signing_setup(
        organizations=organizations, people=list(User.objects.filter(username="lanhdao"))
    )
