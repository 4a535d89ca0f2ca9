"""Concurrent writers on PostgreSQL: the chain-head row lock serialises appends.

Runs outside a test transaction (the writer threads need committed data and
their own connections) and removes what it wrote afterwards, with the triggers
briefly off, so other tests see the database as it was.
"""

import itertools
import threading

import pytest
from django.db import connection, connections

from ketenzicht.audit import services as audit
from ketenzicht.audit.models import AuditChainHead, AuditEvent
from ketenzicht.audit.verify import verify_chain

THREADS = 8
EVENTS_PER_THREAD = 15


@pytest.mark.postgres
def test_concurrent_writers_keep_the_chain_intact(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql"
        head = AuditChainHead.objects.filter(pk=1).values("last_event_id", "last_hash").first()
        start_id = head["last_event_id"] if head else 0
        barrier = threading.Barrier(THREADS)
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            try:
                barrier.wait(timeout=30)
                for i in range(EVENTS_PER_THREAD):
                    audit.record(
                        actor=None,
                        action="read",
                        object_kind="test.concurrency",
                        object_id=f"{n}-{i}",
                    )
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert not errors, errors
            written = AuditEvent.objects.filter(id__gt=start_id)
            assert written.count() == THREADS * EVENTS_PER_THREAD
            ids = list(written.values_list("id", flat=True))
            assert ids == list(range(start_id + 1, start_id + 1 + THREADS * EVENTS_PER_THREAD))
            # Writers really interleaved (not one thread after the other).
            order = [oid.split("-")[0] for oid in written.values_list("object_id", flat=True)]
            switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
            assert switches >= THREADS
            result = verify_chain()
            assert result.ok, result
            assert result.checked == start_id + THREADS * EVENTS_PER_THREAD
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
                try:
                    cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [start_id])
                finally:
                    cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            if head:
                AuditChainHead.objects.filter(pk=1).update(**head)
            else:
                AuditChainHead.objects.filter(pk=1).delete()
            assert verify_chain().ok
