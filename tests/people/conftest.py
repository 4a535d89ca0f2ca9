"""A small chain for registry tests: one COA location in one police region, and a
user of every role that works with persons."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.people import name_index, services
from ketenzicht.people.models import Guardianship, IdentityRecord, Person
from ketenzicht.people.names import search_key
from ketenzicht.reception.models import Location, Placement
from tests.factories import UserFactory, organisation


@dataclass
class Chain:
    region: Unit
    other_region: Unit
    location: Location
    other_location: Location
    mentor: User
    other_mentor: User
    voogd: User
    other_voogd: User
    ir: User
    avim: User
    other_avim: User
    ind: User
    other_ind: User
    kmar: User
    dtv: User
    ovj: User


@pytest.fixture
def chain(db) -> Chain:
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Noord-Nederland")
    other_region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Rotterdam")
    unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    other_unit = Unit.objects.create(
        organisation=coa, kind=UnitKind.LOCATION, name="AMV Zoetermeer"
    )
    location = Location.objects.create(
        unit=unit, name="BO Ter Apel", location_type="bo", capacity=20, police_region=region
    )
    other_location = Location.objects.create(
        unit=other_unit,
        name="AMV Zoetermeer",
        location_type="regular_amv",
        capacity=40,
        police_region=other_region,
    )

    def user(username, role, unit=None, **extra):
        return UserFactory(
            username=username, role=role, unit=unit, first_name=username.title(), **extra
        )

    return Chain(
        region=region,
        other_region=other_region,
        location=location,
        other_location=other_location,
        mentor=user("mentor", Role.MENTOR, unit),
        other_mentor=user("other_mentor", Role.MENTOR, other_unit),
        voogd=user("voogd", Role.VOOGD),
        other_voogd=user("other_voogd", Role.VOOGD),
        ir=user("ir", Role.IR_OFFICER, region),
        avim=user("avim", Role.AVIM_RECHERCHEUR, region),
        other_avim=user("other_avim", Role.AVIM_RECHERCHEUR, other_region),
        ind=user("ind", Role.IND_MEDEWERKER),
        other_ind=user("other_ind", Role.IND_MEDEWERKER),
        kmar=user("kmar", Role.KMAR_ANALIST),
        dtv=user("dtv", Role.DTV_MEDEWERKER),
        ovj=user("ovj", Role.OFFICIER_VAN_JUSTITIE),
    )


def register(actor, **identity) -> Person:
    identity.setdefault("family_name", "Nguyen")
    identity.setdefault("given_names", "Van Anh")
    identity.setdefault("date_of_birth", date(2009, 5, 14))
    return services.register_person(actor=actor, identity=services.IdentityData(**identity))


def add_record(person: Person, org_kind: str, *, recorded_by=None, **fields) -> IdentityRecord:
    """A record written directly (tests only), as another organisation's import would,
    indexed for the name search as the services do."""
    fields.setdefault("given_names", "")
    fields.setdefault("family_name", "")
    record = IdentityRecord.objects.create(
        person=person,
        organisation=organisation(org_kind),
        search_name=search_key(fields["given_names"], fields["family_name"]),
        recorded_by=recorded_by,
        **fields,
    )
    name_index.index_record(record, created=True)
    return record


def place(person: Person, location: Location, *, ended: bool = False) -> Placement:
    now = timezone.now()
    return Placement.objects.create(
        person=person,
        location=location,
        planned_arrival=now - timedelta(days=5),
        arrived_at=now - timedelta(days=5),
        ended_at=now if ended else None,
    )


def ward(person: Person, voogd: User) -> Guardianship:
    return Guardianship.objects.create(
        person=person, voogd=voogd, started_on=timezone.localdate() - timedelta(days=3)
    )
