"""A small real OpenAI-compatible HTTP server on loopback, with scripted fault modes.

`POST /v1/chat/completions` answers per `mode`: normal (JSON), stream (SSE), slow (sleeps
before answering), stall (streams three words, then goes silent for `delay`), 429
(Retry-After), 500, 503, 401, 404 (unknown model), malformed (not JSON), null_choices.
Every request body is recorded, so tests can assert what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLLM:
    def __init__(self) -> None:
        self.mode = "stream"
        self.reply = "Here is the coach's reworded answer."
        self.delay = 0.0
        self.retry_after = "1"
        # replies chosen by a word in the system prompt (e.g. the eval judge's), else `reply`
        self.reply_when: dict[str, str] = {}
        self.arrivals: list[float] = []  # time.monotonic() of each chat request
        self.embed_delay = 0.0  # seconds before each embeddings answer (slows index builds)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        # set when the server stops: handlers that wait (slow, stall) end at once instead
        # of writing, seconds later, into a connection the client gave up on
        self.stopped = threading.Event()
        self.errors: list[str] = []  # handler errors, kept here instead of printed
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def _send(
                self,
                status: int,
                body: bytes,
                content_type: str = "application/json",
                extra: dict[str, str] | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _embeddings(self, body: dict[str, Any]) -> None:
                texts = body.get("input") or []
                texts = [texts] if isinstance(texts, str) else texts
                data = []
                for index, text in enumerate(texts):
                    vector = [0.0] * 16
                    for word in str(text).lower().split():
                        vector[sum(map(ord, word)) % 16] += 1.0
                    norm = sum(v * v for v in vector) ** 0.5 or 1.0
                    data.append(
                        {
                            "object": "embedding",
                            "index": index,
                            "embedding": [v / norm for v in vector],
                        }
                    )
                answer = {
                    "object": "list",
                    "data": data,
                    "model": body.get("model", "m"),
                    "usage": {"prompt_tokens": 1, "total_tokens": 1},
                }
                self._send(200, json.dumps(answer).encode())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    owner.requests.append(json.loads(raw))
                except ValueError:
                    owner.requests.append({"raw": raw.decode("utf-8", "replace")})
                owner.headers.append(dict(self.headers))
                if self.path.endswith("/embeddings"):
                    if owner.stopped.wait(owner.embed_delay):
                        return
                    self._embeddings(json.loads(raw or b"{}"))
                    return
                owner.arrivals.append(time.monotonic())
                mode = owner.mode
                if mode == "slow" and owner.stopped.wait(owner.delay):
                    return
                if mode == "429":
                    self._send(
                        429,
                        b'{"error": {"message": "slow down"}}',
                        extra={"Retry-After": owner.retry_after},
                    )
                    return
                if mode in ("500", "503"):
                    self._send(int(mode), b'{"error": {"message": "boom"}}')
                    return
                if mode == "404":
                    self._send(404, b'{"error": {"message": "model not found"}}')
                    return
                if mode == "401":
                    self._send(401, b'{"error": {"message": "bad key"}}')
                    return
                if mode == "malformed":
                    self._send(200, b"this is not json {")
                    return
                if mode == "null_choices":
                    self._send(
                        200,
                        json.dumps(
                            {
                                "id": "x",
                                "object": "chat.completion",
                                "created": 1,
                                "model": "m",
                                "choices": None,
                            }
                        ).encode(),
                    )
                    return
                body = json.loads(raw or b"{}")
                system = " ".join(
                    str(m.get("content"))
                    for m in body.get("messages", [])
                    if m.get("role") == "system"
                )
                reply = next((r for k, r in owner.reply_when.items() if k in system), owner.reply)
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-cache")
                    self.end_headers()
                    for number, word in enumerate(reply.split(" ")):
                        if mode == "stall" and number == 3:
                            owner.stopped.wait(owner.delay)  # three words, then silence
                            return
                        chunk = {
                            "id": "c1",
                            "object": "chat.completion.chunk",
                            "created": 1,
                            "model": "m",
                            "choices": [
                                {
                                    "index": 0,
                                    "delta": {"content": word + " "},
                                    "finish_reason": None,
                                }
                            ],
                        }
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    done = {
                        "id": "c1",
                        "object": "chat.completion.chunk",
                        "created": 1,
                        "model": "m",
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                    }
                    self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                    self.wfile.flush()
                    self.close_connection = True
                    return
                answer = {
                    "id": "c1",
                    "object": "chat.completion",
                    "created": 1,
                    "model": "m",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                self._send(200, json.dumps(answer).encode())

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # a client that gave up mid-answer (the coach's deadline): not worth a
                # traceback on the test run's stderr
                import traceback

                owner.errors.append(traceback.format_exc(limit=1))

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()
