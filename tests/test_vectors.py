"""The shipped vectors (knowledge/vectors.npz): up to date with the knowledge base, the
same bits the model computes, and used instead of the model for the texts they cover."""

from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.diagnosis.cues import load_exemplars
from assistant.retrieval.chunks import knowledge_chunks
from assistant.retrieval.embeddings import SHIPPED, LocalEmbedder, local_embedder, read_vectors
from assistant.retrieval.knowledge import load_knowledge

from .conftest import KNOWLEDGE


def own_texts() -> list[str]:
    texts = [c.embed_text for c in knowledge_chunks(load_knowledge(KNOWLEDGE).documents)]
    return texts + [t for group in load_exemplars(KNOWLEDGE).values() for t in group]


def test_the_shipped_vectors_cover_every_passage_and_exemplar() -> None:
    shipped = read_vectors(KNOWLEDGE / SHIPPED, LocalEmbedder.name, LocalEmbedder.scheme)
    missing = [t[:60] for t in own_texts() if t not in shipped]
    assert not missing, (
        f"{len(missing)} knowledge texts are not in knowledge/{SHIPPED} (first: {missing[0]!r}): "
        "run `ale knowledge vectors` after changing knowledge files"
    )


def test_a_file_for_another_model_or_scheme_is_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.npz"
    vectors = np.ones((1, 384), dtype=np.float32)
    np.savez(
        path,
        model=np.asarray("other"),
        scheme=np.asarray(LocalEmbedder.scheme),
        texts=np.asarray(["a"]),
        vectors=vectors,
    )
    assert read_vectors(path, LocalEmbedder.name, LocalEmbedder.scheme) == {}
    path.write_bytes(b"not a numpy file")
    assert read_vectors(path, LocalEmbedder.name, LocalEmbedder.scheme) == {}


@pytest.mark.slow
def test_shipped_vectors_are_the_bits_the_model_computes() -> None:
    sample = random.Random(5).sample(own_texts(), 24)
    fresh = LocalEmbedder().embed(sample)  # no shipped seed: every text through the model
    seeded = LocalEmbedder(shipped=KNOWLEDGE / SHIPPED)
    assert np.array_equal(seeded.embed(sample), fresh)
    assert seeded._model is None  # covered texts never load the model
    assert local_embedder().embed(sample[:3]).shape == (3, 384)
