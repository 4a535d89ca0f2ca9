"""The status workflow of a signal, as one table.

Every edge names who may take it and why it exists. `transition()` is the only
way a status changes; the exhaustive test walks every allowed and forbidden edge.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.accounts.roles import Role

from .models import SignalStatus as S

RECEIVING_ROLES = frozenset({Role.KMAR_ANALIST, Role.AVIM_RECHERCHEUR})


@dataclass(frozen=True)
class Edge:
    roles: frozenset[str]
    reason: str


TRANSITIONS: dict[tuple[str, str], Edge] = {
    (S.RECEIVED, S.TRIAGED): Edge(
        RECEIVING_ROLES, "Receiving organisation grades the signal within 24 hours (issue 6)."
    ),
    (S.RECEIVED, S.MERGED): Edge(
        RECEIVING_ROLES, "A near-duplicate is merged by a person, never automatically (issue 6)."
    ),
    (S.TRIAGED, S.MERGED): Edge(RECEIVING_ROLES, "Duplicates are also found after triage."),
    (S.TRIAGED, S.FOR_ASSESSMENT): Edge(
        RECEIVING_ROLES,
        "Aanwijzing mensenhandel: every trafficking/smuggling signal goes to the OM.",
    ),
    (S.FOR_ASSESSMENT, S.ASSESSED): Edge(
        frozenset({Role.OFFICIER_VAN_JUSTITIE}),
        "The OM assesses investigative leads within 14 days (issue 6).",
    ),
    (S.ASSESSED, S.CLOSED): Edge(
        frozenset({Role.OFFICIER_VAN_JUSTITIE, *RECEIVING_ROLES}),
        "Closed once the assessment is followed up.",
    ),
}

INVALID_TRANSITION = gettext_noop("A signal with status “%(current)s” cannot become “%(target)s”.")
ROLE_NOT_ALLOWED = gettext_noop("Your role cannot take this step.")


def check_transition(*, role: str, current: str, target: str) -> None:
    edge = TRANSITIONS.get((current, target))
    if edge is None:
        raise ValidationError(
            _(INVALID_TRANSITION) % {"current": S(current).label, "target": S(target).label},
            code="invalid_transition",
        )
    if role not in edge.roles:
        raise ValidationError(_(ROLE_NOT_ALLOWED), code="role_not_allowed")


def next_statuses(*, role: str, current: str) -> list[str]:
    return [t for (c, t), e in TRANSITIONS.items() if c == current and role in e.roles]
