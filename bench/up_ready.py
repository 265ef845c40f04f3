"""Time to ready of ``citegraph up`` on a fresh data directory: seconds until the API answers
``/health`` (explorer, REST and Cypher are served from then on), and until the link predictor's
predictions are written (``/health`` -> ``link_prediction.state == "ready"``).

    .venv/bin/python bench/up_ready.py --data-dir /tmp/up-fresh --bolt-port 7795 --api-port 8095

The data directory must not exist (a fresh start: Neo4j store, ONNX export, embeddings); the
local Neo4j it starts is stopped at the end. Prints the load average before and after, since
wall time on a shared machine is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def health(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--api-port", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    if args.data_dir.exists():
        raise SystemExit(f"{args.data_dir} exists: give a fresh data directory")
    cli = [sys.executable, "-m", "api.cli", "--data-dir", str(args.data_dir),
           "--bolt-port", str(args.bolt_port)]
    env = {**os.environ, "CITEGRAPH_API_PORT": str(args.api_port), "PYTHONPATH": str(REPO)}
    env.pop("NEO4J_URI", None)
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    started = time.monotonic()
    process = subprocess.Popen([*cli, "up"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    serving = trained = None
    try:
        while time.monotonic() - started < args.timeout and process.poll() is None:
            status = health(args.api_port)
            if status and serving is None:
                serving = time.monotonic() - started
                print(f"API answering /health after {serving:.1f} s", flush=True)
            state = ((status or {}).get("link_prediction") or {}).get("state")
            if state in ("ready", "failed"):
                trained = time.monotonic() - started
                print(f"link prediction {state} after {trained:.1f} s: "
                      f"{status['link_prediction']}", flush=True)
                break
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        subprocess.run([*cli, "db", "stop"], env=env, cwd=REPO, capture_output=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
