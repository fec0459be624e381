"""The policy's decision (Plan) and the answered turn (Turn), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant.coaching.state import State
from assistant.diagnosis import Diagnosis
from assistant.model.vocabulary import Action, Overlap, overlap_for
from assistant.retrieval.knowledge import Question
from assistant.retrieval.protocols import InterventionQuery, Suggestion


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
    turn: int = 0
    small_talk: bool = False

    @property
    def overlap(self) -> Overlap | None:
        return overlap_for(self.sphere)

    def grounded(self, suggestions: tuple[Suggestion, ...]) -> Plan:
        """This plan with the interventions retrieval found; the state remembers them."""
        state = self.state.copy()
        state.suggested.extend(s.source for s in suggestions if s.source not in state.suggested)
        return replace(self, suggestions=suggestions, state=state, retrieval=None)


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


def make_turn(
    plan: Plan, reply: str, mode: str, notice: str | None = None, interrupted: bool = False
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
    if plan.action in (Action.RECOMMEND, Action.WHICH_SPHERE, Action.REFLEX) and plan.sphere:
        evidence = plan.quotes.get(plan.sphere, [])
    elif plan.diagnosis is not None:
        evidence = [p for tag in plan.diagnosis.tags for p in tag.evidence]
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
        action=plan.action,
        notice=notice,
        interrupted=interrupted,
        passages=tuple(
            {"source": s.source, "title": s.title, "summary": s.text, "passage": s.passage}
            for s in plan.suggestions
        ),
        state=plan.state,
    )
