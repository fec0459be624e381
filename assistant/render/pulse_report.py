"""The team pulse as a self-contained HTML page (`ale pulse results --report`, the web
app's Team pulse tab): the ALE diagram shaded by the team's scores, the spread of each
sphere as a plot, where people disagree, the gap between leaders and team members, and
the overlap to work on with its interventions and their sources.

Only results that may be shown reach this page: it is drawn from `pulse_results` (which
hides everything below 3 answers and every small role group) plus each statement's
mean, never from one person's answers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from assistant.checkup.pulse import SPLIT, PulseAnswer, item_means, item_spreads
from assistant.checkup.scoring import suggestions_for
from assistant.checkup.statements import Statements
from assistant.model.vocabulary import SPHERE_NAMES, SPHERES
from assistant.render.environment import render
from assistant.render.panel import COLOURS, checkup_weakness, diagram_svg

GROUP_NAMES = {"leaders": "Leaders (owners and managers)", "team-member": "Team members"}


def _spread_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per sphere for the plot: the mean and a band of one spread either side."""
    rows = []
    for sphere in map(str, SPHERES):
        mean, spread = data["scores"][sphere], data["spread"][sphere]
        if mean is None:
            continue
        low, high = max(0.0, mean - (spread or 0)), min(100.0, mean + (spread or 0))
        rows.append(
            {
                "sphere": sphere,
                "name": SPHERE_NAMES[sphere],
                "mean": mean,
                "spread": spread,
                "low": f"{low * 3:.0f}",
                "width": f"{max(2.0, (high - low) * 3):.0f}",
                "x": f"{mean * 3:.0f}",
                "colour": COLOURS[sphere],
                "split": (spread or 0) >= SPLIT,
            }
        )
    return rows


def pulse_context(
    team: str,
    data: dict[str, Any],
    answers: Sequence[PulseAnswer],
    statements: Statements,
    knowledge_dir: Path,
) -> dict[str, Any]:
    means = item_means(statements, answers)
    spreads = item_spreads(statements, answers)
    sphere = data["sphere"]
    disagreements = []
    for key in data["disagreement"]:
        item = statements.get(key)
        disagreements.append(
            {"key": key, "text": item.text, "spread": spreads.get(key)}
            if item
            else {
                "key": SPHERE_NAMES[key],
                "text": "the sphere as a whole",
                "spread": data["spread"][key],
            }
        )
    weakest = sorted(
        (s for s in statements.of_sphere(sphere) if s.id in means) if sphere else (),
        key=lambda s: (means[s.id], statements.ids.index(s.id)),
    )
    groups_hidden = not data["roles"]
    return {
        "team": team,
        "n": data["n"],
        "made": time.strftime("%Y-%m-%d"),
        "diagram": Markup(
            diagram_svg(
                checkup_weakness(data["scores"]), sphere, scores=data["scores"], prefix="pulse-clip"
            )
        ),
        "spreads": _spread_rows(data),
        "split": SPLIT,
        "disagreements": disagreements,
        "groups": [
            {"name": GROUP_NAMES[g], "n": info["n"], "scores": info["scores"]}
            for g, info in data["roles"].items()
        ],
        "groups_hidden": groups_hidden,
        "gaps": [
            {
                "name": SPHERE_NAMES[g["sphere"]],
                "leaders": g["leaders"],
                "team": g["team-member"],
                "size": abs(g["leaders"] - g["team-member"]),
            }
            for g in data["gaps"]
        ],
        "sphere": SPHERE_NAMES[sphere] if sphere else None,
        "overlap": data["overlap"],
        "lowest": [{"id": s.id, "text": s.text, "mean": means[s.id]} for s in weakest[:3]],
        "moves": suggestions_for(statements, [s.id for s in weakest], knowledge_dir),
        "names": SPHERE_NAMES,
    }


def pulse_body(
    team: str,
    data: dict[str, Any],
    answers: Sequence[PulseAnswer],
    statements: Statements,
    knowledge_dir: Path,
) -> str:
    """The report's content without the page around it (the web app's Team pulse tab)."""
    return _render("pulse_body.html.j2", team, data, answers, statements, knowledge_dir)


def pulse_html(
    team: str,
    data: dict[str, Any],
    answers: Sequence[PulseAnswer],
    statements: Statements,
    knowledge_dir: Path,
) -> str:
    """The report page; `data` must be ready (3 answers or more)."""
    return _render("pulse_report.html.j2", team, data, answers, statements, knowledge_dir)


def _render(
    template: str,
    team: str,
    data: dict[str, Any],
    answers: Sequence[PulseAnswer],
    statements: Statements,
    knowledge_dir: Path,
) -> str:
    if not data.get("ready"):
        raise ValueError("a pulse report needs results that are ready to show")
    return render(template, **pulse_context(team, data, answers, statements, knowledge_dir))
