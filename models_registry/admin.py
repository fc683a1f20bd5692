from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LaunchLevel, ModelCategory, ModelRating, ModelReview, ModelSite, SecurityModel


@admin.register(ModelCategory)
class ModelCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(LaunchLevel)
class LaunchLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "phrase", "order", "is_active"]
    list_editable = ["order", "is_active"]


class ModelSiteInline(admin.TabularInline):
    model = ModelSite
    extra = 0
    raw_id_fields = ["unit"]


class ModelReviewInline(admin.TabularInline):
    model = ModelReview
    extra = 0
    raw_id_fields = ["reviewing_organization", "recorded_by"]


@admin.register(SecurityModel)
class SecurityModelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "launch_level", "unit", "started_on", "status"]
    list_filter = ["status", "category", "launch_level"]
    search_fields = ["name"]
    raw_id_fields = [
        "unit", "launching_organization", "managing_organization", "founding_decision",
        "created_by",
    ]  # fmt: skip
    inlines = [ModelSiteInline, ModelReviewInline]


@admin.register(ModelRating)
class ModelRatingAdmin(SimpleHistoryAdmin):
    list_display = ["model", "year", "grade"]
    raw_id_fields = ["model"]
