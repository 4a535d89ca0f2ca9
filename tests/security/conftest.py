"""Two organisations with their administrators: COA (locations, a team) and Politie (a region)."""

from dataclasses import dataclass

import pytest

from ketenzicht.accounts.models import Organisation, Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from tests.factories import UserFactory, organisation

PASSWORD = "correct horse battery staple"


@dataclass
class Orgs:
    coa: Organisation
    politie: Organisation
    location: Unit
    other_location: Unit
    team: Unit
    region: Unit
    admin: User  # beheerder of COA
    police_admin: User  # beheerder of Politie
    mentor: User
    avim: User


@pytest.fixture
def orgs(db) -> Orgs:
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    location = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    other_location = Unit.objects.create(
        organisation=coa, kind=UnitKind.LOCATION, name="AMV Zoetermeer"
    )
    team = Unit.objects.create(organisation=coa, kind=UnitKind.TEAM, name="Staf")
    region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Noord-Nederland")
    return Orgs(
        coa=coa,
        politie=politie,
        location=location,
        other_location=other_location,
        team=team,
        region=region,
        admin=UserFactory(username="beheer_coa", role=Role.BEHEERDER, first_name="Bea"),
        police_admin=UserFactory(
            username="beheer_pol", role=Role.BEHEERDER, organisation=politie, first_name="Piet"
        ),
        mentor=UserFactory(username="mentor", role=Role.MENTOR, unit=location),
        avim=UserFactory(username="avim", role=Role.AVIM_RECHERCHEUR, unit=region),
    )
