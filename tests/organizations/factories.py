"""Factories for units, organizations and people (tests build their own data)."""

from __future__ import annotations

import datetime

import factory

from organizations.models import (
    REFORM_2025_DATE,
    AdministrativeUnit,
    Organization,
    UnitSuccession,
    User,
)
from organizations.search import fold_diacritics

LEGACY_END = REFORM_2025_DATE - datetime.timedelta(days=1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    era = AdministrativeUnit.Era.REFORM_2025
    level = AdministrativeUnit.Level.PROVINCE
    code = factory.Sequence(lambda n: f"{n + 100:05d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.split(" ", 1)[-1])
    unit_type = "Tỉnh"
    parent = None
    path = factory.LazyAttribute(
        lambda o: (
            (o.parent.path if o.parent else ("L/" if o.era == "legacy" else "N/")) + f"{o.code}/"
        )
    )
    search_key = factory.LazyAttribute(lambda o: fold_diacritics(f"{o.name} {o.short_name}"))
    valid_from = factory.LazyAttribute(
        lambda o: None if o.era == AdministrativeUnit.Era.LEGACY else REFORM_2025_DATE
    )
    valid_to = factory.LazyAttribute(
        lambda o: LEGACY_END if o.era == AdministrativeUnit.Era.LEGACY else None
    )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Ban Chỉ đạo 138 số {n}")
    kind = Organization.Kind.STEERING_COMMITTEE
    unit = factory.SubFactory(UnitFactory)
    document_series_code = "BCĐ"
    search_key = factory.LazyAttribute(lambda o: fold_diacritics(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán Bộ Số {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@antq.local")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


def succession(predecessor: AdministrativeUnit, successor: AdministrativeUnit) -> UnitSuccession:
    return UnitSuccession.objects.create(predecessor=predecessor, successor=successor)
