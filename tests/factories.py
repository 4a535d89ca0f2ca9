"""Deterministic factories for tests: every test states the organisation, unit and role it needs."""

import factory
from django.utils import timezone

from ketenzicht.accounts.models import Organisation, Unit, User
from ketenzicht.accounts.roles import OrganisationKind, Role, UnitKind

ORG_NAMES = {
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


def organisation(kind: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(kind=kind, defaults={"name": ORG_NAMES[kind]})
    return org


def unit(kind_org: str, name: str, unit_kind: str = UnitKind.TEAM) -> Unit:
    org = organisation(kind_org)
    obj, _ = Unit.objects.get_or_create(organisation=org, name=name, defaults={"kind": unit_kind})
    return obj


ROLE_HOME_ORG = {
    Role.MENTOR: OrganisationKind.COA,
    Role.LOCATION_MANAGER: OrganisationKind.COA,
    Role.VOOGD: OrganisationKind.NIDOS,
    Role.AVIM_RECHERCHEUR: OrganisationKind.POLITIE,
    Role.IR_OFFICER: OrganisationKind.POLITIE,
    Role.KMAR_ANALIST: OrganisationKind.KMAR,
    Role.IND_MEDEWERKER: OrganisationKind.IND,
    Role.DTV_MEDEWERKER: OrganisationKind.DTV,
    Role.OFFICIER_VAN_JUSTITIE: OrganisationKind.OM,
    Role.EMM_ANALIST: OrganisationKind.EMM,
    Role.BELEIDSANALIST: OrganisationKind.APM,
    Role.PRIVACY_OFFICER: OrganisationKind.COA,
    Role.BEHEERDER: OrganisationKind.COA,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.MENTOR
    organisation = factory.LazyAttribute(lambda o: organisation(ROLE_HOME_ORG[Role(o.role)]))
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")
    last_login = factory.LazyFunction(timezone.now)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()
