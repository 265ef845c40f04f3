"""Which node a paper or a reference is: resolution by DOI, arXiv id, source ids, then title.

Every paper node is known by its id and its ``external_ids`` (strong keys) and by the title
id of its title (a weak key). A record read again, from this source or another, is the node
that shares a strong key with it, else the one node with its title whose DOI and arXiv id do
not contradict it. A reference resolves the same way; one that finds no node becomes a stub:
a Paper known only as a reference target, with what the reference says about it.

When a record matches nodes with other ids, the most preferred id wins (``id_rank``: arXiv,
CiteSeer, DOI, other sources, title) and the node is renamed; further stubs it matches are
folded into it (their citations move over). This makes an incremental ingest end where a
rebuild from all records would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.ids import ARXIV_PREFIX, DOI_PREFIX, TITLE_PREFIX, id_rank, normalize_title, title_id
from extract.records import Paper, Reference
from graph.store import Row

# keys that name one work: two nodes with different values of one of these are different works
_EXCLUSIVE = (DOI_PREFIX, ARXIV_PREFIX)


@dataclass
class Node:
    """What the index knows of one Paper node."""

    id: str
    external: list[str]  # prefixed ids it is known by
    title_key: str | None
    stub: bool

    @property
    def keys(self) -> list[str]:
        return [self.id, *self.external]


@dataclass(frozen=True)
class Identity:
    """Where an incoming record goes: its final id, the node renamed to it, stubs folded in."""

    id: str
    rename_from: str | None = None
    folded: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()


def _title_key(title: str | None, keys: Sequence[str] = ()) -> str | None:
    """The title id of ``title`` (None for a blank one, which names no work), else a title id
    among ``keys``."""
    if title and normalize_title(title):
        return title_id(title)
    return next((key for key in keys if key.startswith(TITLE_PREFIX)), None)


@dataclass
class CitationIndex:
    """Strong and title keys of every Paper node, updated as records and stubs are added."""

    nodes: dict[str, Node] = field(default_factory=dict)
    strong: dict[str, str] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> CitationIndex:
        """The index of graph rows with ``id, external_ids, title, stub``."""
        index = cls()
        for row in rows:
            title = _title_key(row.get("title"), [row["id"]])
            index.add(row["id"], row.get("external_ids") or [], title, bool(row.get("stub")))
        return index

    def add(self, node_id: str, external: Sequence[str], title_key: str | None, stub: bool) -> None:
        """Learn a node (or update one: more external ids, its title, whether a stub)."""
        node = self.nodes.setdefault(node_id, Node(node_id, [], None, stub))
        node.stub = stub
        node.external.extend(key for key in external if key not in node.keys)
        for key in node.keys:
            self.strong.setdefault(key, node_id)
        if title_key and title_key != node.title_key:
            self._drop_title(node)
            node.title_key = title_key
            self.titles.setdefault(title_key, []).append(node_id)

    def _drop_title(self, node: Node) -> None:
        if node.title_key and node.id in self.titles.get(node.title_key, []):
            self.titles[node.title_key].remove(node.id)

    def remove(self, node_id: str) -> None:
        """Forget a node (deleted, renamed or folded)."""
        node = self.nodes.pop(node_id, None)
        if node is None:
            return
        for key in node.keys:
            if self.strong.get(key) == node_id:
                del self.strong[key]
        self._drop_title(node)

    def match(self, keys: Sequence[str], title_key: str | None) -> list[str]:
        """Nodes sharing a strong key (in key order), else the one title match that fits."""
        found = list(dict.fromkeys(self.strong[key] for key in keys if key in self.strong))
        if found or not title_key:
            return found
        fits = [
            node
            for node in self.titles.get(title_key, [])
            if not _contradict(keys, self.nodes[node].keys)
        ]
        return fits if len(fits) == 1 else []

    def identify(self, paper: Paper) -> Identity:
        """Where ``paper`` goes, and the index updated to know it there."""
        matches = self.match([paper.id, *paper.external_ids], _title_key(paper.title))
        final = min([paper.id, *matches], key=lambda i: (id_rank(i), i not in matches))
        full = [m for m in matches if not self.nodes[m].stub]
        keep: str | None = final if final in matches else next(iter(full or matches), None)
        folded = tuple(m for m in matches if m not in (keep, final) and self.nodes[m].stub)
        known: list[str] = []
        for node in (self.nodes[m] for m in matches if m in (keep, *folded)):
            known += node.external
            if node.stub and _is_source_id(node.id):
                known.append(node.id)  # a stub's own id is a source id of the paper
        external = tuple(dict.fromkeys([*paper.external_ids, *known]))
        for old in (keep, *folded):
            if old is not None:
                self.remove(old)
        self.add(final, external, _title_key(paper.title), stub=False)
        renamed = keep if keep is not None and keep != final else None
        return Identity(final, renamed, folded, external)


def _is_source_id(key: str) -> bool:
    """A prefixed id from a source (``doi:…``, ``openalex:W…``), not a title id or a local id."""
    return ":" in key and not key.startswith(TITLE_PREFIX)


def _contradict(keys: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two key sets name different works (different DOIs or different arXiv ids)."""
    for prefix in _EXCLUSIVE:
        mine = {k for k in keys if k.startswith(prefix)}
        theirs = {k for k in other if k.startswith(prefix)}
        if mine and theirs and not mine & theirs:
            return True
    return False


@dataclass(frozen=True)
class Stub:
    """A reference target outside the corpus: what the reference says about it."""

    id: str
    external_ids: tuple[str, ...]
    title: str | None
    year: int | None
    authors: tuple[str, ...]

    def row(self) -> Row:
        """The node properties of the stub."""
        doi = next(
            (k[len(DOI_PREFIX) :] for k in self.external_ids if k.startswith(DOI_PREFIX)), None
        )
        return {
            "id": self.id,
            "external_ids": list(self.external_ids),
            "title": self.title,
            "year": self.year,
            "doi": doi,
            "authors": list(self.authors),
        }


def reference_targets(
    index: CitationIndex, citing: str, keys: Sequence[str], details: Sequence[Reference]
) -> tuple[list[str], list[Stub]]:
    """The node ids ``citing``'s references resolve to, and the stubs made for the rest."""
    described = {ref.ids[0]: ref for ref in details if ref.ids}
    targets: list[str] = []
    stubs: list[Stub] = []
    for key in keys:
        if key == citing:
            continue
        detail = described.get(key) or Reference(ids=(key,))
        ids = list(dict.fromkeys([key, *detail.ids]))
        title_key = _title_key(detail.title, ids)
        found = index.match(ids, title_key)
        if found:
            target = found[0]
        else:
            target = min(ids, key=id_rank)
            external = tuple(k for k in ids if _is_source_id(k))
            stubs.append(Stub(target, external, detail.title, detail.year, detail.authors))
            index.add(target, external, title_key, stub=True)
        if target != citing and target not in targets:
            targets.append(target)
    return targets, stubs
