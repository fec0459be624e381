"""What the coach remembers about one conversation: the evidence and what it asked."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from assistant.model.vocabulary import SPHERES


@dataclass
class Evidence:
    sphere: str
    phrase: str
    turn: int
    score: float
    clause: str = ""  # the whole clause the phrase came from (its vector is cached)


@dataclass
class Problem:
    """One distinct problem the person described: the ledger's entry."""

    id: str
    text: str  # the clause that states it, in the person's words
    sphere: str
    turn: int
    status: str = "open"  # open | addressed
    stakes: int = 0  # what it puts at stake: 3 safety, 2 an exposure, 1 money (diagnosis.stakes)

    def to_contract(self) -> dict[str, str | None]:
        from assistant.model.vocabulary import overlap_for

        overlap = overlap_for(self.sphere)
        return {
            "id": self.id,
            "text": self.text,
            "sphere": self.sphere,
            "overlap": str(overlap) if overlap else None,
            "status": self.status,
        }


@dataclass
class State:
    """Everything the coach remembers about one conversation (stored after each turn)."""

    turn: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    pending: str | None = None
    follow_ups_in_row: int = 0
    role: str | None = None
    role_asked: bool = False
    role_advised: str | None = None  # the role the advice for who is asking was given to
    recommended: str | None = None
    suggested: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # the last list of moves shown, in order
    stepped: list[str] = field(default_factory=list)  # moves whose first steps were given
    shown_last: list[str] = field(default_factory=list)  # the moves of the latest reply with any
    rejected: list[str] = field(default_factory=list)  # moves said not to fit this work
    last_question: str | None = None  # the person's question answered last
    last_question_at: int = -9  # the turn it was answered in
    warned: bool = False  # the rule-for-today line about a safety risk was said
    measured: list[str] = field(default_factory=list)  # spheres told what to count
    industry: str | None = None
    industry_strength: int = 0  # distinct words that revealed it, in the message that did
    problems: list[Problem] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)  # what the person said they tried
    # the latest checkup kept with this conversation: sphere -> score 0-100 (None if unanswered)
    checkup: dict[str, float | None] | None = None
    checkup_before: dict[str, float | None] | None = None  # the checkup before that one
    check_in: str | None = None  # the plan item asked about, its answer awaited
    checked_in: list[str] = field(default_factory=list)  # plan items asked about already
    draft: dict[str, Any] | None = None  # a plan item being committed to, still incomplete
    faded_at: int = -1  # the turn that told a step held for a while, then slipped back
    # the person's words that made the incident told a one-off ("first time in two years")
    one_off: str | None = None
    one_off_answered: bool = False  # whether it was a one-off was answered already
    # set answers given in full already ("who_owns", "how_often"): the next time, in short
    answers_given: list[str] = field(default_factory=list)
    saved: str | None = None  # the plan item committed to at turn `saved_at`
    saved_at: int = -1
    plan_offered: bool = False  # the coach has said how to commit to a suggestion
    answered: int = 0  # the person's questions answered in a row, up to this turn
    # the problem told last, when it is another sphere than the one recommended before: the
    # coach takes it up now, until the person asks which first or another sphere overtakes
    focus: str | None = None
    # the sphere of the problem the person said lies behind another one they told
    root: str | None = None

    def totals(self, turn: int | None = None) -> dict[str, float]:
        """Each sphere's evidence: of everything said, or of one `turn`'s message."""
        totals: dict[str, float] = dict.fromkeys(SPHERES, 0.0)
        for item in self.evidence:
            if turn is None or item.turn == turn:
                totals[item.sphere] += item.score
        return totals

    def ranking(self, turn: int | None = None) -> list[tuple[str, float]]:
        totals = self.totals(turn)
        return sorted(totals.items(), key=lambda kv: (-round(kv[1], 9), SPHERES.index(kv[0])))

    def weighed(self) -> tuple[str | None, dict[str, float]]:
        """The sphere to fix from what was said and the latest checkup together, and each
        sphere's weight (0-1, summing to 1). What was said counts by its share of the
        evidence; the checkup by each sphere's share of the distance from 100. With both,
        each counts half; a tie goes to what was said, then to the model's order."""
        totals = self.totals()
        said = sum(totals.values())
        weak = {s: (100.0 - v) / 100.0 for s, v in (self.checkup or {}).items() if v is not None}
        gap = sum(weak.values())
        parts: list[dict[str, float]] = []
        if said > 0:
            parts.append({s: totals[s] / said for s in SPHERES})
        if self.checkup and gap > 0:
            parts.append({s: weak.get(s, 0.0) / gap for s in SPHERES})
        if not parts:
            lowest = self.checkup_lowest()
            return lowest, {str(s): float(s == lowest) for s in SPHERES} if lowest else {}
        weights = {str(s): sum(p[s] for p in parts) / len(parts) for s in SPHERES}
        order = sorted(SPHERES, key=lambda s: (-round(weights[s], 9), -totals[s], SPHERES.index(s)))
        return str(order[0]), weights

    def checkup_lowest(self) -> str | None:
        """The sphere the latest checkup scored lowest (None without a checkup)."""
        scored = [
            (v, SPHERES.index(s), s) for s, v in (self.checkup or {}).items() if v is not None
        ]
        return min(scored)[2] if scored else None

    def _strongest(self, sphere: str, text: Callable[[Evidence], str], limit: int) -> list[str]:
        """Distinct texts of the evidence for `sphere`, strongest (then earliest) first."""
        found = sorted(
            (e for e in self.evidence if e.sphere == sphere), key=lambda e: (-e.score, e.turn)
        )
        out: list[str] = []
        for item in found:
            if text(item) not in out:
                out.append(text(item))
        return out[:limit]

    def quotes(self, sphere: str, limit: int = 3) -> list[str]:
        return self._strongest(sphere, lambda e: e.phrase, limit)

    def quote_clauses(self, sphere: str, limit: int = 3) -> list[str]:
        """The clauses behind `quotes(sphere)`: what retrieval searches with."""
        return self._strongest(sphere, lambda e: e.clause or e.phrase, limit)

    def copy(self) -> State:
        return copy.deepcopy(self)

    def update_from(self, other: State) -> None:
        """Take over `other`'s contents (a caller's in-memory conversation after a turn)."""
        for item in fields(self):
            setattr(self, item.name, getattr(other, item.name))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        values = dict(data)
        values["evidence"] = [Evidence(**e) for e in values.get("evidence", [])]
        values["problems"] = [Problem(**p) for p in values.get("problems", [])]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})
