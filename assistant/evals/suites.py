"""Evaluation suites (evals/): reading a suite file and its cases into a `Suite`.

A suite is a YAML file (DESIGN.md, "ale eval run"; the schema is `assistant.evals.models`):

    name: classifier-core
    kind: classifier
    thresholds: {accuracy: 0.90, macro_f1: 0.90}
    cases: classifier-core.jsonl      # or a list of cases inline

A bad file raises one `SuiteError` naming the file (the JSONL line, or `case N` for an
inline case) and the field, for example
`evals/x.yaml: case 3: field 'expect.sphere': must be one of ...`. Positions in a list
count from 1, as in `turns[1].expect.sphere_is`.

The metric functions live in `assistant.evals.metrics`; they are re-exported here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.errors import FileError, KnowledgeError
from assistant.evals.metrics import (
    classifier_metrics,
    conversation_metrics,
    label,
    metric_value,
    retrieval_metrics,
    run_conversation,
)
from assistant.evals.models import (
    CASE_MODELS,
    CONVERSATION_CHECKS,
    LABELS,
    METRIC_PARTS,
    SUITE_KINDS,
    TURN_CHECKS,
    Case,
    FieldProblem,
    SuiteFile,
    known_metric,
)
from assistant.retrieval.knowledge import load_yaml
from assistant.validation import describe as describe_error

__all__ = [
    "CONVERSATION_CHECKS",
    "LABELS",
    "METRIC_PARTS",
    "SUITE_KINDS",
    "TURN_CHECKS",
    "Suite",
    "SuiteError",
    "classifier_metrics",
    "conversation_metrics",
    "known_metric",
    "label",
    "load_suite",
    "metric_value",
    "retrieval_metrics",
    "run_conversation",
]

M = TypeVar("M", bound=BaseModel)
PLAIN = {  # pydantic's error types, in words
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "dict_type": "must be a mapping",
    "list_type": "must be a list",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
}


class SuiteError(FileError):
    """A suite file is invalid; the message names the file (and line) and the field."""


@dataclass(frozen=True)
class Suite:
    """A validated suite. `cases` are the parsed cases as plain JSON data (the fields
    written, plus the judge's defaults; a null sphere stays None); `parsed` holds the
    same cases as models."""

    name: str
    kind: str
    thresholds: dict[str, float]
    cases: tuple[dict[str, Any], ...]
    path: Path
    k: int = 3
    description: str = ""
    parsed: tuple[Case, ...] = ()
    llm: bool = False


def describe(error: ValidationError) -> tuple[str | None, str]:
    """The field path (lists counted from 1) and the problem of a validation error."""
    path, problem, cause = describe_error(error, first_index=1, plain=PLAIN)
    if isinstance(cause, FieldProblem):
        path, problem = ".".join(p for p in (path, cause.field) if p), cause.problem
    return path or None, problem


def _parse(model: type[M], data: Any, where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, problem = describe(exc)
        raise SuiteError(where, field, problem) from None


def _read_yaml(path: Path) -> Any:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError(source, None, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SuiteError(source, None, "is not valid UTF-8 text") from None
    try:
        data = load_yaml(text, source)  # refuses duplicate keys
    except KnowledgeError as exc:
        raise SuiteError(source, None, exc.problem) from None
    if not isinstance(data, dict):
        raise SuiteError(source, None, "must be a YAML mapping")
    return data


def _read_jsonl(path: Path, source: str) -> list[tuple[str, Any]]:
    """Each case of a JSON Lines file with where it is (`file:line`)."""
    if not path.is_file():
        raise SuiteError(source, "cases", f"file not found: {path.name}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SuiteError(str(path), None, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SuiteError(str(path), None, "is not valid UTF-8 text") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SuiteError(where, None, f"not valid JSON ({exc.msg})") from None
        if not isinstance(case, dict):
            raise SuiteError(where, None, "each line must be a JSON object")
        cases.append((where, case))
    return cases


def load_suite(path: Path) -> Suite:
    """Read and validate one suite file and its cases."""
    source = str(path)
    spec = _parse(SuiteFile, _read_yaml(path), source)
    if isinstance(spec.cases, str):
        raw = _read_jsonl(path.parent / spec.cases, source)
    else:
        raw = [(f"{source}: case {n}", case) for n, case in enumerate(spec.cases, start=1)]
    if not raw:
        raise SuiteError(source, "cases", "holds no cases")
    model = CASE_MODELS[spec.kind]
    parsed: list[Case] = []
    seen: set[str | int] = set()
    for where, case in raw:
        item = _parse(model, case, where)
        if item.id in seen:
            raise SuiteError(where, "id", f"duplicate id {item.id!r}")
        seen.add(item.id)
        parsed.append(item)
    return Suite(
        name=spec.name,
        kind=spec.kind,
        thresholds=dict(spec.thresholds),
        cases=tuple(c.model_dump(mode="json", by_alias=True, exclude_unset=True) for c in parsed),
        path=path,
        k=spec.k,
        description=spec.description.strip(),
        llm=spec.llm,
        parsed=tuple(parsed),
    )
