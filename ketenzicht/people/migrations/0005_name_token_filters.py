"""Name-token postings carry their record's date of birth and nationality (ADR 0011).

Search filters a name by them; read from the index they cost nothing, read
from the records they cost a probe per posting. The postings are refilled from
the records (set-based on PostgreSQL) before their indexes are built. A second
index orders postings by person, for tokens most persons have. Without a name,
nationality and date of birth are one index range on the records.
"""

from django.conf import settings
from django.db import migrations, models

BATCH = 5000
COPIED = ("date_of_birth", "dob_precision", "dob_is_placeholder", "nationality")

POSTGRESQL_REFILL = (
    # Foreign keys are checked at once, not at commit: the indexes below cannot
    # be built while checks of these rows are pending.
    "SET CONSTRAINTS ALL IMMEDIATE",
    "TRUNCATE people_nametoken",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id,
           date_of_birth, dob_precision, dob_is_placeholder, nationality)
       SELECT t.token, r.person_id, r.id, NULL,
              r.date_of_birth, r.dob_precision, r.dob_is_placeholder, r.nationality
       FROM people_identityrecord r,
            unnest(string_to_array(btrim(r.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id,
           date_of_birth, dob_precision, dob_is_placeholder, nationality)
       SELECT t.token, a.person_id, NULL, a.id, NULL, '', false, ''
       FROM people_alias a, unnest(string_to_array(btrim(a.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
)


# SQLite rebuilds a table to add a column; while the postings table is away the
# triggers of 0004 (on the records and aliases) would refer to a missing table
# and SQLite refuses the rename. They are set aside for the duration.
SQLITE_TRIGGERS = {
    "people_name_token_follow_record": """CREATE TRIGGER people_name_token_follow_record
       AFTER UPDATE OF person_id ON people_identityrecord FOR EACH ROW
       WHEN NEW.person_id IS NOT OLD.person_id
       BEGIN
           UPDATE people_nametoken SET person_id = NEW.person_id
           WHERE identity_record_id = NEW.id;
       END""",
    "people_name_token_follow_alias": """CREATE TRIGGER people_name_token_follow_alias
       AFTER UPDATE OF person_id ON people_alias FOR EACH ROW
       WHEN NEW.person_id IS NOT OLD.person_id
       BEGIN
           UPDATE people_nametoken SET person_id = NEW.person_id WHERE alias_id = NEW.id;
       END""",
}


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS.values():
            schema_editor.execute(statement, params=None)


def refill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REFILL:
            schema_editor.execute(statement, params=None)
        return
    NameToken = apps.get_model("people", "NameToken")
    records = apps.get_model("people", "IdentityRecord").objects.values("id", *COPIED)
    for start in range(0, records.count(), BATCH):
        for row in records.order_by("id")[start : start + BATCH]:
            pk = row.pop("id")
            NameToken.objects.filter(identity_record_id=pk).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_admin_indexes"),
        ("people", "0004_name_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers, elidable=False),
        migrations.RemoveIndex(
            model_name="identityrecord",
            name="identity_nationality_idx",
        ),
        migrations.RemoveIndex(
            model_name="nametoken",
            name="name_token_person_idx",
        ),
        migrations.AddField(
            model_name="nametoken",
            name="date_of_birth",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="nametoken",
            name="dob_is_placeholder",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="nametoken",
            name="dob_precision",
            field=models.CharField(blank=True, default="", max_length=12),
        ),
        migrations.AddField(
            model_name="nametoken",
            name="nationality",
            field=models.CharField(blank=True, default="", max_length=3),
        ),
        migrations.RunPython(refill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="identityrecord",
            index=models.Index(
                fields=["nationality", "date_of_birth"],
                include=("person",),
                name="identity_nationality_dob_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="nametoken",
            index=models.Index(
                fields=["token", "person_id"],
                include=(
                    "identity_record",
                    "alias",
                    "date_of_birth",
                    "dob_precision",
                    "dob_is_placeholder",
                    "nationality",
                ),
                name="name_token_person_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="nametoken",
            index=models.Index(
                fields=["person_id", "token"],
                include=(
                    "identity_record",
                    "alias",
                    "date_of_birth",
                    "dob_precision",
                    "dob_is_placeholder",
                    "nationality",
                ),
                name="name_token_by_person_idx",
            ),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers, elidable=False),
    ]
