"""One measured ``citegraph build`` of a corpus, as a user runs it, with every process's peak RSS.

``.venv/bin/python bench/scale_build.py CORPUS --engine local|ray --data-dir DIR --out RUN.json
[--code CHECKOUT]``

Starts a Neo4j of its own (free port, ``DIR/neo4j``), runs ``python -m api.cli build CORPUS``
with ``CITEGRAPH_ENGINE`` set, samples the RSS of the build process, of every process it
started (a local Ray's raylet, GCS and workers) and of Neo4j twice a second, and writes the
wall time, the build's own stage times and the peaks to ``RUN.json``. ``--code`` runs the build
of another checkout of the project (``git worktree add /tmp/old COMMIT``) with this venv, so an
earlier commit's build is timed on the same machine as today's. ``bench/scale.py`` turns
such files into the ``bench:scale`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

from graph.server import LocalNeo4j, free_port  # noqa: E402

PASSWORD = "citegraph-bench"
_STAGE_ROW = re.compile(r"time (.+?)\s+│\s+([\d.]+) s")


def process_label(proc: psutil.Process) -> str:
    """A short name for a process: citegraph, neo4j, raylet, gcs_server, ray worker, ..."""
    try:
        cmdline = " ".join(proc.cmdline())
    except psutil.Error:
        return "gone"
    if "org.citegraph" in cmdline or "neo4j" in cmdline and "java" in cmdline:
        return "neo4j"
    for name in ("raylet", "gcs_server", "dashboard", "log_monitor", "monitor.py", "plasma"):
        if name in cmdline:
            return f"ray {name}"
    if "ray::" in cmdline or "default_worker.py" in cmdline:
        return "ray worker"
    if "api.cli" in cmdline:
        return "citegraph"
    return proc.name()


class RssSampler(threading.Thread):
    """Peak RSS per process label (summed over same-label processes) and of everything."""

    def __init__(self, roots: list[int], interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self.peak_one: dict[str, int] = {}  # the largest single process of each label
        self.peak_total = 0
        self.timeline: list[tuple[float, int]] = []  # (seconds, RSS of the citegraph process)
        self._start = time.perf_counter()
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval)

    def sample(self) -> None:
        procs: dict[int, psutil.Process] = {}
        for pid in self.roots:
            try:
                root = psutil.Process(pid)
                procs[pid] = root
                for child in root.children(recursive=True):
                    procs[child.pid] = child
            except psutil.Error:
                continue
        sums: dict[str, int] = {}
        for proc in procs.values():
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            label = process_label(proc)
            sums[label] = sums.get(label, 0) + rss
            self.peak_one[label] = max(self.peak_one.get(label, 0), rss)
        for label, rss in sums.items():
            self.peaks[label] = max(self.peaks.get(label, 0), rss)
        self.peak_total = max(self.peak_total, sum(sums.values()))
        self.timeline.append((time.perf_counter() - self._start, sums.get("citegraph", 0)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def commit_of(checkout: Path) -> str:
    """The checkout's commit (short hash), with ``+changes`` when its tree is not clean."""
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "-uno"],
                           capture_output=True, text=True).stdout.strip()
    return f"{head}+changes" if dirty else head or "unknown"


def run_build(args: argparse.Namespace, uri: str, roots: list[int]) -> dict:
    env = dict(
        os.environ,
        NEO4J_URI=uri,
        NEO4J_PASSWORD=PASSWORD,
        CITEGRAPH_DATA_DIR=str(args.data_dir),
        CITEGRAPH_ENGINE=args.engine,
        HF_HUB_OFFLINE="1",
        PYTHONPATH=str(args.code),
        COLUMNS="200",
    )
    cmd = [sys.executable, "-m", "api.cli", "build", str(args.corpus.resolve())]
    clock = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=args.code, env=env, stdout=subprocess.PIPE, text=True)
    sampler = RssSampler([child.pid, *roots])
    sampler.start()
    output, _ = child.communicate()
    wall = time.perf_counter() - clock
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".out").write_text(output)  # kept even if what follows fails
    sampler.stop()
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode}):\n{output}")
    stages = {name.strip(): float(sec) for name, sec in _STAGE_ROW.findall(output)}
    papers = re.search(r"papers in graph\s+│\s+(\d+)", output)
    return {
        "engine": args.engine,
        "corpus": str(args.corpus),
        "code": commit_of(args.code),
        "ray_address": os.environ.get("RAY_ADDRESS"),
        "ray_workers": len([p for p in os.environ.get("CITEGRAPH_BENCH_ROOTS", "").split(",")
                            if p]) - 1,
        "wall_s": wall,
        "papers": int(papers.group(1)) if papers else None,
        "stages_s": stages,
        "peak_rss_mb": {k: v / 2**20 for k, v in sorted(sampler.peaks.items())},
        "peak_rss_one_mb": {k: v / 2**20 for k, v in sorted(sampler.peak_one.items())},
        "peak_rss_total_mb": sampler.peak_total / 2**20,
        "stage_peak_rss_mb": stage_peaks(sampler.timeline, wall, stages),
        "output": output,
    }


def stage_peaks(timeline: list[tuple[float, int]], wall: float,
                stages: dict[str, float]) -> dict[str, float]:
    """The citegraph process's peak RSS (MB) in each stage and in reading before them.

    The stages run one after another and end just before the process prints its table, so
    their bounds are found by counting the stage seconds back from the end of the run.
    """
    bounds: list[tuple[str, float, float]] = []
    end = wall
    for name, seconds in reversed(list(stages.items())):
        bounds.append((name, end - seconds, end))
        end -= seconds
    bounds.append(("read corpus", 0.0, end))
    peaks = {}
    for name, start, stop in reversed(bounds):
        inside = [rss for t, rss in timeline if start <= t < stop]
        peaks[name] = round(max(inside, default=0) / 2**20, 1)
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose build runs")
    args = parser.parse_args()
    args.code = args.code.resolve()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    port = free_port()
    server = LocalNeo4j(args.data_dir / "neo4j", port=port, password=PASSWORD, heap="1g",
                        pagecache="512m")
    server.start(timeout=240)
    try:
        pid = server.status().pid
        # the nodes of a Ray cluster started for the benchmark (bench/scale_cluster.py)
        roots = [int(p) for p in os.environ.get("CITEGRAPH_BENCH_ROOTS", "").split(",") if p]
        result = run_build(args, server.uri, [pid, *roots] if pid else roots)
    finally:
        server.stop()
    result["cpu"] = benchmarks_md.cpu_line()  # model, speed flags, cores of the machine measured
    result["cpu_count"] = os.cpu_count()
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    result["load_avg_before"] = load_before
    result["load_avg_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "output"}, indent=2))


if __name__ == "__main__":
    main()
