"""Regular expressions read from the knowledge files, compiled once per process, each with
the words a match cannot do without.

The intents, cues, industries and interventions files hold some two thousand patterns,
more than the `re` module's own cache keeps (512), so every fresh read of a file compiled
them all again (a quarter of a second for the intents alone). Patterns are plain strings
from files the project ships or an operator edits, so the set stays bounded; a changed
file compiles only the patterns that changed.

A turn tries most of those patterns on the message, and almost all of them fail. Most
start with `\\b` and ignore case, which turns off the `re` module's own literal-prefix
search, so a failing pattern is tried at every position of the text. `Compiled` reads,
once, the literal pieces every match must contain ("nobody (owns|runs)" cannot match a
text without "nobody") and answers "no match" at once for a text that has none of them.
That only skips work: a text holding one of the pieces is searched as before, and a text
that is not plain ASCII always is (case folding outside ASCII can match a literal with
other characters), so every answer is the one `re` gives.
"""

from __future__ import annotations

import re
import re._compiler as _sre_compiler  # the parser and compiler `re` itself uses (3.11+)
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

# a piece shorter than this rules out too few texts to pay for looking
SHORTEST_PIECE = 2

# the last text looked at, lowered (None when it is not plain ASCII): one tuple, so that
# threads reading it never pair one text with another's lowered form
_last: tuple[str, str | None] = ("", "")


def _lowered(text: str) -> str | None:
    global _last
    seen = _last
    if seen[0] is not text:
        seen = (text, text.lower() if text.isascii() else None)
        _last = seen
    return seen[1]


def needed_pieces(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case literal pieces of which every match of `pattern` contains at least one,
    or None when no such piece is known. Only ASCII letters and signs make a piece."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return _pieces(parsed)


def _pieces(sequence: Any) -> frozenset[str] | None:
    """The most telling set of pieces one of which a match of `sequence` must hold: the
    one whose shortest piece is longest. Each choice is safe on its own; a run of literals,
    a group, a repeat that happens at least once, and a branch whose every arm has pieces
    (their union) each give one."""
    choices: list[frozenset[str]] = []
    run = ""
    for op, arg in sequence.data:
        if op is _sre.LITERAL and arg < 128:
            run += chr(arg).lower()
            continue
        if run:  # anything else ends the run: what came before is still a piece
            choices.append(frozenset((run,)))
            run = ""
        found: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            found = _pieces(arg[3])
        elif op is _sre.ATOMIC_GROUP:
            found = _pieces(arg)
        elif op is _sre.BRANCH:
            arms = [_pieces(arm) for arm in arg[1]]
            if all(arms):
                found = frozenset().union(*arms)  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found = _pieces(arg[2])
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset((run,)))
    if not choices:
        return None
    return max(choices, key=lambda pieces: (min(map(len, pieces)), -len(pieces)))


class Compiled:
    """A compiled pattern that answers "no match" without searching a plain-ASCII text
    that holds none of the pieces a match needs; otherwise exactly `re.Pattern`."""

    __slots__ = ("flags", "groupindex", "groups", "pattern", "pieces", "regex")

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        # parsed once, for the pieces and for the compiler (`re.compile` would parse it
        # again: a second parse of two thousand patterns cost a start about 0.7 s)
        flags = int(flags)  # a plain int, as `re.compile` passes it on (enum flags are slow)
        parsed = _sre_parse.parse(pattern, flags)
        pieces = _pieces(parsed)
        # (compiled from the parse, `regex.pattern` is None: the pattern text is `pattern`)
        self.regex: re.Pattern[str] = _sre_compiler.compile(parsed, flags)
        self.pattern = pattern
        self.flags = self.regex.flags
        self.groups = self.regex.groups
        self.groupindex = self.regex.groupindex
        usable = pieces is not None and min(map(len, pieces)) >= SHORTEST_PIECE
        self.pieces: tuple[str, ...] | None = tuple(sorted(pieces)) if usable else None  # type: ignore[arg-type]

    def cannot_match(self, text: str) -> bool:
        """True only when no match can be in `text` (so no search is needed)."""
        pieces = self.pieces
        if pieces is None:
            return False
        lowered = _lowered(text)
        if lowered is None:
            return False
        for piece in pieces:  # noqa: SIM110 - a plain loop: this runs a million times a minute
            if piece in lowered:
                return False
        return True

    def search(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return None if self.cannot_match(text) else self.regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return None if self.cannot_match(text) else self.regex.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return None if self.cannot_match(text) else self.regex.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> Iterator[re.Match[str]]:
        if self.cannot_match(text):
            return iter(())
        return self.regex.finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> list[Any]:
        return [] if self.cannot_match(text) else self.regex.findall(text, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return text if self.cannot_match(text) else self.regex.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return [text] if self.cannot_match(text) else self.regex.split(text, maxsplit)

    def __repr__(self) -> str:
        return f"Compiled({self.pattern!r}, {self.flags!r})"


@lru_cache(maxsize=16384)
def compiled(pattern: str, flags: int = re.IGNORECASE) -> Compiled:
    """`re.compile(pattern, flags)` with the pieces a match needs, kept for the next file
    that holds the same pattern. Raises `re.error` as `re.compile` does (errors are not
    kept)."""
    return Compiled(pattern, flags)
