"""The opener model: does a first message only say hello, or hint that something is wrong?

"Hi, I run the produce department at a grocery store, eight years there, and lately I
dread Monday deliveries" names no symptom a cue can read, yet it is a problem to ask
about, not a hello. The words for that unease are too many to list, so a softmax
regression over sentence vectors reads it, trained on `knowledge/coach/openers.jsonl`:
first messages of the development conversations, each marked `greet` or `vague`. A
message scores as its most uneasy part (the whole, or one of its sentences), so a long
introduction does not dilute the one sentence that hints at trouble (and each sentence
of a hello is trained as a hello, so no lone sentence of one reads as trouble).

The trained weights ship in `knowledge/coach/openers.npz` with the digest of the texts,
labels and encoder they came from; when those change, the weights are trained again
(and cached in the data dir). `ale knowledge train` writes the shipped file anew.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.coaching.intents import sentences
from assistant.diagnosis import trained
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.retrieval.protocols import Embedder

TEXTS_FILE = "coach/openers.jsonl"
MODEL_FILE = "coach/openers.npz"
KINDS = ("greet", "vague")
PART_WORDS = 3  # a sentence this short ("Hi.") is not scored on its own


def load_openers(knowledge_dir: Path) -> list[tuple[str, str]]:
    """(text, kind) pairs; a bad line is a KnowledgeError naming the line."""
    return trained.read_labelled(
        knowledge_dir / TEXTS_FILE, f"knowledge/{TEXTS_FILE}", "kind", KINDS, ", ".join(KINDS)
    )


TRAINING = "sentences-of-hellos-1"  # changes when `train` does


def digest(pairs: list[tuple[str, str]], embedder: Embedder) -> str:
    """What the weights depend on: the encoder, the training and every text with its kind."""
    return trained.digest(embedder, [TRAINING, *(f"{k}\t{t}" for t, k in pairs)])


def train(pairs: list[tuple[str, str]], embedder: Embedder) -> SoftmaxModel:
    """Each text with its kind, and each sentence of a hello as a hello too: a message is
    scored by its parts, so a lone "not a lead or anything" must read as no trouble."""
    texts: list[str] = []
    labels: list[int] = []
    for text, kind in pairs:
        parts = [text]
        if kind == "greet":
            parts += [s for s in sentences(text) if len(s.split()) >= PART_WORDS and s != text]
        texts += parts
        labels += [KINDS.index(kind)] * len(parts)
    vectors = embedder.embed(texts).astype(np.float32)
    return fit_softmax(vectors, np.asarray(labels), len(KINDS))


class Openers:
    """How much a message sounds like a vague problem rather than a hello (0 to 1)."""

    def __init__(self, model: SoftmaxModel, embedder: Embedder) -> None:
        self._model = model
        self._embedder = embedder

    def vague(self, text: str) -> float:
        parts = [text, *(s for s in sentences(text) if len(s.split()) >= PART_WORDS)]
        parts = list(dict.fromkeys(p for p in parts if p.strip()))
        if not parts:
            return 0.0
        probs = self._model.probabilities(self._embedder.embed(parts))
        return round(float(probs[:, KINDS.index("vague")].max()), 4)


def load_opener_model(
    knowledge_dir: Path, embedder: Embedder, cache_dir: Path | None
) -> Openers | None:
    """The shipped model when it matches the texts and the encoder, else one trained now
    (cached under `cache_dir`); None without texts."""
    pairs = load_openers(knowledge_dir)
    if not pairs:
        return None
    key = digest(pairs, embedder)
    cached = cache_dir / f"openers-{key}.npz" if cache_dir is not None else None
    model = trained.shipped_or_trained(
        knowledge_dir / MODEL_FILE, cached, key, lambda: train(pairs, embedder)
    )
    return Openers(model, embedder)
