"""Serving the web app from the command line: `python app.py` or `python -m assistant.web`.

Offline by default; honours GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, ALE_AUTH and the
other ALE_* settings (see README). The page is served at once; the coach is built in the
background (a first start builds the knowledge index) while the page shows its progress.
The log gets one line per step.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.web.startup import Startup, Status


def log_status(status: Status) -> None:
    """One log line per start-up step: to stdout, or stderr when the start failed."""
    failed = status.error is not None
    line = (
        status.message if status.message.startswith("ALE Coach") else f"ALE Coach: {status.message}"
    )
    print(line, file=sys.stderr if failed else sys.stdout, flush=True)


def health_check(startup: Startup) -> Callable[[], tuple[bool, str]]:
    """Ready when the coach is built and its database answers (a cheap read)."""

    def check() -> tuple[bool, str]:
        from assistant.errors import AleError

        status = startup.status()
        if not status.ready:
            return False, status.message
        try:
            sessions = startup.coach().sessions
            if sessions is not None:
                sessions.sessions("-health-check-", 1)  # one indexed read, no one's data
        except AleError as exc:
            return False, str(exc)
        return True, status.message

    return check


def main() -> int:
    from assistant.config import Settings
    from assistant.errors import AleError

    try:
        settings = Settings.from_env()
        settings.auth_pairs  # noqa: B018 - check ALE_AUTH before anything starts
        from assistant.web import Startup, address, build, coach_builder, launch

        address()  # a bad GRADIO_SERVER_PORT is told before the build starts
        startup = Startup(coach_builder(settings), log_status)
        blocks = build(startup, settings)
        print("ALE Coach: serving the page; the coach loads in the background…", flush=True)
        startup.start()
        launch(blocks, settings, health=health_check(startup))
    except AleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
