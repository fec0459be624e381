"""JSON Lines input for the batch commands: lines in batches, without stalling a pipe.

From a file, lines come in batches of up to `limit`. From stdin, a batch holds the lines
that have already arrived (up to `limit`): a producer that writes one line and waits for
the answer gets it at once, and a large piped file is still processed in big batches.
Bytes that are not valid UTF-8 are replaced, never fatal.
"""

from __future__ import annotations

import io
import os
import select
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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


def _stream_batches(stream: IO[Any], limit: int) -> Iterator[list[str]]:
    """Lines of a stream without a file descriptor (stdin replaced in-process), one at a time."""
    for raw in stream:
        yield [_decode(raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace"))]


def batches(source: str, stdin: IO[Any], limit: int = BATCH) -> Iterator[list[str]]:
    """Batches of lines (newline removed) from a file path, or from `stdin` for '-'."""
    if source == "-":
        try:
            fd = stdin.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation):
            return _stream_batches(stdin, limit)
        return _fd_batches(fd, limit)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    return _file_batches(path, limit)
