"""Departure steps on a person's timeline (registered in `DeparturesConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ketenzicht.core.timeline import TimelineEvent

from .workflow import Step


def step_title(step: str) -> str:
    if step == "opened":
        return _("Departure detected")
    try:
        return capfirst(Step(step).label)
    except ValueError:
        return step


def departure_events(user, person) -> Iterable[TimelineEvent]:
    """The steps of the departures of `person` that `user` may see (one query)."""
    from .selectors import events_for_person

    for event in events_for_person(user, person):
        yield TimelineEvent(
            when=event.at,
            kind=f"departure.{event.step}",
            title=step_title(event.step),
            detail=event.note[:200],
            organisation=event.organisation.name if event.organisation else "",
            url=f"/vertrek/{event.case_id}/",
        )
