"""Reading the audit trail: search for beheerder and privacy officer, "who viewed" per person.

Every queryset passes through `ketenzicht.access.enforce`. Lists are newest
first by id (the chain order, the primary key index) and paged by keyset
(`before` / `after` an id) rather than by offset: the trail only grows, a
COUNT over millions of rows is not needed, and a page stays stable while new
events arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import POLICY, Action
from ketenzicht.accounts.models import User
from ketenzicht.accounts.roles import OrganisationKind, Role

from .events import AuditAction
from .models import AuditEvent

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 100_000
DISPLAY_TZ = ZoneInfo("Europe/Amsterdam")
# The object kind of "viewed the audit log of a person" (and of audit searches).
AUDIT_LOG_KIND = "audit.auditevent"


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""
    person: str = ""
    object_kind: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_dict(self) -> dict[str, str]:
        """The filters that were set, as plain strings (for the audit of the search)."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class EventPage:
    rows: list[AuditEvent]
    newer: int | None = None  # pass as `after` for the page of newer events
    older: int | None = None  # pass as `before` for the page of older events
    extra: dict[str, Any] = field(default_factory=dict)


def object_kind_choices() -> list[tuple[str, str]]:
    """Every object kind the policy knows, plus the chain's own kinds, by label."""
    kinds = set(POLICY) | {"accounts.user", "accounts.unit", AUDIT_LOG_KIND}
    return sorted(((k, kind_label(k)) for k in kinds), key=lambda c: c[1].lower())


def kind_label(kind: str) -> str:
    try:
        return str(apps.get_model(kind)._meta.verbose_name)
    except (LookupError, ValueError):
        return kind


def _with_pseudonym(qs: QuerySet) -> QuerySet:
    from ketenzicht.people.models import Person

    pseudonym = Person.objects.filter(pk=OuterRef("person_id")).values("pseudonym")[:1]
    return qs.annotate(person_pseudonym=Subquery(pseudonym))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), DISPLAY_TZ)


def _person_filter(value: str) -> Q:
    from ketenzicht.people.models import Person

    value = value.strip()
    if value.isdigit():
        return Q(person_id=int(value))
    # A pseudonym (P-…) names one person; resolving it reveals nothing beyond
    # the events the viewer may already see.
    ids = Person.objects.filter(pseudonym__iexact=value).values("pk")
    return Q(person_id__in=ids)


def _actor_filter(value: str) -> Q:
    value = value.strip()
    # The label is the username at the time of the event (and what was typed
    # for a failed login); the id also finds events of a renamed account.
    users = User.objects.filter(username__iexact=value).values("pk")
    return Q(actor_label=value) | Q(actor_id__in=users)


def events_visible_to(user: User, filters: EventFilters | None = None) -> QuerySet[AuditEvent]:
    """The events `user` may search, filtered, newest first, with actor and pseudonym."""
    qs = visible_to(user, AuditEvent.objects.all(), Action.LIST)
    f = filters or EventFilters()
    if f.actor:
        qs = qs.filter(_actor_filter(f.actor))
    if f.person:
        qs = qs.filter(_person_filter(f.person))
    if f.object_kind:
        qs = qs.filter(object_kind=f.object_kind)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(f.date_to + timedelta(days=1)))
    return _with_pseudonym(qs.select_related("actor")).order_by("-id")


def keyset_page(
    qs: QuerySet[AuditEvent],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> EventPage:
    """One page of a newest-first event list: `size` rows older than `before` or newer
    than `after` (the newest page without either). One query, using the id index."""
    if after is not None:
        # Newer events: walk up from `after`, then show them newest first.
        chunk = list(qs.filter(id__gt=after).order_by("id")[: size + 1])
        has_newer = len(chunk) > size
        rows = list(reversed(chunk[:size]))
        has_older = True  # the event `after` itself is older than this page
    else:
        page_qs = qs.filter(id__lt=before) if before is not None else qs
        chunk = list(page_qs.order_by("-id")[: size + 1])
        has_older = len(chunk) > size
        rows = chunk[:size]
        has_newer = before is not None
    if not rows:
        return EventPage(rows=[])
    return EventPage(
        rows=rows,
        newer=rows[0].id if has_newer else None,
        older=rows[-1].id if has_older else None,
    )


def person_log(user: User, pk) -> tuple[Any, QuerySet[AuditEvent]]:
    """The person and everything recorded about them, newest first.

    The person comes through `get_visible_or_404(..., Action.VIEW_LOG)`: the
    right to read this person's log is the access check for its events (a 404
    otherwise). The events use the index `audit_person_idx`.
    """
    from ketenzicht.people.models import Person

    person = get_visible_or_404(user, Person.objects.all(), pk, Action.VIEW_LOG)
    events = AuditEvent.objects.filter(person_id=person.pk).select_related("actor")
    return person, events.order_by("-id")


def organisation_label(kind: str) -> str:
    try:
        return str(OrganisationKind(kind).label)
    except ValueError:
        return kind or "—"


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role or "—"


def action_label(action: str) -> str:
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return action


def changed_fields(event: AuditEvent) -> list[str]:
    """The names of what changed: shown instead of the values, which may be personal data."""
    changes = event.changes or {}
    after = changes.get("after")
    if isinstance(after, dict):
        return sorted(after)
    return []


def export_snapshot(qs: QuerySet[AuditEvent]) -> tuple[QuerySet[AuditEvent], int]:
    """`qs` bounded to the chain as it is now (oldest first), and its row count.

    The bound keeps the streamed rows equal to the counted ones, although new
    events (among them the record of this export) arrive while it streams.
    """
    from .models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("last_event_id", flat=True).first()
    bounded = qs.filter(id__lte=head or 0).order_by("id")
    return bounded, bounded.count()


CSV_HEADER = [
    "id",
    "occurred_at",
    "actor_username",
    "actor_name",
    "organisation",
    "role",
    "action",
    "object_kind",
    "object_id",
    "person_id",
    "person_pseudonym",
    "changed_fields",
    "request_id",
    "hash",
]


def _cell(value: Any) -> str:
    # Spreadsheet formula injection: a cell may not start with = + - @ (or tab/CR).
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def export_rows(qs: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    """CSV rows (header first) for the events of `qs`, streamed in id order chunks."""
    yield CSV_HEADER
    for event in qs.iterator(chunk_size=2000):
        actor = event.actor
        yield [
            _cell(v)
            for v in (
                event.id,
                timezone.localtime(event.occurred_at, DISPLAY_TZ).isoformat(timespec="seconds"),
                event.actor_label,
                actor.get_full_name() if actor else "",
                event.organisation,
                event.role,
                event.action,
                event.object_kind,
                event.object_id,
                event.person_id,
                getattr(event, "person_pseudonym", "") or "",
                " ".join(changed_fields(event)),
                event.request_id,
                event.hash,
            )
        ]
