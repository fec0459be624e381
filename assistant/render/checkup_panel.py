"""One checkup's result for the web app: the ALE diagram with the scores on it, the
scores as bars, the sphere to fix with its lowest statements, the moves and the trend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from assistant.checkup.statements import Statements
from assistant.model.vocabulary import OVERLAP_NAMES, SPHERE_NAMES, SPHERES
from assistant.render.environment import render
from assistant.render.panel import COLOURS, checkup_weakness, diagram_svg


def checkup_context(
    data: Mapping[str, Any],
    answers: Mapping[str, int],
    statements: Statements,
    session_id: str | None = None,
) -> dict[str, Any]:
    sphere = data["sphere"]
    weakest = [
        s
        for s in sorted(
            (s for s in statements.of_sphere(sphere) if s.id in answers) if sphere else (),
            key=lambda s: (s.adjusted(answers[s.id]), statements.ids.index(s.id)),
        )
    ][:3]
    trend = data.get("trend") or {}
    return {
        "diagram": Markup(
            diagram_svg(
                checkup_weakness(data["scores"]),
                sphere,
                scores=data["scores"],
                prefix="checkup-clip",
            )
        ),
        "rows": [
            {
                "sphere": str(s),
                "name": SPHERE_NAMES[s],
                "score": data["scores"][s],
                "width": f"{(data['scores'][s] or 0):.0f}",
                "colour": COLOURS[s],
                "marked": s == sphere,
                "trend": trend.get(s),
            }
            for s in SPHERES
        ],
        "overlaps": [
            {"name": OVERLAP_NAMES[o].title, "score": v} for o, v in data["overlaps"].items()
        ],
        "answered": data["answered"],
        "total": len(statements.items),
        "sphere": SPHERE_NAMES[sphere] if sphere else None,
        "sphere_id": sphere or "",
        "overlap": data["overlap"],
        "lowest": [
            {"id": s.id, "text": s.text, "answer": answers[s.id], "reverse": s.reverse}
            for s in weakest
        ],
        "moves": data["interventions"],
        "session": session_id,
    }


def checkup_html(
    data: Mapping[str, Any],
    answers: Mapping[str, int],
    statements: Statements,
    session_id: str | None = None,
) -> str:
    return render("checkup_panel.html.j2", **checkup_context(data, answers, statements, session_id))
