"""Trigram indexes for fuzzy name search, on PostgreSQL only.

`pg_trgm` lets `LIKE '% token%'` (token-prefix search) and the `%` similarity
operator use a GIN index instead of scanning millions of identity records.
SQLite has no such extension; there the search falls back to the b-tree-less
LIKE scan, which is fine at demo scale.
"""

from django.db import migrations

INDEXES = (
    ("identity_search_name_trgm", "people_identityrecord"),
    ("alias_search_name_trgm", "people_alias"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: the SQL is sent as is, so psycopg does not read "%" as a placeholder.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_provenance_and_verbose_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
