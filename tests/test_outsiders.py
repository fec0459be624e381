"""Outsiders, wordings asked for, trades and the moves that fit the symptom named: what
fresh development sets 97-99 showed the coach missing (stop 50)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.diagnosis.classifier import Classifier
from assistant.errors import KnowledgeError
from assistant.retrieval.knowledge import load_knowledge

from .conftest import KNOWLEDGE
from .test_listening import talk


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


# --- good news, roles and reasons never given ------------------------------------------


@pytest.mark.parametrize(
    "news",
    [
        "so the super came out and told us two lads ended up in hospital last year. pretty much "
        "the whole crew has them in now",
        "The director came in before Saturday's shift. Almost every volunteer signed in this time.",
        "He said yes. Eight shows on the list and not one dead mic.",
        "The foreman clips on now and the inspector hasn't written us up in three weeks.",
        "Not one disputed line on this month's statements.",
    ],
)
def test_a_result_after_a_step_is_good_news(news: str) -> None:
    assert Intents(KNOWLEDGE).brings_good_news(news)


def test_nobody_ever_saying_why_is_leadership(classifier: Classifier) -> None:
    text = (
        "They call him the clipboard man and one of my foremen unclips the minute he drives "
        "off. Nobody has ever sat them down and said why the rule is there."
    )
    assert classifier.classify(text).sphere == "leadership"


@pytest.mark.parametrize(
    ("opening", "role"),
    [
        (
            "I'm a sparky with a mid size contractor and the job I'm on is doing my head in",
            "team-member",
        ),
        ("Hello, I set up and run a small literacy charity, 4 paid staff.", "owner"),
    ],
)
def test_who_is_asking_in_trade_words(coach: Coach, opening: str, role: str) -> None:
    assert talk(coach, opening)[0]["role"] == role


def test_a_partners_slow_people_after_a_diagnosis_are_asked_about_not_filed(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm a caseworker. We refer clients to a partner charity and the referrals keep falling "
        "through the cracks. Nobody here owns that partnership.",
        "Their advisers are really slow as well. Some of our clients wait six weeks.",
    )
    assert turns[0]["sphere"] == "accountability"
    assert turns[1]["action"] == "follow_up" and not turns[1]["stored"]
    assert len(turns[1]["problems"]) == 1


# --- things to write, and whether to leave an outsider ---------------------------------


def _after_a_problem(coach: Coach, *messages: str) -> list[dict]:  # type: ignore[type-arg]
    return talk(
        coach,
        "I own a hair salon. The colour formulas are done from memory and every stylist "
        "mixes her own way, so we had two redo colours this month.",
        *messages,
    )[1:]


def test_a_message_asked_for_is_drafted_with_what_it_should_say(coach: Coach) -> None:
    turn = _after_a_problem(
        coach,
        "and a whatsapp for the girls group saying from monday no colour without a consult "
        "card. keep it short they wont read a long one",
    )[0]
    assert turn["action"] == "answer" and not turn["stored"]
    assert "draft to send (WhatsApp message):" in turn["reply"]  # (no brackets to fill)
    assert "> Hi all, quick one. From Monday no colour without a consult card." in turn["reply"]
    assert "Here is how I see it" not in turn["reply"]


def test_bullets_asked_for_come_as_bullets_and_an_email_has_a_subject(coach: Coach) -> None:
    slack, email = _after_a_problem(
        coach,
        "can you write the slack post announcing it, short, bullets",
        "ok and draft the email to the whole team too",
    )
    assert "draft to send (Slack post); fill in the brackets:" in slack["reply"]
    assert "> - From Monday, we do [the job] one way" in slack["reply"]
    assert "> Subject:" in email["reply"] and "> Hi everyone," in email["reply"]


def test_a_list_asked_for_gets_the_shape_of_a_list(coach: Coach) -> None:
    turn = _after_a_problem(
        coach, "give me the closing checklist then. bullet points, i'll laminate it"
    )[0]
    assert turn["action"] == "answer"
    assert "> 1. [The step that gets missed most" in turn["reply"]
    assert "source: knowledge/interventions/process/job-checklists.md" in turn["reply"]


def test_an_email_to_the_boss_is_words_to_say_not_a_message_to_staff(coach: Coach) -> None:
    turn = _after_a_problem(coach, "draft me the email to my boss about it")[0]
    assert "you could say something like" in turn["reply"]
    assert "Hi all" not in turn["reply"]


@pytest.mark.parametrize("known", [True, False])
def test_whether_to_switch_supplier_is_answered(coach: Coach, known: bool) -> None:
    messages = [
        "I own a tapas bar and our produce wholesaler has shorted us three Saturdays in a row.",
        "On our side, whoever is on the morning prep shift takes the boxes in. Nobody counts "
        "them against the invoice, we don't have a sheet for it.",
    ]
    turns = talk(coach, *(messages if known else []), "should I just switch supplier?")
    reply = turns[-1]["reply"]
    assert turns[-1]["action"] == "answer" and not turns[-1]["stored"]
    assert reply.startswith("Maybe, but decide it on a record")
    if known:
        assert "fix your own side first" in reply and "execution problem" in reply
    else:
        assert "a plain business call" in reply


def test_a_correction_of_who_they_are_is_no_problem(classifier: Classifier) -> None:
    assert classifier.classify("im the owner btw not a manager").sphere is None


# --- whether to write someone up, and the rule for today -------------------------------


def test_whether_to_write_someone_up_gets_a_plain_answer_and_an_order(coach: Coach) -> None:
    turns = talk(
        coach,
        "I run a cafe. Jake skipped the fridge temperature check twice this week. nobody has a "
        "set time for it, everyone does it when they remember.",
        "do I write jake up or not",
    )
    assert turns[0]["sphere"] == "execution"
    # the rule for today fits the risk told: fridge temperatures, not allergy orders
    assert "fridge and freezer temperatures are read and written down" in turns[0]["reply"]
    assert "allergy" not in turns[0]["reply"]
    assert turns[1]["action"] == "answer" and not turns[1]["stored"]
    assert turns[1]["reply"].startswith("Not yet.")
    assert "a private conversation first, and a write-up if it keeps happening" in turns[1]["reply"]


def test_a_review_days_before_the_job_is_no_first_move_for_a_shop(coach: Coach) -> None:
    turn = talk(coach, "I run a small shop and the till is never counted the same way twice")[0]
    assert turn["sphere"] == "execution"
    assert "A go/no-go readiness review before every job" not in _moves(turn["reply"])[:1]


def test_a_write_up_is_fair_once_everyone_else_does_it_and_they_were_talked_to(
    coach: Coach,
) -> None:
    turns = talk(
        coach,
        "I run a kitchen. The fridge temp log keeps getting skipped on the late shift, there's "
        "no set time for it.",
        "all the cooks do it except Ryan, who has skipped it 9 times. I've had 2 private chats "
        "with him. do I write him up?",
    )
    assert turns[1]["action"] == "answer"
    assert turns[1]["reply"].startswith("Yes, at this point it's fair.")


def test_firing_an_agency_is_about_switching_not_a_write_up(coach: Coach) -> None:
    turn = talk(coach, "the staffing agency keeps sending no-shows. should we fire the agency?")
    assert "write-up" not in turn[-1]["reply"]
    assert turn[-1]["reply"].startswith("Maybe, but decide it on a record")


@pytest.mark.parametrize(
    "asked",
    [
        "a text to the merchant rep, Gary, saying next late delivery and we move our account",
        "I just want to send him a kind message, can you write one",
    ],
)
def test_a_message_to_one_person_is_not_drafted_as_a_team_announcement(
    coach: Coach, asked: str
) -> None:
    turn = _after_a_problem(coach, asked)[0]
    assert "Hi all" not in turn["reply"]
    assert not turn["stored"]


def test_you_write_it_is_a_request_not_news(coach: Coach) -> None:
    turn = _after_a_problem(
        coach, "i want to put a note up in the back room by the colour shelf. you write it"
    )[0]
    assert turn["action"] == "answer"
    assert all(p["status"] == "open" for p in turn["problems"])


def test_new_one_marks_a_second_problem(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a car garage. The old guys laugh at the new digital job cards, they say its the "
        "office spying on them, nobody explained why we brought them in.",
        "new one. customers keep getting their car back with the seat covers still in. no one "
        "does a final look over before the keys go back",
    )
    assert [p["sphere"] for p in turns[1]["problems"]] == ["leadership", "execution"]


def test_not_about_who_owns_it_keeps_the_reading(coach: Coach) -> None:
    turns = talk(
        coach,
        "im a barista. the manager changed how we steam the milk last week, no reason given, and "
        "half of us just do it the old way when she isnt in",
        "no its not really about who owns it. everyone knows its our job to make the coffee, we "
        "just dont get why she changed it",
    )
    assert turns[0]["sphere"] == "leadership"
    assert turns[1]["sphere"] == "leadership"
    assert [p["sphere"] for p in turns[1]["problems"]] == ["leadership"]


def test_the_things_named_for_a_list_become_its_lines(coach: Coach) -> None:
    turn = _after_a_problem(
        coach,
        "what should be on the closing list tho? we do espresso, filter, some toasties and cakes",
    )[0]
    assert turn["action"] == "answer"
    for n, item in enumerate(["Espresso", "Filter", "Toasties", "Cakes"], start=1):
        assert f"> {n}. {item}: [what gets done to it" in turn["reply"]


def test_a_post_announcing_a_checklist_is_a_post_not_a_list(coach: Coach) -> None:
    turn = _after_a_problem(
        coach, "can you write the slack post announcing the new colour checklist, short, bullets"
    )[0]
    assert "draft to send (Slack post)" in turn["reply"]
    assert "[Name of the list]" not in turn["reply"]
    assert (
        "> - From Monday, we start using the new colour checklist: [where to find it]."
        in (turn["reply"])
    )


@pytest.mark.parametrize(
    ("pushback", "words"),
    [
        (
            "I can already hear her: 'that's not my job, I'm a server not a dishwasher'. What do "
            "I come back with if she says that?",
            "You're right that it isn't the main part of your job.",
        ),
        (
            "and when the long-timers tell me 'we've always done it this way and never had a "
            "problem', what do I say back?",
            "Most days it has worked, and that's down to you.",
        ),
    ],
)
def test_a_reply_to_the_objection_quoted(coach: Coach, pushback: str, words: str) -> None:
    turn = _after_a_problem(coach, pushback)[0]
    assert turn["action"] == "answer" and not turn["stored"]
    assert words in turn["reply"]
