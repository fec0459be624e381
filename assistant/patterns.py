"""Regular expressions read from the knowledge files, compiled once per process.

The intents, cues, industries and interventions files hold some two thousand patterns,
more than the `re` module's own cache keeps (512), so every fresh read of a file compiled
them all again (a quarter of a second for the intents alone). Patterns are plain strings
from files the project ships or an operator edits, so the set stays bounded; a changed
file compiles only the patterns that changed.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=16384)
def compiled(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, kept for the next file that holds the same pattern.
    Raises `re.error` as `re.compile` does (errors are not kept)."""
    return re.compile(pattern, flags)
