"""Where each role starts after login: its own work page."""

from ketenzicht.accounts.roles import Role

LANDING_URL_NAMES: dict[str, str] = {
    Role.MENTOR: "reception:my_board",
    Role.LOCATION_MANAGER: "reception:my_board",
    Role.VOOGD: "people:wards",
    Role.AVIM_RECHERCHEUR: "people:search",
    Role.IR_OFFICER: "people:search",
    Role.KMAR_ANALIST: "signals:queue",
    Role.IND_MEDEWERKER: "people:search",
    Role.DTV_MEDEWERKER: "people:search",
    Role.OFFICIER_VAN_JUSTITIE: "signals:queue",
    Role.EMM_ANALIST: "signals:queue",
    Role.BELEIDSANALIST: "departures:figures",
    Role.PRIVACY_OFFICER: "audit:search",
    Role.BEHEERDER: "accounts:user_list",
}
# A role without an entry would land on the workspace page, which lists what
# the role may do according to the access policy.
DEFAULT_LANDING = "core:workspace"


def landing_url_name(role: str) -> str:
    return LANDING_URL_NAMES.get(role, DEFAULT_LANDING)
