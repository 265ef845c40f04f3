"""Turn extractor output into Neo4j rows, and keep entity aggregates in step with mentions.

``(:Paper)-[:MENTIONS]->(:Entity)`` carries the evidence for a mention (``MentionRow``), one
entry per occurrence: ``spans`` (start and end character offsets into the abstract, or
into the title for an occurrence in the title), ``sentences`` (0-based sentence index of each
occurrence; ``TITLE_SENTENCE`` (-1) for the title) and ``texts`` (surface form of each
occurrence), plus ``count`` and ``evidence`` (the distinct sentences, as text, in order; the
title first when the entity is in it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator

from extract.records import ENTITY_TYPES, TITLE_SENTENCE, EntityType, Mention, PaperMentions
from graph import queries
from graph.linking import entity_aliases
from graph.store import GraphStore, Row, group_rows


@dataclass(frozen=True)
class Redirect:
    """An entity id folded into another by ``entities merge``."""

    target: str
    name: str
    type: EntityType


Offsets = tuple[int, int]  # start, end (exclusive) of one occurrence in the abstract or title


def span_pairs(stored: Sequence[Any]) -> list[Offsets]:
    """Occurrence offsets as stored on a MENTIONS edge: Neo4j has no nested lists, so the pairs
    lie flat (``[start, end, start, end, ...]``); graphs written before that hold
    ``"start-end"`` strings, which read the same."""
    if all(isinstance(value, str) for value in stored):
        return [(int(a), int(b)) for a, b in (str(v).split("-", 1) for v in stored)]
    if all(isinstance(value, Sequence) for value in stored):
        return [(int(pair[0]), int(pair[1])) for pair in stored]
    flat = [int(value) for value in stored]
    return list(zip(flat[0::2], flat[1::2], strict=True))


class MentionRow(BaseModel):
    """One MENTIONS relationship: every occurrence of an entity in a paper, in text order.
    ``model_dump()`` is the row written (spans flattened for Neo4j)."""

    model_config = ConfigDict(frozen=True)

    paper: str
    entity: str
    count: int
    spans: list[Offsets]
    sentences: list[int]
    texts: list[str]
    evidence: list[str]

    @field_validator("spans", mode="before")
    @classmethod
    def _read_spans(cls, value: Sequence[Any]) -> list[Offsets]:
        return span_pairs(value)

    @field_serializer("spans")
    def _flat_spans(self, spans: list[Offsets]) -> list[int]:
        return [offset for pair in spans for offset in pair]


@dataclass
class MentionRows:
    """Rows for one extraction transaction."""

    entities: dict[EntityType, list[Row]] = field(default_factory=lambda: defaultdict(list))
    mentions: list[Row] = field(default_factory=list)


def load_redirects(store: GraphStore) -> dict[str, Redirect]:
    """Merged-away entity id -> the entity it now lives in."""
    rows = store.read(queries.ENTITY_REDIRECTS)
    return {row["old"]: Redirect(row["new"], row["name"], row["type"]) for row in rows}


def mention_rows(
    found: Iterable[PaperMentions],
    abstracts: Mapping[str, str],
    redirects: Mapping[str, Redirect],
    titles: Mapping[str, str] | None = None,
) -> MentionRows:
    """Group each paper's mentions by (redirected) entity, with their evidence: the sentence
    of an abstract mention, the title (``titles``) for a title mention (sentence -1)."""
    out = MentionRows()
    seen_entities: set[str] = set()
    for paper in found:
        abstract = abstracts.get(paper.id, "")
        title = (titles or {}).get(paper.id, "")
        grouped: dict[str, list] = defaultdict(list)
        for mention in sorted(paper.mentions, key=_text_order):
            redirect = redirects.get(mention.entity_id)
            entity = redirect.target if redirect else mention.entity_id
            grouped[entity].append(mention)
            if entity not in seen_entities:
                seen_entities.add(entity)
                name = redirect.name if redirect else mention.canonical
                kind = redirect.type if redirect else mention.type
                out.entities[kind].append({"id": entity, "name": name, "type": kind})
        for entity, mentions in sorted(grouped.items()):
            sentence_ids = [m.sentence for m in mentions]
            evidence = []
            for index in dict.fromkeys(sentence_ids):
                if index == TITLE_SENTENCE:
                    evidence.append(title)
                elif 0 <= index < len(paper.sentences):
                    start, end = paper.sentences[index]
                    evidence.append(abstract[start:end])
            row = MentionRow(
                paper=paper.id,
                entity=entity,
                count=len(mentions),
                spans=[(m.start, m.end) for m in mentions],
                sentences=sentence_ids,
                texts=[m.text for m in mentions],
                evidence=evidence,
            )
            out.mentions.append(row.model_dump())
    return out


def _text_order(mention: Mention) -> tuple[bool, int, int, str]:
    """The title first, then the abstract, each by offset."""
    return mention.field != "title", mention.start, mention.end, mention.entity_id


def extraction_transaction(rows: MentionRows, done: list[Row]) -> list[tuple[str, list[Row]]]:
    """Statements that replace the mentions of the ``done`` papers ({id, hash}) atomically."""
    steps: list[tuple[str, list[Row]]] = [(queries.DROP_MENTIONS, done)]
    for kind in ENTITY_TYPES:
        steps.append((queries.merge_entities(kind), rows.entities.get(kind, [])))
    steps.append((queries.WRITE_MENTIONS, group_rows(rows.mentions, "paper")))
    steps.append((queries.MARK_EXTRACTED, done))
    return steps


def refresh_entities(store: GraphStore, entity_ids: list[str]) -> int:
    """Recompute paper_count and aliases of the given entities from their mentions.

    Entities left without mentions are deleted. Returns how many were deleted.
    """
    updates: list[Row] = []
    unused: list[Row] = []
    for start in range(0, len(entity_ids), store.batch_size):
        chunk = entity_ids[start : start + store.batch_size]
        for row in store.read(queries.ENTITY_TEXTS, ids=chunk):
            if row["papers"] == 0:
                unused.append({"id": row["id"]})
                continue
            forms = [text for texts in row["texts"] for text in texts] + list(row["merged"])
            aliases = entity_aliases(row["name"], forms)
            updates.append({"id": row["id"], "paper_count": row["papers"], "aliases": aliases})
    store.write_batches(queries.SET_ENTITY_AGGREGATES, updates)
    store.write_batches(queries.DELETE_UNUSED_ENTITIES, unused)
    return len(unused)
