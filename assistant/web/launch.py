"""Serving the app: loopback by default, never shared, a bounded queue, logins."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import Settings
from assistant.errors import AleError
from assistant.web.app import CSS
from assistant.web.health import Check, Health
from assistant.web.login import AddressThrottle, LoginGuard
from assistant.web.public_pulse import PublicPulse

TURN_CONCURRENCY = 8  # turns answered at the same time (an LLM turn mostly waits)
QUEUE_SIZE = 32  # turns waiting beyond those; more are told the app is busy


def theme() -> gr.themes.Base:
    """The default look with system fonts: nothing is fetched from a font service."""
    system = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]
    return gr.themes.Default(font=system, font_mono=mono)


def address() -> tuple[str, int]:
    """GRADIO_SERVER_NAME and GRADIO_SERVER_PORT (default 127.0.0.1:7860), checked."""
    host = os.environ.get("GRADIO_SERVER_NAME", "").strip() or "127.0.0.1"
    port_text = os.environ.get("GRADIO_SERVER_PORT", "").strip() or "7860"
    try:
        port = int(port_text)
    except ValueError:
        raise AleError(f"GRADIO_SERVER_PORT={port_text!r} is not a port number") from None
    return host, port


# Seconds between an idle queue's looks for work. Gradio looks every millisecond on Linux,
# which keeps an idle instance at about 4 % of a core (measured in stop 65: 0.9 s of CPU in
# 20 idle seconds); every 10 ms it is about ten times less, and a turn waits at most 10 ms
# longer to start.
IDLE_POLL = 0.01


def _poll_less_when_idle(blocks: gr.Blocks) -> None:
    """Make the queue's idle loops look for work every IDLE_POLL seconds (gradio keeps
    the intervals on its private queue object; a gradio without them is left as it is)."""
    queue = getattr(blocks, "_queue", None)
    for name in ("sleep_when_free", "progress_update_sleep_when_free"):
        value = getattr(queue, name, None)
        if isinstance(value, float) and value < IDLE_POLL:
            setattr(queue, name, IDLE_POLL)


def launch(
    blocks: gr.Blocks, settings: Settings, health: Check | None = None, **kwargs: Any
) -> Any:
    """Serve on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (127.0.0.1:7860), never shared.

    Turns run at most TURN_CONCURRENCY at a time, with at most QUEUE_SIZE waiting (more
    are told the app is busy). The data dir (index, sessions, caches) is never served.
    """
    host, port = address()
    pairs = settings.auth_pairs
    blocks.queue(default_concurrency_limit=TURN_CONCURRENCY, max_size=QUEUE_SIZE)
    _poll_less_when_idle(blocks)
    from assistant.resources import checkout_dir

    # secrets files are never served: the current folder's .env, and the checkout's
    env_files = {str(Path.cwd() / ".env")}
    if (checkout := checkout_dir()) is not None:
        env_files.add(str(checkout / ".env"))
    from starlette.middleware import Middleware

    # the public pulse form sits in front of the app, outside its login (answers only)
    middleware = [Middleware(PublicPulse, settings=settings)]
    if health is not None:  # GET /healthz for a load balancer (outside the login)
        middleware.insert(0, Middleware(Health, check=health))
    if pairs:
        middleware.append(Middleware(AddressThrottle))
    app_kwargs = {"middleware": middleware}
    return blocks.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=LoginGuard(pairs) if pairs else None,
        auth_message="ALE Coach: sign in with the name and password you were given."
        if pairs
        else None,
        theme=theme(),
        css=CSS,
        footer_links=[],
        blocked_paths=[str(settings.data_dir), *env_files],
        app_kwargs=app_kwargs,
        **kwargs,
    )
