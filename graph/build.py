"""The graph pipeline: write papers -> extract mentions -> embed -> link, incrementally.

``GraphBuilder.build(papers)`` and ``.add(papers)`` write the given papers (new or changed
ones only), then finish every pending piece of work found in the graph: papers whose
mentions or embedding are older than their text, and links made stale by that. Progress
marks commit with the data they describe, so a build killed at any point and run again ends
in the same graph as an uninterrupted one, and a re-run on the same input changes nothing.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Iterable, Iterator, Sequence, Sized

from pydantic import BaseModel

from extract.records import Paper
from graph import queries
from graph.citations import write_papers
from graph.delete import DeleteResult, PaperRemover
from graph.engine.chunks import (
    ChunkBounds,
    EmbeddingSpace,
    Engine,
    LocalEngine,
    MentionExtractor,
    TextEmbedder,
    pending_chunks,
)
from graph.linker import Linker, LinkOptions, Progress
from graph.mentions import load_redirects
from graph.stats import GraphCounts, graph_counts
from graph.store import GraphStore, GraphUnavailableError

__all__ = ["BuildOptions", "BuildResult", "GraphBuilder", "MentionExtractor", "TextEmbedder"]


def _chunked(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    rest = iter(items)
    while chunk := list(itertools.islice(rest, size)):
        yield chunk


class BuildOptions(BaseModel):
    """How links are kept and how much work goes into one transaction or model call."""

    shared_top_k: int = 10
    shared_min_weight: float = 0.0
    similar_top_k: int = 10
    similar_min_score: float = 0.5
    similar_exact_max: int = 50_000  # above this many papers SIMILAR_TO uses an HNSW index
    extract_batch_size: int = 256
    # papers per embedding call and write transaction (the model batch is the embedder's own
    # ``batch_size``, CITEGRAPH_EMBED_BATCH_SIZE)
    embed_chunk_size: int = 256
    # papers read from the input and written per call of the paper writer: the input is
    # consumed this many at a time, so a streamed corpus is never all in memory
    write_chunk_size: int = 20_000


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
    """Runs the pipeline against one store with one extractor and one embedder.

    ``engine`` says where extraction and embedding run (default: in this process, with
    ``extractor`` and ``embedder``; ``graph.engine.ray.RayEngine`` runs them on Ray).
    """

    def __init__(
        self,
        store: GraphStore,
        extractor: MentionExtractor | None = None,
        embedder: TextEmbedder | None = None,
        options: BuildOptions | None = None,
        progress: Progress | None = None,
        engine: Engine | None = None,
    ) -> None:
        if engine is None:
            if extractor is None or embedder is None:
                raise ValueError("give an extractor and an embedder, or an engine")
            engine = LocalEngine(extractor, embedder)
        self.store = store
        self.engine = engine
        self.options = options or BuildOptions()
        self.progress = progress or (lambda stage, done, total: None)

    def build(self, papers: Iterable[Paper], relink_all: bool = False) -> BuildResult:
        """Create the schema, write ``papers`` and finish all pending work.

        ``papers`` may be any iterable (a ``CorpusStream``): it is read once, a chunk of
        ``write_chunk_size`` at a time. ``relink_all`` recomputes every paper's links rather
        than only the stale ones.
        """
        self.store.ensure_schema(self._space.dimension)
        return self._run(papers, relink_all)

    def add(self, papers: Iterable[Paper]) -> BuildResult:
        """Add or update ``papers`` and update only what they touch."""
        return self._run(papers, relink_all=False)

    def delete(self, ids: Sequence[str]) -> DeleteResult:
        """Delete papers (by paper id or external id), re-extract the papers whose corpus-level
        decisions that changes, and relink what they touched."""
        result = PaperRemover(self.store, self._link_options(), self.progress).run(ids, False)
        if not result.deleted:
            return result
        self._extract()
        links = Linker(self.store, self._link_options(), self.progress).run()
        return result.model_copy(
            update={
                "entities_refreshed": links.entities_refreshed,
                "shared_relinked": links.shared_papers,
                "similar_relinked": links.similar_papers,
            }
        )

    @functools.cached_property
    def _space(self) -> EmbeddingSpace:
        """The engine's model and vector length, asked once (Ray's makes an embedder)."""
        return self.engine.embedding_space()

    def _link_options(self) -> LinkOptions:
        return LinkOptions(
            shared_top_k=self.options.shared_top_k,
            shared_min_weight=self.options.shared_min_weight,
            similar_top_k=self.options.similar_top_k,
            similar_min_score=self.options.similar_min_score,
            similar_exact_max=self.options.similar_exact_max,
        )

    def _run(self, papers: Iterable[Paper], relink_all: bool) -> BuildResult:
        try:
            return self._stages(papers, relink_all)
        except GraphUnavailableError as error:
            raise GraphUnavailableError(
                f"the build stopped half-way: {error}. Nothing is lost or half-written: "
                "start Neo4j again (for the local one: `citegraph db start`) and run the same "
                "command again; it keeps what was committed and finishes the rest."
            ) from error

    def _stages(self, papers: Iterable[Paper], relink_all: bool) -> BuildResult:
        seconds: dict[str, float] = {}
        clock = time.perf_counter()
        unique, written = self._write_papers(papers)
        seconds["write papers"] = time.perf_counter() - clock

        clock = time.perf_counter()
        extracted = self._extract()
        seconds["extract + write mentions"] = time.perf_counter() - clock

        clock = time.perf_counter()
        embedded = self._embed()
        seconds["embed"] = time.perf_counter() - clock

        clock = time.perf_counter()
        links = Linker(self.store, self._link_options(), self.progress).run(everything=relink_all)
        seconds["link"] = time.perf_counter() - clock

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

    def _write_papers(self, papers: Iterable[Paper]) -> tuple[int, int]:
        """Write the new and changed ``papers``, a chunk at a time; return how many distinct
        papers were given and how many were written.

        Writing in chunks is writing in successive ingests, which leave the graph they would
        leave at once (citations to a paper of a later chunk wait on a stub it fills).
        """
        total = len(papers) if isinstance(papers, Sized) else 0
        given: set[str] = set()
        written = 0
        for chunk in _chunked(papers, self.options.write_chunk_size):
            fresh = [paper for paper in chunk if paper.id not in given]
            given.update(paper.id for paper in fresh)
            changed = write_papers(self.store, fresh, self._chunk_progress(total))
            written += changed
            self.progress("write papers", len(chunk) - changed, total)  # the unchanged ones
        return len(given), written

    def _chunk_progress(self, total: int) -> Progress:
        """The paper writer's progress, counted against the whole input's ``total``."""
        return lambda stage, done, _: self.progress(stage, done, total)

    def _extract(self) -> int:
        """Extract mentions of every paper whose text changed since its last extraction, then
        of every paper the corpus-level decisions now treat differently (``corpus_pass``)."""
        size = self.options.extract_batch_size
        chunks = pending_chunks(self.store, queries.PENDING_EXTRACTION_IDS, size)
        total = sum(chunk.size for chunk in chunks)
        self._write_extracted(chunks, again=False)
        self._write_extracted(self.engine.stale_chunks(self.store, size), again=True)
        return total

    def _write_extracted(self, chunks: list[ChunkBounds], again: bool) -> None:
        total = sum(chunk.size for chunk in chunks)
        redirects = load_redirects(self.store)
        for chunk, steps in self.engine.extract(self.store, chunks, redirects, again):
            self.store.write_transactions([steps])
            self.progress("extract", chunk.size, total)

    def _embed(self) -> int:
        """Embed every paper whose text changed since its last embedding, or whose vector
        another model made (the vector index follows the model's dimension)."""
        self.store.ensure_vector_index(self._space.dimension)  # add() has no ensure_schema
        chunks = pending_chunks(
            self.store, queries.PENDING_EMBEDDING_IDS, self.options.embed_chunk_size,
            model=self._space.model,
        )
        total = sum(chunk.size for chunk in chunks)
        for chunk, steps in self.engine.embed(self.store, chunks):
            self.store.write_transactions([steps])
            self.progress("embed", chunk.size, total)
        return total
