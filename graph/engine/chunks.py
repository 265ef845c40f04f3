"""Pending work as chunks of paper ids, the work done on one chunk, and the in-process engine.

A chunk is a run of consecutive pending paper ids (in id order) of at most the batch size;
it is listed by paging through ids, so planning holds one page of ids and the chunks' bounds,
never the abstracts. Each chunk's texts are read when the chunk is worked on, by whichever
process works on it. The result of a chunk is what the builder writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from extract.corpus import CorpusTable
from extract.records import Paper, PaperMentions
from graph import queries
from graph.corpus_pass import evidence_rows, load_corpus_table, stale_papers
from graph.embeddings import paper_text
from graph.mentions import Redirect, extraction_transaction, mention_rows
from graph.store import GraphStore, Row

ID_PAGE = 10_000  # ids per planning read


class MentionExtractor(Protocol):
    """Mentions of papers; an extractor with ``new_corpus_table`` (``extract.pipeline``) also
    takes ``run(papers, corpus=table)`` and gets the corpus-level pass (``corpus_pass``)."""

    def run(self, papers: Sequence[Paper]) -> list[PaperMentions]: ...


class TextEmbedder(Protocol):
    """Vectors of texts; ``model_id`` names the model and every setting that changes them,
    ``dimension`` is their length."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class EmbeddingSpace(BaseModel):
    """Which vectors a build writes: ``model`` (an embedder's ``model_id``, stored on each
    paper beside its vector) and their ``dimension`` (the vector index's)."""

    model_config = ConfigDict(frozen=True)

    model: str
    dimension: int

    @classmethod
    def of(cls, embedder: TextEmbedder) -> EmbeddingSpace:
        return cls(model=embedder.model_id, dimension=embedder.dimension)


class ChunkBounds(BaseModel):
    """Chunk ``index`` of a stage: the pending papers with ids ``first``..``last``, or, for
    papers picked one by one (the corpus pass's stale ones), exactly those of ``ids``."""

    model_config = ConfigDict(frozen=True)

    index: int
    first: str
    last: str
    size: int
    ids: tuple[str, ...] = ()


def id_chunks(ids: Sequence[str], size: int) -> list[ChunkBounds]:
    """Given papers (in id order) as chunks of ``size``."""
    return [
        ChunkBounds(index=n, first=part[0], last=part[-1], size=len(part), ids=tuple(part))
        for n, part in enumerate(ids[start : start + size] for start in range(0, len(ids), size))
    ]


# What the builder commits for one chunk: statements, each with its own ``$rows``.
ChunkWrite = list[tuple[str, list[Row]]]
# What a stage yields: each chunk with its write, in chunk order.
ChunkWrites = Iterator[tuple[ChunkBounds, ChunkWrite]]
Chunks = Sequence[ChunkBounds]
Redirects = Mapping[str, Redirect]


def pending_chunks(
    store: GraphStore, ids_query: str, size: int, **params: Any
) -> list[ChunkBounds]:
    """The pending papers of ``ids_query`` (with ``params``) cut into chunks of ``size`` ids,
    in id order."""
    chunks: list[ChunkBounds] = []
    current: list[str] = []

    def close_chunk() -> None:
        chunks.append(ChunkBounds(index=len(chunks), first=current[0], last=current[-1],
                                  size=len(current)))
        current.clear()

    after = ""  # every paper id is a non-empty string
    while True:
        rows = store.read(ids_query, after=after, limit=ID_PAGE, **params)
        for row in rows:
            current.append(row["id"])
            if len(current) == size:
                close_chunk()
        if len(rows) < ID_PAGE:
            break
        after = rows[-1]["id"]
    if current:
        close_chunk()
    return chunks


def extract_chunk(
    store: GraphStore,
    extractor: MentionExtractor,
    redirects: Mapping[str, Redirect],
    chunk: ChunkBounds,
    corpus: CorpusTable | None = None,
) -> ChunkWrite:
    """Read the chunk's texts, extract their mentions (against ``corpus``, which receives
    their evidence); the transaction that stores them and their corpus evidence."""
    if chunk.ids:
        found = store.read(queries.PAPERS_TO_EXTRACT, ids=list(chunk.ids))
    else:
        found = store.read(queries.PENDING_EXTRACTION_TEXTS, first=chunk.first, last=chunk.last)
    papers = [
        Paper(id=r["id"], title=r["title"] or "", abstract=r["abstract"] or "") for r in found
    ]
    if not papers:
        mentions: list[PaperMentions] = []
    elif corpus is None:
        mentions = extractor.run(papers)
    else:
        mentions = extractor.run(papers, corpus=corpus)  # type: ignore[call-arg]
    rows = mention_rows(
        mentions, {p.id: p.abstract for p in papers}, redirects, {p.id: p.title for p in papers}
    )
    done: list[Row] = [{"id": r["id"], "hash": r["hash"]} for r in found]
    steps = extraction_transaction(rows, done)
    if corpus is not None:
        steps.append((queries.WRITE_CORPUS_EVIDENCE, evidence_rows(mentions, corpus)))
    return steps


def embed_chunk(store: GraphStore, embedder: TextEmbedder, chunk: ChunkBounds) -> ChunkWrite:
    """Read the chunk's texts still without a vector of this embedder's model and embed them;
    the transaction that stores the vectors, each with the model that made it."""
    model = embedder.model_id
    found = store.read(
        queries.PENDING_EMBEDDING_TEXTS, first=chunk.first, last=chunk.last, model=model
    )
    if not found:
        return [(queries.WRITE_EMBEDDINGS, [])]
    vectors = embedder.embed([paper_text(r["title"] or "", r["abstract"] or "") for r in found])
    rows = [
        {"id": r["id"], "hash": r["hash"], "embedding": vectors[i].tolist(), "model": model}
        for i, r in enumerate(found)
    ]
    return [(queries.WRITE_EMBEDDINGS, rows)]


class Engine(Protocol):
    """Runs extraction and embedding over chunks; yields each chunk's write, in chunk order.

    ``extract(..., again=False)`` is a build's first extraction pass; ``stale_chunks`` then
    names the papers the corpus-level decisions, as they now stand, treat differently, and
    ``extract(..., again=True)`` re-extracts them against those decisions.
    """

    def extract(
        self, store: GraphStore, chunks: Chunks, redirects: Redirects, again: bool = False
    ) -> ChunkWrites: ...

    def stale_chunks(self, store: GraphStore, size: int) -> list[ChunkBounds]: ...

    def embed(self, store: GraphStore, chunks: Chunks) -> ChunkWrites: ...

    def embedding_space(self) -> EmbeddingSpace: ...

    def close(self) -> None: ...


class LocalEngine:
    """Both stages in this process, one chunk after the other (no Ray needed)."""

    def __init__(self, extractor: MentionExtractor, embedder: TextEmbedder) -> None:
        self.extractor = extractor
        self.embedder = embedder
        self._corpus: CorpusTable | None = None  # this build's table, grown chunk by chunk

    def extract(
        self, store: GraphStore, chunks: Chunks, redirects: Redirects, again: bool = False
    ) -> ChunkWrites:
        if not again:
            self._corpus = load_corpus_table(store, self.extractor)
        for chunk in chunks:
            yield chunk, extract_chunk(store, self.extractor, redirects, chunk, self._corpus)

    def stale_chunks(self, store: GraphStore, size: int) -> list[ChunkBounds]:
        if self._corpus is None:
            return []
        return id_chunks(stale_papers(store, self._corpus), size)

    def embed(self, store: GraphStore, chunks: Chunks) -> ChunkWrites:
        for chunk in chunks:
            yield chunk, embed_chunk(store, self.embedder, chunk)

    def embedding_space(self) -> EmbeddingSpace:
        return EmbeddingSpace.of(self.embedder)

    def close(self) -> None:
        """Close the embedder (its vector cache) when it has a ``close``."""
        close = getattr(self.embedder, "close", None)
        if close is not None:
            close()
