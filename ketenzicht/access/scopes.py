"""The named row scopes of the policy, as Q filters per object kind.

Each function takes the user and returns a `Q` over the kind's model. Scopes of
person-owned kinds reuse the person scope through a subquery, so "visible
person" has exactly one definition.
"""

from collections.abc import Callable

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

ScopeFn = Callable[..., Q]
NOTHING = Q(pk__in=[])

_SCOPES: dict[tuple[str, str], ScopeFn] = {}


def scope(kind: str, name: str):
    def register(fn: ScopeFn) -> ScopeFn:
        _SCOPES[(kind, name)] = fn
        return fn

    return register


def get_scope(kind: str, name: str) -> ScopeFn:
    if name == "all":
        return lambda user: Q()
    return _SCOPES[(kind, name)]


def _model(label: str):
    return apps.get_model(label)


def _open_placements():
    return _model("reception.placement").objects.filter(ended_at__isnull=True)


# --- people.person -----------------------------------------------------------


@scope("people.person", "placed_at_own_location")
def _persons_at_own_location(user) -> Q:
    if not user.unit_id:
        return NOTHING
    placements = _open_placements().filter(location__unit_id=user.unit_id)
    return Q(pk__in=placements.values("person_id"))


@scope("people.person", "own_wards")
def _own_wards(user) -> Q:
    wards = _model("people.guardianship").objects.filter(voogd=user, ended_on__isnull=True)
    return Q(pk__in=wards.values("person_id"))


@scope("people.person", "police_region")
def _police_region(user) -> Q:
    # Persons placed in the officer's region, and persons registered by police
    # officers of the same region (I&R registration); chain-wide, every person
    # whose departure was reported to the police (departures issue).
    # Correlated EXISTS, not IN: PostgreSQL cannot turn an OR of IN subqueries
    # into joins and hashes each whole subquery (every open placement, every
    # police record) for every query, hundreds of milliseconds at a million
    # persons; an OR of EXISTS it probes per person when few persons are in
    # question (a search hit, one person page) and still hashes when many are.
    if not user.unit_id:
        return NOTHING
    person = OuterRef("pk")
    in_region = _open_placements().filter(location__police_region_id=user.unit_id, person_id=person)
    recorded = _model("people.identityrecord").objects.filter(
        organisation_id=user.organisation_id, recorded_by__unit_id=user.unit_id, person_id=person
    )
    reported = _reported_to_police().filter(case__person_id=person)
    return Q(Exists(in_region)) | Q(Exists(recorded)) | Q(Exists(reported))


def _reported_to_police():
    # Sticky: a departure once reported stays the police's business after reopening.
    return _model("departures.departureevent").objects.filter(step="report_to_police")


@scope("people.person", "recorded_by_own_organisation")
def _recorded_by_own_organisation(user) -> Q:
    recorded = _model("people.identityrecord").objects.filter(organisation_id=user.organisation_id)
    return Q(pk__in=recorded.values("person_id"))


# --- kinds owned by a person -------------------------------------------------

PERSON_OWNED = (
    "people.identityrecord",
    "people.alias",
    "people.identitydocument",
    "people.eurodachit",
    "people.foreignreference",
    "people.asylumapplication",
    "people.ageinvestigation",
    "people.ageinspection",
    "people.guardianship",
    "reception.placement",
    "reception.riskassessment",
    "reception.presencecheck",
)


def _person_path(kind: str) -> str:
    return "placement__person_id" if kind == "reception.presencecheck" else "person_id"


def _of_visible_person(kind: str) -> ScopeFn:
    def fn(user) -> Q:
        from .enforce import visible_person_ids

        return Q(**{f"{_person_path(kind)}__in": visible_person_ids(user)})

    return fn


for _kind in PERSON_OWNED:
    _SCOPES[(_kind, "of_visible_person")] = _of_visible_person(_kind)


@scope("people.identityrecord", "own_organisation_record")
def _own_organisation_record(user) -> Q:
    return _of_visible_person("people.identityrecord")(user) & Q(
        organisation_id=user.organisation_id
    )


@scope("reception.placement", "at_own_location")
def _placement_at_own_location(user) -> Q:
    if not user.unit_id:
        return NOTHING
    return Q(location__unit_id=user.unit_id)


# --- reception.location ------------------------------------------------------


@scope("reception.location", "own_location")
def _own_location(user) -> Q:
    return Q(unit_id=user.unit_id) if user.unit_id else NOTHING


@scope("reception.location", "locations_of_own_organisation")
def _locations_of_own_organisation(user) -> Q:
    return Q(unit__organisation_id=user.organisation_id)


# --- deadlines ---------------------------------------------------------------


@scope("deadlines.deadline", "own_organisation_queue")
def _own_organisation_queue(user) -> Q:
    if not user.organisation_id:
        return NOTHING
    unit = Q(unit__isnull=True) | Q(unit_id=user.unit_id) if user.unit_id else Q(unit__isnull=True)
    return Q(organisation_id=user.organisation_id) & unit


@scope("deadlines.notification", "own_notifications")
def _own_notifications(user) -> Q:
    return Q(recipient_id=user.pk)


# --- departures --------------------------------------------------------------


@scope("departures.departurecase", "from_own_location")
def _departures_from_own_location(user) -> Q:
    return Q(location__unit_id=user.unit_id) if user.unit_id else NOTHING


@scope("departures.departurecase", "of_own_wards")
def _departures_of_own_wards(user) -> Q:
    wards = _model("people.guardianship").objects.filter(voogd=user, ended_on__isnull=True)
    return Q(voogd_id=user.pk) | Q(person_id__in=wards.values("person_id"))


@scope("departures.departurecase", "police_chain")
def _departures_for_police(user) -> Q:
    reported = Q(pk__in=_reported_to_police().values("case_id"))
    if not user.unit_id:
        return reported
    return reported | Q(location__police_region_id=user.unit_id)


@scope("departures.departurecase", "in_return_process")
def _departures_in_return_process(user) -> Q:
    return Q(return_process=True)


@scope("departures.departurecase", "asylum_affected")
def _departures_affecting_asylum(user) -> Q:
    return Q(asylum_affected=True)


@scope("departures.departurecase", "with_trafficking_sign")
def _departures_with_trafficking_sign(user) -> Q:
    return Q(trafficking_sign=True)


@scope("departures.triggerproposal", "at_own_location")
def _proposals_at_own_location(user) -> Q:
    return Q(location__unit_id=user.unit_id) if user.unit_id else NOTHING


# --- signals -----------------------------------------------------------------

# EMM works on graded intelligence only, up to handling code H1 and TLP:AMBER.
EMM_HANDLING_CEILING = ("H0", "H1")
EMM_TLP_CEILING = ("clear", "green", "amber")
OM_STATUSES = ("for_assessment", "assessed", "closed")


@scope("signals.signal", "receiving_organisation")
def _signals_received(user) -> Q:
    return Q(receiving_organisation_id=user.organisation_id) if user.organisation_id else NOTHING


@scope("signals.signal", "submitted_for_assessment")
def _signals_for_om(user) -> Q:
    return Q(status__in=OM_STATUSES)


@scope("signals.signal", "graded_within_ceiling")
def _signals_graded_within_ceiling(user) -> Q:
    return (
        ~Q(source_reliability="")
        & ~Q(information_validity="")
        & Q(handling_code__in=EMM_HANDLING_CEILING, tlp__in=EMM_TLP_CEILING)
    )


@scope("signals.signal", "own_submissions")
def _own_signals(user) -> Q:
    return Q(submitted_by_id=user.pk)


@scope("signals.entity", "linked_to_visible_signal")
def _entities_of_visible_signals(user) -> Q:
    from .enforce import visible_to
    from .policy import Action

    signals = visible_to(user, _model("signals.signal").objects.all(), Action.VIEW)
    links = _model("signals.signalentity").objects.filter(signal__in=signals.values("pk"))
    return Q(pk__in=links.values("entity_id"))


@scope("signals.investigation", "team_of_own_organisation")
def _investigations_of_own_organisation(user) -> Q:
    return Q(team__organisation_id=user.organisation_id) if user.organisation_id else NOTHING


@scope("reception.riskfactor", "if_coa")
def _catalogue_of_coa(user) -> Q:
    org = getattr(user, "organisation", None)
    return Q() if org is not None and org.kind == "coa" else NOTHING


# --- accounts ----------------------------------------------------------------


@scope("accounts.user", "own_organisation")
def _users_of_own_organisation(user) -> Q:
    return Q(organisation_id=user.organisation_id)


@scope("accounts.unit", "own_organisation")
def _units_of_own_organisation(user) -> Q:
    return Q(organisation_id=user.organisation_id)


# --- audit -------------------------------------------------------------------


@scope("audit.auditevent", "actors_of_own_organisation")
def _events_of_own_organisation(user) -> Q:
    return Q(organisation=user.organisation.kind) if user.organisation_id else NOTHING
