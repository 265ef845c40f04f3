"""Benchmark the graph layer and write the ``bench:graph`` section of BENCHMARKS.md.

``.venv/bin/python bench/graph.py [--runs 3] [--synthetic 10000] [--embed-sample 128]``

Measures: build time per stage on the seed corpus (cold: nothing cached; warm: re-run) and
on a synthetic corpus; relationships written per second with batched UNWIND; embedding
throughput on CPU for several settings with a quality check (title -> abstract retrieval
accuracy and neighbour overlap with the default settings); kNN link time as N grows (exact
numpy) and the Neo4j vector index's query time. Starts its own Neo4j on a free port.
"""

from __future__ import annotations

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.graph_synthetic import SyntheticEmbedder, synthetic_corpus  # noqa: E402
from graph import queries  # noqa: E402
from graph.build import BuildOptions, GraphBuilder  # noqa: E402
from graph.embeddings import Embedder  # noqa: E402
from graph.linking import similar_links  # noqa: E402
from graph.server import LocalNeo4j, free_port  # noqa: E402
from graph.store import GraphStore, group_rows  # noqa: E402

PASSWORD = "citegraph-bench"


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def seed_papers() -> list:
    from extract.readers import read_corpus
    from extract.readers.bundle import BUNDLED_SEEDS

    return list(read_corpus([BUNDLED_SEEDS]).papers)


def bench_embeddings(papers: list, sample: int, runs: int) -> list[str]:
    """Throughput and quality of embedding settings on seed abstracts."""
    chosen = sorted(papers, key=lambda p: p.id)[:sample]
    abstracts = [p.abstract for p in chosen]
    titles = [p.title for p in chosen]
    variants = {
        "defaults (seq 256, batch 32, fp32)": dict(batch_size=32),
        "seq 128, batch 64": dict(max_seq_length=128, batch_size=64),
        "int8 dynamic, seq 256": dict(quantize=True, batch_size=64),
        "int8 dynamic, seq 128": dict(quantize=True, max_seq_length=128, batch_size=64),
    }
    rows, reference = [], None
    for name, kwargs in variants.items():
        embedder = Embedder(device="cpu", **kwargs)
        embedder.embed(abstracts[:8])  # load the model outside the timing
        wall, cpu = timed(lambda e=embedder: e.embed(abstracts), runs)
        docs, queries_ = embedder.embed(abstracts), embedder.embed(titles)
        accuracy = float(np.mean(np.argmax(queries_ @ docs.T, axis=1) == np.arange(len(docs))))
        neighbours = np.argsort(-(docs @ docs.T), axis=1)[:, 1:6]
        reference = neighbours if reference is None else reference
        overlap = np.mean(
            [len(set(a) & set(b)) / 5 for a, b in zip(neighbours, reference, strict=True)]
        )
        rows.append(
            f"| {name} | {len(abstracts) / wall:.1f} | {len(abstracts) / cpu:.1f} | "
            f"{accuracy:.3f} | {overlap:.3f} |"
        )
    return rows


def bench_build(config: dict, papers: list, extractor, embedder, runs_label: str) -> list[str]:
    """Stage times of a cold build into an empty graph and of a warm re-run."""
    rows = []
    with GraphStore(**config) as store:
        store.clear()
        builder = GraphBuilder(store, extractor, embedder, BuildOptions())
        for label in ("cold", "re-run"):
            result = builder.build(papers)
            stages = " | ".join(f"{s:.2f}" for s in result.seconds.values())
            links = result.counts.links
            rows.append(
                f"| {runs_label} {label} | {result.counts.papers:,} | {stages} | "
                f"{sum(result.seconds.values()):.1f} | {links.get('MENTIONS', 0):,} / "
                f"{links.get('SHARES_ENTITIES', 0):,} / {links.get('SIMILAR_TO', 0):,} |"
            )
    return rows


def bench_relationship_writes(config: dict, runs: int, batch: int = 10_000) -> str:
    """Relationships per second: SIMILAR_TO rows between existing papers, UNWIND batches."""
    with GraphStore(**config, batch_size=batch) as store:
        ids = [r["id"] for r in store.read(queries.ALL_PAPER_IDS)]
        rng = np.random.default_rng(0)
        targets = rng.integers(0, len(ids), size=(len(ids), 10))
        links = [
            {"source": ids[i], "target": ids[j], "score": 0.5, "rank": r + 1}
            for i in range(len(ids))
            for r, j in enumerate(targets[i])
        ]
        rows = group_rows(links, "source")  # as the linker writes them
        per_batch = batch // 10

        def write() -> None:
            store.write_batches(queries.DROP_SIMILAR_LINKS, [{"id": i} for i in ids])
            store.write_batches(queries.WRITE_SIMILAR_LINKS, rows, per_batch)

        wall, _ = timed(write, runs)
        create_only, _ = timed(
            lambda: store.write_batches(queries.WRITE_SIMILAR_LINKS, rows, per_batch), 1
        )
    return (
        f"{len(links):,} relationships in transactions of {batch:,}: "
        f"{len(links) / create_only:,.0f} created/s (create only); "
        f"{len(links) / wall:,.0f}/s including deleting the old ones "
        f"(median of {runs})"
    )


def bench_knn(config: dict, sizes: list[int], runs: int) -> list[str]:
    """Exact top-10 kNN over N random clustered vectors, and the vector index's query time."""
    rows = []
    embedder = SyntheticEmbedder()
    for n in sizes:
        vectors = embedder.embed([f"paper {i}" for i in range(n)]).astype(np.float64)
        ids = [f"p{i:06d}" for i in range(n)]
        wall, _ = timed(lambda i=ids, v=vectors: similar_links(i, v, i, 10, 0.5), runs)
        rows.append(
            f"| exact numpy, all N papers | {n:,} | {wall:.2f} s | {wall / n * 1000:.2f} ms |"
        )
    with GraphStore(**config) as store:
        ids = [r["id"] for r in store.read(queries.ALL_PAPER_IDS)][:: max(1, len(sizes))][:200]
        wall, _ = timed(lambda: [store.read(queries.NEAREST_PAPERS, id=i, k=10) for i in ids], runs)
        papers = store.read(queries.COUNT_PAPERS)[0]["n"]
        rows.append(
            f"| Neo4j vector index (HNSW, approximate), 200 queries | {papers:,} | "
            f"{wall:.2f} s | {wall / len(ids) * 1000:.2f} ms |"
        )
    return rows


def write_section(section: str) -> None:
    """Replace this benchmark's section of BENCHMARKS.md (or append it)."""
    benchmarks_md.write_section("graph", section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--embed-sample", type=int, default=128)
    parser.add_argument("--skip-seed-build", action="store_true")
    args = parser.parse_args()
    papers = seed_papers()
    lines = [
        "## Graph build, links and embeddings\n\n"
        f"`.venv/bin/python bench/graph.py --runs {args.runs} --synthetic {args.synthetic} "
        f"--embed-sample {args.embed_sample}` — machine: 2 cores, 24 GiB, shared with other "
        f"jobs (load average at the start: {os.getloadavg()[0]:.1f}); "
        f"{datetime.date.today()}.\n"
    ]
    lines += [
        "### Embedding throughput (CPU) and quality",
        "",
        f"{args.embed_sample} seed abstracts, median of {args.runs} runs. "
        "Quality: title -> abstract retrieval accuracy@1 among the sample, and overlap of "
        "each abstract's 5 nearest neighbours with the default settings' neighbours.",
        "",
        "| settings | abstracts/s (wall) | abstracts per CPU-s | title->abstract acc@1 "
        "| neighbour overlap |",
        "|---|---|---|---|---|",
        *bench_embeddings(papers, args.embed_sample, args.runs),
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        server = LocalNeo4j(Path(tmp) / "neo4j", port=free_port(), password=PASSWORD)
        server.start(timeout=240)
        config = dict(uri=server.uri, user="neo4j", password=PASSWORD, database="neo4j")
        try:
            with GraphStore(**config) as store:
                store.ensure_schema()
            header = [
                "### Build time per stage (seconds)",
                "",
                "| corpus | papers | write papers | extract + mentions | embed | link | total | "
                "MENTIONS / SHARES_ENTITIES / SIMILAR_TO |",
                "|---|---|---|---|---|---|---|---|",
            ]
            rows = []
            if not args.skip_seed_build:
                from extract.pipeline import Extractor

                embedder = Embedder(cache_path=Path(tmp) / "cache.sqlite")
                rows += bench_build(config, papers, Extractor(), embedder, "seeds (spaCy, MiniLM)")
            corpus, extractor = synthetic_corpus(args.synthetic)
            rows += bench_build(
                config, corpus, extractor, SyntheticEmbedder(), "synthetic (precomputed)"
            )
            lines += (
                header
                + rows
                + [
                    "",
                    "The synthetic corpus has generated mentions (Zipf over 5,000 "
                    "entities) and clustered random vectors, so its times are the graph "
                    "layer's own (no spaCy, no model).",
                    "",
                ]
            )
            lines += [
                "### Relationship writes",
                "",
                bench_relationship_writes(config, args.runs),
                "",
            ]
            lines += [
                "### kNN link time as N grows",
                "",
                "| method | N | time | per paper |",
                "|---|---|---|---|",
                *bench_knn(config, [1_000, 2_000, 5_000, 10_000, 20_000], args.runs),
                "",
            ]
        finally:
            server.stop()
    write_section("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
