"""The whole-text model: a softmax regression over the vector of a whole description.

Trained on labelled descriptions in `knowledge/classifier/texts.jsonl`: real people's
public words (two annotators agreed on each label) and written cases. The clause-level
reading (cues and exemplars) explains a diagnosis; this model only answers one question
it misses on long, plainly told real stories: is there a problem here at all? When the
clauses find none but the whole text is unlikely to be "no problem", the classifier makes
a tentative tag of the sphere this model reads.

The trained weights ship in `knowledge/classifier/text-model.npz` with the digest of
the texts, labels and encoder they came from, so a first start embeds nothing. When the
texts or the encoder change, the weights are trained again (and cached in the data dir);
`ale knowledge train` writes the shipped file anew.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.diagnosis import trained
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.model.vocabulary import SPHERES
from assistant.retrieval.protocols import Embedder

TEXTS_FILE = "classifier/texts.jsonl"
MODEL_FILE = "classifier/text-model.npz"
LABELS: tuple[str | None, ...] = (*SPHERES, None)  # the last column is "no problem"


def load_texts(knowledge_dir: Path) -> list[tuple[str, str | None]]:
    """(text, sphere or None) pairs; a bad line is a KnowledgeError naming the line."""
    return trained.read_labelled(
        knowledge_dir / TEXTS_FILE,
        f"knowledge/{TEXTS_FILE}",
        "sphere",
        LABELS,
        f"{', '.join(SPHERES)} or null",
    )


def digest(pairs: list[tuple[str, str | None]], embedder: Embedder) -> str:
    """What the weights depend on: the encoder and every text with its label."""
    return trained.digest(embedder, (f"{s}\t{t}" for t, s in pairs))


def train(pairs: list[tuple[str, str | None]], embedder: Embedder) -> SoftmaxModel:
    vectors = embedder.embed([t for t, _ in pairs]).astype(np.float32)
    labels = np.asarray([LABELS.index(s) for _, s in pairs])
    return fit_softmax(vectors, labels, len(LABELS))


def load_text_model(
    knowledge_dir: Path, embedder: Embedder, cache_dir: Path | None
) -> SoftmaxModel | None:
    """The shipped model when it matches the texts and the encoder, else one trained now
    (cached under `cache_dir`); None without texts."""
    pairs = load_texts(knowledge_dir)
    if not pairs:
        return None
    key = digest(pairs, embedder)
    cached = cache_dir / f"text-model-{key}.npz" if cache_dir is not None else None
    return trained.shipped_or_trained(
        knowledge_dir / MODEL_FILE, cached, key, lambda: train(pairs, embedder)
    )
