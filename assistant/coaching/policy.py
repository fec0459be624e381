"""The dialogue policy and the conversation state.

One turn (DESIGN.md, "One turn, as data"): guard the input, classify it, add the tags to
the evidence of the conversation, decide what to do (follow_up | recommend |
which_sphere | reflex | redirect | affirm), retrieve interventions for the sphere, and let
a responder phrase it: the offline templates, or an LLM that only rewords the plan.
The deterministic core decides; the LLM never changes the tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.coaching.intents import Intents
from assistant.diagnosis.classifier import Classifier, Diagnosis, lone_surrogate, normalise
from assistant.errors import InputError
from assistant.model.vocabulary import OVERLAP_OF, SPHERES
from assistant.retrieval.knowledge import Question

MAX_MESSAGE = 4000
CLEAR_EVIDENCE = 0.55  # accumulated evidence a sphere needs before the coach recommends it
CLEAR_MARGIN = 0.70  # ...and the runner-up must stay below this share of it
MAX_FOLLOW_UPS = 2  # questions in a row before the coach commits to its best reading
INTERVENTIONS = 3


@dataclass
class Evidence:
    sphere: str
    phrase: str
    turn: int
    score: float
    clause: str = ""  # the whole clause the phrase came from (its vector is cached)


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
    recommended: str | None = None
    suggested: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, float]:
        totals: dict[str, float] = dict.fromkeys(SPHERES, 0.0)
        for item in self.evidence:
            totals[item.sphere] += item.score
        return totals

    def ranking(self) -> list[tuple[str, float]]:
        totals = self.totals()
        return sorted(totals.items(), key=lambda kv: (-round(kv[1], 9), SPHERES.index(kv[0])))

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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        values = dict(data)
        values["evidence"] = [Evidence(**e) for e in values.get("evidence", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class Suggestion:
    """An intervention the coach suggests, with the passage it came from."""

    kind: str
    title: str
    source: str
    text: str  # what the intervention is, in brief
    passage: str = ""  # the retrieved passage it came from


@dataclass(frozen=True)
class Plan:
    """What the policy decided for this turn; a responder turns it into words."""

    action: str  # follow_up | recommend | which_sphere | reflex | redirect | affirm | example | too_early
    message: str
    diagnosis: Diagnosis | None
    sphere: str | None = None
    ranking: tuple[tuple[str, float], ...] = ()
    quotes: dict[str, list[str]] = field(default_factory=dict)
    question: Question | None = None
    suggestions: tuple[Suggestion, ...] = ()
    role: str | None = None
    ask_role: bool = False
    turn: int = 0
    small_talk: bool = False

    @property
    def overlap(self) -> str | None:
        return OVERLAP_OF.get(self.sphere) if self.sphere else None  # type: ignore[call-overload]


@dataclass(frozen=True)
class Turn:
    """One answered turn, in the shape of the `ale chat --jsonl` contract."""

    reply: str
    sphere: str | None
    overlap: str | None
    follow_up: bool
    interventions: tuple[dict[str, str], ...]
    sources: tuple[dict[str, str], ...]
    evidence: tuple[str, ...]
    mode: str
    action: str = ""
    notice: str | None = None
    interrupted: bool = False  # the LLM stopped mid-reply; its text was kept
    passages: tuple[dict[str, str], ...] = ()  # per intervention: source, summary, passage

    def to_dict(self) -> dict[str, Any]:
        return {
            "reply": self.reply,
            "sphere": self.sphere,
            "overlap": self.overlap,
            "follow_up": self.follow_up,
            "interventions": [dict(i) for i in self.interventions],
            "sources": [dict(s) for s in self.sources],
            "evidence": list(self.evidence),
            "mode": self.mode,
        }

    def record(self) -> dict[str, Any]:
        """What the session store keeps: the contract shape plus what the web panel shows."""
        return {
            **self.to_dict(),
            "action": self.action,
            "notice": self.notice,
            "interrupted": self.interrupted,
            "passages": [dict(p) for p in self.passages],
        }


def guard(message: object) -> str:
    """Normalise a user message; InputError says what is wrong with it."""
    if not isinstance(message, str):
        raise InputError("the message must be text")
    broken = lone_surrogate(message)
    if broken:
        raise InputError(
            f"the message holds a broken character (a lone surrogate, {broken}); "
            "send it again as plain text"
        )
    text = normalise(message)
    if not text:
        if message.strip():
            raise InputError("the message has no visible text; tell me what is going on at work")
        raise InputError("the message is empty; tell me what is going on at work")
    if len(message) > MAX_MESSAGE:
        raise InputError(
            f"the message is {len(message)} characters long; the limit is {MAX_MESSAGE}. "
            "Shorten it or send it in parts."
        )
    return text


class Policy:
    """Decides each turn from the classifier's reading and the conversation so far."""

    def __init__(
        self, classifier: Classifier, intents: Intents, retrieve: Any | None = None
    ) -> None:
        self.classifier = classifier
        self.intents = intents
        self.retrieve = retrieve  # callable(query, sphere, role, exclude, parts) -> [Suggestion]

    def plan(self, message: str, state: State, declared_role: str | None = None) -> Plan:
        """`declared_role`: who is asking, as picked outside the message (the web app's
        selector); a role said in the message itself wins."""
        text = guard(message)
        state.turn += 1
        role = self.intents.role(text)
        if role is None and declared_role and declared_role != state.role:
            role = declared_role
        if role:
            state.role = role
        diagnosis = self.classifier.classify(text, exclude_questions=state.asked)
        added = self._add_evidence(text, diagnosis, state)
        if not added and state.pending:
            added = self._answer_evidence(text, state)
        pending_before, state.pending = state.pending, None

        if self.intents.asks_which_sphere(text):
            return self._which_sphere(text, diagnosis, state)
        if self.intents.asks_for_leadership_fix(text):
            return self._reflex(text, diagnosis, state)
        if not added:
            if role and state.evidence:
                return self._recommend(text, diagnosis, state)
            if self._all_well(text, diagnosis):
                state.follow_ups_in_row = 0
                return Plan("affirm", text, diagnosis, turn=state.turn, role=state.role)
            if diagnosis.trouble or pending_before:
                return self._unclear(text, diagnosis, state)
            if state.evidence and self._about_work(text):
                # more about the same situation, without a new symptom: keep coaching
                if self._clear(state):
                    return self._recommend(text, diagnosis, state)
                return self._unclear(text, diagnosis, state)
            state.follow_ups_in_row = 0
            return Plan(
                "redirect",
                text,
                diagnosis,
                turn=state.turn,
                role=state.role,
                sphere=state.recommended,
                small_talk=bool(role) or not state.evidence,
            )
        if self._clear(state) or state.follow_ups_in_row >= MAX_FOLLOW_UPS:
            return self._recommend(text, diagnosis, state)
        return self._unclear(text, diagnosis, state)

    # -- evidence ------------------------------------------------------------------------
    @staticmethod
    def _add_evidence(text: str, diagnosis: Diagnosis, state: State) -> bool:
        for tag in diagnosis.tags:
            phrases = tag.evidence or (text[:120],)
            clauses = tag.clauses if len(tag.clauses) == len(phrases) else phrases
            # raw evidence, so a detailed account outweighs a passing remark
            share = diagnosis.raw.get(tag.sphere, tag.score) / len(phrases)
            for phrase, clause in zip(phrases, clauses, strict=True):
                state.evidence.append(
                    Evidence(tag.sphere, phrase, state.turn, round(share, 4), clause)
                )
        return bool(diagnosis.tags)

    def _answer_evidence(self, text: str, state: State) -> bool:
        """Read an answer to the pending question against what each answer points to."""
        question = next((q for q in self.classifier.questions if q.id == state.pending), None)
        if question is None:
            return False
        words = set(re.findall(r"[a-z']{3,}", text.lower()))
        best: tuple[int, str | None] = (0, None)
        for answer in question.answers:
            overlap = len(words & set(re.findall(r"[a-z']{3,}", answer.when.lower())))
            if overlap > best[0]:
                best = (overlap, answer.points_to)
        if best[1] is None or best[0] < 2:
            return False
        state.evidence.append(Evidence(best[1], text[:160], state.turn, 0.5))
        return True

    @staticmethod
    def _clear(state: State) -> bool:
        ranking = state.ranking()
        (_top, top_score), (_, second) = ranking[0], ranking[1]
        return top_score >= CLEAR_EVIDENCE and second < CLEAR_MARGIN * top_score

    def _about_work(self, text: str) -> bool:
        words = len(text.split())
        return words >= 6 and any(c.regex.search(text) for c in self.classifier.cues.organisation)

    @staticmethod
    def _all_well(text: str, diagnosis: Diagnosis) -> bool:
        return diagnosis.sphere is None and len(diagnosis.healthy) == len(SPHERES)

    # -- actions -------------------------------------------------------------------------
    def _unclear(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        if not state.evidence and state.follow_ups_in_row >= MAX_FOLLOW_UPS:
            # questions are not helping yet: ask for one concrete story instead
            state.follow_ups_in_row = 0
            return Plan("example", text, diagnosis, turn=state.turn, role=state.role)
        ranking = state.ranking()
        candidates = [s for s, v in ranking if v > 0][:2]
        if len(candidates) < 2:
            candidates = list(SPHERES) if not candidates else [candidates[0], ranking[1][0]]
        question = self.classifier.pick_question(candidates, text, frozenset(state.asked))
        if question is None:  # every fitting question was asked: commit to the best reading
            if state.evidence:
                return self._recommend(text, diagnosis, state)
            return Plan("redirect", text, diagnosis, turn=state.turn, role=state.role)
        state.asked.append(question.id)
        state.pending = question.id
        state.follow_ups_in_row += 1
        return Plan(
            "follow_up",
            text,
            diagnosis,
            question=question,
            turn=state.turn,
            role=state.role,
            sphere=state.recommended,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in candidates if s in SPHERES},
        )

    def _suggest(self, text: str, sphere: str, state: State) -> tuple[Suggestion, ...]:
        if self.retrieve is None:
            return ()
        query = " ".join([text, *state.quotes(sphere)])
        # the clauses behind the strongest evidence: the classifier has embedded them
        # already, so the search costs no extra pass through the model
        parts = state.quote_clauses(sphere)
        found: list[Suggestion] = self.retrieve(
            query, sphere, state.role, set(state.suggested), parts
        )
        chosen = tuple(found[:INTERVENTIONS])
        state.suggested.extend(s.source for s in chosen if s.source not in state.suggested)
        return chosen

    def _recommend(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        ask_role = state.role is None and not state.role_asked
        state.role_asked = state.role_asked or ask_role
        return self._diagnosed("recommend", text, diagnosis, state, ask_role=ask_role)

    def _which_sphere(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        if not state.evidence:
            return Plan("too_early", text, diagnosis, turn=state.turn, role=state.role)
        return self._diagnosed("which_sphere", text, diagnosis, state)

    def _diagnosed(
        self, action: str, text: str, diagnosis: Diagnosis, state: State, ask_role: bool = False
    ) -> Plan:
        """A plan that names the top sphere of everything said, with its interventions."""
        ranking = state.ranking()
        sphere = ranking[0][0]
        state.recommended = sphere
        state.follow_ups_in_row = 0
        return Plan(
            action,
            text,
            diagnosis,
            sphere=sphere,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in SPHERES},
            suggestions=self._suggest(text, sphere, state),
            role=state.role,
            ask_role=ask_role,
            turn=state.turn,
        )

    def _reflex(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        ranking = state.ranking()
        sphere = ranking[0][0] if state.evidence else None
        if sphere is not None:
            state.recommended = sphere
        return Plan(
            "reflex",
            text,
            diagnosis,
            sphere=sphere,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in SPHERES},
            suggestions=self._suggest(text, sphere, state) if sphere else (),
            role=state.role,
            turn=state.turn,
        )


def stream_words(text: str) -> Iterator[str]:
    """An offline reply, streamed a few words at a time."""
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)
