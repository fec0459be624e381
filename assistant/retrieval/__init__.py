"""Retrieval: the knowledge base and a team's documents, chunked, embedded and searched.

    Store.sync_knowledge(dir) / Store.sync_team(paths)   build the indexes (atomically)
    Store.search(query, k, sphere=...) -> [Hit]           passages with their sources
    KnowledgeRetriever.interventions(query) -> [Suggestion]  what the coach suggests

Chroma, LangChain and the encoder load only when a store or an embedder is first used.
"""

from assistant.retrieval.interventions import KnowledgeRetriever
from assistant.retrieval.knowledge import KnowledgeBase, load_knowledge
from assistant.retrieval.protocols import Embedder, InterventionQuery, Retriever, Suggestion
from assistant.retrieval.store import BuildStats, Hit, IndexMismatchError, Store, StoreError

__all__ = [
    "BuildStats",
    "Embedder",
    "Hit",
    "IndexMismatchError",
    "InterventionQuery",
    "KnowledgeBase",
    "KnowledgeRetriever",
    "Retriever",
    "Store",
    "StoreError",
    "Suggestion",
    "load_knowledge",
]
