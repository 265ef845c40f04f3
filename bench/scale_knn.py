"""SIMILAR_TO at scale: exact kNN against the HNSW path (usearch), time and recall@10.

``.venv/bin/python bench/scale_knn.py --real CACHE.sqlite --synthetic 250000 [1000000]
--out KNN.json``

``--real``: the vectors of a real build, read from its embedding cache (the 25k corpus);
``--synthetic N``: N unit vectors (384 d) drawn around 2,000 random centres. For each set:
the time to link every paper (top-10) exactly (measured on a sample of source papers and
scaled to all of them where the full run would take too long) and through the index (index
build + queries + exact re-scoring), recall@10 of the index path against exact on the
sample, and for the incremental path (the last 1 % of papers new) the recall of the set of
papers whose links must be recomputed, for each ``--reverse-candidates`` count (the index
neighbours of a new paper checked; the default is the linker's).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.knn import (  # noqa: E402
    REVERSE_CANDIDATES,
    approximate_similar_affected,
    approximate_similar_links,
    hnsw_index,
)
from graph.linking import similar_affected, similar_links  # noqa: E402

TOP_K = 10
SAMPLE = 2_000


def real_vectors(cache: Path) -> np.ndarray:
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT vector FROM vectors ORDER BY key").fetchall()
    return np.stack([np.frombuffer(blob, dtype=np.float32) for (blob,) in rows])


def synthetic_vectors(n: int, dim: int = 384, centres: int = 2_000, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = rng.normal(size=(centres, dim)).astype(np.float32)
    vectors = middle[rng.integers(0, centres, n)]
    vectors += 0.6 * rng.normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def measure(name: str, vectors: np.ndarray, incremental: list[int]) -> dict:
    n = len(vectors)
    ids = [f"p{i:08d}" for i in range(n)]
    rng = np.random.default_rng(0)
    sample = sorted(rng.choice(n, size=min(SAMPLE, n), replace=False).tolist())
    sources = [ids[i] for i in sample]
    clock = time.perf_counter()
    exact = similar_links(ids, vectors, sources, TOP_K, min_score=-1.0)
    exact_sample_s = time.perf_counter() - clock
    clock = time.perf_counter()
    index = hnsw_index(vectors)
    build_s = time.perf_counter() - clock
    clock = time.perf_counter()
    approximate = approximate_similar_links(ids, vectors, sources, TOP_K, -1.0, index)
    query_sample_s = time.perf_counter() - clock
    wanted: dict[str, set[str]] = {}
    for link in exact:
        wanted.setdefault(link.source, set()).add(link.target)
    got: dict[str, set[str]] = {}
    for link in approximate:
        got.setdefault(link.source, set()).add(link.target)
    recall = float(np.mean([len(wanted[s] & got.get(s, set())) / len(wanted[s]) for s in wanted]))
    result = {
        "vectors": name, "n": n, "dim": int(vectors.shape[1]),
        "exact_all_s": exact_sample_s * n / len(sample),
        "hnsw_build_s": build_s,
        "hnsw_all_s": build_s + query_sample_s * n / len(sample),
        "recall_at_10": recall,
        "index_mb": index.memory_usage / 2**20,
    }
    for i, candidates in enumerate(incremental):
        found = incremental_recall(ids, vectors, index, candidates)
        result.update(found if i == 0 else {})  # the first count is the headline
        result.setdefault("incremental_by_candidates", []).append(found)
    print(json.dumps(result), flush=True)
    return result


def incremental_recall(ids: list[str], vectors: np.ndarray, index: Any, candidates: int) -> dict:
    """The last 1 % of papers arrive: which existing papers' top-10 they may enter (the
    index path asks the index for ``candidates`` neighbours of each new paper)."""
    n = len(ids)
    old = n - max(1, n // 100)
    current: dict[str, list[float]] = {}
    for link in similar_links(ids[:old], vectors[:old], ids[:old], TOP_K, min_score=0.5):
        current.setdefault(link.source, []).append(link.score)
    new = ids[old:]
    clock = time.perf_counter()
    exact = similar_affected(ids, vectors, new, current, TOP_K, 0.5)
    exact_s = time.perf_counter() - clock
    clock = time.perf_counter()
    approximate = approximate_similar_affected(
        ids, vectors, new, current, TOP_K, 0.5, index, candidates
    )
    approx_s = time.perf_counter() - clock
    return {
        "incremental_candidates": candidates,
        "incremental_new": len(new),
        "incremental_affected": len(exact),
        "incremental_recall": len(exact & approximate) / len(exact),
        "incremental_exact_s": exact_s,
        "incremental_hnsw_s": approx_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--section", default=None,
        help="also write these rows as their own BENCHMARKS.md section (e.g. knn-1m)",
    )
    parser.add_argument(
        "--reverse-candidates", type=int, nargs="*", default=[REVERSE_CANDIDATES],
        help="incremental path: index neighbours of a new paper checked (the first is reported)",
    )
    args = parser.parse_args()
    results = []
    if args.real:
        results.append(measure("real (a build's vectors)", real_vectors(args.real),
                               incremental=args.reverse_candidates))
    for n in args.synthetic:
        results.append(measure("synthetic", synthetic_vectors(n), incremental=[]))
    args.out.write_text(json.dumps(results, indent=2))
    if args.section:
        write_rows(args.section, results, " ".join(sys.argv[1:]))


def write_rows(section: str, results: list[dict], arguments: str) -> None:
    """The rows as a section of their own, with the command, machine and load."""
    import os
    from datetime import UTC, datetime

    sys.path.insert(0, str(REPO / "bench"))
    import benchmarks_md
    from scale import knn_table

    head = [
        f"## SIMILAR_TO at {max(r['n'] for r in results):,} vectors",
        "",
        f"Command: `.venv/bin/python bench/scale_knn.py {arguments}` — "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {benchmarks_md.cpu_line()}, 24 GiB "
        f"(1-minute load {os.getloadavg()[0]:.1f} at the end).",
        "",
    ]
    benchmarks_md.write_section(section, "\n".join(head + knn_table(results)[2:]))


if __name__ == "__main__":
    main()
