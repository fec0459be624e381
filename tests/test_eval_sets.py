"""The labelled sets in evals/: their shape, and the metrics computed on them.

The suite files carry their thresholds; the held-out suite was never used for tuning.
"""

from __future__ import annotations

import pytest

from assistant.evals.suites import LABELS, classifier_metrics, load_suite

from .conftest import EVALS

# Every labelled suite's thresholds (the held-out one too) are checked by `ale eval run evals`
# at the end of the README's test command: the same classifier on the same texts, so this
# module checks only the sets' shape and the metrics' arithmetic.


def test_labelled_set_is_big_varied_and_a_third_is_held_out() -> None:
    tune = load_suite(EVALS / "classifier-tune.yaml").cases
    held = load_suite(EVALS / "classifier-holdout.yaml").cases
    assert len(tune) + len(held) >= 200
    assert len(held) >= (len(tune) + len(held)) / 3
    assert not {c["text"] for c in tune} & {c["text"] for c in held}
    everything = tune + held
    for sphere in ("accountability", "leadership", "execution", None):
        assert sum(c["expect"]["sphere"] == sphere for c in everything) >= 40
    assert sum(bool(c["expect"].get("also")) for c in everything) >= 20
    assert {c["speaker"] for c in everything} >= {"owner", "manager", "team-member"}
    assert {c["domain"] for c in everything} == {"live-events", "other"}


def test_metrics_against_hand_computed_values() -> None:
    pairs = [
        ("execution", "execution"),
        ("execution", "accountability"),
        ("accountability", "accountability"),
        ("leadership", None),
        (None, None),
        (None, "leadership"),
    ]
    m = classifier_metrics(pairs)
    assert m["accuracy"] == pytest.approx(3 / 6)
    assert m["per_label"]["execution"] == pytest.approx(
        {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    )
    assert m["per_label"]["accountability"]["precision"] == pytest.approx(0.5)
    assert m["per_label"]["leadership"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    )
    assert m["per_label"]["null"]["f1"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0 + 0.5) / 4)
    assert m["confusion"]["leadership"]["null"] == 1
    assert set(m["confusion"]) == set(LABELS)


def test_label_without_support_or_predictions_is_left_out_of_macro_f1() -> None:
    m = classifier_metrics([("execution", "execution"), (None, None)])
    assert m["macro_f1"] == pytest.approx(1.0)
    assert m["per_label"]["leadership"]["support"] == 0


def test_also_recall_counts_the_second_problems_found_among_the_tags() -> None:
    pairs = [("execution", "execution"), ("leadership", "leadership"), (None, None)]
    also = [
        (["accountability"], ["execution", "accountability"]),  # found as a further tag
        (["execution", "accountability"], ["leadership", "execution"]),  # one of two
        ([], []),  # no second problem expected: not counted
    ]
    m = classifier_metrics(pairs, also)
    assert m["also_cases"] == 3
    assert m["also_recall"] == pytest.approx(2 / 3)
    assert classifier_metrics(pairs)["also_recall"] == 1.0  # nothing expected, nothing missed
