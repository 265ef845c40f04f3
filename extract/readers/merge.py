"""Fold records of one paper into one Paper, and resolve references after merging.

Two records are the same paper when they share an id or an external id (DOI, arXiv, a
source's id), or share a normalised title and at least one of them only has a title id. The
merged paper keeps the first record's fields and takes missing ones (authors, date, venue,
url, extra keys) from later records; references and external ids are united. Its id is the
most preferred of the records' ids (``extract.ids.id_rank``: arXiv, CiteSeer, DOI, title).
"""

from __future__ import annotations

from extract.ids import arxiv_id, id_rank, is_title_id, normalize_title
from extract.records import Paper


class PaperMerger:
    """Collects papers in first-seen order, merging duplicates and counting merges.

    ``keep=False`` keeps only what decides merges (each paper's id and external ids, the
    titles): ``add`` then says which paper a record belongs to, for a reader that reads the
    records again and merges them itself (``extract.readers.stream``), and ``papers`` is
    empty.
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._papers: list[Paper] = []
        self._ids: list[str] = []  # each paper's id as merged so far
        self._external: list[tuple[str, ...]] = []  # and its external ids
        self.records: list[int] = []  # records merged into each paper
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self._aliases: dict[str, str] = {}  # other ids a paper was known by -> its id
        self.read = 0
        self.merged = 0

    def __len__(self) -> int:
        """Papers so far (after merging)."""
        return len(self._ids)

    def add(self, paper: Paper) -> int:
        """Add one usable record, merging it into an earlier paper when it is one; return the
        paper's number (first-seen order)."""
        self.read += 1
        key = normalize_title(paper.title)
        slot = next(
            (self._by_id[k] for k in (paper.id, *paper.external_ids) if k in self._by_id), None
        )
        if slot is None:
            same_title = self._by_title.get(key)
            if same_title is not None and (
                is_title_id(paper.id) or is_title_id(self._ids[same_title])
            ):
                slot = same_title
        source_id = paper.extra.get("source_id")
        if slot is None:
            slot = len(self._ids)
            self._ids.append(paper.id)
            self._external.append(paper.external_ids)
            self.records.append(1)
            if self.keep:
                self._papers.append(paper)
            self._by_title.setdefault(key, slot)
        else:
            self.merged += 1
            before = self._ids[slot]
            self._ids[slot] = stronger_id(before, paper.id)
            self._external[slot] = tuple(dict.fromkeys(self._external[slot] + paper.external_ids))
            self.records[slot] += 1
            if self.keep:
                self._papers[slot] = merge_papers(self._papers[slot], paper)
            if self._ids[slot] != before:
                self._aliases[before] = self._ids[slot]
            if paper.id != self._ids[slot]:
                self._aliases[paper.id] = self._ids[slot]
        # external ids find the paper for merging; references to them stay as they are (the
        # graph resolves them, so that a rebuild without a paper leaves the same references)
        for known in (self._ids[slot], *self._external[slot]):
            self._by_id[known] = slot
        if isinstance(source_id, str):
            self._aliases.setdefault(source_id, self._ids[slot])
        return slot

    def papers(self) -> tuple[Paper, ...]:
        """All papers, first-seen order, references mapped to the ids papers ended up with."""
        return tuple(self.resolve(paper) for paper in self._papers)

    def resolve(self, paper: Paper) -> Paper:
        """A merged paper with its references mapped to the ids papers ended up with."""
        refs = [self._final_id(ref) for ref in paper.references]
        refs = list(dict.fromkeys(ref for ref in refs if ref != paper.id))
        if tuple(refs) == paper.references:
            return paper
        return paper.model_copy(update={"references": tuple(refs)})

    def _final_id(self, ref: str) -> str:
        seen = {ref}
        while ref in self._aliases and self._aliases[ref] not in seen:
            ref = self._aliases[ref]
            seen.add(ref)
        return ref if ref in self._by_id else arxiv_id(ref) or ref


def stronger_id(first: str, later: str) -> str:
    """The id a paper known by both keeps: the more preferred, the first on a tie."""
    return first if id_rank(first) <= id_rank(later) else later


def merge_papers(first: Paper, later: Paper) -> Paper:
    """``first`` with missing fields filled from ``later`` and references united."""
    strong = stronger_id(first.id, later.id)
    cited = {ref.ids[0]: ref for ref in later.cited} | {ref.ids[0]: ref for ref in first.cited}
    authors_from = first if first.authors else later
    dated_from = first if first.published else later
    return first.model_copy(
        update={
            "id": strong,
            "authors": authors_from.authors,
            "authorships": authors_from.authorships,
            "published": dated_from.published,
            "year": dated_from.year,
            "date": dated_from.date,
            "doi": first.doi or later.doi,
            "venue": first.venue or later.venue,
            "external_ids": tuple(dict.fromkeys(first.external_ids + later.external_ids)),
            "url": first.url or later.url,
            "references": tuple(dict.fromkeys(first.references + later.references)),
            "cited": tuple(cited.values()),
            "extra": {**later.extra, **first.extra},
        }
    )
