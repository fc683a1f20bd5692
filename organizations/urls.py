from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("don-vi-hanh-chinh/", views.UnitListView.as_view(), name="unit-list"),
    path("don-vi-hanh-chinh/tim/", views.unit_autocomplete, name="unit-autocomplete"),
    path("don-vi-hanh-chinh/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path(
        "don-vi-hanh-chinh/<int:pk>/lich-su/",
        views.UnitHistoryView.as_view(),
        name="unit-history",
    ),
    path("to-chuc/", views.OrganizationListView.as_view(), name="organization-list"),
    path("to-chuc/them/", views.organization_edit, name="organization-create"),
    path("to-chuc/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("to-chuc/<int:pk>/sua/", views.organization_edit, name="organization-edit"),
    path(
        "to-chuc/<int:pk>/thanh-vien/",
        views.organization_membership_add,
        name="organization-membership-add",
    ),
    path(
        "to-chuc/<int:pk>/thanh-vien/<int:membership_pk>/thoi/",
        views.organization_membership_end,
        name="organization-membership-end",
    ),
    path(
        "to-chuc/<int:pk>/lich-su/",
        views.OrganizationHistoryView.as_view(),
        name="organization-history",
    ),
    path("nguoi-dung/", views.UserListView.as_view(), name="user-list"),
    path("nguoi-dung/them/", views.user_edit, name="user-create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/sua/", views.user_edit, name="user-edit"),
    path("nguoi-dung/<int:pk>/vai-tro/", views.user_role_assign, name="user-role-assign"),
    path(
        "nguoi-dung/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/",
        views.user_role_revoke,
        name="user-role-revoke",
    ),
    path("nguoi-dung/<int:pk>/lich-su/", views.UserHistoryView.as_view(), name="user-history"),
    path("ho-so/", views.profile, name="profile"),
]
