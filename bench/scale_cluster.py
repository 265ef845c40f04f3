"""A Ray cluster simulated on this machine: a head and 1 or 2 worker nodes (``ray start``),
each worker with one CPU, and a ``citegraph build --engine ray`` of a corpus against it.

``.venv/bin/python bench/scale_cluster.py CORPUS --workers 1 --data-dir DIR --out RUN.json``

The head node gets no CPUs, so every actor runs on a worker node: extraction and embedding
run on exactly ``--workers`` CPUs, and the stage times of the 1- and 2-worker runs give the
scaling ratio (``bench/scale.py`` reads the files).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAY = Path(sys.executable).parent / "ray"


def start_node(*args: str) -> subprocess.Popen:
    """``ray start --block``: the node's processes live as long as this one (stopped by pid)."""
    return subprocess.Popen([str(RAY), "start", "--block", "--disable-usage-stats", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_nodes(nodes: list[subprocess.Popen]) -> None:
    for node in reversed(nodes):
        node.send_signal(signal.SIGTERM)
        try:
            node.wait(timeout=60)
        except subprocess.TimeoutExpired:
            node.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--port", type=int, default=46379)
    args = parser.parse_args()
    address = f"127.0.0.1:{args.port}"
    env_path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    os.environ["PYTHONPATH"] = env_path  # the nodes' workers import citegraph from here
    # a loopback-only cluster: no token auth (Ray 2.51 turns it on when ~/.ray/auth_token
    # exists, and the build's driver would then need the token too)
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    nodes = [start_node("--head", f"--port={args.port}", "--num-cpus=0",
                        "--include-dashboard=false", "--object-store-memory=200000000")]
    try:
        time.sleep(15)  # the head's GCS must answer before workers join
        for _ in range(args.workers):
            nodes.append(start_node(f"--address={address}", "--num-cpus=1",
                                    "--object-store-memory=150000000"))
        time.sleep(10)
        env = dict(os.environ, RAY_ADDRESS=address,
                   CITEGRAPH_BENCH_ROOTS=",".join(str(node.pid) for node in nodes))
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "scale_build.py"), str(args.corpus),
             "--engine", "ray", "--data-dir", str(args.data_dir), "--out", str(args.out)],
            check=True, env=env,
        )
    finally:
        stop_nodes(nodes)

if __name__ == "__main__":
    main()
