"""Soak: mixed reads, writes and pathological Cypher at 50 clients for 10 minutes, with the
bundled Neo4j killed (SIGKILL) and restarted once in the middle. Loopback only.

Starts its own Neo4j (free port, own data dir), ingests the seed corpus with
``citegraph ingest``, serves the API with uvicorn, runs the load (``soak_load``), then checks
every acknowledged ``POST /papers`` against the graph (present exactly once). Reports
requests by status, p50/p99 per endpoint before/during/after the outage, and API and
Neo4j RSS at start and end; ``--write`` puts the table in BENCHMARKS.md.

    .venv/bin/python bench/soak.py --duration 600 --clients 50 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)
import psutil
import soak_load  # noqa: E402
import soak_report  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.settings import REPO_ROOT  # noqa: E402
from graph.server import LocalNeo4j, free_port  # noqa: E402
from graph.store import GraphStore  # noqa: E402

PASSWORD = "citegraph-soak-pw"
API_KEY = "soak-key-0123456789"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def api_env(server: LocalNeo4j, data_dir: Path, cypher_timeout: float) -> dict[str, str]:
    return os.environ | {
        "NEO4J_URI": server.uri,
        "NEO4J_PASSWORD": server.password,
        "CITEGRAPH_DATA_DIR": str(data_dir),
        "CITEGRAPH_API_KEY": API_KEY,
        "CITEGRAPH_CYPHER_TIMEOUT_S": str(cypher_timeout),
        "HF_HUB_OFFLINE": "1",
    }


def ingest_seeds(env: dict[str, str]) -> None:
    citegraph = Path(sys.executable).parent / "citegraph"
    subprocess.run([str(citegraph), "ingest", str(SEEDS)], env=env, cwd=REPO_ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def start_api(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "api.app:app_from_env", "--host",
           "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "error"]
    process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the API did not come up")


def stop_api(api: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL when requests still in flight hold it past 30 s."""
    api.terminate()
    try:
        api.wait(timeout=30)
    except subprocess.TimeoutExpired:
        api.kill()
        api.wait(timeout=30)


def rss_mib(pid: int) -> float:
    process = psutil.Process(pid)
    total = process.memory_info().rss + sum(
        child.memory_info().rss for child in process.children(recursive=True)
    )
    return round(total / 2**20, 1)


def neo4j_pid(server: LocalNeo4j) -> int:
    pid = server.status().pid
    assert pid is not None, "Neo4j is not running"
    return pid


def outage(server: LocalNeo4j, at: float, down_s: float, marks: dict[str, float]) -> None:
    """At ``at`` (monotonic), SIGKILL Neo4j; ``down_s`` later start it again."""
    time.sleep(max(0.0, at - time.monotonic()))
    os.kill(neo4j_pid(server), 9)
    marks["killed"] = time.monotonic()
    time.sleep(down_s)
    server.start(timeout=300)
    marks["back"] = time.monotonic()


def check_writes(server: LocalNeo4j, acknowledged: list[str]) -> dict[str, int]:
    with GraphStore(server.uri, "neo4j", server.password) as store:
        rows = store.read(soak_report.WRITES_PRESENT, ids=acknowledged)[0]
    return {"acknowledged": len(acknowledged), "present once": rows["once"],
            "missing": len(acknowledged) - rows["found"], "duplicated": rows["duplicated"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writers", type=int, default=4, help="of the clients: POST /papers")
    parser.add_argument("--abusers", type=int, default=4, help="of the clients: bad Cypher")
    parser.add_argument("--down", type=float, default=20.0, help="seconds Neo4j stays down")
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--cypher-timeout", type=float, default=5.0)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--neo4j-password", default=PASSWORD)
    parser.add_argument("--bolt-port", type=int, default=None, help="default: a free port")
    parser.add_argument("--write", action="store_true", help="write the table to BENCHMARKS.md")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="citegraph-soak-"))
    port = args.bolt_port or free_port()
    server = LocalNeo4j(data_dir / "neo4j", port=port, password=args.neo4j_password)
    print(server.start(timeout=300), flush=True)
    api = None
    try:
        env = api_env(server, data_dir, args.cypher_timeout)
        ingest_seeds(env)
        with GraphStore(server.uri, "neo4j", server.password) as store:
            ids = [row["id"] for row in store.read("MATCH (p:Paper) RETURN p.id AS id")]
        port = free_port()
        api = start_api(env, port)
        memory = {"start": (rss_mib(api.pid), rss_mib(neo4j_pid(server)))}
        load = soak_load.Load(f"http://127.0.0.1:{port}", API_KEY, ids, args.max_requests)
        readers = args.clients - args.writers - args.abusers
        roles = ([(soak_load.reader, n) for n in range(readers)]
                 + [(soak_load.writer, n) for n in range(args.writers)]
                 + [(soak_load.abuser, n) for n in range(args.abusers)])
        threads = [threading.Thread(target=role, args=(load, n), daemon=True) for role, n in roles]
        started = time.monotonic()
        marks: dict[str, float] = {"start": started}
        killer = threading.Thread(target=outage, args=(server, started + args.duration / 2,
                                                       args.down, marks))
        for thread in [*threads, killer]:
            thread.start()
        load.stop.wait(args.duration)
        load.stop.set()
        for thread in [*threads, killer]:
            thread.join(timeout=420)
        marks["end"] = time.monotonic()
        memory["end"] = (rss_mib(api.pid), rss_mib(neo4j_pid(server)))
        writes = check_writes(server, load.acknowledged)
    finally:
        try:
            if api is not None:
                stop_api(api)
        finally:
            server.stop()
    body = soak_report.render(load.samples, marks, memory, writes, args, cpu_line())
    print(body)
    if args.write:
        benchmarks_md.write_section("soak", body)


def cpu_line() -> str:
    load = os.getloadavg()[0]
    return f"{benchmarks_md.cpu_line()}, load average {load:.1f} at the end; {dt.date.today()}"


if __name__ == "__main__":
    main()
