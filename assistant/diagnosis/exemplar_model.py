"""A softmax regression over exemplar vectors: the classifier's learned vote.

Trained at load time on `knowledge/classifier/exemplars.yaml` with plain full-batch
gradient descent from zeros, a fixed number of steps and no shuffling, so the same
exemplars always give the same weights. On whole texts it beats nearest-exemplar
voting (see the commit that introduced it for the figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SoftmaxModel:
    weights: np.ndarray  # (dimensions, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors.astype(np.float64) @ self.weights + self.bias
        logits -= logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        result: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
        return result


def fit_softmax(
    vectors: np.ndarray,
    labels: np.ndarray,
    n_labels: int,
    steps: int = 3000,
    rate: float = 5.0,
    l2: float = 1e-3,
) -> SoftmaxModel:
    x = vectors.astype(np.float64)
    targets = np.eye(n_labels)[labels]
    weights = np.zeros((x.shape[1], n_labels))
    bias = np.zeros(n_labels)
    for _ in range(steps):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        grad = (probs - targets) / len(x)
        weights -= rate * (x.T @ grad + l2 * weights)
        bias -= rate * grad.sum(axis=0)
    return SoftmaxModel(weights, bias)
