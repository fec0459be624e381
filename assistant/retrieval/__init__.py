"""Retrieval: the knowledge base and a team's documents, chunked, embedded and searched.

    Store.sync_knowledge(dir) / Store.sync_team(paths)   build the indexes (atomically)
    Store.search(query, k, sphere=...) -> [Hit]           passages with their sources
    KnowledgeRetriever.interventions(query) -> [Suggestion]  what the coach suggests

Chroma, LangChain and the encoder load only when a store or an embedder is first used,
and each public name's module only when the name is (reading the knowledge base alone,
as `ale checkup` does, loads no numpy).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "KnowledgeRetriever": "interventions",
    "KnowledgeBase": "knowledge",
    "load_knowledge": "knowledge",
    "Embedder": "protocols",
    "InterventionQuery": "protocols",
    "Retriever": "protocols",
    "Suggestion": "protocols",
    "BuildStats": "store",
    "Hit": "store",
    "IndexMismatchError": "store",
    "Store": "store",
    "StoreError": "store",
}

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


def __getattr__(name: str) -> Any:
    """Load a public name's module the first time the name is used."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
