"""Evaluation suites (evals/): loading, validation and classifier metrics.

A suite is a YAML file (DESIGN.md, "ale eval run"):

    name: classifier-core
    kind: classifier
    thresholds: {accuracy: 0.90, macro_f1: 0.90}
    cases: classifier-core.jsonl      # or a list of cases inline

Errors name the file (and line, for JSONL cases) and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import AleError
from assistant.model.vocabulary import SPHERES

SUITE_KINDS = ("classifier", "retrieval", "conversation", "judge")
LABELS: tuple[str, ...] = (*SPHERES, "null")
SUITE_FIELDS = {"name", "kind", "thresholds", "cases", "description", "k"}
METRIC_PARTS = ("precision", "recall", "f1")


class SuiteError(AleError):
    def __init__(self, source: str, field: str | None, problem: str) -> None:
        where = f"{source}: field '{field}'" if field else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Suite:
    name: str
    kind: str
    thresholds: dict[str, float]
    cases: tuple[dict[str, Any], ...]
    path: Path
    k: int = 3
    description: str = ""


def known_metric(kind: str, name: str, k: int = 3) -> bool:
    """Whether a threshold may name this metric for a suite of this kind."""
    parts = name.split(".")
    if kind == "classifier":
        if name in ("accuracy", "macro_f1", "micro_f1"):
            return True
        return (
            len(parts) == 3
            and parts[0] == "per_label"
            and parts[1] in LABELS
            and parts[2] in METRIC_PARTS
        )
    if kind == "retrieval":
        return name in (f"hit_at_{k}", f"sphere_hit_at_{k}", "mrr", f"recall_at_{k}")
    if kind == "conversation":
        checks = (*TURN_CHECKS, *CONVERSATION_CHECKS)
        return name == "pass_rate" or (
            len(parts) == 2 and parts[0] == "checks" and parts[1] in checks
        )
    return name == "pass_rate"


def metric_value(metrics: dict[str, Any], name: str) -> float | None:
    """A metric by dotted name (`per_label.leadership.recall`), or None when absent."""
    value: Any = metrics
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _read_cases(path: Path, source: str) -> list[dict[str, Any]]:
    if not path.is_file():
        raise SuiteError(source, "cases", f"file not found: {path.name}")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SuiteError(f"{path}:{number}", None, f"not valid JSON ({exc.msg})") from None
        if not isinstance(case, dict):
            raise SuiteError(f"{path}:{number}", None, "each line must be a JSON object")
        case["_line"] = number
        case["_file"] = str(path)
        cases.append(case)
    return cases


def _check_classifier_case(case: dict[str, Any], where: str) -> None:
    if not isinstance(case.get("text"), str) or not case["text"].strip():
        raise SuiteError(where, "text", "is required and must be a non-empty string")
    expect = case.get("expect")
    if not isinstance(expect, dict) or "sphere" not in expect:
        raise SuiteError(where, "expect.sphere", "is required (a sphere or null)")
    if expect["sphere"] is not None and expect["sphere"] not in SPHERES:
        raise SuiteError(
            where,
            "expect.sphere",
            f"must be one of {', '.join(SPHERES)} or null, got {expect['sphere']!r}",
        )
    unknown = sorted(set(expect) - {"sphere", "also"})
    if unknown:
        raise SuiteError(where, f"expect.{unknown[0]}", "is not a known field (sphere, also)")
    for other in expect.get("also", []) or []:
        if other not in SPHERES:
            raise SuiteError(where, "expect.also", f"unknown sphere {other!r}")


def _check_retrieval_case(case: dict[str, Any], where: str) -> None:
    if not isinstance(case.get("query"), str) or not case["query"].strip():
        raise SuiteError(where, "query", "is required and must be a non-empty string")
    expect = case.get("expect")
    if not isinstance(expect, dict):
        raise SuiteError(where, "expect", "is required (sphere and sources)")
    if expect.get("sphere") is not None and expect["sphere"] not in SPHERES:
        raise SuiteError(where, "expect.sphere", f"unknown sphere {expect['sphere']!r}")
    for name in ("sources", "ids"):
        items = expect.get(name, [])
        if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise SuiteError(where, f"expect.{name}", "must be a list of strings")
    if not expect.get("sources") and not expect.get("ids"):
        raise SuiteError(
            where, "expect.sources", "name at least one relevant source file (or passage id)"
        )


def load_suite(path: Path) -> Suite:
    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SuiteError(source, None, f"invalid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise SuiteError(source, None, f"cannot be read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise SuiteError(source, None, "must be a YAML mapping")
    unknown = sorted(set(data) - SUITE_FIELDS)
    if unknown:
        raise SuiteError(source, unknown[0], "is not a known field")
    for name in ("name", "kind"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise SuiteError(source, name, "is required and must be a string")
    if data["kind"] not in SUITE_KINDS:
        raise SuiteError(
            source, "kind", f"must be one of {', '.join(SUITE_KINDS)}, got {data['kind']!r}"
        )
    k = data.get("k", 3)
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 50:
        raise SuiteError(source, "k", "must be a whole number from 1 to 50")
    thresholds = data.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        raise SuiteError(source, "thresholds", "must map metric names to numbers")
    for metric, value in thresholds.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise SuiteError(source, f"thresholds.{metric}", "must be a number from 0 to 1")
        if not known_metric(data["kind"], str(metric), k):
            raise SuiteError(
                source, f"thresholds.{metric}", f"is not a metric of a {data['kind']} suite"
            )
    raw = data.get("cases")
    if isinstance(raw, str):
        cases = _read_cases(path.parent / raw, source)
    elif isinstance(raw, list) and all(isinstance(c, dict) for c in raw):
        cases = [dict(c, _file=source, _line=None) for c in raw]
    else:
        raise SuiteError(source, "cases", "must be a list of cases or the name of a .jsonl file")
    if not cases:
        raise SuiteError(source, "cases", "holds no cases")
    seen: set[Any] = set()
    for index, case in enumerate(cases):
        where = (
            f"{case['_file']}:{case['_line']}" if case["_line"] else f"{source}: case {index + 1}"
        )
        if not isinstance(case.get("id"), str | int):
            raise SuiteError(where, "id", "is required (a string or number)")
        if data["kind"] == "classifier":
            _check_classifier_case(case, where)
        elif data["kind"] == "retrieval":
            _check_retrieval_case(case, where)
        elif data["kind"] == "conversation":
            _check_conversation_case(case, where)
        else:
            _check_judge_case(case, where)
        if case.get("id") in seen:
            raise SuiteError(where, "id", f"duplicate id {case['id']!r}")
        seen.add(case.get("id"))
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise SuiteError(source, "description", "must be text")
    return Suite(
        data["name"], data["kind"], dict(thresholds), tuple(cases), path, k, description.strip()
    )


def label(sphere: str | None) -> str:
    return "null" if sphere is None else sphere


def classifier_metrics(pairs: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    """Accuracy, macro/micro F1, per-label P/R/F1/support and the confusion matrix.

    `pairs` are (expected, predicted) spheres, None meaning "no ALE problem".
    The confusion matrix is confusion[expected][predicted]. A label with no support and
    no predictions has precision, recall and F1 of 0 and is left out of the macro mean.
    """
    confusion = {e: dict.fromkeys(LABELS, 0) for e in LABELS}
    for expected, predicted in pairs:
        confusion[label(expected)][label(predicted)] += 1
    total = len(pairs)
    correct = sum(confusion[x][x] for x in LABELS)
    per_label: dict[str, dict[str, float]] = {}
    f1s = []
    for x in LABELS:
        tp = confusion[x][x]
        guessed = sum(confusion[e][x] for e in LABELS)
        support = sum(confusion[x].values())
        precision = tp / guessed if guessed else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[x] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
        if support or guessed:
            f1s.append(f1)
    accuracy = correct / total if total else 0.0
    return {
        "accuracy": accuracy,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        # single-label, every case counted once: micro F1 equals accuracy
        "micro_f1": accuracy,
        "per_label": per_label,
        "confusion": confusion,
        "cases": total,
    }


def retrieval_metrics(
    cases: Sequence[dict[str, Any]], results: Sequence[Sequence[dict[str, Any]]], k: int = 3
) -> dict[str, Any]:
    """hit@k, MRR and recall@k over ranked hits, plus sphere hit@k.

    A case's relevant items are its expected `sources` (files) and `ids` (passage ids);
    a hit is relevant when its source or its id is among them. Standard definitions:
    hit@k is 1 when a relevant hit is in the top k; MRR averages 1/rank of the first
    relevant hit in the whole ranked list (0 when none); recall@k is the share of the
    relevant items found in the top k (each counted once). sphere_hit@k counts a top-k
    hit with the expected sphere (for a case without one: the same as hit@k).
    """
    per_case: list[dict[str, Any]] = []
    for case, hits in zip(cases, results, strict=True):
        expect = case["expect"]
        relevant = [*(expect.get("sources") or []), *(expect.get("ids") or [])]
        ranked = list(hits)

        def matches(hit: dict[str, Any], item: str) -> bool:
            return item in (hit.get("source"), hit.get("id"))

        top = ranked[:k]
        found = [item for item in relevant if any(matches(h, item) for h in top)]
        rank = next(
            (i for i, h in enumerate(ranked, start=1) if any(matches(h, r) for r in relevant)),
            None,
        )
        hit = bool(found)
        if expect.get("sphere"):
            sphere_hit = any(h.get("sphere") == expect["sphere"] for h in top)
        else:
            sphere_hit = hit
        per_case.append(
            {
                "id": case.get("id"),
                "passed": hit,
                "hit": hit,
                "sphere_hit": sphere_hit,
                "rank": rank,
                "reciprocal_rank": 1.0 / rank if rank else 0.0,
                "recall": len(found) / len(relevant) if relevant else 0.0,
                "query": case.get("query"),
                "expected": relevant,
                "ranked": [h.get("id") or h.get("source") for h in ranked],
            }
        )
    n = len(per_case) or 1
    return {
        f"hit_at_{k}": sum(c["hit"] for c in per_case) / n,
        f"sphere_hit_at_{k}": sum(c["sphere_hit"] for c in per_case) / n,
        "mrr": sum(c["reciprocal_rank"] for c in per_case) / n,
        f"recall_at_{k}": sum(c["recall"] for c in per_case) / n,
        "cases": per_case,
    }


TURN_CHECKS = (
    "asks_follow_up",
    "sphere_is",
    "intervention_kind_is",
    "cites_source",
    "mentions",
    "not_mentions",
    "mode_is",
)
CONVERSATION_CHECKS = ("diagnosed_within_turns", "no_intervention_before_clear")


def run_conversation(answer: Any, case: dict[str, Any]) -> dict[str, Any]:
    """Play one scripted conversation; `answer(message)` returns a turn dict (chat contract).

    Returns {"id", "passed", "checks": [{"turn", "check", "passed", "detail"}], "transcript"}.
    """
    checks: list[dict[str, Any]] = []
    transcript: list[dict[str, Any]] = []

    def record(turn: int | None, name: str, ok: bool, detail: str) -> None:
        checks.append({"turn": turn, "check": name, "passed": bool(ok), "detail": detail})

    for number, step in enumerate(case["turns"], start=1):
        out = answer(step["user"])
        transcript.append({"user": step["user"], **out})
        reply = str(out.get("reply", "")).lower()
        for name, want in (step.get("expect") or {}).items():
            if name == "asks_follow_up":
                record(
                    number, name, out.get("follow_up") == want, f"follow_up={out.get('follow_up')}"
                )
            elif name == "sphere_is":
                record(number, name, out.get("sphere") == want, f"sphere={out.get('sphere')}")
            elif name == "intervention_kind_is":
                kinds = [i.get("kind") for i in out.get("interventions", [])]
                record(
                    number, name, bool(kinds) and all(k == want for k in kinds), f"kinds={kinds}"
                )
            elif name == "cites_source":
                record(
                    number,
                    name,
                    bool(out.get("sources")) == want,
                    f"sources={len(out.get('sources', []))}",
                )
            elif name == "mentions":
                missing = [w for w in want if w.lower() not in reply]
                record(number, name, not missing, f"missing={missing}")
            elif name == "not_mentions":
                found = [w for w in want if w.lower() in reply]
                record(number, name, not found, f"found={found}")
            elif name == "mode_is":
                record(number, name, out.get("mode") == want, f"mode={out.get('mode')}")
    overall = case.get("checks") or {}
    if "diagnosed_within_turns" in overall:
        limit = int(overall["diagnosed_within_turns"])
        first = next((i for i, t in enumerate(transcript, start=1) if t.get("sphere")), None)
        record(
            None,
            "diagnosed_within_turns",
            first is not None and first <= limit,
            f"first diagnosis at turn {first}",
        )
    if overall.get("no_intervention_before_clear"):
        early = [
            i
            for i, t in enumerate(transcript, start=1)
            if t.get("interventions") and not t.get("sphere")
        ]
        record(
            None,
            "no_intervention_before_clear",
            not early,
            f"interventions before a diagnosis at turns {early}",
        )
    return {
        "id": case.get("id"),
        "passed": all(c["passed"] for c in checks),
        "checks": checks,
        "transcript": transcript,
    }


def _check_conversation_case(case: dict[str, Any], where: str) -> None:
    turns = case.get("turns")
    if not isinstance(turns, list) or not turns:
        raise SuiteError(where, "turns", "must be a non-empty list of {user, expect}")
    for index, step in enumerate(turns, start=1):
        if not isinstance(step, dict) or not isinstance(step.get("user"), str):
            raise SuiteError(where, f"turns[{index}].user", "is required and must be a string")
        expect = step.get("expect") or {}
        if not isinstance(expect, dict):
            raise SuiteError(where, f"turns[{index}].expect", "must be a mapping of checks")
        for name, want in expect.items():
            field = f"turns[{index}].expect.{name}"
            if name not in TURN_CHECKS:
                raise SuiteError(where, field, "is not a known check")
            problem = _turn_check_problem(name, want)
            if problem:
                raise SuiteError(where, field, problem)
    checks = case.get("checks") or {}
    if not isinstance(checks, dict):
        raise SuiteError(where, "checks", "must be a mapping of conversation checks")
    for name, want in checks.items():
        if name not in CONVERSATION_CHECKS:
            raise SuiteError(where, f"checks.{name}", "is not a known check")
        if name == "diagnosed_within_turns" and (
            not isinstance(want, int) or isinstance(want, bool) or want < 1
        ):
            raise SuiteError(where, f"checks.{name}", "must be a whole number of turns, 1 or more")
        if name == "no_intervention_before_clear" and not isinstance(want, bool):
            raise SuiteError(where, f"checks.{name}", "must be true or false")


def _turn_check_problem(name: str, want: Any) -> str | None:
    """What is wrong with the expected value of one per-turn check, or None."""
    from assistant.model.vocabulary import OVERLAPS

    if name in ("asks_follow_up", "cites_source"):
        return None if isinstance(want, bool) else "must be true or false"
    if name == "sphere_is":
        ok = want is None or want in SPHERES
        return None if ok else f"must be one of {', '.join(SPHERES)} or null, got {want!r}"
    if name == "intervention_kind_is":
        ok = want in OVERLAPS
        return None if ok else f"must be one of {', '.join(OVERLAPS)}, got {want!r}"
    if name == "mode_is":
        modes = ("offline", "llm", "fallback")
        return None if want in modes else f"must be one of {', '.join(modes)}, got {want!r}"
    if not isinstance(want, list) or not all(isinstance(w, str) and w for w in want):
        return "must be a list of words or phrases, e.g. [execution]"
    return None


def _check_judge_case(case: dict[str, Any], where: str) -> None:
    turns = case.get("turns")
    if (
        not isinstance(turns, list)
        or not turns
        or not all(isinstance(t, str) and t.strip() for t in turns)
    ):
        raise SuiteError(where, "turns", "must be a non-empty list of messages (strings)")
    if not isinstance(case.get("question"), str) or not case["question"].strip():
        raise SuiteError(where, "question", "is required: what the judge is asked about the reply")
    # YAML reads a bare yes/no as true/false: take them back as the words
    for key in ("choices", "pass"):
        if isinstance(case.get(key), list):
            case[key] = [_yes_no(c) for c in case[key]]
    choices = case.get("choices", ["yes", "no"])
    if (
        not isinstance(choices, list)
        or len(choices) < 2
        or not all(isinstance(c, str) and re.fullmatch(r"[a-z][a-z-]*", c) for c in choices)
        or len(set(choices)) != len(choices)
    ):
        raise SuiteError(where, "choices", "must be two or more distinct lower-case words")
    passing = case.get("pass", choices[:1])
    if not isinstance(passing, list) or not passing or not set(passing) <= set(choices):
        raise SuiteError(where, "pass", "must list the choices that count as a pass")


def _yes_no(value: Any) -> Any:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def conversation_metrics(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """pass_rate (whole conversations) and the pass rate of each check over its uses."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for check in result["checks"]:
            seen = counts.setdefault(check["check"], [0, 0])
            seen[0] += check["passed"]
            seen[1] += 1
    n = len(results) or 1
    return {
        "pass_rate": sum(r["passed"] for r in results) / n,
        "checks": {name: ok / total for name, (ok, total) in sorted(counts.items())},
        "check_counts": {name: total for name, (_, total) in sorted(counts.items())},
    }
