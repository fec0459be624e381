"""A deterministic, explainable classifier from free text to ALE spheres.

How one text is read:

1. It is split into sentences, and sentences into clauses at contrast words ("but",
   "although", ...), so "everyone knows their role, but load-ins are sloppy" is two
   clauses that are judged apart.
2. Each clause gets two kinds of evidence per sphere:
   - **cues** (`knowledge/classifier/cues.yaml`): regular expressions for symptoms
     ("throw them under the bus") and for health ("roles are clear"). A negator just
     before a cue flips it: a negated symptom counts for nothing, a negated health cue
     ("nobody is bought in") counts as a symptom. A clause that states a sphere is
     healthy gives that sphere no evidence from the exemplars either.
   - **exemplars** (`knowledge/classifier/exemplars.yaml`): a softmax regression trained
     on the MiniLM vectors of example clauses (three spheres and "none") gives the
     clause's vector a probability per label; it counts in proportion to how close the
     nearest exemplars of that sphere are.
   The two combine as a noisy-or, and clause evidence adds up over the text.
3. Spheres whose evidence passes the tag threshold become tags, strongest first, each
   with the clauses that produced it. The strongest is the sphere.
4. When evidence is thin or the top two are close, `follow_up` is the question from the
   bank (`knowledge/questions/`) that separates the candidates.

No randomness, no LLM: the same text gives the same diagnosis in any process (the
embedder is bit-deterministic, see `assistant.retrieval.embeddings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from assistant.diagnosis.cues import Cue, CueSet
from assistant.diagnosis.diagnosis import Diagnosis, Tag
from assistant.diagnosis.evidence import Clause, add_rule, clause_at, quoted_evidence
from assistant.diagnosis.exemplar_model import SoftmaxModel, fit_softmax
from assistant.diagnosis.guard import check_text
from assistant.diagnosis.language import language_notice
from assistant.diagnosis.questions import QuestionBank
from assistant.diagnosis.text import (
    AND_SUBJECT,
    ANNOUNCED,
    MARKS_SECOND,
    SPEAKS,
    UNSURE,
    WORD,
    enumerated_parts,
    informal,
    sentence_end,
    split_clauses,
)
from assistant.model.vocabulary import SPHERES as _SPHERES
from assistant.retrieval.protocols import Embedder

# the subjects that start a clause a negator before them does not reach
_SUBJECTS = frozenset(("they", "we", "he", "she", "people", "everyone", "everybody"))
# verbs whose negation denies the clause after them ("I don't think they trust it")
_RAISING = frozenset({"think", "believe", "reckon", "suppose", "expect", "feel", "guess"})
# a symptom that opens with a subject of its own: "nobody knows whose job it is"
_OWN_SUBJECT = re.compile(r"(nobody|no one|noone|no-one|everyone|everybody)\b", re.I)
_OWN_ROLE = re.compile(
    r"\bi(?:\x27m| am|m)(?: just| only| really)? not (?:the |an? )?(?:owner|boss|manager|"
    r"supervisor|in charge|management|senior|(?:a |the )?lead)\b"
    r"|\bi (?:don\x27t|do not|dont) (?:own|run|manage|supervise|lead) (?:it|the place|anything|"
    r"anyone|anybody|people|a team|the (?:shop|store|business|company|place|team|clinic))\b"
    r"|\bi(?:\x27m| am|m) not in charge of (?:anything|anyone|anybody|much)\b"
    r"|\b(?:just|only) one of the [\w-]+s\b"
    r"|\b(?:nobody|no one) reports to me\b"
    # a correction of who they are: "im the owner btw not a manager"
    r"|\bi(?:\x27m| am|m) (?:actually )?(?:the |an? )?(?:co-?owner|owner|founder|boss|manager|"
    r"supervisor|lead)(?: btw| by the way| actually| here)?,? (?:and )?not (?:the |an? )?"
    r"(?:manager|owner|boss|supervisor|lead|staff|team member)\b",
    re.IGNORECASE,
)
# a bare introduction that opens a sentence: "food truck owner.", "co-owner of a rigging
# company.", "Practice manager at a vet clinic here." (or a bare pointer at who it is:
# "it's the owner.": a person named, not yet how things go wrong)
_BARE_INTRO = re.compile(
    r"(?:^|(?<=[.!?\n]))\W*(?:(?:hi|hello|hey|morning)\W+)?(?:(?:it|that)(?:'s| is) )?(?:[\w-]+ ){0,3}"
    r"(?:co-?owner|owner|manager|gm|supervisor|director|founder|lead)"
    r"(?: (?:of|at|for|in|on|with) [^.,;!?\n]{1,60}?)?(?: here)?\s*(?=[.,;!?\n]|$)",
    re.IGNORECASE,
)
OWN_ROLE_WORDS = 16  # a clause this short that says who the speaker is gets no learned vote
_INTRO = re.compile(
    r"^\W*((hi|hello|hey)\W+)?(i\x27m|i am|im|i work|i own|i run|i manage|i lead|i supervise|"
    r"i volunteer|we\x27re|we are)\b(?![^,.]*\b(but|because|so|and (nobody|no one|every))\b)",
    re.I,
)
# a clause that opens by saying who the speaker is and where they work
_SELF_INTRO = re.compile(
    r"^\W*((ok|okay|so|well|um|hey|hi|hello|right|alright)\W+)*(i\x27m|i am|im|i work|i\x27ve worked|"
    r"i have worked|ive worked|i own|i run|i manage|i coordinate|i supervise|i oversee|i lead|"
    r"i look after|i head)\b[^,.;]{0,60}\b(at|in|for) (a|an|the|our|my|one)\b",
    re.I,
)
SELF_INTRO_WORDS = 24
# a job title the message opens with, in its own sentence: "hey. sales associate at a cell
# phone store.", "box office at a concert venue here."
_OPENING_TITLE = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|so)\W+)*(?:[\w-]+ ){1,4}(?:at|for|in|with) (?:a|an|the|my|our|one) "
    r"[^.!?\n]{1,50}?(?: here)?(?=\s*[.!?\n]|\s*$)",
    re.I,
)
# ...and words that tell something going wrong, which keep its vote
_TROUBLE = re.compile(
    r"\b(nobody|no one|never|always|every|keeps?|mess|messy|chaos|disaster|problem|issue|blame\w*|"
    r"late|wrong|forg[eo]t\w*|miss\w*|lost|quit|left|but|because|bc|cos|since|stopped|won\x27t|"
    r"can\x27t|don\x27t|doesn\x27t|didn\x27t|not my|hate|tired|stress\w*|fed up)\b",
    re.I,
)
# a part that ends by saying it is one more of the kind told before it
_ONE_MORE_OF_KIND = re.compile(
    r"^\W*(and |also |plus )?(nobody|no one|noone|no-one)\b[^.!?]{0,60}\beither\b", re.I
)


def about_the_speaker(clause: str) -> bool:
    """Whether a clause only says who the speaker is and where they work ("ok so i work
    part time at the intake desk of a clothing closet, paid staff not a volunteer"), with
    nothing going wrong in it: never quoted as a problem or listed as one."""
    return (
        len(clause.split()) <= SELF_INTRO_WORDS
        and bool(_SELF_INTRO.match(clause) or _OPENING_TITLE.fullmatch(clause.strip(" .!?")))
        and not _TROUBLE.search(clause)
    )


# a clause that says it tells another problem ("we've also had forgotten cables")
_ANOTHER = re.compile(
    r"\b(also|separately|on top of that|besides that|as well|another (thing|problem|issue))\b"
    r"|\btoo\W*$",  # "our handoffs between grade levels are sloppy too"
    re.I,
)

SPHERES: tuple[str, ...] = _SPHERES
EXEMPLAR_LABELS = (*SPHERES, "none")
ANNOUNCE_WORDS = 16  # a clause this short that says "two things" only announces them
PART_EVIDENCE = 0.1  # a problem the person lists on its own needs only this much evidence
# ...and its clauses are quoted from half the usual evidence (not from any at all)
LISTED_QUOTE = 0.5
LONG_CLAUSE_WORDS = 22  # a clause this long is cut at commas that start a new subject
_NEW_SUBJECT = re.compile(
    r",\s+(?:(?:and|so|now|then|and now|so now|but now)\s+)?"
    r"(?=(?:the|our|my|their|his|her|every|each|nobody|no one|everyone|everybody|people|"
    r"management|staff|they|we|i|he|she|half|most|none|all|both|some|whoever|now)\b)",
    re.I,
)
REQUEST_WORDS = 12  # a clause this short that asks for advice is a request, not a symptom  # "none": the exemplar model's label for no problem


UNSURE_READ_FROM = 0.9  # evidence beside "not sure why" that is read without a question
NAMED_BEYOND_DOUBT = 0.98  # a clause's cue evidence that makes its sphere a problem of its own
MOSTLY_ABOUT_SELF = 0.7  # share of a clause that mood, pay or a rude customer takes up


class Classifier:
    """Tag a text to spheres with cues and (optionally) exemplar similarity."""

    def __init__(
        self,
        cues: CueSet,
        questions: QuestionBank,
        exemplars: dict[str, tuple[str, ...]] | None = None,
        embedder: Embedder | None = None,
        exemplar_vectors: np.ndarray | None = None,
        model: SoftmaxModel | None = None,
        text_model: SoftmaxModel | None = None,
    ) -> None:
        self.cues = cues
        self.questions = questions
        self._text_model = text_model if exemplars else None
        self.embedder = embedder if exemplars else None
        self._labels: np.ndarray | None = None
        self._matrix: np.ndarray | None = None
        if exemplars and embedder is not None:
            texts = [t for label in EXEMPLAR_LABELS for t in exemplars[label]]
            labels = [i for i, label in enumerate(EXEMPLAR_LABELS) for _ in exemplars[label]]
            matrix = exemplar_vectors if exemplar_vectors is not None else embedder.embed(texts)
            self._matrix = np.asarray(matrix, dtype=np.float32)
            self._labels = np.asarray(labels)
            self._model = model or fit_softmax(self._matrix, self._labels, len(EXEMPLAR_LABELS))

    @property
    def uses_embeddings(self) -> bool:
        return self._matrix is not None

    # -- public -----------------------------------------------------------------------
    def classify(self, text: str, exclude_questions: Iterable[str] = ()) -> Diagnosis:
        return self.classify_many([text], exclude_questions)[0]

    def classify_many(
        self, texts: Sequence[str], exclude_questions: Iterable[str] = ()
    ) -> list[Diagnosis]:
        prepared = [self._prepare(t) for t in texts]
        notices = [language_notice(norm) for norm, _ in prepared]
        clause_texts = {
            c.text
            for (_, clauses), notice in zip(prepared, notices, strict=True)
            if not notice
            for c in clauses
            if not c.request  # a request for advice gets no learned vote: no vector
        }
        vectors = self._embed(sorted(clause_texts))
        excluded = frozenset(exclude_questions)
        diagnoses = [
            _unreadable(notice) if notice else self._diagnose(norm, clauses, vectors, excluded)
            for (norm, clauses), notice in zip(prepared, notices, strict=True)
        ]
        # a story told in long run-on clauses that showed no sphere is read again part by
        # part ("brought in a consultant, didnt tell anyone why, now the benders call him
        # the stopwatch guy, everyone pads their times ..."), cut where a comma starts a
        # new subject; the new reading counts only when it finds a sphere
        unread = [
            i
            for i, d in enumerate(diagnoses)
            if d.sphere is None and d.notice is None and _long_cuts(*prepared[i])
        ]
        if unread:
            cut = {i: self._prepare(texts[i], split_long=True) for i in unread}
            fresh = {c.text for _, clauses in cut.values() for c in clauses if not c.request}
            vectors.update(self._embed(sorted(fresh - set(vectors))))
            for i, (norm, clauses) in cut.items():
                again_read = self._diagnose(norm, clauses, vectors, excluded)
                if again_read.sphere is not None:
                    diagnoses[i], prepared[i] = again_read, (norm, clauses)
        # the whole-text model reads only texts the clauses left without a sphere, or long
        # stories they read only weakly: their vectors come in one more pass, so a clear
        # message costs no whole-text embedding
        again = [i for i, d in enumerate(diagnoses) if self._wants_whole_text(prepared[i][0], d)]
        if again:
            vectors.update(self._embed(sorted({prepared[i][0] for i in again} - set(vectors))))
            for i in again:
                norm, clauses = prepared[i]
                read = self._read_whole if diagnoses[i].sphere is None else self._read_story
                diagnoses[i] = read(norm, clauses, diagnoses[i], vectors[norm], excluded)
        return [
            replace(
                d, clauses=tuple(c.text for c in clauses if not c.request and c.text in vectors)
            )
            for d, (_, clauses) in zip(diagnoses, prepared, strict=True)
        ]

    def _wants_whole_text(self, text: str, diagnosis: Diagnosis) -> bool:
        """No clause shows a sphere, none says a sphere is fine ("everyone knew their
        job"), and the text is a story, not a short or vague remark; or the text is a long
        story whose clauses lean only weakly to the sphere they show."""
        tuning = self.cues.tuning
        if self._text_model is None or diagnosis.notice is not None:
            return False
        words = len(text.split())
        if diagnosis.sphere is None:
            return (
                tuning.text_null_below > 0
                and not diagnosis.healthy
                and words >= tuning.text_min_words
                # (an outsider behaving badly, "the landlord never turns up", is told, not
                # a sphere to read into the whole text)
                and not self.cues.from_outside(text)
            )
        return (
            tuning.text_story_words > 0
            and diagnosis.confidence < tuning.text_override_below
            and words >= tuning.text_story_words
        )

    def _read_story(
        self,
        text: str,
        clauses: list[Clause],
        diagnosis: Diagnosis,
        vector: np.ndarray,
        excluded: frozenset[str],
    ) -> Diagnosis:
        """`diagnosis` led by the sphere the whole-text model reads with at least
        `text_override_from`, when that is another sphere: its tag comes first (with the
        clauses that show it most, none quoted under another tag) and the follow-up asks
        between it and the clauses' reading; `scores` stay the clauses' evidence."""
        assert diagnosis.sphere is not None
        probs, shares = self._whole_reading(vector)
        best = max(range(len(SPHERES)), key=lambda i: (float(probs[i]), -i))
        read = SPHERES[best]
        if read == diagnosis.sphere or float(probs[best]) < self.cues.tuning.text_override_from:
            return diagnosis
        tag = next((t for t in diagnosis.tags if t.sphere == read), None)
        if tag is None:
            quoted = {c for t in diagnosis.tags for c in t.clauses}
            free = [c for c in clauses if c.text not in quoted and not c.request] or clauses
            tag = Tag(read, shares[read], *quoted_evidence(text, free, read, 0.0), whole=True)
        tags = (tag, *(t for t in diagnosis.tags if t.sphere != read))
        return self._led_by(diagnosis, read, diagnosis.sphere, shares, tags, text, excluded)

    def _read_whole(
        self,
        text: str,
        clauses: list[Clause],
        diagnosis: Diagnosis,
        vector: np.ndarray,
        excluded: frozenset[str],
    ) -> Diagnosis:
        """`diagnosis` with a tentative tag when the whole-text model gives "no problem"
        less than `text_null_below`; `scores` stay the clauses' evidence (what search
        weighs), and the follow-up asks between the model's two strongest spheres."""
        said = [c for c in clauses if not c.request]
        told = sum(len(c.text.split()) for c in said)
        # ("sorry, wrong language! I manage the estimating team at a civil engineering
        # contractor, 7 estimators": who is speaking, and next to nothing else)
        beyond_who = sum(
            len(c.text.split())
            for c in said
            if not (_SPEAKER.match(c.text) and not c.rule and not _troubled(self.cues, c.text))
        )
        if told < self.cues.tuning.text_min_words or beyond_who < STORY_BEYOND_WHO:
            # beside what asks, or tells of the speaker or of an outsider ("the family are
            # furious. I feel awful, it was my shift"), too little is told to read a story
            return diagnosis
        probs, read = self._whole_reading(vector)
        if float(probs[-1]) >= self.cues.tuning.text_null_below:
            return diagnosis
        first, second = sorted(SPHERES, key=lambda s: (-read[s], SPHERES.index(s)))[:2]
        tags = (Tag(first, read[first], *quoted_evidence(text, clauses, first, 0.0)),)
        return self._led_by(diagnosis, first, second, read, tags, text, excluded)

    def _whole_reading(self, vector: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:
        """The whole-text model's probabilities (the last is "no problem") and each
        sphere's share of the spheres' part."""
        assert self._text_model is not None
        probs = self._text_model.probabilities(vector[None, :])[0]
        spheres = probs[: len(SPHERES)]
        total = float(spheres.sum()) or 1.0
        return probs, {s: round(float(p) / total, 3) for s, p in zip(SPHERES, spheres, strict=True)}

    def _led_by(
        self,
        diagnosis: Diagnosis,
        sphere: str,
        other: str,
        shares: dict[str, float],
        tags: tuple[Tag, ...],
        text: str,
        excluded: frozenset[str],
    ) -> Diagnosis:
        """`diagnosis` led by the whole text's reading `sphere`, asking between it and
        `other`; `scores` stay the clauses' evidence (what search weighs)."""
        question = self.questions.pick((sphere, other), text, excluded)
        return replace(
            diagnosis,
            sphere=sphere,
            confidence=shares[sphere],
            tags=tags,
            follow_up=question.text if question else None,
            follow_up_id=question.id if question else None,
        )

    # -- steps ------------------------------------------------------------------------
    def _prepare(
        self, text: str, extra: tuple[int, ...] = (), split_long: bool = False
    ) -> tuple[str, list[Clause]]:
        # (read with chat shorthand spelt out: "shud", "w/o", "thats", "n")
        norm = informal(check_text(text))
        # a listed problem starts a clause of its own ("... cant read them 2) since ...")
        listed = tuple(a for a, _ in enumerated_parts(norm)[1:])
        spans = split_clauses(norm, self.cues.contrast, (*extra, *listed))
        clauses = [Clause(a, b, norm[a:b]) for a, b in spans]
        if split_long and not extra:
            long_cuts = _long_cuts(norm, clauses)
            if long_cuts:  # cut before any cue is read: the cut clauses are read instead
                return self._prepare(text, tuple(long_cuts))
        asks = [m.span() for cue in self.cues.requests for m in cue.regex.finditer(norm)]
        for piece in clauses:
            asked = any(piece.start <= a < piece.end for a, _ in asks)
            piece.request = asked and len(piece.text.split()) <= REQUEST_WORDS
        # where no symptom cue counts: the speaker's own mood ("I'm kind of fed up") is how
        # they feel, and who they are ("I'm not the owner", "just one of the nurses") is no
        # symptom either; a short clause that says who they are gets no learned vote
        own_role = [m.span() for p in (_OWN_ROLE, _BARE_INTRO) for m in p.finditer(norm)]
        about_self = [
            m.span() for cue in self.cues.own_feelings for m in cue.regex.finditer(norm)
        ] + own_role
        opening = _OPENING_TITLE.match(norm)  # the job title a message may open with
        for piece in clauses:
            if len(piece.text.split()) <= OWN_ROLE_WORDS and any(
                piece.start <= a < piece.end for a, _ in own_role
            ):
                piece.request = True
            # "ok so i work part time at the intake desk of a clothing closet, paid staff not
            # a volunteer", "hey. sales associate at a cell phone store.": who they are and
            # where, with nothing going wrong in it
            if (
                opening is not None
                and opening.start() <= piece.start
                and piece.end <= opening.end() + 2
                and not _TROUBLE.search(piece.text)
            ):
                piece.speaker = True
            if about_the_speaker(piece.text):
                piece.speaker = True
            # a clause that is all mood, pay or one rude customer gets no learned vote either
            covered = sum(max(0, min(b, piece.end) - max(a, piece.start)) for a, b in about_self)
            if covered >= MOSTLY_ABOUT_SELF * max(1, piece.end - piece.start):
                piece.request = True
        found: list[tuple[Clause, str, Cue, tuple[int, int]]] = []
        denied: list[tuple[str, tuple[int, int]]] = []  # negated symptoms: sphere, span
        for cue in self.cues.all_well:
            for m in cue.regex.finditer(norm):
                clause = clause_at(clauses, m.start())
                if clause is not None and not self._negated(norm, clause, m.start()):
                    clause.healthy.update(SPHERES)
        for sphere in SPHERES:
            for cue in self.cues.healthy[sphere]:
                for m in cue.regex.finditer(norm):
                    clause = clause_at(clauses, m.start())
                    if clause is None:
                        continue
                    if self._negated(norm, clause, m.start()):
                        found.append((clause, sphere, cue, (m.start(), m.end())))
                    else:
                        clause.healthy.add(sphere)
            for cue in self.cues.symptoms[sphere]:
                for m in cue.regex.finditer(norm):
                    clause = clause_at(clauses, m.start())
                    if clause is None or any(a <= m.start() < b for a, b in about_self):
                        continue
                    if cue.negatable and (
                        self._negated(norm, clause, m.start())
                        or self._ceased(norm, clause, m.end())
                    ):
                        # "nobody blames anyone here" says the sphere is fine
                        clause.negated.add(sphere)
                        denied.append((sphere, (m.start(), m.end())))
                    else:
                        found.append((clause, sphere, cue, (m.start(), m.end())))
        # a cue that starts inside a negated one of its sphere is part of what is denied: in
        # "nobody is confused about who handles what", "who handles" is no symptom either
        found = [
            f
            for f in found
            if not any(
                name == f[1] and a <= f[3][0] < b and f[2] in self.cues.symptoms[name]
                for name, (a, b) in denied
            )
        ]
        if not extra:
            # "X keeps going wrong, and the staff have stopped believing Y": when each side
            # of ", and <new subject>" names a different sphere, they are two clauses
            cuts = []
            for clause in clauses:
                for m in AND_SUBJECT.finditer(norm, clause.start, clause.end):
                    here = [
                        (name, span)
                        for c, name, cue, span in found
                        if c is clause and not cue.context
                    ]
                    # before it: anything said earlier in the same sentence
                    opened = max(norm.rfind(".", 0, m.start()), norm.rfind("?", 0, m.start()))
                    before = {
                        name
                        for _c, name, cue, span in found
                        if not cue.context and opened < span[0] and span[1] <= m.start()
                    }
                    after = {name for name, span in here if span[0] >= m.end()}
                    marked = bool(MARKS_SECOND.match(norm, m.end()))  # "..., and separately"
                    if after and (marked or (before and after != before)):
                        cuts.append(m.start())
            if cuts:
                return self._prepare(text, tuple(cuts))
        plain = {(id(c), name) for c, name, cue, _ in found if not cue.context}
        for clause in clauses:
            clause.healthy |= {s for s in clause.negated if (id(clause), s) not in plain}
        tuning = self.cues.tuning
        mechanisms = [
            (c, name) for c, name, cue, _ in found if not cue.context and name not in c.healthy
        ]
        for clause, name, cue, span in found:
            # a clause that says a sphere is healthy gives it no evidence at all
            if name in clause.healthy:
                continue
            # words inside a request ("is a weekly meeting a waste of time?") are asked
            # about, not reported
            if any(a < span[1] and span[0] < b for a, b in asks):
                continue
            if not cue.context:
                clause.mechanisms.add(name)
            weight = tuning.flip_weight if cue in self.cues.healthy[name] else cue.weight
            if cue.context:
                # an outcome ("we shipped the wrong console") yields to the mechanism that
                # another sphere's cue names: in the same clause entirely, elsewhere partly
                others = [c for c, other in mechanisms if other != name]
                if any(c is clause for c in others):
                    continue
                another = _ANOTHER.search(clause.text)
                if others and not another:
                    # ("our handoffs are sloppy too": an outcome marked as a problem of its
                    # own keeps its weight)
                    weight *= tuning.outside_context_factor
                    if not any(c is clause and other == name for c, other in mechanisms):
                        clause.yields.add(name)
            add_rule(clause, name, weight, span)
        self._weigh_emphasis(norm, clauses)
        return norm, clauses

    def _parts(
        self, text: str, clauses: list[Clause], owner: dict[int, str]
    ) -> list[tuple[str, str]]:
        """The problems a text lists one by one ("2 things. ... and the press brakes, ..."):
        per part, the sphere its clauses show most (when it shows one at all) and its
        strongest clause for that sphere, which it then owns."""
        out: list[tuple[str, str]] = []
        for a, b in enumerated_parts(text):
            inside = [
                c
                for c in clauses
                if a <= c.start < b
                and not c.request
                and not c.speaker
                # "two things keep biting us" announces the parts and "I manage one branch"
                # says who is speaking: neither is one of them
                and not (ANNOUNCED.search(c.text) and len(c.text.split()) <= ANNOUNCE_WORDS)
                and not _INTRO.match(c.text)
            ]
            totals = {s: sum(c.evidence.get(s, 0.0) for c in inside) for s in SPHERES}
            best = max(SPHERES, key=lambda s: (totals[s], -SPHERES.index(s)))
            if not inside or totals[best] < PART_EVIDENCE:
                continue
            clause = max(inside, key=lambda c: c.evidence.get(best, 0.0))
            owner[id(clause)] = best
            out.append((best, clause.text))
        # unannounced, two parts of one sphere are one problem (not when a part says it is
        # one more of its kind: "And nobody owns the day-of timeline either.")
        if not ANNOUNCED.search(text) and not any(
            _ONE_MORE_OF_KIND.search(text[a:b]) for a, b in enumerated_parts(text)[1:]
        ):
            out = list({sphere: (sphere, c) for sphere, c in reversed(out)}.values())[::-1]
        return out if len(out) >= 2 else []

    def _weigh_emphasis(self, text: str, clauses: list[Clause]) -> None:
        """ "The biggest problem is..." weighs more; "a bit of ... too" weighs less."""
        t = self.cues.tuning
        for pattern, factor in (
            (self.cues.emphasis, t.emphasis_factor),
            (self.cues.minor, t.minor_factor),
        ):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                end = sentence_end(text, m.start())
                for clause in clauses:
                    if clause.end > m.start() and clause.start < end:
                        clause.weight *= factor

    def _negated(self, text: str, clause: Clause, start: int) -> bool:
        prefix = text[clause.start : start]
        breaks = list(self.cues.scope_break.finditer(prefix))
        if breaks:
            prefix = prefix[breaks[-1].end() :]
        words = WORD.findall(prefix.lower())[-self.cues.tuning.negation_window :]
        # a subject that starts a clause of its own ends the reach of the negators before
        # it ("the changes never happened, they don't trust a word"), unless it follows
        # "that" ("it's not that they don't trust us" is a double negation) or a negator
        # ("it isn't people being checked out"), or a negated "think" ("I don't think they
        # believe in where we're going" denies what follows)
        starts = [
            i
            for i, w in enumerate(words)
            if i
            and w in _SUBJECTS
            and words[i - 1] != "that"
            and not self._negator(words[i - 1])
            and not (i >= 2 and words[i - 1] in _RAISING and self._negator(words[i - 2]))
        ]
        if starts:
            words = words[starts[-1] :]
        if (
            words
            and _OWN_SUBJECT.match(text, start)
            and words[-1] not in ("that", "because", "cos", "coz")
            and not self._negator(words[-1])
        ):
            # a symptom that is a clause of its own, with its own subject ("when it doesn't
            # get filled in nobody knows whose job it is"): the negators before it are
            # another clause's
            return False
        negations = sum(self._negator(w) for w in words)
        return bool(negations % 2 == 1)  # "we don't lack buy-in" is not a lack

    def _negator(self, word: str) -> bool:
        return word.split("'")[0] in self.cues.negators or word.endswith("n't")

    def _ceased(self, text: str, clause: Clause, end: int) -> bool:
        """Whether the words after a symptom ending at `end` say it has stopped ("the
        blame game is gone"), not past a word that ends a negator's reach ("I get blamed
        when the bestseller is gone")."""
        for cue in self.cues.ceased:
            m = cue.regex.match(text, end, clause.end)
            if m and not self.cues.scope_break.search(m.group()):
                return True
        return False

    def _embed(self, clause_texts: list[str]) -> dict[str, np.ndarray]:
        if self._matrix is None or self.embedder is None or not clause_texts:
            return {}
        vectors = self.embedder.embed(clause_texts)
        return dict(zip(clause_texts, vectors, strict=True))

    def _exemplar_votes(self, vector: np.ndarray) -> dict[str, float]:
        assert self._matrix is not None and self._labels is not None
        t = self.cues.tuning
        sims = self._matrix @ vector
        tops = []
        for i in range(len(EXEMPLAR_LABELS)):
            row = np.sort(sims[self._labels == i])[::-1][: t.exemplar_k]
            tops.append(float(row.mean()))
        probs = self._model.probabilities(vector)
        votes = {}
        for i, sphere in enumerate(SPHERES):
            # the learned vote, scaled down when even the nearest exemplars are far away
            strength = min(max((tops[i] - t.exemplar_floor) / t.exemplar_span, 0.0), 1.0)
            votes[sphere] = float(probs[i]) * strength * t.exemplar_weight
        return votes

    def _diagnose(
        self,
        text: str,
        clauses: list[Clause],
        vectors: dict[str, np.ndarray],
        excluded: frozenset[str],
    ) -> Diagnosis:
        t = self.cues.tuning
        totals = dict.fromkeys(SPHERES, 0.0)
        healthy: set[str] = set()
        for clause in clauses:
            # a request for advice is not a symptom: only explicit cues in it count
            learned = clause.text in vectors and not clause.request
            votes = self._exemplar_votes(vectors[clause.text]) if learned else {}
            healthy |= clause.healthy
            for name in SPHERES:
                rule = min(clause.rule.get(name, 0.0), 1.0)
                vote = 0.0 if name in clause.healthy else votes.get(name, 0.0)
                if name in clause.yields:
                    vote *= t.outside_context_factor
                value = (1.0 - (1.0 - rule) * (1.0 - vote)) * clause.weight
                clause.evidence[name] = value
                totals[name] += value
        ranked = sorted(SPHERES, key=lambda s: (-round(totals[s], 9), SPHERES.index(s)))
        top = totals[ranked[0]]
        # a further sphere needs a share of the top one's evidence, unless a clause of its
        # own names its mechanism beyond doubt ("Nobody owns welcoming them: the shift leads
        # think I do it, I thought they did" beside three clauses of distrust)
        named = {
            s for c in clauses for s in c.mechanisms if c.rule.get(s, 0.0) >= NAMED_BEYOND_DOUBT
        }
        tag_spheres = [
            s
            for s in ranked
            if totals[s] >= t.tag_threshold and (totals[s] >= t.secondary_ratio * top or s in named)
        ]
        denominator = max(sum(totals.values()), 1.0)
        scores = {s: round(totals[s] / denominator, 3) for s in SPHERES}
        trouble = _troubled(self.cues, text) and _matches(self.cues.organisation, text)
        if not tag_spheres and trouble and top >= t.tentative_threshold:
            # a problem is described and one sphere leans ahead: a tentative tag
            tag_spheres = [ranked[0]]
        # one clause is quoted under one sphere: the one it shows most. A sphere whose
        # evidence sits only in clauses that show another sphere more is no tag of its own
        # ("the mechanics refuse to touch a repair that isn't theirs" is roles, not also
        # buy-in)
        owner = {
            id(c): max(SPHERES, key=lambda s: (c.evidence.get(s, 0.0), -SPHERES.index(s)))
            for c in clauses
        }
        parts = self._parts(text, clauses, owner)
        listed = [sphere for sphere, _ in parts]
        tag_spheres += [sphere for sphere in dict.fromkeys(listed) if sphere not in tag_spheres]
        quoted = _quote_owned(text, clauses, owner, tag_spheres, t.tag_threshold, listed)
        first = tag_spheres[0] if tag_spheres else None
        if first is not None and clauses and not quoted[first][0]:
            # the sphere with the most evidence overall keeps its strongest clause (one that
            # no listed problem of another sphere needs)
            claimed = {c for _, c in parts}
            free = [c for c in clauses if c.text not in claimed] or clauses
            strongest = max(free, key=lambda c: c.evidence.get(first, 0.0))
            owner[id(strongest)] = first
            quoted = _quote_owned(text, clauses, owner, tag_spheres, t.tag_threshold, listed)
        tag_spheres = [s for i, s in enumerate(tag_spheres) if i == 0 or quoted[s][0]]
        tags = tuple(Tag(s, scores[s], *quoted[s]) for s in tag_spheres)
        sphere = tag_spheres[0] if tag_spheres else None
        cued = tuple(s for s in SPHERES if any(s in c.mechanisms for c in clauses))
        candidates: tuple[str, ...] = ()
        if sphere is None:
            if trouble:
                candidates = SPHERES
        else:
            second = totals[ranked[1]]
            # a close second that no cue names a mechanism for, beside a first that one does
            # ("we keep missing deliveries ... nobody seems to own the routes"), is what came
            # of the problem: no reason to ask between them
            close = second >= t.close_ratio * top and not (
                ranked[0] in cued and ranked[1] not in cued
            )
            # "We keep missing deadlines ... Not sure why.": one symptom and the person says
            # they can't see the cause yet, so the question comes before any reading
            # (a mechanism named with `UNSURE_READ_FROM` or more is reading enough; a weaker cue
            # beside "not sure why" still gets the question)
            unsure = (
                len(tags) == 1
                and len(tags[0].evidence) == 1
                and top < UNSURE_READ_FROM
                and bool(UNSURE.search(text))
            )
            if top < t.thin_evidence or close or unsure:
                candidates = (ranked[0], ranked[1]) if second > 0 else (ranked[0],)
        question = self.questions.pick(candidates, text, excluded) if candidates else None
        confidence = scores[sphere] if sphere else round(1.0 - max(scores.values()), 3)
        return Diagnosis(
            sphere=sphere,
            confidence=confidence,
            scores=scores,
            tags=tags,
            follow_up=question.text if question else None,
            follow_up_id=question.id if question else None,
            healthy=tuple(s for s in SPHERES if s in healthy),
            trouble=trouble,
            raw={s: round(totals[s], 4) for s in SPHERES},
            parts=tuple(parts),
            cued=cued,
        )


def _quote_owned(
    text: str,
    clauses: list[Clause],
    owner: dict[int, str],
    spheres: list[str],
    threshold: float,
    listed: list[str],
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each sphere's quotes from the clauses it owns (from `LISTED_QUOTE` of the threshold,
    for a problem listed on its own)."""
    return {
        s: quoted_evidence(
            text,
            [c for c in clauses if owner[id(c)] == s],
            s,
            threshold * LISTED_QUOTE if s in listed else threshold,
        )
        for s in spheres
    }


def _unreadable(notice: str) -> Diagnosis:
    """The diagnosis of a text the classifier cannot read: no sphere, and why."""
    return Diagnosis(
        sphere=None,
        confidence=0.0,
        scores=dict.fromkeys(SPHERES, 0.0),
        tags=(),
        raw=dict.fromkeys(SPHERES, 0.0),
        notice=notice,
    )


def _long_cuts(text: str, clauses: list[Clause]) -> list[int]:
    """Where the long run-on clauses of `text` may be cut: commas that start a new subject."""
    return [
        m.start()
        for clause in clauses
        if len(clause.text.split()) >= LONG_CLAUSE_WORDS
        for m in _NEW_SUBJECT.finditer(text, clause.start, clause.end)
    ]


STORY_BEYOND_WHO = 6  # words: what a story tells besides who is speaking, at the least
# a clause that says who is speaking: "I manage the estimating team at ...", "I'm a nurse on"
_SPEAKER = re.compile(
    rf"^\W*((hi|hello|hey|hiya|morning|good (morning|afternoon|evening))( there)?\W+)?{SPEAKS}",
    re.I,
)


def _troubled(cues: CueSet, text: str) -> bool:
    """Whether the text tells of trouble: a trouble cue outside the routines it tells ("we
    do distribution every saturday morning" is when the work happens, not a story of it
    going wrong again and again)."""
    routines = [m.span() for c in cues.routine for m in c.regex.finditer(text)]
    return any(
        not any(a <= m.start() and m.end() <= b for a, b in routines)
        for c in cues.trouble
        for m in c.regex.finditer(text)
    )


def _matches(cues: Iterable[Cue], text: str) -> bool:
    return any(c.regex.search(text) for c in cues)
