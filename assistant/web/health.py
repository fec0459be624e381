"""`GET /healthz`: whether this instance can answer, for a load balancer or a supervisor.

200 with `{"ready": true}` once the coach is built and its database answers; 503 with
`{"ready": false, "status": "..."}` while it loads, waits for its database, or could not
start. Outside the login, like a load balancer's probe needs; it says nothing about anyone's
data.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

HEALTH_PATH = "/healthz"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Check = Callable[[], tuple[bool, str]]


class Health:
    """ASGI middleware answering HEALTH_PATH with `check()`: (ready, what is happening)."""

    def __init__(self, app: Callable[..., Awaitable[None]], check: Check) -> None:
        self.app = app
        self.check = check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or scope.get("path") != HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        ready, status = await asyncio.to_thread(self.check)  # a database read may wait
        body = json.dumps({"ready": ready} if ready else {"ready": False, "status": status})
        await send(
            {
                "type": "http.response.start",
                "status": 200 if ready else 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})
