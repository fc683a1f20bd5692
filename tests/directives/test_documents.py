"""The register: numbers, duplicates, status changes, citations, search."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import Document, DocumentCitation
from directives.selectors.documents import DocumentFilters, document_list
from directives.services.documents import (
    CitationData,
    DocumentInput,
    DuplicateDocumentError,
    citation_link,
    document_create,
    document_expire,
    document_issue,
    document_next_number,
    document_propose_number_symbol,
    document_replace,
    sanitize_body,
)
from tests.directives.factories import make_document

D = datetime.date


@pytest.mark.django_db
def test_document_number_symbol_is_parsed_and_normalised(area):
    document = make_document(issuer=area.provincial_committee, number_symbol="5/KH-BCĐ")
    assert document.number == 5
    assert document.number_symbol == "05/KH-BCĐ"
    assert document.issue_year == 2026


@pytest.mark.django_db
def test_document_duplicate_number_for_issuer_and_year_is_refused_with_the_existing(area):
    first = make_document(issuer=area.provincial_committee, number_symbol="05/KH-BCĐ")
    with pytest.raises(DuplicateDocumentError) as error:
        make_document(issuer=area.provincial_committee, number_symbol="05/KH-BCĐ")
    assert error.value.existing == first
    # Another year, or another issuer, may use the same number.
    make_document(issuer=area.provincial_committee, number_symbol="05/KH-BCĐ",
                  issue_date=D(2027, 1, 3))  # fmt: skip
    make_document(issuer=area.police, number_symbol="05/KH-BCĐ")


@pytest.mark.django_db
def test_document_bad_number_symbol_gets_a_clear_message(area):
    with pytest.raises(ValidationError) as error:
        make_document(issuer=area.provincial_committee, number_symbol="số 5 KH BCĐ")
    assert "không đúng thể thức" in str(error.value)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_document_party_number_in_a_state_document_is_refused(area):
    with pytest.raises(ValidationError, match="không khớp"):
        make_document(issuer=area.provincial_committee, number_symbol="111-KH/TU")


@pytest.mark.django_db
def test_document_next_number_follows_the_issuers_series_for_the_year(area):
    make_document(issuer=area.provincial_committee, number_symbol="05/KH-BCĐ")
    make_document(issuer=area.provincial_committee, number_symbol="07/TB-BCĐ",
                  type_name="Thông báo")  # fmt: skip
    assert document_next_number(issuer=area.provincial_committee, year=2026) == 8
    assert document_next_number(issuer=area.provincial_committee, year=2027) == 1
    assert (
        document_propose_number_symbol(issuer=area.provincial_committee, year=2026, type_code="TB")
        == "08/TB-BCĐ"
    )


@pytest.mark.django_db
def test_document_status_lifecycle(area):
    old = make_document(issuer=area.provincial_committee, number_symbol="01/KH-BCĐ")
    new = make_document(issuer=area.provincial_committee, number_symbol="02/KH-BCĐ")
    with pytest.raises(ValidationError):
        document_issue(document=old)
    document_replace(document=old, replaced_by=new)
    old.refresh_from_db()
    assert old.status == Document.Status.REPLACED and old.replaced_by == new
    assert new.citations.get(cited=old).relation == DocumentCitation.Relation.REPLACES
    document_expire(document=new)
    assert new.status == Document.Status.EXPIRED


@pytest.mark.django_db
def test_document_issue_requires_number_date_and_issuer(area):
    document = document_create(
        data=DocumentInput(fields={"system": "state", "type_name": "Kế hoạch",
                                   "issuer": area.provincial_committee, "title": "Dự thảo"}),
        by=None,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="còn thiếu"):
        document_issue(document=document)


@pytest.mark.django_db
def test_document_secret_content_is_refused(area):
    with pytest.raises(ValidationError, match="Văn bản mật"):
        make_document(issuer=area.provincial_committee, secrecy="mat")


def test_sanitize_body_keeps_structure_and_drops_scripts():
    cleaned = sanitize_body('<h3>I.</h3><p onclick="x()">A<script>alert(1)</script></p>'
                            "<table><tr><td colspan='2'>1</td></tr></table>")  # fmt: skip
    assert "<script>" not in cleaned and "onclick" not in cleaned
    assert "<h3>I.</h3>" in cleaned and 'colspan="2"' in cleaned


@pytest.mark.django_db
def test_citations_link_to_registered_documents_or_create_a_stub(area):
    cited = make_document(issuer=area.provincial_committee, number_symbol="02/CT-UBND",
                          issue_date=D(2025, 3, 10), type_name="Chỉ thị")  # fmt: skip
    citing = make_document(issuer=area.provincial_committee, number_symbol="05/KH-BCĐ")
    link = citation_link(citing=citing, citation=CitationData(
        "Chỉ thị", "02/CT-UBND", D(2025, 3, 10), relation="implements"))  # fmt: skip
    assert link.cited == cited and link.relation == "implements"
    stub_link = citation_link(citing=citing, citation=CitationData(
        "Kết luận", "44-KL/TW", D(2019, 1, 22), "Ban Bí thư"))  # fmt: skip
    stub = stub_link.cited
    assert stub.is_stub and stub.system == "party" and stub.issuer_name == "Ban Bí thư"
    again = citation_link(citing=cited, citation=CitationData("Kết luận", "44-KL/TW",
                                                               D(2019, 1, 22)))  # fmt: skip
    assert again.cited == stub  # one stub, cited by both
    assert set(stub.cited_by.values_list("citing_id", flat=True)) == {citing.pk, cited.pk}


@pytest.mark.django_db
def test_search_finds_documents_without_diacritics_ranked(area, user_of_role):
    make_document(issuer=area.provincial_committee, number_symbol="01/CT-BCĐ",
                  type_name="Chỉ thị", title="Về tăng cường bảo đảm an ninh trật tự",
                  body_html="<p>Chỉ thị về an ninh nông thôn.</p>")  # fmt: skip
    make_document(issuer=area.provincial_committee, number_symbol="02/KH-BCĐ",
                  title="Kế hoạch phòng cháy", body_html="<p>Phòng cháy.</p>")  # fmt: skip
    staff = user_of_role("standing_staff")
    found = list(document_list(user=staff, filters=DocumentFilters(query="chi thi an ninh")))
    assert [d.number_symbol for d in found] == ["01/CT-BCĐ"]
    found = list(document_list(user=staff, filters=DocumentFilters(query="Chỉ thị an ninh")))
    assert [d.number_symbol for d in found] == ["01/CT-BCĐ"]
    by_number = list(document_list(user=staff, filters=DocumentFilters(query="02/KH-BCĐ")))
    assert [d.number_symbol for d in by_number] == ["02/KH-BCĐ"]


@pytest.mark.django_db
def test_document_list_filters_by_overdue_tasks_year_and_type(area, user_of_role):
    from directives.services.tasks import TaskInput

    make_document(issuer=area.provincial_committee, number_symbol="01/KH-BCĐ",
                  issue_date=D(2025, 1, 5),
                  tasks=[TaskInput(text="Quá hạn", deadline_kind="date",
                                   deadline_value="2025-02-01", lead=[area.police])])  # fmt: skip
    make_document(issuer=area.provincial_committee, number_symbol="02/TB-BCĐ",
                  type_name="Thông báo", type_code="TB")  # fmt: skip
    staff = user_of_role("standing_staff")
    overdue = document_list(user=staff, filters=DocumentFilters(has_overdue=True))
    assert [d.number_symbol for d in overdue] == ["01/KH-BCĐ"]
    assert [d.number_symbol for d in document_list(
        user=staff, filters=DocumentFilters(year=2026))] == ["02/TB-BCĐ"]  # fmt: skip
    assert [d.number_symbol for d in document_list(
        user=staff, filters=DocumentFilters(type_code="TB"))] == ["02/TB-BCĐ"]  # fmt: skip
