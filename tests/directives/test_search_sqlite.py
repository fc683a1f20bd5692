"""The register's search on the embedded SQLite default (`make run`): the fallback works."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

SCRIPT = """
import datetime
from directives.selectors.documents import DocumentFilters, document_list
from directives.services.documents import DocumentInput
from directives.services.registering import document_register
from organizations.models import Organization, User
issuer = Organization.objects.create(name="Ban Chỉ đạo 138 tỉnh Thử", kind="committee")
for number, title in [("01/CT-BCĐ", "Về tăng cường bảo đảm an ninh trật tự"),
                      ("02/KH-BCĐ", "Kế hoạch phòng cháy chữa cháy")]:
    document_register(data=DocumentInput(fields={
        "system": "state", "type_name": "Chỉ thị" if "CT" in number else "Kế hoạch",
        "number_symbol": number, "issuer": issuer, "issue_date": datetime.date(2026, 1, 5),
        "title": title}), tasks=[], by=None)
admin = User.objects.create(username="qt", is_superuser=True)
found = [d.number_symbol for d in document_list(user=admin,
         filters=DocumentFilters(query="chi thi an ninh"))]
print("FOUND", found)
"""


def test_search_without_diacritics_works_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'antq.sqlite3'}",
        "DJANGO_DEBUG": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "FOUND ['01/CT-BCĐ']" in result.stdout
