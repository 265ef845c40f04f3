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
    """Collects papers in first-seen order, merging duplicates and counting merges."""

    def __init__(self) -> None:
        self._papers: list[Paper] = []
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self._aliases: dict[str, str] = {}  # other ids a paper was known by -> its id
        self.read = 0
        self.merged = 0

    def add(self, paper: Paper) -> None:
        """Add one usable record, merging it into an earlier paper when it is one."""
        self.read += 1
        key = normalize_title(paper.title)
        slot = next(
            (self._by_id[k] for k in (paper.id, *paper.external_ids) if k in self._by_id), None
        )
        if slot is None:
            same_title = self._by_title.get(key)
            if same_title is not None and (
                is_title_id(paper.id) or is_title_id(self._papers[same_title].id)
            ):
                slot = same_title
        source_id = paper.extra.get("source_id")
        if slot is None:
            slot = len(self._papers)
            self._papers.append(paper)
            self._by_title.setdefault(key, slot)
        else:
            self.merged += 1
            before = self._papers[slot]
            self._papers[slot] = merge_papers(before, paper)
            if self._papers[slot].id != before.id:
                self._aliases[before.id] = self._papers[slot].id
            if paper.id != self._papers[slot].id:
                self._aliases[paper.id] = self._papers[slot].id
        # external ids find the paper for merging; references to them stay as they are (the
        # graph resolves them, so that a rebuild without a paper leaves the same references)
        final = self._papers[slot]
        for known in (final.id, *final.external_ids):
            self._by_id[known] = slot
        if isinstance(source_id, str):
            self._aliases.setdefault(source_id, self._papers[slot].id)

    def papers(self) -> tuple[Paper, ...]:
        """All papers, first-seen order, references mapped to the ids papers ended up with."""
        return tuple(self._resolve(paper) for paper in self._papers)

    def _resolve(self, paper: Paper) -> Paper:
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


def merge_papers(first: Paper, later: Paper) -> Paper:
    """``first`` with missing fields filled from ``later`` and references united."""
    strong = first.id if id_rank(first.id) <= id_rank(later.id) else later.id
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
