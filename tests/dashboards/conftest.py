"""The dashboards' tests: a province's year 2023 built through the apps' services (rated
units and their assessments, models, a report's period, a plan's tasks), more of each in bulk
for the query bounds, and a cache emptied of the dashboard's token before each test."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from dashboards.cache import TOKEN_KEY
from directives.models import Document
from directives.services.tasks import TaskInput, task_progress_record
from models_registry.models import SecurityModel
from models_registry.services.models import model_retire
from organizations.models import AdministrativeUnit, Organization
from reporting.models import ReportingPeriod, ReportSchedule
from safety_ratings.models import Assessment, RatedUnit, RecognitionDecision, UnitKind
from safety_ratings.selectors.units import criteria_version_for
from safety_ratings.services.assessments import assessment_not_recognise
from tests.directives.factories import make_document
from tests.models_registry.factories import make_model
from tests.organizations.factories import OrganizationFactory, UnitFactory, UserFactory, succession
from tests.reporting.factories import ScheduleFactory, published_form, submitted
from tests.reporting.factories_completeness import (
    bulk_obligations,
    bulk_organizations,
    local,
    period_of,
)
from tests.safety_ratings.factories import (
    RatedUnitFactory,
    appraised,
    recognised,
    registered,
    self_assessed,
)

D = datetime.date
YEAR = 2023
KDC = UnitKind.RESIDENTIAL_AREA
SCHOOL = UnitKind.SCHOOL
ENTERPRISE = UnitKind.ENTERPRISE
Era = AdministrativeUnit.Era
Level = AdministrativeUnit.Level
Status = Assessment.Status
PLAN_NUMBERS = itertools.count(10)


@pytest.fixture(autouse=True)
def fresh_dashboard_cache():
    """The Redis cache outlives the tests' transactions and is shared by them: without a new
    token, a test would read the figures another test cached for the same area and year."""
    cache.delete(TOKEN_KEY)
    yield
    cache.delete(TOKEN_KEY)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The scenes make a few users that never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Scene:
    """What the figures of 2023 are made of (see `scene`)."""

    units: dict[str, RatedUnit]
    models: dict[str, SecurityModel]
    schedule: ReportSchedule
    period: ReportingPeriod
    plan: Document
    issuers: dict[str, Organization] = field(default_factory=dict)


def _ratings(area) -> tuple[dict[str, RatedUnit], dict[str, Organization]]:
    """Residential areas, schools and an enterprise of the province in 2023 (before the reform:
    decided by the old communes and districts), one recognised in 2022 too."""
    issuers = {
        "old_commune_1": OrganizationFactory(name="UBND xã Đồng Đăng cũ", unit=area.old_commune_1,
                                             kind=Organization.Kind.PEOPLES_COMMITTEE),
        "old_commune_2": OrganizationFactory(name="UBND xã Hoàng Đồng cũ",
                                             unit=area.old_commune_2,
                                             kind=Organization.Kind.PEOPLES_COMMITTEE),
        "district_1": OrganizationFactory(name="UBND huyện Cao Thử", unit=area.district_1,
                                          kind=Organization.Kind.PEOPLES_COMMITTEE),
    }  # fmt: skip
    unit = RatedUnitFactory
    in_1 = {"commune": area.commune_1, "legacy_commune": area.old_commune_1}
    in_2 = {"commune": area.commune_2, "legacy_commune": area.old_commune_2}
    units = {
        "k_recognised_1": unit(name="Thôn Công Nhận Một", **in_1),
        "k_failed": unit(name="Thôn Không Đạt", **in_1),
        "k_recognised_2": unit(name="Thôn Công Nhận Hai", **in_2),
        "k_registered": unit(name="Thôn Mới Đăng Ký", **in_2),
        "k_none": unit(name="Thôn Chưa Đăng Ký", **in_2),
        "k_elsewhere": unit(name="Thôn Tỉnh Khác", commune=area.other_commune),
        "s_recognised": unit(name="Trường THPT Cao Thử", kind=SCHOOL, **in_1),
        "s_assessed": unit(name="Trường THPT Hoàng Đồng", kind=SCHOOL, **in_2),
        "e_none": unit(name="Công ty May Đồng Đăng", kind=ENTERPRISE, **in_1),
    }
    recognised([units["k_recognised_2"]], YEAR - 1, issuer=issuers["old_commune_2"],
               deciding_unit=area.old_commune_2, number="7")  # fmt: skip
    recognised([units["k_recognised_1"]], YEAR, issuer=issuers["old_commune_1"],
               deciding_unit=area.old_commune_1, number="1")  # fmt: skip
    recognised([units["k_recognised_2"]], YEAR, issuer=issuers["old_commune_2"],
               deciding_unit=area.old_commune_2, number="2")  # fmt: skip
    failed = appraised(units["k_failed"], YEAR, failing=("3",))
    assessment_not_recognise(assessment=failed, reason="Còn vụ việc phức tạp", by=None,
                             on=D(YEAR, 11, 25))  # fmt: skip
    registered(units["k_registered"], YEAR)
    registered(units["k_elsewhere"], YEAR)
    recognised([units["s_recognised"]], YEAR, issuer=issuers["district_1"],
               deciding_unit=area.district_1, number="3")  # fmt: skip
    self_assessed(units["s_assessed"], YEAR)
    return units, issuers


def _models(area) -> dict[str, SecurityModel]:
    models = {
        "province": make_model(unit=area.province, name="Khu dân cư 5 không",
                               level_code="tinh-uy", started_on=D(2018, 3, 1)),
        "district": make_model(unit=area.district_1, name="Liền canh, liền cư",
                               level_code="cap-huyen-cap-xa", started_on=D(2019, 1, 10)),
        "commune_1": make_model(unit=area.commune_1, name="Tổ tự quản bến đò",
                                level_code="cap-xa", started_on=D(2020, 5, 1)),
        "commune_2": make_model(unit=area.commune_2, name="Dòng họ tự quản",
                                level_code="cap-xa", started_on=D(2023, 4, 1)),
        "retired": make_model(unit=area.old_commune_2, name="Chốt dân phòng",
                              level_code="cap-xa", started_on=D(2019, 6, 1)),
        "later": make_model(unit=area.province, name="Camera an ninh", level_code="ubnd-tinh",
                            started_on=D(2024, 2, 1)),
        "other": make_model(unit=area.other_province, name="Xa lạ", level_code="tinh-uy",
                            started_on=D(2018, 1, 1)),
    }  # fmt: skip
    model_retire(model=models["retired"], on=D(YEAR, 8, 31), reason="Không còn hoạt động")
    return models


def _reports(area) -> tuple[ReportSchedule, ReportingPeriod]:
    """Quý IV/2023 owed by both districts' committees, commune 1's and the department: one on
    time, one late, two missing."""
    schedule = ScheduleFactory(
        form=published_form(area.provincial_committee),
        name="Báo cáo quý về phong trào toàn dân bảo vệ ANTQ",
        reviewer=area.provincial_committee,
        reporters=[area.district_committee_1, area.district_committee_2,
                   area.commune_committee_1, area.department],
    )  # fmt: skip
    period = period_of(schedule, label="Quý IV/2023", start=D(YEAR, 9, 15), end=D(YEAR, 12, 14),
                       deadline=D(YEAR, 12, 10))  # fmt: skip
    owed = {o.organization_id: o for o in period.obligations.all()}
    clerk = UserFactory(full_name="Nguyễn Văn Nộp")
    submitted(owed[area.district_committee_1.pk], clerk, on=local(YEAR, 12, 9, 10, 0))
    submitted(owed[area.district_committee_2.pk], clerk, on=local(YEAR, 12, 12, 8, 0))
    return schedule, period


def _tasks(area) -> Document:
    """The provincial committee's plan of 2023: one deadline each for the police, both
    districts' committees, commune 1's and the other province's."""
    plan = make_document(
        issuer=area.provincial_committee, issue_date=D(YEAR, 1, 10), number_symbol="01/KH-BCĐ",
        tasks=[
            TaskInput(text="Rà soát địa bàn", deadline_kind="date", deadline_value="2023-03-01",
                      lead=[area.police]),
            TaskInput(text="Tổng kết cấp huyện", deadline_kind="date",
                      deadline_value="2023-06-30",
                      lead=[area.district_committee_1, area.district_committee_2]),
            TaskInput(text="Ra mắt mô hình xã", deadline_kind="date",
                      deadline_value="2023-09-30", lead=[area.commune_committee_1]),
            TaskInput(text="Phối hợp liên tỉnh", deadline_kind="date",
                      deadline_value="2023-05-01", lead=[area.other_committee]),
        ],
    )  # fmt: skip

    def complete(text: str, organization: Organization, on: datetime.date) -> None:
        task = plan.tasks.get(text=text)
        occurrence = task.assignments.get(organization=organization).occurrences.get()
        task_progress_record(occurrence=occurrence, reported_on=on, text="Đã hoàn thành",
                             completes=True, by=None)  # fmt: skip

    complete("Rà soát địa bàn", area.police, D(YEAR, 2, 20))
    complete("Tổng kết cấp huyện", area.district_committee_1, D(YEAR, 7, 5))
    complete("Ra mắt mô hình xã", area.commune_committee_1, D(YEAR, 9, 1))
    return plan


def build_scene(area) -> Scene:
    units, issuers = _ratings(area)
    schedule, period = _reports(area)
    return Scene(
        units=units,
        models=_models(area),
        schedule=schedule,
        period=period,
        plan=_tasks(area),
        issuers=issuers,
    )


@pytest.fixture
def scene(area) -> Scene:
    """Tỉnh Lạng Thử's 2023: residential areas 2/5 recognised (1/5 in 2022), schools 1/2, an
    enterprise 0/1; four models active at the end of 2023 and one retired in it; Quý IV/2023
    owed by four, one on time and one late; five deadlines, three completed."""
    return build_scene(area)


# -- more of everything, in bulk (the query bounds) --------------------------------------------


def grow(area, size: int, *, tag: str = "") -> None:
    """`size` more old and new communes (each pair linked), each with four residential areas
    assessed in 2022 and 2023, a model, a reporting committee with an obligation in Quý IV/2023,
    and a deadline of the plan of 2023. Written in bulk, behind the services' back."""
    issuer = OrganizationFactory(name=f"UBND tỉnh {tag}", unit=area.province)
    decisions = {
        year: RecognitionDecision.objects.create(
            year=year, kind=KDC, number_symbol=f"{year}/QĐ-{tag}{size}", decided_on=D(year, 11, 25),
            issuer=issuer, deciding_unit=area.province, signer_name="A", signer_position="B",
        )
        for year in (YEAR - 1, YEAR)
    }  # fmt: skip
    statuses = [Status.RECOGNISED, Status.NOT_RECOGNISED, Status.SELF_ASSESSED, Status.REVOKED]
    new_communes = []
    for n in range(size):
        code = f"{tag}{size:02d}{n:03d}"
        old = UnitFactory(name=f"Xã Cũ {code}", level=Level.COMMUNE, era=Era.LEGACY,
                          parent=area.district_2, unit_type="Xã", code=f"95{code}")  # fmt: skip
        new = UnitFactory(name=f"Xã Mới {code}", level=Level.COMMUNE, parent=area.province,
                          unit_type="Xã", code=f"96{code}")  # fmt: skip
        succession(old, new)
        new_communes.append(new)
        made = RatedUnit.objects.bulk_create(
            RatedUnit(kind=KDC, name=f"Thôn {code}-{i}", search_key=f"thon {code} {i}",
                      commune=new, legacy_commune=old, local_type="thon",
                      valid_from=D(2015, 1, 1))
            for i in range(4)
        )  # fmt: skip
        Assessment.objects.bulk_create(
            Assessment(
                rated_unit=unit, year=year, kind=KDC, commune=old,
                criteria_version=criteria_version_for(KDC, year), registered_on=D(year, 2, 1),
                status=statuses[i % len(statuses)],
                decision=decisions[year] if statuses[i % len(statuses)] == Status.RECOGNISED
                else None,
            )
            for i, unit in enumerate(made)
            for year in (YEAR - 1, YEAR)
        )  # fmt: skip
        make_model(unit=new, name=f"Mô hình {code}", level_code="cap-xa",
                   started_on=D(2020, 1, 1))  # fmt: skip
    committees = []
    for new in new_communes:
        committees += bulk_organizations(new, 1, prefix=f"Ban Chỉ đạo 138 {new.name}")
    schedule = ReportSchedule.objects.get(name="Báo cáo quý về phong trào toàn dân bảo vệ ANTQ")
    schedule.reporters.add(*committees)
    period = schedule.periods.get(label="Quý IV/2023")
    bulk_obligations(period, committees)
    make_document(
        issuer=area.provincial_committee, issue_date=D(YEAR, 2, 1),
        number_symbol=f"{next(PLAN_NUMBERS)}/KH-BCĐ",
        tasks=[
            TaskInput(text=f"Nhiệm vụ {c.name}", deadline_kind="date",
                      deadline_value=f"2023-{1 + i % 12:02d}-20", lead=[c])
            for i, c in enumerate(committees)
        ],
    )  # fmt: skip
