"""Tampering with the trail in every way is detected, naming the first broken event.

Each test switches the triggers off (as someone with database rights could),
tampers with raw SQL, and checks `verify_chain()` and `manage.py verify_audit`.
"""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ketenzicht.audit import services as audit
from ketenzicht.audit.chain import event_hash
from ketenzicht.audit.verify import verify_chain

from .conftest import COLUMNS, raw_delete, raw_insert, raw_row, raw_update, triggers_off


def assert_broken(event_id: int, reason: str) -> None:
    result = verify_chain()
    assert (result.ok, result.broken_at, result.reason) == (False, event_id, reason)
    with pytest.raises(CommandError) as exc_info:
        call_command("verify_audit")
    assert f"Audit chain broken at event {event_id}: {reason}" in str(exc_info.value)


def test_intact_chain_verifies(six_events):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit chain intact: 6 events." in out.getvalue()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "iemand anders"),
        ("action", "update"),
        ("person_id", 99),
        ("object_id", "42"),
        ("changes", {"after": {"step": 300}}),
    ],
)
def test_editing_a_field_is_detected(six_events, column, value):
    with triggers_off():
        raw_update(3, {column: value})
    assert_broken(3, "event content altered")


def test_editing_a_field_and_recomputing_the_hash_without_the_key_is_detected(six_events):
    """An attacker rewrites the content and the hash (SHA-256, not the HMAC key)."""
    with triggers_off():
        row = raw_row(3) | {"id": 3, "actor_label": "iemand anders"}
        forged = hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()
        raw_update(3, {"actor_label": "iemand anders", "hash": forged})
    assert_broken(3, "event content altered")


def test_deleting_a_row_is_detected(six_events):
    with triggers_off():
        raw_delete(3)
    assert_broken(3, "event missing or inserted (gap)")


def test_inserting_a_row_is_detected(six_events):
    """A forged event slipped in at position 3: later ids are moved up to make room."""
    with triggers_off():
        rows = {i: raw_row(i) for i in range(3, 7)}
        raw_delete(3, 4, 5, 6)
        for event_id, row in rows.items():
            raw_insert(event_id + 1, row)
        forged = dict(rows[3]) | {
            "actor_label": "vervalser",
            "prev_hash": six_events[1].hash,
            "hash": "f" * 64,
        }
        raw_insert(3, forged)
    assert_broken(3, "event content altered")


def test_appending_a_row_behind_the_writer_is_detected(six_events):
    """A forged newest event linked to the real last one, without the HMAC key."""
    with triggers_off():
        forged = raw_row(6) | {"prev_hash": six_events[-1].hash, "hash": "e" * 64}
        raw_insert(7, forged)
    assert_broken(7, "event content altered")


def test_an_event_hashed_with_another_key_is_detected(six_events):
    """A perfectly formed event, but computed without the real HMAC key."""
    with triggers_off():
        values = raw_row(6) | {"id": 7, "prev_hash": six_events[-1].hash}
        with override_settings(AUDIT_CHAIN_KEY="not-the-real-key"):
            values["hash"] = event_hash(values)
        raw_insert(7, {k: values[k] for k in COLUMNS})
    assert_broken(7, "event content altered")


def test_reordering_two_events_is_detected(six_events):
    with triggers_off():
        third, fourth = raw_row(3), raw_row(4)
        raw_update(3, {"hash": "swap-in-progress"})
        raw_update(4, third)
        raw_update(3, fourth)
    assert_broken(3, "link to predecessor broken")


def test_truncating_the_newest_events_is_detected(six_events):
    with triggers_off():
        raw_delete(5, 6)
    assert_broken(5, "newest events removed (head mismatch)")


def test_the_chain_continues_after_verification(six_events):
    event = audit.record(actor=None, action="read", object_kind="people.person")
    assert event.id == 7 and event.prev_hash == six_events[-1].hash
    assert verify_chain().checked == 7
