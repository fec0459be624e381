"""Text handling shared by the input guard and the classifier: normalising and clauses."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# an emoji between words ends a sentence as a full stop would ("the pigs not at all \U0001f437
# there's no feeding chart")
SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+|\n+|;\s*|\s+-{1,2}\s+|\s+\u2013\s+|\s+\u2014\s+"
    r"|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\ufe0f?\s+"
)
_SUBORDINATE = re.compile(r"^(although|though|even though|while|whereas|despite|even if)\b", re.I)
WORD = re.compile(r"[a-z0-9']+")
# "... Not sure why.", "I honestly don't know where to start": the cause not seen yet
UNSURE = re.compile(
    r"\b(not sure|no idea|don\x27t know|do not know|dunno|can\x27t (tell|work out|figure out)) "
    r"(why|what(\x27s| is) (causing|behind|going on)|where (to start|it comes from)|the cause)\b"
    r"|\bcan\x27t put my finger on\b",
    re.I,
)


def normalise(text: str) -> str:
    """NFKC, straight quotes, no control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        ch
        if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
        else ""
        if unicodedata.category(ch) == "Cf"  # zero-width and bidi marks
        else " "
        for ch in text
    )
    return re.sub(r"[ \t]+", " ", text).strip()


def lone_surrogate(text: str) -> str | None:
    """The first lone UTF-16 surrogate in `text` as U+XXXX (it cannot be stored or printed
    as UTF-8), or None."""
    found = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    return f"U+{ord(found):04X}" if found is not None else None


# words that say a second problem follows ("..., and separately", "first the dough orders
# ..., and second i brought in a new pos system ...")
SECOND_MARKER = (
    r"(?:separately|on top of that|besides that|also|then there|second(?:ly)?|third(?:ly)?|"
    r"the (?:second|other) (?:thing|problem|issue|one))\b"
)
MARKS_SECOND = re.compile(SECOND_MARKER, re.I)

# "..., and the operators have stopped believing": after a comma, "and" with a new subject
# may start a second problem (the classifier cuts there when each side names a sphere)
AND_SUBJECT = re.compile(
    r",\s+and\s+(?=(?:the|our|my|their|every|each|nobody|no one|everyone|everybody|"
    r"people|management|staff|they|we|half|most|none|all|both|some|when|whenever|if)\b)"
    rf"|,?\s+and,?\s+(?={SECOND_MARKER})"
    # ", and visit notes get filled in differently": a bare noun subject and its verb
    r"|,\s+and\s+(?=[a-z][\w-]*(?:\s[a-z][\w-]*)?\s(?:get|gets|got|are|is|was|were|have|has|"
    r"keep|keeps|kept|go|goes|never|always|sit|sits|don\x27t|doesn\x27t|aren\x27t|isn\x27t|"
    r"think|thinks|say|says|blame|blames|assume|assumes|insist|insists|claim|claims)\b)",
    re.I,
)


# "however they like", "however he sees fit": how something is done, not "but"
_IN_ANY_WAY = re.compile(
    r"however\s+(?:they|he|she|we|you|i|people|each(?: one)?|everyone|everybody|whoever|"
    r"anyone|it)\s+(?:likes?|wants?|feels?|sees?|pleases?|chooses?|remembers?|prefers?|"
    r"fancy|fancies|thinks?|wish(?:es)?|decides?)\b",
    re.IGNORECASE,
)


def split_clauses(
    text: str, contrast: re.Pattern[str], extra: tuple[int, ...] = ()
) -> list[tuple[int, int]]:
    """Clause spans: sentences, cut before contrast words (and at `extra` positions),
    subordinate openers cut at a comma."""
    spans: list[tuple[int, int]] = []
    position = 0
    sentence_bounds = [(m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
    sentences = []
    for start, end in [*sentence_bounds, (len(text), len(text))]:
        sentences.append((position, start))
        position = end
    for s_start, s_end in sentences:
        cuts = [s_start]
        for m in contrast.finditer(text, s_start, s_end):
            if _IN_ANY_WAY.match(text, m.start()):
                continue  # "sort donations however they like": a manner, not a contrast
            before = text[s_start : m.start()]
            if (
                m.group(0).lower() == "still"
                and not re.search(r"(^\W*|[,;:]\s*|\b(and|but|yet)\s+)$", before, re.I)
                # ("Despite repeated requests I still have no job description": the "still"
                # answers the "despite")
                and not _SUBORDINATE.match(before.strip())
                and not re.match(r"\W*despite\b", before, re.I)
            ):
                continue  # "my ticket is still half done": a state that lasts, not a "but"
            if m.start() > s_start + 1:
                cuts.append(m.start())
        cuts.extend(p for p in extra if s_start + 1 < p < s_end)
        cuts.sort()
        cuts.append(s_end)
        for a, b in itertools.pairwise(cuts):
            piece = text[a:b]
            if _SUBORDINATE.match(piece.strip()) and "," in piece:
                comma = a + piece.index(",")
                spans.extend([(a, comma), (comma + 1, b)])
            else:
                spans.append((a, b))
    out = []
    for a, b in spans:
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] in "'\")"):
            b -= 1
        # "2) since corporate ...", "two things: 1) releases go out ...": the problem itself
        listed = re.match(
            r"(?:(?:two|three|2|3|a couple of) (?:things|problems|issues)\s*[:.-]\s*)?[1-9]\)\s+",
            text[a:b],
            re.I,
        )
        if listed:
            a += listed.end()
        if b > a:
            out.append((a, b))
    return out


def sentence_end(text: str, position: int) -> int:
    """Where the sentence around `position` ends."""
    m = SENTENCE_END.search(text, position)
    return m.start() if m else len(text)


_BULLET = r"\s*\n\s*[-*\u2022]\s"  # a new line that starts with a bullet
# Where a text that lists problems starts the next one: "First, ...", "2) ...", "one: ...",
# "different thing, ...", "Separately, ...", "the other thing is ..."
# a problem announced by its size, at the start of a sentence or clause
_SIZE = r"(?:small(?:er)?|minor|little|big(?:ger|gest)?|main|major|worse|worst)"
_SIZED = (
    rf"(?:the |a |one |my )?{_SIZE} (?:thing|problem|issue|one|headache)(?: first)?(?=\s*[:,.-])"
    rf"|(?:the |my )?(?:bigger|biggest|worse|worst|smaller|small|other) (?:thing|problem|issue|one|headache) is\b"
    r"|worse(?=\s*:)"
)
# of those, the ones that say another problem is told besides ("The main thing: nobody owns
# the close" after what went wrong is that problem's cause, not another one)
_SIZED_FURTHER = (
    r"(?:the |a |one |my )?(?:small(?:er)?|minor|little|bigger|biggest|worse|worst)"
    r"(?: (?:thing|problem|issue|one|headache)| ?:)"
)
# a sentence that tells another thing "too": "The handover notes are patchy too, ..."
_TOO = r"(?:the|our|my|their) [^.!?]{3,60}?\b(?:too|as well)\s*[,.;:!-]"
# the words a clause opens with when it says who is speaking: "I manage the estimating team
# at ...", "I'm a nurse on ...", "we're a small bakery"
SPEAKS = (
    r"(i\x27m|i am|im|i work|i own|i run|i manage|i lead|i supervise|i coordinate|i oversee|"
    r"i head|we\x27re|we are|me and my [\w-]+ (own|run)|my [\w-]+ and i (own|run))\b"
)
ENUMERATION = re.compile(
    r"(?:^|(?<=[.!?:;,])\s*|\s+-\s+)(?:(?:and|but|also|oh and|plus)\s+)?"
    r"(?:(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|1st|2nd|3rd|one|two|three)"
    r"(?: (?:thing|problem|issue|one))?(?:,? and (?:worse|bigger|more important(?:ly)?|more urgent"
    r"|the big one|the worst))?(?=\s*[:),.-])"
    r"|[1-3][.):]"
    # "Problem 1: snagging ... Problem 2: the directors ..."
    r"|(?:problem|issue|thing|point) (?:#|no\.? ?)?(?:[1-3]|one|two|three)(?=\s*[:),.-])"
    r"|(?:the |a |one |my )?(?:other|second|different|separate|another|next|bigger) "
    r"(?:thing|problem|issue|headache)s?|separately|on top of (?:that|this)|besides that"
    # "The main one: ... The other: ...", "The other one: head office sends ..."
    r"|(?:the )?other(?: one)?(?=\s*:)"
    # a problem told with its size: "Smaller thing first: the cellar.", "small one, ...",
    # "The big one: ...", "Main thing: ...", "Worse: ...", "The bigger problem is ..."
    rf"|{_SIZED}"
    # ("..., and meanwhile customers find them" goes on with the same story)
    r"|then there(?:\x27s| is)|(?<![,;] )(?<![,;] and )meanwhile|at the same time|on a different note"
    r"|unrelated(?:ly)?"
    r"|(?:totally |completely |entirely )(?:separate|unrelated|different)(?=\s*[,:;-]))\b"
    r"|(?<=[.!?])\s+(?=(?:and|also|plus)\b)"  # "... finish. and the press brakes, ..."
    # "... nobody's name is on it. The handover notes between shifts are patchy too, ..."
    rf"|(?<=[.!?])\s+(?={_TOO})"
    r"|(?<=\s)(?=(?-i:AND)\b)"  # "drinks taste different AND nobody owns ordering": said loud
    r"|(?<=[a-z\x27\s])\s(?=[1-9]\)\s)"  # "... cant read half of them 2) since corporate ..."
    r"|(?<=[.!?:;,])\s+(?=[1-9]\)\s)"  # "what's broken: 1) escalations ... weeks. 2) my agents"
    r"|(?<=[.!?:;,])\s*\n\s*(?=[1-9][.)]\s+\w)"  # "... asking here.\n1. Management ...\n2. ..."
    # "Three things on my plate:\n- Releases. ...\n- The alerts channel. ...": bullets
    rf"|{_BULLET}+(?=\w)"
    # "2 things doing my head in. 1 the vans are ... before they leave. 2 my foreman and ...":
    # bare numbers typed on a phone
    r"|(?<=[.!?])\s+(?=[1-9]\s+(?:the|my|our|a|an|we|i|nobody|no one|every|each|they|our)\b)",
    re.I,
)
ANNOUNCED = re.compile(
    r"\b(two|2|three|3|a couple of|couple|several|multiple) (separate |different |big |main |"
    r"real |new |more |other |small |smaller )?(things|problems|issues|headaches|concerns)\b",
    re.I,
)


def enumerated_parts(text: str) -> list[tuple[int, int]]:
    """The spans of the problems a text lists one by one, or [] when it lists none: it
    announces several ("two things"), or marks a further one ("different thing, ...")."""
    starts = [m.end() if not m.group(0).strip() else m.start() for m in ENUMERATION.finditer(text)]
    starts = [p for p in starts if 0 < p < len(text)]
    marked_further = any(
        re.match(
            r"\W*(?:and |but |also |plus )?(?:second|2nd|two|2|the other|another|different|"
            r"separate|separately|next|on top|besides|then there|meanwhile|at the same time|"
            r"on a different note|unrelated|totally|completely|entirely|also\b|plus\b|and\b|"
            rf"(?-i:AND)\b|{_TOO}|{_SIZED_FURTHER})",
            text[p:],
            re.I,
        )
        for p in starts
    )
    if not starts or not (ANNOUNCED.search(text) or marked_further or len(starts) >= 2):
        return []
    # "what's broken: 1) ... 2) ...": what comes before the first number only leads in
    numbered = bool(re.match(rf"1[.)]?\s|{_BULLET}", text[min(starts) :]))
    bounds = sorted({*([] if numbered else [0]), *starts, len(text)})
    spans = [(a, b) for a, b in itertools.pairwise(bounds) if len(text[a:b].split()) >= 4]
    # "1) a bug gets filed 2) it sits in the queue 3) three weeks later a customer
    # escalates": the steps of one story, not problems of their own
    if any(_GOES_ON.match(text, a) for a, _ in spans[1:]):
        return []
    return spans if len(spans) >= 2 else []


# an item that carries the story on from the one before ("then ...", "so ...", "three
# weeks later ...")
_GOES_ON = re.compile(
    r"\W*(?:[1-9][.):]|[-*\u2022])?\s*(?:and )?(?:then(?! there)|so(?! (?:many|much|far)\b)|after that|"
    r"afterwards|next(?!-)|which means|that means|by then|(?:\w+ )?(?:days?|weeks?|months?|hours?) later)\b",
    re.I,
)


# Contractions typed without the apostrophe ("arent", "im", "dont"), as people do on a
# phone: read as if it were there, so the patterns need to know one spelling only.
_NO_APOSTROPHE = re.compile(
    r"\b(?:(are|is|was|were|do|does|did|have|has|had|could|would|should|wo|ca|need|must)nt"
    r"|(im|ive|youre|theyre|thats|whats|theres|weve|theyve|youve|hes|shes|everyones|everybodys|nobodys))\b",
    re.IGNORECASE,
)
_EXPANDED = {
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "theyre": "they're",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "weve": "we've",
    "theyve": "they've",
    "youve": "you've",
    "hes": "he's",
    "everyones": "everyone's",
    "everybodys": "everybody's",
    "nobodys": "nobody's",
    "shes": "she's",
}
# what each piece of chat shorthand stands for
_SPELT = {
    "u": "you",
    "ur": "your",
    "wat": "what",
    "wut": "what",
    "w": "with",
    "w/o": "without",
    "w/": "with",
    "bc": "because",
    "b/c": "because",
    "ppl": "people",
    "abt": "about",
    "pls": "please",
    "plz": "please",
    "tho": "though",
    "thru": "through",
    "cuz": "because",
    "coz": "because",
    "idk": "i don't know",
    "r": "are",
    "shld": "should",
    "shud": "should",
    "wud": "would",
    "cud": "could",
    "gimme": "give me",
    "lemme": "let me",
    "wanna": "want to",
    "gonna": "going to",
    "dunno": "don't know",
    "rly": "really",
    "n": "and",
    "smth": "something",
    "sth": "something",
    "b4": "before",
    "wk": "week",
    "wks": "weeks",
    "thx": "thanks",
    "nvm": "never mind",
    "kinda": "kind of",
    "sorta": "sort of",
    "gotta": "got to",
    "mgr": "manager",
    "mgrs": "managers",
    "asst": "assistant",
    "bout": "about",
    "til": "until",
    "msg": "message",
    "msgs": "messages",
    "wdym": "what do you mean",
    "imo": "in my opinion",
    "tbf": "to be fair",
    "ya": "you",
    # common misspellings of words the cues read ("every fitter measures diffrently")
    "diffrent": "different",
    "diffrently": "differently",
    "diferent": "different",
    "diferently": "differently",
    "differnt": "different",
    "differntly": "differently",
    "seperate": "separate",
    "seperately": "separately",
    "becuase": "because",
    "responsable": "responsible",
}
# chat shorthand, read as the words it stands for ("where do u start", "w/o stepping on toes"):
# the words of `_SPELT`, longest first, each standing alone (not inside "w/o" or a word)
_SHORTHAND = re.compile(
    r"(?<![\w/])("
    + "|".join(re.escape(word) for word in sorted(_SPELT, key=len, reverse=True))
    + r")(?![\w/])",
    re.I,
)


@lru_cache(maxsize=256)
def informal(text: str) -> str:
    """`text` with apostrophe-less contractions spelt out ("arent" -> "aren't"), chat
    shorthand spelt out ("u" -> "you", "w/o" -> "without") and curly apostrophes
    straightened."""

    def spell(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1) + "n't"
        return _EXPANDED[m.group(2).lower()]

    spelt = _SHORTHAND.sub(lambda m: _SPELT[m.group(1).lower()], text.replace("\u2019", "'"))
    return _NO_APOSTROPHE.sub(spell, spelt)
