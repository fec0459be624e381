"""The follow-up question bank (knowledge/questions/): which question tells spheres apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.diagnosis.text import WORD
from assistant.retrieval.knowledge import Question


class QuestionBank:
    """The questions, in id order, and the choice of the one that fits best."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions = tuple(sorted(questions, key=lambda q: q.id))
        self._by_id = {q.id: q for q in self.questions}

    def get(self, question_id: str | None) -> Question | None:
        return self._by_id.get(question_id) if question_id else None

    def pick(
        self,
        candidates: Sequence[str],
        text: str = "",
        excluded: frozenset[str] = frozenset(),
        told: bool = False,
        incident: bool = False,
        changed: bool = True,
    ) -> Question | None:
        """The bank question that best separates `candidates`, never one in `excluded`.
        `told`: the person has just told a concrete story, so a question that asks for one
        ("walk me through the last time...", tagged `opener`) would not be listening; a
        question about the thing told (tagged `told`) comes first. `incident`: one bad
        event was told, so whether it was a one-off (tagged `incident`) comes first.
        `changed`: the person has told of a change; a question about "this change" (tagged
        `about-a-change`) is asked only then."""
        wanted = set(candidates)
        words = set(WORD.findall(text.lower()))
        best: tuple[float, str] | None = None
        chosen = None
        for q in self.questions:
            if not changed and "about-a-change" in q.tags:
                continue  # ("why this change was made?" when none was told: "what change?")
            if q.id in excluded or {"after-one-off", "outsider", "after-step"} & set(q.tags):
                # (asked only when an incident turned out a one-off, or of an outsider's
                # part in the story: `get` it)
                continue
            if q.separates == wanted:
                fit = 3.0
            elif wanted < q.separates:
                fit = 2.0 - 0.1 * (len(q.separates) - len(wanted))
            elif len(wanted) == 1 and wanted & q.separates:
                fit = 1.5 - 0.1 * len(q.separates)
            else:
                continue
            answer_words = set(WORD.findall(" ".join(a.when for a in q.answers).lower()))
            fit += 0.01 * min(len(words & answer_words), 20)
            if told:
                fit += 0.5 if "told" in q.tags else -0.5 if "opener" in q.tags else 0.0
            elif "told" in q.tags:
                fit -= 0.5
            # one incident told: whether it is a one-off comes first (tagged `incident`)
            if "incident" in q.tags:
                fit += 1.0 if incident else -1.0
            key = (fit, q.id)
            if best is None or key[0] > best[0]:
                best, chosen = key, q
        return chosen
