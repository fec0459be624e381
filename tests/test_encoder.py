"""The numpy encoder against the reference: the same model run by torch and transformers
(installed with the model package), on real texts from the evaluation sets."""

from __future__ import annotations

import json

import numpy as np
import pytest

from .conftest import EVALS

pytestmark = pytest.mark.slow


def reference_vectors(texts: list[str]) -> np.ndarray:
    """Mean-pooled, normalised vectors from transformers' BertModel, one text at a time."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from assistant.retrieval.embeddings import model_path

    path = str(model_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    rows = []
    with torch.inference_mode():
        for text in texts:
            encoded = tokenizer(text, truncation=True, max_length=256, return_tensors="pt")
            hidden = model(**encoded).last_hidden_state[0]
            pooled = hidden.mean(dim=0)
            rows.append((pooled / pooled.norm()).numpy())
    return np.stack(rows)


def test_the_numpy_encoder_gives_the_reference_vectors() -> None:
    from assistant.retrieval.embeddings import model_path
    from assistant.retrieval.encoder import MiniLM

    texts = []
    for name in ("classifier-holdout.jsonl", "real/real-dev.jsonl"):
        for line in (EVALS / name).read_text().splitlines()[:15]:
            texts.append(json.loads(line)["text"])
    texts += ["ok", "Nobody owns it. " * 120, "émoji 🎤 and “curly quotes”, naïve café"]
    encoder = MiniLM(model_path())
    ours = np.stack([encoder.encode(t) for t in texts])
    theirs = reference_vectors(texts)
    cosines = np.sum(ours * theirs, axis=1)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert cosines.min() >= 0.99999, (cosines.min(), texts[int(cosines.argmin())])
    long = encoder.tokens("Nobody owns it. " * 120)
    assert len(long) == 256  # truncated as the model was trained (max_seq_length)


def test_shared_passes_give_the_bits_of_one_text_per_pass() -> None:
    """A batch shares passes (split over two threads when there are two cores) only
    because each text's rows come out the same wherever they sit; with sharing turned off
    every text gets its own pass, and the vectors must not differ in a single bit."""
    from assistant.retrieval.embeddings import model_path
    from assistant.retrieval.encoder import MAX_ROWS, MiniLM, _padded

    texts = [
        json.loads(line)["text"]
        for line in (EVALS / "real/real-dev.jsonl").read_text().splitlines()[:30]
    ]
    texts += ["ok", "Nobody owns it. " * 120, "Nobody owns it. " * 119, "a"]
    encoder = MiniLM(model_path())
    shared = encoder.encode_many(texts)
    rows = sum(_padded(len(encoder.tokens(t))) for t in texts)
    assert rows > MAX_ROWS  # more than one pass, one of them split at a text boundary
    encoder._batching = False
    alone = encoder.encode_many(texts)
    assert np.array_equal(shared, alone)
    assert np.array_equal(encoder.encode(texts[3]), shared[3])
