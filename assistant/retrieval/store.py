"""Retrieval: the knowledge base and a team's documents in Chroma.

Two logical indexes, "knowledge" (built from knowledge/) and "team" (`ale index PATH...`).
Each lives in a Chroma collection whose name a small registry collection points to. A
build writes a *new* collection (copying the vectors of unchanged chunks, embedding only
changed ones) and then moves the pointer in one upsert, so an interrupted build never
leaves a half-built index in use; leftovers are removed by the next build.

Every collection records the embedding model that built it; searching it with another
model is an `IndexMismatchError` that says to run `ale index --rebuild`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import AleError
from assistant.retrieval.chroma import IndexMismatchError, Pointers, StoreError, chroma_client
from assistant.retrieval.chunks import (
    Chunk,
    document_of,
    knowledge_chunks,
    team_chunks,
    team_files,
)
from assistant.retrieval.embeddings import make_embedder
from assistant.retrieval.protocols import Embedder

INDEXES = ("knowledge", "team")
Passage = tuple[dict[str, Any], str]  # a chunk's metadata and text
EMBED_BATCH = 64
PRIOR_WEIGHT = 0.15
POINTER_TTL = 2.0  # seconds a search may trust its last read of an index pointer
Progress = Callable[[int, int], None]

__all__ = ["BuildStats", "Hit", "IndexMismatchError", "Store", "StoreError"]


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
    index: str
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    removed: int = 0
    changed: bool = False
    seconds: float = 0.0
    collection: str | None = None
    files: list[str] = field(default_factory=list)


class Store:
    """The two indexes, their pointers and search."""

    def __init__(
        self, settings: Settings, client: Any | None = None, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings
        self.client = client if client is not None else chroma_client(settings)
        self._embedder = embedder
        # search reads the index pointers at most every POINTER_TTL seconds, so an index
        # rebuilt by another process (`ale index`) is picked up soon without a read per query
        self.pointers = Pointers(self.client)
        self._collections: dict[str, tuple[Any, dict[str, Passage], dict[str, int]]] = {}

    # -- plumbing ----------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def model(self) -> str:
        return self.embedder.name

    def pointer(self, index: str, max_age: float = 0.0) -> dict[str, Any] | None:
        """Which collection serves `index` now; a read up to `max_age` seconds old will do."""
        return self.pointers.get(index, max_age)

    def mean_vector(self, texts: Sequence[str]) -> list[float]:
        """The normalised mean of the texts' vectors: a search vector for several phrases."""
        import numpy as np

        matrix = np.asarray(self.embedder.embed(list(texts)), dtype=np.float64)
        mean = matrix.mean(axis=0)
        norm = float(np.linalg.norm(mean)) or 1.0
        return [float(v) for v in mean / norm]

    def _collection(self, name: str) -> Any:
        return self.client.get_collection(name, embedding_function=None)

    def _searched(self, name: str) -> tuple[Any, dict[str, Passage], dict[str, int]]:
        """A collection's handle for searching, the passages read from it so far and the
        number of documents each filter leaves, kept per collection name (a collection
        never changes once built; a search that fails drops them, the next starts
        afresh)."""
        if name not in self._collections:
            self._collections[name] = (self._collection(name), {}, {})
        return self._collections[name]

    # -- building ----------------------------------------------------------------------
    def sync(
        self,
        index: str,
        chunks: Sequence[Chunk],
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> BuildStats:
        """Make `index` hold exactly `chunks`; embed only what changed."""
        started = time.perf_counter()
        stats = BuildStats(index=index, chunks=len(chunks))
        pointer = self.pointer(index)
        old: Any = None
        old_hashes: dict[str, str] = {}
        if pointer is not None and not rebuild:
            self.pointers.check_model(index, pointer, self.model)
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
            raise StoreError(f"duplicate chunk ids in the {index} index")
        same = old is not None and old_hashes == {i: c.digest for i, c in wanted.items()}
        if same:
            stats.reused = len(chunks)
            stats.collection = pointer["collection"] if pointer else None
            self.pointers.clean_up(index, keep=stats.collection)
            stats.seconds = time.perf_counter() - started
            return stats
        name = f"ale-{index}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        new = self.client.create_collection(
            name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "model": self.model, "index": index},
        )
        reuse = [i for i, c in wanted.items() if old_hashes.get(i) == c.digest]
        if reuse:
            for start in range(0, len(reuse), 500):
                ids = reuse[start : start + 500]
                got = old.get(ids=ids, include=["embeddings"])
                vectors = dict(zip(got["ids"], got["embeddings"], strict=True))
                self._add(new, [wanted[i] for i in ids], [vectors[i] for i in ids])
        todo = [c for i, c in wanted.items() if old_hashes.get(i) != c.digest]
        embed = self.embedder.embed
        if progress and todo:
            progress(0, len(todo))  # the count shows before the first (slowest) batch
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            self._add(
                new, batch, [list(map(float, v)) for v in embed([c.embed_text for c in batch])]
            )
            if progress:
                progress(min(start + EMBED_BATCH, len(todo)), len(todo))
        self.pointers.set(index, name, self.model)
        self.pointers.clean_up(index, keep=name)
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

    @contextmanager
    def _building(self, index: str, waiting: Callable[[], None] | None) -> Iterator[None]:
        """One builder of `index` at a time across the processes sharing this data (a
        database lock with ALE_DATABASE_URL, else a file lock): when several instances
        start at once, one builds and the others wait, then find the index up to date."""
        from assistant.storage.locks import exclusive

        with exclusive(self.settings, f"index-{index}", waiting):
            yield

    def sync_knowledge(
        self,
        knowledge_dir: Path,
        rebuild: bool = False,
        progress: Progress | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> BuildStats:
        """Bring the knowledge index up to date; `waiting()` is called if another process
        is building it first (this one then waits and usually finds nothing to do)."""
        from assistant.retrieval.knowledge import load_knowledge

        chunks = knowledge_chunks(load_knowledge(knowledge_dir).documents)
        with self._building("knowledge", waiting):
            return self.sync("knowledge", chunks, rebuild, progress)

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
        with self._building("team", None):
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
    def _candidates(
        self, name: str, vector: list[float], k: int, per_source: int, where: dict[str, Any] | None
    ) -> list[tuple[str, dict[str, Any], str, float]]:
        """The nearest passages of up to `per_source` per document, enough of them for k
        different documents: (id, metadata, text, distance), nearest first.

        Two light reads instead of one heavy one: a nearest-neighbour query for ids and
        distances only, then the texts and metadata of the passages kept (a collection
        never changes once built, so those are read once per process). A chunk's id is
        `<document id>:<number>`, so the per-document cut needs no metadata."""
        collection, rows, documents = self._searched(name)
        key = json.dumps(where, sort_keys=True)
        if key not in documents:  # how many documents the filter leaves: read once
            everything = collection.get(where=where, include=[])["ids"]
            documents[key] = len({document_of(i) for i in everything})
        wanted = min(k, documents[key])
        fetch = k * 8  # enough for k documents in one query (a file is ~12 passages)
        for _ in range(3):
            found = collection.query(
                query_embeddings=[vector], n_results=fetch, where=where, include=["distances"]
            )
            ids, distances = found["ids"][0], found["distances"][0]
            kept: dict[str, float] = {}
            counts: dict[str, int] = {}
            for chunk_id, distance in zip(ids, distances, strict=True):
                document = document_of(chunk_id)
                if counts.get(document, 0) < per_source:
                    counts[document] = counts.get(document, 0) + 1
                    kept[chunk_id] = float(distance)
            if len(counts) >= wanted or len(ids) < fetch:
                break
            fetch *= 4
        missing = [i for i in kept if i not in rows]
        if missing:
            got = collection.get(ids=missing, include=["documents", "metadatas"])
            for i, m, d in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
                rows[i] = (dict(m or {}), d or "")
        return [(i, *rows[i], kept[i]) for i in kept if i in rows]

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
        (see `mean_vector`) replaces embedding `query`. `kind` keeps passages of one
        document kind (intervention, model, question, team).
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
        for index in INDEXES:
            found = None
            for attempt in range(2):
                # a cached pointer may name a collection another process just replaced:
                # then read the pointer afresh and try once more
                pointer = self.pointer(index, max_age=POINTER_TTL if attempt == 0 else 0.0)
                if pointer is None:
                    break
                self.pointers.check_model(index, pointer, self.model)
                if vector is None:
                    vector = list(map(float, self.embedder.embed([query])[0]))
                try:
                    found = self._candidates(pointer["collection"], vector, k, per_source, where)
                    break
                except Exception:
                    self._collections.pop(pointer["collection"], None)
                    if attempt == 1:
                        raise
            for chunk_id, m, text, distance in found or []:
                boost = PRIOR_WEIGHT * (prior or {}).get(m.get("sphere") or "", 0.0)
                hits.append(
                    Hit(
                        id=chunk_id,
                        source=m.get("source", ""),
                        title=m.get("title", ""),
                        sphere=m.get("sphere") or None,
                        overlap=m.get("overlap") or None,
                        kind=m.get("kind", ""),
                        text=text,
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
