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


@dataclass(frozen=True)
class Retract:
    """Yielded by the coach when what it streamed of a reply is withdrawn (the model's
    text failed the grounding guard): a screen clears the reply, then the built-in one
    follows."""

    reason: str


@dataclass(frozen=True)
class Usage:
    """What one model call cost: the last item a model-backed responder yields."""

    prompt_tokens: int  # estimated from the prompt's length (servers rarely stream usage)
    completion_tokens: int  # pieces received, about one token each
    first_piece_s: float | None  # seconds from the call to the first piece
    seconds: float  # the whole call

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "first_piece_s": None if self.first_piece_s is None else round(self.first_piece_s, 3),
            "seconds": round(self.seconds, 3),
        }


class Responder(Protocol):
    """Writes the reply for a plan, a piece at a time; `draft` is the offline reply.
    A responder backed by a model may end with a `Usage`."""

    mode: str  # what the turn reports when this responder wrote it: offline | llm

    def writes(self, plan: Plan) -> bool:
        """False when this responder leaves the turn to the built-in reply."""
        ...

    def stream(
        self, plan: Plan, draft: str, history: Sequence[Exchange]
    ) -> Iterator[str | Usage]: ...
