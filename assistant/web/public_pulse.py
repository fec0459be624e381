"""The public pulse form: answering a team pulse with its code and nothing else.

`PublicPulse` is ASGI middleware that serves one path, PULSE_PATH, in front of the Gradio
app and outside its login: GET shows the form (the code may come in the query string),
POST stores one anonymous answer. It accepts answers only: it shows no results, says
nothing about other pulses, and answers a wrong code like an unknown one. Submissions are
limited per client address (ADDRESS_LIMIT per WINDOW) and per code (CODE_LIMIT per
WINDOW); beyond that the answer is refused with 429 and nothing is stored.

The page is plain HTML with no script, under a strict Content-Security-Policy.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from assistant.config import Settings
from assistant.errors import AleError
from assistant.web.login import _recent

PULSE_PATH = "/pulse"
WINDOW = 600.0  # seconds
ADDRESS_LIMIT = 20  # submissions per client address per window
CODE_LIMIT = 200  # answers per pulse code per window
MAX_BODY = 16_384  # bytes: the form is far smaller
ROLES = (
    ("", "Not said"),
    ("owner", "Owner"),
    ("manager", "Manager"),
    ("team-member", "Team member"),
)
HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Limits:
    """Sliding-window counters for addresses and codes (in memory, per app process)."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self.seen: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, limit: int, now: float | None = None) -> bool:
        """Count one use of `key` unless it already had `limit` in the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = _recent(self.seen, key, now, self.window)
            if len(recent) >= limit:
                return False
            self.seen.setdefault(key, []).append(now)
            return True


class PublicPulse:
    """ASGI middleware serving the public pulse form at PULSE_PATH (see the module text)."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        settings: Settings,
        address_limit: int = ADDRESS_LIMIT,
        code_limit: int = CODE_LIMIT,
    ) -> None:
        self.app = app
        self.settings = settings
        self.address_limit = address_limit
        self.code_limit = code_limit
        self.limits = Limits()
        self._repo: Any = None
        self._repo_lock = threading.Lock()

    def repo(self) -> Any:
        with self._repo_lock:
            if self._repo is None:
                from assistant.storage import open_checkups

                self._repo = open_checkups(self.settings)
            return self._repo

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).rstrip("/")
        if scope.get("type") != "http" or path != PULSE_PATH:
            await self.app(scope, receive, send)
            return
        method = scope.get("method")
        if method == "GET":
            query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
            code = (query.get("code") or [""])[0][:32]
            await _respond(send, 200, self.page(code=code))
            return
        if method != "POST":
            await _respond(send, 405, self.page(problem="Use the form on this page."))
            return
        body = await _read_body(receive)
        if body is None:
            await _respond(send, 413, self.page(problem="That form was too large."))
            return
        client = scope.get("client") or ("unknown", 0)
        status, page = await _in_thread(self.answer, str(client[0]), body)
        await _respond(send, status, page)

    def answer(self, address: str, body: bytes) -> tuple[int, str]:
        """Check and store one submission; (status, page)."""
        from assistant.checkup import parse_answers, role_group
        from assistant.checkup.pulse import answer_pulse, find_pulse
        from assistant.checkup.statements import cached_statements

        fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"), max_num_fields=64)
        code = (fields.get("code") or [""])[0][:32]
        role = (fields.get("role") or [""])[0]
        if not self.limits.allow(f"address:{address}", self.address_limit):
            return 429, self.page(
                code=code, problem="Too many answers from this network just now; try again later."
            )
        try:
            statements = cached_statements(self.settings.knowledge_dir)
            pulse = find_pulse(self.repo(), code)
            group = role_group(role or None)
            given: dict[str, Any] = {}
            for item in statements.items:
                value = (fields.get(item.id) or [""])[0]
                if value:
                    given[item.id] = int(value) if value.isdigit() else value
            answers = parse_answers(given, statements)
            if not self.limits.allow(f"code:{pulse.code}", self.code_limit):
                return 429, self.page(
                    code=code,
                    problem="This pulse is taking many answers just now; try again later.",
                )
            answer_pulse(self.repo(), pulse.code, group, answers)
        except AleError as exc:
            return 400, self.page(code=code, problem=str(exc), kept=fields)
        return 200, self.page(thanks=pulse.team)

    def page(
        self,
        code: str = "",
        problem: str | None = None,
        thanks: str | None = None,
        kept: dict[str, list[str]] | None = None,
    ) -> str:
        from assistant.checkup.statements import load_statements
        from assistant.render.environment import render

        try:
            statements = load_statements(self.settings.knowledge_dir, check_fixes=False)
            items = statements.items
            labels = statements.labels
        except AleError as exc:
            items, labels, problem = (), (), f"The checkup is unavailable: {exc}"
        chosen = {k: v[0] for k, v in (kept or {}).items() if v}
        return render(
            "pulse_form.html.j2",
            path=PULSE_PATH,
            code=code,
            problem=problem,
            thanks=thanks,
            items=[{"id": i.id, "text": i.text, "chosen": chosen.get(i.id, "")} for i in items],
            labels=list(labels),
            roles=ROLES,
            role=chosen.get("role", ""),
        )


async def _in_thread(fn: Callable[..., tuple[int, str]], *args: Any) -> tuple[int, str]:
    """Run the (blocking: SQLite) storing off the event loop."""
    return await asyncio.to_thread(fn, *args)


async def _read_body(receive: Receive) -> bytes | None:
    """The request body, or None when it is larger than MAX_BODY."""
    body = b""
    for _ in range(10_000):  # bounded: a body arrives in a few chunks
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            return None
        if not message.get("more_body"):
            break
    return body


async def _respond(send: Send, status: int, page: str) -> None:
    data = page.encode("utf-8")
    headers = [*HEADERS, (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
