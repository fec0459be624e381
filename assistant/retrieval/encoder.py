"""all-MiniLM-L6-v2 in plain numpy: the same sentence vectors without torch.

The bundled model is a 6-layer BERT encoder (hidden size 384, 12 attention heads, GELU
feed-forward of 1536) followed by mean pooling and L2 normalisation. Its weights are read
from the package's `model.safetensors` (memory-mapped, no torch) and its WordPiece
tokenizer from `tokenizer.json` (the `tokenizers` library), so loading takes well under
a second where importing torch and transformers took several.

Several texts share a pass: their rows are stacked, each text starting at a multiple of
TILE rows and padded to one. OpenBLAS computes a product in fixed tiles of rows, and a
row's result depends only on its own values and its place in a tile, so each text comes
out bit for bit as it does alone, whatever shares the pass (a probe checks this on first
use; where it fails, each text gets its own pass). Attention and pooling see only a
text's own rows. The BLAS library runs on one thread, so the order of every sum is fixed;
a pass of several texts splits its products over two cores at a text boundary.

Against the torch implementation the vectors agree to a cosine above 0.99999 (a test
measures it on the evaluation texts when torch is installed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
TILE = 12  # rows: a text's rows start at, and are padded to, a multiple of this
MAX_ROWS = 528  # rows in one pass (two of the longest texts)
LANES = min(2, os.cpu_count() or 1)  # threads a pass uses
SPLIT_ROWS = 96  # a pass this tall splits at a tile boundary (see _layout)
_SQRT_HALF = np.float32(0.7071067811865476)


_ERF = tuple(
    np.float32(c)
    for c in (0.3275911, 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU with the exact error function, to float32 precision (Abramowitz and Stegun
    7.1.26: |error| below 1.5e-7, about one float32 step). Overwrites `x` (a fresh
    product) and works in place: the feed-forward's widest array is not copied a dozen
    times."""
    p, a1, a2, a3, a4, a5 = _ERF
    u = x * _SQRT_HALF
    z = np.abs(u)
    t = z * p
    t += np.float32(1.0)
    np.divide(np.float32(1.0), t, out=t)
    erf = t * a5
    for a in (a4, a3, a2, a1):
        erf += a
        erf *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erf *= z
    np.subtract(np.float32(1.0), erf, out=erf)
    np.copysign(erf, u, out=erf)
    erf += np.float32(1.0)
    x *= np.float32(0.5)
    x *= erf
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    result: np.ndarray = centred / np.sqrt(variance + np.float32(eps)) * weight + bias
    return result


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


class MiniLM:
    """The encoder: `encode(text)` gives one normalised 384-float vector."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        weights = load_file(str(folder / "model.safetensors"))
        self.w: dict[str, np.ndarray] = {
            k: np.ascontiguousarray(v, dtype=np.float32)
            for k, v in weights.items()
            if v.dtype.kind == "f"
        }
        # each projection is kept transposed once, so a layer is x @ W + b; the query, key
        # and value projections are one matrix (one product instead of three)
        for name in list(self.w):
            if name.endswith(".weight") and self.w[name].ndim == 2 and "embeddings" not in name:
                self.w[name] = np.ascontiguousarray(self.w[name].T)
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}.attention.self."
            parts = ("query", "key", "value")
            self.w[p + "qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self.w.pop(p + f"{part}.weight") for part in parts], axis=1)
            )
            self.w[p + "qkv.bias"] = np.concatenate(
                [self.w.pop(p + f"{part}.bias") for part in parts]
            )
        from threadpoolctl import ThreadpoolController

        self._threads = ThreadpoolController()
        self.tokenizer: Any = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._batching: bool | None = None  # decided on first use
        self._executor: ThreadPoolExecutor | None = None

    def tokens(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text).ids)

    def encode(self, text: str) -> np.ndarray:
        """One text's vector (the same bits as in any batch)."""
        vector: np.ndarray = self.encode_many([text])[0]
        return vector

    def encode_many(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`, one row each.

        Texts share a pass through the model (each weight matrix is read once for all of
        them) when this machine's BLAS keeps each row's result independent of its
        neighbours (checked once, see `_rows_independent`); otherwise each text gets its
        own pass. Either way each text gets the same bits as alone."""
        ids = [np.asarray(self.tokens(text), dtype=np.int64) for text in texts]
        out = np.zeros((len(ids), self.hidden), dtype=np.float32)
        with self._threads.limit(limits=1, user_api="blas"):
            if self._batching is None:
                self._batching = self._rows_independent()
            for group in self._passes([len(i) for i in ids]):
                out[group] = self._forward([ids[i] for i in group])
        return out

    def _passes(self, lengths: list[int]) -> list[list[int]]:
        """Texts in call order, cut into passes of at most MAX_ROWS rows (one text a pass
        when batching is off)."""
        passes: list[list[int]] = []
        used = MAX_ROWS
        for index, length in enumerate(lengths):
            size = _padded(length)
            if not self._batching or used + size > MAX_ROWS:
                passes.append([])
                used = 0
            passes[-1].append(index)
            used += size
        return passes

    def _layout(self, lengths: list[int]) -> tuple[list[int], list[tuple[int, int]]]:
        """Where each text's rows start in a pass, and the pass's row ranges, whose
        products run at once on a machine with two cores and read the same weights:
        - a pass of SPLIT_ROWS rows or more splits at the tile boundary nearest its middle
          (a split at a tile boundary keeps every row's bits);
        - a smaller pass of several texts splits between texts, about as many rows each
          (longest text first into the lighter half);
        - a smaller single text is one range: it costs what it always did;
        - where the probe found rows not independent (`_batching` off), one range."""
        sizes = [_padded(n) for n in lengths]
        total = sum(sizes)
        in_order = [int(v) for v in np.cumsum([0, *sizes[:-1]])]
        if LANES < 2 or not self._batching or (len(lengths) < 2 and total < SPLIT_ROWS):
            # (a split is safe only where the probe found rows independent of their tile)
            return in_order, [(0, total)]
        if total >= SPLIT_ROWS:
            middle = round(total / 2 / TILE) * TILE
            return in_order, [(0, middle), (middle, total)]
        bins: tuple[list[int], list[int]] = ([], [])
        loads = [0, 0]
        for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
            lighter = 0 if loads[0] <= loads[1] else 1
            bins[lighter].append(index)
            loads[lighter] += sizes[index]
        starts = [0] * len(sizes)
        row = 0
        for index in bins[0] + bins[1]:
            starts[index] = row
            row += sizes[index]
        return starts, [(0, loads[0]), (loads[0], row)]

    def _product(
        self, x: np.ndarray, weight: np.ndarray, halves: list[tuple[int, int]]
    ) -> np.ndarray:
        out = np.empty((x.shape[0], weight.shape[1]), dtype=np.float32)
        if len(halves) == 1:
            np.matmul(x, weight, out=out)
            return out
        if self._executor is None:
            self._executor = ThreadPoolExecutor(LANES - 1, thread_name_prefix="encoder")
        (a, b), (c, d) = halves
        other = self._executor.submit(np.matmul, x[c:d], weight, out=out[c:d])
        np.matmul(x[a:b], weight, out=out[a:b])
        other.result()
        return out

    def _rows_independent(self) -> bool:
        """Whether a block of TILE rows multiplies to the same bits alone and anywhere
        (at a multiple of TILE) inside a taller matrix, for every weight shape of the
        model. OpenBLAS's kernels work in fixed row tiles, so on the machines measured
        this holds; where it does not, texts are encoded one per pass."""
        rng = np.random.default_rng(0)
        shapes = {(self.hidden, 3 * self.hidden), (self.hidden, self.hidden)}
        p = "encoder.layer.0."
        shapes |= {
            w.shape
            for w in (self.w[p + "intermediate.dense.weight"], self.w[p + "output.dense.weight"])
        }
        for rows, cols in sorted(shapes):
            weight = rng.standard_normal((rows, cols)).astype(np.float32)
            block = rng.standard_normal((TILE, rows)).astype(np.float32)
            alone = block @ weight
            for height in (2 * TILE, 5 * TILE, MAX_ROWS):
                tall = rng.standard_normal((height, rows)).astype(np.float32)
                for at in (0, height - TILE, (height // TILE // 2) * TILE):
                    tall[at : at + TILE] = block
                    if not np.array_equal((tall @ weight)[at : at + TILE], alone):
                        return False
        return True

    def _forward(self, batch: list[np.ndarray]) -> np.ndarray:
        """One pass for `batch` (token ids per text). Each text's rows start at a
        multiple of TILE and are padded to one, so a text's rows sit at the same places
        in their tiles whatever shares the pass; attention and pooling see only the
        text's own rows."""
        w = self.w
        starts, halves = self._layout([len(ids) for ids in batch])
        total = halves[-1][1]
        x = np.zeros((total, self.hidden), dtype=np.float32)
        for ids, start in zip(batch, starts, strict=True):
            n = len(ids)
            x[start : start + n] = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][:n]
                + w["embeddings.token_type_embeddings.weight"][0]
            )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        size = self.hidden // self.heads
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                out = self._product(h, w[p + name + ".weight"], halves)
                out += w[p + name + ".bias"]
                return out

            qkv = dense(x, "attention.self.qkv")
            context = np.zeros_like(x)
            for ids, start in zip(batch, starts, strict=True):
                n = len(ids)
                rows = qkv[start : start + n]
                q, k, v = (
                    np.ascontiguousarray(h.reshape(n, self.heads, size).transpose(1, 0, 2))
                    for h in np.split(rows, 3, axis=1)
                )
                attention = _softmax((q @ k.transpose(0, 2, 1)) * scale)
                context[start : start + n] = (attention @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(inner, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        vectors = np.zeros((len(batch), self.hidden), dtype=np.float32)
        for row, (ids, start) in enumerate(zip(batch, starts, strict=True)):
            pooled = np.ascontiguousarray(x[start : start + len(ids)]).mean(axis=0)
            norm = float(np.linalg.norm(pooled)) or 1.0
            vectors[row] = pooled / np.float32(norm)
        return vectors


def _padded(length: int) -> int:
    return -(-max(length, 1) // TILE) * TILE
