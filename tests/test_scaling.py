"""Our components do work linear in the length of a document; benchmarks/scaling.py runs."""

from __future__ import annotations

import cProfile
import json
import pstats
import subprocess
import sys
from pathlib import Path

import pytest

from transfer_nlp.events.people import sentence_ents

ROOT = Path(__file__).resolve().parent.parent
OURS = (
    "transfer_amounts",
    "transfer_paragraphs",
    "transfer_entities",
    "transfer_event_extractor",
    "transfer_event_scorer",
)
ARTICLES = (
    "Arsenal have signed Declan Rice from West Ham for £105m. The midfielder, 24, has agreed "
    "a five-year contract.\n\n",
    "Chelsea are in talks with Brighton over a move for Moises Caicedo. Brighton want £100m "
    "for him.\n\n",
    "Liverpool manager Arne Slot said Darwin Nunez could leave this summer.\nNapoli are "
    "interested in the striker, and he is keen on the move.\n\n",
    "Tottenham have agreed a €60 million ($66.7m) fee with Bayern Munich for Mathys Tel, who "
    "is expected to undergo a medical on Monday.\n\n",
)


def _text(chars: int) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(ARTICLES[len(parts) % len(ARTICLES)])
    return "".join(parts)


def _calls(nlp, text: str) -> dict[str, int]:
    """Python and Cython function calls made by each of our components on `text`."""
    doc = nlp.make_doc(text)
    out = {}
    for name, proc in nlp.pipeline:
        if name not in OURS:
            doc = proc(doc)
            continue
        profile = cProfile.Profile()
        profile.enable()
        doc = proc(doc)
        profile.disable()
        out[name] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return out


def test_scaling_components_do_linear_work(nlp):
    small, large = _calls(nlp, _text(6_000)), _calls(nlp, _text(24_000))
    for name in OURS:
        # Four times the text: a linear component makes about four times the calls, a
        # quadratic one sixteen.
        assert large[name] <= 4.6 * small[name], (name, small[name], large[name])


def test_scaling_sentence_ents_equal_span_ents(nlp):
    doc = nlp(_text(3_000))
    for sent in doc.sents:
        assert sentence_ents(sent) == list(sent.ents)
    # A sentence cut inside an entity holds neither half of it.
    assert sentence_ents(doc[1:5]) == list(doc[1:5].ents)


@pytest.mark.parametrize("text", ["", "One line", "A\nB\n\nC. D.", "\n\n\n"])
def test_scaling_paragraph_breaks_start_sentences(nlp, text):
    doc = nlp(text)
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            assert doc[tok.i + 1].is_sent_start


def test_scaling_benchmark_json_smoke():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scaling.py"), "--sizes", "3000,6000",
         "--one-file-chars", "0", "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [r["chars"] for r in report["runs"]] == [3000, 6000]
    for run in report["runs"]:
        assert run["seconds"] > 0 and run["peak_rss_mib"] > 0, run
        assert set(run["components"]) >= {"tokenizer", *OURS}
    assert len(report["growth"]) == 1 and report["growth"][0] > 0
    assert report["base"]["peak_rss_mib"] > 0
    assert "one_file" not in report and report["ok"]["one_file"] is None


FIRST = ("Tomas", "Kevin", "Luca", "Diego", "Jonas", "Marco", "Oscar", "Pablo", "Hugo", "Nico")
LAST = ("Varga", "Lund", "Ferri", "Matos", "Berg", "Sala", "Keane", "Horvat", "Conti", "Dutt")
CLUBS = ("Arsenal", "Everton", "Fulham", "Burnley", "Brentford", "Chelsea", "Wolves", "Leeds")


def _many_people(chars: int) -> str:
    """Sentences about ever new people and clubs: the number of candidates grows with the
    text, so work per candidate over the whole article would show as quadratic."""
    parts: list[str] = []
    i = 0
    while sum(map(len, parts)) < chars:
        name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}"
        buyer, seller = CLUBS[i % 8], CLUBS[(i * 3 + 1) % 8]
        parts.append(f"{buyer} have signed {name} from {seller} for £{i % 40 + 2}m.\n\n")
        i += 1
    return "".join(parts)


def test_scaling_scorer_is_linear_in_the_number_of_people(nlp):
    small, large = _calls(nlp, _many_people(3_000)), _calls(nlp, _many_people(12_000))
    name = "transfer_event_scorer"
    assert large[name] <= 4.6 * small[name], (small[name], large[name])


def test_scaling_proposal_fees_read_the_entities_once(nlp):
    """Each proposal's fee comes from its sentence's amounts; reading `Span.ents` per
    proposal would scan every entity of the document each time (quadratic)."""
    from dataclasses import replace

    from transfer_nlp.scorer.candidates import view
    from transfer_nlp.scorer.fees import amounts

    class CountingDoc:
        def __init__(self, doc):
            self.doc, self.reads = doc, 0

        def __getattr__(self, name):
            if name == "ents":
                self.reads += 1
            return getattr(self.doc, name)

    text = "".join(
        f"Lens paid £{n}m for a striker. Danso cost £{n + 1}m.\n\n" for n in range(1, 30)
    )
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        doc = nlp(text)
    counting = CountingDoc(doc)
    v = replace(view(doc), doc=counting)
    found = [[e.norm["amount"] for e in amounts(v, s)] for s in v.sents]
    assert counting.reads == 1
    assert found[:4] == [[1e6], [2e6], [2e6], [3e6]]
