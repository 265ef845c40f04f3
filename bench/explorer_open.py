"""The explorer on a built graph: how long a shared paper link (``/#paper=ID``) takes to show.

``.venv/bin/python bench/explorer_open.py --data-dir D --password P [--papers 10]``

``D`` is the data directory of a finished build (``bench/scale_build.py`` writes one, with the
password ``citegraph-bench``). Starts its Neo4j, serves the API with the freshly built explorer,
and for each of ``--papers`` papers drawn at random (seed 0) runs ``api/explorer/tests/
overview.mjs`` in headless Chromium: the first screen, then the paper's link opened in a fresh
page, timed from navigation to its details panel (``paperMs``: page load, the explorer's
script, the API call and the first render). Writes the ``bench:explorer-open`` section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.append(str(REPO / "tests"))  # the explorer helpers the tests use

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)
from explorer_builders import run_check, served_explorer  # noqa: E402

from api.settings import Settings  # noqa: E402
from graph.server import LocalNeo4j, free_port  # noqa: E402
from graph.store import GraphStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--password", default="citegraph-bench")
    parser.add_argument("--papers", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not (args.data_dir / "neo4j").is_dir():
        sys.exit(f"{args.data_dir} holds no built graph (no neo4j folder)")
    server = LocalNeo4j(
        args.data_dir / "neo4j",
        port=free_port(),
        password=args.password,
        heap="1g",
        pagecache="512m",
    )
    server.start(timeout=240)
    try:
        settings = Settings(
            _env_file=None,
            neo4j_uri=server.uri,
            neo4j_password=args.password,
            data_dir=args.data_dir,
            api_cache_ttl_s=0,
        )
        with GraphStore(server.uri, "neo4j", args.password) as store:
            ids = [r["id"] for r in store.read("MATCH (p:Paper) RETURN p.id AS id ORDER BY id")]
        chosen = random.Random(0).sample(ids, min(args.papers, len(ids)))
        times, titles = [], 0
        with served_explorer(settings) as base:
            for paper in chosen:
                report = run_check("overview.mjs", base, paper)
                if report["errors"]:
                    sys.exit(f"page errors on {paper}: {report['errors']}")
                times.append(report["paperMs"])
                titles += bool(report["paperTitle"].strip())
                print(f"{paper}: {report['paperMs']} ms", flush=True)
    finally:
        server.stop()
    cold, warm = times[0], sorted(times[1:])
    under = sum(t < 1000 for t in times)
    section = "\n".join(
        [
            "## Explorer: opening a paper of a built graph",
            "",
            f"`.venv/bin/python bench/explorer_open.py --data-dir D --papers {args.papers}` on the "
            f"graph of {len(ids):,} papers in D — machine: {benchmarks_md.cpu_line()}, 24 GiB, "
            f"Neo4j, the API and headless Chromium (software GL) on the same cores; load average "
            f"{os.getloadavg()[0]:.1f} at the end; {dt.date.today().isoformat()}; response cache "
            "off.",
            "",
            "Each paper's shared link (`/#paper=ID`) is opened in a fresh page of a running "
            "browser and timed from navigation to its details panel. The first open comes right "
            "after Neo4j and the API started: a cold page cache, and the query plans the API's "
            "start-up warm-up made (`api/warmup.py`).",
            "",
            "| papers opened | first open (cold) | median of the others | slowest of the others "
            "| under 1 s | with a title shown |",
            "|---|---|---|---|---|---|",
            f"| {len(times)} | {cold:.0f} ms | {statistics.median(warm):.0f} ms | "
            f"{warm[-1]:.0f} ms | {under} of {len(times)} | {titles} of {len(times)} |",
        ]
    )
    print(section)
    if not args.no_write:
        benchmarks_md.write_section("explorer-open", section)


if __name__ == "__main__":
    main()
