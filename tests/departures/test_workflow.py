"""Every allowed and every forbidden edge of the departure table, for every role, and
every mandatory-step guard on every edge that has one."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ketenzicht.accounts.roles import OrganisationKind, Role
from ketenzicht.departures.models import Classification, DepartureCase, DepartureStatus
from ketenzicht.departures.workflow import (
    GUARDS,
    TRANSITIONS,
    Step,
    blocked_steps,
    check_step,
    next_steps,
)

NOW = timezone.now()


def complete_case(status: str, **overrides) -> DepartureCase:
    """An unsaved case in `status` on which every guard holds."""
    fields = {
        "status": status,
        "is_bo": True,
        "reported_to_police_at": NOW,
        "guardian_informed_at": NOW,
        "classification": Classification.KNOWN,
        "police_told_closure_at": NOW,
        "return_process": True,
        "dtv_registered_at": NOW,
        "asylum_affected": True,
        "ind_informed_at": NOW,
    }
    fields.update(overrides)
    return DepartureCase(**fields)


# How to make each guard fail on a complete case.
BREAK = {
    "guardian_informed": {"guardian_informed_at": None},
    "classified": {"classification": ""},
    "classified_known": {"classification": Classification.MOB},
    "police_told_if_known": {"police_told_closure_at": None},
    "return_process": {"return_process": False},
    "dtv_registered_if_return": {"dtv_registered_at": None},
    "asylum_affected": {"asylum_affected": False},
    "ind_informed_if_asylum": {"ind_informed_at": None},
    "bo_reported": {"reported_to_police_at": None},
}

EDGES = [
    (status, step, role)
    for status in DepartureStatus.values
    for step in Step.values
    for role in Role.values
]


@pytest.mark.parametrize(("status", "step", "role"), EDGES)
def test_every_edge(status, step, role):
    case = complete_case(status)
    edge = TRANSITIONS.get((status, step))
    if edge is not None and role in edge.roles:
        assert check_step(case=case, step=step, role=role) is edge
        assert step in next_steps(case=case, role=role)
    else:
        with pytest.raises(ValidationError) as excinfo:
            check_step(case=case, step=step, role=role)
        assert excinfo.value.code == ("invalid_transition" if edge is None else "role_not_allowed")
        assert step not in next_steps(case=case, role=role)


GUARDED = [
    (status, step, guard) for (status, step), edge in TRANSITIONS.items() for guard in edge.guards
]


@pytest.mark.parametrize(("status", "step", "guard"), GUARDED)
def test_every_mandatory_step_guard(status, step, guard):
    edge = TRANSITIONS[(status, step)]
    role = sorted(edge.roles)[0]
    case = complete_case(status, **BREAK[guard])
    with pytest.raises(ValidationError) as excinfo:
        check_step(case=case, step=step, role=role)
    assert excinfo.value.code == "mandatory_step"
    failing = [g for g in edge.guards if not GUARDS[g].holds(case)]
    assert guard in failing
    assert excinfo.value.params["guard"] == failing[0]
    assert step not in next_steps(case=case, role=role)
    assert step in [s for s, _reasons in blocked_steps(case=case, role=role)]


def test_every_guard_is_breakable_and_used():
    assert set(BREAK) == set(GUARDS)
    used = {g for edge in TRANSITIONS.values() for g in edge.guards}
    assert used == set(GUARDS)


def test_every_edge_has_a_reason_roles_and_a_responsible_organisation():
    for edge in TRANSITIONS.values():
        assert str(edge.reason) and edge.roles
        assert edge.organisation in OrganisationKind.values


def test_every_status_but_closed_can_end_and_closed_can_reopen():
    for status in DepartureStatus.values:
        assert any(s == status for s, _step in TRANSITIONS), status
    assert TRANSITIONS[(DepartureStatus.CLOSED, Step.REOPEN)].target == DepartureStatus.OPEN


def test_police_can_only_close_after_every_mandatory_step():
    close = TRANSITIONS[(DepartureStatus.MISSING, Step.CLOSE)]
    assert set(close.guards) == {
        "guardian_informed",
        "classified",
        "police_told_if_known",
        "dtv_registered_if_return",
        "ind_informed_if_asylum",
    }


def test_a_bo_departure_cannot_end_before_the_police_report():
    """From OPEN the only way out for a BO departure is the report to the police."""
    case = complete_case(DepartureStatus.OPEN, reported_to_police_at=None)
    everyone = set(Role.values)
    targets = {
        TRANSITIONS[(case.status, step)].target
        for role in everyone
        for step in next_steps(case=case, role=role)
    }
    assert targets - {None} == {DepartureStatus.REPORTED}
    not_bo = dc_replace_case(case, is_bo=False)
    assert DepartureStatus.REAPPEARED in {
        TRANSITIONS[(not_bo.status, step)].target
        for role in everyone
        for step in next_steps(case=not_bo, role=role)
    }


def dc_replace_case(case: DepartureCase, **changes) -> DepartureCase:
    copy = DepartureCase(**{f.attname: getattr(case, f.attname) for f in case._meta.fields})
    for key, value in changes.items():
        setattr(copy, key, value)
    return copy


def test_invalid_transition_message_names_step_and_status():
    case = complete_case(DepartureStatus.CLOSED)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        check_step(case=case, step=Step.ACKNOWLEDGE, role=Role.AVIM_RECHERCHEUR)
    assert excinfo.value.messages == [
        "The step “acknowledge the report” is not possible for a departure with status “closed”."
    ]
