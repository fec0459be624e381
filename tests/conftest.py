"""Shared fixtures: every test gets its own data dir and no LLM configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
EVALS = ROOT / "evals"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALE_DATA_DIR", str(tmp_path / "data"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ALE_LLM",
        "ALE_CHROMA_URL",
        "ALE_CLASSIFIER",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def classifier(cache_dir: Path):  # type: ignore[no-untyped-def]
    """The real hybrid classifier: real cues, real exemplars, the real bundled MiniLM."""
    from assistant.classifier import load_classifier

    return load_classifier(KNOWLEDGE, cache_dir, "hybrid")


@pytest.fixture(scope="session")
def rules_classifier():  # type: ignore[no-untyped-def]
    from assistant.classifier import load_classifier

    return load_classifier(KNOWLEDGE, None, "rules")


def run_ale(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the real `ale` entry point in a fresh process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )


@pytest.fixture
def ale() -> Iterator[object]:
    yield run_ale
