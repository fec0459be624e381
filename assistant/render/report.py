"""A stored session as a Markdown report: diagnosis, the problem ledger, the current plan,
what the person tried, open questions and the conversation.

Used by the web app's export and by `ale export`. Works from what the session store
keeps, so a report can be written long after the conversation. The data is shaped here;
the Markdown is `templates/session_report.md.j2`, where every text passes through a
filter that neutralises HTML, links, images and control characters.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.coaching.state import State
from assistant.model.vocabulary import OVERLAP_OF, SPHERE_NAMES, SPHERES
from assistant.render.environment import render
from assistant.render.safety import CONTROL_CHARS
from assistant.storage.base import StoredCheckup
from assistant.storage.sqlite import StoredTurn

NAMES = SPHERE_NAMES


def _question_text(knowledge_dir: Path | None, question_id: str | None) -> str | None:
    if not question_id or knowledge_dir is None:
        return None
    from assistant.retrieval.knowledge import cached_knowledge

    for q in cached_knowledge(knowledge_dir).questions:
        if q.id == question_id:
            return q.text
    return None


def _evidence(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Each sphere's phrases in the user's words, in order, without repeats."""
    groups = []
    for sphere in SPHERES:
        phrases: list[str] = []
        for item in state.get("evidence", []):
            if item["sphere"] == sphere and item["phrase"] not in phrases:
                phrases.append(item["phrase"])
        if phrases:
            groups.append({"name": NAMES[sphere], "phrases": phrases})
    return groups


def _plan(turns: list[StoredTurn], recommended: str | None) -> list[dict[str, Any]]:
    """The current plan: the interventions suggested for the sphere recommended now, as
    the last reply that suggested moves of its kind gave them (not every one ever shown),
    once each, with their steps."""
    if recommended not in SPHERES:
        return []
    kind = OVERLAP_OF[recommended]
    found: dict[str, dict[str, Any]] = {}
    for stored in reversed(turns):
        if found:
            break
        kinds = {i["source"]: i.get("kind") for i in stored.data.get("interventions", [])}
        if kind not in kinds.values():
            continue
        passages = stored.data.get("passages", []) or [
            {"title": i["title"], "source": i["source"], "summary": ""}
            for i in stored.data.get("interventions", [])
        ]
        for p in passages:
            if kinds.get(p["source"]) != kind or p["source"] in found:
                continue
            found[p["source"]] = {
                "title": p["title"],
                "summary": p.get("summary") or "",
                "source": p["source"],
                "steps": [" ".join(str(s).split()) for s in p.get("steps") or []],
            }
    return list(found.values())


def _ledger(state: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "text": p["text"],
            "sphere": NAMES.get(p["sphere"], p["sphere"]),
            "overlap": OVERLAP_OF[p["sphere"]] if p["sphere"] in SPHERES else "",
            "status": p.get("status", "open"),
        }
        for p in state.get("problems", [])
    ]


def _open_questions(state: dict[str, Any], knowledge_dir: Path | None) -> list[str]:
    questions = []
    pending = _question_text(knowledge_dir, state.get("pending"))
    if pending:
        questions.append("The coach asked, still unanswered: " + pending)
    if not state.get("role"):
        questions.append(
            "Who is asking (owner, manager or team member)? The advice differs by role."
        )
    if state.get("recommended") not in SPHERES:
        questions.append("Which sphere to fix first: describe a concrete recent problem.")
    return questions


def _which_answers(turns: Sequence[StoredTurn]) -> list[dict[str, str]]:
    """Each which-sphere answer of the conversation, with its date and the sphere it named."""
    out = []
    for t in turns:
        sphere = t.data.get("sphere")
        if t.data.get("action") == "which_sphere" and sphere in SPHERES:
            day = time.strftime("%Y-%m-%d", time.localtime(t.created))
            out.append({"day": day, "turn": str(t.turn), "sphere": NAMES[sphere]})
    return out


def _checkups(checkups: Sequence[StoredCheckup]) -> list[dict[str, Any]]:
    """Each checkup's sphere scores, with the change since the one before."""
    out = []
    before: dict[str, Any] | None = None
    for c in checkups:
        scores = c.scores.get("scores", {})
        rows = []
        for sphere in SPHERES:
            value = scores.get(sphere)
            change = ""
            if before is not None and value is not None and before.get(sphere) is not None:
                delta = round(value - before[sphere], 1)
                change = f"{'up' if delta > 0 else 'down' if delta < 0 else 'flat'} {delta:+.1f}"
            shown = f"{value:.1f}" if value is not None else "not answered"
            rows.append({"name": NAMES[sphere], "score": shown, "trend": change})
        out.append(
            {
                "number": c.number,
                "day": time.strftime("%Y-%m-%d", time.localtime(c.created)),
                "role": (c.role or "").replace("-", " "),
                "scores": rows,
            }
        )
        before = scores
    return out


def session_context(
    session_id: str,
    turns: list[StoredTurn],
    knowledge_dir: Path | None = None,
    items: Sequence[Mapping[str, Any]] = (),
    checkups: Sequence[StoredCheckup] = (),
) -> dict[str, Any]:
    """What `session_report.md.j2` shows for one session: the conversation, and the plan
    items and checkups kept with it."""
    if not turns:
        return {
            "session_id": session_id,
            "turns": [],
            "items": items,
            "checkups": _checkups(checkups),
        }
    first, last = turns[0], turns[-1]
    state = last.state
    totals = State.from_dict(state).totals()
    recommended = state.get("recommended")
    return {
        "session_id": session_id,
        "started": time.strftime("%Y-%m-%d %H:%M", time.localtime(first.created)),
        "role": (state.get("role") or "not said").replace("-", " "),
        "recommended": (
            {"name": NAMES[recommended], "overlap": OVERLAP_OF[recommended]}
            if recommended in SPHERES
            else None
        ),
        "weights": [
            {"name": NAMES[s], "weight": f"{totals[s]:.2f}"}
            for s in sorted(SPHERES, key=lambda s: -totals[s])
        ],
        "evidence": _evidence(state),
        "plan": _plan(turns, recommended),
        "problems": _ledger(state),
        "tried": [str(t) for t in state.get("tried", [])],
        "open_questions": _open_questions(state, knowledge_dir),
        "items": list(items),
        "checkups": _checkups(checkups),
        "answers": _which_answers(turns),
        "turns": [
            {"number": t.turn, "user": t.user_text, "reply_lines": t.reply.splitlines()}
            for t in turns
        ],
    }


def session_markdown(
    session_id: str,
    turns: list[StoredTurn],
    knowledge_dir: Path | None = None,
    items: Sequence[Mapping[str, Any]] = (),
    checkups: Sequence[StoredCheckup] = (),
) -> str:
    """The report for one session (an empty session gives a short report saying so).
    Control characters (NUL, escape sequences...) never reach the file, as in the chat."""
    context = session_context(session_id, turns, knowledge_dir, items, checkups)
    text = render("session_report.md.j2", **context)
    return CONTROL_CHARS.sub("", text)
