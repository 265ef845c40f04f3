"""The soak's report: requests by status, latency per endpoint and phase, memory, writes."""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import numpy as np
from soak_load import Sample

# every acknowledged id: how many are there, how many exactly once, how many more than once
WRITES_PRESENT = """
UNWIND $ids AS id
OPTIONAL MATCH (p:Paper {id: id})
WITH id, count(p) AS copies
RETURN count(CASE WHEN copies > 0 THEN 1 END) AS found,
       count(CASE WHEN copies = 1 THEN 1 END) AS once,
       count(CASE WHEN copies > 1 THEN 1 END) AS duplicated
"""
PHASES = ("before", "during", "after")


def phase(sample: Sample, marks: dict[str, float]) -> str:
    """Before the kill, while Neo4j is away (until it answers again), or after."""
    if sample.started < marks.get("killed", float("inf")):
        return "before"
    return "during" if sample.started < marks.get("back", float("inf")) else "after"


def _ms(values: list[float], q: float) -> str:
    return f"{np.percentile(values, q):.0f}" if values else "–"


def status_table(samples: list[Sample]) -> list[str]:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for sample in samples:
        counts[sample.endpoint][sample.status] += 1
    statuses = sorted({s.status for s in samples})
    names = [("no answer" if s == 0 else str(s)) for s in statuses]
    lines = ["| endpoint | requests | " + " | ".join(names) + " |",
             "|---|---:|" + "---:|" * len(statuses)]
    for endpoint in sorted(counts):
        row = counts[endpoint]
        cells = " | ".join(f"{row[s]:,}" if row[s] else "" for s in statuses)
        lines.append(f"| `{endpoint}` | {sum(row.values()):,} | {cells} |")
    total = Counter(s.status for s in samples)
    cells = " | ".join(f"{total[s]:,}" for s in statuses)
    lines.append(f"| all | {len(samples):,} | {cells} |")
    return lines


def latency_table(samples: list[Sample], marks: dict[str, float]) -> list[str]:
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    for sample in samples:
        by[(sample.endpoint, phase(sample, marks))].append(sample.ms)
    head = " | ".join(f"{p} p50 | {p} p99" for p in PHASES)
    lines = [f"| endpoint | {head} |", "|---|" + "---:|" * (2 * len(PHASES))]
    for endpoint in sorted({s.endpoint for s in samples}):
        cells = " | ".join(f"{_ms(by[(endpoint, p)], 50)} | {_ms(by[(endpoint, p)], 99)}"
                           for p in PHASES)
        lines.append(f"| `{endpoint}` | {cells} |")
    return lines


def render(samples: list[Sample], marks: dict[str, float],
           memory: dict[str, tuple[float, float]], writes: dict[str, int],
           args: argparse.Namespace, machine: str) -> str:
    """The BENCHMARKS.md section of one soak run."""
    start = marks["start"]
    killed = marks.get("killed", start) - start
    back = marks.get("back", start) - start
    readers = args.clients - args.writers - args.abusers
    lines = [
        "## Soak (`bench/soak.py`)",
        "",
        f"{args.duration:.0f} s of load at {args.clients} clients ({readers} readers, "
        f"{args.writers} writers of new papers, {args.abusers} sending pathological Cypher) "
        f"against the seed graph; the bundled Neo4j SIGKILLed at {killed:.0f} s and answering "
        f"again at {back:.0f} s (restart included); "
        f"`CITEGRAPH_CYPHER_TIMEOUT_S={args.cypher_timeout:g}`, "
        f"other settings default. Machine: {machine}; shared with other jobs.",
        "",
        "Requests by status (`no answer`: the client saw no response within its timeout):",
        "",
        *status_table(samples),
        "",
        "Latency in ms per endpoint, before / during / after the outage:",
        "",
        *latency_table(samples, marks),
        "",
        "| memory (RSS MiB) | start | end |",
        "|---|---:|---:|",
        f"| API (uvicorn) | {memory['start'][0]:.0f} | {memory['end'][0]:.0f} |",
        f"| Neo4j (end: the restarted process) | {memory['start'][1]:.0f} | "
        f"{memory['end'][1]:.0f} |",
        "",
        f"Acknowledged writes (`POST /papers` answered 200): {writes['acknowledged']:,}; present "
        f"exactly once at the end: {writes['present once']:,}; missing: {writes['missing']}; "
        f"duplicated: {writes['duplicated']} (lost writes = {writes['missing']}).",
        "",
        f"Command: `.venv/bin/python bench/soak.py --duration {args.duration:g} "
        f"--clients {args.clients} --write`",
    ]
    return "\n".join(lines)
