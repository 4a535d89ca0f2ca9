"""Bulk inserts for generated rows, without the ORM's per-object cost.

`bulk_create` spends most of its time building model instances and compiling
per-value SQL; for millions of generated rows that dominates. Here rows are
plain dicts of column values, ids are allocated up front (so foreign keys can
be set before inserting), and rows go in with `executemany` (SQLite) or `COPY`
(PostgreSQL). Columns a row does not set get the field's default, so a field
another app adds later (with a default) does not break the demo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models

CHUNK = 5000


class Table:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.pk = model._meta.pk.attname
        self._convert: list[Callable[[Any], Any] | None] = [self._converter(f) for f in self.fields]
        self._defaults: list[tuple[bool, Any]] = [self._default(f) for f in self.fields]

    @staticmethod
    def _converter(field: models.Field) -> Callable[[Any], Any] | None:
        ops = connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.JSONField):
            return lambda value, f=field: f.get_db_prep_save(value, connection)
        return None

    @staticmethod
    def _default(field: models.Field) -> tuple[bool, Any]:
        if not field.has_default():
            return False, None
        default = field.default
        return (True, default) if callable(default) else (False, field.get_default())

    def allocate_ids(self, n: int) -> list[int]:
        """Ids for `n` new rows, safe inside the generator's write transaction."""
        if n == 0:
            return []
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.model._meta.pk.column, n],
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the IMMEDIATE transaction holds the write lock, so nobody
            # else can take these ids between this query and the insert.
            # Table and column names come from model metadata, never from input.
            pk, name = qn(self.model._meta.pk.column), qn(self.table)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {name}")  # noqa: S608
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

    def _tuple(self, row: dict[str, Any], with_pk: bool) -> tuple:
        values = []
        for attname, convert, (is_callable, default) in zip(
            self.attnames, self._convert, self._defaults, strict=True
        ):
            if attname == self.pk and not with_pk:
                continue
            if attname in row:
                value = row[attname]
            elif is_callable:
                value = default()
            else:
                value = default
            if convert is not None and value is not None:
                value = convert(value)
            values.append(value)
        return tuple(values)

    def insert(self, rows: Iterable[dict[str, Any]]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        qn = connection.ops.quote_name
        # Rows without allocated ids leave the id to the database.
        with_pk = self.pk in rows[0]
        names = [
            c for c, a in zip(self.columns, self.attnames, strict=True) if with_pk or a != self.pk
        ]
        columns = ", ".join(qn(c) for c in names)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor, for COPY
                with raw.copy(f"COPY {qn(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(self._tuple(row, with_pk))
            else:
                marks = ", ".join(["%s"] * len(names))
                sql = f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
                for start in range(0, len(rows), CHUNK):
                    cursor.executemany(
                        sql, [self._tuple(r, with_pk) for r in rows[start : start + CHUNK]]
                    )
        return len(rows)


_TABLES: dict[type[models.Model], Table] = {}


def table(model: type[models.Model]) -> Table:
    # Per connection vendor the converters differ; the demo runs on one database.
    if model not in _TABLES:
        _TABLES[model] = Table(model)
    return _TABLES[model]
