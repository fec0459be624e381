"""Retrieval: real embedded Chroma, a real `chroma run` server, the real bundled model.

Fast tests use a bag-of-words embedder (a fake); the tests marked slow use the bundled
MiniLM. Every server and loop here is on loopback and bounded in time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.evals.suites import load_suite, retrieval_metrics
from assistant.retrieval.store import IndexMismatchError, Store

from .conftest import EVALS, KNOWLEDGE, run_ale
from .webapp import free_port

PAGE = """---
id: {id}
title: {title}
kind: definition
audience: [owner]
{extra}---
# {title}

## First part
{body}

## Second part
{body2}
"""


def write_page(
    root: Path, name: str, title: str, body: str, body2: str = "More words here.", extra: str = ""
) -> Path:
    path = root / "model" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        PAGE.format(id=name, title=title, body=body, body2=body2, extra=extra), encoding="utf-8"
    )
    return path


class BagOfWords:
    """A deterministic fake embedder: hashed word counts, normalised. Counts its calls."""

    def __init__(self, name: str = "fake:bow", fail_after: int | None = None) -> None:
        self.name = name
        self.embedded = 0
        self.fail_after = fail_after

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise RuntimeError("embedding died mid-build")
        self.embedded += len(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
            out[row] /= max(np.linalg.norm(out[row]), 1e-9)
        return out


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    write_page(
        root, "trucks", "Truck packing", "Pack lists keep the truck complete and cables counted."
    )
    write_page(
        root, "blame", "Blame after shows", "Departments point fingers at each other after the gig."
    )
    write_page(root, "morale", "Low morale", "The crew rolls their eyes at every announcement.")
    return root


def settings_for(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env({"ALE_DATA_DIR": str(tmp_path / "data"), **env})


def test_first_build_embeds_everything_and_a_second_run_embeds_nothing(
    tmp_path: Path, kb: Path
) -> None:
    fake = BagOfWords()
    store = Store(settings_for(tmp_path), embedder=fake)
    first = store.sync_knowledge(kb)
    assert first.chunks == first.embedded == 6 and first.changed
    second = store.sync_knowledge(kb)
    assert second.embedded == 0 and second.reused == 6 and not second.changed
    assert fake.embedded == 6


def test_only_changed_files_are_embedded_again_and_deleted_files_leave(
    tmp_path: Path, kb: Path
) -> None:
    fake = BagOfWords()
    store = Store(settings_for(tmp_path), embedder=fake)
    store.sync_knowledge(kb)
    write_page(kb, "trucks", "Truck packing", "Pack lists now live inside every road case lid.")
    (kb / "model" / "blame.md").unlink()
    stats = store.sync_knowledge(kb)
    assert stats.embedded == 1  # only the changed section of the changed file
    assert stats.reused == 3 and stats.removed == 2
    sources = {h.source for h in store.search("fingers departments gig", k=10)}
    assert not any(s.endswith("blame.md") for s in sources)
    assert store.search("road case lid", k=1)[0].source.endswith("trucks.md")


def test_an_interrupted_build_leaves_the_old_index_in_use(tmp_path: Path, kb: Path) -> None:
    settings = settings_for(tmp_path)
    good = BagOfWords()
    Store(settings, embedder=good).sync_knowledge(kb)
    before = Store(settings, embedder=good).pointer("knowledge")
    write_page(
        kb, "new", "A new page", "Something else entirely about load-ins.", "And a second part."
    )
    dying = BagOfWords(fail_after=1)
    store = Store(settings, embedder=dying)
    with pytest.raises(RuntimeError, match="died mid-build"):
        store.sync("knowledge", _chunks(kb), progress=None)
    assert store.pointer("knowledge") == before
    hits = Store(settings, embedder=good).search("truck cables", k=1)
    assert hits and hits[0].source.endswith("trucks.md")
    # the next build finishes and removes the half-built collection
    Store(settings, embedder=good).sync_knowledge(kb)
    names = [c if isinstance(c, str) else c.name for c in store.client.list_collections()]
    assert len([n for n in names if n.startswith("ale-knowledge-")]) == 1


def _chunks(root: Path):  # type: ignore[no-untyped-def]
    from assistant.retrieval.chunks import knowledge_chunks
    from assistant.retrieval.knowledge import load_knowledge

    return knowledge_chunks(load_knowledge(root).documents)


def test_model_mismatch_is_a_clear_error_until_rebuilt(tmp_path: Path, kb: Path) -> None:
    settings = settings_for(tmp_path)
    one, two = BagOfWords("fake:one"), BagOfWords("fake:two")
    Store(settings, embedder=one).sync_knowledge(kb)
    other = Store(settings, embedder=two)
    with pytest.raises(
        IndexMismatchError,
        match=r"built with embeddings 'fake:one'.*'fake:two'.*ale index --rebuild",
    ):
        other.search("trucks")
    with pytest.raises(IndexMismatchError):
        other.sync_knowledge(kb)
    stats = other.sync_knowledge(kb, rebuild=True)
    assert stats.embedded == 6
    assert other.search("truck cables", k=1)[0].source.endswith("trucks.md")


def test_hits_carry_the_contract_fields_and_filter_by_sphere(tmp_path: Path, kb: Path) -> None:
    write_page(
        kb, "roles", "Roles page", "Nobody owns the truck pack.", extra="sphere: accountability\n"
    )
    fake = BagOfWords()
    store = Store(settings_for(tmp_path), embedder=fake)
    store.sync_knowledge(kb)
    hits = store.search("truck pack", k=3)
    assert hits
    for hit in hits:
        data = hit.to_dict()
        assert {"id", "source", "title", "sphere", "overlap", "kind", "text", "score"} <= set(data)
        assert data["source"].startswith("knowledge/") or data["source"].endswith(".md")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    only = store.search("truck pack", k=5, sphere="accountability")
    assert only and all(h.sphere == "accountability" for h in only)
    assert all(h.sphere is None for h in hits if not h.source.endswith("roles.md"))


def test_team_documents_are_a_separate_collection_and_leave_when_deleted(
    tmp_path: Path, kb: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "playbook.md").write_text(
        "# Our playbook\n\n## Radios\nSign radios out on the clipboard by the dock.\n"
    )
    (team / "notes.txt").write_text("Generators get fuelled before doors, every single day.\n")
    (team / "ignored.png").write_bytes(b"\x89PNG")
    write_pdf(team / "policy.pdf", "Overtime needs the show lead approval")
    fake = BagOfWords()
    store = Store(settings_for(tmp_path), embedder=fake)
    store.sync_knowledge(kb)
    stats = store.sync_team([team])
    assert len(stats.files) == 3
    hit = store.search("radios clipboard dock", k=1)[0]
    assert hit.collection == "team" and hit.source.endswith("playbook.md") and hit.kind == "team"
    assert store.search("overtime approval show lead", k=1)[0].source.endswith("policy.pdf")
    (team / "notes.txt").unlink()
    again = store.sync_team()
    assert again.removed == 1 and again.embedded == 0
    assert all(
        not h.source.endswith("notes.txt") for h in store.search("generators fuelled doors", k=10)
    )


def write_pdf(path: Path, text: str) -> None:
    """A minimal one-page PDF with `text` in Helvetica (xref offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))


def test_bad_team_files_get_clear_errors(tmp_path: Path) -> None:
    from assistant.errors import InputError
    from assistant.retrieval.chunks import team_chunks, team_files

    with pytest.raises(InputError, match="no such file or folder"):
        team_files([tmp_path / "missing.md"])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="cannot read this PDF"):
        team_chunks(broken)
    empty = tmp_path / "empty.md"
    empty.write_text("   \n")
    with pytest.raises(InputError, match="holds no text"):
        team_chunks(empty)
    odd = tmp_path / "photo.jpg"
    odd.write_bytes(b"x")
    with pytest.raises(InputError, match=r"unsupported file type \.jpg"):
        team_chunks(odd)


def test_a_failed_team_update_keeps_the_old_team_index_and_names_the_problem(
    tmp_path: Path, kb: Path
) -> None:
    from assistant.retrieval.store import StoreError

    team = tmp_path / "team"
    team.mkdir()
    (team / "playbook.md").write_text(
        "# Playbook\n\n## Radios\nRadios live on the dock clipboard.\n"
    )
    fake = BagOfWords()
    store = Store(settings_for(tmp_path), embedder=fake)
    store.sync_knowledge(kb)
    store.sync_team([team])
    before = store.pointer("team")
    assert before is not None
    # a file that cannot be read: the update stops before the index is touched
    (team / "scan.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(
        StoreError, match=r"scan\.pdf: cannot read this PDF.*team index was not changed"
    ):
        store.sync_team([team])
    assert store.pointer("team") == before
    assert store.search("radios dock clipboard", k=1)[0].source.endswith("playbook.md")
    # the team index itself cannot be read: an error, never "no documents" and an empty index
    (team / "scan.pdf").unlink()
    real_collection = store._collection

    def broken(name: str) -> object:
        if name == before["collection"]:
            raise RuntimeError("disk I/O error")
        return real_collection(name)

    store._collection = broken  # type: ignore[method-assign]
    with pytest.raises(
        StoreError, match=r"team index cannot be read.*disk I/O error.*left as it is"
    ):
        store.sync_team()
    store._collection = real_collection  # type: ignore[method-assign]
    assert store.pointer("team") == before
    names = [c if isinstance(c, str) else c.name for c in store.client.list_collections()]
    assert before["collection"] in names
    assert store.search("radios dock clipboard", k=1)[0].source.endswith("playbook.md")


# -- the real thing -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_store(warm_data: Path) -> Store:
    """The real knowledge base, the bundled MiniLM, embedded Chroma: the session's warm
    index (built once per run by the `warm_data` fixture; a sync finds nothing to do)."""
    settings = Settings.from_env({"ALE_DATA_DIR": str(warm_data)})
    store = Store(settings)
    stats = store.sync_knowledge(KNOWLEDGE)
    assert stats.reused == stats.chunks > 200 and stats.embedded == 0
    return store


@pytest.mark.slow
def test_retrieval_suite_meets_its_thresholds(real_store: Store, classifier) -> None:  # type: ignore[no-untyped-def]
    suite = load_suite(EVALS / "retrieval-core.yaml")
    assert len(suite.cases) >= 40
    results = [
        [
            h.to_dict()
            for h in real_store.search(
                c["query"], k=10, prior=classifier.classify(c["query"]).scores
            )
        ]
        for c in suite.cases
    ]
    metrics = retrieval_metrics(suite.cases, results, k=3)
    print(f"\nretrieval-core: { {k: round(v, 3) for k, v in metrics.items() if k != 'cases'} }")
    for metric, threshold in suite.thresholds.items():
        assert metrics[metric] >= threshold, f"{metric}={metrics[metric]:.3f} < {threshold}"


def test_retrieval_queries_are_not_copied_from_the_knowledge_base() -> None:
    words = set()
    for path in KNOWLEDGE.rglob("*"):
        # the passages and the classifier YAML; not the whole-text training set or its weights
        if path.is_file() and path.suffix in (".md", ".yaml"):
            tokens = re.findall(r"[a-z']+", path.read_text(encoding="utf-8").lower())
            words |= {" ".join(tokens[i : i + 5]) for i in range(len(tokens) - 4)}
    for case in load_suite(EVALS / "retrieval-core.yaml").cases:
        tokens = re.findall(r"[a-z']+", case["query"].lower())
        grams = {" ".join(tokens[i : i + 5]) for i in range(len(tokens) - 4)}
        assert not grams & words, case["id"]


@pytest.mark.slow
def test_real_search_finds_the_checklist_intervention(real_store: Store) -> None:
    hits = real_store.search(
        "the truck keeps leaving without half the cables", k=3, sphere="execution"
    )
    assert [h.sphere for h in hits] == ["execution"] * 3
    assert any("interventions/process" in h.source for h in hits)


def test_retrieval_metrics_against_hand_computed_values() -> None:
    cases = [
        {"id": 1, "expect": {"sphere": "execution", "sources": ["a.md", "b.md"]}},
        {"id": 2, "expect": {"sphere": None, "sources": ["c.md"]}},
        {"id": 3, "expect": {"sphere": "leadership", "sources": ["d.md"]}},
    ]
    results = [
        [
            {"sphere": "roles", "source": "x.md"},
            {"sphere": "execution", "source": "b.md"},
            {"sphere": None, "source": "a.md"},
        ],
        [
            {"sphere": None, "source": "y.md"},
            {"sphere": None, "source": "z.md"},
            {"sphere": None, "source": "q.md"},
            {"sphere": None, "source": "c.md"},
        ],
        [{"sphere": "execution", "source": "e.md"}],
    ]
    m = retrieval_metrics(cases, results, k=3)
    assert m["hit_at_3"] == pytest.approx(1 / 3)
    assert m["sphere_hit_at_3"] == pytest.approx(1 / 3)
    assert m["mrr"] == pytest.approx((1 / 2 + 1 / 4 + 0) / 3)
    assert m["recall_at_3"] == pytest.approx((2 / 2 + 0 + 0) / 3)


# -- the Chroma server path ------------------------------------------------------------------


@pytest.mark.slow
def test_server_path_builds_incrementally_and_searches(
    tmp_path: Path, kb: Path, chroma_url: str
) -> None:
    settings = settings_for(tmp_path, ALE_CHROMA_URL=chroma_url)
    store = Store(settings)  # the real bundled model, through a real Chroma server
    assert type(store.client).__name__ != "PersistentClient"
    first = store.sync_knowledge(kb)
    assert first.embedded == 6
    assert Store(settings).sync_knowledge(kb).embedded == 0
    hit = Store(settings).search("the crew is cynical about announcements", k=1)[0]
    assert hit.source.endswith("morale.md")
    assert not (tmp_path / "data" / "chroma").exists()


def test_unreachable_chroma_server_is_a_clean_cli_error(tmp_path: Path) -> None:
    out = run_ale("search", "anything", env={"ALE_CHROMA_URL": f"http://127.0.0.1:{free_port()}"})
    assert out.returncode == 2
    assert "cannot reach the Chroma server" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_chroma_url_is_a_config_error() -> None:
    out = run_ale("search", "anything", env={"ALE_CHROMA_URL": "ftp://nowhere"})
    assert out.returncode == 2 and "is not an http(s) URL" in out.stderr


# -- the CLI contract ------------------------------------------------------------------------


@pytest.mark.slow
def test_first_search_builds_the_index_offline_and_later_searches_reuse_it(tmp_path: Path) -> None:
    env = {
        "ALE_DATA_DIR": str(tmp_path / "fresh"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    first = run_ale("search", "--json", "the senior techs laugh at every new system", env=env)
    assert first.returncode == 0, first.stderr
    assert "Indexed" in first.stderr
    data = json.loads(first.stdout)
    assert data["query"].startswith("the senior techs")
    assert len(data["hits"]) == 3
    assert data["hits"][0]["sphere"] == "leadership"
    assert set(data["hits"][0]) >= {
        "id",
        "source",
        "title",
        "sphere",
        "overlap",
        "kind",
        "text",
        "score",
    }
    second = run_ale("search", "--json", "-k", "2", "nobody owns the truck pack", env=env)
    assert second.returncode == 0 and "Indexed" not in second.stderr
    assert len(json.loads(second.stdout)["hits"]) == 2
    lines = [json.dumps({"query": "pack lists", "k": 1, "id": "a"}), "{", json.dumps({"query": 3})]
    batch = run_ale("search", "--jsonl", "-", stdin="\n".join(lines) + "\n", env=env)
    assert batch.returncode == 1
    rows = [json.loads(line) for line in batch.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["id"] == "a" and len(rows[0]["hits"]) == 1
    assert rows[1]["error"].startswith("line 2: not valid JSON")
    assert rows[2]["error"] == "line 3: field 'query' must be a non-empty string"
    team = tmp_path / "playbook.md"
    team.write_text("# Playbook\n\n## Radios\nRadios are signed out at the dock clipboard.\n")
    indexed = run_ale("index", str(team), env=env)
    assert indexed.returncode == 0, indexed.stderr
    assert "Team documents (1 file)" in indexed.stdout
    found = run_ale("search", "--json", "where do we sign out radios", env=env)
    assert any(h["collection"] == "team" for h in json.loads(found.stdout)["hits"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search",), "give either QUERY or --jsonl"),
        (("search", "  "), "QUERY is empty"),
        (("search", "x", "--sphere", "roles"), "--sphere must be one of"),
        (("index", "/no/such/folder"), "no such file or folder"),
    ],
)
def test_search_and_index_usage_errors(args: tuple[str, ...], message: str) -> None:
    out = run_ale(*args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_openai_embeddings_path_and_switching_models(tmp_path: Path, kb: Path) -> None:
    """ALE_EMBEDDINGS=openai through the real SDK to a loopback server; then a mismatch."""
    from .fake_llm import FakeLLM

    with FakeLLM() as server:
        settings = settings_for(
            tmp_path, ALE_EMBEDDINGS="openai", OPENAI_BASE_URL=server.url, OPENAI_API_KEY="sk-x"
        )
        store = Store(settings)
        assert store.model == "openai:text-embedding-3-small"
        stats = store.sync_knowledge(kb)
        assert stats.embedded == 6
        assert any(r.get("model") == "text-embedding-3-small" for r in server.requests)
        assert store.search("announcement eyes rolls crew", k=1)[0].source.endswith("morale.md")
    local = Store(settings_for(tmp_path), embedder=BagOfWords("local:all-MiniLM-L6-v2"))
    with pytest.raises(IndexMismatchError, match="openai:text-embedding-3-small"):
        local.search("anything")


def test_openai_embeddings_need_a_key_or_base_url(tmp_path: Path) -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="ALE_EMBEDDINGS=openai needs OPENAI_API_KEY"):
        _ = Store(settings_for(tmp_path, ALE_EMBEDDINGS="openai")).model
