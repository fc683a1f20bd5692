from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IssuedPdf, PrintBatch, SignatureImage, SigningIdentity


@admin.register(SigningIdentity)
class SigningIdentityAdmin(SimpleHistoryAdmin):
    """Where an administrator names an organization's key file and uploads its seal."""

    list_display = ["organization", "key_name"]
    raw_id_fields = ["organization"]
    search_fields = ["organization__name", "key_name"]


@admin.register(SignatureImage)
class SignatureImageAdmin(SimpleHistoryAdmin):
    list_display = ["person"]
    raw_id_fields = ["person"]


@admin.register(IssuedPdf)
class IssuedPdfAdmin(admin.ModelAdmin):
    """Issued PDFs are a record: readable here, never edited."""

    list_display = ["code", "title", "version", "signer_name", "signed_at", "created_at"]
    search_fields = ["code", "title", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrintBatch)
class PrintBatchAdmin(admin.ModelAdmin):
    list_display = ["label", "status", "done_count", "created_at"]
    readonly_fields = ["issued"]
