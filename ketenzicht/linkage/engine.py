"""Probabilistic identity linkage with Splink on an embedded DuckDB.

`link()` takes records in the documented extract columns (a pyarrow table, from
CSV files through the CLI or from the registry through `extract.py`), trains the
model unsupervised (EM) unless a trained model is passed in, scores candidate
pairs, and optionally clusters them. Every scored pair carries its explanation:
the match weight each comparison contributed, which the review screen shows as a
waterfall. The application never sees Splink; it sees `ScoredPair`s.

Incremental runs pass the trained `model` and the ids of new records: training
is skipped and only pairs with at least one new record are scored.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from splink import Linker
from splink.backends.duckdb import DuckDBAPI

from . import comparisons
from .prepare import prepare

Progress = Callable[[str, float], None]
logger = logging.getLogger(__name__)

# Sample sizes for training: enough for stable parameters, bounded so training
# time does not grow with the chain. (Splink samples EM by blocked pairs; its
# `record_sample_proportion` only sizes the pre-count.)
U_SAMPLE_PAIRS = 500_000
EM_MAX_PAIRS = 1_000_000
# Recall assumed for the deterministic rules when estimating the prior.
DETERMINISTIC_RECALL = 0.7
# EM learns m = 0 for a disagreement its training pairs never show (the demo
# never changes a person's sex between organisations); one such disagreement
# would then outweigh a shared V-nummer and everything else. No single
# disagreement is that certain: it costs at most log2(M_FLOOR / u).
M_FLOOR = 0.001


@dataclass(frozen=True)
class Explanation:
    comparison: str
    level: str
    weight: float  # log2 Bayes factor, term frequency adjustment included


@dataclass(frozen=True)
class ScoredPair:
    left_source: str
    left_record: str
    right_source: str
    right_record: str
    match_weight: float
    match_probability: float
    explanation: tuple[Explanation, ...]


@dataclass
class LinkResult:
    pairs: list[ScoredPair]
    model: dict[str, Any]
    # unique id ("source:record_id") → cluster id, when clustering was asked for
    clusters: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # training steps that could not run


def _quiet_splink() -> None:
    # Splink narrates training at INFO and warns about every level EM did not
    # see (expected: a small chain has no day/month swaps); the CLI and the job
    # report their own progress, and the trained model shows every parameter.
    logging.getLogger("splink").setLevel(logging.ERROR)


def link(
    records: pa.Table,
    *,
    model: dict[str, Any] | None = None,
    new_record_ids: Iterable[str] | None = None,
    min_probability: float = 0.5,
    explain: bool = True,
    cluster_threshold: float | None = None,
    one_per_source: bool = True,
    progress: Progress | None = None,
    threads: int | None = None,
    backend: str = "duckdb",
) -> LinkResult:
    """Score (and optionally cluster) the records; see the module docstring.

    `new_record_ids` are `record_id` values (as strings). `cluster_threshold`
    clusters pairs at or above that probability; with `one_per_source` a cluster
    holds at most one record per source (each organisation numbers a person
    once), so a record joins only its single best match from another source.
    `backend="spark"` runs the same settings on a local Spark session (see
    `spark.py`); preparation stays in DuckDB.
    """
    _quiet_splink()
    report = progress or (lambda stage, fraction: None)
    notes: list[str] = []
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
    report("prepare", 0.05)
    n = prepare(con, records)
    counts = {"records": n}
    new_ids = set(new_record_ids or ())
    if new_ids:
        _mark_new(con, new_ids)
    sources = [s for (s,) in con.execute("SELECT DISTINCT source_dataset FROM prepared").fetchall()]
    filled = con.execute(
        "SELECT " + ", ".join(f"count({c})" for c in comparisons.OPTIONAL) + " FROM prepared"
    ).fetchall()[0]
    present = {c for c, k in zip(comparisons.OPTIONAL, filled, strict=True) if k}
    if comparisons.ORG_NUMBER in present and not _any_shared(con, comparisons.ORG_NUMBER):
        # Each organisation numbers in its own format: numbers that no two records
        # share are no evidence either way, and comparing them costs every pair.
        present.discard(comparisons.ORG_NUMBER)
    lap("prepare")

    settings = comparisons.settings(sources, present)
    if backend == "spark":
        # Imported here: pyspark is an optional extra and slow to import.
        from . import spark

        db_api, table = spark.register(con.execute("SELECT * FROM prepared").to_arrow_table())
        if model is not None:
            model = comparisons.in_dialect(model, settings, "spark")
    else:
        db_api = DuckDBAPI(connection=con)
        table = db_api.register("prepared", table_name="records")
    if model is None:
        linker = Linker(table, settings, log_level=None)
        report("train", 0.15)
        notes = _train(linker, present, lap)
        model = _with_m_floor(linker.misc.save_model_to_json())
        linker = Linker(table, model, log_level=None)
    else:
        linker = Linker(table, _with_new_only(model) if new_ids else model, log_level=None)
    report("predict", 0.5)
    predictions = linker.inference.predict(threshold_match_probability=min_probability)
    if backend == "spark":
        # The model is kept in DuckDB's dialect, the one the chain stores and reuses.
        model = comparisons.in_dialect(model, settings, "duckdb")
        # Results come back into DuckDB so explanation and clustering read one way.
        # Clustering runs there too, on the driver: Splink's iterative clustering
        # on Spark grows its query plan every round until the driver's heap is gone.
        con.register("spark_predictions", predictions.as_spark_dataframe().toArrow())
        predictions_table = "spark_predictions"
        linker, predictions = _duckdb_linker(con, model, predictions_table)
    else:
        predictions_table = predictions.physical_name
    counts["pairs"] = con.execute(f"SELECT count(*) FROM {predictions_table}").fetchall()[0][0]
    lap("predict")

    pairs: list[ScoredPair] = []
    if explain:
        report("explain", 0.8)
        pairs = list(_explained_pairs(con, predictions_table, model))
        lap("explain")
    clusters: dict[str, str] = {}
    if cluster_threshold is not None:
        report("cluster", 0.9)
        clusters = _cluster(linker, predictions, sources, cluster_threshold, one_per_source)
        counts["clusters"] = len(set(clusters.values()))
        lap("cluster")
    con.close()
    report("done", 1.0)
    return LinkResult(
        pairs=pairs, model=model, clusters=clusters, timings=timings, counts=counts, notes=notes
    )


def _duckdb_linker(con: duckdb.DuckDBPyConnection, model: dict[str, Any], predictions: str):
    """A DuckDB linker over `prepared` with `predictions` registered as its scored pairs."""
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("prepared", table_name="records"), model, log_level=None)
    registered = linker.table_management.register_table_predict(
        db_api.register(predictions, table_name="predictions")
    )
    return linker, registered


def _train(linker: Linker, present: set[str], lap: Callable[[str], None]) -> list[str]:
    """Train prior, u and m; returns notes on EM sessions that had to be skipped."""
    notes = []
    training = linker.training
    training.estimate_probability_two_random_records_match(
        list(comparisons.DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
    )
    lap("train_prior")
    training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    lap("train_u")
    for i, rule in enumerate(comparisons.training_blocking(present)):
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_MAX_PAIRS
            )
        except ValueError as exc:
            # Splink refuses an m probability that underflowed to 0, which EM can
            # produce on a small chain where a level occurs only among non-matches.
            # The comparisons of that session keep the values trained so far.
            if "below the minimum allowed value" not in str(exc):
                raise
            sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
            note = f"training session {i + 1} ({sql}) skipped: {exc}"
            logger.warning(note)
            notes.append(note)
        lap(f"train_em_{i + 1}")
    return notes


def _any_shared(con: duckdb.DuckDBPyConnection, column: str) -> bool:
    return bool(
        con.execute(
            f"SELECT 1 FROM prepared WHERE {column} IS NOT NULL "
            f"GROUP BY {column} HAVING count(*) > 1 LIMIT 1"
        ).fetchall()
    )


def _with_m_floor(model: dict[str, Any]) -> dict[str, Any]:
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("m_probability") is not None and level["m_probability"] < M_FLOOR:
                level["m_probability"] = M_FLOOR
    return model


def _mark_new(con: duckdb.DuckDBPyConnection, new_ids: set[str]) -> None:
    con.register("new_ids", pa.table({"record_id": sorted(new_ids)}))
    con.execute(
        "CREATE OR REPLACE TABLE prepared AS SELECT p.*, n.record_id IS NOT NULL AS is_new "
        "FROM prepared p LEFT JOIN new_ids n USING (record_id)"
    )
    con.unregister("new_ids")


def _with_new_only(model: dict[str, Any]) -> dict[str, Any]:
    """The trained model, comparing only pairs that involve a new record."""
    incremental = dict(model)
    incremental["blocking_rules_to_generate_predictions"] = [
        {**rule, "blocking_rule": f"({rule['blocking_rule']}) AND (l.is_new OR r.is_new)"}
        for rule in model["blocking_rules_to_generate_predictions"]
    ]
    return incremental


def _level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        count = len(levels)
        # Splink numbers levels from the most similar (count - 1) down to 0; null is -1.
        labels[comparison["output_column_name"]] = {
            count - 1 - i: lv.get("label_for_charts", lv["sql_condition"])
            for i, lv in enumerate(levels)
        }
    return labels


def _explained_pairs(
    con: duckdb.DuckDBPyConnection, predictions: str, model: dict[str, Any]
) -> Iterable[ScoredPair]:
    labels = _level_labels(model)
    names = list(labels)
    prior = model["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    columns = {r[0] for r in con.execute(f"DESCRIBE {predictions}").fetchall()}
    # Splink keeps, per comparison, the level reached (gamma) and its match weight
    # (mw, log2 of the Bayes factor) plus a term-frequency adjustment where used.
    parts = []
    for c in names:
        tf = f"mw_tf_adj_{c}" if f"mw_tf_adj_{c}" in columns else "0.0"
        parts.append(f"gamma_{c}, mw_{c} + coalesce({tf}, 0.0)")
    cursor = con.execute(
        f"SELECT source_dataset_l, record_id_l, source_dataset_r, record_id_r, "
        f"match_weight, match_probability, {', '.join(parts)} FROM {predictions} "
        "ORDER BY match_probability DESC"
    )
    while batch := cursor.fetchmany(10_000):
        for row in batch:
            values = iter(row[6:])
            explanation = [Explanation("prior", "two random records", round(prior_weight, 3))]
            for c in names:
                gamma, weight = next(values), next(values)
                if gamma == -1:
                    continue  # a missing value says nothing either way
                label = labels[c].get(gamma, str(gamma))
                explanation.append(Explanation(c, label, round(float(weight), 3)))
            yield ScoredPair(
                left_source=row[0],
                left_record=row[1],
                right_source=row[2],
                right_record=row[3],
                match_weight=float(row[4]),
                match_probability=float(row[5]),
                explanation=tuple(explanation),
            )


def _cluster(
    linker: Linker, predictions, sources: list[str], threshold: float, one_per_source: bool
) -> dict[str, str]:
    clustering = linker.clustering
    if one_per_source:
        clustered = clustering.cluster_using_single_best_links(
            predictions, duplicate_free_datasets=sources, threshold_match_probability=threshold
        )
    else:
        clustered = clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
    return {row["unique_id"]: str(row["cluster_id"]) for row in clustered.as_record_list()}
