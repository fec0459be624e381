"""The ALE vocabulary, in one place: spheres, overlaps, roles and the coach's actions.

Weak accountability shows as role problems, weak leadership as buy-in problems and
weak execution as process problems (see knowledge/model/overview.md). Every name is a
`StrEnum`, so a member compares equal to its string, serialises to it in JSON, and
`Sphere("execution")` rejects anything that is not a sphere. "No problem" is `None`
(JSON `null`) everywhere, never a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Sphere(StrEnum):
    ACCOUNTABILITY = "accountability"
    LEADERSHIP = "leadership"
    EXECUTION = "execution"


class Overlap(StrEnum):
    ROLES = "roles"
    BUY_IN = "buy-in"
    PROCESS = "process"


class Role(StrEnum):
    """Who is asking: the advice differs for each."""

    OWNER = "owner"
    MANAGER = "manager"
    TEAM_MEMBER = "team-member"


class Action(StrEnum):
    """What the coach does in a turn (the policy's decision)."""

    FOLLOW_UP = "follow_up"  # asks one question to understand a problem
    RECOMMEND = "recommend"  # a new or changed diagnosis with interventions
    WHICH_SPHERE = "which_sphere"  # the full picture: the sphere to fix first and why
    REFLEX = "reflex"  # asked to fix leadership while describing another sphere
    REDIRECT = "redirect"  # small talk or off-topic: back to the problem
    AFFIRM = "affirm"  # acknowledges that things work
    EXAMPLE = "example"  # questions are not helping: asks for one concrete story
    TOO_EARLY = "too_early"  # which-sphere before any problem was told
    NOTICE = "notice"  # cannot work with this input (another language, off-topic)
    ANSWER = "answer"  # answers the person's direct question or request
    GREET = "greet"  # hello, or who the person is, with no problem told yet
    CHECK_IN = "check_in"  # asks how a committed action went
    COMMIT = "commit"  # turns a suggestion into a plan item, or asks what it still needs


# What each action is called in the turn contract (DESIGN.md, `ale chat`).
CONTRACT_ACTION: Final[dict[str, str]] = {
    Action.FOLLOW_UP: "follow_up",
    Action.EXAMPLE: "follow_up",  # asks for one concrete story
    Action.RECOMMEND: "recommend",
    Action.WHICH_SPHERE: "which_sphere",
    Action.TOO_EARLY: "which_sphere",  # asked which sphere before telling any problem
    Action.REFLEX: "answer",  # answers "should we train our leaders?"
    Action.ANSWER: "answer",
    Action.REDIRECT: "greet",
    Action.GREET: "greet",
    Action.AFFIRM: "affirm",
    Action.NOTICE: "notice",
    Action.CHECK_IN: "check_in",
    Action.COMMIT: "answer",  # answers "let's do the checklist one, Dana owns it"
}
CONTRACT_ACTIONS: Final[tuple[str, ...]] = (
    "greet",
    "follow_up",
    "recommend",
    "answer",
    "which_sphere",
    "check_in",
    "affirm",
    "notice",
)


# The industries the knowledge base has examples for (knowledge/coach/industries.yaml
# says how each is recognised and which words the coach uses with it).
INDUSTRIES: Final[tuple[str, ...]] = (
    "live-events",
    "restaurants",
    "software",
    "healthcare",
    "construction",
    "retail",
    "nonprofits",
    "manufacturing",
)
LIVE_EVENTS: Final = "live-events"

# Audience was the knowledge base's name for who an intervention is written for.
Audience = Role

SPHERES: Final[tuple[Sphere, ...]] = tuple(Sphere)
OVERLAPS: Final[tuple[Overlap, ...]] = tuple(Overlap)
ROLES: Final[tuple[Role, ...]] = tuple(Role)
AUDIENCES: Final[tuple[Role, ...]] = ROLES

OVERLAP_OF: Final[dict[str, Overlap]] = {
    Sphere.ACCOUNTABILITY: Overlap.ROLES,
    Sphere.LEADERSHIP: Overlap.BUY_IN,
    Sphere.EXECUTION: Overlap.PROCESS,
}
SPHERE_OF: Final[dict[str, Sphere]] = {o: Sphere(s) for s, o in OVERLAP_OF.items()}

# Tables are keyed by `str`: a member or its plain string finds the same entry.

# The two spheres each overlap sits between (ALE_MODEL.md, "The three overlaps").
OVERLAP_BETWEEN: Final[dict[str, tuple[Sphere, Sphere]]] = {
    Overlap.PROCESS: (Sphere.ACCOUNTABILITY, Sphere.LEADERSHIP),
    Overlap.ROLES: (Sphere.LEADERSHIP, Sphere.EXECUTION),
    Overlap.BUY_IN: (Sphere.ACCOUNTABILITY, Sphere.EXECUTION),
}


@dataclass(frozen=True)
class OverlapName:
    """How an overlap is written: as a title ("Buy-in") and before a noun ("role moves")."""

    title: str
    adjective: str


SPHERE_NAMES: Final[dict[str, str]] = {s: s.value.capitalize() for s in Sphere}
OVERLAP_NAMES: Final[dict[str, OverlapName]] = {
    Overlap.PROCESS: OverlapName("Process", "process"),
    Overlap.ROLES: OverlapName("Roles", "role"),
    Overlap.BUY_IN: OverlapName("Buy-in", "buy-in"),
}


def overlap_for(sphere: str | None) -> Overlap | None:
    """The overlap where a weak `sphere` shows, or None for no sphere."""
    if sphere is None:
        return None
    return OVERLAP_OF[Sphere(sphere)]
