"""The lifecycle of a model through its services: rules and history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from models_registry.models import ModelRating, SecurityModel
from models_registry.services.activity import rating_set, site_add, site_end
from models_registry.services.models import (
    model_create,
    model_recognize,
    model_recommend_replication,
    model_retire,
    model_update,
)
from tests.directives.factories import make_document
from tests.models_registry.factories import add_review, add_site, category, level, make_model

D = datetime.date


@pytest.mark.django_db
def test_model_create_links_the_founding_decision_and_keeps_its_text(area):
    decision = make_document(
        issuer=area.provincial_committee,
        number_symbol="12/QĐ-BCĐ",
        issue_date=D(2019, 2, 1),
        type_name="Quyết định",
    )
    model = make_model(unit=area.province, founding_decision=decision)
    assert model.founding_number_symbol == "12/QĐ-BCĐ"
    assert model.founding_date == D(2019, 2, 1)
    assert model.status == SecurityModel.Status.ACTIVE
    assert model.history.count() == 1


@pytest.mark.django_db
def test_model_create_rejects_duplicate_name_in_the_same_unit(area):
    make_model(unit=area.province)
    with pytest.raises(ValidationError):
        make_model(unit=area.province, name="tổ liên gia tự quản")
    make_model(unit=area.other_province)  # another area may use the same name


@pytest.mark.django_db
def test_model_create_rejects_future_start_and_late_decision(area):
    with pytest.raises(ValidationError):
        make_model(unit=area.province, started_on=D(2999, 1, 1))
    with pytest.raises(ValidationError):
        make_model(unit=area.province, founding_date=D(2019, 6, 1))


@pytest.mark.django_db
def test_model_retire_records_date_reason_and_closes_sites(area):
    model = make_model(unit=area.province)
    site = add_site(model, unit=area.commune_1)
    model_retire(model=model, on=D(2023, 5, 1), reason="Hoạt động hình thức")
    model.refresh_from_db()
    site.refresh_from_db()
    assert model.status == SecurityModel.Status.RETIRED
    assert model.retired_on == D(2023, 5, 1)
    assert site.ended_on == D(2023, 5, 1)
    assert model.history.first().status == SecurityModel.Status.RETIRED
    with pytest.raises(ValidationError):
        model_retire(model=model, on=D(2023, 6, 1), reason="Lần nữa")


@pytest.mark.django_db
def test_model_retire_requires_reason_and_date_after_start(area):
    model = make_model(unit=area.province)
    with pytest.raises(ValidationError):
        model_retire(model=model, on=D(2023, 5, 1), reason=" ")
    with pytest.raises(ValidationError):
        model_retire(model=model, on=D(2018, 5, 1), reason="Sai ngày")


@pytest.mark.django_db
def test_retired_model_cannot_be_recommended_recognised_or_reviewed_after(area):
    model = make_model(unit=area.province)
    model_retire(model=model, on=D(2022, 1, 1), reason="Không hiệu quả")
    with pytest.raises(ValidationError):
        model_recommend_replication(model=model, on=D(2022, 2, 1))
    with pytest.raises(ValidationError):
        model_recognize(model=model, on=D(2022, 2, 1), level="UBND tỉnh", decision="1/QĐ")
    with pytest.raises(ValidationError):
        add_review(model, on=D(2022, 6, 1))
    with pytest.raises(ValidationError):
        site_add(model=model, unit=area.commune_1, started_on=D(2022, 3, 1))


@pytest.mark.django_db
def test_recommend_and_recognise_record_dates_and_decision(area):
    model = make_model(unit=area.province)
    model_recommend_replication(model=model, on=D(2021, 5, 1), to="Bộ Công an")
    model_recognize(model=model, on=D(2022, 8, 19), level="Bộ Công an", decision="99/QĐ-BCA")
    model.refresh_from_db()
    assert model.replication_recommended_to == "Bộ Công an"
    assert model.is_exemplary and model.recognition_decision == "99/QĐ-BCA"
    with pytest.raises(ValidationError):
        model_recognize(model=model, on=D(2022, 8, 19), level="", decision="")


@pytest.mark.django_db
def test_review_record_rejects_dates_before_start_or_in_future(area):
    model = make_model(unit=area.province)
    with pytest.raises(ValidationError):
        add_review(model, on=D(2018, 1, 1))
    with pytest.raises(ValidationError):
        add_review(model, on=D(2999, 1, 1))
    review = add_review(model, on=D(2021, 12, 1), assessment="formal", kind="final")
    assert review.get_kind_display() == "Tổng kết"


@pytest.mark.django_db
def test_site_add_and_end(area):
    model = make_model(unit=area.province)
    with pytest.raises(ValidationError):
        add_site(model, unit=area.commune_1, started_on=D(2018, 1, 1))
    site = add_site(model, unit=area.commune_1, teams=3, members=15)
    site_end(site=site, on=D(2024, 1, 1))
    assert site.ended_on == D(2024, 1, 1)
    with pytest.raises(ValidationError):
        site_end(site=site, on=D(2024, 2, 1))


@pytest.mark.django_db
def test_rating_set_one_per_year_and_within_activity(area):
    model = make_model(unit=area.province)
    rating_set(model=model, year=2020, grade="fair")
    rating_set(model=model, year=2020, grade="good")
    assert ModelRating.objects.get(model=model, year=2020).grade == "good"
    with pytest.raises(ValidationError):
        rating_set(model=model, year=2018, grade="good")


@pytest.mark.django_db
def test_model_update_changes_fields_and_keeps_history(area):
    model = make_model(unit=area.province)
    model_update(
        model=model,
        fields={"launch_level": level("tinh-uy"), "category": category(3), "goals": "Mới"},
    )
    model.refresh_from_db()
    assert model.launch_level.code == "tinh-uy"
    assert model.history.count() == 2


@pytest.mark.django_db
def test_model_create_rejects_unknown_fields(area):
    with pytest.raises(ValueError):
        model_create(fields={"status": "retired"}, by=None)
