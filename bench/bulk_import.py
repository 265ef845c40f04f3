"""Cold load of one graph two ways: batched UNWIND writes against Neo4j's bulk importer.

    .venv/bin/python bench/bulk_import.py --papers 100000 --runs 3 [--no-write]

The same synthetic graph (fixed seed) is loaded into a fresh bundled Neo4j each run:
``--papers`` Paper nodes (title, ~1,000-character abstract, year, three authors, a 384-d unit
embedding), one Entity per 20 papers (five typed labels), 8 MENTIONS and 10 SIMILAR_TO per
paper.

- **UNWIND**: the schema first (``GraphStore.ensure_schema``: constraints, the full-text and
  vector indexes, as a build makes them), then the rows through ``GraphStore.write_batches``
  (batches of 5,000, MERGE on ids, relationships by MATCH on the constrained ids), the path
  every ``citegraph build`` write takes.
- **import**: ``graph.bulk_import.write_csv`` (the CSV files), ``import_csv``
  (``neo4j-admin database import full`` from the bundled server's jars), starting the server,
  then the same ``ensure_schema`` and waiting until every index is online, so both end with
  the same queryable graph (node and relationship counts checked equal).

Wall seconds per step, median of ``--runs``; the ratio is UNWIND's total over the import's.
Writes the ``bench:bulk-import`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import queries  # noqa: E402
from graph.bulk_import import NodeFile, RelationshipFile, import_csv, write_csv  # noqa: E402
from graph.schema import TYPE_LABELS  # noqa: E402
from graph.server import LocalNeo4j, free_port  # noqa: E402
from graph.store import GraphStore, Row  # noqa: E402

PASSWORD = "citegraph-bench"
DIM = 384
MENTIONS_PER_PAPER = 8
SIMILAR_PER_PAPER = 10
WORDS = (
    "graph neural network attention training image language model retrieval dataset robust "
    "learning sparse dense optimisation convex bound sample policy reward vision transformer "
    "segmentation detection embedding contrastive generative diffusion inference kernel"
).split()
LABELS = list(TYPE_LABELS.values())

WRITE_PAPERS = """
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p.title = row.title, p.abstract = row.abstract, p.year = row.year,
    p.authors = row.authors, p.embedding = row.embedding, p.stub = false
"""
WRITE_ENTITIES = """
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
SET e.name = row.name, e.type = row.type
"""
WRITE_MENTIONS = """
UNWIND $rows AS row
MATCH (p:Paper {id: row.source})
MATCH (e:Entity {id: row.target})
CREATE (p)-[:MENTIONS {count: row.count, spans: row.spans}]->(e)
"""
WRITE_SIMILAR = """
UNWIND $rows AS row
MATCH (p:Paper {id: row.source})
MATCH (q:Paper {id: row.target})
CREATE (p)-[:SIMILAR_TO {score: row.score, rank: row.rank}]->(q)
"""


class Synthetic:
    """The graph's rows, made again identically (fixed seeds) for each pass over them."""

    def __init__(self, papers: int) -> None:
        self.papers = papers
        self.entities = max(papers // 20, 10)

    def paper_rows(self) -> Iterator[Row]:
        rng = np.random.default_rng(1)
        for i in range(self.papers):
            words = rng.integers(0, len(WORDS), size=150)
            vector = rng.normal(size=DIM)
            vector /= np.linalg.norm(vector)
            yield {
                "id": f"p{i:08d}",
                "title": " ".join(WORDS[w] for w in words[:8]).capitalize(),
                "abstract": " ".join(WORDS[w] for w in words) + ".",
                "year": 1990 + i % 35,
                "authors": [f"Author {i % 997}", f"Author {i % 991}", f"Author {i % 983}"],
                "embedding": vector.tolist(),
            }

    def entity_rows(self) -> Iterator[Row]:
        for i in range(self.entities):
            label = LABELS[i % len(LABELS)]
            yield {"id": f"{label.lower()}:name {i}", "name": f"Name {i}", "type": label,
                   "label": label}

    def mention_rows(self) -> Iterator[Row]:
        rng = np.random.default_rng(2)
        ids = [row["id"] for row in self.entity_rows()]
        for i in range(self.papers):
            for j in rng.choice(len(ids), size=MENTIONS_PER_PAPER, replace=False):
                yield {"source": f"p{i:08d}", "target": ids[j], "count": 1, "spans": [0, 4]}

    def similar_rows(self) -> Iterator[Row]:
        rng = np.random.default_rng(3)
        for i in range(self.papers):
            targets = rng.integers(0, self.papers, size=SIMILAR_PER_PAPER)
            for rank, j in enumerate(targets, start=1):
                yield {"source": f"p{i:08d}", "target": f"p{j:08d}", "score": 0.9 - rank / 100,
                       "rank": rank}


def chunks(rows: Iterator[Row], size: int = 50_000) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def counts(store: GraphStore) -> tuple[int, int]:
    nodes = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    relationships = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return nodes, relationships


def unwind_run(graph: Synthetic, home: Path) -> tuple[dict[str, float], tuple[int, int]]:
    server = LocalNeo4j(home, port=free_port(), password=PASSWORD, heap="2g", pagecache="2g")
    server.start(timeout=240)
    seconds: dict[str, float] = {}
    try:
        with GraphStore(server.uri, "neo4j", PASSWORD, "neo4j") as store:
            clock = time.perf_counter()
            store.ensure_schema(DIM)
            seconds["schema"] = time.perf_counter() - clock
            steps: list[tuple[str, list[tuple[str, Iterable[Row]]]]] = [
                ("papers", [(WRITE_PAPERS, graph.paper_rows())]),
                ("entities", [
                    (WRITE_ENTITIES.replace("(e:Entity", f"(e:Entity:{label}"),
                     [r for r in graph.entity_rows() if r["label"] == label])
                    for label in LABELS
                ]),
                ("mentions", [(WRITE_MENTIONS, graph.mention_rows())]),
                ("similar", [(WRITE_SIMILAR, graph.similar_rows())]),
            ]
            for name, statements in steps:
                clock = time.perf_counter()
                for query, rows in statements:
                    for part in chunks(iter(rows)):
                        store.write_batches(query, part)
                seconds[name] = time.perf_counter() - clock
            clock = time.perf_counter()
            store.execute(queries.AWAIT_INDEXES)
            seconds["indexes online"] = time.perf_counter() - clock
            found = counts(store)
    finally:
        server.stop()
    return seconds, found


def import_run(
    graph: Synthetic, home: Path, csv_dir: Path
) -> tuple[dict[str, float], tuple[int, int]]:
    server = LocalNeo4j(home, port=free_port(), password=PASSWORD, heap="2g", pagecache="2g")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    papers = NodeFile(("Paper",), "Paper", {"title": "string", "abstract": "string",
                                            "year": "int", "authors": "string[]",
                                            "embedding": "double[]", "stub": "boolean"},
                      ({**row, "stub": False} for row in graph.paper_rows()))
    entities = [
        NodeFile(("Entity", label), "Entity", {"name": "string", "type": "string"},
                 [r for r in graph.entity_rows() if r["label"] == label])
        for label in LABELS
    ]
    relationships = [
        RelationshipFile("MENTIONS", "Paper", "Entity", {"count": "int", "spans": "int[]"},
                         graph.mention_rows()),
        RelationshipFile("SIMILAR_TO", "Paper", "Paper", {"score": "double", "rank": "int"},
                         graph.similar_rows()),
    ]
    node_files, relationship_files = write_csv(csv_dir, [papers, *entities], relationships)
    seconds["write CSV"] = time.perf_counter() - clock
    report = import_csv(server, node_files, relationship_files, heap="2g")
    seconds["neo4j-admin import"] = report.seconds
    clock = time.perf_counter()
    server.start(timeout=240)
    seconds["server start"] = time.perf_counter() - clock
    try:
        with GraphStore(server.uri, "neo4j", PASSWORD, "neo4j") as store:
            clock = time.perf_counter()
            store.ensure_schema(DIM)
            store.execute(queries.AWAIT_INDEXES)
            seconds["schema + indexes online"] = time.perf_counter() - clock
            found = counts(store)
    finally:
        server.stop()
    if report.skipped:
        raise RuntimeError(f"the importer refused {report.skipped} entries: {report.report_file}")
    return seconds, found


def median_steps(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where the databases and CSV files go (default: a temp dir)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    graph = Synthetic(args.papers)
    unwind, imported, found = [], [], set()
    base = args.work_dir or Path(tempfile.mkdtemp(prefix="bulk-import-"))
    for run in range(args.runs):  # alternate, so that load drifts hit both alike
        steps, shape = unwind_run(graph, base / f"unwind-{run}")
        unwind.append(steps)
        found.add(shape)
        print("unwind", run, steps, shape, flush=True)
        steps, shape = import_run(graph, base / f"import-{run}", base / f"csv-{run}")
        imported.append(steps)
        found.add(shape)
        print("import", run, steps, shape, flush=True)
        for used in (f"unwind-{run}", f"import-{run}", f"csv-{run}"):
            shutil.rmtree(base / used, ignore_errors=True)  # a few GB a run at 100k
    if len(found) != 1:
        raise RuntimeError(f"the two paths made different graphs: {sorted(found)}")
    nodes, relationships = found.pop()
    unwind_steps, import_steps = median_steps(unwind), median_steps(imported)
    unwind_total = statistics.median(sum(run.values()) for run in unwind)
    import_total = statistics.median(sum(run.values()) for run in imported)
    lines = [
        "## Cold load: batched UNWIND writes against `neo4j-admin database import`",
        "",
        f"Command: `.venv/bin/python bench/bulk_import.py --papers {args.papers} --runs "
        f"{args.runs}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {benchmarks_md.cpu_line()}, "
        f"24 GiB (1-minute load {os.getloadavg()[0]:.1f} at the end); bundled Neo4j 5.26 "
        "Community, heap 2 GiB, page cache 2 GiB; median of the runs, the two paths alternated.",
        "",
        f"The graph: {nodes:,} nodes ({args.papers:,} papers with 384-d embeddings, "
        f"{graph.entities:,} entities) and {relationships:,} relationships "
        f"({MENTIONS_PER_PAPER} MENTIONS, {SIMILAR_PER_PAPER} SIMILAR_TO per paper).",
        "",
        "| path | steps (s) | total (s) | relationships/s | ratio |",
        "|---|---|---|---|---|",
        "| batched UNWIND (`GraphStore.write_batches`) | "
        + ", ".join(f"{k} {v:.1f}" for k, v in unwind_steps.items())
        + f" | {unwind_total:.1f} | {relationships / unwind_total:,.0f} | 1.0× |",
        "| bulk importer (`graph.bulk_import`) | "
        + ", ".join(f"{k} {v:.1f}" for k, v in import_steps.items())
        + f" | {import_total:.1f} | {relationships / import_total:,.0f} | "
        f"**{unwind_total / import_total:.1f}×** |",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        benchmarks_md.write_section("bulk-import", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
