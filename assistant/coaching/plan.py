"""The policy's decision (Plan) and the answered turn (Turn), as plain data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.coaching.state import Problem, State
from assistant.diagnosis import Diagnosis
from assistant.model.vocabulary import CONTRACT_ACTION, Action, Overlap, overlap_for
from assistant.responders.base import Usage
from assistant.retrieval.knowledge import Question
from assistant.retrieval.protocols import InterventionQuery, Suggestion

STEPS_ANSWERS = ("first_steps", "general", "opinion")  # answers that give a move's first steps


@dataclass(frozen=True)
class Plan:
    """What the policy decided for this turn; a responder turns it into words.

    `state` is the conversation after this turn. When `retrieval` is set, the coach asks
    the retriever for interventions and completes the plan with `grounded()`.
    """

    action: Action
    message: str
    diagnosis: Diagnosis | None
    state: State
    sphere: str | None = None
    ranking: tuple[tuple[str, float], ...] = ()
    quotes: dict[str, list[str]] = field(default_factory=dict)
    question: Question | None = None
    suggestions: tuple[Suggestion, ...] = ()
    retrieval: InterventionQuery | None = None
    role: str | None = None
    ask_role: bool = False
    advise_role: bool = False  # say what this role can do (once per role in a conversation)
    turn: int = 0
    small_talk: bool = False
    settled: str | None = None  # the sphere of the problem this turn's news is about
    # how the step it reports went: worked | part | failed | started (no result told yet) |
    # hands (more people, which may only cover the problem);
    # or the person says nothing has
    # moved: "undone" (something was taken as settled too soon) | "not_yet" (nothing was)
    news: str | None = None
    # listening: what this message added or changed, and what the person asked
    first_diagnosis: bool = False  # the first time the conversation names a sphere
    changed_from: str | None = None  # the sphere recommended before this turn, if it changed
    reframed: bool = False  # the person said the earlier problem matters less now
    because: str | None = None  # the person's words behind a new or changed sphere
    new_problems: tuple[Problem, ...] = ()
    question_kind: str | None = (
        None  # explain | why | doubt | opinion | first_steps | measure | one_off
    )
    move: str | None = None  # the kind of fix proposed ("is X worth it?"): an overlap or people
    move_words: str | None = None  # the words that named it
    topic: str | None = None  # what an explain-question asks about (a sphere or overlap)
    references: tuple[tuple[str, str, str], ...] = ()  # (source, title, text) from the model
    words: dict[str, str] = field(default_factory=dict)  # the person's industry's nouns
    industry_example: str = ""
    # the person's live-event words said plainly, for quoting them back to someone outside
    # live events (None: keep them as said)
    plain_words: Callable[[str], str] | None = None
    notice: str | None = None  # for the person: the input could not be used as given
    tried_now: str | None = None  # what the person said they tried, in this message
    warned_before: bool = False  # the safety-risk line was said in an earlier turn
    misfit: bool = False  # the person said the move shown does not fit their work
    repeated: bool = False  # the person said the coach repeated a move it had shown
    faded: bool = False  # a step held for a while, then the trouble came back (told now)
    one_off: bool = False  # the incident told reads as a one-off (told in this message)
    retracted: str | None = None  # a problem the person said was a one-off, taken off the list
    answered_before: frozenset[str] = frozenset()  # set answers given in earlier turns
    leaning: bool = False  # `sphere` only leads so far: nothing is recommended yet
    resisted: bool = False  # "what if they ignore it?": a buy-in move for the change in hand
    shown_before: frozenset[str] = frozenset()  # sources of suggestions shown in earlier turns
    measured_before: bool = False  # how to measure this sphere was answered before
    checkup: dict[str, float | None] | None = None  # the latest checkup's scores, when weighed
    check_in: dict[str, Any] | None = None  # the due plan item a check-in asks about
    noted: str | None = None  # said first: what a check-in answer did to its plan item
    said: str | None = None  # the whole reply, when the coach made it (a commitment)
    offer_plan: bool = False  # end with how to commit to one of the suggestions

    @classmethod
    def on(
        cls,
        action: Action,
        message: str,
        diagnosis: Diagnosis | None,
        state: State,
        **fields: Any,
    ) -> Plan:
        """A plan about the conversation as it stands: its turn, who is speaking and the
        sphere recommended so far come from `state`."""
        return cls(
            action,
            message,
            diagnosis,
            state,
            turn=state.turn,
            role=state.role,
            sphere=state.recommended,
            **fields,
        )

    @property
    def overlap(self) -> Overlap | None:
        return overlap_for(self.sphere)

    def grounded(self, suggestions: tuple[Suggestion, ...]) -> Plan:
        """This plan with the interventions retrieval found; the state remembers them."""
        state = self.state.copy()
        shown = frozenset(s.source for s in suggestions if s.source in state.suggested)
        state.suggested.extend(s.source for s in suggestions if s.source not in state.suggested)
        if len(suggestions) > 1 and self.action != Action.ANSWER:
            # "the first one" counts in here (an answer shows one move, not a list)
            state.listed = [s.source for s in suggestions]
        if suggestions:
            state.shown_last = [s.source for s in suggestions]
        if self.action == Action.ANSWER and self.question_kind in STEPS_ANSWERS and suggestions:
            state.stepped.append(suggestions[0].source)  # the move whose first steps it gives
        measured = False
        if self.action == Action.ANSWER and self.question_kind == "measure" and self.sphere:
            measured = self.sphere in state.measured  # what to count was said already
            if not measured:
                state.measured.append(self.sphere)
        return replace(
            self,
            suggestions=suggestions,
            state=state,
            retrieval=None,
            shown_before=shown,
            measured_before=measured,
        )


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
    action: str = ""  # the contract's action (greet, follow_up, recommend, answer, ...)
    notice: str | None = None  # about the input (not English...), for the person
    fallback_notice: str | None = None  # why the built-in reply stands in for the LLM
    fallback_reason: str | None = None  # timeout | error | ungrounded, when mode is fallback
    interrupted: bool = False  # the LLM stopped mid-reply; its text was kept
    usage: dict[str, Any] | None = None  # the model call's tokens and seconds (Usage)
    passages: tuple[dict[str, Any], ...] = ()  # per intervention: source, summary, steps...
    role: str | None = None
    industry: str | None = None
    problems: tuple[dict[str, str | None], ...] = ()
    state: State | None = field(default=None, compare=False, repr=False)

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
            "action": self.action,
            "role": self.role,
            "problems": [dict(p) for p in self.problems],
            "notice": self.notice,
            "fallback_reason": self.fallback_reason,
            "industry": self.industry,
        }

    def record(self) -> dict[str, Any]:
        """What the session store keeps: the contract shape plus what the web panel shows."""
        return {
            **self.to_dict(),
            "fallback_notice": self.fallback_notice,
            "interrupted": self.interrupted,
            "usage": self.usage,
            "passages": [dict(p) for p in self.passages],
        }


def make_turn(
    plan: Plan,
    reply: str,
    mode: str,
    fallback_notice: str | None = None,
    interrupted: bool = False,
    fallback_reason: str | None = None,
    usage: Usage | None = None,
) -> Turn:
    """The Turn for a plan and its written reply. `sphere` is the conversation's
    recommendation so far (null until there is one)."""
    current = plan.state.recommended
    interventions = tuple(
        {"kind": s.overlap, "title": s.title, "source": s.source} for s in plan.suggestions
    )
    sources: list[dict[str, str]] = []
    for s in plan.suggestions:
        if all(x["source"] != s.source for x in sources):
            sources.append({"source": s.source, "title": s.title})
    if plan.question is not None:
        sources.append({"source": plan.question.source, "title": plan.question.text})
    for source, title, _text in plan.references:
        if all(x["source"] != source for x in sources):
            sources.append({"source": source, "title": title})
    if plan.action in (Action.RECOMMEND, Action.WHICH_SPHERE, Action.REFLEX) and plan.sphere:
        evidence = plan.quotes.get(plan.sphere, [])
    elif plan.action in (Action.ANSWER, Action.NOTICE):
        evidence = []  # a question is answered, never taken as evidence
    elif plan.diagnosis is not None:
        # what this message added to the conversation's evidence (a vague opener adds
        # nothing, however it leans)
        evidence = list(
            dict.fromkeys(e.phrase for e in plan.state.evidence if e.turn == plan.state.turn)
        )
    else:
        evidence = []
    return Turn(
        reply=reply.strip(),
        sphere=current,
        overlap=overlap_for(current),
        follow_up=plan.action == Action.FOLLOW_UP,
        interventions=interventions,
        sources=tuple(sources),
        evidence=tuple(evidence),
        mode=mode,
        action=CONTRACT_ACTION[plan.action],
        notice=plan.notice,
        fallback_notice=fallback_notice,
        fallback_reason=fallback_reason,
        interrupted=interrupted,
        usage=usage.to_dict() if usage is not None else None,
        passages=tuple(
            {
                "source": s.source,
                "title": s.title,
                "summary": s.text,
                "passage": s.passage,
                "steps": list(s.steps),
                "example": s.example,
            }
            for s in plan.suggestions
        ),
        role=plan.state.role,
        industry=plan.state.industry,
        problems=tuple(p.to_contract() for p in plan.state.problems),
        state=plan.state,
    )
