"""ALE Coach: an explainable coach for Tom Stimson's ALE model.

The public surface is small on purpose: the ALE vocabulary (`assistant.model.vocabulary`), the
classifier (`assistant.diagnosis.classifier`), the knowledge base (`assistant.retrieval.knowledge`) and the
settings (`assistant.config`). Heavy dependencies (torch, chromadb, gradio) are only
imported by the modules that need them, when they need them.
"""

import os

# The same bits on every x86-64 machine. numpy's wheels pick their kernels by CPU at load
# time: OpenBLAS's matrix products and numpy's own exp, sums and dot products take other
# code paths (and round differently in the last bit) on an AVX-512 CPU than on an AVX2 one.
# The shipped sentence vectors and trained weights are the bits of the AVX2 paths, so a
# machine with AVX-512 would train them all again at first start, and one text could get
# a diagnosis a hair apart on two machines. Both choices are read once, when numpy loads,
# so they are set before anything imports it; a value already in the environment wins.
# (On a CPU without AVX-512 nothing changes; the AVX2 paths run as fast on the encoder's
# products here, within noise.)
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "X86_V4 AVX512_ICL AVX512_SPR")

__version__ = "0.1.0"
