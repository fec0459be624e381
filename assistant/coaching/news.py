"""The news model: after a diagnosis, does a message report progress or tell a problem?

"We taped a one-page dough sheet above the mixer. Three Fridays now, no slack dough" is
good news, yet its words ("dough", "sheet", "no") are also the words of problems, and the
ways of telling a result are too many to list. When the phrase lists
(`Intents.brings_good_news`) hear no news in a statement made after a recommendation, a
softmax regression over its sentence vector reads it, trained on
`knowledge/coach/news.jsonl`: the messages of the development conversations told after a
recommendation, each marked `news` (progress reported) or `problem` (a symptom told).
Only from `SURE` up does it count as news. It reads two vectors side by side: the whole
message's and its last sentence's, where the result of a step is mostly told ("We put the
taster sheet up at the pass. Not one dish sent back since"), so a step told at length does
not drown what came of it.

The weights ship in `knowledge/coach/news.npz` with the digest of the texts, labels and
encoder they came from; when those change, they are trained again (and cached in the data
dir). `ale knowledge train` writes the shipped file anew.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.coaching.intents import sentences
from assistant.diagnosis import trained
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.retrieval.protocols import Embedder

TEXTS_FILE = "coach/news.jsonl"
MODEL_FILE = "coach/news.npz"
KINDS = ("problem", "news")
SURE = 0.7  # chosen by leaving out one development set at a time (see the README)
TRAINING = "messages-2 whole+last"  # changes when `train` does


def load_news(knowledge_dir: Path) -> list[tuple[str, str]]:
    """(text, kind) pairs; a bad line is a KnowledgeError naming the line."""
    return trained.read_labelled(
        knowledge_dir / TEXTS_FILE, f"knowledge/{TEXTS_FILE}", "kind", KINDS, ", ".join(KINDS)
    )


def digest(pairs: list[tuple[str, str]], embedder: Embedder) -> str:
    """What the weights depend on: the encoder, the training and every text with its kind."""
    return trained.digest(embedder, [TRAINING, *(f"{k}\t{t}" for t, k in pairs)])


def features(texts: list[str], embedder: Embedder) -> np.ndarray:
    """Each text's vector beside the vector of its last sentence, in one encoder call."""
    last = [(sentences(t) or [t])[-1] for t in texts]
    vectors = embedder.embed([*texts, *last]).astype(np.float32)
    return np.hstack([vectors[: len(texts)], vectors[len(texts) :]])


def train(pairs: list[tuple[str, str]], embedder: Embedder) -> SoftmaxModel:
    vectors = features([t for t, _ in pairs], embedder)
    return fit_softmax(vectors, np.asarray([KINDS.index(k) for _, k in pairs]), len(KINDS))


class News:
    """How much a message made after a diagnosis sounds like progress reported (0 to 1)."""

    def __init__(self, model: SoftmaxModel, embedder: Embedder) -> None:
        self._model = model
        self._embedder = embedder
        # the last message read and its score: a turn may ask twice (at the strict bar, then
        # at a lower one), and the message is encoded once
        self._last: tuple[str, float] | None = None

    def score(self, text: str) -> float:
        if not text.strip():
            return 0.0
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        probs = self._model.probabilities(features([text], self._embedder))
        value = round(float(probs[0, KINDS.index("news")]), 4)
        self._last = (text, value)
        return value

    def reports(self, text: str) -> bool:
        """Whether `text` reads as news from `SURE` up."""
        return self.score(text) >= SURE


def load_news_model(knowledge_dir: Path, embedder: Embedder, cache_dir: Path | None) -> News | None:
    """The shipped model when it matches the texts and the encoder, else one trained now
    (cached under `cache_dir`); None without texts."""
    pairs = load_news(knowledge_dir)
    if not pairs:
        return None
    key = digest(pairs, embedder)
    cached = cache_dir / f"news-{key}.npz" if cache_dir is not None else None
    model = trained.shipped_or_trained(
        knowledge_dir / MODEL_FILE, cached, key, lambda: train(pairs, embedder)
    )
    return News(model, embedder)
