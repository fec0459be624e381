"""Load: many conversations at once across app instances, through the `/chat` API.

`ale bench --cluster` runs it twice, side by side: one instance on SQLite (the embedded
default) and two instances sharing PostgreSQL and a Chroma server. Each conversation sends
its turns round-robin to the instances (turn 1 to one, turn 2 to the next...), so every
turn after the first continues on another instance than the one before: only a stateless
app keeps it together. Afterwards every conversation's turns are counted in the database:
a turn answered but not stored is "lost".
"""

from __future__ import annotations

import secrets
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.cluster import ChatError, chat

MESSAGES = (
    "Our kitchen keeps running out of prep because nobody owns the morning checklist.",
    "The managers say one thing and the owner says another, so the team just waits.",
    "Every release, the same config step gets missed because it lives in one person's head.",
    "When a patient is handed over between shifts, half the notes never make it across.",
    "People nod in the meeting and then go back to doing it the old way.",
    "which sphere should we fix first?",
)


@dataclass
class LoadResult:
    label: str
    instances: int
    conversations: int
    seconds: float
    turns: int = 0
    errors: int = 0
    lost: int = 0
    turns_per_s: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def drive(
    label: str,
    urls: Sequence[str],
    stored_turns: Callable[[str], int],
    conversations: int = 20,
    seconds: float = 60.0,
    turn_timeout: float = 120.0,
) -> LoadResult:
    """`conversations` threads, each one conversation sending turns until `seconds` have
    passed; then each conversation's stored turns are counted with `stored_turns(id)`."""
    if not urls:
        raise ValueError("no instance to drive")
    tag = secrets.token_hex(3)
    latencies: list[float] = []
    answered: dict[str, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(conversations + 1)
    deadline = [0.0]

    def converse(n: int) -> None:
        session = f"load-{tag}-{n:03d}"
        done = 0
        start.wait(timeout=60)
        turn = 0
        while time.monotonic() < deadline[0]:
            url = urls[(n + turn) % len(urls)]
            message = MESSAGES[(n + turn) % len(MESSAGES)]
            began = time.perf_counter()
            try:
                chat(url, message, session, timeout=turn_timeout)
            except ChatError as exc:
                with lock:
                    errors.append(str(exc))
            else:
                elapsed = time.perf_counter() - began
                done += 1
                with lock:
                    latencies.append(elapsed)
            turn += 1
        with lock:
            answered[session] = done

    threads = [
        threading.Thread(target=converse, args=(n,), daemon=True) for n in range(conversations)
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait(timeout=60)
    for thread in threads:
        thread.join(timeout=seconds + turn_timeout + 30)
    wall = time.monotonic() - began
    lost = sum(max(0, count - stored_turns(session)) for session, count in answered.items())
    result = LoadResult(label, len(urls), conversations, round(wall, 1))
    result.turns = len(latencies)
    result.errors = len(errors) + sum(1 for t in threads if t.is_alive())
    result.lost = lost
    result.turns_per_s = round(len(latencies) / wall, 2) if wall else 0.0
    result.p50_ms = round(statistics.median(latencies) * 1000, 1) if latencies else 0.0
    result.p95_ms = round(percentile(latencies, 0.95) * 1000, 1)
    result.error_samples = errors[:3]
    return result


def table(results: Sequence[LoadResult]) -> list[str]:
    """The README's Markdown table of load results."""
    lines = [
        "| setup | instances | conversations | seconds | turns | turns/s | p50 ms | p95 ms | errors | lost |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.label} | {r.instances} | {r.conversations} | {r.seconds:g} | {r.turns} | "
            f"{r.turns_per_s:g} | {r.p50_ms:g} | {r.p95_ms:g} | {r.errors} | {r.lost} |"
        )
    return lines


def run_cluster(
    conversations: int = 20,
    seconds: float = 60.0,
    step: Callable[[str], None] | None = None,
    extra: dict[str, str] | None = None,
) -> list[LoadResult]:
    """The side-by-side load run: one instance on SQLite, then two instances on PostgreSQL
    and a Chroma server (each started fresh, offline, in a temporary folder)."""
    import tempfile
    from pathlib import Path

    from assistant.cluster import Cluster, app_instance
    from assistant.config import Settings
    from assistant.storage import NO_OWNER, open_sessions
    from assistant.storage.sqlite import SqliteSessionRepo

    say = step or (lambda message: None)
    env = {"ALE_LLM": "off", **(extra or {})}
    results = []
    with tempfile.TemporaryDirectory(prefix="ale-load-") as tmp:
        folder = Path(tmp)
        say("starting one instance on SQLite")
        with app_instance(folder / "sqlite", folder / "sqlite.log", env) as url:
            say(f"{conversations} conversations for {seconds:g} s on SQLite")
            repo = SqliteSessionRepo.in_data_dir(folder / "sqlite")
            try:
                results.append(
                    drive(
                        "SQLite, one instance",
                        [url],
                        lambda s: len(repo.turns(s, NO_OWNER)),
                        conversations,
                        seconds,
                    )
                )
            finally:
                repo.close()
        with Cluster(folder / "cluster", 2, say, env) as cluster:
            say(f"{conversations} conversations for {seconds:g} s across two instances")
            sessions = open_sessions(
                Settings(data_dir=folder / "reader", database_url=cluster.postgres_url)
            )
            try:
                results.append(
                    drive(
                        "PostgreSQL + Chroma server, two instances",
                        cluster.app_urls,
                        lambda s: len(sessions.turns(s, NO_OWNER)),
                        conversations,
                        seconds,
                    )
                )
            finally:
                sessions.close()
    return results
