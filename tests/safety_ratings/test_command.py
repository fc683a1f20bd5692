"""`ratings_summary --json`: the contract of issue 6 for outside checks."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safety_ratings.models import UnitKind
from tests.organizations.factories import OrganizationFactory

from .factories import RatedUnitFactory, recognised, registered

D = datetime.date
KDC = UnitKind.RESIDENTIAL_AREA

pytestmark = pytest.mark.django_db


def _summary(*args: str) -> dict:
    out = StringIO()
    call_command("ratings_summary", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def rated(area):
    """2023: three residential areas of the old commune 1, two recognised (66,67%); a school
    of the other province, registered."""
    issuer = OrganizationFactory(name="UBND xã Đồng Đăng cũ", unit=area.old_commune_1)
    units = [
        RatedUnitFactory(
            name=f"Thôn {n}", commune=area.commune_1, legacy_commune=area.old_commune_1
        )
        for n in range(3)
    ]
    recognised(units[:2], 2023, issuer=issuer, deciding_unit=area.old_commune_1)
    registered(units[2], 2023)
    school = RatedUnitFactory(
        kind=UnitKind.SCHOOL, name="Trường THPT Xa", commune=area.other_commune
    )
    registered(school, 2023)
    return units


def test_ratings_summary_json_contract(area, rated):
    data = _summary("--year", "2023", "--area", "90")
    assert set(data) == {"year", "area", "kinds"}
    assert data["year"] == 2023 and isinstance(data["year"], int)
    # 2023 prefers the old province with that code; both are named the same
    assert data["area"] == {"code": "90", "name": "Tỉnh Lạng Thử"}
    assert [row["kind"] for row in data["kinds"]] == [
        "khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc",
    ]  # fmt: skip
    for row in data["kinds"]:
        assert set(row) == {"kind", "label", "eligible", "assessed", "recognised", "rate"}
        assert isinstance(row["label"], str) and row["label"]
        assert all(isinstance(row[key], int) for key in ("eligible", "assessed", "recognised"))
        assert isinstance(row["rate"], float)
    kdc = data["kinds"][0]
    assert kdc == {"kind": "khu_dan_cu", "label": "khu dân cư", "eligible": 3, "assessed": 2,
                   "recognised": 2, "rate": 66.67}  # fmt: skip
    assert data["kinds"][2] == {"kind": "co_quan", "label": "cơ quan", "eligible": 0,
                                "assessed": 0, "recognised": 0, "rate": 0.0}  # fmt: skip


def test_ratings_summary_rate_is_recognised_over_eligible_rounded(area, rated):
    for row in _summary("--year", "2023")["kinds"]:
        expected = round(row["recognised"] * 100 / row["eligible"], 2) if row["eligible"] else 0.0
        assert row["rate"] == expected


def test_ratings_summary_without_area_is_the_whole_country(area, rated):
    data = _summary("--year", "2023")
    assert data["area"] == {"code": "", "name": "Toàn quốc"}
    kinds = {row["kind"]: row for row in data["kinds"]}
    assert (kinds["khu_dan_cu"]["eligible"], kinds["co_so_giao_duc"]["eligible"]) == (3, 1)
    assert _summary("--year", "2023", "--area", "VN")["area"]["code"] == ""


def test_ratings_summary_area_by_name_without_diacritics(area, rated):
    data = _summary("--year", "2025", "--area", "lang thu")
    assert data["area"] == {"code": "90", "name": "Tỉnh Lạng Thử"}
    assert data["kinds"][0]["eligible"] == 3 and data["kinds"][0]["recognised"] == 0
    commune = _summary("--year", "2023", "--area", "Xã Đồng Đăng Cũ")
    assert commune["area"]["code"] == "90101"
    assert commune["kinds"][0]["recognised"] == 2


def test_ratings_summary_unknown_or_ambiguous_area_is_an_error_in_vietnamese(area):
    with pytest.raises(CommandError) as unknown:
        call_command("ratings_summary", "--year", "2023", "--area", "Lang Thuu", "--json")
    assert "Không tìm thấy đơn vị hành chính «Lang Thuu»" in str(unknown.value)
    assert "Có phải" in str(unknown.value)
    OrganizationFactory(name="Ban khác", unit__name="Tỉnh Lạng Thử", unit__short_name="Lạng Thử",
                        unit__code="93")  # fmt: skip
    with pytest.raises(CommandError) as ambiguous:
        call_command("ratings_summary", "--year", "2025", "--area", "Lạng Thử")
    assert "Có 2 đơn vị hành chính khớp" in str(ambiguous.value)


def test_ratings_summary_prints_a_table_with_the_sentences(area, rated):
    out = StringIO()
    call_command("ratings_summary", "--year", "2023", "--area", "90", stdout=out)
    text = out.getvalue()
    assert "Tỷ lệ “An toàn về an ninh, trật tự” năm 2023 — Tỉnh Lạng Thử (mã 90)" in text
    assert "2 / 3 khu dân cư — 66,67%" in text
    assert "0 / 0 cơ quan — —" in text
