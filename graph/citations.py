"""Write Paper nodes, their authors and venue, and their CITES relationships.

Records are matched to the nodes they are (``graph.resolve``: DOI, arXiv id, source ids,
then title), so the same paper from two sources is one node. A paper's ``references`` (the
keys its source gave) are kept on the node with what the source said about them
(``reference_details``); each resolves to a paper node, or to a stub ``(:Paper {stub: true})``
made from the reference when the work is not in the graph. A stub is filled in when its paper
is ingested (same node, its citations kept) and deleted when nothing cites it any more. So
the graph does not depend on the order papers were ingested in.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence

from extract.records import Paper, Reference
from graph import queries
from graph.authorship import AuthorIndex, authorship_statements, former_people_and_venues
from graph.linker import Progress
from graph.resolve import CitationIndex, Identity, Stub, reference_targets
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
        "year": paper.year,
        "date": paper.date,
        "doi": paper.doi,
        "venue": paper.venue.name if paper.venue else None,
        "external_ids": list(paper.external_ids),
        "references": sorted(set(paper.references) - {paper.id}),
        "reference_details": details_json(paper.cited),
        # not node properties; in the hash so that a change of them rewrites the paper
        "authorships": [[a.name, list(a.ids)] for a in paper.authorships],
        "venue_id": paper.venue.id if paper.venue else None,
    }
    text = json.dumps([paper.title, paper.abstract], ensure_ascii=False)
    row["text_hash"] = hashlib.sha256(text.encode()).hexdigest()
    row["content_hash"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    return row


def details_json(cited: Sequence[Reference]) -> str | None:
    """What the source says about cited works, as stored on the citing node (or None)."""
    if not cited:
        return None
    return json.dumps([ref.model_dump() for ref in cited], ensure_ascii=False, sort_keys=True)


def details_from_json(text: str | None) -> list[Reference]:
    """The inverse of ``details_json``."""
    return [Reference(**ref) for ref in json.loads(text)] if text else []


def unique_papers(papers: Sequence[Paper]) -> list[Paper]:
    """The first paper of each id, in input order."""
    seen: dict[str, Paper] = {}
    for paper in papers:
        seen.setdefault(paper.id, paper)
    return list(seen.values())


def identified(papers: Sequence[Paper], index: CitationIndex) -> list[tuple[Paper, Identity]]:
    """Each paper with the id and external ids of the node it is, first record of each node."""
    found: dict[str, tuple[Paper, Identity]] = {}
    for paper in unique_papers(papers):
        identity = index.identify(paper)
        update = {"id": identity.id, "external_ids": identity.external_ids}
        found.setdefault(identity.id, (paper.model_copy(update=update), identity))
    return list(found.values())


def citation_rows(
    index: CitationIndex, citing: Sequence[Row]
) -> tuple[dict[str, list[str]], dict[str, list[Stub]]]:
    """For rows of citing papers (``id, references, reference_details``): the node ids each
    cites, and the stubs first needed by each (created with it)."""
    cites: dict[str, list[str]] = {}
    stubs: dict[str, list[Stub]] = {}
    for row in citing:
        details = details_from_json(row.get("reference_details"))
        cites[row["id"]], stubs[row["id"]] = reference_targets(
            index, row["id"], row["references"], details
        )
    return cites, stubs


def citation_statements(
    chunk: Sequence[Row],
    cites: dict[str, list[str]],
    stubs: dict[str, list[Stub]],
    incoming: Sequence[Row],
) -> list[tuple[str, list[Row]]]:
    """Replace the outgoing CITES of ``chunk`` (papers already written), create their stubs,
    add ``incoming`` citations, and delete stubs no paper cites any more."""
    rows = [{"id": row["id"], "cites": cites.get(row["id"], [])} for row in chunk]
    stub_rows = [stub.row() for row in chunk for stub in stubs.get(row["id"], [])]
    return [
        (queries.MERGE_STUBS, stub_rows),
        (queries.DROP_STALE_CITES, rows),
        (queries.WRITE_OUTGOING_CITES, rows),
        (queries.WRITE_INCOMING_CITES, list(incoming)),
    ]


def write_papers(store: GraphStore, papers: Sequence[Paper], progress: Progress) -> int:
    """MERGE new or changed papers (authors, venue, citations) in batches; return how many."""
    graph = store.read(queries.PAPER_INDEX)
    stored = {row["id"]: row["content_hash"] for row in graph}
    index = CitationIndex.from_rows(graph)
    plans = identified(papers, index)
    planned = [(paper_row(paper), paper, identity) for paper, identity in plans]
    changed = [
        (row, paper, identity)
        for row, paper, identity in planned
        if stored.get(identity.id) != row["content_hash"] or identity.rename_from
    ]
    if not changed:
        return 0
    cites, stubs = citation_rows(index, [row for row, _, _ in changed])
    written = {row["id"] for row, _, _ in changed}
    # citations of the new papers from papers already in the graph, by their stored keys
    citing: dict[str, set[str]] = defaultdict(set)
    for row in graph:
        if row["id"] not in written:
            for ref in row["references"] or []:
                if index.strong.get(ref) in written:
                    citing[index.strong[ref]].add(row["id"])
    for source, targets in cites.items():
        for target in targets:
            citing[target].add(source)
    authors = AuthorIndex.from_store(store)
    for start in range(0, len(changed), store.batch_size):
        chunk = changed[start : start + store.batch_size]
        rows = [row for row, _, _ in chunk]
        former = former_people_and_venues(store, [row["id"] for row in rows])
        renames = [
            {"old": identity.rename_from, "new": identity.id}
            for _, _, identity in chunk
            if identity.rename_from
        ]
        folds = [
            {"stub": stub, "into": identity.id}
            for _, _, identity in chunk
            for stub in identity.folded
        ]
        incoming = [
            {"source": source, "target": row["id"]}
            for row in rows
            for source in sorted(citing.get(row["id"], ()))
        ]
        store.write_transactions(
            [
                [
                    (queries.RENAME_PAPERS, renames),
                    (queries.WRITE_PAPERS, rows),
                    (queries.FOLD_STUBS, folds),
                    *citation_statements(rows, cites, stubs, incoming),
                    *authorship_statements([paper for _, paper, _ in chunk], authors, former),
                ]
            ]
        )
        progress("write papers", len(chunk), len(changed))
    return len(changed)
