"""The one write path for audit events.

Services call `record(...)` inside their own transaction, so a change and its
audit event commit or roll back together. Reads of person-level pages, API
objects and exports call `record_read` / `record_export`.
"""

import json
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ketenzicht.core.context import current_request_id

from .chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from .events import AuditAction
from .models import AuditChainHead, AuditEvent

SYSTEM_ACTOR_LABEL = "system"


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values of a model instance for before/after in an audit event."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            data[field.attname] = str(data[field.attname] or "")
    return _json_safe(data)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return {
        "before": {k: before.get(k) for k in sorted(changed)},
        "after": {k: after.get(k) for k in sorted(changed)},
    }


# Events recorded inside `appended_together()`, waiting to be chained at its end.
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("audit_pending", default=None)


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_kind: str = "",
    object_id: str = "",
    person_id: int | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
    organisation: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Joins the caller's transaction if there is one.

    `organisation` is only for events without a logged-in actor (a failed login
    for a known username), so that organisation's administrator sees them.

    Inside `appended_together()` the event is chained when that block ends; the
    returned event has no id or hash until then.
    """
    if obj is not None:
        object_kind = object_kind or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        organisation = getattr(getattr(user, "organisation", None), "kind", "")
    event = AuditEvent(
        actor_id=user.pk if user else None,
        actor_label=actor_label or (user.username if user else SYSTEM_ACTOR_LABEL),
        organisation=organisation or "",
        role=getattr(user, "role", "") if user else "",
        action=str(action),
        object_kind=object_kind,
        object_id=str(object_id),
        person_id=person_id,
        changes=_json_safe(changes or {}),
        request_id=current_request_id(),
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
    else:
        with transaction.atomic():
            _append([event])
    return event


@contextmanager
def appended_together():
    """Chain the events recorded inside this block together when it ends.

    One lock of the chain head, one INSERT of all events and one head update,
    instead of those three statements per event, and the head is locked only at
    the end of the work rather than from the first event on. The block is
    atomic: the change and its events commit or roll back together. Ids,
    hashes and `occurred_at` are assigned when the events are chained (in the
    order they were recorded), so code inside the block must not rely on the id
    of an event it just recorded. Nor may it catch an error from an inner atomic
    block and carry on: events recorded in a rolled-back savepoint would still
    be chained. Use it for straight-line writes such as public intake.
    """
    if _pending.get() is not None:  # nested: the outermost block chains them
        yield
        return
    pending: list[AuditEvent] = []
    token = _pending.set(pending)
    try:
        with transaction.atomic(savepoint=False):
            yield
            _pending.reset(token)
            token = None
            if pending:
                _append(pending)
    finally:
        if token is not None:
            _pending.reset(token)


def _append(events: list[AuditEvent]) -> None:
    """Chain and insert `events` after the current head; the caller holds a transaction."""
    # no_key: the head row is only updated, never referenced by foreign keys.
    head = AuditChainHead.objects.select_for_update(no_key=True).filter(pk=1).first()
    if head is None:
        # The very first event: several writers may race to create the head.
        # The loser's INSERT waits for the winner and fails on the primary
        # key; its savepoint is rolled back and it locks the winner's row.
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1, last_event_id=0, last_hash=GENESIS_HASH)
        except IntegrityError:
            pass
        head = AuditChainHead.objects.select_for_update(no_key=True).get(pk=1)
    # Taken under the lock, so occurred_at never decreases along the chain.
    now = timezone.now()
    last_id, last_hash = head.last_event_id, head.last_hash
    for event in events:
        event.id, event.occurred_at, event.prev_hash = last_id + 1, now, last_hash
        event.hash = event_hash({field: getattr(event, field) for field in HASHED_FIELDS})
        last_id, last_hash = event.id, event.hash
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)
    AuditChainHead.objects.filter(pk=1).update(last_event_id=last_id, last_hash=last_hash)


def record_read(*, actor, obj: models.Model, person_id: int | None = None) -> AuditEvent:
    return record(actor=actor, action=AuditAction.READ, obj=obj, person_id=person_id)


def record_export(
    *, actor, object_kind: str, count: int, filters: dict | None = None
) -> AuditEvent:
    return record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_kind=object_kind,
        changes={"after": {"rows": count, "filters": filters or {}}},
    )


def record_created(*, actor, obj: models.Model, person_id: int | None = None) -> AuditEvent:
    return record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        person_id=person_id,
        changes={"before": {}, "after": snapshot(obj)},
    )


def record_updated(
    *, actor, obj: models.Model, before: dict[str, Any], person_id: int | None = None
) -> AuditEvent:
    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        person_id=person_id,
        changes=diff(before, snapshot(obj)),
    )
