"""The initial risk-factor catalogue: observable, individual circumstances only."""

from django.db import migrations

FACTORS = [
    ("contact-unknown-adults", "Contact met onbekende volwassenen",
     "Contact with unknown adults",
     "Wordt opgehaald, gebeld of bezocht door volwassenen die niet tot het netwerk behoren."),
    ("calls-unknown-numbers", "Belt of wordt gebeld door onbekende nummers",
     "Calls with unknown numbers",
     "Veel of heimelijk telefoonverkeer, meerdere telefoons of simkaarten."),
    ("debt", "Aanwijzingen voor schulden aan derden", "Signs of debt to third parties",
     "Spreekt over een schuld voor de reis of moet geld terugbetalen."),
    ("earlier-departure", "Eerder vertrek met onbekende bestemming",
     "Earlier departure with unknown destination",
     "Is eerder uit de opvang vertrokken zonder bekende bestemming (MOB)."),
    ("exploitation-signs", "Aanwijzingen voor uitbuiting", "Signs of exploitation",
     "Werkt voor anderen, moet geld afdragen, of vertoont tekenen van misbruik."),
    ("stated-travel-plans", "Noemt reisplannen naar een ander land",
     "States travel plans to another country",
     "Vertelt dat hij of zij verder wil reizen, bijvoorbeeld naar het Verenigd Koninkrijk."),
    ("unexplained-means", "Onverklaarbaar geld of bezittingen", "Unexplained money or goods",
     "Heeft geld, kleding of telefoons en kan niet verklaren hoe hij of zij daaraan komt."),
    ("online-recruitment", "Benaderd via sociale media", "Approached through social media",
     "Wordt online benaderd met aanbiedingen voor werk of vervoer."),
    ("documents-held-by-others", "Documenten in handen van anderen",
     "Documents held by others", "Eigen documenten zijn in bezit van een ander."),
    ("coached-story", "Ingestudeerd verhaal", "Rehearsed account",
     "Vertelt een verhaal dat aangeleerd lijkt of verandert als er doorgevraagd wordt."),
    ("missed-reporting", "Mist meldmomenten", "Misses reporting moments",
     "Is herhaaldelijk niet aanwezig op de meldmomenten (meldplicht)."),
]


def seed(apps, schema_editor):
    RiskFactor = apps.get_model("reception", "RiskFactor")
    for code, nl, en, explanation in FACTORS:
        RiskFactor.objects.get_or_create(
            code=code, defaults={"label_nl": nl, "label_en": en, "explanation": explanation}
        )


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
