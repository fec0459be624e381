"""Offline answers to the person's own questions: first steps, "is X worth it?",
"why do you think that?" and "what does the roles overlap mean?".

Each answer comes from the conversation's diagnosis and the knowledge base (the
retrieved interventions and the model's pages), and names its sources.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.coaching.intents import DISCIPLINE as _DISCIPLINE
from assistant.coaching.intents import FADED as _FADED
from assistant.coaching.intents import HOUSE_SIDE as _HOUSE_SIDE
from assistant.coaching.intents import (
    HOW_OFTEN,
    KEEP_OR_DROP,
    SHOULD_I_ASK,
    WHO_SHOULD_OWN,
    asks_sentence,
    sentences,
    unquoted,
)
from assistant.coaching.intents import LEGAL as _LEGAL
from assistant.coaching.intents import MY_PLACE as _MY_PLACE
from assistant.coaching.intents import PRIVATE as _PRIVATE
from assistant.coaching.intents import REPORTS as _REPORTS
from assistant.coaching.intents import SWITCH as _SWITCH
from assistant.coaching.intents import UNANSWERED as _UNANSWERED
from assistant.coaching.intents import US_OR_THEM as _US_OR_THEM
from assistant.coaching.intents import WITHIN_REACH as _WITHIN_REACH
from assistant.coaching.intents import WONT_LISTEN as _WONT_LISTEN
from assistant.diagnosis import stakes
from assistant.model.asking import LINKED as _LINKED
from assistant.model.asking import THE_CASE as _THE_CASE
from assistant.model.vocabulary import OVERLAP_NAMES, OVERLAP_OF, SPHERE_NAMES, SPHERE_OF
from assistant.responders.offline import (
    WHAT_IT_MEANS,
    _capital,
    _strength,
    _w,
    faded_line,
    linked_answer,
    short,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.coaching.plan import Plan

NAMES = SPHERE_NAMES
PEOPLE = "people"
# A doubt about the advice ("that won't work here because...", "not sure that fits us")
_DOUBT = re.compile(
    r"\b(won\x27?t|wont|doesn\x27?t|doesnt|wouldn\x27?t|wouldnt|can\x27?t|cant) (really )?(work|fit|"
    r"happen|fly)\b|\bnot sure (that|this|it) (would|will|could) work\b|\b(though|tho)\W*$",
    re.IGNORECASE,
)
# What a move of each sphere is for, whatever form it takes
KEEP_THE_AIM = {
    "accountability": (
        "every outcome still needs one named owner. If people rarely overlap, write the "
        "name where the work is (on the rota, the board, the ticket) instead of settling it "
        "in a meeting."
    ),
    "execution": (
        "the work still needs one shared way of doing it. If people rarely overlap, keep "
        "that way on paper where the work happens instead of passing it on by word of mouth."
    ),
    "leadership": (
        "people still need the reasons behind a decision and a say before it is final. If "
        "you can't gather everyone, give the reason in writing and ask for objections one "
        "to one."
    ),
}
WHAT_IT_REPAIRS = {
    "process": "it makes the work repeatable, so it stops depending on memory and on who is there",
    "roles": "it gives each outcome one named owner, so work stops falling between people",
    "buy-in": "it gives people reasons they believe, so they commit instead of just complying",
}


def _specific(plan: Plan) -> Callable[[Plan], str] | None:
    """The writer for a question that asks something particular (whom to tell, whether
    to report it, who should own it, ...), or None for a question about moves."""
    if _PRIVATE.search(plan.message):
        # "hi, is this confidential?": who can read this comes first
        return _private
    if _WORN.search(plan.message):
        # "is it normal to feel this knackered? I feel like a referee": the person first
        return _worn
    if _OFF_TOPIC.search(plan.message) and not _ABOUT_TOOL.search(plan.message):
        # "cheers mate. footy on the weekend?", "random question, is it worth renewing my
        # licence early?": not about how the work is owned, led or done
        return _off_topic
    if _THE_CASE.search(plan.message) and "?" in plan.message:
        # "what do i do about the family first tho?": the case in hand, then the system
        return _the_case
    if _WHO_TO_TELL.search(plan.message):
        # "should i talk to my supervisor first or hr?", "do i go over his head to the site
        # manager": whom to raise it with, not a move to judge
        return _who_to_tell
    if _LEGAL.search(plan.message):
        # "is it even legal to change shifts with 1 day notice?"
        return _legal
    if _REPORTS.search(plan.message):
        # "Should I report myself?", "Do I have to report it to area office?"
        return _report
    if _MY_PLACE.search(plan.message):
        # "is it on me to say something to the tour manager, or is that above my pay grade?"
        return _my_place
    if plan.sphere is not None and KEEP_OR_DROP.search(plan.message):
        # "should we keep the sign-off sheet going or can we drop it now?", "can I stop
        # checking them each morning now?"
        return _keep_or_drop
    if plan.sphere is not None and WHO_SHOULD_OWN.search(plan.message):
        # "who should own the inspection?": a person, and how to choose between the sides
        return _who_owns
    if _FOR_WHOM.search(plan.message):
        # "can this even help me if im not the GM?"
        return _explain
    if _ONE_OR_GROUP.search(plan.message):
        # "do i talk to them one by one or in a group?"
        return _one_or_group
    if plan.sphere is not None and _pushback_reply(plan.message):
        # "what do I come back with if she says 'that's not my job'?"
        return _pushback
    if plan.sphere is not None and _WORDS.search(plan.message):
        # "give me actual words", "what do i say to him?": words to say, for the sphere
        return _general
    if _SWITCH.search(plan.message) and "?" in plan.message:
        # "should I switch supplier?", "should we fire the agency though?"
        return _switch
    if _DISCIPLINE.search(plan.message):
        # "do I write jake up or not", "should I give him a warning?"
        return _discipline
    if plan.sphere is not None and _IS_NORMAL.search(plan.message):
        # "is that normal or am i being mugged off"
        return _is_normal
    if _US_OR_THEM.search(plan.message) or (
        plan.sphere is not None and (_BLAME.search(plan.message) or _EITHER.search(plan.message))
    ):
        # "is it my fault?", "who's wrong here, me or them?", "is it a laundry problem or my
        # problem": whatever else the question looks like, it asks who is to blame
        return _blame
    if plan.sphere is not None and _WONT_LISTEN.search(plan.message):
        # "the owner wont listen to me anyway, he says ive been doing this 10 years"
        return _unheard
    if plan.sphere is not None and SHOULD_I_ASK.search(plan.message):
        # "should i just ask the laundry manager why?", "yes or no, do i ask him"
        return _should_ask
    return None


def answer(plan: Plan) -> str:
    """The answer to the person's question (`plan.question_kind`)."""
    kind = plan.question_kind or "first_steps"
    if kind == "first_steps" and (
        _RAISING.search(plan.message)
        or _message_asked(plan.message)
        or (plan.sphere is not None and _asks_for_writing(plan.message))
    ):
        # "how do I push back on her decisions", "how should I bring it to her": how to
        # raise it with someone is the question, not the move's first steps
        kind = "general"
    write: Callable[[Plan], str] = {
        "first_steps": _first_steps,
        "opinion": _opinion,
        "why": _why,
        "doubt": _doubt,
        "explain": _explain,
        "general": _general,
        "measure": _measure,
        "one_off": _one_off,
    }[kind]
    write = _specific(plan) or write
    if HOW_OFTEN.search(plan.message) and plan.sphere is not None:
        # "how often should I check it's being done?"
        write = _how_often
    if plan.misfit:
        write = _misfit
    if kind == "one_off":
        write = _one_off
    answer_text = write(plan)
    also = also_asked(plan, besides=write)
    if also:
        # "do i roll out her write-up to the team, and who should own it once she's gone?"
        answer_text = f"{answer_text}\n\n{also}"
    if plan.news == "worked" and plan.settled in NAMES:
        # "No flat batches for ten days. Should we keep the timings card?"
        answer_text = (
            f"Good to hear: I've marked the {NAMES[plan.settled].lower()} problem as "
            f"addressed. {answer_text}"
        )
    elif plan.news in ("part", "failed", "faded") and plan.settled in NAMES:
        # "went from 50% to 90%, but the PTs skip the walkthrough. do i need to pay them?"
        # (with several problems open, which one the step was for is not said)
        several = sum(1 for p in plan.state.problems if p.status == "open") > 1
        which = "" if several else f"{NAMES[plan.settled].lower()} "
        answer_text = f"{_HEARD[plan.news].format(which)} {answer_text}"
    if plan.news is None and plan.sphere in NAMES and _FADED.search(plan.message):
        # "worked for like 4 days then back to the same. is it even worth bothering"
        answer_text = f"{faded_line(plan.sphere)} {answer_text}"
    if _UNANSWERED.search(plan.message):
        # "you didnt answer me. laundry or me?"
        answer_text = f"Sorry, you asked plainly, so here is a plain answer. {answer_text}"
    return answer_text if not plan.tried_now else f"{answer_text}\n\n{tried_line(plan)}"


# how a step went, said before the answer to the question asked with it
_HEARD = {
    "part": "So it got you part of the way; I've kept the {}problem open for what still slips.",
    "failed": "Sorry that one didn't take; I've kept the {}problem open.",
    "faded": "So it held for a while and then slipped; I've kept the {}problem open.",
}


# where a second question starts inside one sentence: "Which first, and what do I say to
# the servers?", "do i roll out her guide to the team, and who should own it?"
_AND_ASKS = re.compile(
    r",?\s+and (?:also |honestly |then )?(?=(?:what|how|who|whom|should|do|does|is|are|can|could|"
    r"would|which|when|where|why|shall)\b)",
    re.I,
)


def also_asked(plan: Plan, besides: Callable[[Plan], str] | None = None) -> str | None:
    """The answer to a second question of the message, when it asks something particular
    that the reply does not answer already (`besides`: the writer of the main answer):
    "which first? and honestly what can I do as a TL?", else None."""
    asked = [
        part.strip()
        for s in sentences(plan.message)
        if asks_sentence(unquoted(s))
        # ("Which first, and what do I say to the servers?": two questions in one sentence)
        for part in _AND_ASKS.split(s)
        if part.strip()
    ]
    if len(asked) < 2:
        return None
    for question in asked:
        single = replace(plan, message=question, question_kind="general")
        if (
            plan.sphere is not None
            and besides is not _first_steps
            and _WITHIN_REACH.search(question)
            and plan.role in ("team-member", "manager")
        ):
            # "which first? and honestly what can I do as a TL, i dont control the CRM"
            aside = _within_reach(single, plan.sphere)
        else:
            write = _specific(single)
            words = write is _general and bool(_WORDS.search(question))  # "what do I say?"
            if write is None or write is besides or (write in _NO_ASIDE and not words):
                continue
            paragraphs = write(single).split("\n\n")
            # (its first paragraph, with the one it leads into: "you could say something like:")
            aside = "\n\n".join(paragraphs[:2] if paragraphs[0].endswith(":") else paragraphs[:1])
        mark = "" if question.rstrip().endswith("?") else ":"
        return f"You also asked \u201c{question.strip()}\u201d{mark} {aside}"
    return None


def answer_aside(plan: Plan) -> str | None:
    """The answer to a question asked after a new problem was told ("... Should I flag that
    to the area manager myself?"), when it asks something the moves for the problem do not
    already answer; None otherwise."""
    write = _specific(plan)
    # (the moves shown already answer "what should I do?"; who can read this and small talk
    # are no asides)
    if write is None or write in _NO_ASIDE:
        return None
    return write(plan)


_PEOPLE_ABOVE = (
    r"(my |the |our |his |her )?(direct )?(supervisor|sup|manager|boss|lead|team lead|line manager|"
    r"hr|human resources|site manager|store manager|area manager|owner|director|union|rep)"
)
_WHO_TO_TELL = re.compile(
    rf"\b(talk|speak|go|take (it|this|that)|bring (it|this|that)( up)?|raise (it|this|that)|"
    rf"escalate( it| this)?|complain|report( it| this)?)( up)? "
    rf"(to|with) {_PEOPLE_ABOVE}\b[^?]{{0,40}}\bor\b[^?]{{0,20}}\b{_PEOPLE_ABOVE}\b|"
    r"\bgo (over|above) (his|her|their|my (boss|supervisor|manager)\W?s) head\b|"
    r"\b(go|talk|speak|report (it|this|him|her|them)|complain) to (hr|human resources|the union|"
    r"my union rep)\b",
    re.IGNORECASE,
)


def _who_to_tell(plan: Plan) -> str:
    """Whom to raise it with: the nearest person who can change it first, with facts."""
    if not re.search(r"\b(supervisor|sup|manager|boss|lead|director|owner)\b", plan.message, re.I):
        # HR or the union named alone
        return (
            "Going to HR first makes sense when it is about safety, harassment or unfair "
            "treatment (being written up for mistakes you didn't cause can count), or when "
            "you already raised it plainly with your supervisor and nothing changed. "
            "Otherwise a calm talk with your supervisor, with a few recent cases written "
            "down, usually gets further, and HR will ask whether that happened first. Either "
            "way, keep dated notes: what happened, who was told, what came of it."
        )
    sphere = plan.sphere
    about = (
        f" Since what you've described points to {NAMES[sphere].lower()}, ask for "
        f"{_ASK_FOR[sphere]}."
        if sphere
        else ""
    )
    return (
        "Start with the person closest to it who can change it, usually your direct "
        "supervisor or manager: bring two or three recent cases as plain facts (what "
        "happened, when, what it cost) and one change you'd like to try, not a complaint "
        f"about them.{about} Go above them, or to HR, if it is about safety, harassment or "
        "unfair treatment, or if you raised it plainly and nothing changed after a few weeks; "
        "take your notes of when you raised it with you."
    )


_ASK_FOR = {
    "accountability": "one named owner for the step that keeps falling between people",
    "leadership": "the reason behind the change to be explained to the people doing the work",
    "execution": "one agreed way of doing the step, written down where the work happens",
}


def _quotes(plan: Plan, sphere: str, limit: int = 1) -> str:
    quotes = plan.quotes.get(sphere, [])[:limit]
    return ", ".join(f"\u201c{short(q)}\u201d" for q in quotes)


def _not_yet(plan: Plan) -> str:
    if plan.state.asked:
        # a problem is told and asked about, but its sphere is not clear yet: a first step that helps
        # whichever sphere it turns out to be, and tells them apart
        return (
            "I can't tell yet which sphere this is, and the best first step depends on it. "
            "One step that helps whatever it turns out to be: this week, ask two or three of "
            "the people involved, one to one, three things: is this yours to do, why do you "
            "think it matters, and how do you go about it? If they aren't sure it's theirs, "
            "it's ownership; if they don't see the point, it's belief; if each describes a "
            "different way, it's the way of working. Tell me what you hear, or answer my "
            "question above, and I'll point you to the move that fits."
        )
    return (
        "I can answer that better once I know what's going wrong. Tell me about one recent "
        f"problem in your own words ({plan.industry_example}), and I'll point you to a first step."
    )


def _noted(plan: Plan) -> list[str]:
    """A line for problems told in the same message as the question."""
    out = []
    for problem in plan.new_problems:
        out.append(
            f"(I've also noted \u201c{problem.text}\u201d as a "
            f"{NAMES[problem.sphere].lower()} problem.)"
        )
    return out


def _steps(plan: Plan, limit: int = 3) -> list[str]:
    if not plan.suggestions:
        return []
    best = plan.suggestions[0]
    lines = [f"{n}. {step}" for n, step in enumerate(best.steps[:limit], start=1)]
    if not lines:
        lines = [best.text]
    return lines


def _misfit(plan: Plan) -> str:
    """A move said not to fit the person's work: left out, and another one's first steps."""
    if plan.repeated:
        return (
            "You're right, I said that one already. I'll leave it out from now on; here is "
            f"a different one. {_first_steps(plan)}"
        )
    if _CANNOT.search(plan.message):
        # "i cant do role cards or cross training": out of the person's reach, not of
        # their trade
        return f"Fair enough, I'll leave that out from now on. {_first_steps(plan)}"
    return (
        "Fair point: that one was written with other kinds of work in mind, so I'll leave it "
        f"out from now on. {_first_steps(plan)}"
    )


_CANNOT = re.compile(r"\b(can\x27?t|cant|cannot|won\x27?t|wont|not allowed to)\b", re.I)


# what a team member can do this week without anyone's say-so, by the sphere of the trouble
WITHIN_REACH_STEPS = {
    "execution": (
        "Write down how you do the step yourself, as a short list, and use it on your own "
        "work for a week.",
        "Each time it goes wrong, note what happened, when, and what it cost (time, waste, a "
        "complaint).",
        "Take the list and the notes to {lead} and ask to try the list with everyone for two "
        "weeks.",
    ),
    "accountability": (
        "Ask {lead} one plain question about the job that falls between people: who owns it "
        "on which day? Write the answer where everyone can see it.",
        "For your own part, say what you will take on and by when, and do it.",
        "Note the times it slips with nobody's name on it; two real examples make the case "
        "for one named owner better than a complaint.",
    ),
    "leadership": (
        "Ask {lead} why the change was made, and write the reason down in plain words.",
        "Share that reason with two or three colleagues and ask what would make it worth "
        "doing for them.",
        "Bring what they said back to {lead}, with one suggestion rather than a list of "
        "grievances.",
    ),
}


def _within_reach(plan: Plan, sphere: str) -> str:
    """A team member's "what can I do?": steps in their own hands this week, then the move
    to propose to whoever runs the work (in short when asked again)."""
    lead = _w(plan, "lead", "the person in charge")
    steps = WITHIN_REACH_STEPS[sphere]
    best = plan.suggestions[0] if plan.suggestions else None
    propose = (
        f"The move to propose once you have that: **{best.title}** (source: {best.source})."
        if best
        else ""
    )
    if "within_reach" in plan.answered_before:
        return " ".join(
            [
                f"As before: your own list or notes first, then take them to {lead}.",
                *([propose] if propose else []),
            ]
        )
    lines = "\n".join(f"{n}. {step.format(lead=lead)}" for n, step in enumerate(steps, start=1))
    parts = [
        f"From where you stand, three things within your reach this week, since the trouble "
        f"is {NAMES[sphere].lower()}:",
        lines,
    ]
    if propose:
        parts.append(propose)
    return "\n\n".join([*parts, *_provisional(plan), *_noted(plan)])


def _first_steps(plan: Plan) -> str:
    sphere = plan.sphere
    if sphere is None:
        return _not_yet(plan)
    if plan.role == "team-member" and not plan.resisted and _WITHIN_REACH.search(plan.message):
        return _within_reach(plan, sphere)
    overlap = OVERLAP_OF[sphere]
    kind = OVERLAP_NAMES[overlap].adjective
    if not plan.suggestions:  # no passage to point to: the move's kind and what it repairs
        quote = _quotes(plan, sphere)
        return (
            f"The first steps, since the trouble is {NAMES[sphere].lower()}: take the example "
            f"you gave{f' ({quote})' if quote else ''} and make one {kind} change around it "
            f"this week, because {WHAT_IT_REPAIRS[str(overlap)]}."
        )
    best = plan.suggestions[0]
    if plan.resisted:
        opening = (
            f"Keep the {kind} change; whether people use it is a separate, buy-in question. "
            "People keep to a way of working when they know why it matters and had a hand in "
            f"shaping it, so add one buy-in move: **{best.title}**. The first steps:"
        )
    elif plan.leaning:
        opening = (
            f"Going by what you've told me so far, the strongest signs point to "
            f"{NAMES[sphere].lower()}, so for this week start small with one {kind} move: "
            f"**{best.title}**. The first steps:"
        )
    else:
        opening = (
            f"For this week, start small with one {kind} move, because the trouble is "
            f"{NAMES[sphere].lower()}: **{best.title}**. The first steps:"
        )
    parts = [opening, "\n".join(_steps(plan))]
    if best.example:
        parts.append(f"How it looked elsewhere: {best.example}")
    parts.append(f"(source: {best.source})")
    return _closed(parts, plan, STEPS_FOR)


# What to count for each sphere, and how soon a move of its kind shows
WHAT_TO_COUNT = {
    "execution": (
        "count the misses the move is meant to stop (wrong or missing items, work redone, "
        "steps skipped) each week, and count the last few weeks before the change too, so "
        "you have something to compare with"
    ),
    "accountability": (
        "count each week the tasks that slipped with nobody's name on them and the times a "
        "follow-up ended in \u201cI thought that was theirs\u201d, and note the weeks before "
        "the change as your baseline"
    ),
    "leadership": (
        "once a month, ask two or three people why the change was made and count how many "
        "can give the reason in their own words; also watch who raises a problem or an idea "
        "without being asked"
    ),
}
GIVE_IT = {
    "execution": "give it two or three weeks of use every time",
    "accountability": "give it a few weeks with the names written down",
    "leadership": "give it a month or two, since belief follows proof",
}
HOW_SOON = {
    "execution": (
        "A process move shows quickly: after two or three weeks of using it every time, the "
        "same misses should come up less often. If nothing has moved by then, check whether "
        "it is really used every time before you change the move."
    ),
    "accountability": (
        "A role move shows within a few weeks of the names being written down: fewer things "
        "nobody picked up, and shorter arguments about whose they were."
    ),
    "leadership": (
        "Buy-in comes slower: give it a month or two, because people believe a change only "
        "after it has held a few times. A drop in grumbling can come before the work itself "
        "changes."
    ),
}


_WHEN = re.compile(
    r"\bhow (long|soon|quickly)\b|\bwhen (will|should|would|can|could|do) (i|we)\b", re.I
)


def _lower(text: str) -> str:
    # (not "QA", "IT"..., nor "I")
    keep = text[1:2].isupper() or text[:2] in ("I ", "I'")
    return text if keep else text[:1].lower() + text[1:]


def _measure(plan: Plan) -> str:
    """How to tell the move is working and when to expect it: what to count for the
    sphere, and the signs the move's own passage lists under "What good looks like"."""
    sphere = plan.sphere
    if sphere is None:
        return _not_yet(plan)
    best = next((s for s in plan.suggestions if s.signs), None)
    if _WHEN.search(plan.message):
        # "how long till we see a difference?": when first, then what to keep counting
        # (in a word when that was said just before)
        keep = (
            "Meanwhile, keep the weekly count going."
            if plan.measured_before
            else f"Meanwhile, {WHAT_TO_COUNT[sphere]}."
        )
        parts = [HOW_SOON[sphere], keep]
        # the first sign to look for: one not listed before
        fresh = best.signs[3:] if best is not None and plan.measured_before else ()
        sign = fresh[0] if fresh else (best.signs[0] if best and not plan.measured_before else "")
        if sign:
            parts.append(f"The first sign to look for: {_lower(sign)}")
    else:
        quote = _quotes(plan, sphere)
        parts = [
            f"To know it's working, measure the trouble you started from"
            f"{f' (you said {quote})' if quote else ''}: {WHAT_TO_COUNT[sphere]}."
        ]
        if best is not None:
            signs = "\n".join(f"- {sign}" for sign in best.signs[:3])
            parts.append(f"Signs that **{best.title}** is working:\n{signs}")
        parts.append(f"Then {GIVE_IT[sphere]} before you judge it.")
    if best is not None:
        parts.append(f"(source: {best.source})")
    # who keeps the count is said once
    return _closed(parts, plan, {} if plan.measured_before else COUNT_FOR)


# A line for who is asking, after first steps and after what to count
STEPS_FOR = {
    "owner": "As the owner, name who runs it and ask for the result in two weeks.",
    "manager": "Pick the person who will run it with you, and put a date on the first review.",
    "team-member": "Try it on your own work first, then show your manager what changed.",
}
COUNT_FOR = {
    "owner": "As the owner, ask for these figures at the same time each week.",
    "manager": "Keep the count yourself for the first month, then hand it to the person "
    "who runs the change.",
    "team-member": "Keep the count on your own work; a few weeks of numbers make the case "
    "to your manager better than an opinion.",
}


def _closed(parts: list[str], plan: Plan, for_role: dict[str, str]) -> str:
    """The answer's parts, then the line for who is asking (if any), the provisional note
    and the problems told alongside the question."""
    who = for_role.get(plan.role or "")
    return "\n\n".join([*parts, *([who] if who else []), *_provisional(plan), *_noted(plan)])


def _provisional(plan: Plan) -> list[str]:
    """A line for an answer given from the sphere that only leads so far."""
    if not plan.leaning:
        return []
    # (no "my question above still stands": the question may be turns back, or never asked)
    return [
        "That is going by what you've told me so far, not yet a diagnosis: tell me a little "
        "more about how it goes wrong and it may point somewhere else."
    ]


# a meeting of any name: its kind depends on what it is for
_MEETING = re.compile(
    r"\b(meetings?|all-?hands|town ?halls?|huddles?|stand-?ups?|get-?togethers?|q ?& ?a|"
    r"sit-?downs?|team days?|away ?days?)\b",
    re.IGNORECASE,
)


def _names_a_fix(words: str) -> bool:
    """Whether the words that named the move read as a fix on their own ("a weekly release
    meeting", "hiring another person"), not a word picked out of the question ("sign",
    "rota", "in charge")."""
    told = words.split()
    return len(told) >= 2 and not re.match(
        r"(in|on|at|to|for|of|with|by|from|is|are|be|and|or)\b", words, re.I
    )


def _opinion(plan: Plan) -> str:
    sphere = plan.sphere
    move = plan.move
    words = re.sub(
        r"^(need|needs|needed|get|getting|take on|taking on)\s+",
        "",
        plan.move_words or "",
        flags=re.IGNORECASE,
    )
    named = _capital(words) if words and _names_a_fix(words) else "That"
    if move == PEOPLE:
        parts = [
            f"{named}: adding people is usually a process smell, not a fix: more hands on a "
            "job without a shared way of doing it makes the same mistakes faster."
        ]
        if sphere:
            parts.append(
                f"What you've described points to **{NAMES[sphere]}** (you said "
                f"{_quotes(plan, sphere)}). Fix that first; if you still need people "
                "afterwards, they will join something that works."
            )
        parts.extend(_alternative(plan))
        parts.extend(_noted(plan))
        return "\n\n".join(parts)
    if move is None and sphere and _DOUBT.search(plan.message):
        # "that wont work here because my staff are all part-timers": a constraint to fit
        # the advice to, not a move to judge
        parts = [
            "Fair point: a move has to fit how your team actually works. Keep what it is "
            f"for and change its form: {KEEP_THE_AIM[sphere]}"
        ]
        parts.extend(_alternative(plan))
        parts.extend(_noted(plan))
        return "\n\n".join(parts)
    if move is None and sphere:
        # ("should i say something to dave or leave it to the boss?": no move to judge, a
        # question about the problem in hand)
        return _general(plan)
    if move is None:
        parts = [
            "I can't tell which kind of move that is. Judge it with one question: does it "
            "make the work repeatable (a process move), give each outcome one owner (a role "
            "move), or help people believe in the direction (a buy-in move)?"
        ]
        if sphere:
            overlap = OVERLAP_OF[sphere]
            parts.append(
                f"Your trouble points to {NAMES[sphere].lower()}, so the move that helps is a "
                f"{OVERLAP_NAMES[overlap].adjective} one."
            )
        parts.extend(_alternative(plan))
        parts.extend(_noted(plan))
        return "\n\n".join(parts)
    repairs = SPHERE_OF[move]
    adjective = OVERLAP_NAMES[move].adjective
    lead = f"{named} is a {adjective} move: {WHAT_IT_REPAIRS[move]}. It repairs weak {repairs}."
    if sphere is None:
        parts = [
            lead,
            "Whether it's worth it depends on where your trouble sits. Tell me what is going "
            "wrong and I'll tell you whether it fits.",
        ]
    elif sphere == repairs:
        parts = [
            f"It can be worth it. {lead} What you've described is {_a(sphere)} "
            f"problem (you said {_quotes(plan, sphere)}), so it fits.",
            "Make it earn its place: keep it short, give it one owner, and drop anything that "
            "doesn't change how the work is done.",
        ]
        parts.extend(_alternative(plan, fits=True))
    elif move == "process" and sphere != "execution" and _MEETING.search(plan.move_words or ""):
        # "is a monthly staff meeting worth it?" on a buy-in or an ownership problem: a
        # meeting is as good as what it is for
        what = {
            "leadership": (
                "to explain the why behind decisions, show the real numbers and hear "
                "objections out, it becomes a buy-in move, and that can help"
            ),
            "accountability": (
                "so that every open item leaves the room with one named owner and a date, it "
                "becomes a role move, and that can help"
            ),
        }[sphere]
        parts = [
            f"It depends what it is for. As a regular update it is a process move, and what "
            f"you've described points to **{NAMES[sphere]}** (you said "
            f"{_quotes(plan, sphere)}), which a status meeting won't fix. Used {what}.",
        ]
        parts.extend(_alternative(plan, lead="What I'd build it around:"))
    else:
        overlap = OVERLAP_OF[sphere]
        parts = [
            f"On its own, probably not. {lead} What you've described points to "
            f"**{NAMES[sphere]}** instead (you said {_quotes(plan, sphere)}), and that needs "
            f"{OVERLAP_NAMES[overlap].adjective} moves.",
        ]
        parts.extend(_alternative(plan))
    for source, _title, _text in plan.references[:1]:
        parts.append(f"(about {OVERLAP_NAMES[move].title.lower()}: {source})")
    return _closed(parts, plan, {})


def _a(sphere: str) -> str:
    return ("an " if sphere[0] in "aeiou" else "a ") + sphere


def _alternative(plan: Plan, fits: bool = False, lead: str | None = None) -> list[str]:
    if not plan.suggestions:
        return []
    best = plan.suggestions[0]
    lead = lead or ("A tried way to run it:" if fits else "What I'd try instead:")
    if best.source in plan.shown_before and best.steps:
        # suggested already: its first step, not its summary again
        return [
            f"{lead} the **{best.title}** move I suggested; its first step: {best.steps[0]} "
            f"(source: {best.source})"
        ]
    return [f"{lead} **{best.title}**: {' '.join(best.text.split())} (source: {best.source})"]


def _listed(plan: Plan, sphere: str) -> list[tuple[str, float]]:
    """The other spheres with evidence and a quote, in ranking order."""
    return [(s, v) for s, v in plan.ranking if s != sphere and v > 0 and plan.quotes.get(s)]


# "is it my fault?", "who's wrong here, me or them?", "am I the problem?", "should I be
# blaming the setters?", "whose fault is it"
_BLAME = re.compile(
    r"\b(my|our|his|her|their|your|whose|anyone\x27?s|somebody\x27?s|someone\x27?s) fault\b|"
    r"\bblam(e|ing)\b|\bwho(\x27?s| is| was)( really| actually)? (wrong|at fault|responsible for th(is|at) "
    r"mess|the problem)\b|\bam i (the (problem|issue|one|bottleneck)|wrong|doing (it|something) wrong)\b|"
    r"\b(is|was) it (me|them|him|her)\b[^.?]{0,20}\?|\b(me|them|him|her) or (me|them|him|her|the [\w-]+)\W*\?\W*$",
    re.IGNORECASE,
)
# Where the fault lies, by sphere: in the set-up, not in a person
_NOT_A_CULPRIT = {
    "accountability": (
        "The ALE model looks at the set-up before it looks at a person, and here the set-up "
        "is the likelier cause. When work falls between people, nobody was named, so each "
        "side could honestly believe it was the other's job; blame is what fills that gap."
    ),
    "execution": (
        "The ALE model looks at the set-up before it looks at a person, and here the way of "
        "working is the likelier cause. When each person does the job their own way and "
        "things get missed, it is because there is no one agreed way, so good people rely on "
        "memory. Finding who slipped fixes one miss; fixing the way of working fixes the next ten."
    ),
    "leadership": (
        "The ALE model looks at the set-up before it looks at a person. When people go along "
        "without believing in a change, it usually means they never got the reasons or a say "
        "in it: something the people leading can repair, not a flaw in the team or in you."
    ),
}
# What each role can do about it, by sphere
_YOURS = {
    "owner": {
        "accountability": "What is yours as the owner is the set-up: make sure this outcome has one name next to it, with the authority to match.",
        "execution": "What is yours as the owner is the set-up: make sure there is one agreed way to do it, and time for the team to write it down.",
        "leadership": "What is yours as the owner: give the reasons behind the change and ask for people's view before the next one.",
    },
    "manager": {
        "accountability": "What is yours as the manager: name one owner for it, tell everyone who it is, and back them when it is tested.",
        "execution": "What is yours as the manager: get the people who do the work to agree one way of doing it, and check it after the next few shifts.",
        "leadership": "What is yours as the manager: explain why the change matters, listen to the objections, and change what they rightly point out.",
    },
    "team-member": {
        "accountability": "What you can do from where you stand: ask openly whose this is, and suggest a name, yours if it fits.",
        "execution": "What you can do from where you stand: write down the steps as you do them and offer them to the others as a starting point.",
        "leadership": "What you can do from where you stand: tell your manager, without naming anyone, what people find hard to believe about the change.",
    },
}


# "is it a laundry problem or my problem", "laundry or me?": which of two is at fault
_EITHER = re.compile(
    r"\b(is (it|this|that)|it\x27?s|its)( really)? (a |an |the )?[\w-]+( [\w-]+)? (problem|fault|issue|thing)"
    r"\W* or (a |an |the |is it )?(my|me|mine|our|us|[\w-]+)( (problem|fault|issue|thing))?\b|"
    r"\b[\w-]+ or (me|mine|my fault|my problem)\W*\?*\W*$",
    re.IGNORECASE,
)


# what on our side would follow the person to the next outsider, by sphere
_FOLLOWS_YOU = {
    "execution": (
        "if nothing on your side checks what comes in the same way every time, the next "
        "one's mistakes will get through just the same"
    ),
    "accountability": (
        "if nobody on your side owns the contact, the next one will be chased by whoever "
        "happens to pick up the phone too"
    ),
    "leadership": (
        "if your team doesn't see why their requirements matter, they'll shrug at the next "
        "one's as well"
    ),
}


def _switch(plan: Plan) -> str:
    """Whether to leave a supplier, an agency or a client: decide it on a record, and fix
    what on your side would follow you to the next one."""
    parts = [
        "Maybe, but decide it on a record, not on the worst week. For a month, note each "
        "time they let you down (the date, what happened, what it cost), tell them in writing "
        "what you need from them, and find out what the alternatives would really cost you."
    ]
    if plan.sphere in _FOLLOWS_YOU:
        parts.append(
            f"Before you switch, fix your own side first: {_FOLLOWS_YOU[plan.sphere]}. "
            f"That is the {NAMES[plan.sphere].lower()} problem you told me about"
            + (f" ({_quotes(plan, plan.sphere)})." if _quotes(plan, plan.sphere) else ".")
        )
    else:
        parts.append(
            "From what you've told me, nothing on your side is making it worse, so this is "
            "a plain business call: cost, reliability, and what a switch would take."
        )
    return _closed(parts, plan, {})


# why a write-up is not the first move, by sphere
_NOT_YET = {
    "execution": (
        "there is no one set way of doing it yet, so a miss says more about the way of working "
        "than about the person"
    ),
    "accountability": (
        "nobody was clearly named for it, so they could honestly believe it wasn't theirs"
    ),
    "leadership": (
        "a write-up gets the rule followed while someone is watching; what's missing is that "
        "people see why it matters"
    ),
}


# the set-up is already clear and one person still skips it: "all the cooks do it except
# Ryan", "everyone signed the training", "two private chats"
# a record signed as done when it wasn't: "signed it yesterday with the gap in it",
# "ticked it off without doing it", "signed off as fine"
_SIGNED_OFF = re.compile(
    r"\b(signed|ticked|initialled|initialed)( it| them| the [\w-]+( [\w-]+)?)?( off)?\b[^.?!]{0,40}"
    r"\b(with the gaps?|with gaps?|as (fine|done|complete|ok|okay)|without (doing|checking|looking))\b",
    re.I,
)
_SET_UP_CLEAR = re.compile(
    r"\b(except|apart from|everyone else|everybody else|all the others|the rest of (them|us|the "
    r"[\w-]+) (do|does|did))\b|\b(signed|did|had|done) the training\b|"
    r"\b(\d+|two|three|four|several|a few|a couple of) (private )?(chats|talks|conversations|"
    r"warnings|words)\b|\b(talked|spoke|had (a )?(word|chat|talk)s?) (to|with) (him|her|them)\b"
    r"[^.?]{0,30}\b(already|twice|again|before)\b",
    re.I,
)


def _discipline(plan: Plan) -> str:
    """Whether to write one person up: not first, and when it would be fair; at once, by
    the book, when a safety record was signed off as done when it wasn't."""
    sphere = plan.sphere
    told = " ".join([plan.message, *(p.text for p in plan.state.problems)])
    if _SIGNED_OFF.search(told) and stakes.level(told) == stakes.SAFETY_FIRST:
        # "Jo the baby room leader signed it yesterday with the gap in it ... what do I do
        # with Jo, and do I tell the other room leaders or keep it quiet?"
        return (
            "This goes beyond coaching: a safety record was signed as complete when it wasn't. "
            "Deal with it today. Talk to them privately first: show the record, ask what "
            "happened, and listen before you decide anything. Then follow your own "
            "safeguarding and disciplinary procedures, whatever the reason turns out to be, "
            "and note what was said. Tell the other leads as well, without naming anyone: "
            "what was found, why the check and the sign-off matter, and that you will look "
            "at the signed records yourself for the next two weeks. Keeping it quiet protects "
            "nobody; being open about the check, not the person, is what keeps the next "
            "sign-off honest."
        )
    if _SET_UP_CLEAR.search(plan.message):
        return _closed(
            [
                "Yes, at this point it's fair. Everyone else does it, so the way of working "
                "holds, and you've already talked to them; this is now about one person, not "
                "the set-up.",
                "Keep it short and factual: the dates they skipped it, what the rule is and "
                "why it matters, what you expect from now on, and what happens if it goes on. "
                "Write it down, give them a copy, and check the next few days yourself.",
            ],
            plan,
            {},
        )
    if sphere not in _NOT_YET:
        return (
            "Not on one story. First find out whether it has happened before and whether they "
            "knew it was theirs and how it should be done; a write-up is fair only once all "
            "three are clear and it still happens."
        )
    quote = _quotes(plan, sphere)
    said = f" ({quote})" if quote else ""
    parts = [
        f"Not yet. From what you told me{said}, {_NOT_YET[sphere]}. A write-up now puts the "
        "blame on one person for a gap in the set-up, and the next person will miss it too.",
        "Do it in this order: fix the set-up (a set way, one name, the reason said out loud), "
        "tell everyone it starts now, then watch. If one person still skips it once it is "
        "clear and easy to do, that is a private conversation first, and a write-up if it "
        "keeps happening.",
    ]
    return _closed(parts, plan, {})


# a reply asked for to an objection the person expects or heard: "what do I come back with
# if she says 'that's not my job'?"
_OBJECTIONS = (
    (
        re.compile(
            r"\bnot (my|his|her|our|their) (job|department|problem|responsibility)\b|"
            r"\b(i\x27m|im|i am) (paid|hired) to\b|\bwasn\x27t hired to\b",
            re.I,
        ),
        "\u201cYou're right that it isn't the main part of your job. This one step is, though, "
        "because [what goes wrong when it's skipped]. If something else has to give to fit "
        "it in, tell me what, and we'll sort that out together.\u201d",
    ),
    (
        re.compile(
            r"\balways done it (this|that|the same) way\b|\bnever had a problem\b|"
            r"\b(it\x27s|its|it has) (always )?(been|worked) fine\b|\bif it ain\x27t broke",
            re.I,
        ),
        "\u201cMost days it has worked, and that's down to you. It's the other days I'm "
        "after: [the last two misses, as plain facts]. Let's try it for two weeks, and if "
        "it's no better, we drop it.\u201d",
    ),
    (
        re.compile(
            r"\b(don\x27t|dont|do not) need (a|the) (list|checklist|sheet|form)\b|"
            r"\bbureaucra\w*|\bpaperwork\b|\bbox[- ]ticking\b|\bwaste of time\b",
            re.I,
        ),
        "\u201cOn a normal day you probably don't. It's for the busy day, the new starter and "
        "the day you're off. Give it two weeks, then tell me honestly whether it's worth "
        "keeping.\u201d",
    ),
)
_REPLY_ASKED = re.compile(
    r"\bwhat (do|should|can|would) (i|we) (say|come back with|reply|respond|answer|tell (him|her|"
    r"them))\b|\bhow (do|should|can|would) (i|we) (respond|reply|answer|come back)\b|"
    r"\b(reply|response|comeback|answer) (to|for) (that|this|him|her|them)\b",
    re.I,
)


def _pushback_reply(message: str) -> str | None:
    """The words to answer an objection the person quotes, or None."""
    if not _REPLY_ASKED.search(message):
        return None
    return next((words for pattern, words in _OBJECTIONS if pattern.search(message)), None)


def _pushback(plan: Plan) -> str:
    """A reply to the objection quoted: agree with what is true in it, say what it's for,
    offer a short trial."""
    words = _pushback_reply(plan.message)
    assert words is not None
    return _closed(
        [
            f"You could say something like:\n\n{words}",
            "Say it calmly and one to one if you can, not in front of the team, and agree "
            "with the part that's true before you answer the rest.",
        ],
        plan,
        {},
    )


_BAD_DAY = re.compile(
    r"\b(up all night|head (wasn\x27t|was not|wasnt) (there|in it|with it)|exhausted|"
    r"knackered|not (feeling )?(well|himself|herself)|bad day|no sleep)\b",
    re.IGNORECASE,
)
_SAFEGUARD = re.compile(
    r"\b(backup|back-up|spare|plan b|fallback|contingency|second (check|person|pair of eyes)|"
    r"double[- ]check|alarm|sensor|supervis\w+|buddy|lock|guard)\b",
    re.IGNORECASE,
)
_OUTSIDER_TO_TELL = re.compile(
    r"\b(patient|customer|client|guest|resident|family|parent|diner|member|tenant|donor)s?\b",
    re.IGNORECASE,
)
_WHAT_TO_SAY = re.compile(
    r"\b(what|anything|something|how)\b[^?.]{0,30}\b(say|tell|talk|put it)\b", re.IGNORECASE
)
_LOOK_AFTER = re.compile(r"\blook after (him|her|them)\b", re.IGNORECASE)
_FROM_OUTSIDE = re.compile(
    r"\b(bad luck|storm|gusts?|weather|power (cut|went)|outage|scam|fraud|hit the same|"
    r"driver|supplier|courier)\b",
    re.IGNORECASE,
)


def _the_case(plan: Plan) -> str:
    """What to do about the one case in front of the person (a family still waiting, a
    customer let down), apart from fixing how the work is owned, led or done."""
    case = (
        "Deal with the case in front of you on its own, today, before any fix to how the "
        "work runs. Put one name on it until it is closed, yours if nobody else will take "
        "it. Tell the people affected what happens next and by when, and keep to it. Ask "
        "whoever has to act for a date in writing; if the date slips, go one level up the "
        "same day. If anyone's health or safety is at risk, say so plainly when you "
        "escalate and use your organisation's urgent or safeguarding route: it exists for "
        "exactly this."
    )
    if plan.sphere in NAMES:
        case += (
            f" Then come back to the {NAMES[plan.sphere].lower()} problem, so the next case "
            "doesn't wait this long."
        )
    return case


def _one_off(plan: Plan) -> str:
    """Whether an incident told was a one-off, once the person has said it was: what
    they said, that how the team works needs no change, what is still worth doing, and
    what would make it a pattern."""
    said = plan.state.one_off or ""
    quoted = f"you said \u201c{said.rstrip('.')}\u201d. " if said else ""
    told = " ".join([said, plan.message])
    if _BAD_DAY.search(told):
        worth = (
            "One thing is worth saying to the whole team, not only to the person involved: anyone who isn't "
            "fit to do a risky job on a given day can say so to whoever runs the shift, "
            "and gets other work without a mark against them."
        )
    elif _FROM_OUTSIDE.search(told):
        worth = (
            "One thing is worth a short look: whether anything would have cut the damage, "
            "such as an earlier warning or a quicker check afterwards. If nothing would "
            "have, let it go."
        )
    else:
        worth = (
            "Two small things are still worth doing: go over what happened with the people "
            "involved, without blame, and make sure whoever is new or covering is shown that "
            "step on their first day."
        )
    if _SAFEGUARD.search(plan.message):
        # "should we have a paper backup for when the system goes down?": yes, a safeguard
        # is no sign the team is failing
        return (
            "Yes, that's worth doing. A one-off can still show a gap in your safeguards: "
            "something that only mattered because the unusual happened. Adding it doesn't "
            "mean the team was at fault. Keep it small: decide what it is, who keeps it "
            "ready, and when it's tested, then try it once on an ordinary day so you know "
            "it works before you need it."
        )
    if _WHAT_TO_SAY.search(plan.message) and _OUTSIDER_TO_TELL.search(plan.message):
        # "what do I say to the patient when she comes back?"
        return (
            "Say sorry plainly, without excuses and without blaming a colleague: what went "
            "wrong, what you've done about it, and what you'll do for them now (priority "
            "rebooking, putting it right at no cost, a call back by a set time). Then do "
            "exactly what you said, and tell them when it's done."
        )
    if _WHAT_TO_SAY.search(plan.message):
        # "anything i should say to jen?"
        return (
            "Keep it short and without blame: say what happened, plainly; say you know it "
            "was a first and a hard day; then ask one question, what would have helped, and "
            "listen. If the answer points to something in how the work is set up, fix that "
            "small thing. Then let it go: a one-off talked through calmly is how people learn "
            "it's safe to own up next time."
        )
    cared = _LOOK_AFTER.search(plan.message)
    first = (
        f"Looking after {'him' if 'him' in plan.message.lower() else 'them'} is the right "
        "call, and it comes first. "
        if cared
        else ""
    )
    if plan.one_off:
        # asked again: the reading in short, not the whole answer twice
        return (
            f"{first}I'd still treat it as a one-off, so nothing about how the team works "
            f"needs to change. {worth} If it happens again, tell me."
        )
    return (
        f"{first}From what you've told me, I'd call it a one-off: {quoted}A single slip "
        "where the way of working holds, or bad luck from outside, doesn't show a gap in "
        "how the work is owned, led or done, so there's no need to change how the team "
        f"works. {worth} If it happens again, or someone else slips the same way, tell me: "
        "a repeat is a pattern, and then we'll look at what lies behind it."
    )


def _given(plan: Plan, key: str) -> bool:
    """Whether the set answer `key` was given in full in an earlier turn."""
    return key in plan.answered_before


_STOP_CHECKING = re.compile(
    r"\b(stop|ease off|drop) (checking|asking|counting|spot[- ]checking|watching)\b", re.IGNORECASE
)
_GO_BACK = re.compile(r"\bgo back to\b", re.IGNORECASE)


def _keep_or_drop(plan: Plan) -> str:
    """Whether to keep a fix that worked, stop checking it, or go back to the old way: keep
    the habit, lighten the scaffolding once it has held, and count before dropping it."""
    if _STOP_CHECKING.search(plan.message):
        return (
            "Ease off rather than stop. Go from checking every time to a spot check once a "
            "week now, and to once a month after a few more clean weeks. Say so to the "
            "person or team, as a sign of trust, not as a test. If a spot check finds a "
            "miss, go back to every time for a week and ask what got in the way."
        )
    if _GO_BACK.search(plan.message):
        return (
            "Not while the new way is working: you have the numbers that say it is. If the "
            "old way had something the team misses, bring that one thing into the new way "
            "instead. Should you still want to compare, try the old way for one week and "
            "count the same thing; let the count decide."
        )
    return (
        "Keep it for now, and lighten it later. What fixed the problem is the habit; the "
        "sheet, card or check is what holds the habit in place while it's new. Keep it until "
        "it has held for about a month of ordinary weeks, including one busy or short-staffed "
        "week. Then try a week without it and count the same thing you counted before: if "
        "the result holds, drop it or turn it into a monthly spot check; if it slips, bring "
        "it back, because the habit isn't there yet."
    )


def _how_often(plan: Plan) -> str:
    """How often to check a fix is holding: often at first, less once it holds."""
    if _given(plan, "how_often"):
        return (
            "As before: every time for two weeks, weekly once it holds, monthly after that, "
            "and back to every time for a week after any miss."
        )
    return (
        "Often at first, then less. For the first two weeks, check every time it falls due "
        "(each shift, each job, each delivery), at the moment it matters, and look at the "
        "thing itself rather than asking whether it was done. Once it has held for two weeks "
        "running, drop to a spot check once a week; after a month of that, once a month. If "
        "a check finds a miss, go back to every time for a week and ask what got in the way: "
        "that answer tells you what to fix next. Say the checks out loud to the team, so they "
        "read as making sure the fix works, not as catching people out."
    )


# the sides the person named: "the site manager thinks the scaffolders book them"
_ROLE_NOUN = r"(?: (?:manager|lead|team|staff|crew|desk|office|side|chef|engineer|officer))?"
_SIDES = re.compile(
    rf"\b((?:[Tt]he |[Oo]ur |[Mm]y )?[A-Za-z][\w-]*{_ROLE_NOUN}) (?:thinks?|thought|says?|said|assumes?|"
    r"assumed|figures?|figured|reckons?|believes?) (?:that )?(?:it\x27s |its |it is )?"
    rf"((?:[Tt]he |[Oo]ur )?[A-Za-z][\w-]*{_ROLE_NOUN})\b"
)
_NOT_A_SIDE = {
    *("i", "we", "you", "he", "she", "they", "it", "everyone", "everybody", "nobody"),
    *("someone", "somebody", "each", "both", "all", "one", "this", "that", "there", "who"),
    *("people", "other", "others", "another", "so", "and", "but"),
}
_LEADS = re.compile(
    r"\b(manager|lead|leader|supervisor|foreman|head|chef|boss|director|owner)\b", re.I
)


def _sides(plan: Plan) -> list[str]:
    """The people or teams the person said each think the other has it, as they said them
    ("the site manager", "QC")."""
    found: list[str] = []
    seen: list[str] = []
    for told in (e.clause or e.phrase for e in plan.state.evidence):
        # ("the chefs say front of house does it": one side, not "front" and "house")
        told = _HOUSE_SIDE.sub(r"\1-of-house", told)
        for m in _SIDES.finditer(told):
            for side in m.groups():
                bare = re.sub(r"^(the|our|my) ", "", side, flags=re.I).lower()
                if bare.split()[0] in _NOT_A_SIDE or any(bare in s or s in bare for s in seen):
                    continue
                seen.append(bare)
                found.append(re.sub(r"^(The|Our|My) ", lambda a: f"{a.group(1).lower()} ", side))
    return found[:3]


# the choice offered in the question: "me or the desk?", "the chef or the KP?"
# ("the head chef or the floor manager?": a title of two words)
_ONE_OFFERED = r"(me|us|(?:the|my|our) [\w-]+(?: [a-z][\w-]*)?(?: [A-Z][\w-]*)?|[A-Z][\w-]*)"
_OFFERED = re.compile(rf"\b{_ONE_OFFERED} or {_ONE_OFFERED}\s*(?:\?|$)")


ROLE_NAMES_SHORT = {"owner": "owner", "manager": "manager"}
# what the person says of the one named: "she opens 4 days a week", "shes there every show"
_THERE = re.compile(
    r"\b(she|he|they)(\x27s|\x27re| is| are|s)? (there|in|on|around|on site|on shift) "
    r"(every|each|most|all)( [\w-]+)?\b|\b(she|he|they) (opens?|closes?|works?|runs?) "
    r"([\w-]+ )?(\d+|four|five|six|seven|every|most) (days?|shifts?|nights?|mornings?)( a week)?\b",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"\b(she|he|they)(\x27s|\x27re| is| are|s)? (only|just) (in|there|on|around|working)"
    r"( on)?( [\w-]+){1,2}\b|\bpart[- ]time\b",
    re.IGNORECASE,
)


def _me(side: str) -> str:
    """A side of the choice as the coach says it: "me" is you, "my barista Sophie" is
    Sophie."""
    named = re.fullmatch(r"(?:my|our) [\w-]+ ([A-Z][\w-]*)", side)
    if named:
        return named.group(1)
    side = re.sub(r"^(my|our) ", "your ", side)
    return {"me": "you", "us": "your side"}.get(side.lower(), side)


def _who_owns(plan: Plan) -> str:
    """Who should own it: one person, chosen by three tests, from the sides named."""
    offered = _OFFERED.search(plan.message)
    sides = [_me(offered.group(1)), _me(offered.group(2))] if offered is not None else _sides(plan)
    tests = (
        "pick the one who is there when it falls due, can act on it without asking anyone, "
        "and feels it first when it slips"
    )
    lean = ""
    if len(sides) >= 2:
        named = " and ".join(sides[:2]) if len(sides) == 2 else ", ".join(sides)
        lead = next((s for s in sides if _LEADS.search(s)), None)
        other = next((s for s in sides if s != "you"), None)
        there = _THERE.search(plan.message)
        away = _AWAY.search(plan.message)
        lean = (
            f" From what you said ({there.group(0)}), {other}: whoever is there when it falls "
            "due can act on it, and it won't wait for anyone."
            if there and other and offered is not None
            else f" Not {other}, from what you said ({away.group(0)}): it would wait for "
            "days at a time. Give it to whoever is there when it falls due."
            if away and other and offered is not None
            else ""
        ) or (
            f" If you can avoid it, not you: when the {ROLE_NAMES_SHORT[plan.role]} holds it, "
            f"it waits whenever you're busy. Give it to {other} and check it with them."
            if "you" in sides and other and plan.role in ROLE_NAMES_SHORT
            else f" If I had to choose from what you've told me: {lead}, with the others as the "
            "people who do the work or flag it."
            if lead
            else ""
        )
        opening = f"One person, not a team or whoever is on. Between {named}, {tests}.{lean}"
    else:
        opening = f"One person, by name, not a team or whoever is on: {tests}."
    if _given(plan, "who_owns"):
        # (asked again: no sentence of the first answer twice)
        return (
            f"Still one name, not a shared job.{lean}"
            if len(sides) >= 2 and lean
            else (
                "Still one name, not a shared job: whoever is there when it's due and can act "
                "without asking."
            )
        )
    return (
        f"{opening} Then write the name where the work is planned, tell everyone involved at "
        "the same time so nobody hears it second-hand, and check the next two times it falls "
        "due that it happened. If the owner needs someone else's say-so to act, give them "
        "that authority too, or the name is only on paper."
    )


def _legal(plan: Plan) -> str:
    """A question of law: not for the coach; where to ask, and what it can help with."""
    back = (
        f" What I can help with is the {plan.sphere} side of it: ask me what to do about that."
        if plan.sphere
        else " What I can help with is how the work is owned, led and done."
    )
    return (
        "I can't tell you what the law allows where you are. Check your contract or staff "
        "handbook first, then ask HR, a union rep or a free employment advice service; keep "
        f"dated notes of what happened in the meantime.{back}"
    )


# "Should I report myself?": a mistake of the person's own
_SELF_REPORT = re.compile(r"\breport(ing)? myself\b|\bmy (own )?(mistake|error|fault)\b", re.I)


def _report(plan: Plan) -> str:
    """What has to be reported and to whom: the workplace's own rule, today, in facts."""
    back = (
        f" After that, what I can help with is the {NAMES[plan.sphere].lower()} side of it."
        if plan.sphere in NAMES
        else " After that, tell me whether it has happened before: that is what shows whether "
        "anything in how the work is set up needs to change."
    )
    if _SELF_REPORT.search(plan.message):
        return (
            "Yes. Report it today through whatever your workplace uses for incidents, in plain "
            "facts: what happened, when, who was affected and what you did about it. Tell the "
            "person you answer to as well, so they hear it from you first. An honest report "
            "made early is what protects the person it happened to, and you; most places treat "
            "a mistake someone reports themselves as a chance to fix the set-up, not a reason "
            f"to punish.{back}"
        )
    return (
        "If anyone was hurt or nearly hurt, or money or stock went missing, most likely yes. "
        "Every workplace has a rule on what gets reported, to whom and how fast (an incident "
        "log, the area or head office, and for some incidents an outside body). Check that "
        "rule today and follow it; if you're not sure, tell the person above you the same "
        "day and let them decide who else needs to know. Keep it to facts: what happened, "
        f"when, and what you've done since.{back}"
    )


# "should i be the one sorting it?": whether to take the fix on, not whether to speak up
_ONE_TO_FIX = re.compile(r"\bshould (i|we) (really )?be the (one|ones)\b", re.I)


def _my_place(plan: Plan) -> str:
    """Whether it is the person's place to speak up: saying what they saw is; deciding the
    fix belongs to whoever runs it (and fixing it alone is not theirs to carry)."""
    if _ONE_TO_FIX.search(plan.message):
        # "should i be the one sorting it? im 19 and part time"
        return (
            "Not on your own, and not by taking it over. Your part is to make it visible: "
            "tell whoever runs it what you see, with one or two plain examples, and offer to "
            "help with one piece of it, such as trying the new way on your own work first. "
            "Whether and how they fix it is their call; saying it once, clearly, is yours."
        )
    if _given(plan, "my_place"):
        return (
            "Same answer as before: saying what you saw is yours, deciding the fix is theirs. "
            "Keep it to facts and one request, and it can't be overstepping."
        )
    return (
        "It's fair for you to say something. You saw it, and telling the person who runs it "
        "what you saw, calmly and as fact (what happened, when, what it could have led to), "
        "is not overstepping; deciding what to do about it is theirs. If it touches "
        "anyone's safety, say it straight away rather than next time. What would be "
        "overstepping is fixing it over their head or making it about the person."
    )


def _private(plan: Plan) -> str:
    """Who can read the conversation, and how to keep people out of it."""
    rest = (
        " Then tell me what is going on at work, in your own words." if plan.sphere is None else ""
    )
    return (
        "What you write here is kept by this app, on the computer or server it runs on, so "
        "you can come back to it; whoever runs that server can read it, and if they have "
        "connected an outside language model, your messages are sent to it to word the "
        "replies. Nothing goes to your employer unless they run the app. If you'd rather "
        "not name anyone, use roles instead (\u201cthe night lead\u201d, \u201cone of the "
        f"cooks\u201d): the advice works just as well.{rest}"
    )


# "do i talk to them one by one or in a group?"
_ONE_OR_GROUP = re.compile(
    r"\b(one by one|one[- ]on[- ]one|one to one|1[:-]1s?|individually|separately|privately|alone)\b"
    r"[^?]{0,40}\bor\b[^?]{0,30}\b(group|together|team meeting|all at once|everyone|as a team|"
    r"huddle|meeting)\b|\b(group|together|team meeting|all at once|as a team)\b[^?]{0,40}\bor\b"
    r"[^?]{0,30}\b(one by one|one[- ]on[- ]one|one to one|individually|separately|privately)\b",
    re.IGNORECASE,
)
# "give me actual words", "what do i say?", "how do i word it?"
_WORDS = re.compile(
    r"\b(actual|exact|real) words\b|\bwhat (do|should|would|can) i (actually |even )?say\b|"
    r"\bhow (do|should|would|can) i (say|word|phrase|put) (it|this|that)\b|"
    r"\bgive me (a |the |some )?(script|wording|words|lines?)\b|\bwhat (words|wording) (do|should) i use\b",
    re.IGNORECASE,
)
# "should i just ask the laundry manager why?", "do i ask him": yes or no, to raise it
_WHO_END = re.compile(
    r"\s+\b(why|about|if|whether|what|who|how|to|for|when|and|or|first|because|since|so|myself|"
    r"directly|personally|then|though|tho)\b.*$",
    re.I,
)
# "should I talk to Ravi myself or leave it to the director?": the person, or someone above
_MYSELF_OR = re.compile(r"\b(myself|personally|directly)\b[^?.]{0,20}\bor\b", re.I)


def _should_ask(plan: Plan) -> str:
    """Whether to raise it with someone: yes, and how to go about it."""
    found = SHOULD_I_ASK.search(plan.message)
    assert found is not None and plan.sphere is not None
    who = _WHO_END.sub("", (found.group(7) or "").strip(" ,")).strip()
    # (said back to the person: "my team leader" is their team leader)
    who = re.sub(r"^(my|our)\b", "your", who, flags=re.I) or "them"
    if _given(plan, "should_ask"):
        return (
            f"Yes, still: talk to {who}, with the facts in hand, and leave with one thing "
            "each of you will do."
        )
    opening = (
        f"Talk to {who} yourself first: it is quicker and fairer than going over their head, "
        "and you can still bring someone else in if nothing changes."
        if _MYSELF_OR.search(plan.message)
        else f"Yes, talk to {who}."
    )
    return (
        f"{opening} Go in curious rather than accusing: bring two or three recent "
        "cases as plain facts (what happened, when, what it cost), ask what gets in the way "
        "on their side, and agree one concrete thing each of you will do, with a date. "
        f"Since this points to {NAMES[plan.sphere].lower()}, the thing to ask for is "
        f"{_ASK_FOR[plan.sphere]}."
    )


def _unheard(plan: Plan) -> str:
    """How to be heard by someone who has waved the point away."""
    assert plan.sphere is not None
    return (
        "When someone won't hear it, arguing the point again rarely works; facts they can't "
        "wave off do. Keep a short record for two weeks: each job that went wrong, what was "
        "missed, and what it cost in time or money. Then ask for one small trial rather than "
        "a big change, with a date to look at the result together. Since this points to "
        f"{NAMES[plan.sphere].lower()}, the trial to ask for is {_ASK_FOR[plan.sphere]}. "
        "In the meantime, change what is yours to change in your own work, so the record "
        "shows the difference."
    )


# "is that normal or am i being mugged off", "is it normal to get told at 10pm?"
_IS_NORMAL = re.compile(
    r"\b(is|isn\x27t) (that|this|it) (just )?(normal|standard|usual|common|how it is|the norm)\b|"
    r"\bam i being (mugged off|taken for a ride|taken advantage of|unreasonable|picky|too picky)\b|"
    r"\bdoes (this|that|it) happen (everywhere|to everyone|in every)\b",
    re.IGNORECASE,
)
# what the gap is, by sphere, said to someone asking whether it is normal
_GAP = {
    "accountability": "nobody has clearly been made to own it",
    "execution": "there is no set way of doing it that everyone follows",
    "leadership": "the reasons behind it were never shared with the people doing the work",
}


def _is_normal(plan: Plan) -> str:
    """Whether what happens is normal: common, yes; something to accept, no."""
    assert plan.sphere is not None
    quote = _quotes(plan, plan.sphere)
    said = f" What you described ({quote})" if quote else " What you described"
    return (
        "Common, yes; something you just have to put up with, no."
        f"{said} is a gap in how the work is set up: {_GAP[plan.sphere]}. That is not a "
        "failing of yours, and it can be fixed, even from where you sit: keep a note of each "
        "time it happens and what it cost, and bring two or three of them to whoever plans the "
        f"work, with one thing to ask for ({_ASK_FOR[plan.sphere]})."
    )


_TOGETHER = {
    "accountability": "who owns what from now on, with one name per outcome",
    "execution": "the one way of doing it that everyone will follow, written down",
    "leadership": "why the change matters and what you changed after hearing them",
}


def _one_or_group(plan: Plan) -> str:
    """Whether to talk one to one or as a group: both, in that order."""
    sphere = plan.sphere or "accountability"
    return (
        "Both, in that order. One to one first: each person can tell you what gets in their "
        "way without an audience, and nobody has to defend themselves in front of the "
        "others. Then together, briefly: say what you heard, without names, and agree "
        f"{_TOGETHER[sphere]}, so everyone hears the same thing at the same time."
    )


def _blame(plan: Plan) -> str:
    """Who is to blame: the set-up, not a culprit, and what the person can do about it."""
    if plan.sphere is None:
        # "is this on us or on them?" with nothing told yet of the team's side
        return (
            "Both can be true at once. What they do wrong is theirs: keep a record of each "
            "time and hold them to it. What is yours is how your side meets it: whether one "
            "person here owns the dealings with them, whether there is a set way of checking "
            "what comes in from them, and whether your people know why it matters. Which of "
            "those is shakiest on your side?"
        )
    sphere = plan.sphere
    parts = [_NOT_A_CULPRIT[sphere]]
    if _US_OR_THEM.search(plan.message):
        # an outsider is part of the story: what is theirs stays theirs
        parts[0] = (
            "Both, in different ways. What they do wrong is theirs: keep a record of each "
            "time and hold them to it, and if it goes on, weigh your other options. "
            "But you can't change them from here; what you can change is how your side "
            f"meets it. {parts[0]}"
        )
    elif _EITHER.search(plan.message):
        parts[0] = f"Neither on its own. {parts[0]}"
    quote = _quotes(plan, sphere)
    if quote:
        parts[0] += f" What you told me ({quote}) fits that."
    parts.append(_YOURS.get(plan.role or "", _YOURS["manager"])[sphere])
    if plan.suggestions:
        best = plan.suggestions[0]
        step = best.steps[0] if best.steps else best.text
        parts.append(
            f"A first step that looks forward, not back, from **{best.title}**: {step} (source: {best.source})"
        )
    else:
        parts += [f"(source: {source})" for source, _title, _text in plan.references[:1]]
    return "\n\n".join(parts)


# When a problem would belong to each sphere: said when the person asks why it isn't that one
_IT_WOULD_BE = {
    "execution": "people knew whose job it was and believed in it, but did it differently each time or forgot steps",
    "accountability": "the steps were clear and people believed in them, but nobody was named to answer for the result",
    "leadership": "people knew what to do and whose it was, but didn't believe in it or were never told why",
}
_SPHERE_WORDS = (
    ("execution", re.compile(r"\b(execution|process|procedures?|systems?|workflow)\b", re.I)),
    ("accountability", re.compile(r"\b(accountability|roles?|ownership|owner)\b", re.I)),
    ("leadership", re.compile(r"\b(leadership|buy-?in|buy in|morale|culture|attitude)\b", re.I)),
)


# a question the person marks as beside the point, or small talk
_OFF_TOPIC = re.compile(
    r"\b(unrelated|random question|off[- ]topic|different topic|side question|personal question|"
    r"nothing to do with (this|that|work))\b|\b(footy|football|soccer|the game|the match|the weather|"
    r"your weekend|the weekend)\b[^.!]{0,30}\?|\b(what\x27s|what is) your name\b|\bare you (a bot|an ai|"
    r"a robot|human|a real person|real)\b|\bhow are you( doing| today)?\W*\?|\bwhere are you from\b",
    re.I,
)


# the person worn down by the job: "is it normal to feel this knackered?", "I feel like a
# referee", "I'm burnt out"
_WORN = re.compile(
    r"\b(is it normal|normal) to (feel|be) (this |so |this much )?(tired|knackered|exhausted|drained|"
    r"burnt out|burned out|overwhelmed|stressed|worn out)\b|\bi (feel|am|\x27m) (like )?(a |the )?"
    r"(referee|babysitter|firefighter|fire fighter|punching bag|middle man|go-between)\b|"
    r"\b(i\x27m|i am|i feel) (so |totally |completely )?(burnt out|burned out|knackered|exhausted|drained)\b",
    re.I,
)


def _worn(plan: Plan) -> str:
    """A word for the person, then what the model says such tiredness often points to."""
    link = {
        "accountability": (
            "Feeling like the referee is often a sign that ownership lines aren't drawn: "
            "when nothing below you has a clear owner, everything comes back to you."
        ),
        "execution": (
            "A lot of that tiredness usually comes from fixing the same misses by hand: "
            "when the work depends on memory, you become the memory."
        ),
        "leadership": (
            "Pushing changes people don't believe in is exhausting: you end up carrying "
            "every one of them yourself."
        ),
    }
    parts = [
        "Very common, especially after moving from doing the work to running it, and worth "
        "taking seriously."
    ]
    if plan.sphere in link:
        parts.append(
            f"{link[plan.sphere]} Taking one thing off your plate with a named owner and an "
            "agreed way of doing it is usually the quickest relief."
        )
    return "\n\n".join(parts)


def _off_topic(plan: Plan) -> str:
    thanks = (
        "You're welcome. "
        if re.match(r"\W*(\w+\W+){0,3}(thanks|thank you|cheers|ta)\b", plan.message, re.I)
        else ""
    )
    still = [p for p in plan.state.problems if p.status == "open"]
    back = (
        f" When you want to pick it up again, we were on \u201c{short(still[-1].text)}\u201d."
        if still
        else ""
    )
    return (
        f"{thanks}That one is outside what I can help with: I look at how the work in your "
        f"team is owned, led and done.{back}"
    )


def _why_not(plan: Plan, sphere: str) -> list[str]:
    """ "why accountability and not execution?": what would make it the other sphere."""
    named = [s for s, pattern in _SPHERE_WORDS if s != sphere and pattern.search(plan.message)]
    if len(named) != 1:
        return []
    other = named[0]
    return [
        f"Why not {other}? It would be {other} if {_IT_WOULD_BE[other]}. What you described "
        f"is different: {WHAT_IT_MEANS[sphere]}."
    ]


def _why(plan: Plan) -> str:
    sphere = plan.sphere
    if sphere is None:
        return (
            "I haven't named a sphere yet: nothing you've said points clearly to one. "
            f"Tell me about a recent problem ({plan.industry_example}) and I'll show you my reasoning."
        )
    overlap = OVERLAP_OF[sphere]
    parts = [
        f"Because of your own words: you said {_quotes(plan, sphere, 2)}. In the ALE model "
        f"that is what weak {sphere} looks like, and it shows as a "
        f"{OVERLAP_NAMES[overlap].title.lower()} problem.",
        *_why_not(plan, sphere),
        # "why that and not just that they're lazy?": the person's own explanation answered
        *([_ABOUT_TEXT["character"]] if _CHARACTER.search(plan.message) else []),
    ]
    scores = dict(plan.ranking)
    weaker: list[str] = []
    stronger: list[str] = []
    for s, v in _listed(plan, sphere):
        weighed = (
            f"{_strength(v)} against {_strength(scores[sphere])} for {sphere}"
            if _strength(v) != _strength(scores[sphere])
            else f"{_strength(v)}, though {'more' if v > scores[sphere] else 'less'} than for {sphere}"
        )
        (stronger if v > scores[sphere] else weaker).append(
            f"{NAMES[s].lower()} (you said {_quotes(plan, s, 1)}; {weighed})"
        )
    if weaker:
        parts.append(f"There were weaker signs of {' and '.join(weaker)}.")
    if stronger:
        parts.append(
            f"There were stronger signs of {' and '.join(stronger)}: that is the one I'd fix "
            "first, and this one next."
        )
    parts.append(
        "If that doesn't match what you see, tell me what I've got wrong; a concrete example "
        "is the quickest way to change my mind."
    )
    for source, _title, _text in plan.references[:1]:
        parts.append(f"(source: {source})")
    return "\n\n".join(parts)


# A test the person can run this week that tells the sphere read from its neighbours: if it
# comes out the other way, the reading was wrong.
_TESTS = {
    "execution": (
        "Here is a quick test. Ask two people who do this work to write down, separately, the "
        "steps as they do them. If the two lists match and the steps still get skipped, the "
        "way of working is not the trouble: it is who answers for it (accountability) or "
        "whether people believe in it (leadership), and I'll change my reading. If the lists "
        "differ, even careful people will keep doing it differently until there is one agreed way."
    ),
    "accountability": (
        "Here is a quick test. Ask three people, separately, who owns this result. If all "
        "three give the same name and that person has what they need to do it, ownership is "
        "not the trouble, and I'll change my reading. If you hear two names, or none, the "
        "work will keep falling between people, however good they are."
    ),
    "leadership": (
        "Here is a quick test. Ask two of the people involved, one to one, whether they think "
        "the change is worth doing and why. If they say yes and mean it, and it still doesn't "
        "happen, the trouble is who owns it or how it's done, and I'll change my reading. If "
        "they can't say why it matters, no rule or checklist will make it stick."
    ),
}


# Said instead of the test when the reasoning was given just before: what would show the
# reading is wrong, in facts the person can look for
_WOULD_CHANGE = {
    "execution": (
        "What would change my mind: the people who get it wrong know the agreed way, were "
        "shown it, and still do it differently while others beside them do it right. Then "
        "it is who answers for it or whether they believe in it. Until you've seen that, one "
        "agreed way costs little and takes the guesswork out of the question."
    ),
    "accountability": (
        "What would change my mind: there is one named owner for this, everyone can say the "
        "name, and that person has the time and the say to act, yet it still goes wrong. "
        "Then look at how the work is done or whether people believe in it. Until you've "
        "seen that, naming one owner costs little and settles the question."
    ),
    "leadership": (
        "What would change my mind: the people involved tell you, one to one, that the "
        "change makes sense to them, and it still doesn't happen. Then it is who owns it or "
        "how it's done. Until you've heard that, explaining the why costs little and settles "
        "the question."
    ),
}


def _doubt(plan: Plan) -> str:
    """The person doubts the reading ("I don't think it's a process thing, two of them are
    just careless"): the reasoning behind it, and a test that would prove it wrong."""
    sphere = plan.sphere
    if sphere is None:
        return _why(plan)
    opening = (
        # answered just before (the reasoning, with the person's words): not quoted again
        f"Fair enough, and you don't have to take my word for it. I'm keeping {sphere} for "
        f"now only because nothing you've told me so far points elsewhere; give me one fact "
        f"that does and I'll change it."
        if plan.state.answered > 1
        else f"Fair challenge; here is my reasoning, so you can check it. You said "
        f"{_quotes(plan, sphere, 2)}. In the ALE model that is what weak {sphere} looks like: "
        f"{WHAT_IT_MEANS[sphere]}."
    )
    parts = [
        opening,
        *_why_not(plan, sphere),
        _WOULD_CHANGE[sphere] if plan.state.answered > 1 else _TESTS[sphere],
    ]
    for source, _title, _text in plan.references[:1]:
        parts.append(f"(source: {source})")
    return "\n\n".join(parts)


# what the coach is for: "what kinds of problems can you help with?", "is this even
# something you can help with?", "is this thing for workers too or just bosses"
_SCOPE = re.compile(
    r"\bwhat (kinds?|sorts?|types?) of (problems?|issues?|things?|stuff)\b|"
    r"\b(something|anything|stuff) you can (help|deal) with\b|\bwhat (can|do) you (do|help with)\b|"
    r"\bcan you (even )?help (with|me with) (this|that|it)\b",
    re.IGNORECASE,
)
_FOR_WHOM = re.compile(
    r"\b(for|meant for) (workers|staff|employees|team members|everyone|people like me)\b|"
    r"\bor (just|only) (for )?(bosses|managers|owners|leaders)\b|"
    r"\b(only|just) (meant |made |built )?for (managers|bosses|owners|leaders)\b|"
    # "can this even help me if im not the GM?"
    r"\bhelp (me|us|someone|people)( at all)? if (i\x27?m|im|i am|we\x27?re|we are|you\x27?re) "
    r"(not|just|only) (a |an |the )?[\w-]+",
    re.IGNORECASE,
)
SCOPE = (
    "I help with how people work together: when nobody is sure who owns something "
    "(accountability), when people don't believe in a change or a decision (leadership), "
    "and when work depends on memory or on who happens to be there (execution). Pay, "
    "contracts, funding, health or a commute are real worries, but outside what I can help "
    "with."
)
FOR_WHOM = (
    "It's for anyone at work: owners, managers and people on the team. The advice changes "
    "with where you sit: an owner sets the frame, a manager runs the change with the team, "
    "and someone on the team starts with their own work and brings what happened to "
    "their manager."
)


def _explain(plan: Plan) -> str:
    linked = linked_answer(plan) if _LINKED.search(plan.message) else None
    if linked is not None:
        return linked
    parts = []
    scope = _SCOPE.search(plan.message)
    for_whom = _FOR_WHOM.search(plan.message)
    if scope or for_whom:
        parts.append(FOR_WHOM if for_whom else SCOPE)
        if plan.sphere:
            parts.append(
                f"What you've told me so far points to {NAMES[plan.sphere].lower()}; ask me "
                "what to do about it, or tell me more."
            )
        else:
            parts.append("Tell me what is going wrong at work, in your own words.")
        return "\n\n".join(parts)
    for source, title, text in plan.references[:1]:
        parts.append(f"**{title}**: {text} (source: {source})")
    if not parts:
        parts.append(
            "The ALE model looks at three spheres: accountability (people own outcomes), "
            "leadership (people believe in the direction) and execution (work gets done the "
            "same good way every time). Where two meet is an overlap: process, roles or buy-in."
        )
    if plan.sphere:
        overlap = OVERLAP_OF[plan.sphere]
        parts.append(
            f"In your case: weak {plan.sphere} shows in the "
            f"{OVERLAP_NAMES[overlap].title.lower()} overlap, so the moves I suggest are "
            f"{OVERLAP_NAMES[overlap].adjective} moves."
        )
    return "\n\n".join(parts)


FAILED = re.compile(
    r"\b(didn\x27t|did not|doesn\x27t|does not|hasn\x27t|has not|never) "
    r"(change|help|work|stick|do)|\bno (change|difference|effect)|\bnothing changed\b|"
    r"\bdidn\x27t change a thing\b|\bmade no difference\b",
    re.I,
)
ROLE_VIEW = {
    "owner": (
        "As the owner you set the frame: name who owns the change, agree what result you "
        "expect and by when, and ask for it then."
    ),
    "manager": (
        "Bring it up with the facts: what went wrong, how often, and one change you want to "
        "try. Ask for a short trial rather than a big decision."
    ),
    "team-member": (
        "You don't need permission to make your own work more reliable: try the change on "
        "your own work first, then show your manager what happened. Results persuade better "
        "than proposals."
    ),
}


def tried_line(plan: Plan) -> str:
    """Acknowledges what the person said they tried."""
    said = f"\u201c{short(plan.tried_now or '', 14)}\u201d"
    if plan.tried_now and FAILED.search(plan.tried_now):
        return (
            f"Noted what you tried: {said}. When a reminder or a one-off fix doesn't stick, "
            "the step itself usually needs to change, not how hard people try."
        )
    if plan.news == "worked":
        return f"I've kept what you tried with the plan, as what worked: {said}."
    return f"Noted what you tried: {said}. Tell me how it goes; I'll keep it with the plan."


# What a question that fits no other kind is about, read from its words: each gets an
# answer of its own (in the order tried), then a concrete step from the knowledge base.
# a tool asked about: "any good booking software?", "switch from PagerDuty to Opsgenie?"
_ABOUT_TOOL = re.compile(
    r"(?<!on the )\b(tool|app|software|spreadsheet|platform|program|system)s?\b|"
    r"\b(switch|move|change|go|migrate)( over)? (from|to) (?-i:[A-Z])\w+",
    re.I,
)
# the person's own explanation: the people themselves ("they're just lazy", "bad apples")
_CHARACTER = re.compile(
    r"\b(lazy|laziness|bad apples?|attitude|don\x27t care|just (bad|useless|careless))\b", re.I
)
_ABOUT = (
    (
        "owner",
        re.compile(
            r"\bwho (should|would|could|ought to|is going to|gets to|has to|needs to|do you "
            r"(think|reckon) should) (own|run|do|lead|handle|take|be in charge|sign|check)|"
            r"\b(me or|or me)\b|\bwho owns\b|\bshould (the|a|one|i|we) [\w ]{0,30}\bown\b|"
            r"\bown it,? or\b",
            re.I,
        ),
    ),
    ("character", _CHARACTER),
    (
        "scope",
        re.compile(
            r"\b(how far|my place|can i (even|really|actually)|as (just |only )?(a|an|the) [\w-]+|"
            r"i\x27m (only|just|not (a|the|in))|out of my hands|my call|not in charge|"
            r"above my (pay|head)|without (authority|being)|from where i sit|"
            # "what can a guy on the tools actually do about that"
            r"what can (a|an|someone|one|somebody|anyone) [\w -]{0,30}\b(do|change|fix))\b",
            re.I,
        ),
    ),
    (
        "talk",
        re.compile(
            r"\b(bring (it|this|that) up|raise (it|this|that)|say to|tell (them|the|my|him|her)|"
            r"talk to|approach|pitch|word it|sound like|convince|persuade|get [\w ]{0,20}to agree|"
            r"push back|bring (it|this|that) to|raise it with|put it to)\b",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(
            r"\bhow long\b|\bhow soon\b|\bwhen (will|would|should|do) (we|i|you) (see|know|notice)",
            re.I,
        ),
    ),
    ("tool", _ABOUT_TOOL),
)
# the person asks for the words themselves: "what do I actually say to them?", "draft me
# the email", "give me the words for Monday's meeting", "how do I word it"
_WORDS_ASKED = re.compile(
    r"\bwhat (do|should|would|can) (i|we) (actually |even |exactly |really |just )?(say|tell|write|send)\b"
    r"|\bwhat (exactly )?(do|should) (i|we) say\b|\b(draft|write)( me| us)? (the|a|an|up|out|some)\b"
    r"|\b(give|send) me (the |some |a )?(words|wording|script|lines?|message|email|text)\b"
    r"|\bhow (do|should|would|can) (i|we) (word|phrase|put|say) (it|this|that)\b|\bexact words\b"
    r"|\bwhat words\b|\ba script\b",
    re.I,
)
# a message to someone: "draft me the email to my head chef", "write the text to the team"
_A_MESSAGE = re.compile(
    r"\b(e-?mails?|messages?|texts?|notes?|letters?|memos?|announcements?|slack|whatsapp|speech)\b",
    re.I,
)


def _message_asked(message: str) -> bool:
    """Whether the person asks for the words of a message to someone, not for a document
    ("draft me the email to the clinic manager", not "draft me the checklist")."""
    return bool(_WORDS_ASKED.search(message) and _A_MESSAGE.search(message))


# who hears it: someone above the person ("my boss", "the directors") or their own people
_UPWARD = re.compile(
    r"\b(my|our|the) (boss|bosses|manager|gm|owner|owners|director|directors|chef|head chef|"
    r"foreman|supervisor|lead|head office|corporate|partners?|ceo|founders?|board|matron|"
    r"principal|pastor|crew chief|site manager|project manager|plant manager)\b",
    re.I,
)
# above a manager: the people a manager answers to ("my boss", "head office", "the owners")
_ABOVE_MANAGERS = re.compile(
    r"\b(my|our|the) (boss|bosses|gm|general manager|owner|owners|director|directors|head office|"
    r"corporate|partners?|ceo|founders?|board|regional manager|area manager|district manager|"
    r"upper management|senior management|leadership team)\b",
    re.I,
)
# above an owner: "the board", "my business partner", "the investors"
_ABOVE_OWNERS = re.compile(
    r"\b(my|our|the) (board|investors?|(business |co-?)?partners?|co-?founders?|bank|trustees)\b",
    re.I,
)
# the person's peers: "the other techs", "my coworkers", "the rest of the crew"
_PEERS = re.compile(
    r"\b(the other|my|our) ([\w-]+ )?(coworkers|co-workers|colleagues|teammates|workmates)\b|"
    r"\bthe (other|rest of the) ([\w-]+ )?(servers|cooks|techs|nurses|guys|lads|girls|devs|"
    r"developers|drivers|pickers|cashiers|volunteers|aides|crew|team|staff)\b",
    re.I,
)


def _speaks_up(plan: Plan) -> bool:
    """Whether the words are for someone above the person: for an owner only a board or a
    partner; for a manager the people they answer to; for a team member anyone but peers."""
    message = plan.message
    if plan.role == "owner":
        return bool(_ABOVE_OWNERS.search(message))
    if plan.role == "manager":
        return bool(_ABOVE_MANAGERS.search(message))
    if plan.role == "team-member":
        return not (_PEERS.search(message) and not _UPWARD.search(message))
    return bool(_UPWARD.search(message))


# words to say, per sphere and to whom; two of each, so asking twice gets new words
SCRIPTS = {
    ("accountability", "down"): (
        "\u201cI don't think this is anyone's fault: it was never clear whose job it was, so "
        "it fell between us. From Monday I'd like one person to own it, start to finish. "
        "Who should that be? Let's try it for two weeks and look at it together.\u201d",
        "\u201cWhen everyone half-owns something, nobody does. I'm going to put one name next "
        "to it and write that down where we all see it. If you're that person and something "
        "stops you, tell me straight away and I'll clear it. Who wants it?\u201d",
    ),
    ("accountability", "up"): (
        "\u201cCan I flag something I keep seeing? Nobody is clearly in charge of this, so "
        "each of us thinks someone else has it. Could we name one person for it? I'm happy "
        "to take it on for a couple of weeks if that helps.\u201d",
        "\u201cThis keeps slipping between people, and it isn't anyone being lazy: it's just "
        "not written down whose it is. Could you decide who owns it and tell everyone? It "
        "would save us all the back and forth.\u201d",
    ),
    ("execution", "down"): (
        "\u201cThis keeps going wrong because each of us does it a bit differently, not "
        "because anyone isn't trying. Let's write down the steps the way our best day "
        "goes, keep them where the work happens, and all use them for the next two weeks. "
        "Then we fix whatever doesn't fit. What would you put first?\u201d",
        "\u201cI'd like us to agree one way of doing this. Show me how you each do it now, "
        "we'll pick the best bits, put them on one page, and try it. If a step is wrong, "
        "tell me and we change the page, not the habit. Who'll show me theirs first?\u201d",
    ),
    ("execution", "up"): (
        "\u201cCan I suggest something small? We each do this our own way, and that's where "
        "the mistakes come from. Could I write the steps down as a short list and we try "
        "it for two weeks? I'll tell you what changed.\u201d",
        "\u201cThe misses aren't random: they come from us not having one way of doing it. "
        "Would you be OK with me drafting a one-page list of the steps and testing it on my "
        "own shifts first?\u201d",
    ),
    ("leadership", "down"): (
        "\u201cI realise I never really explained why we're doing this, and that's on me. "
        "Here's the reason: [your reason, in one sentence]. What worries you about it? I'd "
        "rather hear it now than find out later.\u201d",
        "\u201cI've noticed this isn't landing, and I'd like to hear why before I push it any "
        "further. What would make it worth doing for you? If we change it, I'll tell you "
        "what we changed and why.\u201d",
    ),
    ("leadership", "up"): (
        "\u201cCan I tell you how this is landing with the team? People don't know why it "
        "changed, so they're filling the gap with their own stories. Even five minutes "
        "from you on the reason would make a real difference.\u201d",
        "\u201cI think most people would go along with this if they understood it. Right now "
        "they don't, and it shows. Could you explain the why at the next meeting and take "
        "a couple of questions?\u201d",
    ),
    # to a peer the person cannot direct: a shared problem, a proposal, a question
    ("accountability", "across"): (
        "\u201cThis keeps falling between your side and mine, and I don't think either of "
        "us wants that. Could we agree, just the two of us, who holds it at each point, "
        "write it down and try it for two weeks? If it doesn't hold, shall we take it to "
        "our manager together?\u201d",
        "\u201cI'd rather sort this with you than go over anyone's head. Can we pick one "
        "name for it at the handover between us and see how two weeks go?\u201d",
    ),
    ("execution", "across"): (
        "\u201cWe each do this our own way and it's costing us both. Could we sit down for "
        "twenty minutes, compare how we do it, and agree one way we both use for the next "
        "couple of weeks?\u201d",
        "\u201cCan I show you what I see at the handover between us? If we wrote down what "
        "'done' means at that point, would you be up for trying it for two weeks?\u201d",
    ),
    ("leadership", "across"): (
        "\u201cI've noticed the team isn't really behind this, and I think it's because "
        "they never heard why. Would you be up for explaining the reason together at the "
        "next meeting and asking what would make it work for them?\u201d",
        "\u201cHow is this landing with your people? Mine don't see the point yet. Shall we "
        "find out together what would change their mind?\u201d",
    ),
}
# someone the person works beside, not above or below them: "she's not my report, we're
# peers", "the day sup", "the other supervisor"
_ACROSS = re.compile(
    r"\b(we\x27re|we are|she\x27s|he\x27s|they\x27re) (peers|equals|on the same level|at the same level)|"
    r"\bnot my (report|direct report|boss|manager)\b|\bmy (peer|opposite number|counterpart)\b|"
    r"\bthe other (supervisor|sup|manager|lead|team lead|shift lead|foreman|charge nurse)\b|"
    r"\bthe (day|night|morning|evening|late|early) (sup|supervisor|shift lead|lead|manager)\b",
    re.I,
)


# something to write and send, not to say: "a text for the group chat saying the list starts
# Friday", "can you write the slack post announcing it", "draft the email to the nurses"
_WRITTEN = re.compile(
    r"\b(text|txt|whatsapp|group ?chat|(short |quick )?message|msg|e-?mail|slack( post| message)?|"
    r"post|memo|notice|announcement|note (for|to|that goes|on)|note\b(?= (saying|telling)))\b",
    re.I,
)
_CHANNELS = (
    ("email", re.compile(r"\be-?mail\b", re.I)),
    ("slack", re.compile(r"\bslack\b", re.I)),
    ("note", re.compile(r"\b(note|notice|memo|sign|board|wall|pass)\b", re.I)),
)
# what the message is to say, in the person's words: "saying the list starts Friday"
# what a channel is called in the reply, where its own name says more than its kind
_CHANNEL_NAMES = (
    ("WhatsApp message", re.compile(r"\bwhatsapp\b", re.I)),
    ("group-chat message", re.compile(r"\bgroup ?chat\b", re.I)),
    ("Slack post", re.compile(r"\bslack\b", re.I)),
)
_SAYING = re.compile(
    r"\b(saying|that says|to say|telling (them|everyone|everybody|the [\w-]+)|announcing)\s+"
    r"(that\s+)?(?P<what>[^.?!]{4,140})",
    re.I,
)
_DAY = re.compile(
    r"\b(from|on|starting|this|next|by)\s+(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|tomorrow|next week)\b|\b(?P<bare>tomorrow)\b",
    re.I,
)
_AS_LIST = re.compile(r"\bbullet|\bpoints\b|\bas a list\b", re.I)
# what each sphere's message says, when the person has not said it: (what changes, why)
_DRAFT = {
    "execution": (
        "From {day}, we do [the job] one way, the same every time: the short list is up by "
        "[where it happens]. Tick it as you go, and tell me if a step doesn't work in practice.",
        "It's so nothing gets missed when it's busy, not to check up on anyone.",
    ),
    "accountability": (
        "From {day}, [the job] has one owner: [name]. Anything about it goes to them first, "
        "and if they're off, [name] covers.",
        "It's so it stops falling between us, not because anyone did anything wrong.",
    ),
    "leadership": (
        "About [the change]: I never properly explained why we're doing it, and I should have. "
        "The reason is [the reason, in one line].",
        "If something about it gets in the way of the job, tell me; we'll look at it together "
        "at [the next huddle].",
    ),
}


def _written(plan: Plan, sphere: str) -> str:
    """A short message to send (a text, an email, a Slack post, a note for the wall), in the
    form asked for, with what the person said it should say; bracketed parts to fill."""
    message = plan.message
    channel = next((name for name, p in _CHANNELS if p.search(message)), "text")
    found = _DAY.search(message)
    day = (found.group("day") or found.group("bare")) if found else "Monday"
    day = day if day.lower() in ("tomorrow", "next week") else day.capitalize()
    change, why = _DRAFT[sphere]
    change = change.format(day=day)
    said = _SAYING.search(message)
    what = said.group("what").strip(" ,;:-") if said else ""
    what = re.split(r"[,;]\s*(make|keep|short|plain|no |they|one paragraph|bullet)", what)[
        0
    ].strip()
    if said and said.group(1).lower() == "announcing" and len(what.split()) >= 2:
        # "announcing the release checklist": a thing to start using, not a sentence
        change = (
            f"From {day}, we start using {what}: [where to find it]. Use it every time, "
            "and tell me if a step doesn't work in practice."
        )
    elif len(what.split()) >= 3:  # (not "announcing it")
        what = re.sub(
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            lambda m: m.group(0).capitalize(),
            what,
            flags=re.I,
        )
        change = f"{_capital(what)}."
    lines = [change, why]
    if _AS_LIST.search(message) or channel == "note":
        body = "\n".join(f"- {line}" for line in lines)
    else:
        body = " ".join(lines)
    if channel == "email":
        text = (
            f"Subject: [the change], from {day}\n\nHi everyone,\n\n{body}\n\nThanks,\n[your name]"
        )
    elif channel == "slack":
        text = f"Heads up, team: {body}" if "\n" not in body else f"Heads up, team:\n{body}"
    elif channel == "note":
        text = f"**[The change], from {day}**\n{body}"
    else:
        text = f"Hi all, quick one. {body} Thanks!" if "\n" not in body else f"Hi all:\n{body}"
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    named = next((label for label, p in _CHANNEL_NAMES if p.search(message)), channel)
    tail = (
        "Keep it this short. If you can, say it in person as well: a message alone is easy "
        "to skim past, and a question face to face tells you how it landed.",
        "Send it when people will actually read it (before a shift, not during one), and "
        "be there the first time it applies to answer questions.",
    )[plan.state.answered % 2]
    fill = "; fill in the brackets" if "[" in text else ""
    return f"Here is a draft to send ({named}){fill}:\n\n{quoted}\n\n{tail}"


# the lines of a list asked for: "what goes on the closing checklist", "write out the
# opening checklist items", "give me the lines for a shift handover sheet"
_LIST_ASKED = re.compile(
    r"\bwhat (goes|should go|would go|should be|would be|do (i|we) put) (on|in|into)\b|"
    r"\b(checklist|check list|list|sheet|card|rota)\b[^.?]{0,30}\b(items?|lines?|points|bullet)|"
    r"\b(items?|lines?|points|things) (on|for|in) (the|a|my|our) [\w-]+( [\w-]+)? "
    r"(checklist|check list|list|sheet|card)\b|"
    r"\b(give|write|list|send)( me| us)?( out)? (the|a|my|our) ([\w-]+ ){0,2}(checklist|check list|list)\b",
    re.I,
)


# the things a list is to cover, named by the person: "we do espresso, filter, some toasties
# and cakes", "things like the grinder, the milk jugs and the till"
_ITEMS = re.compile(
    r"\b(we (do|have|use|sell|serve|run|make|stock)|things like|like|such as|including|"
    r"covering|for the)\s+(?P<items>[^.?!;]{3,140})",
    re.I,
)


def _named_items(message: str) -> list[str]:
    """Up to six things the person listed (at least two), in their words."""
    found = _ITEMS.search(message)
    if not found:
        return []
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", found.group("items"))
    items = [
        re.sub(r"^(some|the|our|a|an|all the)\s+", "", p.strip(), flags=re.I)
        for p in parts
        if 0 < len(p.split()) <= 4
    ]
    return [i for i in items if i][:6] if len(items) >= 2 else []


def _list_template(plan: Plan, sphere: str) -> str:
    """The shape of a list the person asked for, with the things they named as its lines,
    to fill with their own steps."""
    quote = _quotes(plan, sphere)
    where = f" From what you told me ({quote}), start with what went wrong." if quote else ""
    items = _named_items(plan.message)
    if items:
        lines = "".join(
            f"> {n}. {_capital(item)}: [what gets done to it, starting with a verb] ... "
            "initials, time\n"
            for n, item in enumerate(items, start=1)
        )
    else:
        lines = (
            "> 1. [The step that gets missed most, starting with a verb] ... initials, time\n"
            "> 2. [The next one] ... initials, time\n"
            "> 3. [The check someone else can see: a number, a photo, a signature] ... initials\n"
        )
    return (
        "Put on it only the steps that actually get missed, not everything anyone could do."
        f"{where} A shape that works:\n\n"
        "> **[Name of the list]** (kept [where the work happens])\n"
        f"{lines}"
        "> Signed off by [whoever closes or hands over], [time]\n\n"
        "Five to eight lines at most; if it runs longer, split it by when it happens. Write it "
        "with two of the people who use it, try it for two weeks, and cross out any line that "
        "nobody ever needs."
    )


def _script(plan: Plan, sphere: str) -> str:
    """Words the person could say, for their problem's sphere and the person they speak
    to (up to a boss, or to their own people), with what they told quoted first."""
    peers = plan.role == "team-member" and bool(_PEERS.search(plan.message))
    if (_ACROSS.search(plan.message) and plan.role != "team-member") or (
        peers and not _UPWARD.search(plan.message)
    ):
        options = SCRIPTS[(sphere, "across")]
    else:
        options = SCRIPTS[(sphere, "up" if _speaks_up(plan) else "down")]
    words = options[plan.state.answered % len(options)]
    quote = _quotes(plan, sphere)
    lead = f"About {quote}, you could say something like:" if quote else "You could say:"
    return (
        f"{lead}\n\n{words}\n\nPut it in your own words, keep it short, and end with a "
        "question so they can push back."
    )


_ABOUT_TEXT = {
    "owner": (
        "One outcome, one name. Give it to the person closest to the work who can also act "
        "on it without asking permission; if that person lacks the authority, give them the "
        "authority rather than the job to someone further away. A pair or a rota can share "
        "the doing, but one name answers for the result, and everyone should be able to say "
        "whose it is."
    ),
    "character": (
        "When several people fall short in the same way, it is rarely character. The ALE "
        "model reads a repeated pattern as a sign about the system around people: unclear "
        "ownership, a direction they don't believe in, or a way of working that depends on "
        "memory. Fix that first; if one person still falls short once it is fixed, that is a "
        "conversation with that one person."
    ),
    "scope": (
        "You can do more than it feels like from where you sit. Change what is yours to "
        "change, keep a short record of what happens, and bring the facts to whoever owns "
        "the rest, with one concrete request rather than a complaint."
    ),
    "talk": (
        "Lead with what happened and what it cost, not with who did it; say what you want "
        "to try and for how long, and ask what they would change. A short trial is easier "
        "to agree to than a new rule."
    ),
    "time": (
        "Expect a few weeks, not days: the first week shows whether people use the change, "
        "the next two or three whether the misses drop. Pick one number to watch before you "
        "start, so you can tell."
    ),
    "tool": (
        "The tool matters less than one agreed way of working. Start with what everyone "
        "already has (a printed sheet, a shared document, a whiteboard), use it for a few "
        "weeks, and buy or build something only once the way of working has settled."
    ),
}


# A question about raising the problem with someone ("how do I push back on her
# decisions", "how should I bring it to her", "how do I tell my boss")
_RAISING = re.compile(
    r"\b(push back|bring (it|this|that) (up|to)|raise (it|this|that)|tell (my|the|our|him|her|them)|"
    r"talk to (my|the|our|him|her|them)|approach (my|the|our|him|her|them)|put it to|word it|"
    r"without (getting|sounding|looking|making)|say (it )?to (my|the|our|him|her|them))\b",
    re.I,
)


# a thing to write, asked for without a verb: "and a text for the group chat saying ..."
_VERBLESS = re.compile(
    r"^\W*((ok|okay|so|right|and|also|then|plus|oh|please|pls|now)\W+)*(a|an|the|some|one) ",
    re.I,
)


# who the message is for: the person's own people ("for the girls group", "to all staff"),
# or one person or an outsider ("to the merchant rep", "to Dr Hassan", "a kind message to
# him"), whose message is no team announcement
_TO_TEAM = re.compile(
    r"\b(group ?chat|whatsapp group|(the|our|my) ([\w-]+ )?group|team|staff|everyone|everybody|"
    r"all|crew|lads|girls|guys|slack|channel|wall|board by|notice ?board|shift)\b",
    re.I,
)
_TO_ONE = re.compile(
    r"\b(to|for) (him|her|them|[a-z]+ (rep|manager|owner|boss)|the (landlord|rep|supplier|"
    r"merchant|customers?|clients?|driver|agency|council|vendor|courier|family|patient|parents?|"
    r"board|owner|boss|manager|funder|inspector)|dr\.? [\w-]+|my (boss|manager|owner|landlord|"
    r"supervisor))\b|\b(kind|thank[- ]?you|thanks|apology|sorry|condolence|get well|"
    r"congratulations?)\b( (message|note|text|email|card))?",
    re.I,
)


def _asks_for_writing(message: str) -> str | None:
    """ "list" when the person asks for the lines of a list, "message" for a message to send
    to their people (not up to a boss: those are words to say, `_script`), else None."""
    channel = re.search(
        r"\b(whatsapp|slack|e-?mail|text|group ?chat|post|message|memo)\b", message, re.I
    )
    listed = bool(_LIST_ASKED.search(message))
    if listed and not channel:
        return "list"
    if (
        _WRITTEN.search(message)
        and not _UPWARD.search(message)
        and not (_TO_ONE.search(message) and not _TO_TEAM.search(message))
        and not re.search(r"\b(kind|thank[- ]?you|apology|sorry)\b", message, re.I)
        and (
            _WORDS_ASKED.search(message)
            or _VERBLESS.match(message)
            or re.search(r"\b(draft|write|send|give|need|want)\b", message, re.I)
        )
    ):
        return "message"
    return "list" if listed else None


def _general(plan: Plan) -> str:
    sphere = plan.sphere
    if sphere is None:
        return _not_yet(plan)
    parts = []
    about = next((name for name, pattern in _ABOUT if pattern.search(plan.message)), None)
    writing = _asks_for_writing(plan.message)
    if writing is not None:
        # the thing asked for, and nothing else: the reading and a move were given before
        text = _list_template(plan, sphere) if writing == "list" else _written(plan, sphere)
        checklists = [g for g in plan.suggestions if "checklist" in g.source]
        if writing == "list" and checklists:
            text += (
                f" More on building one: **{checklists[0].title}** "
                f"(source: {checklists[0].source})."
            )
        return _closed([text], plan, {})
    if (
        (about == "talk" and _WORDS_ASKED.search(plan.message))
        or _message_asked(plan.message)
        or _WORDS.search(plan.message)
    ):
        # the words asked for come first, even when the person worries about blame
        parts.append(_script(plan, sphere))
    elif re.search(r"\bblam\w*", plan.message, re.I):
        parts.append(
            "Blame is usually a sign that ownership is unclear, not that people are bad: "
            "when nobody knows whose step it was, everyone points at someone else. Settle "
            "who owns the outcome first; then a miss has a name and a fix, not a culprit."
        )
    elif about is not None:
        parts.append(_ABOUT_TEXT[about])
    again = plan.state.answered > 1  # answered just before: no need to restate the reading
    if not again:
        reading = f"Here is how I see it, given that this is {_a(sphere)} problem (you said {_quotes(plan, sphere)})"
        if about in (None, "scope", "talk"):
            parts.append(f"{reading}: " + ROLE_VIEW.get(plan.role or "", ROLE_VIEW["manager"]))
        else:
            parts.append(f"{reading}.")
    if plan.suggestions:
        best = plan.suggestions[0]
        step = best.steps[0] if best.steps else best.text
        lead = "Another way in" if again else "A concrete way in"
        parts.append(f"{lead}, from **{best.title}**: {step} (source: {best.source})")
    return _closed(parts, plan, {})


# writers no aside is made of: who can read this, small talk, and what the reply says anyway
_NO_ASIDE: tuple[Callable[[Plan], str], ...] = (_private, _off_topic, _worn, _general, _explain)
