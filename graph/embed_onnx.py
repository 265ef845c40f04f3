"""ONNX backends for the paper embedder, on CPU: ONNX Runtime (fp32, int8) and OpenVINO.

The ONNX file is made locally from the packaged all-MiniLM-L6-v2 weights on first use (export
with torch; for ONNX Runtime, fuse attention/GELU/LayerNorm with its transformer optimizer, and
for ``onnx-int8`` quantise the linear layers' weights to int8 per channel, with activations
quantised per batch at run time; OpenVINO reads the plain export and runs it in bf16 where the
CPU has bf16 instructions), then kept on disk keyed by model, backend and library versions, so
later loads skip the export. Pooling and normalisation match sentence-transformers: mean over
the real tokens, then L2.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ONNX_BACKENDS = ("onnx", "onnx-int8", "openvino")
Runner = Callable[[dict[str, np.ndarray]], np.ndarray]  # model inputs -> last hidden state
OPSET = 17


def model_fingerprint(model_path: Path, backend: str) -> str:
    """A short hash naming the weights, the backend and the versions that shape the file."""
    from importlib.metadata import version

    runtime = "openvino" if backend == "openvino" else "onnxruntime"
    versions = f"{backend}\0{version(runtime)}\0{version('torch')}"
    digest = hashlib.sha256(versions.encode())
    for name in ("config.json", "model.safetensors"):
        stat = (model_path / name).stat()
        digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _export_fp32(model_path: Path, target: Path) -> None:
    """Trace the transformer (eager attention, so ONNX Runtime can fuse it) to ``target``."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()
    sample = tokenizer(
        ["a short text", "a somewhat longer text to trace"], padding=True, return_tensors="pt"
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "sequence"} for name in [*names, "last_hidden_state"]}
    # the tracer warns about shape checks that are constant for an encoder (no KV cache)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHiddenState(model),
            tuple(sample[name] for name in names),
            str(target),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _optimize(source: Path, target: Path, config: dict[str, Any]) -> None:
    """Fuse attention into MultiHeadAttention (its Q/K/V projections stay plain MatMuls)."""
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    options = FusionOptions("bert")
    options.use_multi_head_attention = True
    model = optimizer.optimize_model(
        str(source),
        model_type="bert",
        num_heads=config["num_attention_heads"],
        hidden_size=config["hidden_size"],
        opt_level=1,
        optimization_options=options,
    )
    model.save_model_to_file(str(target))


def _quantize(source: Path, target: Path) -> None:
    """int8 weights per output channel for every MatMul; activations quantised at run time."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        extra_options={"DefaultTensorType": TensorProto.FLOAT},
    )


def export_onnx(model_path: Path, backend: str, export_dir: Path) -> Path:
    """The ONNX file for ``backend``, made from the local weights unless already on disk."""
    import json

    if backend not in ONNX_BACKENDS:
        raise ValueError(f"unknown ONNX backend {backend!r}; expected one of {ONNX_BACKENDS}")
    fingerprint = model_fingerprint(model_path, backend)
    target = export_dir / f"{model_path.name}-{backend}-{fingerprint}.onnx"
    if target.exists():
        return target
    export_dir.mkdir(parents=True, exist_ok=True)
    config = json.loads((model_path / "config.json").read_text())
    with tempfile.TemporaryDirectory(dir=export_dir) as work:
        raw, fused = Path(work) / "raw.onnx", Path(work) / "fused.onnx"
        _export_fp32(model_path, raw)
        final = raw  # OpenVINO fuses on its own and knows no ONNX Runtime fused operators
        if backend != "openvino":
            _optimize(raw, fused, config)
            final = fused
        if backend == "onnx-int8":
            final = Path(work) / "int8.onnx"
            _quantize(fused, final)
        os.replace(final, target)  # atomic: a crash never leaves a half-written model
    return target


def onnxruntime_runner(onnx_path: Path, threads: int) -> Runner:
    """Run the model with ONNX Runtime's CPU provider."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # idle worker threads sleep instead of spinning: the machine is shared with the
    # spaCy and Neo4j stages, and spinning burns their CPU for no gain here
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}

    def run(feeds: dict[str, np.ndarray]) -> np.ndarray:
        return session.run(None, {k: v for k, v in feeds.items() if k in names})[0]

    return run


def openvino_runner(onnx_path: Path, threads: int) -> Runner:
    """Run the model with OpenVINO on CPU, in bf16 where the CPU has bf16 instructions."""
    import openvino

    core = openvino.Core()
    bf16 = "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    compiled = core.compile_model(
        core.read_model(str(onnx_path)),
        "CPU",
        {
            "INFERENCE_NUM_THREADS": threads,
            "INFERENCE_PRECISION_HINT": "bf16" if bf16 else "f32",
            "PERFORMANCE_HINT": "LATENCY",
        },
    )
    names = {i.get_any_name() for i in compiled.inputs}
    request = compiled.create_infer_request()

    def run(feeds: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(request.infer({k: v for k, v in feeds.items() if k in names})[0])

    return run


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence vectors from an exported transformer on CPU."""

    def __init__(
        self, onnx_path: Path, model_path: Path, backend: str, num_threads: int | None = None
    ) -> None:
        from tokenizers import Tokenizer

        threads = num_threads or os.cpu_count() or 1
        make = openvino_runner if backend == "openvino" else onnxruntime_runner
        self.run = make(onnx_path, threads)
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.no_padding()  # the packaged file pads to 128; batches pad themselves

    def encode(self, texts: Sequence[str], batch_size: int, max_seq_length: int) -> np.ndarray:
        """One row per text; texts are sorted by length so each batch pads little."""
        self.tokenizer.enable_truncation(max_seq_length)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                ids[r, : len(encodings[i].ids)] = encodings[i].ids
                mask[r, : len(encodings[i].ids)] = 1
            hidden = self.run(
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            if out is None:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        assert out is not None
        return out
