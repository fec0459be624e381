"""The `ale classify` contract (DESIGN.md), run as a real process."""

from __future__ import annotations

import json

import pytest

from .conftest import run_ale

DIAGNOSIS_KEYS = {"sphere", "overlap", "confidence", "scores", "tags", "follow_up", "notice"}


def test_help_lists_the_commands() -> None:
    out = run_ale("--help")
    assert out.returncode == 0
    assert "classify" in out.stdout and "knowledge" in out.stdout


def test_help_does_not_import_torch_or_gradio() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv=['ale','--help']\n"
        "from assistant import cli\n"
        "try:\n    cli.app()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch','gradio','chromadb','transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().endswith("[]"), out.stdout


@pytest.mark.slow
def test_text_prints_a_readable_diagnosis() -> None:
    out = run_ale(
        "classify", "The warehouse and the crew blame each other for every missing cable."
    )
    assert out.returncode == 0, out.stderr
    assert "Sphere to strengthen: accountability" in out.stdout
    assert "roles" in out.stdout
    assert "blame each other" in out.stdout


@pytest.mark.slow
def test_json_prints_one_object_in_the_contract_shape() -> None:
    out = run_ale(
        "classify", "--json", "Our senior techs mock every new procedure the owners bring in."
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == DIAGNOSIS_KEYS
    assert data["sphere"] == "leadership" and data["overlap"] == "buy-in"
    assert set(data["scores"]) == {"accountability", "leadership", "execution"}
    assert data["tags"][0]["sphere"] == "leadership"
    assert set(data["tags"][0]) == {"sphere", "overlap", "score", "evidence"}
    assert data["tags"][0]["evidence"]
    assert data["confidence"] == data["scores"]["leadership"]
    assert data["notice"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Nadie en mi equipo sabe quién es responsable de los pedidos y siempre hay errores.",
        "Personne dans l'équipe ne sait qui est responsable des commandes, et on se dispute.",
        "Niemand im Team weiß, wer für die Bestellungen zuständig ist, und alle sind sauer.",
        "我们团队没有人知道谁负责订单。",
    ],
)
def test_text_in_another_language_gets_a_notice_not_a_silent_no_problem(text: str) -> None:
    out = run_ale("classify", "--json", text)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == DIAGNOSIS_KEYS
    assert data["sphere"] is None and data["tags"] == [] and data["follow_up"] is None
    assert "English" in data["notice"]
    readable = run_ale("classify", text)
    assert "English" in readable.stdout and "No ALE problem" not in readable.stdout


def test_english_with_a_few_foreign_words_is_still_read() -> None:
    out = run_ale(
        "classify",
        "--json",
        "El jefe keeps changing the menu without telling anyone why, and nobody trusts him anymore.",
    )
    data = json.loads(out.stdout)
    assert data["notice"] is None and data["sphere"] is not None


def test_jsonl_one_output_line_per_input_line_with_errors_and_ids() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Nobody knows who owns the truck pack.", "extra": 1}),
        "this is not json",
        json.dumps({"id": 7, "text": 42}),
        "",
        json.dumps({"id": "b"}),
        json.dumps(["text", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "x" * 10_001}),
        json.dumps({"text": "hello there"}),
    ]
    out = run_ale("classify", "--jsonl", "-", "--rules-only", stdin="\n".join(lines) + "\n")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(results) == len(lines)
    assert results[0]["id"] == "a" and results[0]["sphere"] == "accountability"
    assert "extra" not in results[0]
    assert results[1] == {"error": "line 2: not valid JSON (Expecting value)"}
    assert results[2] == {"id": 7, "error": "line 3: field 'text' must be a string, got number"}
    assert results[3]["error"].startswith("line 4: empty line")
    assert results[4] == {"id": "b", "error": "line 5: missing field 'text'"}
    assert results[5]["error"] == "line 6: expected a JSON object, got array"
    assert results[6]["error"] == "line 7: field 'text' is empty"
    assert "limit is 10000" in results[7]["error"]
    assert results[8]["sphere"] is None and set(results[8]) == DIAGNOSIS_KEYS


def test_jsonl_all_good_lines_exit_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t})
            for i, t in enumerate(["hi", "We forgot the lens again."])
        )
        + "\n",
        encoding="utf-8",
    )
    out = run_ale("classify", "--jsonl", str(path), "--rules-only")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == [0, 1]
    assert rows[1]["sphere"] == "execution"


def test_jsonl_handles_invalid_utf8_and_unicode_oddities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.jsonl"
    path.write_bytes(
        b'{"text": "caf\xe9 broken bytes"}\n'
        + json.dumps(
            {"text": "\u202eevil bidi \u200b and emoji \U0001f3a4 plus \ud800 lone"}
        ).encode()
        + b"\n"
    )
    out = run_ale("classify", "--jsonl", str(path), "--rules-only")
    assert "Traceback" not in out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert "sphere" in first  # undecodable bytes are replaced, the line is classified
    # a lone surrogate cannot be printed or stored as UTF-8: that line is refused, clearly
    assert second == {
        "error": "line 2: field 'text' holds a broken character (a lone surrogate, U+D800)"
    }
    assert out.returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either TEXT or --jsonl"),
        (("some text", "--jsonl", "-"), "give either TEXT or --jsonl"),
        (("--jsonl", "/no/such/file.jsonl"), "no such file: /no/such/file.jsonl"),
        (("   ",), "TEXT is empty"),
        (("--json", "--jsonl", "-"), "cannot be combined"),
    ],
)
def test_usage_errors_are_clean(args: tuple[str, ...], message: str) -> None:
    out = run_ale("classify", *args, "--rules-only", stdin="")
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_environment_is_a_clean_error() -> None:
    out = run_ale("classify", "hello", env={"ALE_CLASSIFIER": "magic"})
    assert out.returncode == 2
    assert "ALE_CLASSIFIER='magic' is not valid" in out.stderr
    assert "Traceback" not in out.stderr


def test_broken_knowledge_is_a_clean_error_naming_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = run_ale("classify", "hello", "--rules-only", env={"ALE_KNOWLEDGE_DIR": str(tmp_path)})
    assert out.returncode == 2
    assert "cues.yaml" in out.stderr and "is missing" in out.stderr
    assert "Traceback" not in out.stderr


def test_knowledge_check_reports_counts() -> None:
    out = run_ale("knowledge", "check")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK: ")
    assert "intervention" in out.stdout and "exemplars" in out.stdout
