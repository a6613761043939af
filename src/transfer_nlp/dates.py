"""Publication dates and outlets of articles, from metadata or the top of the text.

Pure functions, no spaCy. Dates come out as ISO strings (`2025-01-04`) or None; nothing here
ever falls back to a file's modification time, which says when a copy was made, not when the
article was published.

A text may open with header lines, which `split_header` reads and removes:

    date 2025-01-04          (or `date: 2025-01-04`)
    source: Daily Example    (the outlet; the colon is required)

Otherwise `date_in_text` looks for a full date (day, month and year) in the first lines, as a
dateline gives it: `Saturday 4 January 2025`, `January 4, 2025`, `2025-01-04`.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_LINES = 3
_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ISO = re.compile(r"\b" + _YEAR + r"-(?P<mnum>\d\d)-(?P<day>\d\d)(?![\d-])")
_DAY_MONTH = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.I
)
_HEADER_DATE = re.compile(r"^date:?[ \t]+(\S+)[ \t]*$")
_HEADER_SOURCE = re.compile(r"^source:[ \t]*(\S.*?)[ \t]*$")


def parse_date(value: object) -> str | None:
    """An ISO date from a metadata value: `2025-01-04`, `2025-01-04T18:30:00Z`, `4 Jan 2025`.

    RETURNS (str | None): `YYYY-MM-DD`, or None if `value` is not a string holding one date.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    head = re.match(r"(\d{4}-\d\d-\d\d)(?:$|[T ])", value)
    if head:
        return _iso_date(head.group(1))
    return date_in_text(value, lines=1) if len(value) <= 40 else None


def _iso_date(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _valid(year: str, month: int, day: str) -> str | None:
    try:
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def date_in_text(text: str, lines: int = FIRST_LINES) -> str | None:
    """The first full date written in the first `lines` non-blank lines of `text`, as ISO."""
    head = [line for line in text.splitlines()[: lines * 4] if line.strip()][:lines]
    for line in head:
        found = []
        for m in _ISO.finditer(line):
            found.append((m.start(), _valid(m["year"], int(m["mnum"]), m["day"])))
        for pattern in (_DAY_MONTH, _MONTH_DAY):
            for m in pattern.finditer(line):
                found.append((m.start(), _valid(m["year"], _MONTHS[m["month"].lower()], m["day"])))
        dates = [date for _, date in sorted(found) if date]
        if dates:
            return dates[0]
    return None


def split_header(text: str) -> tuple[str | None, str | None, str]:
    """Read and remove the leading `date YYYY-MM-DD` and `source: NAME` lines.

    Only lines at the very top count (blank lines between them are allowed); the first other
    line ends the header. A `date` line whose value is not a valid date is left in the text.

    RETURNS (tuple): (published or None, source or None, the text without its header lines).
    """
    published = source = None
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end + 1
        line = text[pos:end].strip()
        if not line:
            pos = end
            continue
        date_line = _HEADER_DATE.match(line)
        source_line = _HEADER_SOURCE.match(line)
        if date_line and published is None and (iso := _iso_date(date_line.group(1))):
            published = iso
        elif source_line and source is None:
            source = source_line.group(1)
        else:
            break
        pos = end
    if published is None and source is None:
        return None, None, text
    return published, source, text[pos:]


def html_metadata(html: str) -> tuple[str | None, str | None]:
    """(publication date, site name) from a page's metadata, through trafilatura/htmldate.

    RETURNS (tuple): ISO date or None, outlet name or None; (None, None) if trafilatura cannot
    be imported or finds nothing.
    """
    try:
        from trafilatura import extract_metadata
    except ImportError:
        return None, None
    try:
        meta = extract_metadata(html, extensive=False)
    except Exception:  # metadata is a bonus: a page it chokes on still has its text
        return None, None
    if meta is None:
        return None, None
    sitename = (meta.sitename or "").strip() or None
    return parse_date(meta.date), sitename
