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

import hashlib
import json
from pathlib import Path

import numpy as np

from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.errors import KnowledgeError
from assistant.model.vocabulary import SPHERES
from assistant.retrieval.protocols import Embedder

TEXTS_FILE = "classifier/texts.jsonl"
MODEL_FILE = "classifier/text-model.npz"
LABELS: tuple[str | None, ...] = (*SPHERES, None)  # the last column is "no problem"


def load_texts(knowledge_dir: Path) -> list[tuple[str, str | None]]:
    """(text, sphere or None) pairs; a bad line is a KnowledgeError naming the line."""
    path = knowledge_dir / TEXTS_FILE
    source = f"knowledge/{TEXTS_FILE}"
    if not path.is_file():
        return []
    pairs: list[tuple[str, str | None]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, sphere = item["text"], item["sphere"]
        except (ValueError, KeyError, TypeError):
            raise KnowledgeError(f"{source}:{number}", None, 'needs {"text", "sphere"}') from None
        if not isinstance(text, str) or not text.strip() or sphere not in LABELS:
            raise KnowledgeError(
                f"{source}:{number}", "sphere", f"must be one of {', '.join(SPHERES)} or null"
            )
        pairs.append((text, sphere))
    return pairs


def digest(pairs: list[tuple[str, str | None]], embedder: Embedder) -> str:
    """What the weights depend on: the encoder and every text with its label."""
    scheme = getattr(embedder, "scheme", "")
    lines = [embedder.name, scheme, *(f"{s}\t{t}" for t, s in pairs)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def train(pairs: list[tuple[str, str | None]], embedder: Embedder) -> SoftmaxModel:
    vectors = embedder.embed([t for t, _ in pairs]).astype(np.float32)
    labels = np.asarray([LABELS.index(s) for _, s in pairs])
    return fit_softmax(vectors, labels, len(LABELS))


def save(path: Path, model: SoftmaxModel, key: str) -> None:
    np.savez(path, weights=model.weights, bias=model.bias, digest=np.asarray(key))


def load_text_model(
    knowledge_dir: Path, embedder: Embedder, cache_dir: Path | None
) -> SoftmaxModel | None:
    """The shipped model when it matches the texts and the encoder, else one trained now
    (cached under `cache_dir`); None without texts."""
    pairs = load_texts(knowledge_dir)
    if not pairs:
        return None
    key = digest(pairs, embedder)
    candidates = [knowledge_dir / MODEL_FILE]
    if cache_dir is not None:
        candidates.append(cache_dir / f"text-model-{key}.npz")
    for path in candidates:
        if path.is_file():
            try:
                with np.load(path) as saved:
                    if str(saved["digest"]) == key:
                        return SoftmaxModel(saved["weights"], saved["bias"])
            except (OSError, ValueError, KeyError):
                pass
    model = train(pairs, embedder)
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            save(cache_dir / f"text-model-{key}.npz", model, key)
        except OSError:
            pass
    return model
