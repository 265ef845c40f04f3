"""The graph pipeline: write papers -> extract mentions -> embed -> link, incrementally.

``GraphBuilder.build(papers)`` and ``.add(papers)`` write the given papers (new or changed
ones only), then finish every pending piece of work found in the graph: papers whose
mentions or embedding are older than their text, and links made stale by that. Progress
marks commit with the data they describe, so a build killed at any point and run again ends
in the same graph as an uninterrupted one, and a re-run on the same input changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from pydantic import BaseModel

from extract.corpus import CorpusTable
from extract.records import Paper, PaperMentions
from graph import queries
from graph.citations import write_papers
from graph.corpus_pass import evidence_rows, load_corpus_table, stale_papers
from graph.embeddings import paper_text
from graph.linker import Linker, LinkOptions, Progress
from graph.mentions import extraction_transaction, load_redirects, mention_rows
from graph.stats import GraphCounts, graph_counts
from graph.store import GraphStore, GraphUnavailableError, Row


class MentionExtractor(Protocol):
    """Mentions of papers; an extractor with ``new_corpus_table`` (``extract.pipeline``) also
    takes ``run(papers, corpus=table)`` and gets the corpus-level pass (``corpus_pass``)."""

    def run(self, papers: Sequence[Paper]) -> list[PaperMentions]: ...


class TextEmbedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class BuildOptions(BaseModel):
    """How links are kept and how much work goes into one transaction or model call."""

    shared_top_k: int = 10
    shared_min_weight: float = 0.0
    similar_top_k: int = 10
    similar_min_score: float = 0.5
    extract_batch_size: int = 256
    # papers per embedding call and write transaction (the model batch is the embedder's own
    # ``batch_size``, CITEGRAPH_EMBED_BATCH_SIZE)
    embed_chunk_size: int = 256


class BuildResult(BaseModel):
    """What one build or add did, and the graph it left."""

    papers_given: int
    papers_written: int  # new or changed
    papers_unchanged: int
    papers_extracted: int
    papers_embedded: int
    entities_refreshed: int
    shared_relinked: int  # papers whose SHARES_ENTITIES were recomputed
    similar_relinked: int
    counts: GraphCounts
    seconds: dict[str, float]  # per stage


class GraphBuilder:
    """Runs the pipeline against one store with one extractor and one embedder."""

    def __init__(
        self,
        store: GraphStore,
        extractor: MentionExtractor,
        embedder: TextEmbedder,
        options: BuildOptions | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.embedder = embedder
        self.options = options or BuildOptions()
        self.progress = progress or (lambda stage, done, total: None)

    def build(self, papers: Sequence[Paper], relink_all: bool = False) -> BuildResult:
        """Create the schema, write ``papers`` and finish all pending work.

        ``relink_all`` recomputes every paper's links rather than only the stale ones.
        """
        self.store.ensure_schema()
        return self._run(papers, relink_all)

    def add(self, papers: Sequence[Paper]) -> BuildResult:
        """Add or update ``papers`` and update only what they touch."""
        return self._run(papers, relink_all=False)

    def _run(self, papers: Sequence[Paper], relink_all: bool) -> BuildResult:
        try:
            return self._stages(papers, relink_all)
        except GraphUnavailableError as error:
            raise GraphUnavailableError(
                f"the build stopped half-way: {error}. Nothing is lost or half-written: "
                "start Neo4j again (for the local one: `citegraph db start`) and run the same "
                "command again; it keeps what was committed and finishes the rest."
            ) from error

    def _stages(self, papers: Sequence[Paper], relink_all: bool) -> BuildResult:
        seconds: dict[str, float] = {}
        clock = time.perf_counter()
        written = write_papers(self.store, papers, self.progress)
        seconds["write papers"] = time.perf_counter() - clock

        clock = time.perf_counter()
        extracted = self._extract()
        seconds["extract + write mentions"] = time.perf_counter() - clock

        clock = time.perf_counter()
        embedded = self._embed()
        seconds["embed"] = time.perf_counter() - clock

        clock = time.perf_counter()
        options = LinkOptions(
            shared_top_k=self.options.shared_top_k,
            shared_min_weight=self.options.shared_min_weight,
            similar_top_k=self.options.similar_top_k,
            similar_min_score=self.options.similar_min_score,
        )
        links = Linker(self.store, options, self.progress).run(everything=relink_all)
        seconds["link"] = time.perf_counter() - clock

        unique = len({paper.id for paper in papers})
        return BuildResult(
            papers_given=unique,
            papers_written=written,
            papers_unchanged=unique - written,
            papers_extracted=extracted,
            papers_embedded=embedded,
            entities_refreshed=links.entities_refreshed,
            shared_relinked=links.shared_papers,
            similar_relinked=links.similar_papers,
            counts=graph_counts(self.store),
            seconds=seconds,
        )

    def _extract(self) -> int:
        """Extract mentions of every paper whose text changed since its last extraction, then
        of every paper the corpus-level decisions now treat differently (``corpus_pass``)."""
        pending = self.store.read(queries.PENDING_EXTRACTION)
        corpus = load_corpus_table(self.store, self.extractor)
        self._extract_rows(pending, corpus)
        if corpus is not None:
            stale = stale_papers(self.store, corpus)
            self._extract_rows(self.store.read(queries.PAPERS_TO_EXTRACT, ids=stale), corpus)
        return len(pending)

    def _extract_rows(self, pending: list[Row], corpus: CorpusTable | None) -> None:
        """Extract and write the mentions of the given papers ({id, title, abstract, hash})."""
        redirects = load_redirects(self.store)
        size = self.options.extract_batch_size
        for start in range(0, len(pending), size):
            chunk = pending[start : start + size]
            papers = [
                Paper(id=r["id"], title=r["title"] or "", abstract=r["abstract"] or "")
                for r in chunk
            ]
            if corpus is None:
                found = self.extractor.run(papers)
            else:
                # only extractors with ``new_corpus_table`` get here (``load_corpus_table``)
                found = self.extractor.run(papers, corpus=corpus)  # type: ignore[call-arg]
            rows = mention_rows(found, {p.id: p.abstract for p in papers}, redirects)
            done: list[Row] = [{"id": r["id"], "hash": r["hash"]} for r in chunk]
            steps = extraction_transaction(rows, done)
            if corpus is not None:
                steps.append((queries.WRITE_CORPUS_EVIDENCE, evidence_rows(found, corpus)))
            self.store.write_transactions([steps])
            self.progress("extract", len(chunk), len(pending))

    def _embed(self) -> int:
        """Embed every paper whose text changed since its last embedding."""
        pending = self.store.read(queries.PENDING_EMBEDDING)
        size = self.options.embed_chunk_size
        for start in range(0, len(pending), size):
            chunk = pending[start : start + size]
            vectors = self.embedder.embed(
                [paper_text(r["title"] or "", r["abstract"] or "") for r in chunk]
            )
            rows = [
                {"id": r["id"], "hash": r["hash"], "embedding": vectors[i].tolist()}
                for i, r in enumerate(chunk)
            ]
            self.store.write_batches(queries.WRITE_EMBEDDINGS, rows)
            self.progress("embed", len(chunk), len(pending))
        return len(pending)
