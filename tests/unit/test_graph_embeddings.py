"""Embedding backends: the ONNX Runtime variants agree with sentence-transformers, vectors are
normalised, the cache never mixes backends, and the exported model is made once and reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.embed_onnx import export_onnx
from graph.embeddings import BACKENDS, Embedder, default_model_path

TEXTS = [
    "Graph neural networks for link prediction\nWe train a GNN on citation graphs and report "
    "AUC on Cora and CiteSeer.",
    "BERT",
    "Named entity recognition with conditional random fields on the CoNLL-2003 benchmark.",
    "A survey of sentence embeddings: from averaged word vectors to contrastive transformers, "
    "with results on STS-B, SICK-R and retrieval benchmarks. " * 12,  # truncated at 256 tokens
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx")


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return Embedder(backend="torch", batch_size=2).embed(TEXTS)


@pytest.mark.parametrize("backend", ["openvino", "onnx", "onnx-int8"])
def test_onnx_backends_agree_with_torch(
    backend: str, export_dir: Path, torch_vectors: np.ndarray
) -> None:
    vectors = Embedder(backend=backend, batch_size=2, export_dir=export_dir).embed(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == torch_vectors.shape
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() >= 0.99, cosines


def test_rows_follow_the_input_order_across_length_sorted_batches(export_dir: Path) -> None:
    embedder = Embedder(backend="onnx", batch_size=2, export_dir=export_dir)
    together = embedder.embed(TEXTS)
    alone = np.stack([embedder.embed([text])[0] for text in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_cache_keys_differ_by_backend(tmp_path: Path, export_dir: Path) -> None:
    concrete = [b for b in BACKENDS if b != "auto"]
    ids = {Embedder(backend=b, export_dir=export_dir).model_id for b in concrete}
    assert len(ids) == len(concrete)
    # auto is not a backend of its own: it resolves to one (openvino on a CPU), same vectors
    auto = Embedder(backend="auto", device="cpu", export_dir=export_dir)
    assert auto.backend == "openvino"
    assert auto.model_id == Embedder(backend="openvino", export_dir=export_dir).model_id
    cache = tmp_path / "vectors.sqlite"
    first = Embedder(backend="openvino", cache_path=cache, export_dir=export_dir)
    first.embed(TEXTS[:2])
    first.close()
    other = Embedder(backend="onnx", cache_path=cache, export_dir=export_dir)
    other.embed(TEXTS[:2])
    assert other.misses == 2  # the openvino vectors in the same file were not served
    again = Embedder(backend="onnx", cache_path=cache, export_dir=export_dir)
    again.embed(TEXTS[:2])
    assert again.misses == 0
    for embedder in (other, again):
        embedder.close()


def test_exported_model_is_reused(export_dir: Path) -> None:
    path = export_onnx(default_model_path(), "openvino", export_dir)
    made = path.stat().st_mtime_ns
    assert export_onnx(default_model_path(), "openvino", export_dir) == path
    assert path.stat().st_mtime_ns == made
    embedder = Embedder(backend="openvino", export_dir=export_dir)
    embedder.embed(["warm up"])
    assert path.stat().st_mtime_ns == made
    assert sorted(p.name for p in export_dir.iterdir() if "openvino" in p.name) == [path.name]


def test_export_lives_next_to_the_vector_cache(tmp_path: Path) -> None:
    embedder = Embedder(cache_path=tmp_path / "cache" / "vectors.sqlite")
    assert embedder.export_dir == tmp_path / "cache" / "onnx"
    embedder.close()


def test_unknown_backend_and_onnx_with_torch_quantisation_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown embedding backend"):
        Embedder(backend="tensorrt")
    with pytest.raises(ValueError, match="onnx-int8"):
        Embedder(backend="onnx", quantize=True)
