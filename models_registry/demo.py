"""Demo models for `make run`: models of the demo province across the launching levels, with
sites, reviews, ratings, an exemplary one and a retired one. Written for the demo, through the
services; running it twice changes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction

from organizations.demo import demo_area
from organizations.models import Organization, User

from .models import LaunchLevel, ModelCategory, ModelReview, SecurityModel
from .services.activity import rating_set, review_record, site_add
from .services.models import model_create, model_recognize, model_retire

Assessment = ModelReview.Assessment
GOALS = "Giữ vững an ninh, trật tự tại cơ sở; phát huy vai trò tự quản của nhân dân."


def _org(name_start: str) -> Organization | None:
    return Organization.objects.filter(name__startswith=name_start).order_by("pk").first()


@transaction.atomic
def seed_demo() -> None:
    area = demo_area()
    if SecurityModel.objects.filter(unit__in=[area.province, *area.districts]).exists():
        return
    staff = User.objects.filter(username="thuongtruc").first()
    police = _org("Công an tỉnh")
    level = {lv.code: lv for lv in LaunchLevel.objects.all()}
    category = {c.order: c for c in ModelCategory.objects.all()}
    d = datetime.date
    # name, category order, level code, unit, started, reviews, retired
    plans = [
        ("Khu dân cư 5 không", 1, "tinh-uy", area.province, d(2018, 3, 26),
         [(d(2021, 12, 10), Assessment.EFFECTIVE), (d(2024, 12, 12), Assessment.EFFECTIVE)], None),
        ("Camera giám sát ANTT", 3, "ubnd-tinh", area.province, d(2019, 8, 19),
         [(d(2022, 11, 20), Assessment.EFFECTIVE)], None),
        ("Tổ liên gia tự quản", 2, "cong-an-tinh-ban-nganh", area.province, d(2017, 5, 1),
         [(d(2023, 6, 1), Assessment.FORMAL)], None),
        ("Khu dân cư không có ma túy", 4, "cong-an-tinh-ban-nganh", area.province,
         d(2020, 1, 15), [], None),
        ("Liền canh, liền cư", 6, "cap-huyen-cap-xa", area.districts[0], d(2016, 9, 1),
         [(d(2019, 12, 1), Assessment.INEFFECTIVE)], (d(2023, 3, 31),
          "Hoạt động hình thức, không hiệu quả; thanh loại theo kết quả rà soát.")),
        ("Dòng họ tự quản", 2, "cap-huyen-cap-xa", area.districts[1], d(2019, 4, 1),
         [(d(2024, 5, 20), Assessment.EFFECTIVE)], None),
    ]  # fmt: skip
    for name, category_order, level_code, unit, started, reviews, retired in plans:
        model = model_create(
            fields={
                "name": name,
                "category": category[category_order],
                "launch_level": level[level_code],
                "unit": unit,
                "started_on": started,
                "managing_organization": police,
                "founding_number_symbol": f"{started.month:02d}/QĐ-BCĐ",
                "founding_date": started,
                "goals": GOALS,
                "contacts": "Tổ giúp việc BCĐ 138, Công an tỉnh",
            },
            by=staff,
        )
        # Sites of the retired model ran under the old district; the others under the new
        # communes since the reform.
        site_units = [unit] if retired else area.communes
        for number, site_unit in enumerate(site_units, start=1):
            site_add(
                model=model,
                unit=site_unit,
                place=f"Thôn {number}",
                started_on=started if retired else max(started, d(2025, 7, 1)),
                teams=number + 1,
                members=(number + 1) * 5,
            )
        for reviewed_on, assessment in reviews:
            review_record(
                model=model,
                kind=ModelReview.Kind.INTERIM,
                reviewed_on=reviewed_on,
                assessment=assessment,
                findings="Sơ kết định kỳ theo Hướng dẫn 22/HD-BCA-V05.",
                reviewing_organization=police,
                by=staff,
            )
        rating_set(model=model, year=2024 if not retired else 2022, grade="good")
        if retired:
            model_retire(model=model, on=retired[0], reason=retired[1])
    model_recognize(
        model=SecurityModel.objects.get(name="Khu dân cư 5 không", unit=area.province),
        on=d(2023, 8, 19),
        level="Bộ Công an",
        decision="1234/QĐ-BCA",
    )
