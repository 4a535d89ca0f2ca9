"""Hashing of audit events: one canonical form, used by writing and verifying."""

import hashlib
import hmac
import json

from django.conf import settings

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation",
    "role",
    "action",
    "object_kind",
    "object_id",
    "person_id",
    "changes",
    "request_id",
    "prev_hash",
)


def canonical(values: dict) -> bytes:
    payload = {}
    for field in HASHED_FIELDS:
        value = values[field]
        if field == "occurred_at":
            value = value.isoformat(timespec="microseconds")
        payload[field] = value
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(values: dict) -> str:
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, canonical(values), hashlib.sha256).hexdigest()
