"""API load benchmark: requests/second and p50/p99 latency at 1, 10 and 100 concurrent clients.

Starts the API with uvicorn on loopback against the configured Neo4j (which must hold the seed
corpus: ``citegraph ingest`` it first), drives it with ``wrk`` (Debian package ``wrk``), and
writes the median of several runs to BENCHMARKS.md between the ``bench:api`` markers.

    .venv/bin/python bench/api.py [--workers 2] [--duration 5] [--runs 3]
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
import time
import urllib.parse
import urllib.request
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api import wiring  # noqa: E402
from api.settings import REPO_ROOT, Settings  # noqa: E402

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


def endpoint_paths(settings: Settings) -> dict[str, list[str]]:
    """Request paths per benchmarked endpoint, over every paper of the graph."""
    with wiring.graph_store(settings) as store:
        rows = store.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS title ORDER BY id")
    if not rows:
        sys.exit(
            "the graph is empty: ingest the seed corpus first (citegraph ingest ../shared/seeds)"
        )
    quote = urllib.parse.quote
    return {
        "/papers/{id}": [f"/papers/{quote(r['id'], safe='')}" for r in rows],
        "/papers/{id}/similar": [f"/papers/{quote(r['id'], safe='')}/similar?k=10" for r in rows],
        "/search": [
            f"/search?k=10&q={quote(' '.join((r['title'] or 'graph').split()[:6]))}+{{unique}}"
            for r in rows
        ],
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


def write_section(table: str, command: str) -> None:
    benchmarks_md.write_section("api", f"{table}\n\nCommand: `{command}`")


def measure(base: str, paths: dict[str, list[str]], runs: int, duration: int) -> list[str]:
    """Table rows for each endpoint at each concurrency (median of ``runs``)."""
    rows = []
    for endpoint, endpoint_paths_ in paths.items():
        warm_up(base, endpoint_paths_[:8])
        run_wrk(base, endpoint_paths_, 10, 2)  # warm-up: caches and JIT warm
        for connections in CONCURRENCY:
            results = [run_wrk(base, endpoint_paths_, connections, duration) for _ in range(runs)]
            median = {k: statistics.median(r[k] for r in results) for k in ("rps", "p50", "p99")}
            print(json.dumps({"endpoint": endpoint, "clients": connections, **median}), flush=True)
            rows.append(
                f"{endpoint}|{connections}|{median['rps']:.0f}|{median['p50']:.1f}|"
                f"{median['p99']:.1f}"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    settings = Settings()
    paths = endpoint_paths(settings)
    base = f"http://127.0.0.1:{args.port}"
    cached = {k: v for k, v in paths.items() if k != "/search"}  # /search is never cached
    table = []
    for ttl, config_paths in ((0.0, paths), (settings.api_cache_ttl_s, cached)):
        api = start_api(
            settings.model_copy(update={"api_cache_ttl_s": ttl}), args.port, args.workers
        )
        try:
            label = f"cache {ttl:g} s" if ttl else "no cache"
            table += [
                f"| `{row.split('|')[0]}` | {label} | " + " | ".join(row.split("|")[1:]) + " |"
                for row in measure(base, config_paths, args.runs, args.duration)
            ]
        finally:
            api.terminate()
            api.wait(timeout=30)
    text = "\n".join(
        [
            "## API (`bench/api.py`)",
            "",
            f"{len(paths['/papers/{id}'])} seed papers; uvicorn (httptools, uvloop) with "
            f"{args.workers} workers, wrk on loopback, median of {args.runs} runs of "
            f"{args.duration} s; machine: 2 cores, 24 GiB, shared with Neo4j and other jobs "
            f"(load average {os.getloadavg()[0]:.1f} at the end); {dt.date.today().isoformat()}. "
            "`/search` queries are all distinct (each one is embedded). With the response cache "
            "(`CITEGRAPH_API_CACHE_TTL_S`) hot papers are served from memory.",
            "",
            "| endpoint | cache | clients | req/s | p50 ms | p99 ms |",
            "|---|---|---:|---:|---:|---:|",
            *table,
        ]
    )
    command = (
        f".venv/bin/python bench/api.py --workers {args.workers} --duration {args.duration} "
        f"--runs {args.runs}"
    )
    write_section(text, command)
    print(text)


if __name__ == "__main__":
    main()
