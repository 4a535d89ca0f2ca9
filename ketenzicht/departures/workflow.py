"""The chain work agreements on a departure, as one table.

Each edge is (status, step) → new status (or unchanged), with the roles that
may take the step, the organisation responsible for it, the mandatory steps it
requires (guards) and why the edge exists. `check_step()` is the only way a
step is allowed; the exhaustive test walks every allowed and forbidden edge for
every role, and every guard.

Sources: werkafspraken bij vertrek amv (politie/AVIM, COA, Nidos, DT&V; Kamerbrief
2019, `/work/shared/seeds/001`), issue 5.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ketenzicht.accounts.roles import OrganisationKind, Role

from .models import Classification
from .models import DepartureStatus as S


class Step(models.TextChoices):
    REPORT_TO_POLICE = "report_to_police", gettext_lazy("report the departure to the police")
    INFORM_GUARDIAN = "inform_guardian", gettext_lazy("inform the guardian")
    ACKNOWLEDGE = "acknowledge", gettext_lazy("acknowledge the report")
    RECORD_MISSING_PERSON_REPORT = (
        "record_missing_person_report",
        gettext_lazy("record the missing-person report and decide on follow-up"),
    )
    CLASSIFY = "classify", gettext_lazy("classify the departure (MOB or known destination)")
    REGISTER_GUARDIANSHIP_TRANSFER = (
        "register_guardianship_transfer",
        gettext_lazy("register the guardianship transfer"),
    )
    INFORM_POLICE_CLOSURE = (
        "inform_police_closure",
        gettext_lazy("tell the police they can close"),
    )
    REGISTER_DTV_DEPARTURE = "register_dtv_departure", gettext_lazy("register the departure (DT&V)")
    INFORM_IND = "inform_ind", gettext_lazy("inform the IND")
    RECORD_TRAFFICKING_SIGN = (
        "record_trafficking_sign",
        gettext_lazy("record a sign of trafficking or smuggling"),
    )
    RECORD_REAPPEARANCE = "record_reappearance", gettext_lazy("record the reappearance")
    CLOSE = "close", gettext_lazy("close the case with its outcome")
    REOPEN = "reopen", gettext_lazy("reopen: departed again")


COA = frozenset({Role.MENTOR, Role.LOCATION_MANAGER})
POLICE = frozenset({Role.AVIM_RECHERCHEUR, Role.IR_OFFICER})
NIDOS = frozenset({Role.VOOGD})
DTV = frozenset({Role.DTV_MEDEWERKER})
IND = frozenset({Role.IND_MEDEWERKER})
# Anyone in the chain who may find the person again.
FINDERS = COA | POLICE | NIDOS | IND


# --- guards: mandatory steps, as named predicates on a case --------------------


@dataclass(frozen=True)
class Guard:
    holds: Callable[..., bool]
    message: str  # gettext_noop'd; translated when raised


GUARDS: dict[str, Guard] = {
    "guardian_informed": Guard(
        lambda c: c.guardian_informed_at is not None,
        gettext_noop("The guardian must be informed first."),
    ),
    "classified": Guard(
        lambda c: bool(c.classification),
        gettext_noop("The guardian must classify the departure first (MOB or known destination)."),
    ),
    "classified_known": Guard(
        lambda c: c.classification == Classification.KNOWN,
        gettext_noop("Only a departure with a known destination allows this step."),
    ),
    "police_told_if_known": Guard(
        lambda c: c.classification != Classification.KNOWN or c.police_told_closure_at is not None,
        gettext_noop("With a known destination the guardian must first tell the police."),
    ),
    "return_process": Guard(
        lambda c: c.return_process,
        gettext_noop("Only for persons in the return process."),
    ),
    "dtv_registered_if_return": Guard(
        lambda c: not c.return_process or c.dtv_registered_at is not None,
        gettext_noop("DT&V must register the departure first (person in the return process)."),
    ),
    "asylum_affected": Guard(
        lambda c: c.asylum_affected,
        gettext_noop("Only when the asylum procedure is affected."),
    ),
    "ind_informed_if_asylum": Guard(
        lambda c: not c.asylum_affected or c.ind_informed_at is not None,
        gettext_noop("The IND must be informed first (asylum procedure affected)."),
    ),
    "bo_reported": Guard(
        lambda c: not c.is_bo or c.reported_to_police_at is not None,
        gettext_noop("A departure from BO is always reported to the police first."),
    ),
}


@dataclass(frozen=True)
class Edge:
    target: str | None  # None: the status stays (a parallel step)
    roles: frozenset[str]
    organisation: str  # the organisation responsible for the step
    reason: str
    guards: tuple[str, ...] = ()


def _edge(target, roles, org, reason, *guards) -> Edge:
    return Edge(target, frozenset(roles), org, reason, tuple(guards))


# Steps that run alongside the police track while the person is gone.
_PARALLEL_WHILE_GONE: dict[str, Edge] = {
    Step.INFORM_GUARDIAN: _edge(
        None,
        COA,
        OrganisationKind.COA,
        gettext_lazy("Werkafspraken: COA informs the guardian within 24 hours."),
    ),
    Step.CLASSIFY: _edge(
        None,
        NIDOS,
        OrganisationKind.NIDOS,
        gettext_lazy(
            "Werkafspraken: the guardian classifies as MOB or known destination, with evidence."
        ),
        "guardian_informed",
    ),
    Step.REGISTER_DTV_DEPARTURE: _edge(
        None,
        DTV,
        OrganisationKind.DTV,
        gettext_lazy("Issue 5: DT&V registers departures of persons in the return process."),
        "return_process",
    ),
    Step.INFORM_IND: _edge(
        None,
        COA,
        OrganisationKind.COA,
        gettext_lazy("Issue 5: the IND is informed where the asylum procedure is affected."),
        "asylum_affected",
    ),
    Step.RECORD_TRAFFICKING_SIGN: _edge(
        None,
        COA | POLICE | NIDOS,
        OrganisationKind.POLITIE,
        gettext_lazy("Aanwijzing mensenhandel: any sign opens a signal that the OM assesses."),
    ),
    Step.RECORD_REAPPEARANCE: _edge(
        S.REAPPEARED,
        FINDERS,
        OrganisationKind.POLITIE,
        gettext_lazy("Issue 5: found in the Netherlands, reported by a member state, or returned."),
        "bo_reported",
    ),
}

_KNOWN_DESTINATION_STEPS: dict[str, Edge] = {
    Step.REGISTER_GUARDIANSHIP_TRANSFER: _edge(
        None,
        NIDOS,
        OrganisationKind.NIDOS,
        gettext_lazy(
            "Werkafspraken: when the minor is safe elsewhere the guardianship is "
            "transferred and registered."
        ),
        "classified_known",
    ),
    Step.INFORM_POLICE_CLOSURE: _edge(
        None,
        NIDOS,
        OrganisationKind.NIDOS,
        gettext_lazy("Werkafspraken: the police are told so they can close their investigation."),
        "classified_known",
    ),
}

_REOPEN = _edge(
    S.OPEN,
    COA | POLICE | NIDOS,
    OrganisationKind.COA,
    gettext_lazy("Issue 5: a person can depart and reappear several times; the case is reopened."),
)

TRANSITIONS: dict[tuple[str, str], Edge] = {
    (S.OPEN, Step.REPORT_TO_POLICE): _edge(
        S.REPORTED,
        COA,
        OrganisationKind.COA,
        gettext_lazy(
            "Werkafspraken: COA reports to the police at once, at the latest within 24 hours."
        ),
    ),
    **{(S.OPEN, step): edge for step, edge in _PARALLEL_WHILE_GONE.items()},
    (S.REPORTED, Step.ACKNOWLEDGE): _edge(
        S.ACKNOWLEDGED,
        POLICE,
        OrganisationKind.POLITIE,
        gettext_lazy(
            "Werkafspraken: police/AVIM acknowledge the report and start the "
            "missing-person process."
        ),
    ),
    **{(S.REPORTED, step): edge for step, edge in _PARALLEL_WHILE_GONE.items()},
    **{(S.REPORTED, step): edge for step, edge in _KNOWN_DESTINATION_STEPS.items()},
    (S.ACKNOWLEDGED, Step.RECORD_MISSING_PERSON_REPORT): _edge(
        S.MISSING,
        POLICE,
        OrganisationKind.POLITIE,
        gettext_lazy(
            "Werkafspraken: the police record the missing-person report and decide on follow-up."
        ),
    ),
    **{(S.ACKNOWLEDGED, step): edge for step, edge in _PARALLEL_WHILE_GONE.items()},
    **{(S.ACKNOWLEDGED, step): edge for step, edge in _KNOWN_DESTINATION_STEPS.items()},
    **{(S.MISSING, step): edge for step, edge in _PARALLEL_WHILE_GONE.items()},
    **{(S.MISSING, step): edge for step, edge in _KNOWN_DESTINATION_STEPS.items()},
    (S.MISSING, Step.CLOSE): _edge(
        S.CLOSED,
        POLICE,
        OrganisationKind.POLITIE,
        gettext_lazy(
            "Werkafspraken: the police close once the departure is classified and "
            "every step is done."
        ),
        "guardian_informed",
        "classified",
        "police_told_if_known",
        "dtv_registered_if_return",
        "ind_informed_if_asylum",
    ),
    (S.REAPPEARED, Step.INFORM_GUARDIAN): _PARALLEL_WHILE_GONE[Step.INFORM_GUARDIAN],
    (S.REAPPEARED, Step.INFORM_IND): _PARALLEL_WHILE_GONE[Step.INFORM_IND],
    (S.REAPPEARED, Step.REGISTER_DTV_DEPARTURE): _PARALLEL_WHILE_GONE[Step.REGISTER_DTV_DEPARTURE],
    (S.REAPPEARED, Step.RECORD_TRAFFICKING_SIGN): _PARALLEL_WHILE_GONE[
        Step.RECORD_TRAFFICKING_SIGN
    ],
    (S.REAPPEARED, Step.CLOSE): _edge(
        S.CLOSED,
        COA | POLICE | NIDOS,
        OrganisationKind.POLITIE,
        gettext_lazy("Issue 5: after reappearance the case is closed with its outcome."),
        "guardian_informed",
        "dtv_registered_if_return",
        "ind_informed_if_asylum",
    ),
    (S.REAPPEARED, Step.REOPEN): _REOPEN,
    (S.CLOSED, Step.RECORD_REAPPEARANCE): _edge(
        S.REAPPEARED,
        FINDERS,
        OrganisationKind.POLITIE,
        gettext_lazy(
            "Issue 5: a person reported missing may be found long after the case was closed."
        ),
    ),
    (S.CLOSED, Step.REOPEN): _REOPEN,
}

INVALID_TRANSITION = gettext_noop(
    "The step “%(step)s” is not possible for a departure with status “%(status)s”."
)
ROLE_NOT_ALLOWED = gettext_noop("Your role cannot take the step “%(step)s”.")


def check_step(*, case, step: str, role: str) -> Edge:
    """The edge for `step` on `case` by `role`, or a ValidationError saying why not.

    Error codes: ``invalid_transition``, ``role_not_allowed``, ``mandatory_step``
    (with the guard name in ``params["guard"]``).
    """
    edge = TRANSITIONS.get((case.status, step))
    if edge is None:
        raise ValidationError(
            _(INVALID_TRANSITION) % {"step": Step(step).label, "status": S(case.status).label},
            code="invalid_transition",
        )
    if role not in edge.roles:
        raise ValidationError(
            _(ROLE_NOT_ALLOWED) % {"step": Step(step).label}, code="role_not_allowed"
        )
    for name in edge.guards:
        guard = GUARDS[name]
        if not guard.holds(case):
            raise ValidationError(_(guard.message), code="mandatory_step", params={"guard": name})
    return edge


def failing_guards(case, edge: Edge) -> list[str]:
    return [name for name in edge.guards if not GUARDS[name].holds(case)]


def next_steps(*, case, role: str) -> list[str]:
    """Steps `role` may take now on `case` (every guard holds), in table order."""
    return [
        step
        for (status, step), edge in TRANSITIONS.items()
        if status == case.status and role in edge.roles and not failing_guards(case, edge)
    ]


def blocked_steps(*, case, role: str) -> list[tuple[str, list[str]]]:
    """Steps `role` could take on `case` but for mandatory steps not yet done."""
    result = []
    for (status, step), edge in TRANSITIONS.items():
        if status == case.status and role in edge.roles:
            failing = failing_guards(case, edge)
            if failing:
                result.append((step, [_(GUARDS[g].message) for g in failing]))
    return result
