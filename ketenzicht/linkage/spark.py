"""The Spark backend: the same linkage settings on a Spark session.

For EU-scale volumes the chain can run `link(..., backend="spark")` (or
`ketenzicht link --backend spark`) on a cluster; here it uses a local session.
Splink translates the comparison SQL to Spark's dialect and registers its
similarity functions (Jaro-Winkler, Damerau-Levenshtein) from the jar it ships.
Preparation stays in DuckDB on the driver, which is fine to tens of millions of
records; beyond that the same SQL runs in Spark unchanged.
"""

from __future__ import annotations

import os

import pyarrow as pa
from pyspark.sql import SparkSession
from splink.backends.spark import SparkAPI, similarity_jar_location

SPARK_MASTER = os.environ.get("KETENZICHT_SPARK_MASTER", "local[2]")


def session() -> SparkSession:
    return (
        SparkSession.builder.master(SPARK_MASTER)
        .appName("ketenzicht-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def register(prepared: pa.Table):
    spark = session()
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    frame = spark.createDataFrame(prepared)
    return db_api, db_api.register(frame, table_name="records")
