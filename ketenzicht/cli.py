"""`ketenzicht link`: link partner extracts (CSV) without the web application.

    ketenzicht link --input coa.csv --input ind.csv --output links.csv [--truth truth.csv]

Columns are documented in docs/linkage.md. The output has one row per input
record with its cluster id; `--truth` (source, record_id, true_id) reports
pairwise precision, recall and F1, overall and per `--by` column. Problems in the
input are reported per row and column; a file that cannot be linked at all
(missing column, duplicate record ids) stops with exit code 2 and a message.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from ketenzicht.linkage import engine, evaluation
from ketenzicht.linkage.prepare import EXTRACT_COLUMNS, OPTIONAL_COLUMNS, ExtractError, check

EXIT_BAD_INPUT = 2


def read_extracts(paths: list[Path]) -> pa.Table:
    """Read CSV extracts as text; a file without a `source` column is named by its file."""
    con = duckdb.connect()
    known = set(EXTRACT_COLUMNS) | set(OPTIONAL_COLUMNS)
    tables = []
    for path in paths:
        if not path.is_file():
            raise ExtractError(f"{path}: no such file")
        try:
            relation = con.read_csv(str(path), all_varchar=True, header=True)
        except duckdb.Error as exc:
            raise ExtractError(f"{path}: not a readable CSV file ({exc})") from exc
        columns = [c for c in relation.columns if c in known]
        if "record_id" not in columns:
            raise ExtractError(f"{path}: missing column 'record_id'")
        table = relation.select(", ".join(f'"{c}"' for c in columns)).to_arrow_table()
        if "source" not in columns:
            table = table.append_column("source", pa.array([path.stem] * table.num_rows))
        table = table.append_column("file_row", pa.array(range(2, table.num_rows + 2)))
        tables.append(table)
    con.close()
    return pa.concat_tables(tables, promote_options="default")


def read_truth(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"source", "record_id", "true_id"} - set(reader.fieldnames or ())
        if missing:
            raise ExtractError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        return {f"{row['source']}:{row['record_id']}": row["true_id"] for row in reader}


def _link_command(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        records = read_extracts([Path(p) for p in args.input])
        truth = read_truth(Path(args.truth)) if args.truth else None
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for issue in check(records)[: args.show_issues]:
        print(f"warning: {issue}", file=sys.stderr)
    model = json.loads(Path(args.model).read_text()) if args.model else None
    try:
        result = engine.link(
            records,
            model=model,
            explain=bool(args.pairs),
            min_probability=args.min_probability,
            cluster_threshold=args.threshold,
            one_per_source=not args.within_source_duplicates,
            threads=args.threads,
            backend=args.backend,
        )
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    write_clusters(Path(args.output), records, result.clusters)
    if args.pairs:
        write_pairs(Path(args.pairs), result.pairs)
    if args.save_model:
        Path(args.save_model).write_text(json.dumps(result.model, indent=1))
    summary = {
        "records": result.counts["records"],
        "pairs_scored": result.counts["pairs"],
        "clusters": result.counts.get("clusters"),
        "seconds": round(time.perf_counter() - started, 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "timings": result.timings,
    }
    if truth is not None:
        summary["quality"] = evaluation.quality(result.clusters, truth).as_dict()
        if args.by:
            groups = _groups(records, args.by)
            summary[f"quality_by_{args.by}"] = {
                name: q.as_dict()
                for name, q in evaluation.quality_by_group(
                    result.clusters, {k: v for k, v in truth.items() if k in groups}, groups
                ).items()
            }
    print(json.dumps(summary, indent=2))
    return 0


def _groups(records: pa.Table, column: str) -> dict[str, str]:
    if column not in records.column_names:
        return {}
    data = records.select(["source", "record_id", column]).to_pydict()
    return {
        f"{s}:{r}": g or "?"
        for s, r, g in zip(data["source"], data["record_id"], data[column], strict=True)
    }


def write_clusters(path: Path, records: pa.Table, clusters: dict[str, str]) -> None:
    data = records.select(["source", "record_id"]).to_pydict()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "cluster_id"])
        for source, record_id in zip(data["source"], data["record_id"], strict=True):
            key = f"{source}:{record_id}"
            writer.writerow([source, record_id, clusters.get(key, key)])


def write_pairs(path: Path, pairs: list[engine.ScoredPair]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["source_l", "record_id_l", "source_r", "record_id_r", "match_weight",
             "match_probability", "explanation"]
        )  # fmt: skip
        for p in pairs:
            why = "; ".join(f"{e.comparison}: {e.level} ({e.weight:+.1f})" for e in p.explanation)
            writer.writerow(
                [p.left_source, p.left_record, p.right_source, p.right_record,
                 f"{p.match_weight:.3f}", f"{p.match_probability:.6f}", why]
            )  # fmt: skip


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="ketenzicht", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    link = commands.add_parser("link", help="link CSV extracts into clusters of one person")
    link.add_argument("--input", action="append", required=True, help="CSV extract (repeat)")
    link.add_argument("--output", required=True, help="CSV with source, record_id, cluster_id")
    link.add_argument("--truth", help="CSV with source, record_id, true_id: report quality")
    link.add_argument("--by", help="also report quality per value of this column")
    link.add_argument("--pairs", help="also write scored pairs with their explanation")
    link.add_argument("--threshold", type=float, default=0.5, help="cluster at this probability")
    link.add_argument("--min-probability", type=float, default=0.5, help="keep pairs from here")
    link.add_argument("--model", help="trained model (JSON) to use instead of training")
    link.add_argument("--save-model", help="write the trained model (JSON) here")
    link.add_argument(
        "--within-source-duplicates",
        action="store_true",
        help="allow one source to hold several records of one person",
    )
    link.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    link.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")
    link.add_argument("--show-issues", type=int, default=20, help="input problems to print")
    link.set_defaults(handler=_link_command)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
