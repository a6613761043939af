"""Markdown read as markup: its syntax characters become spaces, the words stay in place.

`mask_markdown` returns a text of exactly the same length as its input, with emphasis
marks, link brackets and targets, heading marks, list bullets, block quotes, code fences,
table pipes and inline HTML tags replaced by spaces (line breaks are kept). Offsets into
the result are offsets into the original text, so records point at the Markdown file.

Two things are never read as markup: a `*` or `_` inside a word (`snake_case`, `2*3`,
`Man_Utd`), and a bare web address (`https://example.com/a_b_c`), which is left whole.
Emphasis needs a closing mark in the same paragraph, within `MAX_EMPHASIS` characters; a
lone `*` (a footnote mark) is text. Every pattern scans a bounded stretch of text, so the
cost is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_EMPHASIS = 500
MAX_LINK_TEXT = 500
MAX_URL = 2000
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# A whole line of markup: a thematic break, a setext underline, a table's
# separator row, or a link reference definition ("[1]: https://...").
_MARKUP_LINE = re.compile(
    r"^[ \t]{0,3}(?:"
    r"(?:[*_-][ \t]*){3,}"
    r"|=+[ \t]*"
    r"|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*"
    r"|\[[^\]\n]{1,200}\]:[ \t]*\S[^\n]*"
    r")$",
    re.MULTILINE,
)
# Marks at the start of a line: block quotes ("> > "), then a heading ("## ") or a bullet.
_MARK = r"(?:#{1,6}(?=[ \t]|$)|[-*+](?=[ \t]))"
_LINE_START = re.compile(rf"^[ \t]*(?:(?:>[ \t]?)+{_MARK}?|{_MARK})", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# A closing "###" at the end of a heading line.
_HEADING_END = re.compile(r"(?<=[ \t])#+[ \t]*$", re.MULTILINE)
_URL = re.compile(rf"(?:https?://|www\.)[^\s<>()\[\]]{{1,{MAX_URL}}}", re.IGNORECASE)
_AUTOLINK = re.compile(rf"<(?:https?://|mailto:)[^\s<>]{{1,{MAX_URL}}}>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,500})?/?>")
# "[text](target "title")", "![alt](target)"; a reference "[text][ref]".
_LINK = re.compile(
    rf"(!?\[)([^\[\]\n]{{1,{MAX_LINK_TEXT}}})(\]\([^()\s]{{0,{MAX_URL}}}"
    r"(?:[ \t]+\"[^\"\n]{0,200}\")?\)|\]\[[^\[\]\n]{0,100}\])"
)
_CODE = re.compile(r"(`+)(?=[^`\n])([^\n]{1,500}?)(?<=[^`])\1(?!`)")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


# Emphasis: a run of marks that opens (not after a word character, not before a space)
# and the same run that closes (not after a space, not before a word character), with
# neither that mark nor a blank line between them; nested emphasis of another mark is
# read on a later pass. Stopping at the next mark keeps every scan short.
def _emphasis(mark: str) -> re.Pattern[str]:
    m = re.escape(mark)
    run = "~~" if mark == "~" else f"{m}{{1,3}}"
    inner = rf"(?:[^{m}\n]|\n(?![ \t]*\n)){{1,{MAX_EMPHASIS}}}?"
    return re.compile(rf"(?<![\w*_~\\])({run})(?=[^\s*_~])({inner})(?<=[^\s*_~\\])\1(?![\w*_~])")


_EMPHASES = tuple(_emphasis(mark) for mark in "*_~")


def mask_markdown(text: str) -> str:
    """`text` with its Markdown syntax replaced by spaces (same length; see module doc)."""
    chars = list(text)
    # Characters already decided: text that must stay (addresses, code) or blanked marks.
    fixed = bytearray(len(text))

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
            fixed[i] = 1

    def keep(start: int, end: int) -> None:
        fixed[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return not any(fixed[start:end])

    for m in _ESCAPE.finditer(text):
        blank(m.start(), m.end())
        keep(m.end(), m.end() + 1)
    for m in _MARKUP_LINE.finditer(text):
        blank(m.start(), m.end())
    _code_blocks(text, blank, keep)
    for m in _CODE.finditer(text):
        if free(m.start(), m.end()):
            blank(m.start(1), m.end(1))
            keep(m.start(2), m.end(2))
            blank(m.end(2), m.end())
    for m in _AUTOLINK.finditer(text):
        if free(m.start(), m.end()):
            blank(m.start(), m.end())
    for m in _LINK.finditer(text):
        if free(m.start(1), m.end(1)) and free(m.start(3), m.end(3)):
            blank(m.start(1), m.end(1))
            blank(m.start(3), m.end(3))
    for m in _URL.finditer(text):
        keep(m.start(), m.end())
    for m in _TAG.finditer(text):
        if free(m.start(), m.end()):
            blank(m.start(), m.end())
    for pattern in (_LINE_START, _HEADING_END):
        for m in pattern.finditer(text):
            _blank_marks(m.group(), m.start(), blank)
    for row in _TABLE_ROW.finditer(text):
        for k, ch in enumerate(row.group(), row.start()):
            if ch == "|" and not fixed[k]:
                blank(k, k + 1)
    # Nested emphasis ("**a _b_ c**", "***a** b*") is read from the inside out, one
    # level per pass over what the passes before left.
    for _ in range(3):
        for pattern in _EMPHASES:
            for m in pattern.finditer("".join(chars)):
                if free(m.start(1), m.end(1)) and free(m.end(2), m.end()):
                    blank(m.start(1), m.end(1))
                    blank(m.end(2), m.end())
    return "".join(chars)


def _blank_marks(found: str, offset: int, blank: Callable[[int, int], None]) -> None:
    """Blank the non-space characters of a line-start match (the marks, not the indent)."""
    for k, ch in enumerate(found, offset):
        if not ch.isspace():
            blank(k, k + 1)


def _code_blocks(
    text: str, blank: Callable[[int, int], None], keep: Callable[[int, int], None]
) -> None:
    """Blank the fence lines of fenced code blocks and keep what is between them as text."""
    fence = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if m and (not fence or m.group(1).startswith(fence)):
            blank(pos, pos + len(line.rstrip("\r\n")))
            fence = "" if fence else m.group(1)
        elif fence:
            keep(pos, pos + len(line))
        pos += len(line)
