"""Fold one entity into another: ``citegraph entities merge SOURCE TARGET`` or an aliases file.

The source's mentions move to the target (occurrences of a paper that mentions both are
combined, as if the extractor had produced the target for both), the source's id and name
are remembered on the target (``merged_ids``, ``merged_aliases``) so later extractions map
to the target too, and the links of the papers involved are recomputed. The fold commits
in one transaction; the link update resumes from dirty marks if interrupted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel

from graph import queries
from graph.linker import Linker, LinkOptions, LinkResult
from graph.mentions import TITLE_SENTENCE, MentionRow, span_pairs
from graph.store import GraphStore, Row, group_rows


class MergeError(ValueError):
    """An entity to merge was not found, or the merge makes no sense."""


class MergeResult(BaseModel):
    source: str
    target: str
    papers: int  # papers whose mentions moved
    shared_relinked: int


def find_entity(store: GraphStore, key: str) -> Row:
    """The entity with id ``key``, else the one named ``key`` (case-insensitive)."""
    rows = store.read(queries.FIND_ENTITY, key=key)
    if not rows:
        raise MergeError(f"no entity with id or name {key!r}")
    if rows[0]["id"] != key and len(rows) > 1:
        ids = ", ".join(row["id"] for row in rows)
        raise MergeError(f"name {key!r} is ambiguous ({ids}); give the entity id")
    return rows[0]


def combined_mention(paper: str, target: str, props: list[dict]) -> Row:
    """One MENTIONS row holding every occurrence of several relationships, in text order."""
    occurrences = []
    sentence_text: dict[int, str] = {}
    for prop in props:
        for (start, end), sentence, text in zip(
            span_pairs(prop["spans"]), prop["sentences"], prop["texts"], strict=True
        ):
            occurrences.append((start, end, sentence, text))
        for sentence, text in zip(
            dict.fromkeys(prop["sentences"]), prop.get("evidence", []), strict=False
        ):
            sentence_text[sentence] = text
    occurrences.sort(key=lambda o: (o[2] != TITLE_SENTENCE, o[0], o[1]))  # title first
    sentences = [o[2] for o in occurrences]
    return MentionRow(
        paper=paper,
        entity=target,
        count=len(occurrences),
        spans=[(o[0], o[1]) for o in occurrences],
        sentences=sentences,
        texts=[o[3] for o in occurrences],
        evidence=[sentence_text[s] for s in dict.fromkeys(sentences) if s in sentence_text],
    ).model_dump()


def merge_entities(
    store: GraphStore, source_key: str, target_key: str, options: LinkOptions
) -> MergeResult:
    """Fold entity ``source_key`` into ``target_key`` (ids or names) and update the links."""
    source, target = find_entity(store, source_key), find_entity(store, target_key)
    if source["id"] == target["id"]:
        raise MergeError(f"{source_key!r} and {target_key!r} are the same entity ({source['id']})")
    by_paper: dict[str, list[dict]] = defaultdict(list)
    for row in store.read(queries.MENTIONS_OF_ENTITIES, ids=[source["id"], target["id"]]):
        by_paper[row["paper"]].append(row["props"])
    moved = sorted(p for p in by_paper)
    mentions = [combined_mention(paper, target["id"], by_paper[paper]) for paper in moved]
    fold = {
        "source": source["id"],
        "target": target["id"],
        "merged_ids": sorted({*target["merged_ids"], source["id"], *source["merged_ids"]}),
        "merged_aliases": sorted(
            {*target["merged_aliases"], source["name"], *source["merged_aliases"]}
        ),
    }
    store.write_transactions(
        [
            [
                (queries.DROP_ENTITY_MENTIONS, [{"id": source["id"]}, {"id": target["id"]}]),
                (queries.WRITE_MENTIONS, group_rows(mentions, "paper")),
                (queries.FOLD_ENTITY, [fold]),
                (queries.MARK_SHARED_DIRTY, [{"id": p} for p in moved]),
            ]
        ]
    )
    links: LinkResult = Linker(store, options).run()
    return MergeResult(
        source=source["id"],
        target=target["id"],
        papers=len(moved),
        shared_relinked=links.shared_papers,
    )


def read_aliases_file(path: Path) -> list[tuple[str, str]]:
    """(source, target) pairs from ``SOURCE -> TARGET`` or ``SOURCE<TAB>TARGET`` lines."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        parts = text.split("->") if "->" in text else text.split("\t")
        if len(parts) != 2 or not all(part.strip() for part in parts):
            raise MergeError(f"{path}:{number}: expected 'SOURCE -> TARGET', got {line!r}")
        pairs.append((parts[0].strip(), parts[1].strip()))
    return pairs
