"""Demo-chain extracts as the engine's input table, for engine, CLI and Spark tests."""

from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from ketenzicht.demo.extracts import EXTRACT_HEADER, extract_rows

AS_OF = date(2025, 12, 31)


@dataclass
class DemoExtract:
    table: pa.Table
    truth: dict[str, str]  # "source:record_id" → true identity
    nationality: dict[str, str]


def demo_extract(persons: int, seed: int = 1, sources: list[str] | None = None) -> DemoExtract:
    rows = list(extract_rows(persons, seed, AS_OF, sources))
    table = pa.Table.from_pylist(
        [dict(zip(EXTRACT_HEADER, map(str, r.values), strict=True)) for r in rows]
    )
    keys = [f"{r.values[0]}:{r.values[1]}" for r in rows]
    return DemoExtract(
        table=table,
        truth={k: r.true_id for k, r in zip(keys, rows, strict=True)},
        nationality={k: r.nationality for k, r in zip(keys, rows, strict=True)},
    )
