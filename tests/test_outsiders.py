"""Outsiders, wordings asked for, trades and the moves that fit the symptom named: what
fresh development sets 97-99 showed the coach missing (stop 50)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.config import Settings
from assistant.diagnosis.classifier import Classifier
from assistant.errors import KnowledgeError
from assistant.retrieval.knowledge import load_knowledge
from assistant.wiring import build_coach

from .conftest import KNOWLEDGE
from .test_listening import talk


@pytest.fixture(scope="module")
def coach(warm_data: Path) -> Coach:
    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_data), "ALE_LLM": "off"})
    return build_coach(settings, with_sessions=False)


def _moves(reply: str) -> list[str]:
    return re.findall(r"^\d\. \*\*(.+?)\*\*", reply, re.M)


# --- the move written for the symptom named comes first ------------------------------


@pytest.mark.parametrize(
    ("message", "first"),
    [
        ("I own a hair salon and nobody restocks the colour", "One named owner for every outcome"),
        (
            "nobody owns the supplier invoices, they sit on the counter for weeks",
            "One named owner for every outcome",
        ),
        (
            "I run a small garage, the mechanics never log parts they use",
            "Checklists that live where the work happens",
        ),
        (
            "my line cooks ignore the new labelling rule, they say it's pointless, nobody told "
            "them why",
            "Ask for the reasons, and carry the team's questions up",
        ),
    ],
)
def test_the_move_written_for_the_symptom_named_comes_first(
    coach: Coach, message: str, first: str
) -> None:
    turn = talk(coach, message)[0]
    assert turn["action"] == "recommend"
    assert _moves(turn["reply"])[0] == first


def test_every_intervention_names_the_symptoms_it_is_written_for() -> None:
    docs = [d for d in load_knowledge(KNOWLEDGE).documents if d.meta.kind == "intervention"]
    assert len(docs) == 28
    assert all(d.meta.signals for d in docs)


def test_a_signal_that_is_no_pattern_is_a_clear_knowledge_error(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    (kb / "interventions" / "roles").mkdir(parents=True)
    source = KNOWLEDGE / "interventions" / "roles" / "one-owner-per-outcome.md"
    text = source.read_text(encoding="utf-8").replace("signals:\n", "signals:\n  - '(nobody'\n", 1)
    (kb / "interventions" / "roles" / "one-owner-per-outcome.md").write_text(text, "utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb)
    message = str(caught.value)
    assert "one-owner-per-outcome.md" in message
    assert "signal '(nobody' is not a valid pattern" in message


# --- habits of skipping a step, and the trades ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I run a small garage, the mechanics never log parts they use",
        "I'm an electrician, apprentices never label the circuits",
    ],
)
def test_a_step_habitually_left_out_is_execution(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).sphere == "execution"


def test_customers_who_never_sign_are_no_habit_of_the_team(classifier: Classifier) -> None:
    assert classifier.classify("our customers never sign the form").sphere is None


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("I run a small garage, four mechanics", "construction"),
        ("I'm an electrician, mostly rewires", "construction"),
        ("I own a hair salon with three chairs", "retail"),
        ("I run a barbershop on the high street", "retail"),
        # (plumbing supplies on a shop's shelves are no plumbing trade)
        ("My dad opened the place in '88. Paint, plumbing, fasteners, keys cut.", "retail"),
        ("Saturday night a party of eight walked out after the starters", "restaurants"),
        ("A customer of our web shop got the wrong box", "retail"),
        ("the card machines went down and people dumped their baskets", "retail"),
        ("the keynote speaker's mic died halfway through", "live-events"),
        ("our newsletter went out to 8,000 supporters with a broken donate button", "nonprofits"),
    ],
)
def test_trades_salons_and_what_a_story_tells_of_the_work(text: str, industry: str) -> None:
    assert Industries(KNOWLEDGE).detect(text) == industry


def test_a_garden_centre_owner_is_an_owner(coach: Coach) -> None:
    assert talk(coach, "I run a garden centre, twelve staff")[0]["role"] == "owner"


# --- an outsider behaving badly --------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "I own a tapas bar and our produce wholesaler has shorted us three Saturdays in a row. "
        "We order 10 kilos of tomatoes, 6 turn up, the invoice still says 10.",
        "I own a small building firm. The scaffolding company turned up two days late and my "
        "bricklayers stood around on day rate.",
        "Logistics manager at a furniture factory. The haulier keeps charging us failed "
        "collection fees.",
    ],
)
def test_an_outsider_behaving_badly_is_asked_about_our_side(coach: Coach, opening: str) -> None:
    turn = talk(coach, opening)[0]
    assert turn["action"] == "follow_up"
    assert turn["problems"] == [] and not turn["stored"]
    assert "On your side" in turn["reply"]


def test_the_answer_about_our_side_is_diagnosed_and_us_or_them_is_answered(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a tapas bar and our produce wholesaler has shorted us three Saturdays in a row.",
        "On our side, whoever is on the morning prep shift takes the boxes in. Nobody counts "
        "them against the invoice, we don't have a sheet for it.",
        "So is this on us or on them? They're still the ones sending short.",
    )
    assert [t["action"] for t in turns] == ["follow_up", "recommend", "answer"]
    assert turns[1]["sphere"] == "execution"
    assert turns[2]["reply"].startswith("Both, in different ways.")
    assert not turns[2]["stored"]


def test_an_outsider_remark_after_a_diagnosis_gets_one_question_not_a_welcome(
    coach: Coach,
) -> None:
    turns = talk(
        coach,
        "I'm the production manager at a food plant. The operators wear the hairnets round "
        "their chins and no one has explained why the customer wants them.",
        "Also their auditor is plain rude to my operators.",
        "And the auditor talks down to the supervisors as well.",
    )
    assert turns[0]["action"] == "recommend"
    assert turns[1]["action"] == "follow_up" and "On your side" in turns[1]["reply"]
    assert not turns[1]["stored"] and len(turns[1]["problems"]) == 1
    assert "On your side" not in turns[2]["reply"]  # asked once
    assert len(turns[2]["problems"]) == 1


def test_a_story_where_the_outsider_is_only_the_last_straw_keeps_our_side(coach: Coach) -> None:
    turn = talk(
        coach,
        "When a delivery is late, nobody calls the customer. The drivers think the counter "
        "calls, the counter thinks the drivers call from the car. So the customer calls us, "
        "very angry.",
    )[0]
    assert turn["action"] == "recommend"
    assert turn["sphere"] == "accountability"


# --- one dated event, and whether it was a one-off -------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Saturday night a party of eight waited almost an hour for their mains and walked out "
        "after the starters.",
        "This morning at the plant a batch of dough got double the salt and we scrapped 400 kilos.",
        "At the handover today the supply cart for procedure room 3 was missing half its "
        "sterile kits.",
    ],
)
def test_one_dated_event_told_without_a_hello_is_asked_about(coach: Coach, opening: str) -> None:
    turn = talk(coach, opening)[0]
    assert turn["action"] == "follow_up"
    assert "happened before" in turn["reply"]
    assert not turn["stored"]


def test_a_hello_with_a_date_in_it_is_still_a_hello(coach: Coach) -> None:
    turn = talk(coach, "Hi, I just got promoted to team lead. Until last month I was a developer.")
    assert turn[0]["action"] == "greet"


@pytest.mark.parametrize(
    "answer",
    [
        "I own the care home. She's lived with us six years without a single fall, the night "
        "staff did their two-hourly rounds exactly on schedule, and the hospital says her "
        "blood pressure dropped suddenly when she stood up.",
        "It's my company. The truss plant had a fire. We ordered on time the way we always do, "
        "and they've never let us down before this.",
    ],
)
def test_a_first_in_years_or_a_routine_kept_is_a_one_off(coach: Coach, answer: str) -> None:
    opening = (
        "Last night one of the residents on our dementia wing fell in her bathroom around 2am."
        if "care home" in answer
        else "Last Thursday the roof trusses came two days late and the framers stood around "
        "with nothing to do."
    )
    turns = talk(coach, opening, answer, "should I do anything differently?")
    assert [t["action"] for t in turns] == ["follow_up", "follow_up", "answer"]
    assert all(t["problems"] == [] and not t["stored"] for t in turns)


# --- wordings asked for without a question mark ---------------------------------------


@pytest.mark.parametrize(
    "asked",
    [
        "and a text for the group chat saying the list starts Friday. make it short, they "
        "won't read a long one",
        "bullet points pls for the note that goes up at the pass",
        "Draft something I can send to the nurses about a set autoclave schedule.",
        "and the wording for the line on the job sheet, something like 'scanned out by: ___'",
        "and what goes on the log sheet",
    ],
)
def test_a_wording_asked_for_is_a_request(asked: str) -> None:
    assert Intents(KNOWLEDGE).question(asked) == "first_steps"


@pytest.mark.parametrize(
    "statement",
    [
        "and the new girl is still not doing the closing list",
        "the message from head office was never explained to anyone",
    ],
)
def test_a_statement_about_a_note_or_a_list_is_no_request(statement: str) -> None:
    assert Intents(KNOWLEDGE).question(statement) is None


def test_which_of_them_gets_it_asks_who_owns_it_not_which_sphere(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a taco truck. Yesterday we ran out of propane halfway through lunch. Fourth time "
        "since January: my two leads each assume the other checked the tanks.",
        "which of them gets it? one has more years, the other opens every morning",
    )
    assert turns[0]["sphere"] == "accountability"
    assert turns[1]["action"] == "answer"
