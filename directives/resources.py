"""Spreadsheets of the register and of tasks (django-import-export): columns and cleaning only.

Rows are written through the services (save_instance), so an imported row meets the same
rules as a typed one; the import view runs a dry run first and commits all or nothing.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from organizations.models import Organization

from .models import Document, TaskOccurrence
from .services.documents import DocumentInput, document_create

DATE_FORMAT = "%d/%m/%Y"


class VietnameseDateWidget(widgets.DateWidget):
    """Dates as "19/03/2021" (also accepts Excel dates and ISO "2021-03-19")."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            import datetime

            return datetime.date.fromisoformat(value)
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(f"Ngày «{value}» không hợp lệ, hãy ghi dạng 19/03/2021.") from error


class IssuerWidget(widgets.ForeignKeyWidget):
    """An issuer named as in the directory; an unknown name stays as text (issuer_name)."""

    def __init__(self):
        super().__init__(Organization, field="name")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        return Organization.objects.filter(name__iexact=str(value).strip()).first()


class StatusWidget(widgets.Widget):
    LABELS = {str(label).lower(): value for value, label in Document.Status.choices}

    def clean(self, value, row=None, **kwargs):
        if not value:
            return Document.Status.DRAFT
        key = str(value).strip().lower()
        if key in self.LABELS:
            return self.LABELS[key]
        if key in Document.Status.values:
            return key
        raise ValueError(
            f"Trạng thái «{value}» không hợp lệ: dùng Dự thảo, Ban hành, Hết hiệu lực "
            "hoặc Bị thay thế."
        )

    def render(self, value, obj=None, **kwargs):
        return str(Document.Status(value).label) if value else ""


class DocumentResource(resources.ModelResource):
    """The register: one row a document, Vietnamese headers."""

    number_symbol = fields.Field(attribute="number_symbol", column_name="Số, ký hiệu")
    type_name = fields.Field(attribute="type_name", column_name="Loại văn bản")
    issuer = fields.Field(attribute="issuer", column_name="Cơ quan ban hành", widget=IssuerWidget())
    issuer_name = fields.Field(attribute="issuer_name", column_name="Tên cơ quan (nguyên văn)")
    issue_date = fields.Field(
        attribute="issue_date", column_name="Ngày ban hành", widget=VietnameseDateWidget()
    )
    title = fields.Field(attribute="title", column_name="Trích yếu")
    authority = fields.Field(attribute="authority", column_name="Thẩm quyền ký")
    position = fields.Field(attribute="position", column_name="Chức vụ người ký")
    signer_name = fields.Field(attribute="signer_name", column_name="Người ký")
    status = fields.Field(attribute="status", column_name="Trạng thái", widget=StatusWidget())

    class Meta:
        model = Document
        fields = (
            "number_symbol", "type_name", "issuer", "issuer_name", "issue_date", "title",
            "authority", "position", "signer_name", "status",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False
        use_transactions = True

    def __init__(self, *, by=None):
        super().__init__()
        self.by = by

    def get_instance(self, instance_loader, row):
        return None  # every row registers a new document; duplicates are refused by the service

    def dehydrate_issuer(self, document: Document) -> str:
        return document.issuer.name if document.issuer_id else document.issuer_name

    def save_instance(self, instance, is_create, row, **kwargs):
        issuer = instance.issuer
        created = document_create(
            data=DocumentInput(
                fields={
                    "system": "party"
                    if "-" in (instance.number_symbol or "").split("/")[0]
                    else "state",
                    "type_name": instance.type_name,
                    "number_symbol": instance.number_symbol,
                    "issuer": issuer,
                    "issuer_name": instance.issuer_name or (issuer.name if issuer else ""),
                    "issue_date": instance.issue_date,
                    "title": instance.title,
                    "authority": instance.authority or "",
                    "position": instance.position or "",
                    "signer_name": instance.signer_name or "",
                }
            ),
            by=self.by,
        )
        if instance.status and instance.status != Document.Status.DRAFT:
            Document.objects.filter(pk=created.pk).update(status=instance.status)
        instance.pk = created.pk


class TaskOccurrenceResource(resources.ModelResource):
    """Tasks with their assignee, deadline and status (export only)."""

    document = fields.Field(column_name="Văn bản")
    number = fields.Field(attribute="assignment__task__number", column_name="Số thứ tự")
    text = fields.Field(attribute="assignment__task__text", column_name="Nội dung nhiệm vụ")
    organization = fields.Field(attribute="assignment__organization__name", column_name="Cơ quan")
    role = fields.Field(column_name="Vai trò")
    due_date = fields.Field(attribute="due_date", column_name="Hạn", widget=VietnameseDateWidget())
    period_label = fields.Field(attribute="period_label", column_name="Kỳ")
    completed_on = fields.Field(
        attribute="completed_on", column_name="Ngày hoàn thành", widget=VietnameseDateWidget()
    )
    status = fields.Field(column_name="Tình trạng")

    class Meta:
        model = TaskOccurrence
        fields = (
            "document", "number", "text", "organization", "role", "due_date", "period_label",
            "completed_on", "status",
        )  # fmt: skip
        export_order = fields

    def dehydrate_document(self, occurrence: TaskOccurrence) -> str:
        return str(occurrence.assignment.task.document)

    def dehydrate_role(self, occurrence: TaskOccurrence) -> str:
        return str(occurrence.assignment.get_role_display())

    def dehydrate_status(self, occurrence: TaskOccurrence) -> str:
        return str(TaskOccurrence.Status(occurrence.status).label)
