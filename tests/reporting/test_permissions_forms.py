"""Roles × URLs of the report forms: the list for everyone (each sees the forms of their area),
a form and its versions for the provincial staff and leaders of its area (404 elsewhere), every
change for the provincial office only (403 for the others, who lack the right entirely).

Changes that would alter the data for the next role are made on a published version (the
service refuses them, the page says so) or with an empty form, so each role meets the same
state."""

import pytest
from django.urls import reverse

from reporting.models import FormSection
from reporting.services.forms import version_new_draft
from tests.permission_matrix import ANONYMOUS, MatrixRow, assert_rows_cover, check_matrix

from .factories_forms import draft_form, published_yearly_form

URL_NAMES = {
    "reporting:form-list",
    "reporting:form-create",
    "reporting:form-detail",
    "reporting:form-history",
    "reporting:form-version-new",
    "reporting:version-detail",
    "reporting:version-preview",
    "reporting:version-publish",
    "reporting:section-add",
    "reporting:section-edit",
    "reporting:section-move",
    "reporting:section-remove",
    "reporting:field-add",
    "reporting:field-edit",
    "reporting:field-remove",
    "reporting:rule-add",
    "reporting:rule-remove",
}
ROLES = [
    ANONYMOUS, "admin", "standing_staff", "leader", "district_committee",
    "other_district_committee", "commune_committee", "agency", "other_province_committee",
]  # fmt: skip
EVERYONE = {role: 200 for role in ROLES if role != ANONYMOUS}
MANAGERS = {"admin": 200, "standing_staff": 200}
READERS = {"admin": 200, "standing_staff": 200, "leader": 200}


def _only(statuses: dict[str, int], status: int) -> dict[str, int]:
    return dict.fromkeys(statuses, status)


def _rows(area) -> list[MatrixRow]:
    form, published = published_yearly_form(area.provincial_committee)
    draft = version_new_draft(form=form)
    # An empty draft of another form: publishing it is refused, whoever tries.
    _empty_form, empty_draft = draft_form(area.provincial_committee, code="rong", sections={})
    frozen_section = published.sections.order_by("order").first()
    frozen_field = frozen_section.fields.order_by("order").first()
    frozen_rule = published.rules.first()
    draft_section = FormSection.objects.filter(version=draft).order_by("order").first()
    draft_field = draft_section.fields.order_by("order").first()

    def url(name, *args):
        return reverse(f"reporting:{name}", args=args)

    # Writers get their page back (200, with the errors) or go back to the editor (302);
    # others: 403 (no right), anonymous: 302 to the login page.
    return [
        MatrixRow("reporting:form-list", url("form-list"), EVERYONE),
        MatrixRow("reporting:form-create", url("form-create"), MANAGERS, default=403),
        MatrixRow("reporting:form-create", url("form-create"), MANAGERS, default=403,
                  method="post", data={}),
        MatrixRow("reporting:form-detail", url("form-detail", form.pk), READERS),
        MatrixRow("reporting:form-history", url("form-history", form.pk), READERS),
        # A draft exists already: refused with a message, back to the form.
        MatrixRow("reporting:form-version-new", url("form-version-new", form.pk),
                  _only(MANAGERS, 302), default=403, method="post"),
        MatrixRow("reporting:form-version-new", url("form-version-new", form.pk), {},
                  default=405),
        MatrixRow("reporting:version-detail", url("version-detail", draft.pk), READERS),
        MatrixRow("reporting:version-detail", url("version-detail", published.pk), READERS),
        MatrixRow("reporting:version-preview", url("version-preview", published.pk), READERS),
        MatrixRow("reporting:version-publish", url("version-publish", empty_draft.pk),
                  MANAGERS, default=403, method="post", data={"note": ""}),
        MatrixRow("reporting:version-publish", url("version-publish", empty_draft.pk), {},
                  default=405),
        MatrixRow("reporting:section-add", url("section-add", draft.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:section-add", url("section-add", draft.pk), {}, default=405),
        MatrixRow("reporting:section-edit", url("section-edit", draft_section.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:section-move", url("section-move", frozen_section.pk),
                  _only(MANAGERS, 302), default=403, method="post", data={"direction": "up"}),
        MatrixRow("reporting:section-remove", url("section-remove", frozen_section.pk),
                  _only(MANAGERS, 302), default=403, method="post"),
        MatrixRow("reporting:section-remove", url("section-remove", frozen_section.pk), {},
                  default=405),
        MatrixRow("reporting:field-add", url("field-add", draft_section.pk), MANAGERS,
                  default=403),
        MatrixRow("reporting:field-add", url("field-add", draft_section.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:field-edit", url("field-edit", draft_field.pk), MANAGERS,
                  default=403),
        MatrixRow("reporting:field-edit", url("field-edit", draft_field.pk), MANAGERS,
                  default=403, method="post", data={}),
        MatrixRow("reporting:field-remove", url("field-remove", frozen_field.pk),
                  _only(MANAGERS, 302), default=403, method="post"),
        MatrixRow("reporting:rule-add", url("rule-add", draft.pk), MANAGERS, default=403,
                  method="post", data={}),
        MatrixRow("reporting:rule-remove", url("rule-remove", frozen_rule.pk),
                  _only(MANAGERS, 302), default=403, method="post"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_forms_permission_matrix(area, user_of_role):
    rows = _rows(area)
    assert_rows_cover(rows, URL_NAMES)
    check_matrix(rows, ROLES, user_of_role)


@pytest.mark.django_db
def test_forms_of_another_province_answer_404_to_its_staff(area, user_of_role, client):
    """The matrix's people all belong to one province; staff of it must not reach the forms
    of another, neither to read nor to change."""
    form, version = draft_form(area.other_committee, code="tinh-khac")
    section = version.sections.first()
    client.force_login(user_of_role("standing_staff"))
    assert client.get(reverse("reporting:form-detail", args=[form.pk])).status_code == 404
    assert client.post(reverse("reporting:field-add", args=[section.pk]), {}).status_code == 404
    assert client.post(reverse("reporting:form-version-new", args=[form.pk])).status_code == 404
    client.force_login(user_of_role("other_province_committee"))
    assert client.get(reverse("reporting:form-detail", args=[form.pk])).status_code == 404


@pytest.mark.django_db
def test_refused_writes_change_nothing(area, user_of_role, client):
    _form, version = draft_form(area.provincial_committee)
    section = version.sections.first()
    client.force_login(user_of_role("leader"))
    assert client.post(reverse("reporting:section-remove", args=[section.pk])).status_code == 403
    assert client.post(reverse("reporting:version-publish", args=[version.pk])).status_code == 403
    version.refresh_from_db()
    assert FormSection.objects.filter(pk=section.pk).exists() and not version.is_published
