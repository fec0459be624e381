"""A new problem told with a question after it, attitudes taken back ("it's not that they
don't care"), outsiders named by their trade, good news in runs of days, and industries and
roles told sideways: what fresh development sets 106 and 107 showed the coach missing
(stop 53)."""

from __future__ import annotations

import re

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.coaching.policy import in_their_words
from assistant.diagnosis.classifier import Classifier
from assistant.diagnosis.cues import load_cues

from .conftest import KNOWLEDGE
from .test_listening import talk

# --- a new problem, then a question -------------------------------------------------------


@pytest.mark.parametrize(
    ("opener", "second", "sphere", "answer"),
    [
        (
            "I'm a sales assistant at a phone retailer. Our targets got changed to add-ons per "
            "sale and nobody told us why. Everyone's cynical, we call it 'the upsell police'.",
            "Another thing: trade-in phones get logged differently by everyone. Some wipe them "
            "first, some don't, some write the IMEI on a post-it, and last week two phones went "
            "missing. Should I flag that to the area manager myself?",
            "execution",
            "talk to the area manager",
        ),
        (
            "I'm the ward manager on a surgical ward. The trust rolled out a new e-obs system "
            "and my nurses are openly hostile about it, they call it another brilliant idea "
            "from upstairs and do the bare minimum on it.",
            "Something else came up this week. Restocking the resus trolley isn't on anyone's "
            "list. Days say nights do it, nights say it's the healthcare assistants, the HCAs "
            "say they were never told. Do I have to put that in as an incident report?",
            "accountability",
            "Check that rule today",
        ),
    ],
)
def test_a_new_problem_told_before_a_question_is_filed_and_the_question_is_not(
    coach: Coach, opener: str, second: str, sphere: str, answer: str
) -> None:
    turns = talk(coach, opener, second)
    assert turns[1]["action"] == "recommend"
    assert turns[1]["sphere"] == sphere
    assert [p["sphere"] for p in turns[1]["problems"]][-1] == sphere
    assert len(turns[1]["problems"]) == 2
    assert not any(
        e.rstrip().endswith("?") or "should i" in e.lower() for e in turns[1]["evidence"]
    )
    assert not any("incident report" in e for e in turns[1]["evidence"])
    # the question is answered after the moves for the new problem
    asked = turns[1]["reply"].split("You also asked", 1)
    assert len(asked) == 2, turns[1]["reply"]
    assert answer in asked[1]


def test_a_question_the_moves_answer_gets_no_aside(coach: Coach) -> None:
    turns = talk(
        coach,
        "I run a bakery. The flour order is always late because the morning baker does it from "
        "memory and nothing is written down.",
        "Another thing: since I changed the rota without asking anyone, the weekend staff have "
        "gone cold, they roll their eyes at every briefing and two have handed in notice. Why "
        "does this keep happening?",
    )
    assert turns[1]["action"] == "recommend"
    assert "You also asked" not in turns[1]["reply"]


def test_a_question_with_only_more_of_the_same_is_still_answered(coach: Coach) -> None:
    opener = (
        "I run a bakery. Nobody owns the flour order: the morning baker thinks the afternoon "
        "baker does it, the afternoon baker thinks I do, and twice this month we ran out."
    )
    turns = talk(coach, opener, "Also, should I just do the order myself?")
    assert turns[1]["action"] == "answer"
    assert len(turns[1]["problems"]) == 1
    assert not turns[1]["stored"]


# --- an attitude taken back, and the sentence that takes it back -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Actually, it's not that they don't care. Nobody's ever told them the checks are theirs.",
        "it's not that she doesn't bother, nobody told her it's hers",
    ],
)
def test_it_is_not_that_they_do_not_care_looks_again(intents: Intents, text: str) -> None:
    assert intents.rereads(text)


def test_an_attitude_taken_back_replaces_the_entry_instead_of_adding_one(coach: Coach) -> None:
    turns = talk(
        coach,
        "Contracts manager at a groundworks company. Our operators have a real attitude about "
        "the plant pre-use checks. They call it head office box-ticking and roll their eyes at "
        "every toolbox talk.",
        "Actually, it's not that they don't care. Nobody's ever told them the checks are "
        "theirs. The operator thinks the banksman does it, the banksman thinks the foreman "
        "does, and the foreman thinks the hire company checks before delivery.",
    )
    assert turns[0]["industry"] == "construction"
    assert [p["sphere"] for p in turns[1]["problems"]] == ["accountability"]


def test_the_sentence_that_denies_a_reading_is_no_evidence_for_it(coach: Coach) -> None:
    turns = talk(
        coach,
        "Site manager on a housing development. Plots keep failing the handover inspection "
        "for the same things. Every finisher does the final check their own way, from memory.",
        "Ok, so we wrote a proper handover checklist and it turns out the list was never the "
        "real problem. Nobody signs it because nobody thinks the final check is theirs: the "
        "finishers say it's for Liam, Liam says it's the finishers' job.",
    )
    assert [p["sphere"] for p in turns[1]["problems"]] == ["accountability"]
    assert not any("never the real problem" in e for e in turns[1]["evidence"])


# --- outsiders named by their trade or their relation ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The franchise people changed the packaging supplier again.",
        "The sparky we sub to never turns up when he says he will.",
        "The customers round here are so entitled, moaning about prices every single day.",
        "The house crews we get at the theatres are clueless.",
        "Our users are the worst, honestly.",
        # hard times from outside (set 108)
        "The contract changes this year are killing us, and now the landlord wants another 15%.",
        "the weather has been brutal, two lorries stuck on the A66 last week",
    ],
)
def test_an_outsider_named_by_trade_is_from_outside(text: str) -> None:
    assert load_cues(KNOWLEDGE).from_outside(text)


@pytest.mark.parametrize(
    "text",
    [
        "The customers round here love the new menu.",
        "Our users are mostly nurses on nights.",
        "The sparky on our team never labels the boards.",
    ],
)
def test_people_named_without_a_gripe_about_them_are_not_outsiders(text: str) -> None:
    assert not load_cues(KNOWLEDGE).from_outside(text)


def test_a_gripe_about_customers_is_asked_about_and_nothing_is_filed(coach: Coach) -> None:
    turn = talk(
        coach,
        "I own a deli and grocer. The customers round here are so entitled, moaning "
        "about prices every single day.",
    )[0]
    assert turn["action"] == "follow_up"
    assert turn["industry"] == "retail"
    assert turn["problems"] == [] and not turn["stored"]


# --- good news in runs of days ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We stuck an opening list by the grinder. Two weeks now, open on time every day.",
        "Gav's had the subbie diary a month now. Sparky's been there on time every job.",
        "We handed over on Friday with nothing outstanding, first time this year.",
        "Tidy every week since, no losses for a month.",
        # set 108 ("by the till" is no "until")
        "jess has had the ordering for 3 weeks now, her name's on the board by the till. not "
        "run out of a single thing",
        "each grant now has one named lead. 4 reports in on time and I haven't written one.",
        "so our manager put up a duty rota. 3 weeks now and every family has a named worker.",
        "They did. They use it, they even nag each other about it.",
    ],
)
def test_a_run_of_work_done_right_is_good_news(intents: Intents, text: str) -> None:
    assert intents.brings_good_news(text)
    assert not intents.fades(text)


@pytest.mark.parametrize(
    "text",
    [
        "Two weeks now, late every day.",
        "Two weeks now and still not on time, except Mondays.",
        "3 weeks now and every shift is a mess",
    ],
)
def test_a_run_of_trouble_is_no_good_news(intents: Intents, text: str) -> None:
    assert not intents.brings_good_news(text)


def test_same_this_week_is_more_of_the_same_not_a_step_that_faded(coach: Coach) -> None:
    turns = talk(
        coach,
        "I own a small web agency. Nobody owns the spec. Our PMs think the designers write it, "
        "the designers think the PMs do, and questions bounce around Slack for days.",
        "Same this week: a client change request sat in the shared inbox for six days because "
        "'the team' was supposed to pick it up. Nobody did.",
    )
    assert turns[1]["action"] == "recommend"
    assert turns[1]["sphere"] == "accountability"
    assert turns[1]["stored"]


# --- industries and roles told sideways ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        (
            "I manage a franchised coffee shop. Pastries out by 6:50, sandwich boxes in the "
            "chiller shelves.",
            "restaurants",
        ),
        ("I own a deli and grocer.", "retail"),
        ("I'm a sales assistant at a phone retailer.", "retail"),
        (
            "I manage the payments team at an online retailer. On-call handoffs are a mess.",
            "software",
        ),
        (
            "Contracts manager at a groundworks company. Our operators skip the plant pre-use "
            "checks.",
            "construction",
        ),
        ("Stage changeovers: every stage manager runs them differently.", "live-events"),
        ("Trade-in phones get logged differently, and two went missing by the till.", "retail"),
    ],
)
def test_the_industry_told_sideways(industries: Industries, text: str, industry: str) -> None:
    assert industries.detect(text) == industry


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("IT support manager here, we look after 300 users across the group.", "manager"),
        ("The nurses are... fine? I dunno. Things just feel a bit slack.", None),
        ("It support is a mess", None),
    ],
)
def test_a_role_said_sideways(intents: Intents, text: str, role: str | None) -> None:
    assert intents.role(text) == role


def test_what_to_do_first_this_week_asks_for_steps_not_a_ranking(intents: Intents) -> None:
    assert not intents.asks_which_sphere("what do I do first this week?")
    assert intents.asks_which_sphere("what do I fix first?")


# --- the classifier's new cues ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "People avoid it because the director pushed it through after a consultant's "
            "report nobody was shown.",
            "leadership",
        ),
        (
            "Site power keeps being nobody's. The contractor says the stage team owns it.",
            "accountability",
        ),
        ("Deliveries aren't anybody's job in the first place.", "accountability"),
        (
            "The fitting rooms are a disaster because nobody's ever been told they're in charge "
            "of them. Freya thinks it's Holly's, Holly thinks it's whoever's on the till.",
            "accountability",
        ),
        (
            "They were just never taught it, so nights fill it in one way and days another.",
            "execution",
        ),
    ],
)
def test_the_new_cues_tag_their_sphere(classifier: Classifier, text: str, sphere: str) -> None:
    assert classifier.classify(text).sphere == sphere


# --- a question worded for the person's line of work --------------------------------------


def test_a_question_names_the_handoff_of_the_persons_work(industries: Industries) -> None:
    from assistant.coaching.industry import Words
    from assistant.retrieval.knowledge import cached_knowledge

    questions = {q.id: q for q in cached_knowledge(KNOWLEDGE).questions}
    handoff = questions.get("q-handoff-holder")
    assert handoff is not None and "{handoff}" in handoff.text
    ward = industries.words("healthcare").model_dump()
    said = in_their_words(handoff.text, ward)
    assert ward["handoff"] in said and "{" not in said and "sales" not in said
    # every placeholder in the question bank is a word the industries file gives
    for question in questions.values():
        for name in re.findall(r"\{(\w+)\}", question.text):
            assert name in Words.model_fields, (question.id, name)


# --- bad news in words of something done (sets 108 and 109) ------------------------------

_FRIDGE = (
    "I manage a GP surgery. The vaccine fridge log keeps having gaps: it gets forgotten, or "
    "done at 2pm, or scribbled in later, because everyone does the check their own way."
)


@pytest.mark.parametrize(
    "setback",
    [
        "Two more blank days this week. And Friday's was filled in after the fact, Dawn wrote "
        "4.2 in every single slot at 5pm from memory",
        "and again this week, Dawn did the log from memory at the end of the day",
        "And it's bad today. The check went in this morning without the reading, again, and "
        "the practice nurse had to bin a box of flu jabs.",
    ],
)
def test_the_trouble_again_is_more_of_the_same_not_good_news(coach: Coach, setback: str) -> None:
    turns = talk(coach, _FRIDGE, setback)
    assert turns[1]["action"] == "recommend"
    assert turns[1]["sphere"] == "execution"
    assert "Good news" not in turns[1]["reply"]
    assert all(p["status"] == "open" for p in turns[1]["problems"])


def test_an_open_security_hole_is_said_first(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm a tester at a SaaS company. Bug triage is nobody's job. The devs say it's "
        "product's call, product says QA should triage, and tickets sit there for weeks.",
        "Today one of those unowned tickets turned out to be a password reset bug that let "
        "people into other customers' accounts. It sat in triage for 11 days with nobody's "
        "name on it.",
    )
    assert turns[1]["action"] == "recommend"
    assert turns[1]["reply"].startswith("One thing before the rest: access or data at risk")


def test_news_with_an_exception_after_it_is_progress_part_of_the_way(intents: Intents) -> None:
    assert intents.still_falls_short(
        "update: the PM now names one person for power. 4 shows no problem. except at the "
        "festival last weekend the stage team said it wasnt their job and we were in the dark"
    )


def test_trouble_that_goes_on_after_a_fix_is_no_objection(coach: Coach) -> None:
    turns = talk(
        coach,
        "I founded a small SaaS company. Every release is a late-night scramble and no two go "
        "the same way, it's all in my head.",
        "We wrote a release runbook. Six releases on it now, all boring, zero rollbacks.",
        "The hotfix path is still a free-for-all though. Friday's hotfix skipped the runbook "
        "and it broke sign-up for an hour.",
    )
    assert turns[2]["action"] == "recommend"
    assert turns[2]["stored"]


# --- the speaker asks whether it is them --------------------------------------------------


def test_is_it_my_fault_is_answered_and_not_filed(coach: Coach) -> None:
    turns = talk(
        coach,
        "I work in the fundraising team at a charity. Gift Aid claims keep getting rejected "
        "because everyone matches the declarations their own way, from memory.",
        "Is it my fault? I've been doing it from memory like everyone else.",
    )
    assert turns[1]["action"] == "answer"
    assert not turns[1]["stored"]
    assert "set-up" in turns[1]["reply"]


def test_what_to_hand_over_first_asks_for_steps(intents: Intents) -> None:
    assert not intents.asks_which_sphere("What should I hand over first, and to who?")


# --- roles, outsiders and cues (sets 108 and 109) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Bit of backstory first. I've been bar manager at a hotel for about 18 months.",
            "manager",
        ),
        ("Freelance rigger, mostly working for one production company.", "team-member"),
        ("I've been working here two years", None),
    ],
)
def test_a_post_held_is_a_role(intents: Intents, text: str, role: str | None) -> None:
    assert intents.role(text) == role


def test_the_owner_is_named_after_all_looks_again(intents: Intents) -> None:
    assert intents.rereads(
        "wait, actually scratch that. i spoke to Sara today and she IS the owner, its literally "
        "in her job description. the problem is there's no set step for it in the release"
    )


@pytest.mark.parametrize(
    ("text", "sphere"),
    [
        (
            "They think nobody reads them because last year they flagged the same generator "
            "problem 4 times and I never did anything about it. They've given up on me.",
            "leadership",
        ),
        (
            "Nia and Jo have the titles, but they can't order stock or change a shift without "
            "me saying yes.",
            "accountability",
        ),
    ],
)
def test_more_new_cues_tag_their_sphere(classifier: Classifier, text: str, sphere: str) -> None:
    assert classifier.classify(text).sphere == sphere


# --- what cannot wait comes first (set 109) -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A resident nearly fell last night: her sensor mat hadn't been switched back on.",
        "Yesterday a battery was leaking acid on the floor and it sat there a whole shift.",
        "The front-of-stage barrier inspection got skipped yesterday. Gates open on Friday.",
    ],
)
def test_harm_that_cannot_wait_is_named(text: str) -> None:
    from assistant.diagnosis.stakes import SAFETY_FIRST, level

    assert level(text) == SAFETY_FIRST


def test_a_problem_the_person_calls_urgent_outweighs_an_annoyance() -> None:
    from assistant.diagnosis.stakes import MONEY_FIRST, level

    assert level("Also, and this one's urgent. Nobody checks the list at the end of the day.") == (
        MONEY_FIRST
    )
    assert level("Nobody checks the list at the end of the day.") == 0


def test_harm_told_in_the_first_message_gets_a_stopgap_beside_the_root(coach: Coach) -> None:
    turns = talk(
        coach,
        "I'm the volunteer manager at a youth charity, about 60 volunteers. Background check "
        "renewals are nobody's. Nobody knows whether it's me, HR or the project leads who's "
        "meant to chase them, and I've just found out two volunteers have been running the "
        "Saturday football club on checks that lapsed in March.",
        "The other thing. I moved the volunteer rota onto an app and just emailed everyone the "
        "link. Half the older volunteers have quietly stopped coming, and the ones left "
        "grumble that the office doesn't care about them.",
        "Which one should we fix first?",
    )
    assert turns[2]["action"] == "which_sphere"
    # the root comes first (stop 58: the everyday-mix sets); the lapsed checks, told as a
    # harm, get a stopgap this week
    assert turns[2]["sphere"] == "leadership"
    assert "stopgap" in turns[2]["reply"]
    assert "Nobody knows whether it's me, HR" in turns[2]["reply"]


# --- what two fresh-eyes reviews showed (stop 53) -----------------------------------------

_BAKERY = (
    "production supervisor at an industrial bakery. the new allergen changeover procedure came "
    "down from head office last month and the line operators are just ignoring it, rolling "
    "their eyes, saying its a tick box exercise. the old hands are the worst"
)


def test_the_same_move_again_is_owned_and_left_out(coach: Coach) -> None:
    turns = talk(
        coach,
        _BAKERY,
        "its already been announced tho, head office wrote it, I had no say in it. what can I "
        "actually do?",
        "you just told me the same thing again. it's ALREADY announced",
    )
    assert turns[2]["action"] == "answer"
    assert turns[2]["reply"].startswith("You're right, I said that one already")
    assert len(turns[2]["problems"]) == len(turns[1]["problems"])
    assert not turns[2]["stored"]


def test_a_boss_who_wont_listen_is_no_good_news(coach: Coach) -> None:
    turns = talk(
        coach,
        "im a mechanic in a small bike shop. bikes keep going back to customers with stuff not "
        "done. no its not really anyones job to check them before they go out, whoever is free "
        "just hands it over",
        "the owner wont listen to me anyway, he says ive been doing this 10 years I should know",
    )
    assert turns[1]["action"] == "answer"
    assert all(p["status"] == "open" for p in turns[1]["problems"])
    assert "facts they can't wave off" in turns[1]["reply"]


def test_i_would_not_call_it_a_problem_of_that_kind_looks_again(intents: Intents) -> None:
    assert intents.rereads(
        "I wouldnt call it a buy-in problem, the team believe in the game fine, they love it. "
        "its that the CD holds every decision"
    )


@pytest.mark.parametrize(
    "text",
    [
        "the scaffold wasn't inspected last week and one of the lads was on a lift with no "
        "toe boards",
    ],
)
def test_an_unsafe_scaffold_cannot_wait(text: str) -> None:
    from assistant.diagnosis.stakes import SAFETY_FIRST, level

    assert level(text) == SAFETY_FIRST


def test_nobody_else_allowed_to_sign_off_is_accountability(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "The creative director holds every decision and nobody else is allowed to sign off."
    )
    assert diagnosis.sphere == "accountability"


def test_a_question_about_this_change_waits_for_a_change_to_be_told(coach: Coach) -> None:
    turn = talk(
        coach,
        "I manage volunteers at a charity shop. The rota is a nightmare, people swap shifts "
        "between themselves on whatsapp and dont tell me, so some days ive got 5 people in "
        "and some days im on my own on the till",
    )[0]
    assert turn["action"] == "follow_up"
    assert "this change" not in turn["reply"]


def test_another_problem_of_a_sphere_already_open_is_filed_when_said_to_be_another(
    coach: Coach,
) -> None:
    turns = talk(
        coach,
        "I own a bistro. The specials board allergens are written from memory by whoever is on, "
        "and nobody checks them against the recipes.",
        "Another thing: deliveries get put away differently by whoever is on, new stock goes "
        "in front of the old and we bin food every week. Should I talk to the head chef about "
        "it?",
    )
    assert turns[1]["action"] == "recommend"
    assert [p["sphere"] for p in turns[1]["problems"]] == ["execution", "execution"]
    assert "Yes, talk to the head chef" in turns[1]["reply"]


def test_is_that_normal_is_answered_in_the_first_reply(coach: Coach) -> None:
    turn = talk(
        coach,
        "im a 2nd year plumbing apprentice. my boss never tells me whats on the next day till "
        "like 10pm, and half the time i turn up and the parts arent there. is that normal or am "
        "i being mugged off",
    )[0]
    assert turn["action"] == "recommend"
    assert (
        "You also asked \u201cis that normal or am i being mugged off\u201d: Common, yes"
        in (turn["reply"])
    )
    assert not any("mugged" in e for e in turn["evidence"])
