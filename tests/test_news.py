"""The news model: after a diagnosis, progress told in words the phrase lists do not hold
is news, not a new symptom; a problem told then is still a problem; shipped weights match
their texts; a bad line names itself."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.coaching import news
from assistant.errors import KnowledgeError

from .conftest import KNOWLEDGE

PROBLEM = (
    "I run a small restaurant. Every closing cook does the closing steps their own way, "
    "nothing is written down, and the morning crew finds the prep half done."
)


def test_the_news_texts_are_labelled_and_the_shipped_weights_match_them() -> None:
    """Editing coach/news.jsonl without `ale knowledge train` would make every new data
    dir train at first start: this catches it."""
    from assistant.retrieval.embeddings import local_embedder  # the encoder is not loaded

    pairs = news.load_news(KNOWLEDGE)
    kinds = [k for _, k in pairs]
    assert len(pairs) >= 500 and kinds.count("news") >= 150 and kinds.count("problem") >= 300
    with np.load(KNOWLEDGE / news.MODEL_FILE) as saved:
        assert str(saved["digest"]) == news.digest(pairs, local_embedder())
        assert saved["weights"].shape == (2 * 384, len(news.KINDS))


def test_a_bad_news_line_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "news.jsonl").write_text(
        json.dumps({"text": "it worked", "kind": "news"})
        + "\n"
        + json.dumps({"text": "meh", "kind": "gossip"})
        + "\n"
    )
    with pytest.raises(KnowledgeError, match=r"news\.jsonl:2: field 'kind'"):
        news.load_news(tmp_path)
    (folder / "news.jsonl").write_text("[1, 2]\n")
    with pytest.raises(KnowledgeError, match=r"news\.jsonl:1"):
        news.load_news(tmp_path)


class _Words:
    """A toy encoder: one axis for words of progress, one for everything else."""

    name = "toy"
    scheme = "words"

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = [
            [float(sum(w in t.lower() for w in ("in a row", "zero", "since"))), 1.0] for t in texts
        ]
        return np.asarray(rows, dtype=np.float32)


def test_news_is_read_from_the_whole_message(tmp_path: Path) -> None:
    (tmp_path / "coach").mkdir()
    lines = [{"text": f"zero misses {i} weeks in a row", "kind": "news"} for i in range(6)]
    lines += [{"text": f"the van is left open again {i}", "kind": "problem"} for i in range(6)]
    (tmp_path / "coach" / "news.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines)
    )
    model = news.load_news_model(tmp_path, _Words(), tmp_path / "cache")
    assert model is not None
    assert model.reports("Four Sundays in a row, zero gaps since we pinned the sheet.")
    assert not model.reports("The drivers leave the van open again.")
    assert model.score("  ") == 0.0
    assert list((tmp_path / "cache").glob("news-*.npz"))  # trained once, then cached
    assert news.load_news_model(tmp_path / "none", _Words(), None) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("message", "action"),
    [
        # written for this test (none is in knowledge/coach/news.jsonl); the phrase lists
        # hear no news in the first two
        (
            "We pinned a one-page closing sheet inside the walk-in door. Four Sundays in a "
            "row the morning crew found everything prepped.",
            "affirm",
        ),
        (
            "Tried the huddle on Monday. Everyone turned up, and two people asked for it weekly.",
            "affirm",
        ),
        (
            "The new sheet is there but half the crew still ignores it and laughs about it.",
            "recommend",
        ),
    ],
)
def test_after_a_diagnosis_progress_is_news_and_a_problem_is_a_problem(
    coach, message: str, action: str
) -> None:  # type: ignore[no-untyped-def]
    from assistant.coaching.intents import Intents
    from assistant.coaching.state import State

    if action == "affirm":
        assert not Intents(KNOWLEDGE).brings_good_news(message)  # the lists alone miss it
    state = State()
    assert coach.reply(PROBLEM, state=state).to_dict()["action"] == "recommend"
    stored = len(state.evidence)
    turn = coach.reply(message, state=state).to_dict()
    assert turn["action"] == action, turn["reply"]
    assert (len(state.evidence) > stored) is (action == "recommend")
