"""Every allowed and every forbidden status edge, for every role."""

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.accounts.roles import Role
from ketenzicht.signals.models import SignalStatus
from ketenzicht.signals.workflow import TRANSITIONS, check_transition

EDGES = [(c, t, r) for c in SignalStatus.values for t in SignalStatus.values for r in Role.values]


@pytest.mark.parametrize(("current", "target", "role"), EDGES)
def test_every_edge(current, target, role):
    edge = TRANSITIONS.get((current, target))
    if edge is not None and role in edge.roles:
        check_transition(role=role, current=current, target=target)
    else:
        with pytest.raises(ValidationError) as excinfo:
            check_transition(role=role, current=current, target=target)
        expected = "invalid_transition" if edge is None else "role_not_allowed"
        assert excinfo.value.code == expected


def test_every_edge_has_a_reason_and_roles():
    for edge in TRANSITIONS.values():
        assert edge.reason and edge.roles


def test_no_signal_skips_the_om():
    """Aanwijzing mensenhandel: no path from received to assessed avoids the OM step."""
    reachable = {SignalStatus.RECEIVED}
    frontier = [SignalStatus.RECEIVED]
    while frontier:
        current = frontier.pop()
        for (c, t), _edge in TRANSITIONS.items():
            if c == current and t not in reachable and t != SignalStatus.FOR_ASSESSMENT:
                reachable.add(t)
                frontier.append(t)
    assert SignalStatus.ASSESSED not in reachable
