from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [
    path("xac-thuc/", views.verify_upload, name="verify-upload"),
    path("xac-thuc/<str:code>/", views.verify_code, name="verify-code"),
    path("in-hang-loat/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("in-hang-loat/<int:pk>/tai-ve/", views.batch_download, name="batch-download"),
]
