from django.urls import path

from . import views, views_outputs

app_name = "dashboards"

urlpatterns = [
    path("tong-quan/", views.dashboard_view, name="dashboard"),
    path("tong-quan/xuat-excel/", views_outputs.dashboard_export, name="dashboard-export"),
    path("tong-quan/ban-tom-tat/", views_outputs.summary_view, name="summary"),
    path("tong-quan/ban-tom-tat/<int:pk>/", views_outputs.summary_pdf_download, name="summary-pdf"),
]
