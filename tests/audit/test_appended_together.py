"""Several events of one change chained in one append (`audit.appended_together`)."""

import pytest
from django.db import transaction

from ketenzicht.audit import services as audit
from ketenzicht.audit.models import AuditChainHead, AuditEvent
from ketenzicht.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _record(n: int):
    return audit.record(actor=None, action="read", object_kind="test.batch", object_id=str(n))


def test_events_are_chained_in_order_with_contiguous_ids(six_events):
    with audit.appended_together():
        first, second, third = _record(1), _record(2), _record(3)
        # Not chained yet: ids and hashes come when the block ends.
        assert first.id is None and not first.hash
    assert [first.id, second.id, third.id] == [7, 8, 9]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.occurred_at == third.occurred_at
    stored = list(AuditEvent.objects.filter(id__gt=6).values_list("object_id", "hash"))
    assert stored == [("1", first.hash), ("2", second.hash), ("3", third.hash)]
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_event_id, head.last_hash) == (9, third.hash)
    result = verify_chain()
    assert result.ok and result.checked == 9


def test_one_lock_one_insert_one_head_update(six_events, django_assert_num_queries):
    """SELECT the head (FOR NO KEY UPDATE on PostgreSQL), INSERT all events, UPDATE
    the head: 3 statements for any number of events (the test's transaction makes
    the block's atomic a savepoint-free no-op)."""
    with django_assert_num_queries(3), audit.appended_together():
        for n in range(5):
            _record(n)
    assert verify_chain().ok


def test_first_events_ever_create_the_head(db):
    with audit.appended_together():
        _record(1)
        _record(2)
    assert AuditChainHead.objects.get(pk=1).last_event_id == 2
    assert verify_chain().ok


def test_an_error_in_the_block_records_nothing(six_events):
    with pytest.raises(RuntimeError), transaction.atomic(), audit.appended_together():
        _record(1)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == 6
    # The block is over: record() appends at once again.
    assert _record(2).id == 7
    assert verify_chain().ok


def test_nested_blocks_are_chained_by_the_outermost(six_events):
    with audit.appended_together():
        _record(1)
        with audit.appended_together():
            inner = _record(2)
        assert inner.id is None
    assert inner.id == 8
    assert verify_chain().ok
