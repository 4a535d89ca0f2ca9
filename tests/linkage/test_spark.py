"""The Spark backend runs the model DuckDB trained and reaches the same answer.

A local Spark session (pyspark and a Java runtime, both installed by
`make test`); a missing Java or pyspark fails this test, it is never skipped.
"""

import pytest

from ketenzicht.linkage import engine, evaluation

from .extracts import demo_extract


@pytest.fixture(scope="module")
def spark_session():
    from ketenzicht.linkage import spark

    session = spark.session()
    yield session
    session.stop()


def key(pair: engine.ScoredPair) -> tuple[str, str, str, str]:
    return (pair.left_source, pair.left_record, pair.right_source, pair.right_record)


def test_spark_scores_and_clusters_like_duckdb(spark_session):
    extract = demo_extract(300, seed=8)
    duckdb_run = engine.link(extract.table, cluster_threshold=0.5)
    spark_run = engine.link(
        extract.table, model=duckdb_run.model, backend="spark", cluster_threshold=0.5
    )
    assert spark_session.sparkContext.appName == "ketenzicht-linkage"

    on_duckdb = {key(p): p for p in duckdb_run.pairs}
    on_spark = {key(p): p for p in spark_run.pairs}
    assert on_spark.keys() == on_duckdb.keys() and len(on_spark) > 300
    same_weight = [
        k for k in on_spark if abs(on_spark[k].match_weight - on_duckdb[k].match_weight) < 0.01
    ]
    assert len(same_weight) >= 0.95 * len(on_spark)
    assert spark_run.clusters == duckdb_run.clusters
    assert evaluation.quality(spark_run.clusters, extract.truth).f1 >= 0.95
    # The model comes back in DuckDB's dialect, as stored and reused by the chain.
    assert spark_run.model["sql_dialect"] == "duckdb"
