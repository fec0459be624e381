"""Texting, reports of a step that faded, one-offs told late and questions about the chat
itself: what fresh development sets 100-102 and two fresh-eyes reviews showed the coach
missing (stop 51)."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.coaching.policy import _MISFIT, _one_event
from assistant.diagnosis.classifier import Classifier
from assistant.diagnosis.text import informal

from .conftest import KNOWLEDGE
from .test_listening import talk

# --- chat shorthand is read as the words it stands for ---------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("front desk says they shud book it", "front desk says they should book it"),
        ("mgr at a taco spot n closing is ugh", "manager at a taco spot and closing is ugh"),
        ("i never rly explained it b4", "i never really explained it before"),
        ("smth gets skipped every wk", "something gets skipped every week"),
        # a registered nurse is not "right now", and words stay whole
        ("RN on a med-surg floor", "RN on a med-surg floor"),
        ("the rnd team and the brand", "the rnd team and the brand"),
    ],
)
def test_chat_shorthand_is_spelt_out(typed: str, read: str) -> None:
    assert informal(typed) == read
    assert informal(read) == read  # reading twice changes nothing


def test_the_classifier_reads_shorthand_as_the_words(classifier: Classifier) -> None:
    said = (
        "over recall. front desk says hygienists shud book the next cleaning right in the chair, "
        "hygienists say thats front desks job, so half the patients walk out w/o a next appt"
    )
    diagnosis = classifier.classify(said)
    assert str(diagnosis.sphere) == "accountability"
    assert "accountability" in {str(s) for s in diagnosis.cued}


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "Nobody ever cleans the proofer at close because nobody was ever told it's their job",
            "accountability",
        ),
        ("i mean i never rly explained it, just read a book and started taping lol", "leadership"),
        (
            "my asst mgr and i both think were the one who approves returns over $100",
            "accountability",
        ),
    ],
)
def test_symptoms_told_in_plain_or_texted_words_are_read(
    classifier: Classifier, text: str, sphere: str
) -> None:
    assert str(classifier.classify(text).sphere) == sphere


@pytest.mark.parametrize(
    "text",
    [
        # the speaker not knowing why is no sign that people were never told why
        "online side of the business is going badly and idk why",
        # said to the coach, not about the team
        "You didn't answer whether it's my fault",
        "You didnt say what to tell the owner",
        "you keep giving me the same step",
        # the person naming the model's words to deny them
        "it is not a buy-in problem",
    ],
)
def test_words_about_the_speaker_or_the_chat_are_no_symptom(
    classifier: Classifier, text: str
) -> None:
    assert classifier.classify(text).sphere is None


def test_pay_said_to_be_none_of_the_coachs_business_is_no_roles_problem(
    classifier: Classifier,
) -> None:
    said = (
        "overnight stocker at a grocery store. pay is trash, not ur problem lol. but the "
        "delivery gets put away diff every night depending whos lead, cold stuff sits out"
    )
    diagnosis = classifier.classify(said)
    assert "accountability" not in {str(t.sphere) for t in diagnosis.tags}


# --- an introduction with a hint of trouble is asked about, not welcomed ------------------


@pytest.mark.parametrize(
    "message",
    [
        "so im the mgr at a taco spot n closing is just ugh rn",
        "i own a dental office, 3 chairs. front desk and my hygienists r at war lately",
        "apprentice electrician here, ugh its my foreman and the journeyman im under",
        "mgr at a phone accessories store in the mall. online orders",
    ],
)
def test_an_introduction_with_a_hint_of_trouble_gets_a_question(coach: Coach, message: str) -> None:
    turn = talk(coach, message)[0]
    assert turn["action"] == "follow_up"
    assert turn["role"] is not None
    assert not turn["stored"]


@pytest.mark.parametrize(
    "message",
    ["hi im the owner of a bakery", "Hi, I run a bakery. Two shops.", "Hello! Nurse here. Nights."],
)
def test_an_introduction_alone_is_welcomed(coach: Coach, message: str) -> None:
    assert talk(coach, message)[0]["action"] == "greet"


def test_a_long_story_with_a_fight_in_it_is_still_a_story(intents: Intents) -> None:
    story = (
        "the cooks and the servers are fighting constantly about who restocks the line, "
        "nobody owns it and every night there is a blowup about the cutlery and napkins"
    )
    assert not intents.vague(story)


# --- reports told in a few texted words ---------------------------------------------------


@pytest.mark.parametrize(
    "news",
    [
        "set queue checks at 10 12 2 n 4, zero angry pickups this wk",
        "had the guys pick where tools go at their own benches, still there 2 wks later",
    ],
)
def test_good_news_in_texting_is_news(coach: Coach, news: str) -> None:
    opener = (
        "mgr at a phone store. buy online pick up in store orders arent pulled, there's no "
        "set time or steps to check the web queue, some check at open some forget"
    )
    turns = talk(coach, opener, news)
    assert turns[0]["action"] == "recommend"
    assert turns[1]["action"] == "affirm"
    assert not turns[1]["stored"]


def test_a_step_that_faded_keeps_the_problem_open(coach: Coach, intents: Intents) -> None:
    assert intents.news_outcome("worked for like 4 days then back to the same") == "faded"
    assert intents.news_outcome("Ran it for four weeks, then we made it permanent.") == "worked"
    opener = (
        "i drive a forklift at a distribution centre. pallets get left in the aisles at shift "
        "change, theres no list, its whatever the lead remembers"
    )
    turns = talk(
        coach, opener, "worked for like 4 days then back to the same. is it even worth bothering"
    )
    assert turns[1]["action"] == "answer"
    assert "slipped back" in turns[1]["reply"]
    assert "addressed" not in turns[1]["reply"]
    assert all(p["status"] == "open" for p in turns[1]["problems"])


def test_a_complaint_that_a_question_went_unanswered_answers_it_again(coach: Coach) -> None:
    opener = (
        "i drive a forklift at a distribution centre. pallets get left in the aisles at shift "
        "change, theres no list, its whatever the lead remembers"
    )
    turns = talk(
        coach, opener, "should we do a walk round at handover", "you didnt answer my question"
    )
    assert turns[2]["action"] == "answer"
    assert turns[2]["reply"].startswith("Sorry, you asked plainly")


# --- questions the coach used to pass over ------------------------------------------------


def test_is_this_confidential_is_answered_first(coach: Coach) -> None:
    turn = talk(coach, "hi, is this confidential?")[0]
    assert turn["action"] == "answer"
    assert "kept by this app" in turn["reply"]
    assert not turn["stored"]


def test_should_i_report_her_gets_a_yes_and_how(coach: Coach) -> None:
    opener = (
        "i work the tills at a supermarket. my supervisor keeps changing the rota without "
        "telling anyone why and half of us found out by text an hour before"
    )
    turns = talk(coach, opener, "should I report her to the manager?")
    assert turns[1]["action"] == "answer"
    assert turns[1]["reply"].startswith("Yes, talk to the manager")
    assert not turns[1]["stored"]


@pytest.mark.parametrize(
    "said",
    [
        "I'm not the boss I cant 'design the change with veterans'.",
        "i literally just said i cant do the veterans thing",
        "im not the head, i cant make her work a shift in the office",
    ],
)
def test_a_move_the_person_has_no_power_to_make_is_a_misfit(said: str) -> None:
    assert _MISFIT.search(informal(said))


# --- one bad event, and what shows it was a one-off --------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        "Slab pour got scrubbed yesterday, the concrete pump never showed.",
        "A donor rang furious yesterday because her cheque from March has never been banked.",
        "Worst Saturday ever. The bouquets got delivered to the wrong church.",
    ],
)
def test_one_dated_event_is_one_event(event: str) -> None:
    assert _one_event(event)


def test_the_pump_that_never_showed_is_asked_whether_it_happened_before(coach: Coach) -> None:
    turn = talk(coach, "Slab pour got scrubbed yesterday, the concrete pump never showed.")[0]
    assert turn["action"] == "follow_up"
    assert "happened before" in turn["reply"]


@pytest.mark.parametrize(
    "answer",
    [
        "We've traced it. The stockholder sent the wrong grade of steel. Our goods-in check was "
        "done exactly as written, and it's the first reject from that customer in six years.",
        "It was the courier, he read the postcode off the wrong line. The owner says it's the "
        "first wrong drop in eight years.",
    ],
)
def test_a_first_in_years_with_the_routine_followed_is_a_one_off(coach: Coach, answer: str) -> None:
    opener = "Our biggest customer rejected a whole delivery of brackets on Friday."
    turns = talk(coach, opener, answer)
    assert turns[1]["action"] == "follow_up"
    assert "one-off" in turns[1]["reply"]
    assert turns[1]["problems"] == []


# --- who is asking, and where ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "hard to say. I'm only a band 5 staff nurse so I don't see the big picture",
            "team-member",
        ),
        ("dunno, I was off all last week. I just do days on dairy.", "team-member"),
    ],
)
def test_team_members_said_in_passing(intents: Intents, text: str, role: str) -> None:
    assert intents.role(text) == role


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("I wired a ring main to the wrong board yesterday", "construction"),
        ("asked my sparky, it happens loads", "construction"),
        ("the new TV we sold her was the ex-display one", "retail"),
        ("the shelf edge labels were wrong all week", "retail"),
    ],
)
def test_trade_words_say_the_industry(text: str, industry: str) -> None:
    assert Industries(KNOWLEDGE).detect(text) == industry


# --- questions asked while an incident is still being found out -----------------------


@pytest.mark.parametrize(
    ("incident", "question", "expected"),
    [
        (
            "I gave Mrs Green the wrong tablets on my round this morning, she's fine.",
            "Should I report myself?",
            "Yes. Report it today",
        ),
        (
            "Till was £200 short on Saturday night. Counted it three times.",
            "I'm the store manager. Do I have to report it to area office?",
            "Every workplace has a rule on what gets reported",
        ),
        (
            "At Friday's gig a fire exit got blocked by the touring band's merch stand.",
            "Is it on me to say something to the tour manager next time, or is that above my "
            "pay grade?",
            "It's fair for you to say something",
        ),
        (
            "A volunteer didn't turn up for the Saturday food bank shift and we ran short.",
            "Is it fair to take her off the rota for it?",
            "Not on one story",
        ),
    ],
)
def test_a_question_about_an_incident_is_answered_before_anything_is_filed(
    coach: Coach, incident: str, question: str, expected: str
) -> None:
    turns = talk(coach, incident, question)
    assert turns[0]["action"] == "follow_up"
    assert turns[1]["action"] == "answer"
    assert expected in turns[1]["reply"]
    assert turns[1]["problems"] == []
    assert not turns[1]["stored"]


@pytest.mark.parametrize(
    "report",
    [
        "so we tried the review checklist. it's... meh? sort of?",
        "Did the floor walk and asked operators what bugs them, like you suggested. it's... hard "
        "to say. kind of?",
    ],
)
def test_a_step_said_to_have_gone_meh_is_asked_about(coach: Coach, report: str) -> None:
    opener = (
        "I lead a mobile team. PRs sit 3-4 days and the reviews are all over the place, there's "
        "no agreed checklist and everyone reviews their own way"
    )
    turns = talk(coach, opener, report)
    assert turns[0]["action"] == "recommend"
    assert turns[1]["action"] == "follow_up"
    assert "what still goes wrong" in turns[1]["reply"]
    assert not turns[1]["stored"]


def test_partial_progress_keeps_the_problem_open(coach: Coach, intents: Intents) -> None:
    told = (
        "We set par levels and two fixed restock runs. ICU went from stockouts most days to 1 "
        "in 3 weeks. ED still runs dry, their cabinet never got the new pars."
    )
    assert intents.still_falls_short(told)
    assert not intents.still_falls_short(
        "Checklist is up. Two weeks, zero misses. Team is still using it."
    )
    opener = (
        "pharmacy tech at a hospital. the cabinets on the units keep running out of basic stuff "
        "because restocking is done by whichever tech is free. no par levels, no set route."
    )
    turns = talk(coach, opener, told)
    assert turns[1]["action"] == "affirm"
    assert "part of the way" in turns[1]["reply"]
    assert [p["status"] for p in turns[1]["problems"]] == ["open"]


def test_it_happened_again_is_more_of_the_same_not_news(coach: Coach) -> None:
    opener = (
        "A2 here. at the last 3 venues nobody did the power advance, the PM thinks the TM calls "
        "the venue and the TM thinks the PM does"
    )
    turns = talk(coach, opener, "happened again tonight lol, diff venue same thing, nobody called")
    assert turns[0]["action"] == "recommend"
    assert turns[1]["action"] == "recommend"
    assert turns[1]["stored"]
    assert "addressed" not in turns[1]["reply"]


@pytest.mark.parametrize(
    "event",
    [
        "I'm a commis chef. Today the chicken delivery sat on the back step for three hours in "
        "the heat and chef made us bin the lot, 40 kilos.",
        "Till was £200 short on Saturday night. Counted it three times.",
    ],
)
def test_one_bad_event_without_a_hello_is_asked_about(coach: Coach, event: str) -> None:
    turn = talk(coach, event)[0]
    assert turn["action"] == "follow_up"
    assert not turn["stored"]


def test_confirmed_twice_is_how_hard_they_checked_not_a_pattern(coach: Coach) -> None:
    turns = talk(
        coach,
        "Slab pour got scrubbed yesterday, the concrete pump never showed.",
        "Checked it all: we booked the pump a fortnight ago and confirmed twice in writing. The "
        "hire firm double-booked the rig. First time in six years with them.",
    )
    assert turns[1]["action"] == "follow_up"
    assert turns[1]["problems"] == []


@pytest.mark.parametrize(
    "text",
    [
        "the managers slag off the sticker system, call it head office faff, so nobody bothers",
        "they think harnesses are for the insurers, and I've never sat them down and told them "
        "about the mate of mine who fell",
    ],
)
def test_mocking_a_rule_and_never_saying_why_are_buy_in(classifier: Classifier, text: str) -> None:
    assert str(classifier.classify(text).sphere) == "leadership"


def test_what_do_you_mean_is_a_question_not_a_symptom(coach: Coach) -> None:
    opener = (
        "cnc operator. machine 4 goes down and sits for hours cuz only the lead is allowed to put "
        "in a work order and nobody else owns it"
    )
    turns = talk(coach, opener, "wdym its about who owns it, its a broken machine")
    assert turns[1]["action"] == "answer"
    assert not turns[1]["stored"]


@pytest.mark.parametrize(
    ("industry", "words"),
    [
        ("restaurants", "before it leaves the kitchen"),
        ("manufacturing", "after an allergen changeover"),
        ("healthcare", "on one list that the person in charge checks"),
        (None, "on one list that the person in charge checks"),
    ],
)
def test_the_rule_for_today_on_allergies_fits_the_work(industry: str | None, words: str) -> None:
    from assistant.coaching.plan import Action, Plan
    from assistant.coaching.state import State
    from assistant.responders.offline import _stakes

    state = State()
    state.industry = industry
    plan = Plan(
        Action.RECOMMEND,
        "a customer with a nut allergy nearly got the wrong dish, nobody checks allergy orders",
        None,
        state,
    )
    assert words in _stakes(plan)
