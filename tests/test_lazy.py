"""Heavy libraries load only when a command needs them, and once per process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

HEAVY = ("torch", "transformers", "gradio", "chromadb", "langchain_core", "openai")

PROBE = """
import json, sys
from typer.testing import CliRunner
from assistant.cli.main import app
result = CliRunner().invoke(app, {args!r})
print(json.dumps({{"code": result.exit_code, "loaded": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def loaded_by(args: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["classify", "--rules-only", "--json", "Nobody owns the venue call."],
        ["eval", "--help"],
        ["knowledge", "check"],
        ["checkup", "items", "--json"],
        ["pulse", "--help"],
    ],
)
def test_light_commands_import_no_heavy_library(args: list[str]) -> None:
    outcome = loaded_by(args)
    assert outcome["code"] == 0
    assert outcome["loaded"] == [], f"{args} imported {outcome['loaded']}"


@pytest.mark.slow
def test_one_embedding_model_serves_the_classifier_and_the_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.config import Settings
    from assistant.diagnosis import load_classifier
    from assistant.retrieval.embeddings import local_embedder
    from assistant.retrieval.store import Store

    from .conftest import KNOWLEDGE

    classifier = load_classifier(KNOWLEDGE, None, "hybrid")
    store = Store(Settings.from_env({"ALE_DATA_DIR": str(tmp_path)}))
    assert classifier.embedder is local_embedder()
    assert store.embedder is local_embedder()


def test_every_sub_package_imports_first_in_a_fresh_interpreter() -> None:
    """No import cycle between the stages: each sub-package can be the first one loaded."""
    stages = sorted(
        f"assistant.{p.name}"
        for p in (ROOT / "assistant").iterdir()
        if (p / "__init__.py").is_file() and p.name not in ("web", "_data")
    )
    packages = [*stages, "assistant.wiring", "assistant.config", "assistant.resources"]
    assert len(packages) >= 12
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", f"import {name}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for name in packages
    }
    failed = {}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            failed[name] = err.strip().splitlines()[-1:]
    assert failed == {}


@pytest.mark.slow
def test_a_chat_turn_and_a_classification_never_import_torch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The encoder runs in numpy: a whole turn (index, classifier, a text outside the
    shipped vectors) and a hybrid classification load neither torch nor transformers."""
    probe = """
import json, sys
from assistant.config import Settings
from assistant.wiring import build_coach
coach = build_coach(Settings.from_env({"ALE_DATA_DIR": sys.argv[1]}))
turn = coach.reply("Our dispatch board is never updated, so two drivers go to one job.", "lazy-1")
print(json.dumps({"sphere": turn.sphere, "loaded": [m for m in ("torch", "transformers") if m in sys.modules]}))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["loaded"] == [] and outcome["sphere"]
