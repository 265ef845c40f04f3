"""Corpus-level decisions in the graph: the same entities whether papers come at once or in batches.

Each paper keeps its ``CorpusEvidence`` (acronyms it defines and uses bare, the names it
gives) and the decisions its mentions were written with. A build loads every paper's
evidence into one ``CorpusTable``, extracts the pending papers against it, and then
re-extracts the papers whose decisions the grown table now makes differently: a bare
"MIM" written before any paper defined it links once a later batch brings the definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extract.corpus import CorpusTable
from extract.records import CorpusEvidence, PaperMentions
from graph import queries
from graph.store import GraphStore, Row


def load_corpus_table(store: GraphStore, extractor: Any) -> CorpusTable | None:
    """The table of every paper's stored evidence, or None for an extractor without a corpus
    pass (one without ``new_corpus_table``)."""
    new_table = getattr(extractor, "new_corpus_table", None)
    if new_table is None:
        return None
    table: CorpusTable = new_table()
    for row in store.stream(queries.CORPUS_EVIDENCE):
        table.update(row["id"], CorpusEvidence.model_validate_json(row["evidence"]))
    return table


def evidence_rows(found: Iterable[PaperMentions], table: CorpusTable) -> list[Row]:
    """Rows for ``queries.WRITE_CORPUS_EVIDENCE``: each paper's evidence and decisions."""
    return [
        {
            "id": paper.id,
            "evidence": paper.corpus.model_dump_json(),
            "decisions": list(table.decisions(paper.corpus)),
        }
        for paper in found
        if paper.corpus is not None
    ]


def stale_papers(store: GraphStore, table: CorpusTable) -> list[str]:
    """Ids of papers written with other corpus decisions than ``table`` makes now."""
    stale = []
    for row in store.stream(queries.CORPUS_EVIDENCE):
        evidence = CorpusEvidence.model_validate_json(row["evidence"])
        if list(table.decisions(evidence)) != list(row["decisions"] or []):
            stale.append(row["id"])
    return stale
