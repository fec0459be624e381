"""The one vocabulary of ALE Coach: spheres, overlaps, roles and actions."""

from assistant.model.vocabulary import (
    OVERLAP_BETWEEN,
    OVERLAP_NAMES,
    OVERLAP_OF,
    OVERLAPS,
    ROLES,
    SPHERE_NAMES,
    SPHERE_OF,
    SPHERES,
    Action,
    Overlap,
    Role,
    Sphere,
    overlap_for,
)

__all__ = [
    "OVERLAPS",
    "OVERLAP_BETWEEN",
    "OVERLAP_NAMES",
    "OVERLAP_OF",
    "ROLES",
    "SPHERES",
    "SPHERE_NAMES",
    "SPHERE_OF",
    "Action",
    "Overlap",
    "Role",
    "Sphere",
    "overlap_for",
]
