"""The seam of the responders: whatever writes a reply for a plan."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.errors import AleError

if TYPE_CHECKING:
    from assistant.coaching.plan import Plan


class ResponderFailure(AleError):
    """A responder could not write the reply; the coach falls back to the offline one.
    `reason` says why (timeout, rate_limited, server, ...)."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(detail)


@dataclass(frozen=True)
class Exchange:
    """One earlier message and reply of the same conversation."""

    user: str
    coach: str


class Responder(Protocol):
    """Writes the reply for a plan, a piece at a time; `draft` is the offline reply."""

    mode: str  # what the turn reports when this responder wrote it: offline | llm

    def stream(self, plan: Plan, draft: str, history: Sequence[Exchange]) -> Iterator[str]: ...
