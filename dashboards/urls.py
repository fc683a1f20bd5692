from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("tong-quan/", views.dashboard_view, name="dashboard"),
]
