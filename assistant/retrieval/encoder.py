"""all-MiniLM-L6-v2 in plain numpy: the same sentence vectors without torch.

The bundled model is a 6-layer BERT encoder (hidden size 384, 12 attention heads, GELU
feed-forward of 1536) followed by mean pooling and L2 normalisation. Its weights are read
from the package's `model.safetensors` (memory-mapped, no torch) and its WordPiece
tokenizer from `tokenizer.json` (the `tokenizers` library), so loading takes well under
a second where importing torch and transformers took several.

Each text is encoded on its own, at its own length: no padding, so nothing about a text's
vector depends on which other texts share a call. The BLAS library runs on one thread
while encoding: with a fixed thread count the order of every floating-point sum is fixed,
so the same text gives the same bits in any process, any batch and under any load, and
on a busy 2-core machine one thread is also the fastest.

Against the torch implementation the vectors agree to a cosine above 0.99999 (a test
measures it on the evaluation texts when torch is installed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_SQRT_HALF = np.float32(0.7071067811865476)


_ERF = tuple(
    np.float32(c)
    for c in (0.3275911, 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function to float32 precision (Abramowitz and Stegun 7.1.26: |error|
    below 1.5e-7, about one float32 step)."""
    p, a1, a2, a3, a4, a5 = _ERF
    z = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + p * z)
    poly = t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))))
    y = np.float32(1.0) - poly * np.exp(-z * z)
    result: np.ndarray = np.copysign(y, x)
    return result


def _gelu(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = 0.5 * x * (1.0 + _erf(x * _SQRT_HALF))
    return result


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

    def tokens(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text).ids)

    def encode(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokens(text), dtype=np.int64)
        with self._threads.limit(limits=1, user_api="blas"):
            return self._forward(ids)

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        w, n = self.w, len(ids)
        x = (
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
                out: np.ndarray = h @ w[p + name + ".weight"] + w[p + name + ".bias"]
                return out

            def split(h: np.ndarray) -> np.ndarray:
                return h.reshape(n, self.heads, size).transpose(1, 0, 2)

            q, k, v = (split(h) for h in np.split(dense(x, "attention.self.qkv"), 3, axis=1))
            attention = _softmax((q @ k.transpose(0, 2, 1)) * scale)
            context = (attention @ v).transpose(1, 0, 2).reshape(n, self.hidden)
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
        pooled = x.mean(axis=0)
        norm = float(np.linalg.norm(pooled)) or 1.0
        vector: np.ndarray = (pooled / np.float32(norm)).astype(np.float32)
        return vector
