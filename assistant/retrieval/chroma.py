"""Chroma: the client (embedded or server) and the registry of index pointers.

An index ("knowledge" or "team") is served by one Chroma collection at a time; a small
registry collection holds, per index, the name of that collection and the embedding
model that built it. Moving a pointer is one upsert, which is what makes a build atomic.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.errors import AleError, ConfigError

REGISTRY = "ale-registry"


class StoreError(AleError):
    pass


class IndexMismatchError(AleError):
    pass


def chroma_client(settings: Settings) -> Any:
    """An embedded PersistentClient under ALE_DATA_DIR, or an HttpClient to ALE_CHROMA_URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    options = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(f"ALE_CHROMA_URL={settings.chroma_url!r} is not an http(s) URL")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=options,
            )
        except Exception as exc:  # the client checks the server on creation
            raise StoreError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({exc})"
            ) from None
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=options)


class Pointers:
    """Which collection serves each index, read through a short-lived cache."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._registry: Any = None
        self._cache: dict[str, tuple[float, dict[str, Any] | None]] = {}

    def _collection(self) -> Any:
        if self._registry is None:
            self._registry = self.client.get_or_create_collection(
                REGISTRY, embedding_function=None, metadata={"purpose": "ale-coach index pointers"}
            )
        return self._registry

    def get(self, index: str, max_age: float = 0.0) -> dict[str, Any] | None:
        """The pointer of `index` ({collection, model, at}); a read up to `max_age` s old
        will do."""
        now = time.monotonic()
        cached = self._cache.get(index)
        if cached is not None and now - cached[0] <= max_age:
            return cached[1]
        got = self._collection().get(ids=[index], include=["metadatas"])
        metadatas = got.get("metadatas") or []
        value = dict(metadatas[0]) if metadatas and metadatas[0] else None
        self._cache[index] = (now, value)
        return value

    def set(self, index: str, collection: str, model: str) -> None:
        """Point `index` at `collection` (one upsert: readers see the old or the new)."""
        self._collection().upsert(
            ids=[index],
            embeddings=[[0.0]],
            metadatas=[{"collection": collection, "model": model, "at": time.time()}],
        )
        self._cache.pop(index, None)

    def check_model(self, index: str, pointer: dict[str, Any], model: str) -> None:
        if pointer.get("model") != model:
            raise IndexMismatchError(
                f"the {index} index was built with embeddings '{pointer.get('model')}', but the "
                f"current setting is '{model}' (ALE_EMBEDDINGS); run `ale index --rebuild`"
            )

    def clean_up(self, index: str, keep: str | None) -> None:
        """Delete the collections of `index` that no pointer serves (an interrupted build's)."""
        for item in self.client.list_collections():
            name = item if isinstance(item, str) else item.name
            if name.startswith(f"ale-{index}-") and name != keep:
                self.client.delete_collection(name)
