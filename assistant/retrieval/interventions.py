"""The coach's retriever: grounded interventions for a sphere, from the knowledge index."""

from __future__ import annotations

from pathlib import Path

from assistant.model.vocabulary import overlap_for
from assistant.retrieval.knowledge import cached_knowledge
from assistant.retrieval.protocols import InterventionQuery, Suggestion
from assistant.retrieval.store import Store

CANDIDATES = 9  # passages fetched per query before dropping those already suggested


class KnowledgeRetriever:
    """Searches the intervention passages of one sphere; implements `Retriever`."""

    def __init__(self, store: Store, knowledge_dir: Path) -> None:
        self.store = store
        self.knowledge_dir = knowledge_dir
        self._summaries: dict[str, str] | None = None

    def interventions(self, query: InterventionQuery) -> list[Suggestion]:
        """Best first, unseen sources before ones suggested earlier. With `query.clauses`,
        the search vector is their mean (their vectors are cached from classifying them)."""
        vector = self.store.mean_vector(query.clauses) if query.clauses else None
        hits = self.store.search(
            query.text, k=CANDIDATES, sphere=query.sphere, kind="intervention", vector=vector
        )
        fresh = [h for h in hits if h.source not in query.exclude] or hits
        role = query.role
        if role:  # who is asking: interventions written for them come first
            fresh.sort(key=lambda h: role not in h.audience)
        overlap = overlap_for(query.sphere)
        assert overlap is not None
        return [
            Suggestion(
                overlap,
                h.title.split(" — ")[0],
                h.source,
                self._summary(h.source) or h.text,
                h.text,
            )
            for h in fresh
        ]

    def warm(self) -> None:
        self.store.search("warming up the coach", k=1)

    def _summary(self, source: str) -> str:
        """The opening paragraph of a knowledge file: what the intervention is, in brief."""
        if self._summaries is None:
            self._summaries = {}
            for doc in cached_knowledge(self.knowledge_dir).documents:
                paragraphs = [p.strip() for p in doc.body.split("\n\n") if p.strip()]
                self._summaries[doc.source] = next(
                    (p for p in paragraphs if not p.startswith("#")), ""
                )
        return self._summaries.get(source, "")
