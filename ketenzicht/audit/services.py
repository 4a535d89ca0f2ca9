"""The one write path for audit events.

Services call `record(...)` inside their own transaction, so a change and its
audit event commit or roll back together. Reads of person-level pages, API
objects and exports call `record_read` / `record_export`.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ketenzicht.core.context import current_request_id

from .chain import GENESIS_HASH, event_hash
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
    """
    if obj is not None:
        object_kind = object_kind or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        organisation = getattr(getattr(user, "organisation", None), "kind", "")
    with transaction.atomic():
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
        values = {
            "id": head.last_event_id + 1,
            "occurred_at": timezone.now(),
            "actor_id": user.pk if user else None,
            "actor_label": actor_label or (user.username if user else SYSTEM_ACTOR_LABEL),
            "organisation": organisation or "",
            "role": getattr(user, "role", "") if user else "",
            "action": str(action),
            "object_kind": object_kind,
            "object_id": str(object_id),
            "person_id": person_id,
            "changes": _json_safe(changes or {}),
            "request_id": current_request_id(),
            "prev_hash": head.last_hash,
        }
        values["hash"] = event_hash(values)
        event = AuditEvent(**values)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_event_id=event.id, last_hash=event.hash)
    return event


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
