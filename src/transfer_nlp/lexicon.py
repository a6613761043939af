"""Football vocabulary of the rule components, read from package data.

The word lists live in `data/lexicons/*.json` (each key is documented under `"_keys"` in
its file). A rule component keeps its own `Lexicon`, saves it with `to_disk` and makes
it the active one while it reads a document, so a saved pipeline keeps the words it was
built with even when the package's files change later (the scorer keeps the words its
features were trained on). Code that runs outside a component reads the packaged lexicon.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

FILES = ("entities.json", "events.json")
TRIGGER_TYPES = (
    "signing",
    "departure",
    "coach_appointment",
    "contract_extension",
    "loan",
    "retirement",
)


def load(name: str) -> dict[str, Any]:
    """A lexicon file of the package (`data/lexicons/<name>`)."""
    path = files("transfer_nlp") / "data" / "lexicons" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """One case-blind pattern that finds any of `phrases` as whole words, the longest
    where several start at one place.

    The phrases share their prefixes in the pattern (a trie): a flat alternation of a
    few hundred phrases makes the regex engine try each one at every position.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    body = _trie_pattern(trie) if trie else "(?!)"
    return re.compile(r"\b(?:" + body + r")\b", re.IGNORECASE)


def _trie_pattern(node: dict[str, Any]) -> str:
    # Children before the end of a phrase, so a longer phrase is tried first; siblings
    # start with different characters, so at most one of them can match.
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class Lexicon:
    """The vocabulary of one pipeline: every list of the lexicon files by key, plus the
    trigger table and compiled cue patterns made from them. Treated as read-only."""

    def __init__(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        self.data: dict[str, dict[str, Any]] = {n: dict(v) for n, v in data.items()}
        sets: dict[str, frozenset[str]] = {}
        for name, entries in self.data.items():
            for key, value in entries.items():
                if key.startswith("_"):
                    continue  # "_keys": what each key means
                if key in sets:
                    raise ValueError(f"lexicon key {key!r} is defined twice ({name})")
                if isinstance(value, list):
                    sets[key] = frozenset(value)
        self.sets = sets

    def words(self, key: str) -> frozenset[str]:
        return self.sets[key]

    def entry(self, key: str) -> Any:
        """A non-list entry (a table) of any lexicon file."""
        for entries in self.data.values():
            if key in entries:
                return entries[key]
        raise KeyError(key)

    @cached_property
    def triggers(self) -> dict[str, str]:
        """Trigger lemma -> the event type it starts."""
        table = self.entry("triggers")
        return {lemma: kind for kind in TRIGGER_TYPES for lemma in table[kind]}

    @cached_property
    def non_move_senses(self) -> dict[str, frozenset[str]]:
        """Trigger lemma -> the words that make it no move when next to it in the parse."""
        return {lemma: frozenset(ws) for lemma, ws in self.entry("non_move_senses").items()}

    @cached_property
    def status_re(self) -> dict[str, re.Pattern[str]]:
        return {status: _alternation(cues) for status, cues in self.entry("status_cues").items()}

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Phrase lists under `"phrases"`, each compiled to one whole-word pattern."""
        return {key: _alternation(p) for key, p in self.entry("phrases").items()}

    @cached_property
    def numbers(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.entry("number_words").items()}

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {n: dict(v) for n, v in self.data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, Any]]) -> Lexicon:
        missing = [n for n in FILES if n not in data]
        if missing:
            raise ValueError(f"lexicon data lacks {', '.join(missing)}")
        return cls(data)


LEXICON_FILE = "lexicons.json"


def read_lexicon(path: Path) -> Lexicon:
    """The lexicon a component saved in `path`; the package's for a pipeline saved
    before components carried their own."""
    file = path / LEXICON_FILE
    if not file.exists():
        return package()
    saved = json.loads(file.read_text(encoding="utf-8"))
    # A list added to the package after the pipeline was saved: the package's words, as
    # the saved pipeline has none of its own (its other lists stay as they were saved).
    return Lexicon.from_dict(
        {name: {**load(name), **saved[name]} for name in FILES if name in saved}
    )


@cache
def package() -> Lexicon:
    """The lexicon shipped with the package."""
    return Lexicon({name: load(name) for name in FILES})


_ACTIVE: ContextVar[Lexicon | None] = ContextVar("transfer_nlp_lexicon", default=None)


def active() -> Lexicon:
    """The lexicon of the component reading the current document, else the package's.
    A context variable, so threads sharing a pipeline never see each other's."""
    lex = _ACTIVE.get()
    return lex if lex is not None else package()


@contextmanager
def using(lex: Lexicon) -> Iterator[Lexicon]:
    token = _ACTIVE.set(lex)
    try:
        yield lex
    finally:
        _ACTIVE.reset(token)


def words(key: str) -> frozenset[str]:
    """A word list of the active lexicon."""
    return active().sets[key]
