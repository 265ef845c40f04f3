"""Benchmark the graph layer and write the ``bench:graph`` section of BENCHMARKS.md.

``.venv/bin/python bench/graph.py [--runs 3] [--synthetic 10000] [--embed-sample 128]
[--embeddings-only]``

Measures: build time per stage on the seed corpus (cold: nothing cached; warm: re-run) and
on a synthetic corpus; relationships written per second with batched UNWIND; embedding
throughput on CPU for several backends and settings with a quality check (title -> abstract
retrieval accuracy, neighbour overlap and cosine against torch fp32); kNN link time as N
grows (exact numpy) and the Neo4j vector index's query time. Starts its own Neo4j on a free port.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.graph_synthetic import SyntheticEmbedder, synthetic_corpus  # noqa: E402
from graph import queries  # noqa: E402
from graph.build import BuildOptions, GraphBuilder  # noqa: E402
from graph.embeddings import Embedder, default_export_dir  # noqa: E402
from graph.linker import Linker, LinkOptions  # noqa: E402
from graph.linking import similar_links  # noqa: E402
from graph.server import LocalNeo4j, free_port  # noqa: E402
from graph.store import GraphStore  # noqa: E402

PASSWORD = "citegraph-bench"
EMBEDDING_HEADING = "### Embedding throughput (CPU) and quality"
WRITES_ALONE_HEADING = "### Relationship writes, alone on a fresh server"


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


EMBEDDING_VARIANTS: dict[str, dict] = {
    "torch fp32, seq 256, batch 32 (reference)": dict(backend="torch", batch_size=32),
    "torch fp32, seq 128, batch 64": dict(backend="torch", max_seq_length=128, batch_size=64),
    "torch int8 dynamic, seq 256": dict(backend="torch", quantize=True, batch_size=64),
    "torch int8 dynamic, seq 128": dict(
        backend="torch", quantize=True, max_seq_length=128, batch_size=64
    ),
    "onnx fp32 (fused attention), seq 256, batch 32": dict(backend="onnx", batch_size=32),
    "onnx-int8, seq 256, batch 16": dict(backend="onnx-int8", batch_size=16),
    "onnx-int8, seq 256, batch 64": dict(backend="onnx-int8", batch_size=64),
    "openvino (bf16 where supported), seq 256, batch 16 (default)": dict(
        backend="openvino", batch_size=16
    ),
    "openvino, seq 256, batch 64": dict(backend="openvino", batch_size=64),
}


def bench_embeddings(papers: list, sample: int, runs: int) -> list[str]:
    """Throughput and quality of embedding settings on seed abstracts."""
    chosen = sorted(papers, key=lambda p: p.id)[:sample]
    abstracts = [p.abstract for p in chosen]
    titles = [p.title for p in chosen]
    rows, reference = [], None
    for name, kwargs in EMBEDDING_VARIANTS.items():
        embedder = Embedder(device="cpu", **kwargs)
        embedder.embed(abstracts[:8])  # load (or export) the model outside the timing
        wall, cpu = timed(lambda e=embedder: e.embed(abstracts), runs)
        docs, queries_ = embedder.embed(abstracts), embedder.embed(titles)
        accuracy = float(np.mean(np.argmax(queries_ @ docs.T, axis=1) == np.arange(len(docs))))
        neighbours = np.argsort(-(docs @ docs.T), axis=1)[:, 1:6]
        reference = (docs, neighbours) if reference is None else reference
        overlap = np.mean(
            [len(set(a) & set(b)) / 5 for a, b in zip(neighbours, reference[1], strict=True)]
        )
        cosine = float(np.min(np.sum(docs * reference[0], axis=1)))
        rows.append(
            f"| {name} | {len(abstracts) / wall:.1f} | {len(abstracts) / cpu:.1f} | "
            f"{cpu / len(abstracts) * 1000:.1f} | {accuracy:.3f} | {overlap:.3f} | {cosine:.4f} |"
        )
    return rows


def embedding_section(sample: int, runs: int, rows: list[str], load: float) -> list[str]:
    """The embedding subsection of the graph section: heading, note, table."""
    return [
        EMBEDDING_HEADING,
        "",
        f"{sample} seed abstracts, median of {runs} runs "
        f"(`--embeddings-only` measures just this table; load average at its start: "
        f"{load:.1f}; {datetime.date.today()}). CPU-seconds are the process's "
        "own, so they hold up better than wall time on a busy machine. "
        "Quality: title -> abstract retrieval accuracy@1 among the sample, overlap of "
        "each abstract's 5 nearest neighbours with the reference's neighbours, and the "
        "lowest cosine between an abstract's vector and its reference vector.",
        "",
        "| settings | abstracts/s (wall) | abstracts per CPU-s | CPU-ms per abstract "
        "| title->abstract acc@1 | neighbour overlap | min cosine to reference |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]


def replace_subsection(heading: str, lines: list[str]) -> None:
    """Swap one ``### heading`` subsection of the graph section in BENCHMARKS.md (lines start
    with the heading); append it when the section lacks it."""
    start, end = benchmarks_md.markers("graph")
    text = benchmarks_md.BENCHMARKS.read_text(encoding="utf-8")
    if start not in text:
        write_section("\n".join(lines))
        return
    body = text.split(start, 1)[1].split(end, 1)[0]
    if heading not in body:
        write_section(body.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n")
        return
    before, rest = body.split(heading, 1)
    after = rest[rest.index("\n### ") :] if "\n### " in rest else "\n"
    write_section(before + "\n".join(lines) + after)


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


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) used so far by process ``pid``; 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def paper_links(ids: list[str], per_paper: int = 10) -> list[dict]:
    """``per_paper`` SIMILAR_TO rows from every paper to random others (seeded)."""
    targets = np.random.default_rng(0).integers(0, len(ids), size=(len(ids), per_paper))
    return [
        {"source": ids[i], "target": ids[j], "score": 0.5, "rank": r + 1}
        for i in range(len(ids))
        for r, j in enumerate(targets[i])
    ]


def time_link_writes(store: GraphStore, runs: int, server_pid: int | None) -> str:
    """One table row: create and replace rates through ``Linker.replace_links``, CPU seconds."""
    ids = [r["id"] for r in store.read(queries.ALL_PAPER_IDS)]
    links = paper_links(ids)
    by_source: dict[str, list[dict]] = {}
    for link in links:
        by_source.setdefault(link["source"], []).append(link)
    linker = Linker(store, LinkOptions())

    def links_of(block: list[str]) -> list[dict]:
        return [link for source in block for link in by_source.get(source, [])]

    def replace() -> None:
        linker.replace_links(
            "bench", queries.DROP_SIMILAR_LINKS, queries.WRITE_SIMILAR_LINKS, sorted(ids),
            links_of,
        )

    replace()  # warm the server's JIT up outside the timing
    created, replaced, client, server = [], [], [], []
    for _ in range(runs):
        store.write_batches(queries.DROP_SIMILAR_LINKS, [{"id": i} for i in ids])
        wall, cpu, jvm = time.perf_counter(), time.process_time(), process_cpu(server_pid)
        replace()  # papers without links, as in a first build
        created.append(time.perf_counter() - wall)
        client.append((time.process_time() - cpu) * 100_000 / len(links))
        server.append((process_cpu(server_pid) - jvm) * 100_000 / len(links))
        replaced.append(timed(replace, 1)[0])  # the links just made are dropped and rewritten
    return (
        f"| {store.workers} | {len(links) / statistics.median(created):,.0f} | "
        f"{len(links) / statistics.median(replaced):,.0f} | "
        f"{statistics.median(client):.2f} | {statistics.median(server):.2f} |"
    )


def bench_relationship_writes(
    config: dict, runs: int, server_pid: int | None = None, batch: int = 10_000
) -> list[str]:
    """Relationships per second through the linker's write path (``Linker.replace_links``):
    10 SIMILAR_TO per paper, one transaction per batch of papers, serial and concurrent."""
    rows = []
    for workers in (1, 2):
        with GraphStore(**config, batch_size=batch, workers=workers) as store:
            rows.append(time_link_writes(store, runs, server_pid))
            papers = store.read(queries.COUNT_PAPERS)[0]["n"]
    return [
        f"{papers * 10:,} relationships (10 per paper, on the synthetic graph), transactions "
        f"of {batch:,}, through the linker's write path; median of {runs} runs after one "
        "warm-up run. CPU seconds per 100,000 created: the Python process's own and the "
        "Neo4j server's (which does nearly all the work, so concurrent transactions help "
        "only where a core is free).",
        "",
        "| concurrent transactions | created/s (papers without links) | replaced/s (old "
        "links deleted in the same transaction) | client CPU s | server CPU s |",
        "|---|---|---|---|---|",
        *rows,
    ]


def relationship_writes_only(runs: int, synthetic: int) -> list[str]:
    """Just the relationship-write table, on a fresh server holding the synthetic graph."""
    with tempfile.TemporaryDirectory() as tmp:
        server = LocalNeo4j(Path(tmp) / "neo4j", port=free_port(), password=PASSWORD)
        server.start(timeout=240)
        config = dict(uri=server.uri, user="neo4j", password=PASSWORD, database="neo4j")
        try:
            corpus, extractor = synthetic_corpus(synthetic)
            with GraphStore(**config) as store:
                GraphBuilder(store, extractor, SyntheticEmbedder(), BuildOptions()).build(corpus)
            return bench_relationship_writes(config, runs, server.status().pid)
        finally:
            server.stop()


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
    parser.add_argument(
        "--embeddings-only", action="store_true",
        help="measure only the embedding table and replace just that part of the section",
    )
    parser.add_argument(
        "--relationship-writes-only", action="store_true",
        help="measure only the relationship writes, on a fresh server holding nothing but the "
        "synthetic graph, and write that subsection",
    )
    args = parser.parse_args()
    if args.relationship_writes_only:
        load = os.getloadavg()[0]
        lines = [
            WRITES_ALONE_HEADING,
            "",
            f"`.venv/bin/python bench/graph.py --relationship-writes-only --runs {args.runs}` "
            f"(load average at the start: {load:.1f}; {datetime.date.today()}): the same "
            "measurement as above, but on a server that has built only the synthetic graph "
            "(in the full run the server has also built the seeds and run the stage timings "
            "first, and its numbers are lower).",
            "",
            *relationship_writes_only(args.runs, args.synthetic),
            "",
        ]
        replace_subsection(WRITES_ALONE_HEADING, lines)
        print("\n".join(lines))
        return
    papers = seed_papers()
    lines = [
        "## Graph build, links and embeddings\n\n"
        f"`.venv/bin/python bench/graph.py --runs {args.runs} --synthetic {args.synthetic} "
        f"--embed-sample {args.embed_sample}` — machine: 2 cores, 24 GiB, shared with other "
        f"jobs (load average at the start: {os.getloadavg()[0]:.1f}); "
        f"{datetime.date.today()}.\n"
    ]
    load_before = os.getloadavg()[0]
    rows = bench_embeddings(papers, args.embed_sample, args.runs)
    embedding_lines = embedding_section(args.embed_sample, args.runs, rows, load_before)
    if args.embeddings_only:
        replace_subsection(EMBEDDING_HEADING, embedding_lines)
        print("\n".join(embedding_lines))
        return
    lines += embedding_lines
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

                embedder = Embedder(
                    cache_path=Path(tmp) / "cache.sqlite", export_dir=default_export_dir()
                )
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
                *bench_relationship_writes(config, args.runs, server.status().pid),
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
