"""What the coach sees, drawn for the web app: the ALE diagram and the diagnosis panel.

Pure functions from the stored conversation state and the latest turn to HTML, so they
are tested without a browser. Every piece of text that came from a person or a file is
escaped; the markup itself is fixed here.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from assistant.coaching.policy import State
from assistant.model.vocabulary import OVERLAP_BETWEEN, OVERLAP_OF, SPHERE_NAMES, SPHERES

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


def shares(totals: dict[str, float]) -> dict[str, float]:
    """Each sphere's evidence relative to the strongest (0..1); all 0 without evidence."""
    top = max(totals.values(), default=0.0)
    return {s: (totals.get(s, 0.0) / top if top > 0 else 0.0) for s in SPHERES}


def _label_point(overlap: str) -> tuple[float, float]:
    """A point inside an overlap's lens but outside the third circle."""
    a, b = OVERLAP_BETWEEN[overlap]  # type: ignore[index]
    (ax, ay), (bx, by) = CENTRES[a], CENTRES[b]
    third = next(s for s in SPHERES if s not in (a, b))
    tx, ty = CENTRES[third]
    mx, my = (ax + bx) / 2, (ay + by) / 2
    dx, dy = mx - tx, my - ty
    length = math.hypot(dx, dy) or 1.0
    return mx + dx / length * 22, my + dy / length * 22


def diagram_svg(totals: dict[str, float], recommended: str | None) -> str:
    """Three overlapping spheres; fill strength follows the evidence against each sphere.

    Evidence that a sphere is weak shades that sphere and the overlap where its weakness
    shows (weak execution shows as process problems, between accountability and
    leadership). The recommended sphere gets a heavy outline and a "fix first" label.
    """
    share = shares(totals)
    parts = [
        '<svg class="ale-diagram" viewBox="0 0 300 300" preserveAspectRatio="xMidYMid meet" role="img" '
        'xmlns="http://www.w3.org/2000/svg" aria-label="ALE diagram">',
        "<defs>",
    ]
    for sphere, (x, y) in CENTRES.items():
        parts.append(f'<clipPath id="clip-{sphere}"><circle cx="{x}" cy="{y}" r="{R}"/></clipPath>')
    parts.append("</defs>")
    for sphere, (x, y) in CENTRES.items():
        opacity = 0.06 + 0.5 * share[sphere]
        marked = sphere == recommended
        parts.append(
            f'<g class="ale-sphere" data-sphere="{sphere}" data-share="{share[sphere]:.2f}" '
            f'data-recommended="{str(marked).lower()}">'
            f'<circle cx="{x}" cy="{y}" r="{R}" fill="{COLOURS[sphere]}" '
            f'fill-opacity="{opacity:.2f}" stroke="{COLOURS[sphere]}" '
            f'stroke-width="{5 if marked else 1.5}"/></g>'
        )
    for sphere in SPHERES:
        overlap = OVERLAP_OF[sphere]
        a, b = OVERLAP_BETWEEN[overlap]
        ax, ay = CENTRES[a]
        opacity = 0.55 * share[sphere]
        parts.append(
            f'<g class="ale-overlap" data-overlap="{overlap}" data-share="{share[sphere]:.2f}" '
            f'clip-path="url(#clip-{b})"><circle cx="{ax}" cy="{ay}" r="{R}" '
            f'fill="{COLOURS[sphere]}" fill-opacity="{opacity:.2f}"/></g>'
        )
        lx, ly = _label_point(overlap)
        parts.append(
            f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" font-size="11" '
            f'fill="#333" font-style="italic">{OVERLAP_NAMES[overlap]}</text>'
        )
    label_at = {
        "accountability": (8, 20, "start"),
        "leadership": (292, 20, "end"),
        "execution": (150, 284, "middle"),
    }
    for sphere, (x, y, anchor) in label_at.items():
        marked = sphere == recommended
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="13" '
            f'font-weight="{"bold" if marked else "normal"}" fill="{COLOURS[sphere]}">'
            f"{NAMES[sphere]}</text>"
        )
        if marked:
            below = y + 14 if sphere != "execution" else y + 13
            parts.append(
                f'<text class="ale-fix-first" x="{x}" y="{below}" text-anchor="{anchor}" '
                f'font-size="11" font-weight="bold" fill="{COLOURS[sphere]}">'
                "▲ fix first</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _evidence_html(state: State) -> str:
    rows = []
    for sphere in SPHERES:
        found = state.quotes(sphere, limit=4)
        if not found:
            continue
        quotes = "".join(f"<li>“{escape(p)}”</li>" for p in found)
        rows.append(
            f'<div class="ale-evidence" data-sphere="{sphere}">'
            f'<b style="color:{COLOURS[sphere]}">{NAMES[sphere]}</b>'
            f" <small>(weak {sphere} shows as {OVERLAP_NAMES[OVERLAP_OF[sphere]].lower()} "
            f"problems)</small><ul>{quotes}</ul></div>"
        )
    if not rows:
        return "<p><i>No evidence yet: describe what is going wrong.</i></p>"
    return "".join(rows)


def _paragraphs(text: str) -> str:
    """Hard-wrapped Markdown prose as escaped HTML paragraphs (one per blank-line block)."""
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(b)}</p>" for b in blocks)


def _interventions_html(passages: list[dict[str, str]]) -> str:
    if not passages:
        return ""
    items = []
    for p in passages:
        items.append(
            '<details class="ale-intervention">'
            f"<summary><b>{escape(p.get('title', ''))}</b><br>"
            f"<small>Source: <code>{escape(p.get('source', ''))}</code></small></summary>"
            f"<p>{escape(p.get('summary', ''))}</p>"
            f"<blockquote>{_paragraphs(p.get('passage', ''))}</blockquote></details>"
        )
    return "<h4>Suggested interventions</h4>" + "".join(items)


def panel_html(
    state: dict[str, Any] | None,
    passages: list[dict[str, str]] | None = None,
    mode: str | None = None,
) -> str:
    """The whole diagnosis panel for a conversation state and its latest interventions."""
    conversation = State.from_dict(state or {})
    totals = conversation.totals()
    recommended = conversation.recommended
    if recommended in SPHERES:
        overlap = OVERLAP_NAMES[OVERLAP_OF[recommended]].lower()
        verdict = (
            f'<p class="ale-verdict" data-recommended="{recommended}">Fix first: '
            f"<b>{NAMES[recommended]}</b> (it shows as {overlap} problems)</p>"
        )
    elif conversation.evidence:
        verdict = (
            '<p class="ale-verdict" data-recommended="">Not clear yet: the coach is asking.</p>'
        )
    else:
        verdict = '<p class="ale-verdict" data-recommended="">No diagnosis yet.</p>'
    ranking = " · ".join(
        f"{NAMES[s]} {totals[s]:.2f}" for s in sorted(SPHERES, key=lambda s: -totals[s])
    )
    role = conversation.role
    who = f"<p><small>Who is asking: {escape(role.replace('-', ' '))}</small></p>" if role else ""
    mode_line = (
        f'<p class="ale-mode" data-mode="{escape(mode)}"><small>Mode: '
        f"{escape(MODES.get(mode, mode))}</small></p>"
        if mode
        else ""
    )
    return (
        '<div class="ale-panel">'
        + diagram_svg(totals, recommended if recommended in SPHERES else None)
        + '<p class="ale-legend"><small>A weak sphere shows where the other two overlap: '
        "weak Execution as <i>Process</i> problems, weak Accountability as <i>Roles</i>, "
        "weak Leadership as <i>Buy-in</i>. Shading follows the evidence so far.</small></p>"
        + verdict
        + (f"<p><small>Evidence weight: {ranking}</small></p>" if conversation.evidence else "")
        + who
        + "<h4>What you said, by sphere</h4>"
        + _evidence_html(conversation)
        + _interventions_html(passages or [])
        + mode_line
        + "</div>"
    )
