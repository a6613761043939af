"""transfer_nlp.spark and `transfer-nlp spark-extract` on a local[2] Spark session.

One SparkSession for the whole test run (starting the JVM is the slow part), and few jobs:
each Python worker loads the pipeline once per model, so the tests share models where they can.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")

from pyspark.sql import SparkSession
from typer.testing import CliRunner

from transfer_nlp import spark as tspark
from transfer_nlp.cli import app
from transfer_nlp.errors import InputError, ModelNotFoundError
from transfer_nlp.runner import run_extract

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Everton have signed Marcus Holm from Burnley for £12m on a four-year contract."
FAILS_ON = "Trigger the failing test component please."


@pytest.fixture(scope="session")
def spark() -> Any:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("transfer-nlp-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles of corpus/ plus generated ones (the benchmark's generator)."""
    spec = importlib.util.spec_from_file_location("throughput", ROOT / "benchmarks/throughput.py")
    assert spec and spec.loader
    throughput = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(throughput)
    folder = tmp_path_factory.mktemp("articles")
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for i, text in enumerate(throughput.generate_texts(1500, seed=7)):
        (folder / f"generated_{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def saved_model(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline saved as `transfer-nlp build` saves it; the tests that run the pipeline share
    it, so each worker loads it once for all of them."""
    folder = tmp_path_factory.mktemp("model") / "transfer_en"
    nlp.to_disk(folder)
    return folder


def canonical(obj: Any) -> str:
    """One JSON line whatever the key order, with every number as a float (Spark's doubles
    and ints read back as Python floats and ints alike)."""

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return value

    return json.dumps(norm(obj), sort_keys=True, ensure_ascii=False)


def cli_lines(folder: Path, out: Path, nlp: Any, records: str = "events") -> set[str]:
    """What `transfer-nlp extract FOLDER --records RECORDS` writes, as canonical lines."""
    run_extract([folder], out, nlp_or_model=nlp, records=records, force=True)
    return {canonical(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()}


def test_spark_extract_df_same_records_as_cli(spark, articles, nlp, saved_model, tmp_path):
    expected = cli_lines(articles, tmp_path / "events.jsonl", nlp)
    rows = [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(articles.glob("*.txt"))]
    df = spark.createDataFrame(rows, "doc_id string, text string").repartition(3)
    loads = tspark.load_counter(spark)

    out = tspark.extract_df(df, model=saved_model, loads=loads)

    assert out.schema == tspark.record_schema("events")
    records, issues = tspark.split_errors(out.cache())
    got = [canonical(tspark.row_to_record(r.asDict(recursive=True))) for r in records.collect()]
    assert len(got) == len(set(got))
    assert set(got) == expected
    assert len(expected) > len(rows)  # the comparison covers many events, not a few
    assert issues.count() == 0
    # At most one load per worker process (none if an earlier test loaded it in that worker).
    assert all(n == 1 for n in loads.value.values()), loads.value
    assert sum(loads.value.values()) <= 2


def test_spark_extract_df_bad_rows_become_error_rows(spark):
    def pipeline_failing_on_marker() -> Any:
        # Runs in the workers: the default pipeline plus a component that fails on one text.
        from spacy.language import Language

        import transfer_nlp

        @Language.component("test_fails_on_marker")
        def fails_on_marker(doc: Any) -> Any:
            if "failing test component" in doc.text:
                raise RuntimeError("boom on purpose")
            return doc

        nlp = transfer_nlp.load()
        nlp.add_pipe("test_fails_on_marker")
        return nlp

    good = [(f"good{i}", GOOD.replace("Marcus Holm", name)) for i, name in
            enumerate(["Marcus Holm", "Dario Pellin", "Tomas Brandt", "Oscar Vidal"])]  # fmt: skip
    bad = [("null", None), ("empty", ""), ("blank", " \n "), ("fails", FAILS_ON)]
    df = spark.createDataFrame(good + bad + [("long", GOOD + " More words." * 30)],
                               "doc_id string, text string").repartition(6)  # fmt: skip
    loads = tspark.load_counter(spark)

    out = tspark.extract_df(df, model=pipeline_failing_on_marker, max_chars=200, loads=loads)
    rows = [r.asDict(recursive=True) for r in out.collect()]  # the job succeeds

    errors = {r["doc_id"]: r["error"] for r in rows if r["error"]}
    assert {k: (e["level"], e["code"]) for k, e in errors.items()} == {
        "null": ("error", "E014"),
        "empty": ("error", "E004"),
        "blank": ("error", "E004"),
        "fails": ("error", "E015"),
        "long": ("warning", "W002"),
    }
    assert "boom on purpose" in errors["fails"]["reason"]
    assert all(e["reason"].startswith(f"[{e['code']}] ") for e in errors.values())
    people = {r["doc_id"]: r["person"] for r in rows if not r["error"]}
    assert set(people) == {"good0", "good1", "good2", "good3", "long"}
    assert people["good1"] == "Dario Pellin"
    # The pipeline is loaded once per worker process and kept across tasks: 6 tasks, at most
    # 2 workers (local[2]), each loading once.
    assert loads.value, "the pipeline was never loaded"
    assert all(n == 1 for n in loads.value.values()), loads.value
    assert len(loads.value) <= 2


def test_spark_extract_df_non_string_column_is_an_error_row(spark):
    df = spark.createDataFrame([("a", 42), ("b", None)], "doc_id string, text int")

    rows = tspark.extract_df(df, records="documents").collect()

    assert rows
    assert all(r["error"]["code"] == "E014" and r["entities"] is None for r in rows)
    assert "expected a string, got int" in {r["doc_id"]: r for r in rows}["a"]["error"]["reason"]


def test_spark_extract_df_checks_arguments_before_running(spark):
    df = spark.createDataFrame([("a", GOOD)], "doc_id string, body string")
    with pytest.raises(InputError, match=r"\[E023\].*text"):
        tspark.extract_df(df)
    with pytest.raises(InputError, match=r"\[E007\]"):
        tspark.extract_df(df, text_col="body", records="sentences")
    with pytest.raises(ModelNotFoundError, match=r"\[E001\]"):
        tspark.extract_df(df, text_col="body", model="no_such_pipeline_xyz")
    assert tspark.extract_df(df, text_col="body", records="documents").schema == (
        tspark.record_schema("documents")
    )


def test_spark_record_schema_follows_the_records_doc():
    events = tspark.record_schema("events")
    assert events.names == [
        "schema", "doc_id", "published", "source", "type", "status", "person", "role", "from_club", "to_club", "fee",
        "fee_text", "contract_years", "contract_until", "confidence", "evidence", "mentions",
        "error",
    ]  # fmt: skip
    fee = events["fee"].dataType
    assert fee.names == ["amount", "currency", "text", "amount_max", "equivalents"]
    assert events["evidence"].dataType.elementType.names == ["sentence", "start", "end"]
    docs = tspark.record_schema("documents")
    assert docs.names == ["schema", "doc_id", "published", "source", "entities", "events", "error"]
    assert docs["events"].dataType.elementType.names == events.names[4:-1]


def test_spark_cli_jsonl_same_lines_and_errors_as_extract(spark, nlp, saved_model, tmp_path):
    """A saved pipeline (`transfer-nlp build`) reaches the executors; the JSON lines and the
    errors file are those of `transfer-nlp extract`, in another order."""
    inputs = tmp_path / "in"
    # The top-level sample articles; the dated month in corpus/stories/ adds nothing here.
    shutil.copytree(ROOT / "corpus", inputs, ignore=shutil.ignore_patterns("stories"))
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    feed = [json.dumps({"id": "f1", "text": GOOD}), "{not json", json.dumps({"id": "f3"})]
    (inputs / "feed.jsonl").write_text("\n".join(feed) + "\n", encoding="utf-8")
    extract_out = tmp_path / "docs.jsonl"
    expected = cli_lines(inputs, extract_out, nlp, records="documents")
    expected_errors = (tmp_path / "docs.jsonl.errors.jsonl").read_text(encoding="utf-8")

    out = tmp_path / "spark_out"
    result = CliRunner().invoke(app, [
        "spark-extract", str(inputs), "-o", str(out), "--format", "jsonl", "--records",
        "documents", "--master", "local[2]", "--partitions", "3", "-m", str(saved_model),
    ])  # fmt: skip

    assert result.exit_code == 2, result.output  # finished, some inputs failed
    lines = [
        line
        for part in sorted((out / "records").glob("part-*"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    assert {canonical(json.loads(line)) for line in lines} == expected
    assert len(lines) == len(expected)
    errors = (out / "errors.jsonl").read_text(encoding="utf-8")
    assert sorted(errors.splitlines()) == sorted(expected_errors.splitlines())
    assert not (out / "input-staging").exists()
    assert "5 articles read" in result.output and "3 failed" in result.output


def test_spark_cli_parquet_has_the_declared_schema(spark, saved_model, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"

    args = ["spark-extract", str(inputs), "-o", str(out), "-m", str(saved_model)]
    result = CliRunner().invoke(app, [*args, "-q"])

    assert result.exit_code == 0, result.output
    table = spark.read.parquet(str(out / "records"))
    declared = tspark.record_schema("events")
    assert table.schema.fields == declared.fields[:-1]  # all but `error`
    (row,) = table.collect()
    assert (row["doc_id"], row["person"], row["fee"]["amount"]) == ("a.txt", "Marcus Holm", 12e6)
    assert not (out / "errors.jsonl").exists()

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "[E026]" in again.output


def test_spark_run_checks_arguments_before_any_work(spark, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"\[E024\]"):
        tspark.run_spark_extract([tmp_path / "a.txt"], out, spark=spark, fmt="csv")
    with pytest.raises(InputError, match=r"\[E025\]"):
        tspark.run_spark_extract([tmp_path / "a.txt"], tmp_path / "a.txt", spark=spark)
    with pytest.raises(InputError, match=r"\[E005\]"):
        tspark.run_spark_extract([tmp_path / "none"], out, spark=spark)

    result = CliRunner().invoke(
        app, ["spark-extract", str(tmp_path / "a.txt"), "-o", str(out), "-m", "no_such_model_xyz"]
    )

    assert result.exit_code == 1
    assert "[E001]" in result.output
    assert not out.exists()
