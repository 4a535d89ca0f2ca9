"""The organisations of the chain are reference data: every installation has them.

Public intake routes reports to KMar or the police, deadlines go to the OM:
these must exist before any user or demo data does.
"""

from django.db import migrations

ORGANISATIONS = [
    ("coa", "COA"),
    ("nidos", "Nidos"),
    ("politie", "Politie"),
    ("kmar", "Koninklijke Marechaussee"),
    ("ind", "IND"),
    ("dtv", "DT&V"),
    ("om", "Openbaar Ministerie"),
    ("emm", "EMM"),
    ("apm", "APM"),
    ("nla", "Nederlandse Arbeidsinspectie"),
]


def create(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for kind, name in ORGANISATIONS:
        Organisation.objects.get_or_create(kind=kind, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
