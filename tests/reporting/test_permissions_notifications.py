"""Roles × URLs of notifications: everyone signed in has their own; another person's
notification is a 404; marking read is POST only."""

import pytest
from django.urls import reverse

from reporting.models import Notification
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

URL_NAMES = {
    "reporting:notification-list",
    "reporting:notification-read",
    "reporting:notification-read-all",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
    "no_role",
]  # fmt: skip
SIGNED_IN = [role for role in ROLES if role != ANONYMOUS]
EVERYONE = dict.fromkeys(SIGNED_IN, 200)
NOT_ALLOWED = dict.fromkeys(SIGNED_IN, 405)
REDIRECTED = dict.fromkeys(SIGNED_IN, 302)
# The notification belongs to the commune committee's member: only they may mark it read
# (even the administrator gets a 404, as for anyone else's).
OWNER_ONLY = {"commune_committee": 302}


@pytest.fixture
def notification(user_of_role):
    return Notification.objects.create(
        recipient=user_of_role("commune_committee"), title="Còn 7 ngày đến hạn nộp báo cáo"
    )


def _rows(notification):
    name = "reporting:"
    one = [notification.pk]
    return [
        MatrixRow(f"{name}notification-list", reverse(f"{name}notification-list"), EVERYONE),
        MatrixRow(f"{name}notification-list", reverse(f"{name}notification-list"), NOT_ALLOWED,
                  method="post"),
        MatrixRow(f"{name}notification-read", reverse(f"{name}notification-read", args=one),
                  NOT_ALLOWED),
        MatrixRow(f"{name}notification-read", reverse(f"{name}notification-read", args=one),
                  OWNER_ONLY, method="post"),
        MatrixRow(f"{name}notification-read-all", reverse(f"{name}notification-read-all"),
                  NOT_ALLOWED),
        MatrixRow(f"{name}notification-read-all", reverse(f"{name}notification-read-all"),
                  REDIRECTED, method="post"),
    ]  # fmt: skip


def test_notifications_permission_matrix(notification, user_of_role):
    rows = _rows(notification)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)
