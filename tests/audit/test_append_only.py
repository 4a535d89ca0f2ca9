"""The audit trail is append-only at three levels: queryset, model and database trigger."""

import pytest
from django.db import DatabaseError, connection, transaction

from ketenzicht.audit.models import AppendOnlyError, AuditEvent
from ketenzicht.audit.verify import verify_chain


def test_queryset_update_and_delete_are_refused(six_events):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=1).update(actor_label="someone else")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    # Django's base manager (related-object access) is the append-only one too.
    with pytest.raises(AppendOnlyError):
        AuditEvent._base_manager.filter(pk=1).update(actor_label="someone else")
    assert AuditEvent.objects.get(pk=1).actor_label == "system"
    assert AuditEvent.objects.count() == 6


def test_saving_or_deleting_an_existing_event_is_refused(six_events):
    event = AuditEvent.objects.get(pk=2)
    event.actor_label = "someone else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["actor_label"])
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=2).actor_label == "system"
    assert verify_chain().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET actor_label = 'someone else' WHERE id = 3",
        "UPDATE audit_auditevent SET actor_label = 'x'",
        "DELETE FROM audit_auditevent WHERE id = 6",
        "DELETE FROM audit_auditevent",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(six_events, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.count() == 6
    assert verify_chain().ok


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(six_events):
    # SQLite has no TRUNCATE; DELETE without WHERE is tested above.
    assert connection.vendor == "postgresql"
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 6


def test_inserts_still_work(six_events):
    assert [e.id for e in six_events] == [1, 2, 3, 4, 5, 6]
    assert verify_chain().ok and verify_chain().checked == 6
