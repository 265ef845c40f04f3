"""The link stage: bring entity aggregates, SHARES_ENTITIES and SIMILAR_TO up to date.

Only what changed is recomputed, found from marks the earlier stages commit together with
their writes (so a killed build resumes exactly):

- dirty entities (a mention of them was added or removed): their paper_count and aliases;
- SHARES_ENTITIES of papers re-extracted, and of every paper mentioning a dirty entity
  (its document frequency, hence the weight of every pair sharing it, changed);
- SIMILAR_TO of papers with a new embedding, of papers that linked to them, and of papers
  whose top-k a new embedding enters.

Each paper's outgoing links are replaced in one transaction (batches of papers commit
concurrently); the paper, entity and embedding marks are cleared after all links are
written, so a crash in between only repeats work.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterator

import numpy as np
from pydantic import BaseModel, ConfigDict

from graph import queries
from graph.knn import NeighbourFinder
from graph.linking import SharedEntityIndex
from graph.mentions import refresh_entities
from graph.store import GraphStore, Row, Transaction, group_rows

Progress = Callable[[str, int, int], None]


class LinkOptions(BaseModel):
    """How many links each paper keeps, and the weakest one kept."""

    model_config = ConfigDict(frozen=True)

    shared_top_k: int = 10
    shared_min_weight: float = 0.0
    similar_top_k: int = 10
    similar_min_score: float = 0.5
    similar_exact_max: int = 50_000  # above this many papers SIMILAR_TO uses an HNSW index


class LinkResult(BaseModel):
    """What one run of the link stage recomputed (nothing, by default)."""

    model_config = ConfigDict(frozen=True)

    entities_refreshed: int = 0
    entities_deleted: int = 0
    shared_papers: int = 0  # papers whose SHARES_ENTITIES were recomputed
    shared_links: int = 0
    similar_papers: int = 0
    similar_links: int = 0


EMBEDDING_PAGE = 5_000  # embeddings per read: a page's Python floats are the transient cost
LINK_BLOCK = 2_048  # source papers whose links are computed, then written, at once


def _ids(rows: list[Row]) -> list[str]:
    return sorted(row["id"] for row in rows)


class MixedEmbeddingsError(ValueError):
    """Stored vectors come from more than one embedding model (a switch of backend that has
    not finished re-embedding): similarity between them means nothing."""


def load_embeddings(store: GraphStore) -> tuple[list[str], np.ndarray, list[str]]:
    """Every embedded paper's id (sorted), its vector (float32 rows, as stored) and the ids
    marked similar-dirty, read page by page so only one page is ever held as Python lists.
    Raises :class:`MixedEmbeddingsError` when two models made the stored vectors."""
    ids: list[str] = []
    changed: list[str] = []
    pages: list[np.ndarray] = []
    models: dict[tuple[str | None, int], int] = {}  # (model, length) -> papers
    after = ""
    while True:
        rows = store.read(queries.PAPER_EMBEDDINGS_PAGE, after=after, limit=EMBEDDING_PAGE)
        for row in rows:
            key = (row["model"], len(row["embedding"]))
            models[key] = models.get(key, 0) + 1
        if len(models) > 1:
            found = ", ".join(f"{n} papers by {m or 'an unnamed model'} ({d}-d)"
                              for (m, d), n in sorted(models.items(), key=str))
            raise MixedEmbeddingsError(
                f"the stored paper vectors come from more than one embedding model ({found}): "
                "run `citegraph build` (or `ingest`) to finish embedding with the configured "
                "backend before linking"
            )
        if rows:
            ids.extend(row["id"] for row in rows)
            changed.extend(row["id"] for row in rows if row["dirty"])
            pages.append(np.array([row["embedding"] for row in rows], dtype=np.float32))
        if len(rows) < EMBEDDING_PAGE:
            break
        after = rows[-1]["id"]
    vectors = np.concatenate(pages) if pages else np.zeros((0, 0), dtype=np.float32)
    return ids, vectors, changed


class Linker:
    """Recompute the links the last writes made stale (or all of them, ``everything=True``)."""

    def __init__(self, store: GraphStore, options: LinkOptions, progress: Progress | None = None):
        self.store = store
        self.options = options
        self.progress = progress or (lambda stage, done, total: None)

    def run(self, everything: bool = False) -> LinkResult:
        dirty_entities = _ids(self.store.read(queries.DIRTY_ENTITIES))
        query = queries.ALL_PAPER_IDS if everything else queries.SHARED_DIRTY_PAPERS
        shared_sources = _ids(self.store.read(query))
        deleted = refresh_entities(self.store, dirty_entities)
        shared = self._write_shared(shared_sources)
        self.store.write_batches(queries.CLEAR_ENTITY_DIRTY, [{"id": e} for e in dirty_entities])
        similar_sources, similar = self._similar(everything)
        return LinkResult(
            entities_refreshed=len(dirty_entities),
            entities_deleted=deleted,
            shared_papers=len(shared_sources),
            shared_links=shared,
            similar_papers=similar_sources,
            similar_links=similar,
        )

    def replace_links(
        self, stage: str, drop: str, write: str, sources: list[str],
        links_of: Callable[[list[str]], list[Row]],
    ) -> int:
        """Replace the outgoing links of ``sources`` (sorted); return how many were written.

        ``links_of(block)`` computes a block's links (rows with ``source``); a block of
        ``LINK_BLOCK`` sources at a time is computed and written, so memory holds one block's
        links, not the corpus's. Each transaction drops and writes the links of a batch of
        papers (and clears their marks) atomically; batches hold disjoint papers, so they
        commit concurrently (``store.workers`` at once).
        """
        written = 0

        def transactions() -> Iterator[Transaction]:
            nonlocal written
            for start in range(0, len(sources), LINK_BLOCK):
                block = sources[start : start + LINK_BLOCK]
                by_source: dict[str, list[Row]] = defaultdict(list)
                for link in links_of(block):
                    by_source[link["source"]].append(link)
                written += sum(map(len, by_source.values()))
                most = max(map(len, by_source.values()), default=1)
                per_batch = max(1, self.store.batch_size // max(1, most))
                for first in range(0, len(block), per_batch):
                    chunk = block[first : first + per_batch]
                    rows = group_rows(
                        [link for source in chunk for link in by_source.get(source, [])], "source"
                    )
                    yield [(drop, [{"id": s} for s in chunk]), (write, rows)]
                    self.progress(stage, len(chunk), len(sources))

        self.store.write_transactions(transactions(), concurrent=True)
        return written

    def _write_shared(self, sources: list[str]) -> int:
        if not sources:
            return 0
        paper_entities: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for row in self.store.stream(queries.PAPER_ENTITY_PAIRS):
            entity = sys.intern(row["entity"])  # one string per entity, not one per mention
            paper_entities[row["paper"]].add(entity)
            names.setdefault(entity, row["name"])
        index = SharedEntityIndex(paper_entities, names)
        top_k, min_weight = self.options.shared_top_k, self.options.shared_min_weight

        def links_of(block: list[str]) -> list[Row]:
            return [link.model_dump() for link in index.links(block, top_k, min_weight)]

        written = self.replace_links(
            "link shared", queries.DROP_SHARED_LINKS, queries.WRITE_SHARED_LINKS, sources,
            links_of,
        )
        self.store.write_batches(queries.CLEAR_SHARED_DIRTY, [{"id": s} for s in sources])
        return written

    def _similar(self, everything: bool) -> tuple[int, int]:
        if not everything and not self.store.read(queries.COUNT_SIMILAR_DIRTY)[0]["n"]:
            return 0, 0
        ids, stored, changed = load_embeddings(self.store)
        if not ids or (not changed and not everything):
            return 0, 0
        finder = NeighbourFinder(ids, stored, self.options.similar_exact_max)
        del stored  # the finder holds the only copy it needs
        if everything:
            sources = set(ids)
        else:
            current: dict[str, list[float]] = defaultdict(list)
            changed_set = set(changed)
            linked_to_changed: set[str] = set()
            for link in self.store.stream(queries.SIMILAR_LINKS):
                current[link["source"]].append(link["score"])
                if link["target"] in changed_set:
                    linked_to_changed.add(link["source"])
            sources = linked_to_changed | finder.affected(
                changed, current, self.options.similar_top_k, self.options.similar_min_score
            )
        top_k, min_score = self.options.similar_top_k, self.options.similar_min_score

        def links_of(block: list[str]) -> list[Row]:
            return [link.model_dump() for link in finder.links(block, top_k, min_score)]

        written = self.replace_links(
            "link similar", queries.DROP_SIMILAR_LINKS, queries.WRITE_SIMILAR_LINKS,
            sorted(sources), links_of,
        )
        self.store.write_batches(queries.CLEAR_SIMILAR_DIRTY, [{"id": p} for p in changed])
        return len(sources), written
