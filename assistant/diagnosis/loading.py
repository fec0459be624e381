"""Building the classifier of a knowledge base: cues, questions and the exemplar model.

The exemplar vectors and the trained softmax model are cached on disk by content, so a
warm start skips both the embedding pass and the training; the model's weights also ship
in the knowledge base (`classifier/exemplar-model.npz`, with the digest of the vectors and
labels they came from), so a fresh data dir does not train them either.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.diagnosis import trained
from assistant.diagnosis.classifier import EXEMPLAR_LABELS, Classifier
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.diagnosis.questions import QuestionBank
from assistant.diagnosis.text_model import load_text_model
from assistant.retrieval.protocols import Embedder

EXEMPLAR_MODEL_FILE = "classifier/exemplar-model.npz"  # written by `ale knowledge train`


def _cached_arrays(
    cache_dir: Path | None, name: str, key: str, compute: Callable[[], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Named arrays from `cache_dir/name-key.npz`, or `compute()` them and save them
    atomically (a write to a temporary file, then a rename). No cache dir: just compute."""
    path = cache_dir / f"{name}-{key}.npz" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as saved:
                return {k: saved[k] for k in saved.files}
        except (OSError, ValueError):
            pass
    arrays: dict[str, np.ndarray] = compute()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, **arrays)  # type: ignore[arg-type]
            os.replace(tmp, path)
        except OSError:
            pass
    return arrays


def exemplar_vectors(
    exemplars: dict[str, tuple[str, ...]], embedder: Embedder, cache_dir: Path | None
) -> np.ndarray:
    """Vectors of every exemplar in label order, cached on disk by content and model."""
    texts = [t for label in EXEMPLAR_LABELS for t in exemplars[label]]
    scheme = getattr(embedder, "scheme", "")
    digest = hashlib.sha256("\n".join([embedder.name, scheme, *texts]).encode()).hexdigest()[:16]
    vectors = _cached_arrays(
        cache_dir, "exemplars", digest, lambda: {"vectors": embedder.embed(texts)}
    )["vectors"]
    if vectors.shape[0] != len(texts):  # a damaged cache: embed again
        vectors = embedder.embed(texts)
    return vectors


def load_classifier(
    knowledge_dir: Path,
    cache_dir: Path | None = None,
    mode: str = "hybrid",
    embedder: Embedder | None = None,
) -> Classifier:
    """The classifier of `knowledge_dir`: cues and questions always, exemplars in hybrid mode."""
    from assistant.diagnosis.cues import load_cues, load_exemplars
    from assistant.retrieval.knowledge import cached_knowledge

    cues = load_cues(knowledge_dir)
    questions = QuestionBank(cached_knowledge(knowledge_dir).questions)
    if mode == "rules":
        return Classifier(cues, questions)
    exemplars = load_exemplars(knowledge_dir)
    if embedder is None:
        from assistant.retrieval.embeddings import local_embedder

        embedder = local_embedder()
    vectors = exemplar_vectors(exemplars, embedder, cache_dir)
    model = exemplar_model(exemplars, vectors, cache_dir, knowledge_dir / EXEMPLAR_MODEL_FILE)
    text_model = load_text_model(knowledge_dir, embedder, cache_dir)
    return Classifier(cues, questions, exemplars, embedder, vectors, model, text_model)


def exemplar_digest(exemplars: dict[str, tuple[str, ...]], vectors: np.ndarray) -> str:
    """What the exemplar model depends on: the exemplar vectors (bit-identical on any run)
    and their labels."""
    return hashlib.sha256(vectors.tobytes() + _labels(exemplars).tobytes()).hexdigest()[:16]


def train_exemplar_model(
    exemplars: dict[str, tuple[str, ...]], vectors: np.ndarray
) -> SoftmaxModel:
    return fit_softmax(
        np.asarray(vectors, dtype=np.float32), _labels(exemplars), len(EXEMPLAR_LABELS)
    )


def exemplar_model(
    exemplars: dict[str, tuple[str, ...]],
    vectors: np.ndarray,
    cache_dir: Path | None,
    shipped: Path | None = None,
) -> SoftmaxModel:
    """The softmax regression over the exemplar vectors: the weights shipped in the
    knowledge base when they match, else trained (the slowest part of a cold start, about
    a second) and cached in the data dir."""
    key = exemplar_digest(exemplars, vectors)
    cached = cache_dir / f"softmax-{key}.npz" if cache_dir is not None else None
    return trained.shipped_or_trained(
        shipped, cached, key, lambda: train_exemplar_model(exemplars, vectors)
    )


def _labels(exemplars: dict[str, tuple[str, ...]]) -> np.ndarray:
    return np.asarray([i for i, label in enumerate(EXEMPLAR_LABELS) for _ in exemplars[label]])
