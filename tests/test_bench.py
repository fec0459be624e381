"""`ale bench`: the contract of its output (the figures themselves live in the README)."""

from __future__ import annotations

import json

import pytest

from assistant.evals.bench import percentile

from .conftest import run_ale


def test_nearest_rank_percentile() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 0.95) == 19.0
    assert percentile(values, 0.5) == 10.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 1.0) == 3.0


@pytest.mark.slow
def test_bench_prints_every_figure_and_ends_with_one_json_line(
    warm_data: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in this process: the encoder is warm, so the bench's own index build is quick
    done = run_ale("bench", "--quick", timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    for key in (
        "classify_per_s",
        "turn_p50_ms",
        "turn_p95_ms",
        "floor_ms",
        "cold_start_s",
        "first_start_s",
        "rss_mb",
        "cli_start_s",
        "install_mb",
        "peak_rss_mb",
        "help_s",
    ):
        assert isinstance(result[key], int | float) and result[key] > 0, key
    assert result["turn_p50_ms"] <= result["turn_p95_ms"]
    assert [row["chunks"] for row in result["scaling"]] == [20, 50, 100]
    for row in result["scaling"]:
        assert row["index_s"] >= 0 and row["search_p95_ms"] > 0
    assert any(line.startswith("turn ") and "x floor" in line for line in lines[:-1])
    # --json prints only that line: the same figures again, without measuring them twice
    from assistant.evals import bench

    monkeypatch.setattr(bench, "run", lambda settings, step, quick: result)
    quiet = run_ale("bench", "--quick", "--json", timeout=600)
    assert quiet.returncode == 0 and len(quiet.stdout.strip().splitlines()) == 1
    assert json.loads(quiet.stdout) == result
