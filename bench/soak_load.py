"""The soak's load: client threads of three roles, and what they record.

Readers cycle through papers, similar, full-text and semantic search, subgraph and small
Cypher; writers ``POST /papers`` new papers (each id once) and remember which were
acknowledged; abusers send pathological Cypher. Every request is recorded with its endpoint,
status (0 = no answer) and latency, for the report to split by phase.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import httpx

PATHOLOGICAL = [
    "MATCH p = ()-[*0..]->() RETURN p",
    "MATCH (a), (b) WHERE a <> b MATCH p = shortestPath((a)-[*]-(b)) RETURN count(p)",
    "UNWIND range(1, 100000000) AS x RETURN count(x)",
    "MATCH (a), (b) RETURN size(collect([a, b]))",
    "MATCH (a), (b), (c) RETURN count(*)",
    "WITH reduce(s = '', x IN range(1, 30000) | s + 'xxxxxxxxxx') AS s RETURN size(s)",
]
WORDS = ("graph", "neural", "transformer", "retrieval", "benchmark", "entity", "citation",
         "language", "vision", "dataset", "contrastive", "sparse", "attention", "model")


@dataclass
class Sample:
    endpoint: str
    status: int  # 0: no answer (connection refused, reset or client timeout)
    started: float  # monotonic seconds
    ms: float


@dataclass
class Load:
    """Shared state of one soak run: the stop signal, samples and acknowledged writes."""

    base: str
    api_key: str
    paper_ids: list[str]
    max_requests: int
    run: str = field(default_factory=lambda: f"{time.time():.0f}")  # keeps ids new across runs
    stop: threading.Event = field(default_factory=threading.Event)
    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)
            if len(self.samples) >= self.max_requests:
                self.stop.set()


def _timed(load: Load, client: httpx.Client, endpoint: str, method: str, url: str,
           **kwargs: object) -> httpx.Response | None:
    started = time.monotonic()
    try:
        response = client.request(method, url, **kwargs)  # type: ignore[arg-type]
    except httpx.HTTPError:
        response = None
    ms = (time.monotonic() - started) * 1000
    load.record(Sample(endpoint, response.status_code if response else 0, started, ms))
    return response


def reader(load: Load, seed: int) -> None:
    """Mixed reads until the stop signal."""
    rng = random.Random(seed)
    with httpx.Client(base_url=load.base, timeout=30.0) as client:
        while not load.stop.is_set():
            pid = urllib.parse.quote(rng.choice(load.paper_ids), safe="")
            words = " ".join(rng.sample(WORDS, 2))
            choice = rng.random()
            if choice < 0.3:
                _timed(load, client, "/papers/{id}", "GET", f"/papers/{pid}")
            elif choice < 0.5:
                _timed(load, client, "/papers/{id}/similar", "GET", f"/papers/{pid}/similar?k=10")
            elif choice < 0.6:
                _timed(load, client, "/papers?q=", "GET", "/papers", params={"q": words})
            elif choice < 0.7:
                _timed(load, client, "/search", "GET", "/search", params={"q": words, "k": 10})
            elif choice < 0.85:
                _timed(load, client, "/graph/subgraph", "GET", "/graph/subgraph",
                       params={"paper": rng.choice(load.paper_ids), "depth": 2, "limit": 100})
            else:
                query = ("MATCH (p:Paper)-[:MENTIONS]->(e) WHERE p.id = $id "
                         "RETURN e.name AS name LIMIT 20")
                _timed(load, client, "/cypher", "POST", "/cypher",
                       json={"query": query, "params": {"id": rng.choice(load.paper_ids)}})


def writer(load: Load, number: int) -> None:
    """New papers one by one until the stop signal; acknowledged ids are remembered."""
    rng = random.Random(1000 + number)
    headers = {"X-API-Key": load.api_key}
    written = 0
    with httpx.Client(base_url=load.base, timeout=120.0, headers=headers) as client:
        while not load.stop.is_set():
            ident = f"soak:{load.run}-w{number}-{written}"
            written += 1
            words = rng.sample(WORDS, 5)
            paper = {
                "id": ident,
                "title": f"Soak paper {ident}: {' '.join(words[:3])}",
                "abstract": f"We study {' '.join(words)} with BERT on ImageNet and report F1; "
                f"this record {ident} checks that acknowledged writes survive.",
            }
            response = _timed(load, client, "POST /papers", "POST", "/papers", json=paper)
            if response is not None and response.status_code == 200:
                # the graph id, not ours: an id that is no arXiv id or DOI is kept as the
                # paper's source_id and the paper is stored under its title id
                with load.lock:
                    load.acknowledged.extend(response.json()["ids"])
            elif response is None or response.status_code >= 500:
                time.sleep(1.0)  # Neo4j away: back off instead of hammering


def abuser(load: Load, seed: int) -> None:
    """Pathological Cypher until the stop signal."""
    rng = random.Random(seed)
    with httpx.Client(base_url=load.base, timeout=60.0) as client:
        while not load.stop.is_set():
            _timed(load, client, "/cypher (pathological)", "POST", "/cypher",
                   json={"query": rng.choice(PATHOLOGICAL)})
