"""What happens to a model while it runs: replication sites, reviews and yearly ratings."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import AdministrativeUnit, Organization, User

from ..models import ModelRating, ModelReview, ModelSite, SecurityModel

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".jpg", ".jpeg", ".png"}


@transaction.atomic
def site_add(
    *,
    model: SecurityModel,
    unit: AdministrativeUnit,
    started_on: datetime.date,
    place: str = "",
    teams: int = 1,
    members: int = 0,
    ended_on: datetime.date | None = None,
) -> ModelSite:
    """Add a replication site (điểm nhân rộng) where the model runs."""
    if model.is_retired and (ended_on is None or ended_on > model.retired_on):
        raise ValidationError(_("Mô hình đã thanh loại, không thể thêm điểm nhân rộng mới."))
    if started_on < model.started_on:
        raise ValidationError(
            {"started_on": _("Điểm nhân rộng không thể bắt đầu trước ngày mô hình hoạt động.")}
        )
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Ngày bắt đầu không thể ở tương lai.")})
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if teams < 0 or members < 0:
        raise ValidationError(_("Số tổ và số thành viên không thể âm."))
    site = ModelSite(
        model=model, unit=unit, place=place.strip(), started_on=started_on, ended_on=ended_on,
        teams=teams, members=members,
    )  # fmt: skip
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_end(*, site: ModelSite, on: datetime.date) -> ModelSite:
    if site.ended_on:
        raise ValidationError(_("Điểm nhân rộng đã kết thúc."))
    if on < site.started_on:
        raise ValidationError({"on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    site.ended_on = on
    site.save(update_fields=["ended_on", "updated_at"])
    return site


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is None:
        return
    name = attachment.name.lower()
    if not any(name.endswith(suffix) for suffix in ALLOWED_ATTACHMENT_SUFFIXES):
        raise ValidationError(
            {"attachment": _("Tệp đính kèm phải là PDF, Word, Excel hoặc ảnh (JPG, PNG).")}
        )
    if attachment.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": _("Tệp đính kèm lớn hơn 20 MB.")})


@transaction.atomic
def review_record(
    *,
    model: SecurityModel,
    kind: str,
    reviewed_on: datetime.date,
    assessment: str,
    findings: str = "",
    reviewing_organization: Organization | None = None,
    attachment: UploadedFile | None = None,
    by: User | None = None,
) -> ModelReview:
    """Record an interim or final review (sơ kết, tổng kết) and its assessment."""
    if reviewed_on < model.started_on:
        raise ValidationError(
            {"reviewed_on": _("Không thể sơ kết, tổng kết trước ngày mô hình hoạt động.")}
        )
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Ngày sơ kết, tổng kết không thể ở tương lai.")})
    if model.retired_on and reviewed_on > model.retired_on:
        raise ValidationError(
            {"reviewed_on": _("Mô hình đã thanh loại trước ngày sơ kết, tổng kết này.")}
        )
    _check_attachment(attachment)
    review = ModelReview(
        model=model, kind=kind, reviewed_on=reviewed_on, assessment=assessment,
        findings=findings.strip(), reviewing_organization=reviewing_organization,
        attachment=attachment or "", recorded_by=by,
    )  # fmt: skip
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def rating_set(*, model: SecurityModel, year: int, grade: str, note: str = "") -> ModelRating:
    """Set (or correct) the model's rating (xếp loại) for a year."""
    if year < model.started_on.year or (model.retired_on and year > model.retired_on.year):
        raise ValidationError({"year": _("Mô hình không hoạt động trong năm %d.") % year})
    if grade not in ModelRating.Grade.values:
        raise ValidationError({"grade": _("Xếp loại không hợp lệ.")})
    rating, _created = ModelRating.objects.update_or_create(
        model=model, year=year, defaults={"grade": grade, "note": note.strip()}
    )
    return rating
