"""Money finding and normalisation (transfer_nlp.money): pure, no pipeline."""

from __future__ import annotations

import ast
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from transfer_nlp import money
from transfer_nlp.money import ISO_CODES, MoneyMatch, find_money, parse_money

# One row per press form: an id, a sentence with the money span in [brackets],
# the amount and the currency; ranges and wage rates also give amount_max / per.
# Each sentence holds exactly one money expression.


def _form(
    case_id: str,
    marked: str,
    amount: float,
    currency: str,
    *,
    amount_max: float | None = None,
    per: str | None = None,
) -> Any:
    return pytest.param(marked, amount, currency, amount_max, per, id=case_id)


FORMS = [
    # Symbol before the number, with a scale.
    _form("eur-symbol-million", "Chelsea paid [€60 million] for the winger.", 60_000_000, "EUR"),
    _form("eur-symbol-m", "The fee is [€60m], sources say.", 60_000_000, "EUR"),
    _form("usd-decimal-m", "That is worth [$66.7m] at current rates.", 66_700_000, "USD"),
    _form("gbp-decimal-m", "Villa bid [£22.5m] for the striker.", 22_500_000, "GBP"),
    _form(
        "gbp-glued-million", "He signed from Juventus for [£60million] in 2019.", 60_000_000, "GBP"
    ),
    _form("gbp-glued-million-end", "It was a club-record fee of [£11million].", 11_000_000, "GBP"),
    _form("gbp-glued-billion", "The group agreed a [£2.4billion] takeover.", 2_400_000_000, "GBP"),
    _form("gbp-bn", "The [£2.4bn] deal went through.", 2_400_000_000, "GBP"),
    _form("eur-bn", "Madrid planned a [€1bn] spending spree.", 1_000_000_000, "EUR"),
    _form("eur-1.1m-exact", "A fee of [€1.1m] was agreed.", 1_100_000, "EUR"),
    _form("eur-two-decimals", "He was sold for a fee of [€1.36 million].", 1_360_000, "EUR"),
    _form("usd-two-decimals", "Leeds reported a [$16.09 million] loss.", 16_090_000, "USD"),
    _form("usd-mil", "Lyon offered [$5 mil] for the forward.", 5_000_000, "USD"),
    _form("usd-capital-m", "MLS clubs paid [$5M] for him.", 5_000_000, "USD"),
    _form("usd-k", "Quakes paid [$50K] in allocation money.", 50_000, "USD"),
    _form("gbp-k", "He earns [£200k], it is said.", 200_000, "GBP"),
    _form("usd-million", "Pirates bid [$4 million] for him.", 4_000_000, "USD"),
    _form("jpy-symbol", "A [¥500m] offer came from Japan.", 500_000_000, "JPY"),
    _form("try-symbol", "A [₺20m] bid was lodged by Galatasaray.", 20_000_000, "TRY"),
    _form("inr-symbol-crore", "He cost [₹5 crore] last season.", 50_000_000, "INR"),
    _form("eur-decimal-comma", "Real offered [€1,5 million] for the youngster.", 1_500_000, "EUR"),
    # Plain amounts with thousands separators.
    _form("gbp-thousands", "Charlton completed the [£750,000] signing of Holland.", 750_000, "GBP"),
    _form(
        "usd-millions-commas",
        "It was a cash-for-player exchange of [$2,375,000].",
        2_375_000,
        "USD",
    ),
    _form("eur-thousands", "A bid of [€115,000] was rejected.", 115_000, "EUR"),
    _form("usd-thousands", "Orlando Pirates lodged a bid of [$600,000] to Yanga.", 600_000, "USD"),
    # Letters glued to the dollar sign.
    _form("sgd-million", "Oscar was snared for [S$106 million].", 106_000_000, "SGD"),
    _form("sgd-m", "Clubs spent [S$579m] on players.", 579_000_000, "SGD"),
    _form("usd-us-prefix", "They spent more than [US$400 million] on players.", 400_000_000, "USD"),
    _form(
        "usd-us-prefix-space",
        "The deal was valued at [US$ 5 million] in Argentina.",
        5_000_000,
        "USD",
    ),
    _form(
        "usd-us-space-dollar", "They paid [US $3 million] for half the rights.", 3_000_000, "USD"
    ),
    _form("aud-au-prefix", "Chelsea declined a [AU$116.3 million] bid.", 116_300_000, "AUD"),
    _form("aud-a-prefix", "The A-League side paid [A$5m] for him.", 5_000_000, "AUD"),
    _form("cad-c-prefix", "Toronto received [C$2.5m] for the defender.", 2_500_000, "CAD"),
    _form("nzd-prefix", "Wellington paid [NZ$750,000] for the striker.", 750_000, "NZD"),
    _form("hkd-prefix", "Kitchee spent [HK$10 million] on the squad.", 10_000_000, "HKD"),
    _form("brl-r-dollar", "That was about [R$ 25.7 million] at the time.", 25_700_000, "BRL"),
    # Letter abbreviations before the number.
    _form("zar-r-m", "Pirates lodged a bid of [R11m] for the midfielder.", 11_000_000, "ZAR"),
    _form("zar-r-decimal-million", "The bid was [R11.2 million] in total.", 11_200_000, "ZAR"),
    _form(
        "zar-r-million", "A deal believed to be worth [R5 million] was agreed.", 5_000_000, "ZAR"
    ),
    _form("zar-r-thousands", "Sundowns paid [R500,000] for the keeper.", 500_000, "ZAR"),
    _form("inr-rs-crore", "A record fee of [Rs 1.76 crore] including taxes.", 17_600_000, "INR"),
    _form("inr-rs-lakh", "Bagan signed him for [Rs 50 lakh].", 5_000_000, "INR"),
    _form("inr-indian-grouping", "He joined for [Rs 5,00,000] last year.", 500_000, "INR"),
    _form("aed-dh-million", "The move was worth [Dh52 million] to the club.", 52_000_000, "AED"),
    _form("aed-dh-m", "Al Ain agreed the [Dh65m] deal.", 65_000_000, "AED"),
    _form("myr-rm", "Johor paid [RM5 million] for the winger.", 5_000_000, "MYR"),
    # ISO codes, before or after the number.
    _form("chf-code-before", "He was priced at [CHF 10 million] by Basel.", 10_000_000, "CHF"),
    _form("sek-code-before", "Malmo accepted a [SEK 20m] bid.", 20_000_000, "SEK"),
    _form("eur-code-before", "The bonus is [EUR 5m] per title.", 5_000_000, "EUR"),
    _form("gbp-code-before", "The report lists [GBP 5m] in fees.", 5_000_000, "GBP"),
    _form("usd-code-before", "The club owes [USD 5m] to Boca.", 5_000_000, "USD"),
    _form("eur-code-after", "The club spent [5m EUR] on him.", 5_000_000, "EUR"),
    # Currency words, after the number (or before it, old newspaper style).
    _form("euros-word", "A transfer worth [30 million euros] was agreed.", 30_000_000, "EUR"),
    _form(
        "pounds-glued-million",
        "An unconditional [80million pounds] fee was agreed.",
        80_000_000,
        "GBP",
    ),
    _form(
        "pounds-word",
        "A deal that could hit [100 million pounds], reports say.",
        100_000_000,
        "GBP",
    ),
    _form(
        "pounds-decimal-season",
        "Losses of [9.5 million pounds] in the 2012-13 season.",
        9_500_000,
        "GBP",
    ),
    _form("euros-after-m", "Bremen paid [5m euros] for him.", 5_000_000, "EUR"),
    _form("swiss-francs", "Basel sold him for [10 million Swiss francs].", 10_000_000, "CHF"),
    # Pre-euro currencies in older reports (withdrawn ISO 4217 codes).
    _form("italian-lire", "Lazio paid [90 billion lire] for Vieri.", 90_000_000_000, "ITL"),
    _form("deutschmarks", "Bayern paid [12 million marks] for him.", 12_000_000, "DEM"),
    _form("pesetas", "Real paid [2,500 million pesetas] in 1996.", 2_500_000_000, "ESP"),
    _form("french-francs", "PSG agreed [50 million French francs].", 50_000_000, "FRF"),
    _form("guilders", "Ajax received [15 million guilders].", 15_000_000, "NLG"),
    _form("lira-word", "Fenerbahce paid [30 million lira] for him.", 30_000_000, "TRY"),
    _form("brazilian-reais", "Palmeiras paid [5 million Brazilian reais].", 5_000_000, "BRL"),
    _form("norwegian-kroner", "Rosenborg got [10 million Norwegian kroner].", 10_000_000, "NOK"),
    _form(
        "egyptian-pounds-pycountry", "Al Ahly paid [20 million Egyptian pounds].", 20_000_000, "EGP"
    ),
    _form(
        "saudi-riyals-pycountry", "Al Hilal offered [40 million Saudi riyals].", 40_000_000, "SAR"
    ),
    _form("try-tl-after", "The fee was [20 million TL] in the end.", 20_000_000, "TRY"),
    _form("sek-kr-after", "AIK sold him for [20m kr] last week.", 20_000_000, "SEK"),
    _form("hyphenated-million-pound", "It was a [20-million-pound] move.", 20_000_000, "GBP"),
    _form(
        "pounds-before-m", "BSkyB's proposed [pounds 623m] takeover of United.", 623_000_000, "GBP"
    ),
    _form(
        "pounds-before-decimal", "He could join Spurs for about [pounds 1.2m].", 1_200_000, "GBP"
    ),
    _form("pounds-thousands", "Wages of [50,000 pounds] were agreed.", 50_000, "GBP"),
    # Spelled-out numbers.
    _form("spelled-five-million", "He cost [five million pounds] in 1995.", 5_000_000, "GBP"),
    _form("spelled-a-million", "They paid [a million euros] for him.", 1_000_000, "EUR"),
    _form(
        "spelled-twenty-five",
        "Roughly [twenty-five million euros] changed hands.",
        25_000_000,
        "EUR",
    ),
    _form("spelled-half-a-million", "The club paid [half a million pounds].", 500_000, "GBP"),
    # Ranges: `amount` is the lower bound.
    _form(
        "range-scale-once",
        "He is valued at [£31-35million] by United.",
        31_000_000,
        "GBP",
        amount_max=35_000_000,
    ),
    _form(
        "range-both-full",
        "He is valued at [£31m-£35m] by United.",
        31_000_000,
        "GBP",
        amount_max=35_000_000,
    ),
    _form(
        "range-between-euros",
        "A fee [between 45 and 50 million euros] is expected.",
        45_000_000,
        "EUR",
        amount_max=50_000_000,
    ),
    _form(
        "range-eur-dash", "Inter want a [€40-50m] fee.", 40_000_000, "EUR", amount_max=50_000_000
    ),
    _form(
        "range-between-symbols",
        "Talks are at [between £45m and £50m].",
        45_000_000,
        "GBP",
        amount_max=50_000_000,
    ),
    _form("range-en-dash", "He is valued at [£1.5m–2m].", 1_500_000, "GBP", amount_max=2_000_000),
    _form(
        "range-thousands-to-million",
        "A fee of [£900,000-£1m] is likely.",
        900_000,
        "GBP",
        amount_max=1_000_000,
    ),
    _form(
        "range-to-euros",
        "It could cost [45 to 50 million euros].",
        45_000_000,
        "EUR",
        amount_max=50_000_000,
    ),
    # Wage rates.
    _form(
        "wage-hyphen-a-week",
        "He wants a bump on his [£45,000-a-week] wages.",
        45_000,
        "GBP",
        per="week",
    ),
    _form("wage-a-week", "He earns [£45,000 a week] at Anfield.", 45_000, "GBP", per="week"),
    _form("wage-per-week", "He is on [£200k per week] now.", 200_000, "GBP", per="week"),
    _form(
        "wage-million-a-year",
        "He signed a [£1.5million-a-year] contract.",
        1_500_000,
        "GBP",
        per="year",
    ),
    _form("wage-per-annum", "He earns [£200,000 per annum] there.", 200_000, "GBP", per="year"),
    _form("wage-pw", "A salary of [£5,000 pw] was offered.", 5_000, "GBP", per="week"),
    _form("wage-a-season", "He gets [€2m a season] at Inter.", 2_000_000, "EUR", per="season"),
    _form(
        "wage-range",
        "Offered [£40,000-£50,000 a week], he said no.",
        40_000,
        "GBP",
        amount_max=50_000,
        per="week",
    ),
]

NOT_MONEY = [
    pytest.param("The 22-year-old joined in 2021.", id="age-and-year"),
    pytest.param("The manager gave him full marks for effort.", id="marks-as-praise"),
    pytest.param("He is under contract until 2027.", id="year-alone"),
    pytest.param("United won 3-1 at Anfield.", id="score"),
    pytest.param("He played 90 minutes on Saturday.", id="minutes"),
    pytest.param("He will wear the No. 11 shirt.", id="shirt-number"),
    pytest.param("He has made 100 appearances for the club.", id="appearances"),
    pytest.param("The club has 5 million fans worldwide.", id="million-without-currency"),
    pytest.param("The £ fell sharply against the dollar.", id="symbol-alone"),
    pytest.param("Traffic on the R9 was slow.", id="r-road-number"),
    pytest.param("R. Kelly and R Madrid are not money.", id="r-initial"),
    pytest.param("Prices in Rs were not given.", id="rs-without-number"),
    pytest.param("Dhoni played 50 games in Dhaka.", id="dh-inside-words"),
    pytest.param("The agency impounds 5m bottles a year.", id="pounds-inside-word"),
    pytest.param("Britain has 5m eurosceptics.", id="euros-inside-word"),
    pytest.param("He weighs 180 pounds.", id="pounds-weight"),
    pytest.param("England reached the final of the 2020 Euros.", id="euros-tournament"),
    pytest.param("Spain lined up in a 4-3-3 formation.", id="formation"),
    pytest.param("He ran 100m in 10.5 seconds.", id="metres"),
    pytest.param("TOP 10 clubs by revenue.", id="iso-code-as-word"),
    pytest.param("R2-D2 is not a footballer.", id="r-droid"),
    pytest.param("The game is on 12 December 2023 at 3pm.", id="date-and-time"),
    pytest.param("He was rated 8.5 out of 10.", id="rating"),
]

RELATIONS = [
    pytest.param(
        "Price tags of €60 million ($66.7m) and €50m ($55.6m) respectively.",
        [
            ("€60 million", None, None),
            ("$66.7m", "equivalent", 0),
            ("€50m", None, None),
            ("$55.6m", "equivalent", 2),
        ],
        id="two-bracketed-conversions",
    ),
    pytest.param(
        "A blunt rebuttal to the €40 million (£46.8 million; $58.4 million) offer.",
        [
            ("€40 million", None, None),
            ("£46.8 million", "equivalent", 0),
            ("$58.4 million", "equivalent", 0),
        ],
        id="two-conversions-one-bracket",
    ),
    pytest.param(
        "Agreed for €63.5 million (£54.8 million, $74.2 million), plus add-ons.",
        [
            ("€63.5 million", None, None),
            ("£54.8 million", "equivalent", 0),
            ("$74.2 million", "equivalent", 0),
        ],
        id="conversions-then-bare-addons",
    ),
    pytest.param(
        "Chelsea set a £35 million (about $47.3 million) asking price.",
        [("£35 million", None, None), ("$47.3 million", "equivalent", 0)],
        id="about-in-bracket",
    ),
    pytest.param(
        "Valued at US$ 5 million (about R$ 25.7 million), but River asked more.",
        [("US$ 5 million", None, None), ("R$ 25.7 million", "equivalent", 0)],
        id="usd-to-brl",
    ),
    pytest.param(
        "The deal worth an estimated £100,000-a-week (€115,000) fell through.",
        [("£100,000-a-week", None, None), ("€115,000", "equivalent", 0)],
        id="wage-conversion",
    ),
    pytest.param(
        "They will pay £40m plus £5m in add-ons.",
        [("£40m", None, None), ("£5m", "addon", 0)],
        id="plus-addons",
    ),
    pytest.param(
        "An initial £40m, with a further £5m in bonuses.",
        [("£40m", None, None), ("£5m", "addon", 0)],
        id="with-a-further-bonuses",
    ),
    pytest.param(
        "A fee of €50m ($55.6m) plus €10m in add-ons.",
        [("€50m", None, None), ("$55.6m", "equivalent", 0), ("€10m", "addon", 0)],
        id="addon-after-conversion",
    ),
    pytest.param("They will pay £40m plus add-ons.", [("£40m", None, None)], id="plus-bare-addons"),
    pytest.param(
        "A fee of €100m (£88.5m) rising to €146.1m (£130m) with add-ons.",
        [
            ("€100m", None, None),
            ("£88.5m", "equivalent", 0),
            ("€146.1m", None, None),
            ("£130m", "equivalent", 2),
        ],
        id="rising-to",
    ),
    pytest.param(
        "Bids of £40m or £45m were discussed.",
        [("£40m", None, None), ("£45m", None, None)],
        id="alternatives-not-equivalent",
    ),
    pytest.param(
        "His value rose from £40m to £50m.",
        [("£40m", None, None), ("£50m", None, None)],
        id="from-to-is-not-a-range",
    ),
]


@pytest.mark.parametrize("marked,amount,currency,amount_max,per", FORMS)
def test_money_finds_form(
    marked: str, amount: float, currency: str, amount_max: float | None, per: str | None
) -> None:
    start, end = marked.index("["), marked.index("]") - 1
    sentence = marked.replace("[", "").replace("]", "")
    found = find_money(sentence)
    assert [(m.start, m.end, m.text) for m in found] == [(start, end, sentence[start:end])]
    match = found[0]
    assert (match.amount, match.currency) == (amount, currency)
    assert (match.amount_max, match.per) == (amount_max, per)
    assert (match.relation, match.related_to) == (None, None)


@pytest.mark.parametrize("sentence", NOT_MONEY)
def test_money_ignores_non_money(sentence: str) -> None:
    assert find_money(sentence) == []


@pytest.mark.parametrize("sentence,expected", RELATIONS)
def test_money_relations(sentence: str, expected: list[tuple[str, str | None, int | None]]) -> None:
    found = find_money(sentence)
    assert [(m.text, m.relation, m.related_to) for m in found] == expected


def test_money_conversion_of_wage_keeps_rate() -> None:
    wage, converted = find_money("He earns £100,000-a-week (€115,000) there.")
    assert (wage.per, converted.per) == ("week", "week")


def test_money_matches_are_ordered_and_disjoint() -> None:
    text = (
        "Chelsea agreed €100m (£88.5m) for him, after a £60 million (S$106 million) move "
        "and a R11m bid. He earns £400,000 a week; 45 to 50 million euros is the range. "
        "A 22-year-old scored in a 3-1 win in 2021."
    )
    found = find_money(text)
    assert [m.text for m in found] == [
        "€100m",
        "£88.5m",
        "£60 million",
        "S$106 million",
        "R11m",
        "£400,000 a week",
        "45 to 50 million euros",
    ]
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    "text,amount,currency",
    [
        ("£45m", 45_000_000, "GBP"),
        ("€12.5 million", 12_500_000, "EUR"),
        ("$0.5m", 500_000, "USD"),
        ("€1.1m", 1_100_000, "EUR"),
        ("£1.15m", 1_150_000, "GBP"),
        ("$1.005m", 1_005_000, "USD"),
        ("R$ 12.8 million", 12_800_000, "BRL"),
        ("Rs 1 crore", 10_000_000, "INR"),
        ("pounds 3m", 3_000_000, "GBP"),
        ("194.38 million euros", 194_380_000, "EUR"),
    ],
    ids=[
        "gbp-m",
        "eur-million",
        "usd-fraction",
        "eur-1.1m",
        "gbp-1.15m",
        "usd-three-decimals",
        "brl",
        "inr-crore",
        "pounds-before",
        "euros-two-decimals",
    ],
)
def test_money_parse_amount_and_currency(text: str, amount: float, currency: str) -> None:
    match = parse_money(text)
    assert match is not None
    assert (match.amount, match.currency) == (amount, currency)
    assert (match.start, match.end) == (0, len(text))


def test_money_parse_keeps_offsets_into_unstripped_text() -> None:
    match = parse_money("  £45,000-a-week \n")
    assert match is not None
    assert (match.start, match.end, match.text, match.per) == (2, 16, "£45,000-a-week", "week")


def test_money_parse_range() -> None:
    match = parse_money("between 45 and 50 million euros")
    assert match is not None
    assert (match.amount, match.amount_max, match.currency) == (45_000_000, 50_000_000, "EUR")


@pytest.mark.parametrize(
    "text",
    [
        "an undisclosed fee",
        "free transfer",
        "",
        "£",
        "£40m plus add-ons",
        "€60 million ($66.7m)",
        "for £40m",
        "5 million fans",
    ],
    ids=[
        "undisclosed",
        "free",
        "empty",
        "symbol-alone",
        "amount-with-trailing-words",
        "two-amounts",
        "amount-with-leading-words",
        "no-currency",
    ],
)
def test_money_parse_rejects_non_amounts(text: str) -> None:
    assert parse_money(text) is None


def test_money_to_dict_is_json_safe() -> None:
    match = parse_money("£31-35million")
    assert match is not None
    data = match.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "start": 0,
        "end": 13,
        "text": "£31-35million",
        "amount": 31_000_000.0,
        "currency": "GBP",
        "amount_max": 35_000_000.0,
        "per": None,
        "relation": None,
        "related_to": None,
    }


def test_money_match_is_frozen() -> None:
    match = MoneyMatch(0, 4, "£45m", 45_000_000.0, "GBP")
    with pytest.raises(AttributeError):
        match.amount = 1.0  # type: ignore[misc]


def test_money_currency_tables_are_iso_4217() -> None:
    tables = (
        money._SYMBOLS,
        money._DOLLAR_PREFIXES,
        money._LETTER_PREFIXES,
        money._SUFFIX_MARKERS,
        money._CURRENCY_WORDS,
    )
    assert all(code in ISO_CODES for table in tables for code in table.values())
    with pytest.raises(ValueError, match="XYZ"):
        money._checked({"dosh": "XYZ"}, "test table")


def test_money_module_does_not_import_spacy() -> None:
    tree = ast.parse(Path(money.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "spacy" not in imported


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("£" + "9" * 27, id="27-digits"),
        pytest.param("£" + "9" * 5000 + "m", id="5000-digits"),
        pytest.param("Arsenal paid £100000000000000000bn for him.", id="1e26"),
        pytest.param("a fee of £0.004", id="rounds-to-zero"),
        pytest.param("a fee of £0.00", id="zero"),
    ],
)
def test_money_implausible_amounts_are_not_money(text: str) -> None:
    assert find_money(text) == []


def test_money_range_with_implausible_end_keeps_no_huge_amount() -> None:
    found = find_money("a range of £1-2000000000000000000bn")
    assert all(m.amount <= 1e15 and m.amount_max is None for m in found)


def test_money_smallest_amount_is_one_cent() -> None:
    assert [m.amount for m in find_money("a fee of £0.005")] == [0.01]


@pytest.mark.parametrize(
    "text,expected",
    [
        pytest.param("£12٣m", [], id="latin-and-arabic-indic"),
        pytest.param("£١٢m", [12_000_000.0], id="arabic-indic-only"),
        pytest.param("£१२m", [12_000_000.0], id="devanagari-only"),
        pytest.param("£12m-1٥m", [], id="range-end-mixes-scripts"),
    ],
)
def test_money_digits_of_one_script(text: str, expected: list[float]) -> None:
    assert [m.amount for m in find_money(text)] == expected
