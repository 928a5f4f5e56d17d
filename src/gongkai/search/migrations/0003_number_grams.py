"""PostgreSQL: an index of the numbers in each document, for 索引号 and 文号 queries.

The token index holds pairs of characters, and there are only a hundred pairs of digits, each in
nearly every document: "2024-00012" gives the tokens 20, 02, 24, 4, 00, 01, 12, which narrow
nothing. This index holds, per document, every four characters in a row that are all digits or
spaces (the canonical text's separator): 2024 00012 gives 2024, 024 , 24 0, 4 00, 000, 0001 and
0012, which together are in a few hundred documents. A document containing a term contains the
term's windows, so the index narrows without ever losing a match (the canonical text decides, as
for every longer term); backends.number_grams is the same function in Python.

SQLite is untouched: its FTS5 index reads the newest matches first (backends.SqliteBackend).
"""

from django.db import migrations

FORWARD = [
    # IMMUTABLE: it reads its argument only ([0-9 ] is ASCII whatever the locale), so it can be indexed.
    "CREATE OR REPLACE FUNCTION search_number_grams(canonical text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT substr(r.run, i, 4)), '{}') "
    "FROM (SELECT (regexp_matches(canonical, '[0-9 ]{4,}', 'g'))[1] AS run) r, "
    "generate_series(1, length(r.run) - 3) AS i $$",
    "CREATE INDEX IF NOT EXISTS search_number_grams_gin ON search_searchdocument "
    "USING gin (search_number_grams(canonical)) WITH (fastupdate = off)",
]
BACKWARD = [
    "DROP INDEX search_number_grams_gin",
    "DROP FUNCTION search_number_grams(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_agency_newest_first"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
