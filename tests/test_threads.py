"""One shared pipeline serves several threads: no article's state leaks into another's."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from test_events import CASES, NEGATIVES

import transfer_nlp


def _articles(n: int) -> list[str]:
    """Articles of two to four sentences; neighbours differ in clubs and people, so a
    club kept from one article would show in the next one's records."""
    sentences = [c[0] for c in CASES] + [n[0] for n in NEGATIVES]
    out = []
    for i in range(n):
        k = 2 + i % 3
        out.append(" ".join(sentences[(i * 7 + j * 13) % len(sentences)] for j in range(k)))
    return out


def test_threads_match_sequential_run(nlp):
    texts = _articles(200)

    def run(text: str) -> str:
        return json.dumps(transfer_nlp.extract(text, nlp=nlp).to_dict(), sort_keys=True)

    sequential = [run(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(run, texts))
    assert sum('"type"' in s for s in sequential) > 100  # the articles do have events
    assert threaded == sequential
