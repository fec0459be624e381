"""Clauses and the evidence they carry: what the classifier quotes back to the person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPENERS = "\"'“‘([<"
_LEADING_JUNK = re.compile(
    r"^[\s,;:.\-\u2013\u2014]*"
    r"(?:(?:and|so|but|yet|also|then|although|though|even though|while|whereas)\b[\s,]*)?",
    re.I,
)
MAX_EVIDENCE_WORDS = 28
TAIL_WORDS = 4  # a clause at most this many words longer than the window is quoted whole
SNAP_WORDS = 5  # a window cut mid-phrase may start up to this many words later


@dataclass
class Clause:
    start: int
    end: int
    text: str
    rule: dict[str, float] = field(default_factory=dict)
    healthy: set[str] = field(default_factory=set)
    # spheres with a negated symptom here ("nobody blames anyone"): healthy, unless the
    # clause also has a plain symptom of that sphere ("stopped pushing back, they just do
    # the minimum")
    negated: set[str] = field(default_factory=set)
    cue_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)
    weight: float = 1.0
    request: bool = False  # asks for advice ("what should we do?"): no learned vote
    # says who is speaking and where ("ok so i work weekends at the front desk of a gym"):
    # no learned vote either, but the speaker model still reads it
    speaker: bool = False
    # spheres this clause only shows as an outcome ("deliveries keep getting missed") of a
    # mechanism another clause names under another sphere: their learned vote yields too
    yields: set[str] = field(default_factory=set)
    # spheres a symptom cue here names how things go wrong for (not only an outcome)
    mechanisms: set[str] = field(default_factory=set)


def clause_at(clauses: list[Clause], position: int) -> Clause | None:
    for clause in clauses:
        if clause.start <= position < clause.end:
            return clause
    return None


def add_rule(clause: Clause, sphere: str, weight: float, span: tuple[int, int]) -> None:
    previous = clause.rule.get(sphere, 0.0)
    clause.rule[sphere] = 1.0 - (1.0 - previous) * (1.0 - weight)
    if sphere not in clause.cue_spans or weight > 0.5:
        clause.cue_spans.setdefault(sphere, span)


def quoted_evidence(
    text: str, clauses: list[Clause], sphere: str, threshold: float
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The quoted phrases for `sphere`, strongest first, and the clause of each."""
    ranked = sorted(
        (c for c in clauses if c.evidence.get(sphere, 0.0) >= max(threshold * 0.5, 1e-9)),
        key=lambda c: (-c.evidence[sphere], c.start),
    )
    phrases: list[str] = []
    sources: list[str] = []
    for clause in ranked[:4]:
        phrase = _phrase(text, clause, clause.cue_spans.get(sphere))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
            sources.append(clause.text)
    return tuple(phrases), tuple(sources)


def _comma(words: list[re.Match[str]], positions: range) -> int | None:
    """The first of `positions` (in their order) whose word ends a phrase (",", ";", ":")."""
    return next((i for i in positions if words[i].group(0)[-1] in ",;:"), None)


def _phrase(text: str, clause: Clause, span: tuple[int, int] | None) -> str:
    """The clause, or a window of it around the cue when the clause is long."""
    words = list(re.finditer(r"\S+", text[clause.start : clause.end]))
    if len(words) > MAX_EVIDENCE_WORDS:
        centre = (span[0] - clause.start) if span else 0
        index = next((i for i, w in enumerate(words) if w.end() > centre), 0)
        first = max(0, min(index - 8, len(words) - MAX_EVIDENCE_WORDS))
        window = words[first : first + MAX_EVIDENCE_WORDS]
        left = len(words) - first - len(window)
        if 0 < left <= TAIL_WORDS:
            # "... people just do it from" is no quote: a clause a few words longer than the
            # window is quoted to its end
            window = words[first:]
        elif left > 0:
            # a window cut mid-phrase at its end stops at its last comma instead
            comma = _comma(window, range(len(window) - 1, len(window) - 1 - SNAP_WORDS, -1))
            if comma is not None and comma + 1 >= 8:
                window = window[: comma + 1]
        if first > 0:
            # a window cut mid-phrase ("anyone why, and now the devs...") starts after the
            # first comma in its opening words instead
            comma = _comma(window, range(min(SNAP_WORDS, len(window))))
            if comma is not None and len(window) - comma - 1 >= 8:
                window = window[comma + 1 :]
        words = window
    if not words:
        return ""
    start = clause.start + words[0].start()
    while start > 0 and text[start - 1] in _OPENERS:  # keep the quote or bracket it opens with
        start -= 1
    phrase = text[start : clause.start + words[-1].end()]
    stripped = _LEADING_JUNK.sub("", phrase)
    if stripped != phrase:
        stripped = stripped.lstrip()
    return stripped.strip(" ,;:.").strip()
