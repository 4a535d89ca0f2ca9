"""Partner extracts of the synthetic chain, straight from the demo's plans.

The database loader (`generator.py`) and this module read the same plans, so a
person has the same names, dates and numbers in both; this one writes no rows
and needs no database, which makes linkage test sets of any size cheap:
`manage.py demo_extracts DIR --persons 400000 --sources coa,ind,politie`
writes one CSV per organisation in the extract columns of docs/linkage.md and
`truth.csv` (source, record_id, true_id, nationality), the answer key that
never enters the application.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import numbers
from . import plan as planning

EXTRACT_HEADER = (
    "source",
    "record_id",
    "given_names",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "dob_is_placeholder",
    "sex",
    "nationality",
    "v_number",
    "org_number",
)

_NATIONALITY = EXTRACT_HEADER.index("nationality")


@dataclass(frozen=True)
class ExtractRow:
    values: tuple[str, ...]  # in EXTRACT_HEADER order
    true_id: str

    @property
    def nationality(self) -> str:
        return self.values[_NATIONALITY]


def extract_rows(
    persons: int, seed: int, as_of: date, sources: Sequence[str] | None = None
) -> Iterator[ExtractRow]:
    """One row per record the plans give the organisations in `sources` (all when None)."""
    apportionment = planning.apportion(persons, as_of)
    wanted = set(sources) if sources else None
    for p in planning.plans(apportionment, seed, as_of, 0, persons):
        v = numbers.v_number(seed, p.index)
        for k, r in enumerate(p.records):
            if wanted is not None and r.organisation not in wanted:
                continue
            t = r.text
            yield ExtractRow(
                values=(
                    r.organisation,
                    f"{r.organisation}-{p.index}-{k}",
                    t.given_names,
                    t.family_name,
                    t.date_of_birth.isoformat() if t.date_of_birth else "",
                    t.dob_precision,
                    "true" if t.dob_is_placeholder else "false",
                    p.sex,
                    p.cell.nationality,
                    "" if t.missing_v_number else v,
                    numbers.org_number(r.organisation, p.index, p.arrival),
                ),
                true_id=p.true_key,
            )


def write_extracts(
    directory: Path,
    *,
    persons: int,
    seed: int,
    as_of: date,
    sources: Sequence[str] | None = None,
    max_records: int | None = None,
) -> dict[str, int]:
    """Write `<source>.csv` per organisation and `truth.csv`; returns records per source.

    With `max_records` it stops at the first person after that many records.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files, writers, counts = {}, {}, {}
    with (directory / "truth.csv").open("w", newline="", encoding="utf-8") as truth_file:
        truth = csv.writer(truth_file)
        truth.writerow(("source", "record_id", "true_id", "nationality"))
        try:
            last_true_id = None
            for written, row in enumerate(extract_rows(persons, seed, as_of, sources)):
                # Stop at a person boundary: a person is in the set with all their records.
                full = max_records is not None and written >= max_records
                if full and row.true_id != last_true_id:
                    break
                last_true_id = row.true_id
                source = row.values[0]
                if source not in writers:
                    files[source] = (directory / f"{source}.csv").open(
                        "w", newline="", encoding="utf-8"
                    )
                    writers[source] = csv.writer(files[source])
                    writers[source].writerow(EXTRACT_HEADER)
                    counts[source] = 0
                writers[source].writerow(row.values)
                truth.writerow((source, row.values[1], row.true_id, row.nationality))
                counts[source] += 1
        finally:
            for handle in files.values():
                handle.close()
    return counts
