"""The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml).

The file is validated strictly (`IntentsFile`); an error names the file and the field,
for example `knowledge/coach/intents.yaml: field 'roles.owner[2]': invalid regular
expression: ...` (positions count from 0, as in the cue file's errors).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from assistant.diagnosis.text import informal
from assistant.errors import KnowledgeError
from assistant.model.asking import LINKED
from assistant.model.vocabulary import Overlap, Role
from assistant.patterns import Compiled, compiled
from assistant.retrieval.knowledge import load_yaml_data, relative_source
from assistant.validation import describe

INTENTS_FILE = "coach/intents.yaml"


def _compilable(pattern: str) -> str:
    try:
        compiled(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    return pattern


Pattern = Annotated[str, Field(min_length=1), AfterValidator(_compilable)]
Patterns = Annotated[tuple[Pattern, ...], Field(min_length=1)]


class RolePatterns(BaseModel):
    """How each kind of person says who they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    owner: Patterns
    manager: Patterns
    team_member: Patterns = Field(alias="team-member")
    # others work under them: a manager, even with a team member's title
    leads: Patterns = ()


class QuestionPatterns(BaseModel):
    """How a person asks the coach something (answered, never stored as evidence)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    first_steps: Patterns
    opinion: Patterns
    why: Patterns
    explain: Patterns
    measure: Patterns


class MovePatterns(BaseModel):
    """Proposed fixes, by the kind of intervention they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    process: Patterns
    roles: Patterns
    people: Patterns  # more people: a process smell, not a fix (ALE_MODEL.md)
    buy_in: Patterns = Field(alias="buy-in")


class RoleTitles(BaseModel):
    """The last word of a job title, by who is asking."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    owner: tuple[str, ...] = Field(min_length=1)
    manager: tuple[str, ...] = Field(min_length=1)
    team_member: tuple[str, ...] = Field(alias="team-member", min_length=1)


# a title followed by the name of whoever holds it: "the crew chief there, Marco, ..."
_NAMED_AFTER = re.compile(r"( there| here| on site)?,\s*(?-i:[A-Z][a-z]+)\s*,")


class IntentsFile(BaseModel):
    """The schema of knowledge/coach/intents.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    kind: str
    which_sphere: Patterns
    fix_leadership: Patterns
    roles: RolePatterns
    role_titles: RoleTitles
    questions: QuestionPatterns
    moves: MovePatterns
    greeting: Patterns
    vague_trouble: Patterns
    opens_problem: Patterns
    new_problem: Patterns
    tried: Patterns
    good_news: Patterns
    done: Patterns
    result: Patterns
    setback: Patterns
    partial: Patterns
    reframe: Patterns
    reread: Patterns
    better: Patterns


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CORRECTS = re.compile(
    r"\b(i need to|i have to|i should|let me|i gotta|i want to|i wanna|i must|i) correct "
    r"(that|this|myself|what i (said|wrote|told you))\b|"
    # "Wait, I need to fix the first part."
    r"\b(i need to|i have to|let me|i gotta|i want to|i must) (fix|correct|change|redo) (that|what i said "
    r"about )?(the )?(first|second|last|other) (part|bit|one|thing)\b|^\W*((sorry|ok|okay|small|quick|hmm+|um+|wait|actually),? )*correction\b|\bi (said|told|told you|"
    r"explained|explain|described|describe) (it|that|this) wrong\b|(?<!that )(?<!admitted )(?<!straight )\bi( was| am|\x27m|m) wrong\b(?! to )|\bi misspoke\b|"
    # (not "I told the crew straight that I got it wrong": owned up to them)
    r"(?<!that )(?<!admitted )(?<!admit )(?<!straight )\bi (had|got) (that|it|this|the [\w-]+)( part| bit| one)? "
    r"(all )?wrong\b|\bmy bad\b|"
    # "Sorry, got that wrong. Talked to the SM, it is AV's job"
    r"(^|[.!?;]\s+)\W*((sorry|ok|okay|oh|hmm+|wait|actually|no)\W+){0,3}(had|got) (that|it|this)"
    r"( part| bit| one)? (all )?wrong\b|\b(change|take back) what i (said|wrote|told you)\b|"
    r"\bi (take|\x27ll take) (that|it) back\b|"
    # "Actually the alerts thing is wrong. I asked around: ..."
    r"\b(the|that|my) ([\w-]+ ){0,2}(thing|part|bit|one|problem|issue) (is|was) wrong\b"
    r"(?=\s*([.,;:!?]|$|\s+(about|before|earlier|tho|though)\b))|"
    r"\bi think (that\x27s|thats|that is|that was|you\x27re|youre|you are) wrong\b|"
    r"\bi was (unfair|too hard|too harsh|harsh) (to|on) (them|him|her|the [\w-]+)\b|"
    # "No wait, I've been looking at it wrong."
    r"\bi(\x27ve| have) been (looking at|reading|seeing|thinking about) (it|this|that|things|the [\w-]+)"
    r" (all )?(wrong|the wrong way)\b|"
    # "Hold on, I've rethought that.", "I've thought about it more and ..."
    r"\bi(\x27ve| have) (re-?thought|rethunk|reconsidered) (that|this|it)\b",
    re.IGNORECASE,
)
# one sentence that asks what to do: "should we do a receiving checklist first or just get a
# better POS system" (a question, whatever it names as done or better)
_WHAT_TO_DO = re.compile(
    r"^\W*((so|ok|okay|and|but|then|hmm+)\W+)?(should|shall|could|would) (i|we)\b(?![^.!?]*[.!?]\s+\S)",
    re.IGNORECASE,
)
# a title said again: "i said manager", "I told you I'm a picker"
_I_SAID = re.compile(
    r"\bi (said|told you|already said|mentioned)( that)?( i\'m| im| i am)?( an?| the)? "
    r"(?P<title>[a-z][\w-]+( [a-z][\w-]+)?)(?=\s*([.,;!?]|$|\s(not|and|but|lol|obv|tho)\b))",
    re.IGNORECASE,
)
# a title the speaker says they do not have: "im no manager"
_NO_TITLE = re.compile(r"\bi(\x27m| am|m) no (manager|boss|lead|supervisor|leader)\b", re.I)
# no title of leading, said when nothing else says who is speaking: "im not a supervisor"
_NOT_A_BOSS = re.compile(
    r"\bi(\x27m| am|m) (not|never been) (a|an) (manager|boss|lead|supervisor|leader|foreman)\b"
    # "im the only paid staff besides the director": the one above is someone else
    r"|\bonly (paid )?(staff|employee|person|worker|one on payroll) (besides|apart from|other than|"
    r"except|except for) (the|my|our) (director|owner|boss|manager|ed|founder)\b",
    re.I,
)
# a lead who says nobody works under them: "line lead, still hourly, nobody reports to me"
_NO_REPORTS = re.compile(
    r"\b(still (hourly|on hourly)|(nobody|no one|noone) reports to me|i (don\x27t|dont|do not) "
    r"manage (anyone|anybody|people|staff)|(lead|leader|chief|captain),? (but )?not (a|an) manager)\b",
    re.I,
)
# an owner of a backlog or a process, not of the business ("product owner here")
_TASK_OWNER = re.compile(r"\b(product|process) owners?\b", re.I)
# the one at the top, whatever the place is called: "I'm the executive director of ...",
# "CTO at a 20 person startup" (not "our CTO", not "I report to the CEO")
_TOP_TITLE = re.compile(
    r"\bi(\x27m| am) (the |our )?(executive director|ceo|cto|coo|cfo|chief executive|managing director|"
    r"ed(?=\s*[,.;!]|\s*$| (of|at|here)\b))\b"
    r"(?! (says|said|wants|told|thinks))|^\W*(the )?(ceo|cto|coo|executive director) (at|of|here)\b",
    re.I,
)
# the speaker founded the place: an owner, whatever title they give themselves
_FOUNDED = re.compile(
    r"\bi (co-?founded|founded|started|set up|built) (a|an|the|this|our|my) ([\w-]+ ){0,3}"
    r"(company|business|firm|shop|store|pantry|food bank|charity|nonprofit|non-profit|league|"
    r"club|restaurant|cafe|café|bakery|clinic|practice|agency|studio|brewery|factory|plant|"
    r"workshop|shelter|rescue|school|organi[sz]ation|startup|co-?op|place)\b"
    # beside a title: "I'm the director, I set it up", "I started it eight years ago"
    # "I'm the director of a small arts charity": the one at the top of a small nonprofit
    r"|\bi(\x27m| am) the (executive )?director of (a|an|our) (small|little|tiny) ([\w-]+ ){0,3}"
    r"(charity|nonprofit|non-profit|foundation|trust|food bank|youth cent(re|er)|shelter)\b"
    r"|\bi (set|started) (it|this|the whole thing) up"
    r"(?=\s*([.,;!]|$)|\s+(myself|from scratch|back in|in (19|20)\d\d|with my)\b)|\bi (co-?founded|founded) (it|this)\b"
    r"|\bi started (it|this) (\d+|two|three|four|five|six|seven|eight|nine|ten|a few|several) "
    r"years ago\b",
    re.IGNORECASE,
)
# the speaker built the business: "I built this lighting and staging company up from one
# van", "I started my bakery in 2015" (not "I started the shop's alarm")
_BUILT_IT = re.compile(
    r"\bi (co-?founded|founded|built|started|grew) (a|an|this|our|my) ([\w-]+ ){0,3}(company|business|"
    r"firm|shop|store|restaurant|cafe|café|bakery|clinic|practice|agency|studio|brewery|factory|"
    r"workshop|charity|nonprofit|non-profit|startup|salon)( up)? (from|in|back in|out of|with|"
    r"\d{4}|years ago|\w+ years ago)\b",
    re.IGNORECASE,
)
# a working life told in steps, to the job held now: "I started as a barista in 2018, became
# shift lead in 2019 and they made me manager in 2021", "I joined in 2020 as kitchen manager",
# "I volunteered for 4 years and was hired as volunteer coordinator"
_CAREER_STEP = re.compile(
    r"\b(started( out)?|began|became|become|made me|promoted( me)? to|(was |got |been )?hired( me)?|"
    r"joined( [\w ]{1,20}?)?|took over|moved up to|stepped up to|worked my way up to)"
    r"( as)? (a |an |the |our )?(?P<title>(?!(in|on|at|for|by|to|with|back|as|and|up|there|here|it|"
    r"them|us|me)\b)(?!\d)[\w-]+( [\w-]+)?)",
    re.IGNORECASE,
)
# the steps that name the job held later, not the first one
_CAREER_LATER = re.compile(
    r"^(became|become|made me|promoted|was hired|got hired|been hired|hired me|joined|took over|"
    r"moved up|stepped up|worked my way)",
    re.IGNORECASE,
)
# the speaker's own working life begins: "I started as", "I joined in 2020", "I've been a
# carpenter 25 years", "I volunteered for 4 years"
_CAREER_START = re.compile(
    r"\bi(\x27ve| have)? (started|began|joined|was hired|got hired|volunteered|worked|came on|"
    r"been a|was a)\b|\bthey (made|promoted|hired) me\b",
    re.IGNORECASE,
)
# out on one's own: "then went out on my own doing decks", "My business partner Kim joined"
_OWN_BUSINESS = re.compile(
    r"\b(went|going|set|started) out on (my|our) own\b|\bmy (business )?partner\b(?! (and i|in crime))"
    r"|\bi (bought|opened|took over) (a|the|our|my) ([\w-]+ ){0,2}(business|company|shop|firm|cafe|"
    r"restaurant|bakery|practice|salon|studio|garage)\b(?! (for|with) (the|my) (owner|boss))",
    re.IGNORECASE,
)
# a step that failed outright: progress part of the way is not news then ("still" about the
# rest is expected in such news, so the `setback` list is too strict for it)
_FAILED = re.compile(
    r"\b(worse|no (real )?difference|(didn't|did not|doesn't|does not) (help|work|stick|take|"
    r"catch on|fix (it|that|this|anything|the [\w-]+))|nothing (has )?changed|back to (the old|square one|how it was)|gave up|stopped "
    r"(using|doing))\b",
    re.IGNORECASE,
)
# what came of a step, said with time or change: "now", "for once", "already", "a month
# now", "two weeks, nothing left behind", "most mentors have switched"
_SINCE = re.compile(
    r"\b(now|since then|so far|for once|already|these days)\b"
    r"|\b(\d+|one|two|three|four|five|six|a|a few|couple of) (weeks?|months?|days?|shifts?|services?|"
    r"nights?|jobs?|sprints?|releases?|runs?)( now| in| later| since| straight| running)?\b"
    r"|\b(have|has) (switched|moved over|come round|come around|signed up|started)\b"
    r"|\b(one|two|three|four|five|\d+|most|half|all but one) of (the|them|us|our|my)\b"
    r"|\b(everyone|everybody|they all|all of them) (follows?|uses?|does|do|fills?) (it|them)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:but|however|except|still|although|though)\b", re.IGNORECASE)


def _opening(text: str) -> str:
    """The first sentence of `text` (with the next one when the first is a bare "nah." or
    "hmm."), contractions spelt out ("" for a blank text): where a message that disagrees
    says so."""
    if not text.strip():
        return ""
    told = sentences(informal(text))
    # ("nah. I don't think that's it": a bare "nah." opens the sentence that says it)
    return " ".join(told[:2]) if len(told[0].split()) <= 2 else told[0]


_LEAD_IN = (
    r"^\W*((sorry|ok|okay|so|and|but|hmm+|um+|uh+|well|right|alright|yeah|yes|no|also|then|"
    r"realistically|seriously|genuinely|honestly though|anyway|anyways|like|basically|roughly|"
    r"ballpark|"
    r"wait|quick question|honestly|makes sense|got it|fair enough|cool|great|thanks|sure|"
    r"true|fine|i see|ah|oh|hm+|ok then|one more thing|last thing|out of curiosity|k|kk|"
    r"lol|haha|right then|gotcha|ya|yep|nah|idk|i don\x27t know|dunno|hmm ok|ok but|tbh|ngl|fwiw|btw|"
    # "sorry, english: what can I do ...", "as a cook what can i even do about that"
    r"(in )?english|as (an? |the )?[\w-]+( [\w-]+)?|"
    # "that one, how long till ...", "the second thing, what can ...": which one it is about
    r"(that|this|the (first|second|third|last|other|bigger|smaller)) (one|thing|problem|issue|bit|part)"
    r"( you (said|mentioned))?)\W+){0,3}"
)
_AUX = (
    r"(do|does|did|is|are|was|were|am|can|could|would|should|will|shall|might|may|must)"
    r"(n\x27t)?"
)
# who or what does the asking verb ask about: a pronoun or the start of a noun phrase
_SUBJECT = (
    r"(i|we|you|it|they|he|she|this|these|those|there|the|a|an|my|our|your|their|his|her|"
    r"its|one|someone|somebody|anyone|anybody|everyone|everybody|people|me|us|any|some|"
    r"each|every|all|both|either|that)"
)
_WH = r"(how|what|why|which|where|when|who|whom|whose)"
_NOT_A_STATEMENT = r"(?!.*[.!]\s*$)"  # typed without "?", but not ending like a statement
# "what happens is...", "what changed is...": a statement that says what, not a question
_CLEFT = (
    r"(?!what\W+(happens|happened|changed|changes|matters|bothers|bugs|worries|kills|wears|"
    r"gets|hurts|breaks|drives|frustrates|annoys|really happens|actually happens|"
    r"really happened|actually happened|goes wrong|went wrong|really goes wrong|goes on|went on|"
    # "what goes wrong is there's no spec sheet", "what's missing is a name on it"
    r"is missing|was missing|s missing|is lacking|gets missed|got missed|is needed|we need|"
    r"s going wrong|is going wrong|s gone wrong|s (really|actually) going on|"
    r"i need|we lack|they (said|told me)|i (found|noticed|learned|learnt|realised|realized|saw|"
    r"mean)|keeps happening)"
    # "what drives them nuts is the handoffs", "what bugs me is the rota"
    r"(\W+(them|me|us|people|everyone|everybody|the team|the crew|staff)"
    r"(\W+(mad|crazy|nuts|up the wall|insane|bonkers|spare))?)?\W+(is|was)\b)"
)
# "did the huddle every morning", "did my first one-on-one with Dave": a step told with its
# subject left out; a verb after the thing done makes it a question ("did the rota help")
# ("did a ..." and "did an ..." are steps whatever follows: `_ASKS` leaves them out itself)
_ASKED_VERBS = (
    r"help|helps|work|works|agree|go|make|change|stick|hold|fix|get|come|happen|matter|cause|"
    r"start|feel|seem|say|tell|know|think|like|want|need|mind|care|notice|see|hear|show|turn|"
    r"land|catch|improve|reduce|stop|end|mean|count|look|sound|do|take"
)
_DID_A_STEP = (
    rf"did (the|my|our|his|her|their) (?:(?!({_ASKED_VERBS})\b)[\w-]+ ){{0,2}}"
    rf"(?!({_ASKED_VERBS})\b)[\w-]+,? (every|each|for|last|this|today|yesterday|tonight|all|"
    r"like (you|we) (said|suggested)|as|with|since|twice|once|again|first thing)\b"
    rf"(?![^.,;!?]*\b({_ASKED_VERBS})( it| that| this| them| at all| much| anything| (a|any) (difference|change))?\W*$)"
)
_ASKS = re.compile(
    r"\?\s*$"
    rf"|{_LEAD_IN}("
    # "tell me more", "any ideas", "walk me through it"
    r"(explain|tell me|give me|show me|(talk|walk) me through|be specific|"
    r"any (ideas|advice|tips|suggestions|thoughts)|thoughts|help me|i wonder|"
    r"(do )?you (think|reckon|suppose) (i|we|it|that|this|they|the|a|one|my|our)\b|"
    r"((i\x27m |just )?(wondering|curious) (if|whether|what|how|why|who|which)|"
    r"not sure (if|whether|how|what|who|which) (i|we|to)\b)(?!.*[.!]\s*$))"
    # "I was wondering what I could put in place before...", "I'd like to know whether
    # ...": asking politely, even when it ends with a full stop
    r"|((i (was|am|\x27m) )?(just )?wondering|i\x27d (like|love) to (know|hear)|i would (like|love) "
    r"to (know|hear)|i (want|need) to know|(i\x27m|i am) curious) (if|whether|what|how|why|who|which)\b"
    # "and what if the founder takes it as an insult", "what if i just hire a third guy"
    r"|what if\b"
    # "hm how come that one first", "checklist on the dash. dumb idea or"
    r"|how come (that|this|it|you|u|the (first|second|other|last) one)\b|how come\b[^.?]{0,20}\bfirst\b|.*\b(idea|worth it|overkill|ok|okay|fine|enough) or( not| nah| no| what)?\W*$"
    # "crew bbq worth it or waste of time", "is a huddle worth it or pointless"
    r"|.*\bworth (it|the (money|time|effort|hassle|cost)) or (a )?(waste|pointless|overkill|not|nah|no)\b"
    # "why you say its about who owns it", "why u think so", "how i say this to the
    # coordinator": asked without the "do"
    r"|why (you|u) (say|said|think|thought|reckon|figure)\b"
    r"|how (i|we) (say|tell|word|put|raise|bring up|explain|ask|start|begin|fix|talk)\b"
    # "can u give me actual words to say to him lol.", "should i just leave tbh.": a request
    # or a question whatever the last mark
    r"|(can|could|would|will) (you|u) (please |pls |just )?(give|tell|show|help|suggest|write|"
    r"draft|explain|recommend|send|list)\b|should (i|we) (just |even |still |really )?[\w-]+\b"
    r"|(pls|plz|please) (just )?(give|tell|show|explain|send|list|help|keep it)\b"
    # "draft me the email to the clinic manager ...", "write me the safety check list anyway":
    # a request in the imperative
    r"|(draft|write|send|list|sketch|outline) (me |us )?(the|a|an|up|out|some|that|those|my|our)\b"
    # "the second thing, what can a volunteer even do about it"
    rf"|{_WH}\W+(can|could|should|would|do|does|will)\W+(a|an|one|someone|somebody|anyone)\b"
    # "anything i can do this week on either one": asked without "is there" or a mark
    r"|(is there )?(anything|something) (i|we) (can|could|should) (actually |really |even )?(do|try)\b"
    # "how do i raise this in my 1:1 without being the negative guy.": asked, full stop or not
    r"|(how|what|where|which|why) (do|should|can|could|would) (i|we) (?!(do it|know it)\b)[\w-]+\b"
    # "im not a lead tho so how do i even bring it up": asked after "so", "but", "then"
    r"|.*\b(so|but|then)\W+(how|what|where|which|why|who) (do|should|can|could|would|shud|cud) "
    r"(i|we) (even |ever |actually |possibly )?[\w-]+\b(?![^.!]*[.!]\s*$)"
    # "and a text for the group chat saying it starts Friday", "the wording for the line on
    # the job sheet": the thing to write, asked for without a verb (not "the message from
    # head office was never explained": a statement about it)
    r"|(a|an|the|some|one) ((short|quick|plain|brief|simple|polite|friendly|firm|rough|"
    r"first) )*(text|message|msg|note|email|e-mail|post|slack (post|message)|whatsapp message|"
    r"memo|script|wording|words|sentences|lines|paragraph|blurb|draft|reply|announcement|"
    r"bullet points|times and steps)\b"
    # (not a kind of message told of: "but the email ones still disappear")
    r"(?!\s+(ones?|inbox(es)?|address(es)?|requests?|queue|lists?|chains?|threads?|orders?)\b)"
    r"(?![^.?!]{0,80}\b(is|are|was|were|keeps?|never|always|still|"
    r"don\x27t|doesn\x27t|didn\x27t|isn\x27t|aren\x27t|wasn\x27t|got|gets|went|came|comes)\b)"
    # "bullet points pls", "make it short, they won't read a long one", "one paragraph":
    # the form of what to write, so a request
    r"|.*\bbullet ?points?\b|(.*([,;:]|\b(pls|please|and|but|just|so)) )?(make|keep) it (short|brief|"
    r"simple|snappy|plain)\b"
    r"|.*\bthey (won\x27t|wont|will not|don\x27t|dont) read (a )?long\b"
    r"|.*\bone (paragraph|line|sentence)( max| only| tops)?\W*$"
    # "draft something I can send to the nurses"
    r"|(draft|write|jot|knock up|put together|whip up|give)( me| us)? (something|sth|smth|"
    r"a few (lines|words)|a couple of (lines|sentences)|some words|the words)\b"
    r"|what (goes|should go|would go) (on|in|into)\b"
    # "i want to put a note up by the colour shelf. you write it": a request
    r"|.*\byou (write|draft|do) (it|one|that|this|the [\w-]+)( for me)?\W*$"
    # "the backup fridge being full, is that a thing I should worry about or no": asked,
    # with "or no" for its question mark
    r"|.*\b(is|are|should|do|does|can|could|would|will) (that|this|it|i|we|they|he|she)\b"
    r"[^.!]*\bor (no|not|nah|what)\W*$"
    # "like actual words pls", "a script please": a request
    r"|(like |just )?(the |some )?(actual|exact|real) (words|wording|script|sentences?)\b"
    r"|.*\b(pls|plz|please)\W*$"
    # "so who gets the tanks then", "who owns that"
    r"|who\W+(gets|owns|takes|handles|runs|checks|decides|covers|signs|picks)\b(?!.*[.!]\s*$)"
    # "isnt fixing this the owners job", "doesnt that just add paperwork"
    r"|(isn\x27t|aren\x27t|doesn\x27t|don\x27t|wouldn\x27t|shouldn\x27t|won\x27t|can\x27t)\W+"
    r"(?!(know|care|want|think|like|have|work|get|seem|matter|help|make|be)\b)[\w-]+\b(?!.*[.!]\s*$)"
    # "who should own it", "what free tool would you use", "how long does it take"
    # (not "what happens is the crew waits for my call": a statement that says what)
    rf"|{_CLEFT}{_WH}(\W+(?!(i|we|you|they|he|she|it)\b)[\w\x27-]+){{0,3}}?\W+{_AUX}\W+{_SUBJECT}\b{_NOT_A_STATEMENT}"
    rf"|(?!which (is|was) why){_WH}\W+{_AUX}\b{_NOT_A_STATEMENT}"
    rf"|{_WH}\W+((i|we|you|they)\W+(should|could|can|would|might|ought|supposed|gonna)|to|"
    rf"exactly|long|much|many|often|else|kind|sort)\b{_NOT_A_STATEMENT}"
    # "what's a runbook exactly" (not "What's missing is anyone owning it", "What's really
    # eating us is finishing", "What's going wrong is the stock adjustments")
    r"|(what|how|where|who|why|when)\x27s\b(?!\s*(really |actually )?(missing|lacking|wrong|"
    r"needed|happening|going on|going wrong|gone wrong|breaking|slipping|failing|"
    r"[a-z]+ing (us|me|them|people|everyone|everybody)"
    r"( (mad|crazy|nuts|up the wall|alive))?) (is|was)\b)(?!.*[.!]\s*$)"
    # "isnt a runbook overkill for six people", "can someone in the lab change it"
    # ("did a pre-pour checklist for both pours this week, no scramble", "did the huddle
    # every morning this week": a step told, not "did the team agree to it")
    rf"|(?!(was|were|am|might|may|must)\W+an?\b|did (that|it|this|an?)\b|{_DID_A_STEP})"
    rf"{_AUX}\W+{_SUBJECT}\b{_NOT_A_STATEMENT}"
    # "would sbar fix it", "was piece rate a mistake": a question starts with the verb (not
    # "could be worse", "will do", "should be fine")
    r"|(would|should|could|will|can|is|are|does)\W+"
    r"(?!(be|do|have|get|go|happen|say|complain|help|not|never|also|too|always|just)\b)"
    rf"[\w-]+\b{_NOT_A_STATEMENT}"
    rf"|(have|has|had)(n\x27t)?\W+(i|we|you|they|he|she|it|anyone|someone|people)\b"
    rf"{_NOT_A_STATEMENT}"
    # "if we did a huddle would that help" (not "if i did the order i'd mess it up too")
    r"|if (i|we|you)\b(?=.*\b(would|will|could|can|does|do|is|should|might) (that|it|this|they|"
    r"he|she|we|i|you|u|the|a|an)\b)(?!.*[.!]\s*$)"
    # "who decides service ownership, me or the engineering manager": a choice to make
    rf"|{_WH}\b[^.!?]{{0,60}},\s*(me|us|him|her|them|you|the|my|our|a|an|[\w-]+)\b[^.!?,]{{0,40}}\bor\b[^.!?]*$"
    # "why leadership tho, i wasnt the one who...", "why not just fix the easy one first",
    # "what about the mislabels tho, anything quick for those"
    r"|what about\b"
    r"|why (not|accountability|leadership|execution|process|roles|buy-?in|me|us|them)\b"
    # "why that order and not the other way around", typed without a mark
    r"|why\b(?!.*[.!]\s*$)"
    # "what we fix first", "how i start on it monday": asked without the "do"
    r"|(how|what|which) (i|we) (?!.*\b(is|was|are|were)\b)[\w-]+\b(?!.*[.!]\s*$)"
    r"|(how|what|why|which|where|when|who)(?!\W+an?\b)(\W+\w+){0,2}(?!.*!)\W*$"  # "ok which first", "why not"
    # "one checklist for everybody or a different one per team": a choice to weigh
    r"|(one|a|an|the|two|separate|single|different|same|daily|weekly|monthly|more|another)"
    r"\b(?!.*\b(i|we|they|he|she|is|are|was|were|would|will|could|should|can|does|do|did|has|"
    r"have|had|won\x27t|don\x27t|isn\x27t|doesn\x27t|didn\x27t|"
    # (a statement that tells, with "or" in it: "the crew chief says the freelancer, ...
    # and nobody ever pays for it or even gets asked")
    r"says|said|pays|paid|gets|got|goes|went|keeps|kept|takes|took|makes|made|comes|came|"
    r"knows|knew|thinks|thought|blames|blamed|never|nobody)\b)[^.!]{0,120}\bor\b[^.!]*$"
    r")"
    # "..., what exactly do you mean", "im just a tech, can i even raise this"
    r"|,\s*((what|how|why|which|where|who) (exactly |else |even )?)?"
    r"(do|does|did|would|should|is|are|can|could|will)(n\x27t)? (you|i|we|it|that|this|they|"
    r"someone|anyone)\b"
    # (not a statement in the same shape: "he has no checklist, does it from memory")
    r"(?! (from|by|all|every|on|in|at|his|her|their|my|our|himself|herself|themselves|myself|"
    r"differently|wrong|badly)\b)[^,]*$"
    # "i cant do anything about layoffs so isnt the trust one out of my hands" (not "people
    # smirk and do the bare minimum")
    r"|\b(so|but|and|then|or) (?<!and )(is|are|should|would|can|could|do|does|will)(n\x27t)? "
    r"(i|we|you|it|that|this|the|they|there)\b[^.,]*$"
    r"|\band (is|are|should|would|can|could|will)(n\x27t)? (i|we|you|it|that|this|the|they|there)\b"
    r"[^.,]*$",
    re.I,
)


def sentences(text: str) -> list[str]:
    """`text` cut after each ".", "!" or "?" that ends a sentence."""
    return _SENTENCE.split(text.strip())


# words the person reports someone else saying ("the foremen say 'if they don't care, why
# should we'"): their question, not the person's
_REPORTED = re.compile(
    r"\b(say|says|said|saying|ask|asks|asked|asking|go|goes|went|tell|tells|told (me|us)|like|reply|"
    r"replies|replied|shout|shouts|shouted)\b[,:]?\s*"
    r"(?P<q>[\x27\u2018](?P<one>[^\n]{1,160}?)[\x27\u2019](?![a-z])|[\"\u201c][^\"\u201d\n]{1,160}[\"\u201d])",
    re.IGNORECASE,
)


# "how often should I check it's being done?": answered with a rhythm of checks
HOW_OFTEN = re.compile(
    r"\bhow (often|regularly|frequently|many times)\b[^?.]{0,40}\b(check|checks|checked|look|"
    r"inspect|review|audit|test|spot[- ]check|go over|follow up|meet|ask)\w*|"
    r"^\W*((ok|okay|so|but|and|right)\W+)*how often\b",
    re.IGNORECASE,
)
# "should we keep the card or can we drop it?", "can I stop checking now?"
KEEP_OR_DROP = re.compile(
    r"\b(can|could|should|do) (i|we) (now )?(stop|drop|ease off|bin|ditch|scrap|get rid of|quit) "
    r"(checking|doing|the|it|them|that|this|those|these|asking|counting|signing)\b|"
    r"\bshould (i|we) (keep|carry on|go back to|stop)\b|\b(keep|keeping) (the|it|them|that|this|"
    r"doing|going|checking)\b[^?]{0,50}\bor (can|could|should|do|was|is|just|bin|drop|stop|ditch)\b|"
    r"\bgo back to (the old|how it was|doing it|photos|paper|the way)\b[^?]{0,30}\?",
    re.IGNORECASE,
)
# "should i just ask the QA lead why?": answered yes, and how
SHOULD_I_ASK = re.compile(
    r"(?<!how )(?<!what )(?<!when )(?<!where )(?<!why )\b(should|shall|do|can|could|would it help if) i (just )?(go and |go )?(ask|tell|talk to|"
    r"speak to|speak with|talk with|raise (it|this) with|confront|email|message|call|"
    r"sit down with|have a word with|bring (it|this) up with|"
    # "should I report her to the manager?", "should i say something to the boss"
    r"report(?: (?:it|this|that|him|her|them))? to|say something to|mention (?:it|this|that) to|"
    r"escalate(?: it| this| that)? to|flag (?:it|this|that) (?:with|to))\b( [^?.]{1,60})?",
    re.IGNORECASE,
)
# "who should own the inspection?": answered with one person and how to choose
WHO_SHOULD_OWN = re.compile(
    r"\bwho\b[^?.]{0,30}\b(should|would|could|shud|do (i|we)|ought to)\b[^?.]{0,15}\b(own|owns|take|"
    r"run|handle|be in charge of|be responsible for|be accountable for|look after|do)\b|"
    r"^\W*((ok|okay|so|but|and|right)\W+)*who\W+(me|us|the [\w-]+|[\w-]+) or\b",
    re.IGNORECASE,
)


# a team member asks what is in their own hands: "what can I actually do from my end?",
# "is there anything I can do from where I stand?", "what's in my power here?"
WITHIN_REACH = re.compile(
    r"\b(what|anything|something|much) (can|could) i (actually |even |really |personally |realistically )?"
    r"do\b|\bfrom (my|where i) (end|side|seat|position|stand|role|level|desk)\b|\bin my (power|hands)\b|"
    r"\bwhat can (someone|somebody|a [\w-]+) like me\b|\bwhat (can|could|should) i do (myself|on my own)\b",
    re.I,
)


def set_answer(sphere: str | None, message: str, role: str | None = None) -> str | None:
    """The set answer a question gets ("how_often", "who_owns", "should_ask"), or None: the coach gives
    each in full once, then in short. `role`: who is asking (a team member's "what can I
    do?" gets the steps within their reach)."""
    if sphere is not None and role == "team-member" and WITHIN_REACH.search(message):
        return "within_reach"
    if sphere is not None and HOW_OFTEN.search(message):
        return "how_often"
    if sphere == "accountability" and WHO_SHOULD_OWN.search(message):
        return "who_owns"
    if sphere is not None and SHOULD_I_ASK.search(message):
        return "should_ask"
    if MY_PLACE.search(message):
        return "my_place"
    return None


def unquoted(text: str) -> str:
    """`text` without the words it reports someone else saying (their questions are not
    the person's)."""
    return _REPORTED.sub(lambda m: m.group(0)[: m.start("q") - m.start()] + "(...)", text)


# "seems better?", "it's a bit better I guess?": a result told with a shrug, not a question
_HEDGED_RESULT = re.compile(
    r"^\W*((it\x27s|its|it is|things are|that\x27s|seems|seemed|looks|feels|kinda|sort of|maybe|"
    r"a bit|a little|much|way|so far|i think|i guess)\W+){0,4}(better|good|fine|ok|okay|improved|"
    r"working|calmer|quieter|smoother)(\W+(i (guess|think)|maybe|actually|now|so far|tbh))*\W*\?\W*$",
    re.IGNORECASE,
)


# whether to leave an outsider: "should I switch supplier?", "should we fire the agency?"
SWITCH = re.compile(
    r"\b(switch|change|drop|ditch|fire|sack|leave|replace|move away from|get rid of|find (a )?(new|"
    r"another|different))\b[^.?]{0,30}\b(suppliers?|vendors?|couriers?|agenc(y|ies)|contractors?|"
    r"subbies|labs?|wholesalers?|distributors?|landlords?|clients?|customers?|carriers?|hauliers?|"
    r"providers?|merchants?|them|him|her)\b"
    # "should I open an account with a second distributor as a backup?"
    r"|\b(second|another|backup|back-up|spare)\s+(suppliers?|vendors?|couriers?|agenc(y|ies)|"
    r"contractors?|labs?|wholesalers?|distributors?|carriers?|hauliers?|providers?)\b"
    r"|\bas (a )?(backup|back-up|fallback)\b",
    re.I,
)
# someone who will not hear it: "the owner wont listen to me anyway", "he brushed me off"
WONT_LISTEN = re.compile(
    r"\b(won\x27t|wont|will not|doesn\x27t|doesnt|does not|didn\x27t|didnt|never) (even )?(listen|hear "
    r"(it|me|us)|have it|budge|take (it|me|us) seriously)\b|\b(brushed|fobbed|laughed|waved) (me|it|us|"
    r"that|this) off\b|\bignor(es|ed|ing) (me|us|my|our)\b",
    re.IGNORECASE,
)
# the person asks whether they are the cause: "Is it my fault? I've been doing it from memory
# like everyone else", "Am I the bottleneck here?"
MY_FAULT = re.compile(
    r"\b(is|was|isn\x27t|wasn\x27t) (it|this|that|all this) (all |partly |really |actually )?(my|our) "
    r"fault\b[^.?]{0,30}\?|\bam i (the|a) (problem|bottleneck|issue|reason|cause|one (holding|slowing))\b"
    r"[^.?]{0,30}\?|\bam i to blame\b",
    re.IGNORECASE,
)
# whose side of the fence the trouble is on: "is this on us or on them?", "our fault or the
# supplier's?"
US_OR_THEM = re.compile(
    r"\b(on us|our fault|our problem|on me|my fault|us)\b[^.?]{0,15}\bor\b[^.?]{0,10}\b(on )?"
    r"(them|theirs|their fault|their problem|the (supplier|client|customer|agency|contractor|vendor|"
    r"landlord|courier|lab|distributor|wholesaler|council)\W?s?)\b|"
    r"\b(on them|their fault|theirs)\b[^.?]{0,15}\bor\b[^.?]{0,10}\b(on )?(us|ours|our fault|me|mine)\b",
    re.IGNORECASE,
)


# whether to discipline one person: "do I write jake up or not", "should I give him a warning?"
DISCIPLINE = re.compile(
    r"\bwhat (do i|to|should i|shall i|do we|should we) do (with|about) (him|her|(?!(the|a|an|it|this|"
    r"that|them|our|my|all|these|those|everything|everyone|people|staff)\b)[a-z]+)\b(?! (first|now|then)\b)|"
    r"\b(write (him|her|them|[a-z]+) up|write up (him|her|them|(?!(to|the|a|an|how|what|for|of|on|in|"
    r"as|and|with|it|this|that|everything|notes?|guides?|steps)\b)[a-z]+)|writ(e|ing) (him|her|them|"
    r"[a-z]+) a warning|(give|giving|getting|get) (him|her|them|[a-z]+ )?an? (written |formal |final )?"
    r"warning|disciplin\w*|(sack|fire) (him|her|them|(?!(the|our|my|that|this|a|an|us|them|"
    r"it)\b)[a-z]+)|let (him|her|them) go|punish\w*|dock (his|her|their) pay|"
    # "Should I be having a formal conversation with him?", "take her off the rota for it?",
    # "Should I dock it from the driver's wages?"
    r"formal (conversation|meeting|chat|talk|word)|have a go at (him|her|them|the [\w-]+)|"
    r"take (him|her|them) off (the )?(rota|schedule|"
    r"shifts?|roster)|dock (it|that|the cost) (from|off|out of) (his|her|their|the [\w-]+\x27s) "
    r"(pay|wages))\b",
    re.I,
)
# "Should I report myself?", "Do I have to report it to area office?": what has to be
# reported, and to whom
REPORTS = re.compile(
    r"\b(should|do|must|shall|would) (i|we) (have to |need to |be |also )?(report(ing)?|notify|"
    r"inform|log|write up an incident( report)?|file (an? )?(incident|report))( it| this| that| "
    r"myself| ourselves)?\b(?! (him|her|them)\b)[^?]{0,50}\?|\b(do|does|will) (i|we|this|it) (have|need) "
    r"to (be )?(report|reported|notify|notified|log|logged|tell)\b|\breport (it|this|that)? ?"
    r"(anywhere|to anyone) else\b|\breport myself\b|"
    # "Do I have to put that in as an incident report?", "should I fill in an incident form?"
    r"\b(put|write|fill|log|record|file|enter)( it| this| that| one)?( in| up| out)?( as)? (an? )?"
    r"(incident|datix|accident|near[- ]miss|safeguarding)( report| form)?\b[^?]{0,30}\?",
    re.I,
)
# "is it on me to say something ... or is that above my pay grade?": whether it is the
# person's place to speak up
MY_PLACE = re.compile(
    r"\b(is it|it\x27s|is that|would it be) (on me|my place|my job|my call|up to me|my business) "
    r"to\b|\babove my pay ?grade\b|\b(am i|would i be|is that) overstepping\b|\bnot my place\b"
    # "is that my problem tho? im not in charge of anyone", "should i be the one sorting it"
    r"|\bis (that|it|this) (even |really )?(my|our) (problem|job|responsibility|place|business)\b"
    r"|\bshould (i|we) (really )?be the (one|ones)( to)? \w+",
    re.I,
)


# a figure that went from one number to another: "from 3% to 7%", "from 40 to 12"
# (of what should fall: "scrap went from 3% to 7%"; not "spot checks went from 60% to 90%")
_ROSE = re.compile(
    r"\b(scrap|waste|errors?|mistakes?|complaints?|returns?|defects?|rejects?|delays?|"
    r"no-?shows?|sick days|absences?|turnover|callbacks?|refunds?|breakages?|incidents?|"
    r"stockouts?|overtime|wait(?:ing)? times?|costs?)\b[^.;]{0,25}?\bfrom (?P<was>\d+(?:\.\d+)?)\s*"
    r"(%|percent)?\s+to (?P<now>\d+(?:\.\d+)?)",
    re.I,
)


# a rate of doing the thing, told risen: "scanning on our shift went from about 60% to 90%",
# "sign-offs are up from 40% to 85%" (the rise is read in code: a fall is no result)
_RATE_UP = re.compile(
    r"\b(scanning|scans|compliance|completion|attendance|usage|uptake|adherence|sign-?offs?|"
    r"on-?time [\w-]+|checks?|logging|response rate|fill rate|accuracy|hit rate|first-?time "
    r"(pass|fix) rate|use of (it|the [\w-]+))\b[^.;]{0,30}?\bfrom (about |around |roughly |like )?"
    r"(?P<was>\d+(?:\.\d+)?)\s*(%|percent) to (?P<now>\d+(?:\.\d+)?)\s*(%|percent)",
    re.I,
)


def _risen(found: re.Match[str]) -> bool:
    """Whether a figure told "from <was> to <now>" went up."""
    return float(found.group("now")) > float(found.group("was"))


def _rose(found: re.Match[str]) -> str:
    """A rise told as a rise ("rose to 7%"); a fall is left as it was told."""
    if _risen(found):
        return f"{found.group(1)} rose to {found.group('now')}"
    return found.group(0)


# the person agreeing to go on in English: "ok english is fine", "English works", "english it is"
_LANGUAGE_OK = re.compile(
    r"\b(in )?english( is| it is|\x27s| works| it\x27s)? ?(fine|ok|okay|works|good|is fine)\b|"
    r"\benglish it is\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def asks_sentence(sentence: str) -> bool:
    """Whether one sentence asks something ("...?", "how would i even bring this up")."""
    return bool(_ASKS.search(sentence)) and not _HEDGED_RESULT.match(sentence)


PEOPLE = "people"  # a proposed fix that adds people
_GREETING = (
    r"(?:(?:hi|hello|hey|hiya|yo|morning|evening|afternoon|good (?:morning|afternoon|evening))"
    r"(?: there| all| everyone)?\b\W*(?:what\x27s up\b\W*|how\x27s it going\b\W*)?)?"
)
_TITLE = re.compile(
    rf"^\W*{_GREETING}(?:i\x27m |i am |im |as )?(?:an? |the |one of the )?"
    # ("IT support manager here" is a title: only "it"/"It" is the pronoun)
    r"(?!(?:i|we|my|our|the|they|(?-i:it|It)|this|that|there|these|those|their|his|her|some|all|most|"
    r"every|each|no|any)\b)"  # a title, not "I manage the ...", "these drivers roll in late"
    # (no article inside it: "Bought the server, had the crew set it up" is no server)
    r"(?P<title>[a-z0-9][\w&/\x27-]*(?: (?!(?:the|a|an|my|our|his|her|their)\b)[a-z][\w&/\x27-]*)"
    r"{0,3}?)"
    # (not "The owner of our company announced a bonus": someone the speaker works for)
    r"(?: here\b| at\b| for\b| with\b| on\b| in\b| of\b(?! (?:our|my)\b(?! own\b))|,|\.| -)"
    # (not someone else doing something: "head of stage now owns every change")
    r"(?!\s*([\w-]+ ){0,3}now (owns|runs|checks|signs|handles|does|takes|leads)\b)",
    re.IGNORECASE,
)

# words for a group of people, never one person's title after "the"
_COLLECTIVE = frozenset(
    ["staff", "team", "crew", "lads", "guys", "girls", "people", "workers", "folks"]
)

# what someone named at the start did: "Head of stage let me draft ...", "Store manager said
# go for it"
_THEY_DID = re.compile(
    r"\s*([\w\x27-]+\s+){0,3}?(let|lets|said|says|told|tells|agreed|asked|gave|gives|wants|wanted|"
    r"keeps|kept|"
    r"made|put|approved|signed off|liked|loved|hated|okayed|ok\x27d)\b",
    re.IGNORECASE,
)

# "first" with a day or a week, or about handing work over: when or what to start, not
# which problem ("what do I do first this week?", "What should I hand over first, and to
# who?")
_FIRST_WHEN = re.compile(
    r"\bfirst,? (this|next) (week|month)\b|\bfirst,? (today|tomorrow|on monday|monday morning)\b|"
    r"\b(hand|give|pass|let) (over|off|away|go of)\b[^.?]{0,20}\bfirst\b|\bdelegate\b[^.?]{0,20}\bfirst\b",
    re.IGNORECASE,
)

# "front of house", "back of house": one side of a restaurant, one word in a title or a list
HOUSE_SIDE = re.compile(r"\b(front|back) of house\b", re.I)
_TITLE_VERBS = frozenset({"are", "is", "was", "were", "do", "does", "did", "have", "has", "had"})

# "named owner", "task owner": the owner of a task, not of the business
# "everyone on my team", "three people on my crew": said by colleagues as much as by leads
_MY_TEAM = re.compile(r"\b(people|staff|folks|guys|everyone) on my (team|crew)\b", re.I)
# the speaker says they are the most junior: plain enough to replace a role said before
_JUNIOR = re.compile(
    r"\bi(\x27m| am|m) (just |only )?(the )?(newest|youngest|most junior|lowest rung|bottom rung)\b|"
    r"\bi(\x27m| am|m) (just |only )(an? )?agency\b",
    re.I,
)
# a title opener that names others: "The youth workers though.", "The nurses, honestly."
_OTHERS_OPEN = re.compile(r"^\W*the ([\w-]+ ){0,2}[\w-]+(?<!ss)s\b", re.I)
_OWNER_OF_A_TASK = frozenset({"named", "task", "data", "code", "budget"})

# "I work as a carpenter", "... and I'm one of the line cooks": a title said anywhere.
_SELF_TITLE = re.compile(
    r"(?:\bi(?:\x27m| am| work as| started as|\x27ve been| have been)\s+(?:just\s+|only\s+)?"
    r"(?:an?|the|one of the|one of our|one of)\s+|\b(?:just|only) an?\s+"
    # "Hey there, I'm Priyanka, founder of a SaaS startup": a name, then the title
    r"|\bi(?:\x27m| am|m)\s+(?-i:[A-Z][a-z]+),\s+(?!(?:i|i\x27m|im|i am|we|and)\b)(?:an?\s+|the\s+)?"
    # "i fly for a drone show company, one of the pilots"
    r"|(?:^|[,;]\s*)(?:and\s+)?(?:just\s+)?one of the\s+"
    # "giving tours ... as a volunteer docent": a title said with "as" after "I"
    r"|\bi\b[^.;!?]{0,60}?\bas\s+an?\s+"
    # "i am pharmacist (staff, not owner)", "i am helper on the framing team": no article
    r"|\bi (?:am|\x27m) (?=[a-z]+(?:\s*[(,.;]|\s+(?:at|on|in|for|with|here)\b))"
    # "I am shift leader in a moulding plant": a title said without its article
    r"|\bi (?:am|work as) (?=[a-z]+ (?:leader|lead|manager|supervisor|nurse|tech|technician|"
    r"operator|engineer|developer|cook|chef)\b)"
    # "I've been bar manager at a hotel for 18 months": a post held, without its article
    r"|\bi(?:\x27ve| have) been (?=[a-z]+ (?:leader|lead|manager|supervisor|nurse|tech|technician|"
    r"operator|engineer|developer|cook|chef|owner|director|coordinator)\b))"
    r"(?P<title>[a-z][\w&/\x27-]*(?: [a-z][\w&/\x27-]*){0,3}?)"
    # ("i'm a frontend dev fwiw": a filler word may follow the title)
    r"(?=\s+(?:here|at|for|with|on|in|of|and|but|who|so|since|over|not|lol|fwiw|tbh|btw|fyi|working|"
    r"tho|though|haha|lmao|by trade)\b|\s*[,.;:!?()]|\s*$)",
    re.IGNORECASE,
)

# two-word titles whose last word names a senior role but whose holder leads nobody
_STAFF_TITLES = frozenset(
    [("product", "owner"), ("process", "owner"), ("case", "manager")]
    + [
        (kind, "coordinator")
        for kind in ("office", "admin", "administrative", "scheduling", "billing")
    ]
)
_PRONOUNS = frozenset(("i", "we", "you", "they", "he", "she", "it", "my", "our", "not", "no"))
# verbs that make an opening "title" the subject of a sentence ("Chef brought in ...")
_TOLD_VERBS = frozenset(
    [
        # ("Little update: the manager sat with us at handover": a sentence about her)
        "sat",
        "walked",
        "agreed",
        "fills",
        "filled",
        "brought",
        "told",
        "said",
        "made",
        "took",
        "gave",
        "came",
        "went",
        "got",
        "put",
        "keeps",
        "kept",
        # "talked to the owner, now ...": the title is who they spoke to
        "talked",
        "spoke",
        "emailed",
        "texted",
        "called",
        "showed",
        "wants",
        "says",
        "thinks",
        "decided",
        "asked",
        "changed",
        "started",
        "introduced",
        "announced",
        # ("the manager promised in january we'd see the numbers": a sentence about him)
        "promised",
        "promises",
        "pulled",
        "hired",
        "fired",
        "never",
        "rolled",
        "moved",
        "is",
        "was",
        "has",
        "had",
    ]
)
# "charge rn", "an rn": the words before "rn" that make it a nurse and not "right now"
_RN_BEFORE = frozenset(
    ("charge", "staff", "er", "icu", "float", "travel", "night", "day", "new", "ward")
)

# A job no title lists, said as "I'm a <...er/or/ist/ian>" before where they work: "I'm a
# pipe voicer at an organ workshop", "im a phlebotomist for a mobile blood draw company".
_TRADE_NOUN = re.compile(
    r"\b(?:i\x27m|i am|i work as)\s+an?\s+(?:[a-z-]+\s+)?[a-z-]{3,}(?:er|or|ist|ian)\s+(?:at|for|in|with)\b",
    re.IGNORECASE,
)

_DISAGREES = re.compile(
    # "that sounds a bit textbook?", "are you sure?", "easier said than done"
    # (not "sign-off on all corporate orders")
    r"\b(sounds?|that\x27s|this is|it\x27s|(it\x27s|that\x27s|its|thats) all)"
    r"( a bit| very| quite| pretty| kind of| just| so)? "
    r"(textbook|theoretical|academic|corporate|generic)\b|\btextbook (stuff|answer|advice)\b|"
    r"\beasier said than done\b|\bare (you|u) sure\b|"
    r"\b(i\x27m|i am) not (so |really |entirely )?(sure|convinced) (i (buy|agree with)|(that|this|it) "
    r"(would|will|is) (help|work|right))\b|\bi (don\x27t|do not) (really )?(buy|agree with) (that|this|it|"
    r"your)\b|\bi (disagree|doubt (that|it))\b|\b(that|this)\x27s not (it|right|the answer|what we need)\b|"
    r"\b(more|another|extra) (process|meetings?|paperwork|rules|bureaucracy|admin|checklists?|forms?)\b"
    r"[^.]{0,40}\b(slow|bog|kill|ignore|won\x27t help|will not help|make it worse)",
    re.IGNORECASE,
)

# what cannot be news of a result, whatever it sounds like: a step still to come ("me, by
# next friday. im gonna write down the bad labels"), how success would be judged ("we'll
# know it worked if ..."), or words said to the coach ("you keep giving me the same step",
# "please just summarize")
_FUTURE = re.compile(
    r"\b((i\'?m|im|we\'?re|were) (gonna|going to|about to|planning to)|"
    r"(i|we)(\'ll| will| shall) (do|try|start|write|ask|talk|see|bring|keep|put|make|get|set|"
    r"give|run|tell|book|check|raise|look)|(let\'?s|lets) (do|try|start|go))\b",
    re.IGNORECASE,
)
_NOT_NEWS = re.compile(
    r"\b((will|would|\'ll|\'d) know (it|that|if|when)|(it\'s|it has|it) worked (if|when)|"
    r"success (is|means|would be|will be|looks like)|"
    r"you (keep|kept|always|never|still|just|already) (giving|give|gave|saying|say|said|telling|"
    r"tell|told|repeating|repeat|asking|ask)|(please|can you|could you|just) "
    r"(summari[sz]e|recap|list|show|give me|tell me)|\bany (other|more|new) (ideas|suggestions|"
    r"options|tips|advice)|\bwhat else (can|could|should|would)\b|"
    # about the plan itself: "remove the readiness one, i never agreed to it"
    r"(remove|delete|cancel|scrap|take off|cross off) (it|that|this|the [\w -]{1,40}?)( one)? "
    r"(from|off) (the|my|our) (plan|list)|i never agreed to)\b",
    re.IGNORECASE,
)
# the person says nothing has moved yet, often after the coach took something as progress
# ("thats not good news, nothing is fixed", "wait what? i didnt do anything yet lol",
# "its not addressed, we havent started yet", "Good news?? No, I said it faded.")
_NOT_GOOD_NEWS = re.compile(
    r"^\W*good news\s*\?|\bnot good news\b"
    # "no it didn't work, that's my point, it died": the step taken back
    r"|^\W*(no|nope|nah)\W+(it )?(didn\x27t|did not|never) (work|stick|last)\b",
    re.IGNORECASE,
)
_NO_PROGRESS = re.compile(
    r"\b((i|we) (haven\'?t|have not|havent|didn\'?t|did not|didnt) (done|started|tried|begun|"
    r"do|start|try|touched|changed) ((anything|a thing)( yet)?|(it|that|this|them) yet|yet)|"
    r"nothing (is|has been|was|got|s) (fixed|addressed|sorted|solved|resolved)|"
    r"(it\'?s|its|it is|that\'?s|thats|that is|nothing\'?s|this is) not "
    r"(addressed|fixed|sorted|solved|resolved|done|finished|closed)( yet| at all)?"
    r"(?=\s*([.,;:!?\u2013\u2014-]|$|lol|tho|though))|"
    r"(haven\'?t|have not|havent|not) (started|begun|done it|tried it) yet|"
    # "nobody has done anything yet", "still no one has done it"
    r"(nobody|no one|noone|none of (us|them))( still)? (has|have|had)? ?(even )?(done|started|"
    r"touched|tried|fixed|changed|picked up) (anything|a thing|it|that|this|them)( yet)?)\b",
    re.IGNORECASE,
)
# what is real trouble but no matter of ownership, belief or ways of working
OUTSIDE = re.compile(
    r"\b(?P<pay>(my |the |our )?(pay|pay rate|wages?|salary|hourly rate|raise|pay rise|bonus)\b"
    r"(?! (run|runs|roll|slip|slips|day|days|period|cheque|check)s?\b)"
    r"(?=[^.?!]{0,40}\b(low|joke|crap|rubbish|bad|terrible|not enough|too low|frozen|late|"
    r"behind|peanuts|never|isn\x27t|is not|hasn\x27t|sucks)\b))|"
    r"\bworr\w* about (my |our |the )?(?P<worry>pay|wages|salary|rent|funding|commute|bills)\b|"
    r"\b(?P<rent>rent|lease|landlord)\b(?=[^.?!]{0,40}\b(up|rise|rising|went up|going up|increase\w*|"
    r"doubled|hike\w*|due)\b)|"
    r"\b(?P<commute>commute|commuting|(the )?(bus|train|tube) (is|was|gets|takes)|stuck in traffic)\b|"
    r"\b(?P<funding>funding|grants?|donors?|fundrais\w*)\b(?=[^.?!]{0,60}\b(worr\w*|cut|"
    r"cuts|dry|drying up|lost|losing|short|uncertain|scared|stress\w*|running out|runs out)\b)",
    re.IGNORECASE,
)
_TOPICS = {
    "pay": "pay",
    "commute": "the commute",
    "funding": "funding",
    "rent": "rent",
}


def outside_topic(text: str) -> str | None:
    """The worry named, when the message tells trouble outside what the model looks at
    (pay, rent, funding, a commute), else None."""
    found = OUTSIDE.search(text)
    if found is None:
        return None
    said = next(name for name, value in found.groupdict().items() if value)
    if said == "worry":
        word = found.group("worry").lower()
        said = {"wages": "pay", "salary": "pay", "bills": "pay"}.get(word, word)
    return _TOPICS[said]


# the person is struggling: "cried in the toilets", "cant sleep", "thinking of quitting"
DISTRESS = re.compile(
    r"\b(i|i\x27ve|ive|i\x27m|im|i am|i have|i\x27d|me|myself)\b[^.!?]{0,25}?\b(cried|crying|"
    r"in tears|(can\x27?t|cant|cannot) sleep|panic attacks?|breaking down|broke down|"
    r"dread(ing)? (going in|work|coming in|mondays?)|(thinking|thought) (of|about) "
    r"(quitting|leaving)|(want|wanna|going|gonna) (to )?quit|burn(ed|t) out|breaking point|"
    r"at the end of my rope|can\x27?t (cope|take (it|this|much more)))\b",
    re.IGNORECASE,
)
# a question of law or rights: "is it even legal to change shifts with 1 day notice?"
LEGAL = re.compile(
    r"\b(is (it|that|this) (even |actually |really )?(legal|allowed|lawful|against the law)|"
    r"can (they|he|she|my boss|my manager|the company) (legally|even legally|lawfully)|"
    r"against the law|employment law|labou?r law|my (legal )?rights|(can|should) i sue|"
    r"(see|ask|get|need|call|talk to) a (lawyer|solicitor)|(an? )?employment tribunal|"
    r"unfair dismissal)\b",
    re.IGNORECASE,
)
# "is this confidential?", "will my boss see this?": who can read the conversation
PRIVATE = re.compile(
    r"\b(is (this|this chat|our chat|this conversation|what i (say|write|type|tell you)( here)?) "
    r"(really |actually |totally |completely |all )?(confidential|private|anonymous|secure|safe|"
    r"between us)\b(?! (to|for|with|from|at|in|on|around)\b)|"
    r"is (it|everything|all this) (really |actually |totally |completely |all )?(confidential|private|"
    r"anonymous|between us)|"
    r"(will|does|could|can|would) (anyone|anybody|my (boss|manager|employer|company|owner|supervisor)|"
    r"the (company|owner|boss)|hr) (ever )?(see|read|find out about) (this|what i|my messages|our chat|"
    r"this chat|it)\b[^?]{0,30}\?|"
    r"who (can|will|gets to) (see|read) (this|what i)|(do|does) (you|this|it) (store|keep|save|record|"
    r"share|send) (this|my|what|our|the (chat|conversation|messages)))",
    re.IGNORECASE,
)
# "you didnt answer me", "answer the question": a plain answer was wanted and not given
UNANSWERED = re.compile(
    r"\byou (didn\x27?t|didnt|did not|haven\x27?t|havent|never) (answer|answered|say|said)\b|"
    r"^\W*(just |please |pls )?answer (the|my) question\b|\bthat(\x27s| is|s) not what i asked\b",
    re.IGNORECASE,
)
# words quoted from someone ("he said 'not my problem, just scan better'")
_QUOTED = re.compile(
    # (an apostrophe inside a word is no closing quote: 'why didn't you just say that')
    r"(?<![\w])'(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){3,160}'(?![\w])|\"[^\"\n]{3,160}\"|\u201c[^\u201d\n]{3,160}\u201d"
)
# a step that held for a while, then the trouble came back: "for like 10 days. Then ...",
# "It went well for a couple of weeks. Now the grumbling's back", "back to how it was"
# ("weeks. till takings are up": the cash till, not "until")
_NOT_A_TILL = (
    r"(?! (takings|count|counts|roll|drawer|float|receipts?|staff|points?|area|system|screens?))"
)
_FADED = re.compile(
    r"\b(for|about|like|the first|first) (a |about |like )?(few |couple( of)? |two |2 |three |3 |ten |10 )?"
    # ("by the till": the cash till, not "until")
    r"(days?|weeks?|wks?|shifts?|weekends?|nights?|months?|fortnight)\b([^.]{0,40}?[.,;]\s*(then|now|until|(?<!the )till"
    + _NOT_A_TILL
    + r"|but)|"
    r"[^.]{0,40}?\s(then|until|(?<!the )(?<!a )till"
    + _NOT_A_TILL
    + r"|but)|[.,;!]\s*(last|this) (week|weekend|night|shift|time|month)\b)\b|"
    # "then she got busy and its stopped again", "it's fizzled out again"
    r"\b(stopped|slipped|dropped off|fell off|tailed off|died off|fizzled( out)?|gone|went) again\b|"
    r"\b(has|have|had|it\x27s|its)( kind of| sort of| kinda)? (tailed|dropped|fallen|fizzled|trailed) "
    r"(off|away|out)\b|"
    r"\b(jokes|grumbling|moaning|complaints|eye-?rolling|problem|mess|chaos|errors|misses|old habits|"
    r"finger-?pointing|blame)(\x27s| is| are| has| have)? ?(came|come|coming|are|is|were|was|been)? ?"
    r"(right )?back\b|\b(slipped|slid|sliding) back\b|\bback to (how it was|the old way|"
    r"square one|normal|old habits|jokes|everyone|the same)\b",
    re.I,
)
# how long a step held: "for like 4 days", "the first two weeks"
_HELD_FOR = re.compile(
    r"\b(for|about|like|the first|first) (a |about |like )?(\d+|a few|few|a couple( of)?|couple( of)?|"
    r"two|three|four|five|six|ten) (days?|weeks?|wks?|shifts?|weekends?|nights?|months?)\b",
    re.IGNORECASE,
)
# ...and words that say the trouble is back, not how the step went on ("ran it for four
# weeks, then made it permanent" is no fade)
_SLIPPED_BACK = re.compile(
    r"\b(back to (the same|normal|how it was|square one|the old ways?|old habits|where we started)|"
    r"(is|are|was|were|\x27s|\x27re|went|gone|been|got|slipped) back to|"
    r"(stopped|slipped|dropped off|fell off|tailed off|died off|fizzled( out)?|faded)|"
    r"(went|gone|going|slid|slipping|sliding) back|same (again|as before)|"
    r"(forgot|forgotten|forget) (about )?(it|them|the [\w-]+)|nobody (does|did|bothers|bothered))\b",
    re.IGNORECASE,
)
# where a step still falls short: "ED still runs dry", "those are still falling through"
_STILL_BAD = re.compile(
    r"\bstill (?!(there|holding|working|fine|good|great|happy|on track|in place|up|being used|"
    r"sticking|doing it|using it|perfect|spotless|clean|quiet|going strong|early days|a (good|great)|"
    r"the best|love|loving|like|liking|improving|getting better|better|ahead|on it|keen|buzzing|"
    r"talking about it|asking|early|new|learning)\b)[a-z]|"
    # "4 shows no problem. except at the festival the stage crew said it wasnt their job"
    r"^\W*(except|apart from|other than)\b",
    re.IGNORECASE,
)
FADED = _FADED  # (for the answers: a question asked beside news that a step faded)
# the reading itself doubted: "no, I don't think it's a process thing", "nah I really think
# it's a people thing", "I'm not sure I agree", "I don't see it"
_DOUBTS_READING = re.compile(
    # "I still don't agree, sorry. I think you're wrong on this one.", "nah, I don't buy the
    # leadership angle", "I think you've got the wrong end of it", "nah. I don't think that's it"
    r"\bi (don\x27t|dont|do not) (really |quite |fully )?(buy|agree with) (that|this|it)\b|\bpattern[- ]match\w*|"
    # "nope, still don't buy it": no subject
    r"^\W*((nah|no|nope|meh|sorry|hmm)\W+)*(still |really |just )?(don\x27t|dont|do not) (really )?"
    r"(buy|agree with) (it|that|this)\b|"
    r"\byou(\x27re| are) (just )?(guessing|reading too much|going off one)\b|"
    r"\bi (still |really |just )?(don\x27t|do not) (agree|buy (it|that|this|the [\w-]+ (angle|thing|idea|"
    r"bit|part|theory|reading)))\b|\b(i think )?you(\x27re| are|\x27ve| have)? (got (it|that|this|the wrong end)|"
    r"wrong)\b|\bwrong end of (it|the stick)\b|\bi (really |just |honestly )?(don\x27t|do not) think "
    r"(that\x27s|that is|thats) (it|right)\b|"
    r"\bi (really |just |honestly )?(don\x27t|do not) (really )?think (it\x27s|it is|this is|that\x27s|that is) (really )?(about )?"
    r"(an? )?(process|people|roles?|ownership|buy-?in|leadership|accountability|execution|system|"
    r"checklist|paperwork|attitude|culture|management)( (thing|issue|problem))?\b|"
    r"^\W*(nah|no|nope)\b[^.?!]{0,20}\bthink (it\x27s|it is) (really )?(just )?(an? )?(people|attitude|"
    r"personality|laziness|lazy people|discipline|culture|money|pay) (thing|issue|problem)\b|"
    r"\b(i\x27m|i am) not sure i agree\b|^\W*(hmm,? |well,? |honestly,? )?i (don\x27t|do not) see it\b|"
    # "isn't it more of a people thing?", "is it not really an attitude problem?"
    r"\b(isn\x27t|isnt|is) it (not )?(really |just |actually )?(more )?(of )?(an? )?(people|attitude|"
    r"personality|laziness|discipline|culture|communication|training|staffing) (thing|issue|problem)\b",
    re.IGNORECASE,
)

_OBJECTS = re.compile(
    r"\b(though|tho)\b\s*([,.!?;]|$)|\bi can\x27t (exactly|really|just) \w+|"
    r"\b(feels?|seems?|sounds?) (wrong|off|like overkill|too (much|heavy|formal|rigid|corporate))"
    r"( for us| here)?\b|\b(won\x27t|wouldn\x27t|doesn\x27t|don\x27t) (really )?(work|fit|apply) "
    r"(here|for us|in our|with our|for a)\b|\bnot sure (that|this|it) (would|will|could) work\b|"
    r"\bmore (of )?an? [\w-]+ (problem|thing|issue) than\b|\b(isn\x27t|not) (really )?(an? )?"
    r"(leadership|accountability|execution|process|roles|buy-in) (problem|thing|issue)\b",
    re.IGNORECASE,
)
_CHOOSE = re.compile(
    r"\b(which|what one|what problem|what issue|pick|choose|one of (those|these|them|the two|"
    r"the three))\b",
    re.I,
)
# more than one thing on the table: "with both of these", "all of this", "the two"
_SEVERAL = re.compile(
    # (not people: "how do I start with the two old-timers")
    r"\b(both|these|those|all (of )?(this|that|these|those|it|them)|"
    r"the (two|three)(?=\W*$|\W*[?,.;]| (of (them|those|these|the)|things|problems|issues|ones|"
    r"areas|spheres|fixes|parts|bits|circles|first|together|at once)\b)|"
    r"(two|three|several|all the|all these|all those) (things|problems|issues|of them)|"
    # (not a result: "everything came back, first zero-charge return")
    r"(?<!making )(?<!make )(?<!turning )everything(?! (came|went|was|got|ran|worked|arrived|"
    r"counted|matched|balanced|passed|checked out)\b)|each of them)\b",
    re.I,
)
_FIRST = re.compile(
    r"\b(before the other|sooner|(matters|counts) (more|most)|bigger deal|more important|"
    r"most important|more urgent|most urgent|first|start (on|with)|begin (with|on)|priorit\w*|energy|focus on|tackle|go after)\b",
    re.I,
)

# "which of the two should take it", "who should own it, me or him": a choice of people
# "where do i begin with the first one", "how to start on the skips one": where to start on
# one problem already named, not which to take first
_ONE_NAMED = re.compile(
    r"\b(start|begin)\s+(with|on|for) (the (first|second|third|last|other|[\w-]+) "
    r"(one|thing|problem|issue|bit)|(that|this) (one|thing|problem|issue))\b"
    # "so what do I do first about the overtime thing": the first steps on one problem
    r"|\bfirst (about|on|with|for) (the|that|this|my|our) ([\w-]+ ){0,2}(thing|one|problem|issue|stuff|"
    r"side|part|mess|bit)\b",
    re.I,
)
_WHO_TAKES = re.compile(
    r"\b(which|who)\b[^.?]{0,30}\b(should|would|could|will|can|do|does)\b[^.?]{0,10}\b(take|own|run|"
    r"lead|handle|cover|be in charge of|be responsible for|sign off|send) (it|this|that|them|over)\b"
    # "words for telling them which one of them owns the close": whose it is, not which first
    r"|\bwhich (one )?of (them|the two|us|those two)\b[^.?]{0,10}\b(owns?|runs?|leads?|handles?|is in charge)\b",
    re.I,
)
_START = re.compile(r"\b(start|begin|kick off|go first)\b", re.I)

# The kinds of question the coach answers, most specific first.
QUESTION_KINDS = ("explain", "measure", "why", "opinion", "first_steps")


def load_intents(knowledge_dir: Path) -> IntentsFile:
    """Read and validate knowledge/coach/intents.yaml."""
    path = knowledge_dir / INTENTS_FILE
    data = load_yaml_data(path, "intents", knowledge_dir)
    try:
        return IntentsFile.model_validate(data)
    except ValidationError as exc:
        field, problem, _ = describe(exc)
        field = field or "file"
        raise KnowledgeError(relative_source(path, knowledge_dir), field, problem) from None


def _compile(patterns: tuple[str, ...]) -> list[Compiled]:
    return [compiled(p) for p in patterns]


class Intents:
    """The requests the coach recognises besides symptoms (knowledge/coach/intents.yaml)."""

    def __init__(self, knowledge_dir: Path) -> None:
        self.knowledge_dir = knowledge_dir
        spec = load_intents(knowledge_dir)
        self.which_sphere = _compile(spec.which_sphere)
        self.fix_leadership = _compile(spec.fix_leadership)
        self.roles = {
            Role.OWNER: _compile(spec.roles.owner),
            Role.MANAGER: _compile(spec.roles.manager),
            Role.TEAM_MEMBER: _compile(spec.roles.team_member),
        }
        self.leads = _compile(spec.roles.leads)
        self.titles = {
            word.lower(): role
            for role, words in (
                (Role.TEAM_MEMBER, spec.role_titles.team_member),
                (Role.MANAGER, spec.role_titles.manager),
                (Role.OWNER, spec.role_titles.owner),
            )
            for word in words
        }
        q = spec.questions
        self.questions = {
            "explain": _compile(q.explain),
            "measure": _compile(q.measure),
            "why": _compile(q.why),
            "opinion": _compile(q.opinion),
            "first_steps": _compile(q.first_steps),
        }
        self.moves = {
            PEOPLE: _compile(spec.moves.people),
            Overlap.PROCESS: _compile(spec.moves.process),
            Overlap.ROLES: _compile(spec.moves.roles),
            Overlap.BUY_IN: _compile(spec.moves.buy_in),
        }
        self.greeting = _compile(spec.greeting)
        self.vague_trouble = _compile(spec.vague_trouble)
        self.opens_problem = _compile(spec.opens_problem)
        self.new_problem = _compile(spec.new_problem)
        self.tried = _compile(spec.tried)
        self.better = _compile(spec.better)
        self.good_news = _compile(spec.good_news)
        self.done = _compile(spec.done)
        self.result = _compile(spec.result)
        self.setback = _compile(spec.setback)
        self.partial = _compile(spec.partial)
        self.reframe = _compile(spec.reframe)
        self.reread = _compile(spec.reread)

    @staticmethod
    def _any(patterns: list[Compiled], text: str) -> bool:
        text = informal(text)
        return any(p.search(text) for p in patterns)

    def asks_which_sphere(self, text: str) -> bool:
        """Whether the person asks which sphere to work on first: a known way of asking,
        or any question that asks to choose ("which", "pick one", "one of those") what
        comes first ("first", "start on", "energy into", "priority")."""
        asking = informal(text)
        if _WHO_TAKES.search(asking):
            return False  # "which of the two should take it, the PM or the TD?": who owns
        if _ONE_NAMED.search(asking):
            return False
        if _FIRST_WHEN.search(asking):
            return False  # "what do I do first this week?": the first steps, not a ranking
        if self._any(self.which_sphere, text):
            return True
        return bool(
            (asking.rstrip().endswith("?") or self.asks(asking))
            and (_CHOOSE.search(asking) or _SEVERAL.search(asking))
            and (_FIRST.search(asking) or _START.search(asking))
        )

    def asks_where_to_start(self, text: str) -> bool:
        """Whether a question asks where to start ("where do i even start", "where would you
        begin"): with several problems of like weight told, that is a which-sphere ask."""
        asking = informal(text)
        return bool(
            self.asks(asking)
            and not _ONE_NAMED.search(asking)
            and re.search(
                r"\bwhere\b[^.?]{0,40}\b(start|begin)\b|\bstart with (what|which)\b"
                r"|\bwhat(\x27s| is)? first\b|\bcomes? first\b|\bpriorit\w*\b",
                asking,
                re.I,
            )
        )

    def asks_for_leadership_fix(self, text: str) -> bool:
        """Whether the person reaches for leadership training as the fix."""
        return self._any(self.fix_leadership, text)

    def question(self, text: str) -> str | None:
        """The kind of question the person asks (one of QUESTION_KINDS), or None. Only
        the sentences that ask count ("...?", "explain...", "any ideas"): a statement that
        merely contains "would help" is not a question."""
        text = unquoted(informal(text))
        asking = " ".join(s for s in sentences(text) if asks_sentence(s))
        if not asking:
            return None
        for kind in QUESTION_KINDS:
            if self._any(self.questions[kind], asking):
                return kind
        if LINKED.search(asking):
            return "explain"  # "are those actually connected?": how the problems told relate
        return None

    def vague(self, text: str) -> bool:
        """Whether the text says something is wrong without saying what."""
        return self._any(self.vague_trouble, text)

    def marks_new_problem(self, text: str) -> bool:
        return self.marks_another_problem(text) or self.opens_a_problem(text)

    def opens_a_problem(self, text: str) -> bool:
        """The opening of a story ("here's what's been eating at me")."""
        return self._any(self.opens_problem, text)

    def marks_another_problem(self, text: str) -> bool:
        """A second problem marked inside a message ("also", "separately"), not the
        opening of the story it tells ("here's what's been eating at me")."""
        return self._any(self.new_problem, text)

    def move(self, text: str) -> tuple[str, str] | None:
        """The kind of fix the person proposes (`PEOPLE` or an overlap: the kind of
        intervention it is) and the words that name it; None when it names no known move.
        More people wins (it is a smell whatever else comes with it); then the most
        mentions, ties to the one named first ("pay the PTs for inductions" is about pay),
        then process, roles, buy-in."""
        found = {
            kind: sorted((m.start(), m.group(0)) for p in patterns for m in p.finditer(text))
            for kind, patterns in self.moves.items()
        }
        if found[PEOPLE]:
            return PEOPLE, found[PEOPLE][0][1]
        most = max(len(f) for f in found.values())
        if not most:
            return None
        tied = [k for k in found if len(found[k]) == most]
        best = min(tied, key=lambda k: found[k][0][0])
        return str(best), found[best][0][1]

    def greets(self, text: str) -> bool:
        return self._any(self.greeting, text)

    def reports_trying(self, text: str) -> bool:
        return self._any(self.tried, text)

    def reports_better(self, text: str) -> bool:
        # ("ok english is fine. another thing: ...": the language, not the problem)
        return self._any(self.better, _LANGUAGE_OK.sub("", text))

    def says_good_news(self, text: str) -> bool:
        """Good news said in so many words ("just wanted to share some good news", "not
        here with a problem"), not only read from a result."""
        return self._any(self.good_news, text)

    def brings_good_news(self, text: str) -> bool:
        """Good news about the problem ("small win: ...", "it worked", or part of the way:
        "most of us use it now, a couple still fake it"), unless a "but" turns it: what
        follows the last contrast must be good news too ("people still grumble a bit but
        everyone's following the new rota now" is news; "it worked but the cooks still
        hate it" is not)."""
        # ("scrap went from 3% to 7% since January": a figure that rose is no result)
        text = _ROSE.sub(_rose, text)
        if _WHAT_TO_DO.match(text):
            return False  # "should we do a receiving checklist first or get a better POS": asked
        spelt = informal(text)
        if self._any(self.partial, spelt) and not _FAILED.search(spelt):
            return True  # "2 of 3 rotations use it now, the EU one still writes free text"
        tail = _CONTRAST.split(spelt)[-1]
        if self._any(self.good_news, text):
            return tail == spelt or self._any(self.good_news, tail) or self._reports_result(tail)
        rate = _RATE_UP.search(tail)
        if rate is not None and _risen(rate):
            return True  # "Scanning on our shift went from about 60% to 90%."
        return self.reports_progress(text)

    def news_outcome(self, text: str) -> str:
        """How news of a step turned out: "worked", "faded" (it held for a while, then
        slipped back), "part" (progress part of the way:
        "store one is all in, store two still only half", "it worked but the cooks still
        hate it") or "failed" ("didn't work, nobody looked at it", "a month later nothing
        has changed"). Words of a good result count only outside the words of a setback
        ("not better" is no "better")."""
        spelt = informal(text)
        if (_FADED.search(spelt) or _HELD_FOR.search(spelt)) and _SLIPPED_BACK.search(spelt):
            # "worked for like 4 days then back to the same": it held, then slipped back
            return "faded"
        failed = bool(_FAILED.search(spelt)) or self._any(self.setback, spelt)
        # (what someone else said is no result: "he said 'not my problem, just scan better'")
        rest = _QUOTED.sub(" ", spelt)
        said: tuple[re.Pattern[str] | Compiled, ...] = (_FAILED, *self.setback)
        for pattern in said:
            rest = pattern.sub(" ", rest)
        good = self._any(self.result, rest) or self._any(self.good_news, rest)
        if failed:
            # ("it didnt work, still getting 3 a week wrong": said to have failed, whatever
            # is still counted)
            partly = self._any(self.partial, rest) and not _FAILED.search(spelt)
            return "part" if good or partly else "failed"
        return "part" if self._any(self.partial, spelt) else "worked"

    def still_falls_short(self, text: str) -> bool:
        """Whether news goes on to where the step still falls short, in a later sentence:
        "Lunch has been spotless, two weeks no misses. Nights when Marco's on expo it still
        goes sideways"."""
        later = sentences(informal(text))[1:]
        return any(len(x.split()) >= 5 and _STILL_BAD.search(x) for x in later)

    def falls_short_at(self, text: str) -> int | None:
        """Where in `text` the first later sentence that says the step still falls short
        begins ("Saturdays still slip, the weekend guy eyeballs it"), or None."""
        told = sentences(text)
        for i, part in enumerate(told[1:], start=1):
            if (
                len(part.split()) >= 5
                and _STILL_BAD.search(informal(part))
                # (the shortfall ends the news: "half use it now; the other half still skip
                # it. The closing list is up and ..." is news, good and bad, throughout)
                and not self.brings_good_news(" ".join(told[i:]))
            ):
                at = text.find(part)
                return at if at >= 0 else None
        return None

    def cannot_be_news(self, text: str) -> bool:
        """Whether a message cannot report a result, whatever its words: a step still to
        come, how success would be judged, or words said to the coach about the chat."""
        spelt = informal(text)
        future = _FUTURE.search(spelt)
        return (
            # (not words someone else said: "a lead said 'why didn't you just say that'")
            bool(_NOT_NEWS.search(_QUOTED.sub(" ", spelt)))
            or self.denies_progress(text)
            # (not "we've done it three weeks now and I'll keep at it": a step or a result
            # told anywhere)
            or (
                future is not None
                and self._after_step(spelt) is None
                and not self.brings_good_news(text)
            )
        )

    def denies_progress(self, text: str) -> bool:
        """Whether the person says nothing has moved yet ("nothing is fixed", "i didnt do
        anything yet", "its not addressed"): no problem is settled by it, and one taken as
        settled too soon is open again."""
        spelt = informal(text)
        if _NOT_GOOD_NEWS.search(spelt):
            return True  # "Good news?? No, I said it faded."
        # (not "the harness thing is sorted, three weeks clean. the van one we haven't
        # started yet": progress told beside what has not begun)
        return bool(_NO_PROGRESS.search(spelt)) and not (
            self.brings_good_news(text) or self.reports_a_step(text)
        )

    def fades(self, text: str) -> bool:
        """Whether news of a step says it held for a while and the trouble came back:
        "Worked great for like 10 days. Then the new weekend servers started", "now it's
        back to jokes", "it's slipped back to how it was"."""
        return bool(_FADED.search(informal(text)))

    def reports_a_step(self, text: str) -> bool:
        """A step taken on the advice and what came of it, good, part of the way or none
        ("we made a receiving checklist ... a month now, and it already caught two short
        deliveries", "Two of the three use it on every call; the third one still wings
        it", "Tried a monthly list ... Didn't work"): news of the plan, when no other
        problem is marked in it."""
        if _WHAT_TO_DO.match(text):
            return False  # asked what to do, not told what was done
        spelt = informal(text)
        after = self._after_step(spelt)
        if after is None or self.marks_new_problem(spelt):
            return False
        return bool(
            _SINCE.search(after)
            or self._any(self.result, after)
            or self._any(self.setback, after)
            or self._any(self.partial, after)
        )

    def reports_progress(self, text: str) -> bool:
        """A step taken and how it went ("did spec cards + line check for a week, plates
        finally match", "we held the meeting ... the atmosphere already feels lighter"):
        news when something was done, a good result follows it, nothing went wrong, and no
        "but" turns it."""
        spelt = informal(text)
        after = self._after_step(spelt)
        if after is None or self._any(self.setback, spelt) or self.marks_new_problem(spelt):
            return False
        tail = _CONTRAST.split(after)[-1]
        return self._reports_result(after) and (tail == after or self._reports_result(tail))

    def tells_a_step(self, text: str) -> bool:
        """Whether the message says a step was taken ("we put a checklist by the order
        book"), whatever it says came of it."""
        return self._after_step(informal(text)) is not None

    def _after_step(self, spelt: str) -> str | None:
        """What follows the first step the text says was taken ("we made a checklist"),
        or None when it names none."""
        # (the earliest: "We gave it to the night lead. Every jack has been on charge every
        # morning for 3 weeks" tells its result after the first step)
        found = [m for p in self.done if (m := p.search(spelt))]
        done = min(found, key=lambda m: m.start()) if found else None
        return spelt[done.end() :] if done is not None else None

    def _reports_result(self, text: str) -> bool:
        return self._any(self.result, text) and not self._any(self.setback, text)

    def corrects(self, text: str) -> bool:
        """Whether the person says plainly that what they told before was wrong ("wait, I
        need to correct that", "I said it wrong before", "I was wrong about them"): what
        follows puts the reading right, even when it sounds like good news."""
        return bool(_CORRECTS.search(informal(text)))

    def reframes(self, text: str) -> bool:
        """Whether the person says what follows outweighs what they said before."""
        return self._any(self.reframe, text)

    def rereads(self, text: str) -> bool:
        """Whether the person says the earlier reading was wrong, having looked again
        ("they know the check perfectly well", "we DID make a checklist", "it's more that
        nobody owns it"): what follows is the same problem, seen for what it is."""
        return self._any(self.reread, text)

    def disagrees(self, text: str) -> bool:
        """Whether the message opens by disagreeing with the advice ("I'm not sure I buy
        that. We already have a runbook..."): however long, it is a view on the fix."""
        return bool(_DISAGREES.search(_opening(text)))

    def doubts_reading(self, text: str) -> bool:
        """Whether the message opens by doubting the diagnosis itself ("Honestly I don't
        think it's a process issue. Two of them are just careless"): a challenge to answer
        with the reasoning, not more evidence."""
        return bool(_DOUBTS_READING.search(_opening(text)))

    def objects(self, text: str) -> bool:
        """Whether the person doubts the advice ("most of my people are freelancers
        though", "checklists feel wrong for us"): a view on the fix to answer, not a new
        symptom."""
        return bool(_OBJECTS.search(informal(text)))

    def asks(self, text: str) -> bool:
        """Whether the text is nothing but asking: every sentence a question, apart from
        a lead-in of four words or fewer ("OK.", "Never mind, English works.")."""
        every = [s for s in sentences(unquoted(informal(text))) if s.strip()]
        long = (
            [s for s in every if len(s.split()) > 4]
            # "Right. Where would you start?": a word or two before the question
            or [s for s in every if len(s.split()) > 2 or "?" in s]
            or every
        )
        return bool(long) and all(asks_sentence(s) for s in long)

    def role(self, text: str) -> str | None:
        """Who is speaking (a `Role`), when the text says so: the job title they give
        themselves first ("I'm the production manager ..., I run the warehouse team" is a
        manager), then the ways of saying it: owner, manager ("I'm a tech lead"), team
        member."""
        said = _I_SAID.search(informal(text))
        if said is not None:
            # "i'm not the owner, i said manager", "on the team obv. i said picker": the
            # role repeated is the one meant
            again = self.role(f"I'm a {said.group('title')}")
            if again is not None:
                return again
        if _NO_TITLE.search(informal(text)):
            return Role.TEAM_MEMBER  # "how do i start, im no manager"
        now = self._career_role(text)
        if now is not None:
            return now  # "I started as a barista ... they made me manager in 2021"
        if _TOP_TITLE.search(informal(text)):
            return Role.OWNER  # "I'm the executive director of a youth sports nonprofit"
        titled = self._title_role(text)
        if titled == Role.MANAGER and _NO_REPORTS.search(informal(text)):
            return Role.TEAM_MEMBER  # "a shift lead at a coffee shop, still hourly, not a manager"
        if titled == Role.TEAM_MEMBER and self._any(
            self.roles[Role.OWNER], _TASK_OWNER.sub("", informal(text))
        ):
            return Role.OWNER  # "I'm a physiotherapist and I own a small clinic"
        if titled == Role.TEAM_MEMBER and self._leads(text):
            return Role.MANAGER  # "I'm the pharmacist in charge; two techs work under me"
        if titled == Role.MANAGER and _FOUNDED.search(informal(text)):
            return Role.OWNER  # "I started a food pantry in 2015 ... I'm the executive director"
        if titled is not None:
            return titled
        if _BUILT_IT.search(informal(text)):
            return Role.OWNER  # "I built this lighting company up from one van"
        for role in (Role.OWNER, Role.MANAGER, Role.TEAM_MEMBER):
            if self._any(self.roles[role], text) or (
                role == Role.MANAGER and self._any(self.leads, text)
            ):
                return role
        return Role.TEAM_MEMBER if _NOT_A_BOSS.search(informal(text)) else None

    def _career_role(self, text: str) -> str | None:
        """The role held now, when the text tells a working life in steps: the title of the
        last step that names a later job ("became", "made me", "was hired as", "joined ...
        as"), or an owner who went out on their own; None when no such step is told."""
        plain = informal(text)
        if not _CAREER_START.search(plain):
            return None  # ("she became a manager last year": someone else's steps)
        steps = [m for m in _CAREER_STEP.finditer(plain) if _CAREER_LATER.match(m.group(0))]
        for step in reversed(steps):
            held = self._title_role(f"I'm a {step.group('title')}")
            if held is not None:
                return held
        if _OWN_BUSINESS.search(plain) and len(re.findall(r"\b(19|20)\d\d\b", plain)) >= 2:
            return Role.OWNER  # "... 2005 ... in 2011 I bought a small PA ... my business partner"
        return None

    def _leads(self, text: str) -> bool:
        """Whether `text` says others work under the speaker, beyond "my team": an
        assistant says "three people on my team have left" of colleagues."""
        text = _MY_TEAM.sub("", informal(text))
        return any(p.search(text) for p in self.leads)

    def steps_down(self, text: str, from_role: str | None = None) -> bool:
        """Whether a team member's reading of `text` is plain enough to replace an owner or
        manager said earlier: a job title given ("I'm one of the cooks") or authority
        denied ("I'm not the owner"). "On weekdays I cook" from an owner is still an owner,
        and "I'm not the boss, I can't fire a sub" from a foreman is still a manager."""
        above = "owner|manager|boss|lead|supervisor|in charge"
        if from_role == Role.MANAGER:
            above = "manager|lead|supervisor|in charge|management"
        denied = re.search(
            rf"\b(not|never|no longer) (a |the |an )?({above})\b",
            informal(text),
            re.I,
        )
        junior = _JUNIOR.search(informal(text))  # "I'm the most junior person in fundraising"
        return bool(denied or junior) or self._title_role(text) == Role.TEAM_MEMBER

    def _title_word(self, word: str) -> str | None:
        """Who a title word names: the word itself, its singular, or the title it ends in
        ("physiotherapist" is a therapist, "dishwashers" a dishwasher)."""
        if word.startswith("all-"):
            return None  # "Did the all-hands with ...": a meeting, not a farm hand
        for form in (word, word.rstrip("s")):
            if form in self.titles:
                return self.titles[form]
        ends = [t for t in self.titles if len(t) >= 4 and word.rstrip("s").endswith(t)]
        return self.titles[max(ends, key=len)] if ends else None

    def _title_role(self, text: str) -> str | None:
        """Who is asking from a job title they open with ("Ops manager at an AV company",
        "Apprentice electrician here", "yo. machine operator at a plastics plant") or say
        of themselves anywhere ("I work as a carpenter", "I'm one of the line cooks")."""
        # ("Front of house manager at a hotel restaurant": one title, not "front of ...")
        text = HOUSE_SIDE.sub(r"\1-of-house", informal(text))
        # "oops english sorry. team lead at a payments startup", "sorry, english: head chef
        # at a bistro": a title after a few words
        lead = re.match(r"^[^.!?:]{1,30}[.!?:]+\s+", text)
        # ("no worries, english it is. site supervisor for ...": a longer lead-in about the
        # language)
        said = lead.group(0) if lead else ""
        short = len(said.split()) <= 3 or (
            len(said.split()) <= 5 and re.search(r"\benglish\b", said, re.I) is not None
        )
        after = text[lead.end() :] if lead and short else ""
        # ("sorry. english ok. sushi cook. owner changes the menu ...": two short lead-ins)
        second = re.match(r"^[^.!?:]{1,30}[.!?:]+\s+", after) if after else None
        again = ""
        if (
            second is not None
            and len((said + second.group(0)).split()) <= 5
            and re.search(r"\benglish\b", said + second.group(0), re.I)
        ):
            again = after[second.end() :]
        opened = (
            _TITLE.match(text),
            _TITLE.match(after) if after else None,
            _TITLE.match(again) if again else None,
        )
        unnamed = False  # "I'm a pipe voicer at ...": a trade the titles do not list
        for found in (*opened, *_SELF_TITLE.finditer(text)):
            if found is None:
                continue
            words = found.group("title").lower().split()
            if len(words) >= 2 and words[-1] in ("sup", "supe", "super"):
                words[-1] = "supervisor"  # "shift sup at a warehouse", "site super"
            if words[-1] == "rn" and len(words) >= 2 and words[-2] not in _RN_BEFORE:
                words.pop()  # "work is just a lot rn": right now, not a nurse
            if found.re is _TITLE and _THEY_DID.match(text, found.end()):
                continue  # "Head of stage let me draft a chart": someone else, not a title
            # (a title opened with "the" may be someone else's)
            after_the = found.re is _TITLE and bool(
                re.search(r"\bthe\s*$", found.string[found.start() : found.start("title")], re.I)
            )
            if after_the and _NAMED_AFTER.match(found.string, found.end("title")):
                continue  # "the crew chief there, Marco, makes the calls": someone named
            if after_the and words[-1] in _COLLECTIVE:
                continue  # "The staff at site 1 have stopped believing ...": a group, not me
            if found.re is _SELF_TITLE and _TRADE_NOUN.match(text, found.start()):
                unnamed = True
            if _PRONOUNS.intersection(w.lower() for w in found.group("title").split() if w != "IT"):
                continue  # "On weekdays I cook, ...", "im not a manager tho": no title
            if found.re is _SELF_TITLE and re.match(r",?\s+not an?\b", text[found.end("title") :]):
                continue  # "I'm an engineer not a talker": what they are like, not a job
            if found.re is _TITLE and _TOLD_VERBS.intersection(words):
                continue  # "Chef brought in a costing sheet ...": a sentence about chef
            if "paid" in words[:-1] and words[-1] in ("staff", "employee", "worker", "person"):
                continue  # "I'm the only paid staff with 25 volunteers": who, not a rank
            if words[:-1] == ["super"]:
                words = words[1:]  # "super frustrated": an intensifier, not a site super
            if words[-1] == "owner" and len(words) > 1 and words[-2] in _OWNER_OF_A_TASK:
                continue  # "I'm the named owner of the pack": a task's owner, not the firm's
            if words[-1] in _TITLE_VERBS:
                continue  # "The nurses are... fine?": a sentence about them, not a title
            if found.re is _TITLE and _OTHERS_OPEN.match(found.group(0)):
                continue  # "The youth workers though.": people spoken of, not a title
            if words[-2:] in (["all", "hands"], ["all", "hand"]):
                continue  # "An all hands for 9 people?": a meeting, not a farm hand
            if (
                found.re is _TITLE
                and words[-1].endswith("s")
                and words[-1] not in self.titles
                and words[-1][:-1] in self.titles
                and (after or (len(words) >= 2 and words[0].endswith("ed")))
                and "one of" not in found.group(0).lower()
            ):
                # "separate problem: agency carers. nobody ...", "named owners on every site
                # area now": people, not a title
                continue
            if found.re is _TITLE and words[-1].endswith("ing") and not self._title_word(words[-1]):
                continue  # "Volunteer onboarding. Every shift lead ...": a topic, not a title
            if words[-1] in ("office", "offices"):
                continue  # "the head office of our chain brought in a rule": a place, not a title
            if found.re is _TITLE and {"members", "people", "folks"}.intersection(words[:-1]):
                continue  # "Board members volunteer for tasks": people and what they do
            if not words or (found.re is _SELF_TITLE and self._title_word(words[-1]) is None):
                # "I'm one of the shooters on a pyro crew": one of a trade's people
                one_of = "one of" in found.group(0).lower() and found.group(0)[:1] in "iI"
                unnamed = unnamed or (one_of and words[-1:] != ["few"])
                continue  # a title said of oneself counts only when its last word is one
            # the title's last two words, the more senior winning: "store manager" and
            # "head chef" are managers, "qa engineer" and "line cook" team members; of two
            # titles joined, every word ("the founder and director" is the owner)
            title = words if "and" in words else words[-2:]
            roles = {self._title_word(word) for word in title}
            if tuple(words[-2:]) in _STAFF_TITLES:
                # owns a backlog or a process, not the business; keeps an office running,
                # not a team
                roles = {Role.TEAM_MEMBER}
            for role in (Role.OWNER, Role.MANAGER, Role.TEAM_MEMBER):
                if role in roles:
                    return role
        return Role.TEAM_MEMBER if unnamed else None
