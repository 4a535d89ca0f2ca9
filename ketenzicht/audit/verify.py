"""Walk the audit chain and report the first broken link."""

from dataclasses import dataclass

from .chain import GENESIS_HASH, event_hash
from .models import AuditChainHead, AuditEvent

FIELDS = (
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
    "hash",
)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    last_id = 0
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=last_id).order_by("id").values(*FIELDS)[:batch_size]
        )
        if not rows:
            break
        for row in rows:
            if row["id"] != expected_id:
                return VerifyResult(False, checked, expected_id, "event missing or inserted (gap)")
            if row["prev_hash"] != expected_prev:
                return VerifyResult(False, checked, row["id"], "link to predecessor broken")
            if event_hash(row) != row["hash"]:
                return VerifyResult(False, checked, row["id"], "event content altered")
            expected_prev = row["hash"]
            expected_id += 1
            checked += 1
        last_id = rows[-1]["id"]
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_event_id != last_id or head.last_hash != expected_prev):
        return VerifyResult(False, checked, last_id + 1, "newest events removed (head mismatch)")
    if head is None and checked:
        return VerifyResult(False, checked, None, "chain head missing")
    return VerifyResult(True, checked)
