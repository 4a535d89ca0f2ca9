"""Reception events on a person's timeline: placements, transfers, risk assessments."""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.access.enforce import visible_to
from ketenzicht.access.policy import Action
from ketenzicht.core.timeline import TimelineEvent

from .models import Placement, RiskAssessment


def reception_events(user, person) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    placements = visible_to(
        user, Placement.objects.filter(person=person), Action.LIST
    ).select_related("location")
    for p in placements:
        where = p.location.name
        events.append(
            TimelineEvent(
                when=p.planned_arrival,
                kind="placement.planned",
                title=_("Placement planned at %(where)s") % {"where": where},
                organisation="COA",
            )
        )
        if p.arrived_at:
            events.append(
                TimelineEvent(
                    when=p.arrived_at,
                    kind="placement.arrived",
                    title=_("Arrived at %(where)s") % {"where": where},
                    organisation="COA",
                )
            )
        if p.ended_at:
            events.append(
                TimelineEvent(
                    when=p.ended_at,
                    kind="placement.ended",
                    title=_("Left %(where)s") % {"where": where},
                    detail=p.end_reason,
                    organisation="COA",
                )
            )
    assessments = visible_to(user, RiskAssessment.objects.filter(person=person), Action.LIST)
    for a in assessments:
        events.append(
            TimelineEvent(
                when=timezone.make_aware(datetime.combine(a.assessed_on, time(12))),
                kind="risk.assessed",
                title=_("Risk assessment: %(level)s") % {"level": a.get_level_display()},
                detail=a.explanation[:200],
                organisation="COA",
                url=reverse("reception:presence_history", args=[person.pk]),
            )
        )
    return events
