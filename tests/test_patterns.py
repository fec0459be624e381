"""The knowledge files' patterns skip a search only when no match can be in the text: the
literal pieces every match needs are read from the pattern, and a text without any of
them is answered "no match" without searching."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import yaml

from assistant.patterns import Compiled, compiled, needed_pieces

from .conftest import EVALS


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        (r"\bnobody (owns|runs) it\b", {"nobody "}),
        (r"\bNoBody\b", {"nobody"}),
        (r"(?:the )?stock count", {"stock count"}),
        (r"\b(waste of time|overkill)\b", {"waste of time", "overkill"}),
        (r"(\w+|foo)bar", {"bar"}),  # an arm without a literal: the branch gives nothing
        (r"(?:really )*blames?", {"blame"}),  # a repeat that may not happen gives nothing
        (r"(?:keeps? )+forgetting", {"forgetting"}),
        (r"(?=nobody)\w+ cares", {" cares"}),  # a look-ahead is not a piece
        (r"caf\u00e9 rota", {" rota"}),  # only ASCII makes a piece
        (r"\w+\s+\d+", None),
        (r"(unclosed", None),
    ],
)
def test_the_pieces_a_match_needs_are_read_from_the_pattern(
    pattern: str, pieces: set[str] | None
) -> None:
    found = needed_pieces(pattern, re.IGNORECASE)
    assert (set(found) if found is not None else None) == pieces


def test_a_text_without_the_pieces_is_not_searched_and_any_other_is() -> None:
    p = compiled(r"\bnobody (owns|runs) it\b")
    assert p.cannot_match("Everyone owns it here.")
    assert not p.cannot_match("NOBODY runs it")
    assert p.search("NOBODY runs it") is not None
    assert p.search("Everyone owns it here.") is None
    # a text that is not plain ASCII is always searched (case folding beyond ASCII)
    assert not p.cannot_match("Everyone owns it \u2014 really")
    # the rest of re.Pattern's answers, with positions
    text = "ok. nobody owns it, and nobody runs it."
    assert [m.span() for m in p.finditer(text)] == [(4, 18), (24, 38)]
    assert p.search(text, 10).span() == (24, 38)  # type: ignore[union-attr]
    assert p.match(text, 4) is not None and p.match(text) is None
    assert p.fullmatch("nobody owns it") is not None
    assert p.sub("X", text) == "ok. X, and X."
    assert p.findall(text) == ["owns", "runs"]
    assert p.split(text) == ["ok. ", "owns", ", and ", "runs", "."]
    assert p.sub("X", "all fine") == "all fine"


def _user_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(EVALS.glob("conversations-*.yaml"))[::40]:
        for case in yaml.safe_load(Path(path).read_text())["cases"]:
            texts.extend(turn["user"] for turn in case.get("turns", []))
    return texts[::12]  # a spread of about fifty


def test_no_shipped_pattern_is_skipped_on_a_text_it_matches(intents, classifier) -> None:  # type: ignore[no-untyped-def]
    """Every pattern the knowledge files compile, on people's messages from the eval sets
    (as written and in capitals): wherever the search is skipped, `re` finds nothing."""
    patterns = [p for p in _all_compiled() if p.pieces is not None]
    assert len(patterns) > 500
    texts = _user_texts()
    assert len(texts) > 40
    skipped = 0
    for text in [*texts, *(t.upper() for t in texts[::5])]:
        for p in patterns:
            if p.cannot_match(text):
                skipped += 1
                assert p.regex.search(text) is None, (p.pattern, text)
    assert skipped > 0.5 * len(patterns) * len(texts)  # most searches are skipped


def _all_compiled() -> list[Compiled]:
    import gc

    return [o for o in gc.get_objects() if isinstance(o, Compiled)]


def test_threads_reading_different_texts_get_their_own_answers() -> None:
    p = compiled(r"\bthe rota\b")
    texts = ["who writes the rota", "nobody writes it", "THE ROTA again", "no plan at all"]
    expected = [p.regex.search(t) is not None for t in texts]
    wrong: list[str] = []

    def read(offset: int) -> None:
        for i in range(4000):
            k = (i + offset) % len(texts)
            if (p.search(texts[k]) is not None) != expected[k]:
                wrong.append(texts[k])

    workers = [threading.Thread(target=read, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert not wrong
