"""Batch extraction: inputs -> pipeline -> JSON Lines, streaming and resumable.

Memory stays bounded whatever the number of articles: the reader, `nlp.pipe` and the writer are
chained generators, and only the articles `nlp.pipe` holds in flight are in memory (plus the set
of done doc_ids when resuming). Records are written in input order whatever `n_process`.

How a run writes a file output `OUT` (see docs/records.md, "Resuming"):

- records go to `OUT.part`; each article's lines are written in one go and flushed, then its
  doc_id and the new end offset of `OUT.part` are appended (and flushed) to the journal
  `OUT.progress`. An article is done once its journal line is complete;
- at the end `OUT.part` is fsynced and renamed over `OUT` (atomic), and the journal is deleted;
- a killed run (Ctrl-C, SIGKILL) leaves `OUT.part` + `OUT.progress`. `--resume` truncates
  `OUT.part` to the end offset of the last complete journal line (dropping a partial line, and
  the lines of an article whose journal line was not written), skips the journaled doc_ids and
  appends: no duplicates and no gaps. Articles without events are journaled too, so
  `--records events` needs no marker lines in the output;
- `--resume` on a finished `OUT` skips the doc_ids it holds and appends to it the same way;
- the run holds an exclusive lock on `OUT.lock` throughout, so a second run on `OUT` refuses;
- the errors file is written as `ERRORS.part` and put in place after the rename, so a failed
  `--force` run leaves the old output and its errors as they were;
- an output that is a device or FIFO (or a link to one) is written to directly, never replaced.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import multiprocessing
import os
import re
import signal
import stat
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from spacy.language import Language
from spacy.tokens import Doc

from . import api
from .errors import Errors, InputError, OutputError, TransferNLPError
from .reader import (
    DEFAULT_MAX_CHARS,
    InputArticle,
    InputFailure,
    InputItem,
    InputSkipped,
    count_inputs,
    iter_inputs,
)

RecordKind = Literal["events", "documents"]
RECORD_KINDS: tuple[str, ...] = ("events", "documents")
STDOUT = "-"
JOURNAL_FORMAT = "transfer_nlp.progress.v1"
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RunStats:
    """What a run did.

    Attributes:
        read: articles read from the inputs (including those skipped on --resume).
        skipped: files of unknown type in folders, plus articles already done on --resume.
        failed: inputs that could not be read, or that the pipeline failed on.
        events: event records extracted in this run.
        documents: articles run through the pipeline in this run.
        seconds: wall time of the run, model loading included.
        warnings: warnings recorded (fallback decoding, truncation, HTML fallback).
        errors_file: where failures and warnings went (None: standard error).
    """

    read: int
    skipped: int
    failed: int
    events: int
    documents: int
    seconds: float
    warnings: int = 0
    errors_file: Path | None = None


def is_special_file(path: Path) -> bool:
    """Whether `path` (links followed) is a device, FIFO or socket: written to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _written_in_place(errors_file: Path) -> bool:
    """An errors file that is a device or FIFO, or a link (to `/dev/stderr`, to a log...), is
    appended to: never deleted, rewritten or replaced by a file of ours."""
    return errors_file.is_symlink() or is_special_file(errors_file)


def part_path(output: Path) -> Path:
    """Where records are written until the run completes."""
    return output.with_name(output.name + ".part")


def journal_path(output: Path) -> Path:
    """The journal of the articles done so far (doc_id, end offset of `part_path`)."""
    return output.with_name(output.name + ".progress")


def lock_path(output: Path) -> Path:
    """The lock file a run holds for its whole length, so two runs never write one output."""
    return output.with_name(output.name + ".lock")


def default_errors_path(output: Path) -> Path:
    """The errors file written next to a file output unless one is given."""
    return output.with_name(output.name + ".errors.jsonl")


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(obj: Any) -> str:
    r"""Compact one-line JSON, non-ASCII kept as is, always encodable as UTF-8.

    A file name that is not valid UTF-8 reaches Python with its odd bytes as lone surrogates
    (`\xff` -> `\udcff`, PEP 383). They cannot be written as UTF-8, so they are written as JSON
    escapes: the line stays valid UTF-8, and `os.fsencode(json.loads(line)["doc_id"])` gives
    the original bytes back.
    """
    return _SURROGATE.sub(_escape, json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def run_extract(
    paths: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None,
    *,
    nlp_or_model: Language | str | Path | None = None,
    records: str = "events",
    errors_path: str | os.PathLike[str] | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    resume: bool = False,
    force: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    source_field: str = "source",
    min_confidence: float = 0.0,
    progress: ProgressCallback | None = None,
) -> RunStats:
    """Extract records from every article under `paths` into a JSON Lines file.

    Args:
        paths: files, folders, globs or `-` (see `reader.iter_inputs`).
        output: the JSONL file to write; None or `-` for standard output.
        nlp_or_model: a loaded pipeline, or what `api.load` takes (None: the default one).
        records: `events` (one line per event) or `documents` (one line per article).
        min_confidence: leave out events whose `confidence` is lower (precision for recall).
        errors_path: where failures and warnings go as JSONL; default `<output>.errors.jsonl`,
            or standard error (as plain messages) when writing to standard output.
        n_process: processes for `nlp.pipe`.
        batch_size: texts per `nlp.pipe` batch.
        resume: continue an interrupted or finished run into `output`, skipping done doc_ids.
        force: overwrite an existing `output` (and any unfinished run of it).
        max_chars: longer texts are truncated, with a warning.
        text_field: key of the text in JSON/JSONL records.
        id_field: key of the id in JSON/JSONL records.
        date_field: key of the publication date in JSON/JSONL records.
        source_field: key of the outlet in JSON/JSONL records.
        progress: called as `progress(done, total)` after each input; `total` is an estimate.

    RETURNS (RunStats): counts of what was read, skipped, failed and written.

    Raises:
        InputError: bad arguments, no inputs, or an existing output without force/resume.
        ModelNotFoundError: the model cannot be loaded.
    """
    start = time.perf_counter()
    target = _resolve_target(paths, output, records, errors_path, resume=resume, force=force)
    with _output_lock(target.out):
        _check_before_load(target, resume=resume, force=force)
        # Arguments are checked before the (slow) model load, so usage errors come back at once.
        nlp = nlp_or_model if isinstance(nlp_or_model, Language) else api.load(nlp_or_model)
        items = iter_inputs(target.inputs, max_chars=max_chars, text_field=text_field,
                            id_field=id_field, date_field=date_field, source_field=source_field,
                            exclude=target.exclude)  # fmt: skip
        with _open_run(target, records, resume=resume, progress=progress) as run:
            run.extract(nlp, items, min_confidence, batch_size=batch_size, n_process=n_process)
        return run.stats(time.perf_counter() - start, target.errors_file)


@dataclass(frozen=True, slots=True)
class _Target:
    """What a run reads and where it writes, resolved from its arguments."""

    inputs: list[str]
    out: Path | None  # a regular file: written through `OUT.part` and a journal, resumable
    device: Path | None  # a device or FIFO (or a link to one): written to as it is
    errors_file: Path | None
    exclude: list[Path]  # the run's own files, never read as inputs
    total: int  # estimated number of inputs, for progress


def _resolve_target(
    paths: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None,
    records: str,
    errors_path: str | os.PathLike[str] | None,
    *,
    resume: bool,
    force: bool,
) -> _Target:
    """Check the arguments that need no lock and no model, and find what the run touches."""
    if records not in RECORD_KINDS:
        raise InputError(Errors.E007(kind=records))
    given = None if output is None or os.fspath(output) == STDOUT else Path(output)
    # A device or FIFO (or a link to one) is written to as it is: never replaced or resumed.
    device = given if given is not None and is_special_file(given) else None
    out = None if device else given
    if resume and force:
        raise InputError(Errors.E011())
    if resume and out is None:
        raise InputError(Errors.E013())
    errors_file = Path(errors_path) if errors_path else (out and default_errors_path(out))
    inputs = [os.fspath(p) for p in paths]
    own_files = [part_path(out), journal_path(out), lock_path(out), out] if out else []
    exclude = [*own_files, *([errors_file, part_path(errors_file)] if errors_file else [])]
    total = count_inputs(inputs, exclude=exclude)
    if total == 0:
        raise InputError(Errors.E005(paths=", ".join(inputs)))
    if out is not None and out.is_dir():
        raise InputError(Errors.E016(path=out))
    return _Target(inputs, out, device, errors_file, exclude, total)


def _check_before_load(target: _Target, *, resume: bool, force: bool) -> None:
    """Check the output files, under the run's lock so that no other run changes them."""
    out, errors_file = target.out, target.errors_file
    if errors_file is not None and not _written_in_place(errors_file):
        _check_writable(errors_file)
    if out is not None and not part_path(out).exists():
        # Left by a kill just after the final rename: the output is complete.
        journal_path(out).unlink(missing_ok=True)
    if out is not None and not resume and not force:
        if out.exists():
            raise InputError(Errors.E006(path=out))
        if part_path(out).exists():
            raise InputError(Errors.E010(part=part_path(out), path=out))


@contextmanager
def _open_run(
    target: _Target, records: str, *, resume: bool, progress: ProgressCallback | None
) -> Iterator[_Run]:
    """Open the records sink and the errors log; commit both only if the block completes, and
    close both whatever happens."""
    out = target.out
    sink = _FileSink(out, records, resume=resume) if out else _StreamSink(target.device)
    try:
        log = _IssueLog(target.errors_file, resume=resume, done=sink.done, staged=out is not None)
    except BaseException:
        sink.close()
        raise
    try:
        yield _Run(sink, log, records, target.total, progress)
        sink.commit()
        log.commit()
    finally:
        sink.close()
        log.close()


# Under n_process > 1 the component error handler runs in a worker and its message is lost.
_UNSEEN = "a pipeline component raised an error"


@dataclass
class _Run:
    """One run's counts, and the articles handed to `nlp.pipe` and not yet back."""

    sink: _FileSink | _StreamSink
    log: _IssueLog
    records: str
    total: int
    progress: ProgressCallback | None
    read: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    documents: int = 0
    done: int = 0
    # (seq, doc_id, path) of the texts in flight, in input order.
    in_flight: deque[tuple[int, str, str]] = field(default_factory=deque)
    # (published, source) of the texts in flight, by seq.
    dated: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    def extract(
        self,
        nlp: Language,
        items: Iterable[InputItem],
        min_confidence: float,
        *,
        batch_size: int,
        n_process: int,
    ) -> None:
        handler = _ComponentErrors()
        texts = self._texts(items)
        pipe = nlp.pipe(texts, as_tuples=True, batch_size=batch_size, n_process=n_process)
        docs = closing(_ending_workers_early(pipe, n_process))
        with _error_handler(nlp, handler), docs as pairs:
            for doc, seq in pairs:
                # A component that fails on a doc drops it from the stream: report the gap.
                self._fail_dropped(handler, before=seq)
                self._write(doc, seq, min_confidence)
            self._fail_dropped(handler)

    def _texts(self, items: Iterable[InputItem]) -> Iterator[tuple[str, int]]:
        for seq, item in enumerate(items):
            if isinstance(item, InputSkipped):
                self.skipped += 1
            elif isinstance(item, InputFailure):
                self._fail(item.doc_id, item.path, item.reason)
            elif isinstance(item, InputArticle):
                self.read += 1
                if item.doc_id in self.sink.done:
                    self.skipped += 1
                    self._tick()
                    continue
                for warning in item.warnings:
                    self.log.record("warning", item.doc_id, item.source_path, warning)
                self.in_flight.append((seq, item.doc_id, item.source_path))
                self.dated[seq] = (item.published, item.source)
                yield item.text, seq

    def _fail_dropped(self, handler: _ComponentErrors, before: int | None = None) -> None:
        """Fail the texts in flight ahead of `before` (all of them if None): the pipeline
        dropped them."""
        while self.in_flight and self.in_flight[0][0] != before:
            lost, doc_id, path = self.in_flight.popleft()
            self.dated.pop(lost, None)
            self._fail(doc_id, path, Errors.E015(error=handler.errors.pop(lost, _UNSEEN)))

    def _write(self, doc: Doc, seq: int, min_confidence: float) -> None:
        _, doc_id, path = self.in_flight.popleft()
        published, source = self.dated.pop(seq)
        try:
            lines, n_events = _records(doc, doc_id, self.records, published, source, min_confidence)
        except Exception as err:  # a bug on one odd article must not end a long run
            self._fail(doc_id, path, Errors.E015(error=f"{type(err).__name__}: {err}"))
            return
        self.sink.write(doc_id, lines)
        self.documents += 1
        self.events += n_events
        self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def _fail(self, doc_id: str, path: str, reason: str) -> None:
        self.log.record("error", doc_id, path, reason)
        self.failed += 1
        self._tick()

    def stats(self, seconds: float, errors_file: Path | None) -> RunStats:
        return RunStats(
            read=self.read,
            skipped=self.skipped,
            failed=self.failed,
            events=self.events,
            documents=self.documents,
            seconds=seconds,
            warnings=self.log.warnings,
            errors_file=errors_file,
        )


def _records(
    doc: Doc,
    doc_id: str,
    kind: str,
    published: str | None,
    source: str | None,
    min_confidence: float = 0.0,
) -> tuple[list[str], int]:
    article = replace(api.doc_to_article(doc, doc_id), published=published, source=source)
    if min_confidence > 0.0:
        kept = tuple(e for e in article.events if e.confidence >= min_confidence)
        article = replace(article, events=kept)
    if kind == "documents":
        return [dumps(article.to_dict())], len(article.events)
    return [dumps(r) for r in article.event_records()], len(article.events)


# --- worker processes --------------------------------------------------------------------------

# True while a run's `nlp.pipe` may fork workers; read in the child right after the fork.
_guard_forks = False


def _ending_workers_early(docs: Iterator[Any], n_process: int) -> Generator[Any, None, None]:
    """`docs` from `nlp.pipe`; if the run stops early (Ctrl-C, SIGTERM, an output error), its
    workers are ended at once instead of finishing their batches or outliving the run."""
    global _guard_forks
    before = set(multiprocessing.active_children())
    _guard_forks = n_process > 1
    finished = False
    try:
        # Not `yield from`: it would close `docs` (joining busy workers) before they are ended.
        for doc in docs:  # noqa: UP028
            yield doc
        finished = True
    finally:
        _guard_forks = False
        if not finished:
            for child in set(multiprocessing.active_children()) - before:
                child.terminate()
            with warnings.catch_warnings():
                # spaCy warns (W127) that workers did not end cleanly: they were ended on purpose.
                warnings.filterwarnings("ignore", message=".*W127")
                getattr(docs, "close", lambda: None)()


def _after_fork_in_child() -> None:
    if not _guard_forks:
        return
    # The parent alone handles Ctrl-C and SIGTERM, and ends its workers itself: no tracebacks
    # from every worker on Ctrl-C, and no inherited handler of the parent's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent(os.getppid())


def _exit_with_parent(parent: int) -> None:
    """End this worker when its parent dies, even by SIGKILL, rather than linger as an orphan."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the prctl call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="transfer-nlp-parent-watch", daemon=True).start()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# --- component errors --------------------------------------------------------------------------


class _ComponentErrors:
    """spaCy error handler that records the failure instead of raising.

    spaCy then drops the doc from `nlp.pipe`; the run reports it as failed and goes on. Under
    `n_process > 1` the handler runs in a worker, so only the gap (not the message) is seen.
    """

    def __init__(self) -> None:
        self.errors: dict[int, str] = {}

    def __call__(self, name: str, proc: Any, docs: list[Doc], err: Exception) -> None:
        for doc in docs:
            seq = getattr(doc, "_context", None)
            if isinstance(seq, int):
                self.errors[seq] = f"component {name!r}: {type(err).__name__}: {err}"


@contextmanager
def _error_handler(nlp: Language, handler: _ComponentErrors) -> Iterator[None]:
    """Install `handler` on every component for the run, then restore the previous ones.

    Not `nlp.set_error_handler`: it raises on components that are extension types without a
    `__dict__` (the parser and NER in spaCy 3.8); those keep raising, and only the rule-based
    components, ours included, get the handler.
    """
    default = nlp.default_error_handler
    nlp.default_error_handler = handler
    saved: dict[str, Any] = {}
    for name, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            previous = proc.get_error_handler()  # type: ignore[attr-defined]
            try:
                proc.set_error_handler(handler)
            except AttributeError:
                continue
            saved[name] = previous
    try:
        yield
    finally:
        nlp.default_error_handler = default
        for name, proc in nlp.pipeline:
            if name in saved:
                proc.set_error_handler(saved[name])  # type: ignore[attr-defined]


# --- outputs -----------------------------------------------------------------------------------


@contextmanager
def _output_lock(output: Path | None) -> Iterator[None]:
    """Hold an exclusive `flock` on `OUT.lock` while the block runs; refuse if another run does.

    The lock file is removed on the way out. A run that opened it just before the removal would
    hold a lock on a deleted file, so after locking, the file's identity is checked against the
    path, and the lock taken again if they differ.
    """
    if output is None:
        yield
        return
    path = lock_path(output)
    # Creating the lock file also shows, before the model loads, that the folder is writable.
    with _writes_to(output):
        output.parent.mkdir(parents=True, exist_ok=True)
    while True:
        with _writes_to(path):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise InputError(Errors.E021(path=output, lock=path)) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


RESUME_HINT = " What was written so far is kept: fix the cause and run again with --resume."


@contextmanager
def _writes_to(path: str | Path, *, hint: str = "") -> Iterator[None]:
    """Turn an OS error while writing `path` (no permission, disk full) into a coded error."""
    try:
        yield
    except TransferNLPError:
        raise
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(Errors.E022(path=path, reason=reason, hint=hint)) from err


def _check_writable(path: Path) -> None:
    """Fail early, before the model loads, if the file `path` cannot be created or written."""
    with _writes_to(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with open(path, "ab"):
            pass
        if not existed:
            path.unlink()


class _StreamSink:
    """Records to standard output, or straight to a device or FIFO named as the output.

    Flushed per article; nothing to resume, and the target is never replaced or deleted.
    """

    done: frozenset[str] = frozenset()

    def __init__(self, device: Path | None = None) -> None:
        self.name = str(device) if device else "standard output"
        self._stream: IO[str] = sys.stdout
        if device is not None:
            with _writes_to(device):
                self._stream = open(device, "a", encoding="utf-8")  # noqa: SIM115 - see close()

    def write(self, doc_id: str, lines: list[str]) -> None:
        if lines:
            with self._writing():
                self._stream.write("\n".join(lines) + "\n")
                self._stream.flush()

    def commit(self) -> None:
        with self._writing():
            self._stream.flush()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with _writes_to(self.name):
                yield
        except OutputError:
            if sys.__stdout__ is not None and self._stream is sys.__stdout__:
                # Unflushed records would fail again, with a traceback, when Python exits.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.__stdout__.fileno())
                os.close(devnull)
            raise

    def close(self) -> None:
        if self._stream is not sys.stdout:
            with suppress(OSError):
                self._stream.close()


class _FileSink:
    """Records to `OUT.part` with a journal, renamed to `OUT` on success (see module doc)."""

    def __init__(self, output: Path, records: str, *, resume: bool) -> None:
        self.output, self.records = output, records
        self.part, self.journal = part_path(output), journal_path(output)
        self.done: set[str] = set()
        with _writes_to(self.part):
            if resume and (self.part.exists() or output.exists()):
                self.done = self._recover()
            else:
                self.part.unlink(missing_ok=True)
                _write_journal(self.journal, records, [])
            self._part: IO[bytes] = open(self.part, "ab")  # noqa: SIM115 - closed in close()
            self._journal: IO[bytes] = open(self.journal, "ab")  # noqa: SIM115

    def _recover(self) -> set[str]:
        """Cut the unfinished run (or the finished output) back to whole articles."""
        if self.part.exists():
            kind, entries = _read_journal(self.journal)
            size = self.part.stat().st_size
            if kind is None:
                # No journal (deleted by hand): trust the complete lines of the part file.
                kind, entries = _scan_output(self.part)
            # A journal line is written after its records are flushed, so an end past the file
            # size means lost page cache (power cut): fall back to the entries before it.
            while entries and entries[-1][1] > size:
                entries.pop()
        else:
            kind, entries = _scan_output(self.output)
        if kind is not None and kind != self.records:
            raise InputError(Errors.E012(path=self.output, found=kind, kind=self.records))
        end = entries[-1][1] if entries else 0
        _write_journal(self.journal, self.records, entries)
        if not self.part.exists():
            # The journal is written first: if killed now, the next --resume starts over
            # from OUT, which is still complete.
            os.replace(self.output, self.part)
        with open(self.part, "r+b") as f:
            f.truncate(end)
        return {doc_id for doc_id, _ in entries}

    def write(self, doc_id: str, lines: list[str]) -> None:
        if lines:
            with _writes_to(self.part, hint=RESUME_HINT):
                self._part.write(("\n".join(lines) + "\n").encode("utf-8"))
                self._part.flush()
        entry = dumps({"doc_id": doc_id, "end": self._part.tell()}) + "\n"
        with _writes_to(self.journal, hint=RESUME_HINT):
            self._journal.write(entry.encode("utf-8"))
            self._journal.flush()

    def commit(self) -> None:
        with _writes_to(self.part, hint=RESUME_HINT):
            self._part.flush()
            os.fsync(self._part.fileno())
            self._part.close()
        with _writes_to(self.output, hint=RESUME_HINT):
            os.replace(self.part, self.output)
        _fsync_dir(self.output.parent)
        self._journal.close()
        self.journal.unlink(missing_ok=True)

    def close(self) -> None:
        for f in (self._part, self._journal):
            # After a failed write the buffer still holds what did not fit: drop it quietly,
            # since the journal (not the file's tail) says what was written.
            with suppress(OSError):
                f.close()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _complete_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(end offset, parsed object) of each line, stopping at a partial or invalid one."""
    end = 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                return
            try:
                obj = json.loads(raw)
            except ValueError:
                return
            end += len(raw)
            if isinstance(obj, dict):
                yield end, obj


def _read_journal(path: Path) -> tuple[str | None, list[tuple[str, int]]]:
    """(record kind, [(doc_id, end)]) of a journal; (None, []) if missing or not a journal."""
    if not path.exists():
        return None, []
    kind, entries = None, []
    for _, obj in _complete_lines(path):
        if kind is None:
            if obj.get("format") != JOURNAL_FORMAT:
                return None, []
            kind = obj.get("records")
        else:
            entries.append((str(obj["doc_id"]), int(obj["end"])))
    return kind, entries


def _scan_output(path: Path) -> tuple[str | None, list[tuple[str, int]]]:
    """(record kind, [(doc_id, end)]) from the complete records of an output file."""
    kind, entries = None, []
    for end, obj in _complete_lines(path):
        kind = kind or ("documents" if "entities" in obj else "events")
        entries.append((str(obj.get("doc_id")), end))
    return kind, entries


def _write_journal(path: Path, records: str, entries: list[tuple[str, int]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(dumps({"format": JOURNAL_FORMAT, "records": records}) + "\n")
        for doc_id, end in entries:
            f.write(dumps({"doc_id": doc_id, "end": end}) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- errors file -------------------------------------------------------------------------------

_CODE = re.compile(r"^\[([EW]\d{3})\]")


class _IssueLog:
    """Failures and warnings, one JSON line each, or plain messages on stderr.

    With a file output (`staged`), lines go to `ERRORS.part`, which replaces the errors file
    when the run completes (or the old errors file is removed if this run had nothing to
    say): a killed or failed `--force` run leaves the old records and their errors as they
    were. `--resume` keeps only the lines of done articles, from `ERRORS.part` if the run being
    continued left one, else from the errors file, since the others are read again (and so
    re-reported). Without `staged` (records on standard output or a device) lines go straight
    to the errors file, which a new run deletes first. An errors file written in place (a
    device, FIFO or link) is only ever appended to.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        resume: bool,
        done: set[str] | frozenset[str],
        staged: bool,
    ) -> None:
        self.path: Path | None = path
        self.target: Path | None = path
        self.warnings = 0
        self._file: IO[str] | None = None
        if path is None or _written_in_place(path):
            return
        with _writes_to(path):
            if not staged:
                path.unlink(missing_ok=True)
                return
            self.target = part_path(path)
            source = self.target if self.target.exists() else path
            if not resume or not source.exists():
                self.target.unlink(missing_ok=True)
                return
            tmp = path.with_name(path.name + ".tmp")
            with open(tmp, "w", encoding="utf-8") as dst:
                for _, obj in _complete_lines(source):
                    if obj.get("doc_id") in done:
                        dst.write(dumps(obj) + "\n")
            os.replace(tmp, self.target)

    def commit(self) -> None:
        """Put this run's errors in place of the old ones (see the class docstring)."""
        if self.path is None or self.target is None or self.target == self.path:
            return
        self.close()
        with _writes_to(self.path, hint=RESUME_HINT):
            if self.target.exists():
                os.replace(self.target, self.path)
            else:
                self.path.unlink(missing_ok=True)

    def record(self, level: str, doc_id: str, path: str, reason: str) -> None:
        if level == "warning":
            self.warnings += 1
        if self.target is None:
            message = f"{level}: {doc_id}: {reason}".replace("\n", "\\n")
            # One line per message, and no raw surrogates even on a strict stderr.
            sys.stderr.write(f"transfer-nlp: {_SURROGATE.sub(_escape, message)}\n")
            return
        code = _CODE.match(reason)
        line = {"level": level, "code": code and code.group(1), "doc_id": doc_id, "path": path}
        with _writes_to(self.target, hint=RESUME_HINT):
            if self._file is None:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                self._file = open(self.target, "a", encoding="utf-8")  # noqa: SIM115 - close()
            self._file.write(dumps({**line, "reason": reason}) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            with suppress(OSError):
                self._file.close()
            self._file = None
