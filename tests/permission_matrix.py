"""The permission matrix: roles × URLs → expected HTTP status.

Each app's `tests/<app>/test_permissions.py` declares `URL_NAMES` (the names its matrix covers)
and checks its rows against them; `tests/test_url_coverage.py` fails when a named URL of the
portal is in no matrix, so a new view cannot forget its check (STYLE.md §4). A row outside a
user's scope answers 404, so its existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

ANONYMOUS = "anonymous"


@dataclass
class MatrixRow:
    """One URL and the status each role must get (roles not named get `default`)."""

    url_name: str
    url: str
    expected: dict[str, int]
    default: int = 404
    method: str = "get"
    data: dict = field(default_factory=dict)

    def status_for(self, role: str) -> int:
        if role == ANONYMOUS:
            return self.expected.get(ANONYMOUS, 302)
        return self.expected.get(role, self.default)


def check_matrix(rows: list[MatrixRow], roles: list[str], user_of_role) -> None:
    """Request each URL as each role and compare with the expected status; report all misses."""
    failures = []
    for row in rows:
        for role in roles:
            client = Client()
            if role != ANONYMOUS:
                client.force_login(user_of_role(role))
            response = getattr(client, row.method)(row.url, data=row.data)
            expected = row.status_for(role)
            if response.status_code != expected:
                failures.append(
                    f"{row.method.upper()} {row.url} as {role}: "
                    f"got {response.status_code}, expected {expected}"
                )
    assert not failures, "Permission matrix mismatches:\n" + "\n".join(failures)


def assert_rows_cover(rows: list[MatrixRow], url_names: set[str]) -> None:
    """The matrix has a row for every URL name the module declares, and no other."""
    assert {row.url_name for row in rows} == url_names
