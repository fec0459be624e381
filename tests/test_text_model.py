"""The whole-text model: shipped weights that match their texts, and when it may speak."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from assistant.diagnosis import Classifier, text_model
from assistant.errors import KnowledgeError

from .conftest import KNOWLEDGE


def test_the_texts_are_labelled_and_the_shipped_weights_match_them() -> None:
    """Editing classifier/texts.jsonl without `ale knowledge train` would silently make
    every new data dir train at first start: this catches it."""
    from assistant.retrieval.embeddings import local_embedder  # the encoder is not loaded

    pairs = text_model.load_texts(KNOWLEDGE)
    assert len(pairs) >= 900
    assert {s for _, s in pairs} == set(text_model.LABELS)
    with np.load(KNOWLEDGE / text_model.MODEL_FILE) as saved:
        assert str(saved["digest"]) == text_model.digest(pairs, local_embedder())
        assert saved["weights"].shape == (384, len(text_model.LABELS))


def test_the_shipped_exemplar_model_matches_the_exemplars_and_spares_a_fresh_start_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing classifier/exemplars.yaml without `ale knowledge train` would make every new
    data dir train the exemplar model (about a second) at first start: this catches it."""
    from assistant.diagnosis import loading
    from assistant.diagnosis.cues import load_exemplars
    from assistant.retrieval.embeddings import local_embedder

    exemplars = load_exemplars(KNOWLEDGE)
    vectors = loading.exemplar_vectors(exemplars, local_embedder(), None)
    with np.load(KNOWLEDGE / loading.EXEMPLAR_MODEL_FILE) as saved:
        assert str(saved["digest"]) == loading.exemplar_digest(exemplars, vectors)
        weights = saved["weights"]
    trainings: list[int] = []
    real_train = loading.train_exemplar_model
    monkeypatch.setattr(
        loading, "train_exemplar_model", lambda *a: trainings.append(1) or real_train(*a)
    )
    shipped = loading.exemplar_model(
        exemplars, vectors, tmp_path / "cache", KNOWLEDGE / loading.EXEMPLAR_MODEL_FILE
    )
    assert trainings == [] and np.array_equal(shipped.weights, weights)
    # without the shipped file it is trained once, then read from the data dir's cache
    trained = loading.exemplar_model(exemplars, vectors, tmp_path / "cache", tmp_path / "none.npz")
    again = loading.exemplar_model(exemplars, vectors, tmp_path / "cache", None)
    assert trainings == [1] and np.array_equal(trained.weights, weights)
    assert np.array_equal(again.weights, weights)


def test_a_bad_text_line_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "classifier"
    folder.mkdir()
    (folder / "texts.jsonl").write_text(
        json.dumps({"text": "fine", "sphere": None})
        + "\n"
        + json.dumps({"text": "x", "sphere": "roles"})
        + "\n"
    )
    with pytest.raises(KnowledgeError, match=r"texts\.jsonl:2: field 'sphere'"):
        text_model.load_texts(tmp_path)


@pytest.mark.slow
def test_a_plain_story_no_clause_flags_is_read_from_the_whole_text(classifier: Classifier) -> None:
    story = (
        "I've worked here four years. The last two managers each brought in a new scheduling "
        "system and both got dropped after a month. Now there's a third one and honestly "
        "nobody even opens it."
    )
    clauses_only = copy.copy(classifier)
    clauses_only._text_model = None
    assert clauses_only.classify(story).sphere is None  # no clause is clear enough alone
    read = classifier.classify(story)
    assert read.sphere == "leadership" and read.tags[0].evidence  # quoted from the story
    assert read.scores == clauses_only.classify(story).scores  # search weighs clauses only
    assert read.confidence < 0.8  # tentative


@pytest.mark.slow
def test_good_news_is_not_read_as_a_problem(classifier: Classifier) -> None:
    good = classifier.classify(
        "We just wrapped festival season with no major issues. Everyone knew their job, the "
        "gear was right, and people are already asking to come back next year."
    )
    assert good.sphere is None and good.tags == ()


class _Reads:
    """A whole-text model that reads every text as one sphere with probability `p`."""

    def __init__(self, sphere: str, p: float) -> None:
        row = [(1.0 - p) / 3] * 4
        row[("accountability", "leadership", "execution").index(sphere)] = p
        self.row = np.asarray([row])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return np.repeat(self.row, len(vectors), axis=0)


@pytest.mark.slow
def test_a_long_story_its_clauses_read_weakly_is_led_by_the_whole_text(
    classifier: Classifier,
) -> None:
    story = (
        "Every Saturday the market stall opens late. Nobody is sure who has the float, the "
        "banner goes up crooked, and the card reader is flat half the time. Two of the "
        "volunteers have asked to swap to Sundays and the rest just shrug when I bring it up. "
        "It was not like this last year."
    )
    clauses = classifier.classify(story)
    assert clauses.sphere is not None and clauses.confidence < 0.6  # a weak lean
    other = next(s for s in ("execution", "leadership") if s != clauses.sphere)
    whole = copy.copy(classifier)
    whole._text_model = _Reads(other, 0.9)  # type: ignore[assignment]
    read = whole.classify(story)
    assert read.sphere == other and read.tags[0].sphere == other and read.tags[0].evidence
    assert read.scores == clauses.scores  # search still weighs the clauses
    assert read.follow_up_id is not None  # asks between the two readings
    # a reading the model is unsure of, or a short text, keeps the clauses' sphere
    whole._text_model = _Reads(other, 0.45)  # type: ignore[assignment]
    assert whole.classify(story).sphere == clauses.sphere
    whole._text_model = _Reads(other, 0.9)  # type: ignore[assignment]
    short = "Nobody is sure who has the float and the banner goes up crooked."
    assert whole.classify(short).sphere == classifier.classify(short).sphere
