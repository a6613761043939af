"""Stage 0: turn paths into articles, lazily and without ever raising for bad input.

`iter_inputs` walks files, folders (recursively, in sorted order), globs and `-` (standard
input, one article) and yields one item per article or problem:

- `InputArticle(doc_id, text, source_path, warnings)`: text to run through the pipeline;
- `InputFailure(doc_id, path, reason)`: an input that cannot be used (empty, binary, unreadable,
  a malformed JSON line, a broken symlink...), with a coded reason from `errors.Errors`;
- `InputSkipped(path)`: a file of unknown type met inside a folder.

Formats by extension: `.txt` is read as text, `.md`/`.markdown` as text with the Markdown
markup blanked (`markdown.mask_markdown`: same length, so offsets hold); `.html`/`.htm` are
reduced to their main text with trafilatura; `.json` holds one object or a list of objects and
`.jsonl` one object per line, each with the text under `text_field` and an optional id under
`id_field`.
A file named explicitly (not found in a folder) with another extension is read as text.

`doc_id` is the path relative to the folder (or glob base) it was found in, with `/` separators,
or the file name for a file named explicitly; records of JSON lists and JSONL files get `#N`
appended (N = 1-based index in the list, or line number in the JSONL file) unless they carry
their own id.
"""

from __future__ import annotations

import codecs
import errno
import glob
import json
import os
import re
import stat
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from .dates import date_in_text, html_metadata, parse_date, split_header
from .errors import Errors, Warnings
from .language import looks_english
from .markdown import MARKDOWN_SUFFIXES, mask_markdown

DEFAULT_MAX_CHARS = 1_000_000
TEXT_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIX = ".json"
JSONL_SUFFIX = ".jsonl"
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {JSON_SUFFIX, JSONL_SUFFIX}
STDIN = "-"
STDIN_DOC_ID = "<stdin>"
# Git's heuristic: a NUL byte in the first few KiB means binary.
_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class InputArticle:
    """One article to process.

    Attributes:
        doc_id: stable id of the article (see the module docstring).
        text: the article text, at most `max_chars` long.
        source_path: the file it came from (`-` for standard input).
        warnings: coded messages about how it was read (fallback decoding, truncation).
        published: ISO date the article was published, or None (see `dates`).
        source: the outlet that published it, or None.
    """

    doc_id: str
    text: str
    source_path: str
    warnings: tuple[str, ...] = ()
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that cannot be processed; `reason` is a coded message."""

    doc_id: str
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class InputSkipped:
    """A file of unknown type inside a folder: neither read nor a failure."""

    path: str


InputItem = InputArticle | InputFailure | InputSkipped


@dataclass(frozen=True, slots=True)
class _Found:
    """A file to read, with the doc_id its articles are named after."""

    path: Path
    doc_id: str


@dataclass(frozen=True, slots=True)
class _Fields:
    """Keys of JSON records: the text, the id, the publication date and the outlet."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    source: str = "source"


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    source_field: str = "source",
    exclude: Collection[str | os.PathLike[str]] = (),
    stdin: BinaryIO | None = None,
) -> Iterator[InputItem]:
    """Yield the articles found under `paths`, in a deterministic order.

    Args:
        paths: files, folders, glob patterns, or `-` for one article on standard input.
        max_chars: longer texts are truncated to this many characters (with a warning).
        text_field: key of the text in JSON and JSONL records.
        id_field: key of the optional id in JSON and JSONL records.
        date_field: key of the optional publication date in JSON and JSONL records.
        source_field: key of the optional outlet name in JSON and JSONL records.
        exclude: files never to read, e.g. the run's own output when it sits in an input folder.
        stdin: binary stream read for `-` (default `sys.stdin.buffer`).

    Yields:
        `InputArticle`, `InputFailure` or `InputSkipped` items; never raises for bad input.
    """
    excluded = _real_paths(exclude)
    fields = _Fields(text_field, id_field, date_field, source_field)
    for target in _expand(paths, excluded):
        if not isinstance(target, _Found):
            yield target
        elif str(target.path) == STDIN:
            yield _read_stdin(stdin, max_chars)
        elif target.path.suffix.lower() == JSONL_SUFFIX:
            yield from _read_jsonl(target, max_chars, fields)
        else:
            yield from _read_file(target, max_chars, fields)


def count_inputs(
    paths: Iterable[str | os.PathLike[str]], *, exclude: Collection[str | os.PathLike[str]] = ()
) -> int:
    """Estimate how many articles `iter_inputs` will yield, without reading texts.

    Files count one each, JSONL files one per non-blank line, and a JSON list one (it would have
    to be parsed to count). Failures to find a path count nothing, so 0 means "nothing to do".
    """
    total = 0
    for target in _expand(paths, _real_paths(exclude)):
        if not isinstance(target, _Found):
            continue
        if target.path.suffix.lower() == JSONL_SUFFIX:
            try:
                with open(target.path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1  # its failure is an item of its own
        else:
            total += 1
    return total


# --- finding files -----------------------------------------------------------------------------


def _real_paths(paths: Collection[str | os.PathLike[str]]) -> frozenset[str]:
    return frozenset(os.path.realpath(p) for p in paths)


def _expand(
    paths: Iterable[str | os.PathLike[str]], excluded: frozenset[str]
) -> Iterator[_Found | InputFailure | InputSkipped]:
    for raw in paths:
        name = os.fspath(raw)
        if name == STDIN:
            yield _Found(Path(STDIN), STDIN_DOC_ID)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, "", frozenset({_dir_key(path)}), excluded)
        elif path.exists():
            # Named explicitly: read whatever its extension (FIFOs and devices included).
            if os.path.realpath(path) not in excluded:
                yield _Found(path, path.name)
        elif glob.has_magic(name):
            yield from _expand_glob(name, excluded)
        else:
            yield InputFailure(path.name, name, Errors.E004(path=name, reason=_missing(path)))


def _expand_glob(
    pattern: str, excluded: frozenset[str]
) -> Iterator[_Found | InputFailure | InputSkipped]:
    # doc_ids are relative to the part of the pattern before its first wildcard.
    parts = Path(pattern).parts
    n_plain = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    base = Path(*parts[:n_plain]) if n_plain else Path(".")
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        reason = Errors.E004(path=pattern, reason="no file matches this pattern")
        yield InputFailure(pattern, pattern, reason)
    walked: set[Path] = set()
    for match in matches:
        path = Path(match)
        if walked.intersection(path.parents):
            continue  # `**` matches a folder and its contents: read them once
        rel = path.relative_to(base).as_posix()
        if path.is_dir():
            walked.add(path)
            prefix = "" if rel == "." else rel + "/"
            yield from _walk(path, prefix, frozenset({_dir_key(path)}), excluded)
        elif path.is_file() and path.suffix.lower() in KNOWN_SUFFIXES:
            if os.path.realpath(path) not in excluded:
                yield _Found(path, rel)
        elif os.path.lexists(path) and not path.exists():
            yield InputFailure(rel, match, Errors.E004(path=match, reason=_missing(path)))


def _walk(
    folder: Path, prefix: str, ancestors: frozenset[tuple[int, int]], excluded: frozenset[str]
) -> Iterator[_Found | InputFailure | InputSkipped]:
    """Depth-first, entries sorted by name; `ancestors` catches symlinks back up the tree."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield InputFailure(prefix or folder.name, str(folder), _os_failure(folder, err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are never articles
        path, rel = Path(entry.path), prefix + entry.name
        try:
            st = os.stat(entry.path)  # follows symlinks
        except OSError as err:
            if path.suffix.lower() in KNOWN_SUFFIXES or entry.is_symlink():
                yield InputFailure(rel, entry.path, _os_failure(path, err))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                reason = "symbolic link loop (it points to a folder above it)"
                yield InputFailure(rel, entry.path, Errors.E004(path=entry.path, reason=reason))
            else:
                yield from _walk(path, rel + "/", ancestors | {key}, excluded)
        elif not stat.S_ISREG(st.st_mode) or path.suffix.lower() not in KNOWN_SUFFIXES:
            yield InputSkipped(entry.path)
        elif os.path.realpath(path) not in excluded:
            yield _Found(path, rel)


def _dir_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)


def _missing(path: Path) -> str:
    """Why a path that does not exist cannot be read."""
    if not os.path.lexists(path):
        return "no such file or folder"
    try:
        path.stat()
    except OSError as err:
        return _os_reason(err, is_link=True)
    return "no such file or folder"


def _os_reason(err: OSError, *, is_link: bool = False) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if err.errno == errno.ENOENT:
        return "broken symbolic link" if is_link else "no such file or folder"
    if isinstance(err, PermissionError):
        return "permission denied"
    return err.strerror or str(err)


def _os_failure(path: Path, err: OSError) -> str:
    return Errors.E004(path=path, reason=_os_reason(err, is_link=os.path.islink(path)))


# --- reading -----------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _read_stdin(stdin: BinaryIO | None, max_chars: int) -> InputArticle | InputFailure:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read()
    text, warnings = _decode_or_fail(data, STDIN)
    if isinstance(text, InputFailure):
        return text
    return _article(STDIN_DOC_ID, text, STDIN, warnings, max_chars)


def _read_file(
    found: _Found, max_chars: int, fields: _Fields
) -> Iterator[InputArticle | InputFailure]:
    path, name = found.path, str(found.path)
    try:
        data = _read_bytes(path)
    except OSError as err:
        yield InputFailure(found.doc_id, name, _os_failure(path, err))
        return
    text, warnings = _decode_or_fail(data, name, found.doc_id)
    if isinstance(text, InputFailure):
        yield text
        return
    suffix = path.suffix.lower()
    if suffix == JSON_SUFFIX:
        yield from _json_records(found, text, warnings, max_chars, fields)
        return
    published = source = None
    if suffix in HTML_SUFFIXES:
        published, source = html_metadata(text)
        text, warning = html_to_text(text, name)
        warnings += (warning,) if warning else ()
    elif suffix in MARKDOWN_SUFFIXES:
        text = mask_markdown(text)
    yield _article(found.doc_id, text, name, warnings, max_chars, published, source)


def _decode_or_fail(
    data: bytes, name: str, doc_id: str | None = None
) -> tuple[str | InputFailure, tuple[str, ...]]:
    doc_id = doc_id or STDIN_DOC_ID
    if not data.strip():
        return InputFailure(doc_id, name, Errors.E004(path=name, reason="empty file")), ()
    if data[:2] not in _UTF16_BOMS and b"\x00" in data[:_SNIFF_BYTES]:
        reason = Errors.E004(path=name, reason="binary file (NUL bytes)")
        return InputFailure(doc_id, name, reason), ()
    text, encoding = decode(data)
    warnings = (Warnings.W001(path=name, encoding=encoding),) if encoding else ()
    return text, warnings


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode as UTF-8 (BOM allowed), else cp1252, else latin-1 (which cannot fail).

    RETURNS (tuple[str, str | None]): the text, and the fallback encoding used if any.
    """
    if data[:2] in _UTF16_BOMS:
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _article(
    doc_id: str,
    text: str,
    path: str,
    warnings: tuple[str, ...],
    max_chars: int,
    published: str | None = None,
    source: str | None = None,
) -> InputArticle | InputFailure:
    """The article, its header lines read and removed; `published` and `source` given by
    metadata (JSON fields, HTML) win over the header, and the header over the first lines."""
    header_date, header_source, text = split_header(text)
    published = published or header_date or date_in_text(text)
    source = source or header_source
    if not text.strip():
        return InputFailure(doc_id, path, Errors.E004(path=path, reason="no text"))
    if len(text) > max_chars:
        action = f"kept the first {max_chars} characters"
        warnings += (Warnings.W002(path=path, n_chars=len(text), limit=max_chars, action=action),)
        text = text[:max_chars]
    if not looks_english(text):
        warnings += (Warnings.W008(path=path),)
    return InputArticle(doc_id, text, path, warnings, published, source)


def _record(
    record: Any,
    where: str,
    default_id: str,
    found: _Found,
    warnings: tuple[str, ...],
    max_chars: int,
    fields: _Fields,
) -> InputArticle | InputFailure:
    """One article from a JSON record, or why it cannot be one."""
    name = str(found.path)
    problem = None
    if not isinstance(record, dict):
        problem = f"expected a JSON object, got {type(record).__name__}"
    elif not isinstance(record.get(fields.text), str):
        problem = f"no string field {fields.text!r}"
    elif not record[fields.text].strip():
        problem = f"field {fields.text!r} holds no text"
    given_id = record.get(fields.id) if isinstance(record, dict) else None
    doc_id = default_id if given_id in (None, "") else str(given_id)
    if problem:
        return InputFailure(doc_id, name, Errors.E014(path=name, where=where, problem=problem))
    given_date = record.get(fields.date)
    published = parse_date(given_date)
    if given_date not in (None, "") and published is None:
        warnings += (Warnings.W005(path=name, where=where, field=fields.date, value=given_date),)
    source = record.get(fields.source)
    source = source.strip() or None if isinstance(source, str) else None
    return _article(doc_id, record[fields.text], name, warnings, max_chars, published, source)


def _json_records(
    found: _Found,
    text: str,
    warnings: tuple[str, ...],
    max_chars: int,
    fields: _Fields,
) -> Iterator[InputArticle | InputFailure]:
    name = str(found.path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        reason = Errors.E004(path=name, reason=f"not valid JSON ({err})")
        yield InputFailure(found.doc_id, name, reason)
        return
    if data == []:
        yield InputFailure(found.doc_id, name, Errors.E004(path=name, reason="empty JSON list"))
        return
    if not isinstance(data, list):
        yield _record(data, "the top-level object", found.doc_id, found, warnings, max_chars,
                      fields)  # fmt: skip
        return
    ids = _IdTracker(name)
    for i, record in enumerate(data, 1):
        yield ids.check(_record(record, f"record {i}", f"{found.doc_id}#{i}", found, warnings,
                                max_chars, fields), f"record {i}")  # fmt: skip


def _read_jsonl(
    found: _Found, max_chars: int, fields: _Fields
) -> Iterator[InputArticle | InputFailure]:
    """Stream a JSONL file line by line, so its size does not matter; bad lines fail alone."""
    path, name = found.path, str(found.path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across yields
    except OSError as err:
        yield InputFailure(found.doc_id, name, _os_failure(path, err))
        return
    try:
        head = f.read(_SNIFF_BYTES)
        if not head.strip() and not f.read(1):
            yield InputFailure(found.doc_id, name, Errors.E004(path=name, reason="empty file"))
            return
        f.seek(0)
        ids = _IdTracker(name)
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            where, default_id = f"line {n}", f"{found.doc_id}#{n}"
            if b"\x00" in raw:
                # One bad line must not cost the others: binary is decided line by line here.
                problem = "binary data (NUL bytes)"
                reason = Errors.E014(path=name, where=where, problem=problem)
                yield InputFailure(default_id, name, reason)
                continue
            line, encoding = decode(raw)
            warnings = (Warnings.W001(path=f"{name}:{n}", encoding=encoding),) if encoding else ()
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                problem = f"not valid JSON ({err.msg} at column {err.colno})"
                reason = Errors.E014(path=name, where=where, problem=problem)
                yield InputFailure(default_id, name, reason)
                continue
            yield ids.check(_record(record, where, default_id, found, warnings, max_chars,
                                    fields), where)  # fmt: skip
    except OSError as err:
        yield InputFailure(found.doc_id, name, _os_failure(path, err))
    finally:
        f.close()


class _IdTracker:
    """Warns when a record of a JSON or JSONL file reuses the id of an earlier one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.first: dict[str, str] = {}

    def check(self, item: InputArticle | InputFailure, where: str) -> InputArticle | InputFailure:
        first = self.first.setdefault(item.doc_id, where)
        if first == where or not isinstance(item, InputArticle):
            return item
        warning = Warnings.W006(path=self.name, where=where, doc_id=item.doc_id, first=first)
        return replace(item, warnings=(*item.warnings, warning))


# --- HTML --------------------------------------------------------------------------------------


def html_to_text(html: str, name: str = "<html>") -> tuple[str, str | None]:
    """The main text of a web page, without navigation, ads and other boilerplate.

    Uses trafilatura; when it finds no main text (very short pages) or cannot be imported,
    falls back to all the text of the page with tags, scripts and styles removed.

    RETURNS (tuple[str, str | None]): the text, and a coded warning if the fallback was used.
    """
    try:
        import trafilatura  # slow import, only paid when there is HTML to read
    except ImportError as err:
        reason = f"trafilatura cannot be imported ({err})"
    else:
        main = trafilatura.extract(html, include_comments=False, include_tables=False)
        if main and main.strip():
            return main, None
        reason = "no main text found in the HTML"
    return strip_tags(html), Warnings.W004(path=name, reason=reason)


class _TagStripper(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
         "header", "footer", "blockquote", "pre", "table", "ul", "ol", "title"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._pre += tag == "pre"
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._pre = max(0, self._pre - (tag == "pre"))
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # A line break in the page's source is a space in the page ("Aston\nVilla" is
            # shown as "Aston Villa"); only block elements start lines.
            self.parts.append(data if self._pre else data.replace("\r", " ").replace("\n", " "))


def strip_tags(html: str) -> str:
    """All visible text of an HTML page: one line per block, runs of spaces collapsed."""
    parser = _TagStripper()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
