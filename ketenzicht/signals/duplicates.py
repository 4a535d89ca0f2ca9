"""Near-duplicate suggestions: same phone or plate, or similar text.

Only suggestions: a person decides to merge (services.merge_signal).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from ketenzicht.people.names import strip_diacritics

from .models import Signal, SignalStatus

TEXT_WINDOW = timedelta(days=90)
TEXT_CANDIDATES = 200
TEXT_THRESHOLD = 0.5
_WORD = re.compile(r"[a-z0-9]{3,}")


def words(text: str) -> set[str]:
    return set(_WORD.findall(strip_diacritics(text).lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Suggestion:
    signal: Signal
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0


def suggest(signal: Signal, visible: "QuerySet[Signal]") -> list[Suggestion]:  # noqa: F821
    """Other visible, unmerged signals that may report the same thing."""
    from django.utils.translation import gettext as _

    candidates = visible.exclude(pk=signal.pk).exclude(status=SignalStatus.MERGED)
    found: dict[int, Suggestion] = {}
    entity_ids = [link.entity_id for link in signal.entity_links.all()]
    if entity_ids:
        shared = (
            candidates.filter(entity_links__entity_id__in=entity_ids)
            .prefetch_related("entity_links__entity")
            .distinct()[:50]
        )
        for other in shared:
            keys = [
                link.entity.key for link in other.entity_links.all() if link.entity_id in entity_ids
            ]
            found[other.pk] = Suggestion(other, [_("same %(what)s") % {"what": ", ".join(keys)}])
    mine = words(signal.description)
    recent = candidates.filter(
        received_at__gte=signal.received_at - TEXT_WINDOW,
        received_at__lte=signal.received_at + TEXT_WINDOW,
        category__in=[signal.category_id],
    ).only("id", "reference", "description", "received_at", "status")[:TEXT_CANDIDATES]
    for other in recent:
        score = jaccard(mine, words(other.description))
        if score >= TEXT_THRESHOLD:
            suggestion = found.setdefault(other.pk, Suggestion(other))
            suggestion.similarity = score
            suggestion.reasons.append(_("similar text (%(pct)d%%)") % {"pct": round(score * 100)})
    return sorted(found.values(), key=lambda s: (-len(s.reasons), -s.similarity))
