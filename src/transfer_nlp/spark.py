"""Run the extractor on Apache Spark (`pip install "transfer-nlp[spark]"`).

`extract_df` turns a DataFrame of articles into a DataFrame of records with the schema of
docs/records.md, plus an `error` column for the articles that could not be processed. The
work runs in `mapInArrow`: each Python worker loads the pipeline once (on its first batch) and
keeps it for every later batch and task it runs, and each batch goes through `nlp.pipe`.

A bad row never fails the job: a null or non-string text, an empty one, an exception of the
pipeline on one article become rows whose `error` holds the same coded messages as the errors
file of `transfer-nlp extract`; a text over `max_chars` is truncated and gets a warning row.
See docs/spark.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
from pyspark import SparkFiles
from pyspark.accumulators import Accumulator, AccumulatorParam
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import to_arrow_schema
from pyspark.sql.types import (
    ArrayType,
    DataType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

from . import api
from .errors import Errors, InputError, ModelNotFoundError
from .reader import DEFAULT_MAX_CHARS, InputFailure, _article
from .runner import RECORD_KINDS, _ComponentErrors, _error_handler, dumps
from .schema import MONEY

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "ERROR_TYPE",
    "LoadCounter",
    "extract_df",
    "load_counter",
    "record_schema",
    "row_to_record",
    "split_errors",
]

ModelSpec = str | os.PathLike[str] | Callable[[], "Language"] | None

# Rows handed to Arrow at a time: small enough that a batch of document records stays a few
# megabytes, large enough that the per-batch cost is noise.
_ROWS_PER_BATCH = 512
_UNSEEN = "a pipeline component raised an error"


def _field(name: str, kind: DataType) -> StructField:
    return StructField(name, kind, nullable=True)


def _struct(**fields: DataType) -> StructType:
    return StructType([_field(name, kind) for name, kind in fields.items()])


_STR, _INT, _DOUBLE = StringType(), IntegerType(), DoubleType()
_EQUIVALENT = _struct(amount=_DOUBLE, currency=_STR, text=_STR)
_FEE = _struct(
    amount=_DOUBLE, currency=_STR, text=_STR, amount_max=_DOUBLE, equivalents=ArrayType(_EQUIVALENT)
)
_EVIDENCE = _struct(sentence=_STR, start=_INT, end=_INT)
_EVENT = _struct(
    type=_STR,
    status=_STR,
    person=_STR,
    role=_STR,
    from_club=_STR,
    to_club=_STR,
    fee=_FEE,
    fee_text=_STR,
    contract_years=_INT,
    contract_until=_STR,
    confidence=_DOUBLE,
    evidence=ArrayType(_EVIDENCE),
    mentions=_INT,
)
_ENTITY = _struct(
    text=_STR,
    label=_STR,
    start=_INT,
    end=_INT,
    canonical=_STR,
    amount=_DOUBLE,
    amount_max=_DOUBLE,
    currency=_STR,
    equivalents=ArrayType(_EQUIVALENT),
)
#: `error` column: null on record rows; on the row of an article that failed (`level`
#: "error") or was processed with a caveat (`level` "warning"), the fields of the CLI's errors
#: file. `path` is the value of `path_col` when one is given.
ERROR_TYPE = _struct(level=_STR, code=_STR, path=_STR, reason=_STR)
_MONEY_ONLY = ("amount", "amount_max", "currency", "equivalents")


def record_schema(records: str = "events") -> StructType:
    """The declared schema of `extract_df`'s output.

    `events`: `schema`, `doc_id`, `published`, `source`, the event fields, `error`;
    `documents`: `schema`, `doc_id`, `published`, `source`, `entities`, `events`, `error`.
    Names and types follow docs/records.md; every field is nullable, since an error row has
    only `doc_id` and `error`.
    """
    _check_kind(records)
    head = [
        _field("schema", _STR),
        _field("doc_id", _STR),
        _field("published", _STR),
        _field("source", _STR),
    ]
    if records == "documents":
        body = [_field("entities", ArrayType(_ENTITY)), _field("events", ArrayType(_EVENT))]
    else:
        body = list(_EVENT.fields)
    return StructType([*head, *body, _field("error", ERROR_TYPE)])


_LINE_SCHEMA = _struct(doc_id=_STR, line=_STR, error=ERROR_TYPE)


def _check_kind(records: str) -> None:
    if records not in RECORD_KINDS:
        raise InputError(Errors.E007(kind=records))


# --- counting pipeline loads -------------------------------------------------------------------


class _PerProcess(AccumulatorParam[dict[int, int]]):
    """Merges {process id: loads} counts from the workers."""

    def zero(self, value: dict[int, int]) -> dict[int, int]:
        return {}

    def addInPlace(self, value1: dict[int, int], value2: dict[int, int]) -> dict[int, int]:
        for pid, n in value2.items():
            value1[pid] = value1.get(pid, 0) + n
        return value1


LoadCounter = Accumulator[dict[int, int]]


def load_counter(spark: SparkSession) -> LoadCounter:
    """An accumulator for `extract_df(..., loads=...)`: after an action, `.value` maps each
    Python worker's process id to the number of times it loaded the pipeline (1 when the
    cache works; the number of workers is the number of keys)."""
    return spark.sparkContext.accumulator({}, _PerProcess())


# --- the driver side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs; pickled into the `mapInArrow` function."""

    text_col: str
    id_col: str
    path_col: str | None
    records: str
    as_lines: bool
    model: str | Callable[[], Language] | None
    shipped: str | None  # name of the model folder sent with SparkContext.addFile
    cache_key: str
    max_chars: int
    batch_size: int
    arrow_schema: pa.Schema
    loads: LoadCounter | None
    # Columns of each article's publication date and outlet, copied to the records.
    published_col: str | None = None
    source_col: str | None = None


def extract_df(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "doc_id",
    records: str = "events",
    model: ModelSpec = None,
    *,
    path_col: str | None = None,
    published_col: str | None = None,
    source_col: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
    ship_model: bool = True,
    loads: LoadCounter | None = None,
) -> DataFrame:
    """Records of the articles of `df`, computed on the executors.

    Args:
        df: one article per row.
        text_col: column of the article text.
        id_col: column of the article id (cast to a string), copied to `doc_id`.
        records: "events" (one row per event) or "documents" (one row per article).
        model: None for the default pipeline; the path of a pipeline saved by
            `transfer-nlp build`; the name of an installed spaCy pipeline; or a function without
            arguments that returns a pipeline (pickled to the workers, called once in each).
        path_col: optional column copied into `error.path` (e.g. the file an article came from).
        published_col, source_col: optional columns of the article's publication date
            (YYYY-MM-DD) and outlet, copied to each record's `published` and `source`.
        max_chars: longer texts are truncated to this many characters, with a W002 warning row.
        batch_size: texts per `nlp.pipe` batch.
        ship_model: a model given as a local folder is sent to every executor with
            `SparkContext.addFile`; set False when the path is already valid on the executors.
        loads: a `load_counter(spark)` accumulator to count pipeline loads per worker.

    Returns:
        A DataFrame with the schema `record_schema(records)`. Rows with a null `error` are the
        records; the others report one article each (see `split_errors`). Lazy: nothing runs
        until an action, and each action runs the pipeline again unless the result is cached.

    Raises:
        InputError: unknown `records`, or a column missing from `df`.
        ModelNotFoundError: `model` is neither a folder nor an installed pipeline.
    """
    job = _job(df, text_col, id_col, records, model, path_col, max_chars, batch_size, ship_model,
               loads, as_lines=False, dates=(published_col, source_col))  # fmt: skip
    return df.mapInArrow(_worker(job), record_schema(records))


def _extract_lines(
    df: DataFrame,
    *,
    records: str,
    model: ModelSpec,
    path_col: str | None,
    max_chars: int,
    batch_size: int,
    published_col: str | None = None,
    source_col: str | None = None,
) -> DataFrame:
    """Like `extract_df`, but each record as the exact JSON line `transfer-nlp extract` writes
    (columns `doc_id`, `line`, `error`): Spark's own JSON writer formats numbers differently."""
    job = _job(df, "text", "doc_id", records, model, path_col, max_chars, batch_size, True, None,
               as_lines=True, dates=(published_col, source_col))  # fmt: skip
    return df.mapInArrow(_worker(job), _LINE_SCHEMA)


def _job(
    df: DataFrame,
    text_col: str,
    id_col: str,
    records: str,
    model: ModelSpec,
    path_col: str | None,
    max_chars: int,
    batch_size: int,
    ship_model: bool,
    loads: LoadCounter | None,
    *,
    as_lines: bool,
    dates: tuple[str | None, str | None] = (None, None),
) -> _Job:
    _check_kind(records)
    wanted = (text_col, id_col, path_col, *dates)
    missing = [c for c in wanted if c is not None and c not in df.columns]
    if missing:
        raise InputError(Errors.E023(columns=", ".join(missing), found=", ".join(df.columns)))
    spec, shipped, key = _model_spec(df.sparkSession, model, ship_model)
    schema = _LINE_SCHEMA if as_lines else record_schema(records)
    return _Job(
        text_col=text_col,
        id_col=id_col,
        path_col=path_col,
        records=records,
        as_lines=as_lines,
        model=spec,
        shipped=shipped,
        cache_key=key,
        max_chars=max_chars,
        batch_size=batch_size,
        arrow_schema=to_arrow_schema(schema),
        loads=loads,
        published_col=dates[0],
        source_col=dates[1],
    )


def _model_spec(
    spark: SparkSession, model: ModelSpec, ship: bool
) -> tuple[str | Callable[[], Language] | None, str | None, str]:
    """(what the worker loads, the name of the shipped folder, the worker cache key)."""
    if model is None:
        return None, None, "<default>"
    if callable(model):
        name = f"{getattr(model, '__module__', '')}.{getattr(model, '__qualname__', model)}"
        return model, None, f"<function {name}>"
    path = Path(os.fspath(model))
    if path.is_dir():
        folder = path.resolve()
        if ship:
            spark.sparkContext.addFile(str(folder), recursive=True)
            return str(folder), folder.name, f"<shipped {folder}>"
        return str(folder), None, str(folder)
    from spacy.util import is_package

    from .pipeline import load_hint

    if not is_package(str(model)):
        raise ModelNotFoundError(Errors.E001(name=str(model), hint=load_hint(str(model))))
    return str(model), None, str(model)


def split_errors(df: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(records, issues) of an `extract_df` result.

    `records` has the record columns only; `issues` has one row per failed article or warning
    with the columns of the CLI's errors file (`level`, `code`, `doc_id`, `path`, `reason`).
    Both come from `df`: cache it first, or the pipeline runs once for each.
    """
    records = df.where(F.col("error").isNull()).drop("error")
    issues = df.where(F.col("error").isNotNull()).select(
        "error.level", "error.code", "doc_id", "error.path", "error.reason"
    )
    return records, issues


def row_to_record(row: dict[str, Any], records: str = "events") -> dict[str, Any]:
    """A record row (`Row.asDict(recursive=True)`) as the JSON object `transfer-nlp extract`
    writes: without `error`, and without the money fields on entities other than MONEY."""
    _check_kind(records)
    out = {k: v for k, v in row.items() if k != "error"}
    if records == "documents":
        out["entities"] = [
            {k: v for k, v in ent.items() if ent["label"] == MONEY or k not in _MONEY_ONLY}
            for ent in out["entities"] or ()
        ]
    return out


# --- the worker side ---------------------------------------------------------------------------

# One pipeline per Python worker process and model, kept across batches and tasks (Spark
# reuses its Python workers by default: spark.python.worker.reuse).
_PIPELINES: dict[str, Language] = {}


def _pipeline(job: _Job) -> Language:
    nlp = _PIPELINES.get(job.cache_key)
    if nlp is None:
        if callable(job.model):
            nlp = job.model()
        else:
            nlp = api.load(SparkFiles.get(job.shipped) if job.shipped else job.model)
        _PIPELINES[job.cache_key] = nlp
        if job.loads is not None:
            job.loads.add({os.getpid(): 1})
    return nlp


def _worker(job: _Job) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def run(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows: list[dict[str, Any]] = []
        for batch in batches:
            for row in _batch_rows(job, batch):
                rows.append(row)
                if len(rows) >= _ROWS_PER_BATCH:
                    yield pa.RecordBatch.from_pylist(rows, schema=job.arrow_schema)
                    rows = []
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=job.arrow_schema)

    return run


def _batch_rows(job: _Job, batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    texts = batch.column(job.text_col).to_pylist()
    ids = [None if v is None else str(v) for v in batch.column(job.id_col).to_pylist()]
    paths = batch.column(job.path_col).to_pylist() if job.path_col else [None] * len(texts)
    none = [None] * len(texts)
    dates = batch.column(job.published_col).to_pylist() if job.published_col else none
    outlets = batch.column(job.source_col).to_pylist() if job.source_col else none
    todo: list[tuple[str, int]] = []
    for i, text in enumerate(texts):
        where = paths[i] or f"column {job.text_col!r}"
        if not isinstance(text, str):
            got = "null" if text is None else type(text).__name__
            problem = f"expected a string, got {got}"
            reason = Errors.E014(path=where, where=f"doc_id {ids[i]!r}", problem=problem)
            yield _issue(ids[i], "error", paths[i], reason)
            continue
        item = _article(ids[i] or "", text, where, (), job.max_chars)
        if isinstance(item, InputFailure):
            yield _issue(ids[i], "error", paths[i], item.reason)
            continue
        for warning in item.warnings:
            yield _issue(ids[i], "warning", paths[i], warning)
        todo.append((item.text, i))
    if not todo:
        return
    for i, doc_or_error in _pipe(_pipeline(job), todo, job.batch_size):
        if isinstance(doc_or_error, str):
            yield _issue(ids[i], "error", paths[i], Errors.E015(error=doc_or_error))
            continue
        try:
            out = _records(doc_or_error, ids[i], job, dates[i], outlets[i])
        except Exception as err:  # one odd article must not fail the task
            yield _issue(ids[i], "error", paths[i], Errors.E015(error=_describe(err)))
            continue
        yield from out


def _pipe(
    nlp: Language, todo: list[tuple[str, int]], batch_size: int
) -> Iterator[tuple[int, Doc | str]]:
    """(index, doc) for every text of `todo`, or (index, why the pipeline failed on it).

    Our components report a failure on one doc through the error handler and spaCy drops that
    doc. The parser and NER take no handler: when one raises, the rest of the batch is run one
    text at a time so that only the guilty article fails.
    """
    handler = _ComponentErrors()
    done: set[int] = set()
    try:
        with _error_handler(nlp, handler):
            for doc, i in nlp.pipe(todo, as_tuples=True, batch_size=batch_size):
                done.add(i)
                yield i, doc
    except Exception:
        for text, i in todo:
            if i in done or i in handler.errors:
                continue
            done.add(i)
            try:
                doc = nlp(text)
            except Exception as err:
                yield i, _describe(err)
                continue
            yield i, doc
    for _, i in todo:
        if i not in done:
            yield i, handler.errors.get(i, _UNSEEN)


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def _records(
    doc: Doc, doc_id: str | None, job: _Job, published: str | None, source: str | None
) -> list[dict[str, Any]]:
    article = api.doc_to_article(doc, doc_id, published=published, source=source)
    objs = [article.to_dict()] if job.records == "documents" else article.event_records()
    if job.as_lines:
        return [{"doc_id": doc_id, "line": dumps(obj), "error": None} for obj in objs]
    return [{**obj, "error": None} for obj in objs]


def _issue(doc_id: str | None, level: str, path: str | None, reason: str) -> dict[str, Any]:
    error = {"level": level, "code": _code(reason), "path": path, "reason": reason}
    return {"doc_id": doc_id, "error": error}


def _code(reason: str) -> str | None:
    """ "E015" of "[E015] The pipeline failed ..."."""
    return reason[1:5] if reason.startswith("[") and reason[5:6] == "]" else None


# --- `transfer-nlp spark-extract` --------------------------------------------------------------

FORMATS = ("parquet", "jsonl")
RECORDS_DIR = "records"
ERRORS_FILE = "errors.jsonl"
_STAGING_DIR = "input-staging"
# Articles per staged input file: Spark splits the staged files into tasks.
_STAGED_PER_FILE = 5000


@dataclass(frozen=True, slots=True)
class SparkRunStats:
    """What `run_spark_extract` did (as `runner.RunStats`, without resuming).

    Attributes:
        read: articles read from the inputs.
        skipped: files of unknown type in folders.
        failed: inputs that could not be read, or that the pipeline failed on.
        warnings: warnings recorded (fallback decoding, truncation, HTML fallback).
        events: event records written.
        documents: articles run through the pipeline.
        seconds: wall time, Spark start-up excluded.
    """

    read: int
    skipped: int
    failed: int
    warnings: int
    events: int
    documents: int
    seconds: float


def session(master: str | None = None, app_name: str = "transfer-nlp") -> SparkSession:
    """The active Spark session, or a new one on `master` (default: the master spark-submit
    set, else every core of this machine)."""
    from pyspark import SparkConf

    builder = SparkSession.builder.appName(app_name)
    if master or not SparkConf().contains("spark.master"):
        builder = builder.master(master or "local[*]")
    return builder.getOrCreate()


class _Issues:
    """Lines of the errors file, in the format of `transfer-nlp extract`'s."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed = 0
        self.warnings = 0

    def add(self, level: str, doc_id: str | None, path: str | None, reason: str) -> None:
        if level == "error":
            self.failed += 1
        else:
            self.warnings += 1
        obj = {"level": level, "code": _code(reason), "doc_id": doc_id, "path": path}
        self.lines.append(dumps({**obj, "reason": reason}))


def run_spark_extract(
    paths: Iterable[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    *,
    spark: SparkSession,
    fmt: str = "parquet",
    records: str = "events",
    model: ModelSpec = None,
    partitions: int | None = None,
    text_field: str = "text",
    id_field: str = "id",
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
    force: bool = False,
) -> SparkRunStats:
    """Read the inputs as `transfer-nlp extract` does, extract on Spark, write `output_dir`.

    The driver reads the inputs (same doc_ids, failures and warnings as `extract`) into JSON
    Lines files under `output_dir/input-staging`, which the executors read: `output_dir` must
    be on a file system every executor sees. Writes `output_dir/records/` (Parquet files with the
    record columns, or text files of the exact JSON lines `extract` writes) and
    `output_dir/errors.jsonl` (only when there is something to report), then removes the
    staging folder.

    Raises:
        InputError: bad arguments, no inputs, or a non-empty `output_dir` without `force`.
        ModelNotFoundError: the model cannot be found.
    """
    import shutil
    import time

    start = time.perf_counter()
    inputs = [os.fspath(p) for p in paths]
    out = Path(output_dir)
    _check_and_clear(spark, inputs, out, fmt=fmt, records=records, model=model, force=force)
    staging = out / _STAGING_DIR
    staging.mkdir(parents=True)
    issues = _Issues()
    try:
        read, skipped, staged = _stage(inputs, staging, issues, max_chars, text_field, id_field)
        n_docs, n_events = _run_staged(
            spark, staging, out, issues, staged, fmt=fmt, records=records, model=model,
            partitions=partitions, max_chars=max_chars, batch_size=batch_size,
        )  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if issues.lines:
        (out / ERRORS_FILE).write_text("\n".join(issues.lines) + "\n", encoding="utf-8")
    return SparkRunStats(
        read=read,
        skipped=skipped,
        failed=issues.failed,
        warnings=issues.warnings,
        events=n_events,
        documents=n_docs,
        seconds=time.perf_counter() - start,
    )


def _check_and_clear(
    spark: SparkSession,
    inputs: list[str],
    out: Path,
    *,
    fmt: str,
    records: str,
    model: ModelSpec,
    force: bool,
) -> None:
    """Check the arguments, then empty `out` if `force` allows: usage errors come before any
    work, and before anything is deleted."""
    import shutil

    from .reader import count_inputs

    _check_kind(records)
    if fmt not in FORMATS:
        raise InputError(Errors.E024(fmt=fmt, formats=", ".join(FORMATS)))
    if out.exists() and not out.is_dir():
        raise InputError(Errors.E025(path=out))
    if count_inputs(inputs) == 0:
        raise InputError(Errors.E005(paths=", ".join(inputs)))
    _model_spec(spark, model, ship=False)
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise InputError(Errors.E026(path=out))
        shutil.rmtree(out)


def _run_staged(
    spark: SparkSession,
    staging: Path,
    out: Path,
    issues: _Issues,
    staged: int,
    *,
    fmt: str,
    records: str,
    model: ModelSpec,
    partitions: int | None,
    max_chars: int,
    batch_size: int,
) -> tuple[int, int]:
    """Extract the staged articles and write the records; (documents, events)."""
    from pyspark import StorageLevel

    if not staged:
        return 0, 0
    schema = "doc_id string, text string, path string, published string, source string"
    df = spark.read.schema(schema).json(str(staging))
    if partitions:
        df = df.repartition(partitions)
    kw: dict[str, Any] = dict(records=records, model=model, path_col="path",
                              published_col="published", source_col="source",
                              max_chars=max_chars, batch_size=batch_size)  # fmt: skip
    result = _extract_lines(df, **kw) if fmt == "jsonl" else extract_df(df, **kw)
    # Read twice (records, then issues): keep it rather than run the pipeline twice.
    result = result.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        done = result.where(F.col("error").isNull())
        target = str(out / RECORDS_DIR)
        if fmt == "jsonl":
            done.select("line").write.text(target)
        else:
            done.drop("error").write.parquet(target)
        failed_before = issues.failed
        _, found = split_errors(result.select("doc_id", "error"))
        for row in found.orderBy("doc_id").toLocalIterator():
            issues.add(row["level"], row["doc_id"], row["path"], row["reason"])
        return staged - (issues.failed - failed_before), _count_events(done, fmt, records)
    finally:
        result.unpersist()


def _stage(
    inputs: list[str],
    staging: Path,
    issues: _Issues,
    max_chars: int,
    text_field: str,
    id_field: str,
) -> tuple[int, int, int]:
    """Write the articles of `inputs` as JSON Lines under `staging`; (read, skipped, staged)."""
    import json

    from .reader import InputSkipped, iter_inputs

    # When the output folder is inside an input folder, its files are not inputs.
    own = str(staging.parent.resolve()) + os.sep
    read = skipped = staged = 0
    sink: IO[str] | None = None
    try:
        items = iter_inputs(inputs, max_chars=max_chars, text_field=text_field, id_field=id_field)
        for item in items:
            if isinstance(item, InputSkipped):
                skipped += 1
            elif isinstance(item, InputFailure):
                issues.add("error", item.doc_id, item.path, item.reason)
            elif not os.path.realpath(item.source_path).startswith(own):
                read += 1
                for warning in item.warnings:
                    issues.add("warning", item.doc_id, item.source_path, warning)
                if sink is None or staged % _STAGED_PER_FILE == 0:
                    if sink:
                        sink.close()
                    name = staging / f"part-{staged // _STAGED_PER_FILE:05d}.jsonl"
                    sink = open(name, "w", encoding="utf-8")  # noqa: SIM115 - closed below
                obj = {"doc_id": item.doc_id, "text": item.text, "path": item.source_path,
                       "published": item.published, "source": item.source}  # fmt: skip
                sink.write(json.dumps(obj) + "\n")
                staged += 1
    finally:
        if sink:
            sink.close()
    return read, skipped, staged


def _count_events(done: DataFrame, fmt: str, records: str) -> int:
    if records == "events":
        return done.count()
    if fmt == "jsonl":
        n = done.select(F.sum(F.json_array_length(F.get_json_object("line", "$.events")))).first()
    else:
        n = done.select(F.sum(F.size("events"))).first()
    return int(n[0] or 0) if n else 0
