"""Which line of work a person is in, and the words the coach uses with them.

knowledge/coach/industries.yaml says how each industry shows in what people write and
which words fill the coach's sentences ("a service" for a restaurant, "a release" for a
software team). Live-event vocabulary (load-in, show lead, rigging...) is kept for
people in live events: `Industries.live_event_words` finds it anywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.coaching.intents import Pattern
from assistant.errors import KnowledgeError
from assistant.model.vocabulary import INDUSTRIES, LIVE_EVENTS
from assistant.patterns import compiled
from assistant.retrieval.knowledge import load_yaml_data, relative_source
from assistant.validation import describe

INDUSTRIES_FILE = "coach/industries.yaml"
# a line of work said not to be the person's: "not in healthcare", "not software!!"
_NOT_OUR_TRADE = re.compile(
    r"\b(not|isn\x27t|isnt|aren\x27t|arent|ain\x27t|never been) (in |a |an |in the |into )?"
    r"(?P<what>[\w&-]+( [\w&-]+)?)",
    re.I,
)


class Words(BaseModel):
    """The nouns a reply uses for one line of work."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    work: str = Field(min_length=2)  # one unit of work: "a service", "a release"
    works: str = Field(min_length=2)
    team: str = Field(min_length=2)
    lead: str = Field(min_length=2)
    handoff: str = Field(min_length=2)
    place: str = Field(min_length=2)


class IndustrySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str = Field(min_length=2)
    detect: tuple[Pattern, ...] = Field(min_length=1)
    words: Words
    example: str = Field(min_length=10)


class General(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=2)
    words: Words
    example: str = Field(min_length=10)


class LiveWord(BaseModel):
    """A word only live-event production uses, and how anyone else says it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    find: Pattern
    plain: str = Field(min_length=2)  # may use the pattern's groups: "\\1 event"


class IndustriesFile(BaseModel):
    """The schema of knowledge/coach/industries.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    kind: str
    live_event_words: tuple[LiveWord, ...] = Field(min_length=1)
    industries: tuple[IndustrySpec, ...]
    general: General


def load_industries(knowledge_dir: Path) -> IndustriesFile:
    """Read and validate knowledge/coach/industries.yaml (every industry in
    `INDUSTRIES` exactly once, in that order)."""
    path = knowledge_dir / INDUSTRIES_FILE
    source = relative_source(path, knowledge_dir)
    data = load_yaml_data(path, "industries", knowledge_dir)
    try:
        spec = IndustriesFile.model_validate(data)
    except ValidationError as exc:
        field, problem, _ = describe(exc)
        raise KnowledgeError(source, field or "file", problem) from None
    ids = tuple(i.id for i in spec.industries)
    if ids != INDUSTRIES:
        raise KnowledgeError(
            source,
            "industries",
            f"must list {', '.join(INDUSTRIES)} in that order (got {', '.join(ids)})",
        )
    return spec


class Industries:
    """Recognises a person's industry and gives the words to use with them."""

    def __init__(self, knowledge_dir: Path) -> None:
        self.spec = load_industries(knowledge_dir)
        self._detect = {i.id: [compiled(p) for p in i.detect] for i in self.spec.industries}
        self._by_id = {i.id: i for i in self.spec.industries}
        live = self.spec.live_event_words
        self._live = re.compile("|".join(f"(?:{w.find})" for w in live), re.I)
        self._plain = tuple((re.compile(w.find, re.I), w.plain) for w in live)
        # the industry words of the last few messages: a turn asks about one several times
        self._seen: dict[str, dict[str, tuple[int, int]]] = {}

    def detect(self, text: str) -> str | None:
        """The industry `text` reveals (most distinct matches; ties go to the one named
        first), or None when it reveals none."""
        return self.detect_with_strength(text)[0]

    def detect_with_strength(self, text: str, own: str = "") -> tuple[str | None, int]:
        """The industry `text` reveals and how many distinct words revealed it (0: none).
        `own` is the part where the person says what their place is ("I own a small
        cabinet shop"): its words count twice."""
        best: tuple[int, int, str | None] = (0, 0, None)
        in_own = self._found(own) if own else {}
        for industry, (count, first) in self._found(text).items():
            extra = in_own.get(industry, (0, 0))[0]
            # most distinct matches; a tie goes to the one named first ("a furniture
            # factory ... my foremen" is manufacturing)
            if (count + 2 * extra, -first) > (best[0], best[1]):
                best = (count + 2 * extra, -first, industry)
        return best[2], best[0]

    def denied(self, text: str) -> set[str]:
        """The industries `text` says by name the person is not in ("also im not in
        healthcare lol", "its plumbing not software!!"); a trade word alone denies none
        ("I'm not a sous" is no restaurant taken back)."""
        found = set()
        for said in _NOT_OUR_TRADE.finditer(text):
            word = said.group("what").lower().split()[0].rstrip("s")
            if len(word) < 4:
                continue
            found |= {
                spec.id
                for spec in self.spec.industries
                if word in spec.name.lower().split() or word == spec.id.rstrip("s")
            }
        return found

    def detect_all(self, text: str) -> set[str]:
        """Every industry `text` has a word of."""
        return set(self._found(text))

    def _found(self, text: str) -> dict[str, tuple[int, int]]:
        """Per industry: how many distinct words of it `text` has, and where the first is."""
        if text not in self._seen:
            if len(self._seen) >= 64:
                self._seen.clear()
            self._seen[text] = self._scan(text)
        return dict(self._seen[text])

    def _scan(self, text: str) -> dict[str, tuple[int, int]]:
        out = {}
        for industry, patterns in self._detect.items():
            matches = [m for p in patterns for m in p.finditer(text)]
            if matches:
                # ("changeovers" and "changeover" are one word of it, not two)
                found = {m.group(0).lower().removesuffix("s") for m in matches}
                out[industry] = (len(found), min(m.start() for m in matches))
        return out

    def name(self, industry: str | None) -> str:
        spec = self._by_id.get(industry or "")
        return spec.name if spec else self.spec.general.name

    def words(self, industry: str | None) -> Words:
        spec = self._by_id.get(industry or "")
        return spec.words if spec else self.spec.general.words

    def example(self, industry: str | None) -> str:
        spec = self._by_id.get(industry or "")
        return spec.example if spec else self.spec.general.example

    def live_event_words(self, text: str) -> list[str]:
        """The live-event words in `text` (to keep them from anyone else)."""
        return [m.group(0) for m in self._live.finditer(text)]

    def in_plain_words(self, text: str) -> str:
        """`text` with its live-event words said as anyone else would say them ("no
        loadout list" -> "no loading out list")."""
        for pattern, plain in self._plain:
            text = pattern.sub(plain, text)
        return text

    @staticmethod
    def allows_live_words(industry: str | None) -> bool:
        return industry == LIVE_EVENTS
