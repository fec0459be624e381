"""The input guard: every message is checked and normalised before anything reads it."""

from __future__ import annotations

from assistant.diagnosis.text import lone_surrogate, normalise
from assistant.errors import InputError

MAX_MESSAGE = 4000  # characters in one chat message
MAX_CHARS = 10_000  # characters in one text given to the classifier directly


def guard(message: object) -> str:
    """Normalise a user message; InputError says what is wrong with it."""
    if not isinstance(message, str):
        raise InputError("the message must be text")
    broken = lone_surrogate(message)
    if broken:
        raise InputError(
            f"the message holds a broken character (a lone surrogate, {broken}); "
            "send it again as plain text"
        )
    text = normalise(message)
    if not text:
        if message.strip():
            raise InputError("the message has no visible text; tell me what is going on at work")
        raise InputError("the message is empty; tell me what is going on at work")
    if len(message) > MAX_MESSAGE:
        raise InputError(
            f"the message is {len(message)} characters long; the limit is {MAX_MESSAGE}. "
            "Shorten it or send it in parts."
        )
    return text


def check_text(text: object) -> str:
    """A text for the classifier (`ale classify`, eval cases): InputError says what is wrong."""
    if not isinstance(text, str):
        raise InputError("text must be a string")
    if len(text) > MAX_CHARS:
        raise InputError(f"text is {len(text)} characters long; the limit is {MAX_CHARS}")
    surrogate = lone_surrogate(text)
    if surrogate:
        raise InputError(f"text holds a broken character (a lone surrogate, {surrogate})")
    return normalise(text)
