"""The demo logins (one per role, one shared password) and the generated staff.

Demo users are attached where their scope shows data: mentor and location
manager at the demo BO location and at the demo regular amv location, AVIM and
I&R in the police region of both, the voogd with a dozen current wards.
Staff users (voogden, IND and I&R officers, a mentor per location) carry the
generated history; they cannot log in (unusable password).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind, Role

from . import reference as ref
from .names import DUTCH_FAMILY, DUTCH_GIVEN

DEMO_PASSWORD = "ketenzicht-demo"
Org = OrganisationKind


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str
    first_name: str
    last_name: str
    unit: str | None  # unit name within the organisation
    supervisor: str | None = None
    description: str = ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "locatiemanager",
        Role.LOCATION_MANAGER,
        Org.COA,
        "Marloes",
        "van der Meer",
        ref.DEMO_BO_LOCATION,
        description="BO location",
    ),
    DemoUser(
        "mentor",
        Role.MENTOR,
        Org.COA,
        "Sanne",
        "Dijkstra",
        ref.DEMO_BO_LOCATION,
        supervisor="locatiemanager",
        description="BO location",
    ),
    DemoUser(
        "locatiemanager-amv",
        Role.LOCATION_MANAGER,
        Org.COA,
        "Jeroen",
        "Bakker",
        ref.DEMO_AMV_LOCATION,
        description="regular amv location",
    ),
    DemoUser(
        "mentor-amv",
        Role.MENTOR,
        Org.COA,
        "Yasmina",
        "El Amrani",
        ref.DEMO_AMV_LOCATION,
        supervisor="locatiemanager-amv",
        description="regular amv location",
    ),
    DemoUser(
        "voogd",
        Role.VOOGD,
        Org.NIDOS,
        "Femke",
        "Hoekstra",
        ref.DEMO_NIDOS_REGION,
        description="a dozen current wards",
    ),
    DemoUser(
        "avim", Role.AVIM_RECHERCHEUR, Org.POLITIE, "Martijn", "de Groot", ref.DEMO_POLICE_REGION
    ),
    DemoUser("ir", Role.IR_OFFICER, Org.POLITIE, "Priya", "Ramdin", ref.DEMO_POLICE_REGION),
    DemoUser(
        "kmar", Role.KMAR_ANALIST, Org.KMAR, "Koen", "Visser", "Team Sociale Media Monitoring"
    ),
    DemoUser(
        "ind", Role.IND_MEDEWERKER, Org.IND, "Esther", "Mulder", "IND Aanmeldcentrum Ter Apel"
    ),
    DemoUser("dtv", Role.DTV_MEDEWERKER, Org.DTV, "Hakan", "Yilmaz", "DT&V Regio Noord"),
    DemoUser(
        "ovj",
        Role.OFFICIER_VAN_JUSTITIE,
        Org.OM,
        "Judith",
        "Vos",
        "Landelijk Parket – Mensenhandel en Mensensmokkel",
    ),
    DemoUser("emm", Role.EMM_ANALIST, Org.EMM, "Niels", "Brouwer", "EMM Analyse en Onderzoek"),
    DemoUser("apm", Role.BELEIDSANALIST, Org.APM, "Iris", "Kramer", "Analyselab Migratieketen"),
    DemoUser("privacy", Role.PRIVACY_OFFICER, Org.COA, "Wouter", "Smits", "COA Centraal Bureau"),
    DemoUser("beheerder", Role.BEHEERDER, Org.COA, "Karin", "Postma", "COA Centraal Bureau"),
    DemoUser(
        "beheerder-politie",
        Role.BEHEERDER,
        Org.POLITIE,
        "Sander",
        "Willems",
        "Landelijke Eenheid – AVIM-coördinatie",
    ),
)


def _unit(reference: ref.Reference, organisation: str, name: str | None) -> Unit | None:
    if name is None:
        return None
    return Unit.objects.get(organisation=reference.organisations[organisation], name=name)


@transaction.atomic
def ensure_demo_users(reference: ref.Reference) -> list[User]:
    """Create or repair the demo logins; running it twice creates nothing new."""
    # One hash for all: Argon2 is deliberately slow, and the password is the same.
    password = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username__iexact=spec.username).first() or User(
            username=spec.username
        )
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.role = spec.role
        user.organisation = reference.organisations[spec.organisation]
        user.unit = _unit(reference, spec.organisation, spec.unit)
        user.email = f"{spec.username}@demo.ketenzicht.invalid"
        user.is_active = True
        user.password = password
        user.save()
        users[spec.username] = user
    for spec in DEMO_USERS:
        if spec.supervisor:
            user = users[spec.username]
            user.supervisor = users[spec.supervisor]
            user.save(update_fields=["supervisor"])
    return [users[spec.username] for spec in DEMO_USERS]


@dataclass
class Staff:
    """Generated professionals who carry the history (they cannot log in)."""

    mentors: dict[int, User]  # location id → mentor
    voogden: list[User]
    ind_officers: list[User]
    registration_officers: list[User]  # I&R in the registration centre's region


def _staff_user(username: str, role: str, organisation, unit, rng: random.Random) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            role=role,
            organisation=organisation,
            unit=unit,
            first_name=rng.choice(DUTCH_GIVEN),
            last_name=rng.choice(DUTCH_FAMILY),
        )
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def ensure_staff(reference: ref.Reference, *, persons: int, seed: int) -> Staff:
    rng = random.Random(f"ketenzicht-demo-staff:{seed}")
    coa = reference.organisations[Org.COA]
    mentors = {
        loc.pk: _staff_user(f"staf-mentor-{slugify(loc.name)}", Role.MENTOR, coa, loc.unit, rng)
        for loc in reference.locations
    }
    nidos = reference.organisations[Org.NIDOS]
    regions = list(reference.nidos_regions.values())
    # Nidos voogden carry some 15–20 wards each at real scale.
    n_voogden = max(10, min(400, persons // 400))
    voogden = [
        _staff_user(f"staf-voogd-{i:03d}", Role.VOOGD, nidos, regions[i % len(regions)], rng)
        for i in range(1, n_voogden + 1)
    ]
    ind = reference.organisations[Org.IND]
    ind_team = reference.teams["IND Aanmeldcentrum Ter Apel"]
    ind_officers = [
        _staff_user(f"staf-ind-{i:02d}", Role.IND_MEDEWERKER, ind, ind_team, rng)
        for i in range(1, 9)
    ]
    police = reference.organisations[Org.POLITIE]
    region = reference.police_regions[ref.REGISTRATION_REGION]
    registration = [
        _staff_user(f"staf-ir-{i:02d}", Role.IR_OFFICER, police, region, rng) for i in range(1, 7)
    ]
    for loc in reference.locations:
        if loc.contact_person_id is None:
            loc.contact_person = mentors[loc.pk]
            loc.save(update_fields=["contact_person"])
    return Staff(mentors, voogden, ind_officers, registration)
