"""Fold records of one paper into one Paper, and resolve references after merging.

Two records are the same paper when they share an id, or share a normalised title and at
least one of them only has a title id. The merged paper keeps the first record's fields and
takes missing ones (authors, date, url, extra keys) from later records; references are
united. Its id is the strong id (arXiv, CiteSeer) when any record had one, else the title id.
"""

from __future__ import annotations

from extract.ids import arxiv_id, is_title_id, normalize_title
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
        slot = self._by_id.get(paper.id)
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
        self._by_id[self._papers[slot].id] = slot
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
    strong = first.id if not is_title_id(first.id) or is_title_id(later.id) else later.id
    return first.model_copy(
        update={
            "id": strong,
            "authors": first.authors or later.authors,
            "published": first.published or later.published,
            "url": first.url or later.url,
            "references": tuple(dict.fromkeys(first.references + later.references)),
            "extra": {**later.extra, **first.extra},
        }
    )
