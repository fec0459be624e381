"""The classifier's data: symptom cues and exemplars, loaded from `knowledge/classifier/`.

Both files are validated strictly; an error names the file and the field, for example
`knowledge/classifier/cues.yaml: field 'spheres.execution.symptoms[3].pattern': ...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import KnowledgeError
from assistant.model.vocabulary import SPHERES, Sphere
from assistant.patterns import Compiled, compiled
from assistant.retrieval.knowledge import ID_PATTERN, load_yaml_data, relative_source
from assistant.validation import describe

CUES_FILE = "classifier/cues.yaml"
EXEMPLARS_FILE = "classifier/exemplars.yaml"


# People type "dont", "isnt", "nobodys" on a phone: a cue's "n't" and "'s" match with or
# without the apostrophe, so each cue needs one spelling only.
_OPTIONAL_APOSTROPHE = re.compile(r"(n)(?:\\x27|')(t)|(?:\\x27|')(s)\b(?![?*+{])")


def _apostrophes_optional(pattern: str) -> str:
    return _OPTIONAL_APOSTROPHE.sub(
        lambda m: f"{m.group(1)}\\x27?{m.group(2)}" if m.group(1) else f"\\x27?{m.group(3)}",
        pattern,
    )


def _compile(pattern: str) -> Compiled:
    try:
        return compiled(_apostrophes_optional(pattern))
    except re.error as exc:
        raise ValueError(f"is not a valid regular expression: {exc}") from None


class CueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    pattern: str = Field(min_length=2)
    weight: float = Field(default=0.7, gt=0, le=1)
    negatable: bool = True
    context: bool = False
    note: str | None = None

    @field_validator("pattern")
    @classmethod
    def _valid_regex(cls, value: str) -> str:
        _compile(value)
        return value


class SphereCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    symptoms: tuple[CueSpec, ...] = Field(min_length=1)
    healthy: tuple[CueSpec, ...] = ()


class Tuning(BaseModel):
    """Thresholds of the classifier; see the comments in cues.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    tag_threshold: float = Field(gt=0)
    tentative_threshold: float = Field(gt=0)
    emphasis_factor: float = Field(ge=1, le=5)
    minor_factor: float = Field(gt=0, le=1)
    outside_context_factor: float = Field(ge=0, le=1)
    secondary_ratio: float = Field(gt=0, le=1)
    thin_evidence: float = Field(gt=0)
    close_ratio: float = Field(gt=0, le=1)
    flip_weight: float = Field(gt=0, le=1)
    negation_window: int = Field(ge=1, le=10)
    exemplar_k: int = Field(ge=1, le=20)
    exemplar_floor: float = Field(ge=-1, le=1)
    exemplar_span: float = Field(gt=0, le=2)
    exemplar_weight: float = Field(gt=0, le=1)
    text_null_below: float = Field(default=0.0, ge=0, le=1)
    text_min_words: int = Field(default=20, ge=1, le=200)
    text_story_words: int = Field(default=0, ge=0, le=1000)
    text_override_from: float = Field(default=1.0, ge=0, le=1)
    text_override_below: float = Field(default=0.0, ge=0, le=1)


class CuesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    kind: str
    tuning: Tuning
    negators: tuple[str, ...] = Field(min_length=1)
    scope_breaks: tuple[str, ...] = ()
    ceased: tuple[CueSpec, ...] = ()
    contrast: tuple[str, ...] = Field(min_length=1)
    emphasis: tuple[str, ...] = ()
    minor: tuple[str, ...] = ()
    trouble: tuple[CueSpec, ...] = Field(min_length=1)
    organisation: tuple[CueSpec, ...] = Field(min_length=1)
    routine: tuple[CueSpec, ...] = ()
    all_well: tuple[CueSpec, ...] = ()
    requests: tuple[CueSpec, ...] = ()
    own_feelings: tuple[CueSpec, ...] = ()
    spheres: dict[Sphere, SphereCues]

    @field_validator("spheres")
    @classmethod
    def _all_spheres(cls, value: dict[Sphere, SphereCues]) -> dict[Sphere, SphereCues]:
        missing = [s for s in SPHERES if s not in value]
        if missing:
            raise ValueError(f"needs cues for every sphere; missing: {', '.join(missing)}")
        return value


class ExemplarsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    kind: str
    exemplars: dict[str, tuple[str, ...]]

    @field_validator("exemplars")
    @classmethod
    def _labels(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        allowed = (*SPHERES, "none")
        for label, lines in value.items():
            if label not in allowed:
                raise ValueError(f"unknown label {label!r}; use {', '.join(allowed)}")
            if len(lines) < 3:
                raise ValueError(f"label {label!r} needs at least 3 exemplars")
            if any(not line.strip() for line in lines):
                raise ValueError(f"label {label!r} has an empty exemplar")
        missing = [label for label in allowed if label not in value]
        if missing:
            raise ValueError(f"missing labels: {', '.join(missing)}")
        return value


@dataclass(frozen=True)
class Cue:
    id: str
    regex: Compiled
    weight: float
    negatable: bool = True
    context: bool = False


@dataclass(frozen=True)
class CueSet:
    """Compiled cues, ready for matching."""

    tuning: Tuning
    negators: frozenset[str]
    scope_break: re.Pattern[str]
    ceased: tuple[Cue, ...]  # read right after a symptom: it has stopped
    contrast: re.Pattern[str]
    emphasis: re.Pattern[str] | None
    minor: re.Pattern[str] | None
    trouble: tuple[Cue, ...]
    organisation: tuple[Cue, ...]
    routine: tuple[Cue, ...]
    all_well: tuple[Cue, ...]
    requests: tuple[Cue, ...]
    own_feelings: tuple[Cue, ...]
    symptoms: dict[str, tuple[Cue, ...]]
    healthy: dict[str, tuple[Cue, ...]]

    def from_outside(self, text: str) -> bool:
        """Whether `text` tells of trouble from outside the team: an outsider behaving
        badly ("the landlord never turns up") or bad luck ("the grid went down")."""
        return any(c.regex.search(text) for c in self.own_feelings if c.id in _OUTSIDE)


# the own-feelings cues that tell of trouble from outside
_OUTSIDE = ("outsider", "outsiders-plural", "bad-luck")


def _validate(model: type[BaseModel], data: dict[str, Any], source: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, problem, _ = describe(exc)
        raise KnowledgeError(source, field or "file", problem) from None


def _cues(specs: tuple[CueSpec, ...]) -> tuple[Cue, ...]:
    return tuple(Cue(s.id, _compile(s.pattern), s.weight, s.negatable, s.context) for s in specs)


def _words_regex(words: tuple[str, ...], punctuation: str = "") -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    marks = f"[{re.escape(punctuation)}]|" if punctuation else ""
    return re.compile(rf"{marks}\b(?:{alternatives})\b", re.IGNORECASE)


def load_cues(knowledge_dir: Path) -> CueSet:
    path = knowledge_dir / CUES_FILE
    source = relative_source(path, knowledge_dir)
    spec: CuesFile = _validate(CuesFile, load_yaml_data(path, "cues", knowledge_dir), source)
    ids = [c.id for s in spec.spheres.values() for c in (*s.symptoms, *s.healthy)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(source, "spheres", f"duplicate cue ids: {', '.join(duplicates)}")
    return CueSet(
        tuning=spec.tuning,
        negators=frozenset(n.lower() for n in spec.negators),
        scope_break=_words_regex(spec.scope_breaks or ("and",), punctuation=",;:()"),
        ceased=_cues(spec.ceased),
        contrast=_words_regex(spec.contrast),
        emphasis=_words_regex(spec.emphasis) if spec.emphasis else None,
        minor=_words_regex(spec.minor) if spec.minor else None,
        trouble=_cues(spec.trouble),
        organisation=_cues(spec.organisation),
        routine=_cues(spec.routine),
        all_well=_cues(spec.all_well),
        requests=_cues(spec.requests),
        own_feelings=_cues(spec.own_feelings),
        symptoms={s: _cues(c.symptoms) for s, c in spec.spheres.items()},
        healthy={s: _cues(c.healthy) for s, c in spec.spheres.items()},
    )


def load_exemplars(knowledge_dir: Path) -> dict[str, tuple[str, ...]]:
    path = knowledge_dir / EXEMPLARS_FILE
    source = relative_source(path, knowledge_dir)
    spec: ExemplarsFile = _validate(
        ExemplarsFile, load_yaml_data(path, "exemplars", knowledge_dir), source
    )
    return {label: tuple(line.strip() for line in lines) for label, lines in spec.exemplars.items()}
