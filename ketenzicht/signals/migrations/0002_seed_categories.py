"""The chain's categories of signals (maintained by the beheerder afterwards)."""

from django.db import migrations

CATEGORIES = [
    # code, parent, Dutch, English
    ("trafficking", None, "Mensenhandel", "Human trafficking"),
    ("trafficking-sexual", "trafficking", "Seksuele uitbuiting", "Sexual exploitation"),
    ("trafficking-labour", "trafficking", "Arbeidsuitbuiting", "Labour exploitation"),
    ("trafficking-criminal", "trafficking", "Criminele uitbuiting", "Criminal exploitation"),
    ("trafficking-organs", "trafficking", "Orgaanverwijdering", "Organ removal"),
    ("smuggling", None, "Mensensmokkel", "Migrant smuggling"),
    ("smuggling-vessels", "smuggling", "Voorbereiding: boten en uitrusting",
     "Preparatory acts: vessels and equipment"),
    ("smuggling-transport", "smuggling", "Voorbereiding: vervoer en opslag",
     "Preparatory acts: transport and storage"),
    ("smuggling-recruitment", "smuggling", "Werving online", "Recruitment online"),
    ("smuggling-documents", "smuggling", "Documenten", "Documents"),
    ("departures", None, "Vertrek met onbekende bestemming", "Departure with unknown destination"),
    ("other", None, "Overig", "Other"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("signals", "Category")
    by_code = {}
    for position, (code, parent, nl, en) in enumerate(CATEGORIES):
        by_code[code] = Category.objects.create(
            code=code, parent=by_code.get(parent), label_nl=nl, label_en=en, position=position
        )


def unseed(apps, schema_editor):
    apps.get_model("signals", "Category").objects.filter(parent__isnull=False).delete()
    apps.get_model("signals", "Category").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
