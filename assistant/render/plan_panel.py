"""The web app's Plan view: the conversation's committed actions with their notes, and the
checkups' sphere scores over time as a small chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.model.vocabulary import SPHERE_NAMES, SPHERES
from assistant.render.environment import render
from assistant.render.panel import COLOURS
from assistant.storage.base import StoredCheckup

WIDTH, HEIGHT, PAD = 320, 140, 24


def _arrow(delta: float | None) -> str:
    if delta is None:
        return ""
    return "↑" if delta > 0.05 else "↓" if delta < -0.05 else "→"


def chart_context(checkups: Sequence[StoredCheckup]) -> dict[str, Any]:
    """Each sphere's checkup scores as a polyline (x: checkup number, y: 0-100)."""
    count = len(checkups)
    step = (WIDTH - 2 * PAD) / max(1, count - 1)
    lines = []
    for sphere in SPHERES:
        values = [c.scores.get("scores", {}).get(sphere) for c in checkups]
        points = [
            (PAD + i * step, HEIGHT - PAD - (v / 100) * (HEIGHT - 2 * PAD))
            for i, v in enumerate(values)
            if v is not None
        ]
        known = [v for v in values if v is not None]
        delta = known[-1] - known[-2] if len(known) >= 2 else None
        lines.append(
            {
                "sphere": str(sphere),
                "name": SPHERE_NAMES[sphere],
                "colour": COLOURS[sphere],
                "points": " ".join(f"{x:.0f},{y:.0f}" for x, y in points),
                "dots": [{"x": f"{x:.0f}", "y": f"{y:.0f}"} for x, y in points],
                "last": f"{known[-1]:.0f}" if known else "–",
                "arrow": _arrow(delta),
                "delta": f"{delta:+.1f}" if delta is not None else "",
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "lines": lines, "count": count}


def plan_html(
    items: Sequence[Mapping[str, Any]], checkups: Sequence[StoredCheckup], session_id: str
) -> str:
    return render(
        "plan_panel.html.j2",
        items=list(items),
        chart=chart_context(checkups) if checkups else None,
        session=session_id,
    )
