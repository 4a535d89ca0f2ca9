"""A small chain for departure tests: a BO location and a regular amv location in two
police regions, the professionals of every organisation in the work agreements, and a
minor placed in BO with a Nidos guardian."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.people.models import Guardianship, IdentityRecord, Person
from ketenzicht.reception.models import Location, Placement
from tests.factories import UserFactory, organisation


@dataclass
class Chain:
    region: Unit
    other_region: Unit
    bo: Location
    amv: Location
    mentor: User
    manager: User
    other_mentor: User
    voogd: User
    avim: User
    other_avim: User
    ir: User
    dtv: User
    ind: User
    ovj: User
    apm: User
    person: Person
    placement: Placement


def make_person(location: Location, *, voogd: User | None = None, days: int = 5):
    person = Person.objects.create()
    IdentityRecord.objects.create(
        person=person,
        organisation=organisation(O.COA),
        given_names="Van Anh",
        family_name="Nguyen",
        date_of_birth=date(2009, 5, 14),
        nationality="VNM",
    )
    now = timezone.now()
    placement = Placement.objects.create(
        person=person,
        location=location,
        planned_arrival=now - timedelta(days=days),
        arrived_at=now - timedelta(days=days),
    )
    if voogd is not None:
        Guardianship.objects.create(
            person=person, voogd=voogd, started_on=timezone.localdate() - timedelta(days=days)
        )
    return person, placement


@pytest.fixture
def chain(db) -> Chain:
    for kind in O.values:
        organisation(kind)
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Noord-Nederland")
    other_region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Rotterdam")
    bo_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    amv_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="AMV Zoetermeer")
    nidos_team = Unit.objects.create(
        organisation=organisation(O.NIDOS), kind=UnitKind.REGION, name="Nidos Noord"
    )
    bo = Location.objects.create(
        unit=bo_unit,
        name="BO Ter Apel",
        location_type="bo",
        capacity=20,
        police_region=region,
        reporting_times="09:00,21:00",
    )
    amv = Location.objects.create(
        unit=amv_unit,
        name="AMV Zoetermeer",
        location_type="regular_amv",
        capacity=40,
        police_region=other_region,
        reporting_times="09:00,21:00",
    )

    def user(username, role, unit=None, **extra):
        return UserFactory(
            username=username,
            role=role,
            unit=unit,
            first_name=username.title(),
            email=f"{username}@example.org",
            **extra,
        )

    manager = user("manager", Role.LOCATION_MANAGER, bo_unit)
    voogd = user("voogd", Role.VOOGD, nidos_team)
    person, placement = make_person(bo, voogd=voogd)
    return Chain(
        region=region,
        other_region=other_region,
        bo=bo,
        amv=amv,
        mentor=user("mentor", Role.MENTOR, bo_unit, supervisor=manager),
        manager=manager,
        other_mentor=user("other_mentor", Role.MENTOR, amv_unit),
        voogd=voogd,
        avim=user("avim", Role.AVIM_RECHERCHEUR, region),
        other_avim=user("other_avim", Role.AVIM_RECHERCHEUR, other_region),
        ir=user("ir", Role.IR_OFFICER, region),
        dtv=user("dtv", Role.DTV_MEDEWERKER),
        ind=user("ind", Role.IND_MEDEWERKER),
        ovj=user("ovj", Role.OFFICIER_VAN_JUSTITIE),
        apm=user("apm", Role.BELEIDSANALIST),
        person=person,
        placement=placement,
    )
