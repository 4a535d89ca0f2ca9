"""The registry's events on a person's timeline (registered in `PeopleConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.core.timeline import TimelineEvent

from . import countries


def _at(day: date) -> datetime:
    # Dates without a time sort at the start of that day, Amsterdam time.
    return timezone.make_aware(datetime.combine(day, time.min))


def people_events(user, person) -> Iterable[TimelineEvent]:
    """Events from what `selectors.person_page` loaded (and so filtered) for this user."""
    from .selectors import person_page

    page = getattr(person, "loaded_page", None) or person_page(user, person.pk)
    for r in page.records:
        yield TimelineEvent(
            when=r.recorded_at,
            kind="people.identity_record",
            title=_("Identity record registered"),
            detail=r.display_name,
            organisation=r.organisation.name,
        )
    for a in page.aliases:
        yield TimelineEvent(
            when=a.recorded_at,
            kind="people.alias",
            title=_("Alias recorded"),
            detail=a.name,
            organisation=a.organisation.name,
        )
    for d in page.documents or ():
        yield TimelineEvent(
            when=d.recorded_at,
            kind="people.document",
            title=_("Identity document recorded"),
            detail=f"{d.document_type} ({d.issuing_country}) · {d.get_authenticity_display()}",
            organisation=d.organisation.name,
        )
    for h in page.eurodac_hits or ():
        yield TimelineEvent(
            when=_at(h.hit_date),
            kind="people.eurodac_hit",
            title=_("Eurodac registration in %(state)s")
            % {"state": countries.name(h.member_state)},
            detail=_("category %(category)s, registered as %(registered_as)s")
            % {"category": h.category, "registered_as": h.get_registered_as_display()},
            organisation=h.organisation.name,
        )
    for app in page.asylum_applications:
        yield TimelineEvent(
            when=_at(app.applied_on),
            kind="people.asylum_application",
            title=_("Asylum application"),
            detail=app.get_status_display(),
            organisation=app.organisation.name if app.organisation else "",
        )
    for i in page.inspections:
        yield TimelineEvent(
            when=_at(i.inspected_on),
            kind="people.age_inspection",
            title=_("Leeftijdsschouw"),
            detail=_("outcome: %(outcome)s") % {"outcome": i.get_outcome_display()},
            organisation="IND, Politie/AVIM",
        )
    for inv in page.investigations:
        org = inv.organisation.name if inv.organisation else ""
        yield TimelineEvent(
            when=_at(inv.started_on),
            kind="people.age_investigation_started",
            title=_("Age investigation started"),
            organisation=org,
        )
        if inv.concluded_on:
            yield TimelineEvent(
                when=_at(inv.concluded_on),
                kind="people.age_investigation_concluded",
                title=_("Age investigation concluded"),
                detail=_("outcome: %(outcome)s") % {"outcome": inv.get_outcome_display()},
                organisation=org,
            )
    for g in page.guardianships:
        yield TimelineEvent(
            when=_at(g.started_on),
            kind="people.guardianship_started",
            title=_("Guardianship started"),
            detail=str(g.voogd),
            organisation="Nidos",
        )
        if g.ended_on:
            yield TimelineEvent(
                when=_at(g.ended_on),
                kind="people.guardianship_ended",
                title=_("Guardianship ended"),
                detail=g.end_reason,
                organisation="Nidos",
            )
