"""The `ale` command line: a thin edge over the package.

Commands import what they need when they run, so `ale --help` stays fast. Domain errors
(`AleError`) become one clean line on stderr; nothing prints a traceback. Each group of
commands is a module of its own (classify, search and index, chat and export, eval);
importing them here registers them on the one `app`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli import chat as _chat  # noqa: F401  (registers chat, export)
from assistant.cli import checkup as _checkup  # noqa: F401  (registers checkup, pulse)
from assistant.cli import classify as _classify  # noqa: F401  (registers classify)
from assistant.cli import cluster as _cluster  # noqa: F401  (registers cluster up)
from assistant.cli import llm as _llm  # noqa: F401  (registers llm serve)
from assistant.cli import plan as _plan  # noqa: F401  (registers plan)
from assistant.cli import search as _search  # noqa: F401  (registers search, index)
from assistant.cli.app import app, fail, knowledge_app, settings
from assistant.errors import AleError

__all__ = ["app", "main"]


@app.command()
def bench(
    json_only: Annotated[
        bool, typer.Option("--json", help="Print only the JSON line (no readable summary).")
    ] = False,
    quick: Annotated[
        bool,
        typer.Option("--quick", help="A few texts and small indexes: checks the bench, not speed."),
    ] = False,
    cluster: Annotated[
        bool,
        typer.Option(
            "--cluster",
            help="Load instead: concurrent conversations through /chat, one instance on SQLite "
            "and then two on PostgreSQL and a Chroma server (needs PostgreSQL installed).",
        ),
    ] = False,
    conversations: Annotated[
        int, typer.Option("--conversations", min=1, max=200, help="With --cluster: at once.")
    ] = 20,
    seconds: Annotated[
        float, typer.Option("--seconds", min=1, max=3600, help="With --cluster: per setup.")
    ] = 60.0,
) -> None:
    """Measure speed in a fresh temporary data dir; the last line printed is one JSON object.

    Fields: classify_per_s, turn_p50_ms, turn_p95_ms, floor_ms (one query embedding plus
    one vector search), scaling (chunks, index_s, search_p95_ms), cold_start_s, peak_rss_mb.
    Takes about two minutes. With --cluster: turns, turns_per_s, p50_ms, p95_ms, errors and
    lost turns for each setup (about three minutes with the defaults).
    """
    from assistant.evals import bench as benchmark

    def step(message: str) -> None:
        if not json_only:
            typer.echo(f"… {message}", err=True)

    if cluster:
        import json

        from assistant.evals import load

        results = load.run_cluster(conversations, seconds, step)
        if not json_only:
            for line in load.table(results):
                typer.echo(line)
        typer.echo(json.dumps({"cluster": [r.to_dict() for r in results]}))
        if any(r.errors or r.lost for r in results):
            raise typer.Exit(1)
        return

    result = benchmark.run(settings(), step, quick)
    if not json_only:
        for line in benchmark.summary(result):
            typer.echo(line)
    typer.echo(benchmark.to_json(result))


@knowledge_app.command("check")
def knowledge_check() -> None:
    """Validate every file in the knowledge base (front matter, sections, classifier data)."""
    from assistant.diagnosis.cues import load_cues, load_exemplars
    from assistant.retrieval.knowledge import load_knowledge

    config = settings()
    kb = load_knowledge(config.knowledge_dir)
    cues = load_cues(config.knowledge_dir)
    exemplars = load_exemplars(config.knowledge_dir)
    kinds: dict[str, int] = {}
    for doc in kb.documents:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    cue_count = sum(len(c) for c in cues.symptoms.values()) + sum(
        len(c) for c in cues.healthy.values()
    )
    typer.echo(f"OK: {len(kb.documents)} knowledge files ({summary})")
    typer.echo(f"OK: {cue_count} cues, {sum(len(v) for v in exemplars.values())} exemplars")


@knowledge_app.command("train")
def knowledge_train() -> None:
    """Train the exemplar model on knowledge/classifier/exemplars.yaml, the whole-text
    model on texts.jsonl, and the opener, speaker and news models on
    knowledge/coach/openers.jsonl, speakers.jsonl and news.jsonl, and write the weights the
    package ships (exemplar-model.npz, text-model.npz, openers.npz, speakers.npz, news.npz
    beside them). Run it after changing those texts; otherwise each new data dir trains
    them on first use."""
    from assistant.coaching import news, openers, speakers
    from assistant.diagnosis import loading, text_model, trained
    from assistant.diagnosis.cues import load_exemplars
    from assistant.diagnosis.exemplar_model import SoftmaxModel
    from assistant.retrieval.embeddings import local_embedder

    config = settings()
    pairs = text_model.load_texts(config.knowledge_dir)
    if not pairs:
        fail(f"no labelled texts in {config.knowledge_dir / text_model.TEXTS_FILE}")
    embedder = local_embedder()

    def write(file: str, model: SoftmaxModel, key: str, what: str) -> None:
        target = config.knowledge_dir / file
        trained.save(target, model, key)
        typer.echo(f"Trained on {what}; wrote {target} (digest {key})")

    exemplars = load_exemplars(config.knowledge_dir)
    vectors = loading.exemplar_vectors(exemplars, embedder, None)
    write(
        loading.EXEMPLAR_MODEL_FILE,
        loading.train_exemplar_model(exemplars, vectors),
        loading.exemplar_digest(exemplars, vectors),
        f"{len(vectors)} exemplars",
    )
    write(
        text_model.MODEL_FILE,
        text_model.train(pairs, embedder),
        text_model.digest(pairs, embedder),
        f"{len(pairs)} texts",
    )
    opening = openers.load_openers(config.knowledge_dir)
    if opening:
        write(
            openers.MODEL_FILE,
            openers.train(opening, embedder),
            openers.digest(opening, embedder),
            f"{len(opening)} openers",
        )
    told = speakers.load_speakers(config.knowledge_dir)
    if told:
        write(
            speakers.MODEL_FILE,
            speakers.train(told, embedder),
            speakers.digest(told, embedder),
            f"{len(told)} speaker sentences",
        )
    reports = news.load_news(config.knowledge_dir)
    if reports:
        write(
            news.MODEL_FILE,
            news.train(reports, embedder),
            news.digest(reports, embedder),
            f"{len(reports)} messages after a diagnosis",
        )


@knowledge_app.command("vectors")
def knowledge_vectors() -> None:
    """Embed the knowledge base's own texts (passages and classifier exemplars) and write
    knowledge/vectors.npz, which a fresh data dir builds its index from without running
    the model. Run it after changing knowledge files; a stale file only costs time."""
    from assistant.diagnosis.cues import load_exemplars
    from assistant.retrieval.chunks import knowledge_chunks
    from assistant.retrieval.embeddings import SHIPPED, LocalEmbedder, write_vectors
    from assistant.retrieval.knowledge import load_knowledge

    config = settings()
    texts = [c.embed_text for c in knowledge_chunks(load_knowledge(config.knowledge_dir).documents)]
    texts += [t for group in load_exemplars(config.knowledge_dir).values() for t in group]
    target = config.knowledge_dir / SHIPPED
    count = write_vectors(target, LocalEmbedder(), texts)  # a fresh model: no shipped seed
    typer.echo(f"Wrote {count} vectors to {target}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning errors into clean messages. `argv`
    replaces the command line (tests run commands in-process this way)."""
    try:
        app(args=argv, prog_name="ale")
    except AleError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # the edge: never a traceback
        typer.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
