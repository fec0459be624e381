"""The opener model: a first message that only hints at trouble is asked about, a hello
is welcomed; shipped weights match their texts; a bad line names itself."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.coaching import openers
from assistant.errors import KnowledgeError

from .conftest import KNOWLEDGE


def test_the_openers_are_labelled_and_the_shipped_weights_match_them() -> None:
    """Editing coach/openers.jsonl without `ale knowledge train` would make every new data
    dir train at first start: this catches it."""
    from assistant.retrieval.embeddings import local_embedder  # the encoder is not loaded

    pairs = openers.load_openers(KNOWLEDGE)
    kinds = [k for _, k in pairs]
    assert len(pairs) >= 400 and kinds.count("vague") >= 150 and kinds.count("greet") >= 150
    with np.load(KNOWLEDGE / openers.MODEL_FILE) as saved:
        assert str(saved["digest"]) == openers.digest(pairs, local_embedder())
        assert saved["weights"].shape == (384, len(openers.KINDS))


def test_a_bad_opener_line_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "openers.jsonl").write_text(
        json.dumps({"text": "hi there", "kind": "greet"})
        + "\n"
        + json.dumps({"text": "meh", "kind": "sad"})
        + "\n"
    )
    with pytest.raises(KnowledgeError, match=r"openers\.jsonl:2: field 'kind'"):
        openers.load_openers(tmp_path)
    (folder / "openers.jsonl").write_text("not json\n")
    with pytest.raises(KnowledgeError, match=r"openers\.jsonl:1"):
        openers.load_openers(tmp_path)


class _Words:
    """A toy encoder: one axis for words of unease, one for everything else."""

    name = "toy"
    scheme = "words"

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            uneasy = sum(w in text.lower() for w in ("dread", "knot", "sucks", "off"))
            rows.append([float(uneasy), 1.0])
        return np.asarray(rows, dtype=np.float32)


def test_a_message_scores_as_its_most_uneasy_sentence(tmp_path: Path) -> None:
    (tmp_path / "coach").mkdir()
    lines = [{"text": f"hello, I run shop {i}. we sell bread", "kind": "greet"} for i in range(6)]
    lines += [{"text": f"honestly I dread work {i}", "kind": "vague"} for i in range(6)]
    (tmp_path / "coach" / "openers.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines)
    )
    model = openers.load_opener_model(tmp_path, _Words(), tmp_path / "cache")
    assert model is not None
    intro = "Hi, I own a bakery with six people. We open at five. Lately I dread Mondays."
    assert model.vague(intro) > 0.5 > model.vague("Hi, I own a bakery with six people.")
    assert list((tmp_path / "cache").glob("openers-*.npz"))  # trained once, then cached
    assert openers.load_opener_model(tmp_path / "none", _Words(), None) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("message", "action"),
    [
        # written for this test; none is in knowledge/coach/openers.jsonl
        (
            "Hi, I run an aquarium shop with six staff and I've had a knot in my stomach "
            "about the place for weeks.",
            "follow_up",
        ),
        ("idk, work kinda sucks rn", "follow_up"),
        ("Morning! I look after the front desk at a vet clinic, three years now.", "greet"),
        ("Hello, I manage a small team of electricians. Just seeing what this does.", "greet"),
    ],
)
def test_the_real_coach_asks_about_a_hint_and_welcomes_a_hello(
    warm_data: Path, message: str, action: str
) -> None:
    from assistant.config import Settings
    from assistant.wiring import build_coach

    coach = build_coach(
        Settings.from_env({"ALE_DATA_DIR": str(warm_data), "ALE_LLM": "off"}),
        with_sessions=False,
    )
    turn = coach.reply(message).to_dict()
    assert turn["action"] == action, turn["reply"]
    assert turn["problems"] == []
