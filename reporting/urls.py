from django.urls import path

from .views import completeness as completeness_views
from .views import consolidation as consolidation_views
from .views import forms as form_views
from .views import notifications as notification_views
from .views import schedules as schedule_views
from .views import submissions as submission_views

app_name = "reporting"

# Each part of the app keeps its routes in its own block below.
urlpatterns = [
    # -- forms --
    path("bao-cao/bieu-mau/", form_views.form_list_view, name="form-list"),
    path("bao-cao/bieu-mau/them/", form_views.form_create_view, name="form-create"),
    path("bao-cao/bieu-mau/<int:pk>/", form_views.form_detail_view, name="form-detail"),
    path(
        "bao-cao/bieu-mau/<int:pk>/lich-su/",
        form_views.ReportFormHistoryView.as_view(),
        name="form-history",
    ),
    path(
        "bao-cao/bieu-mau/<int:pk>/phien-ban-moi/",
        form_views.form_version_new_view,
        name="form-version-new",
    ),
    path(
        "bao-cao/bieu-mau/phien-ban/<int:pk>/",
        form_views.version_detail_view,
        name="version-detail",
    ),
    path(
        "bao-cao/bieu-mau/phien-ban/<int:pk>/xem-truoc/",
        form_views.version_preview_view,
        name="version-preview",
    ),
    path(
        "bao-cao/bieu-mau/phien-ban/<int:pk>/phat-hanh/",
        form_views.version_publish_view,
        name="version-publish",
    ),
    path(
        "bao-cao/bieu-mau/phien-ban/<int:pk>/them-phan/",
        form_views.section_add_view,
        name="section-add",
    ),
    path(
        "bao-cao/bieu-mau/phien-ban/<int:pk>/them-rang-buoc/",
        form_views.rule_add_view,
        name="rule-add",
    ),
    path("bao-cao/bieu-mau/phan/<int:pk>/sua/", form_views.section_edit_view, name="section-edit"),
    path(
        "bao-cao/bieu-mau/phan/<int:pk>/di-chuyen/",
        form_views.section_move_view,
        name="section-move",
    ),
    path(
        "bao-cao/bieu-mau/phan/<int:pk>/xoa/", form_views.section_remove_view, name="section-remove"
    ),
    path(
        "bao-cao/bieu-mau/phan/<int:pk>/them-chi-tieu/",
        form_views.field_add_view,
        name="field-add",
    ),
    path("bao-cao/bieu-mau/chi-tieu/<int:pk>/sua/", form_views.field_edit_view, name="field-edit"),
    path(
        "bao-cao/bieu-mau/chi-tieu/<int:pk>/xoa/",
        form_views.field_remove_view,
        name="field-remove",
    ),
    path(
        "bao-cao/bieu-mau/rang-buoc/<int:pk>/xoa/",
        form_views.rule_remove_view,
        name="rule-remove",
    ),
    # -- schedules --
    path("bao-cao/che-do/", schedule_views.schedule_list_view, name="schedule-list"),
    path("bao-cao/che-do/them/", schedule_views.schedule_create_view, name="schedule-create"),
    path(
        "bao-cao/che-do/xem-han-nop/",
        schedule_views.schedule_deadline_preview_view,
        name="schedule-deadline-preview",
    ),
    path("bao-cao/che-do/<int:pk>/", schedule_views.schedule_detail_view, name="schedule-detail"),
    path("bao-cao/che-do/<int:pk>/sua/", schedule_views.schedule_edit_view, name="schedule-edit"),
    path(
        "bao-cao/che-do/<int:pk>/lich-su/",
        schedule_views.ReportScheduleHistoryView.as_view(),
        name="schedule-history",
    ),
    path("bao-cao/che-do/<int:pk>/them-ky/", schedule_views.period_add_view, name="period-add"),
    path("bao-cao/ky-bao-cao/<int:pk>/", schedule_views.period_detail_view, name="period-detail"),
    # -- submissions --
    path("bao-cao/cua-don-vi/", submission_views.obligation_list_view, name="obligation-list"),
    path("bao-cao/cho-duyet/", submission_views.review_queue_view, name="review-queue"),
    path(
        "bao-cao/nghia-vu/<int:pk>/",
        submission_views.obligation_detail_view,
        name="obligation-detail",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/bat-dau/",
        submission_views.submission_start_view,
        name="submission-start",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/lap-bao-cao/",
        submission_views.submission_edit_view,
        name="submission-edit",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/duyet/",
        submission_views.submission_review_view,
        name="submission-review",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/mo-lai/",
        submission_views.submission_reopen_view,
        name="submission-reopen",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/de-nghi-mo-lai/",
        submission_views.reopen_request_create_view,
        name="reopen-request-create",
    ),
    path(
        "bao-cao/nghia-vu/<int:pk>/lich-su/",
        submission_views.SubmissionHistoryView.as_view(),
        name="submission-history",
    ),
    path("bao-cao/so-lieu/<int:pk>/tep/", submission_views.figure_file_view, name="figure-file"),
    path(
        "bao-cao/de-nghi-mo-lai/",
        submission_views.reopen_request_list_view,
        name="reopen-request-list",
    ),
    path(
        "bao-cao/de-nghi-mo-lai/<int:pk>/",
        submission_views.reopen_request_decide_view,
        name="reopen-request-decide",
    ),
    # -- completeness --
    path("bao-cao/tinh-hinh-nop/", completeness_views.completeness_view, name="completeness"),
    path(
        "bao-cao/tinh-hinh-nop/che-do/<int:pk>/",
        completeness_views.completeness_schedule_view,
        name="completeness-schedule",
    ),
    path(
        "bao-cao/tinh-hinh-nop/che-do/<int:pk>/xuat-excel/",
        completeness_views.completeness_schedule_export,
        name="completeness-schedule-export",
    ),
    path(
        "bao-cao/tinh-hinh-nop/ky/<int:pk>/",
        completeness_views.completeness_period_view,
        name="completeness-period",
    ),
    path(
        "bao-cao/tinh-hinh-nop/ky/<int:pk>/xuat-excel/",
        completeness_views.completeness_period_export,
        name="completeness-period-export",
    ),
    path(
        "bao-cao/tong-hop/ky/<int:pk>/",
        consolidation_views.consolidation_view,
        name="consolidation",
    ),
    path(
        "bao-cao/tong-hop/ky/<int:pk>/xuat-excel/",
        consolidation_views.consolidation_export,
        name="consolidation-export",
    ),
    path(
        "bao-cao/tong-hop/ky/<int:pk>/in/",
        consolidation_views.consolidation_print_view,
        name="consolidation-print",
    ),
    path(
        "bao-cao/tong-hop/ky/<int:pk>/ban-in/<int:issued_pk>/",
        consolidation_views.consolidation_pdf_download,
        name="consolidation-pdf",
    ),
    # -- notifications --
    path("bao-cao/thong-bao/", notification_views.notification_list_view, name="notification-list"),
    path(
        "bao-cao/thong-bao/<int:pk>/da-doc/",
        notification_views.notification_read_view,
        name="notification-read",
    ),
    path(
        "bao-cao/thong-bao/da-doc-tat-ca/",
        notification_views.notification_read_all_view,
        name="notification-read-all",
    ),
]
