"""The dialogue policy alone: pure, no index, no database, no model (the cue rules read)."""

from __future__ import annotations

import copy

import pytest

from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.coaching.policy import Policy, model_references
from assistant.coaching.state import State
from assistant.diagnosis import Classifier, guard
from assistant.model import Action, Sphere

from .conftest import KNOWLEDGE

PROCESS = "Every crew chief packs the truck his own way and we keep forgetting the same cables."


@pytest.fixture(scope="module")
def policy(rules_classifier: Classifier) -> Policy:
    return Policy(
        Intents(KNOWLEDGE),
        rules_classifier.questions,
        rules_classifier.cues,
        Industries(KNOWLEDGE),
        model_references(KNOWLEDGE),
    )


def decide(policy: Policy, classifier: Classifier, state: State, message: str):  # type: ignore[no-untyped-def]
    text = guard(message)
    return policy.decide(state, text, classifier.classify(text, exclude_questions=state.asked))


def test_decide_never_changes_the_state_it_is_given(
    policy: Policy, rules_classifier: Classifier
) -> None:
    state = State()
    before = copy.deepcopy(state)
    plan = decide(policy, rules_classifier, state, PROCESS)
    assert state == before
    assert plan.state is not state and plan.state.turn == 1
    assert plan.state.evidence and all(e.sphere == Sphere.EXECUTION for e in plan.state.evidence)


def test_a_clear_problem_asks_retrieval_for_its_sphere_and_nothing_is_retrieved_yet(
    policy: Policy, rules_classifier: Classifier
) -> None:
    plan = decide(policy, rules_classifier, State(), PROCESS)
    assert plan.action == Action.RECOMMEND and plan.sphere == "execution"
    assert plan.overlap == "process" and plan.suggestions == ()
    request = plan.retrieval
    assert request is not None and request.sphere == "execution"
    assert request.exclude == frozenset() and request.role is None
    assert PROCESS[:40] in request.text and request.clauses
    grounded = plan.grounded(())
    assert grounded.retrieval is None and grounded.state.suggested == []


def test_the_same_state_and_message_give_the_same_plan(
    policy: Policy, rules_classifier: Classifier
) -> None:
    first = decide(policy, rules_classifier, State(), "Things are a mess at our company.")
    second = decide(policy, rules_classifier, State(), "Things are a mess at our company.")
    assert first.action == second.action == Action.FOLLOW_UP
    assert first.question is not None and second.question is not None
    assert first.question.id == second.question.id
    assert first.state == second.state and first.state.pending == first.question.id


def test_a_conversation_is_a_chain_of_states(policy: Policy, rules_classifier: Classifier) -> None:
    opener = decide(policy, rules_classifier, State(), "Things are a mess at our company.")
    told = decide(policy, rules_classifier, opener.state, PROCESS)
    asked = decide(policy, rules_classifier, told.state, "So which sphere should we fix first?")
    assert [p.state.turn for p in (opener, told, asked)] == [1, 2, 3]
    assert asked.action == Action.WHICH_SPHERE and asked.sphere == "execution"
    assert asked.ranking[0][0] == "execution"
    early = decide(policy, rules_classifier, State(), "Which sphere should we fix?")
    assert early.action == Action.TOO_EARLY and early.retrieval is None


def test_the_ledger_reads_the_clauses_first_not_a_whole_text_reading() -> None:
    from assistant.coaching.policy import _lead_tag
    from assistant.diagnosis.diagnosis import Diagnosis, Tag

    whole = Tag("execution", 0.9, ("company brought in a checklist",), whole=True)
    clauses = Tag("leadership", 0.5, ("they call it paperwork",))
    diagnosis = Diagnosis(
        sphere="execution",
        confidence=0.9,
        scores={"accountability": 0.0, "leadership": 0.5, "execution": 0.5},
        tags=(whole, clauses),
        raw={"accountability": 0.0, "leadership": 0.9, "execution": 1.2},
    )
    # however much evidence its sphere has, the whole-text tag does not lead the ledger
    assert _lead_tag(diagnosis) is clauses
