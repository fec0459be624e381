"""Pydantic's validation errors, in words a person can act on: which field, what is wrong.

Every file ALE Coach reads (cues, exemplars, intents, evaluation suites) is parsed into
pydantic models at the trust boundary; `describe` turns the first error into a field path
(`spheres.execution.symptoms[3].pattern`) and a short problem, for one clear message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

PLAIN: Mapping[str, str] = {  # pydantic's error types, in words
    "missing": "is required",
    "extra_forbidden": "is not a known field",
}


def describe(
    error: ValidationError, first_index: int = 0, plain: Mapping[str, str] = PLAIN
) -> tuple[str, str, Any]:
    """(field path, problem, cause) of the first error; an unknown field comes first, as a
    typo shows as an unknown field plus a missing one. List positions count from
    `first_index`. `cause` is the exception a validator raised, if any."""
    first = min(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
    parts: list[str] = []
    for part in first["loc"]:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part + first_index}]"]
        elif part != "[key]":
            parts.append(str(part))
    problem = plain.get(first["type"]) or first["msg"].removeprefix("Value error, ")
    return ".".join(parts), problem, (first.get("ctx") or {}).get("error")
