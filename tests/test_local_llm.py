"""A real language model end to end: llama.cpp's server with SmolLM2-135M on loopback,
through `ale chat --jsonl` with ALE_LLM=on, beside the same conversation offline."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.responders.grounding import RUN, prompt_runs

from .conftest import ROOT, run_ale
from .webapp import free_port

CONVERSATION = [
    "I manage a small clinic. Patient notes get lost at shift change because every nurse "
    "does the handover her own way and we keep forgetting the same checks.",
    "Is a daily huddle worth it?",
    "Which sphere should we fix first?",
]
MARKERS = re.compile(r"<<<|>>>|CONTEXT|Coach's note|Rewrite this", re.IGNORECASE)


def _chat(data: Path, extra: dict[str, str]) -> tuple[list[dict[str, object]], float]:
    started = time.monotonic()
    out = run_ale(
        "chat",
        "--jsonl",
        stdin="\n".join(CONVERSATION) + "\n",
        env={"ALE_DATA_DIR": str(data), **extra},
    )
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()], time.monotonic() - started


def test_a_real_model_writes_grounded_turns_and_never_changes_the_diagnosis(
    local_llm: str, warm_copy: Path
) -> None:
    offline, _ = _chat(warm_copy, {"ALE_LLM": "off"})
    turns, seconds = _chat(
        warm_copy,
        {
            "ALE_LLM": "on",
            "OPENAI_BASE_URL": local_llm,
            "ALE_MODEL": "smollm2",
            "ALE_LLM_TIMEOUT": "60",
        },
    )
    assert len(turns) == len(offline) == 3
    runs = prompt_runs(ROOT / "prompts")
    for number, (turn, base) in enumerate(zip(turns, offline, strict=True), start=1):
        print(f"\nturn {number}: {turn['mode']} {turn['fallback_reason']}\n{turn['reply'][:400]}")
        for key in ("sphere", "overlap", "problems", "action", "interventions"):
            assert turn[key] == base[key], f"turn {number}: {key} differs from the offline run"
        reply = str(turn["reply"])
        assert not MARKERS.search(reply), f"turn {number} leaked prompt markers"
        flat = " ".join(reply.lower().split())
        leaked = [
            flat[i : i + RUN] for i in range(len(flat) - RUN + 1) if flat[i : i + RUN] in runs
        ]
        assert not leaked, f"turn {number} copied the prompt: {leaked[0]!r}"
        if turn["mode"] == "fallback":
            assert turn["fallback_reason"] in ("timeout", "error", "ungrounded")
        else:
            assert turn["mode"] == "llm" and turn["fallback_reason"] is None
    assert any(turn["mode"] == "llm" for turn in turns), "the model wrote no turn"
    assert seconds <= 240, f"three turns took {seconds:.0f} s"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _serve(port: int, deaf: bool = False) -> subprocess.Popen[str]:
    """`ale llm serve` on `port`, read up to its "Ctrl-C" line (the server is ready).
    `deaf`: started with SIGINT ignored and blocked, as a background shell job or a test
    runner's worker may leave it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "llm", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        preexec_fn=_ignore_sigint if deaf else None,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.stdout is not None:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C" in line:
            break
    printed = "".join(lines)
    assert f"export OPENAI_BASE_URL=http://127.0.0.1:{port}/v1" in printed, printed
    assert "export ALE_LLM=on" in printed
    return process


def _answers(port: int) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=5) as answer:
            return "smollm2" in answer.read().decode()
    except (urllib.error.URLError, OSError):
        return False


@pytest.mark.parametrize("deaf", [False, True], ids=["plain", "sigint-ignored-and-blocked"])
def test_ale_llm_serve_prints_the_settings_and_stops_on_ctrl_c(deaf: bool) -> None:
    port = free_port()
    process = _serve(port, deaf)
    try:
        assert _answers(port)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)  # the server gets 5 s to stop on its own, then is killed
        except subprocess.TimeoutExpired:
            # where it hangs: its signal masks, and (SIGABRT makes the child's faulthandler
            # print every thread's stack) its stack
            status = Path(f"/proc/{process.pid}/status").read_text()
            masks = [line for line in status.splitlines() if line.startswith("Sig")]
            process.send_signal(signal.SIGABRT)
            _, err = process.communicate(timeout=10)
            pytest.fail(f"`ale llm serve` still runs 30 s after Ctrl-C ({masks}):\n{err}")
        assert process.returncode in (0, 130), process.stderr.read() if process.stderr else ""
        assert not _answers(port)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_killed_ale_llm_serve_leaves_no_model_server_behind() -> None:
    port = free_port()
    process = _serve(port)
    try:
        assert _answers(port)
        process.kill()  # SIGKILL: no chance to stop the server itself
        process.wait(10)
        deadline = time.monotonic() + 20
        while _answers(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _answers(port), "the model server outlived `ale llm serve`"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
