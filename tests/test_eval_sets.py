"""The labelled sets in evals/ through the real classifier, until `ale eval` exists.

The suite files carry their thresholds; the held-out suite was never used for tuning.
"""

from __future__ import annotations

import pytest

from assistant.diagnosis.classifier import Classifier
from assistant.evals.suites import LABELS, classifier_metrics, load_suite

from .conftest import EVALS

# the tuning suite is checked by `ale eval run evals` in the same test command; the held-out
# one is also checked here, where a change to the classifier is first tested
SUITES = ["classifier-holdout.yaml"]


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


@pytest.mark.slow
@pytest.mark.parametrize("name", SUITES)
def test_classifier_meets_the_suite_thresholds(classifier: Classifier, name: str) -> None:
    suite = load_suite(EVALS / name)
    diagnoses = classifier.classify_many([c["text"] for c in suite.cases])
    metrics = classifier_metrics(
        [(c["expect"]["sphere"], d.sphere) for c, d in zip(suite.cases, diagnoses, strict=True)]
    )
    report = ", ".join(
        f"{x}: P={m['precision']:.2f} R={m['recall']:.2f} F1={m['f1']:.2f} n={m['support']}"
        for x, m in metrics["per_label"].items()
    )
    print(
        f"\n{suite.name}: accuracy={metrics['accuracy']:.3f} macro_f1={metrics['macro_f1']:.3f}; {report}"
    )
    for metric, threshold in suite.thresholds.items():
        assert metrics[metric] >= threshold, (
            f"{suite.name} {metric}={metrics[metric]:.3f} < {threshold}"
        )


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
