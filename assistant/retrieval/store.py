"""Retrieval: the knowledge base and a team's documents in Chroma, searched through LangChain.

Two logical indexes, "knowledge" (built from knowledge/) and "team" (`ale index PATH...`).
Each lives in a Chroma collection whose name a small registry collection points to. A
build writes a *new* collection (copying the vectors of unchanged chunks, embedding only
changed ones) and then moves the pointer in one upsert, so an interrupted build never
leaves a half-built index in use; leftovers are removed by the next build.

Every collection records the embedding model that built it; searching it with another
model is an `IndexMismatchError` that says to run `ale index --rebuild`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.errors import AleError, ConfigError
from assistant.retrieval.chunks import Chunk, knowledge_chunks, team_chunks, team_files

REGISTRY = "ale-registry"
KINDS = ("knowledge", "team")
EMBED_BATCH = 64
PRIOR_WEIGHT = 0.15
POINTER_TTL = 2.0  # seconds a search may trust its last read of an index pointer
Progress = Callable[[int, int], None]


class IndexMismatchError(AleError):
    pass


class StoreError(AleError):
    pass


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    title: str
    sphere: str | None
    overlap: str | None
    kind: str
    text: str
    score: float
    collection: str
    audience: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "sphere": self.sphere,
            "overlap": self.overlap,
            "kind": self.kind,
            "text": self.text,
            "score": self.score,
            "collection": self.collection,
        }


@dataclass
class BuildStats:
    kind: str
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    removed: int = 0
    changed: bool = False
    seconds: float = 0.0
    collection: str | None = None
    files: list[str] = field(default_factory=list)


class LangChainEmbeddings:
    """Our embedder behind LangChain's `Embeddings` interface (duck-typed)."""

    def __init__(self, embed: Callable[[Sequence[str]], Any]) -> None:
        self._embed = embed

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make_embedder(settings: Settings) -> tuple[str, Callable[[Sequence[str]], Any]]:
    """(model name, embed function) for the configured embeddings."""
    if settings.embeddings == "openai":
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        if not (settings.openai_api_key or settings.openai_base_url):
            raise ConfigError(
                "ALE_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a "
                "compatible server); unset ALE_EMBEDDINGS to use the bundled model"
            )
        model = settings.embedding_model
        client = OpenAIEmbeddings(
            model=model,
            api_key=SecretStr(settings.openai_api_key or "not-needed"),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            max_retries=2,
            check_embedding_ctx_length=False,
        )

        def embed_openai(texts: Sequence[str]) -> list[list[float]]:
            return client.embed_documents(list(texts))

        return f"openai:{model}", embed_openai
    from assistant.retrieval.embeddings import local_embedder

    local = local_embedder()
    return local.name, local.embed


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


class Store:
    """The two indexes, their pointers and search."""

    def __init__(
        self,
        settings: Settings,
        client: Any | None = None,
        embedder: tuple[str, Callable[[Sequence[str]], Any]] | None = None,
    ) -> None:
        self.settings = settings
        self.client = client if client is not None else chroma_client(settings)
        self._embedder = embedder
        self._registry: Any = None
        # search reads the index pointers at most every POINTER_TTL seconds, so an index
        # rebuilt by another process (`ale index`) is picked up soon without a read per query
        self._pointers: dict[str, tuple[float, dict[str, Any] | None]] = {}
        self._wrappers: dict[str, Any] = {}

    # -- plumbing ----------------------------------------------------------------------
    @property
    def model(self) -> str:
        return self.embedder[0]

    @property
    def embedder(self) -> tuple[str, Callable[[Sequence[str]], Any]]:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    def _registry_collection(self) -> Any:
        if self._registry is None:
            self._registry = self.client.get_or_create_collection(
                REGISTRY, embedding_function=None, metadata={"purpose": "ale-coach index pointers"}
            )
        return self._registry

    def pointer(self, kind: str, max_age: float = 0.0) -> dict[str, Any] | None:
        """Which collection serves `kind` now; a read up to `max_age` seconds old will do."""
        now = time.monotonic()
        cached = self._pointers.get(kind)
        if cached is not None and now - cached[0] <= max_age:
            return cached[1]
        got = self._registry_collection().get(ids=[kind], include=["metadatas"])
        metadatas = got.get("metadatas") or []
        value = dict(metadatas[0]) if metadatas and metadatas[0] else None
        self._pointers[kind] = (now, value)
        return value

    def mean_vector(self, texts: Sequence[str]) -> list[float]:
        """The normalised mean of the texts' vectors: a search vector for several phrases."""
        import numpy as np

        matrix = np.asarray(self.embedder[1](list(texts)), dtype=np.float64)
        mean = matrix.mean(axis=0)
        norm = float(np.linalg.norm(mean)) or 1.0
        return [float(v) for v in mean / norm]

    def _wrapper(self, collection: str) -> Any:
        """The LangChain view of one collection, made once per collection name."""
        from langchain_chroma import Chroma

        if collection not in self._wrappers:
            self._wrappers[collection] = Chroma(
                client=self.client,
                collection_name=collection,
                embedding_function=LangChainEmbeddings(self.embedder[1]),  # type: ignore[arg-type]
            )
        return self._wrappers[collection]

    def _set_pointer(self, kind: str, collection: str, model: str) -> None:
        self._registry_collection().upsert(
            ids=[kind],
            embeddings=[[0.0]],
            metadatas=[{"collection": collection, "model": model, "at": time.time()}],
        )
        self._pointers.pop(kind, None)

    def _collection(self, name: str) -> Any:
        return self.client.get_collection(name, embedding_function=None)

    def _check_model(self, kind: str, pointer: dict[str, Any]) -> None:
        if pointer.get("model") != self.model:
            raise IndexMismatchError(
                f"the {kind} index was built with embeddings '{pointer.get('model')}', but the "
                f"current setting is '{self.model}' (ALE_EMBEDDINGS); run `ale index --rebuild`"
            )

    def _cleanup(self, kind: str, keep: str | None) -> None:
        for item in self.client.list_collections():
            name = item if isinstance(item, str) else item.name
            if name.startswith(f"ale-{kind}-") and name != keep:
                self.client.delete_collection(name)

    # -- building ----------------------------------------------------------------------
    def sync(
        self,
        kind: str,
        chunks: Sequence[Chunk],
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> BuildStats:
        """Make the `kind` index hold exactly `chunks`; embed only what changed."""
        started = time.perf_counter()
        stats = BuildStats(kind=kind, chunks=len(chunks))
        pointer = self.pointer(kind)
        old: Any = None
        old_hashes: dict[str, str] = {}
        if pointer is not None and not rebuild:
            self._check_model(kind, pointer)
            try:
                old = self._collection(pointer["collection"])
            except Exception:
                old = None  # the pointer names a collection that is gone: build afresh
            if old is not None:
                got = old.get(include=["metadatas"])
                old_hashes = {
                    i: (m or {}).get("hash", "")
                    for i, m in zip(got["ids"], got["metadatas"], strict=True)
                }
        wanted = {c.id: c for c in chunks}
        if len(wanted) != len(chunks):
            raise StoreError(f"duplicate chunk ids in the {kind} index")
        same = old is not None and old_hashes == {i: c.digest for i, c in wanted.items()}
        if same:
            stats.reused = len(chunks)
            stats.collection = pointer["collection"] if pointer else None
            self._cleanup(kind, keep=stats.collection)
            stats.seconds = time.perf_counter() - started
            return stats
        name = f"ale-{kind}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        new = self.client.create_collection(
            name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "model": self.model, "kind": kind},
        )
        reuse = [i for i, c in wanted.items() if old_hashes.get(i) == c.digest]
        if reuse:
            for start in range(0, len(reuse), 500):
                ids = reuse[start : start + 500]
                got = old.get(ids=ids, include=["embeddings"])
                vectors = dict(zip(got["ids"], got["embeddings"], strict=True))
                self._add(new, [wanted[i] for i in ids], [vectors[i] for i in ids])
        todo = [c for i, c in wanted.items() if old_hashes.get(i) != c.digest]
        embed = self.embedder[1]
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            self._add(
                new, batch, [list(map(float, v)) for v in embed([c.embed_text for c in batch])]
            )
            if progress:
                progress(min(start + EMBED_BATCH, len(todo)), len(todo))
        self._set_pointer(kind, name, self.model)
        self._cleanup(kind, keep=name)
        stats.embedded = len(todo)
        stats.reused = len(reuse)
        stats.removed = len(set(old_hashes) - set(wanted))
        stats.changed = True
        stats.collection = name
        stats.seconds = time.perf_counter() - started
        return stats

    @staticmethod
    def _add(collection: Any, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        if chunks:
            collection.add(
                ids=[c.id for c in chunks],
                embeddings=[list(v) for v in vectors],
                documents=[c.text for c in chunks],
                metadatas=[c.metadata() for c in chunks],
            )

    def sync_knowledge(
        self, knowledge_dir: Path, rebuild: bool = False, progress: Progress | None = None
    ) -> BuildStats:
        from assistant.retrieval.knowledge import load_knowledge

        return self.sync(
            "knowledge",
            knowledge_chunks(load_knowledge(knowledge_dir).documents),
            rebuild,
            progress,
        )

    def team_sources(self) -> list[str]:
        """The files the team index holds now. A team index that exists but cannot be read
        is a StoreError, never an empty list: an update must not mistake it for "no
        documents" and replace it with an empty index."""
        pointer = self.pointer("team")
        if pointer is None:
            return []
        try:
            got = self._collection(pointer["collection"]).get(include=["metadatas"])
        except Exception as exc:
            raise StoreError(
                f"the team index cannot be read ({exc}); it was left as it is. "
                "Run `ale index` again, or `ale index --rebuild PATH...` to start it afresh"
            ) from None
        return sorted({(m or {}).get("source", "") for m in got["metadatas"]} - {""})

    def sync_team(
        self, add: Iterable[Path] = (), rebuild: bool = False, progress: Progress | None = None
    ) -> BuildStats:
        """Refresh the team documents already indexed (dropping deleted files) and add `add`.
        Every file is read before the index is touched: when one cannot be read, the error
        names it and the team index stays as it was."""
        sources = {Path(s) for s in self.team_sources() if Path(s).is_file()}
        try:
            added = team_files(add)
            files = sorted(sources | {p.resolve() for p in added})
            chunks = [chunk for path in files for chunk in team_chunks(path)]
        except AleError as exc:
            raise StoreError(f"{exc}; the team index was not changed") from None
        stats = self.sync("team", chunks, rebuild, progress)
        stats.files = [str(p) for p in files]
        return stats

    # -- searching ---------------------------------------------------------------------
    @staticmethod
    def _candidates(
        store: Any, vector: list[float], k: int, per_source: int, where: dict[str, Any] | None
    ) -> list[Any]:
        """Enough nearest passages to fill k hits from different sources (3 tries at most)."""
        fetch = k * 5
        for _ in range(3):
            found: list[Any] = store.similarity_search_by_vector_with_relevance_scores(
                vector, k=fetch, filter=where
            )
            counts: dict[str, int] = {}
            for doc, _distance in found:
                source = doc.metadata.get("source", "")
                counts[source] = min(counts.get(source, 0) + 1, per_source)
            if sum(counts.values()) >= k or len(found) < fetch:
                return found
            fetch *= 4
        return found

    def search(
        self,
        query: str,
        k: int = 3,
        sphere: str | None = None,
        overlap: str | None = None,
        prior: dict[str, float] | None = None,
        per_source: int = 1,
        kind: str | None = None,
        vector: list[float] | None = None,
    ) -> list[Hit]:
        """The k best passages of both indexes, best first.

        `score` is 1 - cosine distance, plus `PRIOR_WEIGHT` x prior[sphere] when a prior
        (the classifier's reading of the query) is given. At most `per_source` passages
        come from one file, so the hits point to different sources. A precomputed `vector`
        (see `mean_vector`) replaces embedding `query`.
        """
        where: dict[str, Any] | None = None
        conditions = [{"sphere": sphere}] if sphere else []
        if overlap:
            conditions.append({"overlap": overlap})
        if kind:
            conditions.append({"kind": kind})
        if len(conditions) == 1:
            where = conditions[0]
        elif conditions:
            where = {"$and": conditions}
        hits: list[Hit] = []
        for index in KINDS:
            found = None
            for attempt in range(2):
                # a cached pointer may name a collection another process just replaced:
                # then read the pointer afresh and try once more
                pointer = self.pointer(index, max_age=POINTER_TTL if attempt == 0 else 0.0)
                if pointer is None:
                    break
                self._check_model(index, pointer)
                if vector is None:
                    vector = list(map(float, self.embedder[1]([query])[0]))
                try:
                    found = self._candidates(
                        self._wrapper(pointer["collection"]), vector, k, per_source, where
                    )
                    break
                except Exception:
                    self._wrappers.pop(pointer["collection"], None)
                    if attempt == 1:
                        raise
            for doc, distance in found or []:
                m = doc.metadata
                boost = PRIOR_WEIGHT * (prior or {}).get(m.get("sphere") or "", 0.0)
                hits.append(
                    Hit(
                        id=str(doc.id or m.get("doc_id", "")),
                        source=m.get("source", ""),
                        title=m.get("title", ""),
                        sphere=m.get("sphere") or None,
                        overlap=m.get("overlap") or None,
                        kind=m.get("kind", ""),
                        text=doc.page_content,
                        score=round(1.0 - float(distance) + boost, 4),
                        collection=index,
                        audience=tuple(a for a in str(m.get("audience", "")).split(",") if a),
                    )
                )
        hits.sort(key=lambda h: (-h.score, h.collection, h.id))
        taken: dict[str, int] = {}
        out = []
        for hit in hits:
            if taken.get(hit.source, 0) < per_source:
                taken[hit.source] = taken.get(hit.source, 0) + 1
                out.append(hit)
        return out[:k]
