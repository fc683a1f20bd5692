from django.urls import path

from .views import counts, models, spreadsheets

app_name = "models_registry"

urlpatterns = [
    path("mo-hinh/", models.model_list_view, name="model-list"),
    path("mo-hinh/them/", models.model_create_view, name="model-create"),
    path("mo-hinh/thong-ke/", counts.counts_view, name="model-counts"),
    path("mo-hinh/thong-ke/xuat-excel/", counts.counts_export, name="model-counts-export"),
    path("mo-hinh/can-ra-soat/", counts.needs_review_view, name="model-needs-review"),
    path("mo-hinh/xuat-excel/", spreadsheets.model_export, name="model-export"),
    path("mo-hinh/nhap-excel/", spreadsheets.model_import, name="model-import"),
    path("mo-hinh/nhap-excel/mau/", spreadsheets.import_template, name="model-import-template"),
    path("mo-hinh/<int:pk>/", models.model_detail_view, name="model-detail"),
    path("mo-hinh/<int:pk>/sua/", models.model_edit_view, name="model-edit"),
    path("mo-hinh/<int:pk>/diem-nhan-rong/", models.site_add_view, name="site-add"),
    path("mo-hinh/<int:pk>/so-ket/", models.review_add_view, name="review-add"),
    path("mo-hinh/<int:pk>/nhan-rong/", models.model_replicate_view, name="model-replicate"),
    path("mo-hinh/<int:pk>/dien-hinh/", models.model_recognize_view, name="model-recognize"),
    path("mo-hinh/<int:pk>/thanh-loai/", models.model_retire_view, name="model-retire"),
    path("mo-hinh/<int:pk>/xep-loai/", models.rating_set_view, name="rating-set"),
    path("mo-hinh/<int:pk>/lich-su/", models.ModelHistoryView.as_view(), name="model-history"),
]
