"""Loading administrative units of both eras from the vietnamadminunits package data."""

from __future__ import annotations

import datetime
import json
import sqlite3
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from organizations.admin_units_source import (
    UnitRef,
    admin_units_read,
    package_data_dir,
    provinces_resolve,
)
from organizations.management.commands.load_admin_units import Command
from organizations.models import AdministrativeUnit, UnitSuccession
from organizations.services.units import admin_units_load

Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level


def package_count(sql: str, *params: str) -> int:
    """A count straight from the package's SQLite file: an oracle independent of the reader."""
    connection = sqlite3.connect(f"file:{package_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchone()[0]
    finally:
        connection.close()


def units(era: str, level: int):
    return AdministrativeUnit.objects.filter(era=era, level=level)


def table_sizes() -> dict[str, int]:
    return {
        "units": AdministrativeUnit.objects.count(),
        "links": UnitSuccession.objects.count(),
        "unit_history": AdministrativeUnit.history.count(),
        "link_history": UnitSuccession.history.count(),
    }


def write_package_data(folder, *, legacy_rows, new_rows, mapping) -> None:
    """A miniature of the package's data folder, with only the columns the reader uses."""
    connection = sqlite3.connect(folder / "dataset.db")
    for table, rows in (("admin_units_legacy", legacy_rows), ("admin_units", new_rows)):
        columns = list(rows[0])
        connection.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        connection.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )
    connection.commit()
    connection.close()
    (folder / "converter_2025.json").write_text(json.dumps(mapping), encoding="utf-8")


def test_admin_units_read_links_island_district_and_reports_unresolved_keys(tmp_path):
    province = {
        "province": "Tỉnh A",
        "provinceShort": "A",
        "provinceCode": "01",
        "provinceKey": "tinha",
        "provinceKeywords": "[]",
    }
    legacy = [
        province
        | {"district": "Huyện B", "districtShort": "B", "districtType": "Huyện"}
        | {"districtCode": "001", "districtKey": "huyenb"}
        | {"ward": "Xã C", "wardShort": "C", "wardType": "Xã", "wardCode": "00001"}
        | {"wardKey": "xac"},
        # An island district without communes: every ward column is empty.
        province
        | {"district": "Huyện Đảo", "districtShort": "Đảo", "districtType": "Huyện"}
        | {"districtCode": "002", "districtKey": "huyendao"}
        | {"ward": None, "wardShort": None, "wardType": None, "wardCode": None, "wardKey": None},
    ]
    new = [
        province
        | {"ward": "Xã C", "wardShort": "C", "wardType": "Xã", "wardCode": "00010"}
        | {"wardKey": "xac"},
        province
        | {"ward": "Đặc khu Đảo", "wardShort": "Đảo", "wardType": "Đặc khu", "wardCode": "00020"}
        | {"wardKey": "dackhudao"},
    ]
    mapping = {
        "DICT_PROVINCE": {"tinha": ["tinha"]},
        "DICT_PROVINCE_WARD_NO_DIVIDED": {
            "tinha": {"xac": ["tinha_huyenb_xac"], "dackhudao": ["tinha_huyendao_"]},
        },
        "DICT_PROVINCE_WARD_DIVIDED": {
            "tinha": {"tinha_huyenb_xãcẩm": [{"newWardKey": "xac", "isDefaultNewWard": True}]},
        },
    }
    write_package_data(tmp_path, legacy_rows=legacy, new_rows=new, mapping=mapping)

    data = admin_units_read(tmp_path)

    island = UnitRef(era=Era.LEGACY, level=Level.DISTRICT, code="002")
    special_zone = UnitRef(era=Era.REFORM_2025, level=Level.COMMUNE, code="00020")
    assert any(s.predecessor == island and s.successor == special_zone for s in data.successions)
    assert [u.key for u in data.unresolved] == ["tinha_huyenb_xãcẩm → tinha_xac"]
    assert len(data.successions) == 3
    assert data.province_sources == {"01": ["01"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lạng Sơn", ["Tỉnh Lạng Sơn"]),
        ("lang son", ["Tỉnh Lạng Sơn"]),
        ("  Tỉnh Lạng Sơn ", ["Tỉnh Lạng Sơn"]),
        ("20", ["Tỉnh Lạng Sơn"]),
        ("TP Hồ Chí Minh", ["Thành phố Hồ Chí Minh"]),
        ("Hồ Chí Minh", ["Thành phố Hồ Chí Minh"]),
        ("TP.HCM", ["Thành phố Hồ Chí Minh"]),
        ("Bà Rịa - Vũng Tàu", ["Thành phố Hồ Chí Minh"]),
        ("Bắc Giang", ["Tỉnh Bắc Ninh"]),
        ("Bắc Ninh", ["Tỉnh Bắc Ninh"]),
        ("Thừa Thiên Huế", ["Thành phố Huế"]),
        # Legacy code of Hà Giang, which became part of Tuyên Quang.
        ("2", ["Tỉnh Tuyên Quang"]),
    ],
)
def test_provinces_resolve_accepts_names_and_codes_of_both_eras(query, expected):
    provinces = provinces_resolve(query)

    assert [p.name for p in provinces] == expected
    assert all(p.era == Era.REFORM_2025 and p.level == Level.PROVINCE for p in provinces)


def test_provinces_resolve_lists_close_matches_when_unknown():
    with pytest.raises(ValidationError) as error:
        provinces_resolve("Lang Sonn")

    assert error.value.messages == ["Không tìm thấy tỉnh «Lang Sonn». Có phải: Lạng Sơn?"]


def test_provinces_resolve_explains_input_when_nothing_is_close():
    with pytest.raises(ValidationError) as error:
        provinces_resolve("xyz")

    assert "Không tìm thấy tỉnh «xyz»" in error.value.messages[0]
    assert "Có phải" not in error.value.messages[0]


@pytest.mark.django_db
def test_admin_units_load_province_loads_both_eras():
    result = admin_units_load(province="Lạng Sơn")

    new_province = units(Era.REFORM_2025, Level.PROVINCE).get()
    old_province = units(Era.LEGACY, Level.PROVINCE).get()
    assert (new_province.name, new_province.code, new_province.path) == (
        "Tỉnh Lạng Sơn",
        "20",
        "N/20/",
    )
    assert (old_province.name, old_province.unit_type, old_province.path) == (
        "Tỉnh Lạng Sơn",
        "Tỉnh",
        "L/20/",
    )
    old_districts = units(Era.LEGACY, Level.DISTRICT)
    old_communes = units(Era.LEGACY, Level.COMMUNE)
    new_communes = units(Era.REFORM_2025, Level.COMMUNE)
    legacy_sql = "SELECT COUNT(DISTINCT {}) FROM admin_units_legacy WHERE provinceCode = ?"
    assert old_districts.count() == package_count(legacy_sql.format("districtCode"), "20")
    assert old_communes.count() == package_count(legacy_sql.format("wardCode"), "20")
    assert new_communes.count() == package_count(
        "SELECT COUNT(*) FROM admin_units WHERE provinceCode = ?", "20"
    )
    assert not old_districts.exclude(parent=old_province).exists()
    assert not new_communes.exclude(parent=new_province).exists()
    assert result.provinces == ["Tỉnh Lạng Sơn"]
    assert result.units[(Era.LEGACY, Level.COMMUNE)].created == old_communes.count()
    assert result.unresolved_keys == []


@pytest.mark.django_db
def test_admin_units_load_sets_paths_types_and_validity():
    admin_units_load(province="Lạng Sơn")

    commune = units(Era.LEGACY, Level.COMMUNE).select_related("parent__parent").first()
    district = commune.parent
    assert commune.path == f"L/20/{district.code}/{commune.code}/"
    assert district.path == f"L/20/{district.code}/"
    assert district.parent.code == "20"
    assert (commune.valid_from, commune.valid_to) == (None, datetime.date(2025, 6, 30))
    new_commune = units(Era.REFORM_2025, Level.COMMUNE).first()
    assert new_commune.path == f"N/20/{new_commune.code}/"
    assert (new_commune.valid_from, new_commune.valid_to) == (datetime.date(2025, 7, 1), None)
    assert set(units(Era.LEGACY, Level.DISTRICT).values_list("unit_type", flat=True)) <= {
        "Huyện",
        "Quận",
        "Thị xã",
        "Thành phố",
    }
    assert set(units(Era.REFORM_2025, Level.COMMUNE).values_list("unit_type", flat=True)) <= {
        "Xã",
        "Phường",
        "Đặc khu",
    }
    assert AdministrativeUnit.objects.exclude(path__endswith="/").count() == 0


@pytest.mark.django_db
def test_admin_units_load_links_old_communes_to_new():
    admin_units_load(province="Lạng Sơn")

    new_communes = units(Era.REFORM_2025, Level.COMMUNE)
    without_predecessor = new_communes.annotate(n=Count("predecessors")).filter(n=0)
    assert without_predecessor.count() == 0
    old_communes = units(Era.LEGACY, Level.COMMUNE)
    assert old_communes.annotate(n=Count("successors")).filter(n=0).count() == 0
    # Every old commune has exactly one main successor, even when it was split.
    main_links = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE, is_main=True)
    assert main_links.values("predecessor").distinct().count() == old_communes.count()
    assert main_links.count() == old_communes.count()
    # Lạng Sơn had old communes divided between new ones.
    assert UnitSuccession.objects.filter(is_main=False).exists()
    province_link = UnitSuccession.objects.get(predecessor__level=Level.PROVINCE)
    assert province_link.successor.era == Era.REFORM_2025
    assert province_link.effective_date == datetime.date(2025, 7, 1)


@pytest.mark.django_db
def test_admin_units_load_marks_main_successor_of_divided_commune():
    admin_units_load(province="Đà Nẵng")

    hoa_lien = units(Era.LEGACY, Level.COMMUNE).get(code="20296")
    links = {link.successor.name: link.is_main for link in hoa_lien.succession_links_out.all()}
    assert links == {"Phường Liên Chiểu": True, "Phường Hải Vân": False}


@pytest.mark.django_db
def test_admin_units_load_links_island_district_without_communes():
    admin_units_load(province="Đà Nẵng")

    hoang_sa = units(Era.LEGACY, Level.DISTRICT).get(name="Huyện Hoàng Sa")
    assert not hoang_sa.children.exists()
    assert [(u.name, u.unit_type) for u in hoang_sa.successors.all()] == [
        ("Đặc khu Hoàng Sa", "Đặc khu")
    ]


@pytest.mark.django_db
def test_admin_units_load_is_idempotent():
    admin_units_load(province="Lạng Sơn")
    before = table_sizes()

    second = admin_units_load(province="Lạng Sơn")

    assert table_sizes() == before
    assert second.units_created == second.units_updated == 0
    assert second.units_unchanged == before["units"]
    assert (second.successions.created, second.successions.updated) == (0, 0)
    assert second.successions.unchanged == before["links"]


@pytest.mark.django_db
def test_admin_units_load_updates_only_changed_rows():
    admin_units_load(province="Lạng Sơn")
    commune = units(Era.REFORM_2025, Level.COMMUNE).first()
    AdministrativeUnit.objects.filter(pk=commune.pk).update(name="Tên sai")
    history_before = AdministrativeUnit.history.count()

    result = admin_units_load(province="Lạng Sơn")

    assert result.units[(Era.REFORM_2025, Level.COMMUNE)].updated == 1
    assert result.units_updated == 1
    assert AdministrativeUnit.history.count() == history_before + 1
    commune.refresh_from_db()
    assert commune.name != "Tên sai"
    assert commune.history.first().history_type == "~"


@pytest.mark.django_db
def test_admin_units_load_merged_province_loads_every_old_province():
    result = admin_units_load(province="Bắc Giang")

    assert result.provinces == ["Tỉnh Bắc Ninh"]
    assert sorted(result.legacy_provinces) == ["Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"]
    new_province = units(Era.REFORM_2025, Level.PROVINCE).get()
    assert new_province.name == "Tỉnh Bắc Ninh"
    old_provinces = units(Era.LEGACY, Level.PROVINCE)
    assert set(old_provinces.values_list("short_name", flat=True)) == {"Bắc Giang", "Bắc Ninh"}
    assert set(new_province.predecessors.values_list("short_name", flat=True)) == {
        "Bắc Giang",
        "Bắc Ninh",
    }
    assert units(Era.REFORM_2025, Level.COMMUNE).count() == package_count(
        "SELECT COUNT(*) FROM admin_units WHERE provinceCode = ?", "24"
    )
    without_predecessor = units(Era.REFORM_2025, Level.COMMUNE).annotate(n=Count("predecessors"))
    assert not without_predecessor.filter(n=0).exists()


@pytest.mark.django_db
def test_admin_units_load_rejects_unknown_province_and_writes_nothing():
    with pytest.raises(ValidationError, match="Có phải: Lạng Sơn"):
        admin_units_load(province="Lang Sonn")

    assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
def test_admin_units_load_folds_search_key():
    admin_units_load(province="Lạng Sơn")

    province = units(Era.REFORM_2025, Level.PROVINCE).get()
    assert province.search_key == "tinh lang son lang son"
    dong_dang = units(Era.LEGACY, Level.COMMUNE).get(name="Thị trấn Đồng Đăng")
    assert dong_dang.search_key == "thi tran dong dang dong dang"


@pytest.mark.django_db
def test_load_admin_units_command_prints_summary():
    out = StringIO()

    call_command("load_admin_units", province="lang son", stdout=out)
    call_command("load_admin_units", province="lang son", stdout=out)

    first, second = out.getvalue().split("Đã nạp")[1:]
    assert "(Tỉnh Lạng Sơn; trước 01/7/2025: Tỉnh Lạng Sơn)" in first
    assert "giây" in first
    assert "tạo mới 1, cập nhật 0, không đổi 0" in first
    assert "Quan hệ kế thừa: tạo mới" in first
    assert "tạo mới 0, cập nhật 0" in second
    assert "tạo mới 1" not in second


@pytest.mark.django_db
def test_load_admin_units_command_rejects_unknown_province():
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh «Lang Sonn». Có phải: Lạng Sơn?"):
        call_command("load_admin_units", province="Lang Sonn")


def test_load_admin_units_command_exits_non_zero_for_unknown_province(capsys):
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(
            ["manage.py", "load_admin_units", "--province", "Lang Sonn", "--skip-checks"]
        )

    assert exit_info.value.code != 0
    assert "Có phải: Lạng Sơn?" in capsys.readouterr().err


@pytest.mark.django_db
def test_admin_units_load_whole_country():
    result = admin_units_load()

    assert units(Era.REFORM_2025, Level.PROVINCE).count() == 34
    assert units(Era.LEGACY, Level.PROVINCE).count() == 63
    assert units(Era.REFORM_2025, Level.COMMUNE).count() == 3321
    assert units(Era.LEGACY, Level.DISTRICT).count() == package_count(
        "SELECT COUNT(DISTINCT districtCode) FROM admin_units_legacy"
    )
    assert units(Era.LEGACY, Level.COMMUNE).count() == package_count(
        "SELECT COUNT(DISTINCT wardCode) FROM admin_units_legacy WHERE wardCode <> ''"
    )
    assert set(units(Era.REFORM_2025, Level.PROVINCE).values_list("unit_type", flat=True)) == {
        "Tỉnh",
        "Thành phố",
    }
    assert units(Era.REFORM_2025, Level.PROVINCE).filter(unit_type="Thành phố").count() == 6
    new_communes = units(Era.REFORM_2025, Level.COMMUNE)
    assert not new_communes.annotate(n=Count("predecessors")).filter(n=0).exists()
    assert result.unresolved_keys == []
    assert result.seconds < 60
