"""PostgreSQL: the column search_order and, where the server has the rum extension, a RUM index that
hands out a query's matches newest first (gongkai/search/rum.py says why and how).

Without the extension (not installed, or migrate not run by a superuser) the column is added and the
index is not: search works as before, and `manage.py search_rum` adds the index later.
SQLite is untouched: its FTS5 index reads the newest matches first (backends.SqliteBackend).
"""

from django.db import migrations

from gongkai.search import rum


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(rum.ADD_COLUMN)
        rum.create_index(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {rum.INDEX}")
    schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_order")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_number_grams"),
    ]

    operations = [migrations.RunPython(forward, backward)]
