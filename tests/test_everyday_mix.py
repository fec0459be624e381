"""What two fresh, everyday-mix development sets (118, 119) showed the coach missing (stop
56): a reading put right by saying the way of working exists or people are trained, a gripe
about rude patients, a habit kept in everyone's own notebook, a log kept at random, job
titles like "front of house manager" and "part timer", and results of a step told in
numbers or in how people felt."""

from __future__ import annotations

import pytest

from assistant.coaching.coach import Coach
from assistant.coaching.industry import Industries
from assistant.coaching.intents import Intents
from assistant.diagnosis.classifier import Classifier

from .conftest import KNOWLEDGE
from .test_listening import talk

# --- a reading put right: the way of working is there, or they are trained -----------


@pytest.mark.parametrize(
    "text",
    [
        "actually the opening checklist exists and they've all signed off the training.",
        "actually the forms are simple and everyone's been trained on them.",
        "actually the carers all know the routine, it's pinned up in the office.",
        "actually I don't think they forget it.",
        "the rota is already in place, the problem is elsewhere.",
    ],
)
def test_the_way_of_working_said_to_exist_is_a_second_look(intents: Intents, text: str) -> None:
    assert intents.rereads(text)


@pytest.mark.parametrize(
    "text",
    [
        "actually another thing, the van is filthy",
        "the schedule slipped again this week",
    ],
)
def test_news_or_a_symptom_is_no_second_look(intents: Intents, text: str) -> None:
    assert not intents.rereads(text)


def test_an_existing_checklist_moves_the_problem_instead_of_adding_one(coach: Coach) -> None:
    first, second = talk(
        coach,
        "I run a small brewery, 20 staff. The tank cleans after each batch keep getting "
        "missed on nights, there is no cleaning schedule and everyone works from memory.",
        "actually the clean schedule exists and they've all signed off the training. the "
        "problem is nobody is named for the clean. the brewers say the cellar team does it, "
        "the cellar team says the brewers do, and when it's missed everyone shrugs.",
    )
    assert first["sphere"] == "execution"
    assert second["action"] == "recommend" and second["sphere"] == "accountability"
    assert [p["sphere"] for p in second["problems"]] == ["accountability"]
    assert "Execution" in second["reply"]  # the reading it replaces is named


def test_a_rule_dumped_on_people_without_asking_them_is_buy_in(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "they skip the new log because they think the directors dumped it on them after "
        "the audit and never asked them a thing"
    )
    assert diagnosis.sphere == "leadership"


def test_never_asked_to_do_a_task_is_not_buy_in(classifier: Classifier) -> None:
    diagnosis = classifier.classify("the night porters were never asked to lock the side door")
    assert diagnosis.sphere != "leadership"


# --- outsiders, own notebooks, logs kept at random --------------------------------------


def test_rude_patients_alone_are_asked_about_and_nothing_is_stored(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "receptionist at a dental surgery. the patients are so rude lately, shouting at us "
        "on the phone every morning",
    )
    assert turn["action"] == "follow_up"
    assert turn["problems"] == [] and not turn["stored"]


def test_own_notebooks_are_a_way_of_working_not_a_broken_promise(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "each of us writes the repair requests in our own notebook, at shift change they "
        "vanish, and tenants who were promised a visit never get one"
    )
    assert [t.sphere for t in diagnosis.tags] == ["execution"]


def test_a_promise_the_team_breaks_is_still_accountability(classifier: Classifier) -> None:
    diagnosis = classifier.classify("Sam promised to send the supplier order and never did, again")
    assert diagnosis.sphere == "accountability"


def test_a_log_kept_at_random_is_execution(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "the freezer temperatures get logged randomly, some days four times, some days not at all"
    )
    assert diagnosis.sphere == "execution"


# --- who is asking, and where ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Front of house manager at a seafood place, 70 covers. Bookings go missing.", "manager"),
        ("back of house manager at a hotel here", "manager"),
        ("part timer at a garden centre. the prices on the till are wrong", "team-member"),
        ("Part-timer at a bakery, weekends only", "team-member"),
        ("trainee at a vets, the rota is a mess", "team-member"),
    ],
)
def test_titles_people_open_with(intents: Intents, text: str, role: str) -> None:
    assert intents.role(text) == role


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("I'm on the service desk at a managed IT services company", "software"),
        ("we're a small MSP looking after 40 dental practices' networks", "software"),
        ("lab tech at a private diagnostics lab, samples keep getting mislabelled", "healthcare"),
        ("I work in pathology, the specimens pile up at the hatch", "healthcare"),
    ],
)
def test_trades_the_industries_did_not_know(text: str, industry: str) -> None:
    assert Industries(KNOWLEDGE).detect(text) == industry


# --- results of a step ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "we started a first-off check signed by the setter. rejects down from 50 to 3 this month",
        "we began explaining the why behind each rota change at the Monday huddle. two of the "
        "carers said it's the first time they've felt in the loop",
        "my supervisor let me try a tick box on the goods-in sheet. last fortnight, 2 wrong "
        "labels instead of about 30",
        "the owner did a half-hour Q&A, explained the why and what won't change. the group "
        "chat was positive for once",
    ],
)
def test_a_step_and_its_good_result_are_good_news(intents: Intents, text: str) -> None:
    assert intents.brings_good_news(text)
    assert intents.news_outcome(text) == "worked"


def test_what_wont_change_is_no_setback_but_a_step_that_wont_help_is(intents: Intents) -> None:
    assert intents.news_outcome("we tried the new board and it won't help, nobody reads it") == (
        "failed"
    )


# --- sets 120-121: second problems of the same sphere, the worse of two --------------------


@pytest.mark.parametrize(
    "text",
    [
        "One more. The dishwasher rota has no name on it.",
        "Two more things.",
        "And the delivery notes. Every driver fills them in differently.",
        "the weekend rota too. nobody knows whose it is",
        "and the same with the fire log, nobody is named for it",
    ],
)
def test_a_new_subject_is_marked_as_another_problem(intents: Intents, text: str) -> None:
    assert intents.marks_another_problem(text)


@pytest.mark.parametrize(
    "text",
    [
        "and the worst part is nobody even apologised",
        "and it happened again on Friday",
        "and they keep doing it",
        "And nights are the worst. Gaz's lot just tell the temps 'watch me'.",
        "And the chefs have checked out since the new software came in.",
    ],
)
def test_more_of_the_same_story_is_not_another_problem(intents: Intents, text: str) -> None:
    assert not intents.marks_another_problem(text)


def test_a_marked_second_problem_of_the_same_sphere_is_its_own_entry(coach: Coach) -> None:
    first, second = talk(
        coach,
        "I own a bakery with two shops. Nobody owns the flour order: the head baker thinks "
        "the shop manager does it, she thinks he does, and twice this month we ran out.",
        "One more. The van keys have nobody's name against them, so they vanish for days and "
        "everyone swears they handed them back.",
    )
    assert [p["sphere"] for p in first["problems"]] == ["accountability"]
    assert [p["sphere"] for p in second["problems"]] == ["accountability", "accountability"]


def test_the_problem_called_the_main_issue_is_taken_up_first(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "I work the counter at a hardware shop. The owners change the rules every month and "
        "never say why, and everyone has stopped caring. The main issue though is the stock "
        "count. every closer does it differently and it's been wrong five times this month.",
    )
    assert {p["sphere"] for p in turn["problems"]} == {"leadership", "execution"}
    assert turn["sphere"] == "execution"


def test_subcontractors_saying_not_my_job_are_the_teams_own_trouble(
    classifier: Classifier,
) -> None:
    diagnosis = classifier.classify(
        "The subbies keep saying 'not my job' - the tilers won't clear their offcuts and it "
        "all lands on my labourer."
    )
    assert diagnosis.sphere == "accountability"


def test_the_subbies_running_late_is_still_an_outsider_gripe(classifier: Classifier) -> None:
    assert classifier.classify("the subbies never turn up on time").sphere is None


def test_rude_customers_in_general_are_no_problem_of_the_team(classifier: Classifier) -> None:
    assert classifier.classify("customers are so rude these days honestly").sphere is None


@pytest.mark.parametrize(
    "text",
    [
        "some supervisors fill the permit in before, some after, nobody follows the same steps",
        "Specs are in 4 places, the wiki, the tracker and someone's head",
        "designers and devs hand off work every sprint and it's a mess every time, the specs "
        "live in three tools",
    ],
)
def test_ways_of_working_that_differ_are_execution(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).sphere == "execution"


def test_actually_we_do_it_is_a_second_look(intents: Intents) -> None:
    assert intents.rereads("actually, we do debrief, and we wrote a site guide last year.")
    assert not intents.rereads("actually, we do need a hand with the rota")


# --- sets 122-123: the root the person names, knock-ons, where things get put --------------


def test_the_problem_said_to_lie_underneath_is_taken_up_first(coach: Coach) -> None:
    (turn,) = talk(
        coach,
        "Practice manager at a vet surgery. The vets nod along in meetings and then ignore "
        "every change I bring in, and reception roll their eyes at anything new. Underneath "
        "that, the repeat orders are chaos: they come in by phone, email and on paper, each "
        "receptionist logs them their own way, and some get lost every week.",
    )
    assert {p["sphere"] for p in turn["problems"]} == {"leadership", "execution"}
    assert turn["sphere"] == "execution"


def test_what_it_all_started_with_is_the_root(coach: Coach) -> None:
    *_, which = talk(
        coach,
        "I run a small theatre charity. Our grant bids keep going in late or half done: "
        "there's no timeline or checklist and each bid is written from scratch.",
        "And now the staff are demoralised. nobody believes me when I say we're fine and "
        "two people have left. Honestly I think it started with the bids.",
        "which one should we fix first?",
    )
    assert which["action"] == "which_sphere" and which["sphere"] == "execution"


def test_a_knock_on_told_after_a_problem_points_back_to_it(coach: Coach) -> None:
    *_, which = talk(
        coach,
        "I own a dental practice. Sterilisation is done differently by each nurse and "
        "instruments come back without the indicator strip.",
        "And it's spilling over. The nurses are fed up, two have handed in their notice and "
        "the rest are going through the motions.",
        "which one should we fix first?",
    )
    assert which["sphere"] == "execution"


def test_stock_put_away_wherever_is_execution(classifier: Classifier) -> None:
    diagnosis = classifier.classify(
        "Deliveries get put away wherever, no labels, everyone puts stuff where they think."
    )
    assert diagnosis.sphere == "execution"


def test_they_can_use_it_fine_is_a_second_look(intents: Intents) -> None:
    assert intents.rereads("They can use it fine and it's all on there, they just don't.")


def test_a_distribution_depot_is_logistics() -> None:
    assert Industries(KNOWLEDGE).detect("transport manager at a distribution depot") == (
        "manufacturing"
    )


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("And the dough, which is the big one: every cook makes it differently", True),
        ("The main issue though is the cash up.", True),
        ("Second, not a big thing, but the rota is a mess", False),
    ],
)
def test_words_that_mark_the_worse_of_two(text: str, marked: bool) -> None:
    from assistant.coaching.policy import _WORSE

    assert bool(_WORSE.search(text)) is marked


def test_who_should_own_it_between_two_titles_of_two_words(coach: Coach) -> None:
    *_, turn = talk(
        coach,
        "I own a small Italian place. Nobody is named for closing: the chefs say front of "
        "house does it, front of house say the chefs do, and the walk-in gets left open.",
        "who should own it, the head chef or the floor manager?",
    )
    assert turn["action"] == "answer"
    assert "the head chef and the floor manager" in turn["reply"]
    assert "front, house" not in turn["reply"]
