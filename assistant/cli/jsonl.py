"""JSON Lines input for the batch commands: lines in batches, without stalling a pipe.

From a file, lines come in batches of up to `limit`. From stdin, a batch holds the lines
that have already arrived (up to `limit`): a producer that writes one line and waits for
the answer gets it at once, and a large piped file is still processed in big batches.
Bytes that are not valid UTF-8 are replaced, never fatal.
"""

from __future__ import annotations

import os
import select
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import InputError

BATCH = 64


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").rstrip("\r\n")


def _file_batches(path: Path, limit: int) -> Iterator[list[str]]:
    with path.open("rb") as stream:
        batch: list[str] = []
        for raw in stream:
            batch.append(_decode(raw))
            if len(batch) >= limit:
                yield batch
                batch = []
        if batch:
            yield batch


def _fd_batches(fd: int, limit: int) -> Iterator[list[str]]:
    pending = b""
    ready: list[str] = []
    eof = False
    while True:
        while b"\n" in pending and len(ready) < limit:
            line, pending = pending.split(b"\n", 1)
            ready.append(_decode(line))
        if ready and (len(ready) >= limit or eof or not select.select([fd], [], [], 0)[0]):
            yield ready
            ready = []
            continue
        if eof:
            if pending:
                yield [_decode(pending)]
            return
        chunk = os.read(fd, 1 << 16)
        if chunk:
            pending += chunk
        else:
            eof = True


def batches(source: str, stdin_fd: int = 0, limit: int = BATCH) -> Iterator[list[str]]:
    """Batches of lines (newline removed) from a file path, or stdin for '-'."""
    if source == "-":
        return _fd_batches(stdin_fd, limit)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    return _file_batches(path, limit)
