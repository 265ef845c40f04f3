"""Write Paper nodes and their CITES relationships.

A paper's ``references`` are kept on the node; ``(:Paper)-[:CITES]->(:Paper)`` is created
only between papers that are both in the graph (no placeholder nodes). A citation to a
paper not yet ingested waits in ``references`` and becomes an edge when that paper arrives,
so the edges do not depend on the order papers were ingested in.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence

from extract.records import Paper
from graph import queries
from graph.linker import Progress
from graph.store import GraphStore, Row


def paper_row(paper: Paper) -> Row:
    """The node properties of a paper, plus the hashes that tell what changed."""
    row: Row = {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "published": paper.published,
        "url": paper.url,
        "source": paper.source,
        "references": sorted(set(paper.references) - {paper.id}),
    }
    text = json.dumps([paper.title, paper.abstract], ensure_ascii=False)
    row["text_hash"] = hashlib.sha256(text.encode()).hexdigest()
    row["content_hash"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    return row


def unique_papers(papers: Sequence[Paper]) -> list[Paper]:
    """The first paper of each id, in input order."""
    seen: dict[str, Paper] = {}
    for paper in papers:
        seen.setdefault(paper.id, paper)
    return list(seen.values())


def write_papers(store: GraphStore, papers: Sequence[Paper], progress: Progress) -> int:
    """MERGE new or changed papers (with their citations) in batches; return how many."""
    rows = [paper_row(paper) for paper in unique_papers(papers)]
    stored: dict[str, str] = {}
    for start in range(0, len(rows), store.batch_size):
        ids = [row["id"] for row in rows[start : start + store.batch_size]]
        stored.update((r["id"], r["hash"]) for r in store.read(queries.PAPER_HASHES, ids=ids))
    changed = [row for row in rows if stored.get(row["id"]) != row["content_hash"]]
    if not changed:
        return 0
    # Who cites whom, over the graph and this input, so a batch can add the CITES edges
    # that point at its papers from papers written earlier.
    citing: dict[str, set[str]] = defaultdict(set)
    given = {row["id"] for row in rows}
    for record in store.read(queries.PAPER_REFERENCES):
        if record["id"] in given:  # its references are the ones being written now
            continue
        for ref in record["references"]:
            citing[ref].add(record["id"])
    for row in rows:
        for ref in row["references"]:
            citing[ref].add(row["id"])
    for start in range(0, len(changed), store.batch_size):
        chunk = changed[start : start + store.batch_size]
        incoming = [
            {"source": source, "target": row["id"]}
            for row in chunk
            for source in sorted(citing.get(row["id"], ()))
        ]
        store.write_transactions(
            [
                [
                    (queries.WRITE_PAPERS, chunk),
                    (queries.DROP_STALE_CITES, chunk),
                    (queries.WRITE_OUTGOING_CITES, chunk),
                    (queries.WRITE_INCOMING_CITES, incoming),
                ]
            ]
        )
        progress("write papers", len(chunk), len(changed))
    return len(changed)
