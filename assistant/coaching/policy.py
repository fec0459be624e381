"""The dialogue policy: from the conversation so far and a classified message, a Plan.

The policy is pure: `decide(state, text, diagnosis)` does no I/O and never changes the
state it is given; the plan carries the conversation's next state. It adds the message's
tags to the evidence, then picks one action (follow_up | recommend | which_sphere |
reflex | redirect | affirm | example | too_early). When the action needs interventions,
the plan names what to retrieve (`plan.retrieval`); the coach asks the retriever and a
responder phrases the result. The deterministic core decides; the LLM never changes it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.actions.commit import NUMBERED, ORDINALS
from assistant.coaching.industry import Industries
from assistant.coaching.intents import (
    DISCIPLINE,
    DISTRESS,
    KEEP_OR_DROP,
    LEGAL,
    MY_FAULT,
    MY_PLACE,
    PEOPLE,
    PRIVATE,
    REPORTS,
    SWITCH,
    UNANSWERED,
    US_OR_THEM,
    WONT_LISTEN,
    Intents,
    asks_sentence,
    outside_topic,
    sentences,
    set_answer,
    unquoted,
)
from assistant.coaching.plan import Plan
from assistant.coaching.state import Evidence, Problem, State
from assistant.diagnosis import Diagnosis, QuestionBank, stakes
from assistant.diagnosis.classifier import about_the_speaker
from assistant.diagnosis.cues import CueSet
from assistant.diagnosis.diagnosis import Tag
from assistant.diagnosis.text import ANNOUNCED, SPEAKS, UNSURE, informal
from assistant.model.asking import THE_CASE
from assistant.model.vocabulary import (
    LIVE_EVENTS,
    OVERLAPS,
    SPHERE_OF,
    SPHERES,
    Action,
    Role,
    overlap_for,
)
from assistant.retrieval.knowledge import cached_knowledge
from assistant.retrieval.protocols import InterventionQuery

if TYPE_CHECKING:
    from assistant.coaching.news import News
    from assistant.coaching.openers import Openers
    from assistant.coaching.speakers import Speakers
    from assistant.retrieval.knowledge import Question

CLEAR_EVIDENCE = 0.55  # accumulated evidence a sphere needs before the coach recommends it
CLEAR_MARGIN = 0.70  # ...and the runner-up must stay below this share of it
MAX_FOLLOW_UPS = 2  # questions in a row before the coach commits to its best reading
STORY_WORDS = 25  # a message with this many words of statements tells a story...
STORY_EVIDENCE = 0.2  # ...whose leading sphere needs only this much evidence...
STORY_MARGIN = 0.8  # ...and to lead the runner-up by this share
INTERVENTIONS = 3
# what a person calls the place they started ("my plumbing and heating firm")
_PLACE_NOUNS = "firm|company|business|practice|agency|shop|store|restaurant|clinic|charity|studio"
# a person saying what their place is ("we're a restaurant, not a shop", "I work at a
# clinic"): the industry it names replaces one guessed from a passing word
SAYS_WHAT_WE_ARE = re.compile(
    # (not a moment: "while I'm in the shop" says where, not what the place is)
    r"(?<!\bwhile )(?<!\bwhen )(?<!\bwhenever )(?<!\buntil )(?<!\bif )"
    r"\b((we\x27re|we are|i\x27m|i am|i work|we work|i run|we run|i own|we own|i manage|this is)"
    r" (just |actually |really )?(a|an|at|in|for|the|one of the)"
    # "i work as a pharmacy tech at a hospital", "I'm site operations manager for a music
    # festival": a job, then the place
    r"|i work as (a|an)|(i\x27m|i am|im) ([\w-]+ ){1,3}(at|for|with) (a|an|the|my|our)"
    # "I started my plumbing and heating firm 20 years ago"
    r"|(i|we) (started|founded|set up|opened|built) (my|our|a|an|the) ([\w-]+ ){0,4}"
    rf"({_PLACE_NOUNS})"
    # "I own three opticians now"
    # (not "we have two more launches this month", "we have three weeks")
    r"|(i|we) (own|run|have) (two|three|four|five|six|a few|several|a couple of|\d+))\b"
    r"(?! (more|extra|other|weeks?|days?|months?|years?|hours?|shifts?)\b)",
    re.IGNORECASE,
)
_PLACE_END = re.compile(rf"\b({_PLACE_NOUNS})$", re.I)
# the person corrects what they told, not the advice ("wait no, that's not right", "I had
# it wrong")
_PUTS_RIGHT = re.compile(
    r"\b(wait,? no|no,? wait|that\x27s not (really |quite |exactly )?(right|it|quite it|what i meant)|"
    r"(i|i\x27ve) (got|had) it wrong|i was wrong|let me (correct|rephrase)|actually,? no|not quite|"
    # "you've got it backwards", "you've got that wrong mate", "I don't think you're right"
    r"you(\x27ve| have)? got (it|that|this) (wrong|backwards|the wrong way round)|wrong end of|"
    r"(you\x27re|you are) wrong|i (don\x27t|do not) think (you\x27re|you are) right|"
    r"i (put|said|worded) (that|it) wrong)\b|^\W*(nope|nah|no|disagree|i disagree)\W*[.,!;:]",
    re.IGNORECASE,
)

# a clause that tells what came of the trouble, not the trouble itself ("So the same bugs
# come back in the release", "this just keeps happening with inspections")
_CONSEQUENCE = re.compile(
    r"^\W*(and\s+)?(so|which means|that means|this means|as a result|because of (that|this)|"
    r"(this|it|that) (just )?(keeps?|kept) happening|this happens|"
    r"(then )?(the )?same (thing|story|mistakes?|problems?) (happens|happened|repeats|again)|"
    r"(then )?(it|this|that) (all )?(happens|happened|repeats) (all over )?again)\b",
    re.IGNORECASE,
)

# "just saying hello before I dump my problems on you": a hello, the problems still to come
_PROBLEMS_TO_COME = re.compile(
    r"\b(before|then) (i|we) (dump|unload|get into|start on|tell you about|bore you with|"
    r"launch into|unpack) (all )?(my|our|the) (problems|issues|woes|troubles|headaches|mess)\b",
    re.IGNORECASE,
)
# Questions of general knowledge: off-topic even in the middle of a conversation.
_GENERAL_KNOWLEDGE = re.compile(
    r"\b(capital of|how many(?! (weeks|days|months|hours|minutes|shifts|people|staff|times|steps|"
    r"meetings|rounds|tries))|how far|how old|who (won|invented|wrote|is the)|weather|"
    r"joke|time zones?|population|translate|what year|stock price|score of|recipe (for|to make))\b",
    re.IGNORECASE,
)
# a topic named before it is told: "different problem: the truck pack", "another thing, the
# rota"
_TOPIC_LABEL = re.compile(
    r"^\W*((and|oh and|also|plus|ok|so)\W+)?((a |one )?(different|another|other|second|new|separate|"
    r"next) (problem|thing|issue|one)|(one )?more thing|also)\W*[:,.-]?\s*(the |our |my |with the )?"
    r"[\w-]+( [\w-]+){0,2}\W*$",
    re.IGNORECASE,
)
# "junior dev here, 8 months at a small studio": a title given, then "here"
_HERE = re.compile(r"^\W*((hi|hello|hey)\W+)?([\w-]+ ){0,3}[\w-]+ here\b", re.IGNORECASE)
# who is speaking, told in other words: "I founded a 12-person dev shop", "so I own a
# food truck, tacos mostly", "hey so im a junior developer at ..."
_SAYS_WHO = re.compile(
    r"^\W*((hi|hello|hey|hiya|yo|(good )?(morning|afternoon|evening)|so|ok|okay|well|right)\W+){0,3}"
    r"(i|im|i\x27m|i am|we)\b",
    re.IGNORECASE,
)
_HELLO_ONLY = re.compile(
    r"^\W*(hi|hello|hey|hiya|yo|(good )?(morning|afternoon|evening)|hi there|hey there)\W*$", re.I
)
# A clause that only says who the person is and announces problems to come ("I'm the
# assistant manager at a bookstore and we have two problems") is no problem itself.
_INTRO = re.compile(rf"^\W*((hi|hello|hey)\W+)?{SPEAKS}", re.IGNORECASE)
# a few words that stop before they say anything: "My team is", "things are just"
_TRAILS_OFF = re.compile(r"\b(is|are|was|were|feels?|seems?|just)\W*$", re.IGNORECASE)
_ANNOUNCES = re.compile(
    r"\b(we|i)( have|\x27ve got| got| have got)? (two|three|four|a few|some|several|a couple"
    r"( of)?|\d+) (big |main |major |real |separate |different )?(problems|issues|things|"
    r"headaches)\W*$",
    re.IGNORECASE,
)
REREAD_EVIDENCE = 0.25  # a message that re-reads the problem needs this much for its sphere
PROBLEM_EVIDENCE = 0.45  # a tag needs this much evidence to be a problem of its own
CLOSE_BEHIND = 0.75  # a sphere this close behind a reading looked at again is what it shows
SECOND_PROBLEM = 0.8  # ...and a further sphere in the same message this much
INTRODUCTION_EVIDENCE = 0.5  # a hello with a role read as a sphere below this says who, not what
MARKED_PROBLEM = 0.1  # ...or this much, when the person marks it as another problem
CLEAR_PROBLEM = 0.6  # a short vague remark ("it's been messy") needs this much to be one
VAGUE_WORDS = 15  # words: what counts as a short remark
BARE_OUTCOME_WORDS = 12  # words: a first clause of cost alone, asked about before it is read
VAGUE_CLAUSE_WORDS = 20  # ...and a short clause of trouble in a longer introduction
OBJECTION_WORDS = 25  # a doubt about the advice is short; a longer message tells more
STILL_TOLD_WORDS = 8  # "X is still a free-for-all though" names what; "still a mess tbh" not
NEW_WITH_QUESTION_WORDS = 20  # a new problem told in full before a question is told, not asked
SAME_PROBLEM = 0.5  # word overlap above which a clause restates a problem already told
OFF_TOPIC = (
    "I can only help with how work is going: who owns what, whether people buy in, and "
    "how the work gets done. Tell me what is going wrong at work."
)
Reference = tuple[str, str, str]  # (source, title, opening text) of a model page


def model_references(knowledge_dir: Path) -> dict[str, Reference]:
    """The model's definition pages by id (sphere-*, overlap-*, the-centre...): what an
    "explain" or "why" answer cites."""
    out: dict[str, Reference] = {}
    for doc in cached_knowledge(knowledge_dir).of_kind("definition"):
        lines = [ln for ln in doc.body.splitlines() if not ln.startswith("#")]
        paragraphs = [p.strip() for p in "\n".join(lines).split("\n\n") if p.strip()]
        text = paragraphs[0] if paragraphs else ""
        out[doc.id] = (doc.source, doc.title, " ".join(text.split()))
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']{3,}", text.lower()))


# the person's own view of which problem causes which ("I think if we fix the estimates,
# the bugs also get better", "my feeling is the notes are the root")
_THEORY = re.compile(
    r"^\W*((so|but|and|honestly|ok|okay)\W+)?((i think|i feel|my (feeling|guess|gut|theory|hunch)"
    r"( is)?|i suspect|i reckon|i\x27d (say|have said|have guessed|guess)|i believe|i guess|maybe|"
    r"probably|i wonder if)\b[^.?!]{0,120}\b(root|comes? from|because of|causes?|causing|"
    r"if we fix|fix(es)? the other|feeds?|leads? to|stems? from|behind|the other way round|"
    r"(gets?|get) better)\b|my (instinct|gut|hunch|theory|feeling) (says|tells me|is)\b"
    r"|i(\x27d)? (lean|am leaning|\x27m leaning) (towards?|to)\b)"
    # views on who should take it, beside "who should own it?" ("my director thinks the
    # tech lead should own the release notes, and I kind of think it should be me")
    # what someone makes of the problem in the model's words: "he's convinced it's a
    # leadership problem", "my boss says it's a people issue"
    r"|\b(thinks?|convinced|says|said|reckons?|believes?|sure|insists?)\b[^.?!]{0,20}\b(it\x27s|its|"
    r"it is|this is|that\x27s)( all| just| really)? (a|an) (leadership|accountability|execution|"
    r"process|buy-?in|roles?|people|training|culture|motivation|attitude) (problem|issue|thing)\b"
    r"|\b(thinks?|reckons?|suggests?|suggested|wants?)\b[^.?!]{0,40}\bshould (own|run|take|"
    r"handle|lead|be in charge of|be responsible for|be me|be him|be her)\b",
    re.IGNORECASE,
)


# beside a question, the person's worry about raising it ("I don't want chef to think I go
# against him", "I'm pretty new and I don't want to seem like I'm telling everyone how to
# do their job"): how to ask, not a symptom
_OWN_WORRY = re.compile(
    r"^\W*((so|but|and|also|honestly|plus)\W+)?(i (don\x27t|do not|wouldn\x27t|would not) want|"
    r"i\x27d hate|i(\x27m| am) (pretty |quite |very |still |really )?(new|junior)\b|"
    r"i(\x27m| am) (worried|afraid|scared|nervous|anxious)|i(\x27m| am) (only|just) (a|an|the|one)\b"
    # "should I just do the watering myself? it's not really my job"
    r"|(it\x27s|it is|that\x27s|that is) not (really |technically |strictly )?my (job|place|call)\b"
    # "how would I start on that? I've never done the whole who-owns-what thing"
    r"|i(\x27ve| have) never (done|run|led|managed|tried|had to|set up|been)\b"
    r"|i (don\x27t|do not|dont) (really )?know (how|where) to (start|begin|do)\b)",
    re.IGNORECASE,
)


def _statements(text: str, min_words: int = 0) -> str:
    """The text without its questions (sentences that end with '?') and without
    statements shorter than `min_words`."""
    return " ".join(
        s
        for s in sentences(text)
        if not asks_sentence(unquoted(informal(s))) and len(s.split()) >= min_words
    )


LEANING_KINDS = ("first_steps", "opinion", "general", "measure")  # answered from the lead
OPENER_VAGUE = 0.6  # the opener model's reading from which a first message hints at trouble
OPENER_VAGUE_EVENT = 0.45  # the same for one dated event told without a hello
OPENER_TURNS = 2  # the opener model reads the first messages only


class Policy:
    """Decides each turn from the classifier's reading and the conversation so far."""

    def __init__(
        self,
        intents: Intents,
        questions: QuestionBank,
        cues: CueSet,
        industries: Industries,
        references: dict[str, Reference],
        openers: Openers | None = None,
        speakers: Speakers | None = None,
        news: News | None = None,
    ) -> None:
        self.intents = intents
        self.openers = openers
        self.speakers = speakers
        self.news = news
        self.questions = questions
        self.cues = cues
        self.industries = industries
        self.references = references

    def decide(
        self,
        state: State,
        text: str,
        diagnosis: Diagnosis,
        declared_role: str | None = None,
        good_news: bool = False,
    ) -> Plan:
        """The plan for `text` (already guarded and classified). `declared_role`: who is
        asking, as picked outside the message (the web app's selector); a role said in the
        message itself wins. `good_news`: the message is known to report progress (a
        check-in answered "done"), whatever its words."""
        state = state.copy()
        state.turn += 1
        before = state.recommended
        told_role, told_industry = state.role, state.industry
        told_strength = state.industry_strength
        role = self.intents.role(text)
        if role is not None and state.role is not None and self.intents.asks(text):
            role = None  # "who would own discharge, realistically?": asked, not who is asking
        if (
            role is None
            and state.role is None
            and self.speakers is not None
            and not self.intents.asks(text)  # "who should own it honestly": no owner speaking
        ):
            role = self.speakers.role(text, diagnosis.clauses)  # "I signed the lease here"
        if (
            role == Role.TEAM_MEMBER
            and state.role in (Role.OWNER, Role.MANAGER)
            and not self.intents.steps_down(text, state.role)
        ):
            role = None  # "on weekdays I cook" from the owner: still the owner
        if role == Role.MANAGER and state.role == Role.OWNER and not self.intents.steps_down(text):
            role = None  # "I manage the kitchen myself" from the owner: still the owner
        if (
            role in (Role.OWNER, Role.MANAGER)
            and state.role == Role.TEAM_MEMBER
            and not _FIRST_PERSON.search(text)
        ):
            role = None  # "new owner. changes stuff every week" from a clerk: someone else
        if role is None and declared_role and declared_role != state.role:
            role = declared_role
        if role:
            state.role = role
        # a later message that reveals an industry more plainly than the one that set it
        # wins ("messy on the shop floor" first, "a machinist at a metal fabrication plant"
        # next is manufacturing, not retail)
        said = SAYS_WHAT_WE_ARE.search(text)  # "actually we're a restaurant", "I own a ..."
        # what the person says their place is outweighs a passing word elsewhere ("I own
        # a small cabinet shop ... every builder measures his own way")
        own = re.split(r"[.;!?]", text[said.start() :], maxsplit=1)[0][:100] if said else ""
        # (a head count after it is who works there, not the place: "I own a plumbing and
        # heating firm, 14 engineers")
        own = re.split(
            r",\s+(?=\d|(about|around|roughly|over|nearly|some|almost) \d|a team of\b|team of\b)",
            own,
            maxsplit=1,
        )[0]
        if said and _PLACE_END.search(said.group(0)):
            own = said.group(0)  # "I started my plumbing and heating firm": the place, named
        # "I run the warehouse team for an online homeware shop": the place is what follows
        verb = said.end() - said.start() if said else 0
        # ("I run the warehouse at a lighting rental": the place is where they run it)
        # (in the clause that says it: "i own a taco truck with my brother, weekends mostly,
        # we park at the brewery lots" is a taco truck)
        if said and (
            # (not whom they run it for: "I manage a 24-hour diner off the highway for the
            # owners" is a diner, "a residential build for a developer" a build)
            place := re.search(
                r"\b(for|at) (a|an|the|my|our)\b(?! (owners?|boss|bosses|family|founders?|"
                r"partners?|directors?|group|developers?|clients?|customers?)\b)",
                own[verb:].split(",")[0],
            )
        ):
            own = own[verb + place.start() :]
        industry, strength = self.industries.detect_with_strength(text, own)
        # "also im not in healthcare lol, its an accountancy practice", "its plumbing not
        # software!!": the line of work read before is taken back, and not read again
        not_ours = self.industries.denied(text)
        if state.industry in not_ours:
            state.industry, state.industry_strength = None, 0
        if industry in not_ours:
            industry, strength = None, 0
        # (a job said of oneself once the place is known, "I'm an engineer not a talker",
        # names no place)
        job_only = bool(
            said
            and state.industry
            and re.match(
                r"(i\x27m|i am|im) (just |actually |really )?(a|an|the|one of the)\b",
                said.group(0),
                re.I,
            )
            # ("for a year" is a time, not a place)
            and not re.search(
                rf"\b(at|in|with|{_PLACE_NOUNS})\b|\bfor\b(?! (a|an|one|two|three|\d+|the (last|past)"
                r"( \w+)?) (years?|months?|weeks?|days?|while)\b)",
                own,
                re.I,
            )
        )
        says_so = bool(own) and industry in self.industries.detect_all(own) and not job_only
        if industry and (state.industry is None or strength > state.industry_strength or says_so):
            state.industry, state.industry_strength = industry, max(strength, 2 * says_so)
        if self._only_introduces(text, diagnosis, state, bool(role or industry)):
            # "Hi! The four developers at our app studio report to me. The founders do the
            # sales and I keep the build side running": who they are, no trouble told yet
            diagnosis = replace(diagnosis, sphere=None, tags=(), follow_up=None, parts=())
        if diagnosis.notice:  # e.g. not English: say so, and keep the conversation as it is
            # (who they are and where they work, read from words in another language, are
            # not taken: "Olá, sou enfermeira num hospital" is asked again in English)
            state.role, state.industry = told_role, told_industry
            state.industry_strength = told_strength
            return self._finish(
                Plan(Action.NOTICE, text, diagnosis, state, turn=state.turn, role=state.role),
                notice=diagnosis.notice,
            )
        # the question answered in the last two turns, if one was: only then may a message
        # say it was not answered
        last_question = state.last_question if state.turn - state.last_question_at <= 2 else None
        if (
            UNANSWERED.search(text)
            and last_question
            and len(text.split()) <= UNANSWERED_WORDS
            and last_question not in text
        ):
            # "you didnt answer me": the question asked last is answered again, plainly
            text = f"{last_question} {text}"
        unsaid = _UNSAID.search(text)
        if unsaid is not None and "?" not in text[unsaid.end() :]:
            # "... and you didnt say who should own it once shes gone": the question is in
            # the complaint, and is asked
            text = f"{text.rstrip()} {unsaid.group('asked').strip()}?"
        # ("you just told me the same thing again": the move said twice is left out too)
        repeated = bool(_REPEATED.search(text))
        if (
            state.recommended
            and state.shown_last
            and state.industry != LIVE_EVENTS
            and (
                (len(text.split()) <= MISFIT_WORDS and (repeated or _MISFIT.search(text)))
                # "i cant do role cards or cross training im literally on the phones 8 hours.
                # is there anything i can do on my own calls": moves named and ruled out
                or (len(text.split()) <= RULED_OUT_WORDS and _ruled_out(text, state.shown_last))
            )
        ):
            # "pack down?? its a hotel not a festival lol": the move shown does not fit the
            # work; it is left out from here on, and a first step of another one is given
            return self._finish(replace(self._misfit(text, diagnosis, state), repeated=repeated))
        asked = self.intents.question(text)
        if asked in ("opinion", "general") and state.recommended and _PLACE.search(text.lower()):
            asked = "first_steps"  # "what about the third one, how would that work"
        if PRIVATE.search(text):
            asked = "general"  # "hi, is this confidential?": answered before anything else
        if "?" in text and any(p.search(text) for p in _ANSWERED_BEFORE_ANY_PROBLEM):
            # "Should I report myself?", "is that above my pay grade?", "Is it fair to take
            # her off the rota for it?": answered, even before a problem is told
            asked = asked or "general"
        if SWITCH.search(text) and "?" in text:
            asked = asked or "opinion"  # "should I open an account with a second distributor?"
        if LEGAL.search(text) and "?" in text:
            asked = asked or "general"  # "is it even legal to…?": answered, even before advice
        if (
            asked is None
            and state.recommended
            and _WE_NEED.search(text)
            and (found := self.intents.move(text)) is not None
            and found[0] == PEOPLE
        ):
            # "honestly I think I just need another 2 engineers and a storeman": a fix put
            # forward, to give a view on (more people is a smell, not a fix)
            asked = "opinion"
        if asked is None and state.recommended and _GO_ON.match(text):
            asked = "first_steps"  # "ok and", "go on": the person wants more on the problem
        which = self.intents.asks_which_sphere(text)
        if THE_CASE.search(text) and "?" in text:
            # "what do i do about the family first tho?": the one case in front of them,
            # not which problem comes first
            which, asked = False, "general"
        if asked is None and not which and "?" in text and KEEP_OR_DROP.search(text):
            asked = "general"  # "can I stop checking them each morning now?": asked
        if asked is None and not which and "?" in text and _ASKS_ONE_OFF.search(text):
            asked = "general"  # "should I worry, or is it just the agency people?": asked
        if (
            state.recommended
            and not which
            and HOW_IT_WENT not in state.asked
            and _VAGUE_RESULT.search(text)
            and (
                self._step_done(text) or self.intents.reports_trying(text) or len(text.split()) <= 6
            )
            and not diagnosis.cued
            and not self.intents.brings_good_news(text)
            and self.intents.news_outcome(text) == "worked"
            and (question := self.questions.get(HOW_IT_WENT)) is not None
        ):
            # "so we tried the review checklist. it's... meh? sort of?": what got better and
            # what still slips is asked before anything else is suggested
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
            return self._finish(_ask(question, text, diagnosis, state))
        if not which and not state.problems and diagnosis.tags and not _REPEATS.search(text):
            # "It's the first time this has happened", "the routine has worked for years":
            # said of an incident, never a symptom
            plain = [s for s in sentences(text) if not (_FIRST_TIME.search(s) or _HOLDS.search(s))]
            if len(plain) < len(sentences(text)):
                diagnosis = _only_statements(diagnosis, " ".join(plain), partly=True)
        if not asked and not which and not state.problems and _lone_incident(text, diagnosis):
            # "We sent a ward the wrong strength of morphine on Tuesday": one bad event, no
            # pattern and nothing said of what lies behind it; whether it was a one-off
            # comes first (the question asks it)
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), trouble=True)
        elif not asked and not which and not state.problems and _mishap_only(text, diagnosis):
            diagnosis = replace(diagnosis, trouble=True)
        # read once: whether the message marks a new problem, or says what follows outweighs
        # what was said before
        marks_new = self.intents.marks_new_problem(text)
        reframes = self.intents.reframes(text)
        said_once = _said_one_off(text)
        incident_open = (
            not which
            and not state.problems
            and (ONE_OFF_QUESTION in state.asked or bool(state.one_off))
            # ("But what scared me was getting people out ... the stage manager thought
            # security does it, security thought production does": a problem told, whose
            # mechanism a cue names, is read as one, whatever the incident was)
            # (unless the message says plainly it was a one-off: "I followed the refund rules
            # exactly, the receipt was a fake")
            and (not diagnosis.cued or said_once is not None)
            and not (marks_new or reframes)
        )
        if (
            state.problems
            and not which
            and not diagnosis.cued
            and not (marks_new or reframes)
            and _RETRACTS.search(text)
            and (gone := _retract(text, state)) is not None
        ):
            # "It was a one-off, take the chiller one off the list": one bad event is no
            # problem of how the team works; its entry and evidence go
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
            state.pending, state.follow_ups_in_row = None, 0
            return self._finish(Plan.on(Action.AFFIRM, text, diagnosis, state, retracted=gone))
        if incident_open and not state.one_off and not asked and _SIDEWAYS.search(text):
            # "no idea tbh, i wasnt there": the incident is still what to find out about
            question = self.questions.get(FIND_OUT)
            if question is not None and FIND_OUT not in state.asked:
                diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
                return self._finish(_ask(question, text, diagnosis, state))
        if incident_open:
            once = said_once or next(
                (
                    s.strip()
                    for s in sentences(text)
                    if self.cues.from_outside(s) and not asks_sentence(s)
                ),
                None,
            )
            if once or (
                state.one_off
                and (
                    ("?" in text and _ASKS_ONE_OFF.search(text))
                    or any(asks_sentence(s) for s in sentences(text))
                )
            ):
                # "first time in two years, an agency tech on his one shift who skipped it":
                # one slip in a routine that holds, or bad luck, is nothing to fix in how
                # the team works: nothing is filed; a question about it is answered
                if once and (_HOLDS.search(once) or not state.one_off):
                    state.one_off = once  # what shows it best, the latest first
                diagnosis = replace(
                    diagnosis, sphere=None, tags=(), parts=(), trouble=False, follow_up=None
                )
                return self._finish(self._one_off(text, diagnosis, state, bool(once)))
        if (
            not asked
            and not which
            and state.recommended
            and not diagnosis.tags
            and (
                _STILL_ON.match(text)
                # "And it's bad today. A deploy went out without the migration step, again",
                # "The hotfix path is still a free-for-all though"
                or (
                    state.pending is None
                    and (
                        self._told_again(text)
                        # ("nah not really, its still a mess tbh" names nothing: a question
                        # comes back)
                        or (
                            _STILL_TROUBLE.search(text) is not None
                            and len(text.split()) >= STILL_TOLD_WORDS
                            and not self.intents.brings_good_news(text)
                        )
                    )
                )
            )
        ):
            # "still happening tho": more of the problem in hand, in no words of its own
            diagnosis = _more_of(diagnosis, state.recommended, text)
        if which and not state.problems and diagnosis.tags and "?" not in text:
            # "Two things going on and I don't know which is worse. ...": the problems told
            # for the first time; the diagnosis says which comes first
            which = False
        if asked and asked != "explain" and not state.problems and _SMALL_TALK.search(text):
            # "Hello! how does this work? do I just type what's wrong?": a hello (not "a
            # friend told me about your model. What are the three spheres again?")
            asked = None
        if (
            asked in (None, "general", "opinion")
            and not which
            and state.recommended
            and not marks_new
            and self.intents.doubts_reading(text)
            and not self._puts_right(text, diagnosis, state.recommended)
            # ("nope, you've got the wrong end of it. everyone knows sanding owns the prep
            # ... they stopped caring after the plant manager tore into them": a long
            # message that shows another sphere puts the reading right, however thinly)
            and not (
                len(text.split()) > OBJECTION_WORDS
                and any(t.sphere != state.recommended for t in diagnosis.tags)
            )
        ):
            # "Honestly I don't think it's a process issue. Two of them are just careless":
            # the reading challenged; answered with its reasoning and a way to test it
            asked = "doubt"
        if (
            asked in ("first_steps", "general", "opinion")
            and not which
            and state.recommended
            and self._puts_right(text, diagnosis, state.recommended)
        ):
            # "no, that's not it. Everyone knows the on-call engineer triages ... The problem
            # is how reports get to them ... What would you do?": the reading put right, and
            # the new reading's moves answer the question
            asked = None
        # "Another thing: trade-in phones get logged differently by everyone ... Should I flag
        # that to the area manager myself?": a new problem told in full, with a question
        # after it, is the problem first
        told_new = (
            not which
            and state.recommended is not None
            and marks_new
            and len(_statements(text).split()) >= NEW_WITH_QUESTION_WORDS
            and any(
                tag.sphere in diagnosis.cued
                and tag.score >= CLEAR_EVIDENCE
                # (of a sphere already open only when the message opens by saying it is
                # another problem: "Another thing: deliveries get put away ...")
                and (tag.sphere not in _open_spheres(state) or bool(_OPENS_ANOTHER.match(text)))
                for tag in _only_statements(diagnosis, _statements(text), partly=True).tags
            )
        )
        if asked in ("first_steps", "general", "opinion", "why") and told_new:
            asked = None
        if told_new and not asked:
            # (the question told with it is no evidence)
            diagnosis = _only_statements(diagnosis, _statements(text), partly=True)
        if (
            not asked
            and not which
            and state.recommended
            and not marks_new
            and (
                # "wait no, that's not right. ... everyone logs the sacks differently": a
                # reading put right with a problem of another sphere, not a doubt about advice
                (
                    self.intents.disagrees(text)
                    and not self._puts_right(text, diagnosis, state.recommended)
                )
                or (
                    len(text.split()) <= OBJECTION_WORDS
                    and not reframes
                    # "update: used the list for 3 weddings ... setup still runs long tho":
                    # news of the plan, not a doubt about it
                    and not _UPDATE.match(text)
                    # "we went with a one-page sheet instead. Perfect for five shows ...": a
                    # step of their own and how it went, not an objection
                    and not self.intents.reports_a_step(text)
                    and not self.intents.brings_good_news(text)
                    # "still happening tho": the problem goes on, no doubt about the fix
                    and not _STILL_ON.match(text)
                    # ("The hotfix path is still a free-for-all though", "Nights are still bad
                    # though": trouble that goes on, not a view on the fix)
                    and not _STILL_TROUBLE.search(text)
                    and self.intents.objects(text)
                )
            )
        ):
            asked = "opinion"  # "checklists feel wrong for us though": a view on the fix
        if (
            not asked
            and not which
            and state.recommended
            and len(text.split()) <= OBJECTION_WORDS
            and WONT_LISTEN.search(text)
        ):
            # "the owner wont listen to me anyway, he says ive been doing this 10 years": how
            # to be heard is the question, though no question mark says so
            asked = "general"
        if (
            not asked
            and not which
            and not told_new
            and state.evidence
            and self._asks_about_work(text)
        ):
            asked = "general"  # any other question about the problem: answered too
        if (
            not asked
            and not which
            and not told_new
            and state.evidence
            and self._ends_asking(text)
            and not _only_statements(diagnosis, _statements(text)).tags
        ):
            # "My foremen have decades of experience. Won't a checklist insult them?": what
            # comes before the question tells no problem, so the question is what to answer
            asked = "general"
        if asked == "opinion" and (about := self._about(text, state)):
            # "what about the mispicks tho, anything quick for those", "what about the
            # bouncing tickets": not a move to judge but a question about a problem told
            found = self.intents.move(text)
            told = {w.rstrip("s") for w in _told_words(state, about)}
            if found is None or {w.rstrip("s") for w in _content(found[1])} <= told:
                asked = "first_steps"
        first = next(iter(sentences(text)), "")
        if (
            state.turn > 1
            and first != text.strip()
            and len(first.split()) <= OBJECTION_WORDS
            and self.intents.disagrees(first)
        ):
            # "I don't buy that. They're volunteers...": the opening objection is said to
            # the coach, not about the team; what follows is the reason for it, and tells a
            # problem only where a cue names its mechanism
            rest = text[text.find(first) + len(first) :]
            diagnosis = _only_statements(diagnosis, rest, partly=True)
            diagnosis = replace(
                diagnosis,
                tags=tuple(
                    t
                    for t in diagnosis.tags
                    if any(c.regex.search(rest) for c in self.cues.symptoms.get(t.sphere, ()))
                ),
            )
        if state.suggested and _ABOUT_THE_MOVES.search(text):
            # "Wrong one, I picked the you-said-we-did one, not the memo one": talk about
            # the moves shown, not about the work
            kept = " ".join(s for s in sentences(text) if not _ABOUT_THE_MOVES.search(s))
            diagnosis = _only_statements(diagnosis, kept, partly=True)
        if asked or which:
            # a question is answered, never stored: only real statements around it count
            # (not "why execution? my lead says it's leadership", not "I'm not in charge")
            # (before any problem is told, "why does it keep happening?" or "should I just
            # hire a PM?" asks about the story around it, not about a reading: it is told)
            statements = (
                ""
                if asked in ("why", "explain", "opinion", "doubt") and state.problems
                else _statements(text, min_words=8)
            )
            # ("I do the schedule and the reviews here, so this is on me. Which first?": who
            # is asking, not a symptom; "my feeling is the notes are the root": a view of
            # how the problems hang together, not a symptom)
            statements = " ".join(
                s
                for s in sentences(statements)
                if self.intents.role(s) is None
                and not _THEORY.search(s)
                and not _OWN_WORRY.search(s)
            )
            # (before any problem is told, a story with a question tacked on keeps what it
            # tells; later, what sits beside a question is its context, not a new symptom)
            diagnosis = _only_statements(diagnosis, statements, partly=not state.problems)
            if asked and state.recommended:
                # beside a question asked after advice, an aside that only leans to a
                # sphere ("my supervisor is nice but she's kind of overwhelmed") is no
                # symptom told: only one whose mechanism a cue names is
                # and what tells more of a problem already open ("He laughed and said he's
                # been doing it by feel for thirty years ... What if the others just ignore
                # the card?") is the question's context, not a new symptom
                open_spheres = _open_spheres(state)
                diagnosis = replace(
                    diagnosis,
                    tags=tuple(
                        t
                        for t in diagnosis.tags
                        if t.sphere in diagnosis.cued and t.sphere not in open_spheres
                    ),
                )
        tried = self.intents.reports_trying(text)
        if tried:
            state.tried.append(text[:300])
        # read once: whether the person takes back or looks again at what they told
        corrects = self.intents.corrects(text)
        looks_again = _ACTUALLY.match(text) is not None and not (
            # "actually it's more than that. the prep itself is a mess too": more told,
            # nothing taken back
            _MORE_THAN_THAT.match(text) and _TOO_ALSO.search(text)
        )
        open_now = _open_spheres(state)
        # of two or more problems open, the one a second look names by its words ("Thinking
        # about it more, the review thing isn't about a missing standard")
        looked_at = (
            _cause_of(next(iter(sentences(text)), ""), _open_problems_of(state), state)
            if looks_again and not marks_new and len(open_now) >= 2
            else None
        )
        # the problem a second look is about: the only one open, else the one it names
        looked_again_at = next(iter(open_now)) if len(open_now) == 1 else looked_at
        rereads = (
            self.intents.rereads(text)
            or (
                # "We made the dev lead own each release and the finger pointing is gone. But the
                # bugs still get out ... no test checklist": the step did what it was for and
                # the problem it was for is still there, so the reading was wrong
                state.recommended is not None
                and (still := _STILL_THERE.search(text) or _PROBLEM_IS.search(text)) is not None
                # (with what lies behind it told: "Still missing fittings, about the same as
                # before" is news that the step failed)
                and len(text[still.end() :].split()) >= RETOLD_WORDS
                and self._step_done(text[: still.start()])
                and not marks_new
            )
            # "actually the process is ok, we have a tracker and they're fine. nobody owns
            # the deadlines": a message that opens by looking again and says a sphere read
            # before is sound (not news of a fix)
            or (
                looks_again and any(p.sphere in diagnosis.healthy for p in _open_problems_of(state))
            )
            or (
                looks_again
                and not marks_new
                and (
                    self._says_reading_was_sound(text)
                    # "Thinking about it, the lads would do it if someone owned it. The real
                    # issue is nobody owns the scaffold inspections": a look again that shows
                    # another sphere than the one open puts the reading right (the development
                    # conversations keep the count 734 times of 749 after such an opening; the
                    # rest mostly call the first one the lesser)
                    or (
                        # ("Actually, that's the minor part. The real mess is the kitchen": the
                        # first one stays, a bigger one is told)
                        not _SMALLER.search(text)
                        and not _LESSER_BEFORE.search(text)
                        and looked_again_at is not None
                        and _shows_other(diagnosis, looked_again_at, cued=True)
                    )
                )
            )
        )
        reopened = [p for p in state.problems if p.status != "open"]
        if (
            state.recommended
            and not which
            and not good_news
            and self.intents.denies_progress(text)
            and (reopened or not diagnosis.tags)
        ):
            # "thats not good news, nothing is fixed", "i didnt do anything yet lol": what
            # was taken as settled is open again, and the reply says so (with nothing
            # taken as settled, that nothing is)
            for problem in reopened:
                problem.status = "open"
            state.pending, state.follow_ups_in_row = None, 0
            plan = Plan.on(
                Action.AFFIRM,
                text,
                diagnosis,
                state,
                settled=reopened[-1].sphere if reopened else state.recommended,
                news="undone" if reopened else "not_yet",
            )
            return self._finish(plan, tried=tried)
        news = good_news or (
            # "I misread it: they like the ideas; what wears them down is...": a reading
            # put right, not news
            self.intents.brings_good_news(text)
            and not reframes
            # "ok separate thing, my PRs sit for like 3-4 days with no review": another
            # problem, said so first, not news
            and not _OPENS_ANOTHER.match(text)
            # "wait, I need to correct that: we do have a form, it worked great while Dave
            # was here; he retired and nobody took over": a reading put right, not news
            and not corrects
            # "the template exists and it's fine, it worked for a year; what changed is...":
            # the earlier reading denied and another problem told, not news
            # (not a step that made the sphere sound: "So I got the partners to explain the
            # why ... Reception asked questions for an hour")
            and not (
                before in diagnosis.healthy
                and _shows_other(diagnosis, before)
                and not (
                    self.intents.tells_a_step(text) and not _TURNS.search(text) and not marks_new
                )
            )
            # "I put names on the rota. Turns out that was never really the issue. ... the
            # steps were only in Marge's head": the reading looked at again, not news
            and not (rereads and before is not None and _shows_other(diagnosis, before, cued=True))
            # ("Another example from this week, same thing: ... zero checks": the trouble told
            # again, not news)
            and not _MORE_OF_SAME.match(text)
        )
        if (
            not news
            and state.recommended
            and not asked
            and not which
            and "?" not in text
            # "great, thanks thats useful": thanks for the advice, not progress
            and not (_THANKS.match(text) and len(text.split()) <= THANKS_WORDS)
            and self.news is not None
            # "Oh, one more thing. Cleaning the hood was always my mom's job ...": another
            # problem marked as one, not news
            and not marks_new
            # "we made Sam the owner. It still happened. I asked him: there's no list ...":
            # the reading put right with another sphere's mechanism, not news
            and not (rereads and _shows_other(diagnosis, state.recommended, cued=True))
            and not _STILL_ON.match(text)
            and not _MORE_OF_SAME.match(text)
            # ("Two more blank days this week", "and again this week, Lou did the batch from
            # memory", "it's bad today": the trouble again, told in words of something done)
            and not self._told_again(text)
            # ("the owner wont listen to me anyway, he says ive been doing this 10 years": a
            # door closed, not progress)
            and not WONT_LISTEN.search(text)
            # ("Today one of those unowned tickets turned out to be a security bug. It sat in
            # triage for 11 days with nobody's name on it": a symptom a cue names, with no
            # step and no result told)
            and not (
                any(
                    t.sphere in diagnosis.cued and t.score >= CLEAR_EVIDENCE for t in diagnosis.tags
                )
                and not self.intents.reports_a_step(text)
                and not self.intents.tells_a_step(text)
                and not self.intents.brings_good_news(text)
                # ("It was good for about a week, then went back to how it was": news of a
                # step that faded)
                and not self.intents.fades(text)
            )
            # ("nothing happens lol" after the coach asked what happens next: an answer,
            # where no step is told)
            and (state.pending is None or self._step_done(text))
            # (something done or some result told: "i just ring round when i remember" is
            # how it is done today, "any other ideas" a request, "ive cried at work twice
            # this week" how the person is)
            # (thanks with a plan is acknowledged below: "Thank you so much ... I'll bring
            # it to the team on Thursday")
            and (bool(_SOMETHING_DONE.search(text)) or bool(_THANKS.match(text)))
            and not DISTRESS.search(text)
            and not self._loss_alone(text)
            and (
                self.news.reports(text)
                # ("we put a checklist by the order book", "we made a little gift aid card by
                # the till ... every form this month was valid": a step told as done, read
                # less strictly)
                or (
                    self.intents.tells_a_step(text)
                    and self.news.score(text) >= LIKELY_NEWS
                    # ("our manager put names on the chart like you said, still happening
                    # though": a step that failed, not progress)
                    and self.intents.news_outcome(text) != "failed"
                )
            )
        ):
            # "we taped a one-page dough sheet above the mixer; three Fridays now, no
            # slack dough": progress in words the lists do not hold, read by the news model
            news = True
        if (
            not news
            and state.recommended
            and not asked
            and not which
            and (_UPDATE.match(text) or self._step_on_the_plan(text, diagnosis, state))
            and not marks_new
            # ("More on it: I asked again this week. The weekend supervisor said it's not her
            # job ...": the trouble told again, with what the person asked, not a step taken)
            and not _MORE_OF_SAME.match(text)
            # "Update after talking to people: they all know it is theirs ...": a reading
            # put right, not news
            and not corrects
            and not rereads
            # "Update. Chef gave receiving to Marco ... The problem is there is no routine":
            # what follows outweighs the step, a reading put right
            and not reframes
        ):
            # "Update: all three clinics use the same check-in sheet now, recalls not sorted
            # yet": said as news of the plan, whatever words follow; and a step taken with
            # what came of it ("we made a receiving checklist ... a month now")
            news = True
        if (
            news
            and not good_news
            # ("Thank you so much ... I'll bring it to the team on Thursday": thanks and a
            # plan, acknowledged below)
            and not _THANKS.match(text)
            and self.intents.cannot_be_news(text)
        ):
            # "me, by next friday. im gonna write down the bad labels", "we'll know it
            # worked if ...", "you keep giving me the same step": nothing done yet
            news = False
        if (
            asked in MOVE_KINDS
            and state.recommended
            and _open_problems(state) >= 2
            and (nxt := _NEXT_ONE.search(text)) is not None
            and self._step_done(text[: nxt.start()])
        ):
            # "ok we did the fridge. checks at open, 3pm and close ... now what?": the one
            # done is sorted, and the question is about the rest
            done = _news_problem(text, state)
            if done is None or done.status == "open":
                _settle(state, done.sphere if done else state.recommended, factor=1.0, only=done)
        if news and state.recommended and "?" not in text and asked in ("general", None):
            asked, which = None, False  # "did that with him, scrap is way down": news
        thanks_only = False
        if state.recommended and not asked and not which and news:
            # "small win: nothing has slipped since": news, not a new symptom, about the
            # problem it names ("one named owner next to every service": the roles one)
            # (of problems told, the one the news names in its own words: "my PRs get
            # reviewed same day now. the CTO drop-everything thing is still happening tho" is
            # about the reviews)
            target = _news_problem(text, state)
            target = target if target is not None and target.status == "open" else None
            news_of = (
                (target.sphere if target else None) or self._about(text, state) or state.recommended
            )
            outcome = self.intents.news_outcome(text)
            if (
                outcome == "worked"
                and _open_problems(state) < 2
                and self.intents.still_falls_short(text)
            ):
                # ("ICU went from stockouts most days to 1 in 3 weeks. ED still runs dry"):
                # the one problem in hand, better in part, stays open
                outcome = "part"
            if outcome in ("failed", "faded") and not any(
                p.sphere == news_of and p.status == "open" for p in state.problems
            ):
                # "no it didn't work, that's my point, it died": a problem marked addressed
                # that the person says failed is open again
                marked = [p for p in state.problems if p.sphere == news_of]
                if marked:
                    marked[-1].status = "open"
            # "Thank you so much. This is really helpful, I'll bring it to the board
            # Thursday": thanks and a plan, acknowledged; nothing is settled until a result
            # is told
            # (a result told, good or bad, besides any step)
            told_result = self.intents.brings_good_news(text) or self.intents.reports_a_step(text)
            thanks_only = bool(_THANKS.match(text)) and not told_result
            if (
                outcome == "worked"
                and not thanks_only
                and not good_news
                and not told_result
                and (bool(_DONE_ONE.search(text)) or self.intents.tells_a_step(text))
            ):
                # "we put a checklist by the order book": a step taken, nothing yet said of
                # what came of it: a start, and the problem stays open until it holds
                outcome = "started"
            if outcome == "worked" and not good_news and _MORE_HANDS.search(text):
                # "we got more staff so things are better now": more people can cover a
                # problem without fixing it; it stays open until a short day shows
                outcome = "hands"
            if outcome == "worked" and not thanks_only:
                # (else, of two open problems of one sphere, the one the good news names: "we
                # made Maria the owner of lab cases ... the restocking is still a mess tho"
                # settles the lab cases, not the restocking)
                only = target or _news_problem(text, state, news_of)
                _settle(state, news_of, factor=1.0, only=only)
            # "the complaints stopped. But now nobody follows up with patients who drop out:
            # each therapist assumes reception calls them ...": news of the plan, and another
            # problem told whole, whose mechanism a cue names: that problem is read below
            news = not _tells_another(text, diagnosis, news_of)
            turned = _TURNS.search(text)
            # (or, without a "but" before it, the later sentence that says what still falls
            # short: "Weekdays we haven't run out once. Saturdays still slip, ...", "Gaps are
            # down from 20 a week to 3. Nights still do their own thing though, ...")
            short = self.intents.falls_short_at(text)
            still = re.search(r"\bstill\b", text[short:], re.I) if short is not None else None
            if (
                short is not None
                and (turned is None or short < turned.start())
                # ("... is steady now, but the two evening guys still go by feel": the "but"
                # before the "still" is where it turns)
                and (turned is None or still is None or short + still.start() < turned.start())
            ):
                turned = None
            turn_at = (turned.start(), turned.end()) if turned is not None else (short, short)
            after = text[turn_at[1] :] if turn_at[1] is not None else ""
            # told again at length, with what drives it: "But the dinner side is still
            # nobody's. The night team say the dinner par sheet is the morning's job ..."
            # what went well, before the turn
            went_well = text[: turn_at[0]] if turn_at[0] is not None else None
            good_before = went_well is not None and self.intents.brings_good_news(went_well)
            retold = (
                news
                and went_well is not None
                # (after a step that went well in part: "weekday mornings have been
                # perfect, zero run-outs", not "we tried a punch list template on one job")
                and self.intents.news_outcome(went_well) == "worked"
                and (
                    (
                        good_before
                        and len(after.split()) >= RETOLD_WORDS
                        and any(
                            tag.sphere in diagnosis.cued
                            and any(quote in after for quote in tag.evidence)
                            for tag in diagnosis.tags
                        )
                    )
                    # (or told at length whatever words it takes: "but the email ones still
                    # disappear, whoever opens the inbox first deals with them then forgets
                    # to log them, and two patients went without their meds"; "but the two
                    # evening guys still go by feel" stays news of the step)
                    or (
                        len(after.split()) >= RETOLD_AT_LENGTH
                        and (good_before or self.intents.reports_better(went_well))
                        # (what still falls short is what the turn opens on: not "... until
                        # the homeowner signs. ... The scheduling thing is still a fight")
                        and _STILL_FAILS.search(sentences(after)[0] if after else "") is not None
                        and any(quote in after for tag in diagnosis.tags for quote in tag.evidence)
                    )
                )
            )
            faded = news and self.intents.fades(text)
            if (
                faded
                and news_of is not None
                # (a cue that reads only the fade itself, "went back to how it was", names
                # no other problem)
                and not any(
                    tag.sphere in diagnosis.cued and not self.intents.fades(quote)
                    for tag in diagnosis.tags
                    for quote in tag.evidence
                )
            ):
                # ("Then he got moved to the other site and nobody took it over, and Friday
                # the pour was held up again": the problem in hand, in no cue's words)
                diagnosis = _more_of(diagnosis, news_of, text)
            if news and diagnosis.tags and (retold or faded):
                # "Worked great for like 10 days. Then the new weekend servers started,
                # nobody showed them ... Two allergy slips last Saturday": the step held
                # only for a while or only in part, and the trouble is told again in fact:
                # more of the same problem, read and recommended on (a short "the other
                # half still skip it" stays news of the step)
                news = False
                if faded:
                    state.faded_at = state.turn
                sorted_ones = [p for p in state.problems if p.sphere == news_of]
                if sorted_ones and all(p.status != "open" for p in sorted_ones):
                    sorted_ones[-1].status = "open"  # not sorted after all
        settled_now = None
        if not news and state.recommended and not asked and not which:
            parts = sentences(text)
            upto = next(
                (i for i, x in enumerate(parts) if self.intents.marks_another_problem(x)), None
            )
            before_new = " ".join(parts[:upto]) if upto else ""
            if (
                before_new
                and self.intents.brings_good_news(before_new)
                and self.intents.news_outcome(before_new) == "worked"
                and not self.intents.cannot_be_news(before_new)
            ):
                # "We wrote a start-up sheet. No late starts for a month now. New issue
                # though: ...": the news settles its problem; what follows is read alone
                _settle_news(before_new, state)
                diagnosis = _only_statements(diagnosis, " ".join(parts[upto:]), partly=True)
        if (
            news
            and asked
            and not which
            and state.recommended
            and self.intents.brings_good_news(text)
            and self.intents.news_outcome(text) == "worked"
            and not self.intents.cannot_be_news(text)
            and not _tells_another(text, diagnosis, state.recommended)
        ):
            # "No flat batches for ten days. Should we keep the timings card?": news told with
            # a question: the problem it names is sorted, the news is no evidence, and the
            # question is answered
            settled_now = _settle_news(text, state)
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
        heard = None  # how a step went, told beside a question, when it did not simply work
        if (
            (news or self.intents.reports_a_step(text))
            and asked
            and not which
            and settled_now is None
            and state.recommended
            and (self.intents.reports_a_step(text) or self.intents.brings_good_news(text))
        ):
            # "inductions booked went from 50% to 90%. but the PTs skip the walkthrough ...
            # do i need to pay them?": the answer says first that the step went part of the
            # way, and the problem stays open
            heard = self.intents.news_outcome(text)
            stated = [x for x in sentences(text) if not asks_sentence(x)]
            if (
                heard == "worked"
                and (
                    self.intents.still_falls_short(text)
                    # ("... went from 50% to 90%. but the PTs are now skipping the walkthrough")
                    or any(len(x.split()) >= 5 and _STILL_SHORT.search(x) for x in stated[1:])
                )
            ):
                heard = "part"
            heard = heard if heard in ("part", "failed", "faded") else None
        if state.recommended and not asked and not which and news:
            state.pending, state.follow_ups_in_row = None, 0
            plan = Plan.on(
                Action.AFFIRM,
                text,
                diagnosis,
                state,
                settled=news_of,
                news=outcome,
                small_talk=thanks_only,
            )
            if outcome in ("failed", "faded"):
                # "we tried the checklist, didn't work": the problem stays open, and one
                # move not suggested before is offered in its place
                query = self._retrieval(text, news_of, state)
                plan = replace(plan, retrieval=replace(query, limit=1, repeat=False))
            return self._finish(plan, tried=tried)
        if (
            which
            and len(_open_spheres(state)) >= 2
            and not marks_new
            and any(asks_sentence(x) for x in sentences(text))
        ):
            # "which first? I reckon the trays got worse once people stopped caring": the
            # person's guess at which lies behind which weighs in the ranking; the question
            # and the guess are no new evidence
            root = _hinted_root(text, state)
            if root is not None:
                state.root = root
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
        outside = None if asked or which else outside_topic(text)
        rest = ""  # what the message says beside the worry outside the model
        if outside is not None:
            rest = " ".join(s for s in sentences(text) if outside_topic(s) is None)
        if outside is not None and not diagnosis.cued:
            # "I'm worried about my pay", "our rent went up 20%": trouble the model does not
            # look at, told with no mechanism a cue names, is no symptom (what else the
            # message tells still counts: "pay hasn't gone up, that's its own thing. What's
            # killing the floor is ...")
            diagnosis = _only_statements(diagnosis, rest, partly=True)
            if not diagnosis.tags:
                diagnosis = replace(diagnosis, sphere=None, parts=(), follow_up=None)
        elif (
            not asked
            and not which
            and diagnosis.tags
            and not diagnosis.cued
            and any(self.cues.from_outside(s) for s in sentences(text)[:2])
            and not _OUR_SIDE.search(text)
        ):
            # "our produce wholesaler has shorted us three Saturdays in a row. We order 10
            # kilos, 6 turn up": an outsider behaving badly, and nothing on our side of the
            # fence a cue names; what the whole story reads like is no problem of the
            # team's, so the coach asks what happens on the inside
            diagnosis = replace(diagnosis, sphere=None, tags=(), parts=(), follow_up=None)
        if (
            not asked
            and not which
            and not news
            and not marks_new
            and state.recommended
            and (same := _MORE_OF_SAME.match(text)) is not None
            and diagnosis.tags
            and not rereads
            and not corrects
            # ("more on the feeding. ...": the problem it names, if it names one)
            and (
                meant := _cause_of(same.group("topic"), _open_problems_of(state), state)
                if same.group("topic")
                else state.recommended
            )
            is not None
        ):
            # "More on that: last month a payment bug sat 6 days. Tom thought Mei had it ...":
            # said to be more of the problem in hand, and read so, whatever else it sounds like
            diagnosis = _more_of(diagnosis, meant, text)
        problems_before = len(state.problems)
        added = self._add_evidence(text, diagnosis, state)
        if not added and state.pending and not asked and not which:
            added = self._answer_evidence(text, state)
        pending_before, state.pending = state.pending, None
        new = tuple(state.problems[problems_before:])
        # "I asked a few of them and I had it wrong" after a follow-up: the problem told
        # while the coach was still asking is the reading taken back
        taken_back = before or (_last_told(state) if corrects or rereads else None)
        worked_on = taken_back  # the problem in hand when the message came
        read_now: str | None = None  # the new reading of a problem looked at again
        denied = _denied_sphere(text) if corrects or rereads else None
        said_sound = denied  # the sphere the message itself says was never the problem
        if denied is None:
            # ("Thinking about the box office report more, everyone does know it's Helen's":
            # the one open problem whose sphere the message says is sound)
            sound = [s for s in diagnosis.healthy if s in _told_before(state)]
            denied = sound[0] if len(sound) == 1 else looked_at if rereads else None
        if (corrects or rereads) and (named_one := _named_in_second_look(text, state)) is not None:
            # of two problems open, the one the second look names ("scratch the second one",
            # "the returns thing is fine now")
            denied = named_one
        if (
            taken_back
            and denied is not None
            and denied != taken_back
            and denied in _told_before(state)
        ):
            # of two problems open, the one whose reading the message denies ("Bea does own
            # the list, it's on her sheet" takes back the roles one, not the one looked at
            # last)
            taken_back = before = denied
        if taken_back and added and (corrects or rereads):
            # ("we wrote a checklist and it turns out the list was never the real problem.
            # Nobody signs it because...": the sentence that denies the reading names its
            # sphere's words, and is no evidence for it)
            _drop_denied(
                state,
                taken_back,
                lambda clause: self.intents.rereads(clause) or self.intents.corrects(clause),
            )
        if (
            before
            and added
            and self.intents.reports_better(text)
            and not corrects
            # "Scratch that, I talked to them. They're actually fine with the checks": it
            # was never the problem, so it is read again, not settled
            and not rereads
            # "We wrote a kit list like you said. Didn't fix it. The list is fine; the thing
            # is nobody is assigned...": the fix is sound and the problem is not, so the
            # problem is read again, not settled ("it helped, most builds are clean now, but
            # Ravi still does his from memory": better in part, and still open)
            and self.intents.news_outcome(text) not in ("failed", "faded", "part")
        ):
            # "the cooks are fine with the menu now; the real problem is...": the earlier
            # problem is addressed and weighs less than what the person says now ("I got it
            # wrong, people are fine with the walk" takes the earlier reading back instead)
            _settle(state, before, only=_news_problem(text, state, before))
        elif (
            taken_back
            and added
            # "they know the check perfectly well", or a message that says the sphere
            # read before is sound ("the test plan exists and it's fine; what changed
            # is...")
            # ("Different problem, not the repairs. ... When I asked around everybody said
            # 'not my job'": another problem, said so, not the first one looked at again)
            and (
                corrects
                or (rereads and not marks_new)
                # ("They do own the close ... The real problem is nobody closes the same
                # way": the reading before, said to be sound, then what is wrong instead)
                or (
                    rereads
                    and taken_back is not None
                    and (said_sound == taken_back or taken_back in diagnosis.healthy)
                )
                or (before in diagnosis.healthy and not marks_new)
            )
            and _told_most(state, looked_again=taken_back if corrects or rereads else None)
            not in (None, reread := self._reread_sphere(text, state, taken_back, denied))
        ):
            # "they know the check perfectly well; they skip it because...": the problem
            # told earlier is the same one, seen again: its entry takes the new sphere
            # (the one this message shows most, even when it shows it thinly)
            _settle(state, reread, factor=0.2, address=False)
            _drop_denied(state, reread)
            if not any(p.sphere != reread for p in new):
                _ledger_lead(state, instead=True)
                new = tuple(p for p in state.problems if p.turn == state.turn)
            _reread(state, reread, new, text)
            new = tuple(p for p in state.problems if p.turn == state.turn)
            if state.root not in _open_spheres(state) - {reread} or _LOOKS_AGAIN.match(text):
                # ("Thinking about it more, the steps aren't really it": the person looks at
                # the reading again, and says nothing of one problem lying behind another)
                state.root = None
            # ("we made the on-call engineer own every alert ... every alert picked up. But
            # now the reviews: ...": the step told before the "but", about the recommended
            # problem, worked)
            turn = _BUT_NOW.search(text)
            if (
                turn is not None
                and self.intents.reports_a_step(text[: turn.start()])
                and self.intents.news_outcome(text[: turn.start()]) == "worked"
            ):
                # (the problem the step is about, by its words, else the one in hand)
                stepped_on = _news_problem(text[: turn.start()], state)
                if stepped_on is not None and stepped_on.sphere != reread:
                    _settle(state, stepped_on.sphere, factor=1.0, only=stepped_on)
                elif worked_on is not None and worked_on != reread:
                    _settle(state, worked_on, factor=1.0)
                elif len(others := set(_told_before(state)) - {reread}) == 1:
                    _settle(state, others.pop(), factor=1.0)  # the only other one open
            before = reread  # the reading this message replaces
            # the reading the message gives instead, taken up now whatever the totals of
            # earlier turns say ("Actually it's not that nobody owns them ... we have no job
            # sheet")
            read_now = _told_most(state, looked_again=taken_back)
        elif before and added and reframes:
            # "scratch that, the real problem is...": the earlier one stays open, smaller
            _settle(state, before, address=False)
            _drop_denied(state, before)
        if (
            not which
            and asked in ("first_steps", "general")
            and len(_competing(state)) >= 2
            and self.intents.asks_where_to_start(text)
        ):
            which = True  # "where do i even start" with two problems told: which first
        if not which and asked and _weighs_problems(text, state):
            which = True  # "should i fix the reports first or the strategy thing"
        if which and _HOW_YOU_DECIDE.search(text) and _told_anything(state):
            which, asked = False, "why"  # "how do you decide which one comes first?"
        if which and _BOTH_AT_ONCE.search(text):
            which, asked = False, "opinion"  # "run both fixes at the same time or one first"
        whole = bool(_WHOLE_PICTURE.search(text))  # "whats the main thing to fix overall"
        if not which and whole and asked in ("first_steps", "general") and state.problems:
            which = True  # "what's the first thing that needs fixing?": which, of what is told
        if (
            which
            and asked
            and _told_anything(state)
            and _open_problems(state) < 2
            and not self._names_which(text)
            and not whole
        ):
            # "should i buy new software or fix how we do it first?" about one problem: a
            # view on the options, not a ranking of problems
            which = False
        if (
            which
            and asked == "first_steps"
            and _told_anything(state)
            and _open_problems(state) < 2
            and not whole
        ):
            which = False  # "what should I do first?" about one problem: its first steps
        # a first message that tells problems gets the diagnosis first, whatever it asks
        # ("the loyalty app ... and the espresso machine cleaning ... where do I even
        # begin?"): the diagnosis says which to fix first
        if which and not (new and not problems_before):
            return self._finish(self._which_sphere(text, diagnosis, state), new=new)
        if self.intents.asks_for_leadership_fix(text):
            if not state.problems and not state.asked:
                # "clients keep complaining and I think my PMs need leadership training":
                # nothing told yet to weigh the training against, so ask what happens
                # (once a story is told and asked about, the request itself is answered)
                return self._finish(self._unclear(text, diagnosis, state, before))
            return self._finish(self._reflex(text, diagnosis, state), new=new)
        if (
            (
                asked in ("first_steps", "general")
                or (asked == "opinion" and self.intents.move(text) is None)
            )
            and not added
            and not state.problems
            # (asked once already about a story told: the request itself is answered, with
            # a step that tells the spheres apart)
            and not state.asked
            and (diagnosis.trouble or self.intents.vague(text) or self._sounds_uneasy(text, state))
            # ("should we fire the agency?", "do I write him up?": answered as asked)
            and not (
                SWITCH.search(text) or any(p.search(text) for p in _ANSWERED_BEFORE_ANY_PROBLEM)
            )
        ):
            # "rough quarter. can you help me think?": nothing told yet to answer from, so
            # ask what is going on
            return self._finish(self._unclear(text, diagnosis, state, before))
        if asked and not (new and not problems_before):
            plan = self._answer(asked, text, diagnosis, state)
            if settled_now is not None:
                plan = replace(plan, settled=settled_now, news="worked")
            elif heard is not None:
                plan = replace(plan, settled=state.recommended, news=heard)
            return self._finish(plan, new=new)
        if not added:
            if (
                outside is not None
                and not news
                # ("honestly work is a mess and my commute is brutal": the trouble beside it
                # is asked about)
                and not (rest and (self.intents.vague(rest) or self._sounds_uneasy(rest, state)))
                # ("our main funder cut our money by a third", told first: what it does
                # inside the team is asked about)
                and not (
                    not state.problems and (diagnosis.trouble or self._sounds_uneasy(text, state))
                )
            ):
                state.follow_ups_in_row = 0
                plan = Plan.on(Action.REDIRECT, text, diagnosis, state, small_talk=True)
                return self._finish(plan)
            if news and not state.recommended and (not role or self.intents.says_good_news(text)):
                # "just wanted to share some good news: ..." with no problem told yet (who
                # introduces themselves, "I run a print shop ... we've doubled since 2018 ...
                # I was curious", is welcomed and asked what is going on)
                state.follow_ups_in_row = 0
                return self._finish(
                    Plan(Action.AFFIRM, text, diagnosis, state, turn=state.turn, role=state.role)
                )
            if self.intents.reports_better(text) and state.recommended and _MORE_HANDS.search(text):
                # "we got more staff so things are better now": nothing settled by it
                state.follow_ups_in_row = 0
                plan = Plan.on(
                    Action.AFFIRM, text, diagnosis, state, settled=state.recommended, news="hands"
                )
                return self._finish(plan)
            if (
                self.intents.reports_better(text)
                and state.recommended
                and not self.intents.cannot_be_news(text)
            ):
                for problem in state.problems:
                    if problem.sphere == state.recommended:
                        problem.status = "addressed"
                state.follow_ups_in_row = 0
                return self._finish(Plan.on(Action.AFFIRM, text, diagnosis, state))
            if state.recommended and _THANKS.match(text) and len(text.split()) <= THANKS_WORDS:
                # "thanks thats really helpful": thanks for the advice, nothing to settle
                state.follow_ups_in_row = 0
                return self._finish(Plan.on(Action.AFFIRM, text, diagnosis, state, small_talk=True))
            if role and state.evidence:
                return self._finish(self._recommend(text, diagnosis, state, before))
            if self._all_well(text, diagnosis):
                state.follow_ups_in_row = 0
                return self._finish(
                    Plan(Action.AFFIRM, text, diagnosis, state, turn=state.turn, role=state.role)
                )
            if (
                diagnosis.trouble
                or pending_before
                or self.intents.vague(text)
                or self._sounds_uneasy(text, state)
            ) and not _PROBLEMS_TO_COME.search(text):
                return self._finish(self._unclear(text, diagnosis, state, before))
            if state.evidence and self._about_work(text):
                # more about the same situation, without a new symptom: keep coaching
                if self._clear(state):
                    return self._finish(self._recommend(text, diagnosis, state, before))
                return self._finish(self._unclear(text, diagnosis, state, before))
            state.follow_ups_in_row = 0
            if self._off_topic(text, strict=bool(state.evidence)):
                return self._finish(
                    Plan.on(Action.NOTICE, text, diagnosis, state), notice=OFF_TOPIC
                )
            # (a role or a place said once problems are told is no new start: "hygiene
            # patients leave with a recall booked" after a commitment is not a hello)
            greeting = (
                not state.evidence
                or self.intents.greets(text)
                or (bool(role or industry) and not state.problems)
            )
            if (
                not greeting
                and state.recommended
                and self.news is not None
                and _SOMETHING_DONE.search(text)
                and not self.intents.cannot_be_news(text)
                and not self._loss_alone(text)
                and self.news.score(text) >= LIKELY_NEWS
            ):
                # "Gave Chloe the deliveries, her name's on the rota for it ... She caught a
                # £240 short delivery on tuesday!": no trouble and no question after a
                # recommendation, and a step told: news, however plainly put
                settled_here = _settle_news(text, state)
                state.follow_ups_in_row = 0
                return self._finish(
                    Plan.on(
                        Action.AFFIRM, text, diagnosis, state, settled=settled_here, news="worked"
                    )
                )
            if not greeting and state.recommended and _THANKS.match(text):
                # "ok thank you, this is helpful. I try tomorrow before lunch service": thanks
                # with a plan, nothing new to ask about
                return self._finish(Plan.on(Action.AFFIRM, text, diagnosis, state, small_talk=True))
            # ("also their auditor is plain rude to my operators", once a problem is told:
            # no problem of the team's, and worth one question about their side)
            our_side = None if greeting else self._ask_our_side(text, diagnosis, state)
            if our_side is not None:
                return self._finish(our_side)
            return self._finish(
                Plan.on(
                    Action.GREET if greeting else Action.REDIRECT,
                    text,
                    diagnosis,
                    state,
                    small_talk=bool(role or industry) or not state.evidence,
                )
            )
        settled = self._clear(state) or state.follow_ups_in_row >= MAX_FOLLOW_UPS
        if (
            settled
            and before is None
            and not new
            and state.follow_ups_in_row < MAX_FOLLOW_UPS
            and (self._vague_remark(text) or self._vague_story(text, diagnosis, state))
        ):
            # "jobs keep running late and i can't put my finger on it": a pointer to ask
            # about, however much its few words lean one way
            settled = False
        # a story told in full ("twice this month ... each nurse does the round her own
        # way ..."): commit to the reading it leans to rather than ask first
        # (or the one problem it told leads: "X thought Y would call, Y figured X had it ...;
        # this keeps happening" is the roles problem, whatever else leans close behind)
        lone = len(new) == 1 and new[0].sphere == state.ranking()[0][0]
        # (or the only sphere a cue names a mechanism for, with nothing to ask: "we keep
        # missing deliveries ... nobody seems to own the routes")
        named = (
            lone
            and diagnosis.follow_up is None
            and diagnosis.sphere == new[0].sphere
            and tuple(diagnosis.cued) == (diagnosis.sphere,)
        )
        story = not settled and ((self._story(text) and (self._leads(state) or lone)) or named)
        if story or (settled and not state.problems):
            # (a reading settled after the questions ran out, on evidence spread thin, is
            # acted on like a story: what the coach recommends on is a problem in the ledger)
            _ledger_lead(state)
        overtaken = self._overtaken(state, before)
        back_to = _back_to_a_problem(text, state)
        if (
            back_to is not None
            and back_to.status == "open"
            and before is not None
            and back_to.sphere != before
            and not new
        ):
            # "and the scanners, ... still half dead next night": more of an open problem
            # other than the one in hand, taken up now
            overtaken = False
        else:
            back_to = None
        if overtaken:
            state.focus = None  # another sphere now leads on what was just said
        elif (
            before is not None
            and (later := {p.sphere for p in new} - {before})
            and not _SMALLER.search(informal(text))
        ):
            # a problem of another sphere told after a recommendation is the one to take up
            # now ("there's a second thing..."); "which first?" weighs them all
            totals = state.totals()
            state.focus = max(sorted(later), key=lambda s: totals[s])
        if back_to is not None:
            state.focus = back_to.sphere
        elif read_now in _open_spheres(state) and read_now != before:
            state.focus = read_now
        told_now = {p.sphere for p in new}
        worse = _marked_worse(text, new)
        if worse is not None:
            # "Two things. ... And the one costing money: changeovers ...": of two problems
            # told at once, the one the person marks as the worse is taken up first
            state.focus = worse.sphere
        elif len(told_now) >= 2 and state.root in told_now:
            # "... Underneath that, repeat prescriptions are chaos": of two problems told at
            # once, the one the person says lies behind the other is taken up first
            state.focus = state.root
        elif len(told_now) >= 2 and back_to is None:
            # "Two things. ... And the weekly report, nobody owns it": of two problems told
            # at once, the coach takes up the one told last (where the person has got to),
            # unless the one before it was told with far more weight
            weight = state.totals(state.turn)
            last = new[-1]
            earlier = [p for p in new if p.sphere != last.sphere]
            if _SEVERAL_TOLD.search(text) or not any(
                weight[p.sphere] >= TOLD_FIRST_LEADS * weight[last.sphere] for p in earlier
            ):
                # ("Two problems. ..., and ...": told as a list, the last is taken up
                # however long the first ran)
                state.focus = last.sphere
            elif state.focus == last.sphere:
                state.focus = max(sorted(told_now), key=lambda s: weight[s])
        if (
            back_to is not None
            or settled
            or story
            or len(told_now) >= 2  # two problems, each told plainly
            # a new problem of another sphere, told plainly enough for the ledger, after a
            # recommendation ("plus there's a rumour the store is closing...")
            or (before is not None and any(p.sphere != before for p in new))
            or (before is not None and bool(new) and marks_new)
            or overtaken
        ):
            return self._finish(self._recommend(text, diagnosis, state, before), new=new)
        return self._finish(self._unclear(text, diagnosis, state, before), new=new)

    def _one_off(self, text: str, diagnosis: Diagnosis, state: State, told: bool) -> Plan:
        """The reply once the incident told turns out a one-off: a question about it is
        answered; else, once, whether anything else keeps going wrong."""
        state.pending = None
        if any(asks_sentence(s) for s in sentences(text)):
            state.follow_ups_in_row = 0
            again, state.one_off_answered = state.one_off_answered, True
            return Plan.on(
                Action.ANSWER, text, diagnosis, state, question_kind="one_off", one_off=again
            )
        # a first, cause untold: what was behind it this time; else whether anything else
        # keeps going wrong
        cause = (
            self.cues.from_outside(text)
            or bool(_CAUSE_TOLD.search(text))
            or any(_HOLDS.search(s) for s in sentences(" ".join([state.one_off or "", text])))
        )
        wanted = ANYTHING_ELSE if cause or BEHIND_IT in state.asked else BEHIND_IT
        question = self.questions.get(wanted)
        if question is None or wanted in state.asked:
            return Plan.on(Action.AFFIRM, text, diagnosis, state, one_off=told)
        return _ask(question, text, diagnosis, state, one_off=wanted == ANYTHING_ELSE)

    def _sounds_uneasy(self, text: str, state: State) -> bool:
        """Before any problem is told, a first message that the opener model reads as a
        hint of trouble ("I've had a knot in my stomach about the place for weeks"), not
        a hello."""
        return (
            self.openers is not None
            and state.turn <= OPENER_TURNS
            and not state.evidence
            and not state.problems
            and not _THANKS.match(text)
            and not _SMALL_TALK.search(text)
            and self.openers.vague(text)
            >= (
                # one dated event, not opened with a hello ("This morning a patient got
                # his blood thinner twice"): a story, so a lower reading is enough
                OPENER_VAGUE_EVENT
                if _DATED.search(text) and _one_event(text) and not self.intents.greets(text)
                else OPENER_VAGUE
            )
        )

    def _only_introduces(
        self, text: str, diagnosis: Diagnosis, state: State, says_who: bool
    ) -> bool:
        """A hello that says who the person is and what they do, before any problem, where
        only the learned model reads a sphere, thinly, and no word tells of trouble: an
        introduction, not a symptom."""
        return (
            says_who
            and not state.evidence
            and bool(diagnosis.tags)
            and not diagnosis.cued
            and not diagnosis.trouble
            and (
                self.intents.greets(text)
                # ("I am new shift leader in a plastic parts factory, one month now": what
                # the model leans on is only who they are)
                or all(self.intents.role(c) for t in diagnosis.tags for c in t.clauses)
            )
            and not self.intents.vague(text)
            and (
                max(t.score for t in diagnosis.tags) < INTRODUCTION_EVIDENCE
                # ("someone in our slack said this was useful": a hello that speaks of the
                # coach itself, however the learned model leans)
                or bool(_SMALL_TALK.search(text))
            )
        )

    def _told_again(self, text: str) -> bool:
        """Whether the message tells the trouble again ("two more blank days this week",
        "and again this week", "it's bad today"), with no good news beside it."""
        return bool(_BAD_AGAIN.search(text)) and not self.intents.brings_good_news(text)

    @staticmethod
    def _puts_right(text: str, diagnosis: Diagnosis, recommended: str) -> bool:
        """Whether a message that disagrees puts the reading right with facts of its own
        ("wait no, that's not right. ... everyone logs the sacks differently"): a longer
        message that shows another sphere than the one recommended."""
        return bool(
            _PUTS_RIGHT.search(text)
            and len(text.split()) > OBJECTION_WORDS
            and _shows_other(diagnosis, recommended)
        )

    def _step_on_the_plan(self, text: str, diagnosis: Diagnosis, state: State) -> bool:
        """Whether `text` reports a step taken and what came of it ("two of the three use
        it now; the third still wings it") about a problem already told: what it shows is
        none, or a sphere of the ledger, not a fresh sphere."""
        told = {p.sphere for p in state.problems}
        # ("so i talked to our kitchen manager like we said. now whoever is on expo calls
        # every ticket": the fix described, whatever sphere its words sound like)
        return self.intents.reports_a_step(text) and (
            diagnosis.sphere in (None, *told)
            or bool(_ON_ADVICE.search(text))
            # "Two of the three use it on every call; the third one still wings it": how
            # far the fix has spread, whatever sphere the rest sounds like
            or bool(_ADOPTED.search(text))
            # "Tried a monthly list ... Didn't work, both stores forgot to look at it"
            or bool(_STEP_FAILED.search(text))
        )

    def _reread_sphere(
        self, text: str, state: State, before: str, denied: str | None = None
    ) -> str:
        """The sphere of the problem a re-reading message looks at again: the recommended
        one while it is open; once it is settled ("we named an owner, zero arguing since"),
        the open problem the message names, else the one told last. `denied`: the sphere
        the message says is sound, when known."""
        earlier = _told_before(state)
        denied = denied or _denied_sphere(text)
        if denied in earlier:
            return denied  # "Bea does own the list": the roles reading, whatever else is named
        topic = _TOPIC.match(text)
        if topic is not None:
            # "on the sign-off thing, I dug in. The rules are clear ...": the problem the
            # message opens by naming, whatever fix it goes on to mention
            words = _singular(_content(topic.group("topic")))
            shared = {
                p.sphere
                for p in state.problems
                if p.status == "open" and words & _singular(_content(p.text))
            }
            if len(shared) == 1 and (only := next(iter(shared))) in earlier:
                return only
        named = self._about(text, state)
        # ("we made the on-call engineer own every alert ... But now the reviews: the team
        # does have a review checklist": the open problem the message names, not the one
        # recommended)
        # (but not the sphere the message itself moves to: "the room setup isnt really the
        # issue ... nobody restocks the ops since our old assistant left" shares a word
        # with the open roles problem about the assistant, and still rereads the setup one)
        if (
            named in earlier
            and named != before
            and named != _told_most(state)
            and any(p.sphere == named and p.status == "open" for p in state.problems)
        ):
            return named
        if any(p.sphere == before and p.status == "open" for p in state.problems):
            return before
        return named if named in earlier else (earlier[-1] if earlier else before)

    @staticmethod
    def _overtaken(state: State, before: str | None) -> bool:
        """Whether what the person just said puts another sphere ahead of the one the
        coach recommended (a changed diagnosis is said, not asked about)."""
        if before is None:
            return False
        totals = state.totals()
        top = state.ranking()[0][0]
        return (
            top != before
            and totals[top] > totals[before]
            and totals[top] >= CLEAR_EVIDENCE
            and state.totals(state.turn)[top] > 0
        )

    def _finish(
        self,
        plan: Plan,
        new: tuple[Problem, ...] = (),
        notice: str | None = None,
        tried: bool = False,
    ) -> Plan:
        """The plan with what every reply needs: the person's industry words, the
        problems this message added, and any notice about the input."""
        if any(p.turn == plan.state.turn and p.stakes == 0 for p in plan.state.problems):
            # (a problem filed after the evidence was read, as the first one told is: what it
            # puts at stake, read again; reading it twice changes nothing)
            stakes.note(
                plan.state.problems,
                plan.state.turn,
                plan.message,
                [e.sphere for e in plan.state.evidence if e.turn == plan.state.turn],
            )
        if plan.action == Action.FOLLOW_UP and not any(
            p.turn == plan.state.turn for p in plan.state.problems
        ):
            # a question asked stores nothing: what leaned one way in a message too unclear
            # to read is asked about, not kept as evidence
            plan.state.evidence = [e for e in plan.state.evidence if e.turn != plan.state.turn]
        plan.state.answered = plan.state.answered + 1 if plan.action == Action.ANSWER else 0
        if plan.action == Action.ANSWER:
            # ("who should own it?" asked twice: the second answer is the short one)
            plan = replace(plan, answered_before=frozenset(plan.state.answers_given))
            key = set_answer(plan.sphere, plan.message, plan.state.role)
            if key is not None and key not in plan.state.answers_given:
                plan.state.answers_given.append(key)
        if plan.action == Action.ANSWER and not UNANSWERED.search(plan.message):
            # (a question asked without a question mark counts: "is it even worth bothering")
            plan.state.last_question = plan.message[:300]
            plan.state.last_question_at = plan.state.turn
        industry = plan.state.industry
        words = {
            **self.industries.words(industry).model_dump(),
            "industry_name": self.industries.name(industry),
        }
        warned = plan.state.warned
        if plan.action in (Action.RECOMMEND, Action.WHICH_SPHERE) and stakes.RISK.search(
            stakes.without_denials(plan.message)  # (as the reply reads it)
        ):
            plan.state.warned = True  # said in full once; a shorter reminder after that
        retrieval = plan.retrieval
        if retrieval is not None:
            retrieval = replace(retrieval, industry=industry, avoid=frozenset(plan.state.rejected))
        question = plan.question
        if question is not None and "{" in question.text:
            # ("At the handoff where this goes wrong, say {handoff}, ...": the handoff in
            # the person's line of work, not someone else's)
            question = replace(question, text=in_their_words(question.text, words))
        return replace(
            plan,
            question=question,
            words=words,
            industry_example=self.industries.example(industry),
            plain_words=(
                None
                if industry is None or self.industries.allows_live_words(industry)
                else self.industries.in_plain_words
            ),
            new_problems=new,
            notice=notice,
            retrieval=retrieval,
            # ("another thing. we brought in a rule ...": a new problem, not a step tried)
            tried_now=plan.message
            if (tried or self.intents.reports_trying(plan.message))
            and not (new and self.intents.marks_another_problem(plan.message))
            else None,
            warned_before=warned,
            faded=plan.state.faded_at == plan.state.turn and plan.action == Action.RECOMMEND,
        )

    def _loss_alone(self, text: str) -> bool:
        """A loss told with no step taken ("we lost a £5k grant in March, report was two
        weeks late", "line 2 was down 6 hours thursday and I only found out friday"): more
        of the problem, never news."""
        return bool(_LOSS.search(text)) and not self.intents.reports_a_step(text)

    def _says_reading_was_sound(self, text: str) -> bool:
        """Whether a message that looks again says the earlier reading is sound, in words no
        cue reads: before it turns to what the problem really is ("actually the running
        order exists and its good ... the problem is nobody owns each change", "hmm no,
        having talked to the lads, they'd hit the number if the line ran. what stops it
        is ..."), or in its opening sentence ("Actually scrap that, the spreadsheet is fine
        and they all used it until the spring."), not as news ("actually it's fine now").
        Without it ("Thinking about it, the real issue is ownership", "scrap that, that's
        the small stuff. The real problem is ...") another problem is told besides."""
        pivot = _REAL_PROBLEM.search(text)
        if pivot is not None and _SOUND.search(text[: pivot.start()]) is not None:
            return True
        opening = next(iter(sentences(text)), "")
        return (
            _SOUND.search(opening) is not None
            and _SINCE_THEN.search(opening) is None
            and not self.intents.brings_good_news(text)
        )

    def _asks_about_work(self, text: str) -> bool:
        """A message that is nothing but asking, in a conversation with a problem on the
        table: it asks about that problem or the advice ("what would owning the pass look
        like?", "what's a runbook exactly"), unless it is plainly about something else."""
        return self.intents.asks(text) and not self._off_topic(text, strict=True)

    def _about(self, text: str, state: State) -> str | None:
        """The open problem's sphere a question or a piece of news is about, when two or
        more spheres are open and the message names one: by the kind of move it mentions
        ("who owns what", "a checklist", "explain the why") or by the sphere's own name,
        else by the words it shares with one problem only."""
        open_spheres = _open_spheres(state)
        if len(open_spheres) < 2:
            return None
        named = [str(s) for s in SPHERES if re.search(rf"\b{s}\b", text, re.I)]
        if len(named) == 1 and named[0] in open_spheres:
            return named[0]
        found = self.intents.move(text)
        if found and found[0] in SPHERE_OF and SPHERE_OF[found[0]] in open_spheres:
            return str(SPHERE_OF[found[0]])
        topic = _ASKED_ABOUT.search(text)
        if topic is not None:
            # "What could I do about the exercise sheets myself, without asking anyone?": what
            # the question is about names the problem, whatever else it shares words with
            named_words = _singular(_content(topic.group("what")))
            hits = [s for s in open_spheres if named_words & _singular(_told_words(state, s))]
            if len(hits) == 1:
                return hits[0]
        # (singular and plural meet: "the two chefs" names the problem about the chef)
        words = _singular(_content(text))
        shared = {s: len(words & _singular(_told_words(state, s))) for s in open_spheres}
        if not any(shared.values()):
            # no word of a ledger entry: the words said for each sphere ("what do I say to
            # the founders about the OKRs?" after "the founders announced it without ...")
            shared = {
                s: len(words & _singular(_told_words(state, s, evidence=True)))
                for s in open_spheres
            }
        best = sorted(shared.items(), key=lambda kv: -kv[1])
        runner_up = best[1][1] if len(best) > 1 else 0
        # two shared words, or one that no other problem has ("what about the mispicks")
        if best and (best[0][1] >= 2 or runner_up == 0) and runner_up < best[0][1]:
            return best[0][0]
        return None

    def _names_which(self, text: str) -> bool:
        """Whether the person asks about the spheres or problems by name ("which sphere",
        "which problem first", "what sphere would you put first")."""
        return bool(_NAMES_WHICH.search(text)) or any(
            p.search(text) for p in self.intents.which_sphere[:1]
        )

    def _ends_asking(self, text: str) -> bool:
        """Whether the message asks a question about work (not general knowledge): at its
        end, first with a remark after it ("So what do I actually say to them? I do still
        care about quality."), or between remarks ("ok. what exactly do I say to him? he's my
        boss and he doesn't like being told")."""
        told = [x for x in sentences(unquoted(text)) if x.strip()]
        return any(asks_sentence(x) for x in told) and not self._off_topic(text, strict=True)

    def _off_topic(self, text: str, strict: bool = False) -> bool:
        """A question about something other than work ("what's the capital of France?").
        `strict` (a problem is already on the table): only a question of general
        knowledge, with none of the person's or the coach's words, counts."""
        words = len(text.split())
        if strict and not _GENERAL_KNOWLEDGE.search(text):
            return False
        if strict and re.search(
            r"\b(i|me|my|we|us|our|you|your|they|them|it|this|that)\b", text, re.I
        ):
            return False
        return (
            text.rstrip().endswith("?")
            and words >= 5
            and not self.intents.greets(text)
            and not re.search(
                r"\bhow are (you|things)\b|\bwho are you\b|\bwhat (can|do) you do\b|"
                r"\b(accountability|leadership|execution|process|roles?|buy-?in|overlaps?|"
                r"spheres?|model|problem|team|staff|work)\b",
                text,
                re.I,
            )
            and not any(c.regex.search(text) for c in self.cues.organisation)
        )

    # -- evidence ------------------------------------------------------------------------
    def _add_evidence(self, text: str, diagnosis: Diagnosis, state: State) -> bool:
        answering = state.pending is not None
        told: list[tuple[int, float, str, str]] = []  # (where, -strength, sphere, clause)
        listed: dict[str, list[str]] = {}
        for sphere, clause in diagnosis.parts:
            listed.setdefault(sphere, []).append(clause)
        announced = _announced(text)
        another = self.intents.marks_another_problem(text)  # not only the story's opening
        new_issue = another or self.intents.opens_a_problem(text)
        if _back_to_a_problem(text, state):
            # "oh and on the till count, tonight the count sheet was missing": more of a
            # problem told before, named by its own words, not another one
            another = new_issue = False
        lead = _lead_tag(diagnosis) if diagnosis.tags else None
        # a short, vague remark ("things have been messy in the kitchen lately") is a
        # pointer to ask about, not yet a problem of its own, nor evidence for a sphere
        vague = self._vague_remark(text)
        vague_story = (
            self._vague_story(text, diagnosis, state)
            or self._unsure_opener(text, diagnosis, state)
            or (_bare_outcome(diagnosis, state) and self._says_little(text))
        )
        for tag in diagnosis.tags:
            phrases = tag.evidence or (text[:120],)
            if all(_introduction(p) for p in phrases):
                continue  # "I'm the manager at a bookstore and we have two problems"
            if all(_TOPIC_LABEL.match(p) for p in phrases):
                continue  # "different problem: the truck pack" names what comes next
            clauses = tag.clauses if len(tag.clauses) == len(phrases) else phrases
            # raw evidence, so a detailed account outweighs a passing remark
            raw = diagnosis.raw.get(tag.sphere, tag.score)
            if vague_story or (vague and raw < CLEAR_PROBLEM):
                continue
            share = raw / len(phrases)
            for phrase, clause in zip(phrases, clauses, strict=True):
                state.evidence.append(
                    Evidence(tag.sphere, _plain(phrase), state.turn, round(share, 4), clause)
                )
            # a problem the person lists on its own ("2 things. ...") is one whatever its
            # weight; otherwise a further sphere needs more evidence than the first
            # ("2 things driving me nuts: ...": a second one is expected, so it needs no more)
            need = PROBLEM_EVIDENCE if tag is lead or announced >= 2 else SECOND_PROBLEM
            if tag is lead and another:
                # "another thing, the board changed the fee rules and didn't say why": the
                # person says it is a problem of its own, so only its sphere is in question
                need = MARKED_PROBLEM
            stated = [c for c in clauses if not _CONSEQUENCE.match(c)]
            if tag is not lead:
                # a further sphere is a problem of its own on what it says of the trouble,
                # not on what came of it
                raw *= len(stated) / len(clauses)
            if tag.sphere in listed:
                for clause in listed[tag.sphere]:  # each part told is a problem
                    at = text.find(clause) if clause in text else len(text)
                    told.append((at, -raw, tag.sphere, clause))
            elif (
                raw >= need
                and not (listed and len(diagnosis.parts) >= max(announced, 2))
                and not _only_an_outcome(tag, lead, diagnosis, announced, another)
                # (a further sphere that no cue names a mechanism of, beside a lead one does,
                # is how it shows, not a problem of its own: "nobody is responsible for
                # checking gear back in. Broken cables go straight back on the shelf")
                and not (
                    tag is not lead
                    and announced < 2
                    and tag.sphere not in diagnosis.cued
                    and lead is not None
                    and lead.sphere in diagnosis.cued
                )
            ):
                # (the problems listed one by one are all there is: a sphere seen inside
                # one of them is part of it)
                # (in the order of the clause that stands for it: "We lose 30% of new
                # volunteers" opens the story, it does not tell the distrust first)
                # (not who the speaker is: "ok so i work part time at the intake desk of a
                # clothing closet, paid staff not a volunteer")
                entry = next(
                    (c for c in (stated or clauses) if not about_the_speaker(c)),
                    (stated or clauses)[0],
                )
                at = text.find(entry) if entry in text else len(text)
                told.append((at, -raw, tag.sphere, entry))
        if (
            announced >= 2
            and not listed
            and len(told) == 1
            and (_ANNOUNCED_AHEAD.search(text) or _MORE_TO_TELL.match(text))
        ):
            # "Two new things though: the night crew and the day crew fight over whose job
            # the shelves are, and nobody runs the baler": as many problems as announced,
            # one per clause, when all are of one sphere
            sphere = told[0][2]
            tag = next(t for t in diagnosis.tags if t.sphere == sphere)
            parts = [c for c in (tag.clauses or tag.evidence) if not _CONSEQUENCE.match(c)]
            parts = sorted(parts, key=lambda c: text.find(c) if c in text else len(text))
            if len(parts) < announced:
                # "two things: tickets get lost between expo and the line, and the cold station
                # plates differently ...": the parts told in one clause, at their "and"
                parts = [
                    piece.strip()
                    for part in parts
                    for piece in _LIST_JOIN.split(part)
                    if len(piece.split()) >= 4
                ]
            if len(parts) >= announced:
                chosen = [parts[0], *parts[len(parts) - announced + 1 :]]
                told = [
                    (text.find(c) if c in text else len(text), told[0][1], sphere, c)
                    for c in chosen
                ]
                listed = {sphere: chosen}
        pivot = _PIVOT.search(text)
        if pivot is not None and announced < 2 and not listed:
            # "Brent gets blamed, then me ... but honestly there's no closing count procedure":
            # what the person turns to is the problem; a sphere told only before it is how
            # the trouble shows, not a problem of its own
            lowered = text.lower()
            where: dict[str, list[int]] = {}
            for e in state.evidence:
                if e.turn == state.turn:
                    at = lowered.find(e.phrase[:40].lower())
                    where.setdefault(e.sphere, []).append(at if at >= 0 else len(text))
            turned_to = {sp for sp, ats in where.items() if max(ats) >= pivot.start()}
            only_before = {sp for sp, ats in where.items() if max(ats) < pivot.start()}
            if turned_to and only_before and any(t[2] in turned_to for t in told):
                told = [t for t in told if t[2] not in only_before]
                state.evidence = [
                    e for e in state.evidence if e.turn != state.turn or e.sphere not in only_before
                ]
        one_more: set[str] = set()
        for same in _SAME_STORY.finditer(text):
            # "Same with tool ordering, nobody owns it ...", "Donor thank-you letters are the
            # same story; some donors received three" (or after "Two problems."): one more
            # problem like the one told just before it
            told_before = [t for t in told if t[0] < same.start()]
            if not told_before or any(same.start() <= t[0] < same.end() for t in told):
                continue
            marker = _SAME_MARK.search(same.group("told"))
            if announced < 2 and (
                not marker
                or marker.group(0).lower().startswith("same")
                or len(same.group("told")[marker.end() :].split()) < 3
            ):
                # "Date labels are the same story.", "Same with the couches, ...": more of the
                # one told, when no count was said
                continue
            _at, strength, sphere, _clause = max(told_before)
            told.append((same.start("told"), strength, sphere, same.group("told").strip()))
            one_more.add(same.group("told").strip())
        # the ledger keeps the order they were told; one clause is one problem, under the
        # sphere it shows most
        if announced and len(told) > announced:
            # "two problems really: ..." tells two: the strongest two, in the order told,
            # of different spheres when the message shows more than one
            by_strength = sorted(told, key=lambda t: t[1])
            firsts = [
                t for i, t in enumerate(by_strength) if t[2] not in {u[2] for u in by_strength[:i]}
            ]
            told = sorted((firsts + [t for t in by_strength if t not in firsts])[:announced])
        said = sentences(text)
        for _at, strength, sphere, clause in sorted(told):
            if (vague and -strength < CLEAR_PROBLEM) or vague_story:
                continue
            if (
                clause not in one_more
                and any(p.sphere == sphere for p in state.problems)
                and any(
                    clause[:30] in told_here and _LINKS_BACK.search(told_here) for told_here in said
                )
            ):
                # "feels like the same thing as the refunds really, nobody's in charge of any
                # of it": the person ties it to a problem already told, not a new one
                continue
            entry = _with_antecedent(_plain(clause), said)
            if all(p.text != entry for p in state.problems):
                _to_ledger(
                    state,
                    sphere,
                    entry,
                    answering,
                    new_issue,
                    len(listed) > 0 or clause in one_more,
                )
        _note_root(state, text)
        stakes.note(
            state.problems,
            state.turn,
            text,
            [e.sphere for e in state.evidence if e.turn == state.turn],
        )
        return bool(diagnosis.tags)

    def _vague_remark(self, text: str) -> bool:
        """A short, vague remark ("things have been messy in the kitchen lately")."""
        return len(text.split()) <= VAGUE_WORDS and self.intents.vague(text)

    def _vague_story(self, text: str, diagnosis: Diagnosis, state: State) -> bool:
        """Before any problem is told, a message whose only trouble is a vague remark, with
        no cue of how things go wrong ("Hello, I'm the sous chef in a hotel kitchen ... but
        since the summer the kitchen just feels heavier somehow"): who they are and how long
        they have been there make it no less vague, so it is a pointer to ask about,
        whatever its weight."""
        if diagnosis.cued or any(p.turn < state.turn for p in state.problems):
            return False
        if not self.intents.vague(text):
            return False
        # (a reading of the whole text quotes no clause: its sentences are what it read)
        every = [
            c for tag in diagnosis.tags for c in (tag.clauses or tag.evidence or sentences(text))
        ]
        # ("Hello, I own a dental practice, 3 dentists ...": who is speaking, no trouble;
        # unless that is all there is: "I'm a QA person ... it just feels like we're always
        # firefighting")
        told = [
            c
            for c in every
            if not (
                (_INTRO.match(c) or _HERE.match(c) or _SAYS_WHO.match(c))
                and self.intents.role(c) is not None
            )
            # ("My team is... I don't know. Off.": a sentence that trails off says nothing;
            # nor does a "morning." before it)
            and not (len(c.split()) <= 4 and (_TRAILS_OFF.search(c) or _HELLO_ONLY.match(c)))
        ]
        if every and not told and not any(self.intents.vague(c) for c in every):
            # ("I own a bike shop ..., 7 staff. honestly things are just messy at the
            # moment": only who is speaking was read as evidence; the trouble is the vague
            # remark beside it)
            return True
        told = told or every
        return bool(told) and all(
            len(c.split()) <= VAGUE_CLAUSE_WORDS and self.intents.vague(c) for c in told
        )

    def _says_little(self, text: str) -> bool:
        """Whether the message, beyond who the person is, is a remark of a few words
        ("Hi, I own a small remodeling company. Customers keep complaining about the end of
        the job.")."""
        told = [x for x in sentences(text) if self.intents.role(x) is None]
        return len(" ".join(told).split()) <= BARE_OUTCOME_WORDS + 3

    @staticmethod
    def _unsure_opener(text: str, diagnosis: Diagnosis, state: State) -> bool:
        """Before any problem is told, one symptom and the person saying they can't see
        the cause ("We keep missing deadlines. Three out of four milestones this year. Not
        sure why."): the classifier asks first, so it is a pointer to ask about."""
        return (
            not state.problems
            and diagnosis.follow_up is not None
            and len(diagnosis.tags) == 1
            and bool(UNSURE.search(text))
        )

    def _step_done(self, text: str) -> bool:
        """Whether `text` says a step was taken: "ok we did the fridge", "the head chef owns
        the matrix now", or a step with what came of it."""
        return (
            bool(_DONE_ONE.search(text))
            or self.intents.brings_good_news(text)
            or self.intents.reports_a_step(text)
        )

    def _answer_evidence(self, text: str, state: State) -> bool:
        """Read an answer to the pending question against what each answer points to."""
        question = self.questions.get(state.pending)
        if question is None or self.cues.from_outside(text):
            # ("Nah it was the grid, whole block was dark": bad luck from outside, no answer
            # about how the team works)
            return False
        words = set(re.findall(r"[a-z']{3,}", text.lower()))
        best: tuple[int, str | None] = (0, None)
        for answer in question.answers:
            overlap = len(words & set(re.findall(r"[a-z']{3,}", answer.when.lower())))
            if overlap > best[0]:
                best = (overlap, answer.points_to)
        if best[1] is None or best[0] < 2:
            return False
        state.evidence.append(Evidence(best[1], text[:160], state.turn, 0.5))
        return True

    def _story(self, text: str) -> bool:
        """A concrete account: long enough to act on, not a vague mood (a vague sentence
        beside enough concrete ones is still one: "The stockroom is chaos. Deliveries don't
        get put away the same way twice, nobody knows where anything is, ...")."""
        stated = _statements(text)
        if len(stated.split()) < STORY_WORDS:
            return False
        if not self.intents.vague(text):
            return True
        # (the concrete sentences must tell trouble, not who the speaker is: "its a locally
        # owned store, not a chain ... but something keeps going wrong" is still vague)
        pieces = [p for s in sentences(stated) for p in re.split(r"[,;:]\s+", s)]
        concrete = [p for p in pieces if not self.intents.vague(p) and _TELLS_TROUBLE.search(p)]
        return len(" ".join(concrete).split()) >= STORY_WORDS

    @staticmethod
    def _leads(state: State) -> bool:
        """One sphere leads the evidence clearly enough to act on."""
        ranking = state.ranking()
        (_top, top_score), (_, second) = ranking[0], ranking[1]
        return top_score >= STORY_EVIDENCE and second < STORY_MARGIN * top_score

    @staticmethod
    def _clear(state: State) -> bool:
        ranking = state.ranking()
        (_top, top_score), (_, second) = ranking[0], ranking[1]
        return top_score >= CLEAR_EVIDENCE and second < CLEAR_MARGIN * top_score

    def _about_work(self, text: str) -> bool:
        words = len(text.split())
        return words >= 6 and any(c.regex.search(text) for c in self.cues.organisation)

    @staticmethod
    def _all_well(text: str, diagnosis: Diagnosis) -> bool:
        return diagnosis.sphere is None and len(diagnosis.healthy) == len(SPHERES)

    # -- actions -------------------------------------------------------------------------
    def _unclear(
        self, text: str, diagnosis: Diagnosis, state: State, before: str | None = None
    ) -> Plan:
        if not state.evidence and state.follow_ups_in_row >= MAX_FOLLOW_UPS:
            # questions are not helping yet: ask for one concrete story instead
            state.follow_ups_in_row = 0
            return Plan(Action.EXAMPLE, text, diagnosis, state, turn=state.turn, role=state.role)
        # ("the scaffolding company turned up two days late": theirs to fix, not the team's;
        # what happens on the team's side is the question)
        our_side = self._ask_our_side(text, diagnosis, state)
        if our_side is not None:
            return our_side
        ranking = state.ranking()
        candidates = [s for s, v in ranking if v > 0][:2]
        if len(candidates) < 2:
            candidates = list(SPHERES) if not candidates else [candidates[0], ranking[1][0]]
        question = self.questions.pick(
            candidates,
            text,
            frozenset(state.asked),
            told=self._story(text),
            incident=not state.problems and _one_event(text),
            changed=any(
                _A_CHANGE.search(told)
                for told in (text, *(e.clause or e.phrase for e in state.evidence))
            ),
        )
        if question is None:  # every fitting question was asked: commit to the best reading
            if state.evidence:
                return self._recommend(text, diagnosis, state, before)
            return Plan(Action.REDIRECT, text, diagnosis, state, turn=state.turn, role=state.role)
        return _ask(
            question,
            text,
            diagnosis,
            state,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in candidates if s in SPHERES},
        )

    def _ask_our_side(self, text: str, diagnosis: Diagnosis, state: State) -> Plan | None:
        """The question about the team's side, for a message about an outsider behaving
        badly, asked once (not for one dated event, whose own question comes first: whether
        it happened before); None otherwise."""
        question = self.questions.get(OUR_SIDE)
        if (
            question is None
            or OUR_SIDE in state.asked
            or (not state.problems and _one_event(text))
            or not self.cues.from_outside(text)
            or _OUR_SIDE.search(text)
        ):
            return None
        return _ask(question, text, diagnosis, state)

    @staticmethod
    def _retrieval(text: str, sphere: str, state: State) -> InterventionQuery:
        """What to retrieve for `sphere`: the message with the strongest words, and the
        clauses behind them (the classifier has embedded those already, so the search
        costs no extra pass through the model)."""
        return InterventionQuery(
            text=" ".join([text, *state.quotes(sphere)]),
            sphere=sphere,
            role=state.role,
            exclude=frozenset(state.suggested),
            clauses=tuple(state.quote_clauses(sphere)),
        )

    def _recommend(self, text: str, diagnosis: Diagnosis, state: State, before: str | None) -> Plan:
        ask_role = state.role is None and not state.role_asked
        state.role_asked = state.role_asked or ask_role
        advise = state.role is not None and state.role_advised != state.role
        state.role_advised = state.role
        plan = self._diagnosed(Action.RECOMMEND, text, diagnosis, state, ask_role=ask_role)
        plan = replace(plan, advise_role=advise)
        sphere = plan.sphere
        if sphere is None:
            return plan
        this_turn = [e for e in state.evidence if e.turn == state.turn and e.sphere == sphere]
        because = max(this_turn, key=lambda e: e.score).phrase if this_turn else None
        changed = before if before is not None and before != sphere else None
        if before is not None and changed is None and plan.retrieval is not None:
            # more of the same: one new move at most, never one shown before
            plan = replace(plan, retrieval=replace(plan.retrieval, limit=1, repeat=False))
        return replace(
            plan,
            first_diagnosis=before is None,
            changed_from=changed,
            because=because,
            reframed=self.intents.reframes(text) or self.intents.reports_better(text),
        )

    def _answer(self, kind: str, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        """Answers the person's question from the diagnosis so far and the knowledge base:
        about the problem the question names, when several are open ("how do I get the
        leads to agree who owns what" is about the roles one), else the leading one."""
        sphere = (self._about(text, state) if kind != "explain" else None) or state.recommended
        still_open = _open_spheres(state)
        if kind in MOVE_KINDS and len(still_open) == 1 and sphere not in still_open:
            # the problem worked on is addressed and one other is still open ("the tip pool
            # grumbling is still there tho. what's my next move on that one?"): that one;
            # "how will I know it's working?" and "why?" stay with the one in hand
            sphere = next(iter(still_open))
            if not self.intents.asks(text):
                # "ok we did the fridge. checks at open, 3pm and close ... Now what?": the
                # step told with the question settles the one in hand, and the one still open
                # is worked on from here; a question alone changes no recommendation ("who
                # should own the repeat prescriptions though?" after the phones were fixed)
                state.recommended = sphere
        ranking = state.ranking()
        leaning = False
        if sphere is None and kind in LEANING_KINDS and ranking and ranking[0][1] > 0:
            # a problem is told but the follow-up is still open: a first step for the
            # sphere that leads so far, said to be provisional
            sphere, leaning = ranking[0][0], True
        # (the fix the question itself names, before any told in the news around it: "...
        # the PT on shift does the walkthrough ... do i need to pay the PTs to make them care?")
        asked_part = " ".join(x for x in sentences(text) if asks_sentence(x))
        found = (
            (asked_part and self.intents.move(asked_part)) or self.intents.move(text)
            if kind == "opinion"
            else None
        )
        move, move_words = found if found else (None, None)
        if kind == "opinion":
            move_words = _proposal(text) or move_words
        topic = _topic(text) if kind in ("explain", "why", "doubt") else None
        references: list[Reference] = []
        if kind == "explain":
            page = {
                **{str(s): f"sphere-{s}" for s in SPHERES},
                **{str(o): f"overlap-{o}" for o in OVERLAPS},
                "centre": "the-centre",
                "model": "model-overview",
            }.get(topic or "model", "model-overview")
            if page in self.references:
                references.append(self.references[page])
        elif kind in ("why", "doubt") and sphere:
            page = f"sphere-{sphere}"
            if page in self.references:
                references.append(self.references[page])
        elif kind == "opinion" and move is not None and move in OVERLAPS:
            page = f"overlap-{move}"
            if page in self.references:
                references.append(self.references[page])
        # "what if the others just ignore the card?": whether people will keep a process or
        # role move is a buy-in question, answered with a buy-in move's first steps
        resisted = (
            kind == "first_steps"
            and sphere not in (None, "leadership")
            and bool(_RESISTED.search(text))
        )
        retrieval = None
        if sphere and kind in ("first_steps", "opinion", "general", "measure"):
            named = self._named_move(text, state, sphere)
            retrieval = InterventionQuery(
                text=" ".join([text, *state.quotes(sphere)]),
                sphere="leadership" if resisted else sphere,
                role=state.role,
                # first steps come from the best fit, shown or not, but never the same
                # move twice in a row: asked again, the person hears about another one
                # (how to tell it works is about the move they have, not another one)
                exclude=frozenset(state.stepped[-1:] if kind != "measure" else ()),
                clauses=tuple(state.quote_clauses(sphere)),
                prefer=named,
            )
        return Plan(
            Action.ANSWER,
            text,
            diagnosis,
            state,
            sphere=sphere,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in SPHERES},
            retrieval=retrieval,
            role=state.role,
            turn=state.turn,
            question_kind=kind,
            move=move,
            move_words=move_words,
            topic=topic,
            references=tuple(references),
            leaning=leaning,
            resisted=resisted,
        )

    def _named_move(self, text: str, state: State, sphere: str) -> str | None:
        """The source of a move shown before that the message names: by its place in the
        last list ("the second one") or by a distinctive word of its title or file name
        ("the running order thing", "the blameless debrief")."""
        lowered = text.lower()
        place = _PLACE.search(lowered)
        if place is not None and state.listed:
            index = ORDINALS[place.group(1)]
            if abs(index) < len(state.listed) or index == -1:
                return state.listed[index]
        phrase = " ".join(g for m in _NAMES_A_MOVE.finditer(lowered) for g in m.groups() if g)
        words = {w.rstrip("s") for w in re.findall(r"[a-z]{5,}", phrase)} - _PLAIN_WORDS
        if not words:
            return None
        documents = cached_knowledge(self.intents.knowledge_dir).documents
        titles = {d.source: d.title for d in documents}
        # (then the other moves of the sphere's kind: "the checklist one", not shown yet)
        others = [
            d.source
            for d in cached_knowledge(self.intents.knowledge_dir).of_kind("intervention")
            if d.overlap == overlap_for(sphere) and d.source not in state.suggested
        ]
        for source in [*reversed(state.suggested), *others]:
            named = re.findall(
                r"[a-z]{5,}", f"{titles.get(source, '')} {source.rsplit('/', 1)[-1]}".lower()
            )
            if words & {w.rstrip("s") for w in named}:
                return source
        return None

    def _misfit(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        """The answer when the person says the move just shown does not fit their work: the
        move they mean (by its words, else the first one shown last) is never suggested
        again, and the first steps of another move of the sphere are given instead."""
        words = set(re.findall(r"[a-z]{4,}", text.lower()))
        shown = state.shown_last
        # ("number 2 doesnt fit at all", "the second one wont work for us": by its place)
        index = _place_in_list(text)
        if index is not None and -len(state.listed) <= index < len(state.listed):
            shown = [state.listed[index]]
        by_words = [s for s in shown if words & set(re.findall(r"[a-z]{4,}", s.rsplit("/", 1)[-1]))]
        # (every move named as out of reach: "i cant do role cards or cross training")
        for meant in _ruled_out(text, shown) or by_words[:1] or shown[:1]:
            if meant not in state.rejected:
                state.rejected.append(meant)
        plan = self._answer("first_steps", text, diagnosis, state)
        return replace(plan, misfit=True)

    def _which_sphere(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        state.focus = None  # the ranking of everything told decides from here
        if not state.evidence and state.checkup_lowest() is None:
            return Plan(Action.TOO_EARLY, text, diagnosis, state, turn=state.turn, role=state.role)
        if state.checkup_lowest() is None:
            return self._diagnosed(Action.WHICH_SPHERE, text, diagnosis, state)
        # a checkup kept with the conversation weighs in, with what was said
        sphere, _weights = state.weighed()
        assert sphere is not None
        state.recommended = sphere
        state.follow_ups_in_row = 0
        return Plan(
            Action.WHICH_SPHERE,
            text,
            diagnosis,
            state,
            sphere=sphere,
            ranking=tuple(state.ranking()),
            quotes={s: state.quotes(s) for s in SPHERES},
            retrieval=self._retrieval(text, sphere, state),
            role=state.role,
            turn=state.turn,
            checkup=dict(state.checkup or {}),
        )

    def _diagnosed(
        self, action: Action, text: str, diagnosis: Diagnosis, state: State, ask_role: bool = False
    ) -> Plan:
        """A plan that names the top sphere of everything said, with its interventions
        (no sphere yet for a reflex before any evidence)."""
        ranking = state.ranking()
        sphere = ranking[0][0] if state.evidence else None
        if action == Action.RECOMMEND and state.focus in _open_spheres(state):
            sphere = state.focus  # the problem told last, taken up now
        still_open = _open_spheres(state)
        if (
            still_open
            and sphere not in still_open
            and (
                action == Action.RECOMMEND
                or (
                    action == Action.WHICH_SPHERE
                    and any(p.sphere == sphere for p in state.problems)
                )
            )
        ):
            # what was worked on is addressed: the first of the problems still open ("We
            # made a setup sheet ... complaints down to 2. Next thing on my list: room
            # service ...")
            sphere = next(s for s, _ in ranking if s in still_open)
        told = {p.sphere for p in state.problems}
        if action == Action.WHICH_SPHERE and len(told) > 1:
            # the person said which one lies behind the other, or else the one upstream in
            # the cycle: the cause is what to fix, however loud the other is (harm that
            # cannot wait gets a stopgap this week: the reply says so); a cause already
            # worked on stays the one to keep fixing first
            sphere = state.root if state.root in told else _upstream(state, among=state.problems)
        if sphere is not None:
            state.recommended = sphere
        if action != Action.REFLEX:  # a reflex answers a request; the questions go on
            state.follow_ups_in_row = 0
        retrieval = self._retrieval(text, sphere, state) if sphere else None
        if action == Action.WHICH_SPHERE and retrieval is not None and state.suggested:
            # "which first?" once moves were shown: the one move to start with (shown
            # before or not), not three more to choose from
            retrieval = replace(retrieval, exclude=frozenset(), limit=1)
        return Plan(
            action,
            text,
            diagnosis,
            state,
            sphere=sphere,
            ranking=tuple(ranking),
            quotes={s: state.quotes(s) for s in SPHERES},
            retrieval=retrieval,
            role=state.role,
            ask_role=ask_role,
            turn=state.turn,
        )

    def _reflex(self, text: str, diagnosis: Diagnosis, state: State) -> Plan:
        return self._diagnosed(Action.REFLEX, text, diagnosis, state)


# questions about what to do next, answered for the problem still open
MOVE_KINDS = ("first_steps", "general", "opinion")
# something done, or a result, in a message the news model reads: a past action ("we
# taped", "Sam took it on"), or how things stand since ("three Fridays now, no slack dough")
_SOMETHING_DONE = re.compile(
    r"\b([a-z]+ed|did|done|made|put|set|got|gave|wrote|took|began|begun|started|tried|ran|had|"
    r"went|kept|sat|told|spoke|hired|fixed|sorted|built|brought|bought|taught|caught|held|"
    r"stuck|picked|won|lost|tape|use|using)\b|\b(since|now|anymore|any more|no more|zero|none|every "
    r"(day|shift|week|time)|so far|in a row|straight|down|up|better|fewer|less|complete|perfect|"
    r"smooth|missing|last (week|month|night|shift|time))\b|\b(\d+|one|two|three|four|five|six|a|a "
    r"couple of|couple) (wks?|weeks?|days?|months?|shifts?|nights?|services|runs|jobs|fridays|"
    r"saturdays|weekends)\b",
    re.IGNORECASE,
)
# a move named by its place in the last list: "the second one", "the last move"
_PLACE = re.compile(r"\bthe (first|1st|second|2nd|third|3rd|last) (one|move|idea|option)\b")


def _place_in_list(text: str) -> int | None:
    """The index a message gives a move by ("number 2", "#3", "the second one"), if any."""
    number = NUMBERED.search(text)
    if number is not None:
        return int(number.group(1)) - 1
    place = _PLACE.search(text.lower())
    if place is None:
        return None
    return ORDINALS[place.group(1)]


# where a message names a move: "the checklist one", "the running order thing", "steps
# for the blameless debrief", "how do i start the kit list"
_NAMES_A_MOVE = re.compile(
    r"\b(?:the|that|this|your) ((?:[\w-]+ ){0,4}?[\w-]+) (?:one|thing|move|idea|bit|option)\b|"
    r"\b(?:steps? (?:for|on|of)|start(?:ing)?(?: with| on)?|begin(?: with)?|set up|run|roll out|"
    r"try) (?:the|that|this|a) ((?:[\w-]+ ?){1,4})"
)
# words too common to name a move by ("how do i start with the team", "where do i start")
_PLAIN_WORDS = frozenset(
    [
        "every",
        "their",
        "there",
        "where",
        "which",
        "people",
        "start",
        "starting",
        "thing",
        "things",
        "would",
        "could",
        "should",
        "about",
        "after",
        "before",
        "first",
        "second",
        "third",
        "other",
        "owner",
        "owners",
        "named",
        "change",
        "changes",
        "really",
        "today",
        "great",
        "right",
        "think",
        "doing",
        "works",
        "working",
        "actually",
        "start",
    ]
) | {"team", "teams"}
RULED_OUT_WORDS = 60  # a message this short that names moves it cannot do rules them out
# "i can't do role cards or cross training", "we won't run shadow shifts": what follows may
# name moves shown
_CANT_DO = re.compile(
    r"\b(can\x27?t|cant|cannot|won\x27?t|wont|couldn\x27?t|(am|are) not allowed to|no way (i|we) can) "
    r"(do|run|use|try|set up|start|make|book|organi[sz]e|write|hold)\b(?P<what>[^.?!]{0,60})",
    re.I,
)


def _ruled_out(text: str, shown: Sequence[str]) -> list[str]:
    """The moves shown (their sources) that `text` says the person cannot do, named by
    two of their words or one long one ("role cards", "cross training")."""
    said: set[str] = set()
    for cant in _CANT_DO.finditer(text):
        said |= set(re.findall(r"[a-z]{4,}", cant.group("what").lower().replace("-", " ")))
    named = []
    for source in shown:
        common = said & set(re.findall(r"[a-z]{4,}", source.rsplit("/", 1)[-1]))
        if len(common - {"team", "every"}) >= 2 or any(len(w) >= 9 for w in common):
            named.append(source)
    return named


UNANSWERED_WORDS = 15  # "you didnt answer me. yes or no": a complaint, not a new question
MISFIT_WORDS = 25  # a message this short that says the move does not fit is only that
# the coach said the same move again: "you just told me the same thing again", "you said
# the hero thing again", "that's the same advice as before"
_REPEATED = re.compile(
    r"\byou (just |already )?(told|said|gave|suggested|showed)( me)?( (that|this|it|the [\w -]{1,30}?))? "
    r"(again|already|twice|before)\b|\byou(\x27re| are) repeating( yourself)?\b|\b(same|that) "
    r"(thing|answer|advice|step|move|idea|one) (again|as (before|last time))\b",
    re.IGNORECASE,
)
# the move shown does not fit the person's kind of work: "its a hotel not a festival",
# "we don't do pack downs", "that doesn't apply to a call centre", "pack down??"
_MISFIT = re.compile(
    r"\b(it\x27?s|its|it is|we\x27?re|were|we are|this is|i work (in|at)) (a|an) "
    r"(?![\w -]{0,25}\b(problem|issue|thing|one)\b)[\w -]{2,25}?,? not (a|an) [\w -]{2,25}\b|"
    r"\bwe (don\x27?t|dont|do not|never) (do|have|run) (pack ?-?downs?|load-?ins?|gigs|shows|"
    r"events|setups?|changeovers?|kits?|crews?|rigs?|releases?|deploys?|sprints?|jobs|projects|"
    r"shifts|services|deliveries|orders|clients|customers|patients)\b|"
    r"\b(that|this|it|none of (that|this)) (doesn\x27?t|does not|doesnt|won\x27?t|wont|"
    r"wouldn\x27?t|wouldnt) (really )?(fit|apply) (for |to |in )?(us|a [\w-]+|an [\w-]+|"
    r"our [\w-]+|my [\w-]+)\b|"
    r"\bnot (relevant|applicable) (to|for|in) (us|a [\w-]+|an [\w-]+|our [\w-]+|my [\w-]+)\b|"
    # "im cleaning hotel rooms mate, that doesnt fit at all", "none of that fits a school"
    r"\b(that|this|it|that one|(number|option|no\.?|#) ?[1-3]|the (first|second|third|last) (one|move|idea))"
    r" (doesn\x27?t|does not|doesnt) (really )?(fit|apply)\b(?! (in|into|with|on)\b)|"
    r"\b((number|option|#) ?[1-3]|the (first|second|third|last) (one|move|idea)) (won\x27?t|wont|"
    r"wouldn\x27?t|can\x27?t|cant) (really )?work (for|here|in|at)\b|"
    r"\bnone of (that|this|it|those|them) (fits?|applies|apply)\b|"
    # "I'm not the boss I cant 'design the change with veterans'", "i cant do the veterans
    # thing": a move the person has no power to make
    r"\b(i\x27?m|im|i am) (not|only|just) (the|a|an) ([\w-]+ )?(boss|manager|owner|head|supervisor|"
    r"lead|director|gm)\b[^.?!]{0,15}\b(i )?(can\x27?t|cant|cannot)\b|"
    r"\b(can\x27?t|cant|cannot) (do|run|hold|make|force|design|set up|change)\b[^.?!]{0,50}\b(i\x27?m|im|"
    r"i am) (not|only|just) (the|a|an) ([\w-]+ )?(boss|manager|owner|head|supervisor|lead|director|gm|"
    r"member of staff|[\w-]+ist|[\w-]+er)\b|"
    r"\bi (literally |already |just )*(said|told you) i (can\x27?t|cant|cannot)\b|"
    r"\b(pack ?-?downs?|load-?ins?|rigging|gigs?|show leads?)\s*\?\?|"
    # "customers?? im a teacher"
    r"\b(?!(what|really|why|how|huh|seriously|wait|ok|okay|sorry|lol|hmm|and|so|me|again|late|"
    r"broken|missing|short|down)\b)[\w-]+\s*"
    r"\?\?+\s*(i\x27?m|im|i am|we\x27?re|were|we are|it\x27?s|its|this is) (a|an|in|at) ",
    re.IGNORECASE,
)


def _topic(text: str) -> str | None:
    """What an explain- or why-question is about: a sphere, an overlap, the centre."""
    lowered = text.lower()
    for name in (*SPHERES, *OVERLAPS):
        if re.search(rf"\b{re.escape(str(name))}\b", lowered):
            return str(name)
    if re.search(r"\bbuy in\b", lowered):
        return "buy-in"
    if re.search(r"\b(centre|center)\b", lowered):
        return "centre"
    if re.search(r"\boverlaps?\b", lowered):
        return "overlap"
    return None


# the virtuous cycle: leadership builds buy-in, buy-in fuels accountability,
# accountability drives execution
CYCLE = ("leadership", "accountability", "execution")


# a cause said before what it causes: "the schedule chaos is why cleaning gets rushed",
# "the rota is the reason they leave"
_IS_WHY = re.compile(
    r"\b(is|are|was|were|\x27s) (probably |really |partly |mostly |definitely )?(why|the (main |real )?reason|"
    r"what\x27s behind|behind)\b(?! (is|was)\b)",
    re.I,
)
# where a guess at the cause starts: "... once people stopped caring", "it all starts with
# nobody owning anything", "because of the bonus thing"
_CAUSE_MARK = re.compile(
    # (not a time: "close cases after 6 weeks", "after each show nobody knows ...")
    r"\b(because( of)?|due to|since|once|ever since|after(?! ((\d+|a|an|one|two|three|four|five|"
    r"six|ten|a few|several) (days?|weeks?|months?|years?|hours?|shifts?|minutes?)|(each|every) "
    r"[\w-]+)\b)|"
    r"thanks to|comes? (down to|from)|"
    r"(all )?(starts?|started|stems?|stemmed|comes?|came) (with|from)|down to|behind (it|all)|"
    # "both said they're sick of every build being a scramble"
    r"(sick|tired) of|fed up (with|of))\b"
    # (not a bare "ever since" that ends the clause: "they've been saying it ever since and
    # barely use it")
    r"(?!\s*(and|but|so|then|now)\b|\s*[,.;!?)]|\s*$)",
    re.I,
)
# each sure that another has it: "every caseworker assumes someone else is on duty"
_ASSUMED_OTHER = re.compile(
    r"\b(assumes?|assumed|thinks?|thought|figures?) (that )?(someone|somebody|the other|another)\b",
    re.I,
)
# a cause in words of one sphere, when it names no problem told
_CAUSE_WORDS = {
    "leadership": re.compile(
        r"\b(stopped (caring|trusting|believing)|(don\x27t|doesn\x27t|do not) (care|trust|believe)|"
        r"trust|morale|fed up|gave up|given up|bought in|buy-?in|the bonus|the changes|"
        r"no (reason|explanation)|never (told|explained))\b",
        re.I,
    ),
    "accountability": re.compile(
        r"\b(nobody|no one|noone)(\x27s| is)? (actually |really |properly )?(owning|owns|in charge|"
        r"responsible|running|runs|taking (charge|ownership)|takes (charge|ownership))|"
        r"\b(owning|ownership|whose job|who owns|in charge of)\b",
        re.I,
    ),
    "execution": re.compile(
        r"\b(no (list|system|checklist|routine|set way|standard|process)|from memory|"
        r"(their|his|her) own way|the handovers?|the rota|(same|the) mistakes|firefighting|"
        r"scrambles?|chaos)\b",
        re.I,
    ),
}


# where a message marks the worse of the problems it tells: "Second, and worse, our
# intake", "The one really hurting us is welding", "And the one that scares me: handover"
_WORSE = re.compile(
    r"\b(second(ly)?|and|but|also|plus),? (and )?(this is |that\x27s |it\x27s )?(the )?(worse|worst|"
    r"bigger|biggest|more (important|urgent|serious)|most (important|urgent|serious))\b"
    r"|\bthe (one|thing|bit|part)( that\x27s| that is| that| which)? (really |actually |properly )?"
    r"(hurting|hurts|costing|costs|scares|worries|killing|kills|bugs|matters|keeps me up|eating|eats|"
    r"gets (to )?me|drives me (mad|nuts|crazy|up the wall)|winds me up|wrecks|ruins)\b"
    # "But the snagging is what's costing me", "what I'm losing sleep over is the cash-up",
    # "the allergen changeovers really scare me"
    r"|\bwhat(\x27s| is)( really| actually)? (costing|killing|hurting|scaring|worrying) (me|us)\b"
    r"|\bwhat (i\x27m|i am|im|we\x27re|we are)( really| actually)? (losing sleep over|worried about|"
    r"scared of|most worried about)\b|\breally (scares?|terrifies|worries) me\b"
    # (not "second, not a big thing, but ...")
    r"|\b(?<!not a )(?<!not the )(?<!not )(?<!no )(the )?(big|bigger|worse|worst|biggest|real|main) (one|problem|"
    r"issue|thing|headache)\b"
    # "Two things are bugging me. Biggest: the board ..."
    r"|\b(biggest|worst|bigger|worse)\s*:",
    re.I,
)
# where a message marks the lesser of the problems it tells, so the other is the worse:
# "second thing, smaller: closing sidework ...", "the minor one: the rota"
_LESSER = re.compile(
    r"\b(smaller|minor|lesser|less urgent|not as bad)\s*:|\b(the )?(smaller|minor|lesser) (one|thing|issue|"
    r"problem)\s*[:,]"
    # "Second, smaller maybe, when I changed the hours ..."
    r"|\b(second(ly)?|2nd|next|also),? (a |the )?(smaller|minor|lesser|less urgent)( one| thing| issue|"
    r" problem)?( maybe| probably| perhaps| i guess| though)?\s*[:,]",
    re.I,
)


# which of the problems told is the worse, by place: "2 things, the first is bigger: ...",
# "Two things driving me nuts, mostly the first", "the second one is the real headache"
_WHICH_WORSE = re.compile(
    r"\bthe (?P<which>first|second|last|latter)( one| thing| bit)?(\x27s| is)( the| by far the| much| way)? "
    r"(bigger|worse|worst|biggest|main|real|more urgent)\b"
    # ("mostly the first:", not a bare "The first: ..." that only counts them)
    r"|\b(mostly|especially|mainly) the (?P<also>first|second|last|latter)\b",
    re.I,
)


def _marked_worse(text: str, new: tuple[Problem, ...]) -> Problem | None:
    """Of two problems of different spheres told in one message, the one told after the
    words that mark it as the worse ("Second, and worse, our intake ...", "Biggest: ..."),
    or the one not told after words that mark the other as the lesser ("second thing,
    smaller: ..."); None when the message marks none, or tells fewer."""
    if len({p.sphere for p in new}) < 2:
        return None
    lowered = text.lower()
    told = [(_told_at(lowered, p.text), p) for p in new]
    which = _WHICH_WORSE.search(text)
    if which is not None and all(at >= 0 for at, _ in told):
        # "2 things, the first is bigger: ...", "mostly the first", "the second one is worse"
        ordered = sorted(told, key=lambda found: found[0])
        place = (which.group("which") or which.group("also")).lower()
        return ordered[0 if place == "first" else -1][1]
    mark = _WORSE.search(text)
    lesser = _LESSER.search(text)
    if mark is None and lesser is not None and len(new) == 2 and all(at >= 0 for at, _ in told):
        # "2 things. first, ... second thing, smaller: ...": the one not called smaller
        called = [p for at, p in told if at >= lesser.start()]
        if len(called) == 1:
            return next(p for p in new if p is not called[0])
    if mark is None:
        return None
    for at, problem in told:
        if 0 <= at <= mark.start() < at + len(problem.text):
            return problem  # "But the snagging is what's costing me: ...": marked inside it
    after = [(at, p) for at, p in told if at >= mark.start()]
    return min(after, key=lambda found: found[0])[1] if after else None


def _told_at(lowered: str, entry: str) -> int:
    """Where in a message (lower case) a ledger entry was told, or -1: the entry as it
    stands, or without the topic put before it ("The cash up: every closer does it ...")."""
    for piece in (entry, entry.split(": ", 1)[-1]):
        at = lowered.find(piece[:30].lower())
        if at >= 0:
            return at
    return -1


# how a message opens when the person looks again at what they told: "Thinking about it,
# ...", "come to think of it"
_LOOKING_AGAIN = (
    r"thinking about it|thinking it over|come to think of it|now (that )?i think about it|"
    r"the more i think about it|"
    # "Thinking about the venue thing more, ...", "Thinking about the price changes again"
    r"thinking about (the|that|this|our) [\w-]+( [\w-]+){0,2} (more|again|some more)|"
    r"looking at it again|"
    # "ok thinking more its less the mixed msgs", "thinking abt it some more"
    r"thinking( (about|abt|on) it)?( some)? more|thinking( (about|abt|on) it)? again|"
    # "hmm talked to them and no, the crew lead owns it for sure"
    r"(i )?(talked|spoke|spoken|checked) (to|with) (them|him|her|everyone|everybody|each of them|"
    r"the [\w-]+)( again)?( and| but)?,? (no|nope|turns out|it turns out)\b"
)
# a message that opens by putting what was told right: "actually ...", "thinking about it
# more, ...", "on reflection ...", "let me put it differently.", "hm, I forgot, ..."
_LOOKED_AGAIN = (
    rf"{_LOOKING_AGAIN}|on reflection|having (thought|looked|sat|slept|watched|spent|checked|talked|spoken)|"
    r"let me (put|say) (it|that) "
    r"(differently|another way)|let me rephrase|i forgot(?! to| about| that| what)|"
    r"(i|we)(\x27ve| have)? (just )?(talked|thought) it (through|over)|reading (that|it|this) back|"
    # "Hmm, I've thought about it and that's not it"
    r"(i|we)(\x27ve| have) (thought|been thinking) about (it|this|that)|"
    # "Hmm, when I dig into it, the eye-rolling is about one thing"
    r"(when|now that|now|after|once) (i|we) (dig|dug|look|looked|dig deeper|dug deeper|drill|drilled) "
    r"(into|at) (it|this|that)|"
    r"(after )?talking (to|with) (the others|them|everyone|everybody|the team|the crew|people)|"
    # "hmm, talking it through with my leads", "thing is I've since found out", "Hmm, wait,
    # I should have said: ...", "no wait, that's wrong", "now that I write it out"
    r"talking it (through|over)|(thing is,? )?(i|we)(\x27ve| have) since (found out|learned|learnt)|"
    r"i should(\x27ve| have) (said|mentioned)|i should say|"
    r"(that\x27s|thats|that is|i was|i got (it|that)) wrong|now that i (write|put|see|say|type) it"
)
# where a message turns from what happens to what lies behind it: "but honestly ...",
# "thing is ...", "the real problem is ..."
_PIVOT = re.compile(
    r"(\bbut|[.,;:]|^)\s*(honestly|really|truthfully|tbh)?,?\s*(the )?(real )?(thing|problem|issue) is\b"
    r"|\bbut (honestly|really|truthfully|tbh)\b",
    re.I,
)
# the speaker speaks of themselves
_FIRST_PERSON = re.compile(r"\b(i|i\x27m|im|i\x27ve|ive|me|my|myself|mine)\b", re.I)
_ACTUALLY = re.compile(
    rf"^\W*((ok|okay|so|hmm+|no|nah|wait|well|right|sorry|hang on)\W+)*(actually|{_LOOKED_AGAIN})\b"
    # "Hmm no, after the review meeting it's clearer"
    r"|^\W*(hmm+|hm+)\W+no\b",
    re.I,
)
# words that tell something going wrong in a sentence of a story
_TELLS_TROUBLE = re.compile(
    r"\b(nobody|no one|never|don\x27t|doesn\x27t|didn\x27t|can\x27t|won\x27t|isn\x27t|aren\x27t|not|no|"
    r"forg[eo]t\w*|miss\w*|lost|lose|late|wrong|skip\w*|blame\w*|differently|same way|mess|"
    r"broken|short|ran out|run out)\b",
    re.I,
)
_MORE_THAN_THAT = re.compile(
    r"^\W*((ok|okay|so|hmm+|well)\W+)*actually,? (it\x27s|its|it is|there\x27s|theres|there is) (even |a lot |way )?"
    r"more( to it)?( than that)?\b",
    re.I,
)
_TOO_ALSO = re.compile(r"\b(too|as well|also|on top of)\b", re.I)
# a message that opens by looking at the reading again, not at what causes what
_LOOKS_AGAIN = re.compile(rf"^\W*({_LOOKED_AGAIN})\b", re.I)
# the person says what they need: "I just need another 2 engineers"
_WE_NEED = re.compile(r"\b(i|we) (just |really |only |simply )?(need|want|could use)\b", re.I)
# a message that opens by naming what it is about: "on the laptops, ...", "oh and about the
# till count: ...", "back to the rota -"
_BACK_TO = re.compile(
    r"^\W*((oh|and|also|ok|okay|so|right|update)\W+)*((on|about|re|regarding|as for|back to) )?"
    r"(the|our|my|that) (?P<topic>[\w\x27 -]{2,40}?)\s*[,:-]",
    re.I,
)


def _back_to_a_problem(text: str, state: State) -> Problem | None:
    """The problem in the ledger a message opens by naming ("on the laptops, I made a
    checklist ...", "and the scanners, ..."), the latest first; None otherwise."""
    back = _BACK_TO.match(text)
    if back is None:
        return None
    topic = _stems(back.group("topic"))
    if not topic:
        return None
    return next((p for p in reversed(state.problems) if topic & _stems(p.text)), None)


def _hinted_root(text: str, state: State, among: Sequence[Problem] | None = None) -> str | None:
    """The sphere of the open problem that the person guesses lies behind the others
    ("I reckon the trays got worse once people stopped caring", "part of me thinks nobody
    bothers with snag lists because of the bonus thing"), or None. `among`: the problems
    the cause may be (all open ones when not given)."""
    open_ones = [p for p in among or state.problems if p.status == "open"]
    for told in sentences(text):
        # "I feel like the schedule chaos is why cleaning gets rushed": the cause before
        back = _IS_WHY.search(told)
        if asks_sentence(told) and not _CAUSE_MARK.search(told.split("?")[-1]) and not back:
            continue
        mark = _CAUSE_MARK.search(told)
        if back is not None:
            cause = told[: back.start()]
        elif mark is not None:
            cause = told[mark.end() :]
        else:
            continue
        words = _words(cause) - _COMMON
        # the problem whose own words the cause repeats most ("the bonus thing")
        scored = [
            (len(words & _words(p.text)), p.sphere) for p in open_ones if words & _words(p.text)
        ]
        spheres = {p.sphere for p in open_ones}
        named = [s for s, pattern in _CAUSE_WORDS.items() if s in spheres and pattern.search(cause)]
        if len(named) == 1:
            return named[0]
        if not named and "accountability" not in spheres and _ASSUMED_OTHER.search(cause):
            # ("it rings out ... because every caseworker assumes someone else is on duty":
            # each sure another has it, which none of these problems is about, whatever
            # nouns it shares with them)
            continue
        if scored:
            best = max(scored)
            if back is None and 2 * best[0] < len(words) and best[0] < 2:
                # ("I only paid it to my brother's crew because his jobs were the big ones":
                # one word in common in a cause about something else is no tie)
                continue
            if sum(1 for n, _ in scored if n == best[0]) == 1 or len({s for _, s in scored}) == 1:
                return best[1]
    return None


def _upstream(state: State, among: Sequence[Problem] | None = None) -> str:
    """Of the open problems (or those given; those the person called small last), the
    sphere that feeds the others in the cycle: belief first, then ownership, then the way
    of working."""
    open_ones = list(among) if among is not None else _open_problems_of(state)
    weighty = [p for p in open_ones if p.stakes >= 0] or open_ones
    return min((p.sphere for p in weighty), key=CYCLE.index)


def _told_anything(state: State) -> bool:
    """Whether the person has told the coach anything about their work yet (a problem, or
    a story the coach asked about)."""
    return bool(state.problems or state.evidence or state.asked)


def _open_spheres(state: State) -> set[str]:
    return {p.sphere for p in state.problems if p.status == "open"}


def _shows_other(diagnosis: Diagnosis, sphere: str, cued: bool = False) -> bool:
    """Whether a message shows a problem clearly in a sphere other than `sphere`; with
    `cued`, also a sphere a cue names in so many words, however thin its score ("They like
    the idea fine. What's eating them is that nobody owns the jobs it created")."""
    return any(
        tag.sphere != sphere
        and (tag.score >= CLEAR_EVIDENCE or (cued and tag.sphere in diagnosis.cued))
        and tag.sphere not in diagnosis.healthy
        for tag in diagnosis.tags
    )


_RESISTED = re.compile(
    r"\bwhat (if|happens if|do (i|we) do if|about when)\b[^?.]{0,60}\b(ignore|ignores|don\x27t (use|follow|read|do|bother)|"
    r"won\x27t (use|follow|do|bother)|refuse|refuses|skip|skips|hate|hates|push back|resist|laugh|"
    r"roll (their|his|her) eyes|go back to)\b",
    re.I,
)
_OPENS_ANOTHER = re.compile(
    r"^\W*((ok|okay|so|and|also|oh|right|alright|anyway)\W+)*((a|one|the) )?(separate|different|other|"
    r"another|unrelated|totally separate|totally different) (thing|problem|issue|one|topic|"
    r"matter)\b|^\W*((ok|okay|so|and|also|oh)\W+)*(separately|unrelated(ly)?)\b",
    re.I,
)
# a question put as a complaint that it went unanswered: "you didnt say who should own it"
_UNSAID = re.compile(
    r"\byou (didn\x27?t|didnt|did not|haven\x27?t|havent|never|still (haven\x27?t|havent)) "
    r"(say|said|tell me|told me|answer|answered|explain|explained)\W+(?P<asked>(who|what|how|whether|"
    r"when|which|where|why|if) [^.!?]{3,120})",
    re.I,
)
# what still falls short, in a later sentence of news: "but the PTs are now skipping it"
_STILL_SHORT = re.compile(r"^\W*(but|except|although|though|however)\b|\bstill\b", re.I)
# the trouble told again, said so first: "More on that:", "Another example from this week,
# same thing:", "Here's another one"
_MORE_OF_SAME = re.compile(
    r"^\W*((ok|okay|so|and|oh|right|also)\W+)*(more on (that|it|this|the (?P<topic>[\w-]+( [\w-]+)?))\b|((here\x27s|"
    r"heres|here is) )?another (example|case|instance)\b|same (thing|story) again\b|(one )?more "
    r"example\b|for (example|instance)\b|example\W)",
    re.I,
)
_BUT_NOW = re.compile(r"\b(but|however|though|except|the (problem|issue|thing) is)\b", re.I)


def _tells_another(text: str, diagnosis: Diagnosis, sphere: str) -> bool:
    """Whether news turns to a problem of a sphere other than `sphere`, told after a "but"
    and with a mechanism a cue names ("the complaints stopped. But now nobody follows up
    ..."), not the step itself in other words ("the PM is now the release owner, with a
    short go/no-go list")."""
    turn = _BUT_NOW.search(text)
    if turn is None:
        return False
    after = text[turn.end() :]
    return any(
        tag.sphere != sphere
        and tag.score >= CLEAR_EVIDENCE
        and tag.sphere in diagnosis.cued
        and tag.sphere not in diagnosis.healthy
        and any(c in after for c in (tag.clauses or tag.evidence))
        for tag in diagnosis.tags
    )


# a message that opens by naming the problem it is about: "on the sign-off thing, ...",
# "About the rota:", "re the callbacks -"
_TOPIC = re.compile(
    r"^\W*((ok|okay|so|right|hmm+|and)\W+)*(on|about|re|regarding|with|as for) (the |our |that )?"
    r"(?P<topic>[\w-]+( [\w-]+){0,2}?)( thing| one| issue| problem| bit| side)?\s*[,:-]",
    re.I,
)


def _told_most(state: State, looked_again: str | None = None) -> str | None:
    """The sphere this turn's message shows most, or None when it shows none clearly
    enough to be a problem of its own. `looked_again`: the sphere of the reading the
    person says they looked at again; the words that deny it ("everyone knows the head
    mechanic owns the workshop, that part is clear") still lean to it, so a sphere close
    behind it is the one the message shows."""
    ranking = state.ranking(state.turn)
    top, score = ranking[0]
    if top == looked_again and ranking[1][1] >= max(REREAD_EVIDENCE, CLOSE_BEHIND * score):
        top, score = ranking[1]
    return top if score >= REREAD_EVIDENCE else None


def _told_before(state: State) -> list[str]:
    """The spheres of the open problems told before this turn, in the order told."""
    return [p.sphere for p in state.problems if p.status == "open" and p.turn < state.turn]


def _last_told(state: State) -> str | None:
    """The sphere of the last open problem told before this turn, or None."""
    earlier = _told_before(state)
    return earlier[-1] if earlier else None


def _open_problems_of(state: State) -> list[Problem]:
    """The ledger's entries still open, in the order told."""
    return [p for p in state.problems if p.status == "open"]


def _open_problems(state: State) -> int:
    """How many problems in the ledger are still open (two of one sphere count two)."""
    return sum(p.status == "open" for p in state.problems)


# the spheres or problems asked about by name, to put one first: "what sphere would you put
# first", "which problem do we tackle first"
_NAMES_WHICH = re.compile(
    r"\b(which|what) (sphere|circle)s?\b|\b(which|what) (area|problem|issue)s? (do|would|should|to)\b"
    r"[^.?]{0,40}\bfirst\b",
    re.I,
)
# the whole picture asked for, however many problems are told: "whats the main thing to
# fix here overall", "so out of all this what matters most for us right now"
_WHOLE_PICTURE = re.compile(
    r"\b(overall|out of all (of )?(this|that|these|those)|(matters|counts) (the )?most|"
    r"the (main|most important|biggest|number one|first|one|very first) thing (for (me|us) )?(i |we )?"
    r"(should )?(to )?(keep )?(fix|tackle|work(ing)? on|focus on|sort out|go after|keep (my|an|our) eye on)\b|"
    r"the (main|most important|biggest|number one|first|one|very first) thing (that )?(needs|need) "
    r"(fixing|sorting|sorting out|work)|the thing to (fix|tackle|sort out|work on|focus on) first|the one thing that matters|"
    # "which of the three?", "which sphere?": the model's spheres asked about by name
    r"(which|what) of (the|your) (three|3|spheres)|which (sphere|circle)|"
    # "give me a summary of my problems", "list my problems pls", "what have i told you so far"
    r"summary|summari[sz]e|recap|rundown|(whole|full|big|complete) picture|list (my|the|all( of)?( my| the)?) "
    r"(problems|issues)|what have i told you( so far)?|"
    # "if I can only work on one thing this quarter, which one is it", "so what's the
    # priority here, is it really leadership?"
    r"if (i|we) (can|could) only (work on|fix|do|tackle|pick|choose|focus on|change) one "
    r"(thing|area|sphere|problem)|(what\x27s|whats|what is) the (real |main |top )?priority"
    r"( here| now| then)?(?=\W*(,|\?|$)))\b"
    # "ok. what first?": nothing but which comes first
    r"|^\W*((so|ok|okay|and|then|right|alright)\W+)*what first\W*$",
    re.I,
)
# a hello that asks how the coach works or how the day goes, not a hint of trouble ("Good
# morning! How does this work, do I just describe what's going on?", "Hey! How's it
# going?", "Hope your day is going better than mine")
_SMALL_TALK = re.compile(
    r"\bhow (does|do) (this|it|you) work\b|\bdo i just (type|describe|tell|write|say|explain)\b"
    r"|\bare (you|u) (a |an )?(bot|robot|ai|person|human|program|real)\b|\bhow(\x27s| is) it going\b"
    r"|\bhow are (you|u)\b|\bhope (your|ur) (day|week|morning)\b|\bfirst time (trying|using|doing)\b"
    r"|\bthought i(\x27d| would) (try|give) (this|it)\b"
    # "so I thought I'd try talking to something that talks back", "thought I'd say hello"
    r"|\bthought i(\x27d| would) (try (talking|chatting|writing) to|say hello|say hi|introduce)\b"
    r"|\b(wanted|want|wanna) to (say hi|say hello|introduce myself)\b|\b(a )?friend (mentioned|recommended|told me about)\b"
    r"|\b(just )?(wanted|want|wanna|going) to (try|test|check) (this|it|you) out\b"
    r"|\b(i\x27m|im|i am|just) curious (what|how) (this|it|you)\b"
    r"|\b(said|says) (this|it|you) (was|is|were|are) (useful|helpful|good|great|worth)",
    re.I,
)
# the coach's own reasoning asked about: "how do you decide which one comes first?"
_HOW_YOU_DECIDE = re.compile(
    r"\bhow (do|did|would) (you|u) (actually |really |even )?(decide|choose|pick|rank|weigh|know|work "
    r"out)\b"
    # "why does it matter which one I start with?"
    r"|\bwhy (does|would|should|do) (it|that|the order) (even |really )?matters?\b",
    re.I,
)
# part of the people on the fix: "Two of the three use it on every call", "most of them
# follow the sheet"
_ADOPTED = re.compile(
    r"\b(one|two|three|four|five|\d+|most|half|all but one) of (the|them|us|our|my)\b[^.;]{0,40}"
    r"\b(use|uses|follow|follows|do|does|run|runs|fill|fills|wear|wears) (it|them|the)\b"
    # "now four of six are using it"
    r"|\b(one|two|three|four|five|six|\d+|most|half) of (the )?(two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|\d+|them|us)( [\w-]+)? (are|is) (now )?(using|following|filling|doing) "
    r"(it|them|the)\b"
    r"|\b(most|half|all|some|two|three|four) (of (the|them|our|my) )?[\w-]+ (have|has) (switched|"
    r"moved over|come round|come around|signed up)\b|\b(everyone|everybody|they all) (follows?|uses?) it\b",
    re.I,
)
# a step that did not take: "Didn't work", "it didn't stick"
_STEP_FAILED = re.compile(
    r"\b(didn\x27t|did not|doesn\x27t|does not|never) (work|stick|help|take|catch on)\b", re.I
)
# a step said to follow the advice: "like we said", "as you suggested", "the sheet I suggested"
_ON_ADVICE = re.compile(
    r"\b(like|as) (we|you|u) (said|suggested|discussed|recommended)\b|\b(you|u|we) suggested\b"
    r"|\blike you told me\b",
    re.I,
)
# "update, i brought it up at the floor meeting", "Quick update:": news of the plan
_UPDATE = re.compile(
    r"^\W*((ok|okay|so|right|hi|hey|hello)\W+){0,3}(a |an |quick |small |little |short |mini )?"
    r"((update|progress report|status report)\b(?!\s+(on|to) (the|my|our|your) (question|advice))"
    # "ok 3 weeks later. I asked Dee to ...", "two weeks on: ..."
    r"|(\d+|a few|a couple of|two|three|four|five|six) (days|weeks|months) (later|on)\b)"
    r"(?!,? (after|from) (talking|speaking|chatting|asking|digging|watching|looking|sitting))",
    re.I,
)
# "thanks thats really helpful", "brilliant, cheers": thanks, said in a few words
_THANKS = re.compile(
    r"^\W*((ok|okay|k|kk|great|brilliant|perfect|awesome|cool|nice|super|lovely|right|alright)\W+){0,2}"
    r"(thanks|thank you|thx|ty|cheers|much appreciated)\b",
    re.IGNORECASE,
)
THANKS_WORDS = 8
# the news model's reading, from which a statement with no trouble in it, told after a
# recommendation, is news (a message with trouble words needs news.SURE)
LIKELY_NEWS = 0.5

# "...but honestly that's small next to the gear problems": a problem told as the lesser
# one is noted, and the coach stays with the one before
_SMALLER = re.compile(
    r"\b(that\x27s|it\x27s|that is|it is|this is) (just )?(small|minor|nothing|secondary)\b"
    r"|\b(small|minor|nothing) (next to|compared (to|with)|beside)\b"
    r"|\bsmaller (issue|problem|thing)\b|\bnot the (main|big|biggest|real) (issue|problem|thing|deal)\b"
    r"|\bside issue\b",
    re.IGNORECASE,
)
# what was told first called the lesser one in other words: "the much bigger problem is",
# "the framework stuff is noise", "that's not what keeps me up at night"
_LESSER_BEFORE = re.compile(
    r"\b(minor|small stuff|bigger|biggest|is (just )?noise|keeps me up|small compared)\b", re.I
)
# a message that says it tells several problems: "Two problems.", "a couple of issues",
# "problem 1: ..."
_SEVERAL_TOLD = re.compile(
    r"\b(two|2|three|3|(a )?couple( of)?|a few|several) (big |main |separate |different |real |"
    r"major |other |unrelated |distinct )?(problems?|issues?|things|headaches|complaints)\b"
    r"|\b(problem|issue) (#|no\.? ?)?(1|one)\b"
    # "downtime log first: ... and second, the plant manager ..."
    r"|\b(and )?second(ly)?\W*[,:]|\bthe other thing is\b|\bother thing:"
    # "... nobody had to explain it. and tooling: every machinist ...", "also separate thing,
    # the seamer checks" (not "On top of that ...", "Also ...": told after a heavier one, the
    # earlier one is often still the one to take up)
    r"|(^|[.!?]\s+)and (the )?[\w-]+( [\w-]+)?:\s|\b(separate|unrelated) (thing|issue|problem)\b",
    re.I,
)
TOLD_FIRST_LEADS = (
    1.5  # of two problems told at once, the earlier is taken up when it weighs this much more
)
RIVAL = 0.2  # a sphere with this share of the top one's evidence competes with it


def _competing(state: State) -> set[str]:
    """The open problems' spheres that weigh at least `RIVAL` of the heaviest: after "the
    real problem is...", the earlier one no longer competes (a problem told in few words
    beside one told at length still does)."""
    totals = state.totals()
    spheres = _open_spheres(state)
    top = max((totals.get(s, 0.0) for s in spheres), default=0.0)
    return {s for s in spheres if top > 0 and totals.get(s, 0.0) >= RIVAL * top}


_BOTH_AT_ONCE = re.compile(
    r"\b(both|all|the two|them)\b[^.?]{0,30}\b(at the same time|at once|in parallel|together|"
    r"simultaneously|side by side)\b[^.?]{0,6}\bor\b"
    # ("can we do all three at once or what's the order?": the order is asked)
    r"(?! (what\x27s|whats|what is) the order| which( one)? first)",
    re.I,
)
_FIRST_OR = re.compile(r"\bfirst\b[^.?]*\bor\b|\bor\b[^.?]*\bfirst\b", re.I)


def _weighs_problems(text: str, state: State) -> bool:
    """Whether a question weighs two problems told against each other ("should i fix the
    reports first or the strategy thing"): "first" and "or", with each side of the "or"
    naming a different problem in the ledger."""
    if not _FIRST_OR.search(text) or len(_open_spheres(state)) < 2:
        return False
    parts = re.split(r"\bor\b", text, maxsplit=1, flags=re.I)
    left, right = _words(parts[0]), _words(parts[1])
    told = {sphere: _told_words(state, sphere, evidence=True) for sphere in _open_spheres(state)}
    named = [{s for s, words in told.items() if side & words} for side in (left, right)]
    return bool(named[0] and named[1] and named[0] != named[1])


_COMMON = frozenset(
    [
        "the",
        "and",
        "that",
        "this",
        "with",
        "what",
        "when",
        "where",
        "have",
        "from",
        "they",
        "them",
        "their",
        "there",
        "were",
        "been",
        "would",
        "should",
        "could",
        "about",
        "just",
        "like",
        "into",
        "over",
        "some",
        "every",
        "each",
        "than",
        "then",
        "also",
        "through",
        "first",
        "again",
        "still",
    ]
)


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) >= 4 and w not in _COMMON}


def _singular(words: set[str]) -> set[str]:
    """`words` without a plural "s" ("chefs" and "chef" meet)."""
    return {w.rstrip("s") for w in words}


def _told_words(state: State, sphere: str, evidence: bool = False) -> set[str]:
    """The content words of the problems of `sphere` in the ledger, and with `evidence`
    of every clause said for it too."""
    texts = [p.text for p in state.problems if p.sphere == sphere]
    if evidence:
        texts += [e.clause or e.phrase for e in state.evidence if e.sphere == sphere]
        # and the everyday names for such a problem: "the attitude thing", "the rota thing"
        texts.append(_EVERYDAY_NAMES.get(sphere, ""))
    return set().union(*(_content(t) for t in texts))


# what people call a problem of each sphere when they weigh one against another ("should
# I sort the reminders or the attitude thing first?", "push for the handover tool first or
# deal with the manager thing first")
_EVERYDAY_NAMES = {
    "leadership": "attitude morale grumbling moaning culture mood cynicism",
    "accountability": "ownership roles responsibility blame",
    "execution": "process checklist system routine paperwork tool tools template form",
}


def _only_statements(diagnosis: Diagnosis, statements: str, partly: bool = False) -> Diagnosis:
    """The diagnosis without the tags whose evidence sits in a question; `partly`: a tag
    keeps the clauses told as statements instead ("Each site lead does the walk-through
    his own way ... Why does this keep happening?" keeps the first)."""
    if not statements:
        return replace(diagnosis, tags=())
    kept = []
    for tag in diagnosis.tags:
        pairs = [
            (quote, clause)
            for quote, clause in zip(tag.evidence, tag.clauses or tag.evidence, strict=False)
            if clause in statements
        ]
        if len(pairs) == len(tag.evidence):
            kept.append(tag)
        elif pairs and partly:
            quotes, clauses = zip(*pairs, strict=True)
            kept.append(replace(tag, evidence=quotes, clauses=clauses if tag.clauses else ()))
    return replace(diagnosis, tags=tuple(kept))


def _lead_tag(diagnosis: Diagnosis) -> Tag:
    """The tag with the most clause evidence: the problem the ledger reads first, even
    when a long story as a whole reads as another sphere (which leads the diagnosis). A
    sphere a cue names a mechanism for comes before one only outcomes show ("the gear came
    back ... nobody checked it in. ... Dale says the techs are supposed to flag damage, the
    techs swear the warehouse inspects everything"), however long the story of outcomes."""
    return max(
        diagnosis.tags,
        key=lambda t: (
            not t.whole,
            t.sphere in diagnosis.cued,
            diagnosis.raw.get(t.sphere, t.score),
        ),
    )


def _only_an_outcome(
    tag: Tag, lead: Tag | None, diagnosis: Diagnosis, announced: int, another: bool
) -> bool:
    """A further sphere that no cue names a mechanism for, beside a first sphere that one
    does ("subs keep showing up before the area is ready ... nobody knows who owns the
    schedule"): what came of the problem, not a problem of its own, unless the person says
    there are several (`announced`) or marks it as another (`another`). A sphere only the
    whole text reads (no clause shows it) is never one either. `lead` is the message's
    `_lead_tag`."""
    if tag.whole:
        return True
    if lead is None or tag is lead or announced >= 2 or another:
        return False
    if lead.sphere in diagnosis.cued and tag.sphere not in diagnosis.cued:
        return True
    # "My cooks skip the temperature checks. They say it's pointless paperwork": steps
    # skipped for a reason of another sphere are what the reason leads to, not a problem
    # of their own
    return (
        tag.sphere == "execution"
        and lead.sphere != "execution"
        and all(_SKIPS.search(c) for c in (tag.clauses or tag.evidence))
    )


# steps left out on purpose: "my cooks skip the temperature checks", "they ignore the list"
_SKIPS = re.compile(
    r"\b(skip|skips|skipped|skipping|ignore|ignores|ignored|ignoring|bypass(es|ed|ing)?|"
    r"dodge[sd]?|dodging|don\x27t bother with|doesn\x27t bother with)\b",
    re.IGNORECASE,
)


def _introduction(phrase: str) -> bool:
    return bool(_INTRO.match(phrase) and _ANNOUNCES.search(phrase))


def _note_root(state: State, text: str) -> None:
    """When a message adds a problem and says how it is tied to one told before, keep the
    sphere of the one that lies behind the other: "also nobody owns the prep list ... i
    reckon that's half of why the handover is so bad" (the new one), "and because half of
    us are still in spreadsheets nobody knows who holds which family" (the earlier one)."""
    new = [p for p in state.problems if p.turn == state.turn]
    earlier = [p for p in state.problems if p.turn < state.turn and p.status == "open"]
    open_now = _open_problems_of(state)
    if len({p.sphere for p in open_now}) < 2:
        # ("we missed 2 tenancy deadlines because of it" with one problem told: what it
        # caused, not one problem behind another)
        return
    said = _root_said(text, state, open_now, earlier, new)
    if said is not None:
        state.root = said
        return
    if len(new) == 2 and new[0].sphere != new[1].sphere:
        _note_root_within(state, text, new)
        return
    if len(new) != 1 or not earlier or all(p.sphere == new[0].sphere for p in earlier):
        return
    before = next(p for p in reversed(earlier) if p.sphere != new[0].sphere)
    if _OPENS_WITH_WHY.match(text):
        # "Which is a big part of why changeovers take two hours": what was told before is
        # why the new one happens
        state.root = before.sphere
    elif _CAUSES_EARLIER.search(text):
        state.root = new[0].sphere
    elif _CAUSED_BY_EARLIER.search(next(iter(sentences(text)), "")) or _COSTS.search(text):
        state.root = before.sphere
    elif _names_cause(text, new[0].sphere, earlier):
        # "The first-offs get skipped because nobody owns the sign-off": the cause given
        # is the new problem, in its own sphere's words
        state.root = new[0].sphere
    else:
        # "Both said it's because every shift is firefighting": the cause they give, in the
        # words of a problem told before (the new one's own words are no cause)
        hinted = _hinted_root(text, state, earlier)
        if hinted is not None:
            state.root = hinted


# the person's own word on what lies behind it all: "Honestly it all comes back to the
# dough", "It all traces back to each crew doing it their own way", "That comes from the
# same place: nobody runs a club"
_ALL_BACK = re.compile(
    r"\b(it all|all of (it|this|that)|everything|most of (it|this|that))( all)? (comes?|came|goes|"
    r"went|traces?|traced|leads?|stems?|boils?) (all the way )?(back )?(down )?(to|from)\b|"
    # (not "it goes to the contractor portal": "back to" or "stems from" only)
    r"\b(that|this|it)( all)? (comes?|came|goes|went|traces?|traced|leads?) (all the way )?back "
    r"(down )?to\b|\b(that|this|it)( all)? (stems?|stemmed|boils? down) (from|to)\b|"
    r"\bcomes? from the same (place|thing|root)\b|"
    # "Honestly I think it started with the bids": what it started with, if that is a problem
    r"\b(it|this|that|it all|all this|all of (it|this))( all)? (started|began|starts|begins) with\b|"
    r"\b(the )?root of (it|it all|this|everything|the "
    r"(whole )?(thing|lot))( is)?\b",
    re.I,
)
# "the real root is further up. In March the founders pivoted us ...": what follows
_ROOT_HIGHER = re.compile(
    r"\broot is (further|higher) up\b|\b(it|this) (starts|goes|comes from) (higher|further) up\b",
    re.I,
)
# a sentence that opens with the cause, in words of a problem told before: "And because
# nobody's actually running it, the setup is different every morning", "Since the bonus
# went, nobody owns anything", "Knock-on from the delivery mess: the subbies blame ..."
_LED_BY = re.compile(
    r"^\W*((and|so|but|also|plus|then|now)\W+)?(?P<mark>because( of)?|since|ever since|due to|thanks to|"
    r"(a |the )?knock-?on (effect )?(from|of)|as a result of|off the back of)\s+(?P<cause>[^,:;.]+)",
    re.I,
)


def _cause_of(cause: str, candidates: Sequence[Problem], state: State) -> str | None:
    """The sphere of the one problem among `candidates` that `cause` names: by the words it
    repeats from what the person told of it before this message (its clause, and the
    evidence of its sphere), else by a sphere's words for a cause."""
    words = _stems(cause)
    told = {
        p.id: _stems(
            " ".join(
                [
                    p.text,
                    *(
                        e.phrase
                        for e in state.evidence
                        if e.sphere == p.sphere and e.turn < state.turn
                    ),
                ]
            )
        )
        for p in candidates
    }
    scored = [(len(words & told[p.id]), p.sphere) for p in candidates]
    best = max((n for n, _ in scored), default=0)
    tops = {sphere for n, sphere in scored if n == best}
    if best:
        # (two problems that share the words named: no guess)
        return tops.pop() if len(tops) == 1 else None
    spheres = {p.sphere for p in candidates}
    named = [s for s, pattern in _CAUSE_WORDS.items() if s in spheres and pattern.search(cause)]
    return named[0] if len(named) == 1 else None


def _root_said(
    text: str,
    state: State,
    open_ones: Sequence[Problem],
    earlier: Sequence[Problem],
    new: Sequence[Problem],
) -> str | None:
    """The sphere the person says lies behind the others, in so many words: "it all comes
    back to the dough" (any problem open), "the real root is further up" (the one told
    now), "and because nobody's running it, ..." (one told before); else None."""
    if len({p.sphere for p in open_ones}) < 2:
        return None
    for told in sentences(text):
        back = _ALL_BACK.search(told)
        if back is not None and not asks_sentence(told):
            cause = re.split(r"[,:;]| if | so | and that\b", told[back.end() :], maxsplit=1)[0]
            found = _cause_of(cause, open_ones, state)
            if found is not None:
                return found
    spheres_now = {p.sphere for p in new}
    if _ROOT_HIGHER.search(text) and len(spheres_now) == 1:
        return next(iter(spheres_now))
    if not earlier or not new:
        return None
    before = {p.sphere for p in earlier} - spheres_now
    for number, told in enumerate(sentences(text)):
        led = _LED_BY.match(told)
        if led is None:
            continue
        cause = " ".join(led.group("cause").split()[:8])
        found = _cause_of(cause, earlier, state)
        if found is not None and found not in spheres_now:
            return found
        if (
            number == 0
            and found is None
            # ("Since Monday, ..." is a time, not a cause)
            and "since" not in led.group("mark").lower()
            and len(before) == 1
            and not any(_CAUSE_WORDS[s].search(cause) for s in spheres_now)
        ):
            # ("Knock-on from the delivery mess: ..." after one problem told: the message
            # opens on what follows from it)
            return next(iter(before))
    return None


# what a message says was never the problem, by the sphere it clears: the job is plainly
# someone's ("Bea does own the list", "it's in her job description", "Kasia in inventory
# owns the labels"), people are for it ("they actually like the forms", "they're fine about
# the grants"), the way is there and known ("the steps are on the wall")
_CLEARS = {
    "accountability": re.compile(
        r"\b(does|do) (actually |really |clearly )?own\b|\b(she|he|they|(?-i:[A-Z][a-z]+))( in [\w-]+)? owns "
        r"(it|them|the)\b|\b(it\x27s|its|it is) (in|on) (his|her|their) (job description|sheet|job spec|"
        r"contract)|\bknows? (it\x27s|its) (his|hers|theirs)\b|\b(is|are) clearly (the [\w-]+\x27s|his|"
        r"hers|theirs)\b|\bthere is someone\b|\bnamed (on|for|as) (the|it)\b|"
        # "They all know ordering is Maria's job", "it is our job and we all know it"
        r"\bknow\b[^.]{0,30}\b(is|it\x27s|it is) (our|his|her|their|(?-i:[A-Z][a-z]+)\x27s) job\b|"
        r"\b(it is|it\x27s) our job\b",
        re.I,
    ),
    "leadership": re.compile(
        r"\b(they|he|she|everyone)( actually| really| all)? (like|love|agree with|get why|believe in)\b|"
        r"\b(fine|happy|ok|okay) (about|with) (the|it|that)\b|\b(aren\x27t|are not|not) against\b",
        re.I,
    ),
    "execution": re.compile(
        r"(?<!nobody )(?<!no one )(?<!noone )(?<!n\x27t )(?<!not )\b(know|knows) (the steps|how to|exactly how)\b|"
        r"(?<!no )\bsteps are (on the wall|written|up)\b|"
        r"\b(we\x27ve|we have) got the (checklist|list|steps|sheet)\b|\bnot the steps\b|"
        r"\bthe (list|checklist|process|sheet|steps) (is|are) fine\b",
        re.I,
    ),
}


# the one of several problems a second look names: "scratch the second one", "the returns
# thing is fine now", "the QA handoff part, i looked and ...", "the sales handoff is fine"
# (not "the real second problem is ...": the problem that comes instead)
_NAMES_ONE = re.compile(
    r"\b(?<!real )(?<!actual )the (?:(?P<place>first|second|third|last) (?:one|thing|problem|issue|"
    r"part|bit|point)\b|(?P<topic>(?:[\w-]+ ){0,2}?[\w-]+) (?:part|thing|bit|stuff|side|problem|"
    r"issue)\b|(?P<fine>(?:[\w-]+ ){0,2}?[\w-]+) (?:is|are|was|were) (?:actually |really |all |"
    r"mostly )?(?:fine|ok|okay|sorted|solid|good|working|not the (?:problem|issue)))",
    re.IGNORECASE,
)
# where a second look turns to what it says the problem really is
_INSTEAD = re.compile(
    r"\b(the real|what\x27s really|what is really|the actual|it\x27s really|what\x27s actually)\b",
    re.IGNORECASE,
)
_PLACES = {"first": 0, "second": 1, "third": 2, "last": -1}


def _named_in_second_look(text: str, state: State) -> str | None:
    """The sphere of the one open problem a second look names by its place or its words,
    when problems of more than one sphere are open; None when it names none or several."""
    told = [p for p in _open_problems_of(state) if p.turn < state.turn]
    if len({p.sphere for p in told}) < 2:
        return None
    head = _INSTEAD.split(text, maxsplit=1)[0]
    for found in _NAMES_ONE.finditer(head):
        if found.group("place"):
            place = _PLACES[found.group("place").lower()]
            return told[place].sphere if place < len(told) else None
        words = _singular(_content(found.group("topic") or found.group("fine")))
        if not words:
            continue
        spheres = {
            p.sphere
            for p in told
            if any(
                a[:5] == b[:5] for a in words for b in _singular(_content(p.text)) if len(b) >= 4
            )
        }
        if len(spheres) == 1:
            return spheres.pop()
    return None


def _denied_sphere(text: str) -> str | None:
    """The one sphere a correction says was never the problem, if it names just one."""
    cleared = [sphere for sphere, pattern in _CLEARS.items() if pattern.search(text)]
    return cleared[0] if len(cleared) == 1 else None


# between two problems told in one message, words that make the second the cause of the
# first ("Our nurses keep leaving. Exit interviews all say the same - they never know which
# surgery they're in") or the first the cause of the second ("..., so the parcels go out
# wrong")
_SECOND_CAUSES = re.compile(
    # "Underneath that, repeat prescriptions are chaos"
    r"\b(underneath|beneath|under|behind) (that|this|it all|it|all (of )?(that|this))\s*[,:-]|"
    r"\b(because(?! of (all )?(that|this|it all)\b)|cos|due to|exit interviews?|(they|both|all|everyone) (all )?(said|say|told me) "
    r"(it\x27s|its|the same|that)|the reason( is|\x27s)?|(it\x27s|its|it is) down to)\b",
    re.I,
)
_FIRST_CAUSES = re.compile(
    r"\b(so now|which means|that\x27s why|thats why|as a result|and because of (all )?(that|this)|"
    r"because of (all )?(that|this|it all)|knock-on)\b",
    re.I,
)


def _note_root_within(state: State, text: str, new: list[Problem]) -> None:
    """Two problems told in one message, with words between them that say which causes
    which: the cause is the root."""
    lower = text.lower()  # (a ledger entry starts with a capital the message may not have)
    at = sorted((max(lower.find(p.text[:30].lower()), 0), i) for i, p in enumerate(new))
    (first_at, first), (second_at, second) = at
    if second_at <= first_at:
        return
    # (up to the second one's first words: "Exit interviews all say the same: nobody owns
    # the rota" opens the entry itself)
    start = first_at + len(new[first].text)
    between = text[start : second_at + 40]
    second_from = second_at - start  # where the second one starts in `between`

    def sentence_ends_after(marker: re.Match[str]) -> bool:
        # ("... sacked the first lad who reported a near miss. So now nobody reports
        # anything. And the plant checks: ...": a full stop parts the marker from the second)
        return re.search(r"[.!?]\s", between[marker.end() : second_from]) is not None

    causes = _FIRST_CAUSES.search(between)
    if causes is not None:
        # (not a "so now" inside the second one's own story: "... a PAT test. And the regional
        # office keeps sending 'you are valued' emails while closing shops, so now they're
        # cynical" tells what came of the second, not of the first)
        told = re.split(r"[.!?]\s+", between[: causes.start()])
        if (len(told) == 1 or len(told[-1].split()) < 3) and not sentence_ends_after(causes):
            state.root = new[first].sphere
    elif (later := _SECOND_CAUSES.search(between)) is not None and not sentence_ends_after(later):
        # ("... failing for 11 days because nobody picked it up ... Also our onboarding ...":
        # a "because" inside the first story, sentences before the second, ties nothing)
        state.root = new[second].sphere


def _names_cause(text: str, sphere: str, earlier: Sequence[Problem]) -> bool:
    """Whether `text` gives a problem told before a cause in the words of `sphere`: "The
    first-offs get skipped because nobody owns the sign-off" (the first-offs told before),
    not "half the labels don't get updated because there's no list" (a new problem whose
    cause is its own)."""
    told_before = set().union(*(_telling(p.text) for p in earlier))
    for told in sentences(text):
        mark = _BECAUSE.search(told)
        if (
            mark is not None
            and _CAUSE_WORDS[sphere].search(told[mark.end() :])
            and _telling(told[: mark.start()]) & told_before
        ):
            return True
    return False


def _telling(text: str) -> set[str]:
    """The telling words of `text`, hyphenated ones whole, without a plural "s"
    ("first-offs" and "first-off" are one)."""
    found = {w.rstrip("s") for w in re.findall(r"[a-z][a-z\x27-]{2,}", text.lower())}
    return {w for w in found if len(w) >= 4 and w not in _COMMON}


_BECAUSE = re.compile(r"\b(because|cos|coz|due to)\b", re.I)


def _to_ledger(
    state: State,
    sphere: str,
    clause: str,
    answering: bool,
    new_issue: bool,
    listed: bool = False,
) -> None:
    """Adds a problem to the ledger unless it is more of one already there: the same
    sphere, unless the person marks it as another problem ("also", "separately") in words
    of its own, or lists it as one of several in one message (`listed`). An answer to the
    coach's question is never a new problem of a sphere already in the ledger."""
    words = _words(clause)
    for problem in state.problems:
        if problem.sphere != sphere:
            continue
        if listed and problem.turn == state.turn:
            continue  # "2 things": two parts told in one message, each its own problem
        if problem.turn == state.turn or answering or not new_issue:
            return
        known = _words(problem.text)
        if words and known and len(words & known) / min(len(words), len(known)) >= SAME_PROBLEM:
            return
    numbers = [int(p.id[1:]) for p in state.problems if p.id[1:].isdigit()]
    state.problems.append(Problem(f"p{max(numbers, default=0) + 1}", clause, sphere, state.turn))


def _settle(
    state: State,
    sphere: str,
    factor: float = 0.3,
    address: bool = True,
    only: Problem | None = None,
) -> None:
    """The person says the problem of `sphere` is sorted (`address`) or smaller than what
    they tell now: its evidence weighs `factor` of what it did. `only`: one problem of
    `sphere` is sorted, the others of it stay open (and keep their weight)."""

    if only is not None:
        if address:
            only.status = "addressed"
        for item in state.evidence:
            clause = _stems(item.clause or item.phrase)
            if item.sphere == sphere and item.turn < state.turn and clause & _stems(only.text):
                item.score = round(item.score * factor, 4)
        return
    for problem in state.problems:
        if address and problem.sphere == sphere and problem.turn < state.turn:
            problem.status = "addressed"
    for item in state.evidence:
        if item.sphere == sphere and item.turn < state.turn:
            item.score = round(item.score * factor, 4)


# a sentence that says a problem is still there: "the restocking is still a mess tho",
# "nothing has changed with the rota", "it hasnt really happened"
_STILL_BAD = re.compile(
    r"\bstill (a |an |the )?(mess|messy|broken|bad|there|happening|going on|a problem|an issue|"
    r"not|isn\x27t|aren\x27t|doesn\x27t|don\x27t|hasn\x27t|haven\x27t|the same|as bad|open|"
    r"slipping|late|missing|chaos|a nightmare|a pain|sucks)\b|\b(hasn\x27t|hasnt|haven\x27t|havent|"
    r"didn\x27t|didnt) (really )?(happened|changed|worked|stuck|moved|improved|helped)\b"
    r"|\bnothing (has )?(changed|moved|improved)\b",
    re.I,
)


def _settle_news(text: str, state: State) -> str:
    """Good news in `text` settles the open problem it names (else every problem of the
    sphere recommended); the sphere settled."""
    target = _news_problem(text, state)
    target = target if target is not None and target.status == "open" else None
    sphere = (target.sphere if target else None) or state.recommended
    assert sphere is not None
    _settle(state, sphere, factor=1.0, only=target)
    return sphere


def _stems(text: str) -> set[str]:
    """Content words (three letters and up: "lab", "ops") cut to six letters ("restocking"
    and "restocks" meet)."""
    return {w[:6] for w in _words(text) if w not in _COMMON}


# words of when and how often, shared by news and problems alike ("last week", "again")
_WHEN_WORDS = frozenset(
    w[:6]
    for w in [
        "last",
        "week",
        "month",
        "today",
        "yesterday",
        "again",
        "still",
        "always",
        "never",
        "keeps",
        "every",
        "time",
        "times",
        "nobody",
        "anyone",
        "everyone",
        "thing",
        "things",
        "since",
        "days",
        "weeks",
        "months",
        "morning",
        "night",
    ]
)


def _news_problem(text: str, state: State, sphere: str | None = None) -> Problem | None:
    """Of two or more problems (of `sphere`, or of any) told before this turn (open or
    settled), the one the good news is about: it shares the most words with what the
    message says went well, minus (half as much) what it says is still wrong; None when
    there is only one, or no clear one."""
    candidates = [p for p in state.problems if sphere in (None, p.sphere) and p.turn < state.turn]
    if len(candidates) < 2:
        return None
    told = [x for x in re.split(r"[.!?;,]+|\s+(?:but|though|tho|while)\s+", text) if x.strip()]
    bad = [bool(_STILL_BAD.search(x)) for x in told]
    still = _stems(" ".join(x for x, b in zip(told, bad, strict=True) if b))
    good = _stems(" ".join(x for x, b in zip(told, bad, strict=True) if not b))
    good, still = good - _WHEN_WORDS, still - _WHEN_WORDS
    scored = []
    for n, problem in enumerate(candidates):
        words = _stems(problem.text)
        # the rest of what was said about it in the message that told it ("front desk
        # says yes, then housekeeping has no idea" beside "we keep messing up early
        # check-ins"): a word shared there counts half as much as one in the entry
        around = (
            _stems(
                " ".join(
                    e.clause or e.phrase
                    for e in state.evidence
                    if e.turn == problem.turn and e.sphere == problem.sphere
                )
            )
            - words
        )
        if good & (words | around):
            scored.append(
                (
                    4 * len(good & words) + 2 * len(good & around) - len(still & (words | around)),
                    n,
                )
            )
    if not scored:
        return None
    scored.sort(reverse=True)
    best, at = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else None
    return candidates[at] if best > 0 and (runner_up is None or best > runner_up) else None


def _bare_outcome(diagnosis: Diagnosis, state: State) -> bool:
    """Before any problem is told, one short clause of what goes wrong with no cue of how
    ("Job closeouts are a mess", "load-outs have gotten sketchy", "Customers keep
    complaining about the end of the job"): what it costs, not yet the problem, so it is
    a pointer to ask about."""
    if state.problems or state.recommended or diagnosis.cued or len(diagnosis.tags) != 1:
        return False
    tag = diagnosis.tags[0]
    told = tag.clauses or tag.evidence
    return len(told) == 1 and len(told[0].split()) <= BARE_OUTCOME_WORDS and not tag.whole


def _drop_denied(state: State, sphere: str, denies: Callable[[str], bool] | None = None) -> None:
    """A message that turns away from `sphere` ("it's not really the packing, there is a
    pack list; the trouble is nobody owns...") mentions it to deny it: when it also tells
    another sphere's problem, its words about `sphere` are no new evidence for it. With
    `denies`, only the clauses it says deny the reading go ("we wrote a checklist and it
    turns out the list was never the real problem. Nobody signs it because..."), and the
    ledger stays as it is."""
    now = [e for e in state.evidence if e.turn == state.turn]
    if not any(e.sphere != sphere for e in now):
        return
    state.evidence = [
        e
        for e in state.evidence
        if not (
            e.turn == state.turn
            and e.sphere == sphere
            and (denies is None or denies(e.clause or e.phrase))
        )
    ]
    if denies is None:
        state.problems = [
            p for p in state.problems if not (p.turn == state.turn and p.sphere == sphere)
        ]


def in_their_words(text: str, words: dict[str, str]) -> str:
    """`text` with each "{word}" of the person's line of work filled in ("say {handoff}"
    is "say the shift handover" on a ward)."""
    for key, value in words.items():
        text = text.replace("{" + key + "}", value)
    return text


_HOW_MANY = {"two": 2, "2": 2, "couple": 2, "a couple of": 2, "three": 3, "3": 3}


def _announced(text: str) -> int:
    """How many problems the person says they are about to tell ("two things", "a couple
    of issues"), or 0."""
    m = ANNOUNCED.search(text) or _MORE_TO_TELL.search(text)
    return _HOW_MANY.get(m.group(1).lower(), 0) if m else 0


# the words that make a sentence one more of the same ("same with tool ordering", "are the
# same story"): what follows them tells the problem in words of its own
_SAME_MARK = re.compile(
    r"\bsame (thing |story |deal |problem |issue )?with [^,;]+|\bthe same (story|thing|deal|problem)",
    re.I,
)
# where the parts of a list told in one sentence meet: ", and the cold station ...", "; "
_LIST_JOIN = re.compile(
    r",\s+and\s+(?=(?:the|our|my|a|an|every|each|some|no|nobody|vendor|several|people)\b)|;\s+",
    re.I,
)
# a sentence that says it is one more of the same: "Same with tool ordering, nobody owns it",
# "Donor thank-you letters are the same story; some donors received three"
_SAME_STORY = re.compile(
    r"(?:^|(?<=[.!?;]\s))(?P<told>(?:(?:and|also|plus|oh and)\s+)?(?:(?:the )?same (?:thing |story |deal "
    r"|problem |issue )?with (?!(?:the |our |my )?(?:other |rest of the )?(?:\w+ )?(?:shifts?|crews?|teams?|"
    r"staff|servers|cooks|nurses|techs|guys|managers|leads|volunteers|drivers|others)\b)[^.;!?]{3,80}"
    r"|(?!(?:it|that|this|they)\b)[^.;!?]{3,80}? (?:is|are|was|were) the same (?:story|thing|deal|problem)"
    r"(?: too| again)?)[^.!?]*)",
    re.I,
)
# a count said as an announcement of what follows ("Two new things though:", "two more
# things.", not "the bands get told two different things")
_ANNOUNCED_AHEAD = re.compile(
    r"\b(two|2|three|3|a couple of|couple of) (new |more |other |separate |different |big |main )?"
    r"(things|problems|issues)( (though|then|now|too|today|here|for you|bugging me|to tell you|are "
    r"(bothering|bugging|worrying|annoying) me|going on|on my mind))?\s*[:.!]",
    re.I,
)
# "Two more. The van keys have nobody's name on them. And pull sheets are a mess": a count
# of what follows, as "two things" is
_MORE_TO_TELL = re.compile(r"^\W*(?:(?:ok|okay|right|so|and|oh)\W+)?(two|2|three|3) more\b", re.I)


def _ledger_lead(state: State, instead: bool = False) -> None:
    """Makes sure the leading sphere's problem is in the ledger before the coach acts on a
    story: its strongest clause told in this turn becomes the entry (a story whose
    evidence is spread thin leaves none above `PROBLEM_EVIDENCE`). `instead`: the message
    tells an earlier problem again under the leading sphere, so it is an entry of its own
    even beside another problem of that sphere ("the room setup isnt really the issue ...
    nobody restocks the ops", with a roles problem about lab cases open)."""
    top = state.ranking()[0][0]
    if any(p.sphere == top and p.status == "open" for p in state.problems) and not instead:
        return
    told = [e for e in state.evidence if e.sphere == top and e.turn == state.turn]
    told = [e for e in told if not about_the_speaker(e.clause or e.phrase)] or told
    if told:
        best = max(told, key=lambda e: e.score)
        _to_ledger(state, top, _plain(best.clause or best.phrase), False, True)


def _reread(state: State, sphere: str, new: tuple[Problem, ...], text: str = "") -> None:
    """The problems of `sphere` told before this turn are the ones this message tells again
    under another sphere: they leave the ledger, so it keeps one entry for one problem. Of
    several, the ones the message names go ("I looked closer at the handoff. It isn't a
    process problem ..." keeps the finishing problem told beside it), by the words of its
    first sentence."""
    earlier = [p for p in state.problems if p.sphere == sphere and p.turn < state.turn]
    if not earlier or not new:
        return
    if len(earlier) > 1:
        said = _stems(sentences(text)[0]) if text else set()
        named = [p for p in earlier if said & _stems(p.text)]
        if 0 < len(named) < len(earlier):
            earlier = named
    gone = {id(p) for p in earlier}
    state.problems = [p for p in state.problems if id(p) not in gone]


_JUDGEMENT = (
    r"(?:a waste|wasted|worth|a good idea|a bad idea|overkill|enough|the answer|the fix|"
    r"the solution|help|fix|solve|make (?:a|any) difference|work|do it|do the trick|do the job)"
)


def _proposal(text: str) -> str | None:
    """The fix the person proposes, in their words: "a weekly release meeting" from
    "Is a weekly release meeting a waste of time?", "hiring another person" from
    "Should we hire another person first?"."""
    found = re.search(
        r"\b(?:is|are|would|will|does|could|can|isn't|wouldn't)\s+"
        r"((?!it\b|that\b|this\b|there\b|i\b|we\b|you\b|they\b)[a-z][^?.!,]{2,60}?)\s+(?:be\s+)?"
        rf"{_JUDGEMENT}\b",
        text,
        re.IGNORECASE,
    )
    if found:
        # ("is a daily stand-up even worth it": the fix, without the word that leans on it)
        said = re.sub(
            r"(\s+(even|really|actually|just|still|truly|honestly|ever|also))+$",
            "",
            found.group(1).strip(),
        )
        # ("the promoter is asking if we should buy a second generator - is that worth it?":
        # the fix is what follows "if we should", not the question around it)
        said = re.sub(
            r"\s*[-\u2013\u2014:,]?\s*\b(is|are|was|would|will) (that|it|this)$", "", said
        )
        asked = re.search(
            r"\b(?:asking|asked|wondering|thinking|saying|suggesting|wants to know) (?:if|whether) "
            r"(?:we|i) (?:should|could|can|ought to) ([a-z]+)\b(.*)$",
            said,
            re.IGNORECASE,
        )
        said = f"{_ing(asked.group(1))}{asked.group(2)}".strip() if asked else said
        # ("getting a proper rota app or is that overkill for a food bank": the fix, not the
        # question that follows it)
        return _yours(re.split(r"\s+or\s+(?:is|are|would|will|should|do|does|just)\b", said)[0])
    found = re.search(
        r"\b(?:would|does|will|could|might) it (?:help|work|be worth it|make sense) (?:to|if we|if i) "
        r"(?:just |simply )?([a-z]+)\b([^?.!]{0,60}?)\s*(?:[?.!]|$)",
        text,
        re.IGNORECASE,
    ) or re.search(
        r"\bshould (?:we|i) (?:just |really |maybe |actually |even |also |simply )?([a-z]+)\b"
        r"([^?.!]{0,60}?)(?:\s+(?:first|now|instead|too))?\s*(?:[?.!]|$)",
        text,
        re.IGNORECASE,
    )
    if found:
        return _yours(f"{_ing(found.group(1))}{found.group(2)}".strip())
    return None


_SAID_BACK = {
    "myself": "yourself",
    "ourselves": "yourselves",
    "my": "your",
    "our": "your",
    "me": "you",
    "us": "you",
    "i": "you",
    "we": "you",
}


def _yours(words: str) -> str:
    """The person's words said back to them: "doing the review myself" -> "doing the review
    yourself"."""
    return re.sub(
        r"\b(myself|ourselves|my|our|me|us|i|we)\b",
        lambda m: _SAID_BACK[m.group(1).lower()],
        words,
        flags=re.IGNORECASE,
    )


def _ing(verb: str) -> str:
    """The -ing form of `verb`: hire -> hiring, stop -> stopping, buy -> buying."""
    verb = verb.lower()
    if verb.endswith("e") and not verb.endswith("ee"):
        verb = verb[:-1]  # hire -> hiring
    elif re.search(r"[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 4:
        verb += verb[-1]  # stop -> stopping, run -> running
    return f"{verb}ing"


_FILLER = re.compile(
    r"^\W*(?:ok(?:ay)?|oh|so|well|actually|also|and|but|though|right|honestly|anyway|concrete(?:ly)?|maybe|"
    r"another thing|one more thing|(?:a )?side note|by the way|(?:a )?different thing|"
    r"(?:the )?other thing(?: is)?|"
    # ("also, separate thing: support thinks ...": the marker whole, not "thing: support")
    r"(?:a )?(?:different|separate|other) (?:issue|problem|thing|matter|topic)|separately|separate|"
    r"(?:one )?(?:another|other|second|last|next|new|bigger|different) (?:issue|problem|thing|one)|"
    r"on top of (?:all )?(?:that|this)|plus|first(?:ly)?|"
    # "2 things, the first is bigger: the coaches ...", "the main one, the sorting room ..."
    r"(?:two|2|three|3|a couple of|couple of|a few) (?:things|problems|issues)\b[^:.!?]{0,45}?(?=:)|"
    r"(?:the )?(?:main|big|bigger|biggest|small|smaller) (?:one|thing)(?: is\b|(?= *[:,]))|"
    # "Biggest: the board ...", "second thing, smaller: closing ..."
    r"(?:biggest|bigger|worst|worse|smaller|smallest|minor|main)(?= *:)|"
    # "the problem is nobody is named for the hood", "what happens is the sous chef ..."
    r"(?:the )?(?:real |actual |main |whole )?(?:problem|issue|thing|trouble) is(?: that)?|"
    r"what (?:happens|changed|goes wrong) is(?: that)?|"
    r"second(?:ly)?|then|[1-9](?=[.)]\s|\s+(?:the|my|our|a|an|we|i|nobody|every|each|they)\b))\b[\s,:;.)-]*",
    re.IGNORECASE,
)


# a sentence that ties what it says to a problem told before: "feels like the same thing as
# the refunds really", "I think it's the same root", "that's why nobody steps up either"
_LINKS_BACK = re.compile(
    r"\b(the same (thing|root|problem|issue|cause|story)( as| again| really)?|same root|"
    r"(that\x27s|thats|that is|which is) (also )?why|comes? (back )?to the same|all (one|the same) "
    r"(problem|thing|issue))\b",
    re.I,
)
# what the problem really is, said after a second look: "the real thing is", "the reason focus
# drags is", "what stops it is"
_REAL_PROBLEM = re.compile(
    r"(^|[.!?;,:]\s+|\b(but|and|so)\s+)(the )?(real |actual |main |bigger |underlying |true )?"
    r"(problem|issue|thing|trouble|reason|cause)( [\w-]+){0,3} (is|was)\b|"
    r"\bwhat (really )?(stops|causes|drives|breaks|kills|holds up|slows) (it|this|that|us|them|things)\b|"
    # "actually the sign-out sheet works fine when people use it. it's that nobody's in charge"
    r"(^|[.!?;,:]\s+)(it\x27s|its|it is) (more |really |actually |just )?that\b|"
    # "What's really driving them mad is ...", "What goes wrong is the sign-up at the till"
    r"\bwhat(\x27s| is)? (really |actually )?(driving|bugging|killing|getting to|eating|bothering|"
    r"wearing down) (them|us|me|people|everyone|everybody)( mad| crazy| nuts| down)? (is|was)\b|"
    r"\bwhat (really |actually )?(goes|went|is going|\x27s going) wrong is\b",
    re.I,
)
# the earlier reading said to be sound: "the running order exists and its good", "the ticket
# format is fine", "they'd hit the number if the line ran", "the grumbling is just grumbling"
_SOUND = re.compile(
    r"\b(fine|good|decent|solid|works?|working|clear|knows?|knew|likes?|liked|forgiven|"
    r"no problem|(just|mostly|only|all) (grumbling|noise|banter|talk|moaning)|if the [\w-]+ ran|"
    r"wrong about)\b",
    re.I,
)
# words that tell of a change since: "it's fine now", "good since", "fine again"
_SINCE_THEN = re.compile(r"\b(now|since|again|these days|anymore|any more)\b", re.I)
# the problem a step was for, still there after it: "But the bugs still get out",
# "Still happening though", "They still skip them, on purpose", "What came back surprised me"
# ... or says what the trouble really is, after the step: "that part's clear now. Problem is
# they sit unassigned", "The sheet's fine, everyone gets it. Problem is ..."
_PROBLEM_IS = re.compile(
    r"(^|[.!?;]\s+|\bbut\s+)(the )?(real |actual |main |only )?(problem|issue|trouble|catch|snag) "
    r"(now )?(is|was)\b",
    re.I,
)
_STILL_THERE = re.compile(
    r"\b(still (don\x27t|doesn\x27t|won\x27t|can\x27t|do not|does not) (do|use|fill|follow|bother|"
    r"sign|log|check|happen)|"
    r"still (happening|happens|get|gets|getting|got|start|starts|starting|skip|skips|skipping|"
    r"miss|misses|missed|missing|late|the same|goes wrong|go wrong|going wrong|break|breaks|"
    r"come back|comes back|coming back|fail|fails|failing)|"
    # "we still ship late", "orders still go out short"
    r"still (ship|ships|shipping|run|runs|running|finish|finishes|open|opens|deliver|delivers|go|goes|"
    r"arrive|arrives|end|ends|close|closes)( out)? (late|short|wrong|behind|over)|"
    r"same (story|thing|problem)( every time| again)|"
    r"what came back surprised me|turns out)\b",
    re.I,
)
# more people told as the step: "we got more staff", "hired two more pickers"
_MORE_HANDS = re.compile(
    r"\b((got|have|hired|brought in|took on|added|taken on) (\w+ )?(more|extra|new|another|two|"
    r"three|a few|\d+) (\w+ )?(staff|people|hands|hires|workers|pickers|cooks|servers|nurses|"
    r"carers|volunteers|techs|devs|developers|drivers|agency staff|temps)|more (staff|hands|"
    r"people) (now|on shift|on the floor))\b",
    re.IGNORECASE,
)
# a sentence about the moves the coach listed: "wrong one", "I picked the memo one", "the
# third one maybe", "your list"
# what a question is about: "what could I do about the exercise sheets", "any tips on the
# rota"
_ASKED_ABOUT = re.compile(
    r"\b(about|with|on|for) (the|my|our|this|that|those|these) (?P<what>[\w-]+( [\w-]+){0,2})",
    re.IGNORECASE,
)
_ABOUT_THE_MOVES = re.compile(
    r"(^|[.!?]\s+)\W*((no|nope|oops|sorry|wait)\W+)?((that\W?s|you (picked|got)) the )?wrong one\b|"
    # (not "I said the girls could run it together")
    r"\b((i|we) (picked|chose|meant|wanted) the|(i|we) said the ([\w-]+ ){0,3}(one|move|idea)\b|"
    r"(the|that) (first|second|third|"
    r"last|1st|2nd|3rd) (move|idea)|your (list|suggestions?|ideas?|moves?|steps?))\b|"
    r"^\W*(the )?(first|second|third|last|1st|2nd|3rd) one\b",
    re.IGNORECASE,
)
# one event on a day: "on Tuesday", "last night", "yesterday", "Friday the walk-in ..."
_DATED = re.compile(
    r"\b(yesterday|last (night|week|weekend|month|friday|saturday|sunday|monday|tuesday|wednesday|"
    r"thursday|shift|service|tues|tue|weds|wed|thurs|thur|fri|sat|sun|mon)|the other (day|night)|this (morning|afternoon|week)|(earlier )?today|tonight|"
    r"(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|tue|weds|thurs|thur|fri)"
    r"( night| morning| evening)?)\b",
    re.I,
)
# ... and a sign it is more than one event: "third time", "keeps", "every shift", "again"
_PATTERN = re.compile(
    r"\b(keeps?|kept|keep on|always|every|each time|again|"
    # (not "counted it three times", "rang him twice": how hard they checked)
    r"(?<!counted it )(?<!counted )(?<!checked it )(?<!checked )(?<!rang him )(?<!rang her )"
    r"(?<!called him )(?<!called her )(?<!rang )(?<!called )(twice|(three|four|five|several|\d+) times)|"
    r"(second|third|fourth|fifth) time|often|regularly|constantly|all the time|"
    # (not "the pump never showed": one no-show)
    r"never(?! (showed|showed up|turned up|arrived|came|made it|got there|reached|been (banked|paid|cashed|sent|delivered|received)))|usually|"
    r"most (days|nights|weeks|shifts)|recurring|whenever|happens a lot|same thing|same way|"
    r"(for|over) (the )?(last|past) |(the )?(last|past) (\d+|two|three|four|five|few|couple)|since|"
    r"anymore|any more|lately|these days|half the time)\b",
    re.I,
)
# how things are, not what happened once: "handover is a mess", "nobody packs from a list"
_HABIT = re.compile(
    # (not an infinitive: "stood around with nothing to do")
    r"(?<!\bto )\b(is|are|isn\x27t|aren\x27t|isnt|arent|get|gets|goes|go|do|does|don\x27t|doesn\x27t|dont|doesnt|"
    r"has|have|now|keeps?)\b|\b(nobody|no one|everyone|everybody|each [\w-]+)( just| kinda| really)? "
    r"[\w-]+s\b",
    re.I,
)
INCIDENT_WORDS = 45  # a story longer than this says more than one event
# a mishap told in the past tense, dated or not: "a resident fell on the stairs", "we left a
# £3k projector behind", "the appeal letter went out with the wrong link", "walked out with
# £180 cash", "the phone just vanished"
_MISHAP = re.compile(
    r"\b(fell|slipped|tripped|broke (his|her|their|a|an|my) (wrist|arm|leg|ankle|hip|finger|nose)|"
    r"cut (his|her|their|my) (\w+ )?(hand|finger|thumb|arm|leg|head)|needed stitches|"
    r"(got|was|were) (badly )?(hurt|injured|burn(ed|t)|scalded)|"
    r"(left|forgot|forgotten) (\S+ ){1,4}behind|got left (open|on|unlocked|out)|"
    r"(went|go|gone|was sent|got sent) (out|live) with|walked (out|off) with|"
    r"(went|gone) missing|vanished|got stolen|was stolen|"
    r"(sent|shipped|gave|given|served|delivered|posted|printed|emailed|booked|charged|"
    r"dispensed|labelled|fitted|installed|ordered|picked|packed) (\w+ ){0,6}the wrong|"
    r"with the wrong|double[- ]booked|ran out of|(went|was|were) down for|crashed|"
    # "the chicken delivery sat on the back step for three hours ... chef made us bin the lot"
    r"(sat|left|stood) (out |outside |on the [\w-]+ (step|dock|floor|side) |in the (heat|sun|rain) )"
    r"(for )?(\d+|two|three|four|five|six|several) hours|(had to|made us|we had to) (bin|chuck|"
    r"scrap|dump|throw (out|away)) (it|them|the lot|everything|the whole)"
    r"|"
    # "Till was £200 short on Saturday night"
    r"(till|tills|register|float|cash|takings|safe|drawer) (was|were|came up|is) (\S+ )?(short|over|down)|"
    r"(died|failed|cut out|packed up) (\w+ ){0,3}(in|into|mid|during|halfway)|"
    r"(missed|blew) (the|a|our) (\w+ )?(deadline|flight|delivery|slot|train|ferry)|"
    r"binned|wrote (the lot|it all|it|them|\w+) off|burnt|burned|"
    r"\bfake (notes?|£\w*|\$\w*|twenty|fifty|tenner|cheque|check|receipt|id|card|prescription)|"
    r"forged|counterfeit|"
    r"(went|was sent|got sent|delivered) to the wrong|(handed|given|sent) back with|"
    r"(got|was|were) (damaged|smashed|dented|scratched|flooded)|smashed|spilled|spilt|"
    r"overflowed|flooded|(went|was|were) down\b|"
    r"(wasn\x27t|wasnt|was not|weren\x27t|werent|were not) (done|ready|finished|fixed|cleaned)|"
    r"had to (bin|throw away|throw out|chuck|scrap|cancel|close|send back|evacuate)|"
    r"(was|were) found (at|open|off|broken|unlocked|empty))\b",
    re.I,
)


def _one_event(text: str) -> bool:
    """Whether `text` tells one event with no sign that it happens again: dated ("on
    Tuesday"), or a mishap told in the past tense ("the letter went out with the wrong
    link")."""
    return (
        len(text.split()) <= INCIDENT_WORDS
        and bool(_DATED.search(text) or _MISHAP.search(text))
        and not _PATTERN.search(text)
    )


def _ask(question: Question, text: str, diagnosis: Diagnosis, state: State, **fields: Any) -> Plan:
    """The follow-up asking `question`, noted as asked and awaited."""
    state.asked.append(question.id)
    state.pending = question.id
    state.follow_ups_in_row += 1
    return Plan.on(Action.FOLLOW_UP, text, diagnosis, state, question=question, **fields)


ONE_OFF_QUESTION = "q-one-off"  # "has that happened before, or was it a first?"
ANYTHING_ELSE = "q-anything-else"  # asked once an incident turned out a one-off
BEHIND_IT = "q-behind-it"  # asked when it was a first and its cause is untold
OUR_SIDE = "q-our-side"  # asked when an outsider behaving badly is the story
FIND_OUT = "q-find-out"  # asked when the answer about an incident says nothing of it
# questions answered as asked, even before any problem is told: "do I write him up?",
# "Should I report myself?", "is that above my pay grade?"
_ANSWERED_BEFORE_ANY_PROBLEM = (DISCIPLINE, REPORTS, MY_PLACE, US_OR_THEM, MY_FAULT)
HOW_IT_WENT = "q-how-it-went"  # asked when a step tried is said to have gone "meh, sort of"
# a result said without saying what it was: "it's... meh? sort of?", "hard to say. kind of?"
_VAGUE_RESULT = re.compile(
    r"\b(meh|so-?so|sort of|kind of|hard to (say|tell)|not sure yet|too early to (say|tell)|"
    r"mixed (bag|results?)|hit and miss|could be better)\W*(\?|$|\.)",
    re.I,
)
# the incident was a one-off: a first in years, a routine that holds, one person's bad day,
# bad luck from outside
_FIRST_TIME = re.compile(
    r"\bfirst time\b( (it\x27s|it has|that\x27s|this has|i\x27ve|we\x27ve|ive|weve|its|she\x27s|"
    r"he\x27s|they\x27ve|shes|hes|she has|he has|they have|anyone\x27s|anyone has))?"
    r"( ever)?( (happened|seen it|seen that|seen this|seen it happen|had (it|that|one)))?"
    r"( as far as (i|we) (know|can (tell|remember))| that (i|we) (know of|can remember)|"
    r" (i|we) can (remember|think of))?"
    r"(\W+(tbh|honestly|to be honest|really))?\W*( in\b| since\b| ever\b|$|[.,!;]| and\b)|"
    r"\bnever (happened|had (that|this|it|one)|seen (that|this|it)( happen)?) before\b|"
    r"\bnothing like (it|that|this) (in|for)\b|"
    r"\bnever (seen|had) (anything|something) like (it|that|this)\b|"
    # "six years without a single fall", "they've never let us down before this"
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty) (years?|months?|decades?)( now| running)? without (a|an|any|one) "
    r"(single )?[\w-]+|"
    r"\bnever (let|failed) (us|me|them) (down )?(before|till now|until now|once|in)\b|"
    r"\bfirst (one|fall|miss|mistake|error|slip|complaint|incident|late delivery|breakdown) "
    r"(in|since|ever)\b|"
    # "the first reject from that customer in six years", "the first wrong drop in eight years"
    r"\bfirst ([\w-]+ ){1,5}in (\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
    r"twenty|thirty|many|so many) (years?|months?)\b",
    re.I,
)
# ...and what shows it was one: a way of working that holds, one person's bad day, bad luck
_HOLDS = re.compile(
    r"\b(has|have|it\x27s|its) (worked|been fine|held|run fine|gone fine)( fine| well)? for "
    r"(years|ages|months|(\w+ ){1,2}(years|months))\b|"
    r"\b(is|are|was|were) normally (tight|fine|good|spot on|solid|sound|reliable)\b|"
    r"\bthe same way every (time|shift|day|night)\b|\bto spec\b|"
    r"\bnothing (we|i|anyone|anybody|you) (could|can)( have|\x27ve)? (do|done)\b|"
    r"\b(never|not once) (given|had|caused) (us )?(any )?(trouble|problems|bother)\b|"
    r"\b(was|were|been|got) serviced\b|\b(logged|checked|recorded|read) [^.,;]{0,30}\b(as )?"
    r"(normal|fine|ok|okay|correct|in range)\b|"
    r"\bfollowed (the|our|all the) ([\w-]+ ){0,3}(rules|procedure|process|steps|policy|checks?|plan|"
    r"protocol|guidance|instructions) "
    r"(exactly|to the letter|properly|perfectly)\b|"
    # "the night staff did their two-hourly rounds exactly on schedule", "we ordered on
    # time the way we always do"
    r"\b(did|done|do|followed|ran|made|completed|kept) (their|the|our|its|his|her|all the|all "
    r"their) ([\w-]+ ){0,2}(rounds|checks?|routine|steps|procedure|process|list|checklist|"
    r"handover|obs|observations) (exactly |right |all )?(on schedule|on time|by the book|to the "
    r"letter|as (always|usual|normal)|properly|correctly|as they should)\b|"
    r"\bthe way (we|they|i|she|he) always (do|did|have)\b|\bas (we|they|i) always do\b|"
    # "our goods-in check was done exactly as written", "the routine was followed to the letter"
    r"\b(done|followed|carried out|run) exactly as (written|planned|set out|we always do)\b|"
    r"\b(was|were|got|been) followed (exactly|to the letter|properly|perfectly|to a t)\b|"
    r"\b(ordered|booked|sent|submitted|paid) (it |them |everything |the [\w-]+ )?on time\b|"
    r"\b(blood pressure|sugars?|heart rate|oxygen) (dropped|crashed|spiked|fell)\b|"
    r"\b(had|has|having) (a|an) (stroke|seizure|fit|heart attack|funny turn|allergic reaction "
    r"nobody knew about)\b|\b(had|has) (a|an) (fire|break-?in|burglary)\b|"
    r"\b(fully|properly) trained\b|\bguard was on\b|\b(he|she|they) (knows?|know) now\b|"
    # (not "the monitor guy said he's not coming back next leg": someone leaving)
    r"\b(not|never) coming back\b(?! (next|after|for (next|another)|once|when))|\bon (his|her|their) (first|one|only) (shift|day)\b|"
    r"\bup all night\b|\bhead (wasn\x27t|was not|wasnt) (there|in it|with it)\b|"
    r"\b(just|plain|pure) bad luck\b|\bfreak (accident|storm|gust|wave)\b|"
    r"\b(got|were|was) hit the same\b|"
    r"\b(was|were)\b[^.]{0,20}\b(knackered|exhausted|shattered|worn out|ill|unwell)\b|"
    r"\b(agency|temp|relief|locum|new|cover|stand-in|trainee) ([\w-]+ )?(guy|lad|girl|worker|tech|"
    r"nurse|driver|person|starter|bloke|woman|man|picker|cook|carer|cashier)\b[^.]{0,40}\b(skipped|"
    r"missed|forgot|didn\x27t|did not|ignored)\b",
    re.I,
)
# ...unless the message says it happens again: "third time this year", "not the first time"
_REPEATS = re.compile(
    r"\b(second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)) time\b|\bnot the first\b|"
    r"\bkeeps? (happening|going on|coming back)\b|\bhappens? (a lot|all the time|more|every)\b|"
    r"\b(again and again|time and again|over and over)\b|"
    r"(?<!confirmed )(?<!checked )(?<!counted )(?<!rang )(?<!called )(?<!chased )(?<!asked )"
    r"\b(twice|(several|\d+|two|three|four|five) times) (this|last|in|since|now)\b",
    re.I,
)
# asking whether it was a one-off, or whether anything needs to change
_ASKS_ONE_OFF = re.compile(
    r"\b(one[- ]off|a fluke|bad luck|a (real|bigger|deeper|proper|wider) (problem|issue)|a pattern|"
    r"change anything|(could|should)(\x27ve| have) done (anything |something )?differen\w*|"
    r"(should|do|must|could) (i|we) (do|change|have done) (anything|something) differen\w*|"
    r"anything (we|i) (could|should)(\x27ve| have) done|worr(y|ied) about|"
    r"should (i|we) (be )?worr(y|ied)|"
    r"(just )?look after (him|her|them))\b",
    re.I,
)


# a problem told before, said to be a one-off: "it was a one-off", "take the chiller one off
# the list", "that's not really a problem"
_RETRACTS = re.compile(
    r"\b(it|that|this|the [\w-]+ (one|thing))( really| honestly| genuinely)? (was|were) (just |only |"
    r"really |honestly )?(a one[- ]off|bad luck|a fluke|a freak)\b|"
    r"\btake (the [\w-]+( [\w-]+)? (one|thing|problem) |it |that( one)? |this( one)? )off (the|my|your) "
    r"list\b|\b(it|that)(\x27s| is) not (really )?a problem\b",
    re.I,
)


def _retract(text: str, state: State) -> str | None:
    """Takes off the ledger the problem `text` says was a one-off (the one it names by its
    words, else the latest), with its evidence; its text, or None."""
    said = _stems(text)
    named = [p for p in state.problems if said & _stems(p.text)]
    problem = (named or state.problems)[-1]
    state.problems = [p for p in state.problems if p is not problem]
    state.evidence = [
        e for e in state.evidence if not (e.turn == problem.turn and e.sphere == problem.sphere)
    ]
    if state.recommended == problem.sphere and not any(
        p.sphere == problem.sphere for p in state.problems
    ):
        still = _open_problems_of(state)
        state.recommended = still[-1].sphere if still else None
    return problem.text


# a cause told along with a first: someone new or covering, a supplier, the weather
_CAUSE_TOLD = re.compile(
    r"\b(agency|temp|locum|relief|trainee|covering|cover (staff|nurse|chef)|new (starter|guy|girl|"
    r"lad|hire|boy|person)|on (his|her|their) first (day|shift|week)|supplier|wholesaler|fishmonger|"
    r"courier|delivery driver|sent (us )?the wrong|power cut|weather|storm|flood|broke down)\b",
    re.I,
)
# an answer that says nothing of the incident: "no idea tbh", "could be anything", "i wasnt there"
_SIDEWAYS = re.compile(
    r"\b(no idea|idk|dunno|don\x27t know|dont know|not sure|could be anything|no clue|"
    r"(i )?(wasn\x27t|wasnt|was not) (there|in|on|working)|i was (off|away|out|on leave|at another))\b",
    re.I,
)


def _said_one_off(text: str) -> str | None:
    """The sentence of `text` that says the incident was a one-off (what shows it before
    that it was a first), or None (also when another sentence says it happens again). The
    person's questions say nothing either way ("was it just bad luck?")."""
    if _REPEATS.search(text):
        return None
    told = [s.strip() for s in sentences(text) if not asks_sentence(s)]
    return next((s for s in told if _HOLDS.search(s)), None) or next(
        (s for s in told if _FIRST_TIME.search(s)), None
    )


# the team's own part in a story of an outsider: "nobody calls the customer"
_OUR_SIDE = re.compile(
    r"\b(nobody|no one|noone|none of us|we (never|don\x27t|dont|didn\x27t|forgot|forget)|"
    r"our (team|staff|side|people|end)|one of my [\w-]+|my (team|staff|people|crew|foremen|"
    r"foreman|lads|guys|cooks|nurses|techs|drivers|operators|volunteers|servers|supervisors?|"
    r"leads?) (never|don\x27t|dont|didn\x27t|won\x27t|wont|skip|skips|ignore|ignores|forget|"
    r"forgets|keep|keeps|laugh|laughs|joke|jokes|call|calls|just))\b",
    re.I,
)


def _mishap_only(text: str, diagnosis: Diagnosis) -> bool:
    """One mishap told on its own, which no cue reads as trouble ("A resident fell on the
    stairs at 3am Sunday, she's ok but broke her wrist"): a story to ask about, not a
    hello."""
    return not diagnosis.tags and _one_event(text) and bool(_MISHAP.search(text))


def _lone_incident(text: str, diagnosis: Diagnosis) -> bool:
    """One bad event told on its own and read as a problem: dated, with no sign it happens
    again, no cue for what lies behind it and nothing said of how things are ("A release
    went out Thursday with the debug flag on")."""
    return (
        bool(diagnosis.tags)
        and _one_event(text)
        and not diagnosis.cued
        and not diagnosis.parts
        and not any(
            _HABIT.search(_NOT_HABIT.sub(" ", q)) for tag in diagnosis.tags for q in tag.evidence
        )
    )


# what a rule or the fallout says, not how things go: "which they aren't allowed to do", "now
# the customer is threatening to go to the ombudsman"
_NOT_HABIT = re.compile(
    r"\b(is|are|isn\x27t|aren\x27t|isnt|arent|was|were) (not )?(allowed|supposed|meant|permitted) "
    r"to\b[^.,;]*|"
    r"\bnow (the|he|she|they|our|my|a) ([\w-]+ )?(is|are|\x27s|\x27re) (threatening|angry|furious|"
    r"upset|asking|demanding|refusing|complaining)\b[^.,;]*",
    re.I,
)


# a change told: "the new allergen procedure came down from head office", "since we moved
# to appointments", "they changed the bonus scheme"
_A_CHANGE = re.compile(
    r"\b(chang(e|es|ed|ing)|new|brought in|bring in|introduc\w+|roll(ed|ing)? (it |this )?out|"
    r"switch(ed|ing)|moved (to|onto|over|everyone)|announc\w+|decided|restructur\w+|reorg\w*|"
    r"scrapped|replaced|came down from|since (the|we|they|he|she|management|head office))\b",
    re.IGNORECASE,
)
# trouble said to go on: "still a free-for-all", "nights are still bad", "the sheets still
# aren't up"
_STILL_TROUBLE = re.compile(
    r"\bstill (bad|worse|awful|terrible|chaos|chaotic|messy|a (free-for-all|mess|problem|nightmare|"
    r"shambles|disaster|joke)|broken|happening|going wrong|not (done|fixed|working|sorted|right|"
    r"happening|up)|(aren\x27t|isn\x27t|don\x27t|doesn\x27t|haven\x27t|hasn\x27t|won\x27t|can\x27t|"
    r"never))\b",
    re.IGNORECASE,
)
# the trouble told again, in a message the news model might read as something done
_BAD_AGAIN = re.compile(
    r"(^|[.!?;]\s*|\b(and|but|so)\s+)again\b|,\s*again\b|"
    r"\b(\w+ )?more (blank|missed|late|short|empty|lost|wrong|bad|skipped|failed|dropped|botched) "
    r"[\w-]+|\b(it\x27s|its|it is|it was|things are|things were) (really |so |very )?(bad|worse|awful|"
    r"terrible|a mess|chaos) (today|again|this week|last night|this morning)\b",
    re.IGNORECASE,
)
# the problem told before goes on: "still happening tho", "nah, same as before"
_STILL_ON = re.compile(
    r"^\W*((it\x27s|its|it is|that\x27s|thats|nah|no|yeah|ya|yep|but|and|ugh|sadly|honestly|"
    r"well|so)\W+)*"
    r"(still (happening|going on|the same|a (mess|problem|thing|nightmare)|bad|not fixed|broken)|"
    r"no change|nothing(\x27s| has)? changed|same as (before|ever|always)|hasn\x27t changed|"
    # "more of the same this week", "same again last night", "same story on Friday"
    r"more of the same|same (again|story|thing|here|old)\b|same (this|last|again this|again last) "
    r"(week|weekend|month|night|shift|morning|friday|saturday|sunday|monday|tuesday|wednesday|thursday)\b|"
    # "happened again tonight lol, diff venue same thing, nobody called", "and it happened
    # again yesterday"
    r"((it|this|that|they)(\x27s| has| have)? )?"
    r"(happened|happening|happens|went wrong|gone wrong|did it|same thing) again\b)",
    re.I,
)


def _more_of(diagnosis: Diagnosis, sphere: str, text: str) -> Diagnosis:
    """`diagnosis` read as more of the problem of `sphere`: "still happening tho" names no
    sphere in words of its own, but it is the one in hand."""
    said = text.strip()
    raw = {str(s): (CLEAR_PROBLEM if s == sphere else 0.0) for s in SPHERES}
    return replace(
        diagnosis,
        sphere=sphere,
        confidence=1.0,
        tags=(Tag(sphere, 1.0, (said,), (said,)),),
        raw=raw,
        follow_up=None,
        follow_up_id=None,
    )


# a bare nudge for more: "ok and", "and?", "go on", "and then what"
_GO_ON = re.compile(
    r"^\W*((ok|okay|k|right|sure|ya|yeah|yep|mhm|hmm)\W+)?(and( then| so)?( what)?|go on|keep going|"
    r"what else|then what|so|any (other|more|new) (ideas|suggestions|options|tips)( then| please| pls)?|"
    r"what else (can|could|should) (i|we) (do|try))\W*$",
    re.I,
)
RETOLD_WORDS = 12  # what is still wrong, told at this length after news, is read again
RETOLD_AT_LENGTH = 18  # ... and at this length, even in words no cue reads
# what still fails, not turned back by a "but" ("People were still a bit annoyed about the
# fee but they said they finally understood")
_STILL_FAILS = re.compile(r"\bstill\b(?![^.!?]*\b(but|though|although|yet)\b)", re.I)
# where news turns from what went well to what did not: "But the dinner side is still
# nobody's", "Then the new weekend servers started"
_TURNS = re.compile(r"\b(but|then|until|till|except|however|though|tho)\b", re.I)
# a question about what comes next, once one thing is done: "now what?", "what's next?",
# "Now the room diary, how do I start on that?"
_NEXT_ONE = re.compile(
    r"\b(now what|what now|what next|what\x27s next|whats next|what comes next|on to the next|"
    r"next one|(and )?now (the|for the|onto the|on to the) [\w-]+)\b",
    re.I,
)
# ... said after a step reported done: "ok we did the fridge", "Done, one of the senior
# physios owns the emergency kit", "We've started bedside handover with a one-page sheet"
_DONE_ONE = re.compile(
    r"^\W*((ok|okay|right|so|well)\W+)?(done|sorted|fixed|did (it|that))\b|"
    # "Did the floor walk ... like you suggested"
    r"^\W*((ok|okay|right|so|well)\W+)?(did|tried|ran|held|had|wrote|made|put up) (the|a|an|our|that|"
    r"this)\b|\b(like|as) you (suggested|said|recommended)\b|\b(we|i|he|she|they)(\x27ve| have| has)? "
    r"(did|done|sorted|fixed|started|put in|put up|brought in|set up|named|made|gave|introduced|"
    r"rolled out|changed|moved|got|explained|called|ran|held|tried|wrote|printed|drew up|taped up|"
    r"built|created|posted|pinned up) (the|a|an|our|one|him|her|them|it|that|this|"
    r"everyone|every|(?-i:[A-Z])[a-z]+)\b|\b(we|i)(\x27ve| have)? (started|begun|introduced|rolled out|set up|put in|"
    r"brought in|switched to|moved to) [\w-]+|"
    # "The session leads called everyone who missed"
    r"\bthe [\w-]+( [\w-]+)? (called|rang|phoned|talked to|spoke to|spoke with|sat down with) "
    r"(everyone|everybody|every|each|all|them|the)\b|"
    # "the head chef owns the matrix now", "We have a put-away routine now"
    r"\b(owns?|has|have|runs?|does|do|uses?|checks?)\b[^.?]{0,50}\bnow\b",
    re.I,
)
# a new problem said to lie behind one told before: "i reckon that's half of why the
# handover is so bad", "I think it all started when ...", "that's the root of it"
_CAUSES_EARLIER = re.compile(
    r"\b((that\x27s|thats|that is|this is|it\x27s|its|which is)( probably| really| actually| also)?"
    r"( (half|part|most|some|a lot|a big part|much))?( of)?( the (reason|cause))? why\b|"
    r"(it|this|that|the whole thing|all of (it|this|that)) (all )?(started|began|kicked off) (when|with|after)|"
    r"(is|that\x27s|thats|that is|it\x27s) (what\x27s |what is )?(really )?behind (it|that|this|all|the)|"
    r"(the )?root (cause )?of (it|that|this|all|the)|(that|this|it)(\x27s| is) (the|what|where) "
    r"(real )?(cause|reason|root|problem starts|trouble starts)|(which|that) (is what )?causes? (the|all|most)|"
    # "Thinking about it, nobody owns the pull sheet": the person looks under what they told
    rf"^\W*({_LOOKING_AGAIN}|"
    r"underneath (it all|all that|that)|if i(\x27m| am) honest,? the real|"
    # "Because nobody's in charge of deliveries.", "I reckon it's because nobody owns on-call"
    r"((but|well)\W+)?((i|we) (think|reckon|suspect|guess|bet)\W+)?(it\x27s|its|it is|that\x27s|thats|"
    r"that is) (all |mostly |probably |partly )?(because|cos|coz)\b(?! of (that|this|it)\b)|"
    # (a short sentence of its own: "And because half of us are still in spreadsheets
    # nobody knows who holds which family" says the earlier one leads to the new one)
    r"(because|cos|coz)( [\w\x27-]+){2,9}\s*([.!?]|$))|"
    # "But the reason it's a blame game is we've got no definition of done", "I'm pretty
    # sure that's half the reason the log is blank"
    r"\bthe (real |main |whole )?reason (it\x27s|it is|they|we|people|everyone|nobody|this|that)\b[^.?!]{0,60}\b(is|was)\b|"
    r"\b(that\x27s|thats|that is|it\x27s|its|which is)( probably| really| actually| also)? "
    r"(half|part|most|some|a lot|a big part)( of)? the (reason|cause)\b|"
    # "I asked Jade straight out why. She said ...", "In the exit interviews both said"
    # (not "nobody ever gets asked why": no one asked)
    r"(?<!gets )(?<!get )(?<!got )(?<!getting )(?<!was )(?<!were )(?<!been )(?<!being )"
    r"\basked ([\w-]+ ){0,3}(why|what\x27s (wrong|behind|going on))\b|\bexit interviews?\b)",
    re.I,
)
# a message that opens by pointing back at what was told: "Which is a big part of why ...",
# "And that's half the reason ..."
_OPENS_WITH_WHY = re.compile(
    r"\W*((and|so|plus)\W+)?(which|that|this|and that)(\x27s| is)( probably| really| also| actually)?"
    r"( (half|part|most|some|a lot|a big part|much)( of)?)? (the (reason|cause)|why)\b",
    re.I,
)
# a loss or a breakdown told: "we lost a £5k grant", "line 2 was down 6 hours", "I only
# found out friday"
_LOSS = re.compile(
    r"\b(lost|losing) (a|an|the|our|my|two|three|four|five|\d+|£|\$|€)|\b(was|were|went|been) down "
    r"(for )?(\d+|two|three|four|five|six|half|most of|all)\b|\bonly (found|find) out\b|"
    # "we've gone from 40 sign-ups a week to 6": something wanted, going down
    r"\b(gone|went|dropped|fell|come|came) (down )?from \d+[^.]{0,30}\b(sign-?ups?|sales|covers|bookings|"
    r"orders|revenue|takings|customers|members|volunteers|applications|donations|visitors|regulars)\b",
    re.I,
)
# what the problem told before costs: "And now it's costing me people", "There's a
# knock-on as well"
_COSTS = re.compile(
    r"\b(it\x27s|its|it is|this is|that\x27s|that is|which is) (now )?(already )?costing (us|me)\b|"
    r"\bthere\x27s (a|another) knock[- ]on\b|\bknock[- ]on (effect|is)\b",
    re.I,
)
# a message that opens by saying a problem told before leads to the new one: "And because
# half of us are still in spreadsheets, nobody knows ...", "because of that, ..."
_CAUSED_BY_EARLIER = re.compile(
    r"^\W*((and|so|plus|also)\W+)?(because of (all )?(that|this|it|them)|because (of )?(half|most|some|all|none|the|"
    r"they|we|people|everyone|nobody|no one)\b|(as a result|since then|knock-on|the knock on)\b|"
    r"(since|after) all (that|this)\b|"
    # "And it's spilling over. The nurses are fed up": what follows came of it
    r"(it\x27s|its|it is|that\x27s|this is)( now| really| also| all)? (spilling|spilled|bleeding|rubbing|"
    r"knocking) (over|off|on|into)\b|"
    # "So the parcels are all over the place": what came of it
    r"so (now )?(the|our|my|every|everyone|nobody|people|they|half)\b(?! (other|second|next|last) ))",
    re.I,
)
# "the other thing is the drive thru. nobody is assigned to it": a short sentence that
# names the thing, then the problem said with a pronoun
_NAMES_THING = re.compile(
    r"(?:^|\b(?:is|was|are|about|with|re|its|it\x27s)\s+)((?:the|our|my|their) (?:[\w-]+ ){0,2}[\w-]+)\W*$",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(r"^(?:[\w\x27-]+ ){0,4}(?:it|them)\b", re.IGNORECASE)


def _with_antecedent(entry: str, said: list[str]) -> str:
    """A ledger entry that opens with "it" ("Nobody is assigned to it, so ..."), with the
    thing the sentence before it in the message (`said`, its sentences) named ("The drive
    thru: nobody is assigned to it, so ...")."""
    if not _PRONOUN_START.match(entry):
        return entry
    for before, this in itertools.pairwise(said):
        if entry.lower()[:20] in this.lower() and len(before.split()) <= 10:
            named = _NAMES_THING.search(before.rstrip(".!;: "))
            if named:
                thing = named.group(1)
                return f"{thing[:1].upper()}{thing[1:]}: {entry[:1].lower()}{entry[1:]}"
    return entry


def _plain(quote: str) -> str:
    """A quote without the filler it opens with ("Ok, concrete: tickets sit..." ->
    "tickets sit...")."""
    for _ in range(4):
        cut = _FILLER.sub("", quote, count=1)
        if cut == quote or len(cut.split()) < 3:
            break
        quote = cut
    return quote[:1].upper() + quote[1:] if quote else quote
