"""In-app notifications: the bell on every page (one query), the list (own only, newest
first, paginated) and marking them read."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import Notification
from reporting.services.notifications import notification_mark_read, notifications_mark_all_read

LIST = "reporting:notification-list"


def notify(user, count: int = 1, **fields) -> list[Notification]:
    """`count` notifications, the last one the newest."""
    made = Notification.objects.bulk_create(
        [
            Notification(recipient=user, **{"title": f"Thông báo số {n}", **fields})
            for n in range(1, count + 1)
        ]
    )
    start = timezone.now() - datetime.timedelta(hours=count)
    for n, note in enumerate(made):
        note.created_at = start + datetime.timedelta(hours=n)
    Notification.objects.bulk_update(made, ["created_at"])
    return made


@pytest.fixture
def member(user_of_role):
    return user_of_role("commune_committee")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# -- the bell --


def test_bell_shows_the_unread_count_on_every_page(member_client, member):
    notify(member, 3)
    notification_mark_read(notification=Notification.objects.first())
    page = member_client.get(reverse("home")).content.decode()
    assert 'data-testid="notification-bell"' in page
    assert '<span class="badge rounded-pill text-bg-warning">2</span>' in page
    assert "Thông báo, 2 chưa đọc" in page
    assert reverse(LIST) in page


def test_bell_has_no_badge_when_everything_is_read(member_client, member):
    notify(member, 2, read_at=timezone.now())
    page = member_client.get(reverse("home")).content.decode()
    assert 'data-testid="notification-bell"' in page
    assert "text-bg-warning" not in page and "bi-bell-fill" not in page


def test_bell_caps_the_badge_at_99(member_client, member):
    notify(member, 120)
    assert ">99+</span>" in member_client.get(reverse("home")).content.decode()


def test_bell_costs_one_query_whatever_the_number_of_notifications(member_client, member):
    notify(member, 150)
    with CaptureQueriesContext(connection) as context:
        member_client.get(reverse("home"))
    reads = [q["sql"] for q in context.captured_queries if "reporting_notification" in q["sql"]]
    assert len(reads) == 1
    assert "COUNT(" in reads[0].upper()


def test_bell_counts_only_the_persons_own_notifications(client, member, user_of_role):
    notify(user_of_role("district_committee"), 4)
    client.force_login(member)
    assert "text-bg-warning" not in client.get(reverse("home")).content.decode()


def test_no_bell_for_anonymous_visitors(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'data-testid="notification-bell"' not in page


# -- the list --


def test_list_shows_own_notifications_newest_first(member_client, member, user_of_role):
    notify(member, 3, url="/bao-cao/")
    notify(user_of_role("district_committee"), 1, title="Của người khác")
    response = member_client.get(reverse(LIST))
    assert response.status_code == 200
    titles = [n.title for n in response.context["notifications"]]
    assert titles == ["Thông báo số 3", "Thông báo số 2", "Thông báo số 1"]
    assert "Của người khác" not in response.content.decode()
    assert 'data-testid="read-all"' in response.content.decode()


def test_list_is_paginated_in_a_bounded_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    notify(member, 60)
    with django_assert_max_num_queries(10):
        first = member_client.get(reverse(LIST))
    assert len(first.context["notifications"]) == 25
    last = member_client.get(reverse(LIST), {"page": 3})
    assert [n.title for n in last.context["notifications"]][-1] == "Thông báo số 1"
    assert "Trang 3/3" in last.content.decode()


def test_list_when_empty_offers_nothing_to_mark(member_client):
    page = member_client.get(reverse(LIST)).content.decode()
    assert "Chưa có thông báo nào." in page
    assert 'data-testid="read-all"' not in page


# -- marking read --


def test_mark_one_read_returns_to_the_page_of_the_list(member_client, member):
    note = notify(member, 1)[0]
    response = member_client.post(
        reverse("reporting:notification-read", args=[note.pk]), {"page": "2"}
    )
    assert response.status_code == 302 and response.url == reverse(LIST) + "?page=2"
    note.refresh_from_db()
    assert note.read_at is not None


def test_open_marks_read_and_goes_to_what_it_is_about(member_client, member):
    note = notify(member, 1, url="/bao-cao/tinh-hinh-nop/")[0]
    response = member_client.post(
        reverse("reporting:notification-read", args=[note.pk]), {"open": "1"}
    )
    assert response.status_code == 302 and response.url == "/bao-cao/tinh-hinh-nop/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_open_never_leaves_the_portal(member_client, member):
    note = notify(member, 1, url="https://evil.example.com/")[0]
    response = member_client.post(
        reverse("reporting:notification-read", args=[note.pk]), {"open": "1"}
    )
    assert response.url == reverse(LIST)


def test_reading_again_keeps_the_first_time(member):
    note = notify(member, 1)[0]
    first = notification_mark_read(notification=note).read_at
    assert notification_mark_read(notification=note).read_at == first


def test_mark_all_read(member_client, member, user_of_role):
    notify(member, 3)
    others = notify(user_of_role("district_committee"), 2)
    response = member_client.post(reverse("reporting:notification-read-all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(pk__in=[n.pk for n in others], read_at=None).count() == 2
    assert notifications_mark_all_read(user=member) == 0


def test_another_persons_notification_is_a_404(member_client, user_of_role):
    note = notify(user_of_role("district_committee"), 1)[0]
    response = member_client.post(reverse("reporting:notification-read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_needs_a_post(member_client, member):
    note = notify(member, 1)[0]
    assert (
        member_client.get(reverse("reporting:notification-read", args=[note.pk])).status_code == 405
    )
    note.refresh_from_db()
    assert note.read_at is None
