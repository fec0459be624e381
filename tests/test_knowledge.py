"""The knowledge base validates, and broken files give errors that name file and field."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.coaching.industry import load_industries
from assistant.coaching.intents import Intents, load_intents
from assistant.diagnosis.cues import load_cues, load_exemplars
from assistant.errors import KnowledgeError
from assistant.model.vocabulary import OVERLAP_OF, SPHERES
from assistant.retrieval.knowledge import load_knowledge, parse_document

from .conftest import KNOWLEDGE, ROOT

GOOD_INTERVENTION = """---
id: process-test
title: A test intervention
kind: intervention
sphere: execution
overlap: process
audience: [manager]
---
# A test intervention

Summary.

## When to use it
When things break.

## Steps
1. Do one thing.
2. Do another.

## What good looks like
Fewer misses.

## Examples
### live-events
A rental house.

### restaurants
A bakery.

### software
A billing team.

### healthcare
A clinic.

### construction
A builder.

### retail
A shoe shop.

### nonprofits
A food bank.

### manufacturing
A bottling plant.
"""


def test_every_knowledge_file_validates() -> None:
    kb = load_knowledge(KNOWLEDGE)
    assert len(kb.documents) >= 40
    ids = [d.id for d in kb.documents]
    assert len(ids) == len(set(ids))


def test_at_least_eight_interventions_per_kind_with_matching_sphere() -> None:
    kb = load_knowledge(KNOWLEDGE)
    for sphere in SPHERES:
        found = [d for d in kb.of_kind("intervention") if d.sphere == sphere]
        assert len(found) >= 8, sphere
        assert all(d.overlap == OVERLAP_OF[sphere] for d in found)
        assert all(
            d.source.startswith(f"knowledge/interventions/{OVERLAP_OF[sphere]}/") for d in found
        )


def test_model_pages_cover_spheres_overlaps_centre_cycle_and_stance() -> None:
    kb = load_knowledge(KNOWLEDGE)
    text = " ".join(d.body.lower() for d in kb.documents if d.kind != "intervention")
    for needle in (
        "it's working",
        "virtuous cycle",
        "buy-in",
        "roles",
        "process",
        "would this still happen",
        "owner",
        "team member",
    ):
        assert needle in text, needle
    overview = kb.by_id("model-overview")
    assert "Tom Stimson" in overview.body


def test_question_bank_separates_every_pair_of_spheres() -> None:
    kb = load_knowledge(KNOWLEDGE)
    pairs = {
        frozenset(p)
        for p in (
            ("accountability", "execution"),
            ("accountability", "leadership"),
            ("leadership", "execution"),
        )
    }
    separated = {q.separates for q in kb.questions}
    for pair in pairs:
        assert pair in separated, pair
    assert frozenset(SPHERES) in separated
    for q in kb.questions:
        assert q.text.endswith("?"), q.id


def test_no_sentence_is_copied_from_the_source_article() -> None:
    article = ROOT.parent / "shared" / "source" / "ale_article.txt"
    if not article.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have shared/ beside the checkout")
        pytest.skip("shared/source/ale_article.txt is not beside this checkout")
    words = re.findall(r"[a-z']+", article.read_text(encoding="utf-8").lower())
    grams = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for path in KNOWLEDGE.rglob("*.md"):
        mine = re.findall(r"[a-z']+", path.read_text(encoding="utf-8").lower())
        shared = {" ".join(mine[i : i + 8]) for i in range(len(mine) - 7)} & grams
        assert not shared, f"{path} repeats the article: {sorted(shared)[:2]}"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("kind: intervention", "kind: recipe"), "kind", "Input should be"),
        (("overlap: process", "overlap: roles"), "overlap", "does not match sphere 'execution'"),
        (("audience: [manager]", "audience: []"), "audience", "at least 1"),
        (("audience: [manager]", "audience: [ceo]"), "audience.0", "Input should be"),
        (("id: process-test", "id: Process Test"), "id", "should match pattern"),
        (("title: A test intervention", "titel: typo"), "titel", "is not a known field"),
        (("sphere: execution\n", ""), "sphere", "is required when 'overlap' is given"),
        (
            ("## Steps\n1. Do one thing.\n2. Do another.", "## Steps\nDo things."),
            "section 'Steps'",
            "numbered list",
        ),
        (
            ("### restaurants\nA bakery.", ""),
            "section 'Examples / restaurants'",
            "missing",
        ),
        (
            ("## What good looks like", "## What great looks like"),
            "section 'What good looks like'",
            "missing",
        ),
    ],
)
def test_schema_errors_name_file_and_field(
    change: tuple[str, str], field: str, message: str
) -> None:
    text = GOOD_INTERVENTION.replace(*change)
    with pytest.raises(KnowledgeError) as info:
        parse_document(text, "knowledge/interventions/process/test.md")
    error = str(info.value)
    assert error.startswith("knowledge/interventions/process/test.md: ")
    assert info.value.field is not None and field in info.value.field, error
    assert message in error


def test_valid_document_parses() -> None:
    doc = parse_document(GOOD_INTERVENTION, "x.md")
    assert doc.sphere == "execution" and doc.overlap == "process"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter", "does not start with YAML front matter"),
        ("---\nid: x\n", "not closed"),
        ("---\nid: [unclosed\n---\nbody", "invalid YAML"),
        ("---\n- a\n- b\n---\nbody", "must be a YAML mapping"),
    ],
)
def test_malformed_front_matter(text: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        parse_document(text, "knowledge/model/x.md")


def test_question_needs_answers_for_each_separated_sphere() -> None:
    text = """---
id: q-x
title: Which one
kind: question
question: "Is it X?"
separates: [execution, leadership]
answers:
  - points_to: execution
    when: "the same step fails"
audience: [owner]
---
# X
Body.
"""
    with pytest.raises(KnowledgeError, match=r"field 'answers': no answer points to leadership"):
        parse_document(text, "knowledge/questions/q-x.md")


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(GOOD_INTERVENTION, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="field 'id': 'process-test' is already used"):
        load_knowledge(tmp_path)


def _copy_classifier_data(tmp_path: Path) -> Path:
    (tmp_path / "classifier").mkdir()
    for name in ("cues.yaml", "exemplars.yaml"):
        (tmp_path / "classifier" / name).write_text(
            (KNOWLEDGE / "classifier" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    return tmp_path


def test_classifier_data_validates() -> None:
    cues = load_cues(KNOWLEDGE)
    assert all(cues.symptoms[s] and cues.healthy[s] for s in SPHERES)
    exemplars = load_exemplars(KNOWLEDGE)
    assert set(exemplars) == {*SPHERES, "none"}


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("kind: cues", "kind: exemplars", "kind"),
        ("tag_threshold: ", "tag_treshold: ", "tuning.tag_treshold"),
    ],
)
def test_broken_cues_name_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    root = _copy_classifier_data(tmp_path)
    path = root / "classifier" / "cues.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_cues(root)
    assert "cues.yaml" in str(info.value) and field in str(info.value)


def test_out_of_range_weight_names_the_cue(tmp_path: Path) -> None:
    import yaml

    root = _copy_classifier_data(tmp_path)
    path = root / "classifier" / "cues.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["spheres"]["execution"]["symptoms"][2]["weight"] = 3
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(
        KnowledgeError,
        match=r"field 'spheres\.execution\.symptoms\[2\]\.weight': .*less than or equal to 1",
    ):
        load_cues(root)


def test_duplicate_yaml_keys_are_errors(tmp_path: Path) -> None:
    root = _copy_classifier_data(tmp_path)
    path = root / "classifier" / "cues.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "id: ex-forgotten\n", "id: ex-forgotten\n        weight: 0.1\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        KnowledgeError, match=r"cues\.yaml: invalid YAML at line \d+: duplicate key 'weight'"
    ):
        load_cues(root)


def test_invalid_regex_in_cues_is_reported(tmp_path: Path) -> None:
    root = _copy_classifier_data(tmp_path)
    path = root / "classifier" / "cues.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("id: ex-forgotten")
    text = text[:start] + text[start:].replace("pattern: '", "pattern: '(unclosed", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        KnowledgeError, match=r"spheres\.execution\.symptoms\[0\]\.pattern.*regular expression"
    ):
        load_cues(root)


def test_a_live_event_word_without_a_plain_form_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    (root / "coach").mkdir(parents=True)
    text = (KNOWLEDGE / "coach" / "industries.yaml").read_text(encoding="utf-8")
    text = text.replace(", plain: loading in}", "}", 1)
    (root / "coach" / "industries.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(
        KnowledgeError, match=re.escape("field 'live_event_words[0].plain': is required")
    ):
        load_industries(root)


def test_exemplars_with_unknown_label_are_rejected(tmp_path: Path) -> None:
    root = _copy_classifier_data(tmp_path)
    path = root / "classifier" / "exemplars.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  none:", "  nothing:", 1), encoding="utf-8"
    )
    with pytest.raises(
        KnowledgeError, match=r"exemplars\.yaml: field 'exemplars': .*unknown label 'nothing'"
    ):
        load_exemplars(root)


# -- the coach's intents (knowledge/coach/intents.yaml) ------------------------------------------
def _intents_with(tmp_path: Path, change: Callable[[dict[str, Any]], object]) -> Path:
    """A copy of the shipped intents file, changed, in a folder called knowledge/."""
    import yaml

    data = yaml.safe_load((KNOWLEDGE / "coach" / "intents.yaml").read_text(encoding="utf-8"))
    change(data)
    root = tmp_path / "knowledge"
    (root / "coach").mkdir(parents=True)
    (root / "coach" / "intents.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return root


def test_the_shipped_intents_validate_and_match() -> None:
    spec = load_intents(KNOWLEDGE)
    assert spec.which_sphere and spec.fix_leadership and spec.roles.team_member
    intents = Intents(KNOWLEDGE)
    assert intents.asks_which_sphere("So which sphere should we fix first?")
    assert intents.asks_for_leadership_fix("Should we send the managers to leadership training?")
    assert not intents.asks_for_leadership_fix("The crew forgets cables.")
    assert intents.role("I'm the owner of a rental house.") == "owner"
    assert intents.role("I'm a production manager.") == "manager"
    assert intents.role("I work on the crew.") == "team-member"
    assert intents.role("Loads are late.") is None


# fmt: off
BAD_INTENTS: list[tuple[str, Callable[[dict[str, Any]], object], str, str]] = [
    # (rule, change, field, words of the problem)
    ("role patterns compile", lambda d: d["roles"]["owner"].__setitem__(2, "(unclosed"), "roles.owner[2]", "invalid regular expression"),
    ("which_sphere patterns compile", lambda d: d["which_sphere"].__setitem__(0, "[a-"), "which_sphere[0]", "invalid regular expression"),
    ("fix_leadership patterns compile", lambda d: d["fix_leadership"].append("x{2,1}"), "fix_leadership[7]", "invalid regular expression"),
    ("patterns are strings", lambda d: d["fix_leadership"].__setitem__(0, 3), "fix_leadership[0]", "string"),
    ("patterns are not empty", lambda d: d["which_sphere"].__setitem__(1, ""), "which_sphere[1]", "at least 1 character"),
    ("a list, not one string", lambda d: d.__setitem__("which_sphere", "which one"), "which_sphere", "tuple"),
    ("at least one pattern", lambda d: d.__setitem__("fix_leadership", []), "fix_leadership", "at least 1 item"),
    ("which_sphere is required", lambda d: d.pop("which_sphere"), "which_sphere", "is required"),
    ("team-member is required", lambda d: d["roles"].pop("team-member"), "roles.team-member", "is required"),
    ("exactly three roles", lambda d: d["roles"].__setitem__("boss", ["x"]), "roles.boss", "is not a known field"),
    ("no unknown sections", lambda d: d.__setitem__("greetings", ["hi"]), "greetings", "is not a known field"),
    ("the kind is intents", lambda d: d.__setitem__("kind", "cues"), "kind", "must be 'intents'"),
]
# fmt: on


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [row[1:] for row in BAD_INTENTS],
    ids=[row[0] for row in BAD_INTENTS],
)
def test_bad_intents_name_the_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], field: str, problem: str
) -> None:
    root = _intents_with(tmp_path, change)
    with pytest.raises(KnowledgeError) as info:
        Intents(root)
    message = str(info.value)
    assert message.startswith(f"knowledge/coach/intents.yaml: field '{field}': "), message
    assert problem in message


def test_a_missing_intents_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"knowledge/coach/intents\.yaml: is missing"):
        Intents(tmp_path / "knowledge")


def test_live_event_words_stay_in_live_event_examples() -> None:
    """Everything the coach can show anyone is industry-neutral: live-event vocabulary
    (coach/industries.yaml) appears only under a `### live-events` heading."""
    from assistant.coaching.industry import Industries

    industries = Industries(KNOWLEDGE)
    found = []
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        if path.name == "README.md":
            continue
        section = ""
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("#"):
                section = line.strip()
            if section == "### live-events" and not line.startswith("#"):
                continue
            found += [f"{path.name}:{number}: {w}" for w in industries.live_event_words(line)]
    assert not found, found


def test_every_intervention_has_an_example_for_each_industry() -> None:
    from assistant.model.vocabulary import INDUSTRIES
    from assistant.retrieval.interventions import intervention_parts

    for doc in load_knowledge(KNOWLEDGE).of_kind("intervention"):
        parts = intervention_parts(doc.body)
        assert set(parts.examples) == set(INDUSTRIES), doc.source
        assert len(parts.steps) >= 3 and parts.summary, doc.source
        # the signs that it works, as separate items (what "how will I know?" quotes)
        assert len(parts.signs) >= 3, doc.source
        assert not any(sign.startswith(("-", "#")) for sign in parts.signs), doc.source


def test_the_industries_file_names_every_industry_once() -> None:
    from assistant.coaching.industry import load_industries
    from assistant.model.vocabulary import INDUSTRIES

    spec = load_industries(KNOWLEDGE)
    assert tuple(i.id for i in spec.industries) == INDUSTRIES


def test_retrieval_fetches_every_move_of_a_kind() -> None:
    # the role filter for someone on the team picks among all moves of the kind: none may
    # fall outside the passages fetched per query
    from collections import Counter

    from assistant.retrieval.interventions import CANDIDATES

    folder = Path(__file__).resolve().parents[1] / "knowledge" / "interventions"
    per_kind = Counter(p.parent.name for p in folder.glob("*/*.md"))
    assert per_kind and max(per_kind.values()) <= CANDIDATES, per_kind
