"""Labelled texts in the knowledge base and the softmax weights trained on them.

The whole-text model (`text_model`) and the opener model (`assistant.coaching.openers`)
are both a softmax regression over sentence vectors of labelled lines of a JSONL file.
Their weights ship beside the texts with the digest of what they came from (the encoder,
the texts and labels, and anything else the training depends on); when the digest no
longer matches, the weights are trained again and cached in the data dir.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.diagnosis.exemplar_model import SoftmaxModel
from assistant.errors import KnowledgeError
from assistant.retrieval.protocols import Embedder


def read_labelled(
    path: Path, source: str, field: str, allowed: tuple[Any, ...], allowed_text: str
) -> list[tuple[str, Any]]:
    """(text, label) pairs of a JSONL file of {"text", field}; [] without the file. A bad
    line is a KnowledgeError naming `source`, the line and the field."""
    if not path.is_file():
        return []
    pairs: list[tuple[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, label = item["text"], item[field]
        except (ValueError, KeyError, TypeError):
            raise KnowledgeError(
                f"{source}:{number}", None, f'needs {{"text", "{field}"}}'
            ) from None
        if not isinstance(text, str) or not text.strip() or label not in allowed:
            raise KnowledgeError(f"{source}:{number}", field, f"must be one of {allowed_text}")
        pairs.append((text, label))
    return pairs


def digest(embedder: Embedder, lines: Iterable[str]) -> str:
    """What trained weights depend on: the encoder (name and scheme) and `lines`."""
    scheme = getattr(embedder, "scheme", "")
    text = "\n".join([embedder.name, scheme, *lines])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def save(path: Path, model: SoftmaxModel, key: str) -> None:
    np.savez(path, weights=model.weights, bias=model.bias, digest=np.asarray(key))


def shipped_or_trained(
    shipped: Path | None, cached: Path | None, key: str, train: Callable[[], SoftmaxModel]
) -> SoftmaxModel:
    """The weights in `shipped` or `cached` whose digest is `key`, else `train()`'s, saved
    to `cached` (a cache that cannot be written only costs the training next time)."""
    for path in (shipped, cached):
        if path is not None and path.is_file():
            try:
                with np.load(path) as saved:
                    if str(saved["digest"]) == key:
                        return SoftmaxModel(saved["weights"], saved["bias"])
            except (OSError, ValueError, KeyError):
                pass
    model = train()
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            save(cached, model, key)
        except OSError:
            pass
    return model
