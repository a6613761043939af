"""Find money amounts in raw text and normalise them to (amount, ISO 4217 currency).

A pure module: no spaCy. It works on character offsets, so the entity and event
stages can line its matches up with tokens.

    >>> [(m.text, m.amount, m.currency) for m in find_money("a fee of €60m ($66.7m)")]
    [('€60m', 60000000.0, 'EUR'), ('$66.7m', 66700000.0, 'USD')]

How the text is read:

* A money expression is a currency marker plus a number. The marker comes before
  the number (``£22.5m``, ``US$ 5 million``, ``CHF 10 million``, ``pounds 1.2m``)
  or after it (``30 million euros``, ``5m EUR``, ``10 million Swiss francs``).
* The number may carry a scale: ``m``/``million``, ``bn``/``billion``, ``k``/``thousand``,
  ``crore`` (10 million), ``lakh`` (100,000). After a currency word it may be spelled
  out (``five million pounds``, ``a million euros``).
* Markers that are also ordinary letters or words (``R`` for rand, ``pounds``,
  ``euros``, ``TL``, ``kr``, rarely used ISO codes such as ``ALL`` or ``TOP``) need a
  "strong" number: one with a scale or with thousands separators. So ``R9`` or
  ``180 pounds`` (a weight) are not money, while ``R11m`` and ``50,000 pounds`` are.
* A range (``£31-35m``, ``€40m-€50m``, ``between 45 and 50 million euros``) is one
  match: ``amount`` is the lower bound and ``amount_max`` the upper.
* A wage rate right after the amount (``-a-week``, ``per week``, ``a year``, ``p/w``)
  is part of the match and sets ``per``.
* An amount in brackets right after another (``€60 million ($66.7m)``) is marked
  ``relation="equivalent"``; one joined by "plus" or followed by "in add-ons"
  (``£40m plus £5m in add-ons``) is marked ``relation="addon"``. ``related_to`` is
  the index, in the returned list, of the amount it refers to.

Currency codes are checked against ``pycountry.currencies`` (ISO 4217); the small
tables of press symbols and words below are validated against it at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pycountry

__all__ = ["ISO_CODES", "MoneyMatch", "find_money", "parse_money"]

# Withdrawn ISO 4217 codes that pycountry no longer lists but older reports use
# (fees in lire, marks or pesetas before the euro).
HISTORIC_CODES: frozenset[str] = frozenset(
    {"ITL", "DEM", "FRF", "ESP", "NLG", "PTE", "BEF", "ATS", "GRD", "IEP", "FIM"}
)
ISO_CODES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.currencies) | HISTORIC_CODES


def _checked(table: Mapping[str, str], what: str) -> dict[str, str]:
    """Return `table` as a dict after making sure every target is an ISO 4217 code."""
    bad = sorted({code for code in table.values() if code not in ISO_CODES})
    if bad:
        raise ValueError(f"money.py: {what} maps to codes unknown to pycountry: {bad}")
    return dict(table)


# --- Currency vocabulary ------------------------------------------------------------------

# Symbols written before the number. `$` alone is read as US dollars.
_SYMBOLS = _checked(
    {
        "€": "EUR",
        "£": "GBP",
        "$": "USD",
        "¥": "JPY",
        "₹": "INR",
        "₺": "TRY",
        "₽": "RUB",
        "₦": "NGN",
        "₩": "KRW",
        "₪": "ILS",
        "฿": "THB",
        "₱": "PHP",
        "₵": "GHS",
        "CN¥": "CNY",
        "E£": "EGP",
        "GH₵": "GHS",
        "GH¢": "GHS",
    },
    "symbols",
)

# Letters glued to a dollar sign: "S$106 million", "AU$116.3 million", "R$ 25.7 million".
_DOLLAR_PREFIXES = _checked(
    {
        "US": "USD",
        "U.S.": "USD",
        "S": "SGD",
        "SG": "SGD",
        "A": "AUD",
        "AU": "AUD",
        "C": "CAD",
        "CA": "CAD",
        "CAN": "CAD",
        "NZ": "NZD",
        "HK": "HKD",
        "R": "BRL",
        "NT": "TWD",
        "MX": "MXN",
        "TT": "TTD",
        "J": "JMD",
    },
    "dollar prefixes",
)

# Letter abbreviations written before the number (never inside a word).
_LETTER_PREFIXES = _checked(
    {
        "Rs": "INR",
        "Dh": "AED",
        "Dhs": "AED",
        "RM": "MYR",
        "RMB": "CNY",
        "Ksh": "KES",
        "KSh": "KES",
        "R": "ZAR",
        "TL": "TRY",
        "kr": "SEK",
    },
    "letter prefixes",
)
# Those that are also plain letters or words in English text need a strong number.
_WEAK_MARKERS = frozenset({"R", "TL", "kr"})

# Symbols and abbreviations written after the number: "60m €", "20 million TL", "20m kr".
_SUFFIX_MARKERS = _checked(
    {"€": "EUR", "₺": "TRY", "₽": "RUB", "zł": "PLN", "kr": "SEK", "TL": "TRY"}, "suffix markers"
)

# Currency words as the press writes them, lower case. Names from pycountry
# ("Swiss Franc", "Hong Kong Dollar", ...) are added below; these are the short and
# plural forms it does not have. Ambiguous words go to the currency football
# reporting most often means: "dollars" USD, "francs" CHF, "rupees" INR, "kronor" SEK.
_PRESS_WORDS = _checked(
    {
        "euro": "EUR",
        "euros": "EUR",
        "pound": "GBP",
        "pounds": "GBP",
        "pounds sterling": "GBP",
        "sterling": "GBP",
        "quid": "GBP",
        "dollar": "USD",
        "dollars": "USD",
        "u.s. dollars": "USD",
        "american dollars": "USD",
        "rand": "ZAR",
        "south african rand": "ZAR",
        "reais": "BRL",
        "reals": "BRL",
        "brazilian reais": "BRL",
        "dirham": "AED",
        "dirhams": "AED",
        "emirati dirhams": "AED",
        "rupee": "INR",
        "rupees": "INR",
        "pakistani rupees": "PKR",
        "yen": "JPY",
        "japanese yen": "JPY",
        "yuan": "CNY",
        "chinese yuan": "CNY",
        "renminbi": "CNY",
        "franc": "CHF",
        "francs": "CHF",
        "lira": "TRY",
        "liras": "TRY",
        "turkish liras": "TRY",
        "krona": "SEK",
        "kronor": "SEK",
        "swedish kronor": "SEK",
        "norwegian kroner": "NOK",
        "danish kroner": "DKK",
        "roubles": "RUB",
        "rubles": "RUB",
        "russian roubles": "RUB",
        "riyal": "SAR",
        "riyals": "SAR",
        "qatari riyals": "QAR",
        "naira": "NGN",
        "cedis": "GHS",
        "zloty": "PLN",
        "zlotys": "PLN",
        "forints": "HUF",
        "korean won": "KRW",
        "south korean won": "KRW",
        "ringgit": "MYR",
        "argentinian pesos": "ARS",
        "lire": "ITL",
        "italian lire": "ITL",
        "marks": "DEM",
        "deutschmarks": "DEM",
        "deutsche marks": "DEM",
        "german marks": "DEM",
        "french francs": "FRF",
        "pesetas": "ESP",
        "guilders": "NLG",
        "dutch guilders": "NLG",
        "escudos": "PTE",
        "belgian francs": "BEF",
        "irish punts": "IEP",
    },
    "press words",
)

# Only these may be written before the number, old newspaper style ("pounds 1.2m").
_PREFIX_WORDS = ("pounds", "dollars", "euros")

# Codes common enough in football reporting to accept with any number ("EUR 500").
_COMMON_CODES = frozenset(
    _checked(
        {
            code: code
            for code in (
                *("EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "AED", "SAR", "QAR", "JPY"),
                *("CNY", "INR", "ZAR", "BRL", "AUD", "CAD", "SGD", "HKD", "NZD", "MXN", "ARS"),
                *("TRY", "RUB", "PLN", "CZK", "HUF", "EGP", "NGN", "KRW", "TND", "KES", "GHS"),
            )
        },
        "common codes",
    )
)


def _official_names() -> dict[str, str]:
    """Lower-cased pycountry names of two or three words, singular and plural.

    One-word official names ("Won", "Sol", "Dong") are also English words, so they
    are left out; the press table covers the one-word names that matter.
    """
    names: dict[str, str] = {}
    for currency in pycountry.currencies:
        words = currency.name.lower().split()
        if not 2 <= len(words) <= 3 or not all(w.isalpha() for w in words):
            continue
        singular = " ".join(words)
        plural = singular if singular.endswith("s") else singular + "s"
        names.setdefault(singular, currency.alpha_3)
        names.setdefault(plural, currency.alpha_3)
    return names


_CURRENCY_WORDS: dict[str, str] = {**_official_names(), **_PRESS_WORDS}

# --- Numbers and scales ---------------------------------------------------------------

_SCALES: dict[str, Decimal] = {
    "trillion": Decimal(10**12),
    "billion": Decimal(10**9),
    "bn": Decimal(10**9),
    "b": Decimal(10**9),
    "million": Decimal(10**6),
    "mn": Decimal(10**6),
    "mln": Decimal(10**6),
    "mil": Decimal(10**6),
    "mill": Decimal(10**6),
    "m": Decimal(10**6),
    "crore": Decimal(10**7),
    "cr": Decimal(10**7),
    "lakh": Decimal(10**5),
    "lac": Decimal(10**5),
    "thousand": Decimal(10**3),
    "grand": Decimal(10**3),
    "k": Decimal(10**3),
}
_PLURAL_SCALES = ("trillions", "billions", "millions", "crores", "lakhs", "lacs", "thousands")

_UNITS = {
    w: i
    for i, w in enumerate(
        (
            *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
            *("eighteen", "nineteen"),
        ),
        start=1,
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}

_PER_UNITS = {
    "week": "week",
    "wk": "week",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "month": "month",
    "season": "season",
}
_PER_ABBREVIATIONS = {
    "pw": "week",
    "p/w": "week",
    "/week": "week",
    "/wk": "week",
    "/year": "year",
    "/yr": "year",
    "p.a.": "year",
    "/month": "month",
    "/season": "season",
}

_CENT = Decimal("0.01")
# Above this no fee, wage or budget is real: a longer number is a typo or noise, and
# reading it as money would only pass nonsense on (and overflow the decimal context).
_MAX_AMOUNT = Decimal(10**15)
# A range whose ends differ more than this is two numbers ("between 5 and 2 million").
_MAX_RANGE_RATIO = 100

# --- The pattern -----------------------------------------------------------------------


def _alternation(items: Iterable[str], *, words: bool = False) -> str:
    """Longest-first alternation of literal strings; with `words`, any run of spaces matches."""
    parts = []
    for item in sorted(set(items), key=lambda s: (-len(s), s)):
        escaped = re.escape(item)
        parts.append(escaped.replace(r"\ ", r"\s+") if words else escaped)
    return "|".join(parts)


def _code_trie(codes: Iterable[str]) -> str:
    """ISO codes grouped by first letter, so the engine tries few of them at each place."""
    by_first: dict[str, list[str]] = {}
    for code in sorted(codes):
        by_first.setdefault(code[0], []).append(code[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in by_first.items())


_ISO = rf"(?<![A-Za-z])(?:{_code_trie(ISO_CODES)})(?![A-Za-z])"

_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?!,?\d)(?:\.\d+)?"  # 2,375,000 / 1,234.5
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?!,?\d)(?:\.\d+)?"  # Indian grouping: 5,00,000
    # Decimal comma, only before a scale: "€1,5 million".
    r"|\d{1,3},\d{1,2}(?=[\s-]?(?:million|bn|billion|m|M)(?![A-Za-z]))"
    r"|\d+(?:\.\d+)?)"
)
_WORD_SCALE = (
    r"(?i:trillions?|billions?|bn|millions?|mln|mn|mill?|thousands?|grand|crores?|cr|lakhs?|lacs?)"
    r"(?![A-Za-z])"
)
_LETTER_SCALE = r"[mMkKbB](?![A-Za-z])"
_SCALE = rf"(?:[\s-]?(?={_WORD_SCALE}))?(?:{_WORD_SCALE}|{_LETTER_SCALE})"

_DIGIT_WORDS = _alternation(w for w, v in _UNITS.items() if v < 10)
_BASIC_WORD = (
    rf"(?:(?:{_alternation(_TENS)})(?:[\s-](?:{_DIGIT_WORDS}))?"
    rf"|{_alternation(_UNITS)})"
)
# "five", "twenty-five", "a", "two hundred", "half a"; only right before a word scale.
_HUNDREDS = rf"(?:[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?{_BASIC_WORD})?)?"
_WORD_NUM = (
    rf"(?<!\w)(?i:half[\s-]+an?|(?:{_BASIC_WORD}|an?){_HUNDREDS})"
    r"(?=[\s-](?i:trillion|billion|million|thousand)s?(?![A-Za-z]))"
)


def _amount(name: str, *, spelled: bool = False) -> str:
    """A number with an optional scale; groups `<name>_num`, `<name>_word`, `<name>_scale`."""
    number = rf"(?P<{name}_num>{_NUM})"
    if spelled:
        number = rf"(?:{number}|(?P<{name}_word>{_WORD_NUM}))"
    return rf"{number}(?P<{name}_scale>{_SCALE})?"


_GLUED_DOLLAR = _alternation(k for k in _DOLLAR_PREFIXES if k not in ("US", "U.S."))
_PREFIX = (
    # "US$", "S$", "AU$", "R$": letters glued to the dollar sign ("US $" also seen).
    rf"(?<![\w.])(?:U\.S\.|US\s?|{_GLUED_DOLLAR})\$"
    rf"|(?<!\w)(?:{_alternation(k for k in _SYMBOLS if len(k) > 1)})"
    rf"|[{''.join(k for k in _SYMBOLS if len(k) == 1)}]"
    rf"|{_ISO}"
    r"|(?<!\w)(?:Rs\.?|RMB|RM|Dhs|Dh|K[Ss]h|TL|kr\.?)(?=\s?\d)"
    r"|(?<!\w)R(?=\d)"
    rf"|(?<!\w)(?i:{'|'.join(_PREFIX_WORDS)})(?=\s\d)"
)

_SUFFIX = (
    rf"(?<![A-Za-z])(?i:{_alternation(_CURRENCY_WORDS, words=True)})(?![A-Za-z])"
    rf"|{_ISO}"
    r"|(?:€|₺|₽|zł)(?!\s?\d)"
    r"|(?<![A-Za-z])(?:kr\.?|TL)(?![A-Za-z])"
)


def _range_sep(between_group: str) -> str:
    """`and` only after `between`; `to` only without it ("between £45m to £50m" is rare)."""
    dash = r"\s?[-–—]\s?"
    return rf"(?({between_group})(?:\s+and\s+|{dash})|(?:{dash}|\s+to\s+))"


_PREFIX_FORM = (
    r"(?P<a_btw>(?i:between)\s+)?"
    rf"(?P<a_pre>{_PREFIX})\s?"
    rf"{_amount('a1')}"
    rf"(?:(?P<a_sep>{_range_sep('a_btw')})(?:(?P<a_pre2>{_PREFIX})\s?)?{_amount('a2')})?"
)
_SUFFIX_FORM = (
    r"(?<![\w.,])"
    r"(?P<b_btw>(?i:between)\s+)?"
    rf"{_amount('b1', spelled=True)}"
    rf"(?:(?P<b_sep>{_range_sep('b_btw')}){_amount('b2', spelled=True)})?"
    rf"[\s-]?(?P<b_suf>{_SUFFIX})"
)
_PER = (
    r"(?P<per>(?:\s?[-–]\s?|\s+)(?i:a|per|each|every)[\s-]+"
    rf"(?P<per_unit>(?i:{_alternation(_PER_UNITS)}))(?![A-Za-z])"
    rf"|\s?(?P<per_abbr>(?i:{_alternation(_PER_ABBREVIATIONS)}))(?![A-Za-z])"
    r")"
    # "£5m a year ago" is a time, not a rate.
    r"(?![\s-]+(?i:ago|earlier|later|before|after|previously|prior|since|on|from|into)\b)"
)
_MONEY_RE = re.compile(rf"(?:{_PREFIX_FORM}|{_SUFFIX_FORM})(?:{_PER})?")

# Text between two amounts (or after one) that says how they relate.
_APPROX = (
    r"(?:about|around|approximately|approx\.?|roughly|circa|c\.|some|nearly|almost|"
    r"just\s+over|just\s+under|over|under|more\s+than|less\s+than|up\s+to|or|i\.e\.,?|"
    r"equivalent\s+to|equal\s+to|worth)"
)
_EQUIV_OPEN = re.compile(rf"\s*[(\[]\s*(?:{_APPROX}\s+)?", re.I)
_EQUIV_NEXT = re.compile(rf"\s*(?:[,;/]\s*|\s(?=or\b))(?:(?:or|and)\s+)?(?:{_APPROX}\s+)?", re.I)
_EQUIV_OR = re.compile(r"\s*,?\s+or\s+(?:(?:about|around|approximately|roughly|some)\s+)?", re.I)
# "plus a further", "with an additional up to" ... before an add-on amount; a bracket
# may close first ("€50m ($55.6m) plus €10m").
_FURTHER = r"(?:(?:an?\s+)?(?:further|additional|extra|potential|possible|another)\s+)?"
_ADDON_PLUS = re.compile(
    rf"\s*[)\]]?\s*,?\s*(?:plus|\+)\s+{_FURTHER}(?:up\s+to\s+)?{_FURTHER}", re.I
)
_ADDON_JOIN = re.compile(
    rf"\s*[)\]]?\s*,?\s*(?:and|with)\s+(?:up\s+to\s+)?{_FURTHER}(?:up\s+to\s+)?", re.I
)
_ADDON_AFTER = re.compile(
    r"\s*(?:(?:in|of|worth\s+of)\s+)?"
    r"(?:(?:potential|performance[\s-]related|further|additional|extra|possible|variable)\s+)?"
    r"(?:add[\s-]?ons?|bonus(?:es)?|variables|incentives)(?![A-Za-z])",
    re.I,
)
_FROM_BEFORE = re.compile(r"(?i:\bfrom)\s*$")

# --- The result ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """One amount of money found in a text.

    Attributes:
        start: Offset of the first character in the text searched.
        end: Offset just past the last character.
        text: `text[start:end]`.
        amount: The amount in units of `currency` ("€60m" -> 60000000.0); for a range,
            its lower bound. Rounded to cents.
        currency: ISO 4217 code.
        amount_max: Upper bound of a range ("£31-35m"), else None.
        per: "week", "year", "month" or "season" for a rate ("£45,000-a-week"), else None.
        relation: "equivalent" for a conversion in brackets after another amount,
            "addon" for add-ons joined to one ("plus £5m in add-ons"), else None.
        related_to: Index, in the list `find_money` returned, of the amount `relation`
            refers to.
    """

    start: int
    end: int
    text: str
    amount: float
    currency: str
    amount_max: float | None = None
    per: str | None = None
    relation: str | None = None
    related_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """All fields as a JSON-safe dict."""
        return asdict(self)


# --- Reading one regex match ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One number of a match, before the currency is applied."""

    value: Decimal  # the number as written, scale not applied
    scale: Decimal | None
    strong: bool  # has a scale or thousands separators
    end: int  # offset just past the number (and its scale)


def _number_value(raw: str) -> Decimal | None:
    """The number as written, or None when its digits mix scripts ("12٣")."""
    zeros = {ord(ch) - unicodedata.digit(ch) for ch in raw if ch.isdigit()}
    if len(zeros) > 1:
        return None
    if re.fullmatch(r"\d{1,3},\d{1,2}", raw):  # decimal comma, only matched before a scale
        return Decimal(raw.replace(",", "."))
    return Decimal(raw.replace(",", ""))


def _words_value(raw: str) -> Decimal:
    tokens = re.split(r"[\s-]+", raw.lower())
    if tokens[0] == "half":
        return Decimal("0.5")
    value = 0
    for token in tokens:
        if token in ("a", "an"):
            value += 1
        elif token == "hundred":
            value = (value or 1) * 100
        else:
            value += _UNITS.get(token, 0) + _TENS.get(token, 0)
    return Decimal(value)


def _scale_value(raw: str) -> Decimal:
    word = raw.strip(" \t\n\r\f\v\u00a0-").lower()
    if word in _PLURAL_SCALES:
        word = word[:-1]
    return _SCALES[word]


def _part(m: re.Match[str], name: str) -> _Part | None:
    number, word, scale = m.group(f"{name}_num"), None, m.group(f"{name}_scale")
    if f"{name}_word" in m.re.groupindex:
        word = m.group(f"{name}_word")
    if number is None and word is None:
        return None
    value = _number_value(number) if number is not None else _words_value(word or "")
    if value is None:
        return None
    factor = _scale_value(scale) if scale is not None else None
    strong = factor is not None or (number is not None and "," in number)
    end = (
        m.end(f"{name}_scale")
        if scale is not None
        else m.end(f"{name}_num" if number else f"{name}_word")
    )
    return _Part(value, factor, strong, end)


def _prefix_currency(marker: str) -> tuple[str, bool] | None:
    """ISO code for a marker written before the number, and whether a weak number is fine."""
    key = re.sub(r"\s+", "", marker)
    if key.endswith("$") and len(key) > 1:
        code = _DOLLAR_PREFIXES.get(key[:-1])
        return (code, True) if code else None
    if key in _SYMBOLS:
        return _SYMBOLS[key], True
    if key in ISO_CODES:
        return key, key in _COMMON_CODES
    key = key.rstrip(".")
    if key in _LETTER_PREFIXES:
        return _LETTER_PREFIXES[key], key not in _WEAK_MARKERS
    if key.lower() in _PREFIX_WORDS:
        return _CURRENCY_WORDS[key.lower()], False
    return None


def _suffix_currency(marker: str) -> tuple[str, bool] | None:
    """ISO code for a marker written after the number, and whether a weak number is fine."""
    if marker in ISO_CODES:
        return marker, marker in _COMMON_CODES
    key = marker.rstrip(".")
    if key in _SUFFIX_MARKERS:
        return _SUFFIX_MARKERS[key], key not in _WEAK_MARKERS
    code = _CURRENCY_WORDS.get(" ".join(marker.lower().split()))
    return (code, False) if code else None


def _money(value: Decimal) -> float | None:
    """The amount rounded to cents; None if that is not a plausible positive amount."""
    if not 0 < value <= _MAX_AMOUNT:
        return None
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return float(cents) if cents > 0 else None


def _per(m: re.Match[str]) -> str | None:
    if m.group("per_unit"):
        return _PER_UNITS[m.group("per_unit").lower()]
    if m.group("per_abbr"):
        return _PER_ABBREVIATIONS[m.group("per_abbr").lower()]
    return None


def _read(m: re.Match[str], text: str) -> tuple[MoneyMatch | None, int] | None:
    """Turn a regex match into a MoneyMatch.

    Returns None to reject the match (the scan resumes one character later), or
    (match or None, where the scan resumes) when only part of it is money.
    """
    prefixed = m.group("a_pre") is not None
    p = "a" if prefixed else "b"
    marker = m.group("a_pre") if prefixed else m.group("b_suf")
    found = _prefix_currency(marker) if prefixed else _suffix_currency(marker)
    first = _part(m, f"{p}1")
    if found is None or first is None:
        return None
    currency, weak_ok = found
    if prefixed:
        first_start = m.start("a_pre")
    else:
        first_start = m.start("b1_num") if m.group("b1_num") else m.start("b1_word")

    second = _part(m, f"{p}2") if m.group(f"{p}_sep") is not None else None
    if second is not None:
        return _read_pair(m, text, first, second, first_start, currency, weak_ok)
    if m.group(f"{p}_sep") is not None:  # the second number is unreadable
        return None

    amount = _money(first.value * (first.scale or 1))
    if not (weak_ok or first.strong) or amount is None:
        return None
    return (
        MoneyMatch(
            first_start, m.end(), text[first_start : m.end()], amount, currency, per=_per(m)
        ),
        m.end(),
    )


def _read_pair(
    m: re.Match[str],
    text: str,
    first: _Part,
    second: _Part,
    first_start: int,
    currency: str,
    weak_ok: bool,
) -> tuple[MoneyMatch | None, int] | None:
    """Two numbers joined by a separator ("£31-35m", "€20m to €25m", "between £5m and
    £6m"): a range when `_is_range` says so. Otherwise, with the currency written
    after them, it belongs to the second number only and the scan resumes from it;
    with the currency written before, the first amount is kept alone and the second
    is found again if it has a currency of its own. Returns as `_read` does."""
    prefixed = m.group("a_pre") is not None
    low_scale = first.scale
    if low_scale is None and second.scale is not None and first.value < second.value:
        low_scale = second.scale  # "£31-35m": the scale is written once
    low = first.value * (low_scale or 1)
    high = second.value * (second.scale or 1)
    if _is_range(m, text, first, second, low, high, currency, weak_ok):
        p = "a" if prefixed else "b"
        start = m.start() if m.group(f"{p}_btw") else first_start
        low_amount, high_amount = _money(low), _money(high)
        if low_amount is None or high_amount is None:
            return None
        return (
            MoneyMatch(
                start=start,
                end=m.end(),
                text=text[start : m.end()],
                amount=low_amount,
                currency=currency,
                amount_max=high_amount,
                per=_per(m),
            ),
            m.end(),
        )
    if not prefixed:
        return None, m.start("b2_num") if m.group("b2_num") else m.start("b2_word")
    amount = _money(first.value * (first.scale or 1))
    if not (weak_ok or first.strong) or amount is None:
        return None
    return (
        MoneyMatch(first_start, first.end, text[first_start : first.end], amount, currency),
        first.end,
    )


def _is_range(
    m: re.Match[str],
    text: str,
    first: _Part,
    second: _Part,
    low: Decimal,
    high: Decimal,
    currency: str,
    weak_ok: bool,
) -> bool:
    """Whether two joined numbers are one range of money rather than two amounts.

    The high end is above the low one and not far above it; a scale on the first
    number only ("£5m to 6") or a different currency on the second ("£5m-€6m") makes
    two amounts; "from X to Y" is a change of amount, not a range; and a weak
    currency word needs a strong number on either side."""
    prefixed = m.group("a_pre") is not None
    p = "a" if prefixed else "b"
    pre2 = m.group("a_pre2") if prefixed else None
    pre2_currency = _prefix_currency(pre2) if pre2 else None
    return (
        low < high <= low * _MAX_RANGE_RATIO
        and not (first.scale is not None and second.scale is None and pre2 is None)
        and (pre2 is None or (pre2_currency is not None and pre2_currency[0] == currency))
        and not (
            m.group(f"{p}_sep").strip().lower() == "to"
            and _FROM_BEFORE.search(text, max(0, m.start() - 12), m.start())
        )
        and (weak_ok or first.strong or second.strong)
    )


# --- Relations between amounts ----------------------------------------------------------


def _link(text: str, found: list[MoneyMatch]) -> list[MoneyMatch]:
    """Mark bracketed conversions as equivalents and "plus £5m in add-ons" as add-ons."""
    out: list[MoneyMatch] = []
    in_brackets = False  # the previous match is a conversion inside a still-open bracket
    for i, cur in enumerate(found):
        if i == 0:
            out.append(cur)
            continue
        prev = out[-1]
        # A conversion refers to the amount it follows, or to what that one converts;
        # an add-on refers to the main amount of the chain.
        converted = i - 1 if prev.relation != "equivalent" else prev.related_to
        main = i - 1 if prev.relation is None else prev.related_to
        assert converted is not None and main is not None
        gap = text[prev.end : cur.start]
        opens = _EQUIV_OPEN.fullmatch(gap) is not None
        continues = in_brackets and _EQUIV_NEXT.fullmatch(gap) is not None
        in_brackets = opens or continues
        if in_brackets or (_EQUIV_OR.fullmatch(gap) and cur.currency != out[converted].currency):
            per = cur.per or out[converted].per
            cur = replace(cur, relation="equivalent", related_to=converted, per=per)
        elif cur.per is None and (
            _ADDON_PLUS.fullmatch(gap)
            or (_ADDON_JOIN.fullmatch(gap) and _ADDON_AFTER.match(text, cur.end))
        ):
            cur = replace(cur, relation="addon", related_to=main)
        out.append(cur)
    return out


# --- Public API -------------------------------------------------------------------------


def find_money(text: str) -> list[MoneyMatch]:
    """Find every amount of money in `text`.

    Args:
        text: Raw text, e.g. a whole article.

    Returns:
        Non-overlapping matches in text order, with offsets into `text`.
    """
    found: list[MoneyMatch] = []
    pos = 0
    while (m := _MONEY_RE.search(text, pos)) is not None:
        result = _read(m, text)
        if result is None:
            pos = m.start() + 1
            continue
        match, pos = result
        if match is not None:
            found.append(match)
    return _link(text, found)


def parse_money(text: str) -> MoneyMatch | None:
    """Read a string that is one money expression, such as an entity span's text.

    Args:
        text: The string; surrounding whitespace is ignored.

    Returns:
        The match, with offsets into `text`, if a single amount spans the whole
        stripped string; otherwise None ("an undisclosed fee", "£40m plus add-ons").
    """
    found = find_money(text)
    if len(found) != 1:
        return None
    match = found[0]
    start = len(text) - len(text.lstrip())
    if match.start != start or match.end != len(text.rstrip()):
        return None
    return match
