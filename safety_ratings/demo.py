"""Demo ratings for `make run`: the communes of the demo province are rated units; a handful
of communes of Thành phố Lạng Sơn and Tràng Định get residential areas, agencies,
enterprises and schools; then three decided years (2023 and 2024 under the old communes
and districts, 2025 under the new communes) and the current year in progress.

Everything is walked through the services, with some units failing a criterion (so the
drill-downs have something to show), one commune failing the 70% rule each year, one
recognition revoked, and the current year's dossiers spread over the workflow so the grid and
the appraisal queue are not empty. The unit names are invented; running it twice changes
nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from organizations.demo import demo_area
from organizations.models import AdministrativeUnit, Organization, UnitSuccession, User
from organizations.services.organizations import organization_ensure

from .models import Assessment, RatedUnit, UnitKind
from .services.assessments import (
    Verdict,
    assessment_appraise,
    assessment_not_recognise,
    assessment_register,
    assessment_return,
    assessment_revoke,
    assessment_self_assess,
    failed_results,
)
from .services.decisions import decision_issue
from .services.units import commune_units_ensure, rated_unit_create, rated_unit_end

d = datetime.date
Kind = UnitKind
LocalType = RatedUnit.LocalType
Size = RatedUnit.EnterpriseSize
Education = RatedUnit.EducationLevel
Status = Assessment.Status
DECIDED_YEARS = (2023, 2024, 2025)
SINCE = d(2015, 1, 1)


@dataclass(frozen=True)
class UnitPlan:
    kind: str
    name: str
    households: int | None = None
    local_type: str = ""
    size: str = ""
    level: str = ""
    valid_from: datetime.date = SINCE


def _area(name: str, households: int, local_type: str = LocalType.KHOI) -> UnitPlan:
    return UnitPlan(Kind.RESIDENTIAL_AREA, name, households=households, local_type=local_type)


def _agency(name: str, valid_from: datetime.date = SINCE) -> UnitPlan:
    return UnitPlan(Kind.AGENCY, name, valid_from=valid_from)


def _enterprise(name: str, size: str = Size.MEDIUM) -> UnitPlan:
    return UnitPlan(Kind.ENTERPRISE, name, size=size)


def _school(name: str, level: str) -> UnitPlan:
    return UnitPlan(Kind.SCHOOL, name, level=level)


# Old commune (district index in demo_area().districts, name) → its units. Each unit crossed
# the 2025 reform into the old commune's main successor, except ENDED ones.
UNITS: dict[tuple[int, str], list[UnitPlan]] = {
    (0, "Phường Vĩnh Trại"): [
        _area("Khối 3", 312), _area("Khối 7", 268), _area("Khối 8", 174),
        _agency("Chi cục Thuế khu vực Thành phố Lạng Sơn – Cao Lộc"),
        _school("Trường THCS Vĩnh Trại", Education.LOWER_SECONDARY),
    ],
    (0, "Phường Đông Kinh"): [
        _area("Khối 1", 285), _area("Khối 5", 330),
        _enterprise("Công ty cổ phần Chợ Đông Kinh", Size.LARGE),
        _school("Trường THPT Đông Kinh", Education.UPPER_SECONDARY),
    ],
    (0, "Xã Mai Pha"): [
        _area("Thôn Nà Pàn", 146, LocalType.THON), _area("Thôn Khòn Khuyên", 132, LocalType.THON),
        _enterprise("Công ty cổ phần Gạch ngói Mai Pha"),
        _school("Trường Trung cấp Nghề Mai Pha", Education.VOCATIONAL),
    ],
    (0, "Phường Chi Lăng"): [
        _area("Khối 9", 256), _area("Khối 10", 301),
        _enterprise("Công ty cổ phần Bến xe khách Lạng Sơn", Size.LARGE),
        _school("Trung tâm Giáo dục thường xuyên Chi Lăng", Education.CONTINUING),
    ],
    (0, "Xã Quảng Lạc"): [
        _area("Thôn Nà Chuông", 121, LocalType.THON), _area("Thôn Pò Nghiều", 87, LocalType.THON),
        _enterprise("Công ty TNHH Chế biến nông sản Quảng Lạc"),
    ],
    (0, "Phường Hoàng Văn Thụ"): [
        _area("Khối 12", 295),
        _agency("Trung tâm Y tế thành phố Lạng Sơn"),
    ],
    (0, "Phường Tam Thanh"): [
        _area("Khối 15", 244), _area("Khối 16", 218),
        _enterprise("Công ty cổ phần Du lịch Tam Thanh"),
    ],
    (0, "Xã Hoàng Đồng"): [
        _area("Thôn Nà Lầu", 156, LocalType.THON),
        _enterprise("Công ty cổ phần May Hoàng Đồng", Size.LARGE),
    ],
    (1, "Thị trấn Thất Khê"): [
        _area("Khu 4", 251, LocalType.KHU_PHO),
        _area("Bản Khòn Pát", 88, LocalType.BAN), _area("Bản Nà Cạn", 73, LocalType.BAN),
        _agency("Chi cục Thuế khu vực Tràng Định – Văn Lãng"),
        _enterprise("Công ty cổ phần Lâm sản Tràng Định"),
        _school("Trường THPT Tràng Định", Education.UPPER_SECONDARY),
        _school("Trường Phổ thông Dân tộc nội trú THCS và THPT Tràng Định", Education.MULTI_LEVEL),
    ],
}  # fmt: skip
# Units that only exist in one era: closed before the reform, or set up after it.
ENDED = {"Khối 8": (d(2024, 12, 31), "Sáp nhập vào Khối 7 theo Nghị quyết của HĐND tỉnh.")}
NEW_UNITS = {  # under the main successor of (district index, old commune)
    (0, "Phường Đông Kinh"): [
        _agency("Trung tâm Phục vụ hành chính công phường Đông Kinh", d(2025, 7, 1)),
    ],
}

# (unit, year) → the criterion the appraisal found failed, and why.
FAILURES = {
    ("Công ty cổ phần Gạch ngói Mai Pha", 2023): (
        "4", "Năm 2023 xảy ra 01 vụ tai nạn lao động nghiêm trọng do chủ quan."),
    ("Khối 8", 2023): ("4", "Xảy ra 01 vụ cháy nhà dân gây thiệt hại nghiêm trọng do sơ suất."),
    ("Trường THPT Tràng Định", 2023): (
        "3", "Xảy ra 01 vụ học sinh đánh nhau gây thương tích, phải xử lý hình sự."),
    ("Công ty cổ phần Bến xe khách Lạng Sơn", 2024): (
        "4", "01 lái xe của công ty bị xử lý hình sự về tội vi phạm quy định giao thông."),
    ("Khu 4", 2024): ("5", "Tổ bảo vệ an ninh, trật tự chưa được kiện toàn sau khi sáp nhập."),
    ("Khối 16", 2024): ("4", "Xảy ra 01 vụ cướp giật tài sản nghiêm trọng trên địa bàn khối."),
    ("Bản Nà Cạn", 2025): ("3", "Xảy ra tụ tập đông người khiếu kiện về đất đai kéo dài."),
    ("Công ty cổ phần Lâm sản Tràng Định", 2025): (
        "4", "Xảy ra 01 vụ cháy kho gỗ gây thiệt hại lớn do chủ quan."),
    ("Khối 10", 2025): ("2", "Chưa xây dựng quy ước, hương ước về an ninh, trật tự."),
    ("Trường THCS Vĩnh Trại", 2026): ("3", "Xảy ra 01 vụ bạo lực học đường."),
}  # fmt: skip
# (unit, year) where fewer than every household registered (criterion 1, computed).
HOUSEHOLD_SHORTFALLS = {("Thôn Nà Pàn", 2023), ("Bản Khòn Pát", 2024), ("Bản Khòn Pát", 2025),
                        ("Thôn Khòn Khuyên", 2025)}  # fmt: skip
# (unit, year) that did not register: the commune then misses its 100% (criterion 4.a).
NOT_REGISTERED = {("Thôn Nà Chuông", 2023)}
REVOKED = (
    "Khối 5", 2024, d(2025, 3, 20), "25/QĐ-UBND",
    "Phát hiện trong năm 2024 tại khối xảy ra 01 vụ tổ chức đánh bạc bị khởi tố.",
)  # fmt: skip
RETURNED = ("Khối 1", "Biên bản họp khu dân cư thiếu chữ ký của Trưởng ban công tác Mặt trận.")

# Invented chairmen who sign the decisions, by deciding unit.
CHAIRS = [
    "Hoàng Văn Tùng", "Nông Đức Minh", "Lăng Thị Hoa", "Vi Văn Sơn", "Triệu Thị Mai",
    "Hà Quang Vinh", "Lộc Văn Hưng", "Đinh Thị Lan", "Chu Văn Thành", "Mã Thị Hằng",
]  # fmt: skip
DECISION_DAY = {Kind.RESIDENTIAL_AREA: (11, 25), Kind.COMMUNE: (12, 20)}
EVIDENCE = "Báo cáo kết quả thực hiện, biên bản họp xét và các tài liệu kèm theo."


class _Demo:
    """What one run builds and looks up again: the organizations and users it needs."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.area = demo_area()
        self.staff = User.objects.filter(username="thuongtruc").first()
        self.writers = {
            username: User.objects.filter(username=username).first()
            for username in ("bcd_huyen", "bcd_huyen2", "bcd_xa")
        }
        self.organizations: dict[tuple[str, int], Organization] = {}
        self.numbers: dict[tuple[int, int], int] = {}

    def organization(self, kind: str, unit: AdministrativeUnit) -> Organization:
        """The UBND or the police of a unit, created when the demo lacks it."""
        key = (kind, unit.pk)
        if key not in self.organizations:
            existing = Organization.objects.filter(kind=kind, unit=unit).order_by("pk").first()
            if existing is None:
                place = f"{unit.unit_type.lower()} {unit.short_name}"
                prefix, short, series = (
                    ("Ủy ban nhân dân", "UBND", "UBND")
                    if kind == Organization.Kind.PEOPLES_COMMITTEE
                    else ("Công an", "CA", "CA")
                )
                existing = organization_ensure(
                    name=f"{prefix} {place}",
                    kind=kind,
                    unit=unit,
                    short_name=f"{short} {place}"[:60],
                    document_series_code=series,
                    valid_to=unit.valid_to,
                )
            self.organizations[key] = existing
        return self.organizations[key]

    def writer(self, commune: AdministrativeUnit) -> User | None:
        """Who entered a dossier: the committee holding the commune that year, else the staff."""
        districts = self.area.districts
        if commune.parent_id == districts[0].pk:
            return self.writers["bcd_huyen"] or self.staff
        if commune.parent_id == districts[1].pk:
            return self.writers["bcd_huyen2"] or self.staff
        if commune.pk == self.area.communes[0].pk:
            return self.writers["bcd_xa"] or self.staff
        return self.staff

    def next_number(self, issuer: Organization, year: int) -> str:
        """A plausible number in the issuer's yearly series (each issuer numbers on its own)."""
        key = (issuer.pk, year)
        self.numbers[key] = self.numbers.get(key, 90 + (issuer.pk * 37 + year) % 300) + 6
        return f"{self.numbers[key]}/QĐ-{issuer.document_series_code or 'UBND'}"


def _successor(commune: AdministrativeUnit) -> AdministrativeUnit:
    link = (
        UnitSuccession.objects.filter(predecessor=commune, successor__level=commune.level)
        .select_related("successor")
        .order_by("-is_main", "pk")
        .first()
    )
    return link.successor


def _demo_communes(area) -> list[AdministrativeUnit]:
    """Every commune of the province today, and the old communes of the two demo districts.

    The other old districts have no demo committee; leaving their communes out keeps the
    demo fast (each commune is a full service save)."""
    return list(
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
        .filter(parent__in=[area.province, *area.districts])
        .order_by("path")
    )


def _create_units(demo: _Demo) -> list[RatedUnit]:
    units = []
    for (district_index, old_name), plans in UNITS.items():
        old = demo.area.districts[district_index].children.get(name=old_name)
        new = _successor(old)
        # (plan, commune, legacy commune): a unit that crossed the reform sits under the new
        # commune and keeps the old one; a unit closed before it stays under the old one.
        placements = [
            (plan, old, None) if plan.name in ENDED else (plan, new, old) for plan in plans
        ]
        placements += [(plan, new, None) for plan in NEW_UNITS.get((district_index, old_name), [])]
        for plan, commune, legacy in placements:
            units.append(
                rated_unit_create(
                    fields={
                        "kind": plan.kind,
                        "name": plan.name,
                        "commune": commune,
                        "legacy_commune": legacy,
                        "local_type": plan.local_type,
                        "enterprise_size": plan.size,
                        "education_level": plan.level,
                        "households": plan.households,
                        "valid_from": plan.valid_from,
                    },
                    by=demo.staff,
                )
            )
    return units


def _register(demo: _Demo, unit: RatedUnit, year: int, number: int) -> Assessment:
    day = d(year, 1, 10) + datetime.timedelta(days=number % 60)
    day = min(max(day, unit.valid_from + datetime.timedelta(days=14)), demo.today)
    total = registered = None
    if unit.kind == Kind.RESIDENTIAL_AREA:
        total = unit.households + (year - 2022) * 3
        registered = total - total // 12 if (unit.name, year) in HOUSEHOLD_SHORTFALLS else total
    commune = unit.legacy_commune if year < 2025 and unit.legacy_commune else unit.commune
    return assessment_register(
        rated_unit=unit,
        year=year,
        registered_on=day,
        by=demo.writer(commune),
        party_resolution=f"Nghị quyết số {number % 9 + 1:02d}-NQ/CB ngày 05/01/{year}",
        households_total=total,
        households_registered=registered,
    )


def _self_assess(demo: _Demo, assessment: Assessment, *, complete: bool = True) -> Assessment:
    typed = [
        r for r in assessment.results.select_related("criterion") if not r.criterion.is_computed
    ]
    if not complete:
        typed = typed[:2]
    verdicts = {r.criterion_id: Verdict(met=True, note=EVIDENCE) for r in typed}
    day = min(d(assessment.year, 10, 15), demo.today)
    return assessment_self_assess(
        assessment=assessment, verdicts=verdicts, by=assessment.created_by, on=day
    )


def _appraise(demo: _Demo, assessment: Assessment, appraiser: Organization) -> Assessment:
    verdicts = {}
    failure = FAILURES.get((assessment.rated_unit.name, assessment.year))
    if failure:
        number, note = failure
        criterion = assessment.criteria_version.criteria.get(number=number)
        verdicts[criterion.pk] = Verdict(met=False, note=note)
    return assessment_appraise(
        assessment=assessment,
        verdicts=verdicts,
        organization=appraiser,
        by=demo.staff,
        note="Hồ sơ đầy đủ; kết quả thẩm định như sau." if not failure else failure[1],
        on=min(d(assessment.year, 11, 5), demo.today),
    )


def _deciding_unit(assessment: Assessment) -> AdministrativeUnit:
    unit = assessment.commune
    while unit.level != assessment.criteria_version.deciding_level:
        unit = unit.parent
    return unit


def _appraiser(demo: _Demo, assessment: Assessment) -> Organization:
    """Commune police appraise; a commune itself is appraised by the police of its decider."""
    unit = _deciding_unit(assessment) if assessment.kind == Kind.COMMUNE else assessment.commune
    return demo.organization(Organization.Kind.POLICE, unit)


def _decide(demo: _Demo, assessments: list[Assessment]) -> None:
    """Recognise the appraised dossiers that pass, grouped by decider, close the rest."""
    groups: dict[tuple[str, int], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        failed = failed_results(assessment)
        if failed:
            assessment_not_recognise(
                assessment=assessment,
                reason="",
                by=demo.staff,
                on=min(d(assessment.year, 11, 28), demo.today),
            )
            continue
        groups[assessment.kind, _deciding_unit(assessment).pk].append(assessment)
    for (kind, _unit_pk), members in groups.items():
        year = members[0].year
        deciding_unit = _deciding_unit(members[0])
        issuer = demo.organization(Organization.Kind.PEOPLES_COMMITTEE, deciding_unit)
        province_level = deciding_unit.level == AdministrativeUnit.Level.PROVINCE
        decision_issue(
            fields={
                "year": year,
                "kind": kind,
                "number_symbol": demo.next_number(issuer, year),
                "decided_on": d(year, *DECISION_DAY.get(kind, (12, 5))),
                "issuer": issuer,
                "deciding_unit": deciding_unit,
                "signer_name": "Lương Văn Đạo"
                if province_level
                else CHAIRS[deciding_unit.pk % len(CHAIRS)],
                "signer_position": "Phó Chủ tịch" if province_level else "Chủ tịch",
                "signing_authority": "KT." if province_level else "TM.",
            },
            assessments=members,
            by=demo.staff,
        )


def _decided_year(demo: _Demo, year: int, units: list[RatedUnit], communes) -> None:
    window_end = d(year, 10, 31)
    own = [u for u in units if u.is_valid_on(window_end) and (u.name, year) not in NOT_REGISTERED]
    dossiers = [_register(demo, unit, year, n) for n, unit in enumerate(own)]
    for dossier in dossiers:
        _self_assess(demo, dossier)
    _decide(demo, [_appraise(demo, a, _appraiser(demo, a)) for a in dossiers])
    # The communes are appraised once their units are decided: criteria 4.a and 4.b count
    # the units registered and recognised that year.
    commune_units = RatedUnit.objects.filter(
        administrative_unit__in=communes[year < 2025]
    ).order_by("name")
    commune_dossiers = [_register(demo, unit, year, n) for n, unit in enumerate(commune_units)]
    for dossier in commune_dossiers:
        _self_assess(demo, dossier)
    _decide(demo, [_appraise(demo, a, _appraiser(demo, a)) for a in commune_dossiers])


def _year_in_progress(demo: _Demo, year: int, units: list[RatedUnit], communes) -> None:
    """Spread the current year over the workflow: registered, partly or fully self-assessed,
    returned, appraised and waiting for a decision."""
    window_end = d(year, 10, 31)
    own = [u for u in units if u.is_valid_on(window_end)]
    for number, unit in enumerate(own):
        dossier = _register(demo, unit, year, number)
        if unit.name == RETURNED[0]:
            dossier = _self_assess(demo, dossier)
            assessment_return(assessment=dossier, reason=RETURNED[1], by=demo.staff)
            continue
        step = number % 5
        if step == 0:
            continue
        dossier = _self_assess(demo, dossier, complete=step != 1)
        if step == 4 or (unit.name, year) in FAILURES:
            _appraise(demo, dossier, _appraiser(demo, dossier))
    new_communes = RatedUnit.objects.filter(administrative_unit__in=communes[False])
    for number, unit in enumerate(new_communes.order_by("name")):
        _register(demo, unit, year, number)


@transaction.atomic
def seed_demo(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    demo = _Demo(today)
    commune_units_ensure(communes=_demo_communes(demo.area))
    marker = UNITS[0, "Xã Mai Pha"][0]
    if RatedUnit.objects.filter(kind=marker.kind, name=marker.name).exists():
        return
    units = _create_units(demo)
    # The communes that have units, by era (True: before the reform).
    communes = {
        True: {
            u.legacy_commune or u.commune
            for u in units
            if (u.legacy_commune or u.commune).is_legacy
        },
        False: {u.commune for u in units if not u.commune.is_legacy},
    }
    for year in DECIDED_YEARS:
        if year >= today.year:
            break
        _decided_year(demo, year, units, communes)
        if year == REVOKED[1]:
            _, _, on, document, reason = REVOKED
            assessment_revoke(
                assessment=Assessment.objects.get(rated_unit__name=REVOKED[0], year=year),
                reason=reason,
                by=demo.staff,
                on=on,
                document_number=document,
            )
        # A unit closes once the windows of the years it was rated in are over.
        for unit in units:
            if unit.name in ENDED and ENDED[unit.name][0].year == year:
                on, reason = ENDED[unit.name]
                rated_unit_end(unit=unit, on=on, reason=reason)
    _year_in_progress(demo, max(today.year, DECIDED_YEARS[0]), units, communes)
