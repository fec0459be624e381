"""The ALE vocabulary: spheres, overlaps and the mapping between them.

Weak accountability shows as role problems, weak leadership as buy-in problems and
weak execution as process problems (see knowledge/model/overview.md).
"""

from __future__ import annotations

from typing import Final, Literal

Sphere = Literal["accountability", "leadership", "execution"]
Overlap = Literal["roles", "buy-in", "process"]
Audience = Literal["owner", "manager", "team-member"]

SPHERES: Final[tuple[Sphere, ...]] = ("accountability", "leadership", "execution")
OVERLAPS: Final[tuple[Overlap, ...]] = ("roles", "buy-in", "process")
AUDIENCES: Final[tuple[Audience, ...]] = ("owner", "manager", "team-member")

OVERLAP_OF: Final[dict[Sphere, Overlap]] = {
    "accountability": "roles",
    "leadership": "buy-in",
    "execution": "process",
}
SPHERE_NAMES: Final[dict[str, str]] = {s: s.capitalize() for s in SPHERES}  # for display
SPHERE_OF: Final[dict[Overlap, Sphere]] = {o: s for s, o in OVERLAP_OF.items()}

# The two spheres each overlap sits between (ALE_MODEL.md, "The three overlaps").
OVERLAP_BETWEEN: Final[dict[Overlap, tuple[Sphere, Sphere]]] = {
    "process": ("accountability", "leadership"),
    "roles": ("leadership", "execution"),
    "buy-in": ("accountability", "execution"),
}


def overlap_for(sphere: str | None) -> Overlap | None:
    """The overlap where a weak `sphere` shows, or None for no sphere."""
    if sphere is None:
        return None
    return OVERLAP_OF[sphere]  # type: ignore[index]
