"""`ale bench`: how fast the coach is, measured the same way every time.

Everything runs in a fresh temporary data dir (the knowledge index is built there
first), on the shipped evaluation texts, so two runs on one machine are comparable:

- classify_per_s: warm classifier, one message at a time (306 held-out descriptions);
- floor_ms: median of one query embedding plus one vector search (no ALE logic at all),
  over 300 problem descriptions;
- turn_p50_ms / turn_p95_ms: warm offline coaching turns (every turn of the scripted
  conversations, then 296 openers of new sessions), including classification,
  retrieval and the SQLite session write;
- scaling: synthetic 384-d vectors in Chroma at growing sizes, build time and search p95;
- cold_start_s: a fresh `ale chat --jsonl` process until its first answered turn;
- first_start_s: the same with an empty data dir (the knowledge index is built first);
- rss_mb: the peak resident memory of that chat process;
- help_s: a fresh `ale --help` (no heavy library is imported for it);
- cli_start_s: a fresh model-free command (`ale checkup items --json`), median of 3;
- install_mb: the size of the installed packages (this environment's site-packages);
- peak_rss_mb: this process's peak resident memory.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.resources import checkout_dir, evals_dir

if TYPE_CHECKING:
    from assistant.coaching.coach import Coach
    from assistant.diagnosis import Classifier
    from assistant.retrieval.store import Store

Step = Callable[[str], None]
SCALING_SIZES = (1_000, 5_000, 20_000)
QUICK_SIZES = (20, 50, 100)  # --quick: checks the bench itself, not the machine
SCALING_QUERIES = 100
DIMENSIONS = 384
ADD_BATCH = 4_000


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-share * len(ordered) // 1))))
    return ordered[rank - 1]


def _texts(name: str, field: str) -> list[str]:
    from assistant.evals.suites import load_suite

    return [str(c[field]) for c in load_suite(evals_dir() / name).cases]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def bench_classifier(settings: Settings, step: Step, limit: int | None) -> tuple[Classifier, float]:
    from assistant.diagnosis import load_classifier

    step("loading the classifier")
    classifier = load_classifier(
        settings.knowledge_dir, settings.data_dir / "cache", settings.classifier
    )
    for text in _texts("classifier-tune.yaml", "text")[:10]:  # warm up
        classifier.classify(text)
    texts = _texts("classifier-holdout.yaml", "text")[:limit]
    step(f"classifying {len(texts)} messages one at a time")
    started = time.perf_counter()
    for text in texts:
        classifier.classify(text)
    return classifier, len(texts) / (time.perf_counter() - started)


def bench_floor(store: Store, step: Step, limit: int | None) -> float:
    """Median of: embed one fresh query, then one nearest-neighbour query in Chroma.

    The queries are problem descriptions no other step of the bench embeds (the first
    300 of the tuning set), so no cache helps: the same kind of text a turn starts from.
    """
    queries = _texts("classifier-tune.yaml", "text")[10:310][:limit]
    pointer = store.pointer("knowledge")
    assert pointer is not None, "the bench builds the knowledge index first"
    collection = store.client.get_collection(pointer["collection"], embedding_function=None)
    embed = store.embedder.embed
    step(f"measuring the floor over {len(queries)} queries")
    times = []
    for query in queries:
        started = time.perf_counter()
        vector = embed([query])[0]
        collection.query(query_embeddings=[list(map(float, vector))], n_results=3)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_turns(coach: Coach, step: Step, limit: int | None) -> list[float]:
    """Every turn of the scripted conversations, then 296 first turns of new sessions
    (the rest of the tuning set: texts no other step embeds); with `limit`, `limit` openers
    and a quarter as many conversations."""
    from assistant.evals.suites import load_suite

    suite = load_suite(evals_dir() / "conversations-core.yaml")
    coach.reply("Our crew keeps forgetting cables at load-in.", "bench-warm-up")
    openers = _texts("classifier-tune.yaml", "text")[310:][:limit]
    cases = suite.cases[: limit // 4] if limit else suite.cases  # --quick: a few of each
    step(f"playing {len(cases)} scripted conversations and {len(openers)} openers")
    times = []
    for number, case in enumerate(cases):
        for turn in case["turns"]:
            started = time.perf_counter()
            coach.reply(turn["user"], f"bench-{number}")
            times.append(time.perf_counter() - started)
    for number, text in enumerate(openers):
        started = time.perf_counter()
        coach.reply(text, f"bench-opener-{number}")
        times.append(time.perf_counter() - started)
    return times


def bench_scaling(
    folder: Path, step: Step, sizes: tuple[int, ...] = SCALING_SIZES
) -> list[dict[str, Any]]:
    import chromadb
    import numpy as np
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(
        path=str(folder), settings=ChromaSettings(anonymized_telemetry=False)
    )
    rng = np.random.default_rng(7)
    rows = []
    for size in sizes:
        step(f"scaling: {size:,} synthetic passages")
        vectors = rng.standard_normal((size, DIMENSIONS)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        collection = client.create_collection(
            f"bench-{size}", embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        started = time.perf_counter()
        for start in range(0, size, ADD_BATCH):
            part = vectors[start : start + ADD_BATCH]
            collection.add(
                ids=[f"p{start + i}" for i in range(len(part))],
                embeddings=part.tolist(),
                metadatas=[
                    {"sphere": ("accountability", "leadership", "execution")[i % 3]}
                    for i in range(len(part))
                ],
            )
        index_s = time.perf_counter() - started
        probes = rng.standard_normal((SCALING_QUERIES, DIMENSIONS)).astype(np.float32)
        times = []
        for probe in probes:
            began = time.perf_counter()
            collection.query(query_embeddings=[probe.tolist()], n_results=10)
            times.append(time.perf_counter() - began)
        rows.append(
            {
                "chunks": size,
                "index_s": round(index_s, 2),
                "search_p50_ms": _ms(statistics.median(times)),
                "search_p95_ms": _ms(percentile(times, 0.95)),
            }
        )
    return rows


def bench_cold_start(
    settings: Settings, step: Step, label: str = "cold start"
) -> tuple[float, float]:
    """Wall time of a new `ale chat --jsonl` process, from spawn to the first answered
    turn on its stdout, and the process's peak resident memory in MB."""
    step(f"{label}: a fresh `ale chat --jsonl` process")
    env = {**os.environ, "ALE_DATA_DIR": str(settings.data_dir), "ALE_LLM": "off"}
    for name in ("ALE_DATABASE_URL", "ALE_CHROMA_URL"):  # the bench measures its own folder
        env.pop(name, None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "chat", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=checkout_dir() or Path.cwd(),
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("Every crew chief packs the truck his own way and we forget cables.\n")
    process.stdin.flush()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    peak = _peak_rss_mb(process.pid)  # read while it still runs (it has answered)
    process.stdin.close()
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped above
    if '"reply"' not in line:
        raise RuntimeError(f"the {label} process did not answer: {line[:200]!r}")
    # the child's ru_maxrss counts the bench's own memory copied at fork time, so the
    # kernel's high-water mark of the chat process itself is used where there is one
    return elapsed, peak if peak is not None else usage.ru_maxrss / 1024


def _peak_rss_mb(pid: int) -> float | None:
    """A running process's peak resident memory (VmHWM) in MB, where /proc has it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def bench_cli(step: Step) -> float:
    """Median wall time of a model-free command in a fresh process (3 runs)."""
    step("timing `ale checkup items --json` (no model)")
    return _median_run(["checkup", "items", "--json"])


def install_size_mb() -> float:
    """Bytes under this environment's site-packages, in MB (what an install adds)."""
    import site

    total = 0
    for folder in {Path(p) for p in site.getsitepackages()}:
        for path in folder.rglob("*"):
            try:
                if path.is_file() and not path.is_symlink():
                    total += path.stat().st_size
            except OSError:
                continue
    return total / 1_000_000


def bench_help(step: Step) -> float:
    """Median wall time of `ale --help` in a fresh process (3 runs)."""
    step("timing `ale --help`")
    return _median_run(["--help"])


def _median_run(args: list[str], runs: int = 3) -> float:
    """Median wall time of `ale ARGS` in a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args],
            capture_output=True,
            check=True,
            cwd=checkout_dir() or Path.cwd(),
            timeout=60,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(settings: Settings, step: Step | None = None, quick: bool = False) -> dict[str, Any]:
    """All figures; `quick` uses a few texts and small indexes (to test the bench itself)."""
    from assistant.retrieval.interventions import KnowledgeRetriever
    from assistant.retrieval.store import Store
    from assistant.storage import open_sessions
    from assistant.wiring import assemble_coach

    say: Step = step or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="ale-bench-") as tmp:
        local = replace(
            settings, data_dir=Path(tmp) / "data", llm="off", chroma_url=None, database_url=None
        )
        say("building the knowledge index")
        started = time.perf_counter()
        store = Store(local)
        stats = store.sync_knowledge(local.knowledge_dir)
        knowledge_index_s = time.perf_counter() - started
        limit = 20 if quick else None
        classifier, classify_per_s = bench_classifier(local, say, limit)
        floor = bench_floor(store, say, limit)
        sessions = open_sessions(local)
        retriever = KnowledgeRetriever(store, local.knowledge_dir)
        coach = assemble_coach(local, classifier, retriever, sessions)
        turns = bench_turns(coach, say, limit)
        sessions.close()
        scaling = bench_scaling(Path(tmp) / "scaling", say, QUICK_SIZES if quick else SCALING_SIZES)
        cold, _rss = bench_cold_start(local, say)
        fresh = replace(local, data_dir=Path(tmp) / "fresh")
        first, rss = bench_cold_start(fresh, say, "first start")
    help_s = bench_help(say)
    cli_s = bench_cli(say)
    say("measuring the install")
    install = install_size_mb()
    return {
        "classify_per_s": round(classify_per_s, 1),
        "turn_p50_ms": _ms(statistics.median(turns)),
        "turn_p95_ms": _ms(percentile(turns, 0.95)),
        "turns": len(turns),
        "floor_ms": _ms(floor),
        "scaling": scaling,
        "cold_start_s": round(cold, 2),
        "first_start_s": round(first, 2),
        "rss_mb": round(rss, 1),
        "help_s": round(help_s, 2),
        "cli_start_s": round(cli_s, 2),
        "install_mb": round(install, 1),
        "knowledge_index_s": round(knowledge_index_s, 2),
        "knowledge_chunks": stats.chunks,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "quick": quick,
    }


def summary(result: dict[str, Any]) -> list[str]:
    lines = [
        f"classifier      {result['classify_per_s']} messages/s (warm, one at a time)",
        f"floor           {result['floor_ms']} ms (one query embedding + one vector search, median)",
        f"turn            p50 {result['turn_p50_ms']} ms, p95 {result['turn_p95_ms']} ms "
        f"over {result['turns']} offline turns "
        f"(p95 = {result['turn_p95_ms'] / max(result['floor_ms'], 1e-9):.2f} x floor)",
    ]
    smallest = result["scaling"][0]["search_p95_ms"]
    for row in result["scaling"]:
        lines.append(
            f"index {row['chunks']:>6,}    built in {row['index_s']} s, search p95 "
            f"{row['search_p95_ms']} ms ({row['search_p95_ms'] / max(smallest, 1e-9):.2f} x smallest)"
        )
    lines += [
        f"cold start      {result['cold_start_s']} s to the first answered turn",
        f"first start     {result['first_start_s']} s with an empty data dir (index included)",
        f"chat process    {result['rss_mb']} MB peak memory",
        f"ale --help      {result['help_s']} s",
        f"model-free CLI  {result['cli_start_s']} s (ale checkup items)",
        f"install         {result['install_mb']} MB of installed packages",
        f"knowledge index {result['knowledge_chunks']} passages built in {result['knowledge_index_s']} s",
        f"peak memory     {result['peak_rss_mb']} MB",
    ]
    return lines


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False)
