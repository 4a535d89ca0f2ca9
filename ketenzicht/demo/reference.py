"""Reference data of the demo chain: organisations, police regions, COA locations, teams.

Everything here is created with get-or-create on natural keys, so loading it a
second time changes nothing. The COA locations are plausible combinations of a
location type and a Dutch municipality with a capacity in the range COA uses;
they are demo data, not a statement about where COA (or BO) actually is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ketenzicht.accounts.models import Organisation, Unit
from ketenzicht.accounts.roles import OrganisationKind, UnitKind
from ketenzicht.reception.models import DEFAULT_REPORTING_TIMES, Location, LocationType

ORGANISATIONS: dict[str, str] = {
    OrganisationKind.COA: "COA",
    OrganisationKind.NIDOS: "Nidos",
    OrganisationKind.POLITIE: "Politie",
    OrganisationKind.KMAR: "Koninklijke Marechaussee",
    OrganisationKind.IND: "IND",
    OrganisationKind.DTV: "DT&V",
    OrganisationKind.OM: "Openbaar Ministerie",
    OrganisationKind.EMM: "EMM",
    OrganisationKind.APM: "APM",
    OrganisationKind.ARBEIDSINSPECTIE: "Nederlandse Arbeidsinspectie",
}

# The ten regional units of the Dutch national police; AVIM works per region.
POLICE_REGIONS: tuple[str, ...] = (
    "Noord-Nederland",
    "Oost-Nederland",
    "Midden-Nederland",
    "Noord-Holland",
    "Amsterdam",
    "Den Haag",
    "Rotterdam",
    "Zeeland-West-Brabant",
    "Oost-Brabant",
    "Limburg",
)


@dataclass(frozen=True)
class LocationSpec:
    name: str
    location_type: str
    municipality: str
    capacity: int
    police_region: str


L = LocationType
LOCATIONS: tuple[LocationSpec, ...] = (
    # Regular amv reception (the process reception in Ter Apel first, then campuses).
    LocationSpec("COA amv-opvang Ter Apel", L.REGULAR_AMV, "Westerwolde", 600, "Noord-Nederland"),
    LocationSpec("COA amv-campus Zeist", L.REGULAR_AMV, "Zeist", 500, "Midden-Nederland"),
    LocationSpec("COA amv-opvang Almere", L.REGULAR_AMV, "Almere", 450, "Midden-Nederland"),
    LocationSpec("COA amv-opvang Sneek", L.REGULAR_AMV, "Súdwest-Fryslân", 350, "Noord-Nederland"),
    LocationSpec("COA amv-opvang Grave", L.REGULAR_AMV, "Land van Cuijk", 400, "Oost-Brabant"),
    LocationSpec(
        "COA amv-opvang Rijsbergen", L.REGULAR_AMV, "Zundert", 400, "Zeeland-West-Brabant"
    ),
    LocationSpec("COA amv-opvang Baexem", L.REGULAR_AMV, "Leudal", 300, "Limburg"),
    LocationSpec("COA amv-opvang Arnhem", L.REGULAR_AMV, "Arnhem", 400, "Oost-Nederland"),
    # Protected reception for presumed victims of trafficking.
    LocationSpec("Beschermde opvang Midden", L.BO, "Amersfoort", 36, "Midden-Nederland"),
    LocationSpec("Beschermde opvang Noord", L.BO, "Leeuwarden", 24, "Noord-Nederland"),
    LocationSpec("Beschermde opvang Zuid", L.BO, "Eindhoven", 20, "Oost-Brabant"),
    # Emergency reception in years of high inflow.
    LocationSpec("Noodopvang Budel-Dorplein", L.EMERGENCY, "Cranendonck", 400, "Oost-Brabant"),
    LocationSpec("Noodopvang Zoutkamp", L.EMERGENCY, "Het Hogeland", 250, "Noord-Nederland"),
    LocationSpec("Noodopvang Doetinchem", L.EMERGENCY, "Doetinchem", 300, "Oost-Nederland"),
    LocationSpec("Noodopvang Den Haag", L.EMERGENCY, "Den Haag", 350, "Den Haag"),
    # Small living units for amv with a residence permit or a long procedure.
    LocationSpec(
        "Kleinschalige woonvoorziening Utrecht", L.SMALL_UNIT, "Utrecht", 24, "Midden-Nederland"
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Amersfoort",
        L.SMALL_UNIT,
        "Amersfoort",
        16,
        "Midden-Nederland",
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Groningen", L.SMALL_UNIT, "Groningen", 20, "Noord-Nederland"
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Nijmegen", L.SMALL_UNIT, "Nijmegen", 16, "Oost-Nederland"
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Tilburg", L.SMALL_UNIT, "Tilburg", 16, "Zeeland-West-Brabant"
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Haarlem", L.SMALL_UNIT, "Haarlem", 12, "Noord-Holland"
    ),
    LocationSpec(
        "Kleinschalige woonvoorziening Rotterdam", L.SMALL_UNIT, "Rotterdam", 20, "Rotterdam"
    ),
    # Adult reception centres (azc); Ter Apel is also the registration centre.
    LocationSpec("AZC Ter Apel", L.ADULT_AZC, "Westerwolde", 2000, "Noord-Nederland"),
    LocationSpec("AZC Budel-Cranendonck", L.ADULT_AZC, "Cranendonck", 800, "Oost-Brabant"),
    LocationSpec("AZC Zeist", L.ADULT_AZC, "Zeist", 600, "Midden-Nederland"),
    LocationSpec("AZC Gilze", L.ADULT_AZC, "Gilze en Rijen", 500, "Zeeland-West-Brabant"),
    LocationSpec("AZC Den Helder", L.ADULT_AZC, "Den Helder", 600, "Noord-Holland"),
    LocationSpec("AZC Amsterdam", L.ADULT_AZC, "Amsterdam", 500, "Amsterdam"),
    LocationSpec("AZC Rijswijk", L.ADULT_AZC, "Rijswijk", 400, "Den Haag"),
    LocationSpec("AZC Dordrecht", L.ADULT_AZC, "Dordrecht", 350, "Rotterdam"),
    LocationSpec("AZC Venlo", L.ADULT_AZC, "Venlo", 450, "Limburg"),
    LocationSpec("AZC Arnhem", L.ADULT_AZC, "Arnhem", 500, "Oost-Nederland"),
    LocationSpec("AZC Assen", L.ADULT_AZC, "Assen", 450, "Noord-Nederland"),
    LocationSpec("AZC Middelburg", L.ADULT_AZC, "Middelburg", 300, "Zeeland-West-Brabant"),
    LocationSpec("AZC Oisterwijk", L.ADULT_AZC, "Oisterwijk", 400, "Oost-Brabant"),
    LocationSpec("AZC Amersfoort", L.ADULT_AZC, "Amersfoort", 450, "Midden-Nederland"),
)

# The demo users work here: a BO location and a regular amv location in one police
# region, so the AVIM and I&R demo users see the persons of both.
DEMO_BO_LOCATION = "Beschermde opvang Midden"
DEMO_AMV_LOCATION = "COA amv-campus Zeist"
DEMO_POLICE_REGION = "Midden-Nederland"
# Registration (I&R) happens in the registration centre's region.
REGISTRATION_REGION = "Noord-Nederland"

NIDOS_REGIONS: tuple[str, ...] = (
    "Nidos Noord",
    "Nidos Oost",
    "Nidos Midden",
    "Nidos West",
    "Nidos Zuid",
)
DEMO_NIDOS_REGION = "Nidos Midden"

TEAMS: dict[str, tuple[tuple[str, str], ...]] = {
    OrganisationKind.COA: (("COA Centraal Bureau", UnitKind.DEPARTMENT),),
    OrganisationKind.POLITIE: (("Landelijke Eenheid – AVIM-coördinatie", UnitKind.DEPARTMENT),),
    OrganisationKind.KMAR: (
        ("Team Sociale Media Monitoring", UnitKind.TEAM),
        ("Brigade Schiphol – Mensensmokkel", UnitKind.TEAM),
        ("District Noordoost – Mobiel Toezicht Veiligheid", UnitKind.TEAM),
    ),
    OrganisationKind.IND: (
        ("IND Aanmeldcentrum Ter Apel", UnitKind.TEAM),
        ("IND Directie Asiel en Bescherming", UnitKind.DEPARTMENT),
    ),
    OrganisationKind.DTV: (("DT&V Regio Noord", UnitKind.TEAM), ("DT&V Regio Zuid", UnitKind.TEAM)),
    OrganisationKind.OM: (
        ("Landelijk Parket – Mensenhandel en Mensensmokkel", UnitKind.TEAM),
        ("Arrondissementsparket Midden-Nederland", UnitKind.TEAM),
    ),
    OrganisationKind.EMM: (("EMM Analyse en Onderzoek", UnitKind.TEAM),),
    OrganisationKind.APM: (("Analyselab Migratieketen", UnitKind.TEAM),),
    OrganisationKind.ARBEIDSINSPECTIE: (("Directie Opsporing – Arbeidsuitbuiting", UnitKind.TEAM),),
}


@dataclass
class Reference:
    """The loaded reference data, keyed for the generator."""

    organisations: dict[str, Organisation]
    police_regions: dict[str, Unit]
    locations: list[Location]
    nidos_regions: dict[str, Unit]
    teams: dict[str, Unit]

    def locations_of(self, location_type: str) -> list[Location]:
        return [loc for loc in self.locations if loc.location_type == location_type]

    def location(self, name: str) -> Location:
        return next(loc for loc in self.locations if loc.name == name)


def _unit(org: Organisation, name: str, kind: str, parent: Unit | None = None) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        organisation=org, name=name, defaults={"kind": kind, "parent": parent}
    )
    return unit


@transaction.atomic
def load_reference() -> Reference:
    organisations: dict[str, Organisation] = {}
    for kind, name in ORGANISATIONS.items():
        organisations[kind], _ = Organisation.objects.get_or_create(
            kind=kind, defaults={"name": name}
        )
    police = organisations[OrganisationKind.POLITIE]
    regions = {name: _unit(police, name, UnitKind.REGION) for name in POLICE_REGIONS}
    coa = organisations[OrganisationKind.COA]
    locations = []
    for spec in LOCATIONS:
        unit = _unit(coa, spec.name, UnitKind.LOCATION)
        location, _ = Location.objects.get_or_create(
            unit=unit,
            defaults={
                "name": spec.name,
                "location_type": spec.location_type,
                "capacity": spec.capacity,
                "municipality": spec.municipality,
                "police_region": regions[spec.police_region],
                "reporting_times": DEFAULT_REPORTING_TIMES[spec.location_type],
            },
        )
        locations.append(location)
    nidos = organisations[OrganisationKind.NIDOS]
    nidos_regions = {name: _unit(nidos, name, UnitKind.REGION) for name in NIDOS_REGIONS}
    teams = {
        name: _unit(organisations[kind], name, unit_kind)
        for kind, specs in TEAMS.items()
        for name, unit_kind in specs
    }
    return Reference(organisations, regions, locations, nidos_regions, teams)
