"""What the classifier says about one text: a Diagnosis with its Tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.model.vocabulary import Overlap, overlap_for


@dataclass(frozen=True)
class Tag:
    sphere: str
    score: float
    evidence: tuple[str, ...]
    clauses: tuple[str, ...] = ()  # the clause each evidence phrase came from (same order)
    # read from the whole text, not shown by its clauses (the coach's ledger keeps to the
    # clauses: such a tag is no problem of its own there)
    whole: bool = False

    @property
    def overlap(self) -> Overlap | None:
        return overlap_for(self.sphere)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sphere": self.sphere,
            "overlap": self.overlap,
            "score": self.score,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Diagnosis:
    sphere: str | None
    confidence: float
    scores: dict[str, float]
    tags: tuple[Tag, ...]
    follow_up: str | None = None
    follow_up_id: str | None = None
    healthy: tuple[str, ...] = ()
    trouble: bool = False
    raw: dict[str, float] = field(default_factory=dict)  # evidence before normalising
    notice: str | None = None  # why the text cannot be diagnosed as given (not English)
    # the problems a text lists one by one ("two things: first ..., second ..."): each
    # part's sphere and the clause that shows it, in the order told
    parts: tuple[tuple[str, str], ...] = ()
    # the clauses the learned parts read, as embedded: their vectors are in the encoder's
    # cache, so the coach's own models can read them again without another pass
    clauses: tuple[str, ...] = ()
    # the spheres a cue names how things go wrong for ("nobody owns the routes"), not only
    # an outcome ("we're always fighting fires") or what the learned model reads
    cued: tuple[str, ...] = ()

    @property
    def overlap(self) -> Overlap | None:
        return overlap_for(self.sphere)

    def to_dict(self) -> dict[str, Any]:
        """The contract shape of `ale classify --json` (DESIGN.md)."""
        return {
            "sphere": self.sphere,
            "overlap": self.overlap,
            "confidence": self.confidence,
            "scores": dict(self.scores),
            "tags": [t.to_dict() for t in self.tags],
            "follow_up": self.follow_up,
            "notice": self.notice,
        }
