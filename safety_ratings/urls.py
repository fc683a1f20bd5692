from django.urls import path

from .views import assessment_import as assessment_import_views
from .views import assessments as assessment_views
from .views import decisions as decision_views
from .views import grid as grid_views
from .views import rates as rate_views
from .views import units as unit_views

app_name = "safety_ratings"

# Each part of the app keeps its routes in its own block below (units, assessments, bulk
# work, decisions, rates).
urlpatterns = [
    # -- units --
    path("an-toan-antt/don-vi/", unit_views.rated_unit_list_view, name="rated-unit-list"),
    path("an-toan-antt/don-vi/them/", unit_views.rated_unit_create_view, name="rated-unit-create"),
    path(
        "an-toan-antt/don-vi/them-cac-xa/",
        unit_views.rated_unit_communes_ensure_view,
        name="rated-unit-communes-ensure",
    ),
    path("an-toan-antt/don-vi/nhap-excel/", unit_views.rated_unit_import, name="rated-unit-import"),
    path(
        "an-toan-antt/don-vi/nhap-excel/mau/",
        unit_views.rated_unit_import_template,
        name="rated-unit-import-template",
    ),
    path(
        "an-toan-antt/don-vi/tim-xa/", unit_views.commune_autocomplete, name="commune-autocomplete"
    ),
    path(
        "an-toan-antt/don-vi/tim-xa-truoc-2025/",
        unit_views.commune_autocomplete,
        {"legacy_only": True},
        name="legacy-commune-autocomplete",
    ),
    path(
        "an-toan-antt/don-vi/<int:pk>/", unit_views.rated_unit_detail_view, name="rated-unit-detail"
    ),
    path(
        "an-toan-antt/don-vi/<int:pk>/sua/", unit_views.rated_unit_edit_view, name="rated-unit-edit"
    ),
    path(
        "an-toan-antt/don-vi/<int:pk>/ket-thuc/",
        unit_views.rated_unit_end_view,
        name="rated-unit-end",
    ),
    path(
        "an-toan-antt/don-vi/<int:pk>/lich-su/",
        unit_views.RatedUnitHistoryView.as_view(),
        name="rated-unit-history",
    ),
    # -- assessments --
    path("an-toan-antt/danh-gia/", assessment_views.assessment_list_view, name="assessment-list"),
    path(
        "an-toan-antt/don-vi/<int:pk>/dang-ky/",
        assessment_views.assessment_register_view,
        name="assessment-register",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/",
        assessment_views.assessment_detail_view,
        name="assessment-detail",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/sua-dang-ky/",
        assessment_views.assessment_registration_edit_view,
        name="assessment-registration-edit",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/tu-danh-gia/",
        assessment_views.assessment_self_assess_view,
        name="assessment-self-assess",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/tham-dinh/",
        assessment_views.assessment_appraise_view,
        name="assessment-appraise",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/tra-lai/",
        assessment_views.assessment_return_view,
        name="assessment-return",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/khong-cong-nhan/",
        assessment_views.assessment_not_recognise_view,
        name="assessment-not-recognise",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/thu-hoi/",
        assessment_views.assessment_revoke_view,
        name="assessment-revoke",
    ),
    path(
        "an-toan-antt/danh-gia/<int:pk>/lich-su/",
        assessment_views.AssessmentHistoryView.as_view(),
        name="assessment-history",
    ),
    # -- bulk --
    path("an-toan-antt/bang-danh-gia/", grid_views.grid_choose_view, name="grid-choose"),
    path(
        "an-toan-antt/bang-danh-gia/<int:commune_pk>/<int:year>/<slug:kind>/",
        grid_views.grid_view,
        name="grid",
    ),
    path(
        "an-toan-antt/bang-danh-gia/<int:commune_pk>/<int:year>/<slug:kind>/nhap-excel/",
        assessment_import_views.assessment_import_view,
        name="assessment-import",
    ),
    path(
        "an-toan-antt/bang-danh-gia/<int:commune_pk>/<int:year>/<slug:kind>/nhap-excel/mau/",
        assessment_import_views.assessment_import_template_view,
        name="assessment-import-template",
    ),
    path(
        "an-toan-antt/bang-danh-gia/don-vi/<int:unit_pk>/<int:year>/tieu-chi/",
        grid_views.grid_cell_view,
        name="grid-cell",
    ),
    path(
        "an-toan-antt/bang-danh-gia/don-vi/<int:unit_pk>/<int:year>/dang-ky/",
        grid_views.grid_registration_view,
        name="grid-registration",
    ),
    path(
        "an-toan-antt/bang-danh-gia/don-vi/<int:unit_pk>/<int:year>/dat-tat-ca/",
        grid_views.grid_row_fill_view,
        name="grid-row-fill",
    ),
    # -- decisions --
    path("an-toan-antt/quyet-dinh/", decision_views.decision_list_view, name="decision-list"),
    path(
        "an-toan-antt/quyet-dinh/them/",
        decision_views.decision_create_view,
        name="decision-create",
    ),
    path(
        "an-toan-antt/quyet-dinh/<int:pk>/",
        decision_views.decision_detail_view,
        name="decision-detail",
    ),
    path(
        "an-toan-antt/quyet-dinh/<int:pk>/in/",
        decision_views.decision_print_view,
        name="decision-print",
    ),
    path(
        "an-toan-antt/quyet-dinh/<int:pk>/in-giay-cong-nhan/",
        decision_views.decision_certificates_view,
        name="decision-certificates",
    ),
    path(
        "an-toan-antt/quyet-dinh/<int:pk>/ban-in/<int:issued_pk>/",
        decision_views.decision_pdf_download,
        name="decision-pdf-download",
    ),
    # -- rates --
    path("an-toan-antt/ty-le/", rate_views.rates_view, name="rates"),
    path("an-toan-antt/ty-le/xuat-excel/", rate_views.rates_export, name="rates-export"),
    path("an-toan-antt/ty-le/chi-tiet/", rate_views.rates_drilldown_view, name="rates-drilldown"),
    path(
        "an-toan-antt/ty-le/chi-tiet/xuat-excel/",
        rate_views.rates_drilldown_export,
        name="rates-drilldown-export",
    ),
    path(
        "an-toan-antt/ty-le/chua-cong-nhan/",
        rate_views.rates_not_recognised_view,
        name="rates-not-recognised",
    ),
]
