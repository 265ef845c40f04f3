"""Warm-up of the read queries behind a shared link, run once when the API starts.

Neo4j plans a query the first time it sees its text and reads the pages it touches from disk:
on the 25k-paper graph the first ``/papers/{id}`` took 434 ms and the next ones 15-25 ms, so
the first visitor of a freshly started API waited for it. ``warm_up`` sends the explorer's
paper and entity views' queries, with the parameters the routers send, for one paper and one
entity of the graph; afterwards their plans are cached. It runs in a background thread of the
API's start-up and never stops the API from serving: an empty graph or an unreachable Neo4j
only means nothing was warmed (logged).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from api import queries
from api import scholarly_queries as scholarly
from api.pagination import PageRequest
from graph.schema import ENTITY, PAPER, RELATIONSHIP_TYPES
from graph.store import GraphStore

log = logging.getLogger(__name__)

# The subgraph router asks four times as many rows as nodes; the explorer asks 40 nodes.
_EXPLORER_LIMIT = 40
_ENTITY_DETAIL_K = 10  # /entities/{id}'s default k


def _paper_queries(paper_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    page = PageRequest(limit=20).params()
    return [
        ("paper detail", queries.PAPER_DETAIL, {"id": paper_id}),
        ("subgraph start", queries.SUBGRAPH_START, {"paper_ids": [paper_id], "entity_ids": []}),
        (
            "subgraph hop",
            queries.SUBGRAPH_HOP,
            {
                "paper_ids": [paper_id],
                "entity_ids": [],
                "rel_types": list(RELATIONSHIP_TYPES),
                "limit": _EXPLORER_LIMIT * 4,
            },
        ),
        ("citation counts", scholarly.PAPER_CITATION_COUNTS, {"id": paper_id}),
        ("citations", scholarly.PAPER_CITATIONS, {"id": paper_id, **page}),
        ("references", scholarly.PAPER_REFERENCES, {"id": paper_id, **page}),
    ]


def _entity_queries(entity_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [("entity detail", queries.ENTITY_DETAIL, {"id": entity_id, "k": _ENTITY_DETAIL_K})]


def warm_up(store: GraphStore) -> list[str]:
    """Run the shared-link views' queries once; the names of those that ran."""
    warmed = []
    paper = store.one(f"MATCH (p:{PAPER}) RETURN p.id AS id LIMIT 1")
    entity = store.one(f"MATCH (e:{ENTITY}) RETURN e.id AS id LIMIT 1")
    planned = (_paper_queries(paper["id"]) if paper else []) + (
        _entity_queries(entity["id"]) if entity else []
    )
    for name, query, params in planned:
        store.rows(query, **params)
        warmed.append(name)
    return warmed


def warm_up_in_background(
    store: GraphStore, warm: Callable[[GraphStore], list[str]] = warm_up
) -> threading.Thread:
    """Start ``warm(store)`` in a daemon thread; failures are logged, never raised."""

    def run() -> None:
        try:
            warmed = warm(store)
        except Exception as error:  # noqa: BLE001 - a cold cache is no reason to stop serving
            log.info("query warm-up skipped: %s", error)
            return
        log.info("query warm-up: %s", ", ".join(warmed) or "nothing (empty graph)")

    thread = threading.Thread(target=run, name="citegraph-warm-up", daemon=True)
    thread.start()
    return thread
