"""The speaker model: who is asking when no phrase in the lists says it ("I signed the
lease", "nobody reports to me"); it never overrules a role already said; shipped weights
match their texts; a bad line names itself."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.coaching import speakers
from assistant.errors import KnowledgeError

from .conftest import KNOWLEDGE


def test_the_speaker_sentences_are_labelled_and_the_shipped_weights_match_them() -> None:
    """Editing coach/speakers.jsonl without `ale knowledge train` would make every new
    data dir train at first start: this catches it."""
    from assistant.retrieval.embeddings import local_embedder  # the encoder is not loaded

    pairs = speakers.load_speakers(KNOWLEDGE)
    roles = [r for _, r in pairs]
    assert len(pairs) >= 1500 and min(roles.count(r) for r in speakers.LABELS) >= 250
    with np.load(KNOWLEDGE / speakers.MODEL_FILE) as saved:
        assert str(saved["digest"]) == speakers.digest(pairs, local_embedder())
        assert saved["weights"].shape == (384, len(speakers.LABELS))


def test_a_bad_speaker_line_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "speakers.jsonl").write_text(
        json.dumps({"text": "I own the place", "role": "owner"})
        + "\n"
        + json.dumps({"text": "I am the king", "role": "king"})
        + "\n"
    )
    with pytest.raises(KnowledgeError, match=r"speakers\.jsonl:2: field 'role'"):
        speakers.load_speakers(tmp_path)
    (folder / "speakers.jsonl").write_text('{"text": "no role"}\n')
    with pytest.raises(KnowledgeError, match=r"speakers\.jsonl:1"):
        speakers.load_speakers(tmp_path)


class _Words:
    """A toy encoder: an axis each for words of owning, of leading, of others' orders."""

    name = "toy"
    scheme = "words"
    AXES = (("lease", "paycheck"), ("report to me", "my staff"), ("i just", "my boss"))

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = [
            [float(any(w in t.lower() for w in axis)) for axis in self.AXES] + [1.0] for t in texts
        ]
        return np.asarray(rows, dtype=np.float32)


def test_a_message_is_read_by_its_surest_sentence(tmp_path: Path) -> None:
    (tmp_path / "coach").mkdir()
    lines = [{"text": f"I signed the lease {i}", "role": "owner"} for i in range(8)]
    lines += [{"text": f"four report to me {i}", "role": "manager"} for i in range(8)]
    lines += [
        {"text": f"i just take orders from my boss {i}", "role": "team-member"} for i in range(8)
    ]
    lines += [{"text": f"the fryer is dirty again {i}", "role": "none"} for i in range(8)]
    (tmp_path / "coach" / "speakers.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines)
    )
    model = speakers.load_speaker_model(tmp_path, _Words(), tmp_path / "cache")
    assert model is not None
    told = "The fryer is dirty again and nobody cleans it. I signed the lease in 2019, so."
    assert model.role(told) == "owner"
    assert model.role("The fryer is dirty again and nobody cleans it.") is None
    assert model.reading("") == (None, 0.0)
    assert list((tmp_path / "cache").glob("speakers-*.npz"))  # trained once, then cached
    assert speakers.load_speaker_model(tmp_path / "none", _Words(), None) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("message", "role"),
    [
        # written for this test; none is in knowledge/coach/speakers.jsonl, and the phrase
        # lists find no role in any of them
        (
            "Morning. The loan for the bakery is in my name. The sourdough comes out "
            "different every day depending on who mixed it.",
            "owner",
        ),
        (
            "I'm about as junior as it gets at a print shop. Every job ticket gets filled "
            "in a different way.",
            "team-member",
        ),
        (
            "I take on, train and schedule the pickers at our warehouse. Half the pallets "
            "go out without the paperwork checked.",
            "manager",
        ),
    ],
)
def test_the_real_coach_hears_who_is_speaking_without_a_title(
    coach, message: str, role: str
) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.intents import Intents

    assert Intents(KNOWLEDGE).role(message) is None  # the lists alone would miss it
    turn = coach.reply(message).to_dict()
    assert turn["role"] == role, turn["reply"]


@pytest.mark.slow
def test_the_model_never_overrules_a_role_already_said(coach) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.state import State

    state = State()
    first = coach.reply("I'm the general manager of a print shop, forty staff.", state=state)
    assert first.to_dict()["role"] == "manager"
    # alone, this reads as a team member; after "general manager", the role stands
    alone = (
        "I'm about as junior as it gets at a print shop. Every job ticket gets filled "
        "in a different way."
    )
    assert coach.reply(alone).to_dict()["role"] == "team-member"
    assert coach.reply(alone, state=state).to_dict()["role"] == "manager"


class _Counting:
    """Wraps an encoder and records every text it is asked for."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.name, self.scheme = inner.name, inner.scheme
        self.asked: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.asked += list(texts)
        return self.inner.embed(texts)


def test_the_model_reads_the_clauses_the_classifier_read(tmp_path: Path) -> None:
    """Given the classifier's clauses, the model encodes those and nothing else (in the
    real coach they are already in the encoder's cache, so a turn costs no second pass);
    without them it reads the whole text and its sentences."""
    (tmp_path / "coach").mkdir()
    lines = [{"text": f"I signed the lease {i}", "role": "owner"} for i in range(8)]
    lines += [{"text": f"the fryer is dirty again {i}", "role": "none"} for i in range(8)]
    (tmp_path / "coach" / "speakers.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines)
    )
    counting = _Counting(_Words())
    model = speakers.load_speaker_model(tmp_path, counting, None)
    assert model is not None
    told = "The fryer is dirty again and nobody cleans it. I signed the lease in 2019, so."
    clauses = ("The fryer is dirty again and nobody cleans it", "I signed the lease in 2019, so")
    counting.asked.clear()
    assert model.role(told, clauses) == "owner"
    assert counting.asked == list(clauses)
    counting.asked.clear()
    assert model.role(told) == "owner"
    assert counting.asked[0] == told and len(counting.asked) == 3


@pytest.mark.slow
def test_a_turn_reads_the_speaker_from_vectors_the_classifier_made(coach) -> None:  # type: ignore[no-untyped-def]
    """The speaker model must not double a turn's encoding work (`ale bench`'s turn
    figures): every clause it reads was encoded by the classifier in the same turn."""
    message = (
        "The loan for the flower shop is in my name. Every florist wraps the bouquets a "
        "different way."
    )
    diagnosis = coach.classifier.classify(message)
    assert diagnosis.clauses and all(c in message for c in diagnosis.clauses)
    counting = _Counting(coach.policy.speakers._embedder)
    model = speakers.Speakers(coach.policy.speakers._model, counting)
    model.reading(message, diagnosis.clauses)
    assert counting.asked == list(diagnosis.clauses)
    cached = coach.classifier.embedder._cache  # what the encoder will not compute again
    assert all(c in cached for c in diagnosis.clauses)
