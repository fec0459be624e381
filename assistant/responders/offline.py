"""The offline responder: deterministic templates that read naturally and vary.

It writes every reply when no LLM is configured, and the fallback when the LLM fails.
Wording varies with the situation (action, sphere, role, what was said) and, among
equivalent phrasings, with the turn number, so a long conversation does not repeat itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from assistant.model.vocabulary import OVERLAP_NAMES, SPHERE_NAMES
from assistant.responders.base import Exchange
from assistant.retrieval.protocols import Suggestion

if TYPE_CHECKING:
    from assistant.coaching.plan import Plan

NAMES = SPHERE_NAMES
WHAT_IT_MEANS = {
    "accountability": "people are not sure what is theirs, so work falls between them and blame fills the gap",
    "leadership": "people have stopped believing the direction, so they comply without committing",
    "execution": "the work depends on memory and on who happens to be there, not on a shared way of doing it",
}
WHY_KIND = {
    "accountability": "Role moves give every outcome one named owner with the authority to match.",
    "leadership": "Buy-in moves give people reasons they believe, not just instructions.",
    "execution": "Process moves make the right way the easy way, without adding people.",
}
ROLE_ADVICE = {
    "owner": (
        "As the owner, your job is to keep all three spheres in balance: fix this one "
        "without letting the other two slide, and check back in a month."
    ),
    "manager": (
        "As a manager, pick one of these, name who owns it, and review it with your team "
        "after the next two jobs; bring the results to the owners."
    ),
    "team-member": (
        "From where you are, you can still move this: propose one clear, light pathway "
        "(a short list, a named owner, a written handoff), try it on your own work first, "
        "and bring what happened to your manager."
    ),
}
GREETINGS = (
    "Good to hear from you.",
    "Happy to chat.",
    "Hello!",
)


def _pick(options: tuple[str, ...], turn: int) -> str:
    return options[turn % len(options)]


def _quote_list(quotes: list[str]) -> str:
    return ", ".join(f"\u201c{q}\u201d" for q in quotes)


def _suggestion_lines(suggestions: tuple[Suggestion, ...]) -> list[str]:
    lines = []
    for number, item in enumerate(suggestions, start=1):
        summary = " ".join(item.text.split())
        if len(summary) > 180:
            summary = summary[:177].rsplit(" ", 1)[0] + "…"
        lines.append(f"{number}. **{item.title}**: {summary} (source: {item.source})")
    return lines


def _ranking_lines(plan: Plan) -> list[str]:
    lines = []
    for place, (sphere, score) in enumerate(plan.ranking, start=1):
        quotes = plan.quotes.get(sphere) or []
        said = (
            f": you said {_quote_list(quotes[:2])}"
            if quotes
            else ": nothing you said points here yet"
        )
        lines.append(f"{place}. {NAMES[sphere]} (evidence {score:.2f}){said}")
    return lines


def write(plan: Plan) -> str:
    """The reply for `plan`, as Markdown."""
    return {
        "follow_up": _follow_up,
        "recommend": _recommend,
        "which_sphere": _which_sphere,
        "reflex": _reflex,
        "redirect": _redirect,
        "affirm": _affirm,
        "example": _example,
        "too_early": _too_early,
        "notice": _notice,
    }[plan.action](plan)


def _notice(plan: Plan) -> str:
    assert plan.diagnosis is not None and plan.diagnosis.notice is not None
    return plan.diagnosis.notice


def _too_early(plan: Plan) -> str:
    return (
        "I can't rank the spheres yet: you haven't told me what's going wrong. Describe one "
        "recent problem in your own words (a load-in that went sideways, a task nobody owns, "
        "a change the crew shrugged off) and I'll tell you where to start."
    )


def _example(plan: Plan) -> str:
    return (
        "Let's try it from another angle. Tell me about one concrete moment from a recent "
        "job that went wrong: what happened, who was involved, and what happened next. "
        "The details are where the spheres show."
    )


def _follow_up(plan: Plan) -> str:
    assert plan.question is not None
    heard = [s for s, v in plan.ranking if v > 0][:2]
    if len(heard) == 2:
        lead = (
            f"I'm hearing signs of both {NAMES[heard[0]].lower()} and {NAMES[heard[1]].lower()}, "
            "and the fix differs, so one question before I suggest anything:"
        )
    elif heard:
        lead = f"Some of that sounds like {NAMES[heard[0]].lower()}, but I want to be sure. One question:"
    else:
        lead = _pick(
            (
                "Let's find where it really pinches before fixing anything. One question:",
                "Thanks, that helps me see the shape of it. One question to narrow it down:",
            ),
            plan.turn,
        )
    return f"{lead}\n\n**{plan.question.text}**"


def _recommend(plan: Plan) -> str:
    sphere = plan.sphere
    assert sphere is not None
    overlap = plan.overlap or ""
    quotes = plan.quotes.get(sphere, [])
    opening = _pick(
        (
            f"From what you've described, the sphere to strengthen is **{NAMES[sphere]}**, and it shows in the **{overlap}** overlap.",
            f"This points to **{NAMES[sphere]}**: the trouble shows up as a **{overlap}** problem.",
        ),
        plan.turn,
    )
    parts = [opening]
    if quotes:
        parts.append(
            f"You said {_quote_list(quotes)}. That is what weak {sphere} looks like: {WHAT_IT_MEANS[sphere]}."
        )
    others = [s for s, v in plan.ranking[1:] if v > 0]
    if others:
        parts.append(
            f"There are signs of {' and '.join(NAMES[s].lower() for s in others)} too, "
            f"but fix {sphere} first: it feeds the others."
        )
    if plan.suggestions:
        kind = OVERLAP_NAMES[overlap].adjective
        parts.append(
            f"{WHY_KIND[sphere]} {len(plan.suggestions)} {kind} moves you could start this week:"
        )
        parts.append("\n".join(_suggestion_lines(plan.suggestions)))
    if plan.role in ROLE_ADVICE:
        parts.append(ROLE_ADVICE[plan.role])
    elif plan.ask_role:
        parts.append(
            "Who are you in this: the owner, a manager, or on the team? The first step differs."
        )
    return "\n\n".join(parts)


def _which_sphere(plan: Plan) -> str:
    sphere = plan.sphere
    assert sphere is not None
    parts = [
        f"Weighing everything you've told me, fix **{NAMES[sphere]}** first (it shows in **{plan.overlap}**).",
        "Here is how the three spheres rank from what you said:",
        "\n".join(_ranking_lines(plan)),
    ]
    if plan.suggestions:
        parts.append("Where to start:")
        parts.append("\n".join(_suggestion_lines(plan.suggestions)))
    if plan.role in ROLE_ADVICE:
        parts.append(ROLE_ADVICE[plan.role])
    return "\n\n".join(parts)


def _reflex(plan: Plan) -> str:
    sphere = plan.sphere
    counterfactual = "Ask yourself: **if your leaders were perfect, would this still happen?**"
    if sphere is None:
        return (
            "Before booking coaching, tell me what is actually going wrong: a few concrete "
            "examples from recent jobs. Most companies reach for leadership training when the "
            f"trouble sits in roles or process.\n\n{counterfactual}"
        )
    quotes = plan.quotes.get(sphere, [])
    said = f" You said {_quote_list(quotes)}." if quotes else ""
    if sphere == "leadership":
        parts = [
            f"What you describe does point to **Leadership**, shown as a **buy-in** problem.{said}",
            "So here the instinct is right about the sphere, but a workshop rarely builds "
            "buy-in; concrete moves that explain the why and involve people do:",
        ]
    else:
        parts = [
            f"I'd hold off on leadership coaching. What you describe points to **{NAMES[sphere]}**, "
            f"a **{plan.overlap}** problem, not to leadership.{said}",
            f"Coaching your leaders won't change that: {WHAT_IT_MEANS[sphere]}.",
            counterfactual + f" If the answer is yes, start with {plan.overlap}:",
        ]
    if plan.suggestions:
        parts.append("\n".join(_suggestion_lines(plan.suggestions)))
    return "\n\n".join(parts)


def _redirect(plan: Plan) -> str:
    greeting = _pick(GREETINGS, plan.turn)
    if re.match(
        r"^\W*(thanks|thank you|thx|cheers|bye|goodbye|see you|ok bye)\b", plan.message, re.I
    ):
        return (
            "You're welcome. Come back when you've tried a first step, or when something "
            "new comes up; I'll be here."
        )
    if plan.role and plan.small_talk:
        role = {"owner": "the owner", "manager": "a manager", "team-member": "on the team"}[
            plan.role
        ]
        return (
            f"{greeting} Noted: you're {role}. Tell me what is going wrong at work, in your own "
            "words, and I'll help you find which sphere to strengthen."
        )
    if plan.sphere:
        return (
            f"Noted. We were looking at {NAMES[plan.sphere].lower()}: when you've tried a first "
            "step, tell me how it went, or tell me what else is going on at work."
        )
    return (
        f"{greeting} I'm a coach for the ALE model (Accountability, Leadership, Execution). "
        "Tell me what's going wrong at work: a load-in that went sideways, a task nobody "
        "owns, a change the crew resists. I'll help you find which sphere to strengthen."
    )


def _affirm(plan: Plan) -> str:
    return (
        "That sounds like the centre of the model: it's working. Enjoy it, and keep the "
        "balance: keep the processes alive with short debriefs, keep every outcome's owner "
        "named, and keep explaining the why behind decisions. If one of those starts to slip, "
        "come back and tell me what you see."
    )


def stream_words(text: str) -> Iterator[str]:
    """An offline reply, streamed a few words at a time."""
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)


class OfflineResponder:
    """The built-in replies; implements `Responder` and writes every draft."""

    mode = "offline"

    def write(self, plan: Plan) -> str:
        return write(plan)

    def stream(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> Iterator[str]:
        return stream_words(draft)
