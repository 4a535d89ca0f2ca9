"""The life of a candidate pair, as one table.

Every edge names who may take it and why it exists. `check_transition()` is the
only way a candidate's status changes (called by `services.py`); the exhaustive
test walks every allowed and forbidden edge for every role and the system.

`SYSTEM` is the linkage run itself (no user): only it links automatically.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ketenzicht.accounts.roles import Role

from .models import CandidateStatus as S

SYSTEM = "system"
REVIEWERS = frozenset({Role.IR_OFFICER})


@dataclass(frozen=True)
class Edge:
    roles: frozenset[str]
    reason: str


TRANSITIONS: dict[tuple[str, str], Edge] = {
    (S.PENDING, S.SAME): Edge(
        REVIEWERS,
        gettext_lazy("Issue 7: an I&R officer confirms that both records are one person."),
    ),
    (S.PENDING, S.DIFFERENT): Edge(
        REVIEWERS,
        gettext_lazy(
            "Issue 7: an I&R officer finds two different persons; no later run asks again."
        ),
    ),
    (S.PENDING, S.UNSURE): Edge(
        REVIEWERS,
        gettext_lazy("Issue 7: the officer cannot tell yet; the pair stays in the queue."),
    ),
    (S.UNSURE, S.SAME): Edge(
        REVIEWERS, gettext_lazy("Issue 7: more information settles an unsure pair.")
    ),
    (S.UNSURE, S.DIFFERENT): Edge(
        REVIEWERS, gettext_lazy("Issue 7: more information settles an unsure pair.")
    ),
    (S.PENDING, S.AUTO_LINKED): Edge(
        frozenset({SYSTEM}),
        gettext_lazy(
            "Issue 7: above the upper threshold the run links without review "
            "(LINKAGE_AUTO_LINK_PROBABILITY)."
        ),
    ),
    (S.SAME, S.SPLIT): Edge(
        REVIEWERS,
        gettext_lazy("ADR 0010: a wrong link is split without losing any record or history."),
    ),
    (S.AUTO_LINKED, S.SPLIT): Edge(
        REVIEWERS,
        gettext_lazy("ADR 0010: an automatic link can be split like a confirmed one."),
    ),
}

INVALID_TRANSITION = gettext_noop("A pair with status “%(current)s” cannot become “%(target)s”.")
ROLE_NOT_ALLOWED = gettext_noop("Your role cannot take this decision.")


def check_transition(*, role: str, current: str, target: str) -> Edge:
    """The edge from `current` to `target` for `role`, or a ValidationError saying why not.

    Error codes: ``invalid_transition``, ``role_not_allowed``.
    """
    edge = TRANSITIONS.get((current, target))
    if edge is None:
        raise ValidationError(
            _(INVALID_TRANSITION) % {"current": S(current).label, "target": S(target).label},
            code="invalid_transition",
        )
    if role not in edge.roles:
        raise ValidationError(_(ROLE_NOT_ALLOWED), code="role_not_allowed")
    return edge


def next_statuses(*, role: str, current: str) -> list[str]:
    """Statuses `role` may give a pair in `current`, in table order."""
    return [t for (c, t), e in TRANSITIONS.items() if c == current and role in e.roles]


# What a reviewer decides on the candidate page (a split starts from the merge).
DECISIONS = (S.SAME, S.DIFFERENT, S.UNSURE)
