"""The LLM responder: LangChain's ChatOpenAI against OpenAI or any compatible server.

It only rewords the plan the policy made. Every call has a hard deadline of
ALE_LLM_TIMEOUT seconds for the whole turn, at most one retry (for 429 and 5xx, and only
when the wait fits in the deadline), and no retry for 401/403. OpenAI and LangChain
errors are translated into `LLMFailure` here and nowhere else; its message never holds
the API key.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.responders.base import ResponderFailure


class LLMFailure(ResponderFailure):
    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(reason, f"{reason}: {detail}")
        self.retry_after = retry_after


def _retry_after(exc: Any) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after") if hasattr(headers, "get") else None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def translate(exc: BaseException) -> LLMFailure:
    """The one place where SDK and LangChain errors become LLMFailure."""
    import openai

    if isinstance(exc, LLMFailure):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return LLMFailure("timeout", "the model did not answer in time")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMFailure(
            "auth", "the model endpoint refused the credentials (check OPENAI_API_KEY)"
        )
    if isinstance(exc, openai.RateLimitError):
        return LLMFailure("rate_limited", "the model endpoint is rate limiting", _retry_after(exc))
    if isinstance(exc, openai.APIConnectionError):
        return LLMFailure("connection", "the model endpoint could not be reached")
    if isinstance(exc, openai.NotFoundError):
        return LLMFailure(
            "model",
            "the model endpoint does not know that model or path (check ALE_MODEL and "
            "OPENAI_BASE_URL, which usually ends in /v1)",
        )
    if isinstance(exc, openai.APIStatusError):
        reason = "server" if exc.status_code >= 500 else "http"
        return LLMFailure(reason, f"the model endpoint answered HTTP {exc.status_code}")
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError | IndexError):
        return LLMFailure("malformed", "the model endpoint sent a reply that could not be read")
    if isinstance(exc, TimeoutError):
        return LLMFailure("timeout", "the model did not answer in time")
    return LLMFailure("error", f"the model call failed ({type(exc).__name__})")


class CircuitBreaker:
    """After `threshold` failed calls in a row, refuse calls for `cooldown` seconds."""

    def __init__(self, threshold: int = 3, cooldown: float = 30.0) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at: float | None = None
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raises LLMFailure while open; after the cooldown one trial call goes through."""
        with self._lock:
            if self.opened_at is None:
                return
            waited = time.monotonic() - self.opened_at
            if waited < self.cooldown:
                raise LLMFailure(
                    "paused",
                    f"the model endpoint failed {self.failures} times in a row; not calling it "
                    f"for another {self.cooldown - waited:.0f} s",
                )
            self.opened_at = None  # half-open: let one call try

    def record(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.failures, self.opened_at = 0, None
                return
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()


class LLM:
    """Streams a reply for (system prompt, turn prompt) within one deadline."""

    def __init__(self, settings: Settings, temperature: float = 0.0, seed: int = 0) -> None:
        if not (settings.openai_api_key or settings.openai_base_url):
            raise ConfigError(
                "ALE_LLM=on needs OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server; "
                "set ALE_LLM=off to use the built-in replies"
            )
        self.settings = settings
        self.temperature = temperature  # 0: the same conversation gives the same reply
        self.seed = seed
        self.breaker = CircuitBreaker(cooldown=settings.llm_cooldown)
        # the client library loads here, not inside the first turn's deadline: a cold import
        # there could eat the time a retry after a 429 or 503 needs
        from langchain_openai import ChatOpenAI

        self._chat_model = ChatOpenAI
        self._model(self.settings.llm_timeout)

    def _model(self, timeout: float, max_tokens: int | None = None) -> Any:
        from pydantic import SecretStr

        limit = max_tokens or self.settings.llm_max_tokens
        # OpenAI itself takes `max_completion_tokens` (LangChain sends that for max_tokens);
        # llama.cpp's server and older compatible ones know only `max_tokens`
        bound: dict[str, Any] = (
            {"max_tokens": limit}
            if _is_openai(self.settings.openai_base_url)
            else {"extra_body": {"max_tokens": limit}}
        )
        return self._chat_model(
            model=self.settings.model,
            base_url=self.settings.openai_base_url,
            api_key=SecretStr(self.settings.openai_api_key or "not-needed"),
            timeout=timeout,
            max_retries=0,
            temperature=self.temperature,
            seed=self.seed,
            streaming=True,
            **bound,
        )

    def complete(self, system: str, prompt: str, max_tokens: int | None = None) -> str:
        """The whole reply as one string, under the same deadline and retry rules."""
        return "".join(self.stream(system, prompt, max_tokens))

    def stream(
        self,
        system: str,
        prompt: str,
        max_tokens: int | None = None,
        deadline: float | None = None,
    ) -> Iterator[str]:
        """Pieces of the reply, at most `max_tokens` (default ALE_LLM_MAX_TOKENS) tokens.
        Raises LLMFailure on any fault, by the deadline at the latest (`deadline`, a
        time.monotonic() value shared by the calls of one turn; default ALE_LLM_TIMEOUT
        from now). A server that stalls mid-stream is abandoned, not waited for."""
        self.breaker.check()
        try:
            yield from self._attempts(system, prompt, max_tokens, deadline)
        except LLMFailure:
            self.breaker.record(False)
            raise
        except GeneratorExit:
            # the reader stopped early (enough sentences, or the grounding guard refused
            # the text): the endpoint itself answered
            self.breaker.record(True)
            raise
        self.breaker.record(True)

    def _attempts(
        self, system: str, prompt: str, max_tokens: int | None, deadline: float | None
    ) -> Iterator[str]:
        from langchain_core.messages import HumanMessage, SystemMessage

        if deadline is None:
            deadline = time.monotonic() + self.settings.llm_timeout
        messages = [SystemMessage(content=system), HumanMessage(content=prompt)]
        for attempt in range(2):
            remaining = deadline - time.monotonic()
            if remaining < 0.5:
                raise LLMFailure("timeout", "the model did not answer in time")
            emitted = False
            try:
                for text in _within(self._model(remaining, max_tokens).stream(messages), deadline):
                    emitted = True
                    yield text
                if not emitted:
                    raise LLMFailure("malformed", "the model endpoint sent an empty reply")
                return
            except Exception as exc:
                failure = translate(exc)
                retryable = failure.reason in ("rate_limited", "server", "connection")
                if emitted or not retryable or attempt == 1:
                    raise failure from None
                wait = failure.retry_after if failure.retry_after is not None else 0.5
                if time.monotonic() + wait > deadline - 0.5:
                    raise failure from None
                time.sleep(wait)
        raise LLMFailure("error", "the model call failed")


def _is_openai(base_url: str | None) -> bool:
    """True for OpenAI's own API (no base URL, or api.openai.com)."""
    if not base_url:
        return True
    from urllib.parse import urlparse

    return (urlparse(base_url).hostname or "").endswith("api.openai.com")


def _within(chunks: Iterator[Any], deadline: float) -> Iterator[str]:
    """The text of each chunk, read on a helper thread so that a server which stops
    sending mid-stream costs no more than the deadline."""
    box: queue.Queue[tuple[str, Any]] = queue.Queue()

    def pump() -> None:
        try:
            for chunk in chunks:
                box.put(("chunk", chunk))
            box.put(("done", None))
        except BaseException as exc:  # handed to the reader, who translates it
            box.put(("error", exc))

    threading.Thread(target=pump, name="ale-llm-stream", daemon=True).start()
    while True:
        remaining = deadline - time.monotonic()
        try:
            kind, item = box.get(timeout=max(remaining, 0.0))
        except queue.Empty:
            raise LLMFailure("timeout", "the model stopped answering mid-reply") from None
        if kind == "done":
            return
        if kind == "error":
            raise item
        text = item.content if isinstance(item.content, str) else ""
        if text:
            yield text
