"""Turn partner extracts into the columns the linkage model compares.

Input is a table with the documented extract columns (`EXTRACT_COLUMNS`; see
docs/linkage.md). Output adds what the comparisons need:

- `name_tokens`: the folded name tokens of given and family names (or the full
  name), de-duplicated and sorted, so the comparison is free of token order
  (Vietnamese and Eritrean name order varies between organisations) and of
  diacritics and transliteration (`people.names` folds Mohammed / Muhammad,
  Nguyễn / Nguyen). `name_key` is the same list as one string, `tok_first` and
  `tok_last` its alphabetically first and last token, leaving out parts nearly
  everyone has (`COMMON_TOKEN_SHARE`; blocking keys that survive a typing
  error in the other tokens). `rare_name_key` is `name_key` only for
  names held by at most `RARE_NAME_MAX` records: a blocking key for "same
  name, date missing or wrong" that does not compare every Ali Hussein Omar
  with every other (quadratic in the name's frequency, and such a pair could
  never reach the review threshold on a common name alone).
- `dob`: the date of birth only when it is a full, real date; `dob_year`,
  `dob_month`, `dob_day` where known. 1 January is the chain's registration
  placeholder, so a 1 January date counts for its year only, flagged or not.

Folding runs in Python on the *distinct* name fields (tens of thousands at a
million records), everything else in DuckDB, so preparation stays a few seconds
at a million records.
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa

from ketenzicht.people.names import name_tokens

EXTRACT_COLUMNS = (
    "source",
    "record_id",
    "given_names",
    "family_name",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "v_number",
    "org_number",
)
# Optional extract columns: the chain's own exports add the first two; partner
# extracts may carry an address (FEBRL and municipal extracts do).
OPTIONAL_COLUMNS = ("dob_precision", "dob_is_placeholder", "address", "postcode")
REQUIRED_COLUMNS = ("source", "record_id")

# Records sharing one name beyond which the name alone is no reason to compare.
RARE_NAME_MAX = 25
# A name part held by more than this share of all records ("al" in Arabic names)
# says too little to block on; `tok_first` and `tok_last` skip it.
COMMON_TOKEN_SHARE = 0.05

_DATE = re.compile(r"^\s*(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?\s*$")


class ExtractError(ValueError):
    """An extract that cannot be linked, with the row and column at fault."""


def _column_or_null(present: set[str], name: str, sql_type: str = "VARCHAR") -> str:
    if name in present:
        return f"nullif(trim(CAST({name} AS VARCHAR)), '')"
    return f"CAST(NULL AS {sql_type})"


def prepare(con: duckdb.DuckDBPyConnection, records: pa.Table, table: str = "prepared") -> int:
    """Create `table` in `con` with one comparable row per input record; returns the count."""
    present = set(records.column_names)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise ExtractError(f"missing column(s): {', '.join(missing)}")
    con.register("raw_input", records)
    duplicates = con.execute(
        "SELECT source, record_id, count(*) FROM raw_input GROUP BY ALL HAVING count(*) > 1 LIMIT 3"
    ).fetchall()
    if duplicates:
        shown = ", ".join(f"{s}:{r}" for s, r, _ in duplicates)
        raise ExtractError(f"record_id is not unique within its source: {shown}")

    col = {c: _column_or_null(present, c) for c in (*EXTRACT_COLUMNS, *OPTIONAL_COLUMNS)}
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE raw_fields AS
        SELECT row_number() OVER () AS row_no,
               CAST(source AS VARCHAR) AS source,
               CAST(record_id AS VARCHAR) AS record_id,
               {col["given_names"]} AS given_names,
               {col["family_name"]} AS family_name,
               {col["full_name"]} AS full_name,
               {col["date_of_birth"]} AS date_of_birth,
               {col["dob_precision"]} AS dob_precision,
               {col["dob_is_placeholder"]} AS dob_is_placeholder,
               lower({col["sex"]}) AS sex,
               upper({col["nationality"]}) AS nationality,
               upper(replace({col["v_number"]}, ' ', '')) AS v_number,
               upper(replace({col["org_number"]}, ' ', '')) AS org_number,
               lower({col["address"]}) AS address,
               replace({col["postcode"]}, ' ', '') AS postcode
        FROM raw_input
        """
    )
    con.unregister("raw_input")
    _fold_names(con)
    _parse_dates(con)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE named AS
        SELECT f.*,
               list_sort(list_distinct(
                   CASE WHEN g.tokens IS NULL AND fam.tokens IS NULL THEN fn.tokens
                        ELSE list_concat(coalesce(g.tokens, []), coalesce(fam.tokens, []))
                   END)) AS toks
        FROM raw_fields f
        LEFT JOIN folded g ON g.field = f.given_names
        LEFT JOIN folded fam ON fam.field = f.family_name
        LEFT JOIN folded fn ON fn.field = f.full_name
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE common_tokens AS
        SELECT coalesce(list(tok), []) AS toks FROM (
            SELECT tok FROM (SELECT unnest(toks) AS tok FROM named)
            GROUP BY tok HAVING count(*) > {COMMON_TOKEN_SHARE} * (SELECT count(*) FROM named)
        )
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {table} AS
        WITH keyed AS (
            SELECT n.*,
                   coalesce(nullif(list_filter(n.toks, lambda t: NOT list_contains(c.toks, t)),
                                   []), n.toks) AS outer_toks
            FROM named n CROSS JOIN common_tokens c
        )
        SELECT n.source || ':' || n.record_id AS unique_id,
               n.source AS source_dataset,
               n.record_id,
               CASE WHEN len(n.toks) > 0 THEN n.toks END AS name_tokens,
               CASE WHEN len(n.toks) > 0 THEN array_to_string(n.toks, ' ') END AS name_key,
               CASE WHEN len(n.toks) > 0
                         AND count(*) OVER (PARTITION BY n.toks) <= {RARE_NAME_MAX}
                    THEN array_to_string(n.toks, ' ') END AS rare_name_key,
               n.outer_toks[1] AS tok_first,
               n.outer_toks[-1] AS tok_last,
               d.dob, d.dob_year, d.dob_month, d.dob_day,
               CASE WHEN n.sex IN ('m', 'f', 'x') THEN n.sex END AS sex,
               n.nationality, n.v_number, n.org_number, n.address, n.postcode
        FROM keyed n JOIN dates d USING (row_no)
        """
    )
    con.execute(
        "DROP TABLE raw_fields; DROP TABLE folded; DROP TABLE dates; DROP TABLE named; "
        "DROP TABLE common_tokens"
    )
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _fold_names(con: duckdb.DuckDBPyConnection) -> None:
    fields = con.execute(
        """
        SELECT DISTINCT v FROM (
            SELECT given_names AS v FROM raw_fields
            UNION ALL SELECT family_name FROM raw_fields
            UNION ALL SELECT full_name FROM raw_fields
        ) WHERE v IS NOT NULL
        """
    ).fetchall()
    values = [v for (v,) in fields]
    tokens = [sorted(set(name_tokens(v))) or None for v in values]
    con.register(
        "folded_arrow",
        pa.table({"field": values, "tokens": pa.array(tokens, type=pa.list_(pa.string()))}),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE folded AS SELECT * FROM folded_arrow")
    con.unregister("folded_arrow")


def _parse_dates(con: duckdb.DuckDBPyConnection) -> None:
    """Split dates into parts; keep a full date only where it is real, not a placeholder."""
    con.execute(
        r"""
        CREATE OR REPLACE TEMP TABLE dates AS
        WITH parts AS (
            SELECT row_no, dob_precision, lower(coalesce(dob_is_placeholder, '')) AS placeholder,
                   regexp_extract(date_of_birth, '^(\d{4})-?(\d{2})?-?(\d{2})?$',
                                  ['y', 'm', 'd']) AS p
            FROM raw_fields
        ), typed AS (
            SELECT row_no, dob_precision, placeholder,
                   TRY_CAST(nullif(p.y, '') AS INTEGER) AS y,
                   CASE WHEN TRY_CAST(nullif(p.m, '') AS INTEGER) BETWEEN 1 AND 12
                        THEN TRY_CAST(p.m AS INTEGER) END AS m,
                   CASE WHEN TRY_CAST(nullif(p.d, '') AS INTEGER) BETWEEN 1 AND 31
                        THEN TRY_CAST(p.d AS INTEGER) END AS d
            FROM parts
        ), known AS (
            SELECT row_no, y,
                   CASE WHEN dob_precision IN ('year', 'unknown') THEN NULL ELSE m END AS m,
                   CASE WHEN dob_precision IN ('year', 'year_month', 'unknown') THEN NULL
                        ELSE d END AS d,
                   placeholder IN ('true', 't', '1', 'yes') AS flagged,
                   coalesce(dob_precision = 'unknown', false) AS unknown
            FROM typed
        )
        SELECT row_no,
               CASE WHEN unknown THEN NULL ELSE y END AS dob_year,
               CASE WHEN unknown OR flagged OR (m = 1 AND d = 1) THEN NULL ELSE m END
                   AS dob_month,
               CASE WHEN unknown OR flagged OR (m = 1 AND d = 1) THEN NULL ELSE d END AS dob_day,
               CASE WHEN NOT unknown AND NOT flagged AND NOT (m = 1 AND d = 1)
                         AND y IS NOT NULL AND m IS NOT NULL AND d IS NOT NULL
                    THEN printf('%04d-%02d-%02d', y, m, d) END AS dob
        FROM known
        """
    )


_SEXES = {"m", "f", "x", "u", "male", "female"}


def check(records: pa.Table, limit: int = 1000) -> list[str]:
    """Problems per row and column that linkage survives (the value counts as unknown).

    Rows are the file's line numbers when the CLI added `file_row`, else positions.
    """
    data = records.to_pydict()
    rows = data.get("file_row") or list(range(1, records.num_rows + 1))
    issues: list[str] = []
    for column, valid, expected in (
        ("date_of_birth", _valid_date, "YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY"),
        ("sex", lambda v: v.strip().lower() in _SEXES, "m, f, x or u"),
        ("nationality", lambda v: len(v.strip()) == 3 and v.strip().isalpha(), "ISO 3166 alpha-3"),
    ):
        for row, source, value in zip(rows, data["source"], data.get(column) or (), strict=False):
            if value not in (None, "") and not valid(value):
                issues.append(f"{source} row {row}, column {column}: {value!r} is not {expected}")
                if len(issues) >= limit:
                    return issues
    return issues


def _valid_date(value: str) -> bool:
    match = _DATE.match(value)
    if not match:
        return False
    month, day = match.group(2), match.group(3)
    return (month is None or 1 <= int(month) <= 12) and (day is None or 1 <= int(day) <= 31)
