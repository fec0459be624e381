"""What the coach sees, drawn for the web app: the ALE diagram and the diagnosis panel.

Pure functions from the stored conversation state and the latest turn to HTML, so they
are tested without a browser. The data is shaped here; the markup is in
`templates/panel.html.j2` and `templates/diagram.svg.j2`, which autoescape every value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.coaching.state import State
from assistant.model.vocabulary import OVERLAP_BETWEEN, OVERLAP_OF, SPHERE_NAMES, SPHERES
from assistant.render.environment import render

NAMES = SPHERE_NAMES
OVERLAP_NAMES = {"process": "Process", "roles": "Roles", "buy-in": "Buy-in"}
COLOURS = {"accountability": "#2f6db5", "leadership": "#c0632b", "execution": "#2f8a57"}
MODES = {
    "offline": "Offline: built-in replies, no language model",
    "llm": "Language model: the reply was worded by the configured model",
    "fallback": "Fallback: the language model failed, this is the built-in reply",
}

# Circle centres of the diagram (viewBox 0 0 300 300), radius R.
R = 74
CENTRES = {"accountability": (108, 120), "leadership": (192, 120), "execution": (150, 193)}
# Where each sphere's name is written: x, y and text-anchor.
LABELS = {
    "accountability": (8, 20, "start"),
    "leadership": (292, 20, "end"),
    "execution": (150, 284, "middle"),
}


def shares(totals: dict[str, float]) -> dict[str, float]:
    """Each sphere's evidence relative to the strongest (0..1); all 0 without evidence."""
    top = max(totals.values(), default=0.0)
    return {s: (totals.get(s, 0.0) / top if top > 0 else 0.0) for s in SPHERES}


def _label_point(overlap: str) -> tuple[float, float]:
    """A point inside an overlap's lens but outside the third circle."""
    a, b = OVERLAP_BETWEEN[overlap]
    (ax, ay), (bx, by) = CENTRES[a], CENTRES[b]
    third = next(s for s in SPHERES if s not in (a, b))
    tx, ty = CENTRES[third]
    mx, my = (ax + bx) / 2, (ay + by) / 2
    dx, dy = mx - tx, my - ty
    length = math.hypot(dx, dy) or 1.0
    return mx + dx / length * 22, my + dy / length * 22


def _score_point(sphere: str) -> tuple[float, float]:
    """Where a sphere's checkup score is written: inside its circle, away from the others."""
    cx = sum(x for x, _ in CENTRES.values()) / 3
    cy = sum(y for _, y in CENTRES.values()) / 3
    x, y = CENTRES[sphere]
    dx, dy = x - cx, y - cy
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * 34, y + dy / length * 34 + 5


def checkup_weakness(scores: Mapping[str, float | None]) -> dict[str, float]:
    """Checkup scores (0-100, higher is healthier) as what the diagram shades: the distance
    from 100, so the weakest sphere is the darkest, as with the evidence in a chat."""
    return {s: (100.0 - v) if (v := scores.get(s)) is not None else 0.0 for s in SPHERES}


def diagram_context(
    totals: dict[str, float],
    recommended: str | None,
    scores: Mapping[str, float | None] | None = None,
    prefix: str = "clip",
) -> dict[str, Any]:
    """The numbers and names `diagram.svg.j2` draws; with `scores` (a checkup's), each
    sphere also shows its score. `prefix` keeps the clip-path ids apart when one page
    shows several diagrams (a hidden tab's would otherwise be used, and fail)."""
    share = shares(totals)
    spheres = []
    for sphere, (x, y) in CENTRES.items():
        marked = sphere == recommended
        score = scores.get(sphere) if scores is not None else None
        sx, sy = _score_point(sphere)
        spheres.append(
            {
                "score": "" if score is None else f"{score:.0f}",
                "score_x": f"{sx:.0f}",
                "score_y": f"{sy:.0f}",
                "sphere": sphere,
                "x": x,
                "y": y,
                "share": f"{share[sphere]:.2f}",
                "marked": "true" if marked else "false",
                "colour": COLOURS[sphere],
                "opacity": f"{0.06 + 0.5 * share[sphere]:.2f}",
                "stroke": 5 if marked else 1.5,
            }
        )
    overlaps = []
    for sphere in SPHERES:
        overlap = OVERLAP_OF[sphere]
        a, b = OVERLAP_BETWEEN[overlap]
        ax, ay = CENTRES[a]
        lx, ly = _label_point(overlap)
        overlaps.append(
            {
                "overlap": overlap,
                "share": f"{share[sphere]:.2f}",
                "clip": b,
                "x": ax,
                "y": ay,
                "colour": COLOURS[sphere],
                "opacity": f"{0.55 * share[sphere]:.2f}",
                "label_x": f"{lx:.0f}",
                "label_y": f"{ly:.0f}",
                "name": OVERLAP_NAMES[overlap],
            }
        )
    labels = [
        {
            "x": x,
            "y": y,
            "anchor": anchor,
            "marked": sphere == recommended,
            "below": y + (13 if sphere == "execution" else 14),
            "colour": COLOURS[sphere],
            "name": NAMES[sphere],
        }
        for sphere, (x, y, anchor) in LABELS.items()
    ]
    return {
        "radius": R,
        "spheres": spheres,
        "overlaps": overlaps,
        "labels": labels,
        "prefix": prefix,
    }


def diagram_svg(
    totals: dict[str, float],
    recommended: str | None,
    scores: Mapping[str, float | None] | None = None,
    prefix: str = "clip",
) -> str:
    """Three overlapping spheres; fill strength follows the evidence against each sphere.

    Evidence that a sphere is weak shades that sphere and the overlap where its weakness
    shows (weak execution shows as process problems, between accountability and
    leadership). The recommended sphere gets a heavy outline and a "fix first" label.
    """
    return render("diagram.svg.j2", diagram=diagram_context(totals, recommended, scores, prefix))


def _paragraphs(text: str) -> list[str]:
    """Hard-wrapped Markdown prose as paragraphs (one per blank-line block)."""
    return [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]


# Inline Markdown a knowledge file may use in a step or an example: **strong**, *em*,
# `code`, and [links](...) of which only the words are kept (no link leaves the panel).
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*]+?)\*\*"
    r"|`(?P<code>[^`]+)`"
    r"|(?<![*\w])\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*(?![*\w])"
    r"|\[(?P<link>[^\]]+)\]\([^)]*\)"
)
_NUMBERED = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")


def inline_runs(text: str) -> list[dict[str, str]]:
    """Inline Markdown as runs of text, each `{"kind": text|strong|em|code, "text": ...}`:
    the template draws the tags and escapes the text, so no HTML from a file gets through."""
    flat = " ".join(text.split())
    runs: list[dict[str, str]] = []
    at = 0
    for match in _INLINE.finditer(flat):
        if match.start() > at:
            runs.append({"kind": "text", "text": flat[at : match.start()]})
        kind = match.lastgroup or "text"
        runs.append({"kind": "text" if kind == "link" else kind, "text": match.group(kind)})
        at = match.end()
    if at < len(flat):
        runs.append({"kind": "text", "text": flat[at:]})
    return runs


def _step_texts(steps: object) -> list[str]:
    """An intervention's steps as texts: a list of strings, or (tolerated) one string
    with a numbered line per step. A leading "1." or "-" is dropped: the list numbers."""
    if isinstance(steps, str):
        items: list[str] = []
        for line in steps.splitlines():
            if _NUMBERED.match(line) or not items:
                items.append(line)
            elif line.strip():
                items[-1] += " " + line  # a wrapped step continues
    elif isinstance(steps, Sequence):
        items = [item if isinstance(item, str) else str(item) for item in steps]
    else:
        return []
    return [text for item in items if (text := _NUMBERED.sub("", item, count=1).strip())]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def intervention_context(passage: Mapping[str, Any]) -> dict[str, Any]:
    """One suggested intervention for the panel: summary, steps, example and source.
    Older stored turns have no steps or example; they show the retrieved passage."""
    steps = [inline_runs(step) for step in _step_texts(passage.get("steps"))]
    return {
        "title": _text(passage.get("title")),
        "source": _text(passage.get("source")),
        "summary": _text(passage.get("summary")),
        "steps": steps,
        "example": [inline_runs(p) for p in _paragraphs(_text(passage.get("example")))],
        "paragraphs": [] if steps else _paragraphs(_text(passage.get("passage"))),
    }


def panel_context(
    state: dict[str, Any] | None,
    passages: Sequence[Mapping[str, Any]] | None = None,
    mode: str | None = None,
) -> dict[str, Any]:
    """What `panel.html.j2` shows for a conversation state and its latest interventions."""
    conversation = State.from_dict(state or {})
    totals = conversation.totals()
    recommended = conversation.recommended if conversation.recommended in SPHERES else None
    verdict = {"sphere": "", "name": "", "overlap": ""}
    if recommended is not None:
        verdict = {
            "sphere": recommended,
            "name": NAMES[recommended],
            "overlap": OVERLAP_NAMES[OVERLAP_OF[recommended]].lower(),
        }
    evidence = [
        {
            "sphere": sphere,
            "colour": COLOURS[sphere],
            "name": NAMES[sphere],
            "overlap": OVERLAP_NAMES[OVERLAP_OF[sphere]].lower(),
            "quotes": quotes,
        }
        for sphere in SPHERES
        if (quotes := conversation.quotes(sphere, limit=4))
    ]
    interventions = [intervention_context(p) for p in passages or [] if isinstance(p, Mapping)]
    return {
        "diagram": diagram_context(totals, recommended),
        "verdict": verdict,
        "has_evidence": bool(conversation.evidence),
        "ranking": [
            f"{NAMES[s]} {totals[s]:.2f}" for s in sorted(SPHERES, key=lambda s: -totals[s])
        ],
        "role": (conversation.role or "").replace("-", " "),
        "evidence": evidence,
        "interventions": interventions,
        "mode": {"code": mode, "text": MODES.get(mode, mode)} if mode else None,
    }


def panel_html(
    state: dict[str, Any] | None,
    passages: Sequence[Mapping[str, Any]] | None = None,
    mode: str | None = None,
) -> str:
    """The whole diagnosis panel for a conversation state and its latest interventions."""
    return render("panel.html.j2", **panel_context(state, passages, mode))
