"""The coach, built in the background while the web app already serves its page.

A first start on a fresh data dir builds the knowledge index (half a minute to two
minutes on a small machine). `Startup` runs the build in a thread and keeps a `Status`
that the page polls: what is happening, how far along (done / total), and whether the
coach is ready or could not be built. No gradio here, so it is tested on its own.

    Startup(coach_builder(settings)).start()   # the real build, with progress
    Startup.ready(coach)                       # a coach that is already built
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.coaching.coach import Coach
from assistant.config import Settings
from assistant.errors import AleError

if TYPE_CHECKING:
    from assistant.storage.sql import Database

INDEX_STAGE = "Building the knowledge index"


@dataclass(frozen=True)
class Status:
    """Where the start is: a stage, its counts when it has them, ready, or an error."""

    stage: str
    done: int = 0
    total: int = 0
    unit: str = ""
    ready: bool = False
    error: str | None = None

    @property
    def loading(self) -> bool:
        return not self.ready and self.error is None

    @property
    def message(self) -> str:
        """One sentence for the page and the log."""
        if self.error is not None:
            return f"ALE Coach could not start: {self.error.rstrip('.')}."
        if self.ready:
            return "ALE Coach is ready."
        if self.total:
            return f"{self.stage}: {self.done} / {self.total} {self.unit}".rstrip()
        return f"{self.stage}…"


class NotReady(AleError):
    """The coach is still loading, or could not be built; the message says which."""

    def __init__(self, status: Status) -> None:
        self.status = status
        if status.error is not None:
            text = f"{status.message} Fix that and restart the app."
        else:
            counts = f", {status.done} of {status.total} {status.unit}" if status.total else ""
            text = (
                f"ALE Coach is still loading ({status.stage.lower()}{counts}). "
                "Try again in a moment."
            )
        super().__init__(text)


class Report(Protocol):
    """How a builder says what it is doing: a stage, with counts when it has them."""

    def __call__(self, stage: str, done: int = 0, total: int = 0, unit: str = "") -> None: ...


Builder = Callable[[Report], Coach]
Listener = Callable[[Status], None]


def coach_builder(settings: Settings) -> Builder:
    """The real build: the knowledge index (built on first use, with progress), the
    classifier, sessions and LLM through the composition root, then a warm-up."""

    def build(report: Report) -> Coach:
        from assistant.wiring import build_coach, build_store

        def progress(done: int, total: int) -> None:
            report(INDEX_STAGE, done, total, "passages")

        def waiting() -> None:
            report("Waiting for another instance to build the knowledge index")

        # the database opened here stays open for the coach's repositories (a process
        # opens each database once and shares it), so it is not connected to twice
        held = None
        if settings.database_url:
            report("Opening the database")
            held = wait_for_database(settings, report)
        try:
            report("Opening the knowledge index")
            store = build_store(settings, progress=progress, waiting=waiting)
            report("Loading the classifier")
            coach = build_coach(settings, store=store)
        finally:
            if held is not None:
                held.close()
        report("Warming up")
        coach.warm()
        return coach

    return build


DATABASE_PAUSE = 2.0  # seconds between tries of a database that is not reachable yet


def wait_for_database(
    settings: Settings, report: Report, tries: int | None = None, pause: float = DATABASE_PAUSE
) -> Database:
    """The database, opened (and migrated), retrying while it is not reachable: in a
    cluster the app may start before its database, and it comes up by itself once the
    database does (`tries`: None keeps trying; a wrong URL is a ConfigError at once).
    The caller closes it."""
    import itertools
    import time

    from assistant.storage import open_database
    from assistant.storage.base import SessionError

    for attempt in itertools.count(1):
        try:
            return open_database(settings)
        except SessionError as exc:
            if tries is not None and attempt >= tries:
                raise
            report(f"Waiting for the database ({exc}; try {attempt}, again in {pause:g} s)")
            time.sleep(pause)
    raise AssertionError("unreachable")  # itertools.count never ends


class Startup:
    """Builds the coach once, in a background thread, and tells anyone who asks how far
    it got. `coach()` hands it out when ready and raises `NotReady` until then."""

    def __init__(self, builder: Builder, listener: Listener | None = None) -> None:
        self._builder = builder
        self._listeners: list[Listener] = [listener] if listener is not None else []
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._status = Status("Starting")
        self._coach: Coach | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def ready(cls, coach: Coach) -> Startup:
        """A start that is already over: the web app around a coach built by the caller."""
        startup = cls(lambda report: coach)
        startup._finish(coach, Status("Ready", ready=True))
        return startup

    def start(self) -> Startup:
        """Begin the build in a daemon thread (once); returns at once."""
        with self._lock:
            if self._thread is None and not self._finished.is_set():
                self._thread = threading.Thread(target=self.run, name="ale-startup", daemon=True)
                self._thread.start()
        return self

    def run(self) -> None:
        """The build itself (the thread's body); never raises."""
        try:
            coach = self._builder(self._report)
        except AleError as exc:
            self._finish(None, Status(self._status.stage, error=str(exc)))
        except Exception as exc:  # a bug: the log gets the traceback, the page a sentence
            traceback.print_exc(file=sys.stderr)
            error = f"an unexpected {type(exc).__name__} ({self._status.stage.lower()}); the server log has the details."
            self._finish(None, Status(self._status.stage, error=error))
        else:
            if coach.sessions is None:
                error = "the web app needs a coach with a session store."
                self._finish(None, Status(self._status.stage, error=error))
            else:
                self._finish(coach, Status("Ready", ready=True))

    def _report(self, stage: str, done: int = 0, total: int = 0, unit: str = "") -> None:
        if self._finished.is_set():
            return
        self._set(Status(stage, done, total, unit))

    def _finish(self, coach: Coach | None, status: Status) -> None:
        with self._lock:
            self._coach = coach
            self._status = status
            self._finished.set()
        self._tell(status)

    def _set(self, status: Status) -> None:
        with self._lock:
            self._status = status
        self._tell(status)

    def _tell(self, status: Status) -> None:
        for listener in list(self._listeners):
            listener(status)

    def add_listener(self, listener: Listener) -> None:
        """Call `listener` with every change of status from now on (and at once with the
        final status when the start is already over)."""
        with self._lock:
            self._listeners.append(listener)
            over = self._finished.is_set()
        if over:
            listener(self.status())

    def status(self) -> Status:
        with self._lock:
            return self._status

    def wait(self, timeout: float | None = None) -> Status:
        """The status once the start is over (ready or failed), or after `timeout` seconds."""
        self._finished.wait(timeout)
        return self.status()

    def coach(self, wait: float = 0.0) -> Coach:
        """The coach; waits up to `wait` seconds for it, then raises `NotReady`."""
        if wait > 0:
            self._finished.wait(wait)
        with self._lock:
            if self._coach is not None:
                return self._coach
            status = self._status
        raise NotReady(status)
