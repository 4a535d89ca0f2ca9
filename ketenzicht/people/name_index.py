"""The name-token index behind person search (ADR 0011).

Every identity record and alias stores its folded name as `search_name`
(`names.search_key`: sorted unique tokens). This module keeps two derived
tables in step with that column:

- `NameToken`: one row (a posting) per token per record or alias, with the
  person, so a name search reads a few b-tree ranges instead of scanning
  millions of names;
- `NameTokenVocabulary`: every distinct token with its number of postings,
  where prefix and misspelling lookups run and the rarest query token is chosen.

Writers: the people services (`index_record`, `index_alias`, in the service's
transaction), the demo loader (`posting_rows` + `add_to_vocabulary`), and
`manage.py rebuild_name_tokens` (`rebuild`). The vocabulary never loses a
token, so "a token is in the vocabulary" is true for every token with postings;
its frequencies are a planning hint and may lag.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction

from .models import Alias, IdentityRecord, NameToken, NameTokenVocabulary

BATCH = 5000


def key_tokens(search_name: str) -> list[str]:
    """The tokens of a stored `search_name` (already folded, sorted and unique)."""
    return search_name.split()


def _copied(record: IdentityRecord | dict | None) -> dict:
    """What a posting copies from its record (nothing from an alias)."""
    if record is None:
        return {
            "date_of_birth": None,
            "dob_precision": "",
            "dob_is_placeholder": False,
            "nationality": "",
        }
    get = record.get if isinstance(record, dict) else lambda f: getattr(record, f)
    return {f: get(f) for f in NameToken.COPIED_FROM_RECORD}


def posting_rows(
    search_name: str,
    *,
    person_id: int,
    record: dict | None = None,
    alias_id: int | None = None,
) -> list[dict]:
    """Column values of the postings of one record (its row as a dict, with `id`)
    or one alias, for bulk loaders."""
    source = {
        "identity_record_id": record["id"] if record is not None else None,
        "alias_id": alias_id,
        **_copied(record),
    }
    return [{"token": token, "person_id": person_id, **source} for token in key_tokens(search_name)]


def add_to_vocabulary(deltas: Counter[str] | dict[str, int]) -> None:
    """Add (or subtract) posting counts per token; new tokens are inserted.

    One statement, tokens in sorted order so concurrent writers lock the
    vocabulary rows in the same order (no deadlock between two registrations).
    """
    items = sorted((t, n) for t, n in deltas.items() if n)
    if not items:
        return
    table = connection.ops.quote_name(NameTokenVocabulary._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (token, frequency) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (token) DO UPDATE "
                f"SET frequency = {table}.frequency + excluded.frequency",
                [v for item in chunk for v in item],
            )


def _replace(source: dict, person_id: int, search_name: str, copied: dict, *, created: bool):
    tokens = key_tokens(search_name)
    fields = ("token", "person_id", *NameToken.COPIED_FROM_RECORD)
    old: list[tuple] = []
    if not created:
        old = list(NameToken.objects.filter(**source).values_list(*fields))
        new = [(t, person_id, *copied.values()) for t in tokens]
        if sorted(old, key=repr) == sorted(new, key=repr):
            return  # name (as folded), person, date of birth and nationality unchanged
        NameToken.objects.filter(**source).delete()
    NameToken.objects.bulk_create(
        NameToken(token=t, person_id=person_id, **source, **copied) for t in tokens
    )
    deltas = Counter(tokens)
    deltas.subtract(row[0] for row in old)
    add_to_vocabulary(deltas)


def index_record(record: IdentityRecord, *, created: bool = False) -> None:
    """Make the record's postings match its `search_name`, person, date of birth
    and nationality.

    `created=True` (a record saved just now) skips looking for old postings.
    Call inside the transaction that saved the record.
    """
    _replace(
        {"identity_record_id": record.pk},
        record.person_id,
        record.search_name,
        _copied(record),
        created=created,
    )


def index_alias(alias: Alias, *, created: bool = False) -> None:
    _replace(
        {"alias_id": alias.pk}, alias.person_id, alias.search_name, _copied(None), created=created
    )


# --- rebuilding everything ----------------------------------------------------------

_REBUILD_POSTGRESQL = (
    # TRUNCATE refuses to run while deferred foreign-key checks of this
    # transaction are pending (postings written earlier in it): run them now.
    "SET CONSTRAINTS ALL IMMEDIATE",
    "TRUNCATE people_nametoken, people_nametokenvocabulary",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id,
           date_of_birth, dob_precision, dob_is_placeholder, nationality)
       SELECT t.token, r.person_id, r.id, NULL,
              r.date_of_birth, r.dob_precision, r.dob_is_placeholder, r.nationality
       FROM people_identityrecord r,
            unnest(string_to_array(btrim(r.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
    """INSERT INTO people_nametoken (token, person_id, identity_record_id, alias_id,
           date_of_birth, dob_precision, dob_is_placeholder, nationality)
       SELECT t.token, a.person_id, NULL, a.id, NULL, '', false, ''
       FROM people_alias a, unnest(string_to_array(btrim(a.search_name), ' ')) AS t(token)
       WHERE t.token <> ''""",
    """INSERT INTO people_nametokenvocabulary (token, frequency)
       SELECT token, count(*) FROM people_nametoken GROUP BY token""",
)


def rebuild(progress=None) -> tuple[int, int]:
    """Recompute both tables from every record's and alias's `search_name`.

    Set-based SQL on PostgreSQL (minutes for millions of records); batches on
    SQLite (the demo's scale). Returns (postings, tokens).
    """
    say = progress or (lambda _text: None)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in _REBUILD_POSTGRESQL:
                    cursor.execute(statement)
                    say(f"{' '.join(statement.split()[:3])}: {max(cursor.rowcount, 0):,} rows")
        else:
            NameToken.objects.all().delete()
            NameTokenVocabulary.objects.all().delete()
            counts: Counter[str] = Counter()
            sources = (
                (IdentityRecord.objects.values(), "record"),
                (Alias.objects.values("id", "person_id", "search_name"), "alias"),
            )
            for rows, kind in sources:
                batch: list[NameToken] = []
                for row in rows.iterator(chunk_size=BATCH):
                    record = row if kind == "record" else None
                    alias_id = row["id"] if kind == "alias" else None
                    postings = posting_rows(
                        row["search_name"],
                        person_id=row["person_id"],
                        record=record,
                        alias_id=alias_id,
                    )
                    batch += [NameToken(**p) for p in postings]
                    counts.update(p["token"] for p in postings)
                    if len(batch) >= BATCH:
                        NameToken.objects.bulk_create(batch)
                        batch = []
                NameToken.objects.bulk_create(batch)
            add_to_vocabulary(counts)
    return NameToken.objects.count(), NameTokenVocabulary.objects.count()
