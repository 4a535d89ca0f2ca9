from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.people.models import IdentityRecord, Person
from ketenzicht.people.names import search_key
from ketenzicht.reception.models import Location, Placement
from tests.factories import UserFactory, organisation


@dataclass
class Site:
    region: Unit
    bo: Location
    amv: Location
    mentor: User
    manager: User
    other_mentor: User
    other_manager: User
    beheerder: User


def make_person(name: str = "Anh Nguyen", org: str = O.COA) -> Person:
    person = Person.objects.create()
    given, family = name.split(" ", 1)
    IdentityRecord.objects.create(
        person=person,
        organisation=organisation(org),
        given_names=given,
        family_name=family,
        search_name=search_key(given, family),
        date_of_birth=date(2009, 3, 1),
        nationality="VNM",
    )
    return person


def place(person: Person, location: Location, *, arrived_days_ago: float | None = 3) -> Placement:
    now = timezone.now()
    return Placement.objects.create(
        person=person,
        location=location,
        planned_arrival=now - timedelta(days=4),
        arrived_at=None if arrived_days_ago is None else now - timedelta(days=arrived_days_ago),
    )


@pytest.fixture
def site(db) -> Site:
    coa = organisation(O.COA)
    region = Unit.objects.create(
        organisation=organisation(O.POLITIE), kind=UnitKind.REGION, name="Noord-Nederland"
    )
    bo_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    amv_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="AMV Zeist")
    bo = Location.objects.create(
        unit=bo_unit,
        name="BO Ter Apel",
        location_type="bo",
        capacity=3,
        police_region=region,
        reporting_times="09:00,21:00",
    )
    amv = Location.objects.create(
        unit=amv_unit,
        name="AMV Zeist",
        location_type="regular_amv",
        capacity=40,
        police_region=region,
        reporting_times="09:00,21:00",
    )
    manager = UserFactory(username="manager", role=Role.LOCATION_MANAGER, unit=bo_unit)
    return Site(
        region=region,
        bo=bo,
        amv=amv,
        mentor=UserFactory(username="mentor", role=Role.MENTOR, unit=bo_unit, supervisor=manager),
        manager=manager,
        other_mentor=UserFactory(username="other_mentor", role=Role.MENTOR, unit=amv_unit),
        other_manager=UserFactory(
            username="other_manager", role=Role.LOCATION_MANAGER, unit=amv_unit
        ),
        beheerder=UserFactory(username="beheerder", role=Role.BEHEERDER, organisation=coa),
    )
