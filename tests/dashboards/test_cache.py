"""The rates' cache: a warm request reads no rating table and shows when its figures were
computed; every write behind the rates (a unit added or ended, a recognition, a decision
refused or revoked, the unit tree loaded) is seen on the next request; a person's area is
cached as that person's scope makes it."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from dashboards.cache import ratings_token
from organizations.models import AdministrativeUnit, UnitSuccession
from organizations.signals import units_loaded
from safety_ratings.services.assessments import assessment_revoke
from safety_ratings.services.units import rated_unit_create, rated_unit_end
from tests.safety_ratings.factories import RatedUnitFactory, recognised

from .conftest import KDC, YEAR

pytestmark = pytest.mark.django_db

D = datetime.date
RATING_TABLES = ("safety_ratings_",)


def kdc_card(response):
    [card] = [card for card in response.context["cards"] if card.rate.kind == KDC]
    return card.rate


def get(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:dashboard"), {"year": YEAR, **params})
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def rating_queries(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if any(table in sql for table in RATING_TABLES)]


def test_warm_request_reads_no_rating_table_and_runs_fewer_queries(
    area, scene, user_of_role, client
):
    client.force_login(user_of_role("leader"))
    cold, cold_sql = get(client)
    warm, warm_sql = get(client)
    assert len(rating_queries(cold_sql)) >= 6  # this year's, last year's, the children's
    assert rating_queries(warm_sql) == []
    assert len(warm_sql) <= len(cold_sql) - 6
    assert kdc_card(warm).recognised == kdc_card(cold).recognised == 2
    # the other areas and years are cached apart
    other_year, other_sql = get(client, year=YEAR - 1)
    assert rating_queries(other_sql) and kdc_card(other_year).recognised == 1
    district, district_sql = get(client, area=area.district_1.pk)
    assert rating_queries(district_sql) and kdc_card(district).eligible == 2
    legacy_era, legacy_sql = get(client, era="2025")
    assert rating_queries(legacy_sql)  # the children differ by era
    assert kdc_card(get(client)[0]).recognised == 2


def test_computed_at_is_the_cached_time_when_warm(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    before = timezone.now()
    cold, _sql = get(client)
    computed_at = cold.context["data"].ratings.computed_at
    assert before <= computed_at <= timezone.now()
    assert not cold.context["data"].ratings_cached
    assert "lưu tạm" not in cold.content.decode()
    time.sleep(1.1)  # the cached time is visibly older than the page's
    warm, _sql = get(client)
    data = warm.context["data"]
    assert data.ratings.computed_at == computed_at
    assert data.live_at > computed_at + datetime.timedelta(seconds=1)
    assert data.ratings_cached
    line = warm.content.decode()
    at = formats.date_format(timezone.localtime(computed_at), "H:i")
    assert f"tính lúc {at} ngày {timezone.localtime(computed_at):%d/%m/%Y}" in line
    assert "(lưu tạm, tính lại ngay khi số liệu thay đổi)" in line


def test_a_recognition_through_the_services_shows_on_the_next_request(
    area, scene, user_of_role, client
):
    new_unit = rated_unit_create(
        fields={"kind": KDC, "name": "Thôn Vừa Thêm", "commune": area.commune_1,
                "legacy_commune": area.old_commune_1, "local_type": "thon", "households": 80,
                "valid_from": D(2015, 1, 1)},
        by=None,
    )  # fmt: skip
    client.force_login(user_of_role("leader"))
    first, _sql = get(client)
    assert (kdc_card(first).eligible, kdc_card(first).recognised) == (6, 2)
    get(client)  # warm
    recognised([new_unit], YEAR, issuer=scene.issuers["old_commune_1"],
               deciding_unit=area.old_commune_1, number="20")  # fmt: skip
    after, sql = get(client)
    assert rating_queries(sql)
    assert (kdc_card(after).eligible, kdc_card(after).recognised) == (6, 3)
    assert kdc_card(after).rate_text == "50%"
    [row] = [row for row in after.context["ranked"] if row.row.unit == area.district_1]
    assert (row.rate.eligible, row.rate.recognised) == (3, 2)


def test_a_revocation_and_a_unit_ended_show_on_the_next_request(area, scene, user_of_role, client):
    client.force_login(user_of_role("leader"))
    get(client)
    get(client)
    [assessment] = scene.units["k_recognised_1"].assessments.filter(year=YEAR)
    assessment_revoke(assessment=assessment, reason="Xảy ra vụ việc phức tạp", by=None,
                      on=D(YEAR + 1, 2, 1))  # fmt: skip
    revoked, _sql = get(client)
    assert (kdc_card(revoked).eligible, kdc_card(revoked).recognised) == (5, 1)
    rated_unit_end(unit=scene.units["k_none"], on=D(YEAR, 6, 30), reason="Sáp nhập")
    ended, _sql = get(client)
    assert (kdc_card(ended).eligible, kdc_card(ended).recognised) == (4, 1)


def test_a_unit_added_behind_the_cache_is_seen_after_a_write(area, scene, user_of_role, client):
    """A write the signals do not see (a bulk load) is not seen until the token changes: the
    loader sends units_loaded, which replaces it."""
    client.force_login(user_of_role("leader"))
    get(client)
    token = ratings_token()
    RatedUnitFactory._meta.model.objects.bulk_create(
        [RatedUnitFactory.build(name="Thôn Nạp Hàng Loạt", commune=area.commune_2,
                                legacy_commune=area.old_commune_2)]
    )  # fmt: skip
    stale, _sql = get(client)
    assert kdc_card(stale).eligible == 5 and ratings_token() == token
    units_loaded.send(sender=AdministrativeUnit)
    assert ratings_token() != token
    fresh, _sql = get(client)
    assert kdc_card(fresh).eligible == 6


def test_units_loaded_replaces_the_token_now_and_on_commit(django_capture_on_commit_callbacks):
    before = ratings_token()
    assert ratings_token() == before  # stable while nothing changes
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        units_loaded.send(sender=AdministrativeUnit)
        during = ratings_token()
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    assert ratings_token() not in (before, during)


def test_a_write_behind_the_rates_replaces_the_token_again_on_commit(
    area, django_capture_on_commit_callbacks
):
    before = ratings_token()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        unit = RatedUnitFactory(commune=area.commune_1)
        during = ratings_token()
    assert during != before and callbacks
    assert ratings_token() not in (before, during)
    after = ratings_token()
    with django_capture_on_commit_callbacks(execute=True):
        rated_unit_end(unit=unit, on=D(2024, 1, 1), reason="Giải thể")
    assert ratings_token() != after


# Rates of an area are counted within the reader's scope (rate_area with the user): when the
# scope holds only part of an area, that person's figures are not another's, whoever reads
# first (the cache is keyed on the units counted).
@pytest.mark.parametrize("first", ["district_committee", "admin"])
def test_an_area_read_within_a_narrower_scope_is_cached_apart(
    area, scene, user_of_role, client, first
):
    """New commune 1 formed from old commune 1 (district 1) and part of old commune 2
    (district 2): district 1's committee reads commune 1 without old commune 2's units."""
    UnitSuccession.objects.create(
        predecessor=area.old_commune_2, successor=area.commune_1, is_main=False
    )
    admin, committee = user_of_role("admin"), user_of_role("district_committee")
    order = [committee, admin] if first == "district_committee" else [admin, committee]
    seen = {}
    for user in order:
        client.force_login(user)
        response, _sql = get(client, area=area.commune_1.pk)
        seen[user.username] = (kdc_card(response).eligible, kdc_card(response).recognised)
    # the administrator: every unit of old communes 1 and 2; the committee: old commune 1's
    assert seen == {"admin": (5, 2), "district_committee": (2, 1)}
