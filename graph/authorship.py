"""Author and Venue nodes of papers: ids resolved across sources, rows for the writes.

An author's node id is the first id the source gives (``openalex:A…``, ``s2:…``, ``orcid:…``)
or ``name:`` + the normalised name when it gives none. An author read again, from this
source or another, is the same node when any of its ids is one the node is known by; the
node's ``ids`` collect every id seen and its ``name`` is the first one written. A venue's id
is the source's (``openalex:S…``) or ``name:`` + its normalised name.

Replace semantics: a written paper's AUTHORED and PUBLISHED_IN relationships are dropped
and written anew in its transaction; authors and venues left without papers are deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.ids import name_id
from extract.records import Author, Paper
from graph import queries
from graph.store import GraphStore, Row


def paper_authors(paper: Paper) -> tuple[Author, ...]:
    """The paper's authors with ids: its authorships, else its author names."""
    if paper.authorships:
        return paper.authorships
    return tuple(Author(name=name) for name in paper.authors)


class AuthorIndex:
    """Every id an Author node is known by -> the node's id, and each node's id list."""

    def __init__(self, nodes: Sequence[Row] = ()) -> None:
        self.node_of: dict[str, str] = {}
        self.ids: dict[str, list[str]] = {}
        for node in nodes:
            self._learn(node["id"], node["ids"] or [node["id"]])

    @classmethod
    def from_store(cls, store: GraphStore) -> AuthorIndex:
        """The index of the authors already in the graph."""
        return cls(store.read(queries.AUTHOR_IDS))

    def _learn(self, node: str, ids: Sequence[str]) -> None:
        known = self.ids.setdefault(node, [])
        for key in ids:
            if key not in known:
                known.append(key)
            self.node_of.setdefault(key, node)

    def resolve(self, author: Author) -> str:
        """The node id of ``author`` (an existing node when an id matches); learns its ids."""
        keys = list(author.ids) or [name_id(author.name)]
        node = next((self.node_of[key] for key in keys if key in self.node_of), keys[0])
        self._learn(node, [node, *keys])
        return node


def authorship_rows(papers: Sequence[Paper], index: AuthorIndex) -> tuple[list[Row], list[Row]]:
    """(author node rows, AUTHORED rows grouped by paper) for ``papers``."""
    names: dict[str, str] = {}
    authored: list[Row] = []
    for paper in papers:
        authors: list[str] = []
        for author in paper_authors(paper):
            node = index.resolve(author)
            names.setdefault(node, author.name)
            if node not in authors:  # one author listed twice keeps the first place
                authors.append(node)
        authored.append({"paper": paper.id, "author": authors})
    nodes = [{"id": node, "name": name, "ids": index.ids[node]} for node, name in names.items()]
    return nodes, authored


def venue_rows(papers: Sequence[Paper]) -> tuple[list[Row], list[Row]]:
    """(venue node rows, PUBLISHED_IN rows) for ``papers`` that name a venue."""
    venues: dict[str, str] = {}
    published: list[Row] = []
    for paper in papers:
        if paper.venue is not None:
            venues.setdefault(paper.venue.id, paper.venue.name)
            published.append({"paper": paper.id, "venue": paper.venue.id})
    return [{"id": key, "name": name} for key, name in venues.items()], published


def former_people_and_venues(store: GraphStore, paper_ids: Sequence[str]) -> list[Row]:
    """The authors and venues the given papers are linked to now (orphan candidates)."""
    return store.read(queries.AUTHORS_AND_VENUES_OF, ids=list(paper_ids))


def orphan_statements(former: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Delete those of ``former`` authors and venues that no paper links to any more."""
    authors = [{"id": row["id"]} for row in former if row["kind"] == "author"]
    venues = [{"id": row["id"]} for row in former if row["kind"] == "venue"]
    return [(queries.DELETE_ORPHAN_AUTHORS, authors), (queries.DELETE_ORPHAN_VENUES, venues)]


def authorship_statements(
    papers: Sequence[Paper], index: AuthorIndex, former: Sequence[Row]
) -> list[tuple[str, list[Row]]]:
    """The statements that replace ``papers``' authors and venue, for one transaction.

    Run after the papers' own MERGE; ``former`` (see ``former_people_and_venues``) left
    without papers are deleted last, in the same transaction.
    """
    ids = [{"id": paper.id} for paper in papers]
    author_nodes, authored = authorship_rows(papers, index)
    venue_nodes, published = venue_rows(papers)
    return [
        (queries.DROP_AUTHORSHIP, ids),
        (queries.MERGE_AUTHORS, author_nodes),
        (queries.WRITE_AUTHORED, authored),
        (queries.MERGE_VENUES, venue_nodes),
        (queries.WRITE_PUBLISHED_IN, published),
        *orphan_statements(former),
    ]
