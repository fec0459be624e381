"""The LLM responder: a language model rewrites the opening of the built-in reply.

A small model writes well only short, concrete text, so it writes the part it can: the
opening paragraph (the why in the person's words, the answer to their question, the
acknowledgement before a question). The structured rest of the built-in reply (the
interventions with their sources, the ranking, the question) follows exactly as the
offline writer has it. The model never changes the diagnosis: it sees it as data.

Prompts are short and bounded: the system prompt, the person's message, the note to
rewrite, the ledger, at most the passages chosen for this turn (trimmed), and as much
of the conversation as fits `ALE_LLM_CONTEXT` (newest kept, oldest dropped first).
What the model writes streams to the person sentence by sentence, each sentence checked
by the grounding guard first (see `grounding.py`).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.model.vocabulary import SPHERE_NAMES, Action
from assistant.responders.base import Exchange, Usage
from assistant.responders.grounding import Guard, Ungrounded
from assistant.responders.llm import LLM
from assistant.responders.prompts import render

if TYPE_CHECKING:
    from assistant.coaching.plan import Plan

LEAD_TOKENS = 160  # the most the model may write for the opening (under ALE_LLM_MAX_TOKENS)
MAX_SENTENCES = 4  # reading stops after this many finished sentences
PASSAGES = 2  # the most passages an answer's prompt holds
LEAD_PARAGRAPHS = 2  # the opening the model rewrites: at most this many paragraphs
LEAD_CHARS = 600  # ... and about this many characters
PASSAGE_CHARS = 220  # each passage is trimmed to about this many characters
HISTORY_CHARS = 240  # each earlier message or reply is trimmed to about this many
MARGIN_TOKENS = 48  # room for the chat template's own tokens
STRUCTURED = re.compile(r"^\s*(?:\d+\.\s|[-*]\s|\*\*|\()|\(source:|knowledge/", re.MULTILINE)
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?:\s+|$)")
SPEAK = 'Rewrite this in {n} short sentences, speaking to me as "you"'
TASKS = {
    Action.RECOMMEND: SPEAK.format(n=2) + ". Keep the word {sphere}:",
    Action.WHICH_SPHERE: SPEAK.format(n=2) + ". Keep the word {sphere}:",
    Action.ANSWER: 'Answer me in 2 or 3 short sentences, speaking to me as "you", from this:',
    Action.FOLLOW_UP: SPEAK.format(n="1 or 2") + ", and ask nothing:",
}
DEFAULT_TASK = SPEAK.format(n="1 or 2") + ":"
NOT_WRITTEN = frozenset({Action.NOTICE, Action.TOO_EARLY, Action.CHECK_IN, Action.COMMIT})


def estimate_tokens(text: str) -> int:
    """A cautious token count for English text (about 3 characters a token)."""
    return math.ceil(len(text) / 3)


def split(draft: str) -> tuple[str, str]:
    """(opening, rest) of a built-in reply: the opening is its leading plain-prose
    paragraphs (at most LEAD_PARAGRAPHS, about LEAD_CHARS); lists, questions in bold and
    source lines stay in the rest."""
    paragraphs = draft.strip().split("\n\n")
    lead: list[str] = []
    for paragraph in paragraphs[:LEAD_PARAGRAPHS]:
        plain = paragraph.replace("**", "")
        if STRUCTURED.search(plain) or paragraph.lstrip().startswith("**"):
            break
        if lead and len("\n\n".join([*lead, paragraph])) > LEAD_CHARS:
            break
        if lead and plain.rstrip().endswith(":"):
            break  # a later paragraph that introduces a list stays with its list
        lead.append(paragraph.strip())
        if plain.rstrip().endswith(":"):
            break  # it introduces what follows
    return "\n\n".join(lead), "\n\n".join(p.strip() for p in paragraphs[len(lead) :])


def note_text(opening: str) -> str:
    """The opening as the model sees it (and the guard holds it to): one plain line."""
    return " ".join(opening.replace("**", "").split())


def _trim(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class _Tally:
    """What the model calls of one turn cost so far."""

    pieces: int = 0
    prompt_tokens: int = 0
    first: float | None = None  # seconds to the first piece


class LLMResponder:
    """Implements `Responder`; raises `LLMFailure` or `Ungrounded` (both a
    `ResponderFailure`) on any fault."""

    mode = "llm"

    def __init__(
        self, llm: LLM, prompts_dir: Path, context_tokens: int = 8192, max_tokens: int = 400
    ) -> None:
        self.llm = llm
        self.prompts_dir = prompts_dir
        self.context_tokens = context_tokens
        self.max_tokens = min(max_tokens, LEAD_TOKENS)

    def writes(self, plan: Plan) -> bool:
        return plan.action not in NOT_WRITTEN and plan.notice is None

    def guard(self, plan: Plan, note: str) -> Guard:
        named = plan.action in (Action.RECOMMEND, Action.WHICH_SPHERE) and plan.sphere
        return Guard(
            self.prompts_dir,
            sphere=plan.sphere if named else None,
            sources=frozenset(s.source for s in plan.suggestions)
            | frozenset(source for source, _title, _text in plan.references),
            passages=[s.passage or s.text for s in plan.suggestions]
            + [text for _source, _title, text in plan.references],
            note=note,
            instructions=(*TASKS.values(), DEFAULT_TASK),
            allowed=[
                plan.message,
                *[f"{p.sphere} {p.text}" for p in plan.state.problems],
                *[SPHERE_NAMES[sphere] for sphere in plan.quotes if plan.quotes[sphere]],
            ],
        )

    def stream(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> Iterator[str | Usage]:
        """The model's opening, guarded, then the built-in rest, then a `Usage`. When the
        first try is refused before anything was shown, a second, plainer prompt (the
        note and the message only) gets one more try within the same deadline."""
        note, rest = split(draft)
        if not note:
            raise Ungrounded("the built-in reply has no opening for the model to write")
        guard = self.guard(plan, note_text(note))
        started = time.monotonic()
        deadline = started + self.llm.settings.llm_timeout
        stats = _Tally()
        for plain in (False, True):
            system, prompt = self.prompts(plan, draft, history, plain=plain)
            stats.prompt_tokens += estimate_tokens(system + prompt)
            try:
                yield from self._opening(guard, system, prompt, deadline, stats, started)
                break
            except Ungrounded as failure:
                if failure.shown or plain or deadline - time.monotonic() < 1.0:
                    raise
        if rest:
            yield "\n\n" + rest
        yield Usage(
            prompt_tokens=stats.prompt_tokens,
            completion_tokens=stats.pieces,
            first_piece_s=stats.first,
            seconds=time.monotonic() - started,
        )

    def _opening(
        self,
        guard: Guard,
        system: str,
        prompt: str,
        deadline: float,
        stats: _Tally,
        started: float,
    ) -> Iterator[str]:
        """One try: the model's text, sentence by sentence as the guard passes it."""
        text, shown = "", 0  # what the model wrote; how much of it was shown
        gap = ""  # the spaces after the last piece shown
        checked = 0  # how much of the text the guard has read
        must_name = guard.sphere is not None
        try:
            for piece in self.llm.stream(system, prompt, self.max_tokens, deadline):
                stats.pieces += 1
                if stats.first is None:
                    stats.first = time.monotonic() - started
                text += piece
                ends = [m.end() for m in SENTENCE_END.finditer(text, shown)]
                if not ends:
                    continue
                ready = ends[-1]
                guard.sentence(text[checked:ready])
                checked = ready
                if must_name and SPHERE_NAMES[guard.sphere or ""].lower() not in (
                    text[:ready].lower()
                ):
                    continue  # held back until the diagnosed sphere is named
                segment = text[shown:ready]
                yield (gap + segment).strip() if shown == 0 else gap + segment.rstrip()
                gap = segment[len(segment.rstrip()) :]  # spaces go out with the next piece
                shown = ready
                if len(SENTENCE_END.findall(text[:ready])) >= MAX_SENTENCES:
                    break
            if text[checked:].strip():
                guard.sentence(text[checked:])  # even a tail that is cut off below
            finished = [m.end() for m in SENTENCE_END.finditer(text)]
            if finished and finished[-1] < len(text.rstrip()):
                text = text[: finished[-1]]  # cut off mid-sentence: keep whole sentences
            tail = text[shown:]
            guard.finish(text)  # each sentence was read above; now the text as a whole
        except Ungrounded as failure:
            failure.shown = shown > 0
            raise
        if tail.strip():
            yield gap + tail.rstrip() if shown else tail.strip()

    def prompts(
        self, plan: Plan, draft: str, history: Sequence[Exchange], plain: bool = False
    ) -> tuple[str, str]:
        """(system prompt, turn prompt) for one turn, trimmed to fit the context window;
        `plain`: only the message, the task and the note (the second try)."""
        note = note_text(split(draft)[0])
        sphere = SPHERE_NAMES.get(plan.sphere or "", "")
        task = TASKS.get(plan.action, DEFAULT_TASK).format(sphere=sphere)
        variables: dict[str, Any] = {
            "verb": "asked" if plan.action in (Action.ANSWER, Action.WHICH_SPHERE) else "said",
            "message": _trim(plan.message, 1200),
            "note": note,
            "task": task,
            "problems": []
            if plain
            else [{"sphere": p.sphere, "text": _trim(p.text, 160)} for p in plan.state.problems],
            "passages": [
                {"source": s.source, "title": s.title, "text": _trim(s.text, PASSAGE_CHARS)}
                for s in plan.suggestions[:PASSAGES]
            ]
            if plan.action == Action.ANSWER and not plain
            else [],  # elsewhere the note says it all, and passages pull a small model away
        }
        system = render(self.prompts_dir, "system")
        budget = self.context_tokens - self.max_tokens - MARGIN_TOKENS
        kept: list[dict[str, str]] = []
        prompt = render(self.prompts_dir, "turn", history=kept, **variables)
        for item in reversed(() if plain else history):  # newest first; oldest dropped first
            pair = [
                {"role": "me", "text": _trim(item.user, HISTORY_CHARS)},
                {"role": "you", "text": _trim(item.coach, HISTORY_CHARS)},
            ]
            candidate = render(self.prompts_dir, "turn", history=pair + kept, **variables)
            if estimate_tokens(system + candidate) > budget:
                break
            kept, prompt = pair + kept, candidate
        if estimate_tokens(system + prompt) > budget and variables["passages"]:
            variables["passages"] = []  # a tiny window: the note and the message come first
            prompt = render(self.prompts_dir, "turn", history=kept, **variables)
        return system, prompt
