"""A stored session as a Markdown report: diagnosis, evidence, interventions, open questions.

Used by the web app's export and by `ale export`. Works from what the session store
keeps, so a report can be written long after the conversation.
"""

from __future__ import annotations

import time
from pathlib import Path

from assistant.coaching.policy import State
from assistant.model.vocabulary import OVERLAP_OF, SPHERE_NAMES, SPHERES
from assistant.storage.sqlite import StoredTurn

NAMES = SPHERE_NAMES


def _quote(text: str) -> str:
    """Text from a person, made safe to sit inside Markdown (no headings, links or HTML)."""
    flat = _entities(" ".join(text.split()))
    for char in "\\`*_[]#|":
        flat = flat.replace(char, "\\" + char)
    return flat


def _safe_line(line: str) -> str:
    """A line of the coach's reply: its Markdown kept, but no HTML, links or images."""
    line = _entities(line)
    for char in "\\[]":
        line = line.replace(char, "\\" + char)
    return line


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _question_text(knowledge_dir: Path | None, question_id: str | None) -> str | None:
    if not question_id or knowledge_dir is None:
        return None
    from assistant.retrieval.knowledge import cached_knowledge

    for q in cached_knowledge(knowledge_dir).questions:
        if q.id == question_id:
            return q.text
    return None


def session_markdown(
    session_id: str, turns: list[StoredTurn], knowledge_dir: Path | None = None
) -> str:
    """The report for one session (an empty session gives a short report saying so)."""
    lines = [f"# ALE Coach report: session {session_id}", ""]
    if not turns:
        return "\n".join([*lines, "This session has no turns yet.", ""])
    first, last = turns[0], turns[-1]
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(first.created))
    lines += [
        f"- Started: {when}; {len(turns)} turn(s)",
        f"- Who is asking: {(last.state.get('role') or 'not said').replace('-', ' ')}",
        "",
        "## Diagnosis",
        "",
    ]
    state = last.state
    totals = State.from_dict(state).totals()
    recommended = state.get("recommended")
    if recommended in SPHERES:
        overlap = OVERLAP_OF[recommended]
        lines.append(f"**Fix first: {NAMES[recommended]}** (it shows as {overlap} problems).")
    else:
        lines.append("No sphere recommended yet: the picture was not clear enough.")
    lines += ["", "| sphere | evidence weight |", "|---|---|"]
    for sphere in sorted(SPHERES, key=lambda s: -totals[s]):
        lines.append(f"| {NAMES[sphere]} | {totals[sphere]:.2f} |")

    lines += ["", "## Evidence, in your words", ""]
    any_evidence = False
    for sphere in SPHERES:
        phrases: list[str] = []
        for item in state.get("evidence", []):
            if item["sphere"] == sphere and item["phrase"] not in phrases:
                phrases.append(item["phrase"])
        if phrases:
            any_evidence = True
            lines.append(f"**{NAMES[sphere]}**")
            lines += [f"- “{_quote(p)}”" for p in phrases]
            lines.append("")
    if not any_evidence:
        lines += ["No problem described yet.", ""]

    lines += ["## Suggested interventions", ""]
    seen: set[str] = set()
    for stored in turns:
        for p in stored.data.get("passages", []) or [
            {"title": i["title"], "source": i["source"], "summary": ""}
            for i in stored.data.get("interventions", [])
        ]:
            if p["source"] in seen:
                continue
            seen.add(p["source"])
            summary = f": {_quote(p['summary'])}" if p.get("summary") else ""
            lines.append(f"- **{_quote(p['title'])}**{summary} (source: `{p['source']}`)")
    if not seen:
        lines.append("None yet.")

    lines += ["", "## Open questions", ""]
    open_questions = []
    pending = _question_text(knowledge_dir, state.get("pending"))
    if pending:
        open_questions.append(f"The coach asked, still unanswered: {pending}")
    if not state.get("role"):
        open_questions.append(
            "Who is asking (owner, manager or team member)? The advice differs by role."
        )
    if recommended not in SPHERES:
        open_questions.append("Which sphere to fix first: describe a concrete recent problem.")
    lines += [f"- {q}" for q in open_questions] or ["None."]

    lines += ["", "## Conversation", ""]
    for stored in turns:
        lines += [f"**You ({stored.turn}):** {_quote(stored.user_text)}", ""]
        lines += ["**Coach:**", ""]
        lines += [f"> {_safe_line(line)}" for line in stored.reply.splitlines()]
        lines.append("")
    lines += [
        "---",
        "ALE model (Accountability, Leadership, Execution) by Tom Stimson. "
        "Report written by ALE Coach.",
        "",
    ]
    return "\n".join(lines)
