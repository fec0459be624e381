"""A deterministic, explainable classifier from free text to ALE spheres.

How one text is read:

1. It is split into sentences, and sentences into clauses at contrast words ("but",
   "although", ...), so "everyone knows their role, but load-ins are sloppy" is two
   clauses that are judged apart.
2. Each clause gets two kinds of evidence per sphere:
   - **cues** (`knowledge/classifier/cues.yaml`): regular expressions for symptoms
     ("throw them under the bus") and for health ("roles are clear"). A negator just
     before a cue flips it: a negated symptom counts for nothing, a negated health cue
     ("nobody is bought in") counts as a symptom. A clause that states a sphere is
     healthy gives that sphere no evidence from the exemplars either.
   - **exemplars** (`knowledge/classifier/exemplars.yaml`): a softmax regression trained
     on the MiniLM vectors of example clauses (three spheres and "none") gives the
     clause's vector a probability per label; it counts in proportion to how close the
     nearest exemplars of that sphere are.
   The two combine as a noisy-or, and clause evidence adds up over the text.
3. Spheres whose evidence passes the tag threshold become tags, strongest first, each
   with the clauses that produced it. The strongest is the sphere.
4. When evidence is thin or the top two are close, `follow_up` is the question from the
   bank (`knowledge/questions/`) that separates the candidates.

No randomness, no LLM: the same text gives the same diagnosis in any process (the
embedder is bit-deterministic, see `assistant.retrieval.embeddings`).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.diagnosis.cues import Cue, CueSet
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.errors import InputError
from assistant.model.vocabulary import SPHERES as _SPHERES
from assistant.model.vocabulary import overlap_for
from assistant.retrieval.knowledge import Question

MAX_CHARS = 10_000
SPHERES: tuple[str, ...] = _SPHERES
EXEMPLAR_LABELS = (*SPHERES, "none")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|\s+-{1,2}\s+|\s+\u2013\s+|\s+\u2014\s+")
_SUBORDINATE = re.compile(r"^(although|though|even though|while|whereas|despite|even if)\b", re.I)
_WORD = re.compile(r"[a-z0-9']+")
_OPENERS = "\"'“‘([<"
_LEADING_JUNK = re.compile(
    r"^[\s,;:.\-\u2013\u2014]*"
    r"(?:(?:and|so|but|yet|also|then|although|though|even though|while|whereas)\b[\s,]*)?",
    re.I,
)
MAX_EVIDENCE_WORDS = 28


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Tag:
    sphere: str
    score: float
    evidence: tuple[str, ...]
    clauses: tuple[str, ...] = ()  # the clause each evidence phrase came from (same order)

    @property
    def overlap(self) -> str | None:
        return overlap_for(self.sphere)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sphere": self.sphere,
            "overlap": self.overlap,
            "score": self.score,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Diagnosis:
    sphere: str | None
    confidence: float
    scores: dict[str, float]
    tags: tuple[Tag, ...]
    follow_up: str | None = None
    follow_up_id: str | None = None
    healthy: tuple[str, ...] = ()
    trouble: bool = False
    raw: dict[str, float] = field(default_factory=dict)  # evidence before normalising

    @property
    def overlap(self) -> str | None:
        return overlap_for(self.sphere)

    def to_dict(self) -> dict[str, Any]:
        """The contract shape of `ale classify --json` (DESIGN.md)."""
        return {
            "sphere": self.sphere,
            "overlap": self.overlap,
            "confidence": self.confidence,
            "scores": dict(self.scores),
            "tags": [t.to_dict() for t in self.tags],
            "follow_up": self.follow_up,
        }


@dataclass
class _Clause:
    start: int
    end: int
    text: str
    rule: dict[str, float] = field(default_factory=dict)
    healthy: set[str] = field(default_factory=set)
    cue_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)
    weight: float = 1.0


def normalise(text: str) -> str:
    """NFKC, straight quotes, no control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        ch
        if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
        else ""
        if unicodedata.category(ch) == "Cf"  # zero-width and bidi marks
        else " "
        for ch in text
    )
    return re.sub(r"[ \t]+", " ", text).strip()


def split_clauses(text: str, contrast: re.Pattern[str]) -> list[tuple[int, int]]:
    """Clause spans: sentences, cut before contrast words, subordinate openers cut at a comma."""
    spans: list[tuple[int, int]] = []
    position = 0
    sentence_bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    sentences = []
    for start, end in [*sentence_bounds, (len(text), len(text))]:
        sentences.append((position, start))
        position = end
    for s_start, s_end in sentences:
        cuts = [s_start]
        for m in contrast.finditer(text, s_start, s_end):
            if m.start() > s_start + 1:
                cuts.append(m.start())
        cuts.append(s_end)
        for a, b in itertools.pairwise(cuts):
            piece = text[a:b]
            if _SUBORDINATE.match(piece.strip()) and "," in piece:
                comma = a + piece.index(",")
                spans.extend([(a, comma), (comma + 1, b)])
            else:
                spans.append((a, b))
    out = []
    for a, b in spans:
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] in "'\")"):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class Classifier:
    """Tag a text to spheres with cues and (optionally) exemplar similarity."""

    def __init__(
        self,
        cues: CueSet,
        questions: Sequence[Question],
        exemplars: dict[str, tuple[str, ...]] | None = None,
        embedder: Embedder | None = None,
        exemplar_vectors: np.ndarray | None = None,
        model: SoftmaxModel | None = None,
    ) -> None:
        self.cues = cues
        self.questions = tuple(sorted(questions, key=lambda q: q.id))
        self.embedder = embedder if exemplars else None
        self._labels: np.ndarray | None = None
        self._matrix: np.ndarray | None = None
        if exemplars and embedder is not None:
            texts = [t for label in EXEMPLAR_LABELS for t in exemplars[label]]
            labels = [i for i, label in enumerate(EXEMPLAR_LABELS) for _ in exemplars[label]]
            matrix = exemplar_vectors if exemplar_vectors is not None else embedder.embed(texts)
            self._matrix = np.asarray(matrix, dtype=np.float32)
            self._labels = np.asarray(labels)
            self._model = model or fit_softmax(self._matrix, self._labels, len(EXEMPLAR_LABELS))

    @property
    def uses_embeddings(self) -> bool:
        return self._matrix is not None

    # -- public -----------------------------------------------------------------------
    def classify(self, text: str, exclude_questions: Iterable[str] = ()) -> Diagnosis:
        return self.classify_many([text], exclude_questions)[0]

    def classify_many(
        self, texts: Sequence[str], exclude_questions: Iterable[str] = ()
    ) -> list[Diagnosis]:
        prepared = [self._prepare(t) for t in texts]
        clause_texts = sorted({c.text for _, clauses in prepared for c in clauses})
        vectors = self._embed(clause_texts)
        excluded = frozenset(exclude_questions)
        return [self._diagnose(norm, clauses, vectors, excluded) for norm, clauses in prepared]

    # -- steps ------------------------------------------------------------------------
    def _prepare(self, text: str) -> tuple[str, list[_Clause]]:
        if not isinstance(text, str):
            raise InputError("text must be a string")
        if len(text) > MAX_CHARS:
            raise InputError(f"text is {len(text)} characters long; the limit is {MAX_CHARS}")
        surrogate = lone_surrogate(text)
        if surrogate:
            raise InputError(f"text holds a broken character (a lone surrogate, {surrogate})")
        norm = normalise(text)
        clauses = [_Clause(a, b, norm[a:b]) for a, b in split_clauses(norm, self.cues.contrast)]
        found: list[tuple[_Clause, str, Cue, tuple[int, int]]] = []
        for cue in self.cues.all_well:
            for m in cue.regex.finditer(norm):
                clause = _clause_at(clauses, m.start())
                if clause is not None and not self._negated(norm, clause, m.start()):
                    clause.healthy.update(SPHERES)
        for sphere in SPHERES:
            for cue in self.cues.healthy[sphere]:
                for m in cue.regex.finditer(norm):
                    clause = _clause_at(clauses, m.start())
                    if clause is None:
                        continue
                    if self._negated(norm, clause, m.start()):
                        found.append((clause, sphere, cue, (m.start(), m.end())))
                    else:
                        clause.healthy.add(sphere)
            for cue in self.cues.symptoms[sphere]:
                for m in cue.regex.finditer(norm):
                    clause = _clause_at(clauses, m.start())
                    if clause is None:
                        continue
                    if cue.negatable and self._negated(norm, clause, m.start()):
                        # "nobody blames anyone here" says the sphere is fine
                        clause.healthy.add(sphere)
                    else:
                        found.append((clause, sphere, cue, (m.start(), m.end())))
        tuning = self.cues.tuning
        mechanisms = [
            (c, name) for c, name, cue, _ in found if not cue.context and name not in c.healthy
        ]
        for clause, name, cue, span in found:
            # a clause that says a sphere is healthy gives it no evidence at all
            if name in clause.healthy:
                continue
            weight = tuning.flip_weight if cue in self.cues.healthy[name] else cue.weight
            if cue.context:
                # an outcome ("we shipped the wrong console") yields to the mechanism that
                # another sphere's cue names: in the same clause entirely, elsewhere partly
                others = [c for c, other in mechanisms if other != name]
                if any(c is clause for c in others):
                    continue
                if others:
                    weight *= tuning.outside_context_factor
            _add_rule(clause, name, weight, span)
        self._weigh_emphasis(norm, clauses)
        return norm, clauses

    def _weigh_emphasis(self, text: str, clauses: list[_Clause]) -> None:
        """ "The biggest problem is..." weighs more; "a bit of ... too" weighs less."""
        t = self.cues.tuning
        for pattern, factor in (
            (self.cues.emphasis, t.emphasis_factor),
            (self.cues.minor, t.minor_factor),
        ):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                end = _sentence_end(text, m.start())
                for clause in clauses:
                    if clause.end > m.start() and clause.start < end:
                        clause.weight *= factor

    def _negated(self, text: str, clause: _Clause, start: int) -> bool:
        prefix = text[clause.start : start]
        breaks = list(self.cues.scope_break.finditer(prefix))
        if breaks:
            prefix = prefix[breaks[-1].end() :]
        words = _WORD.findall(prefix.lower())[-self.cues.tuning.negation_window :]
        negations = sum(w.split("'")[0] in self.cues.negators or w.endswith("n't") for w in words)
        return bool(negations % 2 == 1)  # "we don't lack buy-in" is not a lack

    def _embed(self, clause_texts: list[str]) -> dict[str, np.ndarray]:
        if self._matrix is None or self.embedder is None or not clause_texts:
            return {}
        vectors = self.embedder.embed(clause_texts)
        return dict(zip(clause_texts, vectors, strict=True))

    def _exemplar_votes(self, vector: np.ndarray) -> dict[str, float]:
        assert self._matrix is not None and self._labels is not None
        t = self.cues.tuning
        sims = self._matrix @ vector
        tops = []
        for i in range(len(EXEMPLAR_LABELS)):
            row = np.sort(sims[self._labels == i])[::-1][: t.exemplar_k]
            tops.append(float(row.mean()))
        probs = self._model.probabilities(vector)
        votes = {}
        for i, sphere in enumerate(SPHERES):
            # the learned vote, scaled down when even the nearest exemplars are far away
            strength = min(max((tops[i] - t.exemplar_floor) / t.exemplar_span, 0.0), 1.0)
            votes[sphere] = float(probs[i]) * strength * t.exemplar_weight
        return votes

    def _diagnose(
        self,
        text: str,
        clauses: list[_Clause],
        vectors: dict[str, np.ndarray],
        excluded: frozenset[str],
    ) -> Diagnosis:
        t = self.cues.tuning
        totals = dict.fromkeys(SPHERES, 0.0)
        healthy: set[str] = set()
        for clause in clauses:
            votes = self._exemplar_votes(vectors[clause.text]) if clause.text in vectors else {}
            healthy |= clause.healthy
            for name in SPHERES:
                rule = min(clause.rule.get(name, 0.0), 1.0)
                vote = 0.0 if name in clause.healthy else votes.get(name, 0.0)
                value = (1.0 - (1.0 - rule) * (1.0 - vote)) * clause.weight
                clause.evidence[name] = value
                totals[name] += value
        ranked = sorted(SPHERES, key=lambda s: (-round(totals[s], 9), SPHERES.index(s)))
        top = totals[ranked[0]]
        tag_spheres = [
            s
            for s in ranked
            if totals[s] >= t.tag_threshold and totals[s] >= t.secondary_ratio * top
        ]
        denominator = max(sum(totals.values()), 1.0)
        scores = {s: round(totals[s] / denominator, 3) for s in SPHERES}
        trouble = _matches(self.cues.trouble, text) and _matches(self.cues.organisation, text)
        if not tag_spheres and trouble and top >= t.tentative_threshold:
            # a problem is described and one sphere leans ahead: a tentative tag
            tag_spheres = [ranked[0]]
        tags = tuple(
            Tag(s, scores[s], *_evidence(text, clauses, s, t.tag_threshold)) for s in tag_spheres
        )
        sphere = tag_spheres[0] if tag_spheres else None
        candidates: tuple[str, ...] = ()
        if sphere is None:
            if trouble:
                candidates = SPHERES
        else:
            second = totals[ranked[1]]
            if top < t.thin_evidence or second >= t.close_ratio * top:
                candidates = (ranked[0], ranked[1]) if second > 0 else (ranked[0],)
        question = self.pick_question(candidates, text, excluded) if candidates else None
        confidence = scores[sphere] if sphere else round(1.0 - max(scores.values()), 3)
        return Diagnosis(
            sphere=sphere,
            confidence=confidence,
            scores=scores,
            tags=tags,
            follow_up=question.text if question else None,
            follow_up_id=question.id if question else None,
            healthy=tuple(s for s in SPHERES if s in healthy),
            trouble=trouble,
            raw={s: round(totals[s], 4) for s in SPHERES},
        )

    def pick_question(
        self, candidates: Sequence[str], text: str = "", excluded: frozenset[str] = frozenset()
    ) -> Question | None:
        """The bank question that best separates `candidates`, never one in `excluded`."""
        wanted = set(candidates)
        words = set(_WORD.findall(text.lower()))
        best: tuple[float, str] | None = None
        chosen = None
        for q in self.questions:
            if q.id in excluded:
                continue
            if q.separates == wanted:
                fit = 3.0
            elif wanted < q.separates:
                fit = 2.0 - 0.1 * (len(q.separates) - len(wanted))
            elif len(wanted) == 1 and wanted & q.separates:
                fit = 1.5 - 0.1 * len(q.separates)
            else:
                continue
            answer_words = set(_WORD.findall(" ".join(a.when for a in q.answers).lower()))
            fit += 0.01 * min(len(words & answer_words), 20)
            key = (fit, q.id)
            if best is None or key[0] > best[0]:
                best, chosen = key, q
        return chosen


def _sentence_end(text: str, position: int) -> int:
    m = _SENTENCE_END.search(text, position)
    return m.start() if m else len(text)


def _clause_at(clauses: list[_Clause], position: int) -> _Clause | None:
    for clause in clauses:
        if clause.start <= position < clause.end:
            return clause
    return None


def _add_rule(clause: _Clause, sphere: str, weight: float, span: tuple[int, int]) -> None:
    previous = clause.rule.get(sphere, 0.0)
    clause.rule[sphere] = 1.0 - (1.0 - previous) * (1.0 - weight)
    if sphere not in clause.cue_spans or weight > 0.5:
        clause.cue_spans.setdefault(sphere, span)


def _matches(cues: Iterable[Any], text: str) -> bool:
    return any(c.regex.search(text) for c in cues)


def lone_surrogate(text: str) -> str | None:
    """The first lone UTF-16 surrogate in `text` as U+XXXX (it cannot be stored or printed
    as UTF-8), or None."""
    found = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    return f"U+{ord(found):04X}" if found is not None else None


def _evidence(
    text: str, clauses: list[_Clause], sphere: str, threshold: float
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The quoted phrases for `sphere`, strongest first, and the clause of each."""
    ranked = sorted(
        (c for c in clauses if c.evidence.get(sphere, 0.0) >= threshold * 0.5),
        key=lambda c: (-c.evidence[sphere], c.start),
    )
    phrases: list[str] = []
    sources: list[str] = []
    for clause in ranked[:4]:
        phrase = _phrase(text, clause, clause.cue_spans.get(sphere))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
            sources.append(clause.text)
    return tuple(phrases), tuple(sources)


def _phrase(text: str, clause: _Clause, span: tuple[int, int] | None) -> str:
    """The clause, or a window of it around the cue when the clause is long."""
    words = list(re.finditer(r"\S+", text[clause.start : clause.end]))
    if len(words) > MAX_EVIDENCE_WORDS:
        centre = (span[0] - clause.start) if span else 0
        index = next((i for i, w in enumerate(words) if w.end() > centre), 0)
        first = max(0, min(index - 8, len(words) - MAX_EVIDENCE_WORDS))
        words = words[first : first + MAX_EVIDENCE_WORDS]
    if not words:
        return ""
    start = clause.start + words[0].start()
    while start > 0 and text[start - 1] in _OPENERS:  # keep the quote or bracket it opens with
        start -= 1
    phrase = text[start : clause.start + words[-1].end()]
    stripped = _LEADING_JUNK.sub("", phrase)
    if stripped != phrase:
        stripped = stripped.lstrip()
    return stripped.strip(" ,;:.").strip()


def _cached_arrays(
    cache_dir: Path | None, name: str, key: str, compute: Any
) -> dict[str, np.ndarray]:
    """Named arrays from `cache_dir/name-key.npz`, or `compute()` them and save them
    atomically (a write to a temporary file, then a rename). No cache dir: just compute."""
    path = cache_dir / f"{name}-{key}.npz" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as saved:
                return {k: saved[k] for k in saved.files}
        except (OSError, ValueError):
            pass
    arrays: dict[str, np.ndarray] = compute()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, **arrays)  # type: ignore[arg-type]
            os.replace(tmp, path)
        except OSError:
            pass
    return arrays


def exemplar_vectors(
    exemplars: dict[str, tuple[str, ...]], embedder: Embedder, cache_dir: Path | None
) -> np.ndarray:
    """Vectors of every exemplar in label order, cached on disk by content and model."""
    texts = [t for label in EXEMPLAR_LABELS for t in exemplars[label]]
    name = getattr(embedder, "name", type(embedder).__name__)
    scheme = getattr(embedder, "scheme", "")
    digest = hashlib.sha256("\n".join([name, scheme, *texts]).encode()).hexdigest()[:16]
    vectors = _cached_arrays(
        cache_dir, "exemplars", digest, lambda: {"vectors": embedder.embed(texts)}
    )["vectors"]
    if vectors.shape[0] != len(texts):  # a damaged cache: embed again
        vectors = embedder.embed(texts)
    return vectors


def load_classifier(
    knowledge_dir: Path, cache_dir: Path | None = None, mode: str = "hybrid"
) -> Classifier:
    """The classifier of `knowledge_dir`: cues and questions always, exemplars in hybrid mode."""
    from assistant.diagnosis.cues import load_cues, load_exemplars
    from assistant.retrieval.knowledge import cached_knowledge

    cues = load_cues(knowledge_dir)
    questions = cached_knowledge(knowledge_dir).questions
    if mode == "rules":
        return Classifier(cues, questions)
    from assistant.retrieval.embeddings import local_embedder

    exemplars = load_exemplars(knowledge_dir)
    embedder = local_embedder()
    vectors = exemplar_vectors(exemplars, embedder, cache_dir)
    model = _trained_model(exemplars, vectors, cache_dir)
    return Classifier(cues, questions, exemplars, embedder, vectors, model)


def _trained_model(
    exemplars: dict[str, tuple[str, ...]], vectors: np.ndarray, cache_dir: Path | None
) -> SoftmaxModel:
    """The softmax regression over the exemplar vectors, cached on disk (training is the
    slowest part of a cold start)."""
    labels = np.asarray([i for i, label in enumerate(EXEMPLAR_LABELS) for _ in exemplars[label]])
    digest = hashlib.sha256(vectors.tobytes() + labels.tobytes()).hexdigest()[:16]

    def train() -> dict[str, np.ndarray]:
        model = fit_softmax(np.asarray(vectors, dtype=np.float32), labels, len(EXEMPLAR_LABELS))
        return {"weights": model.weights, "bias": model.bias}

    arrays = _cached_arrays(cache_dir, "softmax", digest, train)
    return SoftmaxModel(arrays["weights"], arrays["bias"])
