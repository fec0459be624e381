"""Metrics of evaluation suites: classifier, retrieval and conversation figures.

Also `run_conversation`, which plays one scripted conversation and records each check,
and `metric_value`, which finds a threshold's metric by its dotted name. A null sphere
("no ALE problem") is written as the label `null` in figures and details, never "none".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from assistant.evals.models import LABELS


def metric_value(metrics: dict[str, Any], name: str) -> float | None:
    """A metric by dotted name (`per_label.leadership.recall`), or None when absent."""
    value: Any = metrics
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def label(sphere: str | None) -> str:
    """The report label of a sphere: `null` for "no ALE problem"."""
    return "null" if sphere is None else str(sphere)


def classifier_metrics(
    pairs: Sequence[tuple[str | None, str | None]],
    also: Sequence[tuple[Sequence[str], Sequence[str]]] = (),
) -> dict[str, Any]:
    """Accuracy, macro/micro F1, per-label P/R/F1/support, the confusion matrix, and the
    recall of further problems.

    `pairs` are (expected, predicted) spheres, None meaning "no ALE problem".
    The confusion matrix is confusion[expected][predicted]. A label with no support and
    no predictions has precision, recall and F1 of 0 and is left out of the macro mean.
    `also` pairs, per case, the further spheres expected (`expect.also`) with the spheres
    of every tag found: `also_recall` is the share of expected further spheres that are
    among the tags (1.0 when no case expects one), over `also_cases` expected spheres.
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
    wanted = sum(len(expected) for expected, _ in also)
    found = sum(sum(s in tagged for s in expected) for expected, tagged in also)
    return {
        "accuracy": accuracy,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        # single-label, every case counted once: micro F1 equals accuracy
        "micro_f1": accuracy,
        "per_label": per_label,
        "confusion": confusion,
        "cases": total,
        "also_recall": found / wanted if wanted else 1.0,
        "also_cases": wanted,
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


# per-turn checks that compare one turn field with the expected value
TURN_FIELD_CHECKS = {"action_is": "action", "role_is": "role", "industry_is": "industry"}
REPEAT_WORDS = 8  # the length of the word sequences the repetition check compares


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + REPEAT_WORDS]) for i in range(len(words) - REPEAT_WORDS + 1)}


def repeated_share(reply: str, previous: str) -> float:
    """The share of `reply`'s 8-word sequences that were already in `previous`."""
    grams = _grams(reply)
    if not grams:
        return 0.0
    return len(grams & _grams(previous)) / len(grams)


def run_conversation(
    answer: Callable[[str], Any],
    case: dict[str, Any],
    live_event_words: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Play one scripted conversation; `answer(message)` returns a turn dict (chat contract).
    `live_event_words` finds live-event vocabulary (for the `no_live_event_words` check).

    Returns {"id", "passed", "checks": [{"turn", "check", "passed", "detail"}], "transcript"}.
    """
    checks: list[dict[str, Any]] = []
    transcript: list[dict[str, Any]] = []

    def record(turn: int | None, name: str, ok: bool, detail: str) -> None:
        checks.append({"turn": turn, "check": name, "passed": bool(ok), "detail": detail})

    problems_before = 0
    for number, step in enumerate(case["turns"], start=1):
        out = answer(step["user"])
        transcript.append({"user": step["user"], **out})
        reply = str(out.get("reply", "")).lower()
        problems = out.get("problems") or []
        for name, want in (step.get("expect") or {}).items():
            if name in TURN_FIELD_CHECKS:
                key = TURN_FIELD_CHECKS[name]
                record(number, name, out.get(key) == want, f"{key}={label(out.get(key))}")
            elif name == "problems_count":
                record(number, name, len(problems) == want, f"problems={len(problems)}")
            elif name == "problem_spheres":
                # the ledger's spheres, in any order (the order told is not the point)
                spheres = [str(p.get("sphere")) for p in problems]
                record(number, name, sorted(spheres) == sorted(want), f"spheres={spheres}")
            elif name == "stores_evidence":
                stored = out.get("stored_evidence")
                if stored is None:  # from the contract alone: evidence shown, or a new problem
                    stored = bool(out.get("evidence")) or len(problems) > problems_before
                record(number, name, bool(stored) == want, f"stored={stored}")
            elif name == "notice_given":
                record(
                    number, name, bool(out.get("notice")) == want, f"notice={out.get('notice')!r}"
                )
            elif name == "names_changed_from":
                ok = out.get("sphere") not in (None, want) and str(want) in reply
                record(
                    number,
                    name,
                    ok,
                    f"sphere={out.get('sphere')}, names {want}: {str(want) in reply}",
                )
            if name == "asks_follow_up":
                record(
                    number, name, out.get("follow_up") == want, f"follow_up={out.get('follow_up')}"
                )
            elif name == "sphere_is":
                record(
                    number, name, out.get("sphere") == want, f"sphere={label(out.get('sphere'))}"
                )
            elif name == "intervention_kind_is":
                kinds = [i.get("kind") for i in out.get("interventions", [])]
                record(
                    number,
                    name,
                    bool(kinds) and all(k == want for k in kinds),
                    f"kinds=[{', '.join(str(k) for k in kinds)}]",
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
            elif name in ("plan_items", "plan_statuses", "plan_notes"):
                items = out.get("plan") or []
                got: Any = {
                    "plan_items": len(items),
                    "plan_statuses": [i.get("status") for i in items],
                    "plan_notes": sum(len(i.get("notes", [])) for i in items),
                }[name]
                record(number, name, got == want, f"{name}={got}")
        problems_before = len(problems)
    overall = case.get("checks") or {}
    if "max_repeat" in overall:
        worst, where = 0.0, None
        for i in range(1, len(transcript)):
            if transcript[i].get("action") == "which_sphere":
                continue  # the full picture is asked for: it may restate
            share = repeated_share(
                str(transcript[i].get("reply", "")), str(transcript[i - 1].get("reply", ""))
            )
            if share > worst:
                worst, where = share, i + 1
        record(
            None,
            "max_repeat",
            worst <= float(overall["max_repeat"]),
            f"most repeated: {worst:.2f} at turn {where}",
        )
    if overall.get("no_live_event_words") and live_event_words is not None:
        found = [
            (i, w)
            for i, t in enumerate(transcript, start=1)
            for w in live_event_words(str(t.get("reply", "")))
        ]
        record(None, "no_live_event_words", not found, f"found={found[:5]}")
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


def conversation_metrics(
    results: Sequence[dict[str, Any]], with_llm: bool = False
) -> dict[str, Any]:
    """pass_rate (whole conversations) and the pass rate of each check over its uses; with
    an LLM also the share of turns it wrote, the fallbacks by reason and the latency."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for check in result["checks"]:
            seen = counts.setdefault(check["check"], [0, 0])
            seen[0] += check["passed"]
            seen[1] += 1
    n = len(results) or 1
    metrics: dict[str, Any] = {
        "pass_rate": sum(r["passed"] for r in results) / n,
        "checks": {name: ok / total for name, (ok, total) in sorted(counts.items())},
        "check_counts": {name: total for name, (_, total) in sorted(counts.items())},
    }
    if with_llm:
        turns = [t for r in results for t in r.get("transcript", [])]
        total = len(turns) or 1
        reasons: dict[str, int] = {}
        for turn in turns:
            if turn.get("mode") == "fallback":
                key = str(turn.get("fallback_reason"))
                reasons[key] = reasons.get(key, 0) + 1
        from assistant.evals.bench import percentile

        latencies = [float(t.get("latency_ms", 0.0)) for t in turns] or [0.0]
        metrics.update(
            llm_share=sum(t.get("mode") == "llm" for t in turns) / total,
            ungrounded_share=reasons.get("ungrounded", 0) / total,
            fallbacks=reasons,
            latency_ms_p50=percentile(latencies, 0.5),
            latency_ms_p95=percentile(latencies, 0.95),
        )
    return metrics
