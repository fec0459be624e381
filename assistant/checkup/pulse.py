"""The team pulse: many people's checkups, summed up so that no one stands out.

Anonymity is by construction. A stored answer is its role group (leaders, team-member or
none), its answers and the day; nothing else. Results need at least `MIN_N` answers. A
role group is shown only with `MIN_N` answers or more, and only when what is left
outside the shown groups is empty or also `MIN_N` or more: otherwise the total minus the
shown groups would give away a small group's answers.

`spread` is the standard deviation (of the population that answered) of the people's
0-100 scores. A sphere or a statement is a disagreement when its spread is `SPLIT` (25,
one step of the five-point scale) or more; a gap between leaders and team members is
reported from `SPLIT` points on.
"""

from __future__ import annotations

import re
import secrets
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from assistant.errors import InputError
from assistant.model.vocabulary import OVERLAP_OF, SPHERES

from .scoring import percent, rounded, score
from .statements import Statements

MIN_N = 3
SPLIT = 25.0
GROUPS = ("leaders", "team-member")
# Codes: 10 characters from 31 that cannot be mixed up (no 0/O, 1/I/L), about 50 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
CODE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


@dataclass(frozen=True)
class PulseAnswer:
    group: str | None  # leaders | team-member | None
    answers: Mapping[str, int]


def new_code() -> str:
    """A short code nobody can guess, shown as XXXXX-XXXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(value: str) -> str:
    """The stored form of a code as people type it (any case, spaces or dashes)."""
    raw = re.sub(r"[\s-]", "", value or "").upper()
    if not CODE.match(raw):
        raise InputError(f"unknown pulse code {value.strip()[:24]!r}")
    return f"{raw[:5]}-{raw[5:]}"


def _spread(values: Sequence[Fraction]) -> float:
    return rounded(Fraction(statistics.pstdev([float(v) for v in values]))) or 0.0


def _present(per_person: Sequence[Mapping[str, Fraction | None]], key: str) -> list[Fraction]:
    return [v for p in per_person if (v := p[key]) is not None]


def _means(per_person: Sequence[Mapping[str, Fraction | None]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for sphere in map(str, SPHERES):
        values = _present(per_person, sphere)
        out[sphere] = rounded(sum(values, Fraction(0)) / len(values)) if values else None
    return out


def shown_groups(answers: Sequence[PulseAnswer], min_n: int = MIN_N) -> list[str]:
    """The role groups that may be shown (see the module docstring)."""
    counts = {g: sum(1 for a in answers if a.group == g) for g in GROUPS}
    shown = [g for g in GROUPS if counts[g] >= min_n]
    while shown:
        rest = len(answers) - sum(counts[g] for g in shown)
        if rest == 0 or rest >= min_n:
            break
        shown.remove(min(shown, key=lambda g: (counts[g], g)))
    return shown


def pulse_results(
    statements: Statements, answers: Sequence[PulseAnswer], min_n: int = MIN_N
) -> dict[str, Any]:
    """The contract's results for these answers (only `n` below `min_n`)."""
    n = len(answers)
    if n < min_n:
        return {"n": n, "min_n": min_n, "ready": False}
    results = [score(statements, a.answers) for a in answers]
    per_person = [r.scores for r in results]
    scores = _means(per_person)
    spread: dict[str, float | None] = {}
    for sphere in map(str, SPHERES):
        values = _present(per_person, sphere)
        spread[sphere] = _spread(values) if values else None
    disagreement: list[str] = []
    item_spread: dict[str, float] = {}
    for statement_id, values in item_values(statements, answers).items():
        if len(values) >= min_n:
            item_spread[statement_id] = _spread(values)
            if item_spread[statement_id] >= SPLIT:
                disagreement.append(statement_id)
    # the widest splits first: statements, then spheres (ties keep the statements' order)
    disagreement.sort(key=lambda i: -item_spread[i])
    disagreement += sorted(
        (s for s in map(str, SPHERES) if (spread[s] or 0) >= SPLIT), key=lambda s: -(spread[s] or 0)
    )
    roles: dict[str, Any] = {}
    for group in shown_groups(answers, min_n):
        members = [r.scores for a, r in zip(answers, results, strict=True) if a.group == group]
        roles[group] = {"n": len(members), "scores": _means(members)}
    gaps = []
    if all(g in roles for g in GROUPS):
        for sphere in map(str, SPHERES):
            lead, team = roles["leaders"]["scores"][sphere], roles["team-member"]["scores"][sphere]
            if lead is not None and team is not None and abs(lead - team) >= SPLIT:
                gaps.append({"sphere": sphere, "leaders": lead, "team-member": team})
    scored = [s for s in map(str, SPHERES) if scores[s] is not None]
    weakest = (
        min(scored, key=lambda s: (scores[s], -(spread[s] or 0), SPHERES.index(s)))
        if scored
        else None
    )
    return {
        "n": n,
        "min_n": min_n,
        "ready": True,
        "scores": scores,
        "spread": spread,
        "disagreement": disagreement,
        "roles": roles,
        "gaps": gaps,
        "sphere": weakest,
        "overlap": str(OVERLAP_OF[weakest]) if weakest else None,
    }


def item_values(
    statements: Statements, answers: Sequence[PulseAnswer]
) -> dict[str, list[Fraction]]:
    """Each statement's 0-100 scores (reverse-adjusted) from the people who answered it,
    in the statements' order; statements nobody answered are left out."""
    out = {}
    for statement in statements.items:
        values = [
            percent(Fraction(statement.adjusted(a.answers[statement.id])))
            for a in answers
            if statement.id in a.answers
        ]
        if values:
            out[statement.id] = values
    return out


def item_spreads(statements: Statements, answers: Sequence[PulseAnswer]) -> dict[str, float]:
    """Each statement's spread (0-100 scale) over the people who answered it."""
    return {i: _spread(v) for i, v in item_values(statements, answers).items()}


def item_means(statements: Statements, answers: Sequence[PulseAnswer]) -> dict[str, float]:
    """Each statement's mean 0-100 score over the people who answered it (for the
    report's "lowest statements"; only computed once results are shown)."""
    return {
        i: rounded(sum(v, Fraction(0)) / len(v)) or 0.0
        for i, v in item_values(statements, answers).items()
    }


# -- the pulse's life, over any CheckupRepo ------------------------------------------------

TEAM_LENGTH = 80


def create_pulse(repo: Any, team: str, owner: str) -> Any:
    """A new pulse with a fresh code (the rare clash with an old code is retried)."""
    name = " ".join((team or "").split())
    if not name:
        raise InputError("the team name is empty: give the name its people know it by")
    if len(name) > TEAM_LENGTH:
        raise InputError(f"the team name is {len(name)} characters; keep it to {TEAM_LENGTH}")
    for _ in range(5):
        code = new_code()
        if repo.pulse(code) is None:
            return repo.create_pulse(code, name, owner)
    raise InputError("could not make a new pulse code; try again")


def find_pulse(repo: Any, code: str) -> Any:
    """The pulse with this code; InputError (the same for any wrong code) otherwise."""
    pulse = repo.pulse(normalize_code(code))
    if pulse is None:
        raise InputError(f"unknown pulse code {code.strip()[:24]!r}")
    return pulse


def answer_pulse(repo: Any, code: str, group: str | None, answers: Mapping[str, int]) -> int:
    return int(repo.add_pulse_answer(code, group, dict(answers)))


def read_results(
    repo: Any, code: str, statements: Statements
) -> tuple[dict[str, Any], list[PulseAnswer]]:
    rows = [PulseAnswer(group, answers) for group, answers in repo.pulse_answers(code)]
    return pulse_results(statements, rows), rows
