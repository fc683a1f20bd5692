"""A GIN index over the documents' search vector, on PostgreSQL only (SQLite has none)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS directives_document_search_gin "
    "ON directives_document USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS directives_document_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
