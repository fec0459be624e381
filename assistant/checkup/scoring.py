"""One person's checkup: their answers checked, scored, and turned into a sphere to fix.

Scores are 0-100. For each sphere and each overlap, the mean of the (reverse-adjusted)
answers to its statements is mapped by `(mean - 1) / 4 * 100` and rounded half up to one
decimal. A sphere's statements are all those that name it, overlap statements included
(an overlap statement measures its sphere where the weakness shows). The sphere to fix is
the lowest-scoring one; on a tie, the one with more low answers (1 or 2 after reversing),
then the one with fewer high answers (4 or 5), then the model's order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.model.vocabulary import OVERLAP_OF, OVERLAPS, SPHERES

from .statements import Statements

LEADERS = ("owner", "manager")
ROLE_NAMES = ("owner", "manager", "team-member")
SUGGESTIONS = 3  # interventions a checkup result names


def percent(mean: Fraction) -> Fraction:
    """A mean answer (1-5) on the 0-100 scale."""
    return (mean - 1) / 4 * 100


def rounded(value: Fraction | float | None) -> float | None:
    """One decimal, half up (81.25 -> 81.3), as the contract's examples show."""
    if value is None:
        return None
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(repr(value))
    )
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def role_group(role: str | None) -> str | None:
    """Who answered, as little as the results need: leaders (owners and managers) or team
    members; None when not said."""
    if role is None or role == "":
        return None
    if role in LEADERS:
        return "leaders"
    if role == "team-member":
        return "team-member"
    raise InputError(f"role {role!r} is not one of: {', '.join(ROLE_NAMES)}")


def parse_answers(raw: Any, statements: Statements) -> dict[str, int]:
    """A JSON object {"A1": 4, ...} checked against the statements. InputError names the
    first bad item: an unknown id, a value that is not an integer 1-5, or fewer than half
    of the statements answered. Keys are matched without regard to case or spaces."""
    if not isinstance(raw, dict):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
            type(raw), "null" if raw is None else type(raw).__name__
        )
        raise InputError(f'the answers must be a JSON object like {{"A1": 4, "A2": 2}}, not {kind}')
    answers: dict[str, int] = {}
    for key, value in raw.items():
        item_id = str(key).strip().upper()
        if statements.get(item_id) is None:
            raise InputError(
                f"unknown item {str(key)[:40]!r}: the statements are "
                f"{statements.ids[0]}..{statements.ids[-1]} (see `ale checkup items`)"
            )
        if item_id in answers:
            raise InputError(f"item {item_id} is answered twice")
        if isinstance(value, bool) or not isinstance(value, int):
            shown = json.dumps(value, ensure_ascii=False)[:20]  # as it was written: true, "4"
            raise InputError(
                f"item {item_id}: {shown} is not an answer; use a whole number from "
                f"{statements.low} (strongly disagree) to {statements.high} (strongly agree)"
            )
        if not statements.low <= value <= statements.high:
            raise InputError(
                f"item {item_id}: {value} is out of range; use {statements.low} to "
                f"{statements.high}"
            )
        answers[item_id] = value
    needed = (len(statements.items) + 1) // 2
    if len(answers) < needed:
        raise InputError(
            f"only {len(answers)} of {len(statements.items)} statements are answered; "
            f"answer at least {needed} (half)"
        )
    return answers


@dataclass(frozen=True)
class CheckupResult:
    """Exact scores (None where no statement of that sphere or overlap was answered)."""

    scores: dict[str, Fraction | None]
    overlaps: dict[str, Fraction | None]
    sphere: str | None
    answered: int
    missing: tuple[str, ...]
    low: dict[str, int] = field(default_factory=dict)  # answers of 1-2 after reversing
    weakest_items: tuple[str, ...] = ()  # the sphere's statements, lowest answer first

    @property
    def overlap(self) -> str | None:
        return str(OVERLAP_OF[self.sphere]) if self.sphere else None

    def rounded_scores(self) -> dict[str, float | None]:
        return {s: rounded(v) for s, v in self.scores.items()}

    def rounded_overlaps(self) -> dict[str, float | None]:
        return {o: rounded(v) for o, v in self.overlaps.items()}

    def to_contract(
        self, interventions: Iterable[Mapping[str, str]] = (), trend: Any = None
    ) -> dict[str, Any]:
        return {
            "scores": self.rounded_scores(),
            "overlaps": self.rounded_overlaps(),
            "sphere": self.sphere,
            "overlap": self.overlap,
            "answered": self.answered,
            "missing": list(self.missing),
            "interventions": [dict(i) for i in interventions],
            "trend": trend,
        }


def _mean(values: list[int]) -> Fraction | None:
    return percent(Fraction(sum(values), len(values))) if values else None


def score(statements: Statements, answers: Mapping[str, int]) -> CheckupResult:
    """Score checked answers (see the module docstring for the formula and the ties)."""
    adjusted = {s.id: s.adjusted(answers[s.id]) for s in statements.items if s.id in answers}
    scores = {
        str(sp): _mean([adjusted[s.id] for s in statements.of_sphere(sp) if s.id in adjusted])
        for sp in SPHERES
    }
    overlaps = {
        str(o): _mean([adjusted[s.id] for s in statements.of_overlap(o) if s.id in adjusted])
        for o in OVERLAPS
    }
    low = {
        str(sp): sum(1 for s in statements.of_sphere(sp) if adjusted.get(s.id, 3) <= 2)
        for sp in SPHERES
    }
    high = {
        str(sp): sum(1 for s in statements.of_sphere(sp) if adjusted.get(s.id, 3) >= 4)
        for sp in SPHERES
    }
    scored = [str(sp) for sp in SPHERES if scores[str(sp)] is not None]
    sphere = (
        min(
            scored,
            key=lambda sp: (scores[sp], -low[sp], high[sp], SPHERES.index(sp)),
        )
        if scored
        else None
    )
    weakest: tuple[str, ...] = ()
    if sphere is not None:
        own = [s for s in statements.of_sphere(sphere) if s.id in adjusted]
        weakest = tuple(
            s.id for s in sorted(own, key=lambda s: (adjusted[s.id], statements.ids.index(s.id)))
        )
    return CheckupResult(
        scores=scores,
        overlaps=overlaps,
        sphere=sphere,
        answered=len(adjusted),
        missing=tuple(i for i in statements.ids if i not in adjusted),
        low=low,
        weakest_items=weakest,
    )


def trend(
    now: Mapping[str, float | None], before: Mapping[str, float | None] | None
) -> dict[str, float | None] | None:
    """The change per sphere since the previous checkup (None without one)."""
    if before is None:
        return None
    out: dict[str, float | None] = {}
    for sphere in SPHERES:
        a, b = now.get(sphere), before.get(sphere)
        out[str(sphere)] = (
            None if a is None or b is None else rounded(Fraction(repr(a)) - Fraction(repr(b)))
        )
    return out


def suggestions_for(
    statements: Statements,
    item_order: Iterable[str],
    knowledge_dir: Path,
    limit: int = SUGGESTIONS,
) -> list[dict[str, str]]:
    """Interventions for the weakest statements, most direct first: each statement's
    `fixes` in turn, lowest-scored statement first, without repeats. Plain knowledge
    lookups: no model, no index."""
    from assistant.retrieval.knowledge import cached_knowledge

    kb = cached_knowledge(knowledge_dir)
    picked: list[str] = []
    for item_id in item_order:
        statement = statements.get(item_id)
        for fix in statement.fixes if statement else ():
            if fix not in picked:
                picked.append(fix)
    out = []
    for doc_id in picked[:limit]:
        doc = kb.by_id(doc_id)
        out.append({"kind": str(doc.overlap), "title": doc.title, "source": doc.source})
    return out
