"""The LLM responder: the language model rewords the offline draft of a plan.

It gets the structured diagnosis, the retrieved passages, the draft and a short history,
rendered through the prompt files in prompts/; it never changes the diagnosis.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.model.vocabulary import CONTRACT_ACTION
from assistant.responders.base import Exchange
from assistant.responders.llm import LLM
from assistant.responders.prompts import render

if TYPE_CHECKING:
    from assistant.coaching.plan import Plan


class LLMResponder:
    """Implements `Responder`; raises `LLMFailure` (a `ResponderFailure`) on any fault."""

    mode = "llm"

    def __init__(self, llm: LLM, prompts_dir: Path) -> None:
        self.llm = llm
        self.prompts_dir = prompts_dir

    def stream(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> Iterator[str]:
        return self.llm.stream(*self.prompts(plan, draft, history))

    def prompts(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> tuple[str, str]:
        """(system prompt, turn prompt) for one turn."""
        diagnosis = {
            "action": CONTRACT_ACTION[plan.action],
            "answers_question": plan.question_kind,
            "changed_from": plan.changed_from,
            "industry": plan.words.get("industry_name"),
            "sphere": plan.sphere,
            "overlap": plan.overlap,
            "question": plan.question.text if plan.question else None,
            "user_words": plan.quotes.get(plan.sphere, []) if plan.sphere else [],
            "interventions": [{"title": s.title, "source": s.source} for s in plan.suggestions],
            "who_is_asking": plan.role,
            "problems": [p.to_contract() for p in plan.state.problems],
        }
        passages = [
            {"source": s.source, "title": s.title, "text": s.text} for s in plan.suggestions
        ]
        turns: list[dict[str, str]] = []
        for item in history:
            turns += [{"role": "user", "text": item.user}, {"role": "coach", "text": item.coach}]
        system = render(self.prompts_dir, "system")
        prompt = render(
            self.prompts_dir,
            "turn",
            action=CONTRACT_ACTION[plan.action],
            diagnosis=json.dumps(diagnosis, ensure_ascii=False, indent=1),
            history=turns,
            passages=passages,
            draft=draft,
            message=plan.message,
        )
        return system, prompt
