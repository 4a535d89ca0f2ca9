"""The chain's organisations and roles: closed vocabularies used by the access policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COA = "coa", "COA"
    NIDOS = "nidos", "Nidos"
    POLITIE = "politie", "Politie/AVIM"
    KMAR = "kmar", "KMar"
    IND = "ind", "IND"
    DTV = "dtv", "DT&V"
    OM = "om", "OM"
    EMM = "emm", "EMM"
    APM = "apm", "APM"
    ARBEIDSINSPECTIE = "nla", _("Labour Inspectorate")


class UnitKind(models.TextChoices):
    LOCATION = "location", _("reception location")
    REGION = "region", _("region")
    TEAM = "team", _("team")
    DEPARTMENT = "department", _("department")


class Role(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    LOCATION_MANAGER = "location_manager", _("location manager")
    VOOGD = "voogd", _("guardian (voogd)")
    AVIM_RECHERCHEUR = "avim_rechercheur", _("AVIM detective")
    IR_OFFICER = "ir_officer", _("identification & registration officer")
    KMAR_ANALIST = "kmar_analist", _("KMar analyst")
    IND_MEDEWERKER = "ind_medewerker", _("IND officer")
    DTV_MEDEWERKER = "dtv_medewerker", _("DT&V officer")
    OFFICIER_VAN_JUSTITIE = "officier_van_justitie", _("public prosecutor")
    EMM_ANALIST = "emm_analist", _("EMM analyst")
    BELEIDSANALIST = "beleidsanalist", _("APM policy analyst")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
    BEHEERDER = "beheerder", _("functional administrator")


# Which organisation a role can belong to. A role outside its organisation is a
# configuration error, refused by the user services.
ROLE_ORGANISATIONS: dict[str, frozenset[str]] = {
    Role.MENTOR: frozenset({OrganisationKind.COA}),
    Role.LOCATION_MANAGER: frozenset({OrganisationKind.COA}),
    Role.VOOGD: frozenset({OrganisationKind.NIDOS}),
    Role.AVIM_RECHERCHEUR: frozenset({OrganisationKind.POLITIE}),
    Role.IR_OFFICER: frozenset({OrganisationKind.POLITIE}),
    Role.KMAR_ANALIST: frozenset({OrganisationKind.KMAR}),
    Role.IND_MEDEWERKER: frozenset({OrganisationKind.IND}),
    Role.DTV_MEDEWERKER: frozenset({OrganisationKind.DTV}),
    Role.OFFICIER_VAN_JUSTITIE: frozenset({OrganisationKind.OM}),
    Role.EMM_ANALIST: frozenset({OrganisationKind.EMM}),
    Role.BELEIDSANALIST: frozenset({OrganisationKind.APM}),
    Role.PRIVACY_OFFICER: frozenset(OrganisationKind.values),
    Role.BEHEERDER: frozenset(OrganisationKind.values),
}

# Roles whose scope is a unit: the user must be attached to a unit of this kind.
ROLE_UNIT_KIND: dict[str, str] = {
    Role.MENTOR: UnitKind.LOCATION,
    Role.LOCATION_MANAGER: UnitKind.LOCATION,
    Role.AVIM_RECHERCHEUR: UnitKind.REGION,
    Role.IR_OFFICER: UnitKind.REGION,
}
