"""The ``static`` embedding backend: a Model2Vec static model distilled from the packaged weights.

Distillation (``model2vec.distill``) runs every vocabulary token through all-MiniLM-L6-v2 once,
reduces the token vectors with PCA to :data:`STATIC_DIM` dimensions and weights them by token
frequency (SIF); a text's vector is then the mean of its tokens' vectors, with no transformer at
run time, so embedding costs a table lookup per token instead of about 6 GFLOP per abstract.
The distilled model is made locally on first use (no hub; about two CPU-minutes) and kept under
the cache directory keyed by the weights and the model2vec version; later loads read it back.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

STATIC_DIM = 256  # PCA dimensions of the distilled token vectors


def static_fingerprint(model_path: Path, dim: int = STATIC_DIM) -> str:
    """A short hash naming the weights, the output dimension and the model2vec version."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"static\0{dim}\0{version('model2vec')}".encode())
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        stat = (model_path / name).stat()
        digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def distill_static(model_path: Path, cache_dir: Path, dim: int = STATIC_DIM) -> Path:
    """The distilled model's directory under ``cache_dir``, distilled unless already there."""
    target = cache_dir / f"{model_path.name}-static{dim}-{static_fingerprint(model_path, dim)}"
    if (target / "model.safetensors").exists():
        return target
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill

    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as work:
        model = distill(model_name=str(model_path), pca_dims=dim, device="cpu")
        staged = Path(work) / "model"
        model.save_pretrained(str(staged))
        if target.exists():  # a half-copied directory from an interrupted run
            shutil.rmtree(target)
        os.replace(staged, target)  # atomic: a crash never leaves a half-written model
    return target


class StaticEncoder:
    """L2-normalised mean token vectors from a distilled static model."""

    def __init__(self, model_dir: Path) -> None:
        from model2vec import StaticModel

        self.model: Any = StaticModel.from_pretrained(str(model_dir))
        self.dimension = int(self.model.dim)

    def encode(self, texts: Sequence[str], batch_size: int, max_seq_length: int) -> np.ndarray:
        """One row per text, truncated to ``max_seq_length`` tokens like the transformer."""
        vectors = self.model.encode(
            list(texts), max_length=max_seq_length, batch_size=max(batch_size, 1024),
            show_progress_bar=False, use_multiprocessing=False,
        )
        vectors = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
