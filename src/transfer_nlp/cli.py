"""Command line: `transfer-nlp extract | evaluate | train | info | build`.

Each command checks its arguments, calls the library and prints a summary on stderr; no NLP
here. Exit codes: 0 success, 1 usage error (message, no traceback), 2 finished but some inputs
failed (see the errors file), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import spacy
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TimeRemainingColumn,
)
from rich.text import Text
from typer.core import TyperGroup

from . import api
from .about import DEFAULT_BASE, __version__
from .errors import TransferNLPError
from .reader import DEFAULT_MAX_CHARS
from .runner import STDOUT, RunStats, is_special_file, run_extract

if TYPE_CHECKING:
    from .report import ReportItem
    from .spark import SparkRunStats

EXIT_USAGE = 1
EXIT_INPUT_FAILED = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the run stops the same clean way."""


@contextmanager
def _sigterm_stops_the_run() -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# Click's UsageError, whether Typer uses Click or (Typer >= 0.2x) its own copy of it.
_UsageError: type[Exception] = typer.BadParameter.__base__  # type: ignore[assignment]


class _Group(TyperGroup):
    """Click exits 2 on usage errors; here 2 means "some inputs failed", so make them 1."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except _UsageError as err:
            err.exit_code = EXIT_USAGE  # type: ignore[attr-defined]
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as err:
            err.exit_code = EXIT_USAGE  # type: ignore[attr-defined]
            raise


app = typer.Typer(
    cls=_Group,
    name="transfer-nlp",
    help="Extract football transfer events from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Records(str, Enum):
    events = "events"
    documents = "documents"


ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="Saved pipeline (path or package name); default: the base model + our components.",
        show_default=False,
    ),
]

# Options `extract` and `spark-extract` share.
TextFieldOption = Annotated[str, typer.Option(help="Text key of JSON/JSONL records.")]
IdFieldOption = Annotated[str, typer.Option(help="Id key of JSON/JSONL records.")]
BatchSizeOption = Annotated[int, typer.Option("--batch-size", "-b", min=1, help="Texts per batch.")]
MaxCharsOption = Annotated[
    int, typer.Option(min=1, help="Longer texts are truncated, with a warning.")
]


def _fail(message: str) -> typer.Exit:
    typer.secho(message, err=True, fg="red")
    return typer.Exit(EXIT_USAGE)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Our coded errors are the user's to fix: a message and exit 1, no traceback."""
    try:
        yield
    except TransferNLPError as err:
        raise _fail(str(err)) from None


# The options of `extract`, kept out of its signature so that the command reads at a glance.
PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (read recursively), glob patterns, or - for one article on "
        "standard input. Formats: .txt .md .markdown .html .htm .json .jsonl.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="JSONL file to write; - or none: standard output."),
]
RecordsOption = Annotated[
    Records, typer.Option("--records", help="One line per event, or one per article.")
]
ErrorsOption = Annotated[
    Path | None,
    typer.Option(
        "--errors",
        help="JSONL file of failed inputs and warnings (default: OUTPUT.errors.jsonl, or "
        "standard error when writing to standard output).",
        show_default=False,
    ),
]
DateFieldOption = Annotated[
    str, typer.Option(help="Publication-date key of JSON/JSONL records (YYYY-MM-DD).")
]
SourceFieldOption = Annotated[str, typer.Option(help="Outlet-name key of JSON/JSONL records.")]
MinConfidenceOption = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Leave out events less likely than this to be right (type and person).",
    ),
]
NProcessOption = Annotated[int, typer.Option("--n-process", "-n", min=1, help="Processes.")]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Continue OUTPUT, skipping the articles it has.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary.")]


@app.command("extract")
def extract_cli(
    paths: PathsArgument,
    output: OutputOption = None,
    records: RecordsOption = Records.events,
    errors: ErrorsOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    date_field: DateFieldOption = "date",
    source_field: SourceFieldOption = "source",
    min_confidence: MinConfidenceOption = 0.0,
    n_process: NProcessOption = 1,
    batch_size: BatchSizeOption = 32,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    resume: ResumeOption = False,
    force: ForceOption = False,
    quiet: QuietOption = False,
    model: ModelOption = None,
) -> None:
    """Extract transfer events from articles into JSON Lines."""
    # Only a regular output file can be continued (not standard output, a device or a FIFO).
    resumable = not (output is None or output == STDOUT or is_special_file(Path(output)))
    show_progress = not quiet and sys.stderr.isatty()
    progress = _Progress(sys.stderr) if show_progress else None
    with _stopping_cleanly(progress, resumable):
        stats = run_extract(
            paths,
            output,
            nlp_or_model=model,
            records=records.value,
            errors_path=errors,
            n_process=n_process,
            batch_size=batch_size,
            resume=resume,
            force=force,
            max_chars=max_chars,
            text_field=text_field,
            id_field=id_field,
            date_field=date_field,
            source_field=source_field,
            min_confidence=min_confidence,
            progress=progress,
        )
    if progress:
        progress.close()
    if not quiet:
        typer.echo(_summary(stats, records.value, output, stats.errors_file), err=True)
    if stats.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


@contextmanager
def _stopping_cleanly(progress: _Progress | None, resumable: bool) -> Iterator[None]:
    """Ctrl-C and SIGTERM end the run with a short message and exit 130 or 143, coded errors
    with exit 1: the user sees no traceback."""
    try:
        with _sigterm_stops_the_run(), _user_errors():
            yield
    except KeyboardInterrupt as stop:
        if progress:
            progress.close()
        terminated = isinstance(stop, _Terminated)
        hint = "; run again with --resume to continue" if resumable else ""
        typer.secho(
            f"{'Terminated' if terminated else 'Interrupted'}{hint}.", err=True, fg="yellow"
        )
        raise typer.Exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED) from None


def _summary(stats: RunStats, records: str, output: str | None, errors: Path | None) -> str:
    dest = "standard output" if output in (None, STDOUT) else output
    events = _n(stats.events, "event")
    written = f"{_n(stats.documents, 'document')} ({events})" if records == "documents" else events
    rate = stats.documents / stats.seconds if stats.seconds else 0.0
    text = (
        f"{_n(stats.read, 'article')} read, {stats.skipped} skipped, {stats.failed} failed; "
        f"{written} written to {dest} in {stats.seconds:.1f} s ({rate:.1f} articles/s)"
    )
    if (stats.failed or stats.warnings) and errors is not None:
        issues = f"{_n(stats.failed, 'failure')} and {_n(stats.warnings, 'warning')}"
        text += f"; {issues} in {errors}"
    return text


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "?/s")


class _Progress:
    """A `rich` progress bar on stderr: done/total, articles/s and time left.

    Started at the first article, so the rate leaves out the model's loading time.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._bar = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            "articles",
            _RateColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream, force_terminal=True),
        )
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("extract", total=total, completed=done)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._task is not None:
            self._bar.stop()


@app.command("evaluate")
def evaluate_cli(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder of gold *.json articles (format: docs/gold-format.md).", show_default=False
        ),
    ],
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss, false alarm and wrong slot.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    calibration: Annotated[
        bool,
        typer.Option("--calibration", help="Add a reliability table: confidence against accuracy."),
    ] = False,
    model: ModelOption = None,
) -> None:
    """Score the pipeline on gold articles: entity, event, slot and record P/R/F1."""
    from .evaluate import evaluate  # the scorer loads the gazetteer: only when asked for

    with _user_errors():
        report = evaluate(gold_dir, nlp_or_model=model, errors=errors)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.format())
    if calibration and not as_json:
        typer.echo(report.format_calibration())


@app.command("info")
def info_cli(model: ModelOption = None) -> None:
    """Versions, the base model, the pipeline's components and the gazetteer's size."""
    with _user_errors():
        nlp = api.load(model)
    meta = nlp.meta
    base_meta = (meta.get("sources") or [{}])[-1]
    base = f"{base_meta.get('name')} {base_meta.get('version')}"
    lines = [
        f"transfer-nlp  {__version__}",
        f"spaCy         {spacy.__version__}",
        f"model         {model or f'default ({DEFAULT_BASE} + transfer_nlp components)'}",
        f"base model    {base}",
        f"pipeline      {', '.join(nlp.pipe_names)}",
    ]
    lines.append(f"gazetteer     {_gazetteer_sizes(nlp)}")
    typer.echo("\n".join(lines))


def _gazetteer_sizes(nlp: Any) -> str:
    """Teams and aliases of the gazetteer the pipeline carries (the packaged one otherwise)."""
    from .gazetteer import Gazetteer

    component = nlp.get_pipe("transfer_entities") if "transfer_entities" in nlp.pipe_names else None
    gaz = getattr(component, "gazetteer", None) or Gazetteer.load()
    kinds = Counter(team.kind for team in gaz.teams.values())
    n_aliases = sum(1 for _ in gaz.aliases())
    return f"{kinds['club']} clubs, {kinds['national']} national teams, {n_aliases} surface forms"


@app.command("build")
def build_cli(
    output_dir: Annotated[Path, typer.Argument(help="Folder to save the pipeline in.")] = Path(
        "models/transfer_en"
    ),
    base: Annotated[
        str | None,
        typer.Option(
            "--base", help=f"Installed spaCy pipeline to build on (default: {DEFAULT_BASE})."
        ),
    ] = None,
    model: ModelOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUTPUT_DIR if it holds something.")
    ] = False,
) -> None:
    """Build the pipeline and save it, for `--model OUTPUT_DIR` or `spacy.load(OUTPUT_DIR)`."""
    if base and model:
        raise _fail(
            "Pass --base (build on a base model) or --model (re-save a pipeline), not both."
        )
    if output_dir.exists() and not output_dir.is_dir():
        raise _fail(f"{output_dir} is a file; give a folder to save the pipeline in.")
    if output_dir.is_dir() and any(output_dir.iterdir()) and not force:
        raise _fail(f"{output_dir} is not empty; pass --force to replace it.")
    with _user_errors():
        nlp = api.load(model, base=base)
    # Saved beside it first, so a failed save leaves the old pipeline whole.
    staging = output_dir.with_name(output_dir.name + ".building")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        nlp.to_disk(staging)
        if output_dir.exists():
            shutil.rmtree(output_dir)
        staging.rename(output_dir)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise _fail(f"Cannot save the pipeline to {output_dir}: {err}") from None
    typer.echo(f"Saved {', '.join(nlp.pipe_names)} to {output_dir}", err=True)


@app.command("train")
def train_cli(
    gold_dirs: Annotated[
        list[Path],
        typer.Argument(help="Folders of gold *.json articles to learn from.", show_default=False),
    ],
    output_dir: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to save the trained pipeline in.")
    ],
    dev: Annotated[
        Path | None,
        typer.Option("--dev", help="Gold folder scored every 50 steps as training goes."),
    ] = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Optimiser steps.")] = 300,
    l2: Annotated[float, typer.Option("--l2", min=0.0, help="Weight penalty.")] = 100.0,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT_DIR.")] = False,
    model: ModelOption = None,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            help="'base', or 'trf' to add contextual vectors of a small pretrained encoder "
            "(needs `pip install transfer-nlp[trf]`).",
        ),
    ] = "base",
) -> None:
    """Train the event scorer on gold articles and save the pipeline that uses it."""
    from .train import train  # needs the gazetteer's club index: only when asked for

    if output_dir.exists() and not output_dir.is_dir():
        raise _fail(f"{output_dir} is a file; give a folder to save the pipeline in.")
    if output_dir.exists() and any(output_dir.iterdir()) and not force:
        raise _fail(f"{output_dir} exists and is not empty; pass --force to replace it.")
    started = time.monotonic()

    def log(msg: str) -> None:
        typer.echo(f"[{time.monotonic() - started:6.1f}s] {msg}", err=True)

    with _user_errors():
        nlp = api.load(model)
        train(
            gold_dirs, output_dir, dev=dev, nlp=nlp, l2=l2, epochs=epochs, variant=variant, log=log
        )


# --- report and serve: see the extraction in a browser ------------------------------------------


@app.command("report")
def report_cli(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles, as for `extract`; with --from, the texts the records came from "
            "(optional: without them the evidence sentences are shown).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", dir_okay=False, help="HTML file to write.")
    ] = Path("report.html"),
    from_records: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Show the records of `extract --records documents` instead of running the "
            "pipeline.",
            show_default=False,
        ),
    ] = None,
    per_page: Annotated[int, typer.Option(min=1, help="Articles per page.")] = 50,
    title: Annotated[str, typer.Option(help="Title of the page.")] = "Transfer events",
    text_field: Annotated[str, typer.Option(help="Text key of JSON/JSONL records.")] = "text",
    id_field: Annotated[str, typer.Option(help="Id key of JSON/JSONL records.")] = "id",
    n_process: Annotated[int, typer.Option("--n-process", "-n", min=1, help="Processes.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
    model: ModelOption = None,
) -> None:
    """Write one self-contained HTML page: marked articles, event cards, summary, filters."""
    from . import report  # displaCy and the page templates: only for this command

    inputs = paths or []
    if from_records is None and not inputs:
        raise _fail("Give the articles to report on, or --from DOCUMENTS.jsonl.")
    if output.is_dir():
        raise _fail(f"Output {output} is a folder; give the name of a file to write.")
    if output.exists() and not force:
        raise _fail(f"Output {output} exists; pass --force to overwrite it.")
    failures: list[tuple[str, str]] = []
    with _user_errors():
        items = _report_items(
            inputs, from_records, failures, output=output, model=model,
            text_field=text_field, id_field=id_field, n_process=n_process,
        )  # fmt: skip
        stats = report.write_report(items, output, title=title, per_page=per_page,
                                    failures=lambda: failures)  # fmt: skip
    for where, reason in stats.failures:
        typer.secho(f"{where}: {reason}", err=True, fg="yellow")
    if not quiet:
        typer.echo(
            f"{_n(stats.articles, 'article')} ({_n(stats.events, 'event')}) and "
            f"{_n(len(stats.failures), 'failed input')} written to {output}",
            err=True,
        )
    if stats.failures:
        raise typer.Exit(EXIT_INPUT_FAILED)


def _report_items(
    inputs: list[str],
    from_records: Path | None,
    failures: list[tuple[str, str]],
    *,
    output: Path,
    model: str | None,
    text_field: str,
    id_field: str,
    n_process: int,
) -> Iterator[ReportItem]:
    """The articles of the report: read from saved records, or run through the pipeline."""
    from . import report

    if from_records is not None:
        return report.items_from_records(
            from_records, failures, texts=inputs, text_field=text_field, id_field=id_field
        )
    nlp = api.load(model)
    return report.items_from_inputs(
        inputs, nlp, failures, text_field=text_field, id_field=id_field,
        exclude=[output], n_process=n_process,
    )  # fmt: skip


@app.command("serve")
def serve_cli(
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8080,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default accepts this machine only.")
    ] = "127.0.0.1",
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Largest request accepted (bytes).")
    ] = 1_000_000,
    model: ModelOption = None,
) -> None:
    """A local web page: paste an article, see its entities and events."""
    from . import serve

    if not serve.is_loopback(host):
        typer.secho(
            f"Listening on {host}: anyone who can reach this machine can use the page.",
            err=True,
            fg="yellow",
        )
    with _user_errors():
        nlp = api.load(model)
    log = None if not sys.stderr.isatty() else lambda line: typer.echo(line, err=True)
    try:
        server = serve.make_server(nlp, host, port, max_bytes=max_bytes, log=log)
    except OSError as err:
        raise _fail(f"Cannot listen on {host}:{port}: {err.strerror or err}") from None
    bound_host, bound_port = (str(part) for part in server.server_address[:2])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    typer.echo(f"Serving on http://{shown}:{bound_port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# --- stories: event records of many articles -> one record per move -------------------------


@app.command("stories")
def stories_cli(
    events: Annotated[
        list[Path],
        typer.Argument(
            help="JSONL files of event records, as `extract` writes them.", show_default=False
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Stories JSONL file to write; - or none: stdout."),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update",
            help="Stories file of an earlier run: add the new records to it, rebuilding only "
            "the stories they touch (-o may be the same file).",
            show_default=False,
        ),
    ] = None,
    gap_days: Annotated[
        int,
        typer.Option(
            "--gap-days", min=1, help="Days without a report after which a move is a new story."
        ),
    ] = 90,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Merge event records across articles into one story per move, with its timeline."""
    from .story import build_story_file

    with _user_errors():
        stats = build_story_file(events, output, update=update, gap_days=gap_days, force=force)
    if not quiet:
        dest = "standard output" if output in (None, "-") else output
        stories = f"{stats.stories} {'story' if stats.stories == 1 else 'stories'}"
        typer.echo(
            f"{_n(stats.records, 'event record')} -> {stories} "
            f"({stats.rebuilt} built, {stats.stories - stats.rebuilt} kept) written to {dest} "
            f"in {stats.seconds:.1f} s",
            err=True,
        )


# --- spark-extract -----------------------------------------------------------------------------


class SparkFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


# Kept out of the signature of `spark-extract`, so that the command reads at a glance.
SparkOutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="Folder to write: records/ and errors.jsonl.",
        show_default=False,
    ),
]
MasterOption = Annotated[
    str | None,
    typer.Option(
        help="Spark master URL, e.g. local[2] (default: spark-submit's, else local[*]).",
        show_default=False,
    ),
]


@app.command("spark-extract")
def spark_extract_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively) or glob patterns, as for `extract`.",
            show_default=False,
        ),
    ],
    output_dir: SparkOutputOption,
    fmt: Annotated[
        SparkFormat, typer.Option("--format", help="Files of records/: Parquet or JSON Lines.")
    ] = SparkFormat.parquet,
    master: MasterOption = None,
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="Spread the articles over N tasks.", show_default=False),
    ] = None,
    records: Annotated[
        Records, typer.Option("--records", help="One row per event, or one per article.")
    ] = Records.events,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    batch_size: BatchSizeOption = 32,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    force: Annotated[bool, typer.Option("--force", help="Replace the output folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary, fewer logs.")] = False,
    model: ModelOption = None,
) -> None:
    """Extract transfer events on Apache Spark (needs the `spark` extra of transfer-nlp)."""
    with _needs_pyspark():
        from . import spark as tspark
    with _user_errors():
        session = tspark.session(master)
        if quiet:
            session.sparkContext.setLogLevel("ERROR")
        stats = tspark.run_spark_extract(
            paths,
            output_dir,
            spark=session,
            fmt=fmt.value,
            records=records.value,
            model=model,
            partitions=partitions,
            text_field=text_field,
            id_field=id_field,
            max_chars=max_chars,
            batch_size=batch_size,
            force=force,
        )
    if not quiet:
        typer.echo(_spark_summary(stats, output_dir), err=True)
    if stats.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


@contextmanager
def _needs_pyspark() -> Iterator[None]:
    """Without the `spark` extra, say how to install it rather than show an ImportError."""
    try:
        yield
    except ImportError as err:
        raise _fail(
            f'spark-extract needs PySpark ({err}): pip install "transfer-nlp[spark]"'
        ) from None


def _spark_summary(stats: SparkRunStats, output_dir: Path) -> str:
    from .spark import ERRORS_FILE, RECORDS_DIR

    text = (
        f"{_n(stats.read, 'article')} read, {stats.skipped} skipped, {stats.failed} failed; "
        f"{_n(stats.events, 'event')} of {_n(stats.documents, 'document')} written to "
        f"{output_dir / RECORDS_DIR} in {stats.seconds:.1f} s"
    )
    if stats.failed or stats.warnings:
        issues = f"{_n(stats.failed, 'failure')} and {_n(stats.warnings, 'warning')}"
        text += f"; {issues} in {output_dir / ERRORS_FILE}"
    return text


def main() -> None:
    """Console-script entry point (`transfer-nlp`)."""
    app()
