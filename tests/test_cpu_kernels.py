"""The package pins numpy's CPU kernels so a text gets the same bits on any x86-64 machine
(the shipped vectors and weights are the AVX2 paths' bits)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = (
    "import json, os, assistant, numpy\n"
    "from numpy._core._multiarray_umath import __cpu_features__ as f\n"
    "print(json.dumps({'coretype': os.environ.get('OPENBLAS_CORETYPE'),"
    " 'avx512': f.get('X86_V4', False) or f.get('AVX512_SPR', False)}))\n"
)


def _probe(**env: str) -> dict[str, object]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_importing_the_package_first_keeps_numpy_off_its_avx512_paths() -> None:
    seen = _probe()
    assert seen == {"coretype": "Haswell", "avx512": False}


def test_a_kernel_choice_already_in_the_environment_wins() -> None:
    assert _probe(OPENBLAS_CORETYPE="Sandybridge")["coretype"] == "Sandybridge"


def test_the_test_session_imported_the_package_before_numpy() -> None:
    from numpy._core._multiarray_umath import __cpu_features__

    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"
    assert not __cpu_features__.get("X86_V4", False)
