"""The schema of an evaluation suite file (evals/README.md), as pydantic models.

`SuiteFile` is the YAML file itself; each kind of case has its own model, chosen by
the suite's `kind` (`CASE_MODELS`). A case may carry extra fields for slicing results
(`speaker`, `domain`, `covers`...); everything under `expect`, a turn and `checks` is
closed, so an unknown name there is an error. Checks whose message matters say it
themselves (`_rule`, `_one_of`, `FieldProblem`); `assistant.evals.suites` turns a
`ValidationError` into a `SuiteError` naming file and field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from assistant.model.vocabulary import (
    CONTRACT_ACTIONS,
    INDUSTRIES,
    OVERLAPS,
    ROLES,
    SPHERES,
    Overlap,
    Role,
    Sphere,
)

Kind = Literal["classifier", "retrieval", "conversation", "judge"]
Mode = Literal["offline", "llm", "fallback"]
SUITE_KINDS: tuple[Kind, ...] = ("classifier", "retrieval", "conversation", "judge")
MODES: tuple[Mode, ...] = ("offline", "llm", "fallback")
LABELS: tuple[str, ...] = (*(s.value for s in SPHERES), "null")  # "null": no ALE problem
METRIC_PARTS = ("precision", "recall", "f1")
CLASSIFIER_METRICS = ("accuracy", "macro_f1", "micro_f1", "also_recall")


class FieldProblem(ValueError):
    """Raised inside a validator to name the field (below the model) a check is about."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _rule(ok: Callable[[Any], bool], problem: str) -> BeforeValidator:
    """A check on the raw value whose failure reads as `problem`."""

    def check(value: Any) -> Any:
        if not ok(value):
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


def _one_of(choices: tuple[str, ...], nullable: bool = False) -> BeforeValidator:
    """A choice among fixed words (and null, when `nullable`), naming them when wrong."""
    listed = ", ".join(choices) + (" or null" if nullable else "")

    def check(value: Any) -> Any:
        if (value is None and nullable) or (isinstance(value, str) and value in choices):
            return value
        raise ValueError(f"must be one of {listed}, got {value!r}")

    return BeforeValidator(check)


Text = Annotated[
    str, _rule(lambda v: isinstance(v, str) and bool(v.strip()), "must be a non-empty string")
]
Flag = Annotated[bool | None, _rule(lambda v: isinstance(v, bool), "must be true or false")]
Share = Annotated[
    float, _rule(lambda v: _number(v) and 0 <= v <= 1, "must be a number from 0 to 1")
]
CaseId = Annotated[
    str | int,
    _rule(lambda v: isinstance(v, str) or _whole(v), "must be a string or a whole number"),
]
Strings = Annotated[
    list[str],
    _rule(
        lambda v: isinstance(v, list) and all(isinstance(s, str) and s for s in v),
        "must be a list of strings",
    ),
]
Phrases = Annotated[
    list[str] | None,
    _rule(
        lambda v: isinstance(v, list) and all(isinstance(s, str) and s for s in v),
        "must be a list of words or phrases, e.g. [execution]",
    ),
]
SphereOrNull = Annotated[Sphere | None, _one_of(SPHERES, nullable=True)]
SphereName = Annotated[Sphere, _one_of(SPHERES)]


class _Closed(BaseModel):
    """A mapping whose every key must be a known field (or check)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    noun: ClassVar[str] = "field"

    @model_validator(mode="before")
    @classmethod
    def _known_names(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = [info.alias or name for name, info in cls.model_fields.items()]
            unknown = [key for key in data if key not in known]
            if unknown:
                problem = f"is not a known {cls.noun} ({', '.join(known)})"
                raise FieldProblem(str(unknown[0]), problem)
        return data


class _Case(BaseModel):
    """What every case has: an id. Extra fields (speaker, covers...) are kept for slicing."""

    model_config = ConfigDict(extra="allow", frozen=True)
    id: CaseId


class ClassifierExpect(_Closed):
    sphere: SphereOrNull
    also: list[SphereName] | None = None


class ClassifierCase(_Case):
    text: Text
    expect: ClassifierExpect


class RetrievalExpect(_Closed):
    sphere: SphereOrNull = None
    overlap: Annotated[Overlap | None, _one_of(OVERLAPS, nullable=True)] = None
    sources: Strings = []
    ids: Strings = []

    @model_validator(mode="after")
    def _something_relevant(self) -> RetrievalExpect:
        if not self.sources and not self.ids:
            problem = "name at least one relevant source file (or passage id)"
            raise FieldProblem("sources", problem)
        return self


class RetrievalCase(_Case):
    query: Text
    expect: RetrievalExpect


class TurnExpect(_Closed):
    """Per-turn checks; only the ones a case writes are run (see `model_fields_set`)."""

    noun: ClassVar[str] = "check"
    asks_follow_up: Flag = None
    sphere_is: SphereOrNull = None
    intervention_kind_is: Annotated[Overlap | None, _one_of(OVERLAPS)] = None
    cites_source: Flag = None
    mentions: Phrases = None
    not_mentions: Phrases = None
    mode_is: Annotated[Mode | None, _one_of(MODES)] = None
    action_is: Annotated[str | None, _one_of(CONTRACT_ACTIONS)] = None
    role_is: Annotated[Role | None, _one_of(ROLES, nullable=True)] = None
    industry_is: Annotated[str | None, _one_of(INDUSTRIES, nullable=True)] = None
    problems_count: Annotated[
        int | None, _rule(lambda v: _whole(v) and v >= 0, "must be a whole number, 0 or more")
    ] = None
    problem_spheres: Annotated[
        list[Sphere] | None,
        _rule(
            lambda v: isinstance(v, list) and all(x in SPHERES for x in v),
            f"must be a list of spheres ({', '.join(SPHERES)})",
        ),
    ] = None
    stores_evidence: Flag = None
    notice_given: Flag = None
    names_changed_from: Annotated[Sphere | None, _one_of(SPHERES)] = None
    # committed actions in the conversation's plan (cases with a `setup` keep a session)
    plan_items: Annotated[
        int | None, _rule(lambda v: _whole(v) and v >= 0, "must be a whole number, 0 or more")
    ] = None
    plan_statuses: Annotated[
        list[str] | None,
        _rule(
            lambda v: isinstance(v, list) and all(x in ("open", "done", "dropped") for x in v),
            "must be a list of statuses (open, done, dropped)",
        ),
    ] = None
    plan_notes: Annotated[
        int | None, _rule(lambda v: _whole(v) and v >= 0, "must be a whole number, 0 or more")
    ] = None


class ConversationChecks(_Closed):
    noun: ClassVar[str] = "check"
    diagnosed_within_turns: Annotated[
        int | None,
        _rule(lambda v: _whole(v) and v >= 1, "must be a whole number of turns, 1 or more"),
    ] = None
    no_intervention_before_clear: Flag = None
    max_repeat: Share | None = None
    no_live_event_words: Flag = None


class Turn(_Closed):
    user: Text
    expect: TurnExpect | None = None


class PlanSetup(_Closed):
    """A plan item in place before the conversation starts (due relative to today)."""

    title: Text
    owner: Text
    measure: Text
    due_in_days: Annotated[int, _rule(_whole, "must be a whole number of days")] = 0
    source: str | None = None


class CheckupSetup(_Closed):
    """A checkup taken before the conversation: every statement answered healthily except
    those of `weakest`, answered `level` (1 worst .. 5 best)."""

    weakest: Annotated[Sphere, _one_of(SPHERES)]
    level: Annotated[int, _rule(lambda v: _whole(v) and 1 <= v <= 5, "must be 1 to 5")] = 1


class Setup(_Closed):
    noun: ClassVar[str] = "setup field"
    plan: list[PlanSetup] = []
    checkups: list[CheckupSetup] = []


class ConversationCase(_Case):
    turns: Annotated[
        list[Turn],
        _rule(lambda v: isinstance(v, list) and bool(v), "must be a non-empty list of turns"),
    ]
    checks: ConversationChecks | None = None
    # with a setup, the conversation is a stored session with its plan and checkups
    setup: Setup | None = None


def _yes_no(value: Any) -> Any:
    """YAML reads a bare yes/no as true/false: take them back as the words."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


class JudgeCase(_Case):
    turns: Annotated[
        list[str],
        _rule(
            lambda v: (
                isinstance(v, list) and bool(v) and all(isinstance(t, str) and t.strip() for t in v)
            ),
            "must be a non-empty list of messages (strings)",
        ),
    ]
    question: Text
    choices: list[str]
    pass_: list[str] = Field(alias="pass")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """Choices default to [yes, no]; pass defaults to the first choice."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key in ("choices", "pass"):
            if isinstance(data.get(key), list):
                data[key] = [_yes_no(c) for c in data[key]]
        data.setdefault("choices", ["yes", "no"])
        if "pass" not in data and isinstance(data["choices"], list):
            data["pass"] = data["choices"][:1]
        return data

    @field_validator("choices", mode="before")
    @classmethod
    def _words(cls, value: Any) -> Any:
        if (
            not isinstance(value, list)
            or len(value) < 2
            or not all(isinstance(c, str) and re.fullmatch(r"[a-z][a-z-]*", c) for c in value)
            or len(set(value)) != len(value)
        ):
            raise ValueError("must be two or more distinct lower-case words")
        return value

    @model_validator(mode="after")
    def _passing_choices(self) -> JudgeCase:
        if not self.pass_ or not set(self.pass_) <= set(self.choices):
            raise FieldProblem("pass", "must list the choices that count as a pass")
        return self


Case = ClassifierCase | RetrievalCase | ConversationCase | JudgeCase
CASE_MODELS: dict[str, type[Case]] = {
    "classifier": ClassifierCase,
    "retrieval": RetrievalCase,
    "conversation": ConversationCase,
    "judge": JudgeCase,
}
TURN_CHECKS: tuple[str, ...] = tuple(TurnExpect.model_fields)
CONVERSATION_CHECKS: tuple[str, ...] = tuple(ConversationChecks.model_fields)


LLM_METRICS = ("llm_share", "ungrounded_share")  # conversation suites played with an LLM


def known_metric(kind: str, name: str, k: int = 3) -> bool:
    """Whether a threshold may name this metric for a suite of this kind."""
    parts = name.split(".")
    if kind == "classifier":
        return name in CLASSIFIER_METRICS or (
            len(parts) == 3
            and parts[0] == "per_label"
            and parts[1] in LABELS
            and parts[2] in METRIC_PARTS
        )
    if kind == "retrieval":
        return name in (f"hit_at_{k}", f"sphere_hit_at_{k}", "mrr", f"recall_at_{k}")
    if kind == "conversation":
        checks = (*TURN_CHECKS, *CONVERSATION_CHECKS)
        return name in ("pass_rate", *LLM_METRICS) or (
            len(parts) == 2 and parts[0] == "checks" and parts[1] in checks
        )
    return name == "pass_rate"


def _or_empty(empty: Any, ok: Callable[[Any], bool], problem: str) -> BeforeValidator:
    """Like `_rule`, reading a missing value (null) as `empty`."""

    def check(value: Any) -> Any:
        if value is None:
            return empty
        if not ok(value):
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


class SuiteFile(_Closed):
    """One suite file; `cases` is a list of raw cases or the name of a .jsonl file."""

    name: Text
    kind: Annotated[Kind, _one_of(SUITE_KINDS)]
    description: Annotated[str, _or_empty("", lambda v: isinstance(v, str), "must be text")] = ""
    k: Annotated[
        int, _rule(lambda v: _whole(v) and 1 <= v <= 50, "must be a whole number from 1 to 50")
    ] = 3
    thresholds: Annotated[
        dict[str, Share],
        _or_empty({}, lambda v: isinstance(v, dict), "must map metric names to numbers"),
    ] = {}
    # a conversation suite played with the configured LLM writing the replies (skipped
    # without one); each turn reports its mode, fallback reason and latency
    llm: Annotated[bool, _rule(lambda v: isinstance(v, bool), "must be true or false")] = False
    cases: Annotated[
        list[Any] | str,
        _rule(
            lambda v: isinstance(v, list) or (isinstance(v, str) and bool(v.strip())),
            "must be a list of cases or the name of a .jsonl file",
        ),
    ]

    @model_validator(mode="after")
    def _known_metrics(self) -> SuiteFile:
        if self.llm and self.kind != "conversation":
            raise FieldProblem("llm", "is only for conversation suites")
        for metric in self.thresholds:
            if not known_metric(self.kind, metric, self.k):
                problem = f"is not a metric of a {self.kind} suite"
                raise FieldProblem(f"thresholds.{metric}", problem)
        return self
