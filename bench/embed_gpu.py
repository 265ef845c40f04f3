"""Embedding throughput on a CUDA GPU: all-MiniLM-L6-v2 through the torch backend.

    python bench/embed_gpu.py [--runs 5] [--repeat 8] [--model DIR] [--no-write]

On CUDA the embedder's ``auto`` backend is torch (``graph.embeddings.resolve_backend``).
This times ``Embedder(device="cuda", backend="torch")`` on the bundled seed abstracts
(repeated ``--repeat`` times, so one run is thousands of texts) at fp32 and, for scale, with
the model cast to fp16, over several batch sizes; quality is the lowest cosine of each
variant's vectors to the fp32 batch-32 ones. ``--model`` points at another copy of the
weights (default: the packaged ones). Writes the ``bench:embed-gpu`` section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from graph.embeddings import Embedder  # noqa: E402

VARIANTS = [("fp32", 32), ("fp32", 128), ("fp32", 512), ("fp16", 128), ("fp16", 512)]


def abstracts() -> list[str]:
    """The bundled seed corpus's abstracts (``data/seeds.jsonl``)."""
    lines = (REPO / "data" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["abstract"] for line in lines if line.strip()]


def measure(texts: list[str], model: Path | None, runs: int) -> list[tuple[str, float, np.ndarray]]:
    """(label, texts per second, vectors of the first 256 texts) per variant."""
    import torch

    out = []
    for precision, batch in VARIANTS:
        embedder = Embedder(model_path=model, device="cuda", backend="torch", batch_size=batch)
        encoder = embedder._load()
        encoder.to(torch.float16 if precision == "fp16" else torch.float32)
        embedder.embed(texts[:batch])  # warm-up: kernels, allocator
        rates = []
        for _ in range(runs):
            torch.cuda.synchronize()
            clock = time.perf_counter()
            embedder.embed(texts)
            torch.cuda.synchronize()
            rates.append(len(texts) / (time.perf_counter() - clock))
        out.append(
            (
                f"torch {precision}, seq 256, batch {batch}",
                statistics.median(rates),
                embedder.embed(texts[:256]).astype(np.float32),
            )
        )
    return out


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=8)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--note", default="", help="a sentence added to the section's header")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit(
            "no CUDA device: this benchmark measures the GPU path (bench/graph.py "
            "--embeddings-only measures the CPU backends)"
        )
    texts = abstracts() * args.repeat
    results = measure(texts, args.model, args.runs)
    reference = results[0][2]
    props = torch.cuda.get_device_properties(0)
    lines = [
        "## Embedding throughput on a GPU",
        "",
        f"`python bench/embed_gpu.py --runs {args.runs} --repeat {args.repeat}` — "
        f"{props.name}, torch {torch.__version__}; {datetime.date.today()}; "
        f"{len(texts):,} texts per run (the {len(texts) // args.repeat} seed abstracts "
        f"× {args.repeat}), median of {args.runs} runs after a warm-up, no cache. "
        "Quality: lowest cosine of a variant's vector to the fp32 batch-32 one (256 texts). "
        + args.note,
        "",
        "| settings | abstracts/s | min cosine to fp32 |",
        "|---|---|---|",
    ]
    for label, rate, vectors in results:
        cosine = float(np.min(np.sum(vectors * reference, axis=1)))
        lines.append(f"| {label} | {rate:,.0f} | {cosine:.4f} |")
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        benchmarks_md.write_section("embed-gpu", section)


if __name__ == "__main__":
    main()
