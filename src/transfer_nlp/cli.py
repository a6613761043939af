"""Command line: `transfer-nlp extract | evaluate | info | build`.

Each command checks its arguments, calls the library and prints a summary on stderr; no NLP
here. Exit codes: 0 success, 1 usage error (message, no traceback), 2 finished but some inputs
failed (see the errors file), 130 interrupted.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any

import spacy
import typer
from typer.core import TyperGroup

from . import api
from .about import DEFAULT_BASE, __version__
from .errors import TransferNLPError
from .reader import DEFAULT_MAX_CHARS
from .runner import STDOUT, RunStats, default_errors_path, run_extract

EXIT_USAGE = 1
EXIT_INPUT_FAILED = 2
EXIT_INTERRUPTED = 130


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


@app.command("extract")
def extract_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns, or - for one article on "
            "standard input. Formats: .txt .md .html .htm .json .jsonl.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="JSONL file to write; - or none: standard output."),
    ] = None,
    records: Annotated[
        Records, typer.Option("--records", help="One line per event, or one per article.")
    ] = Records.events,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="JSONL file of failed inputs and warnings (default: OUTPUT.errors.jsonl, or "
            "standard error when writing to standard output).",
            show_default=False,
        ),
    ] = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    n_process: Annotated[int, typer.Option("--n-process", "-n", min=1, help="Processes.")] = 1,
    batch_size: BatchSizeOption = 32,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue OUTPUT, skipping the articles it has.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary.")
    ] = False,
    model: ModelOption = None,
) -> None:
    """Extract transfer events from articles into JSON Lines."""
    to_stdout = output is None or output == STDOUT
    show_progress = not quiet and sys.stderr.isatty()
    progress = _Progress(sys.stderr) if show_progress else None
    try:
        with _user_errors():
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
                progress=progress,
            )
    except KeyboardInterrupt:
        if progress:
            progress.close()
        hint = "" if to_stdout else "; run again with --resume to continue"
        typer.secho(f"Interrupted{hint}.", err=True, fg="yellow")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if progress:
        progress.close()
    if not quiet:
        errors_file = errors or (None if to_stdout else default_errors_path(Path(str(output))))
        typer.echo(_summary(stats, records.value, output, errors_file), err=True)
    if stats.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


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


class _Progress:
    """`done/total, articles/s, ETA` on one redrawn stderr line, at most 5 times a second."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.first: tuple[float, int] | None = None
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = (now, done)  # the rate starts here, after the model has loaded
        if now - self.last_draw < 0.2 and done < total:
            return
        self.last_draw = now
        start, done0 = self.first
        rate = (done - done0) / (now - start) if now > start else 0.0
        eta = f"{(total - done) / rate:.0f} s" if rate else "?"
        self.stream.write(f"\r{done}/{total} articles  {rate:.1f} articles/s  ETA {eta}   ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


@app.command("evaluate")
def evaluate_cli(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder of gold *.json articles (format: EVENTS.md).", show_default=False
        ),
    ],
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss, false alarm and wrong slot.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
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


@app.command("info")
def info_cli(model: ModelOption = None) -> None:
    """Versions, the base model, the pipeline's components and the gazetteer's size."""
    with _user_errors():
        nlp = api.load(model)
    meta = nlp.meta
    base = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
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
) -> None:
    """Build the pipeline and save it, for `--model OUTPUT_DIR` or `spacy.load(OUTPUT_DIR)`."""
    if base and model:
        raise _fail(
            "Pass --base (build on a base model) or --model (re-save a pipeline), not both."
        )
    if output_dir.exists() and not output_dir.is_dir():
        raise _fail(f"{output_dir} is a file; give a folder to save the pipeline in.")
    with _user_errors():
        nlp = api.load(model, base=base)
    try:
        nlp.to_disk(output_dir)
    except OSError as err:
        raise _fail(f"Cannot save the pipeline to {output_dir}: {err}") from None
    typer.echo(f"Saved {', '.join(nlp.pipe_names)} to {output_dir}", err=True)


# --- spark-extract -----------------------------------------------------------------------------


class SparkFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


@app.command("spark-extract")
def spark_extract_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively) or glob patterns, as for `extract`.",
            show_default=False,
        ),
    ],
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write: records/ and errors.jsonl.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        SparkFormat, typer.Option("--format", help="Files of records/: Parquet or JSON Lines.")
    ] = SparkFormat.parquet,
    master: Annotated[
        str | None,
        typer.Option(
            help="Spark master URL, e.g. local[2] (default: spark-submit's, else local[*]).",
            show_default=False,
        ),
    ] = None,
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
    try:
        from . import spark as tspark
    except ImportError as err:
        raise _fail(
            f'spark-extract needs PySpark ({err}): pip install "transfer-nlp[spark]"'
        ) from None
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
        written = output_dir / tspark.RECORDS_DIR
        text = (
            f"{_n(stats.read, 'article')} read, {stats.skipped} skipped, {stats.failed} failed; "
            f"{_n(stats.events, 'event')} of {_n(stats.documents, 'document')} written to "
            f"{written} in {stats.seconds:.1f} s"
        )
        if stats.failed or stats.warnings:
            issues = f"{_n(stats.failed, 'failure')} and {_n(stats.warnings, 'warning')}"
            text += f"; {issues} in {output_dir / tspark.ERRORS_FILE}"
        typer.echo(text, err=True)
    if stats.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


def main() -> None:
    """Console-script entry point (`transfer-nlp`)."""
    app()
