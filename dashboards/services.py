"""Issuing the dashboard's one-page summary (báo cáo tóm tắt tình hình … năm …) as an official
PDF through `printing`, from a snapshot of the figures (summary.py), signed with the issuing
organization's key when asked. The dashboard's only write."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.permissions import scope_of
from printing.letterhead import IssueHeader
from printing.models import IssuedPdf
from printing.services import SignAs, pdf_issue

from .selectors import DashboardQuery, dashboard
from .summary import (
    TEMPLATE_NAME,
    lower_first,
    summary_print_context,
    summary_snapshot,
    summary_source,
)


def summary_issuer(user: User, query: DashboardQuery) -> Organization | None:
    """The organization that issues and signs: the person's own; for a person without one
    (an administrator), the area's steering committee."""
    if user.organization_id:
        return user.organization
    scope = scope_of(user)
    if scope.organizations:
        return scope.organizations[0]
    if query.area.unit is None:
        return None
    return (
        Organization.objects.filter(unit=query.area.unit, kind=Organization.Kind.STEERING_COMMITTEE)
        .select_related("parent")
        .order_by("pk")
        .first()
    )


def _sign_as(issuer: Organization, snapshot: dict) -> SignAs:
    """The issuer's key, with the signer's own signature image when the portal knows them
    (the lookup the other apps make for their documents)."""
    if not snapshot["signer_name"]:
        raise ValidationError({"signer_name": _("Ghi họ tên người ký để ký số bản tóm tắt.")})
    return SignAs(
        organization=issuer,
        signer_name=snapshot["signer_name"],
        position=snapshot["position"],
        person=User.objects.filter(full_name=snapshot["signer_name"]).first(),
    )


def summary_issue(
    *,
    query: DashboardQuery,
    by: User,
    header: IssueHeader,
    sign: bool,
    today: datetime.date | None = None,
) -> IssuedPdf:
    """Issue the one-page summary of the dashboard's year and area as `by` sees it, from a
    snapshot of its figures, signed with the issuing organization's key when asked."""
    today = today or timezone.localdate()
    issuer = summary_issuer(by, query)
    if issuer is None:
        raise ValidationError(
            _("Tài khoản chưa gắn với cơ quan nào và địa bàn không có Ban Chỉ đạo: không xác "
              "định được cơ quan ban hành bản tóm tắt.")
        )  # fmt: skip
    data = dashboard(user=by, query=query, today=today)
    snapshot = summary_snapshot(data=data, issuer=issuer, header=header, today=today)
    sign_as = _sign_as(issuer, snapshot) if sign else None
    label, source_id = summary_source(query)
    return pdf_issue(
        source_label=label,
        source_id=source_id,
        title=_("Báo cáo %(title)s") % {"title": lower_first(snapshot["title"])},
        template_name=TEMPLATE_NAME,
        build_context=lambda code, url: summary_print_context(
            snapshot, verification_code=code, verification_url=url
        ),
        snapshot=snapshot,
        by=by,
        sign_as=sign_as,
    )
