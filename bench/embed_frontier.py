"""The embedding frontier: speed against quality of every embedding backend, side by side.

For each candidate (torch fp32 is the reference) in one run:

- speed: abstracts per second (wall) and per CPU-second of this process on seed abstracts, and
  the ratio of CPU time per abstract to torch fp32's, measured in the same run;
- title -> abstract acc@1 among all seed papers;
- neighbour overlap@10 with torch fp32 on a fixed random sample of the real 25k corpus
  (``../shared/data/real25k``, read in place; skipped with a note where it is absent);
- CiteSeer text-cosine MRR against real citations (mean over split seeds 0, 1, 2; 1,000
  ranking negatives per link, as ``citegraph eval links --dataset citeseer``).

The CPU model and the instruction-set flags that change the numbers are printed in the header;
rows whose speed depends on them (bf16/AMX for OpenVINO, VNNI for int8) are marked. Speeds are
the median of ``--runs`` timings. The table is written to the ``bench:embed-frontier`` section of
BENCHMARKS.md (``--no-write`` only prints it).

    .venv/bin/python bench/embed_frontier.py --sample 2000 --cache-dir /tmp/frontier-cache
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the repository, ahead of bench/ (bench/graph.py is no package)
if sys.path[1:2] == [str(REPO / "bench")]:
    sys.path.pop(1)
sys.path.append(str(REPO / "bench"))  # after the repository: benchmarks_md, not bench/graph.py
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import benchmarks_md  # noqa: E402

from graph.embeddings import Embedder, paper_text  # noqa: E402

REAL25K = Path(__file__).resolve().parents[2] / "shared" / "data" / "real25k" / "papers.jsonl.gz"
CITESEER = Path(__file__).resolve().parents[2] / "shared" / "data" / "citeseer"

# label -> (Embedder arguments, which CPU flags its speed depends on)
CANDIDATES: dict[str, tuple[dict, str]] = {
    "torch fp32, seq 256 (reference)": (dict(backend="torch", batch_size=32), ""),
    "openvino, seq 256": (dict(backend="openvino", batch_size=16), "bf16/AMX"),
    "openvino, seq 128": (dict(backend="openvino", batch_size=16, max_seq_length=128), "bf16/AMX"),
    "onnx fp32 (fused), seq 256": (dict(backend="onnx", batch_size=32), ""),
    "onnx-int8 dynamic per-channel, seq 256": (dict(backend="onnx-int8", batch_size=16), "VNNI"),
    "static (model2vec, 256 d), seq 256": (dict(backend="static", batch_size=1024), ""),
    "static (model2vec, 256 d), seq 512": (
        dict(backend="static", batch_size=1024, max_seq_length=512), ""),
}


def cpu_header() -> str:
    """The CPU model and which of the speed-relevant flags it has."""
    model, flags = benchmarks_md.cpu_info()
    have = ", ".join(f"{f} {'yes' if f in flags else 'no'}" for f in benchmarks_md.SPEED_FLAGS)
    return f"CPU: {model}; {have}"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def seed_papers() -> list:
    from extract.readers import read_corpus
    from extract.readers.bundle import BUNDLED_SEEDS

    return sorted(read_corpus([BUNDLED_SEEDS]).papers, key=lambda p: p.id)


def real_sample(size: int) -> list[str]:
    """Texts of ``size`` papers drawn with a fixed seed from the real 25k corpus."""
    with gzip.open(REAL25K, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if len((r.get("abstract") or "").strip()) >= 20]
    chosen = random.Random(13).sample(rows, min(size, len(rows)))
    return [paper_text(r.get("title") or "", r["abstract"]) for r in chosen]


def top_k(vectors: np.ndarray, k: int = 10) -> np.ndarray:
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    return np.argpartition(-sims, k, axis=1)[:, :k]


def citeseer_mrr(embedder: Embedder, papers: list) -> float:
    """Text-cosine MRR on CiteSeer's test citations, mean over split seeds 0-2."""
    from graph.gnn.baselines import text_cosine
    from graph.gnn.corpus import corpus_from_records
    from graph.gnn.data import build_hetero, target_edge_type
    from graph.gnn.split import split_links
    from graph.gnn.train import evaluate_scorer

    features = embedder.embed([paper_text(p.title, p.abstract) for p in papers])
    data, _ = build_hetero(corpus_from_records(papers, features))
    target = target_edge_type(data)
    scores = [evaluate_scorer(text_cosine(split_links(data, target, seed=s)),
                              split_links(data, target, seed=s))["mrr"] for s in (0, 1, 2)]
    return float(np.mean(scores))


def measure(name: str, kwargs: dict, inputs: dict, cache_dir: Path, runs: int) -> dict:
    """Speed on seed abstracts (no cache; median of ``runs``) and the three quality axes
    (cached vectors)."""
    timer = Embedder(device="cpu", export_dir=cache_dir / "onnx", **kwargs)
    timer.embed(inputs["speed"][:8])  # load, export or distil outside the timing
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), cpu_seconds()
        timer.embed(inputs["speed"])
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    cached = Embedder(device="cpu", export_dir=cache_dir / "onnx",
                      cache_path=cache_dir / "vectors.sqlite", **kwargs)
    docs = cached.embed(inputs["abstracts"])
    titles = cached.embed(inputs["titles"])
    row = {
        "name": name, "dim": int(docs.shape[1]),
        "per_s": len(inputs["speed"]) / wall, "per_cpu_s": len(inputs["speed"]) / cpu,
        "acc1": float(np.mean(np.argmax(titles @ docs.T, axis=1) == np.arange(len(docs)))),
        "real": cached.embed(inputs["real"]) if inputs["real"] else None,
        "mrr": citeseer_mrr(cached, inputs["citeseer"]) if inputs["citeseer"] else None,
    }
    cached.close()
    return row


def table(rows: list[dict], flags: dict[str, str]) -> list[str]:
    reference = rows[0]
    ref_neighbours = top_k(reference["real"]) if reference["real"] is not None else None
    lines = [
        "| backend | dim | abstracts/s (wall) | abstracts per CPU-s | CPU time vs torch fp32 "
        "| title->abstract acc@1 | neighbour overlap@10 | CiteSeer text-cosine MRR | flags |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        overlap = "n/a"
        if ref_neighbours is not None:
            mine = top_k(row["real"])
            shared = [len(set(a) & set(b)) / 10 for a, b in zip(mine, ref_neighbours, strict=True)]
            overlap = f"{np.mean(shared):.3f}"
        mrr = f"{row['mrr']:.3f}" if row["mrr"] is not None else "n/a"
        speedup = row["per_cpu_s"] / reference["per_cpu_s"]
        lines.append(
            f"| {row['name']} | {row['dim']} | {row['per_s']:.1f} | {row['per_cpu_s']:.1f} | "
            f"{speedup:.1f}x faster | {row['acc1']:.3f} | {overlap} | {mrr} | "
            f"{flags[row['name']] or '-'} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=2000, help="real 25k papers for overlap")
    parser.add_argument("--speed", type=int, default=256, help="seed abstracts timed")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/citegraph-frontier"))
    parser.add_argument("--only", nargs="*", help="candidate labels (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="speed timings per candidate")
    parser.add_argument("--no-write", action="store_true", help="print, leave BENCHMARKS.md")
    args = parser.parse_args()
    load = os.getloadavg()

    seeds = seed_papers()
    citeseer = []
    if (CITESEER / "papers.jsonl").exists():
        from graph.gnn.citeseer import read_papers

        citeseer = read_papers(CITESEER, log=lambda _: None)
    inputs = {
        "speed": [p.abstract for p in seeds[: args.speed]],
        "abstracts": [p.abstract for p in seeds], "titles": [p.title for p in seeds],
        "real": real_sample(args.sample) if REAL25K.exists() else [],
        "citeseer": citeseer,
    }
    chosen = {k: v for k, v in CANDIDATES.items() if not args.only or k in args.only}
    rows = []
    for name, (kwargs, _) in chosen.items():
        rows.append(measure(name, kwargs, inputs, args.cache_dir, args.runs))
        print(f"measured {name}", flush=True)
    command = "bench/embed_frontier.py " + " ".join(sys.argv[1:])
    body = "\n".join([
        "### Embedding frontier (`bench/embed_frontier.py`)",
        "",
        f"Command: `.venv/bin/python {command.strip()}` — "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; load average "
        f"{load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.",
        "",
        cpu_header() + ".",
        "",
        f"{len(inputs['speed'])} seed abstracts timed (median of {args.runs} runs, one process; "
        "CPU time counts every thread, so the ratio against torch fp32 holds under load); "
        f"acc@1 among {len(seeds)} seed papers; "
        f"overlap@10 on {len(inputs['real'])} real 25k papers"
        + ("" if inputs["real"] else " (../shared/data/real25k absent)")
        + f"; CiteSeer {len(citeseer)} papers" + ("" if citeseer else " (absent)") + ".",
        "",
        *table(rows, {k: v[1] for k, v in chosen.items()}),
    ])
    print(body)
    if not args.no_write:
        benchmarks_md.write_section("embed-frontier", body)


if __name__ == "__main__":
    main()
