"""The dialogue policy: from the conversation so far and a classified message, a Plan.

The policy is pure: `decide(state, text, diagnosis)` does no I/O and never changes the
state it is given; the plan carries the conversation's next state. It adds the message's
tags to the evidence, then picks one action (follow_up | recommend | which_sphere |
reflex | redirect | affirm | example | too_early). When the action needs interventions,
the plan names what to retrieve (`plan.retrieval`); the coach asks the retriever and a
responder phrases the result. The deterministic core decides; the LLM never changes it.
"""

from __future__ import annotations

import re

from assistant.coaching.intents import Intents
from assistant.coaching.plan import Plan
from assistant.coaching.state import Evidence, State
from assistant.diagnosis import Diagnosis, QuestionBank
from assistant.diagnosis.cues import CueSet
from assistant.model.vocabulary import SPHERES, Action
from assistant.retrieval.protocols import InterventionQuery

CLEAR_EVIDENCE = 0.55  # accumulated evidence a sphere needs before the coach recommends it
CLEAR_MARGIN = 0.70  # ...and the runner-up must stay below this share of it
MAX_FOLLOW_UPS = 2  # questions in a row before the coach commits to its best reading
INTERVENTIONS = 3


class Policy:
    """Decides each turn from the classifier's reading and the conversation so far."""

    def __init__(self, intents: Intents, questions: QuestionBank, cues: CueSet) -> None:
        self.intents = intents
        self.questions = questions
        self.cues = cues

    def decide(
        self, state: State, text: str, diagnosis: Diagnosis, declared_role: str | None = None
    ) -> Plan:
        """The plan for `text` (already guarded and classified). `declared_role`: who is
        asking, as picked outside the message (the web app's selector); a role said in the
        message itself wins."""
        state = state.copy()
        state.turn += 1
        role = self.intents.role(text)
        if role is None and declared_role and declared_role != state.role:
            role = declared_role
        if role:
            state.role = role
        if diagnosis.notice:  # e.g. not English: say so, and keep the conversation as it is
            return Plan(Action.NOTICE, text, diagnosis, state, turn=state.turn, role=state.role)
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
                return Plan(Action.AFFIRM, text, diagnosis, state, turn=state.turn, role=state.role)
            if diagnosis.trouble or pending_before:
                return self._unclear(text, diagnosis, state)
            if state.evidence and self._about_work(text):
                # more about the same situation, without a new symptom: keep coaching
                if self._clear(state):
                    return self._recommend(text, diagnosis, state)
                return self._unclear(text, diagnosis, state)
            state.follow_ups_in_row = 0
            return Plan(
                Action.REDIRECT,
                text,
                diagnosis,
                state,
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
        question = self.questions.get(state.pending)
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
        return words >= 6 and any(c.regex.search(text) for c in self.cues.organisation)

    @staticmethod
    def _all_well(text: str, diagnosis: Diagnosis) -> bool:
        return diagnosis.sphere is None and len(diagnosis.healthy) == len(SPHERES)

    # -- actions -------------------------------------------------------------------------
    def _unclear(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        if not state.evidence and state.follow_ups_in_row >= MAX_FOLLOW_UPS:
            # questions are not helping yet: ask for one concrete story instead
            state.follow_ups_in_row = 0
            return Plan(Action.EXAMPLE, text, diagnosis, state, turn=state.turn, role=state.role)
        ranking = state.ranking()
        candidates = [s for s, v in ranking if v > 0][:2]
        if len(candidates) < 2:
            candidates = list(SPHERES) if not candidates else [candidates[0], ranking[1][0]]
        question = self.questions.pick(candidates, text, frozenset(state.asked))
        if question is None:  # every fitting question was asked: commit to the best reading
            if state.evidence:
                return self._recommend(text, diagnosis, state)
            return Plan(Action.REDIRECT, text, diagnosis, state, turn=state.turn, role=state.role)
        state.asked.append(question.id)
        state.pending = question.id
        state.follow_ups_in_row += 1
        return Plan(
            Action.FOLLOW_UP,
            text,
            diagnosis,
            state,
            question=question,
            turn=state.turn,
            role=state.role,
            sphere=state.recommended,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in candidates if s in SPHERES},
        )

    @staticmethod
    def _retrieval(text: str, sphere: str, state: State) -> InterventionQuery:
        """What to retrieve for `sphere`: the message with the strongest words, and the
        clauses behind them (the classifier has embedded those already, so the search
        costs no extra pass through the model)."""
        return InterventionQuery(
            text=" ".join([text, *state.quotes(sphere)]),
            sphere=sphere,
            role=state.role,
            exclude=frozenset(state.suggested),
            clauses=tuple(state.quote_clauses(sphere)),
        )

    def _recommend(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        ask_role = state.role is None and not state.role_asked
        state.role_asked = state.role_asked or ask_role
        return self._diagnosed(Action.RECOMMEND, text, diagnosis, state, ask_role=ask_role)

    def _which_sphere(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        if not state.evidence:
            return Plan(Action.TOO_EARLY, text, diagnosis, state, turn=state.turn, role=state.role)
        return self._diagnosed(Action.WHICH_SPHERE, text, diagnosis, state)

    def _diagnosed(
        self, action: Action, text: str, diagnosis: Diagnosis, state: State, ask_role: bool = False
    ) -> Plan:
        """A plan that names the top sphere of everything said, with its interventions
        (no sphere yet for a reflex before any evidence)."""
        ranking = state.ranking()
        sphere = ranking[0][0] if state.evidence else None
        if sphere is not None:
            state.recommended = sphere
        if action != Action.REFLEX:  # a reflex answers a request; the questions go on
            state.follow_ups_in_row = 0
        return Plan(
            action,
            text,
            diagnosis,
            state,
            sphere=sphere,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in SPHERES},
            retrieval=self._retrieval(text, sphere, state) if sphere else None,
            role=state.role,
            ask_role=ask_role,
            turn=state.turn,
        )

    def _reflex(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        return self._diagnosed(Action.REFLEX, text, diagnosis, state)
