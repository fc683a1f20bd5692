"""Registering a model and its lifecycle: replication, recognition, retirement (with history)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import User

from ..models import SecurityModel

EDITABLE_FIELDS = [
    "name", "category", "launch_level", "unit", "launching_organization", "managing_organization",
    "started_on", "founding_decision", "founding_number_symbol", "founding_date", "contacts",
    "description", "goals",
]  # fmt: skip


def _apply_founding(model: SecurityModel) -> None:
    """A decision registered in the register fills the number/symbol and date kept as text."""
    document = model.founding_decision
    if document is not None:
        model.founding_number_symbol = model.founding_number_symbol or document.number_symbol
        model.founding_date = model.founding_date or document.issue_date


def _check_dates(model: SecurityModel, today: datetime.date) -> None:
    if model.started_on and model.started_on > today:
        raise ValidationError({"started_on": _("Ngày bắt đầu hoạt động không thể ở tương lai.")})
    if model.founding_date and model.started_on and model.founding_date > model.started_on:
        raise ValidationError(
            {"founding_date": _("Quyết định thành lập phải có trước ngày bắt đầu hoạt động.")}
        )


@transaction.atomic
def model_create(
    *, fields: dict, by: User | None, today: datetime.date | None = None
) -> SecurityModel:
    """Register a model (ra mắt mô hình) as active."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    model = SecurityModel(**fields, created_by=by)
    _apply_founding(model)
    _check_dates(model, today or timezone.localdate())
    if SecurityModel.objects.filter(unit=model.unit, name__iexact=model.name.strip()).exists():
        raise ValidationError(
            {"name": _("Địa bàn này đã có mô hình cùng tên; hãy mở mô hình đó để cập nhật.")}
        )
    model.name = model.name.strip()
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def model_update(
    *, model: SecurityModel, fields: dict, today: datetime.date | None = None
) -> SecurityModel:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(model, name, value)
    _apply_founding(model)
    _check_dates(model, today or timezone.localdate())
    if model.retired_on and model.started_on > model.retired_on:
        raise ValidationError({"started_on": _("Ngày bắt đầu phải trước ngày thanh loại.")})
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def model_recommend_replication(
    *, model: SecurityModel, on: datetime.date, to: str = ""
) -> SecurityModel:
    """Recommend a model for replication (đề xuất nhân rộng), e.g. to the Bộ Công an."""
    if model.is_retired:
        raise ValidationError(_("Mô hình đã thanh loại, không thể đề xuất nhân rộng."))
    if on < model.started_on:
        raise ValidationError({"on": _("Ngày đề xuất phải sau ngày mô hình bắt đầu hoạt động.")})
    model.replication_recommended_on = on
    model.replication_recommended_to = to.strip()
    model.save(
        update_fields=["replication_recommended_on", "replication_recommended_to", "updated_at"]
    )
    return model


@transaction.atomic
def model_recognize(
    *, model: SecurityModel, on: datetime.date, level: str, decision: str
) -> SecurityModel:
    """Recognise a model as exemplary (điển hình tiên tiến) by a level's decision."""
    if model.is_retired:
        raise ValidationError(_("Mô hình đã thanh loại, không thể công nhận điển hình."))
    if on < model.started_on:
        raise ValidationError({"on": _("Ngày công nhận phải sau ngày mô hình bắt đầu hoạt động.")})
    if not level.strip() or not decision.strip():
        raise ValidationError(_("Hãy ghi cấp công nhận và số quyết định công nhận."))
    model.recognized_on = on
    model.recognition_level = level.strip()
    model.recognition_decision = decision.strip()
    model.save(
        update_fields=["recognized_on", "recognition_level", "recognition_decision", "updated_at"]
    )
    return model


@transaction.atomic
def model_retire(
    *, model: SecurityModel, on: datetime.date, reason: str, today: datetime.date | None = None
) -> SecurityModel:
    """Retire a model (thanh loại); its past years still count it."""
    if model.is_retired:
        raise ValidationError(
            _("Mô hình đã thanh loại ngày %s.") % model.retired_on.strftime("%d/%m/%Y")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do thanh loại.")})
    if on < model.started_on:
        raise ValidationError({"on": _("Ngày thanh loại phải sau ngày mô hình bắt đầu hoạt động.")})
    if on > (today or timezone.localdate()):
        raise ValidationError({"on": _("Ngày thanh loại không thể ở tương lai.")})
    model.status = SecurityModel.Status.RETIRED
    model.retired_on = on
    model.retirement_reason = reason.strip()
    model.full_clean()
    model.save(update_fields=["status", "retired_on", "retirement_reason", "updated_at"])
    # Sites still open close with the model, so the sites count of later dates drops too.
    for site in model.sites.filter(ended_on__isnull=True):
        site.ended_on = max(on, site.started_on)
        site.save(update_fields=["ended_on", "updated_at"])
    return model
