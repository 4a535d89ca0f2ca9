"""Audit test helpers: a small chain of events and a way past the append-only triggers.

(Tests marked `postgres` are deselected on SQLite by tests/conftest.py.)
"""

import importlib
import json
from contextlib import contextmanager

import pytest
from django.db import connection

from ketenzicht.audit import services as audit

_TRIGGERS = importlib.import_module("ketenzicht.audit.migrations.0002_append_only_triggers")


@contextmanager
def triggers_off():
    """Switch the append-only triggers off, as an attacker with database rights could.

    Inside the test's transaction both databases treat this DDL transactionally,
    so the triggers come back on exit and also when the test fails.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            for sql in _TRIGGERS.SQLITE_DOWN:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            else:
                for sql in _TRIGGERS.SQLITE_UP:
                    cursor.execute(sql)


COLUMNS = (
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


def raw_row(event_id: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit_auditevent WHERE id = %s",  # noqa: S608
            [event_id],
        )
        return dict(zip(COLUMNS, cursor.fetchone(), strict=True))


def raw_update(event_id: int, values: dict) -> None:
    """UPDATE columns of one event with raw SQL (only with `triggers_off`)."""
    assignments, params = [], []
    for column, value in values.items():
        if column == "changes":
            if not isinstance(value, str):
                value = json.dumps(value)
            cast = "::jsonb" if connection.vendor == "postgresql" else ""
            assignments.append(f"changes = %s{cast}")
        else:
            assignments.append(f"{column} = %s")
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET {', '.join(assignments)} WHERE id = %s",  # noqa: S608
            [*params, event_id],
        )


def raw_insert(event_id: int, values: dict) -> None:
    columns = ["id", *values]
    placeholders = []
    params = [event_id]
    for column, value in values.items():
        if column == "changes":
            value = value if isinstance(value, str) else json.dumps(value)
            placeholders.append("%s::jsonb" if connection.vendor == "postgresql" else "%s")
        else:
            placeholders.append("%s")
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_auditevent ({', '.join(columns)}) "  # noqa: S608
            f"VALUES (%s, {', '.join(placeholders)})",
            params,
        )


def raw_delete(*event_ids: int) -> None:
    with connection.cursor() as cursor:
        for event_id in event_ids:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event_id])


@pytest.fixture
def six_events(db):
    """Six chained events (ids 1-6) by the system actor."""
    return [
        audit.record(
            actor=None,
            action="read",
            object_kind="people.person",
            object_id=str(i),
            person_id=i,
            changes={"after": {"step": i}},
        )
        for i in range(1, 7)
    ]
