"""API load benchmark: requests/second and p50/p99 latency at 1, 10 and 100 concurrent clients.

Starts the API with uvicorn on loopback against the configured Neo4j (which must hold a graph:
``citegraph ingest ../shared/seeds`` or any build), drives it with ``wrk`` (Debian package
``wrk``), and writes the median of several runs to BENCHMARKS.md between the ``bench:api``
markers (``--section`` names another).

    .venv/bin/python bench/api.py [--workers 2] [--duration 5] [--runs 3]
    .venv/bin/python bench/api.py --bolt --no-cached --section api-real25k --label "..."

``--bolt``: beside each uncached API run, the Cypher that endpoint sends, with the same
parameters, straight over Bolt from as many threads of one Python process as the API has
clients (notifications off): the ratio says how much of what Neo4j and the driver can do the
API keeps. ``/search`` is compared with its vector query on embeddings computed beforehand
(the API embeds each distinct query as it comes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neo4j import GraphDatabase, RoutingControl  # noqa: E402

from api import queries, wiring  # noqa: E402
from api.settings import REPO_ROOT, Settings  # noqa: E402
from graph.schema import PAPER_VECTOR, RELATIONSHIP_TYPES  # noqa: E402

# One request's Cypher: (query, parameters) in the order the endpoint sends them
Statements = list[tuple[str, dict[str, Any]]]

CONCURRENCY = (1, 10, 100)
# wrk script: cycle through the paths file; {unique} makes every search query new (no cache hit)
LUA = """
local paths, i = {}, 0
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
request = function()
  i = i + 1
  local unique = tostring(i) .. "x" .. tostring(math.random(1e9))
  local path = paths[(i %% #paths) + 1]:gsub("{unique}", unique)
  return wrk.format("GET", path)
end
"""


def endpoint_work(
    settings: Settings, search_vectors: int
) -> tuple[dict[str, list[str]], dict[str, list[Statements]]]:
    """Request paths per endpoint over every paper (and entity) of the graph, and for each the
    Cypher statements the endpoint sends (``/search``: on ``search_vectors`` titles embedded
    here beforehand)."""
    with wiring.graph_store(settings) as store:
        rows = store.read(
            "MATCH (p:Paper) WHERE NOT coalesce(p.stub, false) "
            "RETURN p.id AS id, p.title AS title ORDER BY id"
        )
        entities = [r["id"] for r in store.read("MATCH (e:Entity) RETURN e.id AS id ORDER BY id")]
    if not rows:
        sys.exit(
            "the graph is empty: ingest the seed corpus first (citegraph ingest ../shared/seeds)"
        )
    quote = urllib.parse.quote
    ids = [r["id"] for r in rows]
    titles = [" ".join((r["title"] or "graph").split()[:6]) for r in rows]
    paths = {
        "/papers/{id}": [f"/papers/{quote(i, safe='')}" for i in ids],
        "/papers/{id}/similar": [f"/papers/{quote(i, safe='')}/similar?k=10" for i in ids],
        "/papers/{id}/related": [f"/papers/{quote(i, safe='')}/related?k=10" for i in ids],
        "/graph/subgraph": [f"/graph/subgraph?paper={quote(i, safe='')}" for i in ids],
        "/entities/{id}": [f"/entities/{quote(e, safe='')}" for e in entities],
        "/search": [f"/search?k=10&q={quote(t)}+{{unique}}" for t in titles],
    }
    hop = {"entity_ids": [], "rel_types": list(RELATIONSHIP_TYPES), "limit": 400}
    statements: dict[str, list[Statements]] = {
        "/papers/{id}": [[(queries.PAPER_DETAIL, {"id": i})] for i in ids],
        "/papers/{id}/similar": [
            [(queries.PAPER_SIMILAR, {"id": i, "k": 10, "index": PAPER_VECTOR})] for i in ids
        ],
        "/papers/{id}/related": [[(queries.PAPER_RELATED, {"id": i, "k": 10})] for i in ids],
        "/graph/subgraph": [
            [
                (queries.SUBGRAPH_START, {"paper_ids": [i], "entity_ids": []}),
                (queries.SUBGRAPH_HOP, {"paper_ids": [i], **hop}),
            ]
            for i in ids
        ],
        "/entities/{id}": [[(queries.ENTITY_DETAIL, {"id": e, "k": 10})] for e in entities],
    }
    if search_vectors:
        embedder = wiring.query_embedder(settings)
        vectors = [embedder.embed([t])[0].tolist() for t in titles[:search_vectors]]
        statements["/search"] = [
            [(queries.SEMANTIC_SEARCH, {"index": PAPER_VECTOR, "k": 10, "embedding": v})]
            for v in vectors
        ]
    return paths, statements


def run_bolt(
    settings: Settings, work: list[Statements], threads: int, duration: float
) -> dict[str, float]:
    """``threads`` threads of this process sending ``work`` round-robin straight over Bolt
    for ``duration`` seconds: requests (all of one request's statements) per second, p50/p99."""
    driver = GraphDatabase.driver(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        notifications_min_severity="OFF",
        max_connection_pool_size=max(threads, 10),
    )
    counter = iter(range(10**12))

    def clients(count: int, seconds: float) -> tuple[list[float], float]:
        latencies: list[float] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + seconds

        def client() -> None:
            mine = []
            while time.perf_counter() < deadline:
                request = work[next(counter) % len(work)]
                started = time.perf_counter()
                for query, params in request:
                    driver.execute_query(
                        query, params, database_=settings.neo4j_database,
                        routing_=RoutingControl.READ,
                    )
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)

        clock = time.perf_counter()
        workers = [threading.Thread(target=client) for _ in range(count)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return sorted(latencies), time.perf_counter() - clock

    try:
        clients(min(threads, 2), 1.0)  # warm-up: connections open, plans cached
        latencies, elapsed = clients(threads, duration)
    finally:
        driver.close()
    return {
        "rps": len(latencies) / elapsed,
        "p50": 1000 * latencies[len(latencies) // 2],
        "p99": 1000 * latencies[int(len(latencies) * 0.99)],
    }


def start_api(settings: Settings, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "CITEGRAPH_API_CACHE_TTL_S": str(settings.api_cache_ttl_s),
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "HF_HUB_OFFLINE": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "api.app:app_from_env",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the API did not come up")


def warm_up(base: str, paths: list[str]) -> None:
    """A few requests one by one, so that every worker has loaded what it loads lazily."""
    for path in paths:
        url = base + path.replace("{unique}", "warmup")
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()


def run_wrk(base: str, paths: list[str], connections: int, duration: int) -> dict[str, float]:
    """One wrk run: requests/second and p50/p99 latency in milliseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        paths_file, script = Path(tmp) / "paths.txt", Path(tmp) / "paths.lua"
        paths_file.write_text("\n".join(paths) + "\n")
        script.write_text(LUA % {"paths": paths_file})
        threads = min(2, connections)
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        sys.exit(f"{bad.group(1)} requests failed:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _latency(out, "50%"),
        "p99": _latency(out, "99%"),
    }


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def write_section(section: str, table: str, command: str) -> None:
    benchmarks_md.write_section(section, f"{table}\n\nCommand: `{command}`")


def measure(
    base: str,
    paths: dict[str, list[str]],
    args: argparse.Namespace,
    bolt: tuple[Settings, dict[str, list[Statements]]] | None = None,
) -> list[dict[str, Any]]:
    """One row for each endpoint at each concurrency (median of ``args.runs``), with the raw
    Bolt runs beside it when ``bolt`` is given."""
    rows = []
    for endpoint, endpoint_paths_ in paths.items():
        warm_up(base, endpoint_paths_[:8])
        run_wrk(base, endpoint_paths_, 10, 2)  # warm-up: caches and JIT warm
        for connections in CONCURRENCY:
            results = [
                run_wrk(base, endpoint_paths_, connections, args.duration)
                for _ in range(args.runs)
            ]
            row: dict[str, Any] = {"endpoint": endpoint, "clients": connections}
            row |= {k: statistics.median(r[k] for r in results) for k in ("rps", "p50", "p99")}
            if bolt and endpoint in bolt[1]:
                raw = [
                    run_bolt(bolt[0], bolt[1][endpoint], connections, args.duration)
                    for _ in range(args.runs)
                ]
                row |= {
                    f"bolt_{k}": statistics.median(r[k] for r in raw) for k in ("rps", "p50")
                }
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def table_rows(rows: list[dict[str, Any]], label: str, bolt: bool) -> list[str]:
    lines = []
    for row in rows:
        cells = [f"`{row['endpoint']}`", label, str(row["clients"]), f"{row['rps']:.0f}",
                 f"{row['p50']:.1f}", f"{row['p99']:.1f}"]
        if bolt:
            if "bolt_rps" in row:
                cells += [f"{row['bolt_rps']:.0f}", f"{row['bolt_p50']:.1f}",
                          f"**{row['rps'] / row['bolt_rps']:.2f}**"]
            else:
                cells += ["-", "-", "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--bolt", action="store_true", help="raw Bolt beside each endpoint")
    parser.add_argument("--no-cached", action="store_true", help="skip the response-cache pass")
    parser.add_argument("--section", default="api", help="BENCHMARKS.md section to write")
    parser.add_argument("--label", default="", help="what graph this is, for the text")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    settings = Settings()
    paths, statements = endpoint_work(settings, search_vectors=200 if args.bolt else 0)
    if not args.bolt:  # the seed-graph table keeps its three endpoints
        paths = {k: v for k, v in paths.items() if k in ("/papers/{id}", "/papers/{id}/similar",
                                                         "/search")}
    base = f"http://127.0.0.1:{args.port}"
    cached = {k: v for k, v in paths.items() if k != "/search"}  # /search is never cached
    passes = [(0.0, paths)] + ([] if args.no_cached else [(settings.api_cache_ttl_s, cached)])
    table = []
    for ttl, config_paths in passes:
        api = start_api(
            settings.model_copy(update={"api_cache_ttl_s": ttl}), args.port, args.workers
        )
        try:
            bolt = (settings, statements) if args.bolt and not ttl else None
            rows = measure(base, config_paths, args, bolt)
            table += table_rows(rows, f"cache {ttl:g} s" if ttl else "no cache", args.bolt)
        finally:
            api.terminate()
            api.wait(timeout=30)
    header = "| endpoint | cache | clients | req/s | p50 ms | p99 ms |"
    rule = "|---|---|---:|---:|---:|---:|"
    if args.bolt:
        header += " raw Bolt q/s | raw Bolt p50 ms | API / Bolt |"
        rule += "---:|---:|---:|"
    graph = args.label or f"{len(paths['/papers/{id}'])} seed papers"
    title = "## API (`bench/api.py`)" if args.section == "api" else f"## API on {graph}"
    text = "\n".join(
        [
            title,
            "",
            f"{graph}; uvicorn (httptools, uvloop) with {args.workers} workers, wrk on "
            f"loopback, median of {args.runs} runs of {args.duration} s; machine: "
            f"{benchmarks_md.cpu_line()}, 24 GiB, shared by the API, Neo4j and the clients "
            "(load average "
            f"{os.getloadavg()[0]:.1f} at the end); {dt.date.today().isoformat()}. "
            "`/search` queries are all distinct (each one is embedded). With the response cache "
            "(`CITEGRAPH_API_CACHE_TTL_S`) hot papers are served from memory.",
            "",
            header,
            rule,
            *table,
        ]
    )
    command = (
        f".venv/bin/python bench/api.py --workers {args.workers} --duration {args.duration} "
        f"--runs {args.runs}"
        + (" --bolt" if args.bolt else "")
        + (" --no-cached" if args.no_cached else "")
        + (f" --section {args.section}" if args.section != "api" else "")
    )
    write_section(args.section, text, command)
    print(text)


if __name__ == "__main__":
    main()
