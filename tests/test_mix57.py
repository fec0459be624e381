"""What four more everyday-mix development sets (124-127, stop 57) showed the coach
missing: "a small arts charity" taken as a problem called small, money put ahead of the
root in "which first", second looks said in new words, a "never ... don't trust" read as
trust, "meanwhile" taken for a second problem, "Second and worse:" and "... too" not taken
for one, a vague opener's words shown as evidence, and a reading put right that the totals
of earlier turns then overruled."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.intents import Intents
from assistant.diagnosis import stakes
from assistant.diagnosis.classifier import Classifier
from assistant.diagnosis.cues import load_cues
from assistant.diagnosis.text import enumerated_parts

from .conftest import KNOWLEDGE
from .test_listening import talk


@pytest.fixture(scope="module")
def intents() -> Intents:
    return Intents(KNOWLEDGE)


# --- stakes: the size of a place is not a small problem; money is no reason to go first --


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I founded and run a small arts charity, 7 staff.", 0),
        ("it's a small team and the rota is a mess", 0),
        ("Second thing is small but it drives me mad, the rota", stakes.SMALL),
        ("The other thing is minor.", stakes.SMALL),
        ("It's small compared to the rota", stakes.SMALL),
    ],
)
def test_only_a_problem_called_small_is_small(text: str, level: int) -> None:
    assert stakes.level(text) == level


def test_money_at_stake_does_not_put_a_problem_before_its_root(coach: Coach) -> None:
    turns = talk(
        coach,
        "I manage a steakhouse. Since our sous left nobody owns the line, the grill guys say "
        "it's the chef's call, the chef says the sous did it, and nobody answers for a bad "
        "night.",
        "also the line itself is a mess on busy nights: tickets go out in the wrong order, "
        "no set fire times, each cook does it his own way, and it's costing us money in "
        "comped steaks.",
        "ok so which one should we fix first?",
    )
    assert [p["sphere"] for p in turns[-1]["problems"]] == ["accountability", "execution"]
    assert turns[-1]["action"] == "which_sphere"
    assert turns[-1]["sphere"] == "accountability"


def test_safety_at_stake_still_goes_first(coach: Coach) -> None:
    turns = talk(
        coach,
        "I run a small care home. Nobody owns the night medication round, the seniors say "
        "it's the nurse's, the nurse says it's the seniors'.",
        "also the hoist checks are done any old way, each carer does it differently, and "
        "last week a resident nearly fell from the sling.",
        "which one should we fix first?",
    )
    assert turns[-1]["action"] == "which_sphere"
    assert turns[-1]["sphere"] == "execution"


# --- a second look, said in new words ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "actually the kit and the sign-in aren't the thing. we all know what to do, it's on "
        "the wall.",
        "The sheet is easy and on quiet days they do it perfectly, so they can do it.",
        "thinking about it more, the pick lists are fine really and everyone knows the way.",
        "It's not really that we don't know the steps, there's a wiki page.",
        "Actually after today's meeting I think it's something else. Everyone knows the CEO "
        "signs off.",
        "So I wrote a standard rig sheet. The techs could follow it fine, they just aren't.",
        "Having talked to them properly, they all know the starter pack.",
    ],
)
def test_new_ways_of_saying_the_reading_was_wrong(intents: Intents, text: str) -> None:
    assert intents.rereads(text)


@pytest.mark.parametrize(
    "text",
    [
        "the rota keeps changing and nobody tells us",
        "they can't do it on busy nights, there's no list",
    ],
)
def test_a_plain_symptom_is_no_second_look(intents: Intents, text: str) -> None:
    assert not intents.rereads(text)


def test_a_reading_put_right_is_taken_up_over_earlier_totals(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a small electrical contracting firm, 8 sparks. Jobs keep getting left half "
        "done. The lads leave a site for an emergency call and nobody goes back to finish. "
        "Nobody seems to think the job is theirs once they've left it.",
        "Actually it's not that nobody owns them. Every job has a named lead on the board and "
        "they know it. They just lose track that a job is open because we have no job sheet, "
        "no list of what's left to do, it's all in people's heads and on scraps of paper.",
    )
    assert turns[0]["sphere"] == "accountability"
    assert turns[1]["action"] == "recommend"
    assert turns[1]["sphere"] == "execution"
    assert [p["sphere"] for p in turns[1]["problems"]] == ["execution"]


# --- negation that does not reach across clauses -------------------------------------


def test_a_negator_in_an_earlier_clause_does_not_turn_distrust_into_trust(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "After the changes never happened they don't trust a word from us."
    )
    assert diagnosis.sphere == "leadership"
    assert "leadership" not in diagnosis.healthy


def test_not_that_they_dont_is_still_a_double_negation(classifier: Classifier) -> None:
    diagnosis = classifier.classify("it's not that they don't trust us, nobody owns the rota.")
    assert "leadership" in diagnosis.healthy
    assert diagnosis.sphere == "accountability"


def test_promised_changes_from_above_are_no_missed_commitment() -> None:
    cues = load_cues(KNOWLEDGE)
    ids = {
        c.id
        for c in cues.symptoms["accountability"]
        if c.regex.search("last year's promised changes never happened")
    }
    assert "ac-missed-commitments" not in ids
    assert any(
        c.id == "ac-missed-commitments" and c.regex.search("Dave promised he'd call and never did")
        for c in cues.symptoms["accountability"]
    )


def test_nobody_picking_up_our_calls_is_not_a_task_nobody_picks_up() -> None:
    cues = load_cues(KNOWLEDGE)
    owns = next(c for c in cues.symptoms["accountability"] if c.id == "ac-nobody-owns")
    assert not owns.regex.search("nobody picks up our calls for the summer dates")
    assert owns.regex.search("the job sits there and nobody picks it up")


# --- where a message tells a second problem, and where it does not ---------------------


def test_meanwhile_after_a_comma_goes_on_with_the_same_story(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "i'm a QA tester on a software team. the bugs we flag just sit there, nobody picks "
        "them up. product says it's dev's call, dev says product hasn't prioritised it, and "
        "meanwhile customers find them",
    )
    assert [p["sphere"] for p in turn["problems"]] == ["accountability"]


def test_second_and_worse_starts_the_second_problem() -> None:
    text = (
        "Two things eating me. First, code review is a free for all, nobody is assigned. "
        "Second and worse: the team doesn't believe anything we say anymore."
    )
    starts = [text[a:b] for a, b in enumerated_parts(text)]
    assert any(part.strip().startswith("Second and worse") for part in starts)


def test_a_sentence_that_says_too_tells_another_problem(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I'm the practice manager at a GP surgery. Repeat prescription requests fall through "
        "the cracks. Reception thinks the pharmacist handles the queue, the pharmacist thinks "
        "the duty doctor does, nobody's name is on it. The handover notes between reception "
        "shifts are patchy too, half the time the afternoon team starts without knowing "
        "what's pending.",
    )
    assert [p["sphere"] for p in turn["problems"]] == ["accountability", "execution"]


def test_the_one_that_really_gets_me_is_taken_up_first(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I'm a dental nurse at a busy practice. Two things bug me. Sterilisation logs are hit "
        "and miss, everyone runs the cycle and logs it their own way. But the thing that "
        "really gets me is the surgery stock. Nobody owns ordering, so we run out of gloves "
        "and everyone thinks someone else ordered.",
    )
    assert sorted(p["sphere"] for p in turn["problems"]) == ["accountability", "execution"]
    assert turn["sphere"] == "accountability"


# --- openers, outsiders, good news, logs in no one place --------------------------------


def test_a_vague_opener_after_an_introduction_stores_and_shows_no_evidence(
    coach: Coach,
) -> None:
    (turn,) = talk(
        coach,
        "Hello, I own a dental practice, 3 dentists and 6 dental nurses. It's been a rough "
        "few months, hard to say why.",
    )
    assert turn["action"] == "follow_up"
    assert turn["evidence"] == [] and not turn["stored"]
    assert turn["role"] == "owner"


def test_unreasonable_customers_and_a_late_supplier_are_asked_about(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "Hi. Shift manager at a plastics moulding plant. We've had a bad couple of months, "
        "the customers are being unreasonable and the resin supplier keeps shipping late.",
    )
    assert turn["action"] == "follow_up"
    assert turn["problems"] == []


def test_people_no_longer_laughing_at_the_talks_is_good_news(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm a project manager at a roofing company. The owner brought in a new safety "
        "system. The roofers think it's box ticking for the insurance. They sign the sheet "
        "and then do it their own way.",
        "we had the lads rewrite the harness check themselves with the owner in the room. "
        "nobody's laughing at the talks now and Dave even ran one himself",
    )
    assert turns[1]["action"] == "affirm"
    assert turns[1]["sphere"] == turns[0]["sphere"]


@pytest.mark.parametrize(
    "text",
    [
        "Referrals come in by email, by phone and through the online form and there's no "
        "single place they're logged.",
        "someone orders a book, we write it on a post-it or in the notebook or in the "
        "system, depends who's on, and then it never gets ordered",
    ],
)
def test_work_kept_in_no_one_place_is_execution(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).sphere == "execution"


def test_because_of_all_that_makes_the_first_problem_the_root(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I'm a project manager at a construction company. The guys on site have stopped "
        "believing anything head office says. The directors promised bonuses then cancelled "
        "them with no explanation, and two of my best foremen quit in March. And because of "
        "all that nobody wants to put their name to the handover packs anymore, they're 'the "
        "team's' job so no one finishes them.",
    )
    assert [p["sphere"] for p in turn["problems"]] == ["leadership", "accountability"]
    assert turn["sphere"] == "leadership"
