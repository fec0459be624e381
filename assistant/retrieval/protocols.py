"""The seams of retrieval: what an embedder and a retriever must offer.

The coach and the classifier receive these, built once by `assistant.wiring`; tests may
hand in small fakes that satisfy them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into vectors, one row per text, in order; the same text always gives
    the same bits."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class InterventionQuery:
    """What the coach asks retrieval for: interventions for one sphere."""

    text: str  # the message plus the person's strongest words for the sphere
    sphere: str
    role: str | None  # who is asking: interventions written for them come first
    exclude: frozenset[str]  # sources suggested before in this conversation
    clauses: tuple[str, ...] = ()  # the clauses behind the evidence (their vectors are cached)
    industry: str | None = None  # the person's industry: its example is shown
    limit: int = 3  # how many to suggest
    repeat: bool = True  # when every fitting one was suggested before, suggest them again
    avoid: frozenset[str] = frozenset()  # sources said not to fit the work: never suggested
    prefer: str | None = None  # the source the person asked about by name: first, if found


@dataclass(frozen=True)
class Suggestion:
    """An intervention the coach suggests, with the passage it came from."""

    overlap: str  # the kind of intervention: roles | buy-in | process
    title: str
    source: str
    text: str  # what the intervention is, in brief
    passage: str = ""  # the retrieved passage it came from
    steps: tuple[str, ...] = ()  # the intervention's numbered steps
    example: str = ""  # how it looked in the person's industry
    signs: tuple[str, ...] = ()  # what it looks like when it works ("What good looks like")


class Retriever(Protocol):
    """Finds grounded interventions for a sphere, best first."""

    def interventions(self, query: InterventionQuery) -> list[Suggestion]: ...
