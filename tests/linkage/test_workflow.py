"""Every allowed and every forbidden edge of the candidate table, for every role and the run."""

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.accounts.roles import Role
from ketenzicht.linkage.models import CandidateStatus
from ketenzicht.linkage.workflow import (
    DECISIONS,
    SYSTEM,
    TRANSITIONS,
    check_transition,
    next_statuses,
)

ACTORS = [*Role.values, SYSTEM]
EDGES = [
    (current, target, actor)
    for current in CandidateStatus.values
    for target in CandidateStatus.values
    for actor in ACTORS
]


@pytest.mark.parametrize(("current", "target", "actor"), EDGES)
def test_every_edge(current, target, actor):
    edge = TRANSITIONS.get((current, target))
    if edge is not None and actor in edge.roles:
        assert check_transition(role=actor, current=current, target=target) is edge
        assert target in next_statuses(role=actor, current=current)
    else:
        with pytest.raises(ValidationError) as excinfo:
            check_transition(role=actor, current=current, target=target)
        assert excinfo.value.code == ("invalid_transition" if edge is None else "role_not_allowed")
        assert target not in next_statuses(role=actor, current=current)


def test_the_table_is_the_issue():
    S = CandidateStatus
    assert set(TRANSITIONS) == {
        (S.PENDING, S.SAME),
        (S.PENDING, S.DIFFERENT),
        (S.PENDING, S.UNSURE),
        (S.UNSURE, S.SAME),
        (S.UNSURE, S.DIFFERENT),
        (S.PENDING, S.AUTO_LINKED),
        (S.SAME, S.SPLIT),
        (S.AUTO_LINKED, S.SPLIT),
    }


def test_every_edge_has_a_reason_and_someone_who_may_take_it():
    for edge in TRANSITIONS.values():
        assert str(edge.reason) and edge.roles


def test_only_the_run_links_automatically_and_only_ir_decides():
    for (_current, target), edge in TRANSITIONS.items():
        if target == CandidateStatus.AUTO_LINKED:
            assert edge.roles == {SYSTEM}
        else:
            assert edge.roles == {Role.IR_OFFICER}


def test_different_and_split_are_final():
    for final in (CandidateStatus.DIFFERENT, CandidateStatus.SPLIT):
        assert not [t for (c, t) in TRANSITIONS if c == final]


def test_decisions_are_edges_from_pending():
    assert {t for (c, t) in TRANSITIONS if c == CandidateStatus.PENDING} - {
        CandidateStatus.AUTO_LINKED
    } == set(DECISIONS)
