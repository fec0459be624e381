"""Running evaluation suites: each kind against the real parts, thresholds, baselines.

`Runner.run(suite)` gives a `SuiteResult` (metrics, per-case results, threshold checks).
The classifier, the index and the coach are built once, on first need. Conversation
suites use the offline responder (the deterministic core decides; checks such as
`mentions` must not depend on an LLM's wording); judge suites need an LLM, which both
writes the coach's replies and grades them, and are skipped without one.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import AleError
from assistant.evals.suites import (
    Suite,
    SuiteError,
    classifier_metrics,
    conversation_metrics,
    label,
    load_suite,
    metric_value,
    retrieval_metrics,
    run_conversation,
)

if TYPE_CHECKING:
    from assistant.coaching.coach import Coach
    from assistant.diagnosis import Classifier
    from assistant.retrieval.store import Store

Progress = Callable[[str, int, int], None]  # (suite name, cases done, cases in suite)
NO_LLM = "no LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL)"
BATCH = 32
SEARCH_DEPTH = 10  # MRR looks this far down the ranked list (or k, when larger)
JUDGE_SYSTEM = (
    "You grade the replies of a coaching assistant for the ALE model (Accountability, "
    "Leadership, Execution). Read the conversation, then answer the question about it "
    "with exactly one of the allowed words and nothing else."
)


def find_suites(paths: Iterable[Path]) -> list[Path]:
    """Suite files named directly, or every *.yaml / *.yml in a named folder (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            found.append(path)
        else:
            raise SuiteError(str(path), None, "no such file or folder")
    if not found:
        raise SuiteError(", ".join(str(p) for p in paths), None, "holds no suite files")
    return found


def load_all(paths: Iterable[Path]) -> list[Suite]:
    """Every suite, validated before anything runs; the first invalid one raises."""
    suites = [load_suite(p) for p in find_suites(paths)]
    names: dict[str, Path] = {}
    for suite in suites:
        if suite.name in names:
            raise SuiteError(
                str(suite.path), "name", f"{suite.name!r} is also the name of {names[suite.name]}"
            )
        names[suite.name] = suite.path
    return suites


@dataclass
class SuiteResult:
    suite: Suite
    metrics: dict[str, Any] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None
    seconds: float = 0.0

    @property
    def thresholds(self) -> list[dict[str, Any]]:
        out = []
        for metric, minimum in self.suite.thresholds.items():
            value = metric_value(self.metrics, metric)
            out.append(
                {
                    "metric": metric,
                    "min": minimum,
                    "value": value,
                    # None when the suite was skipped: a threshold neither met nor missed
                    "passed": None
                    if self.skipped
                    else value is not None and value >= minimum - 1e-12,
                }
            )
        return out

    @property
    def passed(self) -> bool | None:
        """None when skipped; else whether every threshold is met."""
        if self.skipped:
            return None
        return all(t["passed"] is True for t in self.thresholds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.suite.name,
            "kind": self.suite.kind,
            "file": str(self.suite.path),
            "passed": self.passed,
            "skipped": self.skipped,
            "metrics": self.metrics,
            "thresholds": self.thresholds,
            "cases": self.cases,
            "seconds": round(self.seconds, 3),
        }


class Runner:
    def __init__(self, settings: Settings, progress: Progress | None = None) -> None:
        self.settings = settings
        self.progress = progress or (lambda name, done, total: None)
        self._classifier: Classifier | None = None
        self._store: Store | None = None

    # -- the real parts, built on first need ---------------------------------------------
    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            from assistant.wiring import build_classifier

            self._classifier = build_classifier(self.settings)
        return self._classifier

    @property
    def store(self) -> Store:
        if self._store is None:
            from assistant.wiring import build_store

            self._store = build_store(self.settings)
        return self._store

    def coach(self, with_llm: bool = False) -> Coach:
        """A coach on the shared parts: offline, or with the configured LLM."""
        from assistant.retrieval.interventions import KnowledgeRetriever
        from assistant.wiring import assemble_coach

        settings = self.settings if with_llm else replace(self.settings, llm="off")
        retriever = KnowledgeRetriever(self.store, settings.knowledge_dir)
        return assemble_coach(settings, self.classifier, retriever)

    def stored_coach(self, suite: Suite) -> Coach:
        """A coach that keeps sessions, checkups and plans in a fresh temporary data dir
        (for conversation cases with a `setup`)."""
        import tempfile
        from pathlib import Path

        from assistant.retrieval.interventions import KnowledgeRetriever
        from assistant.storage import open_checkups, open_plans, open_sessions
        from assistant.wiring import assemble_coach

        folder = Path(tempfile.mkdtemp(prefix="ale-eval-"))
        settings = replace(self.settings, data_dir=folder, database_url=None)  # throwaway
        if not suite.llm:
            settings = replace(settings, llm="off")
        retriever = KnowledgeRetriever(self.store, settings.knowledge_dir)
        return assemble_coach(
            settings,
            self.classifier,
            retriever,
            open_sessions(settings),
            open_checkups(settings),
            open_plans(settings),
        )

    # -- suites ----------------------------------------------------------------------------
    def run(self, suite: Suite) -> SuiteResult:
        started = time.monotonic()
        result = SuiteResult(suite)
        runner = {
            "classifier": self._classifier_suite,
            "retrieval": self._retrieval_suite,
            "conversation": self._conversation_suite,
            "judge": self._judge_suite,
        }[suite.kind]
        runner(suite, result)
        result.seconds = time.monotonic() - started
        return result

    def _classifier_suite(self, suite: Suite, result: SuiteResult) -> None:
        cases = suite.cases
        diagnoses: list[Any] = []
        for start in range(0, len(cases), BATCH):
            batch = cases[start : start + BATCH]
            diagnoses += self.classifier.classify_many([c["text"] for c in batch])
            self.progress(suite.name, len(diagnoses), len(cases))
        pairs = [(c["expect"]["sphere"], d.sphere) for c, d in zip(cases, diagnoses, strict=True)]
        also = [
            (c["expect"].get("also") or [], [t.sphere for t in d.tags])
            for c, d in zip(cases, diagnoses, strict=True)
        ]
        result.metrics = classifier_metrics(pairs, also)
        for case, diagnosis in zip(cases, diagnoses, strict=True):
            expected = case["expect"]["sphere"]
            result.cases.append(
                {
                    "id": case["id"],
                    "passed": diagnosis.sphere == expected,
                    "text": case["text"],
                    "expected": label(expected),
                    "predicted": label(diagnosis.sphere),
                    "confidence": diagnosis.confidence,
                    "evidence": [p for t in diagnosis.tags for p in t.evidence],
                    "also": case["expect"].get("also") or [],
                    "tags": [t.sphere for t in diagnosis.tags],
                }
            )

    def _retrieval_suite(self, suite: Suite, result: SuiteResult) -> None:
        ranked: list[list[dict[str, Any]]] = []
        depth = max(SEARCH_DEPTH, suite.k)
        for number, case in enumerate(suite.cases, start=1):
            prior = self.classifier.classify(case["query"]).scores
            hits = self.store.search(case["query"], k=depth, prior=prior)
            ranked.append([h.to_dict() for h in hits])
            self.progress(suite.name, number, len(suite.cases))
        metrics = retrieval_metrics(suite.cases, ranked, k=suite.k)
        result.cases = metrics.pop("cases")
        result.metrics = metrics

    def _conversation_suite(self, suite: Suite, result: SuiteResult) -> None:
        from assistant.coaching.industry import Industries
        from assistant.coaching.state import State

        if suite.llm and not self.settings.llm_enabled:
            result.skipped = NO_LLM
            return
        coach = self.coach(with_llm=suite.llm)
        live = Industries(self.settings.knowledge_dir).live_event_words
        kept = [c.get("setup") is not None for c in suite.cases]  # `setup: {}` counts too
        stored = self.stored_coach(suite) if any(kept) else None
        for number, case in enumerate(suite.cases, start=1):
            state = State()
            session = f"eval-{number}" if kept[number - 1] else None
            if session is not None:
                assert stored is not None
                prepare_session(stored, session, case["setup"], self.settings.knowledge_dir)
            playing: Coach = stored if stored is not None and session is not None else coach

            def answer(
                message: str,
                state: State = state,
                session: str | None = session,
                playing: Coach = playing,
            ) -> dict[str, Any]:
                before = len(state.evidence)
                started = time.monotonic()
                if session is not None:  # a stored session: each turn loads what is kept
                    turn = playing.reply(message, session_id=session)
                    state = playing.load_state(session)
                else:
                    turn = playing.reply(message, state=state)
                out = turn.to_dict()
                out["latency_ms"] = round((time.monotonic() - started) * 1000, 1)
                out["usage"] = turn.usage
                out["stored_evidence"] = len(state.evidence) > before
                if session is not None and playing.plans is not None:
                    out["plan"] = playing.plans.items(session, "")
                return out

            played = run_conversation(answer, case, live)
            result.cases.append(played)
            self.progress(suite.name, number, len(suite.cases))
        result.metrics = conversation_metrics(result.cases, with_llm=suite.llm)

    def _judge_suite(self, suite: Suite, result: SuiteResult) -> None:
        if not self.settings.llm_enabled:
            result.skipped = NO_LLM
            return
        from assistant.coaching.state import State
        from assistant.responders.llm import LLM, LLMFailure

        coach = self.coach(with_llm=True)
        judge = LLM(self.settings, temperature=0.0)
        for number, case in enumerate(suite.cases, start=1):
            state = State()
            transcript = []
            for message in case["turns"]:
                turn = coach.reply(message, state=state)
                transcript.append({"user": message, **turn.to_dict()})
            choices = case.get("choices", ["yes", "no"])
            passing = case.get("pass", choices[:1])
            prompt = judge_prompt(transcript, case["question"], choices)
            try:
                answer_text = judge.complete(JUDGE_SYSTEM, prompt)
                answer = parse_choice(answer_text, choices)
                error = None if answer else f"the judge answered {answer_text[:80]!r}"
            except LLMFailure as failure:
                answer, error = None, f"the judge failed: {failure}"
            result.cases.append(
                {
                    "id": case["id"],
                    "passed": answer in passing,
                    "answer": answer,
                    "error": error,
                    "question": case["question"],
                    "transcript": transcript,
                }
            )
            self.progress(suite.name, number, len(suite.cases))
        n = len(result.cases) or 1
        result.metrics = {
            "pass_rate": sum(c["passed"] for c in result.cases) / n,
            "unanswered": sum(c["answer"] is None for c in result.cases),
        }


def judge_prompt(
    transcript: Sequence[dict[str, Any]], question: str, choices: Sequence[str]
) -> str:
    lines = ["<<<CONVERSATION"]
    for turn in transcript:
        lines += [f"USER: {turn['user']}", f"COACH: {turn['reply']}"]
        sources = ", ".join(s["source"] for s in turn.get("sources", []))
        if sources:
            lines.append(f"(sources shown: {sources})")
    lines += [
        "CONVERSATION>>>",
        "",
        f"Question: {question}",
        f"Answer with exactly one word: {' or '.join(choices)}.",
    ]
    return "\n".join(lines)


def parse_choice(text: str, choices: Sequence[str]) -> str | None:
    """The allowed word the judge answered with (its first word), or None."""
    words = re.findall(r"[a-z][a-z-]*", text.lower())
    return words[0] if words and words[0] in choices else None


def regressions(results: Sequence[SuiteResult], baseline: dict[str, Any]) -> list[dict[str, Any]]:
    """Cases that passed in the baseline run and fail now (suite name + case id)."""
    before: dict[tuple[str, str], bool] = {}
    for suite in baseline.get("suites", []):
        for case in suite.get("cases", []):
            before[(str(suite.get("name")), str(case.get("id")))] = bool(case.get("passed"))
    out = []
    for result in results:
        if result.skipped:
            continue
        for case in result.cases:
            key = (result.suite.name, str(case["id"]))
            if before.get(key) is True and not case["passed"]:
                out.append({"suite": key[0], "id": case["id"]})
    return out


def read_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AleError(f"{path}: the baseline cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise AleError(f"{path}: the baseline is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("suites"), list):
        raise AleError(f"{path}: field 'suites' is missing; save one with `ale eval baseline save`")
    return data


def report_dict(
    results: Sequence[SuiteResult], settings: Settings, regressed: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {
        "suites": [r.to_dict() for r in results],
        "passed": all(r.passed is not False for r in results) and not regressed,
        "regressions": list(regressed),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": {
            "classifier": settings.classifier,
            "llm": settings.model if settings.llm_enabled else None,
            "embeddings": settings.embeddings,
        },
    }


def prepare_session(coach: Coach, session: str, setup: dict[str, Any], knowledge_dir: Any) -> None:
    """Put a case's plan items and checkups in place before its conversation."""
    import datetime as dt

    from assistant.checkup import score, suggestions_for
    from assistant.checkup.statements import cached_statements

    statements = cached_statements(knowledge_dir)
    for taken in setup.get("checkups", []):
        answers = {}
        for item in statements.items:
            healthy = taken.get("level", 1) if item.sphere == taken["weakest"] else 5
            answers[item.id] = 6 - healthy if item.reverse else healthy
        result = score(statements, answers)
        data = result.to_contract(suggestions_for(statements, result.weakest_items, knowledge_dir))
        assert coach.checkups is not None
        coach.checkups.add_checkup(
            session, "", None, answers, {"scores": data["scores"], "overlaps": data["overlaps"]}
        )
    for item in setup.get("plan", []):
        due = dt.date.today() + dt.timedelta(days=int(item.get("due_in_days", 0)))
        assert coach.plans is not None
        coach.plans.add_item(
            session,
            "",
            item["title"],
            item.get("source"),
            item["owner"],
            due.isoformat(),
            item["measure"],
        )
