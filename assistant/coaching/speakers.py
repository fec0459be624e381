"""The speaker model: who is asking, when no title or phrase in the lists says it.

People say who they are in more ways than a list holds: "I signed the lease on this
place", "I carry plates", "six people report to me", "I sign all their paychecks". When
the phrase lists (`Intents.role`) find nothing and the conversation has no role yet, a
softmax regression over sentence vectors reads each sentence of the message, trained on
`knowledge/coach/speakers.jsonl`: sentences of the development conversations that say
who is speaking (owner, manager or team member), and sentences that do not (`none`),
from the messages before anyone says who they are and the sentences that speak of
others. A message counts as its surest sentence, and only from `SURE` up.

The weights ship in `knowledge/coach/speakers.npz` with the digest of the texts, labels
and encoder they came from; when those change, they are trained again (and cached in
the data dir). `ale knowledge train` writes the shipped file anew.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.coaching.intents import sentences
from assistant.diagnosis import trained
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.model.vocabulary import Role
from assistant.retrieval.protocols import Embedder

TEXTS_FILE = "coach/speakers.jsonl"
MODEL_FILE = "coach/speakers.npz"
LABELS = ("none", Role.OWNER.value, Role.MANAGER.value, Role.TEAM_MEMBER.value)
PART_WORDS = 3  # a sentence this short ("Hi.") is not read on its own
SURE = 0.6  # the reading from which a sentence says who is speaking
TRAINING = "sentences-1"  # changes when `train` does


def load_speakers(knowledge_dir: Path) -> list[tuple[str, str]]:
    """(text, role) pairs; a bad line is a KnowledgeError naming the line."""
    return trained.read_labelled(
        knowledge_dir / TEXTS_FILE, f"knowledge/{TEXTS_FILE}", "role", LABELS, ", ".join(LABELS)
    )


def digest(pairs: list[tuple[str, str]], embedder: Embedder) -> str:
    """What the weights depend on: the encoder, the training and every text with its role."""
    return trained.digest(embedder, [TRAINING, *(f"{r}\t{t}" for t, r in pairs)])


def train(pairs: list[tuple[str, str]], embedder: Embedder) -> SoftmaxModel:
    vectors = embedder.embed([t for t, _ in pairs]).astype(np.float32)
    labels = np.asarray([LABELS.index(r) for _, r in pairs])
    return fit_softmax(vectors, labels, len(LABELS))


class Speakers:
    """Who a message says is speaking, read by the speaker model."""

    def __init__(self, model: SoftmaxModel, embedder: Embedder) -> None:
        self._model = model
        self._embedder = embedder

    def reading(self, text: str, clauses: Sequence[str] = ()) -> tuple[Role | None, float]:
        """The role the surest part of `text` says, and how sure; (None, 0.0) for an
        empty text. The parts are the `clauses` the classifier read when given (their
        vectors are cached, so a turn pays no second pass through the encoder), else the
        whole text and each of its sentences."""
        read = clauses or [text, *(s for s in sentences(text) if len(s.split()) >= PART_WORDS)]
        parts = list(dict.fromkeys(p for p in read if p.strip()))
        if not parts:
            return None, 0.0
        probs = self._model.probabilities(self._embedder.embed(parts))[:, 1:]
        part, label = np.unravel_index(int(probs.argmax()), probs.shape)
        return Role(LABELS[1 + int(label)]), round(float(probs[part, label]), 4)

    def role(self, text: str, clauses: Sequence[str] = ()) -> Role | None:
        """The role `text` says, when the model is sure enough (`SURE`), else None."""
        role, sure = self.reading(text, clauses)
        return role if sure >= SURE else None


def load_speaker_model(
    knowledge_dir: Path, embedder: Embedder, cache_dir: Path | None
) -> Speakers | None:
    """The shipped model when it matches the texts and the encoder, else one trained now
    (cached under `cache_dir`); None without texts."""
    pairs = load_speakers(knowledge_dir)
    if not pairs:
        return None
    key = digest(pairs, embedder)
    cached = cache_dir / f"speakers-{key}.npz" if cache_dir is not None else None
    model = trained.shipped_or_trained(
        knowledge_dir / MODEL_FILE, cached, key, lambda: train(pairs, embedder)
    )
    return Speakers(model, embedder)
