from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from organizations import views as organization_views
from organizations.forms import PortalAuthenticationForm

admin.site.site_header = "Quản trị Cổng ANTQ"
admin.site.site_title = "Cổng ANTQ"

urlpatterns = [
    path("", organization_views.home, name="home"),
    path("healthz", organization_views.healthz, name="healthz"),
    path(
        "tai-khoan/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("tai-khoan/", include("django.contrib.auth.urls")),
    path("quan-tri/", admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("directives.urls")),
    path("", include("models_registry.urls")),
    path("", include("printing.urls")),
    path("", include("safety_ratings.urls")),
    path("", include("reporting.urls")),
    path("", include("dashboards.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
