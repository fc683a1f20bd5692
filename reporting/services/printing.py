"""The consolidated report of a period (báo cáo tổng hợp kết quả … kỳ …) as an official PDF,
through `printing`.

The report is written by the schedule's reviewer organization: who reported and who has not,
what the figures include, and the consolidated table as its annex (Phụ lục). It is made from a
snapshot of the figures, kept with the PDF, so later submissions never change what was issued:
the template's context is built from the snapshot alone.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.parsing.dates import format_date_line
from organizations.models import User
from printing.letterhead import IssueHeader, report_letterhead
from printing.models import IssuedPdf
from printing.services import SignAs, issued_pdfs_of, pdf_issue

from ..models import ReportingPeriod
from ..selectors.completeness import completeness_obligations, counts_of, number_text
from ..selectors.consolidation import consolidation

SOURCE_LABEL = "reporting.consolidation"
TEMPLATE_NAME = "reporting/pdf/consolidated_report.html"
# Names of the organizations not reported, written out in the report's body.
MISSING_NAMES_LIMIT = 100
_LEADING_REPORT = re.compile(r"^\s*(báo cáo\s+)?(kết quả\s+)?", re.IGNORECASE)


def consolidated_pdfs(period: ReportingPeriod) -> QuerySet[IssuedPdf]:
    return issued_pdfs_of(source_label=SOURCE_LABEL, source_id=period.pk)


def _subject(form_name: str) -> str:
    """ "Báo cáo kết quả thực hiện phong trào …" → "thực hiện phong trào …"."""
    subject = _LEADING_REPORT.sub("", " ".join(form_name.split()), count=1) or form_name
    return subject[:1].lower() + subject[1:]


def report_title(period: ReportingPeriod) -> str:
    """The report's summary line: "Tổng hợp kết quả … kỳ Năm 2025"."""
    return _("Tổng hợp kết quả %(subject)s kỳ %(period)s") % {
        "subject": _subject(period.schedule.form.name),
        "period": period.label,
    }


def _date_text(value: datetime.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def consolidated_snapshot(
    *,
    period: ReportingPeriod,
    by: User,
    accepted_only: bool,
    header: IssueHeader,
    today: datetime.date,
) -> dict:
    """The data the report's PDF is made from, kept with it: the figures as `by` sees them."""
    schedule = period.schedule
    reviewer = schedule.reviewer
    table = consolidation(
        user=by, period=period, accepted_only=accepted_only, today=today,
        missing_limit=None, text_limit=0,
    )  # fmt: skip
    obligations = completeness_obligations(user=by, period=period)
    counts = counts_of(obligations, today=today)
    never_submitted = list(
        obligations.filter(first_submitted_at__isnull=True)
        .order_by("organization__name", "pk")
        .values_list("organization__name", flat=True)[:MISSING_NAMES_LIMIT]
    )
    place = header.place.strip() or (
        (reviewer.unit.short_name or reviewer.unit.name) if reviewer.unit_id else ""
    )
    return {
        "period": period.pk,
        "period_label": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "deadline": period.deadline.isoformat(),
        "schedule": schedule.name,
        "form": schedule.form.name,
        "title": report_title(period),
        "issuer": reviewer.name,
        "parent_issuer": reviewer.parent.name if reviewer.parent_id else "",
        "number_symbol": header.number_symbol.strip(),
        "place": place,
        "as_of": today.isoformat(),
        "authority": header.authority.strip(),
        "position": " ".join(header.position.split()),
        "signer_name": " ".join(header.signer_name.split()),
        "recipients": [r.strip() for r in header.recipients if r.strip()],
        "accepted_only": accepted_only,
        "basis": table.basis,
        "counts": {
            "expected": counts.expected,
            "submitted": counts.submitted,
            "on_time": counts.on_time,
            "late": counts.late,
            "missing": counts.missing,
            "overdue": counts.overdue,
            "accepted": counts.accepted,
            "submitted_rate": counts.submitted_rate_text,
        },
        "included": table.included,
        "never_submitted": never_submitted,
        "never_submitted_more": max(0, counts.missing - len(never_submitted)),
        "not_included": [
            {"organization": line.organization, "reason": line.reason}
            for line in table.missing
            if line.submitted_once
        ],
        "sections": [
            {
                "title": section.title,
                "figures": [
                    {
                        "code": figure.field.code,
                        "label": figure.field.label,
                        "unit": figure.field.unit,
                        "aggregation": figure.aggregation_label,
                        "total": figure.total_text,
                        "reported": figure.reported,
                    }
                    for figure in section.figures
                ],
            }
            for section in table.sections
        ],
    }


def consolidated_print_context(
    snapshot: dict, *, verification_code: str = "", verification_url: str = ""
) -> dict:
    """The context of reporting/pdf/consolidated_report.html, from a snapshot (the documented
    context of printing/pdf/official.html, plus the report's own parts)."""
    as_of = datetime.date.fromisoformat(snapshot["as_of"])
    counts = snapshot["counts"]
    letterhead = report_letterhead(
        snapshot,
        place_date_line=format_date_line(snapshot["place"] or "…", as_of),
        verification_code=verification_code,
        verification_url=verification_url,
    )
    return letterhead | {
        # The report's own parts, worded in the template.
        "schedule": snapshot["schedule"],
        "period_label": snapshot["period_label"],
        "period_start_text": _date_text(datetime.date.fromisoformat(snapshot["period_start"])),
        "period_end_text": _date_text(datetime.date.fromisoformat(snapshot["period_end"])),
        "deadline_text": _date_text(datetime.date.fromisoformat(snapshot["deadline"])),
        "as_of_text": _date_text(as_of),
        "expected": number_text(counts["expected"]),
        "submitted": number_text(counts["submitted"]),
        "submitted_rate": counts["submitted_rate"],
        "on_time": number_text(counts["on_time"]),
        "late": number_text(counts["late"]),
        "accepted": number_text(counts["accepted"]),
        "missing": counts["missing"],
        "missing_text": number_text(counts["missing"]),
        "never_submitted": snapshot["never_submitted"],
        "never_submitted_more": snapshot["never_submitted_more"],
        "not_included": snapshot["not_included"],
        "basis": snapshot["basis"],
        "included": number_text(snapshot["included"]),
        "sections": _numbered(snapshot["sections"]),
        "annex_reference": (
            _("Kèm theo Báo cáo số %(number)s ngày %(day)s của %(issuer)s")
            % {
                "number": snapshot["number_symbol"],
                "day": _date_text(as_of),
                "issuer": snapshot["issuer"],
            }
            if snapshot["number_symbol"]
            else _("Kèm theo Báo cáo ngày %(day)s của %(issuer)s")
            % {"day": _date_text(as_of), "issuer": snapshot["issuer"]}
        ),  # fmt: skip
    }


def _numbered(sections: list[dict]) -> list[dict]:
    """The annex numbers its figures 1, 2, 3… across sections."""
    number = 0
    numbered = []
    for section in sections:
        figures = []
        for figure in section["figures"]:
            number += 1
            figures.append({**figure, "number": number})
        numbered.append({**section, "figures": figures})
    return numbered


def _sign_as(period: ReportingPeriod, snapshot: dict) -> SignAs:
    """The reviewer's key, with the signer's own signature image when the portal knows them
    (the lookup directives and safety_ratings make for their documents)."""
    if not snapshot["signer_name"]:
        raise ValidationError({"signer_name": _("Ghi họ tên người ký để ký số báo cáo.")})
    person = User.objects.filter(full_name=snapshot["signer_name"]).first()
    return SignAs(
        organization=period.schedule.reviewer,
        signer_name=snapshot["signer_name"],
        position=snapshot["position"],
        person=person,
    )


def consolidated_report_print(
    *,
    period: ReportingPeriod,
    by: User,
    accepted_only: bool,
    header: IssueHeader,
    sign: bool,
    today: datetime.date | None = None,
) -> IssuedPdf:
    """Issue the period's consolidated report with its annex, signed with the reviewer
    organization's key when asked."""
    today = today or timezone.localdate()
    snapshot = consolidated_snapshot(
        period=period, by=by, accepted_only=accepted_only, header=header, today=today
    )
    if not snapshot["counts"]["expected"]:
        raise ValidationError(_("Kỳ báo cáo này không có đơn vị nào phải nộp để tổng hợp."))
    sign_as = _sign_as(period, snapshot) if sign else None
    return pdf_issue(
        source_label=SOURCE_LABEL,
        source_id=period.pk,
        title=_("Báo cáo %(title)s") % {"title": snapshot["title"][:1].lower()
                                                + snapshot["title"][1:]},
        template_name=TEMPLATE_NAME,
        build_context=lambda code, url: consolidated_print_context(
            snapshot, verification_code=code, verification_url=url
        ),
        snapshot=snapshot,
        by=by,
        sign_as=sign_as,
    )  # fmt: skip
