"""Responders: who writes the reply for a plan (the offline templates, or an LLM)."""

from assistant.responders.base import Exchange, Responder, ResponderFailure
from assistant.responders.offline import OfflineResponder, stream_words

__all__ = ["Exchange", "OfflineResponder", "Responder", "ResponderFailure", "stream_words"]
