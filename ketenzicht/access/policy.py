"""The access policy of Ketenzicht, as one table.

Deny by default: a role may act on an object kind only where this table grants
it, and only on the rows its scope selects. Every selector and API queryset
filters through `ketenzicht.access.enforce`, which reads this table; the
access-matrix tests are generated from it too, so the table is the documentation.

Scopes are named here and defined in `scopes.py`. "Redact" lists the parts of
an object that a role may not see even when it may see the object.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from ketenzicht.accounts.roles import Role


class Action(StrEnum):
    LIST = "list"
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    EXPORT = "export"
    VIEW_LOG = "view_log"  # see "who viewed this file"


@dataclass(frozen=True)
class Grant:
    actions: frozenset[Action]
    scope: str
    redact: frozenset[str] = field(default_factory=frozenset)
    # Actions that are narrower than `scope` (e.g. update only own organisation's records).
    action_scopes: tuple[tuple[Action, str], ...] = ()

    def scope_for(self, action: Action) -> str:
        return dict(self.action_scopes).get(action, self.scope)


def grant(*actions: Action, scope: str, redact=(), **action_scopes: str) -> Grant:
    return Grant(
        frozenset(actions),
        scope,
        frozenset(redact),
        tuple((Action(a), s) for a, s in action_scopes.items()),
    )


L, V, C, U, E, LOG = (
    Action.LIST,
    Action.VIEW,
    Action.CREATE,
    Action.UPDATE,
    Action.EXPORT,
    Action.VIEW_LOG,
)

# Parts of a person file that roles outside identification may not need.
IDENTITY_DETAIL = ("documents", "eurodac_hits", "foreign_references")
CARE_DETAIL = ("risk_assessments",)

POLICY: dict[str, dict[Role, Grant]] = {
    "people.person": {
        Role.MENTOR: grant(L, V, scope="placed_at_own_location", redact=IDENTITY_DETAIL),
        Role.LOCATION_MANAGER: grant(
            L, V, E, LOG, scope="placed_at_own_location", redact=IDENTITY_DETAIL
        ),
        Role.VOOGD: grant(L, V, LOG, scope="own_wards"),
        Role.AVIM_RECHERCHEUR: grant(L, V, U, E, LOG, scope="police_region"),
        Role.IR_OFFICER: grant(L, V, C, U, LOG, scope="police_region"),
        Role.KMAR_ANALIST: grant(L, V, scope="recorded_by_own_organisation", redact=CARE_DETAIL),
        Role.IND_MEDEWERKER: grant(
            L, V, C, U, scope="recorded_by_own_organisation", redact=CARE_DETAIL
        ),
        Role.DTV_MEDEWERKER: grant(
            L, V, C, scope="recorded_by_own_organisation", redact=CARE_DETAIL
        ),
        # OM sees persons through the signals submitted to it (signals issue); EMM
        # and APM work on graded intelligence and pseudonymised aggregates only.
    },
    "people.identityrecord": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(
            L, V, C, U, scope="of_visible_person", update="own_organisation_record"
        ),
        Role.VOOGD: grant(L, V, C, U, scope="of_visible_person", update="own_organisation_record"),
        Role.AVIM_RECHERCHEUR: grant(
            L, V, C, U, scope="of_visible_person", update="own_organisation_record"
        ),
        Role.IR_OFFICER: grant(
            L, V, C, U, scope="of_visible_person", update="own_organisation_record"
        ),
        Role.KMAR_ANALIST: grant(L, V, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(
            L, V, C, U, scope="of_visible_person", update="own_organisation_record"
        ),
        Role.DTV_MEDEWERKER: grant(
            L, V, C, U, scope="of_visible_person", update="own_organisation_record"
        ),
    },
    "people.alias": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, C, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, C, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, C, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.KMAR_ANALIST: grant(L, V, C, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
    },
    # Identity detail: not for reception staff (see IDENTITY_DETAIL redaction).
    "people.identitydocument": {
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, C, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.KMAR_ANALIST: grant(L, V, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
    },
    "people.eurodachit": {
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.KMAR_ANALIST: grant(L, V, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    "people.foreignreference": {
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, C, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.KMAR_ANALIST: grant(L, V, C, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    "people.asylumapplication": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, scope="of_visible_person"),
        Role.KMAR_ANALIST: grant(L, V, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, U, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    "people.ageinvestigation": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, U, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, U, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    "people.ageinspection": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    # The voogd transfers or ends the guardianship of their own wards; I&R and IND
    # record the voogd Nidos appointed at intake (the voogd cannot see the person
    # before the guardianship exists).
    "people.guardianship": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, C, U, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, C, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="of_visible_person"),
    },
    "reception.location": {
        Role.MENTOR: grant(L, V, scope="own_location"),
        Role.LOCATION_MANAGER: grant(L, V, U, scope="own_location"),
        Role.VOOGD: grant(L, V, scope="all"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="all"),
        Role.IR_OFFICER: grant(L, V, scope="all"),
        Role.KMAR_ANALIST: grant(L, V, scope="all"),
        Role.IND_MEDEWERKER: grant(L, V, scope="all"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="all"),
        Role.BELEIDSANALIST: grant(L, V, scope="all"),
        Role.BEHEERDER: grant(L, V, C, U, scope="locations_of_own_organisation"),
    },
    # The risk-factor catalogue is maintained by COA's functional administrator.
    "reception.riskfactor": {
        Role.BEHEERDER: grant(L, V, C, U, scope="if_coa"),
    },
    "reception.placement": {
        Role.MENTOR: grant(L, V, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(
            L,
            V,
            C,
            U,
            scope="of_visible_person",
            create="at_own_location",
            update="at_own_location",
        ),
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, scope="of_visible_person"),
        Role.IND_MEDEWERKER: grant(L, V, scope="of_visible_person"),
        Role.DTV_MEDEWERKER: grant(L, V, scope="of_visible_person"),
    },
    "reception.riskassessment": {
        Role.MENTOR: grant(L, V, C, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, C, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, C, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
        Role.IR_OFFICER: grant(L, V, scope="of_visible_person"),
    },
    "reception.presencecheck": {
        Role.MENTOR: grant(L, V, C, scope="of_visible_person"),
        Role.LOCATION_MANAGER: grant(L, V, C, scope="of_visible_person"),
        Role.VOOGD: grant(L, V, scope="of_visible_person"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="of_visible_person"),
    },
    # Deadlines belong to the responsible organisation (and unit, when set).
    "deadlines.deadline": {
        role: grant(L, V, scope="own_organisation_queue")
        for role in (
            Role.MENTOR,
            Role.LOCATION_MANAGER,
            Role.VOOGD,
            Role.AVIM_RECHERCHEUR,
            Role.IR_OFFICER,
            Role.KMAR_ANALIST,
            Role.IND_MEDEWERKER,
            Role.DTV_MEDEWERKER,
            Role.OFFICIER_VAN_JUSTITIE,
        )
    },
    "deadlines.notification": {role: grant(L, V, U, scope="own_notifications") for role in Role},
    # Departures: COA sees departures from its own location, the voogd those of
    # own wards (and of cases they were the guardian on), the police every
    # departure reported to the police (chain-wide) and those from locations in
    # their region, DT&V and IND the departures flagged for them, the OM those
    # with a sign of trafficking. Export means aggregate figures with disclosure
    # control; APM gets nothing else.
    "departures.departurecase": {
        Role.MENTOR: grant(L, V, C, U, scope="from_own_location"),
        Role.LOCATION_MANAGER: grant(L, V, C, U, E, scope="from_own_location"),
        Role.VOOGD: grant(L, V, C, U, scope="of_own_wards"),
        Role.AVIM_RECHERCHEUR: grant(L, V, U, E, scope="police_chain"),
        Role.IR_OFFICER: grant(L, V, U, scope="police_chain"),
        Role.DTV_MEDEWERKER: grant(L, V, U, scope="in_return_process"),
        Role.IND_MEDEWERKER: grant(L, V, U, scope="asylum_affected"),
        Role.OFFICIER_VAN_JUSTITIE: grant(L, V, scope="with_trafficking_sign"),
        Role.BELEIDSANALIST: grant(E, scope="all"),
    },
    # Suspected departures are confirmed or dismissed at the location.
    "departures.triggerproposal": {
        Role.MENTOR: grant(L, V, U, scope="at_own_location"),
        Role.LOCATION_MANAGER: grant(L, V, U, scope="at_own_location"),
    },
    # Signals: the receiving organisation triages; the OM sees what is submitted to
    # it; EMM sees graded signals under its handling-code ceiling; professionals
    # see what they submitted themselves. Attachments, additions, entity links
    # and the OM assessment are parts of a signal and follow its visibility.
    "signals.signal": {
        Role.KMAR_ANALIST: grant(L, V, C, U, E, scope="receiving_organisation"),
        Role.AVIM_RECHERCHEUR: grant(L, V, C, U, E, scope="receiving_organisation"),
        Role.OFFICIER_VAN_JUSTITIE: grant(L, V, U, E, scope="submitted_for_assessment"),
        Role.EMM_ANALIST: grant(L, V, E, scope="graded_within_ceiling"),
        Role.MENTOR: grant(L, V, C, scope="own_submissions"),
        Role.LOCATION_MANAGER: grant(L, V, C, scope="own_submissions"),
        Role.VOOGD: grant(L, V, C, scope="own_submissions"),
        Role.IR_OFFICER: grant(L, V, C, scope="own_submissions"),
        Role.IND_MEDEWERKER: grant(L, V, C, scope="own_submissions"),
        Role.DTV_MEDEWERKER: grant(L, V, C, scope="own_submissions"),
    },
    "signals.entity": {
        Role.KMAR_ANALIST: grant(L, V, scope="linked_to_visible_signal"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="linked_to_visible_signal"),
        Role.OFFICIER_VAN_JUSTITIE: grant(L, V, scope="linked_to_visible_signal"),
        Role.EMM_ANALIST: grant(L, V, scope="linked_to_visible_signal"),
    },
    "signals.investigation": {
        Role.OFFICIER_VAN_JUSTITIE: grant(L, V, C, U, scope="all"),
        Role.KMAR_ANALIST: grant(L, V, scope="team_of_own_organisation"),
        Role.AVIM_RECHERCHEUR: grant(L, V, scope="team_of_own_organisation"),
    },
    "signals.category": {
        Role.BEHEERDER: grant(L, V, C, U, scope="all"),
    },
    # Aggregates only, always through disclosure control (core/disclosure.py).
    "signals.statistics": {
        role: grant(L, E, scope="all")
        for role in (
            Role.KMAR_ANALIST,
            Role.AVIM_RECHERCHEUR,
            Role.OFFICIER_VAN_JUSTITIE,
            Role.EMM_ANALIST,
            Role.BELEIDSANALIST,
        )
    },
    # Identity linkage (issue 7, ADR 0010). Identification is the I&R officers'
    # task for the whole chain, so they review every candidate pair and merge
    # (reviewing needs both records, whichever region they come from); a
    # functional administrator may start a run and follow it, nothing more.
    "linkage.linkagerun": {
        Role.IR_OFFICER: grant(L, V, C, scope="all"),
        Role.BEHEERDER: grant(L, V, C, scope="all"),
    },
    "linkage.candidatelink": {
        Role.IR_OFFICER: grant(L, V, U, scope="all"),
    },
    "linkage.merge": {
        Role.IR_OFFICER: grant(L, V, C, U, scope="all"),
    },
    "accounts.user": {
        Role.BEHEERDER: grant(L, V, C, U, scope="own_organisation"),
    },
    "accounts.unit": {
        Role.BEHEERDER: grant(L, V, C, U, scope="own_organisation"),
    },
    "audit.auditevent": {
        Role.BEHEERDER: grant(L, V, E, scope="actors_of_own_organisation"),
        Role.PRIVACY_OFFICER: grant(L, V, E, scope="all"),
    },
}


# Kinds that are aggregates, not model rows: only "may this role use it" applies.
AGGREGATE_KINDS = frozenset({"signals.statistics"})


def grant_for(kind: str, role: str) -> Grant | None:
    try:
        return POLICY[kind].get(Role(role))
    except (KeyError, ValueError):
        return None
