"""The registry as linkage input: one row per identity record, in extract columns.

Only records of persons that are not merged away take part; records already
sharing a person are still compared (the engine does not trust earlier links,
the application decides what to do with a pair that is already together).
Read in primary-key batches as plain tuples, so a million records stream
without building model instances.
"""

from __future__ import annotations

import pyarrow as pa

from ketenzicht.people.models import IdentityRecord

BATCH = 50_000

_FIELDS = (
    "pk",
    "organisation__kind",
    "given_names",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "dob_is_placeholder",
    "sex",
    "nationality",
    "v_number",
    "org_number",
    "person__v_number",
)

SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("record_id", pa.string()),
        ("given_names", pa.string()),
        ("family_name", pa.string()),
        ("full_name", pa.string()),
        ("date_of_birth", pa.string()),
        ("dob_precision", pa.string()),
        ("dob_is_placeholder", pa.string()),
        ("sex", pa.string()),
        ("nationality", pa.string()),
        ("v_number", pa.string()),
        ("org_number", pa.string()),
    ]
)


def chain_records(since_id: int | None = None) -> pa.Table:
    """Identity records of unmerged persons (with `since_id`: only newer records)."""
    records = IdentityRecord.objects.filter(person__merged_into__isnull=True)
    if since_id is not None:
        records = records.filter(pk__gt=since_id)
    columns: dict[str, list] = {name: [] for name in SCHEMA.names}
    last = 0
    while True:
        batch = list(records.filter(pk__gt=last).order_by("pk").values_list(*_FIELDS)[:BATCH])
        if not batch:
            break
        for pk, org, given, family, dob, precision, placeholder, sex, nat, v, number, pv in batch:
            columns["source"].append(org)
            columns["record_id"].append(str(pk))
            columns["given_names"].append(given or None)
            columns["family_name"].append(family or None)
            columns["full_name"].append(None)
            columns["date_of_birth"].append(dob.isoformat() if dob else None)
            columns["dob_precision"].append(precision)
            columns["dob_is_placeholder"].append("true" if placeholder else "false")
            columns["sex"].append(sex if sex != "u" else None)
            columns["nationality"].append(nat or None)
            # A record without a V-nummer still belongs to its person's: two persons
            # with different V-nummers are strong evidence of two human beings.
            columns["v_number"].append(v or pv or None)
            columns["org_number"].append(number or None)
        last = batch[-1][0]
    return pa.table(columns, schema=SCHEMA)
