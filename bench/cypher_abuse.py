"""Pathological ``POST /cypher`` queries against the configured Neo4j (which must hold the seed
graph): the status each gets, how long the API took to answer, and whether the next query
is served. Prints a Markdown table for BENCHMARKS.md.

    NEO4J_URI=bolt://127.0.0.1:PORT .venv/bin/python bench/cypher_abuse.py

Restart the Neo4j afterwards: the ``reduce`` query keeps one of its threads busy (Neo4j
checks no timeout inside one expression) even though the API has answered.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import create_app  # noqa: E402
from api.cypher_runner import RUNAWAY_QUERIES, uninterruptible_query  # noqa: E402
from api.settings import Settings  # noqa: E402

QUERIES = [
    *RUNAWAY_QUERIES,
    "MATCH (a), (b) RETURN collect([a, b])",  # the result itself past the byte cap
    "MATCH (a), (b), (c), (d) RETURN count(*)",
    uninterruptible_query(10_000_000),
]


def main() -> None:
    settings = Settings()
    print(f"timeout {settings.cypher_timeout_s:g} s\n")
    print("| query | answer | seconds | next `RETURN 1` |\n|---|---|---:|---|")
    with TestClient(create_app(settings)) as client:
        for query in QUERIES:
            started = time.monotonic()
            response = client.post("/cypher", json={"query": query})
            seconds = time.monotonic() - started
            body = response.json()
            if response.status_code == 200:
                answer = f"200, {body['row_count']} rows"
            else:
                answer = f"{response.status_code} `{body['error']['code']}`"
            started = time.monotonic()
            following = client.post("/cypher", json={"query": "RETURN 1"}).status_code
            next_ms = (time.monotonic() - started) * 1000
            cell = query.replace("|", "\\|")
            print(f"| `{cell}` | {answer} | {seconds:.1f} | {following} in {next_ms:.0f} ms |")


if __name__ == "__main__":
    main()
