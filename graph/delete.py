"""Remove papers so that the graph ends as a rebuild without them would.

A deleted paper's node goes with its mentions, links, authorships and predicted links, in one
transaction that also marks what depends on it: the entities it mentioned (their paper counts,
aliases and every SHARES_ENTITIES weight through them are recomputed) and the papers whose
SIMILAR_TO top-k held it. Papers that cited it keep their citation: their references are
resolved again without it, so each points to a stub made from what that reference says, as a
rebuild without the paper would make. Authors, venues and stubs left without papers go too.
The linker then brings entity aggregates and links up to date.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from graph import queries
from graph.authorship import former_people_and_venues, orphan_statements
from graph.citations import citation_rows, citation_statements
from graph.linker import Linker, LinkOptions, LinkResult, Progress
from graph.resolve import CitationIndex
from graph.store import GraphStore


class DeleteResult(BaseModel):
    """What a delete did: papers removed, ids not found (or only stubs), citers re-pointed."""

    deleted: list[str]
    not_found: list[str]
    citers_repointed: int
    entities_refreshed: int
    shared_relinked: int
    similar_relinked: int


class PaperRemover:
    """Deletes papers by id (a paper id or any of its external ids) and relinks."""

    def __init__(
        self, store: GraphStore, options: LinkOptions, progress: Progress | None = None
    ) -> None:
        self.store = store
        self.options = options
        self.progress = progress or (lambda stage, done, total: None)

    def run(self, ids: Sequence[str], relink: bool = True) -> DeleteResult:
        """Delete the papers ``ids`` name; unknown ids and stubs are reported, not deleted.

        ``relink=False`` leaves the links to the caller (``GraphBuilder.delete`` first
        re-extracts the papers whose corpus-level decisions the deletion changed).
        """
        index = CitationIndex.from_rows(self.store.read(queries.PAPER_INDEX))
        found: list[str] = []
        missing: list[str] = []
        for given in ids:
            node = index.strong.get(given.strip())
            if node is None or index.nodes[node].stub:
                missing.append(given)
            elif node not in found:
                found.append(node)
        links = LinkResult()
        citers = []
        if found:
            citers = self.store.read(queries.CITERS_OF, ids=found)
            former = former_people_and_venues(self.store, found)
            targets = self.store.read(queries.CITED_BY_PAPERS, ids=found)
            for node in found:
                index.remove(node)
            cites, stubs = citation_rows(index, citers)
            rows = [{"id": node} for node in found]
            self.store.write_transactions(
                [
                    [
                        (queries.MARK_DELETION_DEPENDENTS, rows),
                        (queries.DELETE_PAPERS, rows),
                        *orphan_statements(former),
                        (queries.DELETE_ORPHAN_STUBS, targets),
                        *citation_statements(citers, cites, stubs, []),
                    ]
                ]
            )
            self.progress("delete papers", len(found), len(found))
            if relink:
                links = Linker(self.store, self.options, self.progress).run()
        return DeleteResult(
            deleted=found,
            not_found=missing,
            citers_repointed=len(citers),
            entities_refreshed=links.entities_refreshed,
            shared_relinked=links.shared_papers,
            similar_relinked=links.similar_papers,
        )
