"""The name-token index for person search (ADR 0011), filled from existing names.

Postings (`NameToken`) and the vocabulary are derived from the `search_name`
every identity record and alias already stores, so the backfill needs no name
folding: on PostgreSQL it is set-based SQL (a few minutes for millions of
records), on SQLite a batched loop. `manage.py rebuild_name_tokens` does the
same at any later time. PostgreSQL also gets a trigram index on the (small)
vocabulary for misspelt names, and finer statistics on the token column so the
planner knows how common each token is; the trigram indexes of 0003 on the
records' and aliases' names go, since search no longer reads those names.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 5000

# A record or alias re-pointed to another person (a linkage merge or split moves
# rows generically, not through the people services) takes its postings along.
POSTGRESQL_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION people_name_token_follow_person() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           IF TG_TABLE_NAME = 'people_identityrecord' THEN
               UPDATE people_nametoken SET person_id = NEW.person_id
               WHERE identity_record_id = NEW.id;
           ELSE
               UPDATE people_nametoken SET person_id = NEW.person_id WHERE alias_id = NEW.id;
           END IF;
           RETURN NULL;
       END $$""",
    """CREATE TRIGGER people_name_token_follow_record
       AFTER UPDATE OF person_id ON people_identityrecord FOR EACH ROW
       WHEN (NEW.person_id IS DISTINCT FROM OLD.person_id)
       EXECUTE FUNCTION people_name_token_follow_person()""",
    """CREATE TRIGGER people_name_token_follow_alias
       AFTER UPDATE OF person_id ON people_alias FOR EACH ROW
       WHEN (NEW.person_id IS DISTINCT FROM OLD.person_id)
       EXECUTE FUNCTION people_name_token_follow_person()""",
)
SQLITE_TRIGGERS = (
    """CREATE TRIGGER people_name_token_follow_record
       AFTER UPDATE OF person_id ON people_identityrecord FOR EACH ROW
       WHEN NEW.person_id IS NOT OLD.person_id
       BEGIN
           UPDATE people_nametoken SET person_id = NEW.person_id
           WHERE identity_record_id = NEW.id;
       END""",
    """CREATE TRIGGER people_name_token_follow_alias
       AFTER UPDATE OF person_id ON people_alias FOR EACH ROW
       WHEN NEW.person_id IS NOT OLD.person_id
       BEGIN
           UPDATE people_nametoken SET person_id = NEW.person_id WHERE alias_id = NEW.id;
       END""",
)

POSTGRESQL_FORWARDS = (
    *POSTGRESQL_TRIGGERS,
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS name_token_vocabulary_trgm "
    "ON people_nametokenvocabulary USING gin (token gin_trgm_ops)",
    "ALTER TABLE people_nametoken ALTER COLUMN token SET STATISTICS 1000",
    "DROP INDEX IF EXISTS identity_search_name_trgm",
    "DROP INDEX IF EXISTS alias_search_name_trgm",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id)
       SELECT t.token, r.person_id, r.id, NULL
       FROM people_identityrecord r,
            unnest(string_to_array(btrim(r.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id)
       SELECT t.token, a.person_id, NULL, a.id
       FROM people_alias a, unnest(string_to_array(btrim(a.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
    """INSERT INTO people_nametokenvocabulary (token, frequency)
       SELECT token, count(*) FROM people_nametoken GROUP BY token""",
    "ANALYZE people_nametoken",
    "ANALYZE people_nametokenvocabulary",
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARDS:
            # params=None: sent as is, so psycopg does not read "%" as a placeholder.
            schema_editor.execute(statement, params=None)
        return
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement, params=None)
    NameToken = apps.get_model("people", "NameToken")
    Vocabulary = apps.get_model("people", "NameTokenVocabulary")
    counts = {}
    for model, column in (("IdentityRecord", "identity_record_id"), ("Alias", "alias_id")):
        rows = apps.get_model("people", model).objects.values_list("id", "person_id", "search_name")
        batch = []
        for pk, person_id, search_name in rows.iterator(chunk_size=BATCH):
            for token in search_name.split():
                batch.append(NameToken(token=token, person_id=person_id, **{column: pk}))
                counts[token] = counts.get(token, 0) + 1
            if len(batch) >= BATCH:
                NameToken.objects.bulk_create(batch)
                batch = []
        NameToken.objects.bulk_create(batch)
    Vocabulary.objects.bulk_create(
        [Vocabulary(token=t, frequency=n) for t, n in sorted(counts.items())], batch_size=BATCH
    )


def backwards(apps, schema_editor):
    # The two tables go with their models; the triggers go, and the trigram
    # indexes of 0003 come back.
    for table, name in (
        ("people_identityrecord", "people_name_token_follow_record"),
        ("people_alias", "people_name_token_follow_alias"),
    ):
        on = f" ON {table}" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on}", params=None)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS people_name_token_follow_person()", params=None)
    for name, table in (
        ("identity_search_name_trgm", "people_identityrecord"),
        ("alias_search_name_trgm", "people_alias"),
    ):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_trigram_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameTokenVocabulary",
            fields=[
                ("token", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("frequency", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="NameToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=200)),
                (
                    "alias",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.alias",
                    ),
                ),
                (
                    "identity_record",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.identityrecord",
                    ),
                ),
                ("person_id", models.BigIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["token", "person_id"],
                        include=("identity_record", "alias"),
                        name="name_token_person_idx",
                    ),
                    models.Index(
                        condition=models.Q(("identity_record__isnull", False)),
                        fields=["identity_record"],
                        name="name_token_record_idx",
                    ),
                    models.Index(
                        condition=models.Q(("alias__isnull", False)),
                        fields=["alias"],
                        name="name_token_alias_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("alias__isnull", False), ("identity_record__isnull", True)),
                            models.Q(("alias__isnull", True), ("identity_record__isnull", False)),
                            _connector="OR",
                        ),
                        name="name_token_one_source",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
